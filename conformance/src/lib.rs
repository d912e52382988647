//! Conformance harness (work in progress).
pub mod cases;
pub mod host;
pub mod oracle;
pub mod tolerances;
pub mod ulp;
pub mod viewspec;
