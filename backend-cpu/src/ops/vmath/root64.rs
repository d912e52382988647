//! `rsqrt x = 1/sqrt(x)` of `f64`, correctly rounded, vectorised.
//!
//! # Method
//! No square root and no division (both are slow, barely pipelined vector instructions: a
//! kernel that starts from `RN(1 / RN(sqrt x))` and needs only the correction below
//! measured 1.45 ns per element with AVX-512 as with AVX2, against 0.6 and 1.0 ns for this
//! one, in a standalone loop); only multiplications and fused multiply-adds, branch-free
//! over lanes:
//!
//! * **Start.** `y_s = from_bits(M - (bits(x) >> 1))` with `M = 0x5fe6_eb50_c7b5_37a9`
//!   (the well-known integer trick: halving and negating the exponent field, with an offset
//!   that balances the error over the mantissa), within 3.44% of `x^(-1/2)` (below).
//! * **Step.** With `e0 = 1 - x y_s^2` (computed as `fma(-(x y_s), y_s, 1)`),
//!   `x^(-1/2) = y_s (1 - e0)^(-1/2)`; the series of `(1 - e)^(-1/2)` to `e^4`,
//!   `1 + e Q3(e)` with `Q3(e) = 1/2 + 3/8 e + 5/16 e^2 + 35/128 e^3` (Horner, fused
//!   multiply-adds; every coefficient is exact), gives `y = y_s + (y_s e0) Q3(e0)` (one
//!   fused multiply-add), within `2^-20.85` of `x^(-1/2)`.
//! * **Correction.** The residual of `y` is computed to about `2^-72`: `x y = p + p_e`
//!   exactly (`p = RN(x y)`, `p_e` by a fused multiply-add), `t = fma(-p, y, 1)`,
//!   `e = fma(-p_e, y, t)`, so that `e` is `1 - x y^2` up to two roundings of quantities
//!   below `2^-19.8`. Then `x^(-1/2) = y (1 - e)^(-1/2) = y + y e Q2(e) + ...` with
//!   `Q2(e) = 1/2 + 3/8 e + 5/16 e^2`, and `c = RN(RN(y e) Q2(e))` makes `y + c` a
//!   double-double value of `x^(-1/2)` (unnormalised: `|c|` is up to about `2^-20.85 y`).
//!
//! **Rounding test** (as in [`super::exp64`]): with `eps = 2^-70 y` (exact: a power of two
//! times a normal number), the result `y + (c + eps)` is correctly rounded when it equals
//! `y + (c - eps)`: the exact value lies between the two, and rounding is monotonic. The
//! other elements (about `2^-70 / 2^-52.5`: 1.07e-5 of `4 10^9` random inputs) and every
//! input but a positive normal finite `x` (zeros, subnormals, negatives, infinities, NaN)
//! are CORE-MATH's `rsqrt` (its special values: `+inf` for `+0`, `-inf` for `-0`, NaN for
//! negative inputs, `+0` for `+inf`). For a positive normal `x` the result lies in
//! `(2^-512, 2^511]`: never subnormal, never infinite. A dyadic `x^(-1/2)` (`x` being
//! dyadic) is a power of 2, so no exact value is a midpoint between two `f64`s, and the
//! only exact results are those of `x = 4^k`, which are `f64`s, far from every midpoint:
//! they pass the test.
//!
//! # Error analysis
//! `u = 2^-53`; `x = 2^E (1 + f)` with `0 <= f < 1`.
//!
//! **Start.** `bits(x) = 2^52 (E + 1023 + f)` and `M = 2^52 (1534 + mu)` with
//! `mu = 0.43245...`. Reading `bits(y_s) = M - bits(x)/2` as a real number (the shift
//! drops at most half a unit of the last place of `y_s`, a factor in `[1, 1 + 2^-53)`),
//! `rho = y_s sqrt(x)` is, on the three pieces where the exponent of `y_s` is constant:
//! `(3/2 + mu - f/2)/2 sqrt(1 + f)` for even `E`; `(1 + mu - f/2) sqrt((1 + f)/2)` for odd
//! `E` and `f <= 2 mu`; `(2 + mu - f/2)/2 sqrt((1 + f)/2)` for odd `E` and `f > 2 mu`. Each is
//! `(A - f/2) sqrt(1 + f)` times a constant, concave, with its maximum at
//! `f = 2 (A - 1)/3`; its minimum is at an end of its piece. Evaluated (`mpmath`, 200 bits):
//! `0.965634 <= rho <= 1.033977` (the ends `-0.0343654` at `f = 2 mu` for odd `E`, and
//! `+0.0339762` at `f = 0.2883` for odd `E`), for every positive normal `x` (the shift by
//! half a unit moves the upper end by `2^-53`, and `bits(y_s)` stays a positive normal
//! `f64`: its exponent field lies between 510 and 1533). So `e0 = 1 - rho^2` lies in
//! `[-0.06911, 0.06755]`. (`rsqrt64_start_is_within_its_bound` checks this on a dense
//! sample.)
//!
//! **Step.** `p = RN(x y_s)` and `RN(1 - p y_s)` give `e0' = e0 + eta`, `|eta| <= 1.14u`
//! (`1.0691u` from `p`, `0.07u` from the fused multiply-add). The Taylor remainder of
//! `(1 - e)^(-1/2) = T(e) + R4(e)`, `T(e) = 1 + e Q3(e)`, is
//! `R4 = 63/256 e^5 (1 - xi)^(-11/2)` for some `xi` between 0 and `e`: at most `3.9e-7` for
//! `e0 <= 0`, and `5.1e-7` for `0 <= e0 <= 0.06755`; `|T'| <= 0.557` moves `T` by
//! `0.64u` for `eta`. Horner's `Q3` (partial values in `[0.29, 0.34]`, `[0.35, 0.40]`,
//! `[0.47, 0.53]`) is within `0.557u` absolute, `1.18u` relative; with `RN(y_s e0')` (`u`)
//! the correction term `e0' Q3` (at most `0.0366`) is within `0.08u`, and the final fused
//! multiply-add rounds once (`u`). As `rho T(e0') = rho (1 - e0)^(-1/2) - rho R4 + ... =
//! 1 - rho R4 + ...` (`rho <= 1` where `e0 >= 0`, `rho <= 1.034` where `|R4| <= 3.9e-7`):
//! `|y sqrt(x) - 1| <= 5.1e-7 + 2u < 2^-20.9`, bounded by `B = 2^-20.85` below.
//!
//! **Correction.** `|e*| = |1 - x y^2| = |1 - (y sqrt x)^2| <= 2B + B^2 < 2^-19.849`.
//! `x y = p + p_e` is exact (fused multiply-add; `x y` is about `sqrt x >= 2^-511`, far from
//! underflow), `|p_e| <= u |p|`. `1 - p y = e* + p_e y` is below `2^-19.849 + 1.01u` and `t`
//! rounds it within `2^-72.84`; `e = RN(t - p_e y)` adds as much: `|e - e*| < 2^-71.84`.
//! Then, relative to `y`:
//! * `Q2(e)` by Horner is within `2^-54 (1 + 2^-20)` of its value (about 1/2: its last
//!   rounding is at most half an ULP of a number within `2^-20.8` of 1/2), so relatively
//!   within `u (1 + 2^-18)`; with the two products `RN(y e)` and `RN(m q)`, `c` is within
//!   `3.0001u |e Q2(e)| <= 3.0001u 2^-19.84 0.5000004 < 2^-72.26` of `y e Q2(e)`;
//! * `e Q2(e)` is within `0.5000005 |e - e*| < 2^-72.83` of `e* Q2(e*)` (its derivative is
//!   `1/2 + 3e/4 + 15e^2/16`);
//! * the series' remainder after `e^3` is `35/128 e*^4 (1 - xi)^(-9/2) < 2^-81`.
//!
//! Total `|y + c - x^(-1/2)| < (2^-72.26 + 2^-72.83 + 2^-81) y < 2^-71.51 y`. The roundings
//! of `c +- eps` are below `u (|c| + eps) < 2^-73.84 y` (`|c| < 2^-20.84 y`), and
//! `2^-71.51 + 2^-73.84 < 2^-71.25`: the tested interval `[y + RN(c - eps), y + RN(c + eps)]`
//! holds the exact value with `eps = 2^-70 y`, 2.4 times the bound.

use super::Fun64;
use crate::cmath::f64 as cm;

/// The start's integer constant (see the module docs).
const MAGIC: u64 = 0x5fe6_eb50_c7b5_37a9;
/// The bits of the smallest positive normal `f64` (`2^-1022`).
const MIN_NORMAL_BITS: u64 = 0x0010_0000_0000_0000;
/// The number of positive normal finite `f64` bit patterns.
const NORMALS: u64 = 0x7ff0_0000_0000_0000 - MIN_NORMAL_BITS;
/// The error bound, relative to `y`.
const EPS: f64 = f64::from_bits(0x3b90_0000_0000_0000); // 2^-70

/// The coefficients of `(1 - e)^(-1/2) = 1 + e (1/2 + 3/8 e + 5/16 e^2 + 35/128 e^3 + ...)`
/// (exact in binary).
const Q: [f64; 4] = [0.5, 0.375, 0.3125, 0.273_437_5];

/// The start `y_s`: within 3.44% of `x^(-1/2)` for the positive normal `x` with bits `ix`
/// (see the module docs).
#[inline(always)]
pub(super) fn start(ix: u64) -> f64 {
    f64::from_bits(MAGIC.wrapping_sub(ix >> 1))
}

/// `y`: the start refined by one step of order 5, within `2^-20.85` of `x^(-1/2)`.
#[inline(always)]
pub(super) fn step(x: f64, ix: u64) -> f64 {
    let y = start(ix);
    let e = (-(x * y)).mul_add(y, 1.0);
    let q = Q[3].mul_add(e, Q[2]).mul_add(e, Q[1]).mul_add(e, Q[0]);
    (y * e).mul_add(q, y)
}

/// `x^(-1/2)` as `y + c` within `2^-71.51 y`, for a positive normal `x` (see the module
/// docs).
#[inline(always)]
fn rsqrt_dd(x: f64, ix: u64) -> (f64, f64) {
    let y = step(x, ix);
    let p = x * y;
    let pe = x.mul_add(y, -p);
    let t = (-p).mul_add(y, 1.0);
    let e = (-pe).mul_add(y, t);
    let q = Q[2].mul_add(e, Q[1]).mul_add(e, Q[0]);
    (y, (y * e) * q)
}

/// `1 / sqrt(x)`.
pub struct Rsqrt64;
impl Fun64 for Rsqrt64 {
    const NAME: &'static str = "rsqrt";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let mut any = 0;
        for ((o, b), &x) in out.iter_mut().zip(bad.iter_mut()).zip(xs) {
            let ix = x.to_bits();
            let (y, c) = rsqrt_dd(x, ix);
            let eps = EPS * y;
            let hi = y + (c + eps);
            let lo = y + (c - eps);
            *o = hi;
            let normal = ix.wrapping_sub(MIN_NORMAL_BITS) < NORMALS;
            *b = (!(normal & (hi == lo))) as u32;
            any |= *b;
        }
        any
    }
    fn exact(x: f64) -> f64 {
        cm::rsqrt(x)
    }
}
