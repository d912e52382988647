//! Elementwise unary ops: a typical sample of each op's domain (also run in every layout),
//! the hard values (specials, domain edges, argument-reduction worst cases), a 0-d input
//! and an empty one.

use super::{Case, Kind, Sizes, arr, elementwise_layouts, int_array, shape2};
use crate::host::{HostArray, Stream, float_specials, int_specials, round_to};
use crate::ulp::max_finite;
use tensor_core::{DType, UnaryOp};

/// The unary cases of one dtype.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType, sizes: Sizes, seed: u64) {
    for &op in UnaryOp::ALL {
        if op.dtypes(dt).is_err() {
            continue;
        }
        let mut s = Stream::new(seed, &format!("{op}/{dt}"));
        let n = sizes.elementwise_len();
        let vals = typical_values(op, dt, n, &mut s);
        let typical = HostArray::from_f64(dt, &shape2(n), &vals);
        let scalar = HostArray::from_f64(dt, &[], &[vals[0]]);
        let empty = HostArray::from_f64(dt, &[0, 3], &[]);
        let families = [
            ("typical", typical, elementwise_layouts()),
            ("hard", hard_values(op, dt), vec![]),
            ("0-d", scalar, vec![]),
            ("empty", empty, vec![]),
        ];
        for (family, a, layouts) in families {
            cases.push(Case::new(
                op.name(),
                Kind::Unary(op),
                dt,
                family,
                vec![a],
                layouts,
            ));
        }
    }
}

/// The "hard" input of an op: [`hard_floats`] for floats, the integer specials otherwise.
fn hard_values(op: UnaryOp, dt: DType) -> HostArray {
    if dt.is_float() {
        arr(dt, &hard_floats(op, dt))
    } else {
        let ints = int_specials(dt);
        int_array(dt, &[ints.len()], &ints)
    }
}

/// Typical input range of a unary op for a float dtype: `(lo, hi, log_uniform)`.
fn domain(op: UnaryOp, dt: DType) -> (f64, f64, bool) {
    use UnaryOp::*;
    let lnmax = max_finite(dt).ln() * 0.97;
    match op {
        Exp | Expm1 | Sinh | Cosh => (-lnmax, lnmax, false),
        Exp2 => (
            -lnmax * std::f64::consts::LOG2_E,
            lnmax * std::f64::consts::LOG2_E,
            false,
        ),
        Log | Log2 | Log10 | Sqrt | Rsqrt => (-20.0, lnmax * std::f64::consts::LOG2_E, true),
        Log1p => (-0.999, 100.0, false),
        Sin | Cos | Tan => (-10.0, 10.0, false),
        Asin | Acos | Atanh => (-1.0, 1.0, false),
        Acosh => (1.0, 1e4, false),
        Asinh | Atan => (-1e4, 1e4, false),
        Tanh => (-20.0, 20.0, false),
        Erf => (-6.0, 6.0, false),
        Sigmoid => (-100.0, 100.0, false),
        Reciprocal => (-30.0, 30.0, true),
        Square => (
            -(max_finite(dt).sqrt() * 0.9),
            max_finite(dt).sqrt() * 0.9,
            false,
        ),
        _ => (-100.0, 100.0, false),
    }
}

/// Extra hard inputs of an op (domain edges, argument-reduction worst cases).
fn hard_floats(op: UnaryOp, dt: DType) -> Vec<f64> {
    use UnaryOp::*;
    let mut v = float_specials(dt);
    match op {
        Sin | Cos | Tan => {
            v.extend([
                1e22,
                -1e22,
                std::f64::consts::FRAC_PI_2,
                std::f64::consts::PI,
                1e6,
                12867.0,
            ]);
            if dt == DType::F64 {
                v.extend([
                    6381956970095103.0 * 2f64.powi(797),
                    5.319372648326541e255,
                    1e300,
                ]);
            }
            if dt == DType::F32 {
                v.extend([1.5707963705062866, 16367173.0 * 2f64.powi(72), 1e38]);
            }
        }
        Asin | Acos | Atanh => v.extend([1.0, -1.0, 0.9999999, -0.9999999, 1e-8]),
        Log1p | Expm1 => v.extend([1e-10, -1e-10, 1e-30, -0.9999, 1e-300]),
        Exp | Sinh | Cosh | Exp2 => {
            let lnmax = max_finite(dt).ln();
            v.extend([lnmax, lnmax * 1.001, -lnmax * 1.02, -lnmax * 1.03, 1e-20]);
        }
        Sigmoid => v.extend([-88.0, -100.0, -103.0, -745.0, 30.0, 40.0]),
        Round => v.extend([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 4503599627370495.5]),
        Erf => v.extend([1e-20, 5.9, -5.9, 3.0]),
        _ => {}
    }
    v.into_iter().map(|x| round_to(dt, x)).collect()
}

/// `n` typical inputs: uniform or log-uniform over the op's [`domain`] for floats (with
/// ties for the rounding ops), small integers otherwise.
fn typical_values(op: UnaryOp, dt: DType, n: usize, s: &mut Stream) -> Vec<f64> {
    if dt.is_float() {
        let (lo, hi, log) = domain(op, dt);
        (0..n)
            .map(|_| {
                let x = if log {
                    s.log_uniform(lo, hi, matches!(op, UnaryOp::Reciprocal))
                } else {
                    s.range(lo, hi)
                };
                // Half of the floor/round family sits on .5 ties.
                if matches!(
                    op,
                    UnaryOp::Round | UnaryOp::Floor | UnaryOp::Ceil | UnaryOp::Trunc
                ) && s.uniform() < 0.3
                {
                    x.round() + 0.5
                } else {
                    x
                }
            })
            .collect()
    } else {
        let (lo, hi) = match dt {
            DType::Bool => (0, 1),
            DType::U8 => (0, 255),
            _ => (-30, 30),
        };
        (0..n).map(|_| s.int(lo, hi) as f64).collect()
    }
}
