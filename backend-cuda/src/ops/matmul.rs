//! Matrix product: the shared kernels of [`tensor_core::kernels::ops::matmul`] (the
//! fallback for integer and bool dtypes and for layouts cuBLAS cannot take), and the CUDA
//! backend's [`matmul_native`](tensor_core::kernels::runtime::Runtime::matmul_native) hook:
//! cuBLAS in the backend's precision mode ([`crate::blas`]), with the `bf16x3` split.

pub use tensor_core::kernels::ops::matmul::*;

use crate::blas::{self, Blas};
use crate::dialect::CudaC;
use crate::error::backend;
use crate::{CudaBackend, CudaBuffer};
use cudarc::driver::DevicePtr;
use std::sync::Mutex;
use tensor_core::kernels::collapse;
use tensor_core::kernels::runtime::{Arg, Kernel, launch_flat, lay};
use tensor_core::{Backend, DType, Layout, Result};

/// The product on cuBLAS where it takes the dtype and layouts (`Ok(false)` otherwise, for
/// the kernels).
pub fn native(be: &CudaBackend, mm: &Problem<'_, CudaBuffer>) -> Result<bool> {
    let Some(blas) = &be.blas else {
        return Ok(false);
    };
    let (c, (ab, al), (bb, bl)) = (mm.dtype, mm.a, mm.b);
    let (m, k, n, batch) = mm.mknb;
    let (bs, [sa, sb]) = mm.batch;
    if k == 0 {
        return Ok(false);
    }
    if be.mode.split_bf16x3(c) {
        return bf16x3(be, blas, [(ab, al), (bb, bl)], mm.mknb, mm.out).map(|()| true);
    }
    let nd = al.ndim();
    let (sam, sak) = (al.strides()[nd - 2], al.strides()[nd - 1]);
    let (sbk, sbn) = (bl.strides()[nd - 2], bl.strides()[nd - 1]);
    let (Some(_), Some(oa), Some(ob), Some(ba), Some(bb_)) = (
        blas::data_type(c),
        blas::operand(m, k, sam, sak),
        blas::operand(k, n, sbk, sbn),
        blas::batch_stride(bs, sa),
        blas::batch_stride(bs, sb),
    ) else {
        return Ok(false);
    };
    let size = c.size_of() as u64;
    let (pa, _g1) = ab.mem.device_ptr(&be.stream);
    let (pb, _g2) = bb.mem.device_ptr(&be.stream);
    let (pc, _g3) = mm.out.mem.device_ptr(&be.stream);
    let blas = blas.lock().map_err(|_| backend("cuBLAS lock poisoned"))?;
    be.bind()?;
    // SAFETY: the pointers are live allocations of this context; `check_fits` (in `prep`)
    // proved that every element the strides reach lies in its buffer, and `check_out` that
    // the output holds batch * m * n elements.
    unsafe {
        blas.gemm(
            c,
            be.mode,
            (m, n, k, batch),
            (pa + al.offset() as u64 * size, oa, ba),
            (pb + bl.offset() as u64 * size, ob, bb_),
            pc,
        )
    }?;
    Ok(true)
}

/// Contiguous bf16 high and low parts of the `f32` operand `x` (all its elements, in C
/// order, broadcast batch axes materialised).
fn split_bf16(be: &CudaBackend, x: &CudaBuffer, xl: &Layout) -> Result<(CudaBuffer, CudaBuffer)> {
    let n = xl.numel();
    let hi = be.alloc(DType::BF16, n)?;
    let lo = be.alloc(DType::BF16, n)?;
    let (sh, [st]) = collapse(xl.shape(), [xl.strides()]);
    let l = lay(be, &sh, &st, xl.offset(), "matmul")?;
    let k = Kernel {
        program: &program(DType::F32),
        source: &|| source(&CudaC, DType::F32),
        name: SPLIT_KERNEL,
    };
    let args = vec![Arg::Buf(x), Arg::Lay(&l), Arg::Buf(&hi), Arg::Buf(&lo)];
    launch_flat(be, k, args, n)?;
    Ok((hi, lo))
}

/// `f32` matmul in `bf16x3` mode (see [`blas`]).
fn bf16x3(
    be: &CudaBackend,
    blas: &Mutex<Blas>,
    [(ab, al), (bb, bl)]: [(&CudaBuffer, &Layout); 2],
    (m, k, n, batch): (usize, usize, usize, usize),
    out: &CudaBuffer,
) -> Result<()> {
    let (ahi, alo) = split_bf16(be, ab, al)?;
    let (bhi, blo) = split_bf16(be, bb, bl)?;
    let oa = blas::operand(m, k, k as isize, 1).ok_or_else(|| backend("bf16x3 layout"))?;
    let ob = blas::operand(k, n, n as isize, 1).ok_or_else(|| backend("bf16x3 layout"))?;
    let (sa, sb) = ((m * k) as i64, (k * n) as i64);
    let blas = blas.lock().map_err(|_| backend("cuBLAS lock poisoned"))?;
    be.bind()?;
    let ptr = |b: &CudaBuffer| b.mem.device_ptr(&be.stream).0;
    let c = ptr(out);
    let ct = cudarc::cublas::sys::cublasComputeType_t::CUBLAS_COMPUTE_32F;
    // Small terms first: lo_A hi_B, then hi_A lo_B, then hi_A hi_B.
    for (i, (a, b)) in [(&alo, &bhi), (&ahi, &blo), (&ahi, &bhi)]
        .into_iter()
        .enumerate()
    {
        // SAFETY: `a`/`b` are contiguous bf16 buffers of batch*m*k and batch*k*n elements
        // made above, `out` holds batch*m*n f32 (`check_out`); all live allocations of this
        // context, used in stream order.
        unsafe {
            blas.gemm_ex(
                (DType::BF16, DType::F32, ct, i > 0),
                (m, n, k, batch),
                (ptr(a), oa, sa),
                (ptr(b), ob, sb),
                c,
            )
        }?;
    }
    Ok(())
}
