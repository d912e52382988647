//! The one place where OpenCL errors become [`tensor_core::Error`]s.

use opencl3::error_codes::{
    CL_INVALID_BUFFER_SIZE, CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_HOST_MEMORY,
    CL_OUT_OF_RESOURCES, ClError,
};
use tensor_core::Error;

/// The backend's name in errors and reports.
pub const NAME: &str = "opencl";

/// Conversion of OpenCL results, naming the call that failed.
pub trait ClContext<T> {
    /// `Error::Backend` with `what` and the OpenCL error name.
    fn ctx(self, what: &str) -> tensor_core::Result<T>;
}

impl<T> ClContext<T> for Result<T, ClError> {
    fn ctx(self, what: &str) -> tensor_core::Result<T> {
        self.map_err(|e| backend(format!("{what}: {e} ({})", e.0)))
    }
}

/// An [`Error::Backend`] from this backend.
pub fn backend(msg: impl Into<String>) -> Error {
    Error::Backend {
        backend: NAME.into(),
        msg: msg.into(),
    }
}

/// Whether an OpenCL error code says that memory ran out (on the device or the host).
fn is_oom(code: i32) -> bool {
    matches!(
        code,
        CL_MEM_OBJECT_ALLOCATION_FAILURE | CL_OUT_OF_RESOURCES | CL_OUT_OF_HOST_MEMORY
    )
}

/// The [`Error::OutOfMemory`] of a request of `bytes` over the device's largest buffer,
/// `CL_DEVICE_MAX_MEM_ALLOC_SIZE` (`max_alloc`). [`crate::OpenClBackend`]'s `alloc` returns
/// it before calling `clCreateBuffer`, which would refuse the size with
/// `CL_INVALID_BUFFER_SIZE`.
pub fn over_max_alloc(bytes: usize, max_alloc: u64) -> Error {
    Error::OutOfMemory {
        backend: NAME.into(),
        bytes,
        detail: Some(format!(
            "larger than the device's largest buffer, CL_DEVICE_MAX_MEM_ALLOC_SIZE = \
             {max_alloc} bytes"
        )),
    }
}

/// A `clCreateBuffer` failure of `bytes` on a device whose largest buffer is `max_alloc`
/// bytes: out-of-memory codes map to [`Error::OutOfMemory`], and so does
/// `CL_INVALID_BUFFER_SIZE` (the size is over `CL_DEVICE_MAX_MEM_ALLOC_SIZE`; the backend
/// never asks for 0 bytes), naming the limit.
pub fn alloc_error(e: ClError, bytes: usize, max_alloc: u64) -> Error {
    match e.0 {
        CL_INVALID_BUFFER_SIZE => over_max_alloc(bytes, max_alloc),
        code if is_oom(code) => Error::OutOfMemory {
            backend: NAME.into(),
            bytes,
            detail: Some(format!("clCreateBuffer: {e}")),
        },
        _ => backend(format!("clCreateBuffer({bytes} bytes): {e} ({})", e.0)),
    }
}

/// A failed enqueue (`what`: the call) on buffers of `bytes` bytes in all. OpenCL
/// implementations may allocate a buffer's storage only when a command first uses it, so
/// an allocation failure can surface here instead of at `clCreateBuffer`: out-of-memory
/// codes map to [`Error::OutOfMemory`] naming the call, anything else to
/// [`Error::Backend`] as [`ClContext::ctx`] does.
pub fn enqueue_error(e: ClError, what: &str, bytes: usize) -> Error {
    if is_oom(e.0) {
        Error::OutOfMemory {
            backend: NAME.into(),
            bytes,
            detail: Some(format!(
                "{what} failed with {e}: the device could not allocate its buffers"
            )),
        }
    } else {
        backend(format!("{what}: {e} ({})", e.0))
    }
}

/// An [`Error::Unavailable`] from this backend.
pub fn unavailable(reason: impl Into<String>) -> Error {
    Error::Unavailable {
        backend: NAME.into(),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use opencl3::error_codes::CL_INVALID_VALUE;

    #[test]
    fn oversized_and_out_of_memory_codes_are_out_of_memory_naming_the_limit_or_call() {
        let e = alloc_error(ClError(CL_INVALID_BUFFER_SIZE), 1 << 40, 1 << 33);
        let Error::OutOfMemory {
            bytes,
            detail: Some(d),
            ..
        } = &e
        else {
            panic!("{e:?}");
        };
        assert_eq!(*bytes, 1 << 40);
        assert!(
            d.contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE = 8589934592"),
            "{d}"
        );
        for code in [
            CL_MEM_OBJECT_ALLOCATION_FAILURE,
            CL_OUT_OF_RESOURCES,
            CL_OUT_OF_HOST_MEMORY,
        ] {
            let e = alloc_error(ClError(code), 64, 1 << 33);
            assert!(matches!(e, Error::OutOfMemory { bytes: 64, .. }), "{e:?}");
            let e = enqueue_error(ClError(code), "clEnqueueNDRangeKernel(unary_exp_f32)", 96);
            let Error::OutOfMemory {
                bytes: 96,
                detail: Some(d),
                ..
            } = &e
            else {
                panic!("{e:?}");
            };
            assert!(d.contains("clEnqueueNDRangeKernel(unary_exp_f32)"), "{d}");
        }
        // Other codes stay backend failures.
        assert!(matches!(
            alloc_error(ClError(CL_INVALID_VALUE), 64, 1 << 33),
            Error::Backend { .. }
        ));
        assert!(matches!(
            enqueue_error(ClError(CL_INVALID_VALUE), "clEnqueueWriteBuffer", 64),
            Error::Backend { .. }
        ));
    }
}
