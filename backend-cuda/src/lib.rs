//! # backend-cuda
//!
//! The CUDA backend plugin, on `cudarc` with dynamic loading: it builds with no CUDA
//! toolkit, loads everywhere, and reports [`Error::Unavailable`] with the reason (libcuda
//! not found, no device, driver too old, libnvrtc not found) where it cannot run; see
//! [`device`] for the checks, made before cudarc is touched because cudarc panics when a
//! library is missing.
//!
//! ## Selecting it
//! `TENSOR_BACKEND=cuda` (device 0) or `cuda:N`, with options after `?`:
//! `TENSOR_BACKEND=cuda:0?matmul=tf32`. The only option is `matmul`
//! (`ieee` (default), `pedantic`, `tf32`, `bf16`, `bf16x3`, `bf16x9`; see [`blas`]); without it
//! `TENSOR_CUDA_MATMUL` is read. Unknown options are an error. The active mode is in
//! [`BackendInfo::math_mode`] (`ieee`, or `ieee; matmul tf32`) and in `extra["matmul"]`, so
//! every conformance report carries it.
//!
//! ## Design
//! - One context (the device's primary context), one non-default stream, every operation
//!   queued on it; [`Backend::synchronize`] waits for the stream. cudarc's per-buffer event
//!   tracking is switched off (one stream orders everything).
//! - Every kernel is CUDA C generated from a template per op family ([`ops`]),
//!   instantiated per dtype (kernel names carry the dtype: `unary_exp_f32`), compiled with
//!   NVRTC to PTX for the device's architecture on first use, cached on disk (keyed by
//!   source, options, architecture and NVRTC version) and per context ([`program`]).
//! - Strided and broadcast inputs are read in place: shape, strides and offset travel as a
//!   kernel argument ([`ops::Lay`], up to 8 axes after merging).
//! - matmul: cuBLAS for `f16`, `bf16`, `f32`, `f64` on BLAS-compatible layouts (batched
//!   with strided-batched GEMM), IEEE by default (TF32 off); tiled kernels otherwise.
//! - Numerics: compiled with `--fmad=false --prec-div=true --prec-sqrt=true --ftz=false`;
//!   `f16`/`bf16` are storage types (`u16` bits, no `cuda_fp16.h`: the NVRTC wheel ships no
//!   headers) computed in `f32`/`f64` and rounded once; reductions accumulate in `f64` in a
//!   fixed sequential order ([`ops::reduce`]), so they are deterministic.
//! - Transfers of 1 MiB or more go through two pinned (page-locked) staging buffers in
//!   4 MiB chunks, copied asynchronously on the stream so that the host copy of one chunk
//!   overlaps the DMA of the previous one; `upload` and `download` return when the data
//!   has arrived, so the host's transfer counters time the real copy.
//! - Integer `pow` (`u8`, `i32`, `i64`) wraps like the CPU backend's (`0**0 = 1`) and
//!   returns the same [`Error::InvalidArgument`] for a negative exponent: a check kernel
//!   sets a flag that is read back before the power is computed (one host round trip per
//!   signed integer `pow`), so the output is untouched on error.
//!
//! ## What is verified where
//! Without a GPU (here and in CI): the build, loading, the unavailable path, the kernel
//! generators, NVRTC compilation of every kernel for `sm_80` and `sm_90` with no
//! warning (`tests/nvrtc_compile.rs`), and the Philox and integer `pow` device code
//! compiled by the host C++ compiler (`tests/without_gpu.rs`). Everything that runs on a
//! device is tested by `tests/gpu.rs`, `tests/int_pow.rs` and the conformance suite, which
//! skip visibly without a GPU unless `TENSOR_REQUIRE_CUDA=1`; see `docs/precision.md` for
//! what has run on hardware.

#![warn(missing_docs)]
#![warn(unsafe_op_in_unsafe_fn)]

pub mod blas;
pub mod buffer;
pub mod device;
pub mod dialect;
pub mod error;
pub mod ops;
pub mod program;

use blas::{Blas, MatmulMode};
pub use buffer::CudaBuffer;
use cudarc::driver::sys::CUdeviceptr;
use cudarc::driver::{
    CudaContext, CudaEvent, CudaFunction, CudaModule, CudaStream, DevicePtr, DeviceRepr,
    LaunchConfig, PinnedHostSlice, PushKernelArg,
};
use dialect::CudaC;
use error::{CuContext, NAME, alloc_error, backend};
use ops::{BLOCK, Lay, collapse};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tensor_core::backend::BackendOptions;
use tensor_core::{
    Backend, BackendInfo, BinaryOp, DType, Dst, Error, Layout, Op, RandDist, ReduceOp, Result,
    Scalar, SoftmaxOp, Src, UnaryOp,
};

/// A [`Lay`] as a kernel argument (cudarc's `DeviceRepr` is for the backend's own types).
#[repr(transparent)]
struct LayArg(Lay);

// SAFETY: `Lay` is `#[repr(C)]` plain data (`[i64; 18]`), the layout of `struct Lay` in
// the kernels; `LayArg` is transparent over it.
unsafe impl DeviceRepr for LayArg {}

/// Copies at least this large use the pinned staging buffers.
pub const STAGING_MIN: usize = 1 << 20;
/// Size of each of the two pinned staging buffers.
pub const STAGING_CHUNK: usize = 4 << 20;

/// A kernel argument.
pub enum Arg<'a> {
    /// A buffer (its device pointer).
    Buf(&'a CudaBuffer),
    /// `i64`.
    I64(i64),
    /// `double`.
    F64(f64),
    /// `u32`.
    U32(u32),
    /// A layout, passed by value.
    Lay(&'a Lay),
}

#[derive(Default)]
struct Modules {
    modules: HashMap<String, Arc<CudaModule>>,
    functions: HashMap<String, CudaFunction>,
    compiled: usize,
    from_disk: usize,
}

/// A pinned staging buffer and the event after its last queued copy.
struct Slot {
    host: PinnedHostSlice<u8>,
    done: Option<CudaEvent>,
}

/// The CUDA backend: one device, its primary context, one stream, the module cache and
/// the cuBLAS handle.
pub struct CudaBackend {
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    index: usize,
    name: String,
    devices: Vec<String>,
    arch: String,
    cc: (i32, i32),
    driver_version: i32,
    total_mem: usize,
    mode: MatmulMode,
    blas: Option<Mutex<Blas>>,
    modules: Mutex<Modules>,
    staging: Mutex<Vec<Slot>>,
}

impl std::fmt::Debug for CudaBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CudaBackend")
            .field("device", &self.name)
            .field("index", &self.index)
            .field("matmul", &self.mode.name())
            .finish()
    }
}

impl Drop for CudaBackend {
    fn drop(&mut self) {
        // Queued copies may still read the staging buffers freed after this.
        let _ = self.stream.synchronize();
    }
}

/// An input in the compute dtype: borrowed, or a cast copy owned here.
enum Prep<'a> {
    Borrowed(&'a CudaBuffer, &'a Layout),
    Owned(CudaBuffer, Layout),
}

impl Prep<'_> {
    fn get(&self) -> (&CudaBuffer, &Layout) {
        match self {
            Prep::Borrowed(b, l) => (b, l),
            Prep::Owned(b, l) => (b, l),
        }
    }
}

fn grid_1d(n: usize) -> Result<LaunchConfig> {
    let blocks = n.div_ceil(BLOCK as usize);
    let blocks = u32::try_from(blocks)
        .ok()
        .filter(|&b| b < i32::MAX as u32)
        .ok_or_else(|| backend(format!("{n} elements exceed one kernel launch")))?;
    Ok(LaunchConfig {
        grid_dim: (blocks, 1, 1),
        block_dim: (BLOCK, 1, 1),
        shared_mem_bytes: 0,
    })
}

impl CudaBackend {
    /// The matmul precision mode in use.
    pub fn matmul_mode(&self) -> MatmulMode {
        self.mode
    }

    /// How many modules this instance compiled with NVRTC and how many it loaded from the
    /// on-disk cache.
    pub fn module_loads(&self) -> (usize, usize) {
        self.modules
            .lock()
            .map(|m| (m.compiled, m.from_disk))
            .unwrap_or((0, 0))
    }

    fn function(
        &self,
        module: &str,
        source: &dyn Fn() -> String,
        kernel: &str,
    ) -> Result<CudaFunction> {
        let mut c = self
            .modules
            .lock()
            .map_err(|_| backend("module cache lock poisoned"))?;
        if let Some(f) = c.functions.get(kernel) {
            return Ok(f.clone());
        }
        if !c.modules.contains_key(module) {
            let (ptx, compiled) =
                program::ptx_cached(module, &source(), &self.arch).map_err(backend)?;
            let m = self
                .ctx
                .load_module(cudarc::nvrtc::Ptx::from_src(ptx))
                .ctx(&format!("cuModuleLoadData({module})"))?;
            if compiled {
                c.compiled += 1;
            } else {
                c.from_disk += 1;
            }
            c.modules.insert(module.to_string(), m);
        }
        let f = c.modules[module]
            .load_function(kernel)
            .ctx(&format!("cuModuleGetFunction({kernel})"))?;
        c.functions.insert(kernel.to_string(), f.clone());
        Ok(f)
    }

    /// Launches `kernel` of `module` (compiled from `source()` on first use).
    fn launch(
        &self,
        (module, source, kernel): (&str, &dyn Fn() -> String, &str),
        args: &[Arg<'_>],
        cfg: LaunchConfig,
    ) -> Result<()> {
        if cfg.grid_dim.0 == 0 || cfg.grid_dim.1 == 0 || cfg.grid_dim.2 == 0 {
            return Ok(());
        }
        let f = self.function(module, source, kernel)?;
        let lays: Vec<LayArg> = args
            .iter()
            .filter_map(|a| match a {
                Arg::Lay(l) => Some(LayArg(**l)),
                _ => None,
            })
            .collect();
        let mut lays = lays.iter();
        let mut b = self.stream.launch_builder(&f);
        for a in args {
            match a {
                Arg::Buf(x) => b.arg(&x.mem),
                Arg::I64(v) => b.arg(v),
                Arg::F64(v) => b.arg(v),
                Arg::U32(v) => b.arg(v),
                Arg::Lay(_) => b.arg(lays.next().ok_or_else(|| backend("layout arguments"))?),
            };
        }
        // SAFETY: the arguments match the kernel's parameters in number, order and type
        // (the generators in `ops` document each signature and the callers below follow
        // them); buffers are live allocations of this context, and every index a kernel
        // computes was checked to fit its buffer (`Layout::check_fits`, `check_out`).
        unsafe { b.launch(cfg) }.ctx(&format!("cuLaunchKernel({kernel})"))?;
        Ok(())
    }

    fn check_out(&self, op: Op, out: &Dst<'_, CudaBuffer>, want: DType) -> Result<()> {
        out.expect(op, want, out.buf.dtype, out.buf.len)
    }

    /// `x` in dtype `dt`: itself, or a contiguous cast copy.
    fn prep<'a>(&self, op: Op, x: Src<'a, CudaBuffer>, dt: DType) -> Result<Prep<'a>> {
        x.expect(op, x.buf.dtype, x.buf.len)?;
        if x.dtype == dt {
            return Ok(Prep::Borrowed(x.buf, x.layout));
        }
        let shape = x.layout.shape().to_vec();
        let mut b = self.alloc(dt, x.layout.numel())?;
        self.cast_into(x.buf, x.layout, &mut b)?;
        Ok(Prep::Owned(b, Layout::contiguous(&shape)))
    }

    fn cast_into(&self, x: &CudaBuffer, xl: &Layout, out: &mut CudaBuffer) -> Result<()> {
        let (from, to) = (x.dtype, out.dtype);
        let (sh, [s]) = collapse(xl.shape(), [xl.strides()]);
        let lay = Lay::new(&sh, &s, xl.offset(), "cast", "CUDA")?;
        let n = xl.numel();
        self.launch(
            (
                &ops::cast::program(from),
                &|| ops::cast::source(&CudaC, from),
                &ops::cast::kernel(from, to),
            ),
            &[
                Arg::Buf(x),
                Arg::Lay(&lay),
                Arg::Buf(out),
                Arg::I64(n as i64),
            ],
            grid_1d(n)?,
        )
    }

    /// Elementwise launch with `N` strided inputs of the output's shape.
    fn elementwise<const N: usize>(
        &self,
        op: &str,
        kernel: (&str, &dyn Fn() -> String, &str),
        inputs: [(&CudaBuffer, &Layout); N],
        out: &CudaBuffer,
        shape: &[usize],
    ) -> Result<()> {
        let strides: [&[isize]; N] = std::array::from_fn(|k| inputs[k].1.strides());
        let (sh, st) = collapse(shape, strides);
        let lays: Vec<Lay> = (0..N)
            .map(|k| Lay::new(&sh, &st[k], inputs[k].1.offset(), op, "CUDA"))
            .collect::<Result<_>>()?;
        let mut args: Vec<Arg<'_>> = Vec::new();
        for k in 0..N {
            args.push(Arg::Buf(inputs[k].0));
            args.push(Arg::Lay(&lays[k]));
        }
        args.push(Arg::Buf(out));
        let n: usize = shape.iter().product();
        args.push(Arg::I64(n as i64));
        self.launch(kernel, &args, grid_1d(n)?)
    }

    /// Integer `pow` with a negative exponent is an error, as on the CPU backend: a kernel
    /// sets a flag if any exponent `y` addresses (over the output's `shape`) is negative,
    /// and the flag is read back (which waits for the kernel) before the power is computed,
    /// so the output is untouched on error. `u8` exponents cannot be negative: no check.
    fn check_exponents(&self, dt: DType, y: (&CudaBuffer, &Layout), shape: &[usize]) -> Result<()> {
        if dt == DType::U8 || shape.contains(&0) {
            return Ok(());
        }
        let mut flag = self.alloc(DType::I32, 1)?;
        self.upload(&mut flag, &0i32.to_le_bytes())?;
        self.elementwise(
            "pow",
            (
                &ops::binary::program(dt),
                &|| ops::binary::source(&CudaC, dt),
                &ops::binary::negcheck_kernel(dt),
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

    /// Makes this backend's context current on the calling thread (raw driver and cuBLAS
    /// calls need it; cudarc's safe calls do it themselves).
    fn bind(&self) -> Result<()> {
        self.ctx.bind_to_thread().ctx("cuCtxSetCurrent")
    }

    /// Contiguous bf16 high and low parts of the `f32` operand `x` (all its elements, in C
    /// order, broadcast batch axes materialised).
    fn split_bf16(&self, x: &CudaBuffer, xl: &Layout) -> Result<(CudaBuffer, CudaBuffer)> {
        let n = xl.numel();
        let hi = self.alloc(DType::BF16, n)?;
        let lo = self.alloc(DType::BF16, n)?;
        let (sh, [st]) = collapse(xl.shape(), [xl.strides()]);
        let lay = Lay::new(&sh, &st, xl.offset(), "matmul", "CUDA")?;
        self.launch(
            (
                &ops::matmul::program(DType::F32),
                &|| ops::matmul::source(&CudaC, DType::F32),
                ops::matmul::SPLIT_KERNEL,
            ),
            &[
                Arg::Buf(x),
                Arg::Lay(&lay),
                Arg::Buf(&hi),
                Arg::Buf(&lo),
                Arg::I64(n as i64),
            ],
            grid_1d(n)?,
        )?;
        Ok((hi, lo))
    }

    /// `f32` matmul in `bf16x3` mode (see [`blas`]).
    fn matmul_bf16x3(
        &self,
        blas: &Mutex<Blas>,
        [(ab, al), (bb, bl)]: [(&CudaBuffer, &Layout); 2],
        (m, k, n, batch): (usize, usize, usize, usize),
        out: &CudaBuffer,
    ) -> Result<()> {
        let (ahi, alo) = self.split_bf16(ab, al)?;
        let (bhi, blo) = self.split_bf16(bb, bl)?;
        let oa = blas::operand(m, k, k as isize, 1).ok_or_else(|| backend("bf16x3 layout"))?;
        let ob = blas::operand(k, n, n as isize, 1).ok_or_else(|| backend("bf16x3 layout"))?;
        let (sa, sb) = ((m * k) as i64, (k * n) as i64);
        let blas = blas.lock().map_err(|_| backend("cuBLAS lock poisoned"))?;
        self.bind()?;
        let ptr = |b: &CudaBuffer| b.mem.device_ptr(&self.stream).0;
        let c = ptr(out);
        let ct = cudarc::cublas::sys::cublasComputeType_t::CUBLAS_COMPUTE_32F;
        // Small terms first: lo_A hi_B, then hi_A lo_B, then hi_A hi_B.
        for (i, (a, b)) in [(&alo, &bhi), (&ahi, &blo), (&ahi, &bhi)]
            .into_iter()
            .enumerate()
        {
            // SAFETY: `a`/`b` are contiguous bf16 buffers of batch*m*k and batch*k*n
            // elements made above, `out` holds batch*m*n f32 (`check_out`); all live
            // allocations of this context, used in stream order.
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

    fn slots(&self) -> Result<std::sync::MutexGuard<'_, Vec<Slot>>> {
        let mut g = self
            .staging
            .lock()
            .map_err(|_| backend("staging lock poisoned"))?;
        while g.len() < 2 {
            // SAFETY: the contents are written before any copy reads them; flags 0 gives
            // ordinary (not write-combined) page-locked memory, which the host also reads.
            let host = unsafe { self.ctx.alloc_pinned_with_flags::<u8>(STAGING_CHUNK, 0) }
                .ctx("cuMemHostAlloc")?;
            g.push(Slot { host, done: None });
        }
        Ok(g)
    }

    fn upload_staged(&self, dst: CUdeviceptr, src: &[u8]) -> Result<()> {
        let mut slots = self.slots()?;
        for (k, chunk) in src.chunks(STAGING_CHUNK).enumerate() {
            let slot = &mut slots[k % 2];
            if let Some(e) = slot.done.take() {
                e.synchronize().ctx("cuEventSynchronize")?;
            }
            let p = slot.host.as_mut_ptr().ctx("pinned buffer")?;
            // SAFETY: `p` points to STAGING_CHUNK >= chunk.len() bytes of pinned memory no
            // queued copy uses any more (its event was waited for above).
            let staged = unsafe {
                std::ptr::copy_nonoverlapping(chunk.as_ptr(), p, chunk.len());
                std::slice::from_raw_parts(p, chunk.len())
            };
            let off = (k * STAGING_CHUNK) as u64;
            // SAFETY: `dst + off .. + chunk.len()` lies in the destination allocation; the
            // staging memory stays untouched until `done` has been reached.
            unsafe {
                cudarc::driver::result::memcpy_htod_async(
                    dst + off,
                    staged,
                    self.stream.cu_stream(),
                )
            }
            .ctx("cuMemcpyHtoDAsync")?;
            slot.done = Some(self.stream.record_event(None).ctx("cuEventRecord")?);
        }
        for s in slots.iter_mut() {
            if let Some(e) = s.done.take() {
                e.synchronize().ctx("cuEventSynchronize")?;
            }
        }
        Ok(())
    }

    fn download_staged(&self, src: CUdeviceptr, dst: &mut [u8]) -> Result<()> {
        let mut slots = self.slots()?;
        let n = dst.len().div_ceil(STAGING_CHUNK);
        let total = dst.len();
        let len = |k: usize| (total - k * STAGING_CHUNK).min(STAGING_CHUNK);
        let enqueue = |slots: &mut Vec<Slot>, k: usize| -> Result<()> {
            let l = (total - k * STAGING_CHUNK).min(STAGING_CHUNK);
            let slot = &mut slots[k % 2];
            let p = slot.host.as_mut_ptr().ctx("pinned buffer")?;
            // SAFETY: `p` holds STAGING_CHUNK >= l bytes; the previous content of this slot
            // was copied out before (chunk k - 2 is consumed before chunk k is queued).
            let staged = unsafe { std::slice::from_raw_parts_mut(p, l) };
            let off = (k * STAGING_CHUNK) as u64;
            // SAFETY: `src + off .. + l` lies in the source allocation.
            unsafe {
                cudarc::driver::result::memcpy_dtoh_async(
                    staged,
                    src + off,
                    self.stream.cu_stream(),
                )
            }
            .ctx("cuMemcpyDtoHAsync")?;
            slot.done = Some(self.stream.record_event(None).ctx("cuEventRecord")?);
            Ok(())
        };
        enqueue(&mut slots, 0)?;
        for k in 0..n {
            if k + 1 < n {
                enqueue(&mut slots, k + 1)?;
            }
            let slot = &mut slots[k % 2];
            if let Some(e) = slot.done.take() {
                e.synchronize().ctx("cuEventSynchronize")?;
            }
            let p = slot.host.as_mut_ptr().ctx("pinned buffer")?;
            let l = len(k);
            // SAFETY: the copy into this slot has completed (event above); `p` holds `l`
            // valid bytes.
            let staged = unsafe { std::slice::from_raw_parts(p, l) };
            dst[k * STAGING_CHUNK..k * STAGING_CHUNK + l].copy_from_slice(staged);
        }
        Ok(())
    }
}

impl Backend for CudaBackend {
    type Buffer = CudaBuffer;

    fn create(index: usize) -> Result<Self> {
        Self::create_with_options(index, &BackendOptions::default())
    }

    fn create_with_options(index: usize, options: &BackendOptions) -> Result<Self> {
        options.expect_keys(&["matmul"])?;
        let mode = MatmulMode::select(options.get("matmul"))?;
        let found = device::select(index)?;
        let ctx = CudaContext::new(index).ctx("cuDevicePrimaryCtxRetain")?;
        // SAFETY: every operation of this backend runs on its single stream, which orders
        // them; no buffer is shared with another stream.
        unsafe { ctx.disable_event_tracking() };
        let stream = ctx.new_stream().ctx("cuStreamCreate")?;
        let cc = ctx.compute_capability().ctx("cuDeviceGetAttribute")?;
        let total_mem = ctx.total_mem().ctx("cuDeviceTotalMem")?;
        ctx.bind_to_thread().ctx("cuCtxSetCurrent")?;
        let blas = if device::cublas_present() {
            Some(Mutex::new(Blas::new(&stream, mode)?))
        } else {
            None
        };
        Ok(CudaBackend {
            name: found.devices[index].clone(),
            devices: found.devices,
            driver_version: found.driver_version,
            arch: format!("compute_{}{}", cc.0, cc.1),
            cc,
            total_mem,
            index,
            mode,
            blas,
            ctx,
            stream,
            modules: Mutex::new(Modules::default()),
            staging: Mutex::new(Vec::new()),
        })
    }

    fn synchronize(&self) -> Result<()> {
        self.stream.synchronize().ctx("cuStreamSynchronize")
    }

    fn info(&self) -> BackendInfo {
        let mut extra = BTreeMap::new();
        extra.insert("matmul".into(), self.mode.name().into());
        extra.insert(
            "compute_capability".into(),
            format!("{}.{}", self.cc.0, self.cc.1),
        );
        extra.insert("arch".into(), self.arch.clone());
        extra.insert(
            "memory".into(),
            format!("{:.1} GiB", self.total_mem as f64 / (1u64 << 30) as f64),
        );
        extra.insert(
            "driver".into(),
            format!("CUDA {}", device::version_string(self.driver_version)),
        );
        if let Some((a, b)) = program::nvrtc_version() {
            extra.insert("nvrtc".into(), format!("{a}.{b}"));
        }
        extra.insert("compile_flags".into(), program::COMPILE_FLAGS.join(" "));
        let (c, d) = self.module_loads();
        extra.insert(
            "modules".into(),
            format!("{c} compiled, {d} from disk cache"),
        );
        extra.insert(
            "ptx_cache".into(),
            program::cache_dir().map_or("off".into(), |p| p.display().to_string()),
        );
        extra.insert(
            "f16_bf16".into(),
            "storage (u16 bits) with hardware conversions (PTX cvt; bf16 narrowing in \
             integer arithmetic before sm_80); compute in f32 like PyTorch's opmath, \
             transcendentals in f64, rounded once"
                .into(),
        );
        extra.insert(
            "transfers".into(),
            format!(
                "pinned staging ({} MiB chunks, double-buffered) from {} MiB; pageable below",
                STAGING_CHUNK >> 20,
                STAGING_MIN >> 20
            ),
        );
        let blas = self.blas.as_ref().map(|b| {
            let v = b.lock().map(|b| b.version).unwrap_or(0);
            format!(
                "cuBLAS {}.{}.{} (f16/bf16/f32/f64; {} mode)",
                v / 10000,
                (v / 100) % 100,
                v % 100,
                self.mode.name()
            )
        });
        BackendInfo {
            name: NAME.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            device: self.name.clone(),
            devices: self.devices.clone(),
            dtypes: DType::ALL.to_vec(),
            math_mode: if self.mode == MatmulMode::Ieee {
                "ieee".into()
            } else {
                format!("ieee; matmul {}", self.mode.name())
            },
            denormals: "preserved".into(),
            reduction: "one thread per output element, sequential over the reduced block in \
                        C order with Neumaier compensation, accumulating in f64; sum/mean \
                        over 1024+ elements: one 256-thread block per output, strided \
                        partial sums then a fixed binary tree; two-pass var/std; no \
                        atomics; deterministic"
                .into(),
            blas,
            extra,
        }
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        device::supports(op, dtype)
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<CudaBuffer> {
        let bytes = len
            .checked_mul(dtype.size_of())
            .ok_or_else(|| Error::invalid("alloc", format!("{len} elements overflow")))?;
        // SAFETY: the contents are unspecified by the trait's contract; every byte is
        // written before it is read (ops write whole outputs).
        let mem =
            unsafe { self.stream.alloc::<u8>(bytes.max(1)) }.map_err(|e| alloc_error(e, bytes))?;
        Ok(CudaBuffer { mem, dtype, len })
    }

    fn buffer_len(&self, buf: &CudaBuffer) -> usize {
        buf.len
    }

    fn upload(&self, dst: &mut CudaBuffer, src: &[u8]) -> Result<()> {
        if src.len() != dst.bytes() {
            return Err(Error::invalid(
                "upload",
                format!("{} bytes for a buffer of {} bytes", src.len(), dst.bytes()),
            ));
        }
        if src.is_empty() {
            return Ok(());
        }
        self.bind()?;
        let (ptr, _g) = dst.mem.device_ptr(&self.stream);
        if src.len() >= STAGING_MIN {
            return self.upload_staged(ptr, src);
        }
        // SAFETY: `ptr` addresses at least `src.len()` bytes; from pageable memory the call
        // returns once `src` has been staged by the driver, and the stream is synchronised
        // below so the copy is complete when `upload` returns.
        unsafe { cudarc::driver::result::memcpy_htod_async(ptr, src, self.stream.cu_stream()) }
            .ctx("cuMemcpyHtoDAsync")?;
        self.synchronize()
    }

    fn download(&self, src: &CudaBuffer, dst: &mut [u8]) -> Result<()> {
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
            return self.synchronize();
        }
        self.bind()?;
        let (ptr, _g) = src.mem.device_ptr(&self.stream);
        if dst.len() >= STAGING_MIN {
            return self.download_staged(ptr, dst);
        }
        // SAFETY: `ptr` addresses at least `dst.len()` bytes; the stream is synchronised
        // before `dst` is used.
        unsafe { cudarc::driver::result::memcpy_dtoh_async(dst, ptr, self.stream.cu_stream()) }
            .ctx("cuMemcpyDtoHAsync")?;
        self.synchronize()
    }

    fn copy(&self, x: Src<'_, CudaBuffer>, out: Dst<'_, CudaBuffer>) -> Result<()> {
        self.check_out(Op::Copy, &out, x.dtype)?;
        let p = self.prep(Op::Copy, x, x.dtype)?;
        let (xb, xl) = p.get();
        let size = x.dtype.size_of();
        let k = ops::copy::kernel(size);
        self.elementwise(
            "contiguous",
            (&k, &|| ops::copy::source(&CudaC, size), &k),
            [(xb, xl)],
            out.buf,
            out.shape,
        )
    }

    fn unary(&self, op: UnaryOp, x: Src<'_, CudaBuffer>, out: Dst<'_, CudaBuffer>) -> Result<()> {
        let o = Op::Unary(op);
        let uns = || self.unsupported(o, x.dtype);
        if !self.supports(o, x.dtype) {
            return Err(uns());
        }
        let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
        self.check_out(o, &out, r)?;
        let p = self.prep(o, x, c)?;
        let (xb, xl) = p.get();
        self.elementwise(
            op.name(),
            (
                &ops::unary::program(c),
                &|| ops::unary::source(&CudaC, c),
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
        a: Src<'_, CudaBuffer>,
        b: Src<'_, CudaBuffer>,
        out: Dst<'_, CudaBuffer>,
    ) -> Result<()> {
        let o = Op::Binary(op);
        let uns = || self.unsupported(o, a.dtype);
        let (c, r) = op.dtypes(a.dtype, b.dtype).map_err(|_| uns())?;
        self.check_out(o, &out, r)?;
        if !self.supports(o, c) {
            return Err(self.unsupported(o, c));
        }
        if a.layout.shape() != out.shape || b.layout.shape() != out.shape {
            return Err(Error::shapes(op.name(), a.layout.shape(), b.layout.shape()));
        }
        let pa = self.prep(o, a, c)?;
        let pb = self.prep(o, b, c)?;
        if op == BinaryOp::Pow && c.is_int() {
            self.check_exponents(c, pb.get(), out.shape)?;
        }
        self.elementwise(
            op.name(),
            (
                &ops::binary::program(c),
                &|| ops::binary::source(&CudaC, c),
                &ops::binary::kernel(op, c),
            ),
            [pa.get(), pb.get()],
            out.buf,
            out.shape,
        )
    }

    fn where_(
        &self,
        cond: Src<'_, CudaBuffer>,
        a: Src<'_, CudaBuffer>,
        b: Src<'_, CudaBuffer>,
        out: Dst<'_, CudaBuffer>,
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
        let k = ops::binary::where_kernel(size);
        self.elementwise(
            "where",
            (&k, &|| ops::binary::where_source(&CudaC, size), &k),
            [pc.get(), pa.get(), pb.get()],
            out.buf,
            out.shape,
        )
    }

    fn cast(&self, x: Src<'_, CudaBuffer>, out: Dst<'_, CudaBuffer>) -> Result<()> {
        let to = out.dtype;
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
        x: Src<'_, CudaBuffer>,
        axes: &[usize],
        ddof: f64,
        out: Dst<'_, CudaBuffer>,
    ) -> Result<()> {
        let o = Op::Reduce(op);
        let uns = || self.unsupported(o, x.dtype);
        let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
        self.check_out(o, &out, r)?;
        if !ops::reduce::has_kernel(op, c) {
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
        let ol = Lay::new(&ks, &kt, xl.offset(), op.name(), "CUDA")?;
        let il = Lay::new(&rs, &rt, 0, op.name(), "CUDA")?;
        let nout = out.numel();
        let (kname, cfg) = if n >= ops::reduce::BLOCK_MIN && ops::reduce::has_block_kernel(op, c) {
            let blocks = u32::try_from(nout)
                .ok()
                .filter(|&b| b < i32::MAX as u32)
                .ok_or_else(|| backend(format!("{nout} outputs exceed one launch")))?;
            (
                ops::reduce::block_kernel(op, c),
                LaunchConfig {
                    grid_dim: (blocks, 1, 1),
                    block_dim: (ops::reduce::BLOCK_THREADS, 1, 1),
                    shared_mem_bytes: 0,
                },
            )
        } else {
            (ops::reduce::kernel(op, c), grid_1d(nout)?)
        };
        self.launch(
            (
                &ops::reduce::program(c),
                &|| ops::reduce::source(&CudaC, c),
                &kname,
            ),
            &[
                Arg::Buf(xb),
                Arg::Lay(&ol),
                Arg::Lay(&il),
                Arg::I64(n as i64),
                Arg::F64(ddof),
                Arg::Buf(out.buf),
                Arg::I64(nout as i64),
            ],
            cfg,
        )
    }

    fn softmax(
        &self,
        op: SoftmaxOp,
        x: Src<'_, CudaBuffer>,
        axis: usize,
        out: Dst<'_, CudaBuffer>,
    ) -> Result<()> {
        let o = Op::Softmax(op);
        let c = x.dtype.to_float();
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
        let rl = Lay::new(&rs, &rt, xl.offset(), op.name(), "CUDA")?;
        self.launch(
            (
                &ops::reduce::program(c),
                &|| ops::reduce::source(&CudaC, c),
                &ops::reduce::softmax_kernel(op, c),
            ),
            &[
                Arg::Buf(xb),
                Arg::Lay(&rl),
                Arg::I64(len as i64),
                Arg::I64(xl.strides()[axis] as i64),
                Arg::I64(inner.max(1) as i64),
                Arg::Buf(out.buf),
                Arg::I64(rows as i64),
            ],
            grid_1d(rows)?,
        )
    }

    fn matmul(
        &self,
        a: Src<'_, CudaBuffer>,
        b: Src<'_, CudaBuffer>,
        out: Dst<'_, CudaBuffer>,
    ) -> Result<()> {
        let c = DType::promote(a.dtype, b.dtype);
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
        let (sam, sak) = (al.strides()[nd - 2], al.strides()[nd - 1]);
        let (sbk, sbn) = (bl.strides()[nd - 2], bl.strides()[nd - 1]);
        if let Some(blas) = &self.blas
            && k > 0
            && self.mode.split_bf16x3(c)
        {
            return self.matmul_bf16x3(blas, [(ab, al), (bb, bl)], (m, k, n, batch), out.buf);
        }
        if let Some(blas) = &self.blas
            && k > 0
            && blas::data_type(c).is_some()
            && let (Some(oa), Some(ob), Some(ba), Some(bb_)) = (
                blas::operand(m, k, sam, sak),
                blas::operand(k, n, sbk, sbn),
                blas::batch_stride(&bs, &sa),
                blas::batch_stride(&bs, &sb),
            )
        {
            let size = c.size_of() as u64;
            let (pa_, _g1) = ab.mem.device_ptr(&self.stream);
            let (pb_, _g2) = bb.mem.device_ptr(&self.stream);
            let (pc_, _g3) = out.buf.mem.device_ptr(&self.stream);
            let blas = blas.lock().map_err(|_| backend("cuBLAS lock poisoned"))?;
            self.bind()?;
            // SAFETY: the pointers are live allocations of this context; `check_fits`
            // (in `prep`) proved that every element the strides reach lies in its buffer,
            // and `check_out` that the output holds batch * m * n elements.
            return unsafe {
                blas.gemm(
                    c,
                    self.mode,
                    (m, n, k, batch),
                    (pa_ + al.offset() as u64 * size, oa, ba),
                    (pb_ + bl.offset() as u64 * size, ob, bb_),
                    pc_,
                )
            };
        }
        let alay = Lay::new(&bs, &sa, al.offset(), "matmul", "CUDA")?;
        let blay = Lay::new(&bs, &sb, bl.offset(), "matmul", "CUDA")?;
        let t = ops::matmul::TILE;
        let gy = m.div_ceil(t);
        if gy > 65535 {
            return Err(Error::invalid(
                "matmul",
                format!("{m} rows exceed the kernel grid (at most {})", 65535 * t),
            ));
        }
        let cfg = LaunchConfig {
            grid_dim: (
                u32::try_from(n.div_ceil(t)).map_err(|_| backend("matmul: n too large"))?,
                gy as u32,
                batch.min(65535) as u32,
            ),
            block_dim: (t as u32, t as u32, 1),
            shared_mem_bytes: 0,
        };
        let kname = if ops::matmul::tiled(c) {
            ops::matmul::kernel(c)
        } else {
            ops::matmul::simple_kernel(c)
        };
        self.launch(
            (
                &ops::matmul::program(c),
                &|| ops::matmul::source(&CudaC, c),
                &kname,
            ),
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
                Arg::I64(batch as i64),
            ],
            cfg,
        )
    }

    fn fill(&self, value: Scalar, out: Dst<'_, CudaBuffer>) -> Result<()> {
        let dt = out.dtype;
        self.check_out(Op::Fill, &out, dt)?;
        let n = out.buf.len;
        if n == 0 {
            return Ok(());
        }
        let pat = value.to_bytes(dt);
        let mut word = [0u8; 8];
        word[..pat.len()].copy_from_slice(&pat);
        let size = dt.size_of();
        let k = ops::copy::fill_kernel(size);
        self.launch(
            (
                &ops::copy::kernel(size),
                &|| ops::copy::source(&CudaC, size),
                &k,
            ),
            &[
                Arg::Buf(out.buf),
                Arg::I64(i64::from_le_bytes(word)),
                Arg::I64(n as i64),
            ],
            grid_1d(n)?,
        )
    }

    fn arange(&self, start: Scalar, step: Scalar, out: Dst<'_, CudaBuffer>) -> Result<()> {
        let dt = out.dtype;
        self.check_out(Op::Arange, &out, dt)?;
        let n = out.buf.len;
        let (a, b) = if dt.is_float() {
            (Arg::F64(start.f), Arg::F64(step.f))
        } else {
            (Arg::I64(start.i), Arg::I64(step.i))
        };
        self.launch(
            (
                &ops::creation::program(dt),
                &|| ops::creation::source(&CudaC, dt),
                &format!("arange_{}", dt.name()),
            ),
            &[Arg::Buf(out.buf), a, b, Arg::I64(n as i64)],
            grid_1d(n)?,
        )
    }

    fn linspace(
        &self,
        start: f64,
        stop: f64,
        endpoint: bool,
        out: Dst<'_, CudaBuffer>,
    ) -> Result<()> {
        let dt = out.dtype;
        self.check_out(Op::Linspace, &out, dt)?;
        let n = out.buf.len;
        let div = if endpoint { n.saturating_sub(1) } else { n };
        let step = (stop - start) / div as f64;
        self.launch(
            (
                &ops::creation::program(dt),
                &|| ops::creation::source(&CudaC, dt),
                &format!("linspace_{}", dt.name()),
            ),
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
            grid_1d(n)?,
        )
    }

    fn rand(&self, dist: RandDist, seed: u64, out: Dst<'_, CudaBuffer>) -> Result<()> {
        let dt = out.dtype;
        let o = Op::Rand(dist);
        if !self.supports(o, dt) {
            return Err(self.unsupported(o, dt));
        }
        self.check_out(o, &out, dt)?;
        let n = out.buf.len;
        let k = match dist {
            RandDist::Uniform => format!("rand_{}", dt.name()),
            RandDist::Normal => format!("randn_{}", dt.name()),
        };
        self.launch(
            (
                &ops::creation::program(dt),
                &|| ops::creation::source(&CudaC, dt),
                &k,
            ),
            &[
                Arg::Buf(out.buf),
                Arg::U32(seed as u32),
                Arg::U32((seed >> 32) as u32),
                Arg::I64(n as i64),
            ],
            grid_1d(n)?,
        )
    }
}

tensor_core::export_backend!(CudaBackend);
