//! # backend-cpu
//!
//! The CPU backend: the embedded default of `tensor-core` and the numerical reference the
//! other backends are graded against. It implements every op of the v1 set for every dtype
//! its dtype rule defines (see [`device::supports`]).
//!
//! ## Design
//! - Memory is a host allocation of 64-byte blocks ([`CpuBuffer`]); [`buffer`] is the one
//!   place where bytes are viewed as typed slices. Freed blocks are kept for reuse by a
//!   bounded caching allocator ([`pool`]: size classes, at most 256 MiB by default,
//!   `TENSOR_CPU_CACHE_BYTES` to change it), so repeated large ops do not page-fault.
//! - Kernels are written once, generic over the element type, and instantiated by the
//!   dtype dispatch macros (`tensor_core::with_dtype!` and the float/integer variants in
//!   [`ops`]). Elementwise kernels walk the contiguous output with a strided row walker
//!   that merges axes, so contiguous inputs run as plain slice loops.
//! - Accuracy: transcendental functions are the correctly rounded CORE-MATH ones; float
//!   reductions accumulate in `f64` pairwise; `f16`/`bf16` compute in `f32` (elementwise)
//!   or `f64` (reductions, matmul) and round once. `f32`/`f64` matmul uses OpenBLAS where it
//!   runs kernels of the CPU's level and the `gemm` crate where it does not, for layouts
//!   BLAS cannot take and for batches of small matrices; `TENSOR_CPU_GEMM` overrides the
//!   choice ([`ops::matmul`]).
//! - Parallelism: above 64K elements, loops in which the calling thread works beside
//!   helpers spawned into rayon's pool and never waits for one that has not started
//!   ([`ops::par`]), with results that do not depend on the number of threads (fixed
//!   chunking, fixed reduction trees).
//! - If the host passes an input in a dtype other than the op's compute dtype (e.g. `exp`
//!   of `i32`), it is cast to the compute dtype first, following the op's dtype rule.
//!
//! ## Using it from an application
//! Add `tensor-core` and `backend-cpu` to the application's `Cargo.toml` and call
//! [`register`] once at start-up: `Device::from_env()` (with `TENSOR_BACKEND` unset or
//! `cpu`) and `Device::open("cpu")` then use this crate's statically linked code, with no
//! library file to copy or find. Without the call, `cpu` is looked up as a plugin file,
//! `libbackend_cpu.so`, like any other backend.
//!
//! ```
//! backend_cpu::register();
//! let dev = tensor_core::Device::open("cpu").unwrap();
//! assert_eq!(dev.origin(), "builtin");
//! ```

#![warn(missing_docs)]
#![warn(unsafe_op_in_unsafe_fn)]

extern crate blas_src;
extern crate openblas_src;

pub mod buffer;
pub mod cmath;
pub mod device;
pub mod isa;
pub mod ops;
pub mod pool;

pub use buffer::CpuBuffer;
use tensor_core::{
    Backend, BackendInfo, BinaryOp, DType, Dst, Error, Layout, Op, RandDist, ReduceOp, Result,
    Scalar, SoftmaxOp, Src, UnaryOp,
};

/// The CPU backend (device index 0 only).
#[derive(Debug, Default)]
pub struct CpuBackend;

/// An input converted to the compute dtype, with a contiguous copy when a cast was needed.
type Prepared = Option<(CpuBuffer, Layout)>;

/// `x` as dtype `dt`: itself, or a contiguous cast copy kept alive in `tmp`.
#[inline]
fn as_dtype<'a>(
    x: Src<'a, CpuBuffer>,
    dt: DType,
    tmp: &'a mut Prepared,
) -> Result<(&'a CpuBuffer, &'a Layout)> {
    if x.buf.dtype() == x.dtype && x.dtype == dt {
        return Ok((x.buf, x.layout));
    }
    converted(x, dt, tmp)
}

/// The uncommon part of [`as_dtype`]: a mislabelled buffer, or a cast copy.
#[cold]
fn converted<'a>(
    x: Src<'a, CpuBuffer>,
    dt: DType,
    tmp: &'a mut Prepared,
) -> Result<(&'a CpuBuffer, &'a Layout)> {
    if x.buf.dtype() != x.dtype {
        return Err(Error::invalid(
            "cpu",
            format!(
                "tensor says {} but its buffer holds {}",
                x.dtype,
                x.buf.dtype()
            ),
        ));
    }
    let c = ops::cast::cast_to(x.buf, x.layout, dt)?;
    let (b, l) = tmp.insert((c, Layout::contiguous(x.layout.shape())));
    Ok((b, l))
}

impl CpuBackend {
    fn check_out(&self, op: Op, out: &Dst<'_, CpuBuffer>, want: DType) -> Result<()> {
        out.expect(op, want, out.buf.dtype(), out.buf.len())
    }
}

impl Backend for CpuBackend {
    type Buffer = CpuBuffer;

    /// Every op has finished when its call returns.
    const SYNCHRONOUS: bool = true;

    fn create(index: usize) -> Result<Self> {
        isa::check_env()
            .and_then(|()| ops::matmul::check_env())
            .map_err(|reason| Error::Unavailable {
                backend: "cpu".into(),
                reason,
            })?;
        if index == 0 {
            Ok(CpuBackend)
        } else {
            Err(Error::Unavailable {
                backend: "cpu".into(),
                reason: format!("the CPU backend has one device (0), not {index}"),
            })
        }
    }

    fn info(&self) -> BackendInfo {
        device::info()
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        device::supports(op, dtype)
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<CpuBuffer> {
        CpuBuffer::for_output(dtype, len)
    }

    fn buffer_len(&self, buf: &CpuBuffer) -> usize {
        buf.len()
    }

    fn upload(&self, dst: &mut CpuBuffer, src: &[u8]) -> Result<()> {
        dst.write_bytes(src)
    }

    fn download(&self, src: &CpuBuffer, dst: &mut [u8]) -> Result<()> {
        let b = src.bytes();
        if b.len() != dst.len() {
            return Err(Error::invalid(
                "download",
                format!(
                    "{} bytes asked for a buffer of {} bytes",
                    dst.len(),
                    b.len()
                ),
            ));
        }
        dst.copy_from_slice(b);
        Ok(())
    }

    fn copy(&self, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.check_out(Op::Copy, &out, x.dtype)?;
        let mut tmp = None;
        let (xb, xl) = as_dtype(x, x.dtype, &mut tmp)?;
        ops::copy::copy(xb, xl, out.buf)
    }

    fn unary(&self, op: UnaryOp, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        let uns = || self.unsupported(Op::Unary(op), x.dtype);
        let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
        self.check_out(Op::Unary(op), &out, r)?;
        let mut tmp = None;
        let (xb, xl) = as_dtype(x, c, &mut tmp)?;
        ops::unary::unary(op, xb, xl, out.buf)
    }

    fn binary(
        &self,
        op: BinaryOp,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        let uns = || self.unsupported(Op::Binary(op), a.dtype);
        let (c, r) = op.dtypes(a.dtype, b.dtype).map_err(|_| uns())?;
        self.check_out(Op::Binary(op), &out, r)?;
        let (mut ta, mut tb) = (None, None);
        let a = as_dtype(a, c, &mut ta)?;
        let b = as_dtype(b, c, &mut tb)?;
        ops::binary::binary(op, a, b, out.buf)
    }

    fn where_(
        &self,
        cond: Src<'_, CpuBuffer>,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        let c = DType::promote(a.dtype, b.dtype);
        self.check_out(Op::Where, &out, c)?;
        let (mut tc, mut ta, mut tb) = (None, None, None);
        let cond = as_dtype(cond, DType::Bool, &mut tc)?;
        let a = as_dtype(a, c, &mut ta)?;
        let b = as_dtype(b, c, &mut tb)?;
        ops::binary::where_(cond, a, b, out.buf)
    }

    fn cast(&self, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.check_out(Op::Cast, &out, out.dtype)?;
        let mut tmp = None;
        let (xb, xl) = as_dtype(x, x.dtype, &mut tmp)?;
        ops::cast::cast(xb, xl, out.buf)
    }

    fn reduce(
        &self,
        op: ReduceOp,
        x: Src<'_, CpuBuffer>,
        axes: &[usize],
        ddof: f64,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        let uns = || self.unsupported(Op::Reduce(op), x.dtype);
        let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
        self.check_out(Op::Reduce(op), &out, r)?;
        if axes.windows(2).any(|w| w[0] >= w[1]) || axes.iter().any(|&a| a >= x.layout.ndim()) {
            return Err(Error::invalid(op.name(), format!("bad axes {axes:?}")));
        }
        let mut tmp = None;
        let (xb, xl) = if ops::reduce::reads_directly(op, x.dtype) && x.buf.dtype() == x.dtype {
            (x.buf, x.layout)
        } else {
            as_dtype(x, c, &mut tmp)?
        };
        if op.needs_nonempty() && axes.iter().any(|&a| xl.shape()[a] == 0) && out.numel() > 0 {
            return Err(Error::invalid(
                op.name(),
                "zero-size reduction without identity",
            ));
        }
        ops::reduce::reduce(op, xb, xl, axes, ddof, out.buf).unwrap_or_else(|| Err(uns()))
    }

    fn softmax(
        &self,
        op: SoftmaxOp,
        x: Src<'_, CpuBuffer>,
        axis: usize,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        let uns = || self.unsupported(Op::Softmax(op), x.dtype);
        let c = x.dtype.to_float();
        self.check_out(Op::Softmax(op), &out, c)?;
        if axis >= x.layout.ndim() {
            return Err(Error::invalid(
                op.name(),
                format!("axis {axis} out of range"),
            ));
        }
        let mut tmp = None;
        let (xb, xl) = as_dtype(x, c, &mut tmp)?;
        ops::softmax::softmax(op, xb, xl, axis, out.buf).unwrap_or_else(|| Err(uns()))
    }

    fn matmul(
        &self,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        let c = DType::promote(a.dtype, b.dtype);
        self.check_out(Op::MatMul, &out, c)?;
        tensor_core::backend::check_matmul_shapes(a.layout, b.layout)?;
        let (mut ta, mut tb) = (None, None);
        let a = as_dtype(a, c, &mut ta)?;
        let b = as_dtype(b, c, &mut tb)?;
        ops::matmul::matmul(a, b, out.buf)
    }

    fn fill(&self, value: Scalar, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.check_out(Op::Fill, &out, out.dtype)?;
        ops::creation::fill(value, out.buf)
    }

    fn arange(&self, start: Scalar, step: Scalar, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.check_out(Op::Arange, &out, out.dtype)?;
        ops::creation::arange(start, step, out.buf)
    }

    fn linspace(
        &self,
        start: f64,
        stop: f64,
        endpoint: bool,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        self.check_out(Op::Linspace, &out, out.dtype)?;
        ops::creation::linspace(start, stop, endpoint, out.buf)
    }

    fn rand(&self, dist: RandDist, seed: u64, out: Dst<'_, CpuBuffer>) -> Result<()> {
        let dt = out.dtype;
        self.check_out(Op::Rand(dist), &out, dt)?;
        ops::creation::rand(dist, seed, out.buf)
            .unwrap_or_else(|| Err(self.unsupported(Op::Rand(dist), dt)))
    }
}

tensor_core::export_backend!(CpuBackend);

/// Registers this statically linked backend as the builtin `cpu`
/// ([`tensor_core::device::register_builtin`]), so that `Device::from_env()` and
/// `Device::open("cpu")` use it without loading `libbackend_cpu.so`. Idempotent and cheap;
/// call it once at start-up, before opening a device.
pub fn register() {
    tensor_core::device::register_builtin("cpu", plugin_api);
}
