//! Shared by the CUDA tests: whether a device exists, and the skip rule.

#![allow(dead_code)]

/// Prints a skip note on the real stderr (not captured by the test harness, so it shows
/// in a plain `cargo test` run).
macro_rules! skip_note {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

use backend_cuda::CudaBackend;
use tensor_core::{Backend, Device};

/// Whether `TENSOR_REQUIRE_CUDA=1` (GPU tests must run, not skip).
pub fn cuda_required() -> bool {
    std::env::var("TENSOR_REQUIRE_CUDA").as_deref() == Ok("1")
}

/// `Some(backend)` if a usable CUDA device is present. If none is, prints
/// `SKIPPED <test>: no CUDA device (<reason>)` and returns `None`, unless
/// `TENSOR_REQUIRE_CUDA=1`, in which case it panics.
pub fn backend_or_skip(test: &str) -> Option<CudaBackend> {
    match CudaBackend::create(0) {
        Ok(b) => Some(b),
        Err(e) => {
            if cuda_required() {
                panic!("{test}: TENSOR_REQUIRE_CUDA=1 but the CUDA backend is unavailable: {e}");
            }
            skip_note!("SKIPPED {test}: no CUDA device ({e})");
            None
        }
    }
}

/// The embedded CUDA backend as a `tensor_core::Device`, or `None` (see
/// [`backend_or_skip`]).
pub fn device_or_skip(test: &str) -> Option<Device> {
    backend_or_skip(test)?;
    Some(Device::from_api("cuda", backend_cuda::plugin_api(), 0).expect("device opens"))
}
