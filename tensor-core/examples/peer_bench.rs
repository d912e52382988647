//! This library's side of `bench/peers.py`, the benchmark matrix against NumPy and PyTorch
//! (issue #12): the per-call time of any op of op set v1, one case at a time, read from
//! stdin, so that the peers and this library are timed interleaved, under the same load.
//!
//! Protocol: each stdin line is `op dtype shape layout axis` and the answer is one line,
//! the median time per call in nanoseconds, or `ERR message`:
//! - `op`: a unary, binary, reduction or softmax op by its name (`exp`, `atan2`, `argmax`,
//!   `log_softmax`), `matmul`, `where`, `clamp`, `cast_<dtype>` (to that dtype), or a
//!   creation op: `rand`, `randn`, `arange`, `full`;
//! - `dtype`: `f32`, `f64`, `f16`, `bf16`, `i32`, `i64`, `u8` or `bool`;
//! - `shape`: dimensions joined by `x` (`1000x1000`); for `matmul`, `[batch x] m x k x n`;
//! - `layout`: `c` (contiguous), `t` (the transposed view of a contiguous 2-D array of the
//!   reversed shape), `s2` (every second element of the last axis of an array twice as
//!   long there), or `b` (binary ops: the second operand is one row, broadcast);
//! - `axis`: `-` for none (reductions over everything), else the reduced axis.
//!
//! The line `info` answers with the backend's description (device, BLAS and its core, the
//! instruction set in use), which the matrix records next to the peers' versions.
//!
//! Inputs are uniform on the domain `bench/peers.py` uses for the op (`domain` below), made
//! once per case; only the op itself is timed: calibration to about `TARGET` per sample,
//! then the median of `SAMPLES` samples. The CPU backend runs in-process
//! (`Device::from_api`), through the full plugin function table, as `conformance` runs it.
//!
//! By hand: `echo 'exp f32 1000000 c -' | cargo run --release -p tensor-core --example
//! peer_bench`.

use std::hint::black_box;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};
use tensor_core::{
    BinaryOp, DType, Device, Error, RandDist, ReduceOp, Result, SliceArg, SoftmaxOp, Tensor,
    UnaryOp,
};

/// Wall time aimed at per sample.
const TARGET: Duration = Duration::from_millis(10);
/// Samples per case; the median is reported.
const SAMPLES: usize = 5;

fn bad(msg: impl Into<String>) -> Error {
    Error::InvalidArgument {
        op: "peer_bench".into(),
        msg: msg.into(),
    }
}

/// The input domain `[lo, hi)` of `op`'s operand `which` (0 or 1); `bench/peers.py` has the
/// same table.
fn domain(op: &str, which: usize) -> (f64, f64) {
    match (op, which) {
        ("log" | "log2" | "log10" | "sqrt" | "rsqrt" | "reciprocal", _) => (0.01, 10.0),
        ("log1p", _) => (-0.5, 10.0),
        ("acosh", _) => (1.0, 10.0),
        ("asin" | "acos" | "atanh", _) => (-0.99, 0.99),
        ("prod", _) => (0.5, 1.5),
        ("pow", 0) => (0.1, 10.0),
        ("pow", 1) => (-3.0, 3.0),
        ("div" | "fmod" | "floor_divide", 1) => (0.5, 5.0),
        _ => (-5.0, 5.0),
    }
}

/// A contiguous array of `shape` and `dt`, uniform on `op`'s domain (integers: the floor of
/// it, scaled by 20 so that they are not all small; bool: `x > 0`).
fn uniform(dev: &Device, op: &str, which: usize, dt: DType, shape: &[usize]) -> Result<Tensor> {
    let (lo, hi) = domain(op, which);
    let (lo, hi) = if dt.is_float() || dt == DType::Bool {
        (lo, hi)
    } else if which == 1 && matches!(op, "div" | "fmod" | "floor_divide") {
        (1.0, 20.0)
    } else {
        (lo * 20.0, hi * 20.0)
    };
    let u = Tensor::rand(dev, shape, 7 + which as u64, DType::F64)?;
    let f = |v: f64| Tensor::full(dev, &[], v, DType::F64);
    let x = u.mul(&f(hi - lo)?)?.add(&f(lo)?)?;
    match dt {
        DType::Bool => x.gt(&f(0.0)?),
        d if d.is_float() => x.cast(d),
        d => x.unary(UnaryOp::Floor)?.cast(d),
    }
}

/// An operand of `shape` in `layout` (see the module docs).
fn operand(
    dev: &Device,
    op: &str,
    which: usize,
    dt: DType,
    shape: &[usize],
    layout: &str,
) -> Result<Tensor> {
    match layout {
        "c" | "b" => uniform(dev, op, which, dt, shape),
        "t" => {
            if shape.len() != 2 {
                return Err(bad("layout t needs a 2-D shape"));
            }
            uniform(dev, op, which, dt, &[shape[1], shape[0]])?.t()
        }
        "s2" => {
            let mut s = shape.to_vec();
            let last = s.last_mut().ok_or_else(|| bad("layout s2 needs a shape"))?;
            *last *= 2;
            let x = uniform(dev, op, which, dt, &s)?;
            let mut args = vec![SliceArg::FULL; shape.len()];
            *args.last_mut().unwrap() = SliceArg::new(None, None, 2);
            x.slice(&args)
        }
        other => Err(bad(format!("unknown layout {other:?}"))),
    }
}

/// The op of one stdin line, ready to be called repeatedly.
fn prepare<'a>(dev: &'a Device, line: &str) -> Result<Box<dyn Fn() -> Result<Tensor> + 'a>> {
    let w: Vec<&str> = line.split_whitespace().collect();
    let [op, dt, shape, layout, axis] = w[..] else {
        return Err(bad(format!(
            "expected `op dtype shape layout axis`, got {line:?}"
        )));
    };
    let dt = DType::parse(dt).ok_or_else(|| bad(format!("unknown dtype {dt:?}")))?;
    let shape: Vec<usize> = shape
        .split('x')
        .map(|v| v.parse().map_err(|_| bad(format!("bad shape {shape:?}"))))
        .collect::<Result<_>>()?;
    let axis: Option<isize> = match axis {
        "-" => None,
        a => Some(a.parse().map_err(|_| bad(format!("bad axis {a:?}")))?),
    };
    let n: usize = shape.iter().product();
    let op = op.to_string();
    if let Some(d) = RandDist::parse(&op) {
        let shape = shape.clone();
        return Ok(Box::new(move || match d {
            RandDist::Uniform => Tensor::rand(dev, &shape, 42, dt),
            RandDist::Normal => Tensor::randn(dev, &shape, 42, dt),
        }));
    }
    match op.as_str() {
        "arange" => {
            return Ok(Box::new(move || {
                Tensor::arange(dev, 0.0, n as f64, 1.0, dt)
            }));
        }
        "full" => {
            let shape = shape.clone();
            return Ok(Box::new(move || Tensor::full(dev, &shape, 1.5, dt)));
        }
        "matmul" => {
            let r = shape.len();
            if !(3..=4).contains(&r) {
                return Err(bad("matmul shape is [batch x] m x k x n"));
            }
            let (m, k, nn) = (shape[r - 3], shape[r - 2], shape[r - 1]);
            let batch = &shape[..r - 3];
            let a = operand(dev, "matmul", 0, dt, &[batch, &[m, k]].concat(), layout)?;
            let b = operand(dev, "matmul", 1, dt, &[batch, &[k, nn]].concat(), "c")?;
            return Ok(Box::new(move || a.matmul(&b)));
        }
        _ => {}
    }
    let x = operand(dev, &op, 0, dt, &shape, layout)?;
    if let Some(to) = op.strip_prefix("cast_") {
        let to = DType::parse(to).ok_or_else(|| bad(format!("unknown dtype in {op:?}")))?;
        return Ok(Box::new(move || x.cast(to)));
    }
    let second = || -> Result<Tensor> {
        if layout == "b" {
            let last = *shape.last().ok_or_else(|| bad("layout b needs a shape"))?;
            uniform(dev, &op, 1, dt, &[last])
        } else {
            operand(dev, &op, 1, dt, &shape, layout)
        }
    };
    let axes = axis.map(|a| vec![a]);
    if let Some(u) = UnaryOp::parse(&op) {
        return Ok(Box::new(move || x.unary(u)));
    }
    if let Some(b) = BinaryOp::parse(&op) {
        let y = second()?;
        return Ok(Box::new(move || x.binary(b, &y)));
    }
    if let Some(r) = ReduceOp::parse(&op) {
        return Ok(Box::new(move || x.reduce(r, axes.as_deref(), false, 0.0)));
    }
    if let Some(s) = SoftmaxOp::parse(&op) {
        let ax = axis.unwrap_or(-1);
        return Ok(Box::new(move || x.softmax_op(s, ax)));
    }
    match op.as_str() {
        "where" => {
            let y = second()?;
            let c = uniform(dev, "where", 0, DType::Bool, &shape)?;
            Ok(Box::new(move || Tensor::where_(&c, &x, &y)))
        }
        "clamp" => {
            let lo = Tensor::full(dev, &[], -1.0, dt)?;
            let hi = Tensor::full(dev, &[], 1.0, dt)?;
            Ok(Box::new(move || x.clamp(Some(&lo), Some(&hi))))
        }
        other => Err(bad(format!("unknown op {other:?}"))),
    }
}

/// The median time per call of `call`, in nanoseconds.
fn time(call: &dyn Fn() -> Result<Tensor>) -> Result<f64> {
    black_box(call()?);
    let mut iters = 1usize;
    loop {
        let t = Instant::now();
        for _ in 0..iters {
            black_box(call()?);
        }
        if t.elapsed() > TARGET || iters >= 1 << 22 {
            break;
        }
        iters *= 2;
    }
    let mut samples = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let t = Instant::now();
        for _ in 0..iters {
            black_box(call()?);
        }
        samples.push(t.elapsed().as_nanos() as f64 / iters as f64);
    }
    samples.sort_by(f64::total_cmp);
    Ok(samples[SAMPLES / 2])
}

fn main() {
    let dev = Device::from_api("cpu", backend_cpu::plugin_api(), 0).expect("cpu backend");
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        if line.trim() == "info" {
            let i = dev.info();
            let extra: Vec<String> = i.extra.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(
                out,
                "{} {} on {}; BLAS {}; {}",
                i.name,
                i.version,
                i.device,
                i.blas.as_deref().unwrap_or("none"),
                extra.join(", ")
            )
            .and_then(|()| out.flush())
            .expect("stdout");
            continue;
        }
        match prepare(&dev, &line).and_then(|call| time(&*call)) {
            Ok(ns) => writeln!(out, "{ns}"),
            Err(e) => writeln!(out, "ERR {}", e.to_string().replace('\n', " ")),
        }
        .and_then(|()| out.flush())
        .expect("stdout");
    }
}
