//! Nanoseconds per element of each vectorised `f32` kernel (`vmath::f32_kernel`) and `f64`
//! kernel (`vmath::f64_kernel_any`) against the scalar CORE-MATH loop it replaces, one thread, on 2^16 arguments spread over the
//! function's usual range, best of 9 passes. The path follows `TENSOR_CPU_ISA`:
//!
//! ```sh
//! cargo build --release -p backend-cpu --example vmath_timing
//! for isa in baseline x86-64-v3 native; do
//!   TENSOR_CPU_ISA=$isa target/release/examples/vmath_timing; done
//! ```

use backend_cpu::cmath::f64 as m64;
use backend_cpu::ops::vmath;
use std::hint::black_box;
use std::time::Instant;
use tensor_core::UnaryOp;

const N: usize = 1 << 16;

fn best_ns(mut f: impl FnMut()) -> f64 {
    (0..9)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e9 / N as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// A scalar function and the ends of its usual argument range.
type Scalar = (fn(f64) -> f64, f64, f64);

/// The scalar CORE-MATH function of `op` and its usual argument range.
fn scalar(op: UnaryOp) -> Option<Scalar> {
    use UnaryOp::*;
    Some(match op {
        Exp => (m64::exp, -5.0, 5.0),
        Exp2 => (m64::exp2, -5.0, 5.0),
        Expm1 => (m64::expm1, -5.0, 5.0),
        Log => (m64::log, 0.01, 10.0),
        Log2 => (m64::log2, 0.01, 10.0),
        Log10 => (m64::log10, 0.01, 10.0),
        Log1p => (m64::log1p, -0.5, 10.0),
        Sin => (m64::sin, -5.0, 5.0),
        Cos => (m64::cos, -5.0, 5.0),
        Tan => (m64::tan, -5.0, 5.0),
        Asin => (m64::asin, -0.99, 0.99),
        Acos => (m64::acos, -0.99, 0.99),
        Atan => (m64::atan, -5.0, 5.0),
        Sinh => (m64::sinh, -5.0, 5.0),
        Cosh => (m64::cosh, -5.0, 5.0),
        Tanh => (m64::tanh, -5.0, 5.0),
        Asinh => (m64::asinh, -5.0, 5.0),
        Acosh => (m64::acosh, 1.0, 10.0),
        Atanh => (m64::atanh, -0.99, 0.99),
        Erf => (m64::erf, -5.0, 5.0),
        Rsqrt => (m64::rsqrt, 0.01, 100.0),
        Sigmoid => (backend_cpu::ops::sigmoid_f64, -5.0, 5.0),
        _ => return None,
    })
}

fn main() {
    println!(
        "f32, {} elements, one thread, path {:?}: ns per element",
        N,
        vmath::Path::current()
    );
    println!(
        "{:<8} {:>8} {:>8} {:>7}",
        "op", "kernel", "scalar", "speedup"
    );
    for &op in UnaryOp::ALL {
        let (Some(kernel), Some((f, lo, hi))) = (vmath::f32_kernel(op), scalar(op)) else {
            continue;
        };
        let xs: Vec<f32> = (0..N)
            .map(|i| (lo + (hi - lo) * ((i * 7919) % N) as f64 / N as f64) as f32)
            .collect();
        let mut out = vec![0.0f32; N];
        let k = best_ns(|| kernel(black_box(&xs), black_box(&mut out)));
        let s = best_ns(|| {
            for (o, &x) in out.iter_mut().zip(&xs) {
                *o = f(black_box(x as f64)) as f32;
            }
            black_box(&out);
        });
        println!("{:<8} {k:>8.2} {s:>8.2} {:>6.1}x", op.name(), s / k);
    }
    println!(
        "f64, {} elements, one thread, path {:?}: ns per element",
        N,
        vmath::Path::current()
    );
    println!(
        "{:<8} {:>8} {:>8} {:>7}",
        "op", "kernel", "scalar", "speedup"
    );
    for &op in UnaryOp::ALL {
        let (Some(kernel), Some((f, lo, hi))) = (vmath::f64_kernel_any(op), scalar(op)) else {
            continue;
        };
        let xs: Vec<f64> = (0..N)
            .map(|i| lo + (hi - lo) * ((i * 7919) % N) as f64 / N as f64)
            .collect();
        let mut out = vec![0.0f64; N];
        let k = best_ns(|| kernel(black_box(&xs), black_box(&mut out)));
        let s = best_ns(|| {
            for (o, &x) in out.iter_mut().zip(&xs) {
                *o = f(black_box(x));
            }
            black_box(&out);
        });
        println!("{:<8} {k:>8.2} {s:>8.2} {:>6.1}x", op.name(), s / k);
    }
}
