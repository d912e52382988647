//! `pow(x, y)`, correctly rounded, for `f32`.
//!
//! # Method
//! `x^y = 2^(y log2 |x|)`, with the sign `(-1)^y` for a negative `x` and an integer `y`:
//!
//! * `log2 |x| = e + f L(f^2)`, with `|x| = 2^e m`, `m` in `[sqrt(1/2), sqrt 2)` and
//!   `f = (m - 1) / (m + 1)` ([`super::log`]'s reduction; `|f| <= 0.1716`); `L` of degree 6,
//!   minimax for the relative error of `2 atanh(f) / (f ln 2)` on `f^2 <= ((sqrt 2 - 1) /
//!   (sqrt 2 + 1))^2 (1 + 2^-20)`, below `E_L = 2^-52.1` with the rounded coefficients
//!   (fitted with the script of [`super`], `remez(lambda s: 2 * mp.atanh(mp.sqrt(s)) /
//!   mp.sqrt(s) / mp.ln2 if s else 2 / mp.ln2, mp.mpf(0), ((mp.sqrt(2) - 1) / (mp.sqrt(2) +
//!   1))**2 * w, 6)`). The logarithm is far more accurate than the one of `log2` because
//!   `y` multiplies its error.
//! * `z = y log2 |x|` (one rounding), then `2^z` by the exponential core of [`super::exp`].
//!
//! For `|z| > 200` the core returns NaN (the result overflows or underflows `f32`, which
//! the rounding test would refuse anyway); so it does for a negative `x` with a non-integer
//! `y` (`pow` is NaN there). `y` is an integer when `trunc(y) = y`, odd when moreover
//! `trunc(y/2) != y/2` (`y/2` is exact).
//!
//! # Error analysis
//! `u = 2^-53`. `f` is within `2u` relative (`m - 1` exact, `m + 1` and the quotient
//! rounded); `f^2` rounds once, which moves `L` by at most `0.01u`; Horner's rule adds
//! about `1.1u` (the last addition of `2 / ln 2` dominates) and the product `f L` one more
//! rounding: `f L` is `log2 m` within `E_L + 4.2u < 2^-50.4`. For `e != 0`,
//! `|f L| <= 1/2 <= |log2 |x||` and the sum rounds once: `log2 |x|` is within
//! `delta = 2^-50.4 + u < 2^-50.1` relative (for `e = 0` there is no sum).
//!
//! Wherever the rounding test can pass, the result is a normal `f32` and `|z| <= 128.1`.
//! `z = y log2 |x| (1 + delta)(1 + u)`, an absolute error below
//! `128.1 (2^-50.1 + u) < 2^-42.9`, which changes `2^z` by a factor within
//! `ln 2 * 2^-42.9 < 2^-43.4` of 1. The exponential core adds at most `2^-38.8` (see
//! [`super::exp`]; its reduction `z - round(z)` is exact for any `f64` `z`). Total below
//! `2^-38.7`: **`E = 2^-38`**.
//!
//! Inputs left to CORE-MATH: `x` zero, infinite or NaN, `y` infinite or NaN, and every
//! element whose result fails the rounding test (among them exact `f32` midpoints such as
//! `(1 + 2^-12)^2`, zero, subnormal and overflowing results, and the NaN cases above).
//! `pow(x, ±0) = 1` and `pow(1, y) = 1` come out of the core exactly (`z = 0`).

use super::Fun2;
use crate::cmath::f32 as cm;

/// `2 atanh(f) / (f ln 2) ~ sum L[i] f^(2i)` for `f^2 <= ((sqrt 2 - 1)/(sqrt 2 + 1))^2
/// (1 + 2^-20)`: minimax for the relative error, which is below `2^-52.1`.
const L: [f64; 7] = [
    2.885_390_081_777_927,
    0.961_796_693_924_324_5,
    0.577_078_017_250_298_2,
    0.412_198_401_472_285_37,
    0.320_616_425_901_765_7,
    0.261_443_108_014_407_57,
    0.242_929_017_540_179_37,
];

/// `log2 u` for a positive normal `f64` `u`, within `2^-50.1` relative.
#[inline(always)]
fn log2_fine(u: f64) -> f64 {
    let (e, f) = super::log::reduce(u);
    let s = f * f;
    let mut p = L[6];
    for &c in L[..6].iter().rev() {
        p = p.mul_add(s, c);
    }
    f.mul_add(p, e)
}

/// Finite and nonzero (bits of the magnitude in `1..0x7f80_0000`).
#[inline(always)]
fn finite_nonzero(b: u32) -> bool {
    (b & 0x7fff_ffff).wrapping_sub(1) < 0x7f7f_ffff
}

/// `x^y`.
pub struct Pow;
impl Fun2 for Pow {
    const NAME: &'static str = "pow";
    const ERR_BITS: u32 = 38;
    /// `x` finite and nonzero, `y` finite.
    #[inline(always)]
    fn safe(x: u32, y: u32) -> bool {
        finite_nonzero(x) & (y & 0x7fff_ffff < 0x7f80_0000)
    }
    #[inline(always)]
    fn core(x: f64, y: f64) -> f64 {
        let z = y * log2_fine(x.abs());
        let in_range = z.abs() <= 200.0;
        let r = super::exp::exp2_64(if in_range { z } else { 0.0 });
        let int = y.trunc() == y;
        let h = 0.5 * y;
        let odd = h.trunc() != h;
        let neg_ok = int | (x >= 0.0);
        let r = if (x < 0.0) & odd { -r } else { r };
        if in_range & neg_ok { r } else { f64::NAN }
    }
    fn exact(x: f32, y: f32) -> f32 {
        cm::powf(x, y)
    }
}
