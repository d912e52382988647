//! # backend-opencl
//!
//! The OpenCL backend plugin. It loads `libOpenCL` at run time (`opencl3`'s `dynamic`
//! feature), so it builds and loads everywhere and reports [`Error::Unavailable`] where no
//! ICD loader, platform or device exists. Device selection is described in [`device`].
//!
//! ## Design
//! - One context and one in-order command queue per backend instance. Uploads and
//!   downloads are blocking; kernels are enqueued without waiting (the in-order queue and a
//!   blocking read give the ordering).
//! - Every kernel is OpenCL C generated from a template per op family ([`ops`]),
//!   instantiated per dtype (kernel names carry the dtype: `unary_exp_f32`). A program per
//!   family and dtype is built on first use and cached with its kernels ([`program`]); it is
//!   never rebuilt. A build failure returns [`Error::Backend`] with the build log.
//! - Strided inputs are read in place: shape, strides and offset travel as a kernel
//!   argument ([`ops::Lay`], up to 8 axes after merging), and each work-item computes its
//!   input positions from its flat output index.
//! - Numerics: math mode `ieee` (no `-cl-fast-relaxed-math`, no `native_*`), with
//!   `-cl-fp32-correctly-rounded-divide-sqrt` when the device supports it; `f16`/`bf16` are
//!   storage types computed in `float` (or `double`) and rounded once; reductions accumulate
//!   in `double` when `cl_khr_fp64` is present. What is not implemented is reported by
//!   [`Backend::supports`] and returns [`Error::Unsupported`]; without `cl_khr_fp64` these
//!   are `f64`, `randn`, float `arange`/`linspace` and float ops on `i32`/`i64` inputs
//!   (whose compute dtype is `f64`).
//! - Integer `pow` wraps like the CPU backend's and returns the same
//!   [`Error::InvalidArgument`] for a negative exponent: a check kernel sets a flag that is
//!   read back before the power is computed.
//! - If the host passes an input in another dtype than the op's compute dtype, it is cast
//!   on the device first (as the CPU backend does).
//!
//! ## Options
//! Given after `?` in the backend spec (`TENSOR_BACKEND=opencl?fp64=off`,
//! `conformance run --backends 'opencl:1?fp64=off'`); an unknown key or value is
//! [`Error::InvalidArgument`].
//!
//! | option | values | effect |
//! |---|---|---|
//! | `fp64` | `auto` (default), `off` | `off`: behave as on a device without `cl_khr_fp64` even if it has it. `f64` tensors (and float results of `i32`/`i64` inputs, `randn`, float `arange`/`linspace`) are [`Error::Unsupported`]; `f16`/`bf16` math, `f32` `sigmoid` and every reduction use `float` and the device's `float` built-ins instead of going through `double`. No program may then contain `double` ([`program::uses_double`]), so a device that would accept it anyway (PoCL) still tests the path real fp64-less GPUs take. |
//!
//! ```no_run
//! // Grades the no-fp64 path on any OpenCL device.
//! let dev = tensor_core::Device::open("opencl?fp64=off")?;
//! assert!(!dev.info().dtypes.contains(&tensor_core::DType::F64));
//! # Ok::<(), tensor_core::Error>(())
//! ```

#![warn(missing_docs)]
#![warn(unsafe_op_in_unsafe_fn)]

pub mod buffer;
pub mod device;
pub mod dialect;
pub mod error;
pub mod ops;
pub mod program;

pub use buffer::ClBuffer;
use device::Caps;
use dialect::OpenClC;
use error::{ClContext, NAME, alloc_error, enqueue_error, over_max_alloc};
use opencl3::command_queue::CommandQueue;
use opencl3::context::Context;
use opencl3::device::Device;
use opencl3::memory::{Buffer, CL_MEM_READ_WRITE};
use opencl3::types::{CL_BLOCKING, cl_device_id};
use ops::{Lay, collapse};
use program::{Arg, Programs};
use std::collections::BTreeMap;
use tensor_core::{
    Backend, BackendInfo, BackendOptions, BinaryOp, DType, Dst, Error, Layout, Op, RandDist,
    ReduceOp, Result, Scalar, SoftmaxOp, Src, UnaryOp,
};

/// The OpenCL backend: one device, its context, one in-order queue and the program cache.
pub struct OpenClBackend {
    device: cl_device_id,
    context: Context,
    queue: CommandQueue,
    caps: Caps,
    desc: String,
    devices: Vec<String>,
    programs: Programs,
}

// SAFETY: `cl_device_id` is an opaque handle to a device that lives as long as the
// platform; OpenCL 1.2+ guarantees every API call is thread-safe except clSetKernelArg
// (and launching that kernel), which `Programs::launch` runs under a mutex. The context and
// queue types are already Send + Sync in opencl3.
unsafe impl Send for OpenClBackend {}
// SAFETY: see the `Send` impl above.
unsafe impl Sync for OpenClBackend {}

impl std::fmt::Debug for OpenClBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenClBackend")
            .field("device", &self.desc)
            .finish()
    }
}

/// An input in the compute dtype: borrowed, or a cast copy owned here.
enum Prep<'a> {
    Borrowed(&'a ClBuffer, &'a Layout),
    Owned(ClBuffer, Layout),
}

impl Prep<'_> {
    fn get(&self) -> (&ClBuffer, &Layout) {
        match self {
            Prep::Borrowed(b, l) => (b, l),
            Prep::Owned(b, l) => (b, l),
        }
    }
}

impl OpenClBackend {
    /// How many programs were built by this instance (each is built once).
    pub fn program_builds(&self) -> usize {
        self.programs.builds()
    }

    /// Builds `src` as a program (not cached), for tests of the build-failure path.
    #[doc(hidden)]
    pub fn build_program_for_test(&self, src: &str) -> Result<()> {
        program::build(
            &self.context,
            self.device,
            "test",
            src,
            &self.caps.build_options,
        )
        .map(|_| ())
    }

    fn fp64(&self) -> bool {
        self.caps.fp64
    }

    fn launch(
        &self,
        program: &str,
        source: &dyn Fn() -> String,
        kernel: &str,
        args: &[Arg<'_>],
        global: &[usize],
        local: Option<&[usize]>,
    ) -> Result<()> {
        self.programs.launch(
            (
                &self.context,
                self.device,
                &self.queue,
                &self.caps.build_options,
            ),
            program,
            source,
            kernel,
            args,
            global,
            local,
        )
    }

    fn check_dtype(&self, op: Op, dt: DType) -> Result<()> {
        if self.caps.has_dtype(dt) {
            Ok(())
        } else {
            Err(self.unsupported(op, dt))
        }
    }

    fn check_out(&self, op: Op, out: &Dst<'_, ClBuffer>, want: DType) -> Result<()> {
        out.expect(op, want, out.buf.dtype, out.buf.len)
    }

    /// `x` in dtype `dt`: itself, or a contiguous cast copy.
    fn prep<'a>(&self, op: Op, x: Src<'a, ClBuffer>, dt: DType) -> Result<Prep<'a>> {
        x.expect(op, x.buf.dtype, x.buf.len)?;
        if x.dtype == dt {
            return Ok(Prep::Borrowed(x.buf, x.layout));
        }
        self.check_dtype(op, dt)?;
        let shape = x.layout.shape().to_vec();
        let mut b = self.alloc(dt, x.layout.numel())?;
        self.cast_into(x.buf, x.layout, &mut b)?;
        Ok(Prep::Owned(b, Layout::contiguous(&shape)))
    }

    fn cast_into(&self, x: &ClBuffer, xl: &Layout, out: &mut ClBuffer) -> Result<()> {
        let (from, to) = (x.dtype, out.dtype);
        let (sh, [s]) = collapse(xl.shape(), [xl.strides()]);
        let lay = Lay::new(&sh, &s, xl.offset(), "cast", "OpenCL")?;
        let fp64 = self.fp64();
        self.launch(
            &ops::cast::program(from),
            &|| ops::cast::source(&OpenClC { fp64 }, from),
            &ops::cast::kernel(from, to),
            &[Arg::Buf(x), Arg::Lay(&lay), Arg::Buf(out)],
            &[xl.numel()],
            None,
        )
    }

    /// Integer `pow` with a negative exponent is an error, as on the CPU backend: a kernel
    /// sets a flag if any exponent of `y` (over the output's `shape`) is negative, and the
    /// flag is read back (which waits for the kernel) before anything is computed.
    fn check_exponents(&self, dt: DType, y: (&ClBuffer, &Layout), shape: &[usize]) -> Result<()> {
        if shape.contains(&0) {
            return Ok(());
        }
        let mut flag = self.alloc(DType::I32, 1)?;
        self.upload(&mut flag, &0i32.to_le_bytes())?;
        let fp64 = self.fp64();
        let k = ops::binary::negcheck_kernel(dt);
        self.elementwise(
            "pow",
            (
                &ops::binary::program(dt),
                &|| ops::binary::source(&OpenClC { fp64 }, dt),
                &k,
            ),
            [y],
            &flag,
            shape,
        )?;
        let mut got = [0u8; 4];
        self.download(&flag, &mut got)?;
        if i32::from_le_bytes(got) != 0 {
            return Err(Error::invalid(
                "pow",
                "Integers to negative integer powers are not allowed.",
            ));
        }
        Ok(())
    }

    /// Elementwise launch with `n` strided inputs of the output's shape.
    fn elementwise<const N: usize>(
        &self,
        op: &str,
        (program, source, kernel): (&str, &dyn Fn() -> String, &str),
        inputs: [(&ClBuffer, &Layout); N],
        out: &ClBuffer,
        shape: &[usize],
    ) -> Result<()> {
        let strides: [&[isize]; N] = std::array::from_fn(|k| inputs[k].1.strides());
        let (sh, st) = collapse(shape, strides);
        let lays: Vec<Lay> = (0..N)
            .map(|k| Lay::new(&sh, &st[k], inputs[k].1.offset(), op, "OpenCL"))
            .collect::<Result<_>>()?;
        let mut args: Vec<Arg<'_>> = Vec::new();
        for k in 0..N {
            args.push(Arg::Buf(inputs[k].0));
            args.push(Arg::Lay(&lays[k]));
        }
        args.push(Arg::Buf(out));
        let n: usize = shape.iter().product();
        self.launch(program, source, kernel, &args, &[n], None)
    }
}

impl Backend for OpenClBackend {
    type Buffer = ClBuffer;

    fn create(index: usize) -> Result<Self> {
        Self::create_with_options(index, &BackendOptions::default())
    }

    /// Options (see the [crate docs](crate#options)): `fp64=auto` (default) or `fp64=off`.
    fn create_with_options(index: usize, options: &BackendOptions) -> Result<Self> {
        options.expect_keys(&["fp64"])?;
        let allow_fp64 = match options.get("fp64") {
            None | Some("auto") => true,
            Some("off") => false,
            Some(v) => {
                return Err(Error::invalid(
                    "backend options",
                    format!("fp64={v}: the opencl backend accepts fp64=auto or fp64=off"),
                ));
            }
        };
        let _g = device::GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
        let (entry, all) = device::select(index)?;
        let caps = Caps::of(entry.id, allow_fp64)?;
        let dev = Device::new(entry.id);
        let context = Context::from_device(&dev).ctx("clCreateContext")?;
        // SAFETY: `context` holds `entry.id`; properties 0 is an in-order queue without
        // profiling, which every OpenCL version accepts.
        #[allow(deprecated)]
        let queue =
            unsafe { CommandQueue::create(&context, entry.id, 0) }.ctx("clCreateCommandQueue")?;
        let programs = Programs::new(caps.fp64);
        Ok(OpenClBackend {
            device: entry.id,
            context,
            queue,
            caps,
            desc: entry.desc,
            devices: all.into_iter().map(|e| e.desc).collect(),
            programs,
        })
    }

    fn synchronize(&self) -> Result<()> {
        self.queue.finish().ctx("clFinish")
    }

    fn info(&self) -> BackendInfo {
        let mut extra = BTreeMap::new();
        extra.insert("build_options".into(), self.caps.build_options.clone());
        extra.insert("program_builds".into(), self.programs.builds().to_string());
        extra.insert(
            "fp64".into(),
            match (self.caps.fp64, self.caps.device_fp64) {
                (true, _) => "on (cl_khr_fp64)".into(),
                (false, true) => "off (option fp64=off; the device has cl_khr_fp64)".into(),
                (false, false) => "off (no cl_khr_fp64)".to_string(),
            },
        );
        extra.insert(
            "f16_bf16".into(),
            "storage only (vload_half/vstore_half_rte, bf16 bit arithmetic); compute in f32 \
             (transcendentals in f64 when cl_khr_fp64)"
                .into(),
        );
        BackendInfo {
            name: NAME.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            device: self.caps.name.clone(),
            devices: self.devices.clone(),
            dtypes: self.caps.dtypes(),
            math_mode: "ieee".into(),
            denormals: if self.caps.denorm {
                "preserved"
            } else {
                "flushed"
            }
            .into(),
            reduction: format!(
                "one work-item per output element, sequential over the reduced block with \
                 Neumaier compensation, accumulating in {}; two-pass var/std; deterministic",
                if self.caps.fp64 { "f64" } else { "f32" }
            ),
            blas: None,
            extra,
        }
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        self.caps.supports(op, dtype)
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<ClBuffer> {
        if !self.caps.has_dtype(dtype) {
            return Err(Error::unsupported("alloc", dtype, NAME));
        }
        let bytes = len
            .checked_mul(dtype.size_of())
            .ok_or_else(|| Error::invalid("alloc", format!("{len} elements overflow")))?;
        if bytes as u64 > self.caps.max_alloc {
            return Err(over_max_alloc(bytes, self.caps.max_alloc));
        }
        // SAFETY: no host pointer is passed; the size is at least one byte.
        let mem = unsafe {
            Buffer::<u8>::create(
                &self.context,
                CL_MEM_READ_WRITE,
                bytes.max(1),
                std::ptr::null_mut(),
            )
        }
        .map_err(|e| alloc_error(e, bytes, self.caps.max_alloc))?;
        Ok(ClBuffer { mem, dtype, len })
    }

    fn buffer_len(&self, buf: &ClBuffer) -> usize {
        buf.len
    }

    fn upload(&self, dst: &mut ClBuffer, src: &[u8]) -> Result<()> {
        if src.len() != dst.bytes() {
            return Err(Error::invalid(
                "upload",
                format!("{} bytes for a buffer of {} bytes", src.len(), dst.bytes()),
            ));
        }
        if src.is_empty() {
            return Ok(());
        }
        // SAFETY: a blocking write of `src.len()` bytes into a buffer of at least that size;
        // `src` outlives the call.
        unsafe {
            self.queue
                .enqueue_write_buffer(&mut dst.mem, CL_BLOCKING, 0, src, &[])
        }
        .map_err(|e| enqueue_error(e, "clEnqueueWriteBuffer", src.len()))?;
        Ok(())
    }

    fn download(&self, src: &ClBuffer, dst: &mut [u8]) -> Result<()> {
        if dst.len() != src.bytes() {
            return Err(Error::invalid(
                "download",
                format!(
                    "{} bytes asked for a buffer of {} bytes",
                    dst.len(),
                    src.bytes()
                ),
            ));
        }
        if dst.is_empty() {
            return self.queue.finish().ctx("clFinish");
        }
        // SAFETY: a blocking read of `dst.len()` bytes from a buffer of at least that size.
        unsafe {
            self.queue
                .enqueue_read_buffer(&src.mem, CL_BLOCKING, 0, dst, &[])
        }
        .map_err(|e| enqueue_error(e, "clEnqueueReadBuffer", dst.len()))?;
        Ok(())
    }

    fn copy(&self, x: Src<'_, ClBuffer>, out: Dst<'_, ClBuffer>) -> Result<()> {
        self.check_out(Op::Copy, &out, x.dtype)?;
        let p = self.prep(Op::Copy, x, x.dtype)?;
        let (xb, xl) = p.get();
        let size = x.dtype.size_of();
        let fp64 = self.fp64();
        let k = ops::copy::kernel(size);
        self.elementwise(
            "contiguous",
            (&k, &|| ops::copy::source(&OpenClC { fp64 }, size), &k),
            [(xb, xl)],
            out.buf,
            out.shape,
        )
    }

    fn unary(&self, op: UnaryOp, x: Src<'_, ClBuffer>, out: Dst<'_, ClBuffer>) -> Result<()> {
        let o = Op::Unary(op);
        let uns = || self.unsupported(o, x.dtype);
        if !self.supports(o, x.dtype) {
            return Err(uns());
        }
        let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
        self.check_out(o, &out, r)?;
        let fp64 = self.fp64();
        if !ops::unary::has_kernel(&OpenClC { fp64 }, op, c) {
            return Err(uns());
        }
        let p = self.prep(o, x, c)?;
        let (xb, xl) = p.get();
        self.elementwise(
            op.name(),
            (
                &ops::unary::program(c),
                &|| ops::unary::source(&OpenClC { fp64 }, c),
                &ops::unary::kernel(op, c),
            ),
            [(xb, xl)],
            out.buf,
            out.shape,
        )
    }

    fn binary(
        &self,
        op: BinaryOp,
        a: Src<'_, ClBuffer>,
        b: Src<'_, ClBuffer>,
        out: Dst<'_, ClBuffer>,
    ) -> Result<()> {
        let o = Op::Binary(op);
        let uns = || self.unsupported(o, a.dtype);
        let (c, r) = op.dtypes(a.dtype, b.dtype).map_err(|_| uns())?;
        self.check_out(o, &out, r)?;
        let fp64 = self.fp64();
        if !self.caps.has_dtype(c) || !ops::binary::has_kernel(&OpenClC { fp64 }, op, c) {
            return Err(self.unsupported(o, c));
        }
        if a.layout.shape() != out.shape || b.layout.shape() != out.shape {
            return Err(Error::shapes(op.name(), a.layout.shape(), b.layout.shape()));
        }
        let pa = self.prep(o, a, c)?;
        let pb = self.prep(o, b, c)?;
        if op == BinaryOp::Pow && matches!(c, DType::I32 | DType::I64) {
            self.check_exponents(c, pb.get(), out.shape)?;
        }
        self.elementwise(
            op.name(),
            (
                &ops::binary::program(c),
                &|| ops::binary::source(&OpenClC { fp64 }, c),
                &ops::binary::kernel(op, c),
            ),
            [pa.get(), pb.get()],
            out.buf,
            out.shape,
        )
    }

    fn where_(
        &self,
        cond: Src<'_, ClBuffer>,
        a: Src<'_, ClBuffer>,
        b: Src<'_, ClBuffer>,
        out: Dst<'_, ClBuffer>,
    ) -> Result<()> {
        let c = DType::promote(a.dtype, b.dtype);
        self.check_out(Op::Where, &out, c)?;
        for s in [&cond, &a, &b] {
            if s.layout.shape() != out.shape {
                return Err(Error::shapes("where", s.layout.shape(), out.shape));
            }
        }
        let pc = self.prep(Op::Where, cond, DType::Bool)?;
        let pa = self.prep(Op::Where, a, c)?;
        let pb = self.prep(Op::Where, b, c)?;
        let size = c.size_of();
        let fp64 = self.fp64();
        let k = format!("where_b{size}");
        self.elementwise(
            "where",
            (
                &k,
                &|| ops::binary::where_source(&OpenClC { fp64 }, size),
                &k,
            ),
            [pc.get(), pa.get(), pb.get()],
            out.buf,
            out.shape,
        )
    }

    fn cast(&self, x: Src<'_, ClBuffer>, out: Dst<'_, ClBuffer>) -> Result<()> {
        let to = out.dtype;
        self.check_dtype(Op::Cast, to)?;
        self.check_out(Op::Cast, &out, to)?;
        let p = self.prep(Op::Cast, x, x.dtype)?;
        let (xb, xl) = p.get();
        if xl.shape() != out.shape {
            return Err(Error::shapes("cast", xl.shape(), out.shape));
        }
        self.cast_into(xb, xl, out.buf)
    }

    fn reduce(
        &self,
        op: ReduceOp,
        x: Src<'_, ClBuffer>,
        axes: &[usize],
        ddof: f64,
        out: Dst<'_, ClBuffer>,
    ) -> Result<()> {
        let o = Op::Reduce(op);
        let uns = || self.unsupported(o, x.dtype);
        let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
        self.check_out(o, &out, r)?;
        if !self.caps.has_dtype(c) || !ops::reduce::has_kernel(op, c) {
            return Err(uns());
        }
        if axes.windows(2).any(|w| w[0] >= w[1]) || axes.iter().any(|&a| a >= x.layout.ndim()) {
            return Err(Error::invalid(op.name(), format!("bad axes {axes:?}")));
        }
        let p = self.prep(o, x, c)?;
        let (xb, xl) = p.get();
        if op.needs_nonempty() && axes.iter().any(|&a| xl.shape()[a] == 0) && out.numel() > 0 {
            return Err(Error::invalid(
                op.name(),
                "zero-size reduction without identity",
            ));
        }
        let (kept, red) = xl.split_axes(axes);
        let n = red.numel();
        let (ks, [kt]) = collapse(kept.shape(), [kept.strides()]);
        let (rs, [rt]) = collapse(red.shape(), [red.strides()]);
        let ol = Lay::new(&ks, &kt, xl.offset(), op.name(), "OpenCL")?;
        let il = Lay::new(&rs, &rt, 0, op.name(), "OpenCL")?;
        let fp64 = self.fp64();
        let ddof = if fp64 {
            Arg::F64(ddof)
        } else {
            Arg::F32(ddof as f32)
        };
        self.launch(
            &ops::reduce::program(c),
            &|| ops::reduce::source(&OpenClC { fp64 }, c),
            &ops::reduce::kernel(op, c),
            &[
                Arg::Buf(xb),
                Arg::Lay(&ol),
                Arg::Lay(&il),
                Arg::I64(n as i64),
                ddof,
                Arg::Buf(out.buf),
            ],
            &[out.numel()],
            None,
        )
    }

    fn softmax(
        &self,
        op: SoftmaxOp,
        x: Src<'_, ClBuffer>,
        axis: usize,
        out: Dst<'_, ClBuffer>,
    ) -> Result<()> {
        let o = Op::Softmax(op);
        let c = x.dtype.to_float();
        self.check_dtype(o, c)?;
        self.check_out(o, &out, c)?;
        if axis >= x.layout.ndim() {
            return Err(Error::invalid(
                op.name(),
                format!("axis {axis} out of range"),
            ));
        }
        let p = self.prep(o, x, c)?;
        let (xb, xl) = p.get();
        let len = xl.shape()[axis];
        let inner: usize = xl.shape()[axis + 1..].iter().product();
        let mut rs = xl.shape().to_vec();
        let mut rt = xl.strides().to_vec();
        rs.remove(axis);
        rt.remove(axis);
        let rows: usize = rs.iter().product();
        if len == 0 || rows == 0 {
            return Ok(());
        }
        let (rs, [rt]) = collapse(&rs, [&rt]);
        let rl = Lay::new(&rs, &rt, xl.offset(), op.name(), "OpenCL")?;
        let fp64 = self.fp64();
        self.launch(
            &ops::reduce::program(c),
            &|| ops::reduce::source(&OpenClC { fp64 }, c),
            &ops::reduce::softmax_kernel(op, c),
            &[
                Arg::Buf(xb),
                Arg::Lay(&rl),
                Arg::I64(len as i64),
                Arg::I64(xl.strides()[axis] as i64),
                Arg::I64(inner.max(1) as i64),
                Arg::Buf(out.buf),
            ],
            &[rows],
            None,
        )
    }

    fn matmul(
        &self,
        a: Src<'_, ClBuffer>,
        b: Src<'_, ClBuffer>,
        out: Dst<'_, ClBuffer>,
    ) -> Result<()> {
        let c = DType::promote(a.dtype, b.dtype);
        self.check_dtype(Op::MatMul, c)?;
        self.check_out(Op::MatMul, &out, c)?;
        tensor_core::backend::check_matmul_shapes(a.layout, b.layout)?;
        let pa = self.prep(Op::MatMul, a, c)?;
        let pb = self.prep(Op::MatMul, b, c)?;
        let ((ab, al), (bb, bl)) = (pa.get(), pb.get());
        let nd = al.ndim();
        let (m, k, n) = (al.shape()[nd - 2], al.shape()[nd - 1], bl.shape()[nd - 1]);
        let bshape = &al.shape()[..nd - 2];
        let batch: usize = bshape.iter().product();
        if m == 0 || n == 0 || batch == 0 {
            return Ok(());
        }
        let (bs, [sa, sb]) = collapse(bshape, [&al.strides()[..nd - 2], &bl.strides()[..nd - 2]]);
        let alay = Lay::new(&bs, &sa, al.offset(), "matmul", "OpenCL")?;
        let blay = Lay::new(&bs, &sb, bl.offset(), "matmul", "OpenCL")?;
        let (sam, sak) = (al.strides()[nd - 2], al.strides()[nd - 1]);
        let (sbk, sbn) = (bl.strides()[nd - 2], bl.strides()[nd - 1]);
        let fp64 = self.fp64();
        let tiled = ops::matmul::tiled(c) && self.caps.max_wg >= 256;
        let t = ops::matmul::TILE;
        let (global, local) = if tiled {
            (
                [n.div_ceil(t) * t, m.div_ceil(t) * t, batch],
                Some([t, t, 1]),
            )
        } else {
            ([n, m, batch], None)
        };
        let kname = if tiled {
            ops::matmul::kernel(c)
        } else {
            ops::matmul::simple_kernel(c)
        };
        self.launch(
            &ops::matmul::program(c),
            &|| ops::matmul::source(&OpenClC { fp64 }, c),
            &kname,
            &[
                Arg::Buf(ab),
                Arg::Lay(&alay),
                Arg::Buf(bb),
                Arg::Lay(&blay),
                Arg::I64(m as i64),
                Arg::I64(n as i64),
                Arg::I64(k as i64),
                Arg::I64(sam as i64),
                Arg::I64(sak as i64),
                Arg::I64(sbk as i64),
                Arg::I64(sbn as i64),
                Arg::Buf(out.buf),
            ],
            &global,
            local.as_ref().map(|l| &l[..]),
        )
    }

    fn fill(&self, value: Scalar, out: Dst<'_, ClBuffer>) -> Result<()> {
        let dt = out.dtype;
        self.check_dtype(Op::Fill, dt)?;
        self.check_out(Op::Fill, &out, dt)?;
        if out.buf.len == 0 {
            return Ok(());
        }
        let pat = value.to_bytes(dt);
        let bytes = out.buf.bytes();
        // SAFETY: the pattern's size (1, 2, 4 or 8 bytes) divides the buffer size and the
        // fill covers exactly the buffer; OpenCL copies the pattern before returning.
        unsafe {
            self.queue
                .enqueue_fill_buffer(&mut out.buf.mem, &pat, 0, bytes, &[])
        }
        .map_err(|e| enqueue_error(e, "clEnqueueFillBuffer", bytes))?;
        Ok(())
    }

    fn arange(&self, start: Scalar, step: Scalar, out: Dst<'_, ClBuffer>) -> Result<()> {
        let dt = out.dtype;
        if !self.supports(Op::Arange, dt) {
            return Err(self.unsupported(Op::Arange, dt));
        }
        self.check_out(Op::Arange, &out, dt)?;
        let fp64 = self.fp64();
        let (a, b) = if dt.is_float() {
            (Arg::F64(start.f), Arg::F64(step.f))
        } else {
            (Arg::I64(start.i), Arg::I64(step.i))
        };
        self.launch(
            &ops::creation::program(dt),
            &|| ops::creation::source(&OpenClC { fp64 }, dt),
            &format!("arange_{}", dt.name()),
            &[Arg::Buf(out.buf), a, b],
            &[out.buf.len],
            None,
        )
    }

    fn linspace(
        &self,
        start: f64,
        stop: f64,
        endpoint: bool,
        out: Dst<'_, ClBuffer>,
    ) -> Result<()> {
        let dt = out.dtype;
        if !self.supports(Op::Linspace, dt) || !self.fp64() {
            return Err(self.unsupported(Op::Linspace, dt));
        }
        self.check_out(Op::Linspace, &out, dt)?;
        let n = out.buf.len;
        let div = if endpoint { n.saturating_sub(1) } else { n };
        let step = (stop - start) / div as f64;
        let fp64 = self.fp64();
        self.launch(
            &ops::creation::program(dt),
            &|| ops::creation::source(&OpenClC { fp64 }, dt),
            &format!("linspace_{}", dt.name()),
            &[
                Arg::Buf(out.buf),
                Arg::F64(start),
                Arg::F64(stop),
                Arg::F64(step),
                Arg::I64(n as i64),
                Arg::I64(div as i64),
                Arg::U32(endpoint as u32),
                Arg::U32(!dt.is_float() as u32),
            ],
            &[n],
            None,
        )
    }

    fn rand(&self, dist: RandDist, seed: u64, out: Dst<'_, ClBuffer>) -> Result<()> {
        let dt = out.dtype;
        let o = Op::Rand(dist);
        if !self.supports(o, dt) {
            return Err(self.unsupported(o, dt));
        }
        self.check_out(o, &out, dt)?;
        let fp64 = self.fp64();
        let k = match dist {
            RandDist::Uniform => format!("rand_{}", dt.name()),
            RandDist::Normal => format!("randn_{}", dt.name()),
        };
        self.launch(
            &ops::creation::program(dt),
            &|| ops::creation::source(&OpenClC { fp64 }, dt),
            &k,
            &[
                Arg::Buf(out.buf),
                Arg::U32(seed as u32),
                Arg::U32((seed >> 32) as u32),
            ],
            &[out.buf.len],
            None,
        )
    }
}

tensor_core::export_backend!(OpenClBackend);
