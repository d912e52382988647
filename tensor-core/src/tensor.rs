//! The [`Tensor`] type: a dtype, a layout, and shared storage on one device. This file holds
//! construction, host interop, zero-copy views and the calls into the backend; the math API
//! is in `tensor_ops.rs`.

use crate::abi::{COut, CTensor, PluginApi, Status};
use crate::device::Buffer;
use crate::layout::{self, infer_shape};
use crate::{
    BinaryOp, DType, Device, Element, Error, Layout, Op, RandDist, ReduceOp, Result, Scalar,
    SliceArg, SoftmaxOp, UnaryOp,
};
use std::ffi::c_void;
use std::sync::Arc;

/// An n-dimensional array with a run-time dtype, living on one [`Device`].
///
/// Cloning is cheap (the storage is shared); views share storage too. Operations return new
/// tensors.
///
/// ```
/// # use tensor_core::{Device, Tensor};
/// let dev = Device::from_api("cpu", backend_cpu::plugin_api(), 0)?;
/// let a = Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?;
/// let col_sums = a.sum(Some(&[0]), false)?;
/// assert_eq!(col_sums.to_vec::<f32>()?, vec![5.0, 7.0, 9.0]);
/// assert_eq!(a.t()?.shape(), &[3, 2]);
/// # Ok::<(), tensor_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Tensor {
    pub(crate) buf: Arc<Buffer>,
    pub(crate) layout: Layout,
}

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Tensor({:?}, {}, {})",
            self.shape(),
            self.dtype(),
            self.device().label()
        )
    }
}

impl Tensor {
    // ----- properties -------------------------------------------------------------------

    /// Element type.
    pub fn dtype(&self) -> DType {
        self.buf.dtype
    }
    /// Dimensions.
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }
    /// Rank.
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }
    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.layout.numel()
    }
    /// Shape, strides and offset into the storage.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    /// The device the tensor belongs to: the one that owns its storage, or the `auto`
    /// router whose device holds it (see [`crate::router`]).
    #[inline]
    pub fn device(&self) -> &Device {
        match &self.buf.auto {
            Some(a) => &a.device,
            None => &self.buf.device,
        }
    }
    /// True if this tensor and `other` share storage.
    pub fn shares_storage(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.buf, &other.buf)
    }

    // ----- host interop -----------------------------------------------------------------

    /// Uploads little-endian bytes as a contiguous tensor of `shape`.
    pub fn from_bytes(
        device: &Device,
        bytes: &[u8],
        dtype: DType,
        shape: &[usize],
    ) -> Result<Tensor> {
        let n = layout::checked_numel(shape)?;
        // Checked: `n * size` wraps for a huge shape, which would pass for an empty slice.
        if n.checked_mul(dtype.size_of()) != Some(bytes.len()) {
            return Err(Error::invalid(
                "from_bytes",
                format!(
                    "{} bytes do not hold {n} elements of {dtype} (shape {shape:?})",
                    bytes.len()
                ),
            ));
        }
        if dtype == DType::Bool
            && let Some(b) = bytes.iter().find(|&&b| b > 1)
        {
            return Err(Error::invalid(
                "from_bytes",
                format!("bool data must be 0 or 1, found {b}"),
            ));
        }
        let buf = device.alloc(dtype, n)?;
        if n > 0 {
            device.upload(&buf, bytes)?;
        }
        Ok(Tensor {
            buf,
            layout: Layout::contiguous(shape),
        })
    }

    /// Uploads a slice as a contiguous tensor of `shape`.
    pub fn from_slice<T: Element>(device: &Device, data: &[T], shape: &[usize]) -> Result<Tensor> {
        let bytes = crate::dtype::elements_as_bytes(data);
        let n = layout::checked_numel(shape)?;
        if data.len() != n {
            return Err(Error::invalid(
                "from_slice",
                format!("{} values for shape {shape:?} ({n} elements)", data.len()),
            ));
        }
        Tensor::from_bytes(device, bytes, T::DTYPE, shape)
    }

    /// A 0-d tensor holding `value`.
    pub fn scalar<T: Element>(device: &Device, value: T) -> Result<Tensor> {
        Tensor::from_slice(device, &[value], &[])
    }

    /// The elements in C order as little-endian bytes (one download).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let c = self.contiguous()?;
        let all = c.device().download(&c.buf)?;
        let es = self.dtype().size_of();
        let start = c.layout.offset() * es;
        Ok(all[start..start + self.numel() * es].to_vec())
    }

    /// The elements in C order. `T` must match the dtype exactly.
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        if T::DTYPE != self.dtype() {
            return Err(Error::invalid(
                "to_vec",
                format!("tensor has dtype {}, asked for {}", self.dtype(), T::DTYPE),
            ));
        }
        // The bytes come from a plugin: a bool byte other than 0/1 is refused, not read.
        crate::dtype::elements_from_bytes(&self.to_bytes()?).map_err(|e| Error::Backend {
            backend: self.device().label().into(),
            msg: format!(
                "to_vec: the backend returned invalid {} data: {e}",
                T::DTYPE
            ),
        })
    }

    /// The elements in C order converted to `f64` (any dtype).
    pub fn to_f64_vec(&self) -> Result<Vec<f64>> {
        crate::with_dtype!(self.dtype(), |T| Ok(self
            .to_vec::<T>()?
            .into_iter()
            .map(Element::to_f64)
            .collect()))
    }

    /// The value of a tensor of one element (0-d, or any shape holding one element), as
    /// PyTorch's `item()`. `T` must be the tensor's dtype, as for [`Tensor::to_vec`];
    /// [`Tensor::item_f64`] converts any dtype. One download of one element.
    ///
    /// ```
    /// # use tensor_core::{Device, Tensor};
    /// # fn f(dev: &Device) -> tensor_core::Result<()> {
    /// let t = Tensor::from_slice(dev, &[1.0f32, 2.0, 3.0], &[3])?;
    /// assert_eq!(t.sum(None, false)?.item::<f32>()?, 6.0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn item<T: Element>(&self) -> Result<T> {
        if self.numel() != 1 {
            return Err(Error::invalid(
                "item",
                format!(
                    "only a tensor of one element has an item; this one has {} (shape {:?})",
                    self.numel(),
                    self.shape()
                ),
            ));
        }
        Ok(self.to_vec::<T>()?[0])
    }

    /// [`Tensor::item`] widened to `f64` whatever the dtype (exact but for `i64` values
    /// beyond `2^53`).
    pub fn item_f64(&self) -> Result<f64> {
        crate::with_dtype!(self.dtype(), |T| Ok(self.item::<T>()?.to_f64()))
    }

    /// Moves (copies) the tensor to another device through the host; counted on both.
    /// Returns `self` unchanged when it already lives there.
    pub fn to(&self, device: &Device) -> Result<Tensor> {
        if device == self.device() {
            return Ok(self.clone());
        }
        Tensor::from_bytes(device, &self.to_bytes()?, self.dtype(), self.shape())
    }

    // ----- views --------------------------------------------------------------------------

    pub(crate) fn with_layout(&self, layout: Layout) -> Tensor {
        Tensor {
            buf: self.buf.clone(),
            layout,
        }
    }

    /// A view with a new shape (one dimension may be `-1`); copies only when the strides do
    /// not allow a view, as NumPy's `reshape`.
    pub fn reshape(&self, shape: &[isize]) -> Result<Tensor> {
        let shape = infer_shape(shape, self.numel())?;
        match self.layout.reshape_view(&shape) {
            Some(l) => Ok(self.with_layout(l)),
            None => Ok(self.contiguous()?.with_layout(Layout::contiguous(&shape))),
        }
    }

    /// Like [`Tensor::reshape`] with a `usize` shape.
    pub fn reshape_to(&self, shape: &[usize]) -> Result<Tensor> {
        let s: Vec<isize> = shape.iter().map(|&d| d as isize).collect();
        self.reshape(&s)
    }

    /// Reorders axes (`permute([2, 0, 1])`).
    pub fn permute(&self, axes: &[usize]) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.permute(axes)?))
    }
    /// Swaps two axes.
    pub fn transpose(&self, a: isize, b: isize) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.transpose(a, b)?))
    }
    /// Reverses the axes (NumPy `.T`).
    pub fn t(&self) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.t()))
    }
    /// NumPy basic slicing, one [`SliceArg`] per leading axis.
    pub fn slice(&self, args: &[SliceArg]) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.slice(args)?))
    }
    /// `len` elements of `axis` from `start`.
    pub fn narrow(&self, axis: isize, start: usize, len: usize) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.narrow(axis, start, len)?))
    }
    /// NumPy `broadcast_to` (stride 0 on broadcast axes).
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.broadcast_to(shape)?))
    }
    /// Removes size-1 axes (the listed ones, or all).
    pub fn squeeze(&self, axes: Option<&[isize]>) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.squeeze(axes)?))
    }
    /// Inserts a size-1 axis.
    pub fn unsqueeze(&self, axis: isize) -> Result<Tensor> {
        Ok(self.with_layout(self.layout.unsqueeze(axis)?))
    }

    /// A C-contiguous tensor with the same values: `self` if it already is one (a view with
    /// an offset counts), else a copy made by the backend.
    pub fn contiguous(&self) -> Result<Tensor> {
        if self.layout.is_contiguous() {
            return Ok(self.clone());
        }
        self.device().run_copy(self)
    }

    // ----- backend calls ------------------------------------------------------------------

    /// The ABI descriptor of this tensor (borrowing its layout).
    #[inline]
    pub(crate) fn c_tensor(&self) -> CTensor {
        CTensor {
            buffer: self.buf.ptr,
            dtype: self.dtype() as u32,
            ndim: self.ndim() as u32,
            shape: self.layout.shape().as_ptr(),
            strides: self.layout.strides().as_ptr(),
            offset: self.layout.offset(),
        }
    }

    /// Checks that all operands live on `self`'s device.
    #[inline]
    pub(crate) fn same_device(&self, op: &str, others: &[&Tensor]) -> Result<()> {
        for o in others {
            if o.device() != self.device() {
                return Err(Error::BackendMismatch {
                    op: op.into(),
                    lhs: self.device().label().into(),
                    rhs: o.device().label().into(),
                });
            }
        }
        Ok(())
    }
}

/// Most tensor inputs of one op (`where`).
pub(crate) const MAX_INPUTS: usize = 3;

/// A placeholder descriptor for unused input places.
pub(crate) const NO_TENSOR: CTensor = CTensor {
    buffer: std::ptr::null_mut(),
    dtype: 0,
    ndim: 0,
    shape: std::ptr::null(),
    strides: std::ptr::null(),
    offset: 0,
};

/// One op as the host hands it to a device: the ABI table entry and its non-tensor
/// arguments. The tensor arguments travel next to it ([`Device::run`]), one per input of
/// the entry: none for the creation ops, three for `where`, one or two otherwise.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Call<'a> {
    Copy,
    Unary(UnaryOp),
    Binary(BinaryOp),
    Where,
    Cast,
    Reduce(ReduceOp, &'a [usize], f64),
    Softmax(SoftmaxOp, usize),
    MatMul,
    Fill(Scalar),
    Arange(Scalar, Scalar),
    Linspace(f64, f64, bool),
    Rand(RandDist, u64),
}

impl Call<'_> {
    /// The op, as `supports` and the router's cost model name it.
    pub(crate) fn op(&self) -> Op {
        match *self {
            Call::Copy => Op::Copy,
            Call::Unary(u) => Op::Unary(u),
            Call::Binary(b) => Op::Binary(b),
            Call::Where => Op::Where,
            Call::Cast => Op::Cast,
            Call::Reduce(r, ..) => Op::Reduce(r),
            Call::Softmax(sm, _) => Op::Softmax(sm),
            Call::MatMul => Op::MatMul,
            Call::Fill(_) => Op::Fill,
            Call::Arange(..) => Op::Arange,
            Call::Linspace(..) => Op::Linspace,
            Call::Rand(d, _) => Op::Rand(d),
        }
    }

    /// The number of tensor inputs of the entry.
    pub(crate) fn arity(&self) -> usize {
        match self {
            Call::Fill(_) | Call::Arange(..) | Call::Linspace(..) | Call::Rand(..) => 0,
            Call::Binary(_) | Call::MatMul => 2,
            Call::Where => 3,
            _ => 1,
        }
    }

    /// Calls the table entry.
    ///
    /// # Safety
    /// `api` and `h` are a live device's table and handle; `c` holds [`Call::arity`] valid
    /// descriptors of that device's buffers and `o` a valid output record (see
    /// [`crate::abi`]), all alive for the call.
    #[inline(always)]
    pub(crate) unsafe fn invoke(
        self,
        api: &PluginApi,
        h: *const c_void,
        c: &[CTensor],
        o: *mut COut,
    ) -> Status {
        debug_assert_eq!(c.len(), self.arity());
        // SAFETY: the caller's contract.
        unsafe {
            match self {
                Call::Copy => (api.copy)(h, &c[0], o),
                Call::Unary(u) => (api.unary)(h, u as u32, &c[0], o),
                Call::Binary(b) => (api.binary)(h, b as u32, &c[0], &c[1], o),
                Call::Where => (api.where_)(h, &c[0], &c[1], &c[2], o),
                Call::Cast => (api.cast)(h, &c[0], o),
                Call::Reduce(r, axes, ddof) => {
                    (api.reduce)(h, r as u32, &c[0], axes.as_ptr(), axes.len(), ddof, o)
                }
                Call::Softmax(sm, axis) => (api.softmax)(h, sm as u32, &c[0], axis, o),
                Call::MatMul => (api.matmul)(h, &c[0], &c[1], o),
                Call::Fill(v) => (api.fill)(h, v, o),
                Call::Arange(start, step) => (api.arange)(h, start, step, o),
                Call::Linspace(start, stop, endpoint) => {
                    (api.linspace)(h, start, stop, endpoint as u8, o)
                }
                Call::Rand(dist, seed) => (api.rand)(h, dist as u32, seed, o),
            }
        }
    }
}

impl Device {
    /// Runs `call` on `ins` (which the caller checked live on this device) into a fresh
    /// contiguous output of `dtype` and `shape`: the one place every op of the `Tensor`
    /// API reaches a backend. On the `auto` device the router picks the device first
    /// ([`crate::router`]).
    #[inline]
    pub(crate) fn run(
        &self,
        call: Call<'_>,
        ins: &[&Tensor],
        dtype: DType,
        shape: &[usize],
    ) -> Result<Tensor> {
        debug_assert_eq!(ins.len(), call.arity());
        if let Some(shared) = self.router() {
            return crate::router::dispatch(self, shared, call, ins, dtype, shape);
        }
        // The public entry points check this already; a descriptor of another plugin's
        // buffer must never reach this one, so it is checked here too (a pointer compare).
        if let Some(t) = ins.iter().find(|t| t.device() != self) {
            return Err(Error::BackendMismatch {
                op: call.op().name().into(),
                lhs: self.label().into(),
                rhs: t.device().label().into(),
            });
        }
        let c: [CTensor; MAX_INPUTS] =
            std::array::from_fn(|i| ins.get(i).map_or(NO_TENSOR, |t| t.c_tensor()));
        let buf = self.run_buf(dtype, shape, |api, h, o| {
            // SAFETY: the descriptors point into `ins`, whose buffers are this device's and
            // alive for the call.
            unsafe { call.invoke(api, h, &c[..ins.len()], o) }
        })?;
        Ok(Tensor {
            buf,
            layout: Layout::contiguous(shape),
        })
    }

    /// [`Device::run`] for an elementwise call (unary, binary, cast). When the inputs are
    /// views in one dense but permuted layout (a transposed matrix, `permute`d axes), each
    /// the same or a broadcast scalar, the call runs over their flat storage and the result
    /// keeps that layout, as NumPy's ufuncs (order `K`) and PyTorch's `preserve_format` do:
    /// one pass in memory order instead of a strided gather. Otherwise the result is C
    /// contiguous. Only on a backend with `copy` for `dtype`: a result in a permuted layout
    /// needs it to be made contiguous later (`reshape`, downloads).
    pub(crate) fn run_elementwise(
        &self,
        call: Call<'_>,
        ins: &[&Tensor],
        dtype: DType,
        shape: &[usize],
    ) -> Result<Tensor> {
        let scalar = |t: &Tensor| t.layout.strides().iter().all(|&s| s == 0);
        let pattern = ins.iter().find(|t| !scalar(t)).map(|t| &t.layout);
        let Some(p) = pattern.filter(|p| !p.is_contiguous() && p.is_dense()) else {
            return self.run(call, ins, dtype, shape);
        };
        if !self.supports(Op::Copy, dtype) {
            return self.run(call, ins, dtype, shape);
        }
        if ins
            .iter()
            .any(|t| t.shape() != shape || !(t.layout.strides() == p.strides() || scalar(t)))
        {
            return self.run(call, ins, dtype, shape);
        }
        let n = p.numel();
        let flat: Vec<Tensor> = ins
            .iter()
            .map(|t| {
                let step = if scalar(t) { 0 } else { 1 };
                Ok(Tensor {
                    buf: t.buf.clone(),
                    layout: Layout::from_parts(&[n], &[step], t.layout.offset())?,
                })
            })
            .collect::<Result<_>>()?;
        let refs: Vec<&Tensor> = flat.iter().collect();
        let out = self.run(call, &refs, dtype, &[n])?;
        Ok(Tensor {
            buf: out.buf,
            layout: Layout::from_parts(shape, p.strides(), 0)?,
        })
    }

    /// Allocates a contiguous output of `shape`/`dtype` and lets `f` fill it through the
    /// ABI, returning the filled buffer.
    ///
    /// With an ABI 1.2 plugin the output is allocated inside the op call (`COut::buffer`
    /// null, see [`COut`]): one crossing of the boundary instead of two. Older plugins get a
    /// buffer from `alloc` first.
    #[inline]
    pub(crate) fn run_buf(
        &self,
        dtype: DType,
        shape: &[usize],
        f: impl FnOnce(&PluginApi, *const c_void, *mut COut) -> Status,
    ) -> Result<Arc<Buffer>> {
        self.run_buf_as(dtype, shape, None, f)
    }

    /// As [`Device::run_buf`]; with `auto` (the router device), for the output of an `auto`
    /// op (see [`crate::router`]).
    #[inline]
    pub(crate) fn run_buf_as(
        &self,
        dtype: DType,
        shape: &[usize],
        auto: Option<&Device>,
        f: impl FnOnce(&PluginApi, *const c_void, *mut COut) -> Status,
    ) -> Result<Arc<Buffer>> {
        let n = layout::checked_numel(shape)?;
        let mut out = COut {
            buffer: std::ptr::null_mut(),
            dtype: dtype as u32,
            ndim: shape.len() as u32,
            shape: shape.as_ptr(),
        };
        if self.api().abi_minor < 2 {
            let buf = self.alloc_as(dtype, n, auto)?;
            out.buffer = buf.ptr;
            self.check(f(self.api(), self.handle(), &mut out))?;
            return Ok(buf);
        }
        self.check(f(self.api(), self.handle(), &mut out))?;
        if out.buffer.is_null() {
            return Err(Error::Backend {
                backend: self.name().into(),
                msg: "the plugin (ABI 1.2) reported success without returning the output buffer"
                    .into(),
            });
        }
        Ok(self.adopt_as(out.buffer, dtype, n, auto))
    }

    fn run_copy(&self, x: &Tensor) -> Result<Tensor> {
        self.run(Call::Copy, &[x], x.dtype(), x.shape())
    }
}
