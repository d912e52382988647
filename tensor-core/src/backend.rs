//! The [`Backend`] trait plugin authors implement, and the plain argument types its methods
//! take.
//!
//! # Contract
//! The host (`tensor-core`) does everything that does not depend on the device before it
//! calls a backend: dtype promotion and casts, broadcasting, axis normalisation, shape checks
//! and output allocation. A backend therefore sees:
//! - inputs as [`Src`]: a buffer, a dtype and a [`Layout`] that was checked to fit the buffer
//!   (strides may be negative or zero; any valid layout must be handled);
//! - the output as [`Dst`]: a freshly allocated buffer of exactly `prod(shape)` elements of
//!   `dtype`, to be written in C order. It never aliases an input.
//!
//! Method by method, the extra guarantees are:
//! - `unary`, `cast`, `copy`: `x.layout.shape() == out.shape`; for `unary`, the dtypes are
//!   those of [`UnaryOp::dtypes`](crate::UnaryOp::dtypes).
//! - `binary`, `where_`: every input already has the output's shape (broadcast dims have
//!   stride 0), `a` and `b` share a dtype, and `cond` is `bool`.
//! - `reduce`: `axes` are sorted, distinct and in range; `out.shape` is `x`'s shape without
//!   them; `ddof` is meaningful for `var`/`std` only. An empty extent for `max`/`min`/
//!   `argmax`/`argmin` never reaches the backend.
//! - `matmul`: `a` is `[..., m, k]`, `b` is `[..., k, n]` with identical batch dims (broadcast
//!   ones have stride 0), the same dtype, and `out.shape` is `[..., m, n]`.
//!
//! Anything a backend cannot do it reports through [`Backend::supports`] and returns
//! [`Error::Unsupported`] for; the host then uses a composite
//! fallback where one exists (e.g. `var` from `mean`, `sub`, `square`, `sum`) or passes the
//! error on. The default bodies below return that error, so a new backend can start small.

use crate::{BinaryOp, DType, Error, Layout, Op, RandDist, ReduceOp, Result, SoftmaxOp, UnaryOp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An input tensor as a backend sees it.
#[derive(Debug)]
pub struct Src<'a, B> {
    /// The backend's buffer.
    pub buf: &'a B,
    /// Element type.
    pub dtype: DType,
    /// Shape, strides and offset into `buf`; checked to fit.
    pub layout: &'a Layout,
}

impl<B> Clone for Src<'_, B> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<B> Copy for Src<'_, B> {}

/// The output of an op as a backend sees it: contiguous, C order, offset 0.
#[derive(Debug)]
pub struct Dst<'a, B> {
    /// The backend's buffer, exactly `prod(shape)` elements.
    pub buf: &'a mut B,
    /// Element type.
    pub dtype: DType,
    /// Shape.
    pub shape: &'a [usize],
}

impl<B> Dst<'_, B> {
    /// Number of elements to write.
    #[inline]
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// A backend's defensive check of the host's promise about the output of `op`: the
    /// output dtype and the element type its buffer was allocated with (`buf_dtype`) are
    /// both `want`, and the buffer holds exactly [`Dst::numel`] elements (`buf_len`).
    #[inline]
    pub fn expect(&self, op: Op, want: DType, buf_dtype: DType, buf_len: usize) -> Result<()> {
        if self.dtype == want && buf_dtype == want && buf_len == self.numel() {
            return Ok(());
        }
        Err(self.mismatch(op, want, buf_dtype, buf_len))
    }

    /// The error of a failed [`Dst::expect`].
    #[cold]
    fn mismatch(&self, op: Op, want: DType, buf_dtype: DType, buf_len: usize) -> Error {
        if self.dtype != want || buf_dtype != want {
            return Error::invalid(
                op.name(),
                format!(
                    "output dtype {} (buffer {buf_dtype}), expected {want}",
                    self.dtype
                ),
            );
        }
        Error::invalid(
            op.name(),
            format!(
                "output buffer holds {buf_len} elements, shape needs {}",
                self.numel()
            ),
        )
    }
}

impl<B> Src<'_, B> {
    /// A backend's defensive check of an input of `op`: its buffer was allocated with the
    /// tensor's dtype (`buf_dtype`) and the layout fits its `buf_len` elements.
    pub fn expect(&self, op: Op, buf_dtype: DType, buf_len: usize) -> Result<()> {
        if buf_dtype != self.dtype {
            return Err(Error::invalid(
                op.name(),
                format!(
                    "tensor says {} but its buffer holds {buf_dtype}",
                    self.dtype
                ),
            ));
        }
        self.layout.check_fits(buf_len)
    }
}

/// The matmul operand contract, checked by a backend before it indexes: `a` is
/// `[..., m, k]` and `b` is `[..., k, n]`, of the same rank (at least 2) and batch dims.
pub fn check_matmul_shapes(a: &Layout, b: &Layout) -> Result<()> {
    let (ra, rb) = (a.ndim(), b.ndim());
    if ra < 2
        || ra != rb
        || a.shape()[..ra - 2] != b.shape()[..rb - 2]
        || a.shape()[ra - 1] != b.shape()[rb - 2]
    {
        return Err(Error::shapes("matmul", a.shape(), b.shape()));
    }
    Ok(())
}

/// A scalar argument (fill value, arange start/step): backends read `i` for integer and
/// bool dtypes and `f` for float dtypes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Scalar {
    /// The value for float dtypes.
    pub f: f64,
    /// The value for integer and bool dtypes.
    pub i: i64,
}

impl Scalar {
    /// From a float (the integer part saturates, NaN gives 0).
    pub fn float(v: f64) -> Scalar {
        Scalar { f: v, i: v as i64 }
    }
    /// From an integer (exactly representable for integer dtypes).
    pub fn int(v: i64) -> Scalar {
        Scalar { f: v as f64, i: v }
    }

    /// The value as the little-endian bytes of one `dt` element, by the cast rules: `.f`
    /// for floats, rounded once (through round-to-odd `f32` for `f16`/`bf16`), `.i`
    /// wrapping for integers, `.i != 0` for bool. What a GPU backend uploads for `fill`.
    pub fn to_bytes(self, dt: DType) -> Vec<u8> {
        use crate::dtype::f64_to_f32_round_to_odd as odd;
        let (f, i) = (self.f, self.i);
        match dt {
            DType::Bool => vec![(i != 0) as u8],
            DType::U8 => vec![i as u8],
            DType::I32 => (i as i32).to_le_bytes().to_vec(),
            DType::I64 => i.to_le_bytes().to_vec(),
            DType::F16 => half::f16::from_f32(odd(f)).to_le_bytes().to_vec(),
            DType::BF16 => half::bf16::from_f32(odd(f)).to_le_bytes().to_vec(),
            DType::F32 => (f as f32).to_le_bytes().to_vec(),
            DType::F64 => f.to_le_bytes().to_vec(),
        }
    }
}

/// What a backend says about itself: identity, device and numerical mode (the provenance
/// the conformance reports print).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BackendInfo {
    /// Short name (`cpu`, `opencl`, `cuda`).
    pub name: String,
    /// Version of the backend crate.
    pub version: String,
    /// The device this instance drives.
    pub device: String,
    /// Every device the backend can see (index = the `:N` suffix).
    pub devices: Vec<String>,
    /// Element types the backend stores.
    pub dtypes: Vec<DType>,
    /// `ieee`, `fast`, `tf32`, ...
    pub math_mode: String,
    /// Whether subnormals are kept (`preserved`) or flushed to zero (`flushed`).
    pub denormals: String,
    /// How reductions are ordered and accumulated.
    pub reduction: String,
    /// The BLAS library and kernel in use, if any.
    pub blas: Option<String>,
    /// Anything else worth reporting (library versions, thread counts, ...).
    pub extra: BTreeMap<String, String>,
    /// `sum` and `prod` of `u8`/`i32` inputs read the input as it is and accumulate in
    /// `i64`: the host then passes such an input without casting it to `i64` first (one
    /// pass over memory instead of three). Optional in the `info` JSON (default `false`):
    /// a backend that does not set it always receives `sum`/`prod` inputs in `i64`.
    #[serde(default)]
    pub widening_reduce: bool,
}

/// `key=value` options of a backend spec, in the order given: the part after `?` in
/// `TENSOR_BACKEND=cuda:0?matmul=tf32,deterministic=1`.
///
/// ```
/// use tensor_core::backend::BackendOptions;
/// let o = BackendOptions::parse("matmul=tf32,deterministic=1").unwrap();
/// assert_eq!(o.get("matmul"), Some("tf32"));
/// assert!(o.expect_keys(&["matmul", "deterministic"]).is_ok());
/// assert!(o.expect_keys(&["matmul"]).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackendOptions(pub Vec<(String, String)>);

impl BackendOptions {
    /// Parses `k=v,k=v` (empty string: no options). A key without `=` means `k=1`.
    pub fn parse(s: &str) -> Result<BackendOptions> {
        let mut v: Vec<(String, String)> = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, val) = part.split_once('=').unwrap_or((part, "1"));
            let (k, val) = (k.trim(), val.trim());
            if k.is_empty() {
                return Err(Error::invalid(
                    "backend options",
                    format!("empty key in `{part}`"),
                ));
            }
            if v.iter().any(|(x, _)| x == k) {
                return Err(Error::invalid(
                    "backend options",
                    format!("option `{k}` given twice"),
                ));
            }
            v.push((k.to_string(), val.to_string()));
        }
        Ok(BackendOptions(v))
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether no option was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Errors on any key not in `known`, listing the known ones.
    pub fn expect_keys(&self, known: &[&str]) -> Result<()> {
        let unknown: Vec<&str> = self
            .0
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !known.contains(k))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        Err(Error::invalid(
            "backend options",
            format!(
                "unknown option(s) {unknown:?}; this backend accepts {}",
                if known.is_empty() {
                    "no options".to_string()
                } else {
                    format!("{known:?}")
                }
            ),
        ))
    }
}

impl std::fmt::Display for BackendOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&parts.join(","))
    }
}

/// A compute backend. Implement this, then export it with
/// [`export_backend!`](crate::export_backend); the macro writes the C ABI.
///
/// The trait is object-safe for a fixed buffer type (`dyn Backend<Buffer = MyBuffer>`): ops
/// are enum arguments, never generic methods. See the [module docs](self) for the contract
/// of each method.
pub trait Backend: Send + Sync + 'static {
    /// Device memory: a host `Vec` on the CPU, a device pointer elsewhere.
    type Buffer: Send + Sync + 'static;

    /// Creates the backend on device `index` (the `:N` of `TENSOR_BACKEND`). Returns
    /// [`Error::Unavailable`] when the device or its driver is missing.
    fn create(index: usize) -> Result<Self>
    where
        Self: Sized;

    /// Creates the backend with options from the spec (`cuda:0?matmul=tf32` gives
    /// `matmul=tf32`). The default accepts no options: it calls [`Backend::create`] when
    /// `options` is empty and returns [`Error::InvalidArgument`] naming the keys otherwise.
    /// Backends with options check them with [`BackendOptions::expect_keys`].
    fn create_with_options(index: usize, options: &BackendOptions) -> Result<Self>
    where
        Self: Sized,
    {
        options.expect_keys(&[])?;
        Self::create(index)
    }

    /// `true` when every operation has finished by the time its call returns. The ABI
    /// table of such a backend leaves `synchronize` empty, so [`crate::Device::synchronize`]
    /// returns without crossing the plugin boundary (about 10 ns saved on every timed tiny
    /// op). Default `false`: the host calls [`Backend::synchronize`].
    const SYNCHRONOUS: bool = false;

    /// Waits until every operation queued on this backend has finished. Backends that run
    /// asynchronously (OpenCL, CUDA) must implement it; benchmarks call it to time work, not
    /// its enqueueing. The default (synchronous backends) returns at once.
    fn synchronize(&self) -> Result<()> {
        Ok(())
    }

    /// Identity, device and numerical mode.
    fn info(&self) -> BackendInfo;

    /// Whether `op` is implemented for `dtype` (for [`Op::Cast`], the source dtype; the
    /// target is any dtype in [`BackendInfo::dtypes`]).
    fn supports(&self, op: Op, dtype: DType) -> bool;

    /// Allocates room for `len` elements of `dtype` (contents unspecified).
    fn alloc(&self, dtype: DType, len: usize) -> Result<Self::Buffer>;

    /// Length of a buffer in elements.
    fn buffer_len(&self, buf: &Self::Buffer) -> usize;

    /// Host to device: fills the whole buffer from little-endian bytes.
    fn upload(&self, dst: &mut Self::Buffer, src: &[u8]) -> Result<()>;

    /// Device to host: copies the whole buffer into `dst`.
    fn download(&self, src: &Self::Buffer, dst: &mut [u8]) -> Result<()>;

    /// Strided to contiguous copy (same dtype).
    fn copy(&self, x: Src<'_, Self::Buffer>, out: Dst<'_, Self::Buffer>) -> Result<()>;

    /// Elementwise unary op.
    fn unary(
        &self,
        op: UnaryOp,
        x: Src<'_, Self::Buffer>,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = out;
        Err(self.unsupported(Op::Unary(op), x.dtype))
    }

    /// Elementwise binary op on pre-broadcast operands of one dtype.
    fn binary(
        &self,
        op: BinaryOp,
        a: Src<'_, Self::Buffer>,
        b: Src<'_, Self::Buffer>,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = (b, out);
        Err(self.unsupported(Op::Binary(op), a.dtype))
    }

    /// `out = cond ? a : b` on pre-broadcast operands.
    fn where_(
        &self,
        cond: Src<'_, Self::Buffer>,
        a: Src<'_, Self::Buffer>,
        b: Src<'_, Self::Buffer>,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = (cond, b, out);
        Err(self.unsupported(Op::Where, a.dtype))
    }

    /// dtype conversion following the [cast rules](crate::ops).
    fn cast(&self, x: Src<'_, Self::Buffer>, out: Dst<'_, Self::Buffer>) -> Result<()> {
        let _ = out;
        Err(self.unsupported(Op::Cast, x.dtype))
    }

    /// Reduction over `axes`.
    fn reduce(
        &self,
        op: ReduceOp,
        x: Src<'_, Self::Buffer>,
        axes: &[usize],
        ddof: f64,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = (axes, ddof, out);
        Err(self.unsupported(Op::Reduce(op), x.dtype))
    }

    /// softmax / log_softmax along `axis`.
    fn softmax(
        &self,
        op: SoftmaxOp,
        x: Src<'_, Self::Buffer>,
        axis: usize,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = (axis, out);
        Err(self.unsupported(Op::Softmax(op), x.dtype))
    }

    /// Batched matrix product.
    fn matmul(
        &self,
        a: Src<'_, Self::Buffer>,
        b: Src<'_, Self::Buffer>,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = (b, out);
        Err(self.unsupported(Op::MatMul, a.dtype))
    }

    /// Fills the output with one value.
    fn fill(&self, value: Scalar, out: Dst<'_, Self::Buffer>) -> Result<()> {
        let _ = value;
        Err(self.unsupported(Op::Fill, out.dtype))
    }

    /// `out[i] = start + i * step` (in `i64` for integer dtypes, `f64` for floats).
    fn arange(&self, start: Scalar, step: Scalar, out: Dst<'_, Self::Buffer>) -> Result<()> {
        let _ = (start, step);
        Err(self.unsupported(Op::Arange, out.dtype))
    }

    /// NumPy `linspace(start, stop, n, endpoint)` with `n = out.numel()`.
    fn linspace(
        &self,
        start: f64,
        stop: f64,
        endpoint: bool,
        out: Dst<'_, Self::Buffer>,
    ) -> Result<()> {
        let _ = (start, stop, endpoint);
        Err(self.unsupported(Op::Linspace, out.dtype))
    }

    /// Philox4x32-10 random numbers; element `i` depends only on `(seed, i)`, see
    /// [`crate::philox`].
    fn rand(&self, dist: RandDist, seed: u64, out: Dst<'_, Self::Buffer>) -> Result<()> {
        let _ = seed;
        Err(self.unsupported(Op::Rand(dist), out.dtype))
    }

    /// The [`Error::Unsupported`] for `op` on `dtype` from this backend.
    fn unsupported(&self, op: Op, dtype: DType) -> Error {
        Error::unsupported(op, dtype, self.info().name)
    }
}
