//! Vectorisable `f32` `exp`, `log` and `sin` with an error of at most 1 ULP.
//!
//! # Method
//! Each function is evaluated in `f64` on a range where the result is a normal `f32`, then
//! rounded once to `f32`: range reduction by an integer multiple of `ln 2` (exp), the
//! exponent (log) or `pi/2` (sin), in Cody–Waite form with plain (unfused) `f64`
//! arithmetic, then a short polynomial (Taylor series for exp, sin and cos; the `atanh`
//! series for log). The `f64` result has a relative error below `2^-40`, far below half an
//! `f32` ULP (`2^-24`), so the rounded result is within 1 ULP of the exact value, and
//! correctly rounded except when the exact value lies within `2^-40` (relative) of a
//! rounding boundary. The bound is checked against CORE-MATH in the unit tests below and by
//! the conformance suite (1 ULP for the CPU backend, the policy of issues #2 and #6).
//!
//! The kernels are branch-free loops over slices (integer scaling by bit manipulation,
//! quadrant selection by selects), compiled twice: for the baseline target and with AVX2
//! and FMA enabled, chosen at run time; both perform the same IEEE operations (`mul_add`
//! is a fused multiply-add on both, in software on the baseline target, which is slow but
//! exact), so they give identical results. Inputs outside the safe range of each function (NaN,
//! infinities, zero, subnormals, overflow and underflow zones, `|x| > 2^16` for `sin`) are
//! then recomputed with the correctly rounded CORE-MATH function, so special values are
//! exactly those of CORE-MATH.

/// `exp` is evaluated here for `|x| <= EXP_SAFE` (results are normal `f32`s: `e^-87` is
/// about `1.6e-38 > 2^-126`, and `e^88 < f32::MAX`).
const EXP_SAFE: f32 = 87.0;
/// `sin` is evaluated here for `2^-20 <= |x| <= SIN_SAFE` (the quotient by `pi/2` is below
/// `2^16`, so the three-part reduction is accurate; tiny arguments, where `sin x` rounds to
/// `x` or its neighbour and signed zeros matter, go to CORE-MATH).
const SIN_SAFE: f32 = 65536.0;
const SIN_TINY: f32 = 1.0 / 1048576.0;

/// `1.5 * 2^52`: adding it rounds an `f64` of magnitude below `2^51` to an integer, which
/// is then held in the low bits of the sum's representation.
const MAGIC: f64 = 6755399441055744.0;

/// ln 2 split in a 32-bit head (so `k * LN2_HI` is exact for `|k| < 2^21`) and the rest
/// (the values of fdlibm's `ln2_hi`/`ln2_lo`; their sum is ln 2 within `1.2e-26`).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// pi/2 split in three 33-bit parts (`k * PIO2_1`, `k * PIO2_2` exact for `|k| < 2^20`;
/// fdlibm's `pio2_1..3`, whose sum is pi/2 within `8.5e-32`).
const PIO2_1: f64 = 1.570_796_326_734_125_6;
const PIO2_2: f64 = 6.077_100_506_303_966e-11;
const PIO2_3: f64 = 2.022_266_248_711_166_5e-21;
const TWO_OVER_PI: f64 = std::f64::consts::FRAC_2_PI;

#[inline(always)]
fn exp_core(x: f32) -> f32 {
    let x = x as f64;
    let kd = x * LOG2_E + MAGIC;
    let k = kd - MAGIC;
    // |r| <= ln2/2 (plus rounding), exact to about 2^-60 absolute.
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^r to degree 10: remainder below 2^-42 relative for |r| <= 0.35.
    let mut p: f64 = 1.0 / 3628800.0;
    p = p.mul_add(r, 1.0 / 362880.0);
    p = p.mul_add(r, 1.0 / 40320.0);
    p = p.mul_add(r, 1.0 / 5040.0);
    p = p.mul_add(r, 1.0 / 720.0);
    p = p.mul_add(r, 1.0 / 120.0);
    p = p.mul_add(r, 1.0 / 24.0);
    p = p.mul_add(r, 1.0 / 6.0);
    p = p.mul_add(r, 0.5);
    p = p.mul_add(r, 1.0);
    p = p.mul_add(r, 1.0);
    // 2^k from the integer in the low bits of `kd` (|k| <= 126, so the biased exponent
    // k + 1023 fits its 11 bits).
    let scale = f64::from_bits(kd.to_bits().wrapping_add(1023) << 52);
    (p * scale) as f32
}

#[inline(always)]
fn log_core(x: f32) -> f32 {
    // x = 2^e * m with m in [sqrt(1/2), sqrt(2)), from the bits (x normal and positive).
    let ix = x.to_bits();
    let i = ix.wrapping_sub(0x3f35_04f3);
    let e = (i as i32) >> 23;
    let m = f32::from_bits(ix.wrapping_sub((e as u32) << 23)) as f64;
    // log m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716: the series to f^17 leaves
    // a remainder below 2^-49 relative.
    let f = (m - 1.0) / (m + 1.0);
    let f2 = f * f;
    let mut p: f64 = 1.0 / 17.0;
    p = p.mul_add(f2, 1.0 / 15.0);
    p = p.mul_add(f2, 1.0 / 13.0);
    p = p.mul_add(f2, 1.0 / 11.0);
    p = p.mul_add(f2, 1.0 / 9.0);
    p = p.mul_add(f2, 1.0 / 7.0);
    p = p.mul_add(f2, 1.0 / 5.0);
    p = p.mul_add(f2, 1.0 / 3.0);
    p = p.mul_add(f2, 1.0);
    let ed = e as f64;
    (ed * LN2_HI + (ed * LN2_LO + 2.0 * f * p)) as f32
}

#[inline(always)]
fn sin_core(x: f32) -> f32 {
    let x = x as f64;
    let kd = x * TWO_OVER_PI + MAGIC;
    let q = kd.to_bits();
    let k = kd - MAGIC;
    // |r| <= pi/4 (plus rounding); |k| < 2^16.
    let r = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
    let r2 = r * r;
    // Taylor series of sin to r^15 and cos to r^14: remainders below 2^-49 relative for
    // |r| <= pi/4.
    let mut s: f64 = 1.0 / 1307674368000.0;
    s = s.mul_add(r2, -1.0 / 6227020800.0);
    s = s.mul_add(r2, 1.0 / 39916800.0);
    s = s.mul_add(r2, -1.0 / 362880.0);
    s = s.mul_add(r2, 1.0 / 5040.0);
    s = s.mul_add(r2, -1.0 / 120.0);
    s = s.mul_add(r2, 1.0 / 6.0);
    // Written as r - r^3 (...) so that the leading term is exact.
    let s = r - r * r2 * s;
    let mut c: f64 = -1.0 / 87178291200.0;
    c = c.mul_add(r2, 1.0 / 479001600.0);
    c = c.mul_add(r2, -1.0 / 3628800.0);
    c = c.mul_add(r2, 1.0 / 40320.0);
    c = c.mul_add(r2, -1.0 / 720.0);
    c = c.mul_add(r2, 1.0 / 24.0);
    c = c.mul_add(r2, -0.5);
    let c = 1.0 + r2 * c;
    // Quadrant k mod 4: sin, cos, -sin, -cos.
    let v = if q & 1 == 0 { s } else { c };
    let v = if q & 2 == 0 { v } else { -v };
    v as f32
}

/// Applies `core` to every element, then recomputes with `exact` those outside the safe
/// range (`safe(x)` false).
#[inline(always)]
fn apply(
    xs: &[f32],
    out: &mut [f32],
    core: impl Fn(f32) -> f32,
    safe: impl Fn(f32) -> bool,
    exact: impl Fn(f32) -> f32,
) {
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = core(x);
    }
    for (o, &x) in out.iter_mut().zip(xs) {
        if !safe(x) {
            *o = exact(x);
        }
    }
}

#[inline(always)]
fn exp_body(xs: &[f32], out: &mut [f32]) {
    apply(xs, out, exp_core, |x| x.abs() <= EXP_SAFE, core_math::expf)
}

#[inline(always)]
fn log_body(xs: &[f32], out: &mut [f32]) {
    apply(
        xs,
        out,
        log_core,
        // Normal, positive and finite (NaN fails both comparisons).
        |x| (f32::MIN_POSITIVE..=f32::MAX).contains(&x),
        core_math::logf,
    )
}

#[inline(always)]
fn sin_body(xs: &[f32], out: &mut [f32]) {
    apply(
        xs,
        out,
        sin_core,
        |x| x.abs() >= SIN_TINY && x.abs() <= SIN_SAFE,
        core_math::sinf,
    )
}

macro_rules! dispatch {
    ($(#[$doc:meta])* $name:ident, $body:ident, $avx2:ident) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        fn $avx2(xs: &[f32], out: &mut [f32]) {
            $body(xs, out)
        }

        $(#[$doc])*
        pub fn $name(xs: &[f32], out: &mut [f32]) {
            assert_eq!(xs.len(), out.len(), "input and output lengths differ");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: AVX2 and FMA are available on this CPU (checked just above).
                return unsafe { $avx2(xs, out) };
            }
            $body(xs, out)
        }
    };
}

dispatch!(
    /// `out[i] = exp(xs[i])`, within 1 ULP (exact CORE-MATH values outside `|x| <= 87`).
    exp_f32, exp_body, exp_f32_avx2
);
dispatch!(
    /// `out[i] = ln(xs[i])`, within 1 ULP (exact CORE-MATH values for zero, negative,
    /// subnormal and non-finite inputs).
    log_f32, log_body, log_f32_avx2
);
dispatch!(
    /// `out[i] = sin(xs[i])`, within 1 ULP (exact CORE-MATH values outside
    /// `2^-20 <= |x| <= 2^16`).
    sin_f32, sin_body, sin_f32_avx2
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in ULPs between two finite `f32`s of the same sign (or equal).
    fn ulps(a: f32, b: f32) -> u32 {
        if a == b || (a.is_nan() && b.is_nan()) {
            return 0;
        }
        let key = |v: f32| {
            let i = v.to_bits() as i32;
            (if i < 0 { i32::MIN - i } else { i }) as i64
        };
        (key(a) - key(b)).unsigned_abs() as u32
    }

    /// Checks `f` against the correctly rounded `exact` on `xs`: at most 1 ULP everywhere,
    /// bit-identical where `exact` is used directly; returns the fraction not correctly
    /// rounded.
    fn check(xs: &[f32], f: fn(&[f32], &mut [f32]), exact: fn(f32) -> f32) -> f64 {
        let mut out = vec![0.0f32; xs.len()];
        f(xs, &mut out);
        let mut misses = 0usize;
        for (&x, &y) in xs.iter().zip(&out) {
            let e = exact(x);
            let d = ulps(y, e);
            assert!(
                d <= 1,
                "x = {x:e} ({:#x}): got {y:e}, exact {e:e}",
                x.to_bits()
            );
            if e.is_nan() || e == 0.0 || e.is_infinite() {
                assert_eq!(y.to_bits(), e.to_bits(), "x = {x:e}");
            }
            misses += (d != 0) as usize;
        }
        misses as f64 / xs.len() as f64
    }

    /// Pseudo-random `f32` bit patterns (SplitMix64) plus the edges of the safe ranges.
    fn inputs(n: usize) -> Vec<f32> {
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        let mut v: Vec<f32> = (0..n)
            .map(|_| {
                s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = s;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                f32::from_bits((z ^ (z >> 31)) as u32)
            })
            .collect();
        for edge in [
            0.0f32,
            1.0,
            0.5,
            2.0,
            87.0,
            88.0,
            88.72283,
            88.72284,
            89.0,
            1e-45,
            1e-38,
            SIN_TINY,
            SIN_SAFE,
            1e30,
            f32::MIN_POSITIVE,
            f32::MAX,
            f32::INFINITY,
            f32::NAN,
        ] {
            for e in [edge, -edge, f32::from_bits(edge.to_bits() + 1)] {
                v.push(e);
                v.push(-e);
            }
        }
        // Dense sweeps over the ranges that matter most.
        v.extend((0..20000).map(|i| -90.0 + i as f32 * 0.009));
        v.extend((0..20000).map(|i| i as f32 * 1e-4));
        v.extend((0..20000).map(|i| (i as f32 - 10000.0) * 0.01));
        v
    }

    #[test]
    fn exp_within_one_ulp() {
        let miss = check(&inputs(200_000), exp_f32, core_math::expf);
        assert!(miss < 1e-3, "{miss}");
    }

    #[test]
    fn log_within_one_ulp() {
        let mut xs = inputs(200_000);
        xs.extend((1..20000).map(|i| 1.0 + (i as f32 - 10000.0) * 1e-5));
        let miss = check(&xs, log_f32, core_math::logf);
        assert!(miss < 1e-3, "{miss}");
    }

    #[test]
    fn sin_within_one_ulp() {
        let mut xs = inputs(200_000);
        // Near multiples of pi/2, where the reduction cancels.
        for k in 1..2000 {
            let c = (k as f64 * std::f64::consts::FRAC_PI_2) as f32;
            let mut v = c;
            for _ in 0..8 {
                xs.push(v);
                v = f32::from_bits(v.to_bits() + 1);
            }
        }
        let miss = check(&xs, sin_f32, core_math::sinf);
        assert!(miss < 1e-3, "{miss}");
    }

    #[test]
    fn portable_and_avx2_paths_agree() {
        let xs = inputs(50_000);
        for (body, f) in [
            (
                exp_body as fn(&[f32], &mut [f32]),
                exp_f32 as fn(&[f32], &mut [f32]),
            ),
            (log_body, log_f32),
            (sin_body, sin_f32),
        ] {
            let (mut a, mut b) = (vec![0.0f32; xs.len()], vec![0.0f32; xs.len()]);
            body(&xs, &mut a);
            f(&xs, &mut b);
            for ((&x, &p), &q) in xs.iter().zip(&a).zip(&b) {
                assert_eq!(p.to_bits(), q.to_bits(), "x = {x:e}");
            }
        }
    }
}
