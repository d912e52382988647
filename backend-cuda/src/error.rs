//! The one place where CUDA driver, NVRTC and cuBLAS errors become
//! [`tensor_core::Error`]s.

use cudarc::cublas::result::CublasError;
use cudarc::driver::DriverError;
use cudarc::driver::sys::CUresult;
use tensor_core::Error;

/// The backend's name in errors and reports.
pub const NAME: &str = "cuda";

/// Conversion of CUDA results, naming the call that failed.
pub trait CuContext<T> {
    /// `Error::Backend` with `what` and the CUDA error name.
    fn ctx(self, what: &str) -> tensor_core::Result<T>;
}

impl<T> CuContext<T> for Result<T, DriverError> {
    fn ctx(self, what: &str) -> tensor_core::Result<T> {
        self.map_err(|e| backend(format!("{what}: {}", driver_msg(&e))))
    }
}

impl<T> CuContext<T> for Result<T, CublasError> {
    fn ctx(self, what: &str) -> tensor_core::Result<T> {
        self.map_err(|e| backend(format!("{what}: {:?}", e.0)))
    }
}

/// The driver's name and description of an error (`CUDA_ERROR_NO_DEVICE: no CUDA-capable
/// device is detected`), falling back to the enum name.
pub fn driver_msg(e: &DriverError) -> String {
    match (e.error_name(), e.error_string()) {
        (Ok(n), Ok(s)) => format!("{}: {}", n.to_string_lossy(), s.to_string_lossy()),
        _ => format!("{:?}", e.0),
    }
}

/// An [`Error::Backend`] from this backend.
pub fn backend(msg: impl Into<String>) -> Error {
    Error::Backend {
        backend: NAME.into(),
        msg: msg.into(),
    }
}

/// An allocation failure: `CUDA_ERROR_OUT_OF_MEMORY` maps to [`Error::OutOfMemory`].
pub fn alloc_error(e: DriverError, bytes: usize) -> Error {
    if e.0 == CUresult::CUDA_ERROR_OUT_OF_MEMORY {
        Error::out_of_memory(NAME, bytes)
    } else {
        backend(format!("cuMemAlloc({bytes} bytes): {}", driver_msg(&e)))
    }
}

/// An [`Error::Unavailable`] from this backend.
pub fn unavailable(reason: impl Into<String>) -> Error {
    Error::Unavailable {
        backend: NAME.into(),
        reason: reason.into(),
    }
}
