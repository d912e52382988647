//! `sin` and `cos`, for `|x| <= 2^16` (CORE-MATH beyond).
//!
//! # Method
//! * `sin`: `k = round(x / pi)`, `r = x - k pi`, `sin x = (-1)^k sin r`;
//! * `cos`: `h = k + 1/2` with `k = round(x / pi - 1/2)`, `r = x - h pi`,
//!   `cos x = -(-1)^k sin r`.
//!
//! `pi` is taken in two parts (two fused multiply-adds), `|r| <= pi/2` (plus `2^-37`), and
//! `sin r = r S(r^2)`, `S` of degree 5, minimax for the relative error of `sin(r) / r`,
//! below `E_S = 2^-35.4` (see [`super`] for the fit). The sign is flipped by an integer XOR
//! of `k`'s parity, held in the lowest bit of `kd`.
//!
//! # Error analysis
//! `u = 2^-53`. `|k|, |h| < 2^14.4`.
//!
//! * Reduction: `x - k PI_HI` (or `x - h PI_HI`) is exact whenever `k != 0` (`|x| >= pi/2`,
//!   so `x` and `k PI_HI` are multiples of `2^-51` and the difference is below 2); for
//!   `sin` with `k = 0`, `r = x`. For `cos` it is exact for `|x| >= 2^-29` (multiples of
//!   `2^-52`); below, `r` is `-pi/2` within `2^-52`, where `sin r` is flat: the value
//!   changes by less than `|x| 2^-52`. Subtracting `h PI_LO` rounds once (`u |r|`) and
//!   neglects `|h| |pi - PI_HI - PI_LO| < 2^14.4 * 2^-106`. The ignored test
//!   `exhaustive_trig_reduction` finds `|r| >= 2^-30` over every `f32` input of the range
//!   (it prints the minimum), so `r` is within `u + 2^-61` relative, and so is `sin r`
//!   (`|r cos r / sin r| <= 1`).
//! * `S(s)` lies in `[0.63, 1]`; `s = r^2` is rounded (`S` moves by `0.64u` at most) and the
//!   evaluation rounds three partial sums of magnitude at most 1 (`1.6u` each relative to
//!   `S`); `r S` one more rounding. Total: `E_S + 0.64u + 4.8u + u + u < 2^-35.39`.
//!   **`E = 2^-35`** for both.

use super::Fun;
use crate::cmath::f32 as cm;

/// `1.5 * 2^52` (see [`super::exp`]).
const MAGIC: f64 = 6755399441055744.0;
/// pi split in two `f64`s: `PI_HI` is pi rounded to `f64`, `PI_LO` the rounded rest (their
/// sum is pi within `2^-106`).
const PI_HI: f64 = std::f64::consts::PI;
const PI_LO: f64 = 1.224_646_799_147_353_2e-16;
const FRAC_1_PI: f64 = std::f64::consts::FRAC_1_PI;

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

/// `SIN_C` at `s`, degree 5 (pairs, then Horner's rule in `s^2`).
#[inline(always)]
fn sin_poly(s: f64) -> f64 {
    let s2 = s * s;
    let a = SIN_C[1].mul_add(s, SIN_C[0]);
    let b = SIN_C[3].mul_add(s, SIN_C[2]);
    let c = SIN_C[5].mul_add(s, SIN_C[4]);
    c.mul_add(s2, b).mul_add(s2, a)
}

/// `x = k pi + r` for `sin`: `kd` (holding `k` in its low bits) and `r`.
#[inline(always)]
pub(super) fn sin_reduce(x: f64) -> (f64, f64) {
    let kd = x.mul_add(FRAC_1_PI, MAGIC);
    let k = kd - MAGIC;
    let r = (-k).mul_add(PI_HI, x);
    (kd, (-k).mul_add(PI_LO, r))
}

/// `x = (k + 1/2) pi + r` for `cos`: `kd` (holding `k` in its low bits) and `r`.
#[inline(always)]
pub(super) fn cos_reduce(x: f64) -> (f64, f64) {
    let kd = x.mul_add(FRAC_1_PI, -0.5) + MAGIC;
    let h = (kd - MAGIC) + 0.5;
    let r = (-h).mul_add(PI_HI, x);
    (kd, (-h).mul_add(PI_LO, r))
}

/// `|x| <= 2^16`.
#[inline(always)]
fn in_range(b: u32) -> bool {
    b & 0x7fff_ffff <= 0x4780_0000
}

/// `sin x`.
pub struct Sin;
impl Fun for Sin {
    const NAME: &'static str = "sin";
    const ERR_BITS: u32 = 35;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        in_range(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (kd, r) = sin_reduce(x);
        let v = r * sin_poly(r * r);
        // (-1)^k: the parity of k is the lowest bit of kd.
        f64::from_bits(v.to_bits() ^ (kd.to_bits() << 63))
    }
    fn exact(x: f32) -> f32 {
        cm::sinf(x)
    }
}

/// `cos x`.
pub struct Cos;
impl Fun for Cos {
    const NAME: &'static str = "cos";
    const ERR_BITS: u32 = 35;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        in_range(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (kd, r) = cos_reduce(x);
        let v = r * sin_poly(r * r);
        // -(-1)^k: flipped when k is even.
        f64::from_bits(v.to_bits() ^ (!kd.to_bits() << 63))
    }
    fn exact(x: f32) -> f32 {
        cm::cosf(x)
    }
}
