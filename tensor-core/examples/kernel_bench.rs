//! Per-call time of one op case at a time, for `bench/kernels_vs_numpy.py`, which drives
//! it case by case through stdin so that NumPy (and PyTorch) and this library are timed
//! interleaved, under the same load.
//!
//! Protocol: each stdin line is `op dtype shape axis layout` (`sum f32 1000x1000 0 c`;
//! `axis` is `-` for none, `layout` `c` for contiguous or `t` for the transposed view of
//! the reversed shape); the answer is one line, the median time per call in nanoseconds
//! (or `ERR message`). The CPU backend is used in-process (`Device::from_api`), through
//! the full plugin function table. The line `info` answers with the backend's BLAS and
//! GEMM choice (`OpenBLAS ..., core Zen | TENSOR_CPU_GEMM=auto; f32/f64=...`).
//!
//! `matmul` takes its shape as `[BATCHx]MxKxN` (`matmul f32 64x64x64x64 - c`: a batch of
//! 64 products of 64x64 matrices; `2048x2048x1` is a matrix-vector product).
//!
//! Run by hand: `echo 'sum f32 1000x1000 0 c' | cargo run --release -p tensor-core
//! --example kernel_bench`.

use std::hint::black_box;
use std::io::BufRead;
use std::time::{Duration, Instant};
use tensor_core::{DType, Device, ReduceOp, Result, Tensor, UnaryOp};

fn dtype(s: &str) -> DType {
    match s {
        "f16" => DType::F16,
        "bf16" => DType::BF16,
        "f64" => DType::F64,
        "i32" => DType::I32,
        "i64" => DType::I64,
        "bool" => DType::Bool,
        _ => DType::F32,
    }
}

/// The input: uniform in `[-5, 5)` (`[0.5, 1.5)` for `prod`, `[0, 2)` for `rsqrt`, `sqrt`
/// and the logarithms), of
/// `dt`, contiguous or a transposed view.
fn input(dev: &Device, op: &str, dt: DType, shape: &[usize], layout: &str) -> Result<Tensor> {
    let mut s = shape.to_vec();
    if layout == "t" {
        s.reverse();
    }
    let u = Tensor::rand(dev, &s, 7, DType::F64)?;
    let (scale, shift) = match op {
        "prod" => (1.0, 0.5),
        "rsqrt" | "sqrt" | "log" | "log2" | "log10" | "log1p" => (2.0, 0.0),
        _ => (10.0, -5.0),
    };
    let f = |v: f64| Tensor::full(dev, &[], v, DType::F64);
    let x = u.mul(&f(scale)?)?.add(&f(shift)?)?.cast(dt)?;
    if layout == "t" { x.t() } else { Ok(x) }
}

fn run(dev: &Device, line: &str) -> Result<f64> {
    let w: Vec<&str> = line.split_whitespace().collect();
    let (op, dt) = (w[0], dtype(w[1]));
    let shape: Vec<usize> = w[2].split('x').map(|v| v.parse().unwrap()).collect();
    let axis: Option<isize> = w.get(3).and_then(|a| a.parse().ok());
    let layout = w.get(4).copied().unwrap_or("c");
    let (xs, ys) = if op == "matmul" && shape.len() >= 3 {
        let r = shape.len();
        let (m, k, n) = (shape[r - 3], shape[r - 2], shape[r - 1]);
        let mut a = shape[..r - 3].to_vec();
        let mut b = a.clone();
        a.extend([m, k]);
        b.extend([k, n]);
        (a, b)
    } else {
        (shape.clone(), shape.clone())
    };
    let x = input(dev, op, dt, &xs, layout)?;
    let y = input(dev, "other", dt, &ys, "c")?;
    let cond = y.gt(&Tensor::full(dev, &[], 0.0, dt)?)?;
    let axes = axis.map(|a| vec![a]);
    let ax = axes.as_deref();
    let red = |r: ReduceOp| x.reduce(r, ax, false, 0.0);
    let un = |u: UnaryOp| x.unary(u);
    let call = || -> Result<Tensor> {
        match op {
            "sum" => red(ReduceOp::Sum),
            "mean" => red(ReduceOp::Mean),
            "prod" => red(ReduceOp::Prod),
            "max" => red(ReduceOp::Max),
            "min" => red(ReduceOp::Min),
            "argmax" => red(ReduceOp::ArgMax),
            "argmin" => red(ReduceOp::ArgMin),
            "any" => red(ReduceOp::Any),
            "all" => red(ReduceOp::All),
            "logsumexp" => red(ReduceOp::LogSumExp),
            "var" => x.var(ax, 0.0, false),
            "std" => x.std(ax, 0.0, false),
            "softmax" => x.softmax(axis.unwrap_or(-1)),
            "log_softmax" => x.log_softmax(axis.unwrap_or(-1)),
            "floor" => un(UnaryOp::Floor),
            "ceil" => un(UnaryOp::Ceil),
            "round" => un(UnaryOp::Round),
            "trunc" => un(UnaryOp::Trunc),
            "rsqrt" => un(UnaryOp::Rsqrt),
            "sqrt" => un(UnaryOp::Sqrt),
            "reciprocal" => un(UnaryOp::Reciprocal),
            "sign" => un(UnaryOp::Sign),
            "abs" => un(UnaryOp::Abs),
            "neg" => un(UnaryOp::Neg),
            "exp" => un(UnaryOp::Exp),
            "relu" => un(UnaryOp::Relu),
            "add" => x.add(&y),
            "matmul" => x.matmul(&y),
            "lt" => x.lt(&y),
            "where" => Tensor::where_(&cond, &x, &y),
            "clamp" => x.clamp_scalar(Some(-1.0), Some(1.0)),
            c if c.starts_with("cast_") => x.cast(dtype(&c[5..])),
            // Any other unary op by its name (`tanh`, `log1p`, ...).
            c if UnaryOp::parse(c).is_some() => un(UnaryOp::parse(c).unwrap()),
            _ => Err(tensor_core::Error::InvalidArgument {
                op: op.into(),
                msg: "unknown op".into(),
            }),
        }
    };
    black_box(call()?);
    // Calibrate to about 20 ms per sample, then the median of 7 samples.
    let mut iters = 1usize;
    loop {
        let t = Instant::now();
        for _ in 0..iters {
            black_box(call()?);
        }
        if t.elapsed() > Duration::from_millis(20) || iters >= 1 << 20 {
            break;
        }
        iters *= 2;
    }
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(call().unwrap());
            }
            t.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    Ok(samples[3])
}

fn main() {
    let dev = Device::from_api("cpu", backend_cpu::plugin_api(), 0).expect("cpu backend");
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        if line.trim() == "info" {
            // Provenance: the BLAS and the GEMM choice of the backend, on one line.
            let i = dev.info();
            let gemm = i.extra.get("gemm").cloned().unwrap_or_default();
            println!("{} | {gemm}", i.blas.clone().unwrap_or_default());
            continue;
        }
        match run(&dev, &line) {
            Ok(ns) => println!("{ns}"),
            Err(e) => println!("ERR {e}"),
        }
    }
}
