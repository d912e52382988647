//! The exponential family: `exp`, `exp2`, `expm1`, `sigmoid`, `sinh`, `cosh`, `tanh`.
//!
//! # Method
//! One polynomial serves them all: `e^r - 1 = r Q(r)` on `|r| <= (ln 2 / 2)(1 + 2^-20)`,
//! `Q` of degree 7, minimax for the relative error, which is below `E_Q = 2^-37.7` with the
//! rounded coefficients (see [`super`] for the fit).
//!
//! * `exp x`: `k = round(x / ln 2)` (one fused multiply-add onto `1.5 * 2^52`, which leaves
//!   `k` in the low bits), `r = x - k ln 2` (one fused multiply-add),
//!   `e^x = 2^k (1 + r Q(r))`, `2^k` added to the exponent field.
//! * `exp2 x`: `k = round(x)`, `t = (x - k) ln 2`, `2^x = 2^k (1 + t Q(t))`.
//! * `expm1 x`: `2^k (r Q(r)) + (2^k - 1)`, one fused multiply-add (for `k = 0` this is
//!   `r Q(r)` with `r = x`: no cancellation near zero).
//! * `sigmoid x = 1 / (1 + e^-x)`; `cosh x = (e^|x| + 1/e^|x|) / 2`;
//!   `sinh |x| = (u + u / (u + 1)) / 2` with `u = expm1 |x|` (all terms positive);
//!   `tanh |x| = u / (u + 2)` with `u = expm1(2|x|)`; the sign of `x` copied onto the last two.
//!
//! # Error analysis
//! `u = 2^-53` is the unit roundoff of `f64`. Inputs are `|x| <= 128` (`|x| <= 64` for
//! `tanh`), so `|k| <= 185`.
//!
//! * Reduction: `k` is the integer nearest to `x LOG2_E` (computed exactly inside the fused
//!   multiply-add, rounded once), so `|r| <= ln2/2 + 2^-44`, inside `Q`'s interval. The
//!   computed `r` is `x - k ln 2 + d` with `|d| <= u |r| + 185 |LN2 - ln 2| < 2^-47.5`
//!   (`|LN2 - ln 2| < 2^-55.2`); this multiplies `e^r` by `e^d`, a relative error below
//!   `2^-47.5`. For `exp2`, `x - k` is exact and `t` is rounded once, with `LN2`'s error:
//!   `|d| <= 0.35 (u + 2^-54.7) < 2^-54`.
//! * `Q(r)` lies in `[0.85, 1.19]`; Estrin's scheme adds at most `5u` relative (three fused
//!   multiply-adds on the path to the result, each rounding a partial sum at most `1.2`
//!   times `|Q|`, the terms below them smaller still), so `r Q(r)` (one more rounding) is
//!   `e^r - 1` within `E_Q + 6u` relative.
//! * `exp`: `1 + r Q(r)`: `|e^r - 1| / e^r <= 0.415` on the interval, so the relative error
//!   is at most `0.415 (E_Q + 6u) + u + 2^-47.5 < 2^-38.8`; the scaling by `2^k` is exact.
//!   **`E = 2^-38`** (also for `exp2`, whose reduction is more accurate).
//! * `expm1`: for `k = 0`, `E_Q + 6u`. For `k != 0`, `|x| >= 0.34` and the result
//!   `y = 2^k e^r - 1` satisfies `2^k |e^r - 1| <= 1.42 |y|` and `2^k <= 4.83 |y|` (worst
//!   at `k = 1`, `r = -ln2/2`); `2^k - 1` is exact for `|k| <= 53` and rounded once (within
//!   `u 2^k`, or `2^-54` for `k < -53`) beyond. So the error is at most
//!   `1.42 (E_Q + 6u) + 4.83 * 1.42 * 2^-47.5 + 1.42 u + u < 2^-37.18`. **`E = 2^-37`**.
//! * `tanh |x| = u / (u + 2)`: the relative error of `u` is multiplied by
//!   `2 / (u + 2) <= 1`, plus two roundings: `< 2^-37.18 + 2u`. **`E = 2^-37`**.
//! * `sinh |x| = (u + u / (u + 1)) / 2`: the relative error of `u` is multiplied by
//!   `(1 + 1/(1+u)^2) / (1 + 1/(1+u)) <= 1`, plus three roundings. **`E = 2^-37`**.
//! * `cosh`: `e = e^|x|` and `1/e` both within `2^-38.8 + u`, a sum of positive terms,
//!   one rounding. **`E = 2^-38`**.
//! * `sigmoid`: `1 + e^-x` is within `2^-38.8 (e / (1 + e)) + u` relative, the quotient adds
//!   `u`. **`E = 2^-38`**.
//!
//! Results outside the normal `f32` range (overflow, subnormal and zero results) fail the
//! rounding test and are CORE-MATH's.

use super::Fun;
use crate::cmath::f32 as cm;

/// `1.5 * 2^52`: adding it rounds an `f64` of magnitude below `2^51` to an integer, which
/// is then held in the low bits of the sum's representation.
const MAGIC: f64 = 6755399441055744.0;
/// ln 2 rounded to `f64` (error below `2^-55.2`).
const LN2: f64 = std::f64::consts::LN_2;
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// `(e^r - 1) / r ~ sum Q[i] r^i` on `|r| <= (ln 2 / 2)(1 + 2^-20)`: minimax for the
/// relative error, which is below `2^-37.7`.
const Q: [f64; 8] = [
    0.999_999_999_995_572_8,
    0.500_000_000_012_053_1,
    0.166_666_667_853_517_89,
    0.041_666_665_951_434_485,
    0.008_333_283_751_321_24,
    0.001_388_897_833_227_854,
    0.000_199_074_512_487_050_56,
    2.480_156_864_829_219e-5,
];

/// `Q(r)` by Estrin's scheme (a shorter dependency chain than Horner's rule).
#[inline(always)]
fn q(r: f64) -> f64 {
    let r2 = r * r;
    let a = Q[1].mul_add(r, Q[0]);
    let b = Q[3].mul_add(r, Q[2]);
    let c = Q[5].mul_add(r, Q[4]);
    let d = Q[7].mul_add(r, Q[6]);
    let ab = b.mul_add(r2, a);
    let cd = d.mul_add(r2, c);
    cd.mul_add(r2 * r2, ab)
}

/// `x = k ln 2 + r`: returns `kd` (holding `k` in its low bits) and `r`.
#[inline(always)]
fn reduce(x: f64) -> (f64, f64) {
    let kd = x.mul_add(LOG2_E, MAGIC);
    let k = kd - MAGIC;
    (kd, (-k).mul_add(LN2, x))
}

/// `p 2^k`, with `k` in the low bits of `kd`: `k` added to the exponent field (`p` and the
/// result normal `f64`s, which `|k| <= 400` and `p` in `[2^-2, 2^2]` guarantee).
#[inline(always)]
fn scale(p: f64, kd: f64) -> f64 {
    f64::from_bits(p.to_bits().wrapping_add(kd.to_bits() << 52))
}

/// `e^x` for `|x| <= 256`, within `2^-38.8` (also the exponential of the `f32`
/// softmax kernels, [`crate::ops::softmax`]).
#[inline(always)]
pub fn exp64(x: f64) -> f64 {
    let (kd, r) = reduce(x);
    scale(r.mul_add(q(r), 1.0), kd)
}

/// `2^x` for `|x| <= 256`, within `2^-38.8` (also the last step of [`super::pow`]).
#[inline(always)]
pub(super) fn exp2_64(x: f64) -> f64 {
    let kd = x + MAGIC;
    let t = (x - (kd - MAGIC)) * LN2;
    scale(t.mul_add(q(t), 1.0), kd)
}

/// `e^x - 1` for `|x| <= 256`, within `2^-37.18`.
#[inline(always)]
fn expm1_64(x: f64) -> f64 {
    let (kd, r) = reduce(x);
    let t = scale(1.0, kd);
    t.mul_add(r * q(r), t - 1.0)
}

/// `|x| <= 128` (NaN's magnitude bits exceed every finite value's).
#[inline(always)]
fn within_128(b: u32) -> bool {
    b & 0x7fff_ffff <= 0x4300_0000
}

/// `e^x`.
pub struct Exp;
impl Fun for Exp {
    const NAME: &'static str = "exp";
    const ERR_BITS: u32 = 38;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_128(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        exp64(x)
    }
    fn exact(x: f32) -> f32 {
        cm::expf(x)
    }
}

/// `2^x`.
pub struct Exp2;
impl Fun for Exp2 {
    const NAME: &'static str = "exp2";
    const ERR_BITS: u32 = 38;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_128(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        exp2_64(x)
    }
    fn exact(x: f32) -> f32 {
        cm::exp2f(x)
    }
}

/// `e^x - 1`.
pub struct Expm1;
impl Fun for Expm1 {
    const NAME: &'static str = "expm1";
    const ERR_BITS: u32 = 37;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_128(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        expm1_64(x)
    }
    fn exact(x: f32) -> f32 {
        cm::expm1f(x)
    }
}

/// `1 / (1 + e^-x)`; the scalar fallback is the backend's `f32` sigmoid.
pub struct Sigmoid;
impl Fun for Sigmoid {
    const NAME: &'static str = "sigmoid";
    const ERR_BITS: u32 = 38;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_128(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        1.0 / (1.0 + exp64(-x))
    }
    fn exact(x: f32) -> f32 {
        crate::ops::sigmoid_f64(x as f64) as f32
    }
}

/// `sinh x`.
pub struct Sinh;
impl Fun for Sinh {
    const NAME: &'static str = "sinh";
    const ERR_BITS: u32 = 37;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_128(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let u = expm1_64(x.abs());
        (0.5 * (u + u / (u + 1.0))).copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::sinhf(x)
    }
}

/// `cosh x`.
pub struct Cosh;
impl Fun for Cosh {
    const NAME: &'static str = "cosh";
    const ERR_BITS: u32 = 38;
    #[inline(always)]
    fn safe(b: u32) -> bool {
        within_128(b)
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let e = exp64(x.abs());
        0.5 * (e + 1.0 / e)
    }
    fn exact(x: f32) -> f32 {
        cm::coshf(x)
    }
}

/// `tanh x`.
pub struct Tanh;
impl Fun for Tanh {
    const NAME: &'static str = "tanh";
    const ERR_BITS: u32 = 37;
    /// `|x| <= 64` (so that `2|x| <= 128`; beyond, `tanh` rounds to `±1`, from CORE-MATH).
    #[inline(always)]
    fn safe(b: u32) -> bool {
        b & 0x7fff_ffff <= 0x4280_0000
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let u = expm1_64(2.0 * x.abs());
        (u / (u + 2.0)).copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::tanhf(x)
    }
}
