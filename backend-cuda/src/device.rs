//! Device discovery and selection, the checks that make the backend report
//! [`tensor_core::Error::Unavailable`] instead of panicking on machines without a GPU, and
//! which ops it implements for which dtypes.
//!
//! # Order of checks in [`probe`]
//! 1. libcuda can be loaded (`cudarc::driver::sys::is_culib_present`, which only tries
//!    `dlopen`; cudarc itself panics on first use when the library is missing);
//! 2. `cuInit(0)` succeeds (it fails with `CUDA_ERROR_NO_DEVICE` on machines with a driver
//!    but no GPU, `CUDA_ERROR_SYSTEM_DRIVER_MISMATCH` when the kernel module and
//!    libcuda disagree, ...);
//! 3. the driver supports CUDA [`MIN_DRIVER`] or newer (cudarc is built for 13.0 and
//!    NVRTC 13.0 emits PTX that older drivers reject);
//! 4. at least one device exists, and device `index` exists;
//! 5. libnvrtc can be loaded (every kernel is compiled at run time).
//!
//! libcublas is optional: without it matmul uses the tiled kernels and
//! [`tensor_core::BackendInfo::blas`] says so.
//!
//! # Device order
//! `cuda:N` is CUDA device ordinal `N` (the driver's order, which `CUDA_VISIBLE_DEVICES`
//! filters and reorders); `cuda` is `cuda:0`.

use crate::error::{driver_msg, unavailable};
use cudarc::driver::result as dr;
use cudarc::driver::sys::CUresult;
use tensor_core::{DType, Op, Result};

/// Oldest driver API version accepted (`cuDriverGetVersion` encoding: 1000 * major +
/// 10 * minor).
pub const MIN_DRIVER: i32 = 13000;

/// Whether libcuda can be loaded (no CUDA function is called).
pub fn driver_present() -> bool {
    // SAFETY: only tries `dlopen` on the candidate names.
    unsafe { cudarc::driver::sys::is_culib_present() }
}

/// Whether libcublas can be loaded (no cuBLAS function is called).
pub fn cublas_present() -> bool {
    // SAFETY: only tries `dlopen` on the candidate names.
    unsafe { cudarc::cublas::sys::is_culib_present() }
}

/// `"13.0"` from the driver's integer version.
pub fn version_string(v: i32) -> String {
    format!("{}.{}", v / 1000, (v % 1000) / 10)
}

/// What [`probe`] found: the driver version and every device's name.
#[derive(Clone, Debug)]
pub struct Found {
    /// `cuDriverGetVersion`.
    pub driver_version: i32,
    /// Device names, by ordinal.
    pub devices: Vec<String>,
}

/// Runs the checks of the module docs, for device `index`. `Err` is the human-readable
/// reason the backend is unavailable.
pub fn probe(index: usize) -> std::result::Result<Found, String> {
    if !driver_present() {
        return Err(
            "libcuda not found (no NVIDIA driver installed, or libcuda.so.1 not on the \
             loader path)"
                .into(),
        );
    }
    if let Err(e) = dr::init() {
        return Err(match e.0 {
            CUresult::CUDA_ERROR_NO_DEVICE => {
                "no CUDA device (cuInit: CUDA_ERROR_NO_DEVICE)".into()
            }
            CUresult::CUDA_ERROR_SYSTEM_DRIVER_MISMATCH
            | CUresult::CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE => format!(
                "driver too old or mismatched for CUDA {} (cuInit: {})",
                version_string(MIN_DRIVER),
                driver_msg(&e)
            ),
            _ => format!("cuInit failed: {}", driver_msg(&e)),
        });
    }
    let mut v: std::ffi::c_int = 0;
    // SAFETY: libcuda is loaded and initialised; `v` is valid for a write.
    let r = unsafe { cudarc::driver::sys::cuDriverGetVersion(&mut v) };
    if r != CUresult::CUDA_SUCCESS {
        return Err(format!("cuDriverGetVersion failed: {r:?}"));
    }
    if v < MIN_DRIVER {
        return Err(format!(
            "driver too old: it supports CUDA {}, this backend needs CUDA {} (driver 580 or \
             newer)",
            version_string(v),
            version_string(MIN_DRIVER)
        ));
    }
    let count = dr::device::get_count()
        .map_err(|e| format!("cuDeviceGetCount failed: {}", driver_msg(&e)))?;
    if count <= 0 {
        return Err("no CUDA device (cuDeviceGetCount returned 0)".into());
    }
    let devices: Vec<String> = (0..count)
        .map(|i| {
            dr::device::get(i)
                .and_then(dr::device::get_name)
                .unwrap_or_else(|e| format!("? ({})", driver_msg(&e)))
        })
        .collect();
    if index >= devices.len() {
        return Err(format!(
            "device {index} asked for, but only {} CUDA device(s) found: {}",
            devices.len(),
            devices
                .iter()
                .enumerate()
                .map(|(i, d)| format!("[{i}] {d}"))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if !crate::program::nvrtc_present() {
        return Err(
            "libnvrtc not found (kernels are compiled at run time: install the CUDA 13 NVRTC \
             library, e.g. /usr/local/cuda/lib64 on LD_LIBRARY_PATH)"
                .into(),
        );
    }
    Ok(Found {
        driver_version: v,
        devices,
    })
}

/// [`probe`] as a [`tensor_core::Error::Unavailable`].
pub fn select(index: usize) -> Result<Found> {
    probe(index).map_err(unavailable)
}

/// Whether the backend implements `op` on (input) `dtype`: the op's dtype rule (inputs of
/// another dtype than the op's compute dtype are cast first) where a kernel exists; integer
/// `pow` is one (its negative-exponent error comes from a check kernel read back first).
/// Every dtype is stored; `f64` is native on every CUDA device.
pub fn supports(op: Op, dtype: DType) -> bool {
    tensor_core::kernels::runtime::supports(&crate::dialect::CudaC, op, dtype)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tensor_core::BinaryOp;

    #[test]
    fn versions_print_as_cuda_does() {
        assert_eq!(version_string(13000), "13.0");
        assert_eq!(version_string(12080), "12.8");
    }

    #[test]
    fn supports_follows_the_dtype_rules() {
        assert!(supports(Op::Binary(BinaryOp::Pow), DType::F16));
        for dt in [DType::U8, DType::I32, DType::I64] {
            assert!(supports(Op::Binary(BinaryOp::Pow), dt), "pow {dt}");
        }
        assert!(!supports(Op::Binary(BinaryOp::Pow), DType::Bool));
        assert!(supports(Op::Unary(tensor_core::UnaryOp::Exp), DType::I32));
        assert!(!supports(
            Op::Rand(tensor_core::RandDist::Uniform),
            DType::I64
        ));
        assert!(supports(Op::Reduce(tensor_core::ReduceOp::Sum), DType::U8));
    }
}
