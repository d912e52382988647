//! `conformance bench`: time per op and per size on every backend, with and without
//! host<->device transfer, the crossover sizes against the CPU backend, per-call fixed cost
//! and transfer bandwidth, optionally NumPy side by side; table on stdout,
//! `reports/bench.{json,html}`. The measuring is in [`conformance::bench`].

use super::{Failure, io_error, split_specs};
use conformance::bench::numpy::NumpyServer;
use conformance::bench::{
    self, BackendBench, BenchReport, Family, FamilyInfo, Machine, Mode, Plan, Point, Settings,
    Skipped, Timing, render,
};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use tensor_core::Device;

/// Arguments of `conformance bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Backends to time (comma-separated specs such as `cpu,opencl:0,auto`). Default: every
    /// known backend that loads; one named here that fails to load is an error.
    #[arg(long, env = tensor_core::device::BACKEND_ENV)]
    backends: Vec<String>,
    /// A smoke run: sizes 1, 10, ..., 1e4 (unless --max-size) and a short time per point.
    #[arg(long)]
    quick: bool,
    /// Largest size in elements per input (`1e7`, `100000000`); sizes are 1, 3, 10, 30, ...
    /// up to it. Default 1e7 (1e4 with --quick). Sizes whose working set exceeds half the
    /// available memory are skipped and reported.
    #[arg(long, value_parser = parse_size)]
    max_size: Option<usize>,
    /// Op families to time (comma-separated; default all): exp, add, sum, matmul, cast,
    /// transpose_copy.
    #[arg(long, value_delimiter = ',', value_parser = parse_family)]
    families: Vec<Family>,
    /// Also time NumPy on the same families, shapes and dtypes in the same run (runs the
    /// embedded `bench/numpy_compare.py --serve` with `TENSOR_PYTHON`, else `python3`; an
    /// error when NumPy is not importable).
    #[arg(long)]
    numpy: bool,
    /// Wall time per point in seconds (default 0.2, 0.02 with --quick).
    #[arg(long)]
    time_per_point: Option<f64>,
    /// Pause in seconds before each backend's (and NumPy's) sweep of a family, for worker
    /// threads left spinning by the previous one to go to sleep (default 0.3, 0.1 with
    /// --quick).
    #[arg(long)]
    settle: Option<f64>,
    /// Seed of the inputs.
    #[arg(long, default_value_t = 20261125)]
    seed: u64,
    /// Where to write `bench.json` and `bench.html`.
    #[arg(long, default_value = "reports")]
    out_dir: PathBuf,
    /// No progress line on stderr.
    #[arg(long)]
    no_progress: bool,
}

/// Parses `1e7`, `10000000` or `1_000_000` as a positive element count.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.replace('_', "");
    let v: f64 = t
        .parse()
        .map_err(|_| format!("'{s}' is not a number of elements"))?;
    if !(1.0..=1e12).contains(&v) || v.fract() != 0.0 {
        return Err(format!("'{s}': expected a whole number between 1 and 1e12"));
    }
    Ok(v as usize)
}

fn parse_family(s: &str) -> Result<Family, String> {
    Family::parse(s).ok_or_else(|| {
        format!(
            "unknown family '{s}'; known: {}",
            Family::ALL.map(|f| f.id()).join(", ")
        )
    })
}

/// A backend opened for the bench: the spec it was opened with, and the device.
type Opened = (String, Device);

/// Opens the backends: the explicit list (`--backends`, else `TENSOR_BACKEND`) must load;
/// otherwise every known backend that loads.
fn open_backends(a: &Args) -> Result<(Vec<Opened>, Vec<Skipped>), Failure> {
    let explicit = split_specs(&a.backends);
    let mut devices = Vec::new();
    let mut skipped = Vec::new();
    if explicit.is_empty() {
        for name in tensor_core::device::known_backends() {
            match Device::open(&name) {
                Ok(d) => devices.push((name, d)),
                Err(e) => skipped.push(Skipped {
                    backend: name,
                    reason: e.to_string(),
                }),
            }
        }
    } else {
        for spec in &explicit {
            let d = Device::open(spec)?;
            devices.push((spec.clone(), d));
        }
    }
    if devices.is_empty() {
        return Err(Failure::Error(super::no_backend_loaded(
            skipped
                .iter()
                .map(|s| (s.backend.as_str(), s.reason.as_str())),
        )));
    }
    Ok((devices, skipped))
}

/// Progress on stderr: a rewritten line on a terminal, one line per series otherwise.
struct Progress {
    on: bool,
    tty: bool,
}

impl Progress {
    fn point(&self, who: &str, p: &Point) {
        if !self.on || !self.tty {
            return;
        }
        let t = p
            .stats
            .as_ref()
            .map_or("n/a".into(), |s| render::fmt_time(s.median_s));
        eprint!(
            "\r\x1b[2K  {who} {} {} {}: {t}",
            p.family.id(),
            p.mode.id(),
            render::fmt_numel(p.numel)
        );
        let _ = std::io::stderr().flush();
    }

    fn done(&self, who: &str, family: Family, points: &[Point]) {
        if !self.on {
            return;
        }
        let last = |m: Mode| {
            points
                .iter()
                .rev()
                .find(|p| p.mode == m && p.stats.is_some())
                .map_or("-".into(), |p| {
                    format!(
                        "{} at {}",
                        render::fmt_time(p.stats.as_ref().map_or(f64::NAN, |s| s.median_s)),
                        render::fmt_numel(p.numel)
                    )
                })
        };
        if self.tty {
            eprint!("\r\x1b[2K");
        }
        if points.iter().any(|p| p.mode == Mode::WithTransfer) {
            eprintln!(
                "  {who} {}: resident {}, with transfer {}",
                family.id(),
                last(Mode::Resident),
                last(Mode::WithTransfer)
            );
        } else {
            eprintln!("  {who} {}: {}", family.id(), last(Mode::Resident));
        }
    }
}

/// Runs the subcommand.
pub fn run(a: &Args) -> Result<ExitCode, Failure> {
    let (devices, skipped) = open_backends(a)?;
    // Inputs are generated on the CPU backend (the same bytes for every backend).
    let cpu = Device::open("cpu")?;
    let max_size = a
        .max_size
        .unwrap_or(if a.quick { 10_000 } else { 10_000_000 });
    let mut timing = if a.quick {
        Timing::quick()
    } else {
        Timing::full()
    };
    if let Some(t) = a.time_per_point {
        if !(t > 0.0 && t.is_finite()) {
            return Err(Failure::Usage(format!(
                "--time-per-point {t}: expected a positive number"
            )));
        }
        timing.budget_s = t;
    }
    if let Some(t) = a.settle {
        if !(t >= 0.0 && t.is_finite()) {
            return Err(Failure::Usage(format!(
                "--settle {t}: expected a number of seconds >= 0"
            )));
        }
        timing.settle_s = t;
    }
    let families = if a.families.is_empty() {
        Family::ALL.to_vec()
    } else {
        let mut f = a.families.clone();
        f.sort();
        f.dedup();
        f
    };
    let machine = Machine::probe();
    let plan = Plan {
        families: families.clone(),
        sizes: bench::sizes(max_size, a.quick),
        timing,
        seed: a.seed,
        mem_limit: machine.mem_available_bytes.map_or(4 << 30, |b| b / 2),
    };
    let mut numpy = if a.numpy {
        Some(NumpyServer::start().map_err(|e| Failure::Error(format!("--numpy: {e}")))?)
    } else {
        None
    };
    let progress = Progress {
        on: !a.no_progress,
        tty: std::io::stderr().is_terminal(),
    };
    eprintln!(
        "conformance bench: {} backend(s), {} families, sizes 1..{}{}",
        devices.len(),
        families.len(),
        render::fmt_numel(max_size),
        if numpy.is_some() { ", NumPy too" } else { "" }
    );
    let mut benches: Vec<BackendBench> = devices
        .iter()
        .map(|(spec, d)| BackendBench {
            spec: spec.clone(),
            label: d.label().to_string(),
            name: d.name().to_string(),
            device: d.info().device.clone(),
            origin: d.origin().to_string(),
            abi: format!("{}.{}", d.abi_version().0, d.abi_version().1),
            synchronize: d.abi_version() >= (1, 1),
            fixed_cost_resident_s: None,
            fixed_cost_with_transfer_s: None,
            transfer: None,
            transfer_error: None,
            points: Vec::new(),
        })
        .collect();
    // Family by family and, within a family, size by size: every backend, then NumPy, at
    // one size before the next size, so that a change in the machine's load (it is often
    // shared) hits all sides of a ratio alike instead of one whole sweep. A pause lets
    // worker threads left spinning by one side go to sleep before the next side is timed:
    // before each family, and before each side in `matmul`, whose BLAS threads spin longest.
    let settle = || std::thread::sleep(std::time::Duration::from_secs_f64(plan.timing.settle_s));
    for &f in &families {
        settle();
        let mut sweeps: Vec<(bench::Sweep, Vec<Point>)> = devices
            .iter()
            .map(|_| (bench::Sweep::new(f), Vec::new()))
            .collect();
        let mut np_stopped: Option<String> = None;
        let np_before = numpy.as_ref().map_or(0, |np| np.run.points.len());
        for (size, shape) in bench::shapes(f, &plan.sizes) {
            for ((_, d), (sweep, pts)) in devices.iter().zip(sweeps.iter_mut()) {
                if f == Family::Matmul {
                    settle();
                }
                pts.extend(sweep.point(d, &cpu, &plan, size, &shape, &mut |p| {
                    progress.point(d.label(), p)
                }));
            }
            if let Some(np) = numpy.as_mut()
                && f.working_set(&shape) <= plan.mem_limit
            {
                if f == Family::Matmul {
                    settle();
                }
                np.bench_point(
                    f,
                    size,
                    &shape,
                    plan.seed,
                    &plan.timing,
                    &mut np_stopped,
                    &mut |p| progress.point("numpy", p),
                )
                .map_err(|e| Failure::Error(format!("--numpy: {e}")))?;
            }
        }
        for (((_, d), b), (_, pts)) in devices.iter().zip(benches.iter_mut()).zip(sweeps) {
            progress.done(d.label(), f, &pts);
            b.points.extend(pts);
        }
        if let Some(np) = numpy.as_ref() {
            progress.done("numpy", f, &np.run.points[np_before..]);
        }
    }
    // Fixed cost (the smallest add) and transfer rates.
    let bw_bytes = (max_size * 4).clamp(4 << 20, 256 << 20);
    let bw_reps = if a.quick { 3 } else { 9 };
    for ((_, d), b) in devices.iter().zip(benches.iter_mut()) {
        let at1 = |m: Mode| {
            b.points
                .iter()
                .filter(|p| p.family == Family::Add && p.mode == m)
                .min_by_key(|p| p.numel)
                .and_then(|p| p.stats.as_ref())
                .map(|s| s.median_s)
        };
        b.fixed_cost_resident_s = at1(Mode::Resident);
        b.fixed_cost_with_transfer_s = at1(Mode::WithTransfer);
        let t = if bw_bytes * 3 > plan.mem_limit {
            Err("not enough free memory".into())
        } else {
            bench::transfer_rates(d, bw_bytes, bw_reps).map_err(|e| e.to_string())
        };
        (b.transfer, b.transfer_error) = match t {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(e)),
        };
    }
    let mut machine = machine;
    machine.load_average[1] = bench::load_average();
    let crossovers = bench::crossovers(&benches, &families);
    let mut report = BenchReport {
        schema: bench::SCHEMA.into(),
        generated_by: format!("conformance {}", env!("CARGO_PKG_VERSION")),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        quick: a.quick,
        machine,
        settings: Settings {
            max_size,
            sizes: plan.sizes.clone(),
            timing: plan.timing.clone(),
            seed: a.seed,
            families: families.clone(),
        },
        families: families
            .iter()
            .map(|&f| FamilyInfo {
                id: f,
                description: f.describe().into(),
            })
            .collect(),
        backends: benches,
        skipped,
        numpy: numpy.map(NumpyServer::finish),
        crossovers,
    };
    report.fill_numpy_ratios();
    print!("{}", render::text(&report));
    std::fs::create_dir_all(&a.out_dir).map_err(|e| io_error(&a.out_dir, e))?;
    let (j, h) = (a.out_dir.join("bench.json"), a.out_dir.join("bench.html"));
    std::fs::write(&j, report.json()).map_err(|e| io_error(&j, e))?;
    std::fs::write(&h, render::html(&report)).map_err(|e| io_error(&h, e))?;
    println!("\nwrote {} and {}", j.display(), h.display());
    Ok(ExitCode::SUCCESS)
}
