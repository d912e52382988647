//! `sinh`, `cosh` and `tanh` of `f64`, correctly rounded, vectorised.
//!
//! # Method
//! The table core of [`super::exp64`] (its private `exp_parts`, within `2^-66.4 T_hi` of
//! `2^(j/128) e^(r + r_lo)`) gives `e^a` and `e^-a` for `a = |x|` from one reduction:
//! `a = k ln2/128 + r + r_lo`, so `-a = (-k) ln2/128 - r - r_lo` (the same reduction error,
//! `2^-77`), with two table lookups (`j1 = k mod 128`, `j2 = -k mod 128`, as a first pass
//! of scalar loads). Each pair `s + rest` is made `h + l` by Fast2Sum (exact), and with
//! `e1 = floor(k/128)`, `e2 = floor(-k/128)`, `m = 2^max(e2 - e1, -90)`:
//! `e^a = 2^e1 A`, `e^-a = 2^e1 B`, `A = (a_h + a_l)(1 + d_a)`, `B = m (b_h + b_l)(1 + d_b)`,
//! `|d_a|, |d_b| <= 2^-66.39` (`T_hi <= 1.0028 s`). Where `e2 - e1 < -90` (`a > 31`),
//! `e^-a` is below `2^-90 A` and the computed `B` below `2^-89 A`: using it changes the
//! sum by less than `2^-88 A`, which the bounds below include (it keeps `m b_l` clear of
//! subnormal numbers, which are slow).
//! Odd functions: the result for `|x|` with the sign of `x` (rounding to nearest is
//! symmetric).
//!
//! **`cosh`** (`a <= 710`): `cosh x = 2^(e1 - 1) (A + B)`: `a_h + m b_h = S + err`
//! (TwoSum, exact), `rest = (err + a_l) + m b_l` (two roundings, below `2^-103 S`; `m b_l`
//! may underflow by `2^-1075`). Error below `2^-66.39 (A + B) + 2^-103 S < 2^-66.38 S`;
//! `eps = 2^-66 S` and the rounding test of `exp` (the slack `2^-68.3 S` covers the
//! rounding of `rest +- eps`); then `2^(e1 - 1)` is added to the exponent field (exact:
//! `1 <= cosh x < cosh 710 < f64::MAX`).
//!
//! **`sinh`**, two paths computed on every lane and selected:
//! * `1/2 <= a <= 710`: `sinh a = 2^(e1 - 1) (A - B)`, as for `cosh` with `- m b_h`,
//!   `- m b_l`: the error is below `2^-66.38 (A + B)`, and `eps = 2^-66 RN(a_h + m b_h)`
//!   bounds it, relative to `A + B`, not to the result (`(A + B) / (A - B) = coth a <=
//!   2.17`, which only raises the fallback rate near `a = 1/2`).
//! * `a < 1/2`: `sinh a = a S(u)`, `u = a^2 = u_h + u_l` (exact, fused multiply-add),
//!   `S(u) = sum_(i >= 0) u^i / (2i + 1)!` truncated at `i = 8`: `1/7! ... 1/17!` by Horner
//!   in double at `u_h`, then three double-double steps (`1/5!`, `1/3!` as double-doubles,
//!   `1`) at `u_h + u_l`, then the product by `a` as for `expm1`. Relative to `S >= 1`:
//!   truncation `2^-18 / 19! (1.01) < 2^-74.7`; the double tail within `2.1u` (each step
//!   damps by `u_h q / c_i <= 1/288`; `u_h` for `u` changes it by `2^-55` of a term below
//!   `2^-12` of it), entering times `u^3 <= 2^-6`: `2^-6 (1.01/5040) 2.1u < 2^-70.2`; the
//!   steps (`exp64`'s `dd_step` bound) `3 * 2^-101`, the product `2^-103`: below
//!   `2^-70.1`, `eps = 2^-69 |s|`.
//!
//! **`tanh`**, two paths computed on every lane and selected:
//! * `1/2 <= a <= 22`: `tanh a = (A - B) / (A + B)`, numerator and denominator as for
//!   `sinh` and `cosh` (no clamp: `e2 - e1 >= -64`), then the double-double quotient
//!   (`q = RN(n_h / d_h)`, `r = n_h - q d_h` exact by a fused multiply-add,
//!   `q_l = ((r + n_l) - q d_l) / d_h`: within `2^-98` of `q`). The errors of `A` and `B`
//!   partly cancel: with `A' = A(1 + d_a)`, `B' = B(1 + d_b)`,
//!   `(A' - B')/(A' + B') - (A - B)/(A + B) = 2 A B (d_a - d_b) / ((A' + B')(A + B))`, so
//!   the relative error is at most `|d_a - d_b| 2AB / ((A' + B')(A - B)) <=
//!   (|d_a| + |d_b|) (1 + 2^-60) / sinh(2a) <= 2^-65.39 / sinh 1 < 2^-65.62`; the low parts'
//!   roundings add `2^-103 (A + B)` to each of `A - B`, `A + B` (`2^-100.8` relative, as
//!   `coth a <= 2.17`), the quotient `2^-98`. Below `2^-65.6`: `eps = 2^-65 |q|`.
//! * `a < 1/2`: `a S(u) / C(u)`, `S` as for `sinh` (within `2^-70.1`) and
//!   `C(u) = sum u^i / (2i)!` to `i = 9` (`1/8! ... 1/18!` in double, then four
//!   double-double steps with `1/6!`, `1/4!`, `1/2`, `1`): truncation
//!   `2^-20 / 20! (1.01) < 2^-81`, the tail `2^-8 (1.01/8!) 2.1u < 2^-75.2`, the steps
//!   `4 * 2^-101`: within `2^-75`. With the quotient (`2^-98`): below `2^-70`,
//!   `eps = 2^-69 |q|`.
//! * `a > 22` (infinities included): `1 - tanh a < 2 e^-44 < 2^-62`, below half an ULP
//!   of 1 (`2^-54`), so the result is `+-1`, set without the fallback.
//!
//! # Range
//! Flagged (CORE-MATH's): NaN; `a > 710` for `sinh`, `cosh` (overflow near); `a < 10^-270`
//! for `sinh`, `tanh` (zeros, and the products that would underflow); and the elements
//! that fail the rounding test (about `1.2 10^-4` to `2.2 10^-4` of the random inputs).

use super::exp64::{
    F3, F4, F5, F6, dd_step, exp_parts, fast_two_sum, inv_fact, k_int, reduce, table, two_sum,
};
use super::{BLOCK, Fun64};

/// The two table entries of `min(|x|, clamp)`: those of `k` and of `-k`; returns whether
/// some `|x| < small` (then the block needs the small-argument path).
#[inline(always)]
fn lookups(xs: &[f64], t: &mut [[f64; BLOCK]; 4], clamp: f64, small: f64) -> bool {
    let [t0, t1, t2, t3] = t;
    let mut any = false;
    for ((((&x, h1), l1), h2), l2) in xs.iter().zip(t0).zip(t1).zip(t2).zip(t3) {
        let k = k_int(x.abs().min(clamp));
        (*h1, *l1) = table((k & 127) as usize);
        (*h2, *l2) = table((k.wrapping_neg() & 127) as usize);
        any |= x.abs() < small;
    }
    any
}

/// Runs `lane(x, [T_hi(k), T_lo(k), T_hi(-k), T_lo(-k)])` over a block, writing results
/// and flags; the `or` of the flags. A plain loop (no closure), so that the lane code is
/// compiled inside the caller's target features.
macro_rules! lanes {
    ($xs:expr, $t:expr, $out:expr, $bad:expr, $lane:expr) => {{
        let mut any = 0;
        let it = $xs.iter().zip(&$t[0]).zip(&$t[1]).zip(&$t[2]).zip(&$t[3]);
        for ((o, b), ((((&x, &t0), &t1), &t2), &t3)) in $out.iter_mut().zip($bad.iter_mut()).zip(it)
        {
            let (y, ok) = $lane(x, [t0, t1, t2, t3]);
            *o = y;
            *b = (!ok) as u32;
            any |= *b;
        }
        any
    }};
}

/// `e^a` and `e^-a` for `a = |x| <= 710`, normalised: `2^e1 (ah + al)` and
/// `2^e1 m (bh + bl)` with `m = 2^max(e2 - e1, -90)`; returns `(e1, ah, al, m bh, m bl)`.
#[inline(always)]
fn exp_pm(a: f64, t: [f64; 4]) -> (i32, f64, f64, f64, f64) {
    let k = k_int(a);
    let e1 = k >> 7;
    let e2 = k.wrapping_neg() >> 7;
    let (_, r, r_lo) = reduce(a);
    let (s1, rest1) = exp_parts(r, r_lo, t[0], t[1]);
    let (s2, rest2) = exp_parts(-r, -r_lo, t[2], t[3]);
    let (ah, al) = fast_two_sum(s1, rest1);
    let (bh, bl) = fast_two_sum(s2, rest2);
    let m = f64::from_bits((((e2 - e1).max(-90) + 1023) as u64) << 52);
    (e1, ah, al, m * bh, m * bl)
}

/// `2^e y` by adding `e` to the exponent field (exact while the result is normal).
#[inline(always)]
fn scale(y: f64, e: i32) -> f64 {
    f64::from_bits(y.to_bits().wrapping_add(((e as i64) as u64) << 52))
}

/// The relative error bound of the table paths of `sinh` and `cosh` (in units of
/// `e^|x| + e^-|x|`).
const EPS_HYP: f64 = f64::from_bits(0x3bd0_0000_0000_0000); // 2^-66

/// `cosh x`.
pub struct Cosh64;
impl Fun64 for Cosh64 {
    const NAME: &'static str = "cosh";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let mut t = [[0.0f64; BLOCK]; 4];
        lookups(xs, &mut t, f64::INFINITY, 0.0);
        lanes!(xs, t, out, bad, cosh_lane)
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::cosh(x)
    }
}

/// `cosh x` and whether it passed the rounding test, given the table entries of `|x|`.
#[inline(always)]
fn cosh_lane(x: f64, t: [f64; 4]) -> (f64, bool) {
    let a = x.abs();
    let (e1, ah, al, bh, bl) = exp_pm(a, t);
    let (s, err) = two_sum(ah, bh);
    let rest = (err + al) + bl;
    let eps = EPS_HYP * s;
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    (scale(hi, e1 - 1), (lo == hi) & (a <= 710.0))
}

/// `S(u) = sum u^i / (2i + 1)!` to `i = 8` for `u = uh + ul = x^2 <= 1/4`, the last three
/// Horner steps in double-double: `sinh x = x S(x^2)`.
#[inline(always)]
fn sinh_poly(uh: f64, ul: f64) -> (f64, f64) {
    let q = inv_fact(17)
        .mul_add(uh, inv_fact(15))
        .mul_add(uh, inv_fact(13))
        .mul_add(uh, inv_fact(11))
        .mul_add(uh, inv_fact(9))
        .mul_add(uh, inv_fact(7));
    let (h, l) = dd_step(q, 0.0, uh, ul, F5.0, F5.1);
    let (h, l) = dd_step(h, l, uh, ul, F3.0, F3.1);
    dd_step(h, l, uh, ul, 1.0, 0.0)
}

/// `C(u) = sum u^i / (2i)!` to `i = 9` for `u = uh + ul = x^2 <= 1/4`, the last four
/// Horner steps in double-double: `cosh x = C(x^2)`.
#[inline(always)]
fn cosh_poly(uh: f64, ul: f64) -> (f64, f64) {
    let q = inv_fact(18)
        .mul_add(uh, inv_fact(16))
        .mul_add(uh, inv_fact(14))
        .mul_add(uh, inv_fact(12))
        .mul_add(uh, inv_fact(10))
        .mul_add(uh, inv_fact(8));
    let (h, l) = dd_step(q, 0.0, uh, ul, F6.0, F6.1);
    let (h, l) = dd_step(h, l, uh, ul, F4.0, F4.1);
    let (h, l) = dd_step(h, l, uh, ul, 0.5, 0.0);
    dd_step(h, l, uh, ul, 1.0, 0.0)
}

/// `sinh a` for `0 < a < 1/2` as `s + rest`: `a S(a^2)` (see the module docs).
#[inline(always)]
fn sinh_small(a: f64) -> (f64, f64) {
    let uh = a * a;
    let ul = a.mul_add(a, -uh);
    let (h, l) = sinh_poly(uh, ul);
    let s = h * a;
    (s, h.mul_add(a, -s) + l * a)
}

/// The relative error bound of the small paths of `sinh` and `tanh`.
const EPS_SMALL: f64 = f64::from_bits(0x3ba0_0000_0000_0000); // 2^-69

/// `sinh x` and whether it passed the rounding test, given the table entries of `|x|`
/// (`SMALL`: whether the block has arguments below `1/2`).
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn sinh_lane<const SMALL: bool>(x: f64, t: [f64; 4]) -> (f64, bool) {
    let a = x.abs();
    let (e1, ah, al, bh, bl) = exp_pm(a, t);
    let (big, err) = two_sum(ah, -bh);
    let big_rest = (err + al) - bl;
    let big_eps = EPS_HYP * (ah + bh);
    // Both paths on every lane (selected per lane: blends), the small one only in blocks
    // that need it.
    let (ss, srest) = if SMALL { sinh_small(a) } else { (0.0, 0.0) };
    let (s, rest, eps, e) = if SMALL && a < 0.5 {
        (ss, srest, EPS_SMALL * ss, 0)
    } else {
        (big, big_rest, big_eps, e1 - 1)
    };
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    let ok = (lo == hi) & (a <= 710.0) & (a >= 1e-270);
    (scale(hi, e).copysign(x), ok)
}

/// `sinh x`.
pub struct Sinh64;
impl Fun64 for Sinh64 {
    const NAME: &'static str = "sinh";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let mut t = [[0.0f64; BLOCK]; 4];
        if lookups(xs, &mut t, f64::INFINITY, 0.5) {
            lanes!(xs, t, out, bad, sinh_lane::<true>)
        } else {
            lanes!(xs, t, out, bad, sinh_lane::<false>)
        }
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::sinh(x)
    }
}

/// The relative error bound of the table path of `tanh`.
const EPS_TANH: f64 = f64::from_bits(0x3be0_0000_0000_0000); // 2^-65

/// `(nh + nl) / (dh + dl)` as `q + ql` (within `2^-100` relative of the quotient of the
/// two double-doubles, for `|nl| <= 2^-51 |nh|`, `|dl| <= 2^-51 |dh|`).
#[inline(always)]
fn dd_div(nh: f64, nl: f64, dh: f64, dl: f64) -> (f64, f64) {
    let q = nh / dh;
    let r = (-q).mul_add(dh, nh);
    let r = (r + nl) - q * dl;
    (q, r / dh)
}

/// `tanh x` and whether it passed the rounding test, given the table entries of
/// `min(|x|, 22)` (`SMALL`: whether the block has arguments below `1/2`).
#[inline(always)]
fn tanh_lane<const SMALL: bool>(x: f64, t: [f64; 4]) -> (f64, bool) {
    let a = x.abs().min(22.0);
    // The table path: (e^a - e^-a) / (e^a + e^-a).
    let (_, ah, al, bh, bl) = exp_pm(a, t);
    let (nh, ne) = two_sum(ah, -bh);
    let nl = (ne + al) - bl;
    let (dh, de) = fast_two_sum(ah, bh);
    let dl = (de + al) + bl;
    // The small path, a S(a^2) / C(a^2), on every lane of the blocks that need it
    // (selected per lane: blends).
    let ((sh, sl), (ch, cl)) = if SMALL {
        let uh = a * a;
        let ul = a.mul_add(a, -uh);
        (sinh_poly(uh, ul), cosh_poly(uh, ul))
    } else {
        ((0.0, 0.0), (1.0, 0.0))
    };
    let sa = sh * a;
    let sa_lo = sh.mul_add(a, -sa) + sl * a;
    let (nh, nl, dh, dl, eps) = if SMALL && a < 0.5 {
        (sa, sa_lo, ch, cl, EPS_SMALL)
    } else {
        (nh, nl, dh, dl, EPS_TANH)
    };
    let (q, ql) = dd_div(nh, nl, dh, dl);
    let eps = eps * q;
    let lo = q + (ql - eps);
    let hi = q + (ql + eps);
    // |x| > 22 (infinities included): tanh rounds to +-1.
    let one = x.abs() > 22.0;
    let ok = one | ((lo == hi) & (a >= 1e-270) & (x.abs() <= 22.0));
    (if one { 1.0 } else { hi }.copysign(x), ok)
}

/// `tanh x`.
pub struct Tanh64;
impl Fun64 for Tanh64 {
    const NAME: &'static str = "tanh";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let mut t = [[0.0f64; BLOCK]; 4];
        if lookups(xs, &mut t, 22.0, 0.5) {
            lanes!(xs, t, out, bad, tanh_lane::<true>)
        } else {
            lanes!(xs, t, out, bad, tanh_lane::<false>)
        }
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::tanh(x)
    }
}
