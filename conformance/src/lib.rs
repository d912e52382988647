//! Conformance harness (work in progress).
pub mod bench;
pub mod cases;
pub mod host;
pub mod oracle;
pub mod pitfalls;
pub mod report;
pub mod run;
pub mod tolerances;
pub mod ulp;
pub mod viewspec;

pub use run::{BackendRun, CaseResult, Options, Verdict, check_backend};
pub use tolerances::Tolerances;
