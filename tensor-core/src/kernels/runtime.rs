//! The host side of a GPU backend written once: the [`Runtime`] trait a backend implements
//! (its device memory through [`Backend`]'s `alloc`/`upload`/`download`/`synchronize`, plus
//! kernel launches from its program cache), and what every op shares on top of it: the
//! checks and dtype rules ([`supports`]), the cast of inputs to the compute dtype
//! ([`prep`]), elementwise launches over strided operands ([`elementwise`]).
//!
//! The ops themselves are in [`ops`](super::ops), one file per family beside its kernel
//! source; [`gpu_backend_ops!`](crate::gpu_backend_ops) writes the op methods of a
//! backend's `impl Backend` that call them.

use super::{Dialect, Lay, collapse};
use crate::{Backend, DType, Dst, Layout, Op, RandDist, Result, Src};

/// A kernel argument.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a, B> {
    /// A buffer (a global pointer in the kernel).
    Buf(&'a B),
    /// A layout, passed by value (`Lay`).
    Lay(&'a Lay),
    /// A 64-bit signed integer.
    I64(i64),
    /// A `double`.
    F64(f64),
    /// A `float`.
    F32(f32),
    /// A 32-bit unsigned integer.
    U32(u32),
}

/// A launch's geometry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grid {
    /// One thread per element of `0..n` (the runtime picks the block size).
    Flat(usize),
    /// `blocks` blocks of exactly `threads` threads (block index = output element).
    Blocks {
        /// Number of blocks.
        blocks: usize,
        /// Threads per block (what the kernel's launch bounds require).
        threads: u32,
    },
    /// Matrix product: thread `(x, y)` computes output column `x` of row `y`; batches along
    /// the third dimension (looped in the kernel with [`Dialect::batch_loop`]).
    Matrix {
        /// Output columns.
        cols: usize,
        /// Output rows.
        rows: usize,
        /// Batch count.
        batch: usize,
        /// Whether the kernel is the tiled one (blocks of exactly `TILE x TILE`).
        tiled: bool,
    },
}

/// A kernel of a program: the program's name, its source (generated only when the program
/// is not cached yet) and the kernel's name.
#[derive(Clone, Copy)]
pub struct Kernel<'a> {
    /// Program (module) name, the cache key.
    pub program: &'a str,
    /// The program's source.
    pub source: &'a dyn Fn() -> String,
    /// Kernel (function) name.
    pub name: &'a str,
}

/// A device buffer: `len` elements of one dtype.
pub trait GpuBuffer {
    /// Element type.
    fn dtype(&self) -> DType;
    /// Number of elements.
    fn len(&self) -> usize;
    /// True if the buffer holds no element.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Size in bytes.
    fn bytes(&self) -> usize {
        self.len() * self.dtype().size_of()
    }
}

/// An upload (`op = "upload"`) or download of `host` bytes must cover the buffer's
/// `device` bytes exactly.
pub fn check_transfer(op: &str, host: usize, device: usize) -> Result<()> {
    if host == device {
        return Ok(());
    }
    let asked = if op == "upload" { "" } else { " asked" };
    Err(crate::Error::invalid(
        op,
        format!("{host} bytes{asked} for a buffer of {device} bytes"),
    ))
}

/// What a GPU backend provides to the shared op layer: a [`Backend`] for memory and
/// errors, its kernel [`Dialect`], and launches. Hooks with defaults let a backend take an
/// op over (cuBLAS, a native fill) or restrict one (small work-groups, no `f64`).
pub trait Runtime: Backend<Buffer: GpuBuffer> {
    /// The kernel language, with the device's capabilities (`fp64`).
    fn dialect(&self) -> &dyn Dialect;

    /// Launches `kernel` (building its program on first use) with `args` over `grid`.
    /// Buffers are live allocations of this backend whose every element a kernel reaches
    /// was checked to fit (the ops check shapes and layouts before launching).
    fn launch(&self, kernel: Kernel<'_>, args: &[Arg<'_, Self::Buffer>], grid: Grid) -> Result<()>;

    /// Largest block (work-group) size the device runs; the tiled matmul needs 256.
    fn max_block_threads(&self) -> usize {
        usize::MAX
    }

    /// Fills `out` with the element bit pattern `pattern` natively, returning `false` to
    /// use the `fill_b<size>` kernel instead (dialects with [`Dialect::fill_kernels`]).
    fn fill_native(&self, out: &mut Self::Buffer, pattern: &[u8]) -> Result<bool> {
        let _ = (out, pattern);
        Ok(false)
    }

    /// Computes the matrix product natively (a BLAS library), returning `false` to use the
    /// kernels instead.
    fn matmul_native(&self, mm: &super::ops::matmul::Problem<'_, Self::Buffer>) -> Result<bool> {
        let _ = mm;
        Ok(false)
    }
}

/// Whether the device has `dt` (every dtype but `f64` needs nothing).
pub fn has_dtype(d: &dyn Dialect, dt: DType) -> bool {
    dt != DType::F64 || d.fp64()
}

/// The dtypes a dialect's device has.
pub fn dtypes(d: &dyn Dialect) -> Vec<DType> {
    DType::ALL
        .into_iter()
        .filter(|&t| has_dtype(d, t))
        .collect()
}

/// Whether the shared layer implements `op` on `dtype` inputs for this dialect: the dtype
/// rules of [`Op`], a kernel for the compute dtype, and fp64 where the op computes in
/// `double` (`randn`, float `arange`/`linspace`).
pub fn supports(d: &dyn Dialect, op: Op, dtype: DType) -> bool {
    let ok = |t: DType| has_dtype(d, t);
    if !ok(dtype) {
        return false;
    }
    match op {
        Op::Unary(u) => u
            .dtypes(dtype)
            .is_ok_and(|(c, r)| ok(c) && ok(r) && super::ops::unary::has_kernel(d, u, c)),
        Op::Binary(b) => b
            .dtypes(dtype, dtype)
            .is_ok_and(|(c, r)| ok(c) && ok(r) && super::ops::binary::has_kernel(d, b, c)),
        Op::Reduce(r) => r
            .dtypes(dtype)
            .is_ok_and(|(c, o)| ok(c) && ok(o) && super::ops::reduce::has_kernel(r, c)),
        Op::Softmax(_) => ok(dtype.to_float()),
        Op::Rand(RandDist::Uniform) => dtype.is_float(),
        Op::Rand(RandDist::Normal) => dtype.is_float() && d.fp64(),
        Op::Arange | Op::Linspace => !dtype.is_float() || d.fp64(),
        Op::Where | Op::Cast | Op::MatMul | Op::Copy | Op::Fill => true,
    }
}

/// [`crate::Error::Unsupported`] unless the device has `dt`.
pub fn check_dtype<R: Runtime>(rt: &R, op: Op, dt: DType) -> Result<()> {
    if has_dtype(rt.dialect(), dt) {
        Ok(())
    } else {
        Err(rt.unsupported(op, dt))
    }
}

/// The output must be a `want` buffer of the output's size.
pub fn check_out<B: GpuBuffer>(op: Op, out: &Dst<'_, B>, want: DType) -> Result<()> {
    out.expect(op, want, out.buf.dtype(), out.buf.len())
}

/// An input in the compute dtype: borrowed, or a cast copy owned here.
pub enum Prep<'a, B> {
    /// The input itself.
    Borrowed(&'a B, &'a Layout),
    /// A contiguous copy in the compute dtype.
    Owned(B, Layout),
}

impl<B> Prep<'_, B> {
    /// The buffer and its layout.
    pub fn get(&self) -> (&B, &Layout) {
        match self {
            Prep::Borrowed(b, l) => (b, l),
            Prep::Owned(b, l) => (b, l),
        }
    }
}

/// `x` in dtype `dt`: itself, or a contiguous cast copy (the device must have `dt`).
pub fn prep<'a, R: Runtime>(
    rt: &R,
    op: Op,
    x: Src<'a, R::Buffer>,
    dt: DType,
) -> Result<Prep<'a, R::Buffer>> {
    x.expect(op, x.buf.dtype(), x.buf.len())?;
    if x.dtype == dt {
        return Ok(Prep::Borrowed(x.buf, x.layout));
    }
    check_dtype(rt, op, dt)?;
    let shape = x.layout.shape().to_vec();
    let mut b = rt.alloc(dt, x.layout.numel())?;
    super::ops::cast::cast_into(rt, x.buf, x.layout, &mut b)?;
    Ok(Prep::Owned(b, Layout::contiguous(&shape)))
}

/// A [`Lay`] of `shape`/`strides`/`offset`, named after the backend in errors.
pub fn lay<R: Runtime>(
    rt: &R,
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    op: &str,
) -> Result<Lay> {
    Lay::new(shape, strides, offset, op, rt.dialect().name())
}

/// Launches `kernel` with one thread per element of `0..n`, appending the bound `n` where
/// the dialect has one.
pub fn launch_flat<R: Runtime>(
    rt: &R,
    kernel: Kernel<'_>,
    mut args: Vec<Arg<'_, R::Buffer>>,
    n: usize,
) -> Result<()> {
    if rt.dialect().bound_param("n").is_some() {
        args.push(Arg::I64(n as i64));
    }
    rt.launch(kernel, &args, Grid::Flat(n))
}

/// Elementwise launch with `N` strided inputs of the output's shape: arguments
/// `(x0, l0, ..., out)` and the bound.
pub fn elementwise<R: Runtime, const N: usize>(
    rt: &R,
    op: &str,
    kernel: Kernel<'_>,
    inputs: [(&R::Buffer, &Layout); N],
    out: &R::Buffer,
    shape: &[usize],
) -> Result<()> {
    let strides: [&[isize]; N] = std::array::from_fn(|k| inputs[k].1.strides());
    let (sh, st) = collapse(shape, strides);
    let lays: Vec<Lay> = (0..N)
        .map(|k| lay(rt, &sh, &st[k], inputs[k].1.offset(), op))
        .collect::<Result<_>>()?;
    let mut args = Vec::new();
    for k in 0..N {
        args.push(Arg::Buf(inputs[k].0));
        args.push(Arg::Lay(&lays[k]));
    }
    args.push(Arg::Buf(out));
    launch_flat(rt, kernel, args, shape.iter().product())
}

/// The op methods of [`Backend`] for a [`Runtime`], written inside the backend's
/// `impl Backend for ...` block: each calls the shared op of its family in
/// [`tensor_core::kernels::ops`](crate::kernels::ops) (`copy(x, out)` calls
/// `ops::copy::copy(self, x, out)`).
#[macro_export]
macro_rules! gpu_backend_ops {
    () => {
        fn supports(&self, op: $crate::Op, dtype: $crate::DType) -> bool {
            $crate::kernels::runtime::supports(
                $crate::kernels::runtime::Runtime::dialect(self),
                op,
                dtype,
            )
        }
        $crate::gpu_backend_ops!(@ops
            copy(x: Src, out: Dst) = copy::copy;
            unary(op: UnaryOp, x: Src, out: Dst) = unary::unary;
            binary(op: BinaryOp, a: Src, b: Src, out: Dst) = binary::binary;
            where_(cond: Src, a: Src, b: Src, out: Dst) = binary::where_;
            cast(x: Src, out: Dst) = cast::cast;
            reduce(op: ReduceOp, x: Src, axes: Axes, ddof: f64, out: Dst) = reduce::reduce;
            softmax(op: SoftmaxOp, x: Src, axis: usize, out: Dst) = reduce::softmax;
            matmul(a: Src, b: Src, out: Dst) = matmul::matmul;
            fill(value: Scalar, out: Dst) = copy::fill;
            arange(start: Scalar, step: Scalar, out: Dst) = creation::arange;
            linspace(start: f64, stop: f64, endpoint: bool, out: Dst) = creation::linspace;
            rand(dist: RandDist, seed: u64, out: Dst) = creation::rand;
        );
    };
    (@ops $($m:ident($($a:ident: $t:ident),*) = $fam:ident::$f:ident;)*) => {
        $(fn $m(&self, $($a: $crate::gpu_backend_ops!(@ty $t)),*) -> $crate::Result<()> {
            $crate::kernels::ops::$fam::$f(self, $($a),*)
        })*
    };
    (@ty Src) => { $crate::Src<'_, Self::Buffer> };
    (@ty Dst) => { $crate::Dst<'_, Self::Buffer> };
    (@ty Axes) => { &[usize] };
    (@ty f64) => { f64 };
    (@ty u64) => { u64 };
    (@ty usize) => { usize };
    (@ty bool) => { bool };
    (@ty $t:ident) => { $crate::$t };
}
