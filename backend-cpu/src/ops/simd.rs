//! AVX2 kernels chosen at run time ([`has_avx2`]) where LLVM's baseline code is far from
//! what the loop can do: the `f32` reduction leaves and the lanes of the `f32`
//! argmax/argmin scan (with exactly the arithmetic of the portable ones, so results do not
//! depend on the CPU), and the 4-byte transposed copy.
//!
//! # Reduction leaves
//!
//! The crate is built for the baseline `x86_64` target, where LLVM vectorises
//! [`leaf_sum`] on `f32` input with 128-bit registers and shuffles, at about
//! half the speed the loop can run. The functions here are written with AVX2 intrinsics and
//! chosen at run time ([`has_avx2`]): sixteen `f64` accumulators held as four 256-bit
//! vectors, element `j` of each group of sixteen going to accumulator `j` exactly as in
//! the portable loop, and the accumulators combined in the same pairwise order. No FMA is
//! used (the portable code does not fuse either), so both paths give bit-identical
//! results; the unit tests check this on every length up to a few leaves.

use super::{LEAF, has_avx2, leaf_sum};
#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::_mm256_loadu_ps;

/// Sum of `s` in `f64` (see [`leaf_sum`]), AVX2 when the CPU has it.
#[inline]
pub fn leaf_sum_f32(s: &[f32]) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        return unsafe { avx2::sum(s) };
    }
    leaf_sum(s, |v| v as f64)
}

/// Sum in `f64` of 16-bit floats (`bf16` when `brain`, else `f16`, as their bits): the
/// value of [`leaf_sum`] over the widened values (the same accumulators, the same order),
/// widened in registers (F16C, or a shift for `bf16`) when the CPU has the x86-64-v3
/// level; `None` otherwise, for the caller's portable path.
#[inline]
pub fn leaf_sum_half(s: &[u16], brain: bool) -> Option<f64> {
    #[cfg(target_arch = "x86_64")]
    if crate::isa::v3() {
        // SAFETY: the CPU has the x86-64-v3 level (AVX2, FMA, F16C).
        return Some(unsafe { avx2::sum_half(s, brain) });
    }
    let _ = (s, brain);
    None
}

/// The [`leaf_sum_f32`] value of each leaf of `s` (its consecutive [`LEAF`] chunks, the
/// last possibly shorter) into `out` (one per leaf). Full leaves are summed several at a
/// time (four with AVX-512, two with AVX2), so that eight accumulator chains are in
/// flight instead of four; with AVX-512 the last one to four leaves (the short one
/// included) are one more batch. Every leaf gets exactly the additions, in the same order,
/// of a one-leaf call.
pub fn leaves_sum_f32(s: &[f32], out: &mut [f64]) {
    let mut done = 0;
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has the level each kernel is compiled for (checked here).
        done = unsafe {
            if super::has_avx512() {
                let d = avx512::leaves(s, out, |p| _mm256_loadu_ps(p));
                d + avx512::few(
                    &s[d * LEAF..],
                    &mut out[d..],
                    |p| _mm256_loadu_ps(p),
                    |v| v as f64,
                )
            } else {
                avx2::leaves(s, out, |p| _mm256_loadu_ps(p))
            }
        };
    }
    for (c, o) in s[(done * LEAF).min(s.len())..]
        .chunks(LEAF)
        .zip(&mut out[done..])
    {
        *o = leaf_sum_f32(c);
    }
}

/// [`leaves_sum_f32`] of 16-bit floats (`bf16` when `brain`, else `f16`, as their bits),
/// widened in registers: each leaf's value is [`leaf_sum_half`]'s. `false` (nothing done)
/// without the x86-64-v3 level, for the caller's portable path.
pub fn leaves_sum_half(s: &[u16], brain: bool, out: &mut [f64]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if crate::isa::v3() {
        // SAFETY: the CPU has the x86-64-v3 level (AVX2, FMA, F16C), and AVX-512 F where
        // that kernel is chosen.
        let done = unsafe {
            let wide = |b: u16| {
                if brain {
                    half::bf16::from_bits(b).to_f32() as f64
                } else {
                    half::f16::from_bits(b).to_f32() as f64
                }
            };
            match (super::has_avx512(), brain) {
                (true, true) => {
                    let d = avx512::leaves(s, out, |p| avx2::load_bf16(p));
                    d + avx512::few(&s[d * LEAF..], &mut out[d..], |p| avx2::load_bf16(p), wide)
                }
                (true, false) => {
                    let d = avx512::leaves(s, out, |p| avx2::load_f16(p));
                    d + avx512::few(&s[d * LEAF..], &mut out[d..], |p| avx2::load_f16(p), wide)
                }
                (false, true) => avx2::leaves(s, out, |p| avx2::load_bf16(p)),
                (false, false) => avx2::leaves(s, out, |p| avx2::load_f16(p)),
            }
        };
        for (c, o) in s[(done * LEAF).min(s.len())..]
            .chunks(LEAF)
            .zip(&mut out[done..])
        {
            // SAFETY: as above.
            *o = unsafe { avx2::sum_half(c, brain) };
        }
        return true;
    }
    let _ = (s, brain, out);
    false
}

/// `(count, mean, sum of squared deviations from the mean)` of `s` in `f64`, two passes
/// (the mean by [`leaf_sum_f32`], then the squared deviations); AVX2 when the CPU has it.
#[inline]
pub fn leaf_moments_f32(s: &[f32]) -> (f64, f64, f64) {
    let n = s.len() as f64;
    let mean = leaf_sum_f32(s) / n;
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        return (n, mean, unsafe { avx2::sq_dev(s, mean) });
    }
    let m2 = leaf_sum(s, |v| {
        let d = v as f64 - mean;
        d * d
    });
    (n, mean, m2)
}

/// Copies the `h x w` block `out[i * ld + j] = x[i + j * s]` (`i < h`, `j < w`) of 4-byte
/// elements with 8x8 register transposes when the CPU has AVX2; returns `false` (nothing
/// done) otherwise, so that the caller uses its portable loop.
///
/// # Safety
/// Every `x[i + j * s]` and `out[i * ld + j]` in the block must be in bounds of the
/// allocations behind `x` and `out`, and the two must not overlap.
#[inline]
pub unsafe fn transpose4(
    x: *const u32,
    s: usize,
    out: *mut u32,
    ld: usize,
    h: usize,
    w: usize,
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 (checked just above); bounds are the caller's contract.
        unsafe { avx2::transpose4(x, s, out, ld, h, w) };
        return true;
    }
    let _ = (x, s, out, ld, h, w);
    false
}

/// The sixteen lanes of an `argmax` (`MAX`) or `argmin` scan of `s` (`s.len()` a non-zero
/// multiple of 16): for lane `j`, the extremum of the elements `16 g + j`, the group `g`
/// where it was last strictly replaced (so ties keep the earliest), and whether any element
/// is NaN. Exactly what the portable loop of `reduce::scan_arg` computes; `None` without
/// AVX2.
#[inline]
pub fn arg_lanes_f32<const MAX: bool>(s: &[f32]) -> Option<([f32; 16], [u32; 16], bool)> {
    assert!(
        !s.is_empty() && s.len().is_multiple_of(16),
        "whole groups of 16"
    );
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 (checked just above).
        return Some(unsafe { avx2::arg_lanes::<MAX>(s) });
    }
    None
}

/// `(extremum, any NaN)` of a non-empty `s` (`MAX`: largest, else smallest), the values
/// `reduce::scan_ext` computes: each element replaces an accumulator only when strictly
/// better (never when NaN), NaN flagged apart. The extremum is meaningless when a NaN was
/// seen, and of a tie between `-0.0` and `+0.0` it may be either (the caller resolves
/// both). `None` without AVX2.
#[inline]
pub fn ext_f32<const MAX: bool>(s: &[f32]) -> Option<(f32, bool)> {
    assert!(!s.is_empty(), "a non-empty slice");
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 (checked just above).
        return Some(unsafe { avx2::ext::<MAX>(s) });
    }
    None
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::LEAF;
    use std::arch::x86_64::*;

    /// See [`super::arg_lanes_f32`]: two vectors of values, two of group numbers (moved
    /// with the same blend as the values), NaN flags from an unordered compare.
    #[target_feature(enable = "avx2,fma")]
    pub fn arg_lanes<const MAX: bool>(s: &[f32]) -> ([f32; 16], [u32; 16], bool) {
        let p = s.as_ptr();
        // SAFETY: `s` holds at least 16 elements; unaligned loads.
        let (mut a0, mut a1) = unsafe { (_mm256_loadu_ps(p), _mm256_loadu_ps(p.add(8))) };
        let (mut g0, mut g1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let (mut n0, mut n1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let mut g = _mm256_setzero_si256();
        let one = _mm256_set1_epi32(1);
        for c in s.chunks_exact(16) {
            // SAFETY: `c` holds 16 elements.
            let (v0, v1) = unsafe {
                (
                    _mm256_loadu_ps(c.as_ptr()),
                    _mm256_loadu_ps(c.as_ptr().add(8)),
                )
            };
            // Ordered compares: false when either side is NaN, like `>`/`<` in Rust.
            let (m0, m1) = if MAX {
                (
                    _mm256_cmp_ps::<_CMP_GT_OQ>(v0, a0),
                    _mm256_cmp_ps::<_CMP_GT_OQ>(v1, a1),
                )
            } else {
                (
                    _mm256_cmp_ps::<_CMP_LT_OQ>(v0, a0),
                    _mm256_cmp_ps::<_CMP_LT_OQ>(v1, a1),
                )
            };
            let gf = _mm256_castsi256_ps(g);
            a0 = _mm256_blendv_ps(a0, v0, m0);
            a1 = _mm256_blendv_ps(a1, v1, m1);
            g0 = _mm256_blendv_ps(g0, gf, m0);
            g1 = _mm256_blendv_ps(g1, gf, m1);
            n0 = _mm256_or_ps(n0, _mm256_cmp_ps::<_CMP_UNORD_Q>(v0, v0));
            n1 = _mm256_or_ps(n1, _mm256_cmp_ps::<_CMP_UNORD_Q>(v1, v1));
            g = _mm256_add_epi32(g, one);
        }
        let (mut acc, mut grp) = ([0.0f32; 16], [0u32; 16]);
        // SAFETY: both arrays hold 16 elements; unaligned stores.
        unsafe {
            _mm256_storeu_ps(acc.as_mut_ptr(), a0);
            _mm256_storeu_ps(acc.as_mut_ptr().add(8), a1);
            _mm256_storeu_ps(grp.as_mut_ptr().cast(), g0);
            _mm256_storeu_ps(grp.as_mut_ptr().add(8).cast(), g1);
        }
        let nan = _mm256_movemask_ps(_mm256_or_ps(n0, n1)) != 0;
        (acc, grp, nan)
    }

    /// See [`super::ext_f32`]: four accumulator vectors; `max_ps(v, acc)` is
    /// `v > acc ? v : acc` (the second operand when either is NaN), `min_ps` likewise, so
    /// each lane takes exactly the portable loop's selects; one unordered compare per pair
    /// of vectors flags a NaN in either.
    #[target_feature(enable = "avx2,fma")]
    pub fn ext<const MAX: bool>(s: &[f32]) -> (f32, bool) {
        let pick = |v: __m256, a: __m256| {
            if MAX {
                _mm256_max_ps(v, a)
            } else {
                _mm256_min_ps(v, a)
            }
        };
        let mut acc = [_mm256_set1_ps(s[0]); 4];
        let mut nan = _mm256_setzero_ps();
        let mut chunks = s.chunks_exact(32);
        for c in &mut chunks {
            // SAFETY: `c` holds 32 elements; unaligned loads.
            let v: [__m256; 4] =
                std::array::from_fn(|k| unsafe { _mm256_loadu_ps(c.as_ptr().add(8 * k)) });
            for k in 0..4 {
                acc[k] = pick(v[k], acc[k]);
            }
            let n01 = _mm256_cmp_ps::<_CMP_UNORD_Q>(v[0], v[1]);
            let n23 = _mm256_cmp_ps::<_CMP_UNORD_Q>(v[2], v[3]);
            nan = _mm256_or_ps(nan, _mm256_or_ps(n01, n23));
        }
        let mut lanes = [0.0f32; 32];
        for (k, a) in acc.iter().enumerate() {
            // SAFETY: `lanes[8k..8k+8]` is in bounds (k < 4); unaligned store.
            unsafe { _mm256_storeu_ps(lanes.as_mut_ptr().add(8 * k), *a) };
        }
        let mut any_nan = _mm256_movemask_ps(nan) != 0;
        let mut best = lanes[0];
        for &v in lanes[1..].iter().chain(chunks.remainder()) {
            any_nan |= v.is_nan();
            if (MAX && v > best) || (!MAX && v < best) {
                best = v;
            }
        }
        (best, any_nan)
    }

    /// See [`super::transpose4`]: 8x8 blocks through registers, scalar edges.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn transpose4(
        x: *const u32,
        s: usize,
        out: *mut u32,
        ld: usize,
        h: usize,
        w: usize,
    ) {
        let (h8, w8) = (h / 8 * 8, w / 8 * 8);
        // SAFETY (whole body): every pointer formed below addresses an element of the
        // block, in bounds by the caller's contract; loads and stores are unaligned ones.
        unsafe {
            for i in (0..h8).step_by(8) {
                for j in (0..w8).step_by(8) {
                    let src = x.add(i + j * s).cast::<f32>();
                    let r: [__m256; 8] = std::array::from_fn(|k| _mm256_loadu_ps(src.add(k * s)));
                    // Row k of `r` is column j + k of the block; transpose in registers.
                    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
                    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
                    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
                    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
                    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
                    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
                    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
                    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
                    let u0 = _mm256_shuffle_ps::<0x44>(t0, t2);
                    let u1 = _mm256_shuffle_ps::<0xee>(t0, t2);
                    let u2 = _mm256_shuffle_ps::<0x44>(t1, t3);
                    let u3 = _mm256_shuffle_ps::<0xee>(t1, t3);
                    let u4 = _mm256_shuffle_ps::<0x44>(t4, t6);
                    let u5 = _mm256_shuffle_ps::<0xee>(t4, t6);
                    let u6 = _mm256_shuffle_ps::<0x44>(t5, t7);
                    let u7 = _mm256_shuffle_ps::<0xee>(t5, t7);
                    let rows = [
                        _mm256_permute2f128_ps::<0x20>(u0, u4),
                        _mm256_permute2f128_ps::<0x20>(u1, u5),
                        _mm256_permute2f128_ps::<0x20>(u2, u6),
                        _mm256_permute2f128_ps::<0x20>(u3, u7),
                        _mm256_permute2f128_ps::<0x31>(u0, u4),
                        _mm256_permute2f128_ps::<0x31>(u1, u5),
                        _mm256_permute2f128_ps::<0x31>(u2, u6),
                        _mm256_permute2f128_ps::<0x31>(u3, u7),
                    ];
                    let dst = out.add(i * ld + j).cast::<f32>();
                    for (k, v) in rows.iter().enumerate() {
                        _mm256_storeu_ps(dst.add(k * ld), *v);
                    }
                }
                for j in w8..w {
                    for k in 0..8 {
                        *out.add((i + k) * ld + j) = *x.add(i + k + j * s);
                    }
                }
            }
            for i in h8..h {
                for j in 0..w {
                    *out.add(i * ld + j) = *x.add(i + j * s);
                }
            }
        }
    }

    /// The four accumulator vectors folded as the portable code folds its sixteen
    /// accumulators (`acc[j] += acc[j + w]` for `w = 8, 4, 2, 1`), plus the tail added
    /// to accumulators `0..tail.len()` first, as the portable code does.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn finish(mut a: [__m256d; 4], tail: &[f64]) -> f64 {
        let mut lanes = [0.0f64; 16];
        for (k, v) in a.iter_mut().enumerate() {
            // SAFETY: `lanes[4k..4k+4]` is in bounds (k < 4); unaligned store.
            unsafe { _mm256_storeu_pd(lanes.as_mut_ptr().add(4 * k), *v) };
        }
        for (l, t) in lanes.iter_mut().zip(tail) {
            *l += t;
        }
        let mut w = 16;
        while w > 1 {
            w /= 2;
            for j in 0..w {
                lanes[j] += lanes[j + w];
            }
        }
        lanes[0]
    }

    /// `sum(f(x))` over groups of sixteen, `f` applied to four `f64` lanes at a time.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn fold(s: &[f32], f: impl Fn(__m256d) -> __m256d, g: impl Fn(f32) -> f64) -> f64 {
        let mut a = [_mm256_setzero_pd(); 4];
        let mut chunks = s.chunks_exact(16);
        for c in &mut chunks {
            for (k, acc) in a.iter_mut().enumerate() {
                // SAFETY: `c` has 16 elements, so `c[4k..4k+4]` is in bounds (k < 4);
                // `_mm_loadu_ps` takes unaligned pointers.
                let x = _mm256_cvtps_pd(unsafe { _mm_loadu_ps(c.as_ptr().add(4 * k)) });
                *acc = _mm256_add_pd(*acc, f(x));
            }
        }
        let rem = chunks.remainder();
        let mut t = [0.0f64; 16];
        for (d, &v) in t.iter_mut().zip(rem) {
            *d = g(v);
        }
        finish(a, &t[..rem.len()])
    }

    /// [`super::leaf_sum_f32`] of `s` widened to `f64`.
    #[target_feature(enable = "avx2,fma")]
    pub fn sum(s: &[f32]) -> f64 {
        fold(s, |x| x, |v| v as f64)
    }

    /// Eight `bf16`s (bits) widened to `f32` by a shift, for the sums only. `half` (and
    /// `halfconv`) also quiet a signalling NaN (bit `0x0040`); that is left out here
    /// because every caller converts the lanes to `f64` next, and `vcvtps2pd` quiets a
    /// signalling NaN in the same way (quiet bit set, sign and payload kept), so the `f64`
    /// values, hence the sums, are the same bits. Two instructions instead of six: `sum
    /// bf16` of `10^6` elements ran at half the speed of `f16`'s before.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn widen_bf16(h: __m128i) -> __m256 {
        _mm256_castsi256_ps(_mm256_slli_epi32::<16>(_mm256_cvtepu16_epi32(h)))
    }

    /// [`super::leaf_sum_half`]: groups of sixteen widened in registers, element `j` of a
    /// group to accumulator `j`, the tail widened one at a time; the result of `sum` on the
    /// widened `f32`s.
    #[target_feature(enable = "avx2,fma,f16c")]
    pub fn sum_half(s: &[u16], brain: bool) -> f64 {
        let widen = |p: *const u16| {
            // SAFETY: callers pass a pointer to eight readable `u16`s; unaligned load.
            let h = unsafe { _mm_loadu_si128(p.cast()) };
            if brain {
                widen_bf16(h)
            } else {
                _mm256_cvtph_ps(h)
            }
        };
        let mut a = [_mm256_setzero_pd(); 4];
        let mut chunks = s.chunks_exact(16);
        for c in &mut chunks {
            for (k, half) in [0, 8].into_iter().enumerate() {
                // `c` has 16 elements, so `c[half..half + 8]` is readable.
                let x = widen(c[half..].as_ptr());
                let (lo, hi) = (_mm256_castps256_ps128(x), _mm256_extractf128_ps::<1>(x));
                a[2 * k] = _mm256_add_pd(a[2 * k], _mm256_cvtps_pd(lo));
                a[2 * k + 1] = _mm256_add_pd(a[2 * k + 1], _mm256_cvtps_pd(hi));
            }
        }
        let rem = chunks.remainder();
        let mut t = [0.0f64; 16];
        for (d, &v) in t.iter_mut().zip(rem) {
            *d = if brain {
                half::bf16::from_bits(v).to_f32() as f64
            } else {
                half::f16::from_bits(v).to_f32() as f64
            };
        }
        finish(a, &t[..rem.len()])
    }

    /// Eight `f16`s (bits) at `p` widened to `f32`.
    ///
    /// # Safety
    /// `p` must point to eight readable `u16`s; the CPU must have F16C.
    #[inline]
    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn load_f16(p: *const u16) -> __m256 {
        // SAFETY: the caller's contract; unaligned load.
        _mm256_cvtph_ps(unsafe { _mm_loadu_si128(p.cast()) })
    }

    /// Eight `bf16`s (bits) at `p` widened to `f32` ([`widen_bf16`]).
    ///
    /// # Safety
    /// `p` must point to eight readable `u16`s; the CPU must have AVX2.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn load_bf16(p: *const u16) -> __m256 {
        // SAFETY: the caller's contract; unaligned load.
        widen_bf16(unsafe { _mm_loadu_si128(p.cast()) })
    }

    /// The full leaves of `s`, two at a time, into `out` ([`super::leaves_sum_f32`]'s
    /// contract); returns how many leaves were done (the rest is the caller's). Each leaf
    /// has sixteen accumulators in four vectors, as [`sum`], and the same fold.
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA, and whatever `load` needs; `load(p)` must read only
    /// the eight elements at `p`.
    #[inline]
    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn leaves<E>(s: &[E], out: &mut [f64], load: impl Fn(*const E) -> __m256) -> usize {
        const L: usize = 2;
        let full = (s.len() / LEAF).min(out.len());
        let mut l0 = 0;
        while l0 + L <= full {
            let mut a = [[_mm256_setzero_pd(); 4]; L];
            for c in 0..LEAF / 16 {
                for (l, a) in a.iter_mut().enumerate() {
                    // SAFETY: leaf `l0 + l` is full, so its group `c` (16 elements) is in
                    // bounds of `s`.
                    let p = unsafe { s.as_ptr().add((l0 + l) * LEAF + c * 16) };
                    for h in 0..2 {
                        // SAFETY: `p + 8h` starts eight elements of that group.
                        let x = load(unsafe { p.add(8 * h) });
                        let (lo, hi) = (_mm256_castps256_ps128(x), _mm256_extractf128_ps::<1>(x));
                        a[2 * h] = _mm256_add_pd(a[2 * h], _mm256_cvtps_pd(lo));
                        a[2 * h + 1] = _mm256_add_pd(a[2 * h + 1], _mm256_cvtps_pd(hi));
                    }
                }
            }
            for (l, a) in a.into_iter().enumerate() {
                out[l0 + l] = finish(a, &[]);
            }
            l0 += L;
        }
        l0
    }

    /// Sum of `(x - mean)^2` in `f64`, as the portable `leaf_sum` computes it.
    #[target_feature(enable = "avx2,fma")]
    pub fn sq_dev(s: &[f32], mean: f64) -> f64 {
        let m = _mm256_set1_pd(mean);
        fold(
            s,
            |x| {
                let d = _mm256_sub_pd(x, m);
                _mm256_mul_pd(d, d)
            },
            |v| {
                let d = v as f64 - mean;
                d * d
            },
        )
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::LEAF;
    use std::arch::x86_64::*;

    /// The pairwise fold of [`super::leaf_sum`]'s sixteen accumulators, held as `lo`
    /// (accumulators 0..8) and `hi` (8..16): `a[j] += a[j + w]` for `w` = 8, 4, 2, 1.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn fold16(lo: __m512d, hi: __m512d) -> f64 {
        let v = _mm512_add_pd(lo, hi);
        let v = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd::<1>(v));
        let v = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v));
        _mm_cvtsd_f64(_mm_add_sd(v, _mm_unpackhi_pd(v, v)))
    }

    /// [`super::avx2::leaves`] four leaves at a time, each leaf's sixteen accumulators in
    /// two 512-bit vectors (eight chains in flight).
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, AVX2, FMA and F16C; `load(p)` must read only the eight
    /// elements at `p`.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma,f16c")]
    pub unsafe fn leaves<E>(s: &[E], out: &mut [f64], load: impl Fn(*const E) -> __m256) -> usize {
        const L: usize = 4;
        let full = (s.len() / LEAF).min(out.len());
        let mut l0 = 0;
        while l0 + L <= full {
            let mut lo = [_mm512_setzero_pd(); L];
            let mut hi = [_mm512_setzero_pd(); L];
            for c in 0..LEAF / 16 {
                for l in 0..L {
                    // SAFETY: leaf `l0 + l` is full, so its group `c` (16 elements) is in
                    // bounds of `s`, and so are both halves of it.
                    let p = unsafe { s.as_ptr().add((l0 + l) * LEAF + c * 16) };
                    lo[l] = _mm512_add_pd(lo[l], _mm512_cvtps_pd(load(p)));
                    hi[l] = _mm512_add_pd(hi[l], _mm512_cvtps_pd(load(unsafe { p.add(8) })));
                }
            }
            for l in 0..L {
                out[l0 + l] = fold16(lo[l], hi[l]);
            }
            l0 += L;
        }
        l0
    }

    /// Every leaf of `s` when it has at most four and at least two full ones (what
    /// [`leaves`] leaves over: full leaves and a shorter last one), in one batch, so that their chains are in flight together
    /// (a row of 1000 `f32` is three full leaves and a short one, each of which ran alone,
    /// latency-bound); `one` widens the last leaf's elements after its groups of sixteen,
    /// which go to accumulators `0..` before the fold, as [`super::avx2::fold`] does.
    /// Returns the number of leaves done (all of them, or 0).
    ///
    /// # Safety
    /// As [`leaves`].
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma,f16c")]
    pub unsafe fn few<E: Copy>(
        s: &[E],
        out: &mut [f64],
        load: impl Fn(*const E) -> __m256,
        one: impl Fn(E) -> f64,
    ) -> usize {
        let n = s.len().div_ceil(LEAF);
        // Below two full leaves, one leaf at a time is as fast (and 5% to 8% faster for
        // sums of 16 to 300 elements, by A/B).
        if n > out.len() || s.len() < 2 * LEAF {
            return 0;
        }
        // SAFETY: forwarded from the caller.
        unsafe {
            match n {
                2 => few_of::<E, 2>(s, out, &load, &one),
                3 => few_of::<E, 3>(s, out, &load, &one),
                4 => few_of::<E, 4>(s, out, &load, &one),
                _ => return 0,
            }
        }
        n
    }

    /// [`few`] of exactly `L` leaves.
    ///
    /// # Safety
    /// As [`leaves`]; `s` holds `L` leaves (`(L - 1) LEAF < s.len() <= L LEAF`).
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma,f16c")]
    unsafe fn few_of<E: Copy, const L: usize>(
        s: &[E],
        out: &mut [f64],
        load: &impl Fn(*const E) -> __m256,
        one: &impl Fn(E) -> f64,
    ) {
        let last = s.len() - (L - 1) * LEAF;
        let g_last = last / 16;
        let mut lo = [_mm512_setzero_pd(); L];
        let mut hi = [_mm512_setzero_pd(); L];
        let group = |l: usize, c: usize, lo: &mut __m512d, hi: &mut __m512d| {
            // SAFETY: group `c` of leaf `l` (16 elements) is in bounds of `s`: the
            // callers' loops stop at each leaf's last full group.
            let p = unsafe { s.as_ptr().add(l * LEAF + c * 16) };
            *lo = _mm512_add_pd(*lo, _mm512_cvtps_pd(load(p)));
            *hi = _mm512_add_pd(*hi, _mm512_cvtps_pd(load(unsafe { p.add(8) })));
        };
        // The groups every leaf has, then the full leaves' rest.
        for c in 0..g_last {
            for l in 0..L {
                group(l, c, &mut lo[l], &mut hi[l]);
            }
        }
        for c in g_last..LEAF / 16 {
            for l in 0..L - 1 {
                group(l, c, &mut lo[l], &mut hi[l]);
            }
        }
        for l in 0..L - 1 {
            out[l] = fold16(lo[l], hi[l]);
        }
        let mut lanes = [0.0f64; 16];
        // SAFETY: `lanes` holds sixteen `f64`; unaligned stores.
        unsafe {
            _mm512_storeu_pd(lanes.as_mut_ptr(), lo[L - 1]);
            _mm512_storeu_pd(lanes.as_mut_ptr().add(8), hi[L - 1]);
        }
        let tail = &s[(L - 1) * LEAF + g_last * 16..];
        for (a, &v) in lanes.iter_mut().zip(tail) {
            *a += one(v);
        }
        let mut w = 16;
        while w > 1 {
            w /= 2;
            for j in 0..w {
                lanes[j] += lanes[j + w];
            }
        }
        out[L - 1] = lanes[0];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Vec<f32> {
        // Values of mixed sign and magnitude, so that the order of additions matters.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let m = (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
                m * (1u64 << (i % 23)) as f32
            })
            .collect()
    }

    #[test]
    fn transpose4_matches_the_definition() {
        for (h, w, s) in [
            (8, 8, 8),
            (13, 21, 30),
            (32, 32, 40),
            (7, 5, 9),
            (16, 3, 17),
        ] {
            let x: Vec<u32> = (0..(h + w * s) as u32)
                .map(|v| v.wrapping_mul(2654435761))
                .collect();
            let ld = w + 3;
            let mut out = vec![0u32; h * ld];
            // SAFETY: `x` holds `h + w * s > i + j * s` elements and `out` `h * ld`.
            if unsafe { transpose4(x.as_ptr(), s, out.as_mut_ptr(), ld, h, w) } {
                for i in 0..h {
                    for j in 0..w {
                        assert_eq!(out[i * ld + j], x[i + j * s], "{h}x{w}: ({i}, {j})");
                    }
                    assert!(
                        out[i * ld + w..(i + 1) * ld].iter().all(|&v| v == 0),
                        "padding untouched"
                    );
                }
            }
        }
    }

    /// The batched leaves (four or two at a time) give each leaf the bits of the portable
    /// one-leaf sum, on every ISA level, for runs of every leaf count up to a run of
    /// `RUN` leaves, with and without a short last leaf, for `f32` and 16-bit input.
    #[test]
    fn batched_leaves_match_one_leaf_sums_bit_for_bit() {
        let xs = data(super::super::RUN * LEAF);
        let halves: Vec<u16> = xs
            .iter()
            .map(|&v| half::f16::from_f32(v).to_bits())
            .collect();
        let brains: Vec<u16> = (0..xs.len() as u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 16) as u16)
            .collect();
        for level in [1u8, 2, 3] {
            super::super::force_isa(level);
            for n in (0..=xs.len())
                .step_by(LEAF)
                .flat_map(|n| [n, n.saturating_sub(37)])
            {
                let leaves = n.div_ceil(LEAF);
                let mut got = vec![f64::NAN; leaves];
                leaves_sum_f32(&xs[..n], &mut got);
                for (k, (c, g)) in xs[..n].chunks(LEAF).zip(&got).enumerate() {
                    let want = leaf_sum(c, |v| v as f64);
                    assert_eq!(
                        g.to_bits(),
                        want.to_bits(),
                        "f32 level {level} n {n} leaf {k}"
                    );
                }
                for (bits, brain) in [(&halves, false), (&brains, true)] {
                    let mut got = vec![f64::NAN; leaves];
                    if !leaves_sum_half(&bits[..n], brain, &mut got) {
                        continue;
                    }
                    for (k, (c, g)) in bits[..n].chunks(LEAF).zip(&got).enumerate() {
                        let want = leaf_sum(c, |b| {
                            if brain {
                                half::bf16::from_bits(b).to_f32() as f64
                            } else {
                                half::f16::from_bits(b).to_f32() as f64
                            }
                        });
                        // When two NaNs meet, x86 keeps the first operand's payload, and the
                        // vector fold does not keep the portable fold's operand order: only
                        // NaN-ness is compared for NaNs (the test below checks the bits on
                        // shorter leaves, where the orders agree).
                        assert!(
                            g.to_bits() == want.to_bits() || g.is_nan() && want.is_nan(),
                            "brain {brain} level {level} n {n} leaf {k}: {g} vs {want}"
                        );
                    }
                }
            }
        }
        super::super::force_isa(0);
    }

    /// The fused half leaves give the bits of the portable leaf over the widened values,
    /// on every length up to a few groups, for all-pattern data (NaNs, infinities,
    /// subnormals) and for finite data of mixed magnitude.
    #[test]
    fn half_leaves_match_the_portable_ones_bit_for_bit() {
        let every: Vec<u16> = (0..=u16::MAX).collect();
        let finite: Vec<u16> = data(1100)
            .iter()
            .flat_map(|&v| {
                [
                    half::f16::from_f32(v).to_bits(),
                    half::bf16::from_f32(v).to_bits(),
                ]
            })
            .collect();
        for brain in [false, true] {
            let up = |b: u16| {
                if brain {
                    half::bf16::from_bits(b).to_f32() as f64
                } else {
                    half::f16::from_bits(b).to_f32() as f64
                }
            };
            for xs in [&every[..], &every[0x3000..], &finite[..]] {
                for n in (0..=64).chain([255, 256, 257, 1100]) {
                    let s = &xs[..n.min(xs.len())];
                    let want = leaf_sum(s, up);
                    match leaf_sum_half(s, brain) {
                        // NaNs included: the signalling ones are quieted alike.
                        Some(got) => assert_eq!(
                            got.to_bits(),
                            want.to_bits(),
                            "brain {brain}, n = {n}: {got} vs {want}"
                        ),
                        None => assert!(!crate::isa::v3()),
                    }
                }
            }
        }
    }

    #[test]
    fn fast_leaves_match_the_portable_ones_bit_for_bit() {
        let xs = data(1100);
        for n in (0..=64).chain([255, 256, 257, 1023, 1024, 1100]) {
            let s = &xs[..n];
            let portable = leaf_sum(s, |v| v as f64);
            assert_eq!(
                leaf_sum_f32(s).to_bits(),
                portable.to_bits(),
                "sum, n = {n}"
            );
            if n > 0 {
                let (cnt, mean, m2) = leaf_moments_f32(s);
                let pm = portable / n as f64;
                let pq = leaf_sum(s, |v| {
                    let d = v as f64 - pm;
                    d * d
                });
                assert_eq!(
                    (cnt, mean.to_bits(), m2.to_bits()),
                    (n as f64, pm.to_bits(), pq.to_bits()),
                    "moments, n = {n}"
                );
            }
        }
    }
}
