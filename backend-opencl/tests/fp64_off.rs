//! The backend option `fp64=off` (`TENSOR_BACKEND=opencl?fp64=off`): the backend behaves as
//! on a device without `cl_khr_fp64`, which PoCL (it has fp64) cannot show otherwise. `f64`
//! is a typed `Unsupported` error, `f32` transcendentals and `f16`/`bf16` math use the
//! device's `float` built-ins, reductions accumulate in `f32`, and no program may mention
//! `double` (the program cache refuses it). The quick conformance suite must pass.

mod common;

use backend_opencl::OpenClBackend;
use conformance::{Options, Verdict, check_backend};
use tensor_core::backend::BackendOptions;
use tensor_core::{
    Backend, BinaryOp, DType, Device, Error, Layout, Op, RandDist, ReduceOp, Src, Tensor, UnaryOp,
};

fn opts(s: &str) -> BackendOptions {
    BackendOptions::parse(s).unwrap()
}

/// `opencl?fp64=off` as a `Device`, through the same spec parsing as `TENSOR_BACKEND`.
fn device_fp64_off() -> Option<Device> {
    common::backend_or_skip()?;
    tensor_core::device::register_builtin("opencl", backend_opencl::plugin_api);
    Some(Device::open("opencl?fp64=off").expect("opencl?fp64=off opens"))
}

fn assert_unsupported(e: Error, want_op: &str, want_dt: DType) {
    match e {
        Error::Unsupported { op, dtype, backend } => {
            assert_eq!(op, want_op);
            assert_eq!(dtype, want_dt);
            assert_eq!(backend, "opencl");
        }
        e => panic!("expected Unsupported {want_op}/{want_dt}, got {e}"),
    }
}

#[test]
fn options_are_checked() {
    if common::backend_or_skip().is_none() {
        return;
    }
    match OpenClBackend::create_with_options(0, &opts("fp64=maybe")) {
        Err(Error::InvalidArgument { msg, .. }) => assert!(msg.contains("fp64=off"), "{msg}"),
        r => panic!("fp64=maybe accepted: {:?}", r.map(|b| b.info().extra)),
    }
    match OpenClBackend::create_with_options(0, &opts("fast=1")) {
        Err(Error::InvalidArgument { msg, .. }) => assert!(msg.contains("fast"), "{msg}"),
        r => panic!("unknown key accepted: {:?}", r.map(|b| b.info().extra)),
    }
    let auto = OpenClBackend::create_with_options(0, &opts("fp64=auto")).unwrap();
    let plain = OpenClBackend::create(0).unwrap();
    assert_eq!(auto.info().dtypes, plain.info().dtypes);
}

#[test]
fn f64_is_unsupported_with_op_dtype_and_backend() {
    if common::backend_or_skip().is_none() {
        return;
    }
    let b = OpenClBackend::create_with_options(0, &opts("fp64=off")).unwrap();
    let info = b.info();
    assert!(!info.dtypes.contains(&DType::F64), "{:?}", info.dtypes);
    assert!(info.dtypes.contains(&DType::F32) && info.dtypes.contains(&DType::F16));
    assert!(
        info.extra["fp64"].starts_with("off"),
        "{}",
        info.extra["fp64"]
    );
    assert!(
        info.reduction.contains("accumulating in f32"),
        "{}",
        info.reduction
    );
    for op in [
        Op::Unary(UnaryOp::Exp),
        Op::Binary(BinaryOp::Add),
        Op::Reduce(ReduceOp::Sum),
        Op::MatMul,
        Op::Cast,
        Op::Fill,
    ] {
        assert!(!b.supports(op, DType::F64), "{op:?} f64 claimed");
    }
    // Float results of i32/i64 inputs are f64 (NumPy's rule), so they are out too; f32 and
    // integer arithmetic are in.
    assert!(!b.supports(Op::Unary(UnaryOp::Exp), DType::I32));
    assert!(b.supports(Op::Unary(UnaryOp::Exp), DType::F32));
    assert!(b.supports(Op::Unary(UnaryOp::Exp), DType::F16));
    assert!(b.supports(Op::Binary(BinaryOp::Add), DType::I64));
    assert!(!b.supports(Op::Rand(RandDist::Normal), DType::F32));
    assert_unsupported(b.alloc(DType::F64, 4).unwrap_err(), "alloc", DType::F64);
    // An op called with an f64 operand names the op (the guard runs before the buffer is
    // looked at).
    let buf = b.alloc(DType::F32, 4).unwrap();
    let lay = Layout::contiguous(&[4]);
    let mut out = b.alloc(DType::F32, 4).unwrap();
    let src = Src {
        buf: &buf,
        dtype: DType::F64,
        layout: &lay,
    };
    let e = b
        .unary(
            UnaryOp::Exp,
            src,
            tensor_core::Dst {
                buf: &mut out,
                dtype: DType::F64,
                shape: &[4],
            },
        )
        .unwrap_err();
    assert_unsupported(e, "exp", DType::F64);
}

#[test]
fn tensors_see_the_same_errors_through_the_abi() {
    let Some(dev) = device_fp64_off() else {
        return;
    };
    assert_unsupported(
        Tensor::from_slice(&dev, &[1.0f64, 2.0], &[2]).unwrap_err(),
        "alloc",
        DType::F64,
    );
    let x = Tensor::from_slice(&dev, &[0.5f32, 1.0, 2.0], &[3]).unwrap();
    assert_unsupported(x.cast(DType::F64).unwrap_err(), "alloc", DType::F64);
    assert_unsupported(
        Tensor::randn(&dev, &[3], 1, DType::F32).unwrap_err(),
        "randn",
        DType::F32,
    );
    // f32 still computes, with the device's float `exp` (OpenCL allows 3 ulp).
    let y = x.exp().unwrap().to_vec::<f32>().unwrap();
    for (g, v) in y.iter().zip([0.5f64, 1.0, 2.0]) {
        let want = v.exp();
        assert!(
            ((*g as f64) - want).abs() <= 3.0 * want * f32::EPSILON as f64,
            "{g} vs {want}"
        );
    }
    let s = x.sum(None, false).unwrap().to_vec::<f32>().unwrap();
    assert_eq!(s, vec![3.5]);
}

#[test]
fn quick_suite_passes_with_fp64_off() {
    let Some(dev) = device_fp64_off() else {
        return;
    };
    let run = check_backend(
        &dev,
        &Options {
            quick: true,
            progress: false,
            filter: std::env::var("OCL_FILTER").ok(),
            ..Options::default()
        },
    );
    let count = |v: Verdict| run.results.iter().filter(|r| r.verdict == v).count();
    let (pass, uns) = (count(Verdict::Pass), count(Verdict::Unsupported));
    println!("opencl?fp64=off: {pass} pass, {uns} unsupported");
    // f64 results are unsupported; f32 transcendentals are graded, not skipped.
    for r in &run.results {
        if r.dtype == DType::F64 || r.out_dtype == Some(DType::F64) {
            assert_eq!(
                r.verdict,
                Verdict::Unsupported,
                "{} ran with fp64=off",
                r.id
            );
        }
    }
    let fails: Vec<String> = run
        .failures()
        .iter()
        .map(|r| {
            format!(
                "{}: {} {:.3} > {} {} worst {:?}",
                r.id, r.metric, r.max_err, r.limit, r.note, r.worst
            )
        })
        .collect();
    assert!(
        fails.is_empty(),
        "{} failing cases with fp64=off:\n{}",
        fails.len(),
        fails.join("\n")
    );
    if std::env::var("OCL_FILTER").is_err() {
        for op in ["exp", "sin", "tanh", "pow", "sum", "softmax", "matmul"] {
            assert!(
                run.results
                    .iter()
                    .any(|r| r.op == op && r.dtype == DType::F32 && r.verdict == Verdict::Pass),
                "no passing f32 {op} case"
            );
        }
    }
}

#[test]
fn pitfall_scenarios_run_without_f64() {
    let Some(dev) = device_fp64_off() else {
        return;
    };
    // `conformance run` computes these for every backend; f64 rows must not abort it.
    let sc = conformance::pitfalls::scenarios(&dev, 10_000, 7).expect("scenarios without f64");
    let rows: Vec<&str> = sc
        .iter()
        .flat_map(|s| s.rows.iter().map(|r| r.method.as_str()))
        .collect();
    assert!(rows.iter().any(|m| m.ends_with("float32")), "{rows:?}");
    assert!(!rows.iter().any(|m| m.ends_with("float64")), "{rows:?}");
    assert!(rows.iter().any(|m| m.ends_with("std(ddof=1)")), "{rows:?}");
}
