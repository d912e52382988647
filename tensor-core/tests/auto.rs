//! `TENSOR_BACKEND=auto`: routing decisions, residency, transfers, the cost-model cache, and
//! results equal to the CPU backend's.
//!
//! Tests that need an accelerator use OpenCL (PoCL here and in CI). Without one they print
//! `skipped: ...` and pass, unless `TENSOR_REQUIRE_OPENCL=1`, in which case they fail.
//! Build the plugins first (`cargo build --workspace`): they are loaded from `target/debug`.

use std::path::PathBuf;
use std::sync::OnceLock;
use tensor_core::router::{self, CostModel, Curve, Family, Line};
use tensor_core::{DType, Device, Tensor};

fn setup() {
    tensor_core::device::register_builtin("cpu", backend_cpu::plugin_api);
}

fn cpu() -> Device {
    setup();
    Device::open("cpu").unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tensor-auto-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Whether OpenCL loads; if not, prints the skip line (or panics under
/// `TENSOR_REQUIRE_OPENCL=1`).
fn opencl_or_skip() -> bool {
    setup();
    match Device::open("opencl") {
        Ok(_) => true,
        Err(e) => {
            if std::env::var("TENSOR_REQUIRE_OPENCL").as_deref() == Ok("1") {
                panic!("TENSOR_REQUIRE_OPENCL=1 but OpenCL does not load: {e}");
            }
            println!("skipped: no OpenCL device ({e})");
            false
        }
    }
}

/// A model measured once for this test binary (CPU + OpenCL), saved at the returned path.
fn measured_cache() -> PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        let p = tmp("measured.json");
        let _ = std::fs::remove_file(&p);
        let dev = Device::open(&format!("auto?accel=opencl,cache={}", p.display())).unwrap();
        assert!(router::is_router(&dev));
        let src = router::model_source(&dev).unwrap();
        assert!(src.starts_with("measured in"), "{src}");
        assert!(src.contains("saved to"), "{src}");
        p
    })
    .clone()
}

/// A straight line `fixed_ns + units * ns_per_unit` as a curve measured up to 1e9 units.
fn measured_line(fixed_ns: f64, ns_per_unit: f64) -> Curve {
    Curve::new(&[(0.0, fixed_ns), (1e9, fixed_ns + 1e9 * ns_per_unit)]).unwrap()
}

/// The measured model with made-up lines: the CPU costs 1 us per call and 1 ns per byte,
/// OpenCL 50 us per call and 0.001 ns per byte, moves 10 us + 0.01 ns/byte each way. So
/// tiny ops belong on the CPU and large ones on OpenCL, whatever this machine measured.
fn injected_cache(name: &str) -> PathBuf {
    let mut m = CostModel::load(&measured_cache()).unwrap();
    assert_eq!(m.devices.len(), 2);
    let line = |fixed_ns, ns_per_unit| Line {
        fixed_ns,
        ns_per_unit,
    };
    for f in Family::ALL {
        m.devices[0].ops.insert(f, measured_line(1e3, 1.0));
        m.devices[1].ops.insert(f, measured_line(5e4, 1e-3));
    }
    for d in &mut m.devices {
        d.upload = line(1e4, 0.01);
        d.download = line(1e4, 0.01);
    }
    let p = tmp(name);
    m.save(&p).unwrap();
    p
}

/// The router over a model with made-up lines, online correction off (`adapt=0`: these
/// tests check the decisions a given model makes; `online_correction_*` check how the
/// model is corrected).
fn open_injected(name: &str) -> Device {
    let p = injected_cache(name);
    let dev = Device::open(&format!("auto?accel=opencl,adapt=0,cache={}", p.display())).unwrap();
    let src = router::model_source(&dev).unwrap();
    assert!(src.starts_with("loaded from"), "{src}");
    dev
}

fn data(n: usize, seed: u32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            ((i as u32).wrapping_mul(2654435761).wrapping_add(seed) % 10007) as f32 / 997.0 - 5.0
        })
        .collect()
}

#[test]
fn without_accelerators_auto_is_the_cpu_device_itself() {
    setup();
    let dev = Device::open("auto?accel=nosuchaccel").unwrap();
    assert!(!router::is_router(&dev));
    assert_eq!(dev.name(), "cpu");
    assert!(
        dev.label().contains("auto: no accelerator"),
        "{}",
        dev.label()
    );
    let why = &dev.info().extra["auto"];
    assert!(
        why.contains("nosuchaccel") && why.contains("libbackend_nosuchaccel"),
        "{why}"
    );
    // It computes like the CPU, with no router in between (no decisions are recorded).
    let x = Tensor::from_slice(&dev, &[1.0f32, 4.0, 9.0], &[3]).unwrap();
    assert_eq!(
        x.sqrt().unwrap().to_vec::<f32>().unwrap(),
        vec![1.0, 2.0, 3.0]
    );
    assert!(router::decisions(&dev).is_empty());
    let none = Device::open("auto?accel=none").unwrap();
    assert!(none.info().extra["auto"].contains("none asked for"));
    assert!(Device::open("auto?nosuchoption=1").is_err());
}

#[test]
fn results_equal_the_cpu_backend() {
    if !opencl_or_skip() {
        return;
    }
    let c = cpu();
    // Measured model (whatever it picks) and the injected one (large ops on OpenCL).
    let injected = open_injected("equal.json");
    let measured = Device::open(&format!(
        "auto?accel=opencl,cache={}",
        measured_cache().display()
    ))
    .unwrap();
    for dev in [&measured, &injected] {
        for n in [7usize, 1 << 16] {
            let (va, vb) = (data(n, 1), data(n, 2));
            let on = |d: &Device| {
                let a = Tensor::from_slice(d, &va, &[n]).unwrap();
                let b = Tensor::from_slice(d, &vb, &[n]).unwrap();
                (a, b)
            };
            let ((a, b), (ca, cb)) = (on(dev), on(&c));
            // Exact on every backend: compare bitwise.
            let exact = |f: &dyn Fn(&Tensor, &Tensor) -> Tensor| {
                assert_eq!(
                    f(&a, &b).to_bytes().unwrap(),
                    f(&ca, &cb).to_bytes().unwrap()
                );
            };
            exact(&|a, b| a.add(b).unwrap());
            exact(&|a, b| a.mul(b).unwrap().maximum(a).unwrap());
            exact(&|a, _| a.cast(DType::F64).unwrap());
            exact(&|a, b| Tensor::where_(&a.gt(b).unwrap(), a, b).unwrap());
            exact(&|a, _| a.max(None, false).unwrap());
            exact(&|a, _| {
                let v = a.reshape(&[-1, 1]).unwrap().broadcast_to(&[n, 3]).unwrap();
                v.t().unwrap().contiguous().unwrap()
            });
            // Not exact everywhere: within tolerance.
            let close = |f: &dyn Fn(&Tensor) -> Tensor, rel: f64| {
                let (x, y) = (f(&a).to_f64_vec().unwrap(), f(&ca).to_f64_vec().unwrap());
                assert_eq!(x.len(), y.len());
                for (p, q) in x.iter().zip(&y) {
                    assert!((p - q).abs() <= rel * q.abs().max(1.0), "{p} vs {q}");
                }
            };
            close(&|a| a.exp().unwrap(), 1e-6);
            close(&|a| a.sum(None, false).unwrap(), 1e-5);
            close(&|a| a.var(None, 1.0, false).unwrap(), 1e-5);
            close(&|a| a.reshape(&[-1, 1]).unwrap().softmax(0).unwrap(), 1e-6);
        }
        let m = 96;
        let (va, vb) = (data(m * m, 3), data(m * m, 4));
        let mm = |d: &Device| {
            let a = Tensor::from_slice(d, &va, &[m, m]).unwrap();
            let b = Tensor::from_slice(d, &vb, &[m, m]).unwrap();
            a.matmul(&b).unwrap().to_f64_vec().unwrap()
        };
        for (p, q) in mm(dev).iter().zip(mm(&c)) {
            assert!((p - q).abs() <= 1e-4 * q.abs().max(10.0), "{p} vs {q}");
        }
    }
    // The injected model really sent large ops to OpenCL, so the comparison above covered it.
    let d = router::decisions(&injected);
    assert!(d.iter().any(|d| d.device == "opencl:0"), "{d:#?}");
    assert!(d.iter().any(|d| d.device == "cpu:0"), "{d:#?}");
}

#[test]
fn tiny_ops_go_to_the_cpu_large_ones_to_the_accelerator() {
    if !opencl_or_skip() {
        return;
    }
    let dev = open_injected("tiny-large.json");
    let tiny = Tensor::from_slice(&dev, &data(16, 1), &[16]).unwrap();
    router::clear_decisions(&dev);
    let s = tiny.add(&tiny).unwrap();
    let d = router::decisions(&dev);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].device, "cpu:0", "{}", d[0]);
    assert_eq!(router::residency(&s), vec!["cpu:0"]);

    let big = Tensor::from_slice(&dev, &data(1 << 20, 2), &[1 << 20]).unwrap();
    router::clear_decisions(&dev);
    let e = big.exp().unwrap();
    let d = router::decisions(&dev);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].device, "opencl:0", "{}", d[0]);
    assert_eq!(d[0].moved_bytes(), 4 << 20);
    assert_eq!(router::residency(&e), vec!["opencl:0"]);
    // The input was copied, and the copy is kept next to the original.
    assert_eq!(router::residency(&big), vec!["cpu:0", "opencl:0"]);

    // The measured model on this machine never sends a tiny op off the CPU either.
    let measured = Device::open(&format!(
        "auto?accel=opencl,cache={}",
        measured_cache().display()
    ))
    .unwrap();
    let t = Tensor::from_slice(&measured, &[1.0f32, 2.0], &[2]).unwrap();
    let _ = t.add(&t).unwrap().exp().unwrap().sum(None, false).unwrap();
    for d in router::decisions(&measured) {
        assert_eq!(d.device, "cpu:0", "{d}");
    }
}

#[test]
fn a_chain_of_ops_keeps_its_data_on_the_accelerator() {
    if !opencl_or_skip() {
        return;
    }
    let dev = open_injected("chain.json");
    let cl = router::devices(&dev)
        .into_iter()
        .find(|d| d.name() == "opencl")
        .unwrap();
    let n = 1 << 20;
    let x = Tensor::from_slice(&dev, &data(n, 5), &[n]).unwrap();
    cl.reset_transfer_stats();
    router::clear_decisions(&dev);
    // exp moves x once; the rest reuse x's copy and each other's outputs in place.
    let y = x
        .exp()
        .unwrap()
        .mul(&x)
        .unwrap()
        .abs()
        .unwrap()
        .sqrt()
        .unwrap();
    let s = y.sum(None, false).unwrap();
    let st = cl.transfer_stats();
    assert_eq!((st.uploads, st.upload_bytes), (1, 4 * n as u64), "{st:?}");
    assert_eq!(st.downloads, 0, "{st:?}");
    let d = router::decisions(&dev);
    assert_eq!(d.len(), 5, "{d:#?}");
    assert!(d.iter().all(|d| d.device == "opencl:0"), "{d:#?}");
    assert_eq!(
        d.iter().map(|d| d.moved_bytes()).collect::<Vec<_>>(),
        vec![4 * n as u64, 0, 0, 0, 0]
    );
    // Reading the result is one download of 4 bytes.
    let got = s.to_vec::<f32>().unwrap()[0] as f64;
    let st = cl.transfer_stats();
    assert_eq!((st.downloads, st.download_bytes), (1, 4), "{st:?}");
    let want: f64 = data(n, 5)
        .iter()
        .map(|&v| ((v as f64).exp() * v as f64).abs().sqrt())
        .sum();
    assert!((got - want).abs() <= 1e-4 * want.abs(), "{got} vs {want}");
}

#[test]
fn decisions_are_recorded_and_printed() {
    if !opencl_or_skip() {
        return;
    }
    let dev = open_injected("log.json");
    let x = Tensor::from_slice(&dev, &data(1000, 1), &[10, 100]).unwrap();
    router::clear_decisions(&dev);
    let _ = x.sum(Some(&[1]), false).unwrap();
    let d = router::decisions(&dev);
    assert_eq!(d.len(), 1);
    let line = d[0].to_string();
    assert!(
        line.starts_with("auto: sum f32 n=10 -> cpu:0 (est: cpu:0 "),
        "{line}"
    );
    assert!(
        line.contains("opencl:0") && line.contains("incl. moving 4000 B"),
        "{line}"
    );
    assert_eq!(d[0].estimates.len(), 2);
    assert!(d[0].estimates.iter().all(|e| !e.extrapolated), "{line}");
    assert!(!line.contains("extrapolated"), "{line}");
    // Work past the sizes measured is priced by the last segment, and the record says so:
    // `full` measured up to 1000 bytes on both devices, asked for 4000.
    let mut m = CostModel::load(&injected_cache("extrapolated.json")).unwrap();
    for d in &mut m.devices {
        let c = d.ops[&Family::Create];
        let pts = [(0.0, c.at(0.0)), (1000.0, c.at(1000.0))];
        d.ops.insert(Family::Create, Curve::new(&pts).unwrap());
    }
    let p = tmp("extrapolated-create.json");
    m.save(&p).unwrap();
    let dev = Device::open(&format!("auto?accel=opencl,adapt=0,cache={}", p.display())).unwrap();
    let _ = Tensor::full(&dev, &[1000], 2.0, DType::F32).unwrap();
    let _ = Tensor::full(&dev, &[250], 2.0, DType::F32).unwrap();
    let d = router::decisions(&dev);
    assert_eq!(d.len(), 2);
    assert!(d[0].estimates.iter().all(|e| e.extrapolated), "{}", d[0]);
    assert_eq!(
        d[0].to_string()
            .matches("extrapolated past the sizes measured")
            .count(),
        2,
        "{}",
        d[0]
    );
    assert!(d[1].estimates.iter().all(|e| !e.extrapolated), "{}", d[1]);
    // TENSOR_AUTO_LOG=1 prints the same lines on stderr: run `log_child` in a child process.
    let cache = injected_cache("log-child.json");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "log_child", "--nocapture", "--test-threads=1"])
        .env("AUTO_TEST_CHILD", cache)
        .env(router::LOG_ENV, "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("auto: devices cpu:0, opencl:0; model loaded from"),
        "{err}"
    );
    assert!(
        err.contains("auto: exp f32 n=3 -> cpu:0 (est: cpu:0"),
        "{err}"
    );
    assert!(err.contains("auto: exp f32 n=1048576 -> opencl:0"), "{err}");
}

/// With a logger installed by the application, the same lines go through the `log` crate:
/// at `info` level under `TENSOR_AUTO_LOG=1`, at `debug` level without it (and nothing on
/// stderr but what the logger writes).
#[test]
fn decisions_go_to_the_applications_logger() {
    if !opencl_or_skip() {
        return;
    }
    let cache = injected_cache("logger-child.json");
    for (level, asked) in [("info", true), ("debug", false)] {
        let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
        cmd.args(["--exact", "log_child", "--nocapture", "--test-threads=1"])
            .env("AUTO_TEST_CHILD", &cache)
            .env("AUTO_TEST_LOGGER", level)
            .env_remove(router::LOG_ENV);
        if asked {
            cmd.env(router::LOG_ENV, "1");
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        let tag = format!("LOG {} {}: ", level.to_uppercase(), router::LOG_TARGET);
        for want in [
            "auto: devices cpu:0, opencl:0; model loaded from",
            "auto: exp f32 n=3 -> cpu:0 (est: cpu:0",
            "auto: exp f32 n=1048576 -> opencl:0",
        ] {
            assert!(err.contains(&format!("{tag}{want}")), "{level}: {err}");
        }
        assert!(
            err.lines().all(|l| !l.starts_with("auto: ")),
            "{level}: a line bypassed the logger: {err}"
        );
    }
}

/// The application's logger of `log_child`: every record on stderr, tagged with its level
/// and target.
struct Tagged;

impl log::Log for Tagged {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, r: &log::Record) {
        eprintln!("LOG {} {}: {}", r.level(), r.target(), r.args());
    }
    fn flush(&self) {}
}

/// Run by `decisions_are_recorded_and_printed` and `decisions_go_to_the_applications_logger`
/// in a child process; does nothing otherwise. `AUTO_TEST_LOGGER=info|debug` installs
/// [`Tagged`] at that level first.
#[test]
fn log_child() {
    let Ok(cache) = std::env::var("AUTO_TEST_CHILD") else {
        return;
    };
    if let Ok(level) = std::env::var("AUTO_TEST_LOGGER") {
        log::set_logger(&Tagged).unwrap();
        log::set_max_level(if level == "debug" {
            log::LevelFilter::Debug
        } else {
            log::LevelFilter::Info
        });
    }
    setup();
    let dev = Device::open(&format!("auto?accel=opencl,adapt=0,cache={cache}")).unwrap();
    let _ = Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0], &[3])
        .unwrap()
        .exp()
        .unwrap();
    let n = 1 << 20;
    let _ = Tensor::from_slice(&dev, &data(n, 1), &[n])
        .unwrap()
        .exp()
        .unwrap();
}

#[test]
fn a_corrupt_or_stale_cache_is_measured_again() {
    if !opencl_or_skip() {
        return;
    }
    let p = tmp("corrupt.json");
    std::fs::write(&p, "{ this is not json").unwrap();
    let open = || Device::open(&format!("auto?accel=opencl,cache={}", p.display())).unwrap();
    let dev = open();
    let src = router::model_source(&dev).unwrap();
    assert!(
        src.contains("cache unusable") && src.contains("not a cost model"),
        "{src}"
    );
    assert!(
        src.starts_with("measured in") && src.contains("saved to"),
        "{src}"
    );
    assert_eq!(dev.info().extra["auto.model"], src);
    // Rewritten with a usable model: the next open loads it.
    let m = CostModel::load(&p).unwrap();
    assert_eq!(m.devices.len(), 2);
    assert!(
        router::model_source(&open())
            .unwrap()
            .starts_with("loaded from")
    );
    // Measured for another machine: stale, measured again.
    let mut other = m.clone();
    other.key = format!("host=elsewhere | {}", m.key);
    other.save(&p).unwrap();
    let src = router::model_source(&open()).unwrap();
    assert!(
        src.contains("is stale") && src.contains("elsewhere"),
        "{src}"
    );
    assert_eq!(CostModel::load(&p).unwrap().key, m.key);
    // Each family's curve was measured at four sizes, more work never cheaper; the CPU's
    // GEMM up to a 512 x 512 product.
    for d in &m.devices {
        for (f, c) in &d.ops {
            assert_eq!(c.points().len(), 4, "{} {f:?}", d.label);
            assert!(c.points().windows(2).all(|w| w[1].1 >= w[0].1), "{c:?}");
        }
    }
    let gemm = m.devices[0].ops[&Family::MatMul];
    assert_eq!(gemm.measured_up_to(), 2.0 * 512f64.powi(3));
    // Asked to measure again (`recalibrate=1`, or TENSOR_AUTO_RECALIBRATE=1): measured
    // and rewritten although the cache is usable.
    let again = Device::open(&format!(
        "auto?accel=opencl,cache={},recalibrate=1",
        p.display()
    ))
    .unwrap();
    let src = router::model_source(&again).unwrap();
    assert!(
        src.starts_with("measured in") && src.contains("asked to"),
        "{src}"
    );
    // A curve whose sizes do not increase is not a cost model.
    let text = std::fs::read_to_string(&p).unwrap();
    let mut j: serde_json::Value = serde_json::from_str(&text).unwrap();
    j["devices"][0]["ops"]["unary"]["points"][1][0] = serde_json::json!(0.5);
    std::fs::write(&p, j.to_string()).unwrap();
    let src = router::model_source(&open()).unwrap();
    assert!(
        src.contains("not a cost model") && src.contains("increase"),
        "{src}"
    );
    // Nonsense numbers are not trusted either.
    let mut bad = m.clone();
    bad.devices[1].upload.ns_per_unit = -1.0;
    bad.save(&p).unwrap();
    let src = router::model_source(&open()).unwrap();
    assert!(
        src.contains("is stale") && src.contains("opencl:0"),
        "{src}"
    );
}

/// The host's dispatch of `auto` ops (the chosen device's plugin called with the inputs'
/// own layouts): strided, offset and broadcast views of every input kind give the CPU
/// backend's results; every op is recorded with one estimate per device (tiny ops are
/// chosen without pricing, their estimates are rebuilt when asked for); tiny data stays on
/// the CPU, and a large tensor copied to OpenCL keeps both copies and is not moved again.
#[test]
fn host_dispatch_records_decisions_and_keeps_residency() {
    if !opencl_or_skip() {
        return;
    }
    let dev = open_injected("lean.json");
    let c = cpu();
    let n = 12;
    let v = data(n * n, 3);
    type Ops = Vec<(&'static str, Tensor)>;
    let ops = |d: &Device| -> Ops {
        let x = Tensor::from_slice(d, &v, &[n, n]).unwrap();
        let t = x.t().unwrap();
        let off = x.narrow(0, 2, 5).unwrap(); // offset view, rows 2..7
        let row = x.narrow(0, 3, 1).unwrap().reshape(&[-1]).unwrap(); // broadcast against x
        vec![
            ("copy", t.contiguous().unwrap()),
            ("exp", off.exp().unwrap()),
            ("add", x.add(&t).unwrap()),
            ("mul", x.mul(&row).unwrap()),
            ("where", Tensor::where_(&x.gt(&t).unwrap(), &x, &t).unwrap()),
            ("cast", t.cast(DType::F64).unwrap()),
            ("sum", t.sum(Some(&[1]), false).unwrap()),
            ("softmax", off.softmax(-1).unwrap()),
            ("matmul", off.matmul(&t).unwrap()),
        ]
    };
    router::clear_decisions(&dev);
    let (got, want) = (ops(&dev), ops(&c));
    // Taken before the downloads below, which add a routed `copy` for a result in a
    // permuted layout (the cast of `t` keeps `t`'s strides).
    let d = router::decisions(&dev);
    for ((name, g), (_, w)) in got.iter().zip(&want) {
        assert_eq!(g.shape(), w.shape(), "{name}");
        let (g, w) = (g.to_f64_vec().unwrap(), w.to_f64_vec().unwrap());
        for (p, q) in g.iter().zip(&w) {
            assert!(
                (p - q).abs() <= 1e-6 * q.abs().max(1.0),
                "{name}: {p} vs {q}"
            );
        }
    }
    for (_, g) in &got {
        assert_eq!(router::residency(g), vec!["cpu:0"]);
    }
    // One decision per routed op: the nine above plus the `gt` inside `where`.
    assert_eq!(d.len(), 10, "{d:#?}");
    for d in &d {
        assert_eq!(d.device, "cpu:0", "{d}");
        assert_eq!(d.estimates.len(), 2, "{d}");
        assert_eq!(d.moved_bytes(), 0, "{d}");
        assert!(d.estimates[1].moved_bytes > 0, "{d}");
    }
    assert_eq!(
        d[2].to_string().split(" (").next(),
        Some("auto: add f32 n=144 -> cpu:0")
    );

    // Large: exp goes to OpenCL and moves its input once; a second op on the same input
    // reuses the copy; both copies are kept; the output stays on OpenCL.
    let m = 1 << 20;
    let vb = data(m, 4);
    let big = Tensor::from_slice(&dev, &vb, &[m]).unwrap();
    router::clear_decisions(&dev);
    let e = big.exp().unwrap();
    let s = e.add(&big).unwrap();
    let d = router::decisions(&dev);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d.iter().all(|d| d.device == "opencl:0"), "{d:#?}");
    assert_eq!(d[0].moved_bytes(), 4 * m as u64);
    assert_eq!(d[1].moved_bytes(), 0);
    assert_eq!(router::residency(&big), vec!["cpu:0", "opencl:0"]);
    assert_eq!(router::residency(&e), vec!["opencl:0"]);
    assert_eq!(router::residency(&s), vec!["opencl:0"]);
    let got = s.to_vec::<f32>().unwrap();
    for (i, (&g, &x)) in got.iter().zip(&vb).enumerate().step_by(4099) {
        let w = (x as f64).exp() + x as f64;
        assert!(
            (g as f64 - w).abs() <= 1e-6 * w.abs().max(1.0),
            "{i}: {g} vs {w}"
        );
    }
}

/// The cache key names the CPU model, and each plugin file's size and modification time: a
/// plugin rebuilt at the same path is measured again, not judged by the old model.
#[test]
fn a_plugin_rebuilt_at_the_same_path_is_measured_again() {
    if !opencl_or_skip() {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let built = exe
        .ancestors()
        .skip(1)
        .take(2)
        .map(|d| d.join("libbackend_opencl.so"))
        .find(|p| p.is_file())
        .expect("libbackend_opencl.so next to the test binary (cargo build --workspace)");
    let lib = tmp("rebuilt/libbackend_opencl.so");
    std::fs::create_dir_all(lib.parent().unwrap()).unwrap();
    std::fs::copy(&built, &lib).unwrap();
    let cache = tmp("rebuilt.json");
    let _ = std::fs::remove_file(&cache);
    let open = || {
        let spec = format!("auto?accel={},cache={}", lib.display(), cache.display());
        router::model_source(&Device::open(&spec).unwrap()).unwrap()
    };
    assert!(open().starts_with("measured in"));
    let key = CostModel::load(&cache).unwrap().key;
    assert!(key.contains(" cpu="), "{key}");
    assert!(key.contains(&lib.display().to_string()), "{key}");
    assert!(open().starts_with("loaded from"));
    // "Rebuilt": the same bytes with a new modification time.
    let later =
        std::fs::metadata(&lib).unwrap().modified().unwrap() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&lib)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let src = open();
    assert!(src.contains("is stale"), "{src}");
    assert!(src.starts_with("measured in"), "{src}");
    assert_ne!(CostModel::load(&cache).unwrap().key, key);
}

/// Units of work of one 16-element f32 add, as the router counts them (bytes read and
/// written), and the bytes of one input.
const ADD_UNITS: f64 = 12.0 * 16.0;
const ADD_BYTES: f64 = 64.0;

/// The measured model, with `edit` applied: a cached model that is wrong for binary ops, as
/// one calibrated on a busy machine is. Returns the router (online correction on) and the
/// edited model.
fn skewed(name: &str, edit: impl FnOnce(&mut CostModel)) -> (Device, CostModel) {
    let mut m = CostModel::load(&measured_cache()).unwrap();
    edit(&mut m);
    let p = tmp(name);
    m.save(&p).unwrap();
    let dev = Device::open(&format!("auto?accel=opencl,cache={}", p.display())).unwrap();
    (dev, m)
}

/// `n` additions of two 16-element tensors made on the host; the devices they ran on (read
/// from the decisions every 2000 ops, fewer than the router keeps).
fn adds(dev: &Device, n: usize) -> Vec<String> {
    let a = Tensor::from_slice(dev, &data(16, 1), &[16]).unwrap();
    let b = Tensor::from_slice(dev, &data(16, 2), &[16]).unwrap();
    let mut ran = Vec::with_capacity(n);
    router::clear_decisions(dev);
    for i in 0..n {
        drop(a.add(&b).unwrap());
        if (i + 1) % 2000 == 0 || i + 1 == n {
            ran.extend(router::decisions(dev).into_iter().map(|d| d.device));
            router::clear_decisions(dev);
        }
    }
    assert_eq!(ran.len(), n);
    ran
}

/// The devices in `ran` as (device, how many ops in a row).
fn runs(ran: &[String]) -> Vec<(&str, usize)> {
    let mut r: Vec<(&str, usize)> = Vec::new();
    for d in ran {
        match r.last_mut() {
            Some((last, n)) if *last == d.as_str() => *n += 1,
            _ => r.push((d.as_str(), 1)),
        }
    }
    r
}

/// A cached model that has the CPU far too slow for binary ops (predicted 4x the time of
/// OpenCL with both inputs uploaded; a 16-element add really takes ~1 us on the CPU here,
/// tens of us on PoCL) sends them to OpenCL. A share of the routed time is spent trying the
/// CPU on sampled ops; it is found many times faster than predicted, and from then on the
/// ops run on the CPU. Bounded: the first try comes once the budget (1/32 of the predicted
/// time of the ops routed) covers the CPU's predicted time, then at the next sampled op
/// (one in 64).
#[test]
fn online_correction_recovers_from_a_cpu_predicted_too_slow() {
    if !opencl_or_skip() {
        return;
    }
    let (dev, m) = skewed("cpu-too-slow.json", |m| {
        let (cpu, acc) = (&m.devices[0], &m.devices[1]);
        let acc_ns = acc.ops[&Family::Binary].at(ADD_UNITS)
            + 2.0 * (cpu.download.at(ADD_BYTES) + acc.upload.at(ADD_BYTES));
        let k = 4.0 * acc_ns / cpu.ops[&Family::Binary].at(ADD_UNITS);
        let c = m.devices[0].ops[&Family::Binary].scaled(k);
        m.devices[0].ops.insert(Family::Binary, c);
    });
    let cpu_ns = m.devices[0].ops[&Family::Binary].at(ADD_UNITS);
    let acc_ns = m.devices[1].ops[&Family::Binary].at(ADD_UNITS);
    // Eight times the ops the budget needs with the predictions as cached: OpenCL's own
    // prediction is corrected too as its ops are sampled (on a loaded machine, by up to
    // several times), which changes the budget's pace.
    let bound = 8 * ((32.0 * cpu_ns / acc_ns) as usize + 64);
    let ran = adds(&dev, 2 * bound + 1000);
    assert_eq!(
        ran[0],
        "opencl:0",
        "{}; {}",
        router::model_source(&dev).unwrap(),
        router::decisions(&dev)[0]
    );
    let fixed = router::corrections(&dev);
    let c = fixed
        .iter()
        .find(|c| c.device == "cpu:0" && c.family == Family::Binary)
        .unwrap_or_else(|| panic!("no correction of the CPU: {fixed:?}"));
    assert!(c.measured_ns < c.predicted_ns / 2.0, "{c}");
    let turned = ran.iter().position(|d| d == "cpu:0").unwrap();
    assert!(
        turned <= bound,
        "first tried the CPU after {turned} ops (bound {bound})"
    );
    // The first try may be slow (a cold first op on the CPU) and still leave OpenCL
    // predicted faster; a later try corrects it further. By the second half of the run the
    // ops run on the CPU, but for rare tries of OpenCL (at most 1/32 of routed time).
    let late = &ran[ran.len() / 2..];
    let off = late.iter().filter(|d| *d != "cpu:0").count();
    assert!(
        off * 20 < late.len(),
        "{off} of the last {} ops off the CPU; runs: {:?}; corrections: {fixed:#?}",
        late.len(),
        runs(&ran)
    );
}

/// A cached model that has OpenCL far too fast for binary ops (predicted at a tenth of the
/// CPU's time, transfers free) sends them there; two sampled ops in a row more than 2x
/// slower than predicted demote it, and the ops go back to the CPU. Bounded: two samples,
/// one in 64 ops of a thread.
#[test]
fn online_correction_demotes_a_device_slower_than_predicted() {
    if !opencl_or_skip() {
        return;
    }
    let free = Line {
        fixed_ns: 0.0,
        ns_per_unit: 0.0,
    };
    let edit = |m: &mut CostModel| {
        let cpu_ns = m.devices[0].ops[&Family::Binary].at(ADD_UNITS);
        let acc = m.devices[1].ops[&Family::Binary];
        let c = acc.scaled(0.1 * cpu_ns / acc.at(ADD_UNITS));
        m.devices[1].ops.insert(Family::Binary, c);
        m.devices[0].download = free;
        m.devices[1].upload = free;
    };
    let (dev, _) = skewed("opencl-too-fast.json", edit);
    let ran = adds(&dev, 400);
    assert_eq!(ran[0], "opencl:0");
    let fixed = router::corrections(&dev);
    let c = fixed
        .iter()
        .find(|c| c.device == "opencl:0" && c.family == Family::Binary)
        .unwrap_or_else(|| panic!("no correction of OpenCL: {fixed:?}"));
    assert!(c.measured_ns > 2.0 * c.predicted_ns, "{c}");
    let turned = ran.iter().position(|d| d == "cpu:0").unwrap();
    assert!(turned <= 2 * 64, "went to the CPU after {turned} ops");
    assert!(
        ran[ran.len() - 8..]
            .iter()
            .filter(|d| *d == "cpu:0")
            .count()
            >= 7
    );
    // `adapt=0` keeps the wrong model: every op on OpenCL, nothing corrected.
    let p = tmp("opencl-too-fast.json");
    let off = Device::open(&format!("auto?accel=opencl,adapt=0,cache={}", p.display())).unwrap();
    let ran = adds(&off, 200);
    assert!(ran.iter().all(|d| d == "opencl:0"));
    assert!(router::corrections(&off).is_empty());
}
