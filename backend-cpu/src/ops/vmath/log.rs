//! The logarithms: `log`, `log2`, `log10`, `log1p`, and the inverse hyperbolic functions
//! `asinh`, `acosh`, `atanh`, which are logarithms of computed arguments.
//!
//! # Method
//! For a positive normal `f64` `u` (every positive `f32`, subnormals included, is one):
//! `u = 2^e m` with `m` in `[sqrt(1/2), sqrt 2)`, from the bits; `log m = 2 atanh(f) =
//! f P(f^2)`, `f = (m - 1) / (m + 1)` (`|f| <= 0.1716`), `P` of degree 4, minimax for the
//! relative error of `2 atanh(f) / f`, which is below `E_P = 2^-37.7` (see [`super`] for
//! the fit). Then
//!
//! * `log x = e LN2 + f P`, `log2 x = e + f (P LOG2_E)`, `log10 x = e LOG10_2 + f (P LOG10_E)`,
//!   each with one fused multiply-add at the end;
//! * `log1p x = log(1 + x)` where `1 + x` is exact in `f64` (`2^-29 <= |x| < 2^53`: both
//!   terms are multiples of `2^-52` and the sum is below `2^53`, or `1 + x` lies in
//!   `(0, 1)`); for `|x| < 2^-29`, `x (1 - x/2)`, whose relative error against `log1p x` is
//!   below `x^2 / 3 < 2^-59`; for `x >= 2^53`, `1 + x` rounds to `x`, which changes the
//!   logarithm (at least 36) by less than `2^-53`.
//!
//! # Error analysis
//! `u = 2^-53`. `m - 1` is exact (Sterbenz), `m + 1` and the quotient are rounded:
//! `f` is within `2u` relative. `f^2` is rounded (`u`), and `P` changes by at most `0.01`
//! times a relative change of its argument (`s P'(s) / P(s) <= 0.01` on the interval);
//! Horner's rule adds about `1.1u` (the last addition of `2` dominates). So `f P` is
//! `log m` within `E_P + 3.3u`.
//!
//! * `e = 0`: one more rounding: `E_P + 4.3u`.
//! * `e != 0`: `|y| >= |e| ln2 / 2`, so `|e ln 2| <= 2 |y|` and `|log m| <= |y|`; `e LN2` is
//!   within `u + 2^-54.7` (the product and `LN2`'s error), so the error is at most
//!   `2 (u + 2^-54.7) + E_P + 3.3u + u < E_P + 7.2u`.
//! * `log2`: `e` exact, `P LOG2_E` within `2u`: `E_P + 6.3u`; `log10`: `P LOG10_E` within
//!   `2u`, `e LOG10_2` within `2u` (weighted by 2): `E_P + 10.3u`.
//!
//! All are below `2^-37.6`: **`E = 2^-37`** for the four functions (the tiny-`x` branch
//! of `log1p` is within `2u + 2^-59`).
//!
//! # The inverse hyperbolic functions
//! Each is `log1p` of a computed `z >= 0` (`log1p_pos`): `1 + z` is no longer exact, so
//! it is split into `w = 1 + z` (rounded) and the exact rest `c = (1 + z) - w` (Fast2Sum,
//! with the larger of 1 and `z` first), and `log(w + c)` is `e ln 2 + log(m + c 2^-e)`
//! with `f = ((m - 1) + c') / ((m + 1) + c')`, `c' = c 2^-e` (exact scaling): the
//! numerator rounds once (`m - 1` is exact), the denominator twice, the quotient once, so
//! `f` is within `4u` and, as above, the result within `E_P + 9.2u` (`e != 0`).
//!
//! * `asinh |x| = log1p(a + a^2 / (1 + sqrt(1 + a^2)))`, `a = |x|`, the sign copied: the
//!   argument is a sum of positive terms, within `5.5u` (`a^2`, `1 + a^2`, the square root,
//!   `1 + sqrt`, the quotient, the sum).
//! * `acosh x = log1p(t + sqrt(t (t + 2)))`, `t = x - 1` (exact for an `f32` `x >= 1`, as
//!   is `t + 2`): within `2.5u`.
//! * `atanh |x| = log1p(2a / (1 - a)) / 2` (`1 - a` exact, one rounding): within `u`.
//!
//! `log1p` passes a relative error of its argument on multiplied by
//! `z / ((1 + z) log1p z) <= 1`, so all three are within `E_P + 14.7u < 2^-37.6`:
//! **`E = 2^-37`**. Zero results (`asinh 0`, `acosh 1`, `atanh 0`) and subnormal ones fail
//! the rounding test; NaN, infinities and inputs outside the domains (`x < 1` for `acosh`,
//! `|x| >= 1` for `atanh`) are CORE-MATH's.

use super::Fun;
use crate::cmath::f32 as cm;

/// `2 atanh(f) / f ~ sum LOG_C[i] f^(2i)` for `f^2 <= ((sqrt 2 - 1)/(sqrt 2 + 1))^2
/// (1 + 2^-20)`: minimax for the relative error, which is below `2^-37.7`.
const LOG_C: [f64; 5] = [
    2.000_000_000_008_424,
    0.666_666_652_404_472_9,
    0.400_003_858_701_987_9,
    0.285_349_858_558_679_3,
    0.236_174_672_151_194_48,
];
const LN2: f64 = std::f64::consts::LN_2;
const LOG2_E: f64 = std::f64::consts::LOG2_E;
const LOG10_E: f64 = std::f64::consts::LOG10_E;
const LOG10_2: f64 = std::f64::consts::LOG10_2;
/// `2^-29`: below it, `1 + x` is inexact and `log1p x = x (1 - x/2)` to `2^-59`.
const TWO_M29: f64 = 1.862_645_149_230_957e-9;
/// The bits of `sqrt(1/2)` rounded to `f64`.
const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;

/// `LOG_C` at `s` by Horner's rule (the division leaves the multiply-add units idle
/// anyway).
#[inline(always)]
fn log_poly(s: f64) -> f64 {
    let mut p = LOG_C[4];
    for &c in LOG_C[..4].iter().rev() {
        p = p.mul_add(s, c);
    }
    p
}

/// `u = 2^e m` with `m` in `[sqrt(1/2), sqrt 2)`: returns `e` (as an `f64`) and
/// `f = (m - 1) / (m + 1)`, with `log u = e ln 2 + 2 atanh f` (also the reduction of
/// [`super::pow`]). `u` must be a positive normal `f64`.
#[inline(always)]
pub(super) fn reduce(u: f64) -> (f64, f64) {
    let ix = u.to_bits();
    // i = ix - bits(sqrt(1/2)): its top 12 bits (arithmetic) are e, which the bits of m lack.
    let i = ix.wrapping_sub(SQRT_HALF_BITS);
    // e = (i as i64) >> 52, through 32-bit lanes (AVX2 has no 64-bit arithmetic shift).
    let e = ((i >> 32) as u32 as i32 >> 20) as f64;
    let m = f64::from_bits(ix.wrapping_sub(i & 0xfff0_0000_0000_0000));
    (e, (m - 1.0) / (m + 1.0))
}

/// `u = 2^e m`: returns `e` (as an `f64`), `f` and `P(f^2)`, with `log u = e ln 2 + f P`.
/// `u` must be a positive normal `f64`.
#[inline(always)]
fn parts(u: f64) -> (f64, f64, f64) {
    let (e, f) = reduce(u);
    (e, f, log_poly(f * f))
}

/// `log1p z` for `z >= 0` (finite), with `1 + z` rounded and its exact rest carried into
/// the reduction (see the module docs), within `E_P + 9.2u`.
#[inline(always)]
fn log1p_pos(z: f64) -> f64 {
    let w = 1.0 + z;
    // Fast2Sum: the larger operand first, so the rest is exact.
    let c = if z > 1.0 {
        1.0 - (w - z)
    } else {
        z - (w - 1.0)
    };
    let ix = w.to_bits();
    let i = ix.wrapping_sub(SQRT_HALF_BITS);
    let ei = (i >> 32) as u32 as i32 >> 20;
    let m = f64::from_bits(ix.wrapping_sub(i & 0xfff0_0000_0000_0000));
    // 2^-e: w >= 1, so 0 <= e <= 1024 - 1 and the factor is a normal f64.
    let scale = f64::from_bits(((1023 - ei) as u64) << 52);
    let cs = c * scale;
    let f = ((m - 1.0) + cs) / ((m + 1.0) + cs);
    f.mul_add(log_poly(f * f), ei as f64 * LN2)
}

/// `x` positive and finite (subnormals included): bits `1..=0x7f7f_ffff`.
#[inline(always)]
fn positive_finite(b: u32) -> bool {
    b.wrapping_sub(1) < 0x7f7f_ffff
}

/// `ln x`.
pub struct Log;
impl Fun for Log {
    const NAME: &'static str = "log";
    const ERR_BITS: u32 = 37;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        positive_finite(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (e, f, p) = parts(x);
        f.mul_add(p, e * LN2)
    }
    fn exact(x: f32) -> f32 {
        cm::logf(x)
    }
}

/// `log2 x`.
pub struct Log2;
impl Fun for Log2 {
    const NAME: &'static str = "log2";
    const ERR_BITS: u32 = 37;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        positive_finite(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (e, f, p) = parts(x);
        f.mul_add(p * LOG2_E, e)
    }
    fn exact(x: f32) -> f32 {
        cm::log2f(x)
    }
}

/// `log10 x`.
pub struct Log10;
impl Fun for Log10 {
    const NAME: &'static str = "log10";
    const ERR_BITS: u32 = 37;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        positive_finite(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (e, f, p) = parts(x);
        f.mul_add(p * LOG10_E, e * LOG10_2)
    }
    fn exact(x: f32) -> f32 {
        cm::log10f(x)
    }
}

/// `ln(1 + x)`.
pub struct Log1p;
impl Fun for Log1p {
    const NAME: &'static str = "log1p";
    const ERR_BITS: u32 = 37;
    /// `x > -1` and finite: positive bits below infinity's, or negative ones below `-1`'s.
    #[inline(always)]
    fn safe(b: u32) -> bool {
        b < 0x7f80_0000 || b.wrapping_sub(0x8000_0000) < 0x3f80_0000
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (e, f, p) = parts(1.0 + x);
        let big = f.mul_add(p, e * LN2);
        let tiny = x * (-0.5f64).mul_add(x, 1.0);
        if x.abs() < TWO_M29 { tiny } else { big }
    }
    fn exact(x: f32) -> f32 {
        cm::log1pf(x)
    }
}

/// Finite (NaN's and infinity's magnitude bits are the largest).
#[inline(always)]
fn finite(b: u32) -> bool {
    b & 0x7fff_ffff < 0x7f80_0000
}

/// `asinh x`.
pub struct Asinh;
impl Fun for Asinh {
    const NAME: &'static str = "asinh";
    const ERR_BITS: u32 = 37;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        finite(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let a = x.abs();
        let a2 = a * a;
        log1p_pos(a + a2 / (1.0 + (1.0 + a2).sqrt())).copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::asinhf(x)
    }
}

/// `acosh x`.
pub struct Acosh;
impl Fun for Acosh {
    const NAME: &'static str = "acosh";
    const ERR_BITS: u32 = 37;
    /// `1 <= x < inf`.
    #[inline(always)]
    fn safe(b: u32) -> bool {
        b.wrapping_sub(0x3f80_0000) < 0x7f80_0000 - 0x3f80_0000
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let t = x - 1.0;
        log1p_pos(t + (t * (t + 2.0)).sqrt())
    }
    fn exact(x: f32) -> f32 {
        cm::acoshf(x)
    }
}

/// `atanh x`.
pub struct Atanh;
impl Fun for Atanh {
    const NAME: &'static str = "atanh";
    const ERR_BITS: u32 = 37;
    /// `|x| < 1`.
    #[inline(always)]
    fn safe(b: u32) -> bool {
        b & 0x7fff_ffff < 0x3f80_0000
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let a = x.abs();
        (0.5 * log1p_pos(2.0 * a / (1.0 - a))).copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::atanhf(x)
    }
}
