//! Slice kernels for the memory-bound float unary ops (`floor`, `ceil`, `round` half to
//! even, `trunc`, `reciprocal`, `sign`, and `rsqrt` of `f32`), with AVX2 twins chosen at
//! run time ([`has_avx2`]).
//!
//! The crate is built for baseline x86-64, which has no vector rounding instruction
//! (`roundps` is SSE4.1): there `f32::floor` is a call to libm per element. The AVX2
//! kernels use `vroundps`/`vroundpd` (exact, as the scalar functions), `vdivps`/`vdivpd`
//! (IEEE division, as `1.0 / x`) and compare-and-blend for `sign`, so both paths give
//! the same bits, zeros keep their sign, and NaN arguments give the NaN the portable code
//! gives: the roundings and `sign` return the argument itself (libm's `floorf` and
//! friends do not quiet a signalling NaN, `vroundps` would: NaN lanes are blended back),
//! `reciprocal` quiets it.
//!
//! `rsqrt` of `f32` is computed as `1 / sqrt(x)` in `f64` and rounded once to `f32`: the
//! two `f64` roundings leave an error below 2^-52 relative, far below the distance of
//! `1/sqrt(x)` to any `f32` rounding boundary for `f32` `x`, so the result is the correctly
//! rounded one, the bits CORE-MATH's `rsqrtf` returns (checked over a dense sample in the
//! unit tests, and over every `f32` by an ignored test, see `docs/benchmarks.md`). Blocks
//! with a negative (or `-0.0`) or NaN argument go to CORE-MATH element by element, so
//! the NaN and the infinities are its bits too. The portable path keeps CORE-MATH.
//!
//! `f64` `rsqrt` is not one of these kernels (`1/sqrt` in `f64` is not correctly rounded,
//! and [`Kind::of`] gives `Kind::Rsqrt` for `f32` only): the unary ops use the vectorised,
//! correctly rounded kernel of [`super::vmath::root64`] on the AVX2 and AVX-512 paths, and
//! CORE-MATH per element on the portable one, as [`f64()`] does here for `Kind::Rsqrt`.
//!
//! No AVX-512 twin: these kernels are memory-bound with AVX2 already, and no AVX-512
//! machine was at hand to test one.

use super::has_avx2;

/// The op of a kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
    /// Round half to even.
    Round,
    /// `trunc`
    Trunc,
    /// `1 / x`
    Reciprocal,
    /// `-1`, `+1`, or the argument itself (zeros and NaN).
    Sign,
    /// `1 / sqrt(x)`, correctly rounded (`f32` only: see the module doc).
    Rsqrt,
}

impl Kind {
    /// True for the four roundings.
    fn rounds(self) -> bool {
        matches!(self, Kind::Floor | Kind::Ceil | Kind::Round | Kind::Trunc)
    }

    /// The kind of `op` when this module has a kernel for it in `f32` (`f64`: `!f32`).
    pub fn of(op: tensor_core::UnaryOp, f32: bool) -> Option<Kind> {
        use tensor_core::UnaryOp as U;
        Some(match op {
            U::Floor => Kind::Floor,
            U::Ceil => Kind::Ceil,
            U::Round => Kind::Round,
            U::Trunc => Kind::Trunc,
            U::Reciprocal => Kind::Reciprocal,
            U::Sign => Kind::Sign,
            U::Rsqrt if f32 => Kind::Rsqrt,
            _ => return None,
        })
    }
}

macro_rules! scalar {
    ($name:ident, $t:ty, $rsqrt:path) => {
        /// The portable definition of each kind (what the scalar kernels always computed).
        #[inline(always)]
        fn $name(k: Kind, v: $t) -> $t {
            match k {
                Kind::Floor => v.floor(),
                Kind::Ceil => v.ceil(),
                Kind::Round => v.round_ties_even(),
                Kind::Trunc => v.trunc(),
                Kind::Reciprocal => 1.0 / v,
                Kind::Sign => {
                    if v > 0.0 {
                        1.0
                    } else if v < 0.0 {
                        -1.0
                    } else {
                        v
                    }
                }
                Kind::Rsqrt => $rsqrt(v),
            }
        }
    };
}

scalar!(scalar32, f32, crate::cmath::f32::rsqrtf);
scalar!(scalar64, f64, crate::cmath::f64::rsqrt);

/// `1 / sqrt(x)` in `f64`, rounded once to `f32` (what the AVX2 `f32` kernel computes).
#[inline(always)]
fn rsqrt_via_f64(v: f32) -> f32 {
    (1.0 / (v as f64).sqrt()) as f32
}

/// `rsqrt` as the AVX2 kernel computes it: [`rsqrt_via_f64`] for non-negative arguments,
/// CORE-MATH for negative ones (`-0.0` included) and NaN.
#[inline(always)]
fn rsqrt32(v: f32) -> f32 {
    if v.is_sign_negative() || v.is_nan() {
        crate::cmath::f32::rsqrtf(v)
    } else {
        rsqrt_via_f64(v)
    }
}

/// `dst[i] = kind(src[i])` in `f32`; the slices must have the same length.
pub fn f32(kind: Kind, src: &[f32], dst: &mut [f32]) {
    assert_eq!(src.len(), dst.len(), "vunary::f32: lengths differ");
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above); both pointers address
        // `src.len()` elements.
        return unsafe { avx2::run32(kind, src.as_ptr(), dst.as_mut_ptr(), src.len()) };
    }
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = scalar32(kind, s);
    }
}

/// `buf[i] = kind(buf[i])` in `f32`.
pub fn f32_in_place(kind: Kind, buf: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        let p = buf.as_mut_ptr();
        // SAFETY: the CPU has AVX2 and FMA (checked just above); the kernel reads each
        // element before writing it, so the source may be the destination.
        return unsafe { avx2::run32(kind, p, p, buf.len()) };
    }
    for v in buf {
        *v = scalar32(kind, *v);
    }
}

/// `dst[i] = kind(src[i])` in `f64` (`Kind::Rsqrt` is CORE-MATH per element on every
/// path); the slices must have the same length.
pub fn f64(kind: Kind, src: &[f64], dst: &mut [f64]) {
    assert_eq!(src.len(), dst.len(), "vunary::f64: lengths differ");
    #[cfg(target_arch = "x86_64")]
    if has_avx2() && kind != Kind::Rsqrt {
        // SAFETY: the CPU has AVX2 and FMA (checked just above); both pointers address
        // `src.len()` elements.
        return unsafe { avx2::run64(kind, src.as_ptr(), dst.as_mut_ptr(), src.len()) };
    }
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = scalar64(kind, s);
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Kind, rsqrt32, scalar32, scalar64};
    use std::arch::x86_64::*;

    const FLOOR: i32 = _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC;
    const CEIL: i32 = _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC;
    const ROUND: i32 = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    const TRUNC: i32 = _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC;

    /// `dst[i] = v(src[i..i+8])` eight at a time, `s` on the tail.
    ///
    /// # Safety
    /// AVX2 present; `src` and `dst` address `n` elements each; they are equal or do not
    /// overlap.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn map32(
        src: *const f32,
        dst: *mut f32,
        n: usize,
        v: impl Fn(__m256) -> __m256,
        s: impl Fn(f32) -> f32,
    ) {
        let mut i = 0;
        // SAFETY (whole body): every index is below `n`; each block is read before it is
        // written; unaligned loads and stores.
        unsafe {
            while i + 16 <= n {
                let a = _mm256_loadu_ps(src.add(i));
                let b = _mm256_loadu_ps(src.add(i + 8));
                _mm256_storeu_ps(dst.add(i), v(a));
                _mm256_storeu_ps(dst.add(i + 8), v(b));
                i += 16;
            }
            while i < n {
                *dst.add(i) = s(*src.add(i));
                i += 1;
            }
        }
    }

    /// As [`map32`] with four `f64` lanes.
    ///
    /// # Safety
    /// As [`map32`].
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn map64(
        src: *const f64,
        dst: *mut f64,
        n: usize,
        v: impl Fn(__m256d) -> __m256d,
        s: impl Fn(f64) -> f64,
    ) {
        let mut i = 0;
        // SAFETY (whole body): as in `map32`.
        unsafe {
            while i + 8 <= n {
                let a = _mm256_loadu_pd(src.add(i));
                let b = _mm256_loadu_pd(src.add(i + 4));
                _mm256_storeu_pd(dst.add(i), v(a));
                _mm256_storeu_pd(dst.add(i + 4), v(b));
                i += 8;
            }
            while i < n {
                *dst.add(i) = s(*src.add(i));
                i += 1;
            }
        }
    }

    /// `f32` kernels.
    ///
    /// # Safety
    /// As [`map32`].
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn run32(kind: Kind, src: *const f32, dst: *mut f32, n: usize) {
        // libm's floor/ceil/trunc/roundeven (what the baseline build calls) return a NaN
        // argument as it is, signalling ones included, where `vroundps` would quiet it:
        // NaN lanes keep the argument, here and in the tail (where the compiler would
        // otherwise inline `vround` too).
        let sc = |v: f32| {
            if v.is_nan() && kind.rounds() {
                v
            } else {
                scalar32(kind, v)
            }
        };
        let nan_kept =
            |r: __m256, v: __m256| _mm256_blendv_ps(r, v, _mm256_cmp_ps::<_CMP_UNORD_Q>(v, v));
        let (one, zero) = (_mm256_set1_ps(1.0), _mm256_setzero_ps());
        // SAFETY: the caller's contract, passed on.
        unsafe {
            match kind {
                Kind::Floor => map32(
                    src,
                    dst,
                    n,
                    |v| nan_kept(_mm256_round_ps::<FLOOR>(v), v),
                    sc,
                ),
                Kind::Ceil => map32(src, dst, n, |v| nan_kept(_mm256_round_ps::<CEIL>(v), v), sc),
                Kind::Round => map32(
                    src,
                    dst,
                    n,
                    |v| nan_kept(_mm256_round_ps::<ROUND>(v), v),
                    sc,
                ),
                Kind::Trunc => map32(
                    src,
                    dst,
                    n,
                    |v| nan_kept(_mm256_round_ps::<TRUNC>(v), v),
                    sc,
                ),
                Kind::Reciprocal => map32(src, dst, n, |v| _mm256_div_ps(one, v), sc),
                Kind::Sign => {
                    let m1 = _mm256_set1_ps(-1.0);
                    let f = |v| {
                        // Ordered compares: false for NaN, which is returned as it is.
                        let gt = _mm256_cmp_ps::<_CMP_GT_OQ>(v, zero);
                        let lt = _mm256_cmp_ps::<_CMP_LT_OQ>(v, zero);
                        _mm256_blendv_ps(_mm256_blendv_ps(v, one, gt), m1, lt)
                    };
                    map32(src, dst, n, f, sc)
                }
                Kind::Rsqrt => {
                    let one = _mm256_set1_pd(1.0);
                    let r = |x: __m128| _mm256_div_pd(one, _mm256_sqrt_pd(_mm256_cvtps_pd(x)));
                    let mut i = 0;
                    while i + 8 <= n {
                        let v = _mm256_loadu_ps(src.add(i));
                        // Negative (-0.0 included) or NaN lanes: the whole block goes to
                        // CORE-MATH, so that such results are its bits exactly.
                        let odd = _mm256_or_ps(v, _mm256_cmp_ps::<_CMP_UNORD_Q>(v, v));
                        if _mm256_movemask_ps(odd) == 0 {
                            let lo = _mm256_cvtpd_ps(r(_mm256_castps256_ps128(v)));
                            let hi = _mm256_cvtpd_ps(r(_mm256_extractf128_ps::<1>(v)));
                            let y = _mm256_insertf128_ps::<1>(_mm256_castps128_ps256(lo), hi);
                            _mm256_storeu_ps(dst.add(i), y);
                        } else {
                            for j in i..i + 8 {
                                *dst.add(j) = sc(*src.add(j));
                            }
                        }
                        i += 8;
                    }
                    for j in i..n {
                        *dst.add(j) = rsqrt32(*src.add(j));
                    }
                }
            }
        }
    }

    /// `f64` kernels (not `Rsqrt`, which the caller keeps scalar).
    ///
    /// # Safety
    /// As [`map32`].
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn run64(kind: Kind, src: *const f64, dst: *mut f64, n: usize) {
        // libm's floor/ceil/trunc/roundeven (what the baseline build calls) return a NaN
        // argument as it is, signalling ones included, where `vroundpd` would quiet it:
        // NaN lanes keep the argument, here and in the tail (where the compiler would
        // otherwise inline `vround` too).
        let sc = |v: f64| {
            if v.is_nan() && kind.rounds() {
                v
            } else {
                scalar64(kind, v)
            }
        };
        let nan_kept =
            |r: __m256d, v: __m256d| _mm256_blendv_pd(r, v, _mm256_cmp_pd::<_CMP_UNORD_Q>(v, v));
        let (one, zero) = (_mm256_set1_pd(1.0), _mm256_setzero_pd());
        // SAFETY: the caller's contract, passed on.
        unsafe {
            match kind {
                Kind::Floor => map64(
                    src,
                    dst,
                    n,
                    |v| nan_kept(_mm256_round_pd::<FLOOR>(v), v),
                    sc,
                ),
                Kind::Ceil => map64(src, dst, n, |v| nan_kept(_mm256_round_pd::<CEIL>(v), v), sc),
                Kind::Round => map64(
                    src,
                    dst,
                    n,
                    |v| nan_kept(_mm256_round_pd::<ROUND>(v), v),
                    sc,
                ),
                Kind::Trunc => map64(
                    src,
                    dst,
                    n,
                    |v| nan_kept(_mm256_round_pd::<TRUNC>(v), v),
                    sc,
                ),
                Kind::Reciprocal => map64(src, dst, n, |v| _mm256_div_pd(one, v), sc),
                Kind::Sign => {
                    let m1 = _mm256_set1_pd(-1.0);
                    let f = |v| {
                        let gt = _mm256_cmp_pd::<_CMP_GT_OQ>(v, zero);
                        let lt = _mm256_cmp_pd::<_CMP_LT_OQ>(v, zero);
                        _mm256_blendv_pd(_mm256_blendv_pd(v, one, gt), m1, lt)
                    };
                    map64(src, dst, n, f, sc)
                }
                Kind::Rsqrt => {
                    for i in 0..n {
                        *dst.add(i) = sc(*src.add(i));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::force_isa;
    use super::*;
    use std::sync::Mutex;

    static PATHS: Mutex<()> = Mutex::new(());

    const KINDS: [Kind; 7] = [
        Kind::Floor,
        Kind::Ceil,
        Kind::Round,
        Kind::Trunc,
        Kind::Reciprocal,
        Kind::Sign,
        Kind::Rsqrt,
    ];

    /// Specials, ties of every kind, and a dense stride over all `f32` patterns.
    fn f32_cases() -> Vec<f32> {
        let mut v: Vec<f32> = (0..=u32::MAX).step_by(65_537).map(f32::from_bits).collect();
        for k in -40..40 {
            let x = k as f32 * 0.25;
            v.extend([x, x + f32::EPSILON * x.abs(), x - f32::EPSILON * x.abs()]);
        }
        v.extend([
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            -f32::NAN,
            f32::from_bits(0x7f80_0001),
            f32::from_bits(0xffc1_2345),
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::from_bits(0x8000_0001),
            f32::MAX,
            f32::MIN,
            8388608.5,
            8388609.0,
            -8388607.5,
            16777215.0,
            0.49999997,
            -0.49999997,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
        ]);
        v
    }

    fn same32(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits()
    }

    #[test]
    fn f32_kernels_match_the_scalar_definitions_on_every_isa_path() {
        let xs = f32_cases();
        let _g = PATHS.lock().unwrap_or_else(|e| e.into_inner());
        for level in [1, 2, 3] {
            force_isa(level);
            for k in KINDS {
                for (lo, hi) in [(0, xs.len()), (1, 1 + 21), (3, 3 + 5)] {
                    let src = &xs[lo..hi];
                    let mut out = vec![0f32; src.len()];
                    f32(k, src, &mut out);
                    let mut inp = src.to_vec();
                    f32_in_place(k, &mut inp);
                    for ((&x, &y), &z) in src.iter().zip(&out).zip(&inp) {
                        let want = scalar32(k, x);
                        assert!(
                            same32(y, want),
                            "{k:?}({x:e} = {:#x}) = {y:e}, want {want:e}, level {level}",
                            x.to_bits()
                        );
                        assert!(same32(y, z), "{k:?} in place, {x:e}, level {level}");
                    }
                }
            }
        }
        force_isa(0);
    }

    #[test]
    fn f64_kernels_match_the_scalar_definitions_on_every_isa_path() {
        let step = u64::MAX / 100_000;
        let mut xs: Vec<f64> = (0..100_000u64).map(|i| f64::from_bits(i * step)).collect();
        xs.extend(f32_cases().iter().map(|&v| v as f64));
        xs.extend([
            4503599627370495.5,
            -4503599627370495.5,
            4503599627370497.0,
            f64::from_bits(0x7ff0_0000_0000_0001),
            f64::from_bits(1),
            -0.0,
        ]);
        let _g = PATHS.lock().unwrap_or_else(|e| e.into_inner());
        for level in [1, 2, 3] {
            force_isa(level);
            for k in KINDS {
                for (lo, hi) in [(0, xs.len()), (2, 2 + 11)] {
                    let src = &xs[lo..hi];
                    let mut out = vec![0f64; src.len()];
                    f64(k, src, &mut out);
                    for (&x, &y) in src.iter().zip(&out) {
                        let want = scalar64(k, x);
                        assert_eq!(y.to_bits(), want.to_bits(), "{k:?}({x:e}), level {level}");
                    }
                }
            }
        }
        force_isa(0);
    }

    /// `1/sqrt` in `f64` rounded once is CORE-MATH's correctly rounded `rsqrtf` on a dense
    /// sample of positive `f32` (every 61st pattern; the full check over all 2^31 is
    /// `cargo test --release -p backend-cpu rsqrt_via_f64_every_f32 -- --ignored`).
    #[test]
    fn rsqrt_via_f64_is_correctly_rounded() {
        for b in (0..0x7f80_0001u32)
            .step_by(61)
            .chain([0x7f80_0000, 1, 0x3f80_0000])
        {
            let x = f32::from_bits(b);
            assert!(
                same32(rsqrt_via_f64(x), crate::cmath::f32::rsqrtf(x)),
                "{x:e}"
            );
        }
    }

    /// [`rsqrt_via_f64_is_correctly_rounded`] on every non-negative `f32` (slow: minutes).
    #[test]
    #[ignore]
    fn rsqrt_via_f64_every_f32() {
        use rayon::prelude::*;
        let bad: Vec<u32> = (0..=0x7f80_0000u32)
            .into_par_iter()
            .filter(|&b| {
                let x = f32::from_bits(b);
                !same32(rsqrt_via_f64(x), crate::cmath::f32::rsqrtf(x))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "{} mismatches, first {:#x?}",
            bad.len(),
            &bad[..bad.len().min(8)]
        );
    }
}
