//! `auto`: a backend that sends each op to the CPU or to an accelerator, by a measured cost
//! model, and keeps data where it lives.
//!
//! `Device::open("auto")` (or `TENSOR_BACKEND=auto`) opens the CPU backend (`cpu`, always)
//! and every accelerator that loads (`opencl`, `cuda`; those that fail are skipped and the
//! reason is kept in [`BackendInfo::extra`] under `auto.skipped`).
//!
//! - **No accelerator**: `auto` *is* the CPU device, with no router in between (zero
//!   overhead). Its label says so (`cpu:0 (auto: no accelerator)`) and its info carries an
//!   `auto` entry naming what was tried and why it failed.
//! - **With accelerators**: `auto` is a [`Device`] whose tensors live on its devices. A
//!   tensor of `auto` holds the buffer of the device that made it (and, once the model asked
//!   for them, copies on other devices); the whole [`Tensor`] API works unchanged. The host
//!   dispatches each op itself: the router prices it on every device that can run it, picks
//!   the lowest predicted time, copies inputs only when the model says the copy pays, and
//!   calls the chosen device's plugin directly, so an op crosses one plugin boundary, as on
//!   a single backend. Small ops whose inputs are on the CPU, below the work at which the
//!   CPU's line crosses any other device's, go to the CPU without being priced. An op
//!   allocates nothing on the heap beyond its output: at most [`MAX_DEVICES`] devices,
//!   residency and decision records in fixed-size storage. Its cost per op is in
//!   `docs/benchmarks.md`. The `auto` device's own ABI table serves its identity, `supports`
//!   and `synchronize`; its buffer and op entries are not used (and say so if called).
//!
//! # The cost model
//! For device `d` and op family `f` ([`Family`]), the predicted time of an op is
//!
//! ```text
//! t(d) = curve[d][f](units)
//!      + sum over inputs not on d: download[src](bytes) + upload[d](bytes)
//! ```
//!
//! where `units` is the bytes read and written (matmul: `2*m*n*k` flops), each [`Curve`] is
//! piecewise linear through the times measured at several sizes (so a GEMM whose efficiency
//! rises with size, or a device whose launch cost dominates small ops, is followed rather
//! than extrapolated from small sizes), and `upload`/`download` are
//! `latency + bytes * ns_per_byte` lines. Work past the largest size measured is priced by
//! the last segment's cost per unit, and the decision record says so ([`Estimate`]'s
//! `extrapolated`). The device with
//! the smallest `t` wins; a tie goes to the device that already holds more of the inputs,
//! then to the CPU. A copy made for an op is kept next to the original (buffers are never
//! written after they are filled, so copies cannot go stale): a tensor used again on the
//! same device is not moved again, and data never ping-pongs between devices. The output
//! stays on the device that computed it.
//!
//! Every curve is measured on first use ([`CostModel::calibrate`]: runs of 16, 1Ki, 32Ki
//! and 1Mi elements per family and device, square matmuls of side 8, 32, 128 and 512; each
//! point the median of 3 to 15 repetitions after a warm-up, with [`Device::synchronize`] so
//! asynchronous devices are timed for their work, not its enqueueing; times made
//! non-decreasing in size, so noise never predicts more work as cheaper; a CPU GEMM slower
//! than 1 GFLOP/s, which no machine this runs on is, measured again; a few seconds per
//! device plus any first-time kernel compilation, with a progress line when stderr is a
//! terminal) and cached
//! as JSON, per machine (host name and CPU model) and set of devices (each one's version,
//! library or executable file with its size and modification time, BLAS core and math
//! mode), in
//! `$XDG_CACHE_HOME/tensor-plugins/auto-<key hash>.json` (or `~/.cache/...`).
//! `TENSOR_AUTO_CACHE=PATH` or the spec option `cache=PATH` picks another file
//! (`cache=off`: measure every time, write nothing). A cache file that cannot be read, does
//! not parse, or was measured for another machine or device set is measured again and
//! rewritten, never an error. `TENSOR_AUTO_RECALIBRATE=1` (or the spec option
//! `recalibrate=1`) measures again and rewrites the cache regardless.
//!
//! # Online correction
//! A cached model can be wrong: measured while the machine was busy, or before a driver
//! or BLAS changed. The router checks it against the ops it routes (`adapt=1`, the
//! default; `adapt=0` or `TENSOR_AUTO_ADAPT=0` turns this off, so routing follows the
//! cached model alone and is reproducible):
//!
//! - **Sampling.** One op in [`SAMPLE_EVERY`] per thread is timed on the device that runs
//!   it (an asynchronous device is synchronized before and after it, so the time is the
//!   op's alone) and compared with the prediction. Each device and family carries a factor
//!   its curve is multiplied by. A sample more than [`JUMP_RATIO`] faster than predicted
//!   resets the factor to the measured ratio at once (a busy machine cannot make an op
//!   faster); one more than [`JUMP_RATIO`] slower does so on the second such sample in a
//!   row (one preempted op must not derail the model): that device is demoted for the
//!   family. Smaller deviations move the factor a quarter of the way in log scale, none
//!   within 0.8x to 1.25x. Each reset is kept ([`corrections`]) and logged like a decision.
//! - **Exploration.** A device predicted slower never runs, so its prediction would never
//!   be checked. [`EXPLORE_SHARE`] of every priced op's predicted time goes into a budget;
//!   when it covers the second-best device's predicted time, the next sampled op runs
//!   there instead. A device predicted `R` times slower than the best is thus tried within
//!   about `32 R + 64` ops, and trying costs at most 1/32 of routed time.
//!
//! The factor is per device and family, not per size, and lives as long as the router (the
//! cache file is not rewritten). Sampling costs a few ns per op on average (timing one op
//! in 64); `examples/auto_tiny.rs` measures it.
//!
//! # Options and decisions
//! `auto?cache=PATH,log=1,accel=opencl+cuda,recalibrate=1,adapt=0`: `cache`,
//! `recalibrate` and `adapt` as above; `log=1` (or
//! `TENSOR_AUTO_LOG=1`) shows one line per decision (through the `log` crate, target
//! [`LOG_TARGET`], at `info` level; on stderr when the application has no logger; at
//! `debug` level without the option); `accel` lists the
//! accelerators to try, `+`-separated (default `opencl+cuda`). The last
//! [`MAX_DECISIONS`] decisions are kept: [`decisions`] returns them, [`residency`] says where
//! a tensor's data is, [`devices`] gives the underlying devices (for their
//! [`Device::transfer_stats`]).
//!
//! ```no_run
//! use tensor_core::{router, DType, Device, Tensor};
//! let dev = Device::open("auto")?;
//! let x = Tensor::rand(&dev, &[1 << 20], 7, DType::F32)?;
//! let y = x.exp()?.sum(None, false)?;
//! for d in router::decisions(&dev) {
//!     println!("{d}"); // auto: exp f32 n=1048576 -> cpu:0 (est: cpu:0 2.1 ms, opencl:0 ...)
//! }
//! # Ok::<(), tensor_core::Error>(())
//! ```
//!
//! # Limits
//! The model is calibrated per family on `f32` (`exp`, `add`, `sum`, `softmax`,
//! `matmul`, `f32->f64` cast, transposed copy, `full`); other ops of a family and other
//! dtypes are assumed to scale like them. Results follow the device that computed them:
//! within each backend's tolerances, not bitwise equal to the CPU's when an accelerator ran
//! the op. Copies kept next to the original cost memory on both devices for as long as the
//! tensor lives.

use crate::abi::{self, CTensor, PluginApi};
use crate::backend::{Backend, BackendOptions, Dst, Src};
use crate::device::Buffer;
use crate::tensor::{Call, MAX_INPUTS, NO_TENSOR};
use crate::{BackendInfo, DType, Device, Error, Op, Result, Tensor};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// The `log` target of the router's diagnostics.
pub const LOG_TARGET: &str = "tensor_core::router";

/// One diagnostic line (the devices and model at start-up, each decision), through the
/// `log` crate: at `info` level when asked for (`log=1` or [`LOG_ENV`]), else at `debug`
/// level, target [`LOG_TARGET`]. When asked for and the application has no logger enabled
/// (`log::max_level()` is `Off`, as it is without one), the line goes to stderr instead.
/// `line` is only built when it is shown.
fn diagnostic(asked: bool, line: impl FnOnce() -> String) {
    if asked && log::max_level() == log::LevelFilter::Off {
        eprintln!("{}", line());
    } else if asked {
        log::info!(target: LOG_TARGET, "{}", line());
    } else if log::log_enabled!(target: LOG_TARGET, log::Level::Debug) {
        log::debug!(target: LOG_TARGET, "{}", line());
    }
}

/// The backend name that selects the router.
pub const NAME: &str = "auto";
/// Environment variable: path of the cost-model cache file (`off`: no cache).
pub const CACHE_ENV: &str = "TENSOR_AUTO_CACHE";
/// Environment variable: `1` shows one line per routing decision: through the `log` crate
/// at `info` level when the application has a logger, else on stderr.
pub const LOG_ENV: &str = "TENSOR_AUTO_LOG";
/// Environment variable: `1` measures the cost model again even when a usable cache exists
/// (and rewrites the cache), as the spec option `recalibrate=1` does: after the machine's
/// load changed, or when the cached model looks wrong.
pub const RECALIBRATE_ENV: &str = "TENSOR_AUTO_RECALIBRATE";
/// Environment variable: `0` turns online correction off (as the spec option `adapt=0`):
/// routing then follows the cached model alone, which makes it reproducible.
pub const ADAPT_ENV: &str = "TENSOR_AUTO_ADAPT";
/// Accelerators tried when the spec has no `accel=` option.
pub const DEFAULT_ACCELERATORS: &[&str] = &["opencl", "cuda"];
/// How many recent decisions are kept.
pub const MAX_DECISIONS: usize = 4096;
/// Version of the cache file format; files of another version are measured again.
pub const MODEL_VERSION: u32 = 2;
/// Most devices one router drives (the CPU and up to three accelerators). Fixed so that
/// routing an op allocates nothing on the heap for its estimates, records and residency;
/// accelerators past it are skipped (named in `auto.skipped`).
pub const MAX_DEVICES: usize = 4;

// ---------------------------------------------------------------------------------------
// The cost model.
// ---------------------------------------------------------------------------------------

/// The op families the cost model tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Elementwise unary ops (calibrated with `exp`).
    Unary,
    /// Elementwise binary ops and `where` (calibrated with `add`).
    Binary,
    /// Reductions (calibrated with `sum` over all axes).
    Reduce,
    /// softmax / log_softmax (calibrated with `softmax` over rows of 256).
    Softmax,
    /// Matrix products (calibrated with square `matmul`; units are flops).
    MatMul,
    /// dtype conversions (calibrated with `f32 -> f64`).
    Cast,
    /// Strided-to-contiguous copies (calibrated with a transposed square matrix).
    Copy,
    /// `full`, `arange`, `linspace`, `rand` (calibrated with `full`).
    Create,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 8] = [
        Family::Unary,
        Family::Binary,
        Family::Reduce,
        Family::Softmax,
        Family::MatMul,
        Family::Cast,
        Family::Copy,
        Family::Create,
    ];

    /// The family of an op.
    pub fn of(op: Op) -> Family {
        match op {
            Op::Unary(_) => Family::Unary,
            Op::Binary(_) | Op::Where => Family::Binary,
            Op::Reduce(_) => Family::Reduce,
            Op::Softmax(_) => Family::Softmax,
            Op::MatMul => Family::MatMul,
            Op::Cast => Family::Cast,
            Op::Copy => Family::Copy,
            Op::Fill | Op::Arange | Op::Linspace | Op::Rand(_) => Family::Create,
        }
    }
}

/// A straight line `fixed_ns + units * ns_per_unit`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Cost of a call that does no work (dispatch, launch, allocation), in ns.
    pub fixed_ns: f64,
    /// Cost per unit of work (byte, or flop for matmul), in ns.
    pub ns_per_unit: f64,
}

impl Line {
    /// Predicted ns for `units` of work.
    pub fn at(&self, units: f64) -> f64 {
        self.fixed_ns + units * self.ns_per_unit
    }

    fn valid(&self) -> bool {
        self.fixed_ns.is_finite()
            && self.ns_per_unit.is_finite()
            && self.fixed_ns >= 0.0
            && self.ns_per_unit >= 0.0
    }

    /// The line through two measurements `(units, ns)`, clamped to be non-negative.
    fn fit((u0, t0): (f64, f64), (u1, t1): (f64, f64)) -> Line {
        let slope = if u1 > u0 {
            ((t1 - t0) / (u1 - u0)).max(0.0)
        } else {
            0.0
        };
        Line {
            fixed_ns: (t0 - u0 * slope).max(0.0),
            ns_per_unit: slope,
        }
    }
}

/// Most calibrated sizes one [`Curve`] holds.
pub const MAX_POINTS: usize = 8;

/// The predicted time of an op family on one device as a function of its work: piecewise
/// linear through measured `(units, ns)` points, so the cost per unit may change with size
/// (a GEMM's efficiency rises with it; a kernel launch dominates small sizes), instead of
/// one line fitted at two sizes and extrapolated.
///
/// - Below the first point, the first point's time (a call with less work than the smallest
///   measured costs at least as much as it did: fixed costs dominate there).
/// - Between points, linear interpolation.
/// - Past the last point, the last segment's cost per unit (never negative): an
///   *extrapolation*, which decision records flag ([`Estimate::extrapolated`]).
///
/// Fixed size (no heap), so the router prices an op without allocating. In JSON, a curve is
/// `{"points": [[units, ns], ...]}`: 2 to [`MAX_POINTS`] points, units strictly increasing,
/// every number finite and not negative (a cache file breaking that is measured again).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CurveJson", into = "CurveJson")]
pub struct Curve {
    len: u8,
    pts: [(f64, f64); MAX_POINTS],
}

#[derive(Serialize, Deserialize)]
struct CurveJson {
    points: Vec<[f64; 2]>,
}

impl TryFrom<CurveJson> for Curve {
    type Error = String;
    fn try_from(j: CurveJson) -> std::result::Result<Curve, String> {
        let pts: Vec<(f64, f64)> = j.points.iter().map(|p| (p[0], p[1])).collect();
        Curve::new(&pts)
    }
}

impl From<Curve> for CurveJson {
    fn from(c: Curve) -> CurveJson {
        CurveJson {
            points: c.points().iter().map(|&(u, t)| [u, t]).collect(),
        }
    }
}

impl Curve {
    /// The curve through `points` (`(units, ns)`): 2 to [`MAX_POINTS`] of them, units
    /// strictly increasing, all numbers finite and not negative.
    pub fn new(points: &[(f64, f64)]) -> std::result::Result<Curve, String> {
        if points.len() < 2 || points.len() > MAX_POINTS {
            return Err(format!(
                "a curve has 2 to {MAX_POINTS} points, not {}",
                points.len()
            ));
        }
        if let Some(p) = points
            .iter()
            .find(|(u, t)| !(u.is_finite() && t.is_finite() && *u >= 0.0 && *t >= 0.0))
        {
            return Err(format!("point {p:?} is negative or not finite"));
        }
        if let Some(w) = points.windows(2).find(|w| w[1].0 <= w[0].0) {
            return Err(format!(
                "units must increase from point to point: {:?} then {:?}",
                w[0], w[1]
            ));
        }
        let mut pts = [(0.0, 0.0); MAX_POINTS];
        pts[..points.len()].copy_from_slice(points);
        Ok(Curve {
            len: points.len() as u8,
            pts,
        })
    }

    /// The straight line `fixed_ns + units * ns_per_unit` (from 0 units on) as a curve.
    pub fn line(fixed_ns: f64, ns_per_unit: f64) -> Curve {
        Curve::new(&[(0.0, fixed_ns), (1.0, fixed_ns + ns_per_unit)])
            .expect("a line with finite, non-negative cost")
    }

    /// The points, in increasing units.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.pts[..self.len as usize]
    }

    /// The most work measured: past it, [`Curve::at`] extrapolates.
    pub fn measured_up_to(&self) -> f64 {
        self.pts[self.len as usize - 1].0
    }

    /// The cost per unit past the last point: the last segment's, never negative.
    pub fn slope_past_end(&self) -> f64 {
        let p = self.points();
        let ((u0, t0), (u1, t1)) = (p[p.len() - 2], p[p.len() - 1]);
        ((t1 - t0) / (u1 - u0)).max(0.0)
    }

    /// The same curve with every time multiplied by `k` (finite, not negative).
    pub fn scaled(&self, k: f64) -> Curve {
        let mut c = *self;
        for p in &mut c.pts[..c.len as usize] {
            p.1 *= k;
        }
        c
    }

    /// Predicted ns for `units` of work.
    pub fn at(&self, units: f64) -> f64 {
        let p = self.points();
        if units <= p[0].0 {
            return p[0].1;
        }
        let (ul, tl) = p[p.len() - 1];
        if units >= ul {
            return tl + (units - ul) * self.slope_past_end();
        }
        // The segment holding `units` (at most MAX_POINTS - 1 of them: a linear scan).
        let i = p
            .iter()
            .position(|&(u, _)| u >= units)
            .unwrap_or(p.len() - 1);
        let ((u0, t0), (u1, t1)) = (p[i - 1], p[i]);
        t0 + (t1 - t0) * (units - u0) / (u1 - u0)
    }
}

/// The measured curves and transfer lines of one device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceModel {
    /// The device's label (`cpu:0`, `opencl:0`).
    pub label: String,
    /// Per op family; a family missing here (it failed to run) is never routed to the device.
    pub ops: BTreeMap<Family, Curve>,
    /// Host to device copies (units: bytes).
    pub upload: Line,
    /// Device to host copies (units: bytes).
    pub download: Line,
}

/// The whole model: one [`DeviceModel`] per device, the CPU first. This is the cache file's
/// content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostModel {
    /// [`MODEL_VERSION`] when written.
    pub version: u32,
    /// The machine and devices it was measured for (host name, then each device's label,
    /// version, device description and origin: library path, or the executable a builtin is
    /// linked into, so debug and release builds are measured apart).
    pub key: String,
    /// In router order: the CPU, then each accelerator.
    pub devices: Vec<DeviceModel>,
}

impl CostModel {
    /// Reads a model from a JSON file.
    pub fn load(path: &Path) -> Result<CostModel> {
        let io = |msg: String| Error::Io {
            path: path.display().to_string(),
            msg,
        };
        let text = std::fs::read_to_string(path).map_err(|e| io(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| io(format!("not a cost model: {e}")))
    }

    /// Writes the model as JSON (to a temporary file renamed over `path`, creating the
    /// directory if needed).
    pub fn save(&self, path: &Path) -> Result<()> {
        let io = |msg: String| Error::Io {
            path: path.display().to_string(),
            msg,
        };
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| io(e.to_string()))?;
        }
        let json = serde_json::to_string_pretty(self).map_err(|e| io(e.to_string()))?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, json).map_err(|e| io(e.to_string()))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e.to_string())
        })
    }

    /// Measures every device (the CPU first). See the [module docs](self).
    pub fn calibrate(devices: &[Device], key: &str) -> CostModel {
        CostModel {
            version: MODEL_VERSION,
            key: key.to_string(),
            devices: devices.iter().map(calibrate_device).collect(),
        }
    }

    /// Why this model cannot be used for `key` with `n` devices, if it cannot.
    fn unusable(&self, key: &str, n: usize) -> Option<String> {
        if self.version != MODEL_VERSION {
            return Some(format!(
                "format version {} (this build writes {MODEL_VERSION})",
                self.version
            ));
        }
        if self.key != key {
            return Some(format!("measured for `{}`, this is `{key}`", self.key));
        }
        if self.devices.len() != n {
            return Some(format!("{} devices, expected {n}", self.devices.len()));
        }
        for d in &self.devices {
            // Curves are checked as they are read (`Curve::new`).
            if !d.upload.valid() || !d.download.valid() {
                return Some(format!("negative or non-finite numbers for {}", d.label));
            }
        }
        None
    }

    /// Predicted compute time of `units` of `family` work on device `dev`; `None` when the
    /// family was not measured there.
    pub fn compute_ns(&self, dev: usize, family: Family, units: f64) -> Option<f64> {
        Some(self.devices.get(dev)?.ops.get(&family)?.at(units))
    }

    /// Predicted time to copy `bytes` from device `from` to device `to` through the host.
    pub fn move_ns(&self, from: usize, to: usize, bytes: usize) -> f64 {
        let b = bytes as f64;
        self.devices[from].download.at(b) + self.devices[to].upload.at(b)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median wall time of `f` plus a synchronize, after one untimed warm-up run (which
/// compiles kernels on devices that compile on first use).
fn time_ns(dev: &Device, reps: usize, mut f: impl FnMut() -> Result<Tensor>) -> Result<f64> {
    let y = f()?;
    dev.synchronize()?;
    drop(y);
    let mut v = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        let y = f()?;
        dev.synchronize()?;
        v.push(t.elapsed().as_nanos() as f64);
        drop(y);
    }
    Ok(median(v))
}

/// Transfer calibration sizes: elements of the small and the large run.
const SMALL: usize = 16;
const LARGE: usize = 1 << 20;

/// The sizes each family's curve is measured at, with the repetitions of each: elements
/// (matmul: the square side). Four points per decade-spanning curve: small enough that the
/// first use stays within a few seconds (the largest PoCL matmul, 512, takes about 0.1 s a
/// run here), large enough that sizes users route (1e3 to 1e7 elements, matrices 64 to
/// 2048) are interpolated, or extrapolated from the last segment's cost per unit.
fn sizes(family: Family) -> [(usize, usize); 4] {
    match family {
        Family::MatMul => [(8, 15), (32, 9), (128, 5), (512, 3)],
        _ => [(SMALL, 15), (1 << 10, 15), (1 << 15, 9), (LARGE, 5)],
    }
}

/// The slowest CPU GEMM the calibration believes, in ns per flop (1 GFLOP/s): any machine
/// this code runs on does better on a 512 GEMM, so a slower measurement was taken while the
/// machine was busy and is repeated.
const CPU_GEMM_SANITY_NS_PER_FLOP: f64 = 1.0;

fn input(dev: &Device, shape: &[usize]) -> Result<Tensor> {
    let n: usize = shape.iter().product();
    let v: Vec<f32> = (0..n).map(|i| 0.5 + (i % 97) as f32 * 0.01).collect();
    Tensor::from_slice(dev, &v, shape)
}

/// One timed run of `family` with about `n` elements (matmul: square side `n`): (units of
/// work, median ns).
fn measure(dev: &Device, family: Family, n: usize, reps: usize) -> Result<(f64, f64)> {
    let nf = n as f64;
    match family {
        Family::Unary => {
            let x = input(dev, &[n])?;
            Ok((8.0 * nf, time_ns(dev, reps, || x.exp())?))
        }
        Family::Binary => {
            let (a, b) = (input(dev, &[n])?, input(dev, &[n])?);
            Ok((12.0 * nf, time_ns(dev, reps, || a.add(&b))?))
        }
        Family::Reduce => {
            let x = input(dev, &[n])?;
            Ok((4.0 * nf + 4.0, time_ns(dev, reps, || x.sum(None, false))?))
        }
        Family::Softmax => {
            let cols = n.min(256);
            let x = input(dev, &[n / cols, cols])?;
            Ok((8.0 * nf, time_ns(dev, reps, || x.softmax(-1))?))
        }
        Family::MatMul => {
            let m = n;
            let (a, b) = (input(dev, &[m, m])?, input(dev, &[m, m])?);
            let flops = 2.0 * (m * m * m) as f64;
            Ok((flops, time_ns(dev, reps, || a.matmul(&b))?))
        }
        Family::Cast => {
            let x = input(dev, &[n])?;
            Ok((12.0 * nf, time_ns(dev, reps, || x.cast(DType::F64))?))
        }
        Family::Copy => {
            let r = (nf.sqrt() as usize).max(2);
            let x = input(dev, &[r, r])?.t()?;
            Ok((8.0 * (r * r) as f64, time_ns(dev, reps, || x.contiguous())?))
        }
        Family::Create => Ok((
            4.0 * nf,
            time_ns(dev, reps, || Tensor::full(dev, &[n], 1.5, DType::F32))?,
        )),
    }
}

fn transfer_lines(dev: &Device) -> Result<(Line, Line)> {
    let mut up = Vec::new();
    let mut down = Vec::new();
    for (n, reps) in [(SMALL, 15), (2 * LARGE, 5)] {
        let bytes = vec![0u8; n * 4];
        let t = Tensor::from_bytes(dev, &bytes, DType::F32, &[n])?;
        let tu = time_ns(dev, reps, || {
            Tensor::from_bytes(dev, &bytes, DType::F32, &[n])
        })?;
        let mut v = Vec::with_capacity(reps);
        let mut sink = vec![0u8; n * 4];
        for _ in 0..=reps {
            let s = Instant::now();
            dev.download_into(&t.buf, &mut sink)?;
            v.push(s.elapsed().as_nanos() as f64);
        }
        up.push(((n * 4) as f64, tu));
        down.push(((n * 4) as f64, median(v[1..].to_vec())));
    }
    Ok((Line::fit(up[0], up[1]), Line::fit(down[0], down[1])))
}

/// The curve of `family` on `dev`: each size's median time, made non-decreasing (more work
/// never predicted cheaper: a smaller median at a larger size is noise). On the CPU, a GEMM
/// point slower than [`CPU_GEMM_SANITY_NS_PER_FLOP`] is measured again, up to twice, keeping
/// the fastest median.
fn calibrate_curve(dev: &Device, family: Family) -> Result<Curve> {
    let cpu = dev.info().name == "cpu";
    let mut pts = Vec::with_capacity(MAX_POINTS);
    for (n, reps) in sizes(family) {
        let (u, mut t) = measure(dev, family, n, reps)?;
        for _ in 0..2 {
            if !(cpu && family == Family::MatMul && n >= 128)
                || t <= u * CPU_GEMM_SANITY_NS_PER_FLOP
            {
                break;
            }
            t = t.min(measure(dev, family, n, reps)?.1);
        }
        pts.push((u, t));
    }
    for i in 1..pts.len() {
        pts[i].1 = pts[i].1.max(pts[i - 1].1);
    }
    Curve::new(&pts).map_err(|e| Error::invalid(NAME, e))
}

fn calibrate_device(dev: &Device) -> DeviceModel {
    let mut ops = BTreeMap::new();
    for f in Family::ALL {
        if let Ok(c) = calibrate_curve(dev, f) {
            ops.insert(f, c);
        }
    }
    // If transfers cannot be measured the device cannot be used: make moves prohibitive.
    let never = Line {
        fixed_ns: 1e15,
        ns_per_unit: 0.0,
    };
    let (upload, download) = transfer_lines(dev).unwrap_or((never, never));
    // Calibration traffic is not the user's: the device was opened for the router just
    // now, so its counters start again from zero.
    dev.reset_transfer_stats();
    DeviceModel {
        label: dev.label().to_string(),
        ops,
        upload,
        download,
    }
}

// ---------------------------------------------------------------------------------------
// Decisions.
// ---------------------------------------------------------------------------------------

/// One device's predicted time for one op.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The device's label.
    pub device: String,
    /// Predicted time in ns, moves included.
    pub ns: f64,
    /// Bytes of inputs that would have to be copied to this device.
    pub moved_bytes: u64,
    /// The op's work lies past the largest size measured for its family on this device:
    /// its compute time is extrapolated (see [`Curve::at`]).
    pub extrapolated: bool,
}

/// A routing decision: which device ran an op, and what the model predicted for each
/// device that could run it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The op.
    pub op: Op,
    /// Its dtype (the input's; the output's for creation ops).
    pub dtype: DType,
    /// Elements of the output.
    pub numel: usize,
    /// The device that ran it.
    pub device: String,
    /// Every candidate device, in router order.
    pub estimates: Vec<Estimate>,
}

impl Decision {
    /// Bytes of inputs copied to the chosen device for this op.
    pub fn moved_bytes(&self) -> u64 {
        self.estimates
            .iter()
            .find(|e| e.device == self.device)
            .map_or(0, |e| e.moved_bytes)
    }
}

fn fmt_ns(ns: f64) -> String {
    match ns {
        x if x < 1e3 => format!("{x:.0} ns"),
        x if x < 1e6 => format!("{:.1} us", x / 1e3),
        x if x < 1e9 => format!("{:.2} ms", x / 1e6),
        x => format!("{:.2} s", x / 1e9),
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "auto: {} {} n={} -> {} (est:",
            self.op, self.dtype, self.numel, self.device
        )?;
        for (i, e) in self.estimates.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(f, "{sep} {} {}", e.device, fmt_ns(e.ns))?;
            if e.moved_bytes > 0 {
                write!(f, " incl. moving {} B", e.moved_bytes)?;
            }
            if e.extrapolated {
                f.write_str(" extrapolated past the sizes measured")?;
            }
        }
        f.write_str(")")
    }
}

/// One estimate as stored: slot index, predicted ns, bytes moved, extrapolated or not.
#[derive(Clone, Copy, Default)]
struct Est {
    slot: u8,
    ns: f64,
    moved: u64,
    beyond: bool,
}

/// One input of an op as the model sees it: its dtype, the bytes a copy moves, and the
/// slots holding its data (bit `i` for slot `i`).
#[derive(Clone, Copy)]
struct RecIn {
    dtype: DType,
    bytes: usize,
    held: u32,
}

/// A decision as stored: what the model needs to price the op again, in fixed-size
/// storage, no strings and no heap. The estimates and the full [`Decision`] are built only
/// when asked for, by [`decisions`] or the log: the model is deterministic, so they are the
/// numbers the choice was made on.
#[derive(Clone, Copy)]
struct Rec {
    op: Op,
    /// The dtype `supports` is asked about (the input's; the output's for creation ops).
    dtype: DType,
    out_dtype: DType,
    numel: usize,
    units: f64,
    chosen: u8,
    n_in: u8,
    ins: [RecIn; MAX_INPUTS],
    /// The online corrections of the op's family in force when it was decided, per slot.
    scale: [f64; MAX_DEVICES],
}

// ---------------------------------------------------------------------------------------
// The router.
// ---------------------------------------------------------------------------------------

struct Slot {
    dev: Device,
    /// Bit `d` set when the device stores dtype `d`.
    dtypes: u64,
    /// Work was given to the device since its last synchronize. Set after the work is
    /// enqueued, cleared by [`Router::synchronize`] before it waits.
    pending: AtomicBool,
    /// `dev.supports(op, dtype)` for every op and dtype, asked once (see [`sup_index`]).
    supported: Vec<bool>,
}

/// Index of `(op, dtype)` in [`Slot::supported`].
fn sup_index(op: Op, dtype: DType) -> usize {
    let (family, code) = op.encode();
    debug_assert!(code < 64, "op codes fit in 64 per family");
    ((family as usize * 64) + code as usize) * DType::ALL.len() + dtype as usize
}

impl Slot {
    fn new(dev: Device) -> Slot {
        let pairs: Vec<(Op, DType)> = Op::all()
            .into_iter()
            .flat_map(|o| DType::ALL.into_iter().map(move |d| (o, d)))
            .collect();
        let len = pairs.iter().map(|&(o, d)| sup_index(o, d) + 1).max();
        let mut supported = vec![false; len.unwrap_or(0)];
        for (o, d) in pairs {
            supported[sup_index(o, d)] = dev.supports(o, d);
        }
        Slot {
            dtypes: dev.info().dtypes.iter().fold(0, |m, &d| m | 1 << d as u32),
            dev,
            supported,
            pending: AtomicBool::new(false),
        }
    }

    /// Notes that work was just enqueued on this device (nothing to note for a synchronous
    /// one, whose table has no `synchronize`).
    fn queued(&self) {
        if self.dev.api().synchronize.is_some() && !self.pending.load(Ordering::Relaxed) {
            self.pending.store(true, Ordering::Release);
        }
    }

    fn stores(&self, d: DType) -> bool {
        self.dtypes & (1 << d as u32) != 0
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        self.supported
            .get(sup_index(op, dtype))
            .copied()
            .unwrap_or(false)
    }
}

/// Options of the `auto` spec.
struct Config {
    cache: Option<PathBuf>,
    cache_off: bool,
    log: bool,
    recalibrate: bool,
    adapt: bool,
    accel: Vec<String>,
}

impl Config {
    fn parse(o: &BackendOptions) -> Result<Config> {
        o.expect_keys(&["cache", "log", "accel", "recalibrate", "adapt"])?;
        let env_cache = std::env::var(CACHE_ENV).ok().filter(|s| !s.is_empty());
        let cache_text = o.get("cache").map(str::to_string).or(env_cache);
        let cache_off = cache_text.as_deref() == Some("off");
        let flag = |key: &str, env: &str| match o.get(key) {
            Some(v) => v == "1" || v == "true",
            None => std::env::var(env).is_ok_and(|v| v == "1" || v == "true"),
        };
        let (log, recalibrate) = (flag("log", LOG_ENV), flag("recalibrate", RECALIBRATE_ENV));
        let adapt = match o.get("adapt") {
            Some(v) => !(v == "0" || v == "false"),
            None => !std::env::var(ADAPT_ENV).is_ok_and(|v| v == "0" || v == "false"),
        };
        let accel = match o.get("accel") {
            Some(v) => v
                .split('+')
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "none")
                .map(str::to_string)
                .collect(),
            None => DEFAULT_ACCELERATORS.iter().map(|s| s.to_string()).collect(),
        };
        Ok(Config {
            cache: cache_text.filter(|_| !cache_off).map(PathBuf::from),
            cache_off,
            log,
            recalibrate,
            adapt,
            accel,
        })
    }
}

/// The router's state, shared by its backend object and the [`Device`] that wraps it.
pub(crate) struct Shared {
    slots: Vec<Slot>,
    model: CostModel,
    /// `model`'s op lines by slot and [`Family`] index, looked up without a map.
    lines: Vec<[Option<Curve>; Family::ALL.len()]>,
    /// Per [`Family`] index, the work (in units) up to which the CPU's line is at or below
    /// every other device's, moves left out: an op that small whose inputs are all on the
    /// CPU goes to the CPU without pricing each device (they could only cost more).
    /// As [`Shared::cpu_below`] with the online corrections applied (f64 bits).
    cpu_below: [AtomicU64; Family::ALL.len()],
    /// Online correction: per slot and [`Family`] index, the factor (f64 bits, 1.0 at start)
    /// by which the curve's times are multiplied, learned from sampled ops.
    scale: [[AtomicU64; Family::ALL.len()]; MAX_DEVICES],
    /// What online correction keeps besides the factors.
    online: Mutex<Online>,
    /// Online correction is on (`adapt`, default on).
    adapt: bool,
    model_source: String,
    skipped: Vec<(String, String)>,
    log: bool,
    decisions: Mutex<VecDeque<Rec>>,
    info: BackendInfo,
}

/// What `open_all` found.
struct Opened {
    cpu: Device,
    accels: Vec<Device>,
    skipped: Vec<(String, String)>,
    cfg: Config,
}

fn open_all(index: usize, options: &BackendOptions) -> Result<Opened> {
    let cfg = Config::parse(options)?;
    let cpu = Device::open("cpu")?;
    let mut accels = Vec::new();
    let mut skipped = Vec::new();
    for name in &cfg.accel {
        if name == NAME || name == "cpu" {
            skipped.push((name.clone(), "not an accelerator".into()));
            continue;
        }
        if accels.len() + 1 == MAX_DEVICES {
            skipped.push((
                name.clone(),
                format!("a router drives at most {MAX_DEVICES} devices"),
            ));
            continue;
        }
        match Device::open(&format!("{name}:{index}")) {
            Ok(d) => accels.push(d),
            Err(e) => skipped.push((name.clone(), e.to_string())),
        }
    }
    Ok(Opened {
        cpu,
        accels,
        skipped,
        cfg,
    })
}

fn skipped_text(skipped: &[(String, String)]) -> String {
    skipped
        .iter()
        .map(|(n, why)| format!("{n}: {why}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Device::open("auto")`: the router, or the CPU device itself when no accelerator loads.
pub(crate) fn open(index: usize, options: &BackendOptions) -> Result<Device> {
    let opened = open_all(index, options)?;
    if opened.accels.is_empty() {
        let label = format!("{} (auto: no accelerator)", opened.cpu.label());
        let why = format!(
            "no accelerator loaded ({}); this is the CPU backend itself, no router",
            if opened.skipped.is_empty() {
                "none asked for".to_string()
            } else {
                skipped_text(&opened.skipped)
            }
        );
        return Ok(opened.cpu.annotate(label, &[("auto", why)]));
    }
    let shared = Arc::new(Shared::new(opened));
    static API: PluginApi = abi::table::<Router>();
    let router = Box::new(Router {
        shared: shared.clone(),
    });
    let handle = Box::into_raw(router) as *mut c_void;
    Device::wrap(
        NAME,
        API,
        handle,
        index,
        options,
        "builtin (router)".into(),
        None,
        Some(shared),
    )
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown-host".into())
}

/// The CPU model, from `/proc/cpuinfo` (`family F model M stepping S: NAME`), so that a
/// model measured on one CPU kind is not reused on another under the same host name (cloud
/// machines change hardware between boots). The architecture name where that file is absent.
fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |key: &str| {
        info.lines()
            .find(|l| l.split(':').next().map(str::trim) == Some(key))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    };
    match field("model name") {
        Some(name) => format!(
            "family {} model {} stepping {}: {name}",
            field("cpu family").unwrap_or_default(),
            field("model").unwrap_or_default(),
            field("stepping").unwrap_or_default()
        ),
        None => std::env::consts::ARCH.to_string(),
    }
}

/// The identity of the file at `path` as a build tool sees it: size and modification time
/// (nanoseconds), so that a plugin or executable rebuilt at the same path is measured
/// again rather than judged by its predecessor's model.
fn file_identity(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(m) => {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or_else(|| "?".into(), |d| d.as_nanos().to_string());
            format!("{} bytes, mtime {mtime}", m.len())
        }
        Err(e) => format!("unreadable: {e}"),
    }
}

/// FNV-1a, for a file name that is stable across builds.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn default_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("tensor-plugins"))
}

impl Shared {
    /// Waits for the devices given work since their last synchronize (see
    /// [`Router::synchronize`]).
    pub(crate) fn synchronize(&self) -> Result<()> {
        for s in &self.slots {
            if s.pending.load(Ordering::Acquire)
                && s.pending.swap(false, Ordering::AcqRel)
                && let Err(e) = s.dev.synchronize()
            {
                s.pending.store(true, Ordering::Release);
                return Err(e);
            }
        }
        Ok(())
    }

    fn new(o: Opened) -> Shared {
        let devs: Vec<Device> = std::iter::once(o.cpu).chain(o.accels).collect();
        let key = std::iter::once(format!("host={} cpu={}", host_name(), cpu_model()))
            .chain(devs.iter().map(|d| {
                let i = d.info();
                // Where the code came from, so a debug and a release build are told apart:
                // the library path, or for a builtin the executable it is linked into, with
                // the file's size and mtime, so a rebuild at the same path is told apart too.
                let origin = match d.origin() {
                    "builtin" => std::env::current_exe()
                        .map(|p| format!("builtin in {} ({})", p.display(), file_identity(&p)))
                        .unwrap_or_else(|_| "builtin".into()),
                    o => format!("{o} ({})", file_identity(Path::new(o))),
                };
                // The BLAS build and core, and the math mode, change the speed too (a BLAS
                // that falls back to generic kernels on a CPU newer than itself).
                format!(
                    "{} {} [{}] from {origin}; blas {}; math {}",
                    d.label(),
                    i.version,
                    i.device,
                    i.blas.as_deref().unwrap_or("none"),
                    i.math_mode
                )
            }))
            .collect::<Vec<_>>()
            .join(" | ");
        let path = if o.cfg.cache_off {
            None
        } else {
            o.cfg.cache.clone().or_else(|| {
                default_cache_dir().map(|d| d.join(format!("auto-{:016x}.json", fnv1a(&key))))
            })
        };
        let (model, model_source) =
            load_or_calibrate(&devs, &key, path.as_deref(), o.cfg.recalibrate);
        let slots: Vec<Slot> = devs.into_iter().map(Slot::new).collect();
        let info = router_info(&slots, &o.skipped, &model_source);
        diagnostic(o.cfg.log, || {
            format!(
                "auto: devices {}; model {model_source}",
                slots
                    .iter()
                    .map(|s| s.dev.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        let lines: Vec<[Option<Curve>; Family::ALL.len()]> = model
            .devices
            .iter()
            .map(|d| Family::ALL.map(|f| d.ops.get(&f).copied()))
            .collect();
        let cpu_below = std::array::from_fn(|f| AtomicU64::new(cpu_below(&lines, f).to_bits()));
        Shared {
            slots,
            model,
            lines,
            cpu_below,
            scale: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(1f64.to_bits()))),
            online: Mutex::new(Online::default()),
            adapt: o.cfg.adapt,
            model_source,
            skipped: o.skipped,
            log: o.cfg.log,
            decisions: Mutex::new(VecDeque::new()),
            info,
        }
    }

    /// The CPU device (slot 0), where host data lands.
    pub(crate) fn cpu(&self) -> &Device {
        &self.slots[0].dev
    }

    /// The slot of the device that owns `buf`'s storage.
    fn slot_of(&self, buf: &Buffer) -> usize {
        self.slots
            .iter()
            .position(|s| s.dev == buf.device)
            .expect("an auto buffer lives on one of its router's devices")
    }

    /// Bit `i` set when slot `i` holds `buf`'s data: its owner, and any copies made.
    fn held(&self, buf: &Buffer) -> u32 {
        let copies = buf.auto.as_ref().map_or(0, |a| {
            a.copies
                .iter()
                .enumerate()
                .fold(0, |m, (i, c)| m | (c.get().is_some() as u32) << i)
        });
        copies | 1 << self.slot_of(buf)
    }

    /// `buf`'s data on slot `i`: the buffer itself, or its copy there, made (through the
    /// host) and kept on first use.
    fn on<'a>(&self, buf: &'a Buffer, i: usize) -> Result<&'a Buffer> {
        if self.slot_of(buf) == i {
            return Ok(buf);
        }
        let Some(a) = &buf.auto else {
            return Err(Error::invalid(NAME, "not a buffer of this router"));
        };
        if let Some(c) = a.copies[i].get() {
            return Ok(c);
        }
        let _g = a.copying.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = a.copies[i].get() {
            return Ok(c); // another thread made it meanwhile
        }
        let dev = &self.slots[i].dev;
        let fresh = dev.alloc(buf.dtype, buf.len)?;
        if buf.len > 0 {
            let bytes = buf.device.download(buf)?;
            dev.upload(&fresh, &bytes)?;
            self.slots[i].queued();
        }
        Ok(a.copies[i].get_or_init(|| fresh))
    }
}

/// Runs `call` on the device the model picks (the router's part of [`Device::run`]): no heap
/// allocation beyond the chosen device's output (and the copies the model asks for), and
/// no boundary crossing beyond that device's own op call.
pub(crate) fn dispatch(
    auto: &Device,
    s: &Shared,
    call: Call<'_>,
    ins: &[&Tensor],
    dtype: DType,
    shape: &[usize],
) -> Result<Tensor> {
    debug_assert!(ins.len() <= MAX_INPUTS);
    let op = call.op();
    // `where` is asked about its value operands' dtype, every other op about its first.
    let at = usize::from(matches!(call, Call::Where));
    let op_dtype = ins.get(at).map_or(dtype, |t| t.dtype());
    let family = Family::of(op);
    let numel = crate::layout::checked_numel(shape)?;
    let units = work_units(family, ins, dtype, numel);
    let mut rec = Rec {
        op,
        dtype: op_dtype,
        out_dtype: dtype,
        numel,
        units,
        chosen: 0,
        n_in: ins.len() as u8,
        ins: [RecIn {
            dtype,
            bytes: 0,
            held: 0,
        }; MAX_INPUTS],
        scale: [1.0; MAX_DEVICES],
    };
    let mut on_cpu = true;
    for (r, t) in rec.ins.iter_mut().zip(ins) {
        *r = RecIn {
            dtype: t.dtype(),
            bytes: t.buf.len * t.buf.dtype.size_of(),
            held: s.held(&t.buf),
        };
        on_cpu &= r.held & 1 != 0;
    }
    rec.scale = s.scales(family);
    let cpu = &s.slots[0];
    let sample = s.adapt && sampled();
    let chosen = if on_cpu
        && units <= f64::from_bits(s.cpu_below[family as usize].load(Ordering::Relaxed))
        && cpu.stores(dtype)
        && ins.iter().all(|t| cpu.stores(t.dtype()))
        && cpu.supports(op, op_dtype)
    {
        0 // small, and its data is on the CPU: no other device can do better
    } else {
        let (mut est, n) = s.estimates(&rec);
        let est = &mut est[..n];
        est.sort_by(|x, y| x.ns.total_cmp(&y.ns).then(x.moved.cmp(&y.moved)));
        let Some(best) = est.first() else {
            return Err(Error::unsupported(op, op_dtype, NAME));
        };
        match est.get(1) {
            Some(second) if s.adapt && s.explore(best.ns, second.ns, sample) => {
                second.slot as usize
            }
            _ => best.slot as usize,
        }
    };
    rec.chosen = chosen as u8;
    s.record(rec);
    let mut cts = [NO_TENSOR; MAX_INPUTS];
    for (t, c) in ins.iter().zip(&mut cts) {
        *c = CTensor {
            buffer: s.on(&t.buf, chosen)?.ptr,
            ..t.c_tensor()
        };
    }
    let slot = &s.slots[chosen];
    // A sampled op is timed for its compute alone: an asynchronous device first finishes
    // what was queued before it, then this op.
    let asynchronous = slot.dev.api().synchronize.is_some();
    let start = if sample {
        if asynchronous {
            slot.dev.synchronize()?;
        }
        Some(Instant::now())
    } else {
        None
    };
    let buf = slot.dev.run_buf_as(dtype, shape, Some(auto), |api, h, o| {
        // SAFETY: the descriptors point at the chosen device's copies of live inputs
        // (held by `ins` and their copy tables for the call), with the inputs' own
        // layouts.
        unsafe { call.invoke(api, h, &cts[..ins.len()], o) }
    })?;
    if let Some(start) = start {
        if asynchronous {
            slot.dev.synchronize()?;
        }
        s.observe(chosen, family, units, start.elapsed().as_nanos() as f64);
    } else {
        slot.queued();
    }
    Ok(Tensor {
        buf,
        layout: crate::Layout::contiguous(shape),
    })
}

// ---------------------------------------------------------------------------------------
// Online correction.
// ---------------------------------------------------------------------------------------

/// One op in this many (per thread) is timed and compared with its prediction.
pub const SAMPLE_EVERY: u32 = 64;
/// Share of every priced op's predicted time put into the exploration budget: at most this
/// share of routed time is spent running sampled ops on a device predicted slower, to find
/// out whether its prediction is wrong.
pub const EXPLORE_SHARE: f64 = 1.0 / 32.0;
/// A sampled op that took more than this factor longer (or shorter) than predicted resets
/// its device's correction for the op's family to the measured ratio at once; closer
/// samples move it a quarter of the way (in log scale).
pub const JUMP_RATIO: f64 = 2.0;

/// Whether this op is one of the sampled ones (a per-thread counter: no shared state).
fn sampled() -> bool {
    thread_local! {
        static TICK: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    TICK.with(|t| {
        let n = t.get().wrapping_add(1);
        t.set(n);
        n % SAMPLE_EVERY == 0
    })
}

/// Online correction's state besides the factors, behind one lock (taken by priced ops and
/// sampled ones only).
#[derive(Default)]
struct Online {
    /// Exploration budget in ns: a share ([`EXPLORE_SHARE`]) of every priced op's predicted
    /// time, spent on running a sampled op on the second-best device.
    explore_ns: f64,
    /// Per slot and family: the last sample was more than [`JUMP_RATIO`] slower than
    /// predicted.
    slow: [[bool; Family::ALL.len()]; MAX_DEVICES],
    /// The corrections made, in order, for [`corrections`].
    corrections: Vec<Correction>,
}

/// A change the router made to its model from a sampled op (see [`corrections`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Correction {
    /// The device's label.
    pub device: String,
    /// The op family.
    pub family: Family,
    /// Work of the sampled op.
    pub units: f64,
    /// Its predicted compute time (with the correction in force before), in ns.
    pub predicted_ns: f64,
    /// Its measured compute time, in ns.
    pub measured_ns: f64,
    /// The factor the family's curve on that device is multiplied by from now on.
    pub scale: f64,
}

impl std::fmt::Display for Correction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "auto: {} {:?} took {} for {:.3e} units, predicted {}: its estimates for {:?} are \
             scaled by {:.3} from now on",
            self.device,
            self.family,
            fmt_ns(self.measured_ns),
            self.units,
            fmt_ns(self.predicted_ns),
            self.family,
            self.scale
        )
    }
}

impl Shared {
    /// The corrections of `family`, per slot.
    fn scales(&self, family: Family) -> [f64; MAX_DEVICES] {
        std::array::from_fn(|i| {
            f64::from_bits(self.scale[i][family as usize].load(Ordering::Relaxed))
        })
    }

    /// Adds a share of a priced op's predicted time to the exploration budget; on a sampled
    /// op, says whether to run it on the second-best device instead (when the budget covers
    /// that device's predicted time, which is then spent).
    fn explore(&self, best_ns: f64, second_ns: f64, sample: bool) -> bool {
        let mut o = self.online.lock().unwrap_or_else(|e| e.into_inner());
        o.explore_ns += best_ns * EXPLORE_SHARE;
        if sample && second_ns.is_finite() && second_ns <= o.explore_ns {
            o.explore_ns -= second_ns;
            true
        } else {
            false
        }
    }

    /// Compares a sampled op's measured compute time with its prediction and updates the
    /// device's correction for the family. Off by more than [`JUMP_RATIO`], the correction
    /// is reset to the measured ratio: at once when the op ran faster than predicted (a busy
    /// machine cannot make an op faster), on the second sample in a row when it ran slower
    /// (one preempted op must not derail the model). Otherwise, outside 0.8x to 1.25x, it
    /// moves a quarter of the way (in log scale); within, it stays (noise). The CPU's fast-path bound is recomputed with the corrections.
    fn observe(&self, slot: usize, family: Family, units: f64, measured_ns: f64) {
        let f = family as usize;
        let Some(curve) = self.lines[slot][f] else {
            return;
        };
        let raw = curve.at(units);
        if !(raw > 0.0 && measured_ns > 0.0 && measured_ns.is_finite()) {
            return;
        }
        let mut o = self.online.lock().unwrap_or_else(|e| e.into_inner());
        let cell = &self.scale[slot][f];
        let old = f64::from_bits(cell.load(Ordering::Relaxed));
        let predicted = raw * old;
        let ratio = measured_ns / predicted;
        let slow = ratio > JUMP_RATIO;
        let jump = ratio < 1.0 / JUMP_RATIO || (slow && o.slow[slot][f]);
        o.slow[slot][f] = slow && !jump;
        let new = if jump {
            measured_ns / raw
        } else if slow || (0.8..=1.25).contains(&ratio) {
            old // the first slow sample: wait for a second; or close enough, noise
        } else {
            old * ratio.powf(0.25)
        };
        if new == old {
            return; // nothing changed: the fast-path bound stands
        }
        cell.store(new.to_bits(), Ordering::Relaxed);
        let mut scaled = [[None; Family::ALL.len()]; MAX_DEVICES];
        for (i, l) in scaled.iter_mut().enumerate().take(self.slots.len()) {
            let k = f64::from_bits(self.scale[i][f].load(Ordering::Relaxed));
            l[f] = self.lines[i][f].map(|c| c.scaled(k));
        }
        let below = cpu_below(&scaled[..self.slots.len()], f);
        self.cpu_below[f].store(below.to_bits(), Ordering::Relaxed);
        if jump {
            let c = Correction {
                device: self.slots[slot].dev.label().to_string(),
                family,
                units,
                predicted_ns: predicted,
                measured_ns,
                scale: new,
            };
            diagnostic(self.log, || c.to_string());
            if o.corrections.len() < MAX_DECISIONS {
                o.corrections.push(c);
            }
        }
    }
}

/// What makes a buffer an `auto` one: the router device it belongs to, and the copies of
/// its data made on the router's other devices. Buffers are written once (upload or op
/// output) and never after, so each copy is made at most once and stays valid; reading
/// where the data is takes no lock (a tiny op reads it for every input).
pub(crate) struct Auto {
    /// The router device.
    pub(crate) device: Device,
    /// Per slot, the copy made there (never the owner's slot).
    copies: [OnceLock<Arc<Buffer>>; MAX_DEVICES],
    /// Held while a copy is being made, so two threads do not both make one.
    copying: Mutex<()>,
}

impl Auto {
    pub(crate) fn new(device: &Device) -> Auto {
        Auto {
            device: device.clone(),
            copies: Default::default(),
            copying: Mutex::new(()),
        }
    }
}

impl Shared {
    fn record(&self, r: Rec) {
        diagnostic(self.log, || self.decision(&r).to_string());
        let mut d = self.decisions.lock().unwrap_or_else(|e| e.into_inner());
        if d.len() == MAX_DECISIONS {
            d.pop_front();
        }
        d.push_back(r);
    }

    fn decision(&self, r: &Rec) -> Decision {
        let label = |i: usize| self.slots[i].dev.label().to_string();
        let (est, n) = self.estimates(r);
        Decision {
            op: r.op,
            dtype: r.dtype,
            numel: r.numel,
            device: label(r.chosen as usize),
            estimates: est[..n]
                .iter()
                .map(|e| Estimate {
                    device: label(e.slot as usize),
                    ns: e.ns,
                    moved_bytes: e.moved,
                    extrapolated: e.beyond,
                })
                .collect(),
        }
    }

    /// The predicted time of `r` on every device that can run it, moves included.
    fn estimates(&self, r: &Rec) -> ([Est; MAX_DEVICES], usize) {
        let ins = &r.ins[..r.n_in as usize];
        let family = Family::of(r.op);
        let mut est = [Est::default(); MAX_DEVICES];
        let mut n = 0;
        for (i, slot) in self.slots.iter().enumerate() {
            if !slot.stores(r.out_dtype)
                || !ins.iter().all(|x| slot.stores(x.dtype))
                || !slot.supports(r.op, r.dtype)
            {
                continue;
            }
            let Some(curve) = self.lines[i][family as usize] else {
                continue;
            };
            let mut t = curve.at(r.units) * r.scale[i];
            let mut moved = 0u64;
            for x in ins {
                if x.held & (1 << i) == 0 {
                    t += self
                        .model
                        .move_ns(x.held.trailing_zeros() as usize, i, x.bytes);
                    moved += x.bytes as u64;
                }
            }
            est[n] = Est {
                slot: i as u8,
                ns: t,
                moved,
                beyond: r.units > curve.measured_up_to(),
            };
            n += 1;
        }
        (est, n)
    }
}

/// The work up to which slot 0's curve (the CPU's) is at or below every other slot's curve
/// for family index `f`; `-1` (never) when the CPU has no curve for it.
fn cpu_below(lines: &[[Option<Curve>; Family::ALL.len()]], f: usize) -> f64 {
    let Some(cpu) = lines.first().and_then(|l| l[f]) else {
        return -1.0;
    };
    lines[1..]
        .iter()
        .filter_map(|l| l[f])
        .map(|other| first_below(&cpu, &other))
        .fold(f64::INFINITY, f64::min)
}

/// The work up to which `cpu` is at or below `other`: `-1` when it is above at 0 units,
/// infinity when it never gets above.
fn first_below(cpu: &Curve, other: &Curve) -> f64 {
    // Between consecutive breakpoints of either curve both are linear, so their difference
    // is too: it turns negative at a breakpoint or at one crossing inside a segment.
    let mut us = [0.0; 2 * MAX_POINTS + 1];
    let mut n = 1; // us[0] = 0 units
    for &(u, _) in cpu.points().iter().chain(other.points()) {
        us[n] = u;
        n += 1;
    }
    let us = &mut us[..n];
    us.sort_by(f64::total_cmp);
    let d = |u: f64| other.at(u) - cpu.at(u);
    if d(0.0) < 0.0 {
        return -1.0;
    }
    for w in us.windows(2) {
        let (u0, u1) = (w[0], w[1]);
        let (d0, d1) = (d(u0), d(u1));
        if u1 > u0 && d1 < 0.0 {
            return u0 + (u1 - u0) * d0 / (d0 - d1);
        }
    }
    // Past every breakpoint both grow by their last segments' cost per unit.
    let last = us[us.len() - 1];
    let gap = cpu.slope_past_end() - other.slope_past_end();
    if gap <= 0.0 {
        f64::INFINITY
    } else {
        last + d(last) / gap
    }
}

fn load_or_calibrate(
    devs: &[Device],
    key: &str,
    path: Option<&Path>,
    recalibrate: bool,
) -> (CostModel, String) {
    let why = match path {
        None => "no cache file (cache=off or no cache directory)".to_string(),
        Some(_) if recalibrate => format!("asked to: recalibrate=1 or {RECALIBRATE_ENV}=1"),
        Some(p) => match CostModel::load(p) {
            Ok(m) => match m.unusable(key, devs.len()) {
                None => return (m, format!("loaded from {}", p.display())),
                Some(why) => format!("cache {} is stale: {why}", p.display()),
            },
            Err(_) if !p.exists() => format!("no cache file yet at {}", p.display()),
            Err(e) => format!("cache unusable: {e}"),
        },
    };
    // A progress line where someone is watching: the first use on a machine takes seconds.
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if tty {
        eprint!(
            "auto: measuring the cost model of {} ({why})...",
            devs.iter()
                .map(|d| d.label())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let t = Instant::now();
    let model = CostModel::calibrate(devs, key);
    let secs = t.elapsed().as_secs_f64();
    if tty {
        eprintln!(" {secs:.2} s");
    }
    let mut source = format!("measured in {secs:.2} s ({why})");
    if let Some(p) = path {
        match model.save(p) {
            Ok(()) => source.push_str(&format!("; saved to {}", p.display())),
            Err(e) => source.push_str(&format!("; not saved: {e}")),
        }
    }
    (model, source)
}

fn router_info(slots: &[Slot], skipped: &[(String, String)], model_source: &str) -> BackendInfo {
    let cpu = slots[0].dev.info();
    let labels: Vec<String> = slots.iter().map(|s| s.dev.label().to_string()).collect();
    let per = |f: &dyn Fn(&BackendInfo) -> &str| {
        slots
            .iter()
            .map(|s| format!("{} {}", s.dev.label(), f(s.dev.info())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut extra = BTreeMap::new();
    extra.insert("auto.devices".into(), labels.join(", "));
    extra.insert("auto.model".into(), model_source.to_string());
    if !skipped.is_empty() {
        extra.insert("auto.skipped".into(), skipped_text(skipped));
    }
    for s in slots {
        extra.insert(
            format!("auto.{}", s.dev.label()),
            s.dev.info().device.clone(),
        );
    }
    BackendInfo {
        widening_reduce: false,
        name: NAME.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        device: format!("router over {}", labels.join(" + ")),
        devices: vec![labels.join(" + ")],
        dtypes: cpu.dtypes.clone(),
        math_mode: format!(
            "per op, that of the device it ran on: {}",
            per(&|i| &i.math_mode)
        ),
        denormals: per(&|i| &i.denormals),
        reduction: format!(
            "that of the device each op ran on: {}",
            per(&|i| &i.reduction)
        ),
        blas: cpu.blas.clone(),
        extra,
    }
}

/// Work of an op in the family's units: bytes read and written, flops for matmul.
fn work_units(family: Family, ins: &[&Tensor], dtype: DType, numel: usize) -> f64 {
    if family == Family::MatMul {
        let k = ins
            .first()
            .and_then(|a| a.shape().last().copied())
            .unwrap_or(0);
        return 2.0 * numel as f64 * k as f64;
    }
    let read: usize = ins.iter().map(|t| t.numel() * t.dtype().size_of()).sum();
    (read + numel * dtype.size_of()) as f64
}

/// The router behind the `auto` device's ABI table. The host dispatches the router's ops
/// itself ([`dispatch`]) and allocates its tensors on the router's devices (`alloc`), so
/// the table serves identity, `supports` and `synchronize`; its buffer and op entries are
/// never reached through the `Tensor` API and answer with an error naming why.
struct Router {
    shared: Arc<Shared>,
}

impl Router {
    /// The router's shared state when `dev` is the router.
    fn shared_of(dev: &Device) -> Option<&Arc<Shared>> {
        dev.router()
    }

    fn not_here(what: &str) -> Error {
        Error::invalid(
            NAME,
            format!(
                "{what}: the auto device's tensors live on its devices and the host dispatches \
                 its ops; its table's buffer and op entries are not used"
            ),
        )
    }
}

impl Backend for Router {
    type Buffer = ();

    fn create(index: usize) -> Result<Self> {
        Self::create_with_options(index, &BackendOptions::default())
    }

    fn create_with_options(index: usize, options: &BackendOptions) -> Result<Self> {
        Ok(Router {
            shared: Arc::new(Shared::new(open_all(index, options)?)),
        })
    }

    /// Waits for the devices the router gave work to since their last synchronize (an idle
    /// accelerator is not asked: on PoCL that call alone costs about a microsecond, paid by
    /// every timed tiny op that ran on the CPU). Work queued on the underlying devices
    /// directly (through [`devices`]) is synchronized through them.
    fn synchronize(&self) -> Result<()> {
        self.shared.synchronize()
    }

    fn info(&self) -> BackendInfo {
        self.shared.info.clone()
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        self.shared
            .slots
            .iter()
            .any(|s| s.stores(dtype) && s.supports(op, dtype))
    }

    fn alloc(&self, _dtype: DType, _len: usize) -> Result<()> {
        Err(Router::not_here("alloc"))
    }

    fn buffer_len(&self, _buf: &()) -> usize {
        0
    }

    fn upload(&self, _dst: &mut (), _src: &[u8]) -> Result<()> {
        Err(Router::not_here("upload"))
    }

    fn download(&self, _src: &(), _dst: &mut [u8]) -> Result<()> {
        Err(Router::not_here("download"))
    }

    fn copy(&self, _x: Src<'_, ()>, _out: Dst<'_, ()>) -> Result<()> {
        Err(Router::not_here("copy"))
    }
}

// ---------------------------------------------------------------------------------------
// Public queries.
// ---------------------------------------------------------------------------------------

/// Whether `dev` is the `auto` router (false for the CPU device `auto` returns when no
/// accelerator loads).
pub fn is_router(dev: &Device) -> bool {
    Router::shared_of(dev).is_some()
}

/// The devices the router drives, the CPU first; empty if `dev` is not a router.
pub fn devices(dev: &Device) -> Vec<Device> {
    Router::shared_of(dev)
        .map(|s| s.slots.iter().map(|s| s.dev.clone()).collect())
        .unwrap_or_default()
}

/// The most recent decisions (up to [`MAX_DECISIONS`]), oldest first; empty if `dev` is not
/// a router.
pub fn decisions(dev: &Device) -> Vec<Decision> {
    let Some(s) = Router::shared_of(dev) else {
        return Vec::new();
    };
    let d = s.decisions.lock().unwrap_or_else(|e| e.into_inner());
    d.iter().map(|r| s.decision(r)).collect()
}

/// The corrections the router made to its model from sampled ops that ran more than
/// [`JUMP_RATIO`] slower or faster than predicted (the first [`MAX_DECISIONS`]), oldest
/// first; empty if `dev` is not a router. Smaller deviations adjust the model without a
/// record.
pub fn corrections(dev: &Device) -> Vec<Correction> {
    Router::shared_of(dev)
        .map(|s| {
            s.online
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .corrections
                .clone()
        })
        .unwrap_or_default()
}

/// Forgets the recorded decisions.
pub fn clear_decisions(dev: &Device) {
    if let Some(s) = Router::shared_of(dev) {
        s.decisions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// The cost model in use, if `dev` is a router.
pub fn cost_model(dev: &Device) -> Option<CostModel> {
    Router::shared_of(dev).map(|s| s.model.clone())
}

/// Where the model came from: `loaded from PATH`, or `measured in ... (why); saved to
/// PATH`. Also in the info's `extra["auto.model"]`.
pub fn model_source(dev: &Device) -> Option<String> {
    Router::shared_of(dev).map(|s| s.model_source.clone())
}

/// Accelerators that did not load, with the reason. Also in `extra["auto.skipped"]`.
pub fn skipped(dev: &Device) -> Vec<(String, String)> {
    Router::shared_of(dev)
        .map(|s| s.skipped.clone())
        .unwrap_or_default()
}

/// The labels of the devices holding `t`'s data (one or more for a router tensor; the
/// tensor's own device otherwise).
pub fn residency(t: &Tensor) -> Vec<String> {
    let Some(s) = Router::shared_of(t.device()) else {
        return vec![t.device().label().to_string()];
    };
    let held = s.held(&t.buf);
    s.slots
        .iter()
        .enumerate()
        .filter(|(i, _)| held & (1 << i) != 0)
        .map(|(_, slot)| slot.dev.label().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fixed_ns: f64, ns_per_unit: f64) -> Option<Curve> {
        Some(Curve::line(fixed_ns, ns_per_unit))
    }

    fn curve(points: &[(f64, f64)]) -> Curve {
        Curve::new(points).unwrap()
    }

    #[test]
    fn the_cpu_fast_path_ends_where_the_lines_cross() {
        let f = Family::Binary as usize;
        let with = |others: &[Option<Curve>]| {
            let mut lines = vec![[None; Family::ALL.len()]];
            lines[0][f] = line(100.0, 0.5);
            for o in others {
                let mut l = [None; Family::ALL.len()];
                l[f] = *o;
                lines.push(l);
            }
            cpu_below(&lines, f)
        };
        // An accelerator with a higher fixed cost and a lower cost per unit: the lines
        // cross at (10100 - 100) / (0.5 - 0.1) = 25000 units.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b;
        assert!(close(with(&[line(10_100.0, 0.1)]), 25_000.0));
        // The lowest crossing of several devices counts.
        assert!(close(
            with(&[line(10_100.0, 0.1), line(1_100.0, 0.1)]),
            2_500.0
        ));
        // Cheaper per unit and per call: the CPU always wins; no other device: too.
        assert_eq!(with(&[line(10_100.0, 0.6)]), f64::INFINITY);
        assert_eq!(with(&[]), f64::INFINITY);
        assert_eq!(with(&[None]), f64::INFINITY);
        // A device with a lower fixed cost than the CPU: no fast path at all.
        assert!(with(&[line(50.0, 0.6)]) < 0.0);
        // No CPU line: no fast path.
        let mut lines = vec![[None; Family::ALL.len()]; 2];
        lines[1][f] = line(10.0, 1.0);
        assert!(cpu_below(&lines, f) < 0.0);
    }

    #[test]
    fn a_curve_interpolates_between_points_and_extrapolates_the_last_segment() {
        let c = curve(&[(16.0, 1000.0), (1024.0, 1500.0), (1e6, 2e5)]);
        assert_eq!(c.at(0.0), 1000.0); // below the first point: its time
        assert_eq!(c.at(16.0), 1000.0);
        assert_eq!(c.at(520.0), 1250.0); // halfway between 16 and 1024
        assert_eq!(c.at(1024.0), 1500.0);
        let slope = (2e5 - 1500.0) / (1e6 - 1024.0);
        assert_eq!(c.slope_past_end(), slope);
        assert_eq!(c.measured_up_to(), 1e6);
        assert_eq!(c.at(2e6), 2e5 + 1e6 * slope);
        // A line is exact everywhere from 0 units on.
        let l = Curve::line(100.0, 0.5);
        for u in [0.0, 1.0, 3.0, 1e9] {
            assert_eq!(l.at(u), 100.0 + 0.5 * u);
        }
        // A last segment going down is noise: no negative cost per unit past the end.
        let down = curve(&[(1.0, 10.0), (2.0, 5.0)]);
        assert_eq!(down.at(100.0), 5.0);
    }

    #[test]
    fn malformed_curves_are_refused_with_the_reason() {
        assert!(Curve::new(&[(1.0, 1.0)]).unwrap_err().contains("2 to"));
        assert!(Curve::new(&[(1.0, 1.0); MAX_POINTS + 1]).is_err());
        let e = Curve::new(&[(2.0, 1.0), (2.0, 3.0)]).unwrap_err();
        assert!(e.contains("increase"), "{e}");
        assert!(Curve::new(&[(1.0, -1.0), (2.0, 3.0)]).is_err());
        assert!(Curve::new(&[(1.0, f64::NAN), (2.0, 3.0)]).is_err());
        // The same checks guard the cache file.
        let bad: std::result::Result<Curve, _> =
            serde_json::from_str(r#"{"points": [[5, 1], [4, 2]]}"#);
        assert!(bad.is_err());
        let good: Curve = serde_json::from_str(r#"{"points": [[4, 1], [5, 2]]}"#).unwrap();
        assert_eq!(good.points(), &[(4.0, 1.0), (5.0, 2.0)]);
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(serde_json::from_str::<Curve>(&json).unwrap(), good);
    }

    #[test]
    fn the_cpu_fast_path_follows_curves_through_every_segment() {
        let f = Family::MatMul as usize;
        let with = |cpu: Curve, other: Curve| {
            let mut lines = vec![[None; Family::ALL.len()]; 2];
            lines[0][f] = Some(cpu);
            lines[1][f] = Some(other);
            cpu_below(&lines, f)
        };
        // The CPU's cost per flop falls with size (a GEMM's efficiency rises), the
        // accelerator's launch cost dominates: they cross inside the second segment, where
        // a line through the first two CPU points would have put the crossing far earlier.
        let cpu = curve(&[(1e3, 1e3), (1e6, 1e5), (1e9, 1e7), (1e12, 1e10)]);
        let acc = curve(&[(1e3, 5e4), (1e6, 2e5), (1e9, 5e6), (1e12, 5e9)]);
        let u = with(cpu, acc);
        assert!(u > 1e6 && u < 1e9, "{u}");
        assert!((cpu.at(u) - acc.at(u)).abs() < 1e-6 * acc.at(u), "{u}");
        // Just below it the CPU is cheaper, just above the accelerator.
        assert!(cpu.at(u * 0.99) < acc.at(u * 0.99));
        assert!(cpu.at(u * 1.01) > acc.at(u * 1.01));
        // Crossing past every measured point: the last segments' slopes decide.
        let acc_far = curve(&[(1e3, 1e10), (1e6, 1e10), (1e12, 1e10 + 1.0)]);
        let u = with(cpu, acc_far);
        assert!(u > 1e12 && u.is_finite(), "{u}");
        assert!((cpu.at(u) - acc_far.at(u)).abs() < 1e-6 * cpu.at(u), "{u}");
        // Never crossing: the accelerator is dearer and grows at least as fast.
        let dear = curve(&[(1e3, 1e4), (1e12, 1e11)]);
        assert_eq!(with(cpu, dear), f64::INFINITY);
        // Cheaper at the start: no fast path.
        let cheap = curve(&[(1e3, 10.0), (1e12, 1e11)]);
        assert!(with(cpu, cheap) < 0.0);
    }
}
