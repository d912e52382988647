//! The arctangent family: `atan`, `asin`, `acos`, and the bivariate `atan2`.
//!
//! # Method
//! One core, `atan(n / d)` for `n, d >= 0` (not both zero; either may be infinite for
//! `atan`), with one division: with `w = n / d`,
//! * `w <= tan(pi/8)`: `atan w`, `u = n / d`;
//! * `tan(pi/8) < w <= tan(3pi/8)`: `pi/4 + atan u`, `u = (n - d) / (n + d)`
//!   (`atan w = pi/4 + atan((w - 1)/(w + 1))`);
//! * `w > tan(3pi/8)`: `pi/2 + atan u`, `u = -d / n` (`atan w = pi/2 - atan(1/w)`);
//!
//! so that `|u| <= tan(pi/8)` (the comparisons `n <= c d` round, which moves the
//! boundaries by `2^-52` relative, inside the polynomial's widened interval). `atan u =
//! u A(u^2)`, `A` of degree 8, minimax for the relative error of `atan(u) / u` on
//! `u^2 <= tan(pi/8)^2 (1 + 2^-20)`, below `E_A = 2^-45.1` (fitted with the script of
//! [`super`], `remez(lambda s: mp.atan(mp.sqrt(s)) / mp.sqrt(s) if s else mp.mpf(1),
//! mp.mpf(0), (mp.sqrt(2) - 1)**2 * w, 8)`). The selections are branch-free.
//!
//! * `atan x = sign(x) atan(|x| / 1)` (at infinity, `u = -0` and the result `pi/2`);
//! * `atan2(y, x) = sign(y) r` for `x >= +0` and `sign(y) (pi - r)` for `x <= -0`, with
//!   `r = atan(|y| / |x|)` (at `x = ±0`, `d = 0` and `r = pi/2`).
//!
//! `asin` and `acos` use no division and at most one square root (a division and two
//! square roots through `atan` cost three times as much): with `a = |x| <= 1`,
//! * `a <= 1/2`: `s = a`, `t = a^2`; `a > 1/2`: `t = (1 - a)/2` (exact: Sterbenz, and a
//!   halving), `s = sqrt t`, so that `asin a = pi/2 - 2 asin s`; in both `s <= 1/2`;
//! * `asin s = s S(t)`, `S` of degree 10, minimax for the relative error of
//!   `asin(sqrt t)/sqrt t` on `t <= (1 + 2^-20)/4`, below `E_S = 2^-48` with the rounded
//!   coefficients (`remez(lambda t: mp.asin(mp.sqrt(t)) / mp.sqrt(t) if t else mp.mpf(1),
//!   mp.mpf(0), mp.mpf(1)/4 * w, 10)` with the script of [`super`]);
//! * `asin x = sign(x) asin s` or `sign(x) (pi/2 - 2 asin s)`; `acos x = pi/2 - sign(x)
//!   asin s` for `a <= 1/2`, `2 asin s` for `x > 1/2`, `pi - 2 asin s` for `x < -1/2`.
//!
//! # Error analysis
//! `u = 2^-53` (the unit roundoff; the reduced argument is also called `u`, by context).
//! * The operands: `atan`'s are exact.
//! * First case: `u = n / d` within `1.5u + u + u = 3.5u` relative, which `atan` passes on
//!   multiplied by `|u / ((1 + u^2) atan u)| <= 1`. Third case: likewise, and the result
//!   is at least `3pi/8`.
//! * Second case: `n - d` and `n + d` round once each, over the operands' errors, so
//!   `u = (n - d) / (n + d)` is within about `4u` absolutely; the result is at least
//!   `pi/8`, so that is at most `4u / (pi/8) < 10.2u` relative to it.
//! * `u A(u^2)`: `A` in `[0.95, 1]`; `u^2` rounded moves `A` by under `0.06u`; the
//!   evaluation (Estrin, four levels) rounds partial sums of magnitude at most 1, about
//!   `6u` relative; one more rounding for the product: `atan u` within `E_A + 11u`
//!   relative, at most as large relative to the result (which is at least `|atan u|`),
//!   plus the constant's error (`2^-54`) and one rounding for the sum.
//!
//! Total below `E_A + 24u < 2^-44.9`: **`E = 2^-44`** for `atan`. `atan2`: `r` has exact operands, so it is within `E_A + 24u` as well; for
//! `x < 0`, `r <= pi/2 <= pi - r`, so `PI - r` (`PI` within `2^-54.5` of `pi`, one rounding)
//! is within `E_A + 24u + 2^-53.5 + u < 2^-44.8` of `pi - r`: **`E = 2^-44`**.
//!
//! `asin`, `acos`: `t = a^2` rounds once (`u`), which moves `S` by under `0.06u` (`t S'(t)
//! / S <= 0.06`); Estrin's scheme (five levels, partial sums at most `S(1/4) < 1.05`)
//! rounds within `8u`, and the product `s S` once more: `p = asin s (1 + d)` with
//! `|d| <= E_S + 9.06u`. For `a > 1/2`, `s = sqrt t` rounds once (`u/2`), which moves
//! `asin s` by at most `1.11 u/2` relative (`s asin'(s) / asin s <= 1.11` on `s <= 1/2`):
//! in both cases `|d| < 2^-47.6`. Then: `asin`, `a <= 1/2`: `p`, within `2^-47.6`;
//! `a > 1/2`: `pi/2 - 2p` (one fused rounding; `PI_2` within `2^-53.8` of `pi/2`) is at
//! least `pi/6` while `2p <= pi/3`, so the error of `2p` at most doubles relative to it:
//! `2^-46.6 + 2^-52.9 + u < 2^-46.55`. `acos`: `pi/2 -+ p` is at least `pi/3` with
//! `p <= pi/6`: `2^-48.6 + 2^-53.2 + u`; `2p` is exact, within `2^-47.6`; `pi - 2p` is at
//! least `2pi/3` with `2p <= pi/3`: half of `2^-47.6`, plus `2^-53.8 + u`. Total below
//! `2^-46.5`: **`E = 2^-46`**
//! for both. Results outside the normal `f32` range (zero, subnormal) fail the rounding
//! test and are CORE-MATH's; so are inputs outside the ranges (`|x| > 1` for
//! `asin`/`acos`, NaN, and infinities for all four, and `atan2(±0, ±0)`).

use super::{Fun, Fun2};
use crate::cmath::f32 as cm;

/// `atan(u) / u ~ sum A[i] u^(2i)` for `u^2 <= tan(pi/8)^2 (1 + 2^-20)`: minimax for the
/// relative error, which is below `2^-45.1`.
const A: [f64; 9] = [
    0.999_999_999_999_974_4,
    -0.333_333_333_308_891_37,
    0.199_999_996_153_172_32,
    -0.142_856_909_076_122_42,
    0.111_103_960_800_358_74,
    -0.090_785_288_229_856_86,
    0.075_646_429_250_684_18,
    -0.058_778_669_927_664_44,
    0.030_711_319_670_404_386,
];

/// `tan(pi/8) = sqrt(2) - 1` and `tan(3pi/8) = sqrt(2) + 1`, rounded.
const TAN_PI_8: f64 = 0.414_213_562_373_095_03;
const TAN_3PI_8: f64 = 2.414_213_562_373_095;
const PI_4: f64 = std::f64::consts::FRAC_PI_4;
const PI_2: f64 = std::f64::consts::FRAC_PI_2;
const PI: f64 = std::f64::consts::PI;

/// `A` at `s` by Estrin's scheme.
#[inline(always)]
fn a_poly(s: f64) -> f64 {
    let s2 = s * s;
    let s4 = s2 * s2;
    let p01 = A[1].mul_add(s, A[0]);
    let p23 = A[3].mul_add(s, A[2]);
    let p45 = A[5].mul_add(s, A[4]);
    let p67 = A[7].mul_add(s, A[6]);
    let p03 = p23.mul_add(s2, p01);
    let p47 = p67.mul_add(s2, p45);
    let p48 = A[8].mul_add(s4, p47);
    p48.mul_add(s4, p03)
}

/// `atan(n / d)` for `n, d >= 0`, not both zero (see the module docs).
#[inline(always)]
fn atan_ratio(n: f64, d: f64) -> f64 {
    let small = n <= TAN_PI_8 * d;
    let big = n > TAN_3PI_8 * d;
    let num = if small {
        n
    } else if big {
        -d
    } else {
        n - d
    };
    let den = if small {
        d
    } else if big {
        n
    } else {
        n + d
    };
    let base = if small {
        0.0
    } else if big {
        PI_2
    } else {
        PI_4
    };
    let u = num / den;
    u.mul_add(a_poly(u * u), base)
}

/// Finite (NaN's and infinity's magnitude bits are the largest).
#[inline(always)]
fn finite(b: u32) -> bool {
    b & 0x7fff_ffff < 0x7f80_0000
}

/// `|x| <= 1`.
#[inline(always)]
fn within_1(b: u32) -> bool {
    b & 0x7fff_ffff <= 0x3f80_0000
}

/// `atan x`.
pub struct Atan;
impl Fun for Atan {
    const NAME: &'static str = "atan";
    const ERR_BITS: u32 = 44;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        finite(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        atan_ratio(x.abs(), 1.0).copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::atanf(x)
    }
}

/// `asin(sqrt t) / sqrt t ~ sum S[i] t^i` for `0 <= t <= (1 + 2^-20)/4`: minimax for the
/// relative error, which is below `2^-48` with the rounded coefficients.
const S: [f64; 11] = [
    1.000_000_000_000_003_6,
    0.166_666_666_663_314_6,
    0.075_000_000_526_245_84,
    0.044_642_824_987_359_21,
    0.030_382_948_844_432_923,
    0.022_353_946_826_287_222,
    0.017_557_081_884_105_02,
    0.012_510_675_241_891_4,
    0.018_059_706_768_897_718,
    -0.007_564_677_997_055_883,
    0.031_705_856_190_311_29,
];

/// `S` at `t` by Estrin's scheme.
#[inline(always)]
fn s_poly(t: f64) -> f64 {
    let t2 = t * t;
    let t4 = t2 * t2;
    let t8 = t4 * t4;
    let p01 = S[1].mul_add(t, S[0]);
    let p23 = S[3].mul_add(t, S[2]);
    let p45 = S[5].mul_add(t, S[4]);
    let p67 = S[7].mul_add(t, S[6]);
    let p89 = S[9].mul_add(t, S[8]);
    let p03 = p23.mul_add(t2, p01);
    let p47 = p67.mul_add(t2, p45);
    let p8a = S[10].mul_add(t2, p89);
    let p07 = p47.mul_add(t4, p03);
    p8a.mul_add(t8, p07)
}

/// `(asin s, big)` for `a = |x| <= 1`: with `big = a > 1/2`, `s = sqrt((1 - a)/2)` (so
/// that `asin a = pi/2 - 2 asin s`), else `s = a`; `asin s = s S(s^2)`, `s <= 1/2`
/// (see the module docs).
#[inline(always)]
fn asin_half(a: f64) -> (f64, bool) {
    let big = a > 0.5;
    let t = if big { (1.0 - a) * 0.5 } else { a * a };
    let s = if big { t.sqrt() } else { a };
    (s * s_poly(t), big)
}

/// `asin x`.
pub struct Asin;
impl Fun for Asin {
    const NAME: &'static str = "asin";
    const ERR_BITS: u32 = 46;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_1(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let (p, big) = asin_half(x.abs());
        let r = if big { (-2.0f64).mul_add(p, PI_2) } else { p };
        r.copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::asinf(x)
    }
}

/// `acos x`.
pub struct Acos;
impl Fun for Acos {
    const NAME: &'static str = "acos";
    const ERR_BITS: u32 = 46;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_1(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        // |x| <= 1/2: pi/2 - asin x; x > 1/2: 2 asin s; x < -1/2: pi - 2 asin s.
        let (p, big) = asin_half(x.abs());
        if !big {
            PI_2 - p.copysign(x)
        } else if x > 0.0 {
            2.0 * p
        } else {
            (-2.0f64).mul_add(p, PI)
        }
    }
    fn exact(x: f32) -> f32 {
        cm::acosf(x)
    }
}

/// `atan2(y, x)`, the angle of the point `(x, y)`, in `[-pi, pi]`.
pub struct Atan2;
impl Fun2 for Atan2 {
    const NAME: &'static str = "atan2";
    const ERR_BITS: u32 = 44;
    /// Both finite and not both zero.
    #[inline(always)]
    fn safe(y: u32, x: u32) -> bool {
        finite(y) & finite(x) & ((y | x) & 0x7fff_ffff != 0)
    }
    #[inline(always)]
    fn core(y: f64, x: f64) -> f64 {
        let r = atan_ratio(y.abs(), x.abs());
        let r = if x.is_sign_negative() { PI - r } else { r };
        r.copysign(y)
    }
    fn exact(y: f32, x: f32) -> f32 {
        cm::atan2f(y, x)
    }
}
