//! Elementwise binary ops and `where`: the multi-precision reference of a float op at f64
//! inputs, its float64 value (NumPy's semantics for floor_divide, min/max and signed
//! zeros), comparisons and logical ops, and integer semantics (wrapping, as NumPy); inputs
//! broadcast.

use super::mp::{RM, big, is_special, to_ref, with_cc};
use super::{Expected, PREC, Ref, bcast_index, bshape, wrap};
use crate::host::HostArray;
use tensor_core::{BinaryOp, DType};

/// The expected result of `op` on `a` and `b` (broadcast), both of dtype `dt`.
pub(super) fn expected(op: BinaryOp, dt: DType, a: &HostArray, b: &HostArray) -> Expected {
    let (compute, out) = op.dtypes(dt, dt).expect("filtered");
    let shape = bshape(&a.shape, &b.shape);
    let n: usize = shape.iter().product();
    let pair = |i: usize| {
        (
            bcast_index(&shape, &a.shape, i),
            bcast_index(&shape, &b.shape, i),
        )
    };
    if !compute.is_float() {
        let vals = (0..n)
            .map(|i| {
                let (ia, ib) = pair(i);
                int_binary(op, a.i64_at(ia), b.i64_at(ib), compute)
            })
            .collect();
        return Expected::Exact {
            dtype: out,
            shape,
            vals,
        };
    }
    let vals: Vec<Ref> = (0..n)
        .map(|i| {
            let (ia, ib) = pair(i);
            let (x, y) = (a.f64_at(ia), b.f64_at(ib));
            if compute == DType::F64 && out.is_float() {
                binary_f64_exact(op, x, y)
            } else {
                Ref::exact(binary_f64(op, x, y))
            }
        })
        .collect();
    if out.is_float() {
        let mags = (0..n).map(|i| a.f64_at(pair(i).0).abs()).collect();
        Expected::Ulp {
            dtype: out,
            shape,
            refs: vals,
            mags,
        }
    } else {
        Expected::Exact {
            dtype: out,
            shape,
            vals: vals.iter().map(|r| r.hi as i64).collect(),
        }
    }
}

/// The expected result of `where(c, a, b)` (broadcast), with `a` and `b` of dtype `dt`.
pub(super) fn where_expected(dt: DType, c: &HostArray, a: &HostArray, b: &HostArray) -> Expected {
    let shape = bshape(&bshape(&c.shape, &a.shape), &b.shape);
    let n: usize = shape.iter().product();
    let pick = |i: usize| {
        if c.i64_at(bcast_index(&shape, &c.shape, i)) != 0 {
            (a, bcast_index(&shape, &a.shape, i))
        } else {
            (b, bcast_index(&shape, &b.shape, i))
        }
    };
    if dt.is_float() {
        let refs = (0..n)
            .map(|i| {
                let (t, j) = pick(i);
                Ref::exact(t.f64_at(j))
            })
            .collect();
        Expected::Ulp {
            dtype: dt,
            shape: shape.clone(),
            refs,
            mags: vec![1.0; n],
        }
    } else {
        let vals = (0..n)
            .map(|i| {
                let (t, j) = pick(i);
                t.i64_at(j)
            })
            .collect();
        Expected::Exact {
            dtype: dt,
            shape: shape.clone(),
            vals,
        }
    }
}

/// Integer semantics of binary ops (wrapping, as NumPy; division by zero gives 0).
pub(super) fn int_binary(op: BinaryOp, a: i64, b: i64, dt: DType) -> i64 {
    use BinaryOp::*;
    let (x, y) = (a as i128, b as i128);
    // Comparisons and logical ops (bools are 0/1 here, so one rule serves all dtypes).
    if let Some(p) = predicate(op, a, b) {
        return p as i64;
    }
    if dt == DType::Bool {
        let (p, q) = (a != 0, b != 0);
        return match op {
            Add | Maximum => (p || q) as i64,
            Mul | Minimum => (p && q) as i64,
            _ => 0,
        };
    }
    match op {
        Add => wrap(x + y, dt),
        Sub => wrap(x - y, dt),
        Mul => wrap(x * y, dt),
        Pow => {
            let mut r: i128 = 1;
            for _ in 0..b.max(0) {
                r = wrap(r * x, dt) as i128;
            }
            wrap(r, dt)
        }
        Maximum => a.max(b),
        Minimum => a.min(b),
        Fmod => {
            if b == 0 {
                0
            } else {
                wrap(x % y, dt)
            }
        }
        FloorDivide => {
            if b == 0 {
                0
            } else {
                wrap(
                    x.div_euclid(y)
                        - if (x.rem_euclid(y) != 0) && y < 0 {
                            1
                        } else {
                            0
                        },
                    dt,
                )
            }
        }
        Div | Atan2 => 0, // never integer-valued (promoted to float)
        _ => unreachable!("predicates are handled above"),
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
