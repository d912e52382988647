//! Slice conversions between `f16`/`bf16` and `f32`, bit-identical to `half`'s per-element
//! ones (`to_f32`, `from_f32`), vectorised:
//!
//! - `f16`: F16C (`vcvtph2ps`, `vcvtps2ph` with round-to-nearest-even) when the CPU has
//!   the x86-64-v3 level ([`crate::isa::v3`], which includes F16C), eight lanes at a time.
//!   `half` itself uses the same instructions one element at a time when F16C is present
//!   (and, without it, a software conversion with the same results): NaNs are quieted
//!   (the quiet bit set, the sign and the high payload bits kept), subnormal results are
//!   rounded to nearest even like normal ones, `f32` subnormal inputs give a signed zero
//!   (the backend never sets MXCSR's DAZ/FTZ, so no flush happens anywhere else).
//! - `bf16`: integer round-to-nearest-even on the bit patterns (add `0x7fff` plus the
//!   lowest kept bit, shift by 16), NaNs quieted (bit `0x0040` set) with their sign, as
//!   `half` does; widening is a shift with the same quieting. Written once as a plain loop
//!   that LLVM vectorises, compiled a second time inside an AVX2 function.
//!
//! The unit tests compare every one of the 65536 `f16` and `bf16` patterns, and a dense
//! set of `f32` patterns plus every rounding boundary of both types, against `half` on
//! every ISA path. With AVX-512 F ([`crate::isa::avx512`]) the two `bf16` loops run sixteen
//! lanes at a time (32-bit lanes, NaNs chosen by a mask, packed by `vpmovdw`), the same
//! operations with the same results: the AVX2 loops were 65% of `add bf16` of `10^6`
//! elements (`perf`, one thread, AVX-512 Xeon), and the twins make the `bf16` element-wise
//! ops at `10^6` 1.2x to 1.4x faster (`docs/benchmarks.md`). The `f16` F16C kernels got no
//! measurable gain from 512-bit twins (`mul`, `add`, `exp`, casts at `10^6`: within 5%), so
//! they have none.
//!
//! [`fused2`] runs a binary `f16`/`bf16` op in one pass with AVX-512 (widen sixteen lanes
//! in registers, compute, narrow, store) instead of widening blocks into buffers,
//! computing and narrowing in three passes: `add`/`sub`/`mul`/`div` at `10^6` went 1.2x to
//! 2x faster (A/B in `docs/benchmarks.md`). Unary ops computed lane by lane (rounding,
//! `relu`, `sign`, `square`, `sqrt`, `reciprocal`) take the same loop with both operands
//! the input ([`super::map1_via_lanes`]). The whole-range tests above and tests of the
//! fused ops against the scalar definitions on every ISA path keep the bits.

use half::slice::HalfFloatSliceExt;
use half::{bf16, f16};

/// Whether the F16C kernels may run (the x86-64-v3 level includes F16C).
#[inline(always)]
fn has_f16c() -> bool {
    crate::isa::v3()
}

/// `dst[i] = src[i].to_f32()`; the slices must have the same length.
pub fn f16_to_f32(src: &[f16], dst: &mut [f32]) {
    assert_eq!(src.len(), dst.len(), "f16_to_f32: lengths differ");
    #[cfg(target_arch = "x86_64")]
    if has_f16c() {
        // SAFETY: the CPU has the x86-64-v3 level, F16C and AVX2 included.
        return unsafe { f16c::widen(src.reinterpret_cast(), dst) };
    }
    for (d, s) in dst.iter_mut().zip(src) {
        *d = s.to_f32();
    }
}

/// `dst[i] = f16::from_f32(src[i])` (round to nearest even); the slices must have the
/// same length.
pub fn f32_to_f16(src: &[f32], dst: &mut [f16]) {
    assert_eq!(src.len(), dst.len(), "f32_to_f16: lengths differ");
    #[cfg(target_arch = "x86_64")]
    if has_f16c() {
        // SAFETY: the CPU has the x86-64-v3 level, F16C and AVX2 included.
        return unsafe { f16c::narrow(src, dst.reinterpret_cast_mut()) };
    }
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = f16::from_f32(s);
    }
}

/// `bf16` bits to `f32` as `half` does: a shift, NaNs quieted.
#[inline(always)]
fn bf16_widen_bits(b: u16) -> u32 {
    let q = if b & 0x7fff > 0x7f80 { 0x0040 } else { 0 };
    ((b | q) as u32) << 16
}

/// `f32` bits to `bf16` as `half` does: round to nearest even, NaNs quieted.
#[inline(always)]
fn bf16_narrow_bits(x: u32) -> u16 {
    if x & 0x7fff_ffff > 0x7f80_0000 {
        ((x >> 16) | 0x0040) as u16
    } else {
        // No overflow: the largest non-NaN pattern is 0xff80_0000.
        ((x + 0x7fff + ((x >> 16) & 1)) >> 16) as u16
    }
}

#[inline(always)]
fn bf16_widen_loop(src: &[u16], dst: &mut [f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = f32::from_bits(bf16_widen_bits(s));
    }
}

#[inline(always)]
fn bf16_narrow_loop(src: &[f32], dst: &mut [u16]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = bf16_narrow_bits(s.to_bits());
    }
}

/// `dst[i] = src[i].to_f32()`; the slices must have the same length.
pub fn bf16_to_f32(src: &[bf16], dst: &mut [f32]) {
    assert_eq!(src.len(), dst.len(), "bf16_to_f32: lengths differ");
    #[cfg(target_arch = "x86_64")]
    if crate::isa::avx512() {
        // SAFETY: the CPU has AVX-512 F on top of the x86-64-v3 level.
        return unsafe { avx512::bf16_widen(src.reinterpret_cast(), dst) };
    }
    #[cfg(target_arch = "x86_64")]
    if super::has_avx2() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        return unsafe { avx2::bf16_widen(src.reinterpret_cast(), dst) };
    }
    bf16_widen_loop(src.reinterpret_cast(), dst);
}

/// `dst[i] = bf16::from_f32(src[i])` (round to nearest even); the slices must have the
/// same length.
pub fn f32_to_bf16(src: &[f32], dst: &mut [bf16]) {
    assert_eq!(src.len(), dst.len(), "f32_to_bf16: lengths differ");
    #[cfg(target_arch = "x86_64")]
    if crate::isa::avx512() {
        // SAFETY: the CPU has AVX-512 F on top of the x86-64-v3 level.
        return unsafe { avx512::bf16_narrow(src, dst.reinterpret_cast_mut()) };
    }
    #[cfg(target_arch = "x86_64")]
    if super::has_avx2() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        return unsafe { avx2::bf16_narrow(src, dst.reinterpret_cast_mut()) };
    }
    bf16_narrow_loop(src, dst.reinterpret_cast_mut());
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    /// [`super::bf16_widen_loop`] compiled for AVX2.
    #[target_feature(enable = "avx2,fma")]
    pub fn bf16_widen(src: &[u16], dst: &mut [f32]) {
        super::bf16_widen_loop(src, dst)
    }

    /// [`super::bf16_narrow_loop`] compiled for AVX2.
    #[target_feature(enable = "avx2,fma")]
    pub fn bf16_narrow(src: &[f32], dst: &mut [u16]) {
        super::bf16_narrow_loop(src, dst)
    }
}

/// The `bf16` conversions sixteen lanes at a time with AVX-512 F (32-bit lanes only, so no
/// AVX-512 BW is needed): the same operations as the AVX2 loops, hence the same bits; the
/// last `n % 16` elements go to those loops.
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    /// `bf16` bits to `f32`: [`super::bf16_widen_bits`] on sixteen lanes (NaNs quieted
    /// through a mask).
    #[target_feature(enable = "avx512f,avx2,fma")]
    pub fn bf16_widen(src: &[u16], dst: &mut [f32]) {
        let n = src.len().min(dst.len());
        let n16 = n / 16 * 16;
        for i in (0..n16).step_by(16) {
            // SAFETY: `i + 16 <= n16 <= n`: the block is in bounds; unaligned store.
            unsafe { _mm512_storeu_ps(dst.as_mut_ptr().add(i), bf16_up16(&src[i..])) };
        }
        super::avx2::bf16_widen(&src[n16..n], &mut dst[n16..n]);
    }

    /// `f32` to `bf16` bits: [`super::bf16_narrow_bits`] on sixteen lanes (round to nearest
    /// even by the integer add, NaNs quieted through a mask), packed by `vpmovdw`.
    #[target_feature(enable = "avx512f,avx2,fma")]
    pub fn bf16_narrow(src: &[f32], dst: &mut [u16]) {
        let n = src.len().min(dst.len());
        let n16 = n / 16 * 16;
        for i in (0..n16).step_by(16) {
            // SAFETY: `i + 16 <= n16 <= n`: both blocks are in bounds; unaligned accesses.
            unsafe {
                let h = bf16_down16(_mm512_loadu_ps(src.as_ptr().add(i)));
                _mm256_storeu_si256(dst.as_mut_ptr().add(i).cast(), h);
            }
        }
        super::avx2::bf16_narrow(&src[n16..n], &mut dst[n16..n]);
    }

    /// Sixteen `bf16` patterns at `p` widened (the steps of [`bf16_widen`]).
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn bf16_up16(p: &[u16]) -> __m512 {
        let (abs, inf, quiet) = (
            _mm512_set1_epi32(0x7fff),
            _mm512_set1_epi32(0x7f80),
            _mm512_set1_epi32(0x0040),
        );
        assert!(p.len() >= 16);
        // SAFETY: 16 elements are in bounds (asserted); unaligned load.
        let x = _mm512_cvtepu16_epi32(unsafe { _mm256_loadu_si256(p.as_ptr().cast()) });
        let nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(x, abs), inf);
        let x = _mm512_mask_or_epi32(x, nan, x, quiet);
        _mm512_castsi512_ps(_mm512_slli_epi32::<16>(x))
    }

    /// Sixteen `f32` narrowed to `bf16` patterns (the steps of [`bf16_narrow`]).
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn bf16_down16(v: __m512) -> __m256i {
        let (abs, inf, half, one, quiet) = (
            _mm512_set1_epi32(0x7fff_ffff),
            _mm512_set1_epi32(0x7f80_0000),
            _mm512_set1_epi32(0x7fff),
            _mm512_set1_epi32(1),
            _mm512_set1_epi32(0x0040),
        );
        let x = _mm512_castps_si512(v);
        let hi = _mm512_srli_epi32::<16>(x);
        let odd = _mm512_and_si512(hi, one);
        let r = _mm512_srli_epi32::<16>(_mm512_add_epi32(_mm512_add_epi32(x, half), odd));
        let nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(x, abs), inf);
        _mm512_cvtepi32_epi16(_mm512_mask_or_epi32(r, nan, hi, quiet))
    }

    /// Sixteen `f16` patterns widened (`vcvtph2ps`, as [`super::f16_to_f32`]).
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma,f16c")]
    fn f16_up16(p: &[u16]) -> __m512 {
        assert!(p.len() >= 16);
        // SAFETY: 16 elements are in bounds (asserted); unaligned load.
        _mm512_cvtph_ps(unsafe { _mm256_loadu_si256(p.as_ptr().cast()) })
    }

    /// Sixteen `f32` narrowed to `f16` patterns (`vcvtps2ph`, round to nearest even, as
    /// [`super::f32_to_f16`]).
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma,f16c")]
    fn f16_down16(v: __m512) -> __m256i {
        _mm512_cvtps_ph::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(v)
    }

    /// [`super::fused2`]'s loop; `C` is `f32` (checked by the caller). Without `TWO`
    /// (unary ops, [`super::fused1`]) `b` is not read: `f` gets `a`'s lanes twice.
    #[target_feature(enable = "avx512f,avx2,fma,f16c")]
    pub fn fused2<C: Copy + 'static, const TWO: bool>(
        bf: bool,
        a: &[u16],
        b: &[u16],
        o: &mut [u16],
        f: &impl Fn(C, C) -> C,
    ) {
        let n = o.len().min(a.len()).min(b.len());
        let n16 = n / 16 * 16;
        let mut xa = [0f32; 16];
        let mut xb = [0f32; 16];
        for i in (0..n16).step_by(16) {
            // Plain branches, no closure: a closure does not inherit the target features,
            // so the conversions were not inlined into it (binary ops 5-12% slower).
            let va = if bf {
                bf16_up16(&a[i..])
            } else {
                f16_up16(&a[i..])
            };
            let vb = match (TWO, bf) {
                (false, _) => va,
                (true, true) => bf16_up16(&b[i..]),
                (true, false) => f16_up16(&b[i..]),
            };
            // SAFETY: both arrays hold 16 `f32`; unaligned stores and load.
            unsafe {
                _mm512_storeu_ps(xa.as_mut_ptr(), va);
                _mm512_storeu_ps(xb.as_mut_ptr(), vb);
            }
            let ca = super::super::as_type_mut::<f32, C>(&mut xa).expect("C is f32");
            let cb = super::super::as_type_mut::<f32, C>(&mut xb).expect("C is f32");
            for (x, &y) in ca.iter_mut().zip(cb.iter()) {
                *x = f(*x, y);
            }
            // SAFETY: `xa` holds 16 `f32`; `i + 16 <= n16 <= n` elements of `o`; unaligned.
            unsafe {
                let r = _mm512_loadu_ps(xa.as_ptr());
                let h = if bf { bf16_down16(r) } else { f16_down16(r) };
                _mm256_storeu_si256(o.as_mut_ptr().add(i).cast(), h);
            }
        }
        for i in n16..n {
            let up = |h: u16| {
                if bf {
                    f32::from_bits(super::bf16_widen_bits(h))
                } else {
                    super::f16::from_bits(h).to_f32()
                }
            };
            let (x, y) = (up(a[i]), up(if TWO { b[i] } else { a[i] }));
            let mut r = [x];
            let c = super::super::as_type_mut::<f32, C>(&mut r).expect("C is f32");
            let y = [y];
            let cy = super::super::as_type::<f32, C>(&y).expect("C is f32");
            c[0] = f(c[0], cy[0]);
            o[i] = if bf {
                super::bf16_narrow_bits(r[0].to_bits())
            } else {
                super::f16::from_f32(r[0]).to_bits()
            };
        }
    }
}

/// Whether [`fused2`] may run: AVX-512 F ([`crate::isa::avx512`]).
#[inline(always)]
pub fn fused_available() -> bool {
    cfg!(target_arch = "x86_64") && crate::isa::avx512()
}

/// `o[i] = narrow(f(widen(a[i]), widen(b[i])))` over `f16` (`bf == false`) or `bf16`
/// (`bf == true`) bit patterns, in one pass: sixteen lanes widened in registers, `f` applied
/// lane by lane (LLVM vectorises it for the arithmetic closures), narrowed and stored,
/// instead of widening blocks into buffers, computing, and narrowing them in three passes
/// (the element-wise `f16`/`bf16` ops at `10^6` spent 60% of their time in those passes).
/// The conversions are the instructions of [`f16_to_f32`]/[`f32_to_f16`] (`vcvtph2ps`,
/// `vcvtps2ph` round-to-nearest-even, at 512 bits) and of the `bf16` AVX-512 loops, so the
/// bits are those of `down(f(up(a), up(b)))` element by element; the tail (`n % 16`) is
/// computed with `half`'s scalar conversions. `C` is the compute type, `f32`: generic only
/// so that callers generic over it can pass their closure; any other type panics.
///
/// # Panics
/// Unless the CPU has AVX-512 F (callers choose this path with [`fused_available`]), `C`
/// is `f32`, and the slices have the same length.
#[cfg(target_arch = "x86_64")]
pub fn fused2<C: Copy + 'static>(
    bf: bool,
    a: &[u16],
    b: &[u16],
    o: &mut [u16],
    f: &impl Fn(C, C) -> C,
) {
    assert!(crate::isa::cpu_avx512(), "fused2 needs AVX-512 F");
    assert!(
        std::any::TypeId::of::<C>() == std::any::TypeId::of::<f32>(),
        "fused2 computes in f32"
    );
    assert!(
        a.len() == o.len() && b.len() == o.len(),
        "fused2: lengths differ"
    );
    // SAFETY: the CPU has AVX-512 F (asserted above).
    unsafe { avx512::fused2::<C, true>(bf, a, b, o, f) }
}

/// `o[i] = narrow(f(widen(x[i])))`: [`fused2`]'s one pass for a unary op (each lane
/// widened once).
///
/// # Panics
/// As [`fused2`].
#[cfg(target_arch = "x86_64")]
pub fn fused1<C: Copy + 'static>(bf: bool, x: &[u16], o: &mut [u16], f: &impl Fn(C) -> C) {
    assert!(crate::isa::cpu_avx512(), "fused1 needs AVX-512 F");
    assert!(
        std::any::TypeId::of::<C>() == std::any::TypeId::of::<f32>(),
        "fused1 computes in f32"
    );
    assert!(x.len() == o.len(), "fused1: lengths differ");
    // SAFETY: the CPU has AVX-512 F (asserted above).
    unsafe { avx512::fused2::<C, false>(bf, x, x, o, &|v: C, _| f(v)) }
}

#[cfg(target_arch = "x86_64")]
mod f16c {
    use std::arch::x86_64::*;

    /// `f16` bits to `f32`, eight at a time; the tail through a zero-padded block.
    #[target_feature(enable = "avx2,fma,f16c")]
    pub fn widen(src: &[u16], dst: &mut [f32]) {
        let n = src.len().min(dst.len());
        let n8 = n / 8 * 8;
        for i in (0..n8).step_by(8) {
            // SAFETY: `i + 8 <= n8 <= n`, so both 8-element blocks are in bounds;
            // unaligned loads and stores.
            unsafe {
                let h = _mm_loadu_si128(src.as_ptr().add(i).cast());
                _mm256_storeu_ps(dst.as_mut_ptr().add(i), _mm256_cvtph_ps(h));
            }
        }
        if n8 < n {
            let mut h = [0u16; 8];
            let mut f = [0f32; 8];
            h[..n - n8].copy_from_slice(&src[n8..n]);
            // SAFETY: both arrays hold 8 elements; unaligned load and store.
            unsafe {
                let v = _mm256_cvtph_ps(_mm_loadu_si128(h.as_ptr().cast()));
                _mm256_storeu_ps(f.as_mut_ptr(), v);
            }
            dst[n8..n].copy_from_slice(&f[..n - n8]);
        }
    }

    /// `f32` to `f16` bits with round-to-nearest-even, eight at a time; the tail through
    /// a zero-padded block.
    #[target_feature(enable = "avx2,fma,f16c")]
    pub fn narrow(src: &[f32], dst: &mut [u16]) {
        let n = src.len().min(dst.len());
        let n8 = n / 8 * 8;
        for i in (0..n8).step_by(8) {
            // SAFETY: `i + 8 <= n8 <= n`, so both 8-element blocks are in bounds;
            // unaligned loads and stores.
            unsafe {
                let v = _mm256_loadu_ps(src.as_ptr().add(i));
                let h = _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(v);
                _mm_storeu_si128(dst.as_mut_ptr().add(i).cast(), h);
            }
        }
        if n8 < n {
            let mut f = [0f32; 8];
            let mut h = [0u16; 8];
            f[..n - n8].copy_from_slice(&src[n8..n]);
            // SAFETY: both arrays hold 8 elements; unaligned load and store.
            unsafe {
                let v = _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm256_loadu_ps(f.as_ptr()));
                _mm_storeu_si128(h.as_mut_ptr().cast(), v);
            }
            dst[n8..n].copy_from_slice(&h[..n - n8]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::cast::convert;
    use super::super::force_isa;
    use super::*;
    use std::sync::Mutex;

    /// Serialises the tests that switch the ISA level.
    static ISA_LOCK: Mutex<()> = Mutex::new(());

    /// Every `f32` pattern that matters for rounding to `f16`/`bf16`: a dense stride over
    /// all 2^32 patterns, and for every `f16`/`bf16` value, the `f32` neighbours of it and
    /// of the midpoints to its successor (ties, just above, just below), with both signs,
    /// plus NaNs with assorted payloads, infinities, zeros and `f32` subnormals.
    fn f32_cases() -> Vec<f32> {
        let mut v: Vec<u32> = (0..=u32::MAX).step_by(4099).collect();
        for h in 0..=0x7fffu16 {
            for m in [
                f16::from_bits(h).to_f32().to_bits(),
                bf16::from_bits(h).to_f32().to_bits(),
            ] {
                // `m` is the value; `m + 0x1000` and `m + 0x8000` are the f16 and bf16
                // midpoints above it when `m` is a normal value of that type.
                for base in [m, m.wrapping_add(0x1000), m.wrapping_add(0x8000)] {
                    for d in [-2i32, -1, 0, 1, 2] {
                        v.push(base.wrapping_add_signed(d));
                    }
                }
            }
        }
        for h in 0..=0x3ffu32 {
            // f16 subnormals: value (h * 2^-24) and the midpoint above ((2h + 1) * 2^-25).
            for x in [
                h as f64 * 2f64.powi(-24),
                (2 * h + 1) as f64 * 2f64.powi(-25),
            ] {
                let b = (x as f32).to_bits();
                v.extend([b.wrapping_sub(1), b, b + 1]);
            }
        }
        v.extend([
            0x7f80_0000,
            0x7f80_0001,
            0x7fbf_ffff,
            0x7fc0_0000,
            0x7fc0_1234,
            0x7fff_ffff,
            0x7f80_2000,
            0x7f80_e000,
            0x0000_0001,
            0x007f_ffff,
            0x0080_0000,
            0x7f7f_ffff,
            0x477f_efff,
            0x477f_f000,
            0x477f_f001,
        ]);
        let neg: Vec<u32> = v.iter().map(|b| b ^ 0x8000_0000).collect();
        v.extend(neg);
        v.into_iter().map(f32::from_bits).collect()
    }

    fn each_level(mut f: impl FnMut(u8)) {
        let _g = ISA_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        for level in [1, 2, 3] {
            force_isa(level);
            f(level);
        }
        force_isa(0);
    }

    #[test]
    fn every_half_pattern_widens_as_half_does_on_every_isa_path() {
        let bits: Vec<u16> = (0..=u16::MAX).collect();
        let h: Vec<f16> = bits.iter().map(|&b| f16::from_bits(b)).collect();
        let b: Vec<bf16> = bits.iter().map(|&b| bf16::from_bits(b)).collect();
        each_level(|level| {
            // Odd lengths and offsets exercise the tails.
            for (lo, hi) in [(0, bits.len()), (3, 3 + 13), (5, 5 + 7), (0, 0)] {
                let mut out = vec![0f32; hi - lo];
                f16_to_f32(&h[lo..hi], &mut out);
                for (x, y) in h[lo..hi].iter().zip(&out) {
                    assert_eq!(
                        y.to_bits(),
                        x.to_f32().to_bits(),
                        "f16 {x:?}, level {level}"
                    );
                    // The cast rules go through f64: same bits after the round trip.
                    let c: f32 = convert(*x);
                    assert_eq!(y.to_bits(), c.to_bits(), "cast f16 {x:?}, level {level}");
                    assert_eq!((*y as f64).to_bits(), x.to_f64().to_bits(), "f16 {x:?}");
                }
                bf16_to_f32(&b[lo..hi], &mut out);
                for (x, y) in b[lo..hi].iter().zip(&out) {
                    assert_eq!(
                        y.to_bits(),
                        x.to_f32().to_bits(),
                        "bf16 {x:?}, level {level}"
                    );
                    let c: f32 = convert(*x);
                    assert_eq!(y.to_bits(), c.to_bits(), "cast bf16 {x:?}, level {level}");
                    assert_eq!((*y as f64).to_bits(), x.to_f64().to_bits(), "bf16 {x:?}");
                }
            }
        });
    }

    #[test]
    fn f32_narrows_as_half_does_on_every_isa_path() {
        let xs = f32_cases();
        assert!(xs.len() > 1_000_000);
        each_level(|level| {
            for (lo, hi) in [(0, xs.len()), (1, 1 + 15), (7, 7 + 9), (0, 0)] {
                let mut h = vec![f16::ZERO; hi - lo];
                f32_to_f16(&xs[lo..hi], &mut h);
                let mut b = vec![bf16::ZERO; hi - lo];
                f32_to_bf16(&xs[lo..hi], &mut b);
                for ((x, y), z) in xs[lo..hi].iter().zip(&h).zip(&b) {
                    let (want_h, want_b) = (f16::from_f32(*x), bf16::from_f32(*x));
                    assert_eq!(y.to_bits(), want_h.to_bits(), "f16 of {:#x}", x.to_bits());
                    assert_eq!(z.to_bits(), want_b.to_bits(), "bf16 of {:#x}", x.to_bits());
                    // And as the cast rules do it (through f64 and round-to-odd).
                    let (ch, cb): (f16, bf16) = (convert(*x), convert(*x));
                    assert_eq!(y.to_bits(), ch.to_bits(), "cast f16 {:#x}", x.to_bits());
                    assert_eq!(z.to_bits(), cb.to_bits(), "cast bf16 {:#x}", x.to_bits());
                }
            }
            let _ = level;
        });
    }

    /// `map2_via` on `f16`/`bf16` (one pass with AVX-512 through [`fused2`] for rows of unit
    /// stride, blocks widened and narrowed otherwise) gives `down(f(up(a), up(b)))` element
    /// by element, bit for bit, on every ISA path: every pattern against a permutation of
    /// them, with closures that round (`*`, `/`), propagate NaNs (`+`) and produce arbitrary
    /// `f32` patterns for the narrowing (a bit mix), at lengths with and without a tail,
    /// contiguous and strided.
    #[test]
    fn fused_half_binary_ops_match_the_scalar_definition_on_every_isa_path() {
        use super::super::{Float, map2_via};
        use tensor_core::Layout;
        fn check<T: Float<C = f32> + std::fmt::Debug>(from: fn(u16) -> T, to: fn(T) -> u16) {
            let a: Vec<T> = (0..=u16::MAX).map(from).collect();
            let b: Vec<T> = (0..=u16::MAX as u32)
                .map(|i| from((i.wrapping_mul(40503) ^ 0x5a5a) as u16))
                .collect();
            let mix = |x: f32, y: f32| f32::from_bits(x.to_bits() ^ (y.to_bits() >> 7));
            type Op<'a> = &'a (dyn Fn(f32, f32) -> f32 + Sync);
            let fs: [(&str, Op); 4] = [
                ("add", &|x, y| x + y),
                ("mul", &|x, y| x * y),
                ("div", &|x, y| x / y),
                ("mix", &mix),
            ];
            each_level(|level| {
                for (name, f) in fs {
                    for n in [a.len(), 16 * 7 + 5, 13, 16, 0] {
                        let l = Layout::contiguous(&[n]);
                        let mut out = vec![from(0); n];
                        map2_via((&a[..n], &l), (&b[..n], &l), &mut out, true, f);
                        for i in 0..n {
                            let want = T::down(f(a[i].up(), b[i].up()));
                            assert_eq!(
                                to(out[i]),
                                to(want),
                                "{name} {:?} {:?} level {level} n {n}",
                                a[i],
                                b[i]
                            );
                        }
                    }
                    // A transposed operand: rows without unit stride take the block path.
                    let (r, c) = (256, 256);
                    let lt = Layout::contiguous(&[c, r]).permute(&[1, 0]).unwrap();
                    let l = Layout::contiguous(&[r, c]);
                    let mut out = vec![from(0); r * c];
                    map2_via((&a[..r * c], &l), (&b[..r * c], &lt), &mut out, true, f);
                    for i in 0..r {
                        for j in 0..c {
                            let want = T::down(f(a[i * c + j].up(), b[j * r + i].up()));
                            assert_eq!(to(out[i * c + j]), to(want), "{name} strided");
                        }
                    }
                }
            });
        }
        check::<f16>(f16::from_bits, f16::to_bits);
        check::<bf16>(bf16::from_bits, bf16::to_bits);
    }
}
