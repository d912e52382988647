//! Matrix products through cuBLAS (`cublasGemmStridedBatchedEx`): the precision modes,
//! the mapping of a row-major strided product onto column-major BLAS, and the cuBLAS
//! handle.
//!
//! # Modes ([`MatmulMode`])
//! | mode | `f32` compute type | `f16`/`bf16` | `f64` |
//! |---|---|---|---|
//! | `ieee` (default) | `CUBLAS_COMPUTE_32F` | `CUBLAS_COMPUTE_32F` | `CUBLAS_COMPUTE_64F` |
//! | `pedantic` | `CUBLAS_COMPUTE_32F_PEDANTIC` | `CUBLAS_COMPUTE_32F_PEDANTIC` | `CUBLAS_COMPUTE_64F_PEDANTIC` |
//! | `tf32` | `CUBLAS_COMPUTE_32F_FAST_TF32` | `CUBLAS_COMPUTE_32F` | `CUBLAS_COMPUTE_64F` |
//! | `bf16` | `CUBLAS_COMPUTE_32F_FAST_16BF` | `CUBLAS_COMPUTE_32F` | `CUBLAS_COMPUTE_64F` |
//! | `bf16x3` | three bf16 GEMMs, see below | `CUBLAS_COMPUTE_32F` | `CUBLAS_COMPUTE_64F` |
//! | `bf16x9` | `CUBLAS_COMPUTE_32F_EMULATED_16BFX9` | `CUBLAS_COMPUTE_32F` | `CUBLAS_COMPUTE_64F` |
//!
//! The handle's math mode is `CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION` (default
//! math, which never uses TF32 for `CUBLAS_COMPUTE_32F`, plus no reduced-precision
//! reductions for `f16`/`bf16` inputs) and `CUBLAS_PEDANTIC_MATH` in `pedantic` mode.
//! `ieee` keeps every product and sum in at least `f32` (cuBLAS may still split `k` and
//! choose its summation order by problem size and GPU: results are deterministic for one
//! GPU model and cuBLAS version, not across them).
//!
//! `bf16x3` (JAX's `HIGH` precision) has no cuBLAS compute type; it is done here: each
//! `f32` operand is split into `hi = bf16(x)` and `lo = bf16(x - hi)` (kernel
//! `split_bf16_f32`, contiguous copies), then `C = lo_A hi_B`, `C += hi_A lo_B`,
//! `C += hi_A hi_B` as three `CUDA_R_16BF` GEMMs with `CUBLAS_COMPUTE_32F` and an `f32`
//! output (the `lo_A lo_B` term, ~2^-16 relative, is dropped). A non-finite input gives
//! `lo = 0`. `bf16x9` is cuBLAS's own emulation of `f32` with nine bf16 products (full
//! speed only on Blackwell).
//!
//! # Layouts
//! A row-major product `C[m,n] = A[m,k] B[k,n]` is the column-major product
//! `C^T = B^T A^T`. An operand is BLAS-compatible when one of its two strides is 1 (or its
//! dimension is 1) and the other is at least the matching extent; its batch axes must
//! collapse to one stride (possibly 0, a broadcast). Anything else (negative strides,
//! both strides > 1, several batch strides) goes to the tiled kernels.

use crate::error::{CuContext, backend};
use cudarc::cublas::sys::{
    self, cublasComputeType_t as Ct, cublasMath_t, cublasOperation_t as OpT, cudaDataType_t,
};
use tensor_core::{DType, Error, Result};

/// A matmul precision mode (spec option `matmul=`, or `TENSOR_CUDA_MATMUL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatmulMode {
    /// IEEE `f32`/`f64` arithmetic (TF32 off). The default.
    Ieee,
    /// cuBLAS pedantic math: prescribed precision in every phase, no tensor cores.
    Pedantic,
    /// TF32 tensor cores for `f32` (10-bit mantissa products; ~1e-3 relative error).
    Tf32,
    /// One bf16 pass for `f32` (8-bit mantissa products).
    Bf16,
    /// Three bf16 passes for `f32` (hi/lo split, about 16 mantissa bits).
    Bf16x3,
    /// cuBLAS's bf16x9 emulation of `f32`.
    Bf16x9,
}

impl MatmulMode {
    /// Every mode, in the order of the docs.
    pub const ALL: [MatmulMode; 6] = [
        MatmulMode::Ieee,
        MatmulMode::Pedantic,
        MatmulMode::Tf32,
        MatmulMode::Bf16,
        MatmulMode::Bf16x3,
        MatmulMode::Bf16x9,
    ];

    /// The name used in options and reports.
    pub fn name(self) -> &'static str {
        match self {
            MatmulMode::Ieee => "ieee",
            MatmulMode::Pedantic => "pedantic",
            MatmulMode::Tf32 => "tf32",
            MatmulMode::Bf16 => "bf16",
            MatmulMode::Bf16x3 => "bf16x3",
            MatmulMode::Bf16x9 => "bf16x9",
        }
    }

    /// Parses a mode name; the error lists the accepted ones.
    pub fn parse(s: &str) -> Result<MatmulMode> {
        if let Some(m) = Self::ALL.into_iter().find(|m| m.name() == s) {
            return Ok(m);
        }
        let known: Vec<&str> = Self::ALL.iter().map(|m| m.name()).collect();
        Err(Error::invalid(
            "cuda matmul mode",
            format!("unknown mode `{s}`; accepted: {known:?}"),
        ))
    }

    /// The mode from the spec option (first) or `TENSOR_CUDA_MATMUL`, default `ieee`.
    pub fn select(option: Option<&str>) -> Result<MatmulMode> {
        match option {
            Some(o) => Self::parse(o),
            None => match std::env::var("TENSOR_CUDA_MATMUL") {
                Ok(v) if !v.is_empty() => Self::parse(&v),
                _ => Ok(MatmulMode::Ieee),
            },
        }
    }

    /// Whether `f32` products use the three-pass bf16 split (see the module docs).
    pub fn split_bf16x3(self, dt: DType) -> bool {
        self == MatmulMode::Bf16x3 && dt == DType::F32
    }

    /// The cuBLAS compute type for operands of `dt` (`None`: not a cuBLAS dtype). For
    /// `bf16x3` this is the type of each of the three bf16 passes.
    pub fn compute_type(self, dt: DType) -> Option<Ct> {
        Some(match (dt, self) {
            (DType::F64, MatmulMode::Pedantic) => Ct::CUBLAS_COMPUTE_64F_PEDANTIC,
            (DType::F64, _) => Ct::CUBLAS_COMPUTE_64F,
            (DType::F32 | DType::F16 | DType::BF16, MatmulMode::Pedantic) => {
                Ct::CUBLAS_COMPUTE_32F_PEDANTIC
            }
            (DType::F32, MatmulMode::Tf32) => Ct::CUBLAS_COMPUTE_32F_FAST_TF32,
            (DType::F32, MatmulMode::Bf16) => Ct::CUBLAS_COMPUTE_32F_FAST_16BF,
            (DType::F32, MatmulMode::Bf16x9) => Ct::CUBLAS_COMPUTE_32F_EMULATED_16BFX9,
            (DType::F32 | DType::F16 | DType::BF16, _) => Ct::CUBLAS_COMPUTE_32F,
            _ => return None,
        })
    }

    /// The handle's math mode.
    pub fn math_mode(self) -> cublasMath_t {
        match self {
            MatmulMode::Pedantic => cublasMath_t::CUBLAS_PEDANTIC_MATH,
            _ => cublasMath_t::CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION,
        }
    }
}

/// cuBLAS data type of `dt`, `None` for dtypes cuBLAS does not multiply here.
pub fn data_type(dt: DType) -> Option<cudaDataType_t> {
    Some(match dt {
        DType::F16 => cudaDataType_t::CUDA_R_16F,
        DType::BF16 => cudaDataType_t::CUDA_R_16BF,
        DType::F32 => cudaDataType_t::CUDA_R_32F,
        DType::F64 => cudaDataType_t::CUDA_R_64F,
        _ => return None,
    })
}

/// One operand as cuBLAS takes it (column-major view of the transposed row-major matrix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlasOperand {
    /// `CUBLAS_OP_N` (`true`) or `CUBLAS_OP_T`.
    pub no_trans: bool,
    /// Leading dimension.
    pub ld: i64,
}

/// How a row-major `rows x cols` matrix with strides `(sr, sc)` is passed as the
/// column-major `cols x rows` matrix cuBLAS multiplies, or `None` if it cannot be.
pub fn operand(rows: usize, cols: usize, sr: isize, sc: isize) -> Option<BlasOperand> {
    let (rows, cols) = (rows as i64, cols as i64);
    let (sr, sc) = (sr as i64, sc as i64);
    // Column-major `cols x rows` with ld = sr: element (j, i) at j + i * sr.
    if (sc == 1 || cols == 1) && (rows == 1 || sr >= cols.max(1)) {
        return Some(BlasOperand {
            no_trans: true,
            ld: if rows == 1 { cols.max(1) } else { sr },
        });
    }
    // Transposed: stored column-major `rows x cols` with ld = sc: (i, j) at i + j * sc.
    if (sr == 1 || rows == 1) && (cols == 1 || sc >= rows.max(1)) {
        return Some(BlasOperand {
            no_trans: false,
            ld: if cols == 1 { rows.max(1) } else { sc },
        });
    }
    None
}

/// The batch stride of operands whose batch axes were collapsed to `bshape`/`bstrides`:
/// `Some(0)` without batch axes, `Some(s)` for one axis, `None` for several.
pub fn batch_stride(bshape: &[usize], bstrides: &[isize]) -> Option<i64> {
    match bshape.len() {
        0 => Some(0),
        1 if bstrides[0] >= 0 => Some(bstrides[0] as i64),
        _ => None,
    }
}

/// A cuBLAS handle bound to the backend's stream.
pub struct Blas {
    handle: sys::cublasHandle_t,
    /// `cublasGetVersion`.
    pub version: i32,
}

// SAFETY: the handle is only used under the backend's matmul mutex (cuBLAS handles must not
// be used by two threads at once, but may move between threads).
unsafe impl Send for Blas {}
// SAFETY: see `Send`; all uses go through `&self` methods called under a mutex.
unsafe impl Sync for Blas {}

impl Blas {
    /// Creates a handle on `stream` with `mode`'s math mode.
    pub fn new(stream: &cudarc::driver::CudaStream, mode: MatmulMode) -> Result<Blas> {
        let stream = stream.cu_stream() as sys::cudaStream_t;
        let handle = cudarc::cublas::result::create_handle().ctx("cublasCreate")?;
        let b = Blas { handle, version: 0 };
        // SAFETY: `handle` is live; `stream` is a live stream of the current context.
        unsafe { cudarc::cublas::result::set_stream(handle, stream) }.ctx("cublasSetStream")?;
        // SAFETY: as above.
        unsafe { sys::cublasSetMathMode(handle, mode.math_mode()) }
            .result()
            .ctx("cublasSetMathMode")?;
        let mut v: std::ffi::c_int = 0;
        // SAFETY: as above; `v` is valid for a write.
        let version = match unsafe { sys::cublasGetVersion_v2(handle, &mut v) }.result() {
            Ok(()) => v,
            Err(_) => 0,
        };
        Ok(Blas { version, ..b })
    }

    /// `C = A B` for a batch, all operands of dtype `dt` and `mode`'s compute type.
    /// Pointers are device addresses of element 0 of each operand.
    ///
    /// # Safety
    /// Every pointer must be a live device allocation of the backend's context holding
    /// every element the strides, leading dimensions and batch reach.
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn gemm(
        &self,
        dt: DType,
        mode: MatmulMode,
        (m, n, k, batch): (usize, usize, usize, usize),
        (a, oa, sa): (u64, BlasOperand, i64),
        (b, ob, sb): (u64, BlasOperand, i64),
        c: u64,
    ) -> Result<()> {
        let Some(ct) = mode.compute_type(dt) else {
            return Err(backend(format!("cuBLAS matmul called for {dt}")));
        };
        // SAFETY: forwarded from the caller.
        unsafe {
            self.gemm_ex(
                (dt, dt, ct, false),
                (m, n, k, batch),
                (a, oa, sa),
                (b, ob, sb),
                c,
            )
        }
    }

    /// `C = A B` (or `C += A B` when `accumulate`) with inputs of `ab` and output of
    /// `cdt`, compute type `ct`.
    ///
    /// # Safety
    /// As for [`Blas::gemm`].
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn gemm_ex(
        &self,
        (ab, cdt, ct, accumulate): (DType, DType, Ct, bool),
        (m, n, k, batch): (usize, usize, usize, usize),
        (a, oa, sa): (u64, BlasOperand, i64),
        (b, ob, sb): (u64, BlasOperand, i64),
        c: u64,
    ) -> Result<()> {
        let (Some(ty), Some(cty)) = (data_type(ab), data_type(cdt)) else {
            return Err(backend(format!("cuBLAS matmul called for {ab} -> {cdt}")));
        };
        let dt = cdt;
        let fits = |v: i64| i32::try_from(v).is_ok();
        let dims = [m as i64, n as i64, k as i64, batch as i64, oa.ld, ob.ld];
        if !dims.iter().all(|&v| fits(v)) {
            return Err(backend("matmul dimensions exceed cuBLAS's 32-bit sizes"));
        }
        let op = |o: BlasOperand| {
            if o.no_trans {
                OpT::CUBLAS_OP_N
            } else {
                OpT::CUBLAS_OP_T
            }
        };
        let b0 = if accumulate { 1.0 } else { 0.0 };
        let (one64, zero64) = (1.0f64, b0);
        let (one32, zero32) = (1.0f32, b0 as f32);
        let (alpha, beta): (*const std::ffi::c_void, *const std::ffi::c_void) = if dt == DType::F64
        {
            (
                (&one64 as *const f64).cast(),
                (&zero64 as *const f64).cast(),
            )
        } else {
            (
                (&one32 as *const f32).cast(),
                (&zero32 as *const f32).cast(),
            )
        };
        // Column-major: C^T (n x m, ldc = n) = B^T (n x k) * A^T (k x m).
        // SAFETY: the caller guarantees the pointers and extents; alpha/beta are host
        // scalars of the compute type's scale type (f64 for 64F, f32 otherwise) that live
        // until cuBLAS has read them (it reads host scalars before returning).
        unsafe {
            cudarc::cublas::result::gemm_strided_batched_ex(
                self.handle,
                op(ob),
                op(oa),
                n as i32,
                m as i32,
                k as i32,
                alpha,
                b as *const std::ffi::c_void,
                ty,
                ob.ld as i32,
                sb,
                a as *const std::ffi::c_void,
                ty,
                oa.ld as i32,
                sa,
                beta,
                c as *mut std::ffi::c_void,
                cty,
                n.max(1) as i32,
                (m * n) as i64,
                batch as i32,
                ct,
                sys::cublasGemmAlgo_t::CUBLAS_GEMM_DEFAULT,
            )
        }
        .ctx("cublasGemmStridedBatchedEx")
    }
}

impl Drop for Blas {
    fn drop(&mut self) {
        // SAFETY: the handle is live and not used after this.
        let _ = unsafe { cudarc::cublas::result::destroy_handle(self.handle) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_and_unknown_ones_are_listed() {
        for m in MatmulMode::ALL {
            assert_eq!(MatmulMode::parse(m.name()).unwrap(), m);
        }
        let e = MatmulMode::parse("fast").unwrap_err().to_string();
        assert!(e.contains("bf16x3"), "the error lists the modes: {e}");
        assert!(MatmulMode::Bf16x3.split_bf16x3(DType::F32));
        assert!(!MatmulMode::Bf16x3.split_bf16x3(DType::F64));
        assert_eq!(MatmulMode::select(Some("tf32")).unwrap(), MatmulMode::Tf32);
    }

    #[test]
    fn ieee_never_uses_reduced_precision() {
        let m = MatmulMode::Ieee;
        assert_eq!(m.compute_type(DType::F32), Some(Ct::CUBLAS_COMPUTE_32F));
        assert_eq!(m.compute_type(DType::F16), Some(Ct::CUBLAS_COMPUTE_32F));
        assert_eq!(m.compute_type(DType::F64), Some(Ct::CUBLAS_COMPUTE_64F));
        assert_eq!(m.compute_type(DType::I32), None);
        assert_eq!(
            MatmulMode::Tf32.compute_type(DType::F32),
            Some(Ct::CUBLAS_COMPUTE_32F_FAST_TF32)
        );
        // TF32 applies to f32 operands only.
        assert_eq!(
            MatmulMode::Tf32.compute_type(DType::F64),
            Some(Ct::CUBLAS_COMPUTE_64F)
        );
    }

    #[test]
    fn operand_layouts() {
        // Row-major contiguous 3x4: column-major 4x3 with ld 4, no transpose.
        assert_eq!(
            operand(3, 4, 4, 1),
            Some(BlasOperand {
                no_trans: true,
                ld: 4
            })
        );
        // A transposed view (strides (1, 3)) of a contiguous 4x3: transpose, ld 3.
        assert_eq!(
            operand(3, 4, 1, 3),
            Some(BlasOperand {
                no_trans: false,
                ld: 3
            })
        );
        // Padded rows are fine; overlapping rows and doubly strided operands are not.
        assert_eq!(operand(3, 4, 8, 1).map(|o| o.ld), Some(8));
        assert_eq!(operand(3, 4, 2, 1), None);
        assert_eq!(operand(3, 4, 8, 2), None);
        assert_eq!(operand(3, 4, -4, 1), None);
        // One row: any row stride.
        assert_eq!(operand(1, 4, 0, 1).map(|o| o.ld), Some(4));
        assert_eq!(batch_stride(&[], &[]), Some(0));
        assert_eq!(batch_stride(&[5], &[12]), Some(12));
        assert_eq!(batch_stride(&[5], &[0]), Some(0));
        assert_eq!(batch_stride(&[2, 3], &[40, 12]), None);
    }
}
