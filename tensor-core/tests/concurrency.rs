//! Concurrency stress: [`THREADS`] threads share one [`Device`] and each runs a program of
//! mixed ops (unary, binary with and without broadcasting, reductions, matmul, softmax,
//! casts, views) on shapes of 16 to 1e5 elements. Every result is hashed bit for bit and
//! must equal the hash of the same program run sequentially on the same device: on `cpu`,
//! on `opencl` and on `auto` (CPU + OpenCL).
//!
//! On `auto` the cost model is pinned: it is loaded from a file (no calibration in the
//! test) with injected lines that send small ops to the CPU and large ones to OpenCL, and the
//! router never changes a model after it is opened (no online correction; the test checks
//! the model is the same afterwards). Each thread works on its own tensors, so where its data
//! lives, and with it every routing decision, is the same as in the sequential run; the
//! decision log of each round must hold exactly the decisions of the sequential round (same
//! multiset of ops, sizes, devices and estimates: nothing lost, duplicated or torn).
//!
//! A watchdog aborts the test binary (a failure, not a hang) if the concurrent phase of a
//! test runs longer than [`WATCHDOG`] (the sequential phase runs first and pays for first-use
//! kernel builds, minutes on a cold PoCL cache). Tests that need OpenCL skip with a `skipped:` line when it does not load,
//! unless `TENSOR_REQUIRE_OPENCL=1`. Build the plugins first (`cargo build --workspace`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Barrier, mpsc};
use std::time::{Duration, Instant};
use tensor_core::router::{self, CostModel, Curve, Family, Line};
use tensor_core::{DType, Device, Result, Tensor};

/// Threads sharing the device.
const THREADS: usize = 8;
/// Steps per thread on `cpu` and `opencl` (each step is 2 to 5 ops; the count is printed).
const STEPS: usize = 600;
/// `auto` runs in rounds: the decision log keeps [`router::MAX_DECISIONS`], so each round
/// checks and clears it.
const AUTO_ROUNDS: usize = 5;
/// Steps per thread and round on `auto`.
const AUTO_STEPS: usize = 64;
/// Longest a test may run before the watchdog fails it.
const WATCHDOG: Duration = Duration::from_secs(300);
/// Element counts of the generated shapes.
const MIN_N: usize = 16;
const MAX_N: usize = 100_000;

fn setup() {
    tensor_core::device::register_builtin("cpu", backend_cpu::plugin_api);
}

/// Aborts the process if dropped later than `limit` after creation: a deadlocked test
/// fails instead of hanging CI.
struct Watchdog(Option<mpsc::Sender<()>>);

impl Watchdog {
    fn new(what: &'static str, limit: Duration) -> Watchdog {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(limit) {
                eprintln!("watchdog: {what} still running after {limit:?}: deadlock? aborting");
                std::process::abort();
            }
        });
        Watchdog(Some(tx))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.take(); // disconnects: the watchdog thread ends
    }
}

/// splitmix64: a small deterministic generator for the programs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Log-uniform in `[lo, hi]`.
    fn log_uniform(&mut self, lo: usize, hi: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
        ((a + u * (b - a)).exp() as usize).clamp(lo, hi)
    }
}

/// One step of a program: what to do, on how many elements, with which seed.
#[derive(Clone, Copy, Debug)]
struct Step {
    kind: usize,
    variant: usize,
    n: usize,
    seed: u64,
}

/// Kinds of step (see [`run_step`]).
const KINDS: usize = 9;

fn program(thread: usize, steps: usize) -> Vec<Step> {
    let mut r = Rng(0x5eed_0000 + thread as u64);
    (0..steps)
        .map(|_| Step {
            kind: r.below(KINDS),
            variant: r.below(8),
            n: r.log_uniform(MIN_N, MAX_N),
            seed: r.next(),
        })
        .collect()
}

/// `[rows, cols]` with `rows * cols` close to `n` and both at least 2.
fn matrix(n: usize, variant: usize) -> [usize; 2] {
    let cols = [4usize, 16, 33, 128, 256, 1000, 7, 64][variant % 8].min(n / 2);
    [(n / cols).max(2), cols.max(2)]
}

/// Uniform values in `[-2, 2)` (two ops: `rand`, then an affine map).
fn signed(dev: &Device, shape: &[usize], seed: u64, dt: DType) -> Result<Tensor> {
    let u = Tensor::rand(dev, shape, seed, dt)?;
    let four = Tensor::full(dev, &[1], 4.0, dt)?;
    let two = Tensor::full(dev, &[1], 2.0, dt)?;
    u.mul(&four)?.sub(&two)
}

/// FNV-1a over dtype, shape and the result's bytes.
fn hash(t: &Tensor) -> Result<u64> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    eat(t.dtype() as u8);
    for &d in t.shape() {
        d.to_le_bytes().into_iter().for_each(&mut eat);
    }
    t.to_bytes()?.into_iter().for_each(eat);
    Ok(h)
}

/// Runs one step; `carry` is the thread's last `f32` result, reused by kind 8. Returns the
/// result and the number of tensor ops it took (creation ops included, views not).
fn run_step(dev: &Device, s: Step, carry: &mut Option<Tensor>) -> Result<(Tensor, usize)> {
    let f64_ok = dev.info().dtypes.contains(&DType::F64);
    let v = s.variant;
    let x = || Tensor::rand(dev, &[s.n], s.seed, DType::F32);
    let out = match s.kind {
        // Elementwise unary (f32, and f64 where the device has it).
        0 => {
            let dt = if f64_ok && v % 2 == 1 {
                DType::F64
            } else {
                DType::F32
            };
            let a = signed(dev, &[s.n], s.seed, dt)?;
            let y = match v / 2 {
                0 => a.exp()?,
                1 => a.sin()?,
                2 => a.tanh()?,
                _ => a.abs()?.sqrt()?,
            };
            (y, 6 + usize::from(v / 2 == 3))
        }
        // Elementwise binary, same shape or broadcast over rows.
        1 => {
            let sh = matrix(s.n, v);
            let a = signed(dev, &sh, s.seed, DType::F32)?;
            let b = if v.is_multiple_of(2) {
                Tensor::rand(dev, &sh, s.seed ^ 1, DType::F32)?
            } else {
                Tensor::rand(dev, &[sh[1]], s.seed ^ 1, DType::F32)?
            };
            let y = match v / 2 {
                0 => a.add(&b)?,
                1 => a.mul(&b)?,
                2 => a.div(&b)?,
                _ => a.maximum(&b)?,
            };
            (y, 7)
        }
        // Reductions over all axes, rows or columns.
        2 => {
            let sh = matrix(s.n, v);
            let a = signed(dev, &sh, s.seed, DType::F32)?;
            let axes: Option<&[isize]> = [None, Some(&[0][..]), Some(&[-1][..])][v % 3];
            let y = match v % 4 {
                0 => a.sum(axes, false)?,
                1 => a.max(axes, true)?,
                2 => a.var(axes, 1.0, false)?,
                _ => a.argmax(Some(&[-1]), false)?,
            };
            (y, 6)
        }
        // Matrix products (m, k, n up to 100: at most 1e4 elements per operand).
        3 => {
            let d = (s.n as f64).sqrt() as usize;
            let (m, k, n) = (
                d.clamp(2, 100),
                (d / 2 + v).clamp(2, 100),
                (v * 13 + 3).min(100),
            );
            let a = Tensor::rand(dev, &[m, k], s.seed, DType::F32)?;
            let b = Tensor::rand(dev, &[k, n], s.seed ^ 2, DType::F32)?;
            let y = if v.is_multiple_of(2) {
                a.matmul(&b)?
            } else {
                // A transposed view as the left operand.
                let at = Tensor::rand(dev, &[k, m], s.seed ^ 3, DType::F32)?.t()?;
                at.matmul(&b)?
            };
            (y, 3 + v % 2)
        }
        // softmax / log_softmax over the last axis.
        4 => {
            let a = signed(dev, &matrix(s.n, v), s.seed, DType::F32)?;
            let y = if v.is_multiple_of(2) {
                a.softmax(-1)?
            } else {
                a.log_softmax(-1)?
            };
            (y, 6)
        }
        // Casts.
        5 => {
            let a = signed(dev, &[s.n], s.seed, DType::F32)?;
            let scaled = a.mul(&Tensor::full(dev, &[1], 1000.0, DType::F32)?)?;
            let to = [DType::F16, DType::BF16, DType::I32, DType::U8, DType::F64][v % 5];
            let to = if to == DType::F64 && !f64_ok {
                DType::I64
            } else {
                to
            };
            (scaled.cast(to)?, 8)
        }
        // Views: transposed copies, narrowed and permuted views read by ops.
        6 => {
            let sh = matrix(s.n, v);
            let a = Tensor::rand(dev, &sh, s.seed, DType::F32)?;
            match v % 3 {
                0 => (a.t()?.contiguous()?, 2),
                1 => {
                    let len = (sh[0] / 2).max(1);
                    (a.narrow(0, sh[0] - len, len)?.t()?.exp()?, 2)
                }
                _ => {
                    let c = sh[1] / 2;
                    let r = a.narrow(1, 0, c.max(1))?.reshape(&[-1])?;
                    let p = Tensor::rand(dev, &[2, r.numel(), 1], s.seed ^ 4, DType::F32)?;
                    (p.permute(&[2, 0, 1])?.contiguous()?.add(&r)?, 4)
                }
            }
        }
        // Broadcasts and `where`.
        7 => {
            let sh = matrix(s.n, v);
            let col = Tensor::rand(dev, &[sh[0], 1], s.seed, DType::F32)?;
            let b = col.broadcast_to(&sh)?;
            let a = Tensor::rand(dev, &sh, s.seed ^ 5, DType::F32)?;
            (Tensor::where_(&a.gt(&b)?, &a, &b)?, 4)
        }
        // The thread's previous result, used again (so inputs also live where ops left
        // them, not only where they were made).
        _ => match carry.take() {
            Some(c) if c.numel() >= MIN_N && c.dtype() == DType::F32 => {
                let y = c.mul(&c)?.sum(Some(&[-1]), true)?.add(&c)?;
                (y, 3)
            }
            _ => (x()?.neg()?, 2),
        },
    };
    if out.0.dtype() == DType::F32 && out.0.numel() >= MIN_N {
        *carry = Some(out.0.clone());
    }
    Ok(out)
}

/// Runs `steps` on `dev`: one hash per step, and the number of ops.
fn run(dev: &Device, steps: &[Step], carry: &mut Option<Tensor>) -> (Vec<u64>, usize) {
    let mut ops = 0;
    let hashes = steps
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let (y, n) = run_step(dev, s, carry)
                .unwrap_or_else(|e| panic!("{}: step {i} {s:?}: {e}", dev.label()));
            ops += n;
            hash(&y).unwrap_or_else(|e| panic!("{}: step {i} {s:?}: {e}", dev.label()))
        })
        .collect();
    (hashes, ops)
}

/// Each thread's `programs[t]` run on `dev`, all threads at once (released together by a
/// barrier); the hashes per thread, and the ops in all.
fn concurrent(
    dev: &Device,
    programs: &[&[Step]],
    carries: &mut [Option<Tensor>],
) -> (Vec<Vec<u64>>, usize) {
    let start = Barrier::new(programs.len());
    std::thread::scope(|sc| {
        let handles: Vec<_> = programs
            .iter()
            .zip(carries.iter_mut())
            .map(|(p, carry)| {
                let start = &start;
                sc.spawn(move || {
                    start.wait();
                    run(dev, p, carry)
                })
            })
            .collect();
        let mut ops = 0;
        let hashes = handles
            .into_iter()
            .map(|h| {
                let (v, n) = h.join().expect("a worker thread panicked");
                ops += n;
                v
            })
            .collect();
        (hashes, ops)
    })
}

/// The same programs one thread after the other.
fn sequential(
    dev: &Device,
    programs: &[&[Step]],
    carries: &mut [Option<Tensor>],
) -> (Vec<Vec<u64>>, usize) {
    let mut ops = 0;
    let hashes = programs
        .iter()
        .zip(carries.iter_mut())
        .map(|(p, c)| {
            let (v, n) = run(dev, p, c);
            ops += n;
            v
        })
        .collect();
    (hashes, ops)
}

fn assert_same(dev: &Device, seq: &[Vec<u64>], conc: &[Vec<u64>], programs: &[&[Step]]) {
    for (t, (a, b)) in seq.iter().zip(conc).enumerate() {
        assert_eq!(a.len(), b.len());
        if let Some(i) = (0..a.len()).find(|&i| a[i] != b[i]) {
            let differ = (0..a.len()).filter(|&i| a[i] != b[i]).count();
            panic!(
                "{}: thread {t}: {differ} of {} results differ from the sequential run; first \
                 at step {i}: {:?}",
                dev.label(),
                a.len(),
                programs[t][i]
            );
        }
    }
}

/// The stress test on a single-backend device.
fn stress(dev: &Device) {
    let owned: Vec<Vec<Step>> = (0..THREADS).map(|t| program(t, STEPS)).collect();
    let programs: Vec<&[Step]> = owned.iter().map(|p| &p[..]).collect();
    let t0 = Instant::now();
    let (seq, ops) = sequential(dev, &programs, &mut vec![None; THREADS]);
    let t1 = Instant::now();
    let _w = Watchdog::new("concurrency stress", WATCHDOG);
    let (conc, ops2) = concurrent(dev, &programs, &mut vec![None; THREADS]);
    assert_eq!(ops, ops2);
    println!(
        "{}: {THREADS} threads x {STEPS} steps, {} ops per thread on average: sequential \
         {:.1} s, concurrent {:.1} s",
        dev.label(),
        ops / THREADS,
        (t1 - t0).as_secs_f64(),
        t1.elapsed().as_secs_f64()
    );
    assert!(ops / THREADS >= 1000, "{} ops per thread", ops / THREADS);
    assert_same(dev, &seq, &conc, &programs);
}

#[test]
fn eight_threads_on_one_cpu_device_match_a_sequential_run_bitwise() {
    setup();
    stress(&Device::open("cpu").unwrap());
}

/// OpenCL, or `None` after printing the skip line (a panic under
/// `TENSOR_REQUIRE_OPENCL=1`).
fn opencl_or_skip() -> Option<Device> {
    setup();
    match Device::open("opencl") {
        Ok(d) => Some(d),
        Err(e) => {
            if std::env::var("TENSOR_REQUIRE_OPENCL").as_deref() == Ok("1") {
                panic!("TENSOR_REQUIRE_OPENCL=1 but OpenCL does not load: {e}");
            }
            println!("skipped: no OpenCL device ({e})");
            None
        }
    }
}

#[test]
fn eight_threads_on_one_opencl_device_match_a_sequential_run_bitwise() {
    if let Some(dev) = opencl_or_skip() {
        stress(&dev);
    }
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tensor-concurrency-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The `auto` router over CPU + OpenCL with a pinned model: measured once (for its key),
/// then lines injected so tiny ops go to the CPU and large ones to OpenCL, saved and
/// loaded, so opening it calibrates nothing.
fn pinned_auto() -> Device {
    let measured = tmp("measured.json");
    let _ = std::fs::remove_file(&measured);
    drop(Device::open(&format!("auto?accel=opencl,cache={}", measured.display())).unwrap());
    let mut m = CostModel::load(&measured).unwrap();
    assert_eq!(m.devices.len(), 2, "cpu + opencl");
    let line = |fixed_ns, ns_per_unit| Line {
        fixed_ns,
        ns_per_unit,
    };
    for f in Family::ALL {
        m.devices[0].ops.insert(f, Curve::line(1e3, 1.0));
        m.devices[1].ops.insert(f, Curve::line(5e4, 1e-3));
    }
    for d in &mut m.devices {
        d.upload = line(1e4, 0.01);
        d.download = line(1e4, 0.01);
    }
    let pinned = tmp("pinned.json");
    m.save(&pinned).unwrap();
    let dev = Device::open(&format!(
        "auto?accel=opencl,adapt=0,cache={}",
        pinned.display()
    ))
    .unwrap();
    let src = router::model_source(&dev).unwrap();
    assert!(src.starts_with("loaded from"), "{src}");
    assert_eq!(router::cost_model(&dev).unwrap(), m);
    dev
}

/// The decision log as a multiset of its lines.
fn log_multiset(dev: &Device) -> (BTreeMap<String, usize>, usize) {
    let d = router::decisions(dev);
    let n = d.len();
    let mut m = BTreeMap::new();
    for x in d {
        assert!(
            x.estimates.iter().any(|e| e.device == x.device),
            "a decision for a device it did not price: {x}"
        );
        *m.entry(x.to_string()).or_insert(0) += 1;
    }
    (m, n)
}

#[test]
fn eight_threads_on_one_auto_device_route_and_compute_as_a_sequential_run() {
    if opencl_or_skip().is_none() {
        return;
    }
    let dev = pinned_auto();
    assert!(router::is_router(&dev));
    let model = router::cost_model(&dev).unwrap();
    let owned: Vec<Vec<Step>> = (0..THREADS)
        .map(|t| program(100 + t, AUTO_ROUNDS * AUTO_STEPS))
        .collect();
    let round = |r: usize| -> Vec<&[Step]> {
        owned
            .iter()
            .map(|p| &p[r * AUTO_STEPS..(r + 1) * AUTO_STEPS])
            .collect()
    };
    let t0 = Instant::now();
    // Sequential: per round, the hashes and the decision log.
    let mut carries = vec![None; THREADS];
    let mut seq = Vec::new();
    let mut ops = 0;
    for r in 0..AUTO_ROUNDS {
        router::clear_decisions(&dev);
        let (h, n) = sequential(&dev, &round(r), &mut carries);
        let (log, len) = log_multiset(&dev);
        assert!(
            len < router::MAX_DECISIONS,
            "round {r}: {len} decisions fill the log; make rounds smaller"
        );
        ops += n;
        seq.push((h, log, len));
    }
    let t1 = Instant::now();
    let _w = Watchdog::new("auto concurrency stress", WATCHDOG);
    let mut carries = vec![None; THREADS];
    let mut by_device: BTreeMap<String, usize> = BTreeMap::new();
    for (r, (h, log, len)) in seq.iter().enumerate() {
        router::clear_decisions(&dev);
        let (hc, _) = concurrent(&dev, &round(r), &mut carries);
        assert_same(&dev, h, &hc, &round(r));
        let (logc, lenc) = log_multiset(&dev);
        assert_eq!(lenc, *len, "round {r}: decisions recorded");
        if logc != *log {
            let only = |a: &BTreeMap<String, usize>, b: &BTreeMap<String, usize>| {
                a.iter()
                    .filter(|(k, v)| b.get(*k) != Some(v))
                    .map(|(k, v)| format!("{v} x {k}"))
                    .take(5)
                    .collect::<Vec<_>>()
            };
            panic!(
                "round {r}: the concurrent decision log differs from the sequential one:\n\
                 sequential only: {:#?}\nconcurrent only: {:#?}",
                only(log, &logc),
                only(&logc, log)
            );
        }
        for d in router::decisions(&dev) {
            *by_device.entry(d.device).or_insert(0) += 1;
        }
    }
    println!(
        "auto: {THREADS} threads x {} steps, {} ops per thread on average; decisions per \
         device {by_device:?}: sequential {:.1} s, concurrent {:.1} s",
        AUTO_ROUNDS * AUTO_STEPS,
        ops / THREADS,
        (t1 - t0).as_secs_f64(),
        t1.elapsed().as_secs_f64()
    );
    // The test covers both devices, and the model is still the one loaded.
    assert!(
        by_device.get("cpu:0").is_some_and(|&n| n > 100),
        "{by_device:?}"
    );
    assert!(
        by_device.get("opencl:0").is_some_and(|&n| n > 100),
        "{by_device:?}"
    );
    assert_eq!(router::cost_model(&dev).unwrap(), model);
}
