//! `sinh`, `cosh` and `tanh` of `f64`, correctly rounded, vectorised.
//! (Docs: see below.)

use super::exp64::{
    F3, F4, F5, F6, dd_step, exp_parts, fast_two_sum, inv_fact, k_int, reduce, table, two_sum,
};
use super::{BLOCK, Fun64};

/// The two table entries of `|x|`: those of `k` and of `-k`.
#[inline(always)]
fn lookups(xs: &[f64], t: &mut [[f64; BLOCK]; 4]) {
    for (i, &x) in xs.iter().enumerate() {
        let k = k_int(x.abs());
        let (h1, l1) = table((k & 127) as usize);
        let (h2, l2) = table((k.wrapping_neg() & 127) as usize);
        t[0][i] = h1;
        t[1][i] = l1;
        t[2][i] = h2;
        t[3][i] = l2;
    }
}

/// `e^a` and `e^-a` for `a = |x| <= 710`, normalised: `2^e1 (ah + al)` and
/// `2^e1 m (bh + bl)` with `m = 2^max(e2 - e1, -1000)`; returns `(e1, ah, al, m bh, m bl)`.
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
    let m = f64::from_bits((((e2 - e1).max(-1000) + 1023) as u64) << 52);
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
        lookups(xs, &mut t);
        let mut any = 0;
        for (i, ((o, b), &x)) in out.iter_mut().zip(bad.iter_mut()).zip(xs).enumerate() {
            let a = x.abs();
            let (e1, ah, al, bh, bl) = exp_pm(a, [t[0][i], t[1][i], t[2][i], t[3][i]]);
            let (s, err) = two_sum(ah, bh);
            let rest = (err + al) + bl;
            let eps = EPS_HYP * s;
            let lo = s + (rest - eps);
            let hi = s + (rest + eps);
            *o = scale(hi, e1 - 1);
            let ok = (lo == hi) & (a <= 710.0);
            *b = (!ok) as u32;
            any |= *b;
        }
        any
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::cosh(x)
    }
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

/// `sinh x`.
pub struct Sinh64;
impl Fun64 for Sinh64 {
    const NAME: &'static str = "sinh";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let mut t = [[0.0f64; BLOCK]; 4];
        lookups(xs, &mut t);
        let mut any = 0;
        for (i, ((o, b), &x)) in out.iter_mut().zip(bad.iter_mut()).zip(xs).enumerate() {
            let a = x.abs();
            let (e1, ah, al, bh, bl) = exp_pm(a, [t[0][i], t[1][i], t[2][i], t[3][i]]);
            let (big, err) = two_sum(ah, -bh);
            let big_rest = (err + al) - bl;
            let big_eps = EPS_HYP * (ah + bh);
            let (ss, srest) = sinh_small(a);
            let small = a < 0.5;
            let (s, rest, eps, e) = if small {
                (ss, srest, EPS_SMALL * ss, 0)
            } else {
                (big, big_rest, big_eps, e1 - 1)
            };
            let lo = s + (rest - eps);
            let hi = s + (rest + eps);
            *o = scale(hi, e).copysign(x);
            let ok = (lo == hi) & (a <= 710.0) & (a >= 1e-270);
            *b = (!ok) as u32;
            any |= *b;
        }
        any
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

/// `tanh x`.
pub struct Tanh64;
impl Fun64 for Tanh64 {
    const NAME: &'static str = "tanh";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let mut t = [[0.0f64; BLOCK]; 4];
        let n = xs.len();
        let mut a = [0.0f64; BLOCK];
        for (a, &x) in a[..n].iter_mut().zip(xs) {
            *a = x.abs().min(22.0);
        }
        lookups(&a[..n], &mut t);
        let mut any = 0;
        for (i, ((o, b), &x)) in out.iter_mut().zip(bad.iter_mut()).zip(xs).enumerate() {
            let a = a[i];
            // The table path: (e^a - e^-a) / (e^a + e^-a).
            let (_, ah, al, bh, bl) = exp_pm(a, [t[0][i], t[1][i], t[2][i], t[3][i]]);
            let (nh, ne) = two_sum(ah, -bh);
            let nl = (ne + al) - bl;
            let (dh, de) = fast_two_sum(ah, bh);
            let dl = (de + al) + bl;
            // The small path: a S(a^2) / C(a^2).
            let uh = a * a;
            let ul = a.mul_add(a, -uh);
            let (sh, sl) = sinh_poly(uh, ul);
            let (ch, cl) = cosh_poly(uh, ul);
            let small = a < 0.5;
            let (nh, nl, dh, dl, eps) = if small {
                let s = sh * a;
                (s, sh.mul_add(a, -s) + sl * a, ch, cl, EPS_SMALL)
            } else {
                (nh, nl, dh, dl, EPS_TANH)
            };
            let (q, ql) = dd_div(nh, nl, dh, dl);
            let eps = eps * q;
            let lo = q + (ql - eps);
            let hi = q + (ql + eps);
            // |x| > 22 (infinities included): tanh rounds to +-1.
            let one = x.abs() > 22.0;
            *o = if one { 1.0 } else { hi }.copysign(x);
            let ok = one | ((lo == hi) & (a >= 1e-270) & (x.abs() <= 22.0));
            *b = (!ok) as u32;
            any |= *b;
        }
        any
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::tanh(x)
    }
}
