//! Batched matrix product `[..., m, k] x [..., k, n]`, and which GEMM computes it.
//!
//! # Paths
//! Every call takes exactly one of these, decided by `plan` from the dtype, the shapes
//! and the strides only (never from the thread count, so results do not depend on it):
//! - **direct** ([`Path::Direct`]): products of at most [`DIRECT_MAX`] in each of `m`, `k`,
//!   `n`, any dtype: a plain triple loop over the strided operands in the dtype's
//!   accumulator (`f64` for floats, one rounding at the end), so a 4x4 product costs a
//!   few nanoseconds more than the arithmetic and no library call;
//! - **openblas** ([`Path::OpenBlas`]): `f32`/`f64` through `cblas_?gemm` (or `?gemv` when
//!   `m` or `n` is 1, as NumPy does) once per batch element, when both matrices are
//!   BLAS-compatible (one unit stride among their last two axes, a leading dimension at
//!   least the other extent, passed with `CblasTrans` as needed) and OpenBLAS is the
//!   selected GEMM;
//! - **gemv** ([`Path::Gemv`]): matrix-vector products (`m` or `n` is 1) of every float
//!   dtype, beyond the direct kernel's sizes: [`super::gemv`], which reads the matrix once
//!   at memory speed, sums in `f64` (`f32`: in blocks of fused multiply-adds added to
//!   `f64` partials) and gives the same bits for every layout of the operands and every
//!   instruction set. `f32` takes it where the CPU has FMA (elsewhere the kernel would
//!   emulate it, ~30x slower: the GEMM paths below run instead);
//! - **rust** ([`Path::Rust`]): `f32`/`f64` through the `gemm` crate, which takes any row
//!   and column strides (step-2 slices, negative strides, broadcast axes): no operand is
//!   ever copied whole. Multi-threaded over rayon inside each product;
//! - **batched** ([`Path::Batched`]): `f32`/`f64` batches of at least two small matrices
//!   (`m * k * n` at most [`BATCH_SMALL`]): the batch elements run in parallel over the
//!   rayon pool, one single-threaded `gemm`-crate product each;
//! - **half, widened** ([`Path::HalfWide`]): `f16`/`bf16` products whose operands and
//!   output, widened to `f64`, fit in [`HALF_WIDE_MAX`] bytes: both operands are cast
//!   (exactly, with the vectorised conversions) to contiguous `f64` tensors, multiplied by
//!   the `f64` path `plan` picks for them (OpenBLAS or the `gemm` crate, multi-threaded
//!   inside the product), and the `f64` result is rounded once by the cast rules. The same
//!   numbers as the tiles below (an `f64` sum rounded once) at `f64` GEMM speed: the tiles
//!   widen every operand element once per tile that reads it;
//! - **half** ([`Path::Half`]): larger `f16`/`bf16` products (OpenBLAS has no kernels for them): tiles of
//!   at most [`TILE_M`] x [`TILE_K`] and [`TILE_K`] x [`TILE_N`] are widened to `f64`
//!   (exactly) in a bounded scratch buffer per task, multiplied by the `gemm` crate in
//!   `f64` and accumulated over `k` in an `f64` tile, which is rounded once: the numbers
//!   of the previous `f64`-accumulating kernel, at GEMM speed. Tasks are row blocks of the
//!   output, in parallel;
//! - **fallback** ([`matmul_fallback`]): integers (wrapping in `i64`) and `bool` (OR of
//!   ANDs).
//!
//! # Which GEMM for `f32`/`f64`
//! Debian's OpenBLAS 0.3.21 picks its kernels when it is loaded, before any code of ours
//! runs, and on CPUs newer than itself falls back to generic ones (`Prescott`: an f32
//! 1024 product takes ~50 ms instead of ~8 ms). `OPENBLAS_CORETYPE` is read only at load,
//! so the backend cannot fix that by setting it (and never overrides a user's setting).
//! Instead [`selection`] compares the core OpenBLAS reports (`openblas_get_corename`,
//! classified by [`core_level`]) with the CPU's level ([`crate::isa`]): OpenBLAS when its
//! core is at that level, the `gemm` crate when it is below (e.g. `Prescott`, `Core2`,
//! `Nehalem`, `Sandybridge` on an AVX2 CPU; anything but `SkylakeX`, `Cooperlake`,
//! `SapphireRapids` on an AVX-512 one). `TENSOR_CPU_GEMM` overrides this:
//! - `auto` (default, or unset): as above, except that single products up to
//!   [`SINGLE_SMALL`] (`m * k * n`) always take the `gemm` crate, whose bits do not depend
//!   on the operands' layout (OpenBLAS's small-matrix kernels do: see there);
//! - `openblas`: OpenBLAS for every BLAS-compatible `f32`/`f64` product (the direct and
//!   batched paths are not taken; layouts BLAS cannot take still go to the `gemm` crate);
//! - `gemm` (or `rust`): the `gemm` crate for every `f32`/`f64` product (no direct path).
//!
//! A misspelt value is refused when the backend is created ([`check_env`]).
//!
//! # The `TENSOR_CPU_ISA` cap
//! The `gemm` crate picks its kernels itself (AVX-512 when the CPU has AVX-512 F, else
//! AVX2 + FMA when it has FMA, else scalar) and offers no way to restrict that. So when
//! the cap is below what the `gemm` crate would use, `auto` keeps OpenBLAS for `f32`/`f64`
//! (which follows its own core choice, not the cap). The paths that always use the `gemm`
//! crate (`f16`/`bf16`, layouts BLAS cannot take, small products and batches of them) ignore the
//! cap; their results do not depend on the kernel width beyond rounding (see
//! `docs/precision.md`).

use super::cast::{Castable, Wide, convert};
use super::gemv::gemv;
use crate::buffer::{CpuBuffer, Pod};
use crate::isa;
use cblas_sys::{
    CBLAS_LAYOUT, CBLAS_TRANSPOSE, cblas_dgemm, cblas_dgemv, cblas_sgemm, cblas_sgemv,
};
use rayon::prelude::*;
use std::sync::OnceLock;
use tensor_core::{DType, Layout, Result, with_dtype};

/// The environment variable that selects the GEMM of `f32`/`f64` products.
pub const GEMM_ENV: &str = "TENSOR_CPU_GEMM";

/// Products with `m`, `k` and `n` all at most this take the direct kernel (in `auto`).
pub const DIRECT_MAX: usize = 8;

/// Batches of matrices with `m * k * n` at most this run one matrix per thread.
pub const BATCH_SMALL: usize = 128 * 128 * 128;

/// Largest single `f32`/`f64` product (`m * k * n`) that `auto` gives to the `gemm` crate
/// whatever the CPU, instead of OpenBLAS: OpenBLAS 0.3.21 has small-matrix and direct
/// kernels (SkylakeX: the direct `sgemm` for non-transposed row-major operands up to
/// `m n k < 28 * 512^2`, small-matrix `?gemm` kernels per transposition case) that sum in
/// an order that depends on the transposition flags, so a product of a transposed view and
/// of its contiguous copy would differ in the last bits (the suite's layout check caught it
/// on an AVX-512 Xeon). The `gemm` crate packs every layout the same way. Above this size
/// OpenBLAS packs its operands, whatever the flags, and the results agree.
pub const SINGLE_SMALL: usize = 1 << 23;

/// Largest `f64` scratch (both operands and the output, widened) of [`Path::HalfWide`], in
/// bytes; larger `f16`/`bf16` products take the bounded tiles of [`Path::Half`].
pub const HALF_WIDE_MAX: usize = 256 << 20;

/// Output rows per task of the `f16`/`bf16` path.
pub const TILE_M: usize = 128;
/// Output columns per tile of the `f16`/`bf16` path.
pub const TILE_N: usize = 256;
/// Depth per tile of the `f16`/`bf16` path.
pub const TILE_K: usize = 256;

/// What `TENSOR_CPU_GEMM` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Choose by the OpenBLAS core, the CPU level and the shape.
    Auto,
    /// OpenBLAS wherever the layout allows it.
    OpenBlas,
    /// The `gemm` crate for every `f32`/`f64` product.
    Rust,
}

/// The library that runs large `f32`/`f64` products.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// OpenBLAS through CBLAS.
    OpenBlas,
    /// The `gemm` crate.
    Rust,
}

impl Engine {
    /// The name printed in the backend's info.
    pub fn name(self) -> &'static str {
        match self {
            Engine::OpenBlas => "openblas",
            Engine::Rust => "rust",
        }
    }
}

/// The mode named by `value`, or an error message listing the accepted values.
fn parse_mode(value: Option<&str>) -> std::result::Result<Mode, String> {
    match value {
        None | Some("") | Some("auto") => Ok(Mode::Auto),
        Some("openblas") | Some("blas") => Ok(Mode::OpenBlas),
        Some("gemm") | Some("rust") => Ok(Mode::Rust),
        Some(other) => Err(format!(
            "{GEMM_ENV}={other:?} is not one of: auto, openblas, gemm (or rust)"
        )),
    }
}

/// Checks `TENSOR_CPU_GEMM`; `Err` is the message for a value that is not understood.
pub fn check_env() -> std::result::Result<(), String> {
    parse_mode(std::env::var(GEMM_ENV).ok().as_deref()).map(|_| ())
}

/// The [`isa`] level whose kernels an OpenBLAS core name stands for: AVX-512 for
/// `SkylakeX`/`Cooperlake`/`SapphireRapids`, AVX2 + FMA ([`isa::V3`]) for
/// `Haswell`/`Zen`, baseline for every older or generic core; `None` for a name this
/// table does not know.
pub fn core_level(core: &str) -> Option<u8> {
    let c = core.trim().to_ascii_lowercase();
    Some(match c.as_str() {
        "skylakex" | "cooperlake" | "sapphirerapids" => isa::AVX512,
        "haswell" | "zen" => isa::V3,
        "katmai" | "coppermine" | "northwood" | "prescott" | "banias" | "atom" | "core2"
        | "penryn" | "dunnington" | "nehalem" | "athlon" | "opteron" | "opteron_sse3"
        | "barcelona" | "nano" | "sandybridge" | "bobcat" | "bulldozer" | "piledriver"
        | "steamroller" | "excavator" | "generic" | "unknown" => isa::BASELINE,
        _ => return None,
    })
}

/// The level of the kernels the `gemm` crate dispatches to on this CPU (not cappable).
fn rust_gemm_level() -> u8 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            return isa::AVX512;
        }
        if std::arch::is_x86_feature_detected!("fma") {
            return isa::V3;
        }
    }
    isa::BASELINE
}

/// The `f32`/`f64` GEMM in force and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// What `TENSOR_CPU_GEMM` asked for.
    pub mode: Mode,
    /// The library for large `f32`/`f64` products.
    pub engine: Engine,
    /// Why, in words (for the backend's info).
    pub why: String,
    /// Whether the level in force has FMA (the `f32` matrix-vector kernel needs it).
    pub fma: bool,
}

/// The decision of [`selection`] from its inputs: the mode, OpenBLAS's core name, the
/// CPU's level within the cap, the CPU's own level and the `gemm` crate's level.
pub fn decide(mode: Mode, core: &str, level: u8, cpu: u8, rust: u8) -> Selection {
    let (engine, why) = match mode {
        Mode::OpenBlas => (Engine::OpenBlas, format!("{GEMM_ENV}=openblas")),
        Mode::Rust => (Engine::Rust, format!("{GEMM_ENV}=gemm")),
        Mode::Auto => {
            let capped = if level < cpu {
                format!(" (capped by {})", isa::ISA_ENV)
            } else {
                String::new()
            };
            let lv = isa::level_name(level);
            match core_level(core) {
                None => (
                    Engine::OpenBlas,
                    format!("OpenBLAS core {core} not known here: kept"),
                ),
                Some(c) if c >= level => (
                    Engine::OpenBlas,
                    format!("OpenBLAS core {core} matches the CPU level {lv}{capped}"),
                ),
                Some(_) if rust <= level => (
                    Engine::Rust,
                    format!("OpenBLAS core {core} below the CPU level {lv}{capped}"),
                ),
                Some(_) => (
                    Engine::OpenBlas,
                    format!(
                        "OpenBLAS core {core} below the CPU level, but the gemm crate \
                         would use {} above the {} cap {lv}",
                        isa::level_name(rust),
                        isa::ISA_ENV
                    ),
                ),
            }
        }
    };
    Selection {
        mode,
        engine,
        why,
        fma: level >= isa::AVX2,
    }
}

/// The selection for this process: read once from `TENSOR_CPU_GEMM`, the OpenBLAS core
/// and the CPU (a value that does not parse counts as `auto` here; `CpuBackend::create`
/// refuses it).
pub fn selection() -> &'static Selection {
    static SEL: OnceLock<Selection> = OnceLock::new();
    SEL.get_or_init(|| {
        let mode = parse_mode(std::env::var(GEMM_ENV).ok().as_deref()).unwrap_or(Mode::Auto);
        decide(
            mode,
            &crate::device::openblas_corename(),
            isa::level_value(),
            isa::cpu_level(),
            rust_gemm_level(),
        )
    })
}

/// Which GEMM runs for each dtype and why, for the backend's info.
pub fn describe() -> String {
    let s = selection();
    let mode = match s.mode {
        Mode::Auto => "auto",
        Mode::OpenBlas => "openblas",
        Mode::Rust => "gemm",
    };
    let mut d = format!(
        "{GEMM_ENV}={mode}; f32/f64={} ({}); f16/bf16=widened exactly to one f64 product, f64 \
         tiles beyond 256 MiB of scratch (OpenBLAS has no f16/bf16 kernels); layouts BLAS \
         cannot take=rust (any strides, no copies)",
        s.engine.name(),
        s.why
    );
    if s.mode != Mode::OpenBlas {
        d.push_str(&format!(
            "; f32/f64 batches of small matrices (m*k*n <= {BATCH_SMALL})=rust, one matrix per thread"
        ));
    }
    if s.mode == Mode::Auto {
        d.push_str(&format!(
            "; f32/f64 products up to m*k*n = {SINGLE_SMALL}=rust (layout-independent bits: \
             OpenBLAS's small-matrix kernels depend on the transposition flags)"
        ));
        d.push_str(&format!(
            "; products up to {DIRECT_MAX}x{DIRECT_MAX}x{DIRECT_MAX}=direct kernel"
        ));
        d.push_str(if s.fma {
            "; other matrix-vector products (m or n = 1)=gemv kernel (16 f64 partial sums, \
             f32 in fused blocks of 128 added to them; layout-independent bits)"
        } else {
            "; other f64/f16/bf16 matrix-vector products (m or n = 1)=gemv kernel (16 f64 \
             partial sums; layout-independent bits); f32 ones as above (no FMA here)"
        });
    }
    d
}

/// The operand shapes of one matmul.
struct Dims {
    batch: Vec<usize>,
    m: usize,
    k: usize,
    n: usize,
}

fn dims(al: &Layout, bl: &Layout) -> Dims {
    let r = al.ndim();
    Dims {
        batch: al.shape()[..r - 2].to_vec(),
        m: al.shape()[r - 2],
        k: al.shape()[r - 1],
        n: bl.shape()[bl.ndim() - 1],
    }
}

/// Storage offset of every batch element of `l`, in C order of the batch index.
pub(super) fn batch_offsets(l: &Layout, batch: &[usize]) -> Vec<isize> {
    if batch.is_empty() {
        return vec![l.offset() as isize];
    }
    let nb = batch.len();
    let bl = Layout::new(batch.to_vec(), l.strides()[..nb].to_vec(), l.offset())
        .expect("batch dims of a valid layout");
    bl.indices().map(|i| i as isize).collect()
}

/// The strides `(rows, cols)` of the matrix axes of `l`.
fn mat_strides(l: &Layout) -> (isize, isize) {
    let r = l.ndim();
    (l.strides()[r - 2], l.strides()[r - 1])
}

/// `(transpose, leading dimension)` when the last two axes (`r x c`, strides `s0, s1`)
/// can be handed to row-major `gemm` as they are.
fn blas_view(r: usize, c: usize, s0: isize, s1: isize) -> Option<(bool, usize)> {
    let row = (c <= 1 || s1 == 1) && (r <= 1 || s0 >= c.max(1) as isize);
    if row {
        return Some((false, if r <= 1 { c.max(1) } else { s0 as usize }));
    }
    let col = (r <= 1 || s0 == 1) && (c <= 1 || s1 >= r.max(1) as isize);
    if col {
        return Some((true, if c <= 1 { r.max(1) } else { s1 as usize }));
    }
    None
}

/// The BLAS view of the matrices of `l`, if it has one whose sizes fit `i32`.
fn blas_layout(l: &Layout) -> Option<(bool, usize)> {
    let r = l.ndim();
    let (rows, cols) = (l.shape()[r - 2], l.shape()[r - 1]);
    let (s0, s1) = mat_strides(l);
    blas_view(rows, cols, s0, s1).filter(|&(_, ld)| fits_int(ld))
}

fn fits_int(v: usize) -> bool {
    v <= i32::MAX as usize
}

/// The ways a product can be computed (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// The triple loop for tiny products.
    Direct,
    /// OpenBLAS, once per batch element.
    OpenBlas,
    /// The `gemm` crate, multi-threaded inside each product.
    Rust,
    /// The `gemm` crate, one single-threaded product per batch element in parallel.
    Batched,
    /// `f16`/`bf16` widened whole to `f64`, one `f64` product.
    HalfWide,
    /// `f16`/`bf16` through `f64` tiles.
    Half,
    /// The matrix-vector kernel of [`super::gemv`].
    Gemv,
    /// The general kernel (integers and `bool`).
    Fallback,
}

/// The path of a product of `dtype` with these layouts under `sel`.
fn plan(dtype: DType, al: &Layout, bl: &Layout, sel: &Selection) -> Path {
    let d = dims(al, bl);
    let float = matches!(dtype, DType::F16 | DType::BF16 | DType::F32 | DType::F64);
    if !float {
        return Path::Fallback;
    }
    if sel.mode == Mode::Auto && d.m.max(d.k).max(d.n) <= DIRECT_MAX {
        return Path::Direct;
    }
    // Without FMA (the baseline level) the `f32` kernel emulates its fused multiply-adds
    // and runs ~30x slower than with them: `f32` keeps the GEMM paths there.
    let fused = dtype != DType::F32 || sel.fma;
    if sel.mode == Mode::Auto && (d.m == 1 || d.n == 1) && fused {
        return Path::Gemv;
    }
    if matches!(dtype, DType::F16 | DType::BF16) {
        // `f64` bytes of both operands and the output (`None` on overflow).
        let outs = d.batch.iter().try_fold(d.m * d.n, |t, &e| t.checked_mul(e));
        let widened = [Some(al.numel()), Some(bl.numel()), outs]
            .into_iter()
            .try_fold(0usize, |t, e| t.checked_add(e?.checked_mul(8)?));
        return match widened {
            Some(bytes) if bytes <= HALF_WIDE_MAX => Path::HalfWide,
            _ => Path::Half,
        };
    }
    let nb: usize = d.batch.iter().product();
    let mkn = d.m.saturating_mul(d.k).saturating_mul(d.n);
    if sel.mode != Mode::OpenBlas && nb >= 2 && mkn <= BATCH_SMALL {
        return Path::Batched;
    }
    if sel.mode == Mode::Auto && mkn <= SINGLE_SMALL {
        return Path::Rust;
    }
    let blas_ok = sel.engine == Engine::OpenBlas
        && [d.m, d.n, d.k].into_iter().all(fits_int)
        && [al, bl].iter().all(|l| {
            blas_layout(l).is_some() && l.strides()[..l.ndim() - 2].iter().all(|&s| s >= 0)
        });
    if blas_ok { Path::OpenBlas } else { Path::Rust }
}

/// Matrix product of `a` and `b` into `out` (dtypes equal, shapes checked by the host).
pub fn matmul(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let path = plan(a.dtype(), al, bl, selection());
    matmul_path(path, (a, al), (b, bl), out)
}

/// [`matmul`] along a given path (tests run every path on the same data with this).
/// `Path::OpenBlas` needs BLAS-compatible `f32`/`f64` layouts; `Path::Rust`,
/// `Path::Batched` take `f32`/`f64`, `Path::Half` `f16`/`bf16`, `Path::Gemv` float
/// products with `m` or `n` equal to 1; `Path::Direct` and `Path::Fallback` any dtype.
/// Another combination is an internal error.
pub fn matmul_path(
    path: Path,
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    if out.is_empty() {
        return Ok(());
    }
    let d = dims(al, bl);
    let dt = a.dtype();
    let wrong = || {
        Err(tensor_core::Error::invalid(
            "matmul",
            format!("internal: path {path:?} cannot take {dt}"),
        ))
    };
    if d.k == 0 && !matches!(path, Path::Fallback | Path::Direct) {
        return with_dtype!(out.dtype(), |T| {
            out.as_mut_slice::<T>()?.fill(T::default());
            Ok(())
        });
    }
    match path {
        Path::Fallback => with_dtype!(dt, |T| matmul_fallback::<T>((a, al), (b, bl), out)),
        Path::Direct => with_dtype!(dt, |T| direct::<T>((a, al), (b, bl), out)),
        Path::OpenBlas => match dt {
            DType::F32 => openblas::<f32>((a, al), (b, bl), out),
            DType::F64 => openblas::<f64>((a, al), (b, bl), out),
            _ => wrong(),
        },
        Path::Rust | Path::Batched => {
            let batched = path == Path::Batched;
            match dt {
                DType::F32 => rust::<f32>((a, al), (b, bl), out, batched),
                DType::F64 => rust::<f64>((a, al), (b, bl), out, batched),
                _ => wrong(),
            }
        }
        Path::Gemv => match dt {
            DType::F32 => gemv::<f32>((a, al), (b, bl), out),
            DType::F64 => gemv::<f64>((a, al), (b, bl), out),
            DType::F16 => gemv::<half::f16>((a, al), (b, bl), out),
            DType::BF16 => gemv::<half::bf16>((a, al), (b, bl), out),
            _ => wrong(),
        },
        Path::HalfWide if matches!(dt, DType::F16 | DType::BF16) => {
            half_wide((a, al), (b, bl), out)
        }
        Path::HalfWide => wrong(),
        Path::Half => match dt {
            DType::F16 => half_tiles::<half::f16>((a, al), (b, bl), out),
            DType::BF16 => half_tiles::<half::bf16>((a, al), (b, bl), out),
            _ => wrong(),
        },
    }
}

/// `f32`/`f64` and their CBLAS entry points.
trait Blas: Pod + Copy + Send + Sync + 'static {
    const ZERO: Self;
    const ONE: Self;
    /// `cblas_?gemm` with alpha 1, beta 0.
    ///
    /// # Safety
    /// As for CBLAS: every element the arguments address must be readable (`a`, `b`) or
    /// writable (`c`).
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemm(
        ta: CBLAS_TRANSPOSE,
        tb: CBLAS_TRANSPOSE,
        m: i32,
        n: i32,
        k: i32,
        a: *const Self,
        lda: i32,
        b: *const Self,
        ldb: i32,
        c: *mut Self,
        ldc: i32,
    );
    /// `cblas_?gemv` with alpha 1, beta 0.
    ///
    /// # Safety
    /// As for CBLAS (see [`Blas::gemm`]).
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemv(
        t: CBLAS_TRANSPOSE,
        m: i32,
        n: i32,
        a: *const Self,
        lda: i32,
        x: *const Self,
        incx: i32,
        y: *mut Self,
    );
}

macro_rules! blas_impl {
    ($t:ty, $gemm:ident, $gemv:ident) => {
        impl Blas for $t {
            const ZERO: $t = 0.0;
            const ONE: $t = 1.0;
            unsafe fn gemm(
                ta: CBLAS_TRANSPOSE,
                tb: CBLAS_TRANSPOSE,
                m: i32,
                n: i32,
                k: i32,
                a: *const $t,
                lda: i32,
                b: *const $t,
                ldb: i32,
                c: *mut $t,
                ldc: i32,
            ) {
                // SAFETY: forwarded from the caller.
                unsafe {
                    $gemm(
                        CBLAS_LAYOUT::CblasRowMajor,
                        ta,
                        tb,
                        m,
                        n,
                        k,
                        1.0,
                        a,
                        lda,
                        b,
                        ldb,
                        0.0,
                        c,
                        ldc,
                    )
                }
            }
            unsafe fn gemv(
                t: CBLAS_TRANSPOSE,
                m: i32,
                n: i32,
                a: *const $t,
                lda: i32,
                x: *const $t,
                incx: i32,
                y: *mut $t,
            ) {
                // SAFETY: forwarded from the caller.
                unsafe {
                    $gemv(
                        CBLAS_LAYOUT::CblasRowMajor,
                        t,
                        m,
                        n,
                        1.0,
                        a,
                        lda,
                        x,
                        incx,
                        0.0,
                        y,
                        1,
                    )
                }
            }
        }
    };
}
blas_impl!(f32, cblas_sgemm, cblas_sgemv);
blas_impl!(f64, cblas_dgemm, cblas_dgemv);

fn tr(t: bool) -> CBLAS_TRANSPOSE {
    if t {
        CBLAS_TRANSPOSE::CblasTrans
    } else {
        CBLAS_TRANSPOSE::CblasNoTrans
    }
}

/// The OpenBLAS path: `?gemm`, or `?gemv` for a matrix-vector product whose vector has a
/// positive stride.
fn openblas<T: Blas>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let d = dims(al, bl);
    let bad = || tensor_core::Error::invalid("matmul", "internal: layout is not BLAS-compatible");
    let (transa, lda) = blas_layout(al).ok_or_else(bad)?;
    let (transb, ldb) = blas_layout(bl).ok_or_else(bad)?;
    let (_, sa1) = mat_strides(al);
    let (sb0, _) = mat_strides(bl);
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    let (xa, xb) = (a.as_slice::<T>()?, b.as_slice::<T>()?);
    let o = out.as_mut_slice::<T>()?;
    let (m, n, k) = (d.m as i32, d.n as i32, d.k as i32);
    let mn = d.m * d.n;
    // A vector operand's stride (its only axis of extent > 1), when positive.
    let inc = |len: usize, s: isize| -> Option<i32> {
        if len <= 1 {
            Some(1)
        } else {
            i32::try_from(s).ok().filter(|&s| s >= 1)
        }
    };
    for (bi, (&pa, &pb)) in oa.iter().zip(&ob).enumerate() {
        let c = &mut o[bi * mn..(bi + 1) * mn];
        // Bounds the pointers below: every element BLAS reads lies inside the checked
        // layouts (non-negative strides, checked by `plan`), which fit their buffers.
        let (pa, pb) = (&xa[pa as usize..], &xb[pb as usize..]);
        // SAFETY (all three calls): `pa`/`pb` start at the matrix origin and (by the
        // layout fit checked by the host, and `blas_view`) cover every element read with
        // the given transposes, leading dimensions and increments; `c` is exactly `m * n`
        // elements written row-major (ldc = n, or incy = 1); all sizes fit `i32`.
        if d.n == 1
            && let Some(incx) = inc(d.k, sb0)
        {
            // y[m] = A x: A row-major m x k (NoTrans) or stored as its k x m transpose.
            let (t, rows, cols) = if transa { (true, k, m) } else { (false, m, k) };
            unsafe {
                T::gemv(
                    tr(t),
                    rows,
                    cols,
                    pa.as_ptr(),
                    lda as i32,
                    pb.as_ptr(),
                    incx,
                    c.as_mut_ptr(),
                )
            };
        } else if d.m == 1
            && let Some(incx) = inc(d.k, sa1)
        {
            // y[n] = B^T x: B row-major k x n (Trans) or stored as its n x k transpose.
            let (t, rows, cols) = if transb { (false, n, k) } else { (true, k, n) };
            unsafe {
                T::gemv(
                    tr(t),
                    rows,
                    cols,
                    pb.as_ptr(),
                    ldb as i32,
                    pa.as_ptr(),
                    incx,
                    c.as_mut_ptr(),
                )
            };
        } else {
            unsafe {
                T::gemm(
                    tr(transa),
                    tr(transb),
                    m,
                    n,
                    k,
                    pa.as_ptr(),
                    lda as i32,
                    pb.as_ptr(),
                    ldb as i32,
                    c.as_mut_ptr(),
                    n.max(1),
                )
            };
        }
    }
    Ok(())
}

/// One product `c = a b` by the `gemm` crate, `a` at `pa` with strides `sa`, `b` at `pb`
/// with strides `sb`, `c` row-major `m x n`.
///
/// # Safety
/// `pa + i * sa.0 + p * sa.1` for `i < m`, `p < k` must address readable elements of `xa`
/// (likewise for `b`), and `c` must hold `m * n` elements.
#[allow(clippy::too_many_arguments)]
unsafe fn rust_one<T: Blas>(
    (m, k, n): (usize, usize, usize),
    xa: &[T],
    pa: isize,
    sa: (isize, isize),
    xb: &[T],
    pb: isize,
    sb: (isize, isize),
    c: &mut [T],
    par: gemm::Parallelism,
) {
    debug_assert!(c.len() == m * n && k > 0);
    // SAFETY: the offsets address elements inside `xa`/`xb` (caller's contract); `c` is
    // `m x n` row-major (row stride n, column stride 1); gemm reads only `m x k` and
    // `k x n` elements at the given strides and, with `read_dst = false`, never reads `c`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            false,
            xa.as_ptr().offset(pa),
            sa.1,
            sa.0,
            xb.as_ptr().offset(pb),
            sb.1,
            sb.0,
            T::ZERO,
            T::ONE,
            false,
            false,
            false,
            par,
        )
    }
}

/// The `gemm`-crate paths: each batch element multi-threaded inside (`batched = false`),
/// or batch elements in parallel with single-threaded products (`batched = true`).
fn rust<T: Blas>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
    batched: bool,
) -> Result<()> {
    let d = dims(al, bl);
    let (sa, sb) = (mat_strides(al), mat_strides(bl));
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    let (xa, xb) = (a.as_slice::<T>()?, b.as_slice::<T>()?);
    let o = out.as_mut_slice::<T>()?;
    let mkn = (d.m, d.k, d.n);
    let mn = d.m * d.n;
    // SAFETY (both calls): `oa`/`ob` are offsets of batch elements of layouts that the host
    // checked to fit their buffers, so every matrix element they address is in bounds.
    if batched {
        o.par_chunks_mut(mn).enumerate().for_each(|(bi, c)| unsafe {
            rust_one(
                mkn,
                xa,
                oa[bi],
                sa,
                xb,
                ob[bi],
                sb,
                c,
                gemm::Parallelism::None,
            )
        });
    } else {
        let par = gemm::Parallelism::Rayon(rayon::current_num_threads());
        for (bi, c) in o.chunks_mut(mn).enumerate() {
            unsafe { rust_one(mkn, xa, oa[bi], sa, xb, ob[bi], sb, c, par) };
        }
    }
    Ok(())
}

/// `f16`/`bf16`: widened exactly to `f64`, rounded back once by the cast rules (not
/// `half`'s `f64` conversions, which truncate the low half of an `f64` first and so can
/// round a value just above a tie the wrong way).
trait Half: Castable + Send + Sync {
    #[inline]
    fn widen(self) -> f64 {
        match self.wide() {
            Wide::F(f) => f,
            Wide::I(i) => i as f64,
        }
    }
    #[inline]
    fn round(v: f64) -> Self {
        super::cast::of_f64(v)
    }
}
impl Half for half::f16 {}
impl Half for half::bf16 {}

/// The widened `f16`/`bf16` path (module docs): exact casts to contiguous `f64`, the
/// `f64` product along its own plan, one rounding back.
fn half_wide(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    use super::cast::{cast, cast_to};
    let (la, lb) = (
        Layout::contiguous(al.shape()),
        Layout::contiguous(bl.shape()),
    );
    let a64 = cast_to(a, al, DType::F64)?;
    let b64 = cast_to(b, bl, DType::F64)?;
    let mut o64 = CpuBuffer::for_output(DType::F64, out.len())?;
    matmul((&a64, &la), (&b64, &lb), &mut o64)?;
    cast(&o64, &Layout::contiguous(&[out.len()]), out)
}

/// The `f16`/`bf16` path (module docs): row blocks of [`TILE_M`] output rows in parallel,
/// each with its own scratch of `(TILE_M + TILE_N) * TILE_K + TILE_M * TILE_N` `f64`s.
fn half_tiles<H: Half>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let d = dims(al, bl);
    let (m, k, n) = (d.m, d.k, d.n);
    let (sa0, sa1) = mat_strides(al);
    let (sb0, sb1) = mat_strides(bl);
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    let (xa, xb) = (a.as_slice::<H>()?, b.as_slice::<H>()?);
    let o = out.as_mut_slice::<H>()?;
    let blocks = m.div_ceil(TILE_M);
    let tasks: Vec<(usize, usize, &mut [H])> = o
        .chunks_mut(m * n)
        .enumerate()
        .flat_map(|(bi, ob)| {
            ob.chunks_mut(TILE_M * n)
                .enumerate()
                .map(move |(ib, rows)| (bi, ib, rows))
        })
        .collect();
    debug_assert_eq!(tasks.len(), oa.len() * blocks);
    tasks.into_par_iter().for_each(|(bi, ib, rows)| {
        let i0 = ib * TILE_M;
        let mb = rows.len() / n;
        let mut at = vec![0.0f64; mb * TILE_K.min(k)];
        let mut bt = vec![0.0f64; TILE_K.min(k) * TILE_N.min(n)];
        let mut ct = vec![0.0f64; mb * TILE_N.min(n)];
        let (pa, pb) = (oa[bi], ob[bi]);
        for j0 in (0..n).step_by(TILE_N) {
            let nb = TILE_N.min(n - j0);
            for p0 in (0..k).step_by(TILE_K) {
                let kb = TILE_K.min(k - p0);
                for i in 0..mb {
                    let r = pa + (i0 + i) as isize * sa0;
                    for p in 0..kb {
                        at[i * kb + p] = xa[(r + (p0 + p) as isize * sa1) as usize].widen();
                    }
                }
                for p in 0..kb {
                    let r = pb + (p0 + p) as isize * sb0;
                    for j in 0..nb {
                        bt[p * nb + j] = xb[(r + (j0 + j) as isize * sb1) as usize].widen();
                    }
                }
                // SAFETY: `at` is `mb x kb` row-major, `bt` `kb x nb`, `ct` `mb x nb`, all
                // within their allocations; with `read_dst` (after the first depth
                // block) gemm computes `ct = ct + at bt`.
                unsafe {
                    gemm::gemm(
                        mb,
                        nb,
                        kb,
                        ct.as_mut_ptr(),
                        1,
                        nb as isize,
                        p0 > 0,
                        at.as_ptr(),
                        1,
                        kb as isize,
                        bt.as_ptr(),
                        1,
                        nb as isize,
                        1.0,
                        1.0,
                        false,
                        false,
                        false,
                        gemm::Parallelism::None,
                    )
                };
            }
            for i in 0..mb {
                for j in 0..nb {
                    rows[i * n + j0 + j] = H::round(ct[i * nb + j]);
                }
            }
        }
    });
    Ok(())
}

/// The direct kernel: `out[i, j] = sum_p a[i, p] b[p, j]` in the accumulator of `T`, read
/// straight from the strided operands (no scratch); large batches of tiny products run
/// in parallel chunks of batch elements.
fn direct<T: MatElem + Pod + Send + Sync>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let d = dims(al, bl);
    let (m, k, n) = (d.m, d.k, d.n);
    let (sa0, sa1) = mat_strides(al);
    let (sb0, sb1) = mat_strides(bl);
    let (xa, xb) = (a.as_slice::<T>()?, b.as_slice::<T>()?);
    let o = out.as_mut_slice::<T>()?;
    let mn = m * n;
    let one = |pa: isize, pb: isize, c: &mut [T]| {
        for i in 0..m {
            for j in 0..n {
                let mut acc = <T::A as Acc>::ZERO;
                for p in 0..k {
                    let x = xa[(pa + i as isize * sa0 + p as isize * sa1) as usize];
                    let y = xb[(pb + p as isize * sb0 + j as isize * sb1) as usize];
                    acc = acc.fma(x.acc(), y.acc());
                }
                c[i * n + j] = T::from_acc(acc);
            }
        }
    };
    if d.batch.is_empty() {
        one(al.offset() as isize, bl.offset() as isize, o);
        return Ok(());
    }
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    // Fixed chunks of batch elements (each computed the same way whatever thread runs it).
    let per = (4096 / (m * n * k).max(1)).max(1);
    o.par_chunks_mut(mn * per).enumerate().for_each(|(ci, cs)| {
        for (e, c) in cs.chunks_mut(mn).enumerate() {
            let bi = ci * per + e;
            one(oa[bi], ob[bi], c);
        }
    });
    Ok(())
}

/// The accumulator of the general kernel for one element type.
pub trait Acc: Copy + Send + Sync {
    /// Additive identity.
    const ZERO: Self;
    /// `self + a * b`.
    fn fma(self, a: Self, b: Self) -> Self;
}
impl Acc for f64 {
    const ZERO: f64 = 0.0;
    #[inline]
    fn fma(self, a: f64, b: f64) -> f64 {
        self + a * b
    }
}
impl Acc for i64 {
    const ZERO: i64 = 0;
    #[inline]
    fn fma(self, a: i64, b: i64) -> i64 {
        self.wrapping_add(a.wrapping_mul(b))
    }
}
impl Acc for bool {
    const ZERO: bool = false;
    #[inline]
    fn fma(self, a: bool, b: bool) -> bool {
        self | (a & b)
    }
}

/// Element types with a general matmul kernel and their accumulator.
pub trait MatElem: Castable {
    /// The accumulator type.
    type A: Acc;
    /// To the accumulator.
    fn acc(self) -> Self::A;
    /// From the accumulator (cast rules).
    fn from_acc(a: Self::A) -> Self;
}
macro_rules! mat_elem {
    ($a:ty, $($t:ty),*) => {$(
        impl MatElem for $t {
            type A = $a;
            #[inline] fn acc(self) -> $a { match self.wide() { Wide::F(f) => f as $a, Wide::I(i) => i as $a } }
            #[inline] fn from_acc(a: $a) -> $t { convert::<$a, $t>(a) }
        }
    )*};
}
mat_elem!(f64, half::f16, half::bf16, f32, f64);
mat_elem!(i64, u8, i32, i64);
impl MatElem for bool {
    type A = bool;
    fn acc(self) -> bool {
        self
    }
    fn from_acc(a: bool) -> bool {
        a
    }
}

/// The general kernel for any dtype: both operands are converted to contiguous
/// accumulator matrices, then `out[i, :] = sum_p a[i, p] * b[p, :]` row by row.
pub fn matmul_fallback<T: MatElem + Pod>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let d = dims(al, bl);
    let (xa, xb) = (a.as_slice::<T>()?, b.as_slice::<T>()?);
    let o = out.as_mut_slice::<T>()?;
    let ra = al.ndim();
    let (sa0, sa1) = (al.strides()[ra - 2], al.strides()[ra - 1]);
    let (sb0, sb1) = (bl.strides()[ra - 2], bl.strides()[ra - 1]);
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    let (m, k, n) = (d.m, d.k, d.n);
    let mut am = vec![T::A::ZERO; m * k];
    let mut bm = vec![T::A::ZERO; k * n];
    let mut row = vec![T::A::ZERO; n];
    for (bi, (&pa, &pb)) in oa.iter().zip(&ob).enumerate() {
        for i in 0..m {
            for p in 0..k {
                am[i * k + p] = xa[(pa + i as isize * sa0 + p as isize * sa1) as usize].acc();
            }
        }
        for p in 0..k {
            for j in 0..n {
                bm[p * n + j] = xb[(pb + p as isize * sb0 + j as isize * sb1) as usize].acc();
            }
        }
        for i in 0..m {
            row.fill(T::A::ZERO);
            for p in 0..k {
                let av = am[i * k + p];
                for (r, &bv) in row.iter_mut().zip(&bm[p * n..(p + 1) * n]) {
                    *r = r.fma(av, bv);
                }
            }
            for (dst, &r) in o[(bi * m + i) * n..(bi * m + i + 1) * n]
                .iter_mut()
                .zip(&row)
            {
                *dst = T::from_acc(r);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::cast::of_f64;

    /// Values with mixed signs and magnitudes (and, with `special`, NaN and infinities).
    fn values(n: usize, seed: u64, special: bool) -> Vec<f64> {
        let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                match s % 97 {
                    0 => 0.0,
                    1 => -0.0,
                    2 if special => f64::NAN,
                    3 if special => f64::INFINITY,
                    4 if special => f64::NEG_INFINITY,
                    v => ((s >> 20) % 2001) as f64 / 251.0 - 4.0 + v as f64 * 1e-3,
                }
            })
            .collect()
    }

    fn fill<T: Castable>(buf: &mut CpuBuffer, v: &[f64]) {
        for (d, &x) in buf.as_mut_slice::<T>().unwrap().iter_mut().zip(v) {
            *d = of_f64::<T>(x);
        }
    }

    fn read<T: Castable>(buf: &CpuBuffer) -> Vec<f64> {
        let w = |x: T| match x.wide() {
            Wide::F(f) => f,
            Wide::I(i) => i as f64,
        };
        buf.as_slice::<T>().unwrap().iter().map(|&x| w(x)).collect()
    }

    fn buffer(dt: DType, v: &[f64]) -> CpuBuffer {
        let mut b = CpuBuffer::for_output(dt, v.len()).unwrap();
        match dt {
            DType::F16 => fill::<half::f16>(&mut b, v),
            DType::BF16 => fill::<half::bf16>(&mut b, v),
            DType::F32 => fill::<f32>(&mut b, v),
            _ => fill::<f64>(&mut b, v),
        }
        b
    }

    fn values_of(b: &CpuBuffer) -> Vec<f64> {
        match b.dtype() {
            DType::F16 => read::<half::f16>(b),
            DType::BF16 => read::<half::bf16>(b),
            DType::F32 => read::<f32>(b),
            _ => read::<f64>(b),
        }
    }

    /// How a matrix operand lies in its storage.
    #[derive(Clone, Copy, Debug)]
    enum Kind {
        /// Row-major.
        Contig,
        /// The transpose of a row-major `cols x rows` matrix (column-major).
        Trans,
        /// Every second row and column of a larger matrix, from offset 1.
        Step2,
        /// Rows in reverse order (negative row stride).
        Neg,
        /// One matrix broadcast over the batch (stride-0 batch axis).
        Bcast,
    }

    /// A `[batch.., rows, cols]` operand of `dt` laid out as `kind`, with its logical values
    /// (as stored, i.e. after rounding to `dt`) in C order.
    fn operand(
        dt: DType,
        batch: &[usize],
        rows: usize,
        cols: usize,
        kind: Kind,
        seed: u64,
        special: bool,
    ) -> (CpuBuffer, Layout, Vec<f64>) {
        let nb: usize = batch.iter().product();
        let mut shape = batch.to_vec();
        shape.extend([rows, cols]);
        let bstrides = |per: usize| -> Vec<isize> {
            let mut s = vec![0isize; batch.len()];
            let mut acc = per as isize;
            for i in (0..batch.len()).rev() {
                s[i] = acc;
                acc *= batch[i] as isize;
            }
            s
        };
        let (len, strides, offset) = match kind {
            Kind::Contig => {
                let mut s = bstrides(rows * cols);
                s.extend([cols as isize, 1]);
                (nb * rows * cols, s, 0)
            }
            Kind::Trans => {
                let mut s = bstrides(rows * cols);
                s.extend([1, rows as isize]);
                (nb * rows * cols, s, 0)
            }
            Kind::Step2 => {
                let w = 2 * cols + 1;
                let per = 2 * rows * w;
                let mut s = bstrides(per);
                s.extend([2 * w as isize, 2]);
                (nb * per + 1, s, 1)
            }
            Kind::Neg => {
                let mut s = bstrides(rows * cols);
                s.extend([-(cols as isize), 1]);
                (nb * rows * cols, s, (rows.max(1) - 1) * cols)
            }
            Kind::Bcast => {
                let mut s = vec![0isize; batch.len()];
                s.extend([cols as isize, 1]);
                (rows * cols, s, 0)
            }
        };
        let storage = values(len.max(1), seed, special);
        let buf = buffer(dt, &storage[..len]);
        let l = Layout::new(shape, strides, offset).unwrap();
        l.check_fits(len).unwrap();
        let stored = values_of(&buf);
        let logical = l.indices().map(|i| stored[i]).collect();
        (buf, l, logical)
    }

    /// Unit roundoff and smallest normal exponent and precision of a float dtype.
    fn fmt(dt: DType) -> (f64, i32, i32) {
        match dt {
            DType::F16 => (2f64.powi(-11), -14, 11),
            DType::BF16 => (2f64.powi(-8), -126, 8),
            DType::F32 => (2f64.powi(-24), -126, 24),
            _ => (2f64.powi(-53), -1022, 53),
        }
    }

    /// Checks `got` against the exact product (in `f64`, plus its sum of |terms|): NaN
    /// where the reference is NaN, the same infinity, else within `k`-proportional
    /// rounding of the dtype (products of `f16`/`bf16` are exact in `f64`, so those get
    /// half an ULP of the result plus `f64` accumulation).
    #[allow(clippy::too_many_arguments)]
    fn check(
        dt: DType,
        m: usize,
        k: usize,
        n: usize,
        a: &[f64],
        b: &[f64],
        got: &[f64],
        what: &str,
        f64_sum: bool,
    ) {
        let nb = got.len() / (m * n).max(1);
        let (u, emin, p) = fmt(dt);
        for bi in 0..nb {
            for i in 0..m {
                for j in 0..n {
                    let (mut s, mut abs) = (0.0f64, 0.0f64);
                    for q in 0..k {
                        let t = a[(bi * m + i) * k + q] * b[(bi * k + q) * n + j];
                        s += t;
                        abs += t.abs();
                    }
                    let g = got[(bi * m + i) * n + j];
                    let at = format!("{what}: [{bi}, {i}, {j}] got {g} want {s}");
                    if s.is_nan() {
                        assert!(g.is_nan(), "{at}");
                        continue;
                    }
                    if s.is_infinite() {
                        assert_eq!(g, s, "{at}");
                        continue;
                    }
                    let half = matches!(dt, DType::F16 | DType::BF16);
                    let e = (s.abs().log2().floor() as i32).max(emin);
                    let ulp = 2f64.powi(e - p + 1);
                    let tol = if half || f64_sum {
                        0.5 * ulp + (k as f64 + 2.0) * 2f64.powi(-53) * abs
                    } else {
                        0.5 * ulp + (k as f64 + 2.0) * u * abs
                    };
                    assert!((g - s).abs() <= tol, "{at} (tolerance {tol})");
                }
            }
        }
    }

    /// The paths that can take `dt` with these layouts.
    fn paths(dt: DType, al: &Layout, bl: &Layout) -> Vec<Path> {
        let mut v = vec![Path::Direct];
        let d = dims(al, bl);
        if d.m == 1 || d.n == 1 {
            v.push(Path::Gemv);
        }
        match dt {
            DType::F16 | DType::BF16 => v.extend([Path::HalfWide, Path::Half]),
            _ => {
                v.extend([Path::Rust, Path::Batched]);
                let ok = |l: &Layout| {
                    blas_layout(l).is_some() && l.strides()[..l.ndim() - 2].iter().all(|&s| s >= 0)
                };
                if ok(al) && ok(bl) {
                    v.push(Path::OpenBlas);
                }
            }
        }
        v
    }

    /// Runs `path` with `threads` rayon threads; the output starts as NaN garbage.
    fn run(
        path: Path,
        a: (&CpuBuffer, &Layout),
        b: (&CpuBuffer, &Layout),
        len: usize,
        threads: usize,
    ) -> Vec<f64> {
        let mut out = buffer(a.0.dtype(), &vec![f64::NAN; len]);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| matmul_path(path, a, b, &mut out)).unwrap();
        values_of(&out)
    }

    /// Every path on one case, against the reference, and bitwise the same on 1 to 4
    /// threads.
    #[allow(clippy::too_many_arguments)]
    fn case(
        dt: DType,
        batch: &[usize],
        m: usize,
        k: usize,
        n: usize,
        ka: Kind,
        kb: Kind,
        special: bool,
    ) {
        let (ab, al, av) = operand(dt, batch, m, k, ka, 1 + m as u64, special);
        let (bb, bl, bv) = operand(dt, batch, k, n, kb, 2 + n as u64, special);
        let len = batch.iter().product::<usize>() * m * n;
        for path in paths(dt, &al, &bl) {
            let what = format!("{dt} {path:?} {batch:?}x{m}x{k}x{n} {ka:?}/{kb:?}");
            let one = run(path, (&ab, &al), (&bb, &bl), len, 1);
            let f64_sum = path == Path::Gemv && dt != DType::F32;
            check(dt, m, k, n, &av, &bv, &one, &what, f64_sum);
            for t in 2..=4 {
                let got = run(path, (&ab, &al), (&bb, &bl), len, t);
                let same = one
                    .iter()
                    .zip(&got)
                    .all(|(x, y)| x.to_bits() == y.to_bits());
                assert!(same, "{what}: {t} threads differ from 1");
            }
        }
    }

    const FLOATS: [DType; 4] = [DType::F32, DType::F64, DType::F16, DType::BF16];

    #[test]
    fn every_path_on_awkward_layouts() {
        use Kind::*;
        for dt in FLOATS {
            for (ka, kb) in [
                (Contig, Contig),
                (Trans, Trans),
                (Contig, Trans),
                (Step2, Contig),
                (Contig, Step2),
                (Neg, Trans),
            ] {
                case(dt, &[], 13, 21, 17, ka, kb, false);
            }
            case(dt, &[3], 9, 12, 10, Contig, Bcast, false);
            case(dt, &[2, 2], 6, 11, 7, Bcast, Trans, false);
            case(dt, &[2], 5, 0, 4, Contig, Contig, false);
            // Matrix-vector and vector-matrix, unit and step-2 vectors.
            for kv in [Contig, Step2, Trans] {
                case(dt, &[], 33, 40, 1, Contig, kv, false);
                case(dt, &[], 33, 40, 1, Trans, kv, false);
                case(dt, &[], 1, 40, 29, kv, Contig, false);
                case(dt, &[], 1, 40, 29, kv, Trans, false);
            }
            case(dt, &[], 1, 7, 1, Contig, Contig, false);
        }
    }

    /// The matrix-vector kernel computes exactly the sum its module documents (16 partials
    /// by `p mod 16`, products rounded to `f64` and then added, the pairwise combination,
    /// one rounding to the dtype) with every loop, on every operand layout, instruction set
    /// and thread count.
    #[test]
    fn gemv_is_its_definition_on_every_layout_loop_isa_and_thread_count() {
        use super::super::gemv::{BLOCK32, COL_BLOCK, Form, PARTS, combine, gemv_form};
        use Kind::*;
        // Bit for bit, NaN included: a NaN sum is the default quiet NaN on every path.
        let same = |x: f64, y: f64| x.to_bits() == y.to_bits();
        for dt in FLOATS {
            for (batch, m, k, n) in [
                (&[][..], 2 * COL_BLOCK + 3, 37, 1),
                (&[][..], 1, 77, 150),
                (&[3][..], 9, 300, 1),
                (&[2][..], 1, 40, 5),
                (&[][..], 1, 33, 1),
                (&[][..], 6, 1, 1),
                (&[][..], 7, 2 * BLOCK32 + 21, 1),
                (&[][..], 1, BLOCK32, 5),
            ] {
                let nb: usize = batch.iter().product();
                for ka in [Contig, Trans, Step2, Neg] {
                    for kb in [Contig, Trans, Step2, Neg] {
                        let special = matches!(ka, Step2);
                        let (ab, al, av) = operand(dt, batch, m, k, ka, 3 + k as u64, special);
                        let (bb, bl, bv) = operand(dt, batch, k, n, kb, 5 + n as u64, special);
                        let mut sums = vec![0.0; nb * m * n];
                        for bi in 0..nb {
                            for i in 0..m {
                                for j in 0..n {
                                    let mut s = [0.0f64; PARTS];
                                    let mut t = [0.0f32; PARTS];
                                    for p in 0..k {
                                        let (a, b) =
                                            (av[(bi * m + i) * k + p], bv[(bi * k + p) * n + j]);
                                        if dt == DType::F32 {
                                            let l = p % PARTS;
                                            t[l] = (a as f32).mul_add(b as f32, t[l]);
                                            if p % BLOCK32 == BLOCK32 - 1 || p == k - 1 {
                                                for (s, t) in s.iter_mut().zip(&mut t) {
                                                    *s += *t as f64;
                                                    *t = 0.0;
                                                }
                                            }
                                        } else {
                                            s[p % PARTS] += a * b;
                                        }
                                    }
                                    let v = combine(s);
                                    sums[(bi * m + i) * n + j] =
                                        if v.is_nan() { f64::NAN } else { v };
                                }
                            }
                        }
                        let want = values_of(&buffer(dt, &sums));
                        for f in [Form::Rows, Form::Cols, Form::Strided] {
                            for (level, threads) in [(1, 1), (2, 3), (3, 1), (3, 4)] {
                                crate::ops::force_isa(level);
                                let mut out = buffer(dt, &vec![f64::NAN; want.len()]);
                                let pool = rayon::ThreadPoolBuilder::new()
                                    .num_threads(threads)
                                    .build()
                                    .unwrap();
                                pool.install(|| {
                                    with_float_gemv(dt, Some(f), (&ab, &al), (&bb, &bl), &mut out)
                                })
                                .unwrap();
                                let got = values_of(&out);
                                for (e, (&g, &w)) in got.iter().zip(&want).enumerate() {
                                    assert!(
                                        same(g, w),
                                        "{dt} {batch:?}x{m}x{k}x{n} {ka:?}/{kb:?} {f:?} isa \
                                         {level} threads {threads}: [{e}] got {g} want {w}"
                                    );
                                }
                            }
                        }
                        crate::ops::force_isa(0);
                    }
                }
            }
        }
        fn with_float_gemv(
            dt: DType,
            f: Option<Form>,
            a: (&CpuBuffer, &Layout),
            b: (&CpuBuffer, &Layout),
            out: &mut CpuBuffer,
        ) -> Result<()> {
            match dt {
                DType::F32 => gemv_form::<f32>(f, a, b, out),
                DType::F64 => gemv_form::<f64>(f, a, b, out),
                DType::F16 => gemv_form::<half::f16>(f, a, b, out),
                _ => gemv_form::<half::bf16>(f, a, b, out),
            }
        }
    }

    #[test]
    fn large_products_cross_every_tile_and_thread_split() {
        // Past the gemm crate's threading threshold and the f16/bf16 tiles in m, n and k.
        for dt in FLOATS {
            case(
                dt,
                &[],
                TILE_M + 19,
                TILE_K + 45,
                TILE_N + 7,
                Kind::Contig,
                Kind::Trans,
                false,
            );
        }
        case(
            DType::F32,
            &[4],
            70,
            90,
            80,
            Kind::Step2,
            Kind::Contig,
            false,
        );
    }

    #[test]
    fn nan_and_infinities_propagate() {
        for dt in FLOATS {
            case(dt, &[], 20, 30, 25, Kind::Contig, Kind::Contig, true);
            case(dt, &[3], 6, 7, 5, Kind::Trans, Kind::Step2, true);
            case(dt, &[], 30, 40, 1, Kind::Contig, Kind::Contig, true);
        }
    }

    #[test]
    fn auto_plans_by_shape_and_dtype() {
        let auto = |engine| Selection {
            mode: Mode::Auto,
            engine,
            why: String::new(),
            fma: true,
        };
        let c = |s: &[usize]| Layout::contiguous(s);
        let ob = auto(Engine::OpenBlas);
        assert_eq!(
            plan(DType::F32, &c(&[4, 4]), &c(&[4, 4]), &ob),
            Path::Direct
        );
        assert_eq!(
            plan(DType::F16, &c(&[8, 3]), &c(&[3, 8]), &ob),
            Path::Direct
        );
        assert_eq!(
            plan(DType::F16, &c(&[9, 3]), &c(&[3, 8]), &ob),
            Path::HalfWide
        );
        assert_eq!(
            plan(DType::BF16, &c(&[64, 64]), &c(&[64, 64]), &ob),
            Path::HalfWide
        );
        // Beyond `HALF_WIDE_MAX` of `f64` scratch: the bounded tiles.
        assert_eq!(
            plan(DType::BF16, &c(&[4096, 4096]), &c(&[4096, 4096]), &ob),
            Path::Half
        );
        // Small single products: the gemm crate (layout-independent bits); larger ones
        // OpenBLAS.
        assert_eq!(
            plan(DType::F32, &c(&[64, 64]), &c(&[64, 64]), &ob),
            Path::Rust
        );
        assert_eq!(
            plan(DType::F64, &c(&[256, 256]), &c(&[256, 256]), &ob),
            Path::OpenBlas
        );
        assert_eq!(
            plan(
                DType::F64,
                &c(&[64, 64]),
                &c(&[64, 64]),
                &auto(Engine::Rust)
            ),
            Path::Rust
        );
        assert_eq!(
            plan(DType::F32, &c(&[64, 64, 64]), &c(&[64, 64, 64]), &ob),
            Path::Batched
        );
        assert_eq!(
            plan(DType::F32, &c(&[2, 256, 256]), &c(&[2, 256, 256]), &ob),
            Path::OpenBlas
        );
        assert_eq!(
            plan(DType::I32, &c(&[64, 64]), &c(&[64, 64]), &ob),
            Path::Fallback
        );
        // Matrix-vector products beyond the direct kernel: the gemv kernel, every float.
        for dt in FLOATS {
            assert_eq!(plan(dt, &c(&[300, 40]), &c(&[40, 1]), &ob), Path::Gemv);
            assert_eq!(plan(dt, &c(&[2, 1, 40]), &c(&[2, 40, 9]), &ob), Path::Gemv);
        }
        assert_eq!(
            plan(DType::F32, &c(&[1, 8]), &c(&[8, 8]), &ob),
            Path::Direct
        );
        // Without FMA, `f32` keeps the GEMM paths; the other dtypes still take gemv.
        let no_fma = Selection {
            fma: false,
            ..auto(Engine::OpenBlas)
        };
        let (a, b) = (c(&[300, 40]), c(&[40, 1]));
        assert_eq!(plan(DType::F32, &a, &b, &no_fma), Path::Rust);
        assert_eq!(plan(DType::F64, &a, &b, &no_fma), Path::Gemv);
        // A step-2 operand is not BLAS-compatible: the gemm crate takes it as it is.
        let s2 = Layout::new(vec![256, 256], vec![1024, 2], 0).unwrap();
        assert_eq!(plan(DType::F32, &s2, &c(&[256, 256]), &ob), Path::Rust);
        // Forced modes skip the direct and batched paths as documented.
        let forced = Selection {
            mode: Mode::OpenBlas,
            engine: Engine::OpenBlas,
            why: String::new(),
            fma: true,
        };
        assert_eq!(
            plan(DType::F32, &c(&[4, 4]), &c(&[4, 4]), &forced),
            Path::OpenBlas
        );
        assert_eq!(
            plan(DType::F32, &c(&[64, 8, 8]), &c(&[64, 8, 9]), &forced),
            Path::OpenBlas
        );
        let rust = Selection {
            mode: Mode::Rust,
            engine: Engine::Rust,
            why: String::new(),
            fma: true,
        };
        assert_eq!(
            plan(DType::F32, &c(&[4, 4]), &c(&[4, 4]), &rust),
            Path::Rust
        );
    }

    #[test]
    fn the_gemm_follows_the_openblas_core_and_the_cap() {
        use isa::{AVX512, BASELINE, V3};
        let e = |core, level, cpu, rust| decide(Mode::Auto, core, level, cpu, rust).engine;
        assert_eq!(e("Prescott", AVX512, AVX512, AVX512), Engine::Rust);
        assert_eq!(e("Haswell", AVX512, AVX512, AVX512), Engine::Rust);
        assert_eq!(e("SkylakeX", AVX512, AVX512, AVX512), Engine::OpenBlas);
        assert_eq!(e("Haswell", V3, V3, V3), Engine::OpenBlas);
        assert_eq!(e("ZEN", V3, V3, V3), Engine::OpenBlas);
        assert_eq!(e("Sandybridge", V3, V3, V3), Engine::Rust);
        assert_eq!(e("Core2", BASELINE, BASELINE, BASELINE), Engine::OpenBlas);
        // Capped below what the gemm crate would use: OpenBLAS, with the reason.
        let s = decide(Mode::Auto, "Prescott", V3, AVX512, AVX512);
        assert_eq!(s.engine, Engine::OpenBlas);
        assert!(
            s.why.contains(isa::ISA_ENV) && s.why.contains("avx512"),
            "{}",
            s.why
        );
        // Capped to the OpenBLAS core's level: it matches.
        let s = decide(Mode::Auto, "Haswell", V3, AVX512, AVX512);
        assert_eq!(s.engine, Engine::OpenBlas);
        assert!(s.why.contains("capped"), "{}", s.why);
        let s = decide(Mode::Auto, "Prescott", AVX512, AVX512, AVX512);
        assert!(
            s.why.contains("Prescott below the CPU level avx512"),
            "{}",
            s.why
        );
        assert_eq!(e("SomeFutureCore", V3, V3, V3), Engine::OpenBlas);
        assert_eq!(
            decide(Mode::Rust, "SkylakeX", AVX512, AVX512, AVX512).engine,
            Engine::Rust
        );
        assert_eq!(
            decide(Mode::OpenBlas, "Prescott", AVX512, AVX512, AVX512).engine,
            Engine::OpenBlas
        );
    }

    #[test]
    fn the_mode_parses_and_bad_values_are_refused() {
        assert_eq!(parse_mode(None), Ok(Mode::Auto));
        assert_eq!(parse_mode(Some("auto")), Ok(Mode::Auto));
        assert_eq!(parse_mode(Some("openblas")), Ok(Mode::OpenBlas));
        assert_eq!(parse_mode(Some("gemm")), Ok(Mode::Rust));
        let e = parse_mode(Some("openblass")).unwrap_err();
        assert!(
            e.contains(GEMM_ENV) && e.contains("openblass") && e.contains("auto"),
            "{e}"
        );
        assert!(describe().contains("f16/bf16="), "{}", describe());
    }
}
