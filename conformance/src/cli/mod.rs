//! Subcommands of the `conformance` binary.

pub mod apply;
pub mod backends;
pub mod bench;
pub mod run;

/// Registers the statically linked CPU backend as the builtin `cpu`.
pub fn register_embedded() {
    backend_cpu::register();
}
