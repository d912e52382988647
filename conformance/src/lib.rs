//! Conformance harness (work in progress).
pub mod oracle;
pub mod ulp;
pub mod viewspec;
