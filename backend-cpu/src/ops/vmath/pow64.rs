//! `pow(x, y)` of `f64`, correctly rounded, vectorised.
//!
//! # Method
//! `|x|^y = e^(y ln |x|)`, from the two double-double cores of this module's neighbours:
//!
//! * `ln |x| = v + rest` by [`super::log64`]'s table core (`ln_parts`), within
//!   `2^-66.3 M` with `M = |ln |x||`, for every positive normal `|x|` (its module docs).
//! * `P + P_lo = y (v + rest)`: `y v = p + p_err` exactly (one fused multiply-add),
//!   `P + P_lo = Fast2Sum(p, p_err + y rest)`.
//! * `e^(P + P_lo)` by [`super::exp64`]'s table core: `P = k ln2/128 + r + r_lo` (its
//!   `reduce`), then `P_lo` is folded into the reduced argument, `(r, r_lo) =
//!   TwoSum(r, r_lo + P_lo)`, and `exp_parts` gives `2^(j/128) e^(r + r_lo)` as `s + rest`;
//!   `2^e` is added to the exponent field at the end, as for `exp`.
//! * A negative `x` with an integer `y` gives `|x|^y` with the sign of `(-1)^y` (`y` is an
//!   integer when `trunc(y) = y`, odd when moreover `trunc(y/2) != y/2`; `y/2` is exact).
//!
//! **Rounding test**, as [`super::exp64`]'s, with the error bound
//! `eps = (2^-66 + 1.25 * 2^-66 |P|) T_hi` (below): the result `s + (rest + eps)` is kept
//! when it equals `s + (rest - eps)`. The bound grows with `|P|` because `y` multiplies the
//! logarithm's relative error, so the share of elements left to CORE-MATH grows from about
//! `2^-11` for `|y ln |x|| <= 1` to about one in six near the overflow threshold.
//!
//! Left to CORE-MATH's `pow`: `x` zero, subnormal, infinite or NaN; a negative `x` with a
//! non-integer `y`; `P` outside `[-708, 709]` or NaN (results near or past the ends of the
//! normal range, and `y` infinite or NaN); and every element that fails the rounding test,
//! among them the exact midpoints between two `f64`s (`(2^27 - 1)^2`, say), for which no
//! finite bound can decide. Exact results (`2^10`, `0.5^3`, `x^0 = 1`, `1^y = 1`) pass: the
//! exact value is an `f64`, inside the tested interval, which then rounds to it on both
//! sides.
//!
//! # Error analysis
//! `u = 2^-53`. Let `L = ln |x|` and `P* = y L`, the exact exponent.
//! * The logarithm: `|v + rest - L| <= 2^-66.3 M`, so `y (v + rest)` is `P*` within
//!   `2^-66.3 |y| M`. From `ln_parts`, `|rest| <= 2^-16.6 |v|` (its `r^3 P(r)` term is at
//!   most `2^-16.84 M` away from the interval of 1 and `r^2/3 <= 2^-19.6` relative on it;
//!   the other terms are rounding errors, below `2^-44 M`), so `|y| M <= |P| (1 + 2^-16)`.
//! * The product: `p + p_err = y v` exactly (for `|y v| >= 2^-969`; below that the
//!   absolute error, under `2^-1074`, is nothing against the bound), and `p_err + y rest`
//!   rounds twice, within `2u |y rest| + u^2 |p| <= 2^-68.5 |P|`; Fast2Sum is exact
//!   (`|p_err + y rest| <= 2^-16 |p|`). So `P + P_lo` is `P*` within
//!   `delta = (2^-66.29 + 2^-68.5) |P| < 2^-66.02 |P|`.
//! * The reduction: `|P| <= 709` keeps `|k| < 2^17.1`, so `exp64`'s `reduce` gives
//!   `r + r_lo` within `2^-77` of `P - k ln2/128`; `TwoSum` is exact and `r_lo + P_lo` rounds
//!   once (`|P_lo| <= 2^-44`: under `2^-97`). The new `|r| <= ln2/256 + 2^-40 + 2^-44 <
//!   0.002708` and `|r_lo| <= ulp(r)/2 <= 2^-62`, which is what `exp_parts` asks.
//! * `exp_parts` is within `2^-66.4 T_hi` of `2^(j/128) e^(r + r_lo)` (the `2^-77` of the
//!   reduction included), and the argument error `delta` changes a value below
//!   `1.0028 T_hi` by a factor within `delta (1 + delta)` of 1: `2^-66.01 |P| T_hi`.
//!
//! Total below `(2^-66.4 + 2^-66.01 |P|) T_hi`, under `eps`; as in `exp64`, the rounding of
//! `rest +- eps` (below `u 2^-15.9`) is covered by the slack of the constant term
//! (`2^-66 - 2^-66.4 > 2^-68.3`), and the computation of `eps` (three roundings) by the
//! slack of the `|P|` term (`1.25 * 2^-66` against `2^-66.01`).

use super::exp64::{exp_parts, k_int, table, two_sum};
use super::log64::{SMALL, ln_parts, lookups, positive_normal};
use super::{BLOCK, Fun64x2};

/// The constant part of the error bound, in units of `T_hi`: `2^-66`.
const EPS: f64 = f64::from_bits(0x3bd0_0000_0000_0000);
/// The part of the bound proportional to `|P|`: `1.25 * 2^-66`.
const EPS_P: f64 = f64::from_bits(0x3bd4_0000_0000_0000);
/// The sign bit of an `f64`.
const SIGN: u64 = 1 << 63;

/// `y ln |x|` as `P + P_lo` (see the module docs), given `|x|`'s bits and its table entry
/// `(c, L_hi, L_lo)` of [`super::log64`].
#[inline(always)]
fn exponent(ax: u64, y: f64, c: f64, lhi: f64, llo: f64) -> (f64, f64) {
    let (k, z, _) = super::log64::reduce(ax);
    let r = z.mul_add(c, -1.0);
    let (v, rest) = ln_parts(k, r, 0.0, lhi, llo);
    let p = y * v;
    let p_err = y.mul_add(v, -p) + y * rest;
    let s = p + p_err;
    (s, (p - s) + p_err)
}

/// `e^(P + P_lo)` with its rounding test, given the table entry `(thi, tlo)` of `P`: the
/// result and whether it is proven correctly rounded (`P` in `[-708, 709]` included).
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn exp_of(big: f64, small: f64, thi: f64, tlo: f64) -> (f64, bool) {
    let e = k_int(big) >> 7;
    let (_, r, r_lo) = super::exp64::reduce(big);
    let (r, r_lo) = two_sum(r, r_lo + small);
    let (s, rest) = exp_parts(r, r_lo, thi, tlo);
    let eps = EPS_P.mul_add(big.abs(), EPS) * thi;
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    let y = f64::from_bits(hi.to_bits().wrapping_add(((e as i64) as u64) << 52));
    (y, (lo == hi) & (big >= -708.0) & (big <= 709.0))
}

/// `pow` over a block of `n <= N` pairs, with scratch arrays of `N` elements.
#[inline(always)]
fn pow_block<const N: usize>(xs: &[f64], ys: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
    let n = xs.len();
    let (xs, ys, out, bad) = (&xs[..n], &ys[..n], &mut out[..n], &mut bad[..n]);
    let mut e = [[0.0f64; N]; 3];
    lookups(&mut e, n, xs.iter().map(|x| x.to_bits() & !SIGN));
    let (mut big, mut small) = ([0.0f64; N], [0.0f64; N]);
    {
        let [c, h, l] = &e;
        for (((((b, s), &x), &y), &c), (&h, &l)) in big[..n]
            .iter_mut()
            .zip(&mut small[..n])
            .zip(xs)
            .zip(ys)
            .zip(&c[..n])
            .zip(h[..n].iter().zip(&l[..n]))
        {
            (*b, *s) = exponent(x.to_bits() & !SIGN, y, c, h, l);
        }
    }
    // The exponential's table, by scalar loads (as `exp64`), into two arrays of the
    // logarithm's, which are no longer needed.
    let [th, tl, _] = &mut e;
    for ((h, l), &b) in th[..n].iter_mut().zip(&mut tl[..n]).zip(&big[..n]) {
        (*h, *l) = table((k_int(b) & 127) as usize);
    }
    let mut any = 0;
    for ((((((o, f), &x), &y), (&b, &s)), &h), &l) in out
        .iter_mut()
        .zip(bad.iter_mut())
        .zip(xs)
        .zip(ys)
        .zip(big[..n].iter().zip(&small[..n]))
        .zip(&th[..n])
        .zip(&tl[..n])
    {
        let (r, ok) = exp_of(b, s, h, l);
        let int = y.trunc() == y;
        let half = y * 0.5;
        let odd = int & (half.trunc() != half);
        let neg = x < 0.0;
        let sign = ((neg & odd) as u64) << 63;
        *o = f64::from_bits(r.to_bits() ^ sign);
        let valid = positive_normal(x.to_bits() & !SIGN) & (!neg | int);
        *f = (!(ok & valid)) as u32;
        any |= *f;
    }
    any
}

/// `pow(x, y)`.
pub struct Pow64;
impl Fun64x2 for Pow64 {
    const NAME: &'static str = "pow";
    #[inline(always)]
    fn block(xs: &[f64], ys: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        assert_eq!(xs.len(), ys.len());
        if xs.len() <= SMALL {
            pow_block::<SMALL>(xs, ys, out, bad)
        } else {
            pow_block::<BLOCK>(xs, ys, out, bad)
        }
    }
    fn exact(x: f64, y: f64) -> f64 {
        crate::cmath::f64::pow(x, y)
    }
}
