//! Multi-precision plumbing of the f64 references: `astro-float` numbers at [`PREC`] bits,
//! read exactly from f64 (subnormals included) and split back into a double-double
//! [`Ref`].

use super::{PREC, Ref};
use astro_float::{BigFloat, Consts, RoundingMode};
use std::cell::RefCell;

/// Rounding of every multi-precision operation.
pub(super) const RM: RoundingMode = RoundingMode::ToEven;

thread_local! {
    static CONSTS: RefCell<Consts> = RefCell::new(Consts::new().expect("astro-float constants cache"));
}

/// `x` as a multi-precision number, exactly.
pub(super) fn big(x: f64) -> BigFloat {
    if x != 0.0 && x.abs() < f64::MIN_POSITIVE {
        // astro-float's from_f64 misreads subnormals: scale into the normal range first
        // (exact), then scale back in multi-precision (exact).
        let scaled = BigFloat::from_f64(x * crate::ulp::pow2(600), PREC);
        return scaled.mul(&BigFloat::from_f64(crate::ulp::pow2(-600), PREC), PREC, RM);
    }
    BigFloat::from_f64(x, PREC)
}

/// Converts to the nearest-ish f64 (faithful; `to_ref` corrects with `lo`).
fn approx_f64(b: &BigFloat) -> f64 {
    if b.is_nan() {
        return f64::NAN;
    }
    if b.is_inf_pos() {
        return f64::INFINITY;
    }
    if b.is_inf_neg() {
        return f64::NEG_INFINITY;
    }
    if b.is_zero() {
        return if b.is_negative() { -0.0 } else { 0.0 };
    }
    let Some((words, _bits, _sign, exp, _)) = b.as_raw_parts() else {
        return f64::NAN;
    };
    let top: u64 = *words.last().unwrap_or(&0);
    // value = 0.top... * 2^exp = top * 2^(exp - 64)
    let mut v = top as f64;
    let mut e = exp as i64 - 64;
    while e > 0 {
        let s = e.min(1000);
        v *= crate::ulp::pow2(s as i32);
        e -= s;
    }
    while e < 0 {
        let s = (-e).min(1000);
        v *= crate::ulp::pow2(-(s as i32));
        e += s;
    }
    if b.is_negative() { -v } else { v }
}

/// Splits a multi-precision value into a double-double [`Ref`] (scaled for tiny values).
pub(super) fn to_ref(b: &BigFloat) -> Ref {
    let hi = approx_f64(b);
    if !hi.is_finite() || hi == 0.0 {
        return Ref::exact(hi);
    }
    if hi.abs() < crate::ulp::pow2(-900) {
        // Split the value scaled by 2^600, so the remainder does not underflow.
        let scaled = b.mul(&BigFloat::from_f64(crate::ulp::pow2(600), PREC), PREC, RM);
        return Ref {
            scale: 600,
            ..to_ref(&scaled)
        };
    }
    let rest = b.sub(&big(hi), PREC, RM);
    let lo = approx_f64(&rest);
    // Renormalise so that hi is the f64 nearest to hi + lo.
    let s = hi + lo;
    let lo = lo - (s - hi);
    Ref {
        hi: s,
        lo,
        scale: 0,
    }
}

/// Runs `f` with this thread's cache of constants (pi, ln 2, ...).
pub(super) fn with_cc<R>(f: impl FnOnce(&mut Consts) -> R) -> R {
    CONSTS.with(|c| f(&mut c.borrow_mut()))
}

/// NaN, infinities and zeros: their reference is the Annex F value of the platform libm.
pub(super) fn is_special(x: f64) -> bool {
    !x.is_finite() || x == 0.0
}

/// `x^k / k!`-style Taylor sum helper: sums terms until they fall below 2^-PREC relative.
pub(super) fn series(
    x: &BigFloat,
    first: BigFloat,
    next: impl Fn(&BigFloat, usize) -> BigFloat,
) -> BigFloat {
    let mut sum = first.clone();
    let mut term = first;
    for k in 1..2000 {
        term = next(&term, k).mul(x, PREC, RM);
        let nsum = sum.add(&term, PREC, RM);
        if nsum.cmp(&sum) == Some(0) {
            break;
        }
        sum = nsum;
    }
    sum
}

/// The integer `v` as a multi-precision number.
pub(super) fn int(v: i64) -> BigFloat {
    BigFloat::from_i64(v, PREC)
}
