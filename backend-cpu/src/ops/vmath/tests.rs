//! Tests of the kernels: the rounding test on constructed values, every function on every
//! path this CPU has against CORE-MATH on samples, and the `#[ignore]`d exhaustive checks.

use super::*;
use atan::*;
use erf::*;
use exp::*;
use log::*;
use pow::*;
use root::*;
use trig::*;

/// Whether two `f32` results are the same (bit for bit; any NaN matches any NaN).
fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[test]
fn the_rounding_test_refuses_what_is_near_a_midpoint() {
    let tol = tolerance(37);
    assert_eq!(tol, (1 << 16) + 1);
    // The midpoint between 1.5 and its f32 successor, and values around it.
    let mid = 1.5f64 + f64::from(f32::EPSILON) / 2.0;
    assert_eq!(mid.to_bits() & 0x1fff_ffff, 1 << 28);
    let at = |d: i64| f64::from_bits((mid.to_bits() as i64 + d) as u64);
    assert!(!rounds_correctly(mid, tol));
    for d in [-(tol as i64), -1, 1, tol as i64] {
        assert!(!rounds_correctly(at(d), tol), "{d}");
    }
    for d in [-(tol as i64) - 1, tol as i64 + 1, 1 << 27, -(1 << 27)] {
        assert!(rounds_correctly(at(d), tol), "{d}");
    }
    // Representable f32s, either sign, the ends of the normal range.
    for v in [
        1.0f64,
        -1.0,
        1.5,
        3.0,
        -0.75,
        1e30,
        f32::MIN_POSITIVE as f64,
    ] {
        assert!(rounds_correctly(v, tol), "{v}");
    }
    assert!(rounds_correctly(f32::MAX as f64, tol));
    // Zero, subnormal f32 results, overflow beyond the f32 binades, non-finite.
    for v in [
        0.0f64,
        -0.0,
        1e-40,
        f32::MIN_POSITIVE as f64 / 2.0,
        2f64.powi(128),
        1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ] {
        assert!(!rounds_correctly(v, tol), "{v}");
    }
}

/// Pseudo-random `f32` bit patterns (SplitMix64).
fn random_bits(n: usize, seed: u64) -> impl Iterator<Item = u32> {
    let mut s = seed;
    (0..n).map(move |_| {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as u32
    })
}

/// The sample: special values and the edges of every range (with their neighbours and
/// negatives), dense sweeps over the ranges where the functions are used, points near
/// multiples of `pi/2` and `ln 2`, and random bit patterns and moderate values.
fn sample() -> Vec<f32> {
    let mut v: Vec<f32> = Vec::new();
    for edge in [
        0.0f32,
        1.0,
        0.5,
        2.0,
        10.0,
        64.0,
        87.0,
        88.0,
        88.72283,
        88.72284,
        89.0,
        89.5,
        104.0,
        126.0,
        127.99999,
        128.0,
        150.0,
        9.01,
        1e-45,
        1e-38,
        1.862_645_1e-9,
        9.536_743e-7,
        65536.0,
        1e30,
        f32::MIN_POSITIVE,
        f32::MAX,
        f32::INFINITY,
        f32::NAN,
    ] {
        let mut e = edge;
        for _ in 0..3 {
            v.extend([e, -e]);
            e = f32::from_bits(e.to_bits().wrapping_add(1));
        }
        let mut e = edge;
        for _ in 0..3 {
            e = f32::from_bits(e.to_bits().wrapping_sub(1));
            v.extend([e, -e]);
        }
    }
    v.push(-1.0);
    v.push(f32::from_bits(0xbf7f_ffff));
    v.push(f32::from_bits(0xbf80_0001));
    v.extend((0..40000).map(|i| -100.0 + i as f32 * 0.005));
    v.extend((0..40000).map(|i| i as f32 * 1e-4));
    v.extend((1..40000).map(|i| 1.0 + (i as f32 - 20000.0) * 1e-6));
    for k in 1..3000 {
        for c in [
            (k as f64 * std::f64::consts::FRAC_PI_2) as f32,
            (k as f64 * std::f64::consts::LN_2 / 8.0) as f32,
        ] {
            let mut e = c;
            for _ in 0..6 {
                v.extend([e, -e]);
                e = f32::from_bits(e.to_bits() + 1);
            }
        }
    }
    v.extend(random_bits(1 << 21, 0x9e37_79b9_7f4a_7c15).map(f32::from_bits));
    v.extend(
        random_bits(1 << 20, 0x1234_5678).map(|b| (b >> 8) as f32 / 16_777_216.0 * 40.0 - 20.0),
    );
    v
}

/// Checks `F` on every path this CPU has, and through [`run`], against `reference` on
/// `xs`: bit-identical results.
fn check<F: Fun>(xs: &[f32], reference: fn(f32) -> f32) {
    let want: Vec<f32> = xs.iter().map(|&x| reference(x)).collect();
    let mut got = vec![0.0f32; xs.len()];
    let mut paths: Vec<(String, Kernel)> = Path::supported()
        .into_iter()
        .map(|p| {
            let k: Kernel = match p {
                Path::Baseline => |xs, out| run_on::<F>(Path::Baseline, xs, out),
                Path::Avx2 => |xs, out| run_on::<F>(Path::Avx2, xs, out),
                Path::Avx512 => |xs, out| run_on::<F>(Path::Avx512, xs, out),
            };
            (format!("{p:?}"), k)
        })
        .collect();
    paths.push(("dispatched".into(), run::<F>));
    for (name, k) in paths {
        got.fill(0.0);
        k(xs, &mut got);
        let bad: Vec<String> = xs
            .iter()
            .zip(&want)
            .zip(&got)
            .filter(|&((_, &w), &g)| !same(w, g))
            .take(5)
            .map(|((&x, &w), &g)| {
                format!(
                    "{}({x:e} = {:#x}) = {g:e}, want {w:e}",
                    F::NAME,
                    x.to_bits()
                )
            })
            .collect();
        assert!(bad.is_empty(), "{name} path: {bad:?}");
    }
}

/// The scalar `f32` sigmoid of the backend (the reference of [`Sigmoid`]).
fn sigmoid_ref(x: f32) -> f32 {
    crate::ops::sigmoid_f64(x as f64) as f32
}

macro_rules! sample_tests {
    ($($test:ident: $f:ty, $reference:expr;)*) => {$(
        #[test]
        fn $test() {
            check::<$f>(&sample(), $reference);
        }
    )*};
}

sample_tests! {
    exp_is_correctly_rounded_on_samples: Exp, core_math::expf;
    exp2_is_correctly_rounded_on_samples: Exp2, core_math::exp2f;
    expm1_is_correctly_rounded_on_samples: Expm1, core_math::expm1f;
    sigmoid_matches_the_scalar_sigmoid_on_samples: Sigmoid, sigmoid_ref;
    sinh_is_correctly_rounded_on_samples: Sinh, core_math::sinhf;
    cosh_is_correctly_rounded_on_samples: Cosh, core_math::coshf;
    tanh_is_correctly_rounded_on_samples: Tanh, core_math::tanhf;
    log_is_correctly_rounded_on_samples: Log, core_math::logf;
    log2_is_correctly_rounded_on_samples: Log2, core_math::log2f;
    log10_is_correctly_rounded_on_samples: Log10, core_math::log10f;
    log1p_is_correctly_rounded_on_samples: Log1p, core_math::log1pf;
    sin_is_correctly_rounded_on_samples: Sin, core_math::sinf;
    cos_is_correctly_rounded_on_samples: Cos, core_math::cosf;
    tan_is_correctly_rounded_on_samples: Tan, core_math::tanf;
    atan_is_correctly_rounded_on_samples: Atan, core_math::atanf;
    asin_is_correctly_rounded_on_samples: Asin, core_math::asinf;
    acos_is_correctly_rounded_on_samples: Acos, core_math::acosf;
    asinh_is_correctly_rounded_on_samples: Asinh, core_math::asinhf;
    acosh_is_correctly_rounded_on_samples: Acosh, core_math::acoshf;
    atanh_is_correctly_rounded_on_samples: Atanh, core_math::atanhf;
    rsqrt_is_correctly_rounded_on_samples: Rsqrt, core_math::rsqrtf;
    erf_is_correctly_rounded_on_samples: Erf, core_math::erff;
}

#[test]
fn the_kernel_table_covers_the_functions() {
    use tensor_core::UnaryOp::*;
    for op in [
        Exp, Exp2, Expm1, Sigmoid, Sinh, Cosh, Tanh, Log, Log2, Log10, Log1p, Sin, Cos, Tan, Atan,
        Asin, Acos, Asinh, Acosh, Atanh, Rsqrt, Erf,
    ] {
        assert!(f32_kernel(op).is_some(), "{op:?}");
    }
    for op in [Sqrt, Neg, Round] {
        assert!(f32_kernel(op).is_none(), "{op:?}");
    }
    use tensor_core::BinaryOp as B;
    for op in [B::Pow, B::Atan2] {
        assert!(f32_kernel2(op).is_some(), "{op:?}");
    }
    for op in [B::Add, B::Div, B::Fmod] {
        assert!(f32_kernel2(op).is_none(), "{op:?}");
    }
}

/// Runs every `f32` bit pattern through `F` on the path `TENSOR_CPU_ISA` allows, in blocks
/// of `2^16` on all cores, and asserts that every result the kernel rounds itself (input in
/// range, rounding test passed) is bit-identical with `F::exact` (CORE-MATH); the other
/// results *are* `F::exact`'s (the sample tests check that path), so they are counted, not
/// recomputed. Prints the path, that count, and the time.
fn exhaustive<F: Fun>() {
    use rayon::prelude::*;
    let t = std::time::Instant::now();
    let tol = tolerance(F::ERR_BITS);
    let (bad, outside, redone) = (0u32..1 << 16)
        .into_par_iter()
        .map(|hi| {
            let xs: Vec<f32> = (0u32..1 << 16)
                .map(|lo| f32::from_bits(hi << 16 | lo))
                .collect();
            let mut out = vec![0.0f32; xs.len()];
            run::<F>(&xs, &mut out);
            let mut acc = (0u64, 0u64, 0u64);
            for (&x, &y) in xs.iter().zip(&out) {
                if !F::safe(x.to_bits()) {
                    acc.1 += 1;
                    continue;
                }
                if !rounds_correctly(F::core(x as f64), tol) {
                    acc.2 += 1;
                    continue;
                }
                let e = F::exact(x);
                if !same(y, e) {
                    if acc.0 == 0 {
                        eprintln!(
                            "{}({x:e} = {:#x}) = {y:e}, want {e:e}",
                            F::NAME,
                            x.to_bits()
                        );
                    }
                    acc.0 += 1;
                }
            }
            acc
        })
        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    let inside = (1u64 << 32) - outside;
    println!(
        "{}: {:?} path: {bad} of the {} results the kernel rounds itself differ from \
         CORE-MATH; {outside} inputs out of its range and {redone} of the {inside} in range \
         ({:.4}%) computed by CORE-MATH; {:.1} s",
        F::NAME,
        Path::current(),
        inside - redone,
        100.0 * redone as f64 / inside as f64,
        t.elapsed().as_secs_f64()
    );
    assert_eq!(bad, 0, "{} results differ from CORE-MATH", bad);
}

macro_rules! exhaustive_tests {
    ($($test:ident: $f:ty;)*) => {$(
        #[test]
        #[ignore = "exhaustive over all 2^32 inputs: run in release mode (see the module docs)"]
        fn $test() {
            exhaustive::<$f>();
        }
    )*};
}

exhaustive_tests! {
    exhaustive_exp: Exp;
    exhaustive_exp2: Exp2;
    exhaustive_expm1: Expm1;
    exhaustive_sigmoid: Sigmoid;
    exhaustive_sinh: Sinh;
    exhaustive_cosh: Cosh;
    exhaustive_tanh: Tanh;
    exhaustive_log: Log;
    exhaustive_log2: Log2;
    exhaustive_log10: Log10;
    exhaustive_log1p: Log1p;
    exhaustive_sin: Sin;
    exhaustive_cos: Cos;
    exhaustive_tan: Tan;
    exhaustive_atan: Atan;
    exhaustive_asin: Asin;
    exhaustive_acos: Acos;
    exhaustive_asinh: Asinh;
    exhaustive_acosh: Acosh;
    exhaustive_atanh: Atanh;
    exhaustive_rsqrt: Rsqrt;
    exhaustive_erf: Erf;
}

/// The smallest `|r|` of the reductions of `sin` and `cos` over every `f32` of `1 <= |x|
/// <= 2^16`, either sign (below 1, `sin` has `r = x` and `cos` has `|r| > 0.5`), which the error analysis
/// of [`trig`] assumes to be at least `2^-30`.
#[test]
#[ignore = "exhaustive over the range of the trigonometric kernels: run in release mode"]
fn exhaustive_trig_reduction() {
    let (lo, hi) = (1.0f32.to_bits(), 65536.0f32.to_bits());
    let mut min = [f64::INFINITY; 2];
    for b in lo..=hi {
        for x in [f32::from_bits(b) as f64, -(f32::from_bits(b) as f64)] {
            min[0] = min[0].min(sin_reduce(x).1.abs());
            min[1] = min[1].min(cos_reduce(x).1.abs());
        }
    }
    println!(
        "smallest |r|: sin 2^{:.2}, cos 2^{:.2}",
        min[0].log2(),
        min[1].log2()
    );
    assert!(
        min[0] >= 2f64.powi(-30) && min[1] >= 2f64.powi(-30),
        "{min:?}"
    );
}

/// Checks `F` on every path this CPU has, and through [`run2`], against `reference` on
/// the pairs `(a[i], b[i])`: bit-identical results.
fn check2<F: Fun2>(a: &[f32], b: &[f32], reference: fn(f32, f32) -> f32) {
    let want: Vec<f32> = a.iter().zip(b).map(|(&x, &y)| reference(x, y)).collect();
    let mut got = vec![0.0f32; a.len()];
    let mut paths: Vec<(String, Kernel2)> = Path::supported()
        .into_iter()
        .map(|p| {
            let k: Kernel2 = match p {
                Path::Baseline => |a, b, out| run2_on::<F>(Path::Baseline, a, b, out),
                Path::Avx2 => |a, b, out| run2_on::<F>(Path::Avx2, a, b, out),
                Path::Avx512 => |a, b, out| run2_on::<F>(Path::Avx512, a, b, out),
            };
            (format!("{p:?}"), k)
        })
        .collect();
    paths.push(("dispatched".into(), run2::<F>));
    for (name, k) in paths {
        got.fill(0.0);
        k(a, b, &mut got);
        let bad: Vec<String> = (0..a.len())
            .filter(|&i| !same(want[i], got[i]))
            .take(5)
            .map(|i| {
                format!(
                    "{}({:e} = {:#x}, {:e} = {:#x}) = {:e}, want {:e}",
                    F::NAME,
                    a[i],
                    a[i].to_bits(),
                    b[i],
                    b[i].to_bits(),
                    got[i],
                    want[i]
                )
            })
            .collect();
        assert!(bad.is_empty(), "{name} path: {bad:?}");
    }
}

/// Special values, both signs, for the cross products of the bivariate samples.
fn specials() -> Vec<f32> {
    let mut v = Vec::new();
    for x in [
        0.0f32,
        1.0,
        2.0,
        0.5,
        3.0,
        10.0,
        0.1,
        1.5,
        2.5,
        1.0 / 3.0,
        126.0,
        127.0,
        128.0,
        149.0,
        150.0,
        16_777_215.0,
        16_777_216.0,
        33_554_432.0,
        1e10,
        1e-10,
        1e-45,
        1e-40,
        f32::MIN_POSITIVE,
        f32::MAX,
        f32::EPSILON,
        1.0 + f32::EPSILON,
        1.0 - f32::EPSILON / 2.0,
        f32::INFINITY,
        f32::NAN,
    ] {
        v.extend([x, -x]);
    }
    v
}

/// Pairs from random bit patterns and from moderate values (`x` in `(0, 100)`, `y` in
/// `(-20, 20)`), `n` of each.
fn random_pairs(n: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut a: Vec<f32> = random_bits(n, seed).map(f32::from_bits).collect();
    let mut b: Vec<f32> = random_bits(n, seed ^ 0x5555).map(f32::from_bits).collect();
    let unit = |s| random_bits(n, s).map(|b| (b >> 8) as f32 / 16_777_216.0);
    a.extend(unit(seed + 1).map(|u| u * 100.0));
    b.extend(unit(seed + 2).map(|u| u * 40.0 - 20.0));
    (a, b)
}

/// The `pow` sample: every pair of specials; squares of small integers and of
/// `k 2^-12` (many are exact midpoints between `f32`s); `x` next to 1 with large `y`;
/// results near the overflow and underflow thresholds; negative `x` with integer `y`;
/// random pairs.
fn pow_sample() -> (Vec<f32>, Vec<f32>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let sp = specials();
    for &x in &sp {
        for &y in &sp {
            a.push(x);
            b.push(y);
        }
    }
    for k in 1..5000 {
        for x in [k as f32, k as f32 / 4096.0, -(k as f32)] {
            for y in [2.0f32, 3.0, 0.5, -2.0, -1.0] {
                a.push(x);
                b.push(y);
            }
        }
    }
    let ys: Vec<u32> = random_bits(4000, 17).collect();
    for (i, &r) in ys.iter().enumerate() {
        let x = f32::from_bits(1.0f32.to_bits() - 2000 + i as u32);
        a.push(x);
        b.push((r >> 8) as f32 - 8_388_608.0);
        // 2^y and 10^y around the ends of the normal range.
        let t = (r >> 16) as f32 / 65536.0;
        for (x, y) in [
            (2.0f32, 125.0 + 4.0 * t),
            (2.0, -152.0 + 4.0 * t),
            (10.0, 37.0 + 2.0 * t),
        ] {
            a.extend([x, x]);
            b.extend([y, -y]);
        }
        // Negative bases with integer exponents, odd and even.
        a.push(-(1.0 + (r & 0xffff) as f32 / 4096.0));
        b.push((r >> 26) as f32 - 32.0);
    }
    let (ra, rb) = random_pairs(1 << 20, 0xfeed);
    a.extend(ra);
    b.extend(rb);
    (a, b)
}

/// The `atan2` sample: every pair of specials; ratios at the boundaries of the
/// reduction (`tan(pi/8)`, `tan(3pi/8)`, 1) and their neighbours in all four quadrants;
/// tiny over huge and the reverse; random pairs.
fn atan2_sample() -> (Vec<f32>, Vec<f32>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let sp = specials();
    for &y in &sp {
        for &x in &sp {
            a.push(y);
            b.push(x);
        }
    }
    for (i, r) in random_bits(20000, 99).enumerate() {
        let x = 1.0 + (r >> 9) as f32 / 8_388_608.0;
        let c = [0.414_213_57f32, 1.0, 2.414_213_6, 1e-30, 1e30][i % 5];
        let y = f32::from_bits((x * c).to_bits().wrapping_add((r & 7).wrapping_sub(3)));
        for (sy, sx) in [(1.0f32, 1.0f32), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)] {
            a.push(sy * y);
            b.push(sx * x);
        }
    }
    let (ra, rb) = random_pairs(1 << 20, 0xbeef);
    b.extend(ra.iter().map(|&v| v - 50.0));
    a.extend(rb);
    b.truncate(a.len());
    let (rx, ry) = random_pairs(1 << 18, 0xcafe);
    a.extend(rx);
    b.extend(ry);
    (a, b)
}

#[test]
fn pow_is_correctly_rounded_on_samples() {
    let (a, b) = pow_sample();
    check2::<Pow>(&a, &b, core_math::powf);
}

#[test]
fn atan2_is_correctly_rounded_on_samples() {
    let (a, b) = atan2_sample();
    check2::<Atan2>(&a, &b, core_math::atan2f);
}

/// Random pairs through `F` on the path `TENSOR_CPU_ISA` allows, against CORE-MATH:
/// `TENSOR_VMATH_PAIRS` (default `10^9`) pairs of each of four kinds (random bit patterns;
/// moderate values; `x` within `2^-10` of 1 with `|y|` up to `2^24`; `x` in `(0, 2^10)`
/// with `|y|` below 64), in blocks of `2^16` on all cores. Prints the counts and the time.
fn random2<F: Fun2>(reference: fn(f32, f32) -> f32) {
    use rayon::prelude::*;
    let t = std::time::Instant::now();
    let n: u64 = std::env::var("TENSOR_VMATH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000_000);
    let blocks = n.div_ceil(1 << 16);
    let tol = tolerance(F::ERR_BITS);
    let (bad, redone) = (0..4 * blocks)
        .into_par_iter()
        .map(|blk| {
            let kind = blk % 4;
            let bits: Vec<u32> = random_bits(1 << 17, 0x9e37 + blk).collect();
            let u = |b: u32| (b >> 8) as f32 / 16_777_216.0;
            let (a, b): (Vec<f32>, Vec<f32>) = bits
                .chunks(2)
                .map(|p| match kind {
                    0 => (f32::from_bits(p[0]), f32::from_bits(p[1])),
                    1 => (u(p[0]) * 100.0, u(p[1]) * 40.0 - 20.0),
                    2 => (
                        1.0 + (u(p[0]) - 0.5) / 512.0,
                        (u(p[1]) - 0.5) * 33_554_432.0,
                    ),
                    _ => (u(p[0]) * 1024.0, (u(p[1]) - 0.5) * 128.0),
                })
                .unzip();
            let mut out = vec![0.0f32; a.len()];
            run2::<F>(&a, &b, &mut out);
            let mut acc = (0u64, 0u64);
            for ((&x, &y), &o) in a.iter().zip(&b).zip(&out) {
                if !F::safe(x.to_bits(), y.to_bits())
                    || !rounds_correctly(F::core(x as f64, y as f64), tol)
                {
                    acc.1 += 1;
                    continue;
                }
                let e = reference(x, y);
                if !same(o, e) {
                    if acc.0 == 0 {
                        eprintln!("{}({x:e}, {y:e}) = {o:e}, want {e:e}", F::NAME);
                    }
                    acc.0 += 1;
                }
            }
            acc
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let total = 4 * blocks * (1 << 16);
    println!(
        "{}: {:?} path: {bad} of {} random pairs differ from CORE-MATH; {redone} computed by \
         CORE-MATH (out of range or near a rounding boundary); {:.1} s",
        F::NAME,
        Path::current(),
        total,
        t.elapsed().as_secs_f64()
    );
    assert_eq!(bad, 0, "{} results differ from CORE-MATH", bad);
}

#[test]
#[ignore = "10^9 random pairs of each kind: run in release mode (see the module docs)"]
fn random_pairs_pow() {
    random2::<Pow>(core_math::powf);
}

#[test]
#[ignore = "10^9 random pairs of each kind: run in release mode (see the module docs)"]
fn random_pairs_atan2() {
    random2::<Atan2>(core_math::atan2f);
}

/// Checks `F` on every path this CPU has, and through [`run64`], against `reference`:
/// bit-identical results.
fn check64<F: Fun64>(xs: &[f64], reference: fn(f64) -> f64) {
    let want: Vec<f64> = xs.iter().map(|&x| reference(x)).collect();
    let mut got = vec![0.0f64; xs.len()];
    let mut paths: Vec<(String, Kernel64)> = Path::supported()
        .into_iter()
        .map(|p| {
            let k: Kernel64 = match p {
                Path::Baseline => |xs, out| run64_on::<F>(Path::Baseline, xs, out),
                Path::Avx2 => |xs, out| run64_on::<F>(Path::Avx2, xs, out),
                Path::Avx512 => |xs, out| run64_on::<F>(Path::Avx512, xs, out),
            };
            (format!("{p:?}"), k)
        })
        .collect();
    paths.push(("dispatched".into(), run64::<F>));
    for (name, k) in paths {
        got.fill(0.0);
        k(xs, &mut got);
        let bad: Vec<String> = (0..xs.len())
            .filter(|&i| {
                !(want[i].to_bits() == got[i].to_bits() || want[i].is_nan() && got[i].is_nan())
            })
            .take(5)
            .map(|i| {
                format!(
                    "{}({:e} = {:#x}) = {:e}, want {:e}",
                    F::NAME,
                    xs[i],
                    xs[i].to_bits(),
                    got[i],
                    want[i]
                )
            })
            .collect();
        assert!(bad.is_empty(), "{name} path: {bad:?}");
        // Short calls take the kernels' small-block arrays.
        for (i, c) in xs.chunks(17).enumerate().step_by(97) {
            let mut o = vec![0.0f64; c.len()];
            k(c, &mut o);
            for (j, (&g, &x)) in o.iter().zip(c).enumerate() {
                let w = want[i * 17 + j];
                assert!(
                    w.to_bits() == g.to_bits() || w.is_nan() && g.is_nan(),
                    "{name} path, short call: {}({x:e}) = {g:e}, want {w:e}",
                    F::NAME
                );
            }
        }
    }
}

/// `n` pseudo-random `f64` bit patterns (every class: NaN, infinities, subnormals, both
/// signs), from a 64-bit LCG seeded with `seed`.
fn random_bits64(n: usize, seed: u64) -> impl Iterator<Item = f64> {
    let mut s = seed;
    (0..n).map(move |_| {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        f64::from_bits(s)
    })
}

/// Pseudo-random `f64`s: uniform in `[lo, hi)`.
fn random_f64(n: usize, seed: u64, lo: f64, hi: f64) -> impl Iterator<Item = f64> {
    let mut s = seed;
    (0..n).map(move |_| {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        let u = ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    })
}

/// The `f64` `exp` sample: special values and the ends of the range with neighbours,
/// multiples of `ln2/128` and their neighbours (where `r` is nearly 0 and the table index
/// changes), tiny arguments, uniform values over the whole range and near 0, and random
/// bit patterns.
fn exp64_sample() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        5e-324,
    ];
    for edge in [
        708.0f64,
        709.0,
        709.782_712_893_384,
        710.0,
        1.0,
        0.5,
        1e-10,
        2f64.powi(-54),
        2f64.powi(-53),
    ] {
        let mut e = edge;
        for _ in 0..4 {
            v.extend([e, -e]);
            e = f64::from_bits(e.to_bits() + 1);
        }
        let mut e = edge;
        for _ in 0..4 {
            e = f64::from_bits(e.to_bits() - 1);
            v.extend([e, -e]);
        }
    }
    v.extend([-708.396_418_532_264_1, -745.133_219_101_941_1, -745.2]);
    for k in -90_000i32..90_000 {
        let c = k as f64 * (std::f64::consts::LN_2 / 128.0);
        v.extend([
            c,
            f64::from_bits(c.to_bits() + 1),
            f64::from_bits(c.to_bits().wrapping_sub(1)),
        ]);
    }
    v.extend(random_f64(1 << 20, 1, -745.0, 710.0));
    v.extend(random_f64(1 << 20, 2, -1.0, 1.0));
    v.extend(random_f64(1 << 18, 3, -1e-6, 1e-6));
    v.extend(random_bits64(1 << 18, 0x1234_5678));
    v
}

#[test]
fn exp64_is_correctly_rounded_on_samples() {
    check64::<exp64::Exp64>(&exp64_sample(), core_math::exp);
}

#[test]
fn sigmoid64_matches_the_scalar_sigmoid_on_samples() {
    // The `exp` sample covers both branches (`x >= 0` and below), the ends of the range of
    // `e^(-|x|)` and the signed zeros.
    check64::<exp64::Sigmoid64>(&exp64_sample(), crate::ops::sigmoid_f64);
}

/// `TENSOR_VMATH_PAIRS` (default `10^9`) uniform `f64`s in `[-708, 709]` and as many in
/// `[-1, 1]` through `F` on the path `TENSOR_CPU_ISA` allows, on all cores: every result
/// the kernel rounds itself must be CORE-MATH's. Prints the counts and the time.
fn random64<F: Fun64>(reference: fn(f64) -> f64) {
    random64_in::<F>(reference, &[(-708.0, 709.0), (-1.0, 1.0)])
}

/// As [`random64`], with `TENSOR_VMATH_PAIRS` uniform `f64`s in each of `ranges`.
fn random64_in<F: Fun64>(reference: fn(f64) -> f64, ranges: &[(f64, f64)]) {
    use rayon::prelude::*;
    let t = std::time::Instant::now();
    let n: u64 = std::env::var("TENSOR_VMATH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000_000);
    let blocks = n.div_ceil(1 << 16);
    let kinds = ranges.len() as u64;
    let (bad, redone) = (0..kinds * blocks)
        .into_par_iter()
        .map(|blk| {
            let (lo, hi) = ranges[(blk % kinds) as usize];
            let xs: Vec<f64> = random_f64(1 << 16, 0x5eed + blk, lo, hi).collect();
            let mut out = vec![0.0f64; xs.len()];
            run64::<F>(&xs, &mut out);
            let mut flags = vec![0u32; xs.len()];
            let mut scratch = vec![0.0f64; xs.len()];
            for ((xb, sb), fb) in xs
                .chunks(BLOCK)
                .zip(scratch.chunks_mut(BLOCK))
                .zip(flags.chunks_mut(BLOCK))
            {
                F::block(xb, sb, fb);
            }
            let mut acc = (0u64, 0u64);
            for ((&x, &y), &f) in xs.iter().zip(&out).zip(&flags) {
                if f != 0 {
                    acc.1 += 1;
                    continue;
                }
                let e = reference(x);
                if y.to_bits() != e.to_bits() {
                    if acc.0 == 0 {
                        eprintln!(
                            "{}({x:e} = {:#x}) = {y:e}, want {e:e}",
                            F::NAME,
                            x.to_bits()
                        );
                    }
                    acc.0 += 1;
                }
            }
            acc
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "{} f64: {:?} path: {bad} of {} random inputs differ from CORE-MATH; {redone} computed \
         by CORE-MATH; {:.1} s",
        F::NAME,
        Path::current(),
        kinds * blocks * (1 << 16),
        t.elapsed().as_secs_f64()
    );
    assert_eq!(bad, 0, "{} results differ from CORE-MATH", bad);
}

#[test]
#[ignore = "2 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_exp64() {
    random64::<exp64::Exp64>(core_math::exp);
}

#[test]
#[ignore = "2 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_sigmoid64() {
    random64::<exp64::Sigmoid64>(crate::ops::sigmoid_f64);
}

/// `x` and its `n` neighbours on each side.
fn around64(v: &mut Vec<f64>, x: f64, n: u64) {
    v.push(x);
    for d in 1..=n {
        v.push(f64::from_bits(x.to_bits().wrapping_add(d)));
        v.push(f64::from_bits(x.to_bits().wrapping_sub(d)));
    }
}

/// The `f64` logarithm sample: special values, the ends of the normal range, powers of 2
/// and of 10 and their neighbours, the edges of every table interval (in each of a few
/// binades) and their neighbours, the neighbourhood of 1, uniform values over several
/// scales, and random bit patterns.
fn log64_sample() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -1.0,
        5e-324,
        f64::MAX,
    ];
    for x in [
        f64::MIN_POSITIVE,
        f64::MAX,
        1.0,
        2.0,
        0.5,
        10.0,
        0.1,
        1e-300,
    ] {
        around64(&mut v, x, 4);
    }
    for e in -1022..1024 {
        around64(&mut v, 2f64.powi(e), 1);
    }
    for e in -300..300 {
        around64(&mut v, format!("1e{e}").parse().unwrap(), 1);
    }
    for scale in [1.0, 2f64.powi(-600), 2f64.powi(700), 4.0, 0.25] {
        for i in 0..=256u64 {
            let edge = f64::from_bits(0x3fe6_a800_0000_0000 + (i << 44)) * scale;
            around64(&mut v, edge, 2);
        }
    }
    for d in 1..20_000u64 {
        v.push(f64::from_bits(1f64.to_bits() + d));
        v.push(f64::from_bits(1f64.to_bits() - d));
    }
    v.extend(random_f64(1 << 18, 11, 0.5, 2.0));
    v.extend(random_f64(1 << 18, 12, 0.999, 1.001));
    v.extend(random_f64(1 << 16, 13, 0.0, 1e10));
    v.extend(random_bits64(1 << 18, 0x2345_6789).map(f64::abs));
    v
}

#[test]
fn log64_is_correctly_rounded_on_samples() {
    check64::<log64::Log64>(&log64_sample(), core_math::log);
}

#[test]
fn log2_64_is_correctly_rounded_on_samples() {
    check64::<log64::Log2_64>(&log64_sample(), core_math::log2);
}

#[test]
fn log10_64_is_correctly_rounded_on_samples() {
    check64::<log64::Log10_64>(&log64_sample(), core_math::log10);
}

/// The `log1p` sample: that of `log` shifted by -1 (so that `1 + x` meets the same
/// intervals and edges), both signs of small arguments around the `2^-10` switch and the
/// `3 10^-151` and `10^301` range ends, and values near -1.
fn log1p64_sample() -> Vec<f64> {
    let mut v: Vec<f64> = log64_sample().iter().map(|&x| x - 1.0).collect();
    v.extend(log64_sample());
    v.extend(log64_sample().iter().map(|&x| -x));
    for x in [2f64.powi(-10), 3e-151, 1e301, 2f64.powi(-9), 2f64.powi(-11)] {
        around64(&mut v, x, 4);
        around64(&mut v, -x, 4);
    }
    for d in 1..10_000u64 {
        v.push(-1.0 + d as f64 * f64::EPSILON / 2.0);
    }
    v.extend(random_f64(1 << 18, 14, -1e-3, 1e-3));
    v.extend(random_f64(1 << 18, 15, -1.0, 1.0));
    v
}

#[test]
fn log1p64_is_correctly_rounded_on_samples() {
    check64::<log64::Log1p64>(&log1p64_sample(), core_math::log1p);
}

/// Random positive `f64`s for the logarithms: uniform over several scales.
const LOG_RANGES: [(f64, f64); 4] = [(0.0, 4.0), (0.9, 1.1), (0.0, 1e300), (1e-300, 1e-290)];

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_log64() {
    random64_in::<log64::Log64>(core_math::log, &LOG_RANGES);
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_log2_64() {
    random64_in::<log64::Log2_64>(core_math::log2, &LOG_RANGES);
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_log10_64() {
    random64_in::<log64::Log10_64>(core_math::log10, &LOG_RANGES);
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_log1p64() {
    random64_in::<log64::Log1p64>(
        core_math::log1p,
        &[(-1.0, 1.0), (-1e-3, 1e-3), (-1.0, -0.99), (0.0, 1e300)],
    );
}

/// The inverse hyperbolic sample: around the `2^-10` switch, the ends of the ranges
/// (`|x| -> 1` for `atanh`, `x -> 1` and `x = 2` for `acosh`, `1e150`, `3e-151`), the
/// logarithm's sample and its negation, and uniform values at several scales.
fn ahyp64_sample() -> Vec<f64> {
    let mut v = log64_sample();
    v.extend(log64_sample().iter().map(|&x| -x));
    v.extend(log1p64_sample().iter().map(|&x| x + 2.0));
    for x in [2f64.powi(-10), 1.0, 2.0, 1e150, 3e-151, 0.5] {
        around64(&mut v, x, 64);
        around64(&mut v, -x, 64);
    }
    for d in 1..20_000u64 {
        v.push(f64::from_bits(1f64.to_bits() + d * d));
        v.push(f64::from_bits(1f64.to_bits() - d * d));
    }
    v.extend(random_f64(1 << 18, 16, -1.0, 1.0));
    v.extend(random_f64(1 << 18, 17, 1.0, 3.0));
    v.extend(random_f64(1 << 16, 18, -1e-2, 1e-2));
    v
}

#[test]
fn atanh64_is_correctly_rounded_on_samples() {
    check64::<log64::Atanh64>(&ahyp64_sample(), core_math::atanh);
}

#[test]
fn asinh64_is_correctly_rounded_on_samples() {
    check64::<log64::Asinh64>(&ahyp64_sample(), core_math::asinh);
}

#[test]
fn acosh64_is_correctly_rounded_on_samples() {
    check64::<log64::Acosh64>(&ahyp64_sample(), core_math::acosh);
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_atanh64() {
    random64_in::<log64::Atanh64>(
        core_math::atanh,
        &[(-1.0, 1.0), (-1e-2, 1e-2), (0.99, 1.0), (-1.0, -0.999_999)],
    );
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_asinh64() {
    random64_in::<log64::Asinh64>(
        core_math::asinh,
        &[(-4.0, 4.0), (-1e-2, 1e-2), (0.0, 1e10), (-1e150, 1e150)],
    );
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_acosh64() {
    random64_in::<log64::Acosh64>(
        core_math::acosh,
        &[(1.0, 4.0), (1.0, 1.0001), (1.9, 2.1), (0.0, 1e150)],
    );
}

/// The fraction of `xs` that `F`'s block evaluation flags for CORE-MATH.
fn flagged64<F: Fun64>(xs: &[f64]) -> f64 {
    let mut out = vec![0.0f64; xs.len()];
    let mut flags = vec![0u32; xs.len()];
    for ((xb, ob), fb) in xs
        .chunks(BLOCK)
        .zip(out.chunks_mut(BLOCK))
        .zip(flags.chunks_mut(BLOCK))
    {
        F::block(xb, ob, fb);
    }
    flags.iter().filter(|&&f| f != 0).count() as f64 / xs.len() as f64
}

/// Every `f64` kernel rounds almost all of its results itself over its usual domain
/// (a kernel that flagged everything would still be correct, through CORE-MATH, but
/// slow): below 0.5% flagged on 2^16 uniform inputs.
#[test]
fn f64_kernels_prove_most_results() {
    fn check<F: Fun64>(lo: f64, hi: f64) {
        let xs: Vec<f64> = random_f64(1 << 16, 99, lo, hi).collect();
        let f = flagged64::<F>(&xs);
        assert!(
            f < 0.005,
            "{}: {:.4}% flagged on [{lo}, {hi})",
            F::NAME,
            100.0 * f
        );
    }
    check::<exp64::Exp64>(-700.0, 700.0);
    check::<exp64::Sigmoid64>(-30.0, 30.0);
    check::<log64::Log64>(1e-300, 1e300);
    check::<log64::Log64>(0.5, 2.0);
    check::<log64::Log2_64>(0.5, 2.0);
    check::<log64::Log10_64>(0.01, 10.0);
    check::<log64::Log1p64>(-0.5, 10.0);
    check::<log64::Log1p64>(-1e-3, 1e-3);
    check::<log64::Atanh64>(-0.99, 0.99);
    check::<log64::Asinh64>(-5.0, 5.0);
    check::<log64::Acosh64>(1.0, 10.0);
    check::<trig64::Sin64>(-10.0, 10.0);
    check::<trig64::Cos64>(-1e6, 1e6);
    check::<trig64::Tan64>(-10.0, 10.0);
    check::<exp64::Exp2_64>(-1000.0, 1000.0);
    check::<exp64::Expm1_64>(-5.0, 5.0);
    check::<exp64::Expm1_64>(-1e-3, 1e-3);
    check::<hyp64::Sinh64>(-5.0, 5.0);
    check::<hyp64::Sinh64>(-0.4, 0.4);
    check::<hyp64::Cosh64>(-700.0, 700.0);
    check::<hyp64::Tanh64>(-5.0, 5.0);
    check::<hyp64::Tanh64>(-0.4, 0.4);
    check::<atan64::Atan64>(-5.0, 5.0);
    check::<atan64::Asin64>(-0.99, 0.99);
    check::<atan64::Acos64>(-0.99, 0.99);
    check::<root64::Rsqrt64>(0.01, 100.0);
    check::<root64::Rsqrt64>(1e-300, 1e300);
}

/// The `f64` `sin`/`cos`/`tan` sample: special values, the ends of the proven range
/// (`2^23`, `2^-26`, `2^-24`) with neighbours, the multiples of `pi/512` (where `r` is
/// nearly 0) and the midpoints between them (where the table index changes) with
/// neighbours, near 0 and near `2^23`, multiples of `pi/2` and `pi` over the range,
/// uniform values over the range and over `[-4, 4]` and `[-10^-3, 10^-3]`, tiny values,
/// and random bit patterns.
fn trig64_sample() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        -f64::MAX,
        5e-324,
        -5e-324,
    ];
    for x in [
        2f64.powi(23),
        2f64.powi(-26),
        2f64.powi(-24),
        f64::MIN_POSITIVE,
        1.0,
        std::f64::consts::PI,
        std::f64::consts::FRAC_PI_2,
        std::f64::consts::FRAC_PI_4,
        std::f64::consts::PI / 1024.0,
        1e22,
        1e300,
    ] {
        around64(&mut v, x, 4);
        around64(&mut v, -x, 4);
    }
    let step = std::f64::consts::PI / 512.0;
    for k in -40_000i64..40_000 {
        around64(&mut v, k as f64 * step, 2);
        around64(&mut v, (k as f64 + 0.5) * step, 2);
    }
    let top = (2f64.powi(23) / step) as i64;
    for k in top - 5_000..=top {
        around64(&mut v, k as f64 * step, 1);
        around64(&mut v, -(k as f64 + 0.5) * step, 1);
    }
    for n in (0..2_670_000i64).step_by(37) {
        around64(&mut v, n as f64 * std::f64::consts::FRAC_PI_2, 1);
    }
    v.extend(random_f64(1 << 17, 21, -2f64.powi(23), 2f64.powi(23)));
    v.extend(random_f64(1 << 17, 22, -4.0, 4.0));
    v.extend(random_f64(1 << 16, 23, -1e-3, 1e-3));
    v.extend(random_f64(1 << 14, 24, -1e-7, 1e-7));
    v.extend(random_bits64(1 << 16, 0x3456_789a));
    v
}

#[test]
fn sin64_is_correctly_rounded_on_samples() {
    check64::<trig64::Sin64>(&trig64_sample(), core_math::sin);
}

#[test]
fn cos64_is_correctly_rounded_on_samples() {
    check64::<trig64::Cos64>(&trig64_sample(), core_math::cos);
}

#[test]
fn tan64_is_correctly_rounded_on_samples() {
    check64::<trig64::Tan64>(&trig64_sample(), core_math::tan);
}

/// Random `f64`s for `sin`/`cos`/`tan`: the proven range, `[-4, 4]`, `[-10^-3, 10^-3]`.
const TRIG_RANGES: [(f64, f64); 3] = [(-8388608.0, 8388608.0), (-4.0, 4.0), (-1e-3, 1e-3)];

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_sin64() {
    random64_in::<trig64::Sin64>(core_math::sin, &TRIG_RANGES);
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_cos64() {
    random64_in::<trig64::Cos64>(core_math::cos, &TRIG_RANGES);
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_tan64() {
    random64_in::<trig64::Tan64>(core_math::tan, &TRIG_RANGES);
}

/// Speed by hand: ns/element of the `f64` `sin`/`cos`/`tan` kernels (dispatched path) and
/// of the scalar CORE-MATH loop, on `10^6` elements in `[-4, 4]` and in the whole range,
/// one thread.
#[test]
#[ignore = "timing, by hand: cargo test --release ... -- --ignored speed_trig64 --nocapture"]
fn speed_trig64() {
    type Scalar = fn(f64) -> f64;
    let time = |f: &mut dyn FnMut()| {
        let t = std::time::Instant::now();
        for _ in 0..20 {
            f();
        }
        t.elapsed().as_secs_f64() / 20.0 / 1e6 * 1e9
    };
    for (lo, hi) in [(-4.0, 4.0), (-8388608.0, 8388608.0)] {
        let xs: Vec<f64> = random_f64(1_000_000, 7, lo, hi).collect();
        let mut out = vec![0.0f64; xs.len()];
        let kernels: [(&str, Kernel64, Scalar); 3] = [
            ("sin", run64::<trig64::Sin64>, crate::cmath::f64::sin),
            ("cos", run64::<trig64::Cos64>, crate::cmath::f64::cos),
            ("tan", run64::<trig64::Tan64>, crate::cmath::f64::tan),
        ];
        for (name, k, f) in kernels {
            let v = time(&mut || k(&xs, &mut out));
            let s = time(&mut || {
                for (o, &x) in out.iter_mut().zip(&xs) {
                    *o = f(x);
                }
            });
            println!(
                "{name} f64 [{lo:e}, {hi:e}] {:?}: kernel {v:.2} ns/element, scalar CORE-MATH {s:.2}",
                Path::current()
            );
        }
    }
}

/// The sample of the `exp` family (`exp2`, `expm1`, `sinh`, `cosh`, `tanh`): special
/// values, `edges` (range ends, path switches) with 4 neighbours each side and negated,
/// the points where the table index changes (`k step`, `|k| < 2^17` spread over the
/// range) with neighbours, tiny and huge arguments, uniform values over `range`, `[-1, 1]`
/// and `[-1e-3, 1e-3]`, and random bit patterns: about `10^6` elements.
fn exp_family_sample(edges: &[f64], step: f64, range: (f64, f64)) -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        f64::MAX,
        f64::MIN,
    ];
    for &x in edges
        .iter()
        .chain(&[1e-270, 1e-300, 2f64.powi(-54), 1e-10, 1.0, 2.0])
    {
        around64(&mut v, x, 4);
        around64(&mut v, -x, 4);
    }
    let kmax = (range.1.abs().max(range.0.abs()) / step) as i64;
    let stride = (kmax / 40_000).max(1);
    let mut k = -kmax;
    while k <= kmax {
        around64(&mut v, k as f64 * step, 1);
        k += stride;
    }
    for k in -600i64..600 {
        around64(&mut v, k as f64 * step, 1);
    }
    v.extend(random_f64(1 << 18, 21, range.0, range.1));
    v.extend(random_f64(1 << 18, 22, -1.0, 1.0));
    v.extend(random_f64(1 << 16, 23, -1e-3, 1e-3));
    v.extend(random_bits64(1 << 17, 0x3456_789a));
    v
}

/// `ln2/128`, the step of `k` in the table paths of `expm1`, `sinh`, `cosh`, `tanh`.
const EXP_STEP: f64 = std::f64::consts::LN_2 / 128.0;

#[test]
fn exp2_64_is_correctly_rounded_on_samples() {
    let mut v = exp_family_sample(
        &[1022.0, 1023.0, 1024.0, 1074.0, 1075.0, 1023.5, 1021.9],
        1.0 / 128.0,
        (-1080.0, 1030.0),
    );
    for k in -400..400 {
        around64(&mut v, k as f64 / 256.0, 2);
    }
    check64::<exp64::Exp2_64>(&v, core_math::exp2);
}

#[test]
fn expm1_64_is_correctly_rounded_on_samples() {
    let v = exp_family_sample(
        &[0.25, 40.0, 709.0, 709.78, 710.0, 38.0, 37.0, 0.5],
        EXP_STEP,
        (-50.0, 710.0),
    );
    check64::<exp64::Expm1_64>(&v, core_math::expm1);
}

#[test]
fn sinh64_is_correctly_rounded_on_samples() {
    let v = exp_family_sample(
        &[0.5, 710.0, 710.475, 710.4758600739439, 711.0, 20.0, 0.25],
        EXP_STEP,
        (-712.0, 712.0),
    );
    check64::<hyp64::Sinh64>(&v, core_math::sinh);
}

#[test]
fn cosh64_is_correctly_rounded_on_samples() {
    let v = exp_family_sample(
        &[0.5, 710.0, 710.475, 710.4758600739439, 711.0, 20.0, 0.25],
        EXP_STEP,
        (-712.0, 712.0),
    );
    check64::<hyp64::Cosh64>(&v, core_math::cosh);
}

#[test]
fn tanh64_is_correctly_rounded_on_samples() {
    let v = exp_family_sample(
        &[0.5, 22.0, 19.0, 19.06, 20.0, 0.25, 18.0],
        EXP_STEP,
        (-25.0, 25.0),
    );
    check64::<hyp64::Tanh64>(&v, core_math::tanh);
}

/// The random ranges of `F`: `useful` and `[-1, 1]`, `[-1e-3, 1e-3]`.
fn random_exp_family<F: Fun64>(reference: fn(f64) -> f64, useful: (f64, f64)) {
    random64_in::<F>(reference, &[useful, (-1.0, 1.0), (-1e-3, 1e-3)]);
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_exp2_64() {
    random_exp_family::<exp64::Exp2_64>(core_math::exp2, (-1022.0, 1023.0));
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_expm1_64() {
    random_exp_family::<exp64::Expm1_64>(core_math::expm1, (-40.0, 709.0));
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_sinh64() {
    random_exp_family::<hyp64::Sinh64>(core_math::sinh, (-710.0, 710.0));
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_cosh64() {
    random_exp_family::<hyp64::Cosh64>(core_math::cosh, (-710.0, 710.0));
}

#[test]
#[ignore = "3 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_tanh64() {
    random_exp_family::<hyp64::Tanh64>(core_math::tanh, (-20.0, 20.0));
}

/// ns/element at `10^6` elements on one thread: the kernel (dispatched path) and the
/// scalar CORE-MATH loop, on `range` (a hand measurement: prints, asserts nothing).
fn speed64<F: Fun64>(range: (f64, f64)) {
    let xs: Vec<f64> = random_f64(1_000_000, 31, range.0, range.1).collect();
    let mut out = vec![0.0f64; xs.len()];
    let time = |f: &mut dyn FnMut(&mut [f64])| {
        let mut best = f64::INFINITY;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            f(&mut out.clone());
            best = best.min(t.elapsed().as_secs_f64());
        }
        best * 1e9 / xs.len() as f64
    };
    let kernel = time(&mut |o| run64::<F>(&xs, o));
    let scalar = time(&mut |o| {
        for (o, &x) in o.iter_mut().zip(&xs) {
            *o = F::exact(x);
        }
    });
    out[0] = 0.0;
    println!(
        "{} f64 on [{}, {}]: {kernel:.2} ns/element ({:?} path), scalar CORE-MATH {scalar:.2} \
         ns/element ({:.1}x)",
        F::NAME,
        range.0,
        range.1,
        Path::current(),
        scalar / kernel
    );
}

#[test]
#[ignore = "timing, by hand in release mode"]
fn speed_exp_family64() {
    speed64::<exp64::Exp64>((-708.0, 709.0));
    speed64::<exp64::Exp2_64>((-1022.0, 1023.0));
    speed64::<exp64::Expm1_64>((-40.0, 709.0));
    speed64::<exp64::Expm1_64>((-1.0, 1.0));
    speed64::<hyp64::Sinh64>((-710.0, 710.0));
    speed64::<hyp64::Sinh64>((-1.0, 1.0));
    speed64::<hyp64::Cosh64>((-710.0, 710.0));
    speed64::<hyp64::Tanh64>((-20.0, 20.0));
    speed64::<hyp64::Tanh64>((-1.0, 1.0));
}

/// The `f64` `atan` sample: special values, the ends of the proven range (`2^-900`, the
/// largest finite) and their neighbours, the table points `c = j/128`, the index switches
/// `(j + 1/2)/128` and the reciprocals of both (where `1/x` picks the entry) with
/// neighbours, 1 and its neighbours, tiny and huge arguments, uniform values over several
/// scales, and random bit patterns.
fn atan64_sample() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        5e-324,
    ];
    for x in [
        2f64.powi(-900),
        f64::MAX,
        f64::MIN_POSITIVE,
        1.0,
        2f64.powi(-27),
        2f64.powi(-26),
        2f64.powi(53),
        2f64.powi(1000),
    ] {
        around64(&mut v, x, 4);
        around64(&mut v, -x, 4);
    }
    for j in 0..=256 {
        let c = j as f64 / 256.0;
        for x in [c, 1.0 / c] {
            around64(&mut v, x, 3);
            around64(&mut v, -x, 3);
        }
    }
    for e in -1074..1024 {
        around64(&mut v, 2f64.powi(e), 1);
    }
    v.extend(random_f64(1 << 18, 21, -1.0, 1.0));
    v.extend(random_f64(1 << 17, 22, -1e6, 1e6));
    v.extend(random_f64(1 << 16, 23, -1e-3, 1e-3));
    v.extend(random_f64(1 << 16, 24, -20.0, 20.0));
    v.extend(random_bits64(1 << 18, 0x3456_789a));
    v
}

#[test]
fn atan64_is_correctly_rounded_on_samples() {
    check64::<atan64::Atan64>(&atan64_sample(), core_math::atan);
}

/// The `asin`/`acos` sample: special values, `+-1` and `+-2^-900` with neighbours, the
/// points where `z = |x| / sqrt(1 - x^2)` or its inverse meets a table point or an index
/// switch (`sin(atan(j/256))`, `cos(atan(j/256))`) with neighbours, the last `2 10^4`
/// values below 1, tiny values, uniform values over `[-1, 1]`, `[0.99, 1]` and
/// `[-10^-3, 10^-3]`, and random bit patterns.
fn asin64_sample() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        5e-324,
        2.0,
    ];
    for x in [
        1.0,
        2f64.powi(-900),
        std::f64::consts::FRAC_1_SQRT_2,
        0.5,
        f64::MIN_POSITIVE,
        2f64.powi(-27),
        2f64.powi(-26),
    ] {
        around64(&mut v, x, 4);
        around64(&mut v, -x, 4);
    }
    for j in 0..=256 {
        let t = (j as f64 / 256.0).atan();
        for x in [t.sin(), t.cos()] {
            around64(&mut v, x, 3);
            around64(&mut v, -x, 3);
        }
    }
    for e in -1074..0 {
        around64(&mut v, 2f64.powi(e), 1);
        around64(&mut v, -(2f64.powi(e)), 1);
    }
    for d in 1..20_000u64 {
        v.push(f64::from_bits(1f64.to_bits() - d));
        v.push(-f64::from_bits(1f64.to_bits() - d));
    }
    v.extend(random_f64(1 << 18, 31, -1.0, 1.0));
    v.extend(random_f64(1 << 17, 32, 0.99, 1.0));
    v.extend(random_f64(1 << 17, 33, -1.0, -0.99));
    v.extend(random_f64(1 << 16, 34, -1e-3, 1e-3));
    v.extend(random_bits64(1 << 17, 0x4567_89ab));
    v
}

#[test]
fn asin64_is_correctly_rounded_on_samples() {
    check64::<atan64::Asin64>(&asin64_sample(), core_math::asin);
}

#[test]
fn acos64_is_correctly_rounded_on_samples() {
    check64::<atan64::Acos64>(&asin64_sample(), core_math::acos);
}

#[test]
#[ignore = "random inputs: run in release mode (see the module docs)"]
fn random_atan64() {
    random64_in::<atan64::Atan64>(core_math::atan, &[(-1.0, 1.0), (-1e6, 1e6)]);
}

#[test]
#[ignore = "random inputs: run in release mode (see the module docs)"]
fn random_asin64() {
    random64_in::<atan64::Asin64>(core_math::asin, &[(-1.0, 1.0), (0.99, 1.0), (-1e-3, 1e-3)]);
}

#[test]
#[ignore = "random inputs: run in release mode (see the module docs)"]
fn random_acos64() {
    random64_in::<atan64::Acos64>(core_math::acos, &[(-1.0, 1.0), (0.99, 1.0), (-1e-3, 1e-3)]);
}

#[test]
#[ignore = "a speed measurement: run in release mode"]
fn speed_atan64() {
    speed64::<atan64::Atan64>((-1.0, 1.0));
    speed64::<atan64::Atan64>((-1e6, 1e6));
    speed64::<atan64::Asin64>((-1.0, 1.0));
    speed64::<atan64::Acos64>((-1.0, 1.0));
}

/// As [`check64`], for a bivariate `f64` kernel on pairs `(a[i], b[i])`.
fn check64x2<F: Fun64x2>(a: &[f64], b: &[f64], reference: fn(f64, f64) -> f64) {
    let want: Vec<f64> = a.iter().zip(b).map(|(&x, &y)| reference(x, y)).collect();
    let mut got = vec![0.0f64; a.len()];
    let mut paths: Vec<(String, Kernel64x2)> = Path::supported()
        .into_iter()
        .map(|p| {
            let k: Kernel64x2 = match p {
                Path::Baseline => |a, b, out| run64x2_on::<F>(Path::Baseline, a, b, out),
                Path::Avx2 => |a, b, out| run64x2_on::<F>(Path::Avx2, a, b, out),
                Path::Avx512 => |a, b, out| run64x2_on::<F>(Path::Avx512, a, b, out),
            };
            (format!("{p:?}"), k)
        })
        .collect();
    paths.push(("dispatched".into(), run64x2::<F>));
    for (name, k) in paths {
        got.fill(0.0);
        k(a, b, &mut got);
        let bad: Vec<String> = (0..a.len())
            .filter(|&i| {
                !(want[i].to_bits() == got[i].to_bits() || want[i].is_nan() && got[i].is_nan())
            })
            .take(5)
            .map(|i| {
                format!(
                    "{}({:e}, {:e}) = {:e}, want {:e}",
                    F::NAME,
                    a[i],
                    b[i],
                    got[i],
                    want[i]
                )
            })
            .collect();
        assert!(bad.is_empty(), "{name} path: {bad:?}");
    }
}

/// The special `f64`s the bivariate samples pair with each other: zeros, infinities, NaN,
/// the smallest subnormals, the ends of the normal range, `+-1`, and `more`.
fn special_pairs64(a: &mut Vec<f64>, b: &mut Vec<f64>, more: &[f64]) {
    let mut specials = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        5e-324,
        -5e-324,
        f64::MIN_POSITIVE,
        f64::MAX,
        -f64::MAX,
        1.0,
        -1.0,
    ];
    specials.extend_from_slice(more);
    for &p in &specials {
        for &q in &specials {
            a.push(p);
            b.push(q);
        }
    }
}

/// `n` pairs of random bit patterns (seeded) appended to `a` and `b`.
fn random_bit_pairs64(a: &mut Vec<f64>, b: &mut Vec<f64>, n: usize, seed: u64) {
    let bits: Vec<f64> = random_bits64(2 * n, seed).collect();
    for p in bits.chunks(2) {
        a.push(p[0]);
        b.push(p[1]);
    }
}

/// The `atan2` sample: every pair of special values and signs (zeros, infinities, NaN,
/// subnormals, the range ends), `y = t x` at the table points and index switches
/// (`t = j/256` and `256/j`) with neighbours of `y`, in all four quadrants and at several
/// scales, pairs of very different magnitudes, uniform pairs of both signs over several
/// magnitudes, and random bit patterns.
fn atan2_64_sample() -> (Vec<f64>, Vec<f64>) {
    let (mut a, mut b) = (vec![], vec![]);
    special_pairs64(
        &mut a,
        &mut b,
        &[2f64.powi(1022), 2f64.powi(-900), 3.0, -0.5],
    );
    for scale in [
        1.0,
        2f64.powi(-500),
        2f64.powi(500),
        2f64.powi(1021),
        2f64.powi(-1000),
    ] {
        for j in 0..=512 {
            let t = j as f64 / 256.0;
            for (sy, sx) in [(1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)] {
                for (y0, x0) in [(t, 1.0), (1.0, t)] {
                    let mut v = vec![];
                    around64(&mut v, y0 * scale, 2);
                    for y in v {
                        a.push(sy * y);
                        b.push(sx * x0 * scale);
                    }
                }
            }
        }
    }
    for e in (-1074..1024).step_by(7) {
        for (y, x) in [
            (2f64.powi(e), 1.0),
            (1.0, 2f64.powi(e)),
            (3.0, -(2f64.powi(e))),
        ] {
            a.extend([y, -y]);
            b.extend([x, x]);
        }
    }
    for (seed, lo, hi) in [
        (41, -1.0, 1.0),
        (43, -1e6, 1e6),
        (45, -1e-200, 1e-200),
        (47, -1e300, 1e300),
    ] {
        a.extend(random_f64(1 << 17, seed, lo, hi));
        b.extend(random_f64(1 << 17, seed + 1, lo, hi));
    }
    a.extend(random_f64(1 << 16, 49, -1.0, 1.0));
    b.extend(random_f64(1 << 16, 50, -1e8, 1e8));
    random_bit_pairs64(&mut a, &mut b, 1 << 16, 0x5678_9abc);
    (a, b)
}

#[test]
fn atan2_64_is_correctly_rounded_on_samples() {
    let (a, b) = atan2_64_sample();
    check64x2::<atan64::Atan2_64>(&a, &b, core_math::atan2);
}

/// `TENSOR_VMATH_PAIRS` (default `10^9`) random pairs of each of four kinds (both signs,
/// magnitudes in `[-1, 1]`, `[-10^6, 10^6]`, `y` in `[-1, 1]` with `x` in `[-10^8,
/// 10^8]`, and `[-10^-200, 10^-200]` with `[-10^200, 10^200]`) through the dispatched
/// `atan2` kernel, on all cores: every result it rounds itself must be CORE-MATH's.
#[test]
#[ignore = "random pairs: run in release mode (see the module docs)"]
fn random_atan2_64() {
    random64x2::<atan64::Atan2_64>(
        core_math::atan2,
        [
            ((-1.0, 1.0), (-1.0, 1.0)),
            ((-1e6, 1e6), (-1e6, 1e6)),
            ((-1.0, 1.0), (-1e8, 1e8)),
            ((-1e-200, 1e-200), (-1e200, 1e200)),
        ],
    );
}

/// `TENSOR_VMATH_PAIRS` (default `10^9`) random pairs `(x, y)` of each of four kinds
/// (`x` in `(0, 10)` with `y` in `(-3, 3)`, the benchmark's; `(0, 10^6)` with `(-50, 50)`;
/// `(0.5, 2)` with `(-10^3, 10^3)`; `(-10, 10)` with `(-10, 10)`, where the negative `x`
/// are CORE-MATH's but for integer `y`) through the dispatched `pow` kernel.
#[test]
#[ignore = "random pairs: run in release mode (see the module docs)"]
fn random_pow64() {
    random64x2::<pow64::Pow64>(
        core_math::pow,
        [
            ((0.0, 10.0), (-3.0, 3.0)),
            ((0.0, 1e6), (-50.0, 50.0)),
            ((0.5, 2.0), (-1e3, 1e3)),
            ((-10.0, 10.0), (-10.0, 10.0)),
        ],
    );
}

/// `TENSOR_VMATH_PAIRS` (default `10^9`) random pairs of each kind `((alo, ahi), (blo,
/// bhi))` through the dispatched kernel `F`, on all cores: every result it rounds itself
/// must be the reference's; prints the count and the share left to the reference.
fn random64x2<F: Fun64x2>(reference: fn(f64, f64) -> f64, kinds: [((f64, f64), (f64, f64)); 4]) {
    use rayon::prelude::*;
    let t = std::time::Instant::now();
    let n: u64 = std::env::var("TENSOR_VMATH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000_000);
    let blocks = n.div_ceil(1 << 16);
    let (bad, redone) = (0..4 * blocks)
        .into_par_iter()
        .map(|blk| {
            let ((alo, ahi), (blo, bhi)) = kinds[(blk % 4) as usize];
            let a: Vec<f64> = random_f64(1 << 16, 0x5eed + blk, alo, ahi).collect();
            let b: Vec<f64> = random_f64(1 << 16, 0xfeed + blk, blo, bhi).collect();
            let mut out = vec![0.0f64; a.len()];
            let mut flags = vec![0u32; a.len()];
            let mut scratch = vec![0.0f64; a.len()];
            for (((ab, bb), sb), fb) in a
                .chunks(BLOCK)
                .zip(b.chunks(BLOCK))
                .zip(scratch.chunks_mut(BLOCK))
                .zip(flags.chunks_mut(BLOCK))
            {
                F::block(ab, bb, sb, fb);
            }
            run64x2::<F>(&a, &b, &mut out);
            let mut acc = (0u64, [0u64; 4]);
            for (((&x, &y), &r), &f) in a.iter().zip(&b).zip(&out).zip(&flags) {
                if f != 0 {
                    acc.1[(blk % 4) as usize] += 1;
                    continue;
                }
                let e = reference(x, y);
                if r.to_bits() != e.to_bits() {
                    if acc.0 == 0 {
                        eprintln!("{}({x:e}, {y:e}) = {r:e}, want {e:e}", F::NAME);
                    }
                    acc.0 += 1;
                }
            }
            acc
        })
        .reduce(
            || (0, [0; 4]),
            |a, b| (a.0 + b.0, std::array::from_fn(|i| a.1[i] + b.1[i])),
        );
    println!(
        "{} f64: {:?} path: {bad} of {} random pairs differ from CORE-MATH; {} computed by \
         CORE-MATH ({redone:?} by kind); {:.1} s",
        F::NAME,
        Path::current(),
        4 * blocks * (1 << 16),
        redone.iter().sum::<u64>(),
        t.elapsed().as_secs_f64()
    );
    assert_eq!(bad, 0, "{} results differ from CORE-MATH", bad);
}

/// The `pow` sample: every pair of special values (zeros, infinities, NaN, subnormals, the
/// ends of the range, negative bases, integer and half-integer exponents), integer
/// exponents of both parities on negative and positive bases, exact results and exact
/// midpoints, exponents that put `y ln x` at the ends of the proven range `[-708, 709]`
/// (with neighbours), bases next to 1 with large exponents, tiny exponents, uniform pairs
/// over several ranges, pairs with `|y ln x|` near 700, and random bit patterns.
fn pow64_sample() -> (Vec<f64>, Vec<f64>) {
    let (mut a, mut b) = (vec![], vec![]);
    let more = [
        2.0,
        -2.0,
        0.5,
        -0.5,
        3.0,
        -3.0,
        1.5,
        10.0,
        2f64.powi(53),
        2f64.powi(53) + 2.0,
        1e300,
        -1e300,
    ];
    special_pairs64(&mut a, &mut b, &more);
    for x in [
        -7.5, -3.0, -2.0, -1.5, -0.1, 0.1, 1.5, 2.0, 3.0, 7.5, 1e10, -1e-10,
    ] {
        for y in -40..=40 {
            a.extend([x, x]);
            b.extend([y as f64, y as f64 + 0.5]);
        }
    }
    // Exact results and exact midpoints between two f64s (27-bit bases squared).
    for (x, y) in [
        (2f64.powi(27) - 1.0, 2.0),
        (1.0 - 2f64.powi(-27), 2.0),
        (-(2f64.powi(27) - 1.0), 2.0),
        (2f64.powi(18) - 1.0, 3.0),
        (9.0, 0.5),
        (0.25, 1.5),
        (16.0, 0.25),
        (2.0, 1023.0),
        (2.0, -1022.0),
        (10.0, 22.0),
    ] {
        a.push(x);
        b.push(y);
    }
    // y ln x at the ends of the proven range, and past them.
    for x in [0.3, 1.0001, 1.5, 2.0, 7.0, 1e10, 1e-10, 1e300] {
        for p in [-745.0, -708.5, -708.0, -700.0, 700.0, 709.0, 709.5, 710.0] {
            let mut v = vec![];
            around64(&mut v, p / f64::ln(x), 3);
            for y in v {
                a.push(x);
                b.push(y);
            }
        }
    }
    // Bases next to 1 with large exponents, tiny exponents.
    for d in [1u64, 2, 3, 1000, 1 << 20, 1 << 40] {
        for x in [
            f64::from_bits(1f64.to_bits() + d),
            f64::from_bits(1f64.to_bits() - d),
        ] {
            for y in [1e3, 1e10, 1e15, -1e15, 3e17, 1e-300, 5e-324, -1e-20] {
                a.push(x);
                b.push(y);
            }
        }
    }
    for (seed, (xlo, xhi), (ylo, yhi)) in [
        (51, (0.0, 10.0), (-3.0, 3.0)),
        (53, (0.0, 1e6), (-50.0, 50.0)),
        (55, (0.5, 2.0), (-1e3, 1e3)),
        (57, (-10.0, 10.0), (-10.0, 10.0)),
        (59, (0.0, 1e-300), (-1.0, 1.0)),
        (61, (1e250, 1e300), (-2.3, 2.3)),
    ] {
        a.extend(random_f64(1 << 16, seed, xlo, xhi));
        b.extend(random_f64(1 << 16, seed + 1, ylo, yhi));
    }
    // |y ln x| near 700.
    let xs: Vec<f64> = random_f64(1 << 16, 63, 1.01, 1e5).collect();
    let ts: Vec<f64> = random_f64(1 << 16, 64, -1.0, 1.0).collect();
    for (&x, &t) in xs.iter().zip(&ts) {
        a.push(x);
        b.push(t * 709.0 / x.ln());
    }
    random_bit_pairs64(&mut a, &mut b, 1 << 16, 0x9abc_def0);
    (a, b)
}

#[test]
fn pow64_is_correctly_rounded_on_samples() {
    let (a, b) = pow64_sample();
    check64x2::<pow64::Pow64>(&a, &b, core_math::pow);
    // The vector path must decide almost every pair of the benchmark's range itself.
    let x: Vec<f64> = random_f64(1 << 14, 71, 0.0, 10.0).collect();
    let y: Vec<f64> = random_f64(1 << 14, 72, -3.0, 3.0).collect();
    let (mut out, mut bad) = (vec![0.0; BLOCK], vec![0u32; BLOCK]);
    let flagged: u32 = x
        .chunks(BLOCK)
        .zip(y.chunks(BLOCK))
        .map(|(x, y)| {
            pow64::Pow64::block(x, y, &mut out, &mut bad);
            bad.iter().sum::<u32>()
        })
        .sum();
    assert!(flagged < 64, "{flagged} of 16384 pairs left to CORE-MATH");
}

/// On the baseline path (no FMA) only the `f64` kernels that beat scalar CORE-MATH there
/// (`sin`, `cos`, `tan`) are offered; every path keeps them all in `f64_kernel_any`.
#[test]
fn f64_kernels_on_the_baseline_path_are_only_the_faster_ones() {
    let offered = |path| -> Vec<UnaryOp> {
        UnaryOp::ALL
            .iter()
            .copied()
            .filter(|&op| f64_kernel_on(path, op).is_some())
            .collect()
    };
    assert_eq!(
        offered(Path::Baseline),
        [UnaryOp::Sin, UnaryOp::Cos, UnaryOp::Tan]
    );
    assert_eq!(offered(Path::Avx2).len(), 21);
    for op in [tensor_core::BinaryOp::Atan2, tensor_core::BinaryOp::Pow] {
        assert!(f64_kernel2_on(Path::Baseline, op).is_none());
        assert!(f64_kernel2_on(Path::Avx2, op).is_some());
    }
}

/// The `f64` `rsqrt` sample: special values (zeros, negatives, infinities, NaNs),
/// subnormals and the ends of the normal range with neighbours, every power of 2 with
/// neighbours, every power of 4 with 64 neighbours on each side (`4^k (1 - 2i 2^-53)` for
/// odd `i` has its result within `1.5 i^2 2^-106` relative of a midpoint between two
/// `f64`s, and for even `i` as close to an `f64`: the hardest cases of the rounding test),
/// more of those below a few powers of 4, exact squares (results `1/n`, near `f64`s for
/// `n` near `2^26`), uniform values over several scales, and random bit patterns.
fn rsqrt64_sample() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::from_bits(0x7ff0_0000_0000_0001),
        f64::from_bits(0xfff4_0000_0000_0000),
        -1.0,
        -4.0,
        -f64::MIN_POSITIVE,
        -5e-324,
        f64::MIN,
    ];
    for x in [
        5e-324,
        f64::MIN_POSITIVE,
        f64::from_bits(0x000f_ffff_ffff_ffff),
        f64::MAX,
        1.0,
        2.0,
        0.5,
        3.0,
        10.0,
        0.1,
    ] {
        around64(&mut v, x, 8);
    }
    for e in -1074..=1023 {
        around64(&mut v, 2f64.powi(e), 2);
    }
    for k in -511..=511 {
        around64(&mut v, 2f64.powi(2 * k), 64);
    }
    for k in [-511, -300, -1, 0, 1, 2, 300, 511] {
        let b = 2f64.powi(2 * k).to_bits();
        v.extend((1..5000u64).map(|i| f64::from_bits(b - 2 * i)));
    }
    let squares = |n: u64, s: f64| (n as f64) * (n as f64) * s;
    for j in 1..3000u64 {
        for s in [1.0, 2f64.powi(-600), 2f64.powi(500), 2.0] {
            v.push(squares((1 << 26) + j, s));
            v.push(squares((1 << 26) - j, s));
            v.push(squares(j, s));
        }
    }
    v.extend(
        random_bits64(1 << 16, 0x5151)
            .map(|b| squares(b.to_bits() >> 38, 2f64.powi(2 * (b.to_bits() as i32 % 400)))),
    );
    v.extend(random_f64(1 << 18, 21, 0.0, 4.0));
    v.extend(random_f64(1 << 16, 22, 0.0, 1e300));
    v.extend(random_f64(1 << 16, 23, 1e-300, 1e-290));
    v.extend(random_f64(1 << 16, 24, 0.0, 1e-307));
    v.extend(random_bits64(1 << 18, 0x7777_1234).map(f64::abs));
    v.extend(random_bits64(1 << 16, 0x7777_4321));
    v
}

#[test]
fn rsqrt64_is_correctly_rounded_on_samples() {
    check64::<root64::Rsqrt64>(&rsqrt64_sample(), core_math::rsqrt);
}

/// The proven bounds of `rsqrt`'s start and step (see `root64`'s docs) hold on a dense
/// sample: every `2^30`-th mantissa in an even and an odd binade, the ends and the
/// extrema of the start's three pieces with neighbours, and random positive normal `f64`s.
#[test]
fn rsqrt64_start_is_within_its_bound() {
    let mut xs: Vec<f64> = Vec::new();
    for ex in [1.0f64, 2.0] {
        xs.extend((0..1u64 << 22).map(|m| ex * f64::from_bits(0x3ff0_0000_0000_0000 | (m << 30))));
        let mu = (0x5fe6_eb50_c7b5_37a9u64 & ((1 << 52) - 1)) as f64 / 2f64.powi(52);
        for f in [
            0.0,
            2.0 * mu,
            (0.5 + mu) * 2.0 / 3.0,
            mu * 2.0 / 3.0,
            (1.0 + mu) * 2.0 / 3.0,
        ] {
            around64(&mut xs, ex * (1.0 + f), 16);
        }
        around64(&mut xs, ex * 2.0, 16);
    }
    xs.extend(
        random_bits64(1 << 20, 0xabc)
            .map(|x| x.abs())
            .filter(|x| x.is_normal()),
    );
    let b = 2f64.powf(-20.85);
    let (mut lo, mut hi, mut worst) = (f64::INFINITY, 0.0f64, 0.0f64);
    for &x in &xs {
        let s = x.sqrt();
        let rho = root64::start(x.to_bits()) * s;
        lo = lo.min(rho);
        hi = hi.max(rho);
        worst = worst.max((root64::step(x, x.to_bits()) * s - 1.0).abs());
    }
    assert!(0.965634 <= lo && hi <= 1.033977, "start: {lo} ..= {hi}");
    assert!(worst <= b, "step: {worst:e} > 2^-20.85");
    // The sample reaches the start's extrema, and the step's largest error (3.77e-7; the
    // bound, from the Lagrange remainder at its worst, is 5.1e-7).
    assert!(
        lo < 0.96564 && hi > 1.03397 && worst > 3.7e-7,
        "not sharp: {lo} {hi} {worst:e}"
    );
}

#[test]
#[ignore = "4 x 10^9 random inputs: run in release mode (see the module docs)"]
fn random_rsqrt64() {
    random64_in::<root64::Rsqrt64>(
        core_math::rsqrt,
        &[(0.0, 4.0), (0.25, 1.0), (0.0, 1e300), (1e-300, 1e-290)],
    );
}
