//! End-to-end tests of the `conformance` binary: inputs are written with the project's own
//! `.npy` encoder in a fresh temp dir, outputs are decoded the same way.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tensor_core::DType;
use tensor_core::npy::NpyArray;

const BIN: &str = env!("CARGO_BIN_EXE_conformance");

/// A fresh directory per test.
fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("conformance-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write_f32(path: &Path, vals: &[f32], shape: &[usize]) {
    let a = NpyArray {
        dtype: DType::F32,
        shape: shape.to_vec(),
        data: vals.iter().flat_map(|v| v.to_le_bytes()).collect(),
    };
    std::fs::write(path, a.encode().unwrap()).unwrap();
}

fn read(path: &Path) -> NpyArray {
    NpyArray::decode(&std::fs::read(path).unwrap()).unwrap()
}

fn f32s(a: &NpyArray) -> Vec<f32> {
    assert_eq!(a.dtype, DType::F32);
    a.data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// The binary in `dir` with `args`, `TENSOR_BACKEND` unset and colour left to the pipe.
fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .env_remove("TENSOR_BACKEND")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR")
        .args(args);
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cmd(dir, args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The exit status, which must be there (no signal).
fn code(o: &Output) -> i32 {
    o.status
        .code()
        .unwrap_or_else(|| panic!("killed: {o:?}\n{}", stderr(o)))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a failed run: exit status `status`, one `error:` line, and no output file.
fn assert_fails(dir: &Path, o: &Output, status: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(code(o), status, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("out") || n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "left output files: {left:?}");
}

#[test]
fn backends_lists_cpu_as_loaded() {
    let dir = temp_dir("backends");
    let o = run(&dir, &["backends"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(out.contains("cpu: loaded"), "{out}");
    assert!(out.contains("origin     builtin"), "{out}");
    assert!(out.contains("plugin search dirs"), "{out}");

    let o = run(&dir, &["backends", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cpu = v["backends"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "cpu")
        .unwrap();
    assert_eq!(cpu["loaded"], true);
    assert!(cpu["dtypes"].as_array().unwrap().iter().any(|d| d == "f32"));
    // Backends that did not load say why.
    for b in v["backends"].as_array().unwrap() {
        if b["loaded"] == false {
            assert!(!b["reason"].as_str().unwrap().is_empty());
        }
    }
}

#[test]
fn apply_add() {
    let dir = temp_dir("add");
    write_f32(&dir.join("a.npy"), &[1.0, 2.0, 3.0, 4.0], &[2, 2]);
    write_f32(&dir.join("b.npy"), &[10.0, 20.0], &[2]);
    let o = run(&dir, &["apply", "add", "a.npy", "b.npy", "--out", "c.npy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = read(&dir.join("c.npy"));
    assert_eq!(c.shape, vec![2, 2]);
    assert_eq!(f32s(&c), vec![11.0, 22.0, 13.0, 24.0]);
}

#[test]
fn apply_on_a_transposed_sliced_view() {
    let dir = temp_dir("view");
    let x: Vec<f32> = (0..24).map(|i| i as f32).collect();
    write_f32(&dir.join("x.npy"), &x, &[4, 6]);
    // x.T is 6x4; [::3, 1::2] picks rows 0, 3 and columns 1, 3: x[1,0], x[3,0], x[1,3], x[3,3].
    let o = run(
        &dir,
        &[
            "apply",
            "neg",
            "x.npy.transpose(1,0)[::3, 1::2]",
            "--out",
            "y.npy",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let y = read(&dir.join("y.npy"));
    assert_eq!(y.shape, vec![2, 2]);
    assert_eq!(f32s(&y), vec![-6.0, -18.0, -9.0, -21.0]);
    // Integer index removes the axis; negative counts from the end.
    let o = run(
        &dir,
        &["apply", "contiguous", "x.npy[-1, ::-2]", "--out", "z.npy"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let z = read(&dir.join("z.npy"));
    assert_eq!(z.shape, vec![3]);
    assert_eq!(f32s(&z), vec![23.0, 21.0, 19.0]);
}

#[test]
fn apply_argmax_gives_int64_and_reductions_take_options() {
    let dir = temp_dir("argmax");
    write_f32(&dir.join("x.npy"), &[1.0, 5.0, 2.0, 7.0, 0.0, 3.0], &[2, 3]);
    let o = run(
        &dir,
        &["apply", "argmax", "x.npy", "--axis", "1", "--out", "i.npy"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let i = read(&dir.join("i.npy"));
    assert_eq!((i.dtype, i.shape.as_slice()), (DType::I64, &[2usize][..]));
    let v: Vec<i64> = i
        .data
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(v, vec![1, 0]);

    let o = run(
        &dir,
        &[
            "apply",
            "sum",
            "x.npy",
            "--axis",
            "-2",
            "--keepdims",
            "--out",
            "s.npy",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = read(&dir.join("s.npy"));
    assert_eq!(s.shape, vec![1, 3]);
    assert_eq!(f32s(&s), vec![8.0, 5.0, 5.0]);
}

#[test]
fn failures_are_one_line_and_leave_no_output() {
    let dir = temp_dir("fail");
    write_f32(&dir.join("empty.npy"), &[], &[0]);
    write_f32(&dir.join("x.npy"), &[1.0, 2.0, 3.0], &[3]);
    write_f32(&dir.join("y.npy"), &[1.0, 2.0], &[2]);
    let o = run(&dir, &["apply", "max", "empty.npy", "--out", "out.npy"]);
    assert_fails(&dir, &o, 3, "zero-size");
    let o = run(&dir, &["apply", "frobnicate", "x.npy", "--out", "out.npy"]);
    assert_fails(&dir, &o, 2, "unknown op 'frobnicate'");
    let o = run(&dir, &["apply", "neg", "x.npy[1:q]", "--out", "out.npy"]);
    assert_fails(&dir, &o, 2, "unexpected character 'q' at position 8");
    let o = run(&dir, &["apply", "add", "x.npy", "--out", "out.npy"]);
    assert_fails(&dir, &o, 2, "takes 2 input(s), got 1");
    let o = run(
        &dir,
        &["apply", "add", "x.npy", "y.npy", "--out", "out.npy"],
    );
    assert_fails(&dir, &o, 3, "shape mismatch");
    let o = run(&dir, &["apply", "neg", "missing.npy", "--out", "out.npy"]);
    assert_fails(&dir, &o, 3, "missing.npy");
    let o = run(
        &dir,
        &["apply", "neg", "x.npy", "--keepdims", "--out", "out.npy"],
    );
    assert_fails(&dir, &o, 2, "--keepdims is not used by op 'neg'");
    let o = run(&dir, &["apply", "cast", "x.npy", "--out", "out.npy"]);
    assert_fails(&dir, &o, 2, "needs --dtype");
    let o = run(
        &dir,
        &[
            "apply",
            "--backend",
            "nosuch",
            "neg",
            "x.npy",
            "--out",
            "out.npy",
        ],
    );
    assert_fails(&dir, &o, 3, "libbackend_nosuch");
    // Not a .npy file: a tool error, as is a backend named by TENSOR_BACKEND that does not
    // load (the default of --backend).
    std::fs::write(dir.join("bad.npy"), b"not an npy file at all").unwrap();
    let o = run(&dir, &["apply", "neg", "bad.npy", "--out", "out.npy"]);
    assert_fails(&dir, &o, 3, "bad.npy");
    let o = cmd(&dir, &["apply", "neg", "x.npy", "--out", "out.npy"])
        .env("TENSOR_BACKEND", "nosuch")
        .output()
        .unwrap();
    assert_fails(&dir, &o, 3, "libbackend_nosuch");
}

fn numpy_available() -> bool {
    let ok = Command::new(python_exe())
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("TENSOR_REQUIRE_NUMPY").as_deref() == Ok("1") {
            panic!("numpy not available but TENSOR_REQUIRE_NUMPY=1");
        }
        println!("skipped: numpy not available");
    }
    ok
}

#[test]
fn apply_matches_numpy() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("numpy");
    let py = |code: &str| {
        let o = Command::new(python_exe())
            .current_dir(&dir)
            .args(["-c", code])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    };
    py("import numpy as np\n\
        r = np.random.default_rng(0)\n\
        np.save('a.npy', r.standard_normal((3, 4, 5)).astype(np.float32))\n\
        np.save('b.npy', r.standard_normal((5,)).astype(np.float32))\n\
        np.save('m.npy', r.standard_normal((5, 2)))\n\
        np.save('i.npy', r.integers(-9, 9, (4, 5)).astype(np.int32))\n");
    let cases: [(&[&str], &str); 7] = [
        (&["exp", "a.npy"], "np.exp(a)"),
        (
            &[
                "mul",
                "a.npy.transpose(2,0,1)[::-1]",
                "a.npy.transpose(2, 0, 1)[1]",
            ],
            "a.transpose(2,0,1)[::-1] * a.transpose(2,0,1)[1]",
        ),
        (&["sum", "a.npy", "--axis", "0,2"], "a.sum(axis=(0, 2))"),
        (
            &["var", "a.npy", "--axis", "1", "--ddof", "1"],
            "a.var(axis=1, ddof=1)",
        ),
        (
            &["softmax", "a.npy[1]"],
            "np.exp(a[1] - a[1].max(-1, keepdims=True)) / np.exp(a[1] - a[1].max(-1, keepdims=True)).sum(-1, keepdims=True)",
        ),
        (&["matmul", "a.npy[0]", "m.npy"], "a[0] @ m"),
        (&["add", "i.npy", "b.npy"], "i + b"),
    ];
    let mut check = String::from(
        "import numpy as np\na = np.load('a.npy')\nb = np.load('b.npy')\nm = np.load('m.npy')\ni = np.load('i.npy')\n",
    );
    for (k, (args, expr)) in cases.iter().enumerate() {
        let out = format!("out{k}.npy");
        let mut argv = vec!["apply"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["--out", &out]);
        let o = run(&dir, &argv);
        assert!(o.status.success(), "{argv:?}: {}", stderr(&o));
        check += &format!(
            "r = np.load('{out}'); e = np.asarray({expr})\n\
             assert r.dtype == e.dtype, ({k}, r.dtype, e.dtype)\n\
             assert r.shape == e.shape, ({k}, r.shape, e.shape)\n\
             assert np.allclose(r, e, rtol=1e-5, atol=1e-6), ({k}, np.abs(r - e).max())\n"
        );
    }
    py(&check);
    std::fs::remove_dir_all(&dir).ok();
}

/// The Python interpreter used for NumPy comparisons: `TENSOR_PYTHON`, else `python3`.
fn python_exe() -> String {
    std::env::var("TENSOR_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// A positive, finite number at `v[key]`.
fn positive(v: &serde_json::Value, key: &str) -> f64 {
    let x = v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"));
    assert!(x.is_finite() && x > 0.0, "{key} = {x} in {v}");
    x
}

/// Checks the timing fields of one bench point and returns its median.
fn check_point(p: &serde_json::Value) -> f64 {
    assert!(p["error"].is_null(), "{p}");
    let med = positive(p, "median_s");
    let (p25, p75, min) = (
        positive(p, "p25_s"),
        positive(p, "p75_s"),
        positive(p, "min_s"),
    );
    assert!(min <= p25 && p25 <= med && med <= p75, "{p}");
    assert!(p["reps"].as_u64().unwrap() >= 1 && p["inner"].as_u64().unwrap() >= 1);
    let numel: u64 = p["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap())
        .product();
    assert_eq!(p["numel"].as_u64(), Some(numel), "{p}");
    med
}

#[test]
fn bench_quick_on_cpu_writes_a_complete_report() {
    let dir = temp_dir("bench");
    let o = run(
        &dir,
        &[
            "bench",
            "--quick",
            "--backends",
            "cpu",
            "--out-dir",
            "out",
            "--no-progress",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(out.contains("transpose_copy"), "{out}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/bench.json")).unwrap()).unwrap();
    assert_eq!(v["schema"], "tensor-plugins/bench/1");
    assert_eq!(v["quick"], true);
    let sizes: Vec<u64> = v["settings"]["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap())
        .collect();
    assert_eq!(sizes, vec![1, 10, 100, 1000, 10_000]);
    let backends = v["backends"].as_array().unwrap();
    assert_eq!(backends.len(), 1);
    let b = &backends[0];
    assert_eq!(b["name"], "cpu");
    assert_eq!(b["synchronize"], true);
    positive(b, "fixed_cost_resident_s");
    positive(b, "fixed_cost_with_transfer_s");
    let t = &b["transfer"];
    for k in [
        "upload_bytes_per_s",
        "download_bytes_per_s",
        "upload_latency_s",
        "download_latency_s",
    ] {
        positive(t, k);
    }
    // Every family, both modes, every distinct shape, measured.
    let points = b["points"].as_array().unwrap();
    for fam in ["exp", "add", "sum", "matmul", "cast", "transpose_copy"] {
        for mode in ["resident", "with_transfer"] {
            let pts: Vec<&serde_json::Value> = points
                .iter()
                .filter(|p| p["family"] == fam && p["mode"] == mode)
                .collect();
            assert!(pts.len() >= 4, "{fam} {mode}: {} points", pts.len());
            for p in &pts {
                check_point(p);
            }
            let largest = pts.iter().map(|p| p["numel"].as_u64().unwrap()).max();
            assert!(largest >= Some(9_000), "{fam} {mode}: {largest:?}");
        }
    }
    // One backend: no crossover to compute, and no NumPy unless asked.
    assert_eq!(v["crossovers"].as_array().unwrap().len(), 0);
    assert!(v["numpy"].is_null());
    let html = std::fs::read_to_string(dir.join("out/bench.html")).unwrap();
    assert!(
        html.contains("<svg") && html.contains("polyline"),
        "no plot"
    );
    assert!(!html.contains("<script"), "the page must not need JS");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_with_numpy_reports_ratios() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("bench-numpy");
    let o = Command::new(BIN)
        .current_dir(&dir)
        .env_remove("TENSOR_BACKEND")
        .env("TENSOR_PYTHON", python_exe())
        .args([
            "bench",
            "--quick",
            "--backends",
            "cpu",
            "--families",
            "add,transpose_copy",
            "--max-size",
            "1000",
            "--numpy",
            "--out-dir",
            "out",
            "--no-progress",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(out.contains("x NumPy"), "{out}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/bench.json")).unwrap()).unwrap();
    let np = &v["numpy"];
    assert!(np["numpy"].as_str().is_some_and(|s| !s.is_empty()), "{np}");
    let pts = np["points"].as_array().unwrap();
    // The same shapes as the backend's, family by family.
    let shapes = |pts: &[serde_json::Value], fam: &str| -> Vec<serde_json::Value> {
        pts.iter()
            .filter(|p| p["family"] == fam && p["mode"] == "resident")
            .map(|p| p["shape"].clone())
            .collect()
    };
    let ours = v["backends"][0]["points"].as_array().unwrap();
    for fam in ["add", "transpose_copy"] {
        let s = shapes(pts, fam);
        assert!(!s.is_empty());
        assert_eq!(s, shapes(ours, fam), "{fam}");
    }
    for p in pts {
        check_point(p);
    }
    // Every measured backend point carries its ratio to NumPy's median at the same shape.
    for p in ours {
        let np = pts
            .iter()
            .find(|q| q["family"] == p["family"] && q["numel"] == p["numel"])
            .unwrap();
        let want = np["median_s"].as_f64().unwrap() / p["median_s"].as_f64().unwrap();
        let got = positive(p, "vs_numpy");
        assert!((got - want).abs() <= 1e-12 * want, "{got} vs {want}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bench_rejects_bad_options() {
    let dir = temp_dir("bench-bad");
    for (args, status, needle) in [
        (
            &["bench", "--backends", "nosuchbackend"][..],
            3,
            "nosuchbackend",
        ),
        (&["bench", "--max-size", "0"][..], 2, "--max-size"),
        (&["bench", "--families", "fft"][..], 2, "unknown family"),
        (
            &["bench", "--time-per-point", "0"][..],
            2,
            "--time-per-point",
        ),
    ] {
        let o = run(&dir, args);
        assert_eq!(code(&o), status, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_mistyped_subcommand_or_option_gets_a_suggestion() {
    let dir = temp_dir("typo");
    let o = run(&dir, &["runn"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("similar subcommand exists: 'run'"), "{err}");
    let o = run(&dir, &["run", "--quik"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("'--quick'"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

fn has_escape(b: &[u8]) -> bool {
    b.contains(&0x1b)
}

#[test]
fn colour_only_where_asked_for_and_never_with_no_color() {
    let dir = temp_dir("colour");
    // Through a pipe: plain, on stdout (help) and stderr (an error).
    let o = run(&dir, &["--help"]);
    assert!(!has_escape(&o.stdout));
    let o = run(&dir, &["runn"]);
    assert!(!has_escape(&o.stderr));
    // CLICOLOR_FORCE colours even a pipe (so colour is built in) ...
    let forced = |no_color: bool, args: &[&str]| {
        let mut c = cmd(&dir, args);
        c.env("CLICOLOR_FORCE", "1");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        c.output().unwrap()
    };
    assert!(has_escape(&forced(false, &["--help"]).stdout));
    assert!(has_escape(&forced(false, &["runn"]).stderr));
    // ... and NO_COLOR wins over it.
    let o = forced(true, &["--help"]);
    assert_eq!(code(&o), 0);
    assert!(!has_escape(&o.stdout), "{}", stdout(&o));
    let o = forced(true, &["runn"]);
    assert_eq!(code(&o), 2);
    assert!(!has_escape(&o.stderr), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

/// `run --quick --backends cpu` with `args` in `dir`, progress off.
fn run_cpu(dir: &Path, args: &[&str]) -> Output {
    let mut argv = vec!["run", "--quick", "--backends", "cpu", "--no-progress"];
    argv.extend_from_slice(args);
    run(dir, &argv)
}

#[test]
fn the_text_report_fits_in_100_columns() {
    let dir = temp_dir("width");
    // `add` on every dtype: every column of the table; then the pitfall scenarios.
    for filter in ["add/", "pitfall/"] {
        let o = run_cpu(&dir, &["--filter", filter]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        assert!(!has_escape(&o.stdout) && !has_escape(&o.stderr));
        for line in out.lines() {
            assert!(line.chars().count() <= 100, "{} wide:\n{line}", line.len());
        }
        if filter == "add/" {
            for d in ["bool", "u8", "i32", "i64", "f16", "bf16", "f32", "f64"] {
                assert!(out.contains(d), "no {d} column:\n{out}");
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn help_names_the_exit_statuses_and_tensor_backend() {
    let dir = temp_dir("help");
    for args in [&["--help"][..], &["-h"], &["run", "--help"]] {
        let o = run(&dir, args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        for needle in [
            "Exit status:",
            "0  every graded case passes",
            "1  `run`: some case is outside its tolerance",
            "2  usage error",
            "3  tool or backend error",
        ] {
            assert!(out.contains(needle), "{args:?}: no '{needle}' in\n{out}");
        }
    }
    // The backend options take TENSOR_BACKEND (clap's `env`).
    for sub in ["run", "bench", "apply"] {
        let o = run(&dir, &[sub, "--help"]);
        assert!(
            stdout(&o).contains("[env: TENSOR_BACKEND"),
            "{sub}: {}",
            stdout(&o)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn run_exit_statuses() {
    let dir = temp_dir("run-status");
    // 0: everything passes.
    let o = run_cpu(&dir, &["--filter", "sqrt/f32", "--out-dir", "ok"]);
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("cpu: "), "{}", stdout(&o));
    // 1: a tolerance failure (no tolerances listed: exp must be exact, and is not).
    std::fs::write(dir.join("strict.json"), r#"{"tolerances": []}"#).unwrap();
    let strict = ["--filter", "exp/f32", "--tolerances", "strict.json"];
    let o = run_cpu(&dir, &[&strict[..], &["--out-dir", "strict"]].concat());
    assert_eq!(code(&o), 1, "{}\n{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("  FAIL exp/f32/"), "{}", stdout(&o));
    assert!(dir.join("strict/conformance.json").exists());
    let o = run_cpu(
        &dir,
        &[&strict[..], &["--out-dir", "strict", "--no-fail"]].concat(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // 2: usage errors, clap's and a filter that matches nothing.
    let o = run_cpu(&dir, &["--seed", "x"]);
    assert_eq!(code(&o), 2);
    let o = run_cpu(&dir, &["--filter", "nosuchop/"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: --filter 'nosuchop/' matches no case") && err.contains("--list"),
        "{err}"
    );
    assert!(!dir.join("reports").exists(), "a filter error must not run");
    // 3: tool and backend errors, plainly worded.
    std::fs::write(dir.join("a-file"), "").unwrap();
    for (args, needle) in [
        (
            &["run", "--quick", "--backends", "nosuch"][..],
            "error: cannot load backend 'nosuch'",
        ),
        (
            &["run", "--backends", "./libbackend_missing.so"],
            "libbackend_missing.so",
        ),
        (
            &[
                "run",
                "--quick",
                "--backends",
                "cpu",
                "--tolerances",
                "missing.json",
            ],
            "error: missing.json: ",
        ),
        (
            &[
                "run",
                "--quick",
                "--backends",
                "cpu",
                "--tolerances",
                "a-file",
            ],
            "error: a-file: bad tolerance file",
        ),
        (
            &[
                "run",
                "--quick",
                "--backends",
                "cpu",
                "--filter",
                "sqrt/f32",
                "--out-dir",
                "a-file",
            ],
            "error: a-file: ",
        ),
    ] {
        let o = run(&dir, args);
        let err = stderr(&o);
        assert_eq!(code(&o), 3, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("invalid argument"), "{args:?}: {err}");
    }
    // TENSOR_BACKEND stands for --backends.
    let o = cmd(&dir, &["run", "--quick", "--filter", "sqrt/f32"])
        .env("TENSOR_BACKEND", "nosuch")
        .output()
        .unwrap();
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(stderr(&o).contains("'nosuch'"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn list_prints_what_a_run_would_grade_without_grading() {
    let dir = temp_dir("list");
    let ids = |args: &[&str]| -> Vec<String> {
        let o = run_cpu(&dir, &[&["--list"][..], args].concat());
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        stdout(&o).lines().map(str::to_string).collect()
    };
    let sqrt = ids(&["--filter", "sqrt/f"]);
    assert!(sqrt.iter().any(|l| l.starts_with("sqrt/f32/")), "{sqrt:?}");
    assert!(sqrt.iter().any(|l| l.starts_with("rsqrt/f64/")), "{sqrt:?}");
    assert!(sqrt.iter().all(|l| l.contains("sqrt/f")), "{sqrt:?}");
    // The pitfall scenarios are listed (and filtered) too.
    let all = ids(&[]);
    assert!(all.len() > 100, "{}", all.len());
    let pitfalls: Vec<&String> = all.iter().filter(|l| l.starts_with("pitfall/")).collect();
    assert_eq!(pitfalls.len(), 6, "{pitfalls:?}");
    assert_eq!(ids(&["--filter", "pitfall/std"]), ["pitfall/std_ddof"]);
    let sum = ids(&["--filter", "sum"]);
    assert!(sum.contains(&"pitfall/sum_f32".to_string()), "{sum:?}");
    assert!(sum.iter().any(|l| l.starts_with("sum/f32/")), "{sum:?}");
    // Nothing was graded or written.
    assert!(!dir.join("reports").exists());
    // --backends applies: a backend that does not load is an error here too.
    let o = run(&dir, &["run", "--list", "--backends", "nosuch"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

/// The report's pitfall scenarios of the only backend.
fn pitfalls(report: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
    v["backends"][0]["pitfalls"].as_array().unwrap().clone()
}

/// Their ids.
fn pitfall_ids(report: &Path) -> Vec<String> {
    pitfalls(report)
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_filter_applies_to_the_pitfall_scenarios() {
    let dir = temp_dir("filter-pitfalls");
    let o = run_cpu(&dir, &["--filter", "sqrt/f32", "--out-dir", "a"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stdout(&o).contains("pitfall:"), "{}", stdout(&o));
    assert!(pitfall_ids(&dir.join("a/conformance.json")).is_empty());
    let o = run_cpu(&dir, &["--filter", "pitfall/softmax", "--out-dir", "b"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("pitfall: softmax"), "{}", stdout(&o));
    assert_eq!(
        pitfall_ids(&dir.join("b/conformance.json")),
        ["pitfall/softmax_overflow"]
    );
    // A scenario shows the same numbers alone as with the others (whose inputs come first
    // from the same random stream).
    for (filter, out) in [("pitfall/", "all"), ("pitfall/var", "var")] {
        let o = run_cpu(&dir, &["--filter", filter, "--out-dir", out]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let all = pitfalls(&dir.join("all/conformance.json"));
    assert_eq!(all.len(), 6);
    let var = pitfalls(&dir.join("var/conformance.json"));
    assert_eq!(var.len(), 1);
    assert_eq!(var[0]["id"], "pitfall/var_one_pass");
    assert_eq!(var[0], all[2]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn quiet_prints_only_the_verdicts() {
    let dir = temp_dir("quiet");
    for q in ["-q", "--quiet"] {
        let o = run(
            &dir,
            &[
                "run",
                "--quick",
                "--backends",
                "cpu",
                "--filter",
                "sqrt/f32",
                q,
            ],
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{out}");
        assert!(
            lines[0].starts_with("cpu: ") && lines[0].contains(" pass, 0 fail, "),
            "{out}"
        );
        assert_eq!(stderr(&o), "", "no progress or notes on stderr");
    }
    // Failures are still named, one line each.
    std::fs::write(dir.join("strict.json"), r#"{"tolerances": []}"#).unwrap();
    let o = run_cpu(
        &dir,
        &["-q", "--filter", "exp/f32", "--tolerances", "strict.json"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().starts_with("cpu: "), "{out}");
    assert!(
        out.lines()
            .skip(1)
            .all(|l| l.starts_with("  FAIL exp/f32/") || l.starts_with("      ")),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
