//! dtype conversion between all 64 pairs, following the cast rules of `tensor_core::ops`:
//! floats round to nearest even, float to integer truncates and saturates with NaN giving
//! 0, integers wrap, anything to bool is `x != 0`.
//!
//! Rounding to `f16`/`bf16` happens once: `half`'s own `from_f64` goes through `f32` with
//! round-to-nearest on x86 with F16C (`f16`) or drops the low 32 mantissa bits (`bf16`),
//! both of which can double-round. Here values go to `f32` (and large `i64` to `f64`)
//! with *round-to-odd*, after which the final round-to-nearest is correct. Every kernel
//! of this crate narrows from `f64` through [`of_f64`] for that reason.
//!
//! Casts to and from `f16`/`bf16` (from and to `f32`, `f64`, each other) run on slices
//! with the vectorised conversions of [`super::halfconv`], through blocks of `f32` on the
//! stack; the results are the bits of the per-element rules above (unit tests over every
//! 16-bit pattern and the `f64` rounding boundaries, on every ISA path).

use super::{halfconv, map1_slices};
use crate::buffer::{CpuBuffer, Pod};
use half::{bf16, f16};
use tensor_core::{Layout, Result, with_dtype};

/// A value on its way from one dtype to another: floats widen exactly to `f64`, integers
/// and bools to `i64`.
#[derive(Clone, Copy)]
pub enum Wide {
    /// From a float dtype.
    F(f64),
    /// From an integer or bool dtype.
    I(i64),
}

/// Conversion through [`Wide`].
pub trait Castable: Pod {
    /// Exact widening.
    fn wide(self) -> Wide;
    /// Conversion by the cast rules.
    fn narrow(w: Wide) -> Self;
}

/// `v as f64` rounded to odd instead of to nearest: a later rounding to a type with at
/// most 51 bits of precision is then correctly rounded.
pub fn i64_to_f64_odd(v: i64) -> f64 {
    let f = v as f64;
    // `f` is within range, `f as i128` is exact for every `f64` near an `i64`.
    let back = f as i128;
    let v128 = v as i128;
    if back == v128 || f.to_bits() & 1 == 1 {
        return f;
    }
    // Inexact with an even mantissa: step one ulp toward `v` (odd, and still bracketing).
    let bits = f.to_bits();
    let toward_zero = (back > v128) == (f > 0.0);
    f64::from_bits(if toward_zero { bits - 1 } else { bits + 1 })
}

/// `v as f32` rounded to odd instead of to nearest, so that a later rounding to
/// `f16`/`bf16` (at most 11 bits) is correctly rounded: the branch-free definition of
/// `tensor_core` (inlined into the slice loops, which vectorise).
pub use tensor_core::dtype::f64_to_f32_round_to_odd as f64_to_f32_odd;

/// `v` narrowed to `T` by the cast rules with one rounding.
#[inline]
pub fn of_f64<T: Castable>(v: f64) -> T {
    T::narrow(Wide::F(v))
}

/// `v` converted to `T` by the cast rules (integers wrap).
#[inline]
pub fn of_i64<T: Castable>(v: i64) -> T {
    T::narrow(Wide::I(v))
}

macro_rules! castable_int {
    ($($t:ty),*) => {$(
        impl Castable for $t {
            #[inline] fn wide(self) -> Wide { Wide::I(self as i64) }
            #[inline] fn narrow(w: Wide) -> $t {
                match w { Wide::F(f) => f as $t, Wide::I(i) => i as $t }
            }
        }
    )*};
}
castable_int!(i64);

/// `u8` and `i32`, whose whole range is exact in `f64`: float to integer as `f as T` defines
/// it (truncation, saturation, NaN to 0), written as a clamp, a plain truncating conversion
/// and a NaN select, which vectorise (LLVM lowers the saturating `as` of a vector to a
/// scalar sequence per lane).
macro_rules! castable_small_int {
    ($($t:ty),*) => {$(
        impl Castable for $t {
            #[inline] fn wide(self) -> Wide { Wide::I(self as i64) }
            #[inline] fn narrow(w: Wide) -> $t {
                match w {
                    Wide::F(f) => {
                        // `f64::max`/`min` return the other operand for a NaN, so `c` is a
                        // number within `[MIN, MAX]`.
                        let c = f.max(<$t>::MIN as f64).min(<$t>::MAX as f64);
                        // SAFETY: `c` is finite and within the range of `$t` (both bounds
                        // are exact in `f64`), so its truncation is representable.
                        let t = unsafe { c.to_int_unchecked::<$t>() };
                        if f.is_nan() { 0 } else { t }
                    }
                    Wide::I(i) => i as $t,
                }
            }
        }
    )*};
}
castable_small_int!(u8, i32);

impl Castable for bool {
    #[inline]
    fn wide(self) -> Wide {
        Wide::I(self as i64)
    }
    #[inline]
    fn narrow(w: Wide) -> bool {
        match w {
            Wide::F(f) => f != 0.0,
            Wide::I(i) => i != 0,
        }
    }
}

impl Castable for f64 {
    #[inline]
    fn wide(self) -> Wide {
        Wide::F(self)
    }
    #[inline]
    fn narrow(w: Wide) -> f64 {
        match w {
            Wide::F(f) => f,
            Wide::I(i) => i as f64,
        }
    }
}
impl Castable for f32 {
    #[inline]
    fn wide(self) -> Wide {
        Wide::F(self as f64)
    }
    #[inline]
    fn narrow(w: Wide) -> f32 {
        match w {
            Wide::F(f) => f as f32,
            Wide::I(i) => i as f32,
        }
    }
}
macro_rules! castable_half {
    ($($t:ty),*) => {$(
        impl Castable for $t {
            #[inline] fn wide(self) -> Wide { Wide::F(self.to_f64()) }
            #[inline] fn narrow(w: Wide) -> $t {
                match w {
                    Wide::F(f) => <$t>::from_f32(f64_to_f32_odd(f)),
                    Wide::I(i) => <$t>::from_f32(f64_to_f32_odd(i64_to_f64_odd(i))),
                }
            }
        }
    )*};
}
castable_half!(f16, bf16);

/// Converts one value by the cast rules.
#[inline]
pub fn convert<S: Castable, D: Castable>(v: S) -> D {
    D::narrow(v.wide())
}

/// Block of the two-step half casts, elements of `f32` on the stack.
const BLOCK: usize = 256;

/// `dst = second(first(src))` through `f32` blocks of [`BLOCK`] elements.
#[inline(always)]
fn through_f32<S, D>(
    src: &[S],
    dst: &mut [D],
    first: impl Fn(&[S], &mut [f32]),
    second: impl Fn(&[f32], &mut [D]),
) {
    let mut buf = [0f32; BLOCK];
    for (s, d) in src.chunks(BLOCK).zip(dst.chunks_mut(BLOCK)) {
        let b = &mut buf[..s.len()];
        first(s, b);
        second(b, d);
    }
}

/// `f64` to `f32` with round-to-odd (then rounding to a 16-bit type is correct).
#[inline(always)]
fn odd_f32(s: &[f64], d: &mut [f32]) {
    for (d, &s) in d.iter_mut().zip(s) {
        *d = f64_to_f32_odd(s);
    }
}

/// `src` widened exactly to `f64` (any float `T`; `f16`/`bf16` through `f32` blocks with
/// the vectorised conversions of [`halfconv`]). Inlined, so that the kernels compiled for
/// AVX2 or AVX-512 (`twins!`) that call it get its loops in their instruction set.
#[inline(always)]
pub fn widen_f64<T: Pod>(src: &[T], dst: &mut [f64]) {
    use super::{as_f32, as_type};
    if let Some(s) = as_f32(src) {
        to_f64(s, dst);
    } else if let Some(s) = as_type::<T, f16>(src) {
        through_f32(s, dst, halfconv::f16_to_f32, to_f64);
    } else if let Some(s) = as_type::<T, bf16>(src) {
        through_f32(s, dst, halfconv::bf16_to_f32, to_f64);
    } else {
        for (d, v) in dst.iter_mut().zip(src) {
            *d = v.to_f64();
        }
    }
}

/// `dst[i] = of_f64(src[i])` (one rounding), `f16`/`bf16` through round-to-odd `f32`
/// blocks and the vectorised conversions of [`halfconv`]. Inlined, as [`widen_f64`].
#[inline(always)]
pub fn narrow_f64<T: Castable>(src: &[f64], dst: &mut [T]) {
    use super::{as_f32_mut, as_type_mut};
    if let Some(d) = as_f32_mut(dst) {
        for (d, &v) in d.iter_mut().zip(src) {
            *d = v as f32;
        }
    } else if let Some(d) = as_type_mut::<T, f16>(dst) {
        through_f32(src, d, odd_f32, halfconv::f32_to_f16);
    } else if let Some(d) = as_type_mut::<T, bf16>(dst) {
        through_f32(src, d, odd_f32, halfconv::f32_to_bf16);
    } else {
        for (d, &v) in dst.iter_mut().zip(src) {
            *d = of_f64::<T>(v);
        }
    }
}

/// `f32` widened to `f64`.
#[inline(always)]
fn to_f64(s: &[f32], d: &mut [f64]) {
    for (d, &s) in d.iter_mut().zip(s) {
        *d = s as f64;
    }
}

/// `d[i] = f(s[i])`.
#[inline]
fn each<S: Copy, D>(s: &[S], d: &mut [D], f: impl Fn(S) -> D) {
    for (d, &s) in d.iter_mut().zip(s) {
        *d = f(s);
    }
}

/// The casts with slice kernels; `false` (nothing done) for the other pairs.
fn cast_slices(x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<bool> {
    use halfconv::*;
    use tensor_core::DType::{BF16, Bool, F16, F32, F64, I64};
    macro_rules! go {
        ($S:ty, $D:ty, $k:expr) => {
            map1_slices(x.as_slice::<$S>()?, xl, out.as_mut_slice::<$D>()?, $k)
        };
    }
    match (x.dtype(), out.dtype()) {
        (F16, F32) => go!(f16, f32, f16_to_f32),
        (BF16, F32) => go!(bf16, f32, bf16_to_f32),
        (F32, F16) => go!(f32, f16, f32_to_f16),
        (F32, BF16) => go!(f32, bf16, f32_to_bf16),
        (F16, F64) => go!(f16, f64, |s, d| through_f32(s, d, f16_to_f32, to_f64)),
        (BF16, F64) => go!(bf16, f64, |s, d| through_f32(s, d, bf16_to_f32, to_f64)),
        (F64, F16) => go!(f64, f16, |s, d| through_f32(s, d, odd_run, f32_to_f16)),
        (F64, BF16) => go!(f64, bf16, |s, d| through_f32(s, d, odd_run, f32_to_bf16)),
        (F16, BF16) => go!(f16, bf16, |s, d| through_f32(s, d, f16_to_f32, f32_to_bf16)),
        (BF16, F16) => go!(bf16, f16, |s, d| through_f32(s, d, bf16_to_f32, f32_to_f16)),
        // Float to bool by the cast rule (`!= 0`) as a slice loop that vectorises.
        (F32, Bool) => go!(f32, bool, |s, d| each(s, d, |v| v != 0.0)),
        (F64, Bool) => go!(f64, bool, |s, d| each(s, d, |v| v != 0.0)),
        (F32, I64) => go!(f32, i64, float_i64_run),
        (F64, I64) => go!(f64, i64, float_i64_run),
        _ => return Ok(false),
    }
    Ok(true)
}

/// `1.5 * 2^52`: `f + MAGIC` holds the integer nearest to `f` in its low mantissa bits
/// for `|f| < 2^51`.
const MAGIC: f64 = 6_755_399_441_055_744.0;

/// `d[i] = s[i] as i64` (truncation toward zero, saturation, NaN to 0): LLVM lowers the
/// saturating `as` on vectors to a scalar sequence per lane, and without AVX-512 DQ there
/// is no packed `f64` to `i64` conversion at all. For `|f| < 2^51` the nearest integer `n`
/// is read from the bits of `f + MAGIC` (exact: that sum is in `[2^52, 2^53)`, where the
/// spacing is 1) and stepped once toward zero when the rounding went away from it, which
/// vectorises; a block holding any other value (large, infinite, NaN) is redone with `as`.
#[inline(always)]
fn float_i64_body<S: Copy + Into<f64>>(s: &[S], d: &mut [i64]) {
    const SMALL: f64 = 2_251_799_813_685_248.0; // 2^51
    for (sc, dc) in s.chunks(256).zip(d.chunks_mut(256)) {
        let mut big = false;
        for (o, &v) in dc.iter_mut().zip(sc) {
            let f: f64 = v.into();
            let m = f + MAGIC;
            let n = (m.to_bits() as i64).wrapping_sub(MAGIC.to_bits() as i64);
            let nf = m - MAGIC;
            let away = ((nf > f) & (f >= 0.0)) as i64 - ((nf < f) & (f < 0.0)) as i64;
            *o = n.wrapping_sub(away);
            big |= (f.abs() >= SMALL) | f.is_nan();
        }
        if big {
            for (o, &v) in dc.iter_mut().zip(sc) {
                *o = v.into() as i64;
            }
        }
    }
}

super::twins! {
    /// [`float_i64_body`] compiled for the widest instruction set allowed.
    fn float_i64_run<S: Float64>(s: &[S], d: &mut [i64]) = float_i64_body;
}

/// The float dtypes exact in `f64` that [`float_i64_run`] takes (`f32`, `f64`).
trait Float64: Copy + Into<f64> {}
impl Float64 for f32 {}
impl Float64 for f64 {}

super::twins! {
    /// [`odd_f32`] compiled for the widest instruction set allowed.
    fn odd_run<>(s: &[f64], d: &mut [f32]) = odd_f32;
}

/// `d[i] = convert(s[i])`.
#[inline(always)]
fn convert_body<S: Castable, D: Castable>(s: &[S], d: &mut [D]) {
    for (d, &s) in d.iter_mut().zip(s) {
        *d = convert::<S, D>(s);
    }
}

super::twins! {
    /// [`convert_body`] compiled for the widest instruction set allowed: the conversion
    /// instructions of AVX2/AVX-512 (`f32` to `i32` and back, `f64` to `f32`) vectorise
    /// loops that SSE2 leaves scalar; the same Rust `as` conversions, so the same bits.
    fn convert_run<S: Castable, D: Castable>(s: &[S], d: &mut [D]) = convert_body;
}

/// Casts a strided `x` into the contiguous `out` (any pair of dtypes).
pub fn cast(x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    if cast_slices(x, xl, out)? {
        return Ok(());
    }
    with_dtype!(x.dtype(), |S| {
        let xs = x.as_slice::<S>()?;
        with_dtype!(out.dtype(), |D| {
            map1_slices(xs, xl, out.as_mut_slice::<D>()?, convert_run::<S, D>);
            Ok(())
        })
    })
}

/// Casts a whole buffer into a new contiguous buffer of `dtype`.
pub fn cast_to(x: &CpuBuffer, xl: &Layout, dtype: tensor_core::DType) -> Result<CpuBuffer> {
    let mut out = CpuBuffer::for_output(dtype, xl.numel())?;
    cast(x, xl, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition of round-to-odd, with branches: the bits of `v as f32` when exact (or
    /// odd, or not finite), else one ULP toward `v`.
    fn odd_reference(v: f64) -> f32 {
        let f = v as f32;
        if !f.is_finite() || f as f64 == v || f.to_bits() & 1 == 1 {
            return f;
        }
        let bits = f.to_bits();
        let up = v.abs() > (f as f64).abs();
        f32::from_bits(if up { bits + 1 } else { bits - 1 })
    }

    #[test]
    fn branch_free_round_to_odd_is_the_definition() {
        let mut vals = vec![
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            1e-46,
            -1e-46,
            1.0,
            -1.0,
            f64::MAX,
            f64::MIN,
            f32::MAX as f64 * (1.0 + 1e-9),
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1_000_000 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = f64::from_bits(s);
            vals.extend([
                v,
                (v as f32) as f64,
                f64::from_bits(((v as f32) as f64).to_bits() + 1),
            ]);
        }
        for v in vals {
            let (got, want) = (f64_to_f32_odd(v), odd_reference(v));
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{v:e}: {got:e} != {want:e}"
            );
        }
    }

    /// Every cast with a slice kernel gives the bits of the per-element rules, on every ISA
    /// path: all 16-bit patterns as sources, and `f64` sources around every `f16`/`bf16`
    /// rounding boundary (ties, and one `f64` ulp either side, far below `f32` precision).
    /// The clamped conversion of `u8`/`i32` is Rust's saturating `as`, NaN and the
    /// boundaries included.
    #[test]
    fn small_int_narrowing_is_the_saturating_as() {
        let mut vals = vec![
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            0.99,
            -0.99,
            255.0,
            255.5,
            256.0,
            -1.0,
            2147483647.0,
            2147483647.9,
            2147483648.0,
            -2147483648.0,
            -2147483648.9,
            -2147483649.0,
            1e300,
        ];
        let mut s = 0x1234_5678_9abc_def0u64;
        for k in 0..100_000 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            vals.push(f64::from_bits(s));
            vals.push(((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * [600.0, 5e9][k % 2]);
        }
        for v in vals {
            assert_eq!(i32::narrow(Wide::F(v)), v as i32, "{v}");
            assert_eq!(u8::narrow(Wide::F(v)), v as u8, "{v}");
        }
    }

    /// Every pair of dtypes through [`cast`] (the slice kernels or `convert_run`, on each
    /// ISA path) gives the bits of the element rule [`convert`]: saturation, NaN to 0,
    /// wrapping, rounding, `!= 0` for bool.
    #[test]
    fn every_pair_matches_the_element_rule_on_every_isa_path() {
        use tensor_core::DType;
        let mut wide = vec![
            Wide::F(f64::NAN),
            Wide::F(f64::INFINITY),
            Wide::F(f64::NEG_INFINITY),
            Wide::F(-0.0),
            Wide::I(i64::MIN),
            Wide::I(i64::MAX),
            Wide::I(-1),
        ];
        let mut s = 0x2545_f491_4f6c_dd1du64;
        for k in 0..3000 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let scale = [1.0, 300.0, 7e4, 3e9, 1e19, 1e40][k % 6];
            wide.push(Wide::F(
                ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2.0 * scale,
            ));
            wide.push(Wide::I((s as i64) >> (k % 60)));
        }
        let dts = DType::ALL;
        let _g = ISA.lock().unwrap_or_else(|e| e.into_inner());
        for sd in dts {
            for dd in dts {
                with_dtype!(sd, |S| {
                    let src: Vec<S> = wide.iter().map(|&w| S::narrow(w)).collect();
                    let mut x = CpuBuffer::zeroed(sd, src.len()).unwrap();
                    x.as_mut_slice::<S>().unwrap().copy_from_slice(&src);
                    let xl = Layout::contiguous(&[src.len()]);
                    with_dtype!(dd, |D| {
                        for level in [1, 2, 3] {
                            super::super::force_isa(level);
                            let mut out = CpuBuffer::zeroed(dd, src.len()).unwrap();
                            cast(&x, &xl, &mut out).unwrap();
                            super::super::force_isa(0);
                            let got = out.as_slice::<D>().unwrap();
                            for (i, (&v, g)) in src.iter().zip(got).enumerate() {
                                let want: D = convert(v);
                                assert!(
                                    bytemuck_eq(g, &want),
                                    "{sd:?} -> {dd:?} at {i}, level {level}"
                                );
                            }
                        }
                    })
                })
            }
        }
    }

    #[test]
    fn slice_casts_match_the_element_rules_on_every_isa_path() {
        fn check<S: Castable + Copy, D: Castable + Copy>(src: &[S]) {
            let mut x = CpuBuffer::zeroed(S::DTYPE, src.len()).unwrap();
            x.as_mut_slice::<S>().unwrap().copy_from_slice(src);
            let xl = Layout::contiguous(&[src.len()]);
            let mut out = CpuBuffer::for_output(D::DTYPE, src.len()).unwrap();
            assert!(
                cast_slices(&x, &xl, &mut out).unwrap(),
                "{:?} -> {:?}",
                S::DTYPE,
                D::DTYPE
            );
            let got = out.as_slice::<D>().unwrap();
            for (i, (&s, &g)) in src.iter().zip(got).enumerate() {
                let want: D = convert(s);
                assert!(
                    bytemuck_eq(&g, &want),
                    "{:?} -> {:?} at {i}",
                    S::DTYPE,
                    D::DTYPE
                );
            }
        }
        let h: Vec<f16> = (0..=u16::MAX).map(f16::from_bits).collect();
        let b: Vec<bf16> = (0..=u16::MAX).map(bf16::from_bits).collect();
        let mut d: Vec<f64> = Vec::new();
        for bits in 0..=u16::MAX {
            for (lo, hi) in [
                (
                    f16::from_bits(bits).to_f64(),
                    f16::from_bits(bits.wrapping_add(1)).to_f64(),
                ),
                (
                    bf16::from_bits(bits).to_f64(),
                    bf16::from_bits(bits.wrapping_add(1)).to_f64(),
                ),
            ] {
                let mid = (lo + hi) / 2.0;
                for v in [lo, mid] {
                    d.extend([
                        v,
                        f64::from_bits(v.to_bits() + 1),
                        f64::from_bits(v.to_bits().wrapping_sub(1)),
                    ]);
                }
            }
        }
        d.extend([
            f64::MAX,
            f64::MIN_POSITIVE,
            1e300,
            -1e-300,
            f64::from_bits(0x7ff0_0000_0000_0001),
        ]);
        let _g = ISA.lock().unwrap_or_else(|e| e.into_inner());
        for level in [1, 2, 3] {
            super::super::force_isa(level);
            check::<f16, f32>(&h);
            check::<bf16, f32>(&b);
            check::<f16, f64>(&h);
            check::<bf16, f64>(&b);
            check::<f16, bf16>(&h);
            check::<bf16, f16>(&b);
            check::<f64, f16>(&d);
            check::<f64, bf16>(&d);
            let f: Vec<f32> = d.iter().map(|&v| v as f32).collect();
            check::<f32, f16>(&f);
            check::<f32, bf16>(&f);
            // Float to bool: zeros, NaN, infinities.
            let mut e = d.clone();
            e.extend([
                0.0,
                -0.0,
                0.5,
                -0.5,
                1e-310,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NAN,
            ]);
            let ef: Vec<f32> = e.iter().map(|&v| v as f32).collect();
            check::<f64, bool>(&e);
            check::<f32, bool>(&ef);
            // Float to i64: whole blocks of small values (the vector path), values next to
            // integers and halves at every magnitude up to 2^51 and across it; then the
            // blocks above with infinities, NaNs and huge values (the `as` path).
            let mut small: Vec<f64> = (0..5000).map(|i| i as f64 * 0.37 - 925.0).collect();
            for k in 0..56 {
                let p = 2f64.powi(k);
                for v in [p, p - 1.0, p + 0.5, p - 0.5, p * 1.5] {
                    if v == 0.0 {
                        continue;
                    }
                    for w in [
                        v,
                        f64::from_bits(v.to_bits() + 1),
                        f64::from_bits(v.to_bits() - 1),
                    ] {
                        small.extend([w, -w]);
                    }
                }
            }
            small.extend([0.0, -0.0, 0.5, -0.5, 1e-310, -1e-310, 0.999_999_999_999]);
            check::<f64, i64>(&small);
            check::<f32, i64>(&small.iter().map(|&v| v as f32).collect::<Vec<_>>());
            e.extend([
                9.223_372_036_854_775e18,
                -9.223_372_036_854_775e18,
                1e19,
                -1e19,
            ]);
            check::<f64, i64>(&e);
            check::<f32, i64>(&e.iter().map(|&v| v as f32).collect::<Vec<_>>());
        }
        super::super::force_isa(0);
    }

    /// Whether two values have the same bytes.
    fn bytemuck_eq<D: Pod>(a: &D, b: &D) -> bool {
        let n = std::mem::size_of::<D>();
        // SAFETY: `Pod` values are plain bytes without padding, `n` of them.
        unsafe {
            std::slice::from_raw_parts((a as *const D).cast::<u8>(), n)
                == std::slice::from_raw_parts((b as *const D).cast::<u8>(), n)
        }
    }

    static ISA: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn round_to_odd_makes_one_rounding() {
        // 2^60 + 2^52 + 1 lies just above the bf16/f16 midpoint region after one rounding.
        for v in [
            (1i64 << 60) + (1 << 52) + 1,
            (1i64 << 62) + (1 << 54) + 1,
            -((1i64 << 60) + (1 << 52) + 1),
            i64::MAX,
            i64::MIN,
            12345,
        ] {
            let exact = v as i128;
            let b: bf16 = convert(v);
            // Correct rounding: no other bf16 is strictly closer.
            let bv = b.to_f64() as i128;
            let up = bf16::from_bits(b.to_bits() + 1).to_f64() as i128;
            let dn = bf16::from_bits(b.to_bits() - 1).to_f64() as i128;
            assert!((bv - exact).abs() <= (up - exact).abs(), "{v}");
            assert!((bv - exact).abs() <= (dn - exact).abs(), "{v}");
        }
        // (2^60 + 2^52 + 1): f64 rounds to 2^60 + 2^52 (a bf16 tie), bf16 would then go even
        // (down) although the exact value is above the tie.
        let v = (1i64 << 60) + (1 << 52) + 1;
        let b: bf16 = convert(v);
        assert_eq!(b.to_f64(), (1u64 << 60) as f64 + (1u64 << 53) as f64);
    }

    #[test]
    fn f64_to_half_rounds_once() {
        // Just above a tie of each type, with the excess far below f32 precision.
        let v = 1.0 + 2f64.powi(-11) + 2f64.powi(-40);
        assert_eq!(of_f64::<f16>(v).to_f64(), 1.0 + 2f64.powi(-10));
        let v = 1.0 + 2f64.powi(-8) + 2f64.powi(-40);
        assert_eq!(of_f64::<bf16>(v).to_f64(), 1.0 + 2f64.powi(-7));
        let v = 1.0 + 2f64.powi(-8) - 2f64.powi(-40);
        assert_eq!(of_f64::<bf16>(v).to_f64(), 1.0);
        assert!(of_f64::<f16>(f64::NAN).is_nan());
        assert_eq!(of_f64::<f16>(1e10), f16::INFINITY);
        assert_eq!(of_f64::<bf16>(-1e300), bf16::NEG_INFINITY);
        assert_eq!(of_f64::<f16>(1e-30).to_bits(), 0);
        assert_eq!(of_f64::<f16>(2f64.powi(-25) * 1.0001).to_bits(), 1);
        // Exhaustive agreement with exact rounding on every f16 midpoint +- tiny.
        for bits in 0..0x7bffu16 {
            let lo = f16::from_bits(bits).to_f64();
            let hi = f16::from_bits(bits + 1).to_f64();
            let mid = (lo + hi) / 2.0;
            let eps = mid * 2f64.powi(-45);
            assert_eq!(of_f64::<f16>(mid + eps).to_bits(), bits + 1);
            assert_eq!(
                of_f64::<f16>(mid - eps.max(f64::MIN_POSITIVE)).to_bits(),
                bits
            );
        }
    }
}
