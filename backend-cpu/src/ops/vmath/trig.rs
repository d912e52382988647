//! `sin`, `cos` and `tan`, for `|x| <= 2^16` (CORE-MATH beyond).
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
//! * `tan`: `k = round(2x / pi)`, `r = x - k pi/2` (`|r| <= pi/4`): this is `sin`'s
//!   reduction when `k` is even and `cos`'s when it is odd, with the same operations (`pi/2`
//!   in two parts is the halves of `pi`'s, exact), so the analysis below holds for it.
//!   `tan x = sin r / cos r` (`k` even) or `-cos r / sin r` (`k` odd), with
//!   `sin r = r S4(r^2)` and `cos r = C4(r^2)`, both of degree 5, minimax for the relative
//!   error on `r^2 <= (pi/4)^2 (1 + 2^-20)^2`: below `2^-47.6` and `2^-43.8`.
//!
//! # Error analysis
//! `u = 2^-53`. `|k|, |h| < 2^14.4` (`tan`'s `k < 2^15.4`, `h = k/2`).
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
//! * `tan`: `r` as above (`u + 2^-61`; `|h| PI_LO`'s neglected part is `2^15 * 2^-107`
//!   over `|r| >= 2^-27.8`). `s = r^2` rounded moves `S4` by `0.1u` and `C4` (in
//!   `[0.7, 1]`) by `0.45u` relative; each polynomial's evaluation rounds four partial sums
//!   of magnitude at most 1 (`1.5u` each relative to the value), `r S4` once more: `sin r`
//!   within `2^-47.6 + 8u`, `cos r` within `2^-43.8 + 7u`; the quotient adds `u`. Total
//!   below `2^-43.8 + 2^-47.6 + 17u < 2^-43.6`. **`E = 2^-43`**.

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

/// `sin(r) / r ~ sum S4[i] r^(2i)` for `r^2 <= (pi/4)^2 (1 + 2^-20)^2`: minimax for the
/// relative error, which is below `2^-47.6`.
const S4: [f64; 6] = [
    0.999_999_999_999_995_4,
    -0.166_666_666_666_148_93,
    0.008_333_333_323_646_8,
    -0.000_198_412_631_937_445_7,
    2.755_525_255_606_757e-6,
    -2.475_530_737_382_991e-8,
];

/// `cos(r) ~ sum C4[i] r^(2i)` on the same interval: relative error below `2^-43.8`.
const C4: [f64; 6] = [
    0.999_999_999_999_934_4,
    -0.499_999_999_992_712_44,
    0.041_666_666_533_689_625,
    -0.001_388_887_993_420_589_4,
    2.479_884_421_730_650_7e-5,
    -2.716_797_843_567_430_3e-7,
];

/// A degree-5 polynomial at `s` (pairs, then Horner's rule in `s^2`).
#[inline(always)]
fn poly5(c: &[f64; 6], s: f64) -> f64 {
    let s2 = s * s;
    let a = c[1].mul_add(s, c[0]);
    let b = c[3].mul_add(s, c[2]);
    let d = c[5].mul_add(s, c[4]);
    d.mul_add(s2, b).mul_add(s2, a)
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

/// `tan x`.
pub struct Tan;
impl Fun for Tan {
    const NAME: &'static str = "tan";
    const ERR_BITS: u32 = 43;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        in_range(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        // k = round(2x / pi), h = k / 2: r = x - h pi (h PI_HI and h PI_LO exact halves).
        let kd = x.mul_add(2.0 * FRAC_1_PI, MAGIC);
        let h = (kd - MAGIC) * 0.5;
        let r = (-h).mul_add(PI_HI, x);
        let r = (-h).mul_add(PI_LO, r);
        let s = r * r;
        let (sn, cs) = (r * poly5(&S4, s), poly5(&C4, s));
        // k odd: -cos r / sin r.
        let odd = kd.to_bits() & 1 == 1;
        let (num, den) = if odd { (-cs, sn) } else { (sn, cs) };
        num / den
    }
    fn exact(x: f32) -> f32 {
        cm::tanf(x)
    }
}
