//! The `conformance` command-line tool (work in progress).
fn main() {}
