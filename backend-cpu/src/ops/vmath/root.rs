//! `rsqrt x = 1 / sqrt(x)`.
//!
//! # Method
//! A start in `f32` lanes, where the square root and the quotient are cheap:
//! `y0 = 1 / sqrt(x)` (each operation correctly rounded, so `y0` is within `2^-23` of the
//! exact value), then one step of the third-order iteration in `f64`:
//! `e = 1 - x y0^2` (as `fma(-(x y0), y0, 1)`), `y = y0 + y0 e (1/2 + 3e/8)`.
//!
//! # Error analysis
//! `u = 2^-53`. With `y0 = x^(-1/2) (1 + d)`, `|d| <= 2^-23 + 2^-47`: `e = 1 - (1 + d)^2`,
//! `|e| < 2^-21.9`, and `y0 (1 + e/2 + 3e^2/8)` is `x^(-1/2)` within `(5/16)|e|^3 < 2^-67`
//! relative (the series of `(1 - e)^(-1/2)`). Computed: `x y0` rounds (`u`), which moves `e`
//! by at most `u (1 + |e|)` absolutely, and `e`'s own rounding is `u |e|`: the correction
//! `y0 e (1/2 + ...)` is then off by at most `u y0 / 2` plus its three roundings (`3u`
//! relative to a term of size `2^-22.9 y0`); the final sum rounds once. Total below
//! `u + u/2 + 2^-67 + 2^-73 < 2^-52.4` relative. **`E = 2^-51`** (a rounding-test tolerance
//! of 5 `f64` ULPs). For every positive finite `f32` (subnormals included: their square
//! roots are normal) the result lies in `[2^-64, 2^75]`, inside the normal `f32` range;
//! zero, negative inputs, infinities and NaN are CORE-MATH's.

use super::Fun;
use crate::cmath::f32 as cm;

/// `1 / sqrt(x)`.
pub struct Rsqrt;
impl Fun for Rsqrt {
    const NAME: &'static str = "rsqrt";
    const ERR_BITS: u32 = 51;
    /// Positive and finite: bits `1..=0x7f7f_ffff`.
    #[inline(always)]
    fn safe(b: u32) -> bool {
        b.wrapping_sub(1) < 0x7f7f_ffff
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        // `x` holds an f32 value: the conversion is exact.
        let xf = x as f32;
        let y0 = (1.0 / xf.sqrt()) as f64;
        let e = (-(x * y0)).mul_add(y0, 1.0);
        let c = e * 0.375f64.mul_add(e, 0.5);
        y0.mul_add(c, y0)
    }
    fn exact(x: f32) -> f32 {
        cm::rsqrtf(x)
    }
}
