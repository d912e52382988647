//! What the CPU backend reports about itself: the host CPU, the thread count, the BLAS
//! library and which GEMM runs for each dtype (and why), the floating-point mode, and
//! which ops it implements for which dtypes.

use std::collections::BTreeMap;
use std::ffi::{CStr, c_char};
use tensor_core::{BackendInfo, DType, Op};

unsafe extern "C" {
    fn openblas_get_corename() -> *const c_char;
    fn openblas_get_config() -> *const c_char;
}

/// The CPU model from `/proc/cpuinfo`, if readable.
fn cpu_model() -> Option<String> {
    let s = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    s.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|m| m.trim().to_string())
}

/// The device description, e.g. `AMD EPYC 7B13 (16 threads)`.
pub fn device_name() -> String {
    let threads = rayon::current_num_threads();
    match cpu_model() {
        Some(m) => format!("{m} ({threads} threads)"),
        None => format!("host CPU ({threads} threads)"),
    }
}

/// `"flushed"` if the x86 MXCSR has flush-to-zero or denormals-are-zero set, else
/// `"preserved"` (no backend code sets them).
fn denormals() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    {
        #[allow(deprecated)]
        // SAFETY: reading MXCSR has no side effects; SSE is always present on x86_64.
        let csr = unsafe { std::arch::x86_64::_mm_getcsr() };
        if csr & (1 << 15 | 1 << 6) != 0 {
            return "flushed";
        }
    }
    "preserved"
}

/// The name of the kernel set OpenBLAS picked when it was loaded (`Haswell`, `Prescott`,
/// ...).
pub fn openblas_corename() -> String {
    // SAFETY: OpenBLAS returns a pointer to a static NUL-terminated string.
    let core = unsafe { CStr::from_ptr(openblas_get_corename()) };
    core.to_string_lossy().trim().to_string()
}

/// The BLAS description, e.g. `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ..., core SkylakeX`.
///
/// Read once per process (per copy of this library): `openblas_get_config` rebuilds its
/// answer in one static buffer on every call (`strcpy`, then `strcat` of the core name and
/// the thread count), so two threads calling it at once read each other's half-written
/// buffer (`...SkylakeXSkylakeX MAX_THREADS=64 MAX_THREADS=64`, or a NUL in the middle).
/// The description is part of the router's cache key, which must not change within a
/// process.
fn blas() -> String {
    static BLAS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BLAS.get_or_init(|| {
        // SAFETY: both OpenBLAS functions return pointers to static NUL-terminated
        // strings; `OnceLock` makes this the only call of `openblas_get_config` made by
        // this library, so no other thread of ours rewrites its buffer while it is read.
        let (cfg, core) = unsafe {
            (
                CStr::from_ptr(openblas_get_config())
                    .to_string_lossy()
                    .into_owned(),
                CStr::from_ptr(openblas_get_corename())
                    .to_string_lossy()
                    .into_owned(),
            )
        };
        // The config string already starts with "OpenBLAS <version>".
        let cfg = cfg.trim();
        let cfg = cfg.strip_prefix("OpenBLAS ").unwrap_or(cfg);
        format!("OpenBLAS {cfg}, core {}", core.trim())
    })
    .clone()
}

/// The full [`BackendInfo`].
pub fn info() -> BackendInfo {
    let dev = device_name();
    let mut extra = BTreeMap::new();
    extra.insert(
        "rayon_threads".to_string(),
        rayon::current_num_threads().to_string(),
    );
    extra.insert(
        "libm".to_string(),
        format!("{} (correctly rounded f32/f64)", crate::cmath::describe()),
    );
    extra.insert("isa".to_string(), crate::isa::describe().to_string());
    extra.insert("gemm".to_string(), crate::ops::matmul::describe());
    BackendInfo {
        name: "cpu".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        device: dev.clone(),
        devices: vec![dev],
        dtypes: DType::ALL.to_vec(),
        math_mode: "ieee".into(),
        denormals: denormals().into(),
        reduction: "f64 and narrower floats accumulate in f64, pairwise over 256-element \
                    leaves; var/std of f32 and narrower in one pass (two-pass per leaf, leaves merged pairwise), of f64 two-pass; deterministic, thread-count independent"
            .into(),
        blas: Some(blas()),
        extra,
        // `ops::reduce::reads_directly`: u8/i32 sum and prod widen while reading.
        widening_reduce: true,
    }
}

/// Whether the backend implements `op` on `dtype`: exactly the combinations that the op's
/// dtype rule in `tensor_core::ops` defines (inputs of another dtype than the compute dtype
/// are cast first, so every defined combination works).
pub fn supports(op: Op, dtype: DType) -> bool {
    match op {
        Op::Unary(u) => u.dtypes(dtype).is_ok(),
        Op::Binary(b) => b.dtypes(dtype, dtype).is_ok(),
        Op::Reduce(r) => r.dtypes(dtype).is_ok(),
        Op::Softmax(_) => true,
        Op::Rand(_) => dtype.is_float(),
        Op::Where | Op::Cast | Op::MatMul | Op::Copy | Op::Fill | Op::Arange | Op::Linspace => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `openblas_get_config` rebuilds its answer in one static buffer on every call
    /// (`strcpy` then `strcat`), so concurrent callers used to read
    /// `...SkylakeXSkylakeX MAX_THREADS=64 MAX_THREADS=64`: the router's cache key then
    /// changed between two calls of one process (the CI failure of 2026-12-07).
    #[test]
    fn blas_description_is_stable_under_concurrent_calls() {
        let first = blas();
        let seen: Vec<String> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|_| s.spawn(|| (0..2000).map(|_| blas()).collect::<Vec<_>>()))
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for b in &seen {
            assert_eq!(b, &first);
        }
        let core = openblas_corename();
        assert_eq!(first.matches(core.as_str()).count(), 2, "{first}");
    }
}
