//! Creation ops (no inputs): arange, linspace with and without the endpoint, eye, and the
//! Philox rand and randn at fixed seeds.

use super::{Case, Kind};
use tensor_core::{DType, RandDist};

/// The creation cases of one dtype.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType) {
    let mut push = |op: &str, kind: Kind, family: &str| {
        cases.push(Case::new(op, kind, dt, family, vec![], vec![]));
    };
    if dt != DType::Bool {
        push(
            "arange",
            Kind::Arange(-3.0, 20.0, if dt.is_float() { 0.25 } else { 2.0 }),
            "typical",
        );
    }
    if dt.is_float() {
        push("linspace", Kind::Linspace(-1.0, 2.0, 37, true), "endpoint");
        push(
            "linspace",
            Kind::Linspace(0.0, 1.0, 10, false),
            "no-endpoint",
        );
        push(
            "rand",
            Kind::Rand(RandDist::Uniform, vec![3, 1000], 1234),
            "seed1234",
        );
        push(
            "randn",
            Kind::Rand(RandDist::Normal, vec![3, 1000], 99),
            "seed99",
        );
    }
    push("eye", Kind::Eye(5, 7), "5x7");
}
