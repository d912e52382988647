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
//! - The ops are the shared GPU layer, `tensor_core::kernels`: its host side runs them over
//!   this backend's [`Runtime`] implementation (program cache, launches, `fill` as
//!   `clEnqueueFillBuffer` in [`ops::copy`]), and every kernel is OpenCL C generated from the
//!   shared template of its op family in the [`dialect::OpenClC`] dialect ([`ops`]),
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
use program::{Arg, Programs};
use std::collections::BTreeMap;
use tensor_core::kernels::Dialect;
use tensor_core::kernels::runtime::{GpuBuffer, Grid, Kernel, Runtime, check_transfer};
use tensor_core::{Backend, BackendInfo, BackendOptions, DType, Error, Result};

/// The OpenCL backend: one device, its context, one in-order queue and the program cache.
pub struct OpenClBackend {
    device: cl_device_id,
    context: Context,
    queue: CommandQueue,
    caps: Caps,
    desc: String,
    devices: Vec<String>,
    programs: Programs,
    dialect: OpenClC,
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
}

impl Runtime for OpenClBackend {
    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }

    fn launch(&self, kernel: Kernel<'_>, args: &[Arg<'_>], grid: Grid) -> Result<()> {
        let t = ops::matmul::TILE;
        let (global, local) = match grid {
            Grid::Flat(n) => (vec![n], None),
            Grid::Blocks { blocks, threads } => {
                let threads = threads as usize;
                (vec![blocks * threads], Some(vec![threads]))
            }
            Grid::Matrix {
                cols,
                rows,
                batch,
                tiled: true,
            } => (
                vec![cols.div_ceil(t) * t, rows.div_ceil(t) * t, batch],
                Some(vec![t, t, 1]),
            ),
            Grid::Matrix {
                cols, rows, batch, ..
            } => (vec![cols, rows, batch], None),
        };
        let env = (
            &self.context,
            self.device,
            &self.queue,
            self.caps.build_options.as_str(),
        );
        self.programs
            .launch(env, kernel, args, &global, local.as_deref())
    }

    fn max_block_threads(&self) -> usize {
        self.caps.max_wg
    }

    fn fill_native(&self, out: &mut ClBuffer, pattern: &[u8]) -> Result<bool> {
        ops::copy::fill_buffer(&self.queue, out, pattern).map(|()| true)
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
        let dialect = OpenClC { fp64: caps.fp64 };
        Ok(OpenClBackend {
            device: entry.id,
            context,
            queue,
            caps,
            desc: entry.desc,
            devices: all.into_iter().map(|e| e.desc).collect(),
            programs,
            dialect,
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
            widening_reduce: false,
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
        check_transfer("upload", src.len(), dst.bytes())?;
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
        check_transfer("download", dst.len(), src.bytes())?;
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

    tensor_core::gpu_backend_ops!();
}

tensor_core::export_backend!(OpenClBackend);
