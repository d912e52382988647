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
//! - The ops are the shared GPU layer, `tensor_core::kernels`: its host side runs them over
//!   this backend's [`Runtime`] implementation (module cache, launches, the cuBLAS hook of
//!   [`ops::matmul`]), and every kernel is CUDA C generated from the shared template of its
//!   op family in the [`dialect::CudaC`] dialect ([`ops`]), instantiated per dtype (kernel names carry the dtype: `unary_exp_f32`), compiled with
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
use ops::matmul::Problem;
use ops::{BLOCK, Lay};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tensor_core::backend::BackendOptions;
use tensor_core::kernels::Dialect;
use tensor_core::kernels::runtime::{GpuBuffer, Grid, Kernel, Runtime, check_transfer};
use tensor_core::{Backend, BackendInfo, DType, Error, Result};

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
pub type Arg<'a> = tensor_core::kernels::runtime::Arg<'a, CudaBuffer>;

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

/// `n` blocks as a grid dimension.
fn blocks_u32(n: usize) -> Result<u32> {
    u32::try_from(n)
        .ok()
        .filter(|&b| b < i32::MAX as u32)
        .ok_or_else(|| backend(format!("{n} blocks exceed one kernel launch")))
}

/// `blocks` blocks of `threads` threads in a row.
fn grid_1d(blocks: usize, threads: u32) -> Result<LaunchConfig> {
    Ok(LaunchConfig {
        grid_dim: (blocks_u32(blocks)?, 1, 1),
        block_dim: (threads, 1, 1),
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

    /// Launches `kernel` (its module compiled from its source on first use) with `cfg`.
    fn launch_cfg(&self, kernel: Kernel<'_>, args: &[Arg<'_>], cfg: LaunchConfig) -> Result<()> {
        let (module, source, kernel) = (kernel.program, kernel.source, kernel.name);
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
                Arg::F32(v) => b.arg(v),
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

    /// Makes this backend's context current on the calling thread (raw driver and cuBLAS
    /// calls need it; cudarc's safe calls do it themselves).
    fn bind(&self) -> Result<()> {
        self.ctx.bind_to_thread().ctx("cuCtxSetCurrent")
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
            let l = len(k);
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
            widening_reduce: false,
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
        check_transfer("upload", src.len(), dst.bytes())?;
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
        check_transfer("download", dst.len(), src.bytes())?;
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

    tensor_core::gpu_backend_ops!();
}

impl Runtime for CudaBackend {
    fn dialect(&self) -> &dyn Dialect {
        &CudaC
    }

    fn launch(&self, kernel: Kernel<'_>, args: &[Arg<'_>], grid: Grid) -> Result<()> {
        let cfg = match grid {
            Grid::Flat(n) => grid_1d(n.div_ceil(BLOCK as usize), BLOCK)?,
            Grid::Blocks { blocks, threads } => grid_1d(blocks, threads)?,
            Grid::Matrix {
                cols, rows, batch, ..
            } => {
                let t = ops::matmul::TILE;
                let gy = rows.div_ceil(t);
                if gy > 65535 {
                    return Err(Error::invalid(
                        "matmul",
                        format!("{rows} rows exceed the kernel grid (at most {})", 65535 * t),
                    ));
                }
                let gx =
                    u32::try_from(cols.div_ceil(t)).map_err(|_| backend("matmul: n too large"))?;
                LaunchConfig {
                    grid_dim: (gx, gy as u32, batch.min(65535) as u32),
                    block_dim: (t as u32, t as u32, 1),
                    shared_mem_bytes: 0,
                }
            }
        };
        self.launch_cfg(kernel, args, cfg)
    }

    fn matmul_native(&self, mm: &Problem<'_, CudaBuffer>) -> Result<bool> {
        ops::matmul::native(self, mm)
    }
}

tensor_core::export_backend!(CudaBackend);
