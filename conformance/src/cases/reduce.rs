//! Reductions: every op over a long 1-D input, a mixed-sign 3-D input (two axes with
//! keepdims, and the last axis), an empty extent and, for the sums and moments, values on a
//! large offset; then prod over short rows, planted NaNs and large values for logsumexp.
//! The softmax cases draw on the same inputs ([`super::softmax`]).

use super::{Case, Kind, Sizes, softmax};
use crate::host::{HostArray, Stream};
use crate::ulp::max_finite;
use tensor_core::{DType, ReduceOp};

/// The reduction (and softmax) cases of one dtype.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType, sizes: Sizes, seed: u64) {
    let mut s = Stream::new(seed, &format!("reduce/{dt}"));
    let inputs = Inputs::draw(dt, sizes, &mut s);
    let mut out = Reductions { cases, dt };
    every_op(&mut out, &inputs);
    prod_rows(&mut out, &mut s);
    if dt.is_float() {
        planted_nan(&mut out, &inputs.mixed);
        // Large values: logsumexp must subtract the max.
        let large = large_values(dt, &mut s);
        out.push(
            ReduceOp::LogSumExp,
            "large",
            Some(vec![1]),
            false,
            0.0,
            &large,
        );
        softmax::cases(out.cases, dt, &inputs.mixed, &large);
    }
}

/// The inputs every reduction op is run on.
struct Inputs {
    /// Long 1-D input: U[0,1) for floats, small ints otherwise.
    long: HostArray,
    /// 3-D input `[6, 33, 65]` with mixed signs.
    mixed: HostArray,
    /// 4096 values on a large offset (cancellation in the moments).
    offset: HostArray,
    /// Shape `[3, 0]`.
    empty: HostArray,
}

impl Inputs {
    fn draw(dt: DType, sizes: Sizes, s: &mut Stream) -> Inputs {
        let long_n = if dt.is_float() {
            sizes.reduction
        } else {
            sizes.reduction / 10
        };
        let long: Vec<f64> = (0..long_n)
            .map(|_| {
                if dt.is_float() {
                    s.uniform()
                } else {
                    s.int(0, 3) as f64
                }
            })
            .collect();
        let n3: usize = MIXED.iter().product();
        let mixed: Vec<f64> = (0..n3)
            .map(|_| match dt {
                d if d.is_float() => s.normal() * 4.0,
                DType::Bool => s.int(0, 1) as f64,
                DType::U8 => s.int(0, 9) as f64,
                _ => s.int(-50, 50) as f64,
            })
            .collect();
        let offset_base = match dt {
            DType::F16 => 100.0,
            DType::BF16 => 10.0,
            _ => 1e4,
        };
        let offset: Vec<f64> = (0..4096).map(|_| offset_base + s.uniform()).collect();
        Inputs {
            long: HostArray::from_f64(dt, &[long_n], &long),
            mixed: HostArray::from_f64(dt, &MIXED, &mixed),
            offset: HostArray::from_f64(dt, &[4096], &offset),
            empty: HostArray::from_f64(dt, &[3, 0], &[]),
        }
    }
}

/// Shape of [`Inputs::mixed`].
const MIXED: [usize; 3] = [6, 33, 65];

/// Adds the reduction cases of one dtype, skipping those the op does not take.
struct Reductions<'a> {
    cases: &'a mut Vec<Case>,
    dt: DType,
}

impl Reductions<'_> {
    /// Adds `op` over `axes` of `a` (id `op/dtype/family`, with `/ddof{d}` for var and std).
    fn push(
        &mut self,
        op: ReduceOp,
        family: &str,
        axes: Option<Vec<isize>>,
        keepdims: bool,
        ddof: f64,
        a: &HostArray,
    ) {
        let dt = self.dt;
        if op.dtypes(dt).is_err() {
            return;
        }
        let suffix = match (op, ddof) {
            (ReduceOp::Var | ReduceOp::Std, d) => format!("/ddof{d}"),
            _ => String::new(),
        };
        self.cases.push(Case {
            id: format!("{}/{dt}/{family}{suffix}", op.name()),
            op: op.name().to_string(),
            kind: Kind::Reduce {
                op,
                axes,
                keepdims,
                ddof,
            },
            dtype: dt,
            family: family.to_string(),
            inputs: vec![a.clone()],
            layouts: vec![],
        });
    }
}

/// Every op (var and std with ddof 0 and 1) on the shared [`Inputs`].
fn every_op(out: &mut Reductions, inputs: &Inputs) {
    for &op in ReduceOp::ALL {
        let ddofs: &[f64] = if matches!(op, ReduceOp::Var | ReduceOp::Std) {
            &[0.0, 1.0]
        } else {
            &[0.0]
        };
        for &ddof in ddofs {
            if op != ReduceOp::Prod {
                out.push(op, "long", None, false, ddof, &inputs.long);
            }
            let mixed = &inputs.mixed;
            out.push(op, "axes02-keepdims", Some(vec![0, 2]), true, ddof, mixed);
            out.push(op, "axis-1", Some(vec![-1]), false, ddof, mixed);
            out.push(op, "empty-axis", Some(vec![1]), false, ddof, &inputs.empty);
            if op == ReduceOp::LogSumExp {
                // A 0-d input along axis 0 and -1 (PyTorch's wrap; see `Tensor::reduce`).
                let scalar = HostArray::from_f64(out.dt, &[], &[mixed.to_f64()[7]]);
                out.push(op, "scalar-axis0", Some(vec![0]), false, ddof, &scalar);
                out.push(op, "scalar-axis-1", Some(vec![-1]), true, ddof, &scalar);
            }
            if matches!(
                op,
                ReduceOp::Var | ReduceOp::Std | ReduceOp::Mean | ReduceOp::Sum
            ) && out.dt.is_float()
            {
                out.push(op, "offset", None, false, ddof, &inputs.offset);
            }
        }
    }
}

/// Prod on short rows with values near 1.
fn prod_rows(out: &mut Reductions, s: &mut Stream) {
    let dt = out.dt;
    let pv: Vec<f64> = (0..64 * 33)
        .map(|_| {
            if dt.is_float() {
                s.range(0.6, 1.5)
            } else {
                s.int(1, 3) as f64
            }
        })
        .collect();
    let rows = HostArray::from_f64(dt, &[64, 33], &pv);
    out.push(ReduceOp::Prod, "rows", Some(vec![1]), false, 0.0, &rows);
}

/// NaN planted in the mixed input: max/argmax (and sum) must propagate it.
fn planted_nan(out: &mut Reductions, mixed: &HostArray) {
    let mut nv = mixed.to_f64();
    nv[1000] = f64::NAN;
    nv[5000] = f64::NAN;
    let nan = HostArray::from_f64(out.dt, &MIXED, &nv);
    for op in [
        ReduceOp::Max,
        ReduceOp::Min,
        ReduceOp::ArgMax,
        ReduceOp::ArgMin,
        ReduceOp::Sum,
    ] {
        out.push(op, "nan", Some(vec![-1]), false, 0.0, &nan);
        out.push(op, "nan-all", None, false, 0.0, &nan);
    }
}

/// `[64, 129]` values whose exponentials overflow the dtype.
fn large_values(dt: DType, s: &mut Stream) -> HostArray {
    let lv: Vec<f64> = (0..64 * 129)
        .map(|_| s.range(0.8, 1.0) * max_finite(dt).ln() * 8.0)
        .collect();
    HostArray::from_f64(dt, &[64, 129], &lv)
}
