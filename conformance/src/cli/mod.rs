//! Subcommands of the `conformance` binary.

pub mod apply;
pub mod backends;
pub mod bench;
pub mod run;

/// Registers the statically linked CPU backend as the builtin `cpu`.
pub fn register_embedded() {
    tensor_core::device::register_builtin("cpu", backend_cpu::plugin_api);
}
