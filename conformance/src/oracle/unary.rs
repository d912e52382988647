//! Elementwise unary ops: the multi-precision reference of a float op at an f64 input, its
//! float64 value (also the Annex F value of special inputs), and integer semantics
//! (wrapping, as NumPy).

use super::mp::{RM, big, int, is_special, series, to_ref, with_cc};
use super::{Expected, PREC, Ref, wrap};
use crate::host::{HostArray, round_int_to, round_to};
use astro_float::{BigFloat, Consts};
use tensor_core::{DType, UnaryOp};

/// The expected result of `op` on `a`, whose dtype is `dt`.
pub(super) fn expected(op: UnaryOp, dt: DType, a: &HostArray) -> Expected {
    let (compute, out) = op.dtypes(dt).expect("filtered");
    let shape = a.shape.clone();
    if out.is_float() {
        let refs = (0..a.len())
            .map(|i| {
                let x = if a.dtype.is_float() {
                    a.f64_at(i)
                } else {
                    round_int_to(compute, a.i64_at(i))
                };
                let x = round_to(compute, x);
                float_ref(op, out, x)
            })
            .collect();
        let mags = a.to_f64().iter().map(|x| x.abs()).collect();
        Expected::Ulp {
            dtype: out,
            shape,
            refs,
            mags,
        }
    } else {
        let vals = (0..a.len())
            .map(|i| {
                if a.dtype.is_float() {
                    unary_f64(op, a.f64_at(i)) as i64
                } else {
                    int_unary(op, a.i64_at(i), compute)
                }
            })
            .collect();
        Expected::Exact {
            dtype: out,
            shape,
            vals,
        }
    }
}

/// The reference of a float result: multi-precision for `f64`, float64 for narrower dtypes.
fn float_ref(op: UnaryOp, dt: DType, x: f64) -> Ref {
    if dt == DType::F64 {
        unary_f64_exact(op, x)
    } else {
        Ref::exact(unary_f64(op, x))
    }
}

/// Integer semantics of unary ops (wrapping, as NumPy).
pub(super) fn int_unary(op: UnaryOp, v: i64, dt: DType) -> i64 {
    use UnaryOp::*;
    let w = |x: i128| wrap(x, dt);
    let v128 = v as i128;
    match op {
        Neg => w(-v128),
        Abs => w(v128.abs()),
        Sign => v.signum(),
        Relu => v.max(0),
        Square => w(v128 * v128),
        IsNan | IsInf => 0,
        IsFinite => 1,
        LogicalNot => (v == 0) as i64,
        _ => v, // floor, ceil, round, trunc: identity on integers
    }
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
                log1p_series(&b)
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
                erf_series(&b, cc)
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

/// `log1p(x)` for `|x| < 2^-10` (where `ln(1 + x)` would lose the low bits of `x`):
/// `x - x^2/2 + x^3/3 - ...`, term_k = `(-1)^k x^(k+1) / (k+1)`.
fn log1p_series(b: &BigFloat) -> BigFloat {
    let mut sum = b.clone();
    let mut pow = b.clone();
    for k in 1..400 {
        pow = pow.mul(b, PREC, RM);
        let t = pow.div(&int(k as i64 + 1), PREC, RM);
        let t = if k % 2 == 1 { t.neg() } else { t };
        let n = sum.add(&t, PREC, RM);
        if n.cmp(&sum) == Some(0) {
            break;
        }
        sum = n;
    }
    sum
}

/// `erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))` (`astro-float` has no erf).
fn erf_series(b: &BigFloat, cc: &mut Consts) -> BigFloat {
    let x2 = b.mul(b, PREC, RM);
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
}
