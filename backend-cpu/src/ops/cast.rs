//! dtype conversion between all 64 pairs, following the cast rules of `tensor_core::ops`:
//! floats round to nearest even (once: `f64 -> f16` does not go through `f32`, and large
//! `i64` values reach `f16`/`bf16` through a round-to-odd `f64`), float to integer
//! truncates and saturates with NaN giving 0, integers wrap, anything to bool is `x != 0`.

use super::map1;
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
castable_int!(u8, i32, i64);

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
                    Wide::F(f) => <$t>::from_f64(f),
                    Wide::I(i) => <$t>::from_f64(i64_to_f64_odd(i)),
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

/// Casts a strided `x` into the contiguous `out` (any pair of dtypes).
pub fn cast(x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    with_dtype!(x.dtype(), |S| {
        let xs = x.as_slice::<S>()?;
        with_dtype!(out.dtype(), |D| {
            map1(xs, xl, out.as_mut_slice::<D>()?, convert::<S, D>);
            Ok(())
        })
    })
}

/// Casts a whole buffer into a new contiguous buffer of `dtype`.
pub fn cast_to(x: &CpuBuffer, xl: &Layout, dtype: tensor_core::DType) -> Result<CpuBuffer> {
    let mut out = CpuBuffer::zeroed(dtype, xl.numel())?;
    cast(x, xl, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
