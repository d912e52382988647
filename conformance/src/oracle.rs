//! The reference values results are graded against, computed independently of every
//! backend (no backend crate is called here).
//!
//! - For `f16`, `bf16` and `f32` results: float64 arithmetic and the platform libm (glibc,
//!   with the pure-Rust `libm` crate for `erf`), whose error (under one f64 ULP) is below
//!   2^-28 ULP of `f32`.
//! - For `f64` results: a multi-precision oracle, `astro-float` at [`PREC`] bits, returned as
//!   a double-double `hi + lo`, so float64 is graded in true ULPs, not against another
//!   rounded float64. Functions `astro-float` lacks (`expm1`, `log1p` near 0, `erf`) are
//!   summed from their Taylor series at that precision.
//! - Special values (NaN, infinities, signed zeros) follow IEEE 754 / C99 Annex F; for
//!   special inputs the Annex F value is taken from the platform libm, which implements it.

use astro_float::{BigFloat, Consts, RoundingMode};
use std::cell::RefCell;
use tensor_core::{BinaryOp, UnaryOp};

/// Working precision of the multi-precision oracle, in bits.
pub const PREC: usize = 320;
const RM: RoundingMode = RoundingMode::ToEven;

/// A reference value as a double-double: the exact value is `hi + lo` to well beyond f64
/// precision (`lo` is 0 for float64-computed references).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ref {
    /// The value rounded to f64.
    pub hi: f64,
    /// The remainder `exact - hi`, rounded to f64.
    pub lo: f64,
    /// `hi` and `lo` are scaled by `2^scale` (used for tiny values, whose remainder would
    /// underflow): the exact value is `(hi + lo) * 2^-scale`.
    pub scale: i32,
}

impl Ref {
    /// A reference known exactly as an f64.
    pub fn exact(v: f64) -> Ref {
        Ref {
            hi: v,
            lo: 0.0,
            scale: 0,
        }
    }

    /// The reference value as the nearest f64 (unscaled).
    pub fn value(&self) -> f64 {
        if self.scale == 0 {
            self.hi
        } else {
            (self.hi + self.lo) * crate::ulp::pow2(-self.scale)
        }
    }
}

thread_local! {
    static CONSTS: RefCell<Consts> = RefCell::new(Consts::new().expect("astro-float constants cache"));
}

fn big(x: f64) -> BigFloat {
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

fn to_ref(b: &BigFloat) -> Ref {
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

fn with_cc<R>(f: impl FnOnce(&mut Consts) -> R) -> R {
    CONSTS.with(|c| f(&mut c.borrow_mut()))
}

fn is_special(x: f64) -> bool {
    !x.is_finite() || x == 0.0
}

/// `x^k / k!`-style Taylor sum helper: sums terms until they fall below 2^-PREC relative.
fn series(x: &BigFloat, first: BigFloat, next: impl Fn(&BigFloat, usize) -> BigFloat) -> BigFloat {
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

/// Inputs where the f64 result is exactly an overflow, an underflow to zero or +-1, so the
/// multi-precision evaluation (slow for huge arguments) is not needed.
fn saturates(op: UnaryOp, x: f64) -> bool {
    use UnaryOp::*;
    match op {
        Exp | Exp2 | Expm1 | Sinh | Cosh | Sigmoid => x.abs() > 4000.0,
        Tanh => x.abs() > 40.0,
        _ => false,
    }
}

fn int(v: i64) -> BigFloat {
    BigFloat::from_i64(v, PREC)
}

/// Multi-precision reference of a float unary op at an f64 input.
pub fn unary_f64_exact(op: UnaryOp, x: f64) -> Ref {
    use UnaryOp::*;
    if is_special(x) || !op.is_float_valued() || saturates(op, x) {
        return Ref::exact(unary_f64(op, x));
    }
    let b = big(x);
    let r = with_cc(|cc| match op {
        Sqrt => b.sqrt(PREC, RM),
        Rsqrt => b.sqrt(PREC, RM).reciprocal(PREC, RM),
        Exp => b.exp(PREC, RM, cc),
        Exp2 => int(2).pow(&b, PREC, RM, cc),
        Expm1 => {
            if x.abs() < 0.5 {
                // x + x^2/2! + ...
                series(&b, b.clone(), |t, k| t.div(&int(k as i64 + 1), PREC, RM))
            } else {
                b.exp(PREC, RM, cc).sub(&int(1), PREC, RM)
            }
        }
        Log => b.ln(PREC, RM, cc),
        Log2 => b.log2(PREC, RM, cc),
        Log10 => b.log10(PREC, RM, cc),
        Log1p => {
            if x.abs() < 1.0 / 1024.0 {
                // x - x^2/2 + x^3/3 - ...: term_k = (-1)^k x^(k+1) / (k+1)
                let mut sum = b.clone();
                let mut pow = b.clone();
                for k in 1..400 {
                    pow = pow.mul(&b, PREC, RM);
                    let t = pow.div(&int(k as i64 + 1), PREC, RM);
                    let t = if k % 2 == 1 { t.neg() } else { t };
                    let n = sum.add(&t, PREC, RM);
                    if n.cmp(&sum) == Some(0) {
                        break;
                    }
                    sum = n;
                }
                sum
            } else {
                b.add(&int(1), PREC, RM).ln(PREC, RM, cc)
            }
        }
        Sin => b.sin(PREC, RM, cc),
        Cos => b.cos(PREC, RM, cc),
        Tan => b.tan(PREC, RM, cc),
        Asin => b.asin(PREC, RM, cc),
        Acos => b.acos(PREC, RM, cc),
        Atan => b.atan(PREC, RM, cc),
        Sinh => b.sinh(PREC, RM, cc),
        Cosh => b.cosh(PREC, RM, cc),
        Tanh => b.tanh(PREC, RM, cc),
        Asinh => b.asinh(PREC, RM, cc),
        Acosh => b.acosh(PREC, RM, cc),
        Atanh => b.atanh(PREC, RM, cc),
        Erf => {
            if x.abs() >= 6.5 {
                // |erf(x) - sign(x)| < 4e-20, far below half an f64 ULP of 1.
                int(x.signum() as i64)
            } else {
                // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
                let x2 = b.mul(&b, PREC, RM);
                let mut sum = b.clone();
                let mut pw = b.clone(); // (-1)^n x^(2n+1) / n!
                for n in 1..2000 {
                    pw = pw.mul(&x2, PREC, RM).div(&int(-(n as i64)), PREC, RM);
                    let t = pw.div(&int(2 * n as i64 + 1), PREC, RM);
                    let s = sum.add(&t, PREC, RM);
                    if s.cmp(&sum) == Some(0) {
                        break;
                    }
                    sum = s;
                }
                let pi = cc.pi(PREC, RM);
                sum.mul(&int(2), PREC, RM).div(&pi.sqrt(PREC, RM), PREC, RM)
            }
        }
        Sigmoid => {
            let e = b.neg().exp(PREC, RM, cc);
            e.add(&int(1), PREC, RM).reciprocal(PREC, RM)
        }
        Reciprocal => b.reciprocal(PREC, RM),
        _ => big(unary_f64(op, x)),
    });
    to_ref(&r)
}

/// Float64 reference of a unary op (also the Annex F value for special inputs).
pub fn unary_f64(op: UnaryOp, x: f64) -> f64 {
    use UnaryOp::*;
    match op {
        Neg => -x,
        Abs => x.abs(),
        Sign => {
            if x.is_nan() {
                f64::NAN
            } else if x == 0.0 {
                x
            } else {
                x.signum()
            }
        }
        Sqrt => x.sqrt(),
        Rsqrt => 1.0 / x.sqrt(),
        Exp => x.exp(),
        Exp2 => x.exp2(),
        Expm1 => x.exp_m1(),
        Log => x.ln(),
        Log2 => x.log2(),
        Log10 => x.log10(),
        Log1p => x.ln_1p(),
        Sin => x.sin(),
        Cos => x.cos(),
        Tan => x.tan(),
        Asin => x.asin(),
        Acos => x.acos(),
        Atan => x.atan(),
        Sinh => x.sinh(),
        Cosh => x.cosh(),
        Tanh => x.tanh(),
        Asinh => x.asinh(),
        Acosh => x.acosh(),
        Atanh => x.atanh(),
        Erf => libm::erf(x),
        Sigmoid => {
            if x < 0.0 {
                let e = x.exp();
                e / (1.0 + e)
            } else {
                1.0 / (1.0 + (-x).exp())
            }
        }
        Relu => {
            if x.is_nan() {
                x
            } else {
                x.max(0.0)
            }
        }
        Floor => x.floor(),
        Ceil => x.ceil(),
        Round => x.round_ties_even(),
        Trunc => x.trunc(),
        Reciprocal => 1.0 / x,
        Square => x * x,
        IsNan => x.is_nan() as u8 as f64,
        IsInf => x.is_infinite() as u8 as f64,
        IsFinite => x.is_finite() as u8 as f64,
        LogicalNot => (x == 0.0) as u8 as f64,
    }
}

/// NumPy's `floor_divide` on floats (`npy_floor_divide`), exact given an exact `fmod`.
pub fn floor_divide_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return a / b;
    }
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let mut fd = div.floor();
        if div - fd > 0.5 {
            fd += 1.0;
        }
        fd
    } else {
        0.0f64.copysign(a / b)
    }
}

/// Comparisons and logical ops on any ordered type whose zero is `T::default()` (`None`
/// for the other ops). NaN compares unequal to everything and is truthy.
pub fn predicate<T: PartialOrd + Default>(op: BinaryOp, a: T, b: T) -> Option<bool> {
    use BinaryOp::*;
    let z = T::default();
    Some(match op {
        Eq => a == b,
        Ne => a != b,
        Lt => a < b,
        Le => a <= b,
        Gt => a > b,
        Ge => a >= b,
        LogicalAnd => a != z && b != z,
        LogicalOr => a != z || b != z,
        LogicalXor => (a != z) != (b != z),
        _ => return None,
    })
}

/// Float64 reference of a binary op on floats (comparisons and logical ops give 0/1).
pub fn binary_f64(op: BinaryOp, a: f64, b: f64) -> f64 {
    use BinaryOp::*;
    if let Some(p) = predicate(op, a, b) {
        return p as u8 as f64;
    }
    match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        Div => a / b,
        Pow => a.powf(b),
        Atan2 => a.atan2(b),
        Maximum => {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else if a == b {
                // max(+0, -0) = +0
                if a.is_sign_negative() { b } else { a }
            } else {
                a.max(b)
            }
        }
        Minimum => {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else if a == b {
                if a.is_sign_negative() { a } else { b }
            } else {
                a.min(b)
            }
        }
        Fmod => a % b,
        FloorDivide => floor_divide_f64(a, b),
        _ => unreachable!("predicates are handled above"),
    }
}

/// Multi-precision reference of a float binary op at f64 inputs.
pub fn binary_f64_exact(op: BinaryOp, a: f64, b: f64) -> Ref {
    use BinaryOp::*;
    if is_special(a) || is_special(b) || !matches!(op, Add | Sub | Mul | Div | Pow | Atan2) {
        return Ref::exact(binary_f64(op, a, b));
    }
    // pow whose result is far outside the f64 range: the f64 value (0 or inf) is exact.
    if op == Pow && (b * a.abs().log2()).abs() > 4000.0 {
        return Ref::exact(binary_f64(op, a, b));
    }
    let (ba, bb) = (big(a), big(b));
    let r = with_cc(|cc| match op {
        Add => ba.add(&bb, PREC, RM),
        Sub => ba.sub(&bb, PREC, RM),
        Mul => ba.mul(&bb, PREC, RM),
        Div => ba.div(&bb, PREC, RM),
        Pow => {
            // exp(b * ln|a|), with the sign of a negative base for odd integer exponents
            // (non-integer exponents of a negative base give NaN, as Annex F). Computed
            // directly: astro-float's pow walks integer exponents one step at a time.
            if a < 0.0 && b.fract() != 0.0 {
                return big(f64::NAN);
            }
            let odd = a < 0.0 && (b / 2.0).fract() != 0.0;
            let m = bb
                .mul(&ba.abs().ln(PREC, RM, cc), PREC, RM)
                .exp(PREC, RM, cc);
            if odd { m.neg() } else { m }
        }
        Atan2 => {
            // atan(a/b) adjusted into the right quadrant.
            let base = ba.div(&bb, PREC, RM).atan(PREC, RM, cc);
            if b > 0.0 {
                base
            } else {
                let pi = cc.pi(PREC, RM);
                if a >= 0.0 {
                    base.add(&pi, PREC, RM)
                } else {
                    base.sub(&pi, PREC, RM)
                }
            }
        }
        _ => unreachable!("filtered above"),
    });
    to_ref(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_agrees_with_libm_on_easy_points() {
        for &x in &[0.5, 1.0, 2.5, -3.25, 10.0] {
            for op in [
                UnaryOp::Exp,
                UnaryOp::Sin,
                UnaryOp::Cos,
                UnaryOp::Atan,
                UnaryOp::Tanh,
                UnaryOp::Erf,
                UnaryOp::Expm1,
            ] {
                let r = unary_f64_exact(op, x);
                let l = unary_f64(op, x);
                assert!(((r.hi - l) / l).abs() < 4e-16, "{op} {x}: {} vs {l}", r.hi);
            }
        }
    }

    #[test]
    fn oracle_is_right_where_glibc_is_not() {
        // Argument-reduction worst case: glibc 2.36's cos is 8 ULP off here; the correctly
        // rounded value is -4.687165924254628e-19.
        let x = 6381956970095103.0 * 2f64.powi(797);
        let r = unary_f64_exact(UnaryOp::Cos, x);
        assert_eq!(r.hi, -4.687165924254628e-19);
        // Subnormal inputs are read exactly.
        assert_eq!(unary_f64_exact(UnaryOp::Sqrt, 5e-324).hi, 5e-324f64.sqrt());
        assert_eq!(unary_f64_exact(UnaryOp::Log, 5e-324).hi, 5e-324f64.ln());
        let r = unary_f64_exact(UnaryOp::Exp, -727.0);
        assert!((r.value() - (-727f64).exp()).abs() <= 5e-324, "{r:?}");
        // log1p and expm1 of tiny arguments keep full relative accuracy.
        let r = unary_f64_exact(UnaryOp::Log1p, 1e-300);
        assert_eq!(r.value(), 1e-300);
        let r = unary_f64_exact(UnaryOp::Expm1, -1e-20);
        assert_eq!(r.hi, -1e-20);
    }

    #[test]
    fn special_values_follow_annex_f() {
        assert_eq!(unary_f64_exact(UnaryOp::Log, 0.0).hi, f64::NEG_INFINITY);
        assert!(unary_f64_exact(UnaryOp::Log, -1.0).hi.is_nan());
        assert_eq!(unary_f64_exact(UnaryOp::Exp, f64::NEG_INFINITY).hi, 0.0);
        assert!(unary_f64_exact(UnaryOp::Sin, -0.0).hi.is_sign_negative());
        assert_eq!(binary_f64(BinaryOp::Pow, 1.0, f64::NAN), 1.0);
        assert_eq!(
            binary_f64(BinaryOp::Maximum, -0.0, 0.0).to_bits(),
            0.0f64.to_bits()
        );
        assert!(binary_f64(BinaryOp::Minimum, f64::NAN, 0.0).is_nan());
        assert_eq!(floor_divide_f64(1.0, 0.1), 9.0);
        assert_eq!(
            binary_f64_exact(BinaryOp::Atan2, 1.0, -1.0).hi,
            3.0 * std::f64::consts::FRAC_PI_4
        );
    }
}
