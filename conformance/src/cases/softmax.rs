//! softmax and log_softmax: mixed-sign rows along either axis, and large values along the
//! last one. The inputs come from the reduction cases' stream ([`super::reduce`]), which
//! calls [`cases`].

use super::{Case, Kind};
use crate::host::HostArray;
use tensor_core::{DType, SoftmaxOp};

/// The softmax cases of a float dtype, on the first `[64, 129]` values of `mixed` and on
/// `large`.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType, mixed: &HostArray, large: &HostArray) {
    for (op, family) in [
        (SoftmaxOp::Softmax, "typical"),
        (SoftmaxOp::LogSoftmax, "typical"),
    ] {
        for axis in [-1isize, 0] {
            cases.push(Case {
                id: format!("{}/{dt}/{family}/axis{axis}", op.name()),
                op: op.name().into(),
                kind: Kind::Softmax { op, axis },
                dtype: dt,
                family: family.into(),
                inputs: vec![HostArray::from_f64(
                    dt,
                    &[64, 129],
                    &mixed.to_f64()[..64 * 129],
                )],
                layouts: vec![],
            });
        }
        cases.push(Case::new(
            op.name(),
            Kind::Softmax { op, axis: -1 },
            dt,
            "large",
            vec![large.clone()],
            vec![],
        ));
        // A 0-d input along axis 0 and -1: a row of one element, as in PyTorch.
        for axis in [-1isize, 0] {
            cases.push(Case {
                id: format!("{}/{dt}/scalar/axis{axis}", op.name()),
                op: op.name().into(),
                kind: Kind::Softmax { op, axis },
                dtype: dt,
                family: "scalar".into(),
                inputs: vec![HostArray::from_f64(dt, &[], &[mixed.to_f64()[7]])],
                layouts: vec![],
            });
        }
    }
}
