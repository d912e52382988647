//! softmax and log_softmax: float64 values from the max-subtracted exponentials of the
//! inputs as the dtype stores them, with a per-element bound (`c(n) * u` relative to the
//! result for softmax, to `|x - max| + 1` for log_softmax, plus half an ULP).

use super::reduce::groups;
use super::{Expected, c_of, neumaier, unit};
use crate::host::HostArray;
use crate::ulp::ulp;
use tensor_core::SoftmaxOp;

/// The expected result of `op` along `axis` of `a`.
pub(super) fn expected(op: SoftmaxOp, a: &HostArray, axis: isize) -> Expected {
    if a.shape.is_empty() && matches!(axis, 0 | -1) {
        // A 0-d input is a row of one element (PyTorch's wrap of dim 0 and -1).
        let mut row = a.clone();
        row.shape = vec![1];
        return match expected(op, &row, 0) {
            Expected::Bounded {
                dtype,
                refs,
                bounds,
                ..
            } => Expected::Bounded {
                dtype,
                shape: vec![],
                refs,
                bounds,
            },
            other => other,
        };
    }
    let dt = a.dtype;
    let nd = a.shape.len();
    let ax = tensor_core::layout::normalize_axis(axis, nd, "softmax").expect("valid");
    let (_, g) = groups(a, &[ax]);
    let u = unit(dt);
    let mut refs = vec![0.0; a.len()];
    let mut bounds = vec![0.0; a.len()];
    for idx in g {
        let xs: Vec<f64> = idx.iter().map(|&i| a.f64_at(i)).collect();
        let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let s = neumaier(xs.iter().map(|x| (x - m).exp()));
        let c = c_of(xs.len());
        for (k, &i) in idx.iter().enumerate() {
            let (r, b) = match op {
                SoftmaxOp::Softmax => {
                    let y = (xs[k] - m).exp() / s;
                    (y, (c + 6.0) * u * y)
                }
                SoftmaxOp::LogSoftmax => {
                    let y = xs[k] - m - s.ln();
                    (y, (c + 4.0) * u * ((xs[k] - m).abs() + 1.0))
                }
            };
            refs[i] = r;
            bounds[i] = b + if r.is_finite() { 0.5 * ulp(dt, r) } else { 0.0 };
        }
    }
    Expected::Bounded {
        dtype: dt,
        shape: a.shape.clone(),
        refs,
        bounds,
    }
}
