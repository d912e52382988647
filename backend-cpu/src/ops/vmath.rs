//! Vectorisable `f32` `exp`, `log` and `sin` with an error of at most 1 ULP.
//!
//! # Method
//! Each function is evaluated in `f64` (four lanes per AVX2 vector) on a range where the
//! result is a normal `f32`, then rounded once to `f32`:
//!
//! * `exp`: `k = round(x / ln 2)`, `r = x - k ln 2` (one fused multiply-add, `|r| <= ln2/2`),
//!   `e^r` by a degree-7 polynomial, `2^k` added to the exponent field of the result.
//! * `log`: `x = 2^e m` with `m` in `[sqrt(1/2), sqrt 2)` from the bits,
//!   `log m = 2 atanh(f)`, `f = (m - 1) / (m + 1)` (`|f| <= 0.1716`), by `f` times a
//!   degree-4 polynomial in `f^2`; plus `e ln 2`.
//! * `sin`: `k = round(x / pi)`, `r = x - k pi` (pi in two parts, two fused multiply-adds,
//!   `|r| <= pi/2`), `sin x = (-1)^k r P(r^2)` with `P` of degree 5: one polynomial for every
//!   element, the sign flipped by an integer XOR of `k`'s parity.
//!
//! The polynomials are minimax approximations of the *relative* error on the reduced
//! interval (widened by `2^-20` for the rounding of the reduction), fitted with the Remez
//! exchange algorithm in 50-digit `mpmath` arithmetic (Python, the script is given
//! below), then rounded to `f64`; their error, re-measured with the rounded coefficients on
//! a dense grid, is below `2^-34.5` (exp), `2^-37.7` (log) and `2^-35.4` (sin).
//!
//! # Error analysis
//! The reductions are exact or accurate to about `2^-48` relative (see the comments in the
//! cores), and each `f64` operation adds at most `2^-53`, so the `f64` value before the final
//! rounding has a relative error below `2^-34`. Half an `f32` ULP is at least `2^-25`
//! relative, so the result is at most `0.5 + 2^-9` ULP from the exact value: within 1 ULP
//! of the correctly rounded result, and equal to it unless the exact value lies within
//! `2^-34` (relative) of a rounding boundary. This is checked on *every* `f32` input against
//! CORE-MATH by the exhaustive tests below (see "Exhaustive check"), and on samples by the
//! fast unit tests and the conformance suite (1 ULP for the CPU backend, the policy of
//! issues #2 and #6).
//!
//! # Structure
//! The kernels are branch-free loops over slices (integer scaling and sign flips by bit
//! manipulation), compiled twice: for the baseline target and with AVX2 and FMA enabled,
//! chosen at run time; both perform the same IEEE operations (`mul_add` is a fused
//! multiply-add on both, in software on the baseline target, which is slow but exact), so
//! they give identical results. Blocks of `BLOCK` (512) elements are computed without looking at
//! the inputs, then a vectorised maximum over a key of the input bits tells whether any is
//! outside the function's safe range (NaN, infinities, zero, subnormals, negative numbers
//! for `log`, overflow and underflow zones for `exp`, `|x| < 2^-20` or `|x| > 2^16` for
//! `sin`); only such blocks are scanned again, and those inputs recomputed with the
//! correctly rounded CORE-MATH function, so special values are exactly those of CORE-MATH.
//!
//! # Performance
//! Single thread, AVX2 path, 16384-element slices in cache (AMD EPYC Zen 3, shared
//! machine, best of 5): `exp` 0.64 ns per element, `log` 0.87, `sin` 0.72 (the previous
//! kernels, with Taylor series of degree 10 to 15, both sin and cos evaluated, and a scalar
//! range check: 1.55, 2.01, 2.44).
//!
//! # Exhaustive check
//! The `#[ignore]`d tests `exhaustive_exp`, `exhaustive_log` and `exhaustive_sin` run all
//! `2^32` bit patterns through the dispatched kernels (on all cores, with rayon) and
//! compare with CORE-MATH's correctly rounded `expf`, `logf` and `sinf`, asserting at most
//! 1 ULP (and identical NaN, zero and infinite results); they print the largest distance
//! and the fraction correctly rounded:
//!
//! ```text
//! cargo test --release -p backend-cpu --lib ops::vmath::tests::exhaustive -- --ignored --nocapture
//! ```
//!
//! Results (AVX2 path, AMD EPYC, 2 cores shared with other work, `--test-threads=1`):
//!
//! | function | max error | correctly rounded, all `2^32` inputs | in the kernel's range | time |
//! |----------|-----------|--------------------------------------|-----------------------|------|
//! | `exp`    | 1 ULP     | 99.99454% (234628 off by 1 ULP)      | 99.98951% of 2237399042 | 28 s |
//! | `log`    | 1 ULP     | 99.99998% (1007 off by 1 ULP)        | 99.99995% of 2130706432 | 31 s |
//! | `sin`    | 1 ULP     | 99.99769% (99268 off by 1 ULP)       | 99.98356% of 603979778  | 63 s |
//!
//! The other inputs are computed by CORE-MATH, hence exact.
//!
//! # Fitting the coefficients
//! The coefficients are the output of this script (`mpmath` 1.3; the printed values, pasted
//! as they are):
//!
//! ```text
//! import mpmath as mp
//! mp.mp.dps = 50
//! def remez(f, a, b, n, grid=2000):
//!     """Degree-n minimax polynomial for the relative error of f on [a, b]."""
//!     err = lambda c, t: 1 - mp.polyval(c[::-1], t) / f(t)
//!     ref = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (n + 1)) for i in range(n + 2)]
//!     for _ in range(30):
//!         A = mp.matrix([[t**j for j in range(n + 1)] + [(-1)**i * f(t)]
//!                        for i, t in enumerate(ref)])
//!         c = list(mp.lu_solve(A, mp.matrix([f(t) for t in ref])))[:n + 1]
//!         ts = [a + (b - a) * i / grid for i in range(grid + 1)]
//!         es = [err(c, t) for t in ts]
//!         runs, cur = [], [0]          # runs of one sign; the extremum of each, refined
//!         for i in range(1, grid + 1):
//!             if mp.sign(es[i]) == mp.sign(es[cur[-1]]): cur.append(i)
//!             else: runs.append(cur); cur = [i]
//!         runs.append(cur)
//!         ref = []
//!         for r in runs:
//!             k = max(r, key=lambda i: abs(es[i]))
//!             lo, hi = ts[max(k - 1, 0)], ts[min(k + 1, grid)]
//!             for _ in range(60):
//!                 m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
//!                 if abs(err(c, m1)) > abs(err(c, m2)): hi = m2
//!                 else: lo = m1
//!             ref.append((lo + hi) / 2)
//!         while len(ref) > n + 2:      # keep n + 2 alternating points
//!             ref.pop(0 if abs(err(c, ref[0])) < abs(err(c, ref[-1])) else -1)
//!     return [float(x) for x in c]
//! w = 1 + mp.mpf(2)**-20
//! print(remez(mp.exp, -mp.ln2 / 2 * w, mp.ln2 / 2 * w, 7))
//! print(remez(lambda s: 2 * mp.atanh(mp.sqrt(s)) / mp.sqrt(s) if s else mp.mpf(2),
//!             mp.mpf(0), ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1))**2 * w, 4))
//! print(remez(lambda s: mp.sin(mp.sqrt(s)) / mp.sqrt(s) if s else mp.mpf(1),
//!             mp.mpf(0), (mp.pi / 2 * w)**2, 5))
//! ```

/// `exp` is evaluated here for `|x| <= 87` (results are normal `f32`s: `e^-87` is about
/// `1.6e-38 > 2^-126`, and `e^88 < f32::MAX`). Bit pattern of `87.0f32`.
const EXP_SAFE_BITS: u32 = 0x42ae_0000;
/// `sin` is evaluated here for `2^-20 <= |x| <= 2^16` (the quotient by `pi` is below
/// `2^15`, so the two-part reduction is accurate; tiny arguments, where `sin x` rounds to
/// `x` or its neighbour and signed zeros matter, go to CORE-MATH). Bit patterns of `2^-20`
/// and `2^16`.
const SIN_TINY_BITS: u32 = 0x3580_0000;
const SIN_SAFE_BITS: u32 = 0x4780_0000;

/// `1.5 * 2^52`: adding it rounds an `f64` of magnitude below `2^51` to an integer, which
/// is then held in the low bits of the sum's representation.
const MAGIC: f64 = 6755399441055744.0;

/// ln 2 rounded to `f64` (error below `2^-55`).
const LN2: f64 = std::f64::consts::LN_2;
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// pi split in two `f64`s: `PI_HI` is pi rounded to `f64`, `PI_LO` the rounded rest (their
/// sum is pi within `2^-106`).
const PI_HI: f64 = std::f64::consts::PI;
const PI_LO: f64 = 1.224_646_799_147_353_2e-16;
const FRAC_1_PI: f64 = std::f64::consts::FRAC_1_PI;

/// `e^r ~ sum EXP_C[i] r^i` on `|r| <= (ln 2 / 2)(1 + 2^-20)`: minimax for the relative
/// error, which is below `2^-34.5`.
const EXP_C: [f64; 8] = [
    0.999_999_999_961_681_7,
    1.000_000_000_243_098_4,
    0.500_000_010_453_683_3,
    0.166_666_651_261_287_4,
    0.041_666_225_423_777_056,
    0.008_333_561_091_054_282,
    0.001_394_818_344_259_507_8,
    0.000_197_751_714_819_462_95,
];
/// `2 atanh(f) / f ~ sum LOG_C[i] f^(2i)` for `f^2 <= ((sqrt 2 - 1)/(sqrt 2 + 1))^2
/// (1 + 2^-20)`: minimax for the relative error, which is below `2^-37.7`.
const LOG_C: [f64; 5] = [
    2.000_000_000_008_424,
    0.666_666_652_404_472_9,
    0.400_003_858_701_987_9,
    0.285_349_858_558_679_3,
    0.236_174_672_151_194_48,
];
/// `sin(r) / r ~ sum SIN_C[i] r^(2i)` for `r^2 <= (pi/2)^2 (1 + 2^-20)^2`: minimax for the
/// relative error, which is below `2^-35.4`.
const SIN_C: [f64; 6] = [
    0.999_999_999_978_848_7,
    -0.166_666_666_088_255_03,
    0.008_333_330_720_537_423,
    -0.000_198_408_328_207_278_7,
    2.752_397_094_653_707e-6,
    -2.386_834_426_937_929e-8,
];

// The polynomials of exp and sin are evaluated by Estrin's scheme (pairs `c[2i] + c[2i+1] t`,
// then pairs of those with `t^2`, and so on): the same number of fused multiply-adds as
// Horner's rule plus a squaring or two, but a shorter dependency chain, which lets the
// out-of-order core overlap more elements (measured: 5% faster for exp, 1% for sin). For
// log, whose division leaves the multiply-add units idle anyway, Horner's rule is faster.

/// `c[0] + c[1] t + c[2] t^2 + c[3] t^3`.
#[inline(always)]
fn poly3(t: f64, c: &[f64]) -> (f64, f64) {
    let t2 = t * t;
    let lo = c[1].mul_add(t, c[0]);
    let hi = c[3].mul_add(t, c[2]);
    (hi.mul_add(t2, lo), t2)
}

/// `EXP_C` at `r`, degree 7.
#[inline(always)]
fn exp_poly(r: f64) -> f64 {
    let (lo, r2) = poly3(r, &EXP_C[..4]);
    let (hi, _) = poly3(r, &EXP_C[4..]);
    hi.mul_add(r2 * r2, lo)
}

/// `LOG_C` at `s`, degree 4.
#[inline(always)]
fn log_poly(s: f64) -> f64 {
    let mut p = LOG_C[4];
    for &c in LOG_C[..4].iter().rev() {
        p = p.mul_add(s, c);
    }
    p
}

/// `SIN_C` at `s`, degree 5.
#[inline(always)]
fn sin_poly(s: f64) -> f64 {
    let s2 = s * s;
    let a = SIN_C[1].mul_add(s, SIN_C[0]);
    let b = SIN_C[3].mul_add(s, SIN_C[2]);
    let c = SIN_C[5].mul_add(s, SIN_C[4]);
    c.mul_add(s2, b).mul_add(s2, a)
}

#[inline(always)]
fn exp_core(x: f32) -> f32 {
    let x = x as f64;
    // k = round(x / ln 2), held in the low bits of `kd` (one rounding: fused).
    let kd = x.mul_add(LOG2_E, MAGIC);
    let k = kd - MAGIC;
    // r = x - k ln 2: |r| <= ln2/2 (plus 2^-50); the fused product is exact, and LN2's
    // error times |k| <= 126 is below 2^-48.
    let r = (-k).mul_add(LN2, x);
    let p = exp_poly(r);
    // p * 2^k by adding k to the exponent field: `kd`'s low bits hold k (two's
    // complement), shifted into place; p in [0.7, 1.5] and |k| <= 126 keep it normal.
    f64::from_bits(p.to_bits().wrapping_add(kd.to_bits() << 52)) as f32
}

#[inline(always)]
fn log_core(x: f32) -> f32 {
    // x = 2^e * m with m in [sqrt(1/2), sqrt(2)), from the bits (x normal and positive).
    let ix = x.to_bits();
    let i = ix.wrapping_sub(0x3f35_04f3);
    let e = (i as i32) >> 23;
    let m = f32::from_bits(ix.wrapping_sub(i & 0xff80_0000)) as f64;
    // log m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716; m - 1 and m + 1 are exact.
    let f = (m - 1.0) / (m + 1.0);
    let p = log_poly(f * f);
    // e ln 2 + f p: LN2's error times |e| <= 128 is below 2^-48, against a result of at
    // least ln2/2 when e != 0.
    f.mul_add(p, e as f64 * LN2) as f32
}

#[inline(always)]
fn sin_core(x: f32) -> f32 {
    let x = x as f64;
    // k = round(x / pi) in the low bits of `kd`; sin x = (-1)^k sin r, r = x - k pi.
    let kd = x.mul_add(FRAC_1_PI, MAGIC);
    let k = kd - MAGIC;
    // x - k PI_HI is exact (a multiple of 2^-51 below 2 in magnitude, x >= 2^-20), so r
    // has a relative error near 2^-53 even when it cancels: |k| < 2^15 keeps the
    // neglected k (pi - PI_HI - PI_LO) below 2^-91, and f32 inputs stay well away from
    // multiples of pi at that scale. |r| <= pi/2 (plus 2^-50).
    let r = (-k).mul_add(PI_HI, x);
    let r = (-k).mul_add(PI_LO, r);
    let v = r * sin_poly(r * r);
    // The sign flip (-1)^k: the parity of k is the lowest bit of `kd`.
    f64::from_bits(v.to_bits() ^ (kd.to_bits() << 63)) as f32
}

/// Elements per block: `core` runs over a block, then a vectorised maximum over the block
/// tells whether any input is outside the safe range; only then is the block scanned again.
const BLOCK: usize = 512;

/// The range check of one function: input bits `b` are in the safe range (evaluated by the
/// kernel) exactly when `key(b) <= limit`, an unsigned comparison, so that the loop only
/// needs the maximum of `key` over a block.
struct Safe<K> {
    key: K,
    limit: u32,
}

impl<K: Fn(u32) -> u32> Safe<K> {
    #[inline(always)]
    fn contains(&self, b: u32) -> bool {
        (self.key)(b) <= self.limit
    }
}

/// `exp`: `|x| <= 87` (NaN's magnitude bits exceed those of every finite value).
const EXP_SAFE: Safe<fn(u32) -> u32> = Safe {
    key: |b| b & 0x7fff_ffff,
    limit: EXP_SAFE_BITS,
};
/// `log`: `x` normal, positive and finite (exponent field 1..=254, sign bit clear).
const LOG_SAFE: Safe<fn(u32) -> u32> = Safe {
    key: |b| b.wrapping_sub(0x0080_0000),
    limit: 0x7eff_ffff,
};
/// `sin`: `2^-20 <= |x| <= 2^16`.
const SIN_SAFE: Safe<fn(u32) -> u32> = Safe {
    key: |b| (b & 0x7fff_ffff).wrapping_sub(SIN_TINY_BITS),
    limit: SIN_SAFE_BITS - SIN_TINY_BITS,
};

/// Applies `core` to every element, then recomputes with `exact` those outside the safe
/// range.
#[inline(always)]
fn apply(
    xs: &[f32],
    out: &mut [f32],
    core: impl Fn(f32) -> f32,
    safe: Safe<impl Fn(u32) -> u32>,
    exact: impl Fn(f32) -> f32,
) {
    for (xb, ob) in xs.chunks(BLOCK).zip(out.chunks_mut(BLOCK)) {
        for (o, &x) in ob.iter_mut().zip(xb) {
            *o = core(x);
        }
        // A separate pass over the block (in L1): eight 32-bit keys per AVX2 instruction,
        // where inside the loop above they were handled four at a time, beside the f64 lanes
        // (measured: 10 to 20% faster).
        let worst = xb.iter().fold(0u32, |w, &x| w.max((safe.key)(x.to_bits())));
        if worst > safe.limit {
            for (o, &x) in ob.iter_mut().zip(xb) {
                if !safe.contains(x.to_bits()) {
                    *o = exact(x);
                }
            }
        }
    }
}

#[inline(always)]
fn exp_body(xs: &[f32], out: &mut [f32]) {
    apply(xs, out, exp_core, EXP_SAFE, crate::cmath::f32::expf)
}

#[inline(always)]
fn log_body(xs: &[f32], out: &mut [f32]) {
    apply(xs, out, log_core, LOG_SAFE, crate::cmath::f32::logf)
}

#[inline(always)]
fn sin_body(xs: &[f32], out: &mut [f32]) {
    apply(xs, out, sin_core, SIN_SAFE, crate::cmath::f32::sinf)
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
            f32::from_bits(SIN_TINY_BITS),
            f32::from_bits(SIN_SAFE_BITS),
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

    /// Runs every `f32` bit pattern through `f` (the dispatched kernel, AVX2 where the CPU
    /// has it) in blocks of `2^16`, on all cores, and compares with the correctly rounded
    /// `exact`: asserts at most 1 ULP everywhere and prints the largest distance and the
    /// fraction correctly rounded, over all inputs and over those `safe` (evaluated by the
    /// kernel rather than by CORE-MATH).
    fn exhaustive(
        name: &str,
        f: fn(&[f32], &mut [f32]),
        exact: fn(f32) -> f32,
        safe: fn(u32) -> bool,
    ) {
        use rayon::prelude::*;
        let t = std::time::Instant::now();
        // Per block: (max ULP, misses, misses in the safe range, safe inputs).
        let (max, misses, safe_misses, safe_n) = (0u32..1 << 16)
            .into_par_iter()
            .map(|hi| {
                let xs: Vec<f32> = (0u32..1 << 16)
                    .map(|lo| f32::from_bits(hi << 16 | lo))
                    .collect();
                let mut out = vec![0.0f32; xs.len()];
                f(&xs, &mut out);
                let mut acc = (0u32, 0u64, 0u64, 0u64);
                for (&x, &y) in xs.iter().zip(&out) {
                    let e = exact(x);
                    let d = ulps(y, e);
                    assert!(
                        d <= 1,
                        "{name}({x:e}) ({:#x}): got {y:e}, exact {e:e}",
                        x.to_bits()
                    );
                    if e.is_nan() || e == 0.0 || e.is_infinite() {
                        assert_eq!(y.to_bits(), e.to_bits(), "{name}({x:e})");
                    }
                    let s = safe(x.to_bits());
                    acc.0 = acc.0.max(d);
                    acc.1 += (d != 0) as u64;
                    acc.2 += (s && d != 0) as u64;
                    acc.3 += s as u64;
                }
                acc
            })
            .reduce(
                || (0, 0, 0, 0),
                |a, b| (a.0.max(b.0), a.1 + b.1, a.2 + b.2, a.3 + b.3),
            );
        let all = (1u64 << 32) as f64;
        println!(
            "{name}: all 2^32 inputs: max {max} ULP, {misses} not correctly rounded \
             ({:.5}% correctly rounded); the {safe_n} inputs of the kernel's range: \
             {safe_misses} not correctly rounded ({:.5}%); {:.1} s",
            100.0 * (1.0 - misses as f64 / all),
            100.0 * (1.0 - safe_misses as f64 / safe_n as f64),
            t.elapsed().as_secs_f64()
        );
    }

    #[test]
    #[ignore = "exhaustive over all 2^32 inputs: run in release mode (see the module docs)"]
    fn exhaustive_exp() {
        exhaustive("exp", exp_f32, core_math::expf, |b| EXP_SAFE.contains(b));
    }

    #[test]
    #[ignore = "exhaustive over all 2^32 inputs: run in release mode (see the module docs)"]
    fn exhaustive_log() {
        exhaustive("log", log_f32, core_math::logf, |b| LOG_SAFE.contains(b));
    }

    #[test]
    #[ignore = "exhaustive over all 2^32 inputs: run in release mode (see the module docs)"]
    fn exhaustive_sin() {
        exhaustive("sin", sin_f32, core_math::sinf, |b| SIN_SAFE.contains(b));
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
