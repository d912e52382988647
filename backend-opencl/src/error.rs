//! The one place where OpenCL errors become [`tensor_core::Error`]s.

use opencl3::error_codes::{
    CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_HOST_MEMORY, CL_OUT_OF_RESOURCES, ClError,
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

/// An allocation failure: out-of-memory codes map to [`Error::OutOfMemory`].
pub fn alloc_error(e: ClError, bytes: usize) -> Error {
    match e.0 {
        CL_MEM_OBJECT_ALLOCATION_FAILURE | CL_OUT_OF_RESOURCES | CL_OUT_OF_HOST_MEMORY => {
            Error::OutOfMemory {
                backend: NAME.into(),
                bytes,
            }
        }
        _ => backend(format!("clCreateBuffer({bytes} bytes): {e} ({})", e.0)),
    }
}

/// An [`Error::Unavailable`] from this backend.
pub fn unavailable(reason: impl Into<String>) -> Error {
    Error::Unavailable {
        backend: NAME.into(),
        reason: reason.into(),
    }
}
