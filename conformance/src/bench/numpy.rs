//! NumPy side by side: `bench/numpy_compare.py --serve` run as a child process, timing
//! NumPy on the same families, shapes and dtypes, with the same repetition policy, in the
//! same run (size by size, right after the backends at that size, so both see the same
//! machine load).
//!
//! The script is embedded in the binary and written to a temporary file, so the command
//! works from any directory. The interpreter is `TENSOR_PYTHON`, else `python3`.
//!
//! Protocol (one JSON object per line): the script first prints
//! `{"python": ..., "numpy": ..., "machine": {...}}` (or `{"error": ...}` and exits); then
//! for each request `{"family", "shape", "seed", "timing"}` it prints the timing fields of
//! [`Stats`] or `{"error": ...}`. End of input ends the script.

use super::{Family, Mode, Point, Stats, Timing};
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The script, as shipped in `bench/`.
pub const SCRIPT: &str = include_str!("../../../bench/numpy_compare.py");

/// The Python interpreter: `TENSOR_PYTHON`, else `python3`.
pub fn python_exe() -> String {
    std::env::var("TENSOR_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// NumPy's results in the report.
#[derive(Clone, Debug, Serialize)]
pub struct NumpyRun {
    /// The interpreter used.
    pub python_exe: String,
    /// `platform.python_version()`.
    pub python: String,
    /// `numpy.__version__`.
    pub numpy: String,
    /// What the script reports about the machine and NumPy's BLAS.
    pub machine: Value,
    /// One point per family and shape (mode `resident`: NumPy works on host memory).
    pub points: Vec<Point>,
}

/// A running `numpy_compare.py --serve`.
pub struct NumpyServer {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    script: PathBuf,
    /// What has been measured so far.
    pub run: NumpyRun,
}

impl NumpyServer {
    /// Starts the script; fails with a one-line reason when Python or NumPy is missing.
    pub fn start() -> Result<NumpyServer, String> {
        let exe = python_exe();
        let dir = std::env::temp_dir();
        let script = dir.join(format!(
            "conformance-numpy-compare-{}.py",
            std::process::id()
        ));
        std::fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;
        let spawned = Command::new(&exe)
            .arg("-u")
            .arg(&script)
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_file(&script);
                return Err(format!(
                    "cannot run '{exe}' (set TENSOR_PYTHON to a Python with NumPy): {e}"
                ));
            }
        };
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err("no pipes to the Python process".into());
        };
        let mut s = NumpyServer {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            script,
            run: NumpyRun {
                python_exe: exe.clone(),
                python: String::new(),
                numpy: String::new(),
                machine: Value::Null,
                points: Vec::new(),
            },
        };
        let hello = s
            .read_line()
            .map_err(|e| format!("'{exe}' with bench/numpy_compare.py --serve: {e}"))?;
        if let Some(e) = hello.get("error").and_then(Value::as_str) {
            return Err(format!(
                "'{exe}': {e} (pip install numpy, or set TENSOR_PYTHON)"
            ));
        }
        s.run.python = hello["python"].as_str().unwrap_or("?").into();
        s.run.numpy = hello["numpy"].as_str().unwrap_or("?").into();
        s.run.machine = hello["machine"].clone();
        Ok(s)
    }

    fn read_line(&mut self) -> Result<Value, String> {
        let mut line = String::new();
        let n = self
            .stdout
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the Python process ended early (see its stderr above)".into());
        }
        serde_json::from_str(&line).map_err(|e| format!("bad reply {line:?}: {e}"))
    }

    /// Times `family` at every shape of `shapes`, recording the points.
    pub fn bench_family(
        &mut self,
        family: Family,
        shapes: &[(usize, Vec<usize>)],
        seed: u64,
        timing: &Timing,
        progress: &mut dyn FnMut(&Point),
    ) -> Result<(), String> {
        let mut stopped: Option<String> = None;
        std::thread::sleep(std::time::Duration::from_secs_f64(timing.settle_s));
        for (size, shape) in shapes {
            self.bench_point(family, *size, shape, seed, timing, &mut stopped, progress)?;
        }
        Ok(())
    }

    /// Times `family` at one shape and records the point. `stopped` carries the state of
    /// the sweep from size to size: once a size fails or takes too long, it holds why, and
    /// the larger sizes are recorded as not measured.
    #[allow(clippy::too_many_arguments)]
    pub fn bench_point(
        &mut self,
        family: Family,
        size: usize,
        shape: &[usize],
        seed: u64,
        timing: &Timing,
        stopped: &mut Option<String>,
        progress: &mut dyn FnMut(&Point),
    ) -> Result<(), String> {
        let numel = shape.iter().product();
        let mut p = Point {
            family,
            mode: Mode::Resident,
            size,
            numel,
            shape: shape.to_vec(),
            stats: None,
            error: stopped.clone(),
            vs_numpy: None,
        };
        if stopped.is_none() {
            let req =
                json!({"family": family.id(), "shape": shape, "seed": seed, "timing": timing});
            let w = self.stdin.as_mut().ok_or("the Python process was closed")?;
            writeln!(w, "{req}").map_err(|e| format!("writing to Python: {e}"))?;
            w.flush().map_err(|e| format!("writing to Python: {e}"))?;
            let r = self.read_line()?;
            if let Some(e) = r.get("error").and_then(Value::as_str) {
                p.error = Some(e.to_string());
                *stopped = Some(format!("not measured: a smaller size failed: {e}"));
            } else {
                let s: Stats = serde_json::from_value(r)
                    .map_err(|e| format!("bad timing from Python: {e}"))?;
                if s.capped {
                    *stopped = Some(format!(
                        "not measured: a call at {numel} elements took over {} s",
                        timing.call_cap_s
                    ));
                }
                p.stats = Some(s);
            }
        }
        progress(&p);
        self.run.points.push(p);
        Ok(())
    }

    /// Ends the script and returns the results.
    pub fn finish(mut self) -> NumpyRun {
        let empty = NumpyRun {
            python_exe: String::new(),
            python: String::new(),
            numpy: String::new(),
            machine: Value::Null,
            points: Vec::new(),
        };
        std::mem::replace(&mut self.run, empty)
    }
}

impl Drop for NumpyServer {
    /// Closes the script's input (it exits on end of input), waits for it and removes the
    /// temporary copy of the script.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.script);
    }
}
