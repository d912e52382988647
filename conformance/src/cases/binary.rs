//! Elementwise binary ops and `where`: a typical sample of each op's domain (also run in
//! every layout), the cross product of the special values, and a broadcast pair; `where`
//! with three broadcast inputs.

use super::{Case, Kind, Sizes, arr, elementwise_layouts, int_array, shape2};
use crate::host::{HostArray, Stream, float_specials, int_specials};
use crate::ulp::max_finite;
use tensor_core::{BinaryOp, DType};

/// The binary cases of one dtype.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType, sizes: Sizes, seed: u64) {
    for &op in BinaryOp::ALL {
        if op.dtypes(dt, dt).is_err() {
            continue;
        }
        let mut s = Stream::new(seed, &format!("{op}/{dt}"));
        let n = sizes.elementwise_len();
        let (a, b): (Vec<f64>, Vec<f64>) = (0..n).map(|_| typical_pair(op, dt, &mut s)).unzip();
        let sh = shape2(n);
        let typical = vec![
            HostArray::from_f64(dt, &sh, &a),
            HostArray::from_f64(dt, &sh, &b),
        ];
        let (ha, hb) = hard_pairs(op, dt);
        let families = [
            ("typical", typical, elementwise_layouts()),
            ("hard", vec![ha, hb], vec![]),
            ("broadcast", broadcast_pair(op, dt, &mut s), vec![]),
        ];
        for (family, inputs, layouts) in families {
            cases.push(Case::new(
                op.name(),
                Kind::Binary(op),
                dt,
                family,
                inputs,
                layouts,
            ));
        }
    }
}

/// The case of `where(cond, a, b)` of one dtype, with shapes `[5, 7]`, `[7]` and `[5, 1]`.
pub(super) fn where_cases(cases: &mut Vec<Case>, dt: DType, seed: u64) {
    let mut s = Stream::new(seed, &format!("where/{dt}"));
    let c: Vec<f64> = (0..35).map(|_| (s.uniform() < 0.5) as u8 as f64).collect();
    let a: Vec<f64> = (0..7).map(|_| s.int(0, 1) as f64).collect();
    let b: Vec<f64> = (0..5).map(|_| s.int(0, 1) as f64).collect();
    cases.push(Case::new(
        "where",
        Kind::Where,
        dt,
        "broadcast",
        vec![
            HostArray::from_f64(DType::Bool, &[5, 7], &c),
            HostArray::from_f64(dt, &[7], &a),
            HostArray::from_f64(dt, &[5, 1], &b),
        ],
        vec![],
    ));
}

/// Hard inputs: every pair of special values (integer pow: only exponents 0 to 3).
fn hard_pairs(op: BinaryOp, dt: DType) -> (HostArray, HostArray) {
    if dt.is_float() {
        let (ha, hb) = cross(&float_specials(dt));
        (arr(dt, &ha), arr(dt, &hb))
    } else {
        let ints: Vec<i64> = int_specials(dt)
            .into_iter()
            .filter(|v| op != BinaryOp::Pow || (0..=3).contains(v))
            .collect();
        let (ha, hb) = cross(&ints);
        (
            int_array(dt, &[ha.len()], &ha),
            int_array(dt, &[hb.len()], &hb),
        )
    }
}

/// The cross product of `sp` with itself, as two flat operand lists.
fn cross<T: Copy>(sp: &[T]) -> (Vec<T>, Vec<T>) {
    let k = sp.len();
    let a = (0..k * k).map(|i| sp[i / k]).collect();
    let b = (0..k * k).map(|i| sp[i % k]).collect();
    (a, b)
}

/// Broadcast inputs: `[5, 1, 7]` with `[4, 1]`.
fn broadcast_pair(op: BinaryOp, dt: DType, s: &mut Stream) -> Vec<HostArray> {
    let ba: Vec<f64> = (0..35).map(|_| typical_pair(op, dt, s).0).collect();
    let bb: Vec<f64> = (0..4).map(|_| typical_pair(op, dt, s).1).collect();
    vec![
        HostArray::from_f64(dt, &[5, 1, 7], &ba),
        HostArray::from_f64(dt, &[4, 1], &bb),
    ]
}

/// One typical pair of operands of `op`.
fn typical_pair(op: BinaryOp, dt: DType, s: &mut Stream) -> (f64, f64) {
    use BinaryOp::*;
    if !dt.is_float() {
        let (lo, hi) = match dt {
            DType::Bool => (0, 1),
            DType::U8 => (0, 255),
            DType::I32 => (-1000, 1000),
            _ => (-100_000, 100_000),
        };
        return match op {
            Pow => (s.int(lo.max(-5), hi.min(5)) as f64, s.int(0, 4) as f64),
            _ => (s.int(lo, hi) as f64, s.int(lo, hi) as f64),
        };
    }
    let emax = (max_finite(dt).log2() / 2.0 - 1.0).min(60.0);
    match op {
        Add | Sub | Mul | Div | Atan2 => (
            s.log_uniform(-emax, emax, true),
            s.log_uniform(-emax, emax, true),
        ),
        Pow => {
            if s.uniform() < 0.2 {
                (-s.range(0.5, 4.0), s.int(-6, 6) as f64)
            } else {
                (s.range(0.0, 8.0), s.range(-8.0, 8.0))
            }
        }
        Fmod | FloorDivide => (s.range(-100.0, 100.0), s.log_uniform(-4.0, 4.0, true)),
        _ => {
            // Comparisons and min/max: many ties.
            let a = (s.range(-8.0, 8.0) * 2.0).round() / 2.0;
            let b = if s.uniform() < 0.3 {
                a
            } else {
                (s.range(-8.0, 8.0) * 2.0).round() / 2.0
            };
            (a, b)
        }
    }
}
