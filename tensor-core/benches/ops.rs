//! Per-call time of a few ops through the public `Tensor` API and the plugin C ABI.
//!
//! The CPU backend is used in-process through `Device::from_api`, which still goes through
//! the full function table (`abi::table`), descriptor validation and `catch_unwind` in every
//! call; only `dlopen` is skipped. Every timed call allocates its output through the plugin,
//! exactly as user code does. Inputs are built once, outside the timed loops.
//!
//! Run: `cargo bench -p tensor-core --bench ops` (a few minutes on 2 cores). Criterion writes
//! `$CARGO_TARGET_DIR/criterion/<group>/<bench>/new/estimates.json`, which
//! `bench/numpy_compare.py` reads. Group and bench ids are part of that contract:
//! `<op>/<size>` with `op` in `add, exp, log, sin, sum, max, argmax, var, std,
//! transpose_copy, matmul, matmul_f64`.
//!
//! Every timed iteration that enqueues device work ends with `Device::synchronize`, so a
//! backend that runs asynchronously (OpenCL enqueues kernels and returns) is timed from the
//! call to the finished result, not to the enqueue. The CPU backend declares itself
//! synchronous (`Backend::SYNCHRONOUS`), so there it returns without any FFI call. The two
//! host-only benches of `overhead` (`supports`, `reshape_view`) enqueue nothing and do not
//! synchronize, so they keep measuring only what their names say.
//!
//! The `overhead` group splits the per-call cost of a tiny op into parts: a bare FFI round
//! trip (`supports`), a host-only view (`reshape_view`), and a fresh 16-element output
//! (`zeros_16`: `alloc` plus one op call through the table, no inputs).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use tensor_core::{BinaryOp, DType, Device, Op, Tensor};

fn device() -> Device {
    // `TENSOR_BACKEND=opencl cargo bench ...` times another backend (build its plugin in the
    // release profile first: `cargo build --release --workspace`); see docs/benchmarks.md.
    match std::env::var("TENSOR_BACKEND") {
        Ok(spec) if spec != "cpu" => {
            Device::open(&spec).expect("TENSOR_BACKEND names a backend that loads")
        }
        _ => Device::from_api("cpu", backend_cpu::plugin_api(), 0).expect("cpu backend"),
    }
}

/// `r` once the device has finished every queued op: the end of a timed iteration.
fn synced<T>(dev: &Device, r: T) -> T {
    dev.synchronize().expect("synchronize");
    r
}

/// Uniform [0, 1) f32 input of `n` elements (Philox, fixed seed), made by the backend.
fn input(dev: &Device, shape: &[usize], seed: u64) -> Tensor {
    synced(
        dev,
        Tensor::rand(dev, shape, seed, DType::F32).expect("rand"),
    )
}

/// Sample size and measurement time: short for small sizes, a few seconds for big ones.
fn budget(n: usize) -> (usize, Duration) {
    if n <= 1 << 16 {
        (20, Duration::from_secs(2))
    } else if n <= 2_000_000 {
        (15, Duration::from_secs(3))
    } else {
        (10, Duration::from_secs(5))
    }
}

fn add(c: &mut Criterion) {
    let dev = device();
    let mut g = c.benchmark_group("add");
    for n in [16usize, 1_000_000, 10_000_000] {
        let (a, b) = (input(&dev, &[n], 1), input(&dev, &[n], 2));
        let (samples, time) = budget(n);
        g.sample_size(samples).measurement_time(time);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| synced(&dev, black_box(&a).add(black_box(&b)).unwrap()))
        });
    }
    g.finish();
}

fn exp(c: &mut Criterion) {
    let dev = device();
    let mut g = c.benchmark_group("exp");
    for n in [1_000_000usize, 10_000_000] {
        let a = input(&dev, &[n], 3);
        let (samples, time) = budget(n);
        g.sample_size(samples).measurement_time(time);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| synced(&dev, black_box(&a).exp().unwrap()))
        });
    }
    g.finish();
}

fn sum(c: &mut Criterion) {
    let dev = device();
    let mut g = c.benchmark_group("sum");
    for n in [1_000_000usize, 10_000_000] {
        let a = input(&dev, &[n], 4);
        let (samples, time) = budget(n);
        g.sample_size(samples).measurement_time(time);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| synced(&dev, black_box(&a).sum(None, false).unwrap()))
        });
    }
    g.finish();
}

/// `log` and `sin` at 1e7 (f32, uniform [0, 1) input, as for `exp`).
fn log_sin(c: &mut Criterion) {
    let dev = device();
    let n = 10_000_000usize;
    let a = input(&dev, &[n], 3);
    let (samples, time) = budget(n);
    for (name, f) in [
        (
            "log",
            Tensor::log as fn(&Tensor) -> tensor_core::Result<Tensor>,
        ),
        ("sin", Tensor::sin),
    ] {
        let mut g = c.benchmark_group(name);
        g.sample_size(samples).measurement_time(time);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| f(black_box(&a)).unwrap())
        });
        g.finish();
    }
}

/// Full reductions other than `sum` at 1e7: `max`, `argmax`, `var` and `std` (ddof 0).
fn reductions(c: &mut Criterion) {
    let dev = device();
    let n = 10_000_000usize;
    let a = input(&dev, &[n], 4);
    let (samples, time) = budget(n);
    type Red = Box<dyn Fn(&Tensor) -> tensor_core::Result<Tensor>>;
    let cases: [(&str, Red); 4] = [
        ("max", Box::new(|t: &Tensor| t.max(None, false))),
        ("argmax", Box::new(|t: &Tensor| t.argmax(None, false))),
        ("var", Box::new(|t: &Tensor| t.var(None, 0.0, false))),
        ("std", Box::new(|t: &Tensor| t.std(None, 0.0, false))),
    ];
    for (name, f) in cases {
        let mut g = c.benchmark_group(name);
        g.sample_size(samples).measurement_time(time);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| f(black_box(&a)).unwrap())
        });
        g.finish();
    }
}

fn transpose_copy(c: &mut Criterion) {
    let dev = device();
    let mut g = c.benchmark_group("transpose_copy");
    let n = 3162usize;
    let a = input(&dev, &[n, n], 5);
    let at = a.t().unwrap();
    assert!(!at.layout().is_contiguous());
    let (samples, time) = budget(n * n);
    g.sample_size(samples).measurement_time(time);
    g.throughput(Throughput::Elements((n * n) as u64));
    g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
        bch.iter(|| synced(&dev, black_box(&at).contiguous().unwrap()))
    });
    g.finish();
}

fn matmul(c: &mut Criterion) {
    let dev = device();
    // Group `matmul` is f32, `matmul_f64` f64 (issue #6 asks for both at n = 1024 and 2048).
    for (group, dt) in [("matmul", DType::F32), ("matmul_f64", DType::F64)] {
        let mut g = c.benchmark_group(group);
        g.sample_size(10).measurement_time(Duration::from_secs(5));
        for n in [1024usize, 2048] {
            let a = synced(&dev, Tensor::rand(&dev, &[n, n], 6, dt).expect("rand"));
            let b = synced(&dev, Tensor::rand(&dev, &[n, n], 7, dt).expect("rand"));
            // Elements of the output; the docs convert to GFLOP/s (2 n^3 flops).
            g.throughput(Throughput::Elements((n * n) as u64));
            g.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
                bch.iter(|| synced(&dev, black_box(&a).matmul(black_box(&b)).unwrap()))
            });
        }
        g.finish();
    }
}

fn overhead(c: &mut Criterion) {
    let dev = device();
    let a = input(&dev, &[16], 8);
    let mut g = c.benchmark_group("overhead");
    g.sample_size(20).measurement_time(Duration::from_secs(2));
    g.bench_function("supports", |bch| {
        bch.iter(|| black_box(&dev).supports(black_box(Op::Binary(BinaryOp::Add)), DType::F32))
    });
    g.bench_function("reshape_view", |bch| {
        bch.iter(|| black_box(&a).reshape(black_box(&[4, 4])).unwrap())
    });
    g.bench_function("zeros_16", |bch| {
        bch.iter(|| {
            synced(
                &dev,
                Tensor::zeros(black_box(&dev), black_box(&[16]), DType::F32).unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    add,
    exp,
    log_sin,
    sum,
    reductions,
    transpose_copy,
    matmul,
    overhead
);
criterion_main!(benches);
