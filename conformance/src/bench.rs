//! `conformance bench`: time per op on every backend, with and without host<->device
//! transfer, and the crossover sizes above which an accelerator beats the CPU backend.
//!
//! # What is measured
//! For each backend, op family ([`Family`]) and size from 1 element up to a maximum:
//! - **resident** ([`Mode::Resident`]): the inputs already live on the device; one call is
//!   the op (its output freshly allocated, as every op of the API does) followed by
//!   [`Device::synchronize`], and the output is dropped inside the timed region;
//! - **with transfer** ([`Mode::WithTransfer`]): the inputs are host bytes; one call is the
//!   upload of every input ([`Tensor::from_bytes`]), the op and the download of the result
//!   ([`Tensor::to_bytes`]).
//!
//! Each point is timed by [`measure`]: warm-up calls (at least one, and for at least
//! `warmup_s`; they also pay one-off costs such as an OpenCL kernel build), one calibration
//! call, then `reps` samples of `inner` back-to-back
//! calls each, `inner` chosen so that a sample lasts at least the target sample time (small
//! sizes are timed over many calls) and `reps` so that the point stays within its time
//! budget. The figure reported is the median per-call time over the samples, with the
//! interquartile range as the spread. A call slower than the per-call cap is recorded once
//! and ends that family's sweep on that backend, so a slow backend cannot stall the run.
//!
//! Per backend, [`transfer_rates`] measures host->device and device->host bandwidth on a
//! large buffer and the latency of a 4-byte copy, from [`Device::transfer_stats`] (the time
//! spent inside the plugin's upload/download calls, allocation excluded).
//!
//! # Crossover
//! [`crossovers`] compares every backend other than `cpu` against the `cpu` backend, per
//! family: resident against resident, and with transfer against the CPU *resident* time
//! (data in host memory is already where the CPU computes on it). The crossover is the
//! smallest measured size from which the other backend is faster at every larger measured
//! size; [`CrossoverStatus`] also covers "never in the measured range" and "at every size".
//!
//! The NumPy side (same families, shapes and dtypes, timed by the same scheme in the same
//! run) is in [`numpy`]; the table and HTML page are in [`render`].

pub mod numpy;
pub mod render;

use serde::Serialize;
use std::time::Instant;
use tensor_core::{DType, Device, Error, Op, ReduceOp, Result, Tensor, UnaryOp};

/// Version of the `bench.json` layout (see `docs/benchmarks.md`).
pub const SCHEMA: &str = "tensor-plugins/bench/1";

/// An op family of the bench; each is one representative op in one dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Elementwise unary: `exp` on f32.
    Exp,
    /// Elementwise binary: `add` of two f32 tensors of the same shape.
    Add,
    /// Reduction: `sum` of every element of an f32 tensor (to a 0-d tensor).
    Sum,
    /// Square f32 matmul, `n = round(sqrt(size))`.
    Matmul,
    /// Cast f32 -> f16.
    Cast,
    /// `contiguous()` of the transposed view of a 2-D f32 tensor (nearly square).
    TransposeCopy,
}

impl Family {
    /// Every family, in report order.
    pub const ALL: [Family; 6] = [
        Family::Exp,
        Family::Add,
        Family::Sum,
        Family::Matmul,
        Family::Cast,
        Family::TransposeCopy,
    ];

    /// Identifier used on the command line and in the JSON (`transpose_copy`).
    pub fn id(self) -> &'static str {
        match self {
            Family::Exp => "exp",
            Family::Add => "add",
            Family::Sum => "sum",
            Family::Matmul => "matmul",
            Family::Cast => "cast",
            Family::TransposeCopy => "transpose_copy",
        }
    }

    /// Parses [`Family::id`].
    pub fn parse(s: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.id() == s)
    }

    /// What exactly is timed, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Family::Exp => "elementwise unary: exp(x), x f32",
            Family::Add => "elementwise binary: x + y, f32, same shape",
            Family::Sum => "reduction: sum of all elements, f32",
            Family::Matmul => "matmul: (n, n) @ (n, n), f32, n = round(sqrt(size))",
            Family::Cast => "cast: f32 -> f16",
            Family::TransposeCopy => "contiguous() of the transposed view of an (a, b) f32 array",
        }
    }

    /// The op and input dtype the backend must support for this family.
    pub fn op(self) -> (Op, DType) {
        let op = match self {
            Family::Exp => Op::Unary(UnaryOp::Exp),
            Family::Add => Op::Binary(tensor_core::BinaryOp::Add),
            Family::Sum => Op::Reduce(ReduceOp::Sum),
            Family::Matmul => Op::MatMul,
            Family::Cast => Op::Cast,
            Family::TransposeCopy => Op::Copy,
        };
        (op, DType::F32)
    }

    /// Number of inputs.
    pub fn arity(self) -> usize {
        match self {
            Family::Add | Family::Matmul => 2,
            _ => 1,
        }
    }

    /// The (logical) input shape for a nominal size in elements. `matmul` uses an `(n, n)`
    /// square; `transpose_copy` an `(a, b)` view with `a, b >= 2` (a smaller view would be
    /// contiguous already and `contiguous()` would not copy).
    pub fn shape(self, size: usize) -> Vec<usize> {
        let size = size.max(1);
        let root = (size as f64).sqrt().round() as usize;
        match self {
            Family::Matmul => vec![root.max(1); 2],
            Family::TransposeCopy => {
                let a = root.max(2);
                let b = ((size as f64 / a as f64).round() as usize).max(2);
                vec![a, b]
            }
            _ => vec![size],
        }
    }

    /// Bytes of host and device memory one call may hold at once for this shape (inputs,
    /// output, host copies in transfer mode), used to skip sizes the machine cannot hold.
    pub fn working_set(self, shape: &[usize]) -> usize {
        let n: usize = shape.iter().product();
        // Inputs on host and device, the output on device and its download, plus the
        // generator's copy: at most 4 * (arity + 2) bytes per element for f32.
        n * 4 * (2 * self.arity() + 3)
    }
}

/// With or without host<->device transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Inputs already on the device: op + synchronize.
    Resident,
    /// Upload of the inputs + op + download of the result.
    WithTransfer,
}

impl Mode {
    /// Both modes.
    pub const ALL: [Mode; 2] = [Mode::Resident, Mode::WithTransfer];

    /// Identifier used in the JSON and the tables.
    pub fn id(self) -> &'static str {
        match self {
            Mode::Resident => "resident",
            Mode::WithTransfer => "with_transfer",
        }
    }
}

/// Repetition policy of [`measure`].
#[derive(Clone, Debug, Serialize)]
pub struct Timing {
    /// Wall time one point may take (seconds), warm-up excluded.
    pub budget_s: f64,
    /// A sample lasts at least this long (seconds): small ops are timed over many calls.
    pub target_sample_s: f64,
    /// Warm-up: calls are repeated (untimed) until this long has passed, at least once.
    /// One call is not enough: a thread pool woken up by it (OpenBLAS, rayon, PoCL) can take
    /// tens of milliseconds to reach its steady state on a loaded machine.
    pub warmup_s: f64,
    /// Fewest samples per point (3 for calls slower than 0.1 s).
    pub min_reps: usize,
    /// Most samples per point.
    pub max_reps: usize,
    /// A call slower than this (seconds) is measured once and ends the family's sweep.
    pub call_cap_s: f64,
    /// Pause (seconds) before each backend's (and NumPy's) sweep of a family, so that
    /// worker threads left spinning by the previous one (OpenBLAS spins for about 0.1 s
    /// after a call; PoCL and rayon workers too) have gone to sleep: on a 2-core machine
    /// they would otherwise steal the cores of the next measurement.
    pub settle_s: f64,
}

impl Timing {
    /// The default run (about 0.2 s per point).
    pub fn full() -> Timing {
        Timing {
            budget_s: 0.2,
            target_sample_s: 2e-3,
            warmup_s: 0.05,
            min_reps: 5,
            max_reps: 31,
            call_cap_s: 2.0,
            settle_s: 0.3,
        }
    }

    /// `--quick`: a smoke run.
    pub fn quick() -> Timing {
        Timing {
            budget_s: 0.02,
            target_sample_s: 2e-4,
            warmup_s: 0.01,
            min_reps: 3,
            max_reps: 9,
            call_cap_s: 0.5,
            settle_s: 0.1,
        }
    }
}

/// Summary of one timed point.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Stats {
    /// Median per-call time over the samples (seconds).
    pub median_s: f64,
    /// First quartile of the per-call times (seconds).
    pub p25_s: f64,
    /// Third quartile of the per-call times (seconds).
    pub p75_s: f64,
    /// Fastest sample's per-call time (seconds).
    pub min_s: f64,
    /// Number of samples.
    pub reps: usize,
    /// Calls per sample.
    pub inner: usize,
    /// True when one call exceeded the per-call cap (then `reps == 1`).
    pub capped: bool,
}

/// Quantile `q` of sorted `v` (linear interpolation).
fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let x = q * (v.len() - 1) as f64;
    let (lo, hi) = (x.floor() as usize, x.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (x - lo as f64)
}

/// Summarises per-call sample times.
pub fn summarize(mut samples: Vec<f64>, inner: usize, capped: bool) -> Stats {
    samples.sort_by(f64::total_cmp);
    Stats {
        median_s: quantile(&samples, 0.5),
        p25_s: quantile(&samples, 0.25),
        p75_s: quantile(&samples, 0.75),
        min_s: samples.first().copied().unwrap_or(f64::NAN),
        reps: samples.len(),
        inner,
        capped,
    }
}

/// Times `call` under `timing` (see the [module docs](self)).
pub fn measure(timing: &Timing, mut call: impl FnMut() -> Result<()>) -> Result<Stats> {
    // Warm-up: kernel builds, first touch of caches, thread pools waking up.
    let w = Instant::now();
    call()?;
    while w.elapsed().as_secs_f64() < timing.warmup_s {
        call()?;
    }
    let t = Instant::now();
    call()?;
    let t1 = t.elapsed().as_secs_f64().max(1e-9);
    if t1 >= timing.call_cap_s {
        return Ok(summarize(vec![t1], 1, true));
    }
    let inner = ((timing.target_sample_s / t1).ceil() as usize).clamp(1, 1_000_000);
    let min_reps = if t1 > 0.1 { 3 } else { timing.min_reps };
    let reps = ((timing.budget_s / (t1 * inner as f64)) as usize).clamp(min_reps, timing.max_reps);
    let mut samples = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        for _ in 0..inner {
            call()?;
        }
        samples.push(t.elapsed().as_secs_f64() / inner as f64);
    }
    Ok(summarize(samples, inner, false))
}

/// Host-side inputs of one point: contiguous little-endian f32 bytes and their shapes.
pub struct Inputs {
    /// `(bytes, shape)` per input, in the order the op takes them. For `transpose_copy`
    /// the stored shape is the transposed `(b, a)`; the view `(a, b)` is made on device.
    pub host: Vec<(Vec<u8>, Vec<usize>)>,
}

impl Inputs {
    /// Uniform [0, 1) f32 inputs for `family` at logical `shape`, generated on `cpu` with
    /// the Philox generator (the same bytes for every backend and for NumPy's run).
    pub fn new(cpu: &Device, family: Family, shape: &[usize], seed: u64) -> Result<Inputs> {
        let stored: Vec<usize> = match family {
            Family::TransposeCopy => vec![shape[1], shape[0]],
            _ => shape.to_vec(),
        };
        let host = (0..family.arity())
            .map(|k| {
                let t = Tensor::rand(cpu, &stored, seed + k as u64, DType::F32)?;
                Ok((t.to_bytes()?, stored.clone()))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Inputs { host })
    }

    /// Uploads every input to `dev`.
    pub fn upload(&self, dev: &Device) -> Result<Vec<Tensor>> {
        self.host
            .iter()
            .map(|(b, s)| Tensor::from_bytes(dev, b, DType::F32, s))
            .collect()
    }
}

/// Runs the family's op on device-resident inputs.
pub fn apply(family: Family, x: &[Tensor]) -> Result<Tensor> {
    match family {
        Family::Exp => x[0].exp(),
        Family::Add => x[0].add(&x[1]),
        Family::Sum => x[0].sum(None, false),
        Family::Matmul => x[0].matmul(&x[1]),
        Family::Cast => x[0].cast(DType::F16),
        Family::TransposeCopy => {
            let v = x[0].t()?;
            if v.layout().is_contiguous() {
                return Err(Error::invalid(
                    "bench",
                    format!("transposed view {:?} is contiguous", v.shape()),
                ));
            }
            v.contiguous()
        }
    }
}

/// One measured (or failed) point.
#[derive(Clone, Debug, Serialize)]
pub struct Point {
    /// The op family.
    pub family: Family,
    /// Resident or with transfer.
    pub mode: Mode,
    /// The nominal size asked for (elements).
    pub size: usize,
    /// Elements per input actually used (`matmul`: n², `transpose_copy`: a·b).
    pub numel: usize,
    /// Logical input shape.
    pub shape: Vec<usize>,
    /// Timing, when measured.
    #[serde(flatten)]
    pub stats: Option<Stats>,
    /// Why there is no timing (unsupported op, error, memory), when not measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// NumPy's median at the same family and shape divided by this point's median (> 1:
    /// faster than NumPy), when NumPy was timed (`--numpy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_numpy: Option<f64>,
}

/// Bandwidth and latency of host<->device copies of one backend.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TransferRates {
    /// Size of the large buffer (bytes).
    pub bytes: usize,
    /// Median host->device bandwidth (bytes per second).
    pub upload_bytes_per_s: f64,
    /// Median device->host bandwidth (bytes per second).
    pub download_bytes_per_s: f64,
    /// Median time of a 4-byte upload (seconds).
    pub upload_latency_s: f64,
    /// Median time of a 4-byte download (seconds).
    pub download_latency_s: f64,
    /// Copies per figure.
    pub reps: usize,
}

/// Measures [`TransferRates`] with a buffer of `bytes` bytes.
pub fn transfer_rates(dev: &Device, bytes: usize, reps: usize) -> Result<TransferRates> {
    let reps = reps.max(1);
    let rate = |n: usize| -> Result<(Vec<f64>, Vec<f64>)> {
        let host = vec![0x3fu8; n.div_ceil(4) * 4];
        let shape = [host.len() / 4];
        let (mut up, mut down) = (Vec::new(), Vec::new());
        for _ in 0..reps + 1 {
            dev.reset_transfer_stats();
            let t = Tensor::from_bytes(dev, &host, DType::F32, &shape)?;
            let back = t.to_bytes()?;
            if back.len() != host.len() {
                return Err(Error::invalid("bench", "download returned a short buffer"));
            }
            let s = dev.transfer_stats();
            up.push(s.upload_ns as f64 * 1e-9);
            down.push(s.download_ns as f64 * 1e-9);
        }
        // The first copy of each kind is a warm-up.
        Ok((up.split_off(1), down.split_off(1)))
    };
    let med = |v: Vec<f64>| summarize(v, 1, false).median_s;
    let (up, down) = rate(bytes)?;
    let (up_small, down_small) = rate(4)?;
    dev.reset_transfer_stats();
    let b = bytes.div_ceil(4) * 4;
    Ok(TransferRates {
        bytes: b,
        upload_bytes_per_s: b as f64 / med(up).max(1e-12),
        download_bytes_per_s: b as f64 / med(down).max(1e-12),
        upload_latency_s: med(up_small),
        download_latency_s: med(down_small),
        reps,
    })
}

/// Everything measured on one backend.
#[derive(Clone, Debug, Serialize)]
pub struct BackendBench {
    /// The spec it was opened with (`cpu`, `opencl:0`, `auto`).
    pub spec: String,
    /// `name:index`.
    pub label: String,
    /// Backend name.
    pub name: String,
    /// Device description reported by the backend.
    pub device: String,
    /// `builtin` or the library path.
    pub origin: String,
    /// The plugin's ABI version (`1.1`).
    pub abi: String,
    /// Whether resident timings are compute times (ABI >= 1.1: the plugin has `synchronize`,
    /// or declares itself synchronous and has none). An ABI 1.0 plugin has neither: if it
    /// runs asynchronously, its resident timings measure enqueueing, not computing.
    pub synchronize: bool,
    /// Per-call fixed cost: the median time of the smallest `add` (1 element), resident and
    /// with transfer (seconds); `None` when not measured.
    pub fixed_cost_resident_s: Option<f64>,
    /// See `fixed_cost_resident_s`.
    pub fixed_cost_with_transfer_s: Option<f64>,
    /// Host<->device copies, when measured.
    pub transfer: Option<TransferRates>,
    /// Why `transfer` was not measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_error: Option<String>,
    /// Every point, family by family, size by size (the two modes of a size together).
    pub points: Vec<Point>,
}

impl BackendBench {
    /// The measured point of `family`, `mode` and `numel`, if any.
    pub fn point(&self, family: Family, mode: Mode, numel: usize) -> Option<&Stats> {
        self.points
            .iter()
            .find(|p| p.family == family && p.mode == mode && p.numel == numel)
            .and_then(|p| p.stats.as_ref())
    }
}

/// Nominal sizes: `1, 3, 10, 30, ...` up to `max` (and `max` itself); `--quick` takes
/// decades only.
pub fn sizes(max: usize, quick: bool) -> Vec<usize> {
    let mut v = Vec::new();
    let mut d = 1usize;
    while d <= max {
        v.push(d);
        if !quick && d.saturating_mul(3) <= max {
            v.push(d * 3);
        }
        d = match d.checked_mul(10) {
            Some(x) => x,
            None => break,
        };
    }
    if v.last() != Some(&max) && max > 0 {
        v.push(max);
    }
    v
}

/// Available memory in bytes (`MemAvailable` of `/proc/meminfo`), when known.
pub fn mem_available() -> Option<usize> {
    let s = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = s.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The distinct logical shapes of `family` over `sizes` (with their first nominal size).
pub fn shapes(family: Family, sizes: &[usize]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    for &s in sizes {
        let sh = family.shape(s);
        if !out.iter().any(|(_, x)| *x == sh) {
            out.push((s, sh));
        }
    }
    out
}

/// Options of one bench run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Families to time.
    pub families: Vec<Family>,
    /// Nominal sizes.
    pub sizes: Vec<usize>,
    /// Repetition policy.
    pub timing: Timing,
    /// Input seed.
    pub seed: u64,
    /// Largest working set allowed for one point (bytes).
    pub mem_limit: usize,
}

/// Times `family` on `dev` in both modes over the plan's sizes, calling `progress` after
/// each point. A point that fails (unsupported op, allocation failure) is recorded with its
/// error; an unsupported op or a capped/failed point ends the sweep of that mode.
pub fn bench_family(
    dev: &Device,
    cpu: &Device,
    family: Family,
    plan: &Plan,
    progress: &mut dyn FnMut(&Point),
) -> Vec<Point> {
    std::thread::sleep(std::time::Duration::from_secs_f64(plan.timing.settle_s));
    let mut sweep = Sweep::new(family);
    shapes(family, &plan.sizes)
        .into_iter()
        .flat_map(|(size, shape)| sweep.point(dev, cpu, plan, size, &shape, progress))
        .collect()
}

/// The state of one backend's sweep over the sizes of one family: which modes have stopped
/// and why. [`Sweep::point`] times one size, so that a caller can interleave several
/// backends (and NumPy) size by size, as `conformance bench` does; [`bench_family`] runs a
/// whole sweep on one backend.
pub struct Sweep {
    family: Family,
    stopped: [Option<String>; 2],
}

impl Sweep {
    /// A sweep of `family` that has not started.
    pub fn new(family: Family) -> Sweep {
        Sweep {
            family,
            stopped: [None, None],
        }
    }

    /// Times one size in both modes (see [`bench_family`]), calling `progress` after each.
    pub fn point(
        &mut self,
        dev: &Device,
        cpu: &Device,
        plan: &Plan,
        size: usize,
        shape: &[usize],
        progress: &mut dyn FnMut(&Point),
    ) -> Vec<Point> {
        let family = self.family;
        let (op, dt) = family.op();
        let numel: usize = shape.iter().product();
        let mk = |mode: Mode, stats: Option<Stats>, error: Option<String>| Point {
            family,
            mode,
            size,
            numel,
            shape: shape.to_vec(),
            stats,
            error,
            vs_numpy: None,
        };
        let pre_error = if !dev.supports(op, dt) {
            Some(Error::unsupported(op.name(), dt, dev.name()).to_string())
        } else if family.working_set(shape) > plan.mem_limit {
            Some(format!(
                "skipped: needs about {} MB, more than half the available memory",
                family.working_set(shape) >> 20
            ))
        } else {
            None
        };
        let inputs = match pre_error {
            Some(e) => Err(e),
            None => Inputs::new(cpu, family, shape, plan.seed).map_err(|e| e.to_string()),
        };
        let mut points = Vec::new();
        for (mi, mode) in Mode::ALL.into_iter().enumerate() {
            let p = if let Some(why) = &self.stopped[mi] {
                mk(mode, None, Some(why.clone()))
            } else {
                match &inputs {
                    Err(e) => mk(mode, None, Some(e.clone())),
                    Ok(inp) => match time_point(dev, family, mode, inp, &plan.timing) {
                        Ok(s) => {
                            if s.capped {
                                self.stopped[mi] = Some(format!(
                                    "not measured: a call at {numel} elements took over {} s",
                                    plan.timing.call_cap_s
                                ));
                            }
                            mk(mode, Some(s), None)
                        }
                        Err(e) => {
                            self.stopped[mi] =
                                Some(format!("not measured: a smaller size failed: {e}"));
                            mk(mode, None, Some(e.to_string()))
                        }
                    },
                }
            };
            progress(&p);
            points.push(p);
        }
        points
    }
}

/// Times one point.
fn time_point(
    dev: &Device,
    family: Family,
    mode: Mode,
    inputs: &Inputs,
    timing: &Timing,
) -> Result<Stats> {
    match mode {
        Mode::Resident => {
            let x = inputs.upload(dev)?;
            dev.synchronize()?;
            measure(timing, || {
                let y = apply(family, &x)?;
                dev.synchronize()?;
                drop(y);
                Ok(())
            })
        }
        Mode::WithTransfer => measure(timing, || {
            let x = inputs.upload(dev)?;
            let y = apply(family, &x)?;
            let bytes = y.to_bytes()?;
            std::hint::black_box(bytes);
            Ok(())
        }),
    }
}

/// Whether an accelerator beats the CPU backend, and from which size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossoverStatus {
    /// Faster from `first_faster_numel` on, slower at `last_slower_numel`.
    Above,
    /// Faster at every size measured on both.
    Always,
    /// Not faster at the largest size measured on both.
    Never,
    /// No size was measured on both.
    NoData,
}

/// The crossover of one backend against `cpu` for one family and mode.
#[derive(Clone, Debug, Serialize)]
pub struct Crossover {
    /// The backend compared (label).
    pub backend: String,
    /// The baseline (label of the CPU backend).
    pub baseline: String,
    /// The family.
    pub family: Family,
    /// The backend's mode; the baseline is always timed resident.
    pub mode: Mode,
    /// Outcome.
    pub status: CrossoverStatus,
    /// Smallest measured size (elements) from which the backend is faster at every larger
    /// measured size.
    pub first_faster_numel: Option<usize>,
    /// The measured size just below it, where the backend is slower.
    pub last_slower_numel: Option<usize>,
    /// Log-log interpolation of the crossing between those two sizes.
    pub estimate_numel: Option<f64>,
    /// Largest size measured on both.
    pub max_common_numel: Option<usize>,
    /// Backend time / baseline time at the largest common size.
    pub ratio_at_max: Option<f64>,
}

/// Crossover of `other` against `cpu` for one family and mode (see the [module docs](self)).
pub fn crossover(
    cpu: &BackendBench,
    other: &BackendBench,
    family: Family,
    mode: Mode,
) -> Crossover {
    // (numel, other / cpu) at every size measured on both, ascending.
    let mut r: Vec<(usize, f64)> = other
        .points
        .iter()
        .filter(|p| p.family == family && p.mode == mode)
        .filter_map(|p| {
            let o = p.stats.as_ref()?.median_s;
            let c = cpu.point(family, Mode::Resident, p.numel)?.median_s;
            Some((p.numel, o / c))
        })
        .collect();
    r.sort_by_key(|x| x.0);
    let mut c = Crossover {
        backend: other.label.clone(),
        baseline: cpu.label.clone(),
        family,
        mode,
        status: CrossoverStatus::NoData,
        first_faster_numel: None,
        last_slower_numel: None,
        estimate_numel: None,
        max_common_numel: r.last().map(|x| x.0),
        ratio_at_max: r.last().map(|x| x.1),
    };
    let Some(&(_, last)) = r.last() else {
        return c;
    };
    if last >= 1.0 {
        c.status = CrossoverStatus::Never;
        return c;
    }
    // Walk down from the largest size while the backend stays faster.
    let mut i = r.len() - 1;
    while i > 0 && r[i - 1].1 < 1.0 {
        i -= 1;
    }
    c.first_faster_numel = Some(r[i].0);
    if i == 0 {
        c.status = CrossoverStatus::Always;
        return c;
    }
    c.status = CrossoverStatus::Above;
    let (s0, q0) = r[i - 1];
    let (s1, q1) = r[i];
    c.last_slower_numel = Some(s0);
    let (l0, l1) = ((s0 as f64).ln(), (s1 as f64).ln());
    let (g0, g1) = (q0.ln(), q1.ln());
    let t = if g0 != g1 { g0 / (g0 - g1) } else { 0.5 };
    c.estimate_numel = Some((l0 + t.clamp(0.0, 1.0) * (l1 - l0)).exp());
    c
}

/// Every crossover: each backend other than `cpu` against `cpu`, per family and mode.
/// The baseline is the first backend opened as `cpu` (else the first whose name is `cpu`);
/// any other backend, `auto` included, is compared with it. Empty when `cpu` was not
/// benched.
pub fn crossovers(backends: &[BackendBench], families: &[Family]) -> Vec<Crossover> {
    let Some(base) = backends
        .iter()
        .position(|b| b.spec == "cpu")
        .or_else(|| backends.iter().position(|b| b.name == "cpu"))
    else {
        return Vec::new();
    };
    let cpu = &backends[base];
    let mut out = Vec::new();
    for (i, b) in backends.iter().enumerate() {
        if i == base {
            continue;
        }
        for &f in families {
            for m in Mode::ALL {
                out.push(crossover(cpu, b, f, m));
            }
        }
    }
    out
}

/// A backend that did not load.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    /// The spec tried.
    pub backend: String,
    /// The loader's message.
    pub reason: String,
}

/// The machine the run was on.
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    /// `model name` from `/proc/cpuinfo`.
    pub cpu: Option<String>,
    /// Logical CPUs available to the process.
    pub nproc: usize,
    /// `MemAvailable` at the start (bytes).
    pub mem_available_bytes: Option<usize>,
    /// 1-minute load average at the start and at the end of the run.
    pub load_average: [Option<f64>; 2],
}

impl Machine {
    /// What is known about this machine now (the end load average is filled in later).
    pub fn probe() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        });
        Machine {
            cpu,
            nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
            mem_available_bytes: mem_available(),
            load_average: [load_average(), None],
        }
    }
}

/// The 1-minute load average (`/proc/loadavg`), when known.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Settings of the run, recorded in the report.
#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    /// Largest nominal size.
    pub max_size: usize,
    /// Nominal sizes.
    pub sizes: Vec<usize>,
    /// Repetition policy.
    pub timing: Timing,
    /// Input seed.
    pub seed: u64,
    /// Families timed.
    pub families: Vec<Family>,
}

/// One family as described in the report.
#[derive(Clone, Debug, Serialize)]
pub struct FamilyInfo {
    /// Identifier.
    pub id: Family,
    /// What is timed.
    pub description: String,
}

/// The whole bench report (`bench.json`).
#[derive(Clone, Debug, Serialize)]
pub struct BenchReport {
    /// [`SCHEMA`].
    pub schema: String,
    /// `conformance <version>`.
    pub generated_by: String,
    /// The command line.
    pub command: String,
    /// Whether `--quick` was given.
    pub quick: bool,
    /// Where it ran.
    pub machine: Machine,
    /// How it ran.
    pub settings: Settings,
    /// The families, described.
    pub families: Vec<FamilyInfo>,
    /// One entry per backend benched.
    pub backends: Vec<BackendBench>,
    /// Backends that did not load (default backend list only).
    pub skipped: Vec<Skipped>,
    /// NumPy timed on the same points in the same run (`--numpy`).
    pub numpy: Option<numpy::NumpyRun>,
    /// Every backend other than `cpu` against `cpu`.
    pub crossovers: Vec<Crossover>,
}

impl BenchReport {
    /// NumPy's median for `family` at `numel`, if timed.
    pub fn numpy_median(&self, family: Family, numel: usize) -> Option<f64> {
        self.numpy
            .as_ref()?
            .points
            .iter()
            .find(|p| p.family == family && p.numel == numel)
            .and_then(|p| p.stats.as_ref())
            .map(|s| s.median_s)
    }

    /// Fills [`Point::vs_numpy`] of every backend point NumPy was timed on.
    pub fn fill_numpy_ratios(&mut self) {
        let ratios: Vec<Vec<Option<f64>>> = self
            .backends
            .iter()
            .map(|b| {
                b.points
                    .iter()
                    .map(|p| {
                        let np = self.numpy_median(p.family, p.numel)?;
                        Some(np / p.stats.as_ref()?.median_s)
                    })
                    .collect()
            })
            .collect();
        for (b, r) in self.backends.iter_mut().zip(ratios) {
            for (p, x) in b.points.iter_mut().zip(r) {
                p.vs_numpy = x;
            }
        }
    }

    /// The report as pretty JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_cover_the_range() {
        assert_eq!(sizes(100, false), vec![1, 3, 10, 30, 100]);
        assert_eq!(sizes(50, false), vec![1, 3, 10, 30, 50]);
        assert_eq!(sizes(10_000, true), vec![1, 10, 100, 1000, 10_000]);
    }

    #[test]
    fn shapes_are_what_the_family_says() {
        assert_eq!(Family::Matmul.shape(1_000_000), vec![1000, 1000]);
        assert_eq!(Family::TransposeCopy.shape(1), vec![2, 2]);
        assert_eq!(Family::TransposeCopy.shape(30), vec![5, 6]);
        assert_eq!(Family::Exp.shape(30), vec![30]);
        // Sizes 1 and 3 give the same 2x2 transposed view: timed once.
        assert_eq!(shapes(Family::TransposeCopy, &[1, 3, 10]).len(), 2);
    }

    #[test]
    fn quantiles_interpolate() {
        let s = summarize(vec![4.0, 1.0, 3.0, 2.0], 7, false);
        assert_eq!(s.median_s, 2.5);
        assert_eq!(s.p25_s, 1.75);
        assert_eq!(s.p75_s, 3.25);
        assert_eq!(s.min_s, 1.0);
        assert_eq!((s.reps, s.inner), (4, 7));
    }

    fn fake(label: &str, name: &str, times: &[(usize, f64)]) -> BackendBench {
        BackendBench {
            spec: label.into(),
            label: label.into(),
            name: name.into(),
            device: String::new(),
            origin: String::new(),
            abi: "1.1".into(),
            synchronize: true,
            fixed_cost_resident_s: None,
            fixed_cost_with_transfer_s: None,
            transfer: None,
            transfer_error: None,
            points: times
                .iter()
                .map(|&(n, t)| Point {
                    family: Family::Add,
                    mode: Mode::Resident,
                    size: n,
                    numel: n,
                    shape: vec![n],
                    stats: Some(summarize(vec![t], 1, false)),
                    error: None,
                    vs_numpy: None,
                })
                .collect(),
        }
    }

    #[test]
    fn crossover_finds_the_last_crossing() {
        let cpu = fake(
            "cpu:0",
            "cpu",
            &[(1, 1.0), (10, 2.0), (100, 4.0), (1000, 8.0)],
        );
        // Faster at 10 by chance, slower at 100, faster from 1000 on: the crossover is the
        // size from which it stays faster.
        let acc = fake(
            "acc:0",
            "acc",
            &[(1, 5.0), (10, 1.0), (100, 5.0), (1000, 4.0)],
        );
        let c = crossover(&cpu, &acc, Family::Add, Mode::Resident);
        assert_eq!(c.status, CrossoverStatus::Above);
        assert_eq!(c.first_faster_numel, Some(1000));
        assert_eq!(c.last_slower_numel, Some(100));
        let e = c.estimate_numel.unwrap();
        assert!(e > 100.0 && e < 1000.0, "{e}");
        assert_eq!(c.ratio_at_max, Some(0.5));

        let slow = fake("s:0", "s", &[(1, 5.0), (1000, 9.0)]);
        let c = crossover(&cpu, &slow, Family::Add, Mode::Resident);
        assert_eq!(c.status, CrossoverStatus::Never);
        let fast = fake("f:0", "f", &[(1, 0.5), (1000, 1.0)]);
        let c = crossover(&cpu, &fast, Family::Add, Mode::Resident);
        assert_eq!(c.status, CrossoverStatus::Always);
        assert_eq!(c.first_faster_numel, Some(1));
        let c = crossover(&cpu, &fast, Family::Exp, Mode::Resident);
        assert_eq!(c.status, CrossoverStatus::NoData);
    }
}
