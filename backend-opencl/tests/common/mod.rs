//! Shared by the OpenCL tests: whether a device exists, and the skip rule.

#![allow(dead_code)]

use backend_opencl::OpenClBackend;
use tensor_core::{Backend, Device};

/// `Some(backend)` if an OpenCL device is present. If none is, prints
/// `skipped: no OpenCL device (<reason>)` and returns `None`, unless
/// `TENSOR_REQUIRE_OPENCL=1`, in which case it panics.
pub fn backend_or_skip() -> Option<OpenClBackend> {
    match OpenClBackend::create(0) {
        Ok(b) => Some(b),
        Err(e) => {
            if std::env::var("TENSOR_REQUIRE_OPENCL").as_deref() == Ok("1") {
                panic!("TENSOR_REQUIRE_OPENCL=1 but no OpenCL device: {e}");
            }
            println!("skipped: no OpenCL device ({e})");
            None
        }
    }
}

/// The embedded OpenCL backend as a `tensor_core::Device`, or `None` (see
/// [`backend_or_skip`]).
pub fn device_or_skip() -> Option<Device> {
    backend_or_skip()?;
    Some(Device::from_api("opencl", backend_opencl::plugin_api(), 0).expect("device opens"))
}
