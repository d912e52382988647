//! Casts: the exact value of each element rounded once into the target float dtype
//! (integers directly, without double rounding through f64), or converted by the documented
//! rule into an integer dtype (truncation toward zero, saturation, NaN -> 0; integers wrap).

use super::{Expected, Ref, wrap};
use crate::host::{HostArray, round_int_to, round_to};
use tensor_core::DType;

/// The expected result of casting `a` to `to`.
pub(super) fn expected(to: DType, a: &HostArray) -> Expected {
    let shape = a.shape.clone();
    if to.is_float() {
        let refs = (0..a.len())
            .map(|i| Ref::exact(cast_value(a, i, to).0))
            .collect();
        let mags = a.to_f64().iter().map(|x| x.abs()).collect();
        Expected::Ulp {
            dtype: to,
            shape,
            refs,
            mags,
        }
    } else {
        Expected::Exact {
            dtype: to,
            shape,
            vals: (0..a.len()).map(|i| cast_value(a, i, to).1).collect(),
        }
    }
}

/// The exact result of a cast of one element, as f64 (floats) or i64 (integers).
fn cast_value(from: &HostArray, i: usize, to: DType) -> (f64, i64) {
    let fd = from.dtype;
    if to.is_float() {
        let v = if fd.is_float() {
            round_to(to, from.f64_at(i))
        } else {
            round_int_to(to, from.i64_at(i))
        };
        (v, 0)
    } else if to == DType::Bool {
        let b = if fd.is_float() {
            from.f64_at(i) != 0.0
        } else {
            from.i64_at(i) != 0
        };
        (0.0, b as i64)
    } else if fd.is_float() {
        // Truncate toward zero, saturate, NaN -> 0 (the documented cast rule).
        let x = from.f64_at(i);
        let v = match to {
            DType::U8 => x as u8 as i64,
            DType::I32 => x as i32 as i64,
            _ => x as i64,
        };
        (0.0, v)
    } else {
        (0.0, wrap(from.i64_at(i) as i128, to))
    }
}
