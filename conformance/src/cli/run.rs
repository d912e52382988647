//! `conformance run`: grade every backend that loads (or those asked for) against the
//! reference, print the table, write the JSON and HTML reports.
//!
//! Exit status ([`super::exit`]): 0 when no case fails, 1 when one does (0 with
//! `--no-fail`), 2 for a `--filter` that matches nothing, 3 when a backend named does not
//! load, no backend loads, the tolerance file cannot be read or a report cannot be written.

use super::{Failure, io_error, split_specs};
use conformance::pitfalls;
use conformance::report::{self, BackendReport, Report, Skipped};
use conformance::run::{Options, Suite, cross_backend, run_backend};
use conformance::tolerances::Tolerances;
use std::path::PathBuf;
use std::process::ExitCode;
use tensor_core::{DType, Device};

/// Arguments of `conformance run`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Backends to grade (comma-separated specs such as `cpu,opencl:0`). Default: every known
    /// backend that loads; one named here that fails to load is an error.
    #[arg(long, env = tensor_core::device::BACKEND_ENV)]
    backends: Vec<String>,
    /// A representative subset with smaller inputs (well under a minute on the CPU).
    #[arg(long)]
    quick: bool,
    /// Only cases (and pitfall scenarios) whose id (`op/dtype/family`, `pitfall/NAME`)
    /// contains this string; matching nothing is an error.
    #[arg(long)]
    filter: Option<String>,
    /// Print the ids of the cases the run would grade, then of the pitfall scenarios it
    /// would show, one per line, and exit without grading.
    #[arg(long)]
    list: bool,
    /// Print only the verdict of each backend (and its failing cases) and errors: no table,
    /// no progress, no pitfalls.
    #[arg(short, long)]
    quiet: bool,
    /// Seed of every input stream (same seed, same inputs, on every machine).
    #[arg(long, default_value_t = 20261125)]
    seed: u64,
    /// Tolerance file (default: the embedded conformance/tolerances.json).
    #[arg(long)]
    tolerances: Option<PathBuf>,
    /// Where to write `conformance.json` and `conformance.html`.
    #[arg(long, default_value = "reports")]
    out_dir: PathBuf,
    /// Also write the table as Markdown to this file.
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Exit 0 even when a backend exceeds its tolerances.
    #[arg(long)]
    no_fail: bool,
    /// No progress bar.
    #[arg(long)]
    no_progress: bool,
}

/// Opens the backends: the explicit list (`--backends`, else `TENSOR_BACKEND`) must load;
/// otherwise every known backend that loads, and those that do not are listed as skipped.
fn open_backends(a: &Args) -> Result<(Vec<Device>, Vec<Skipped>), Failure> {
    let explicit = split_specs(&a.backends);
    let mut devices = Vec::new();
    let mut skipped = Vec::new();
    if explicit.is_empty() {
        for name in tensor_core::device::known_backends() {
            match Device::open(&name) {
                Ok(d) => devices.push(d),
                Err(e) => skipped.push(Skipped {
                    backend: name,
                    reason: e.to_string(),
                }),
            }
        }
    } else {
        for spec in &explicit {
            devices.push(Device::open(spec)?);
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

/// The ids of the pitfall scenarios the run shows (on any of `devices`), in order.
fn pitfall_ids(devices: &[Device], filter: Option<&str>) -> Vec<&'static str> {
    pitfalls::IDS
        .into_iter()
        .filter(|id| {
            devices
                .iter()
                .any(|d| pitfalls::ids(d, filter).contains(id))
        })
        .collect()
}

pub fn run(a: &Args) -> Result<ExitCode, Failure> {
    let tolerances = match &a.tolerances {
        Some(p) => Tolerances::parse(&std::fs::read_to_string(p).map_err(|e| io_error(p, e))?)
            .map_err(|e| io_error(p, e))?,
        None => Tolerances::embedded(),
    };
    let opts = Options {
        quick: a.quick,
        seed: a.seed,
        tolerances,
        filter: a.filter.clone(),
        progress: !a.no_progress && !a.quiet,
    };
    let (devices, skipped) = open_backends(a)?;
    let mut dtypes: Vec<DType> = devices
        .iter()
        .flat_map(|d| d.info().dtypes.clone())
        .collect();
    dtypes.sort();
    dtypes.dedup();
    let suite = Suite::new(&dtypes, &opts);
    let scenarios = pitfall_ids(&devices, a.filter.as_deref());
    if let Some(f) = &a.filter
        && suite.cases.is_empty()
        && scenarios.is_empty()
    {
        return Err(Failure::Usage(format!(
            "--filter '{f}' matches no case{} and no pitfall scenario; \
             `conformance run --list{}` prints every id",
            if a.quick { " of the quick suite" } else { "" },
            if a.quick { " --quick" } else { "" },
        )));
    }
    if a.list {
        for c in &suite.cases {
            println!("{}", c.id);
        }
        for id in scenarios {
            println!("{id}");
        }
        return Ok(ExitCode::from(super::exit::PASS));
    }
    if !a.quiet {
        eprintln!(
            "conformance: {} cases, computing references...",
            suite.cases.len()
        );
    }
    suite.precompute();
    let mut backends = Vec::new();
    let long = if a.quick { 1_000_000 } else { 10_000_000 };
    for d in &devices {
        let r = run_backend(d, &suite, &opts);
        let p = match pitfalls::scenarios_matching(d, long, a.seed, a.filter.as_deref()) {
            Ok(p) => p,
            // A backend without an op the scenarios need (a minimal plugin) is graded all
            // the same: its scenarios are not shown, which is not a failure.
            Err(e @ tensor_core::Error::Unsupported { .. }) => {
                if !a.quiet {
                    eprintln!(
                        "conformance: pitfall scenarios not shown for {}: {e}",
                        d.name()
                    );
                }
                Vec::new()
            }
            Err(e) => {
                return Err(Failure::Error(format!(
                    "pitfall scenarios on {}: {e}",
                    d.name()
                )));
            }
        };
        backends.push(BackendReport::new(r, p));
    }
    let runs: Vec<_> = backends.iter().map(|b| b.run.clone()).collect();
    let report = Report {
        schema: report::SCHEMA.into(),
        generated_by: format!("conformance {}", env!("CARGO_PKG_VERSION")),
        seed: a.seed,
        quick: a.quick,
        cross_backend: cross_backend(&runs),
        backends,
        skipped,
    };
    if a.quiet {
        print!("{}", report::verdicts(&report));
    } else {
        print!("{}", report::text(&report));
    }
    std::fs::create_dir_all(&a.out_dir).map_err(|e| io_error(&a.out_dir, e))?;
    let (j, h) = (
        a.out_dir.join("conformance.json"),
        a.out_dir.join("conformance.html"),
    );
    std::fs::write(&j, report::json(&report)).map_err(|e| io_error(&j, e))?;
    std::fs::write(&h, report::html(&report)).map_err(|e| io_error(&h, e))?;
    if !a.quiet {
        println!("\nwrote {} and {}", j.display(), h.display());
    }
    if let Some(m) = &a.markdown {
        std::fs::write(m, report::markdown(&report)).map_err(|e| io_error(m, e))?;
        if !a.quiet {
            println!("wrote {}", m.display());
        }
    }
    let failed = report.backends.iter().any(|b| b.summary["fail"] > 0);
    Ok(if failed && !a.no_fail {
        ExitCode::from(super::exit::FAILURES)
    } else {
        ExitCode::from(super::exit::PASS)
    })
}
