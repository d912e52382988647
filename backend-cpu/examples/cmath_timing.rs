//! Nanoseconds per call of each CORE-MATH function the CPU backend uses, one thread, on
//! 2^16 arguments spread over the function's usual range, best of 7 passes. The build in use
//! follows `TENSOR_CPU_ISA`, so the two builds compare as (docs/reliability.md):
//!
//! ```sh
//! cargo build --release --example cmath_timing
//! for i in 1 2 3; do for isa in baseline native; do
//!   TENSOR_CPU_ISA=$isa target/release/examples/cmath_timing; done; done
//! ```

use backend_cpu::cmath::{f32 as m32, f64 as m64};
use std::hint::black_box;
use std::time::Instant;

const N: usize = 1 << 16;

fn best_ns(mut f: impl FnMut() -> f64) -> f64 {
    (0..7)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1e9 / N as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    // Arguments in (0.001, 4): inside the domain of every function listed.
    let xs: Vec<f64> = (0..N)
        .map(|i| 0.001 + 3.998 * i as f64 / N as f64)
        .collect();
    let ys: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
    let u32s: Vec<f32> = ys.iter().map(|&y| y / 4.0).collect(); // (0, 1) for asin/acos/atanh
    let u64s: Vec<f64> = xs.iter().map(|&x| x / 4.0).collect();
    type F32 = fn(f32) -> f32;
    type F64 = fn(f64) -> f64;
    let f32s: [(&str, F32, &[f32]); 12] = [
        ("expf", m32::expf, &ys),
        ("expm1f", m32::expm1f, &ys),
        ("logf", m32::logf, &ys),
        ("log1pf", m32::log1pf, &ys),
        ("sinf", m32::sinf, &ys),
        ("cosf", m32::cosf, &ys),
        ("tanf", m32::tanf, &ys),
        ("asinf", m32::asinf, &u32s),
        ("atanf", m32::atanf, &ys),
        ("tanhf", m32::tanhf, &ys),
        ("atanhf", m32::atanhf, &u32s),
        ("erff", m32::erff, &ys),
    ];
    let f64s: [(&str, F64, &[f64]); 10] = [
        ("exp", m64::exp, &xs),
        ("log", m64::log, &xs),
        ("log1p", m64::log1p, &xs),
        ("sin", m64::sin, &xs),
        ("cos", m64::cos, &xs),
        ("tan", m64::tan, &xs),
        ("asin", m64::asin, &u64s),
        ("atan", m64::atan, &xs),
        ("tanh", m64::tanh, &xs),
        ("erf", m64::erf, &xs),
    ];
    let mut line = format!("{:<44}", backend_cpu::cmath::describe());
    for (name, f, a) in f32s {
        let ns = best_ns(|| a.iter().map(|&x| f(black_box(x)) as f64).sum());
        line += &format!(" {name}={ns:.1}");
    }
    for (name, f, a) in f64s {
        let ns = best_ns(|| a.iter().map(|&x| f(black_box(x))).sum());
        line += &format!(" {name}={ns:.1}");
    }
    let pw = best_ns(|| ys.iter().map(|&x| m32::powf(x, 1.7) as f64).sum());
    let pd = best_ns(|| xs.iter().map(|&x| m64::pow(x, 1.7)).sum());
    println!("{line} powf={pw:.1} pow={pd:.1}");
}
