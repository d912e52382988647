//! Matmul, creation ops, capabilities and the host API through the plugin table.

mod common;
use common::*;
use half::{bf16, f16};
use tensor_core::{
    Backend, DType, Device, Error, Layout, Op, RandDist, Scalar, Tensor, UnaryOp, philox,
};

/// Naive f64 matmul of logical values; shapes `[..., m, k] x [..., k, n]`.
fn naive(a: &T, b: &T) -> Vec<f64> {
    let (sa, sb) = (a.shape(), b.shape());
    let r = sa.len();
    let (m, k, n) = (sa[r - 2], sa[r - 1], sb[r - 1]);
    let batch: usize = sa[..r - 2].iter().product();
    let (av, bv) = (a.values_f64(), b.values_f64());
    let mut out = vec![0.0; batch * m * n];
    for bi in 0..batch {
        for i in 0..m {
            for j in 0..n {
                out[(bi * m + i) * n + j] = (0..k)
                    .map(|p| av[(bi * m + i) * k + p] * bv[(bi * k + p) * n + j])
                    .sum();
            }
        }
    }
    out
}

fn check_f32(a: &T, b: &T) {
    let got = matmul::<f32>(a, b).unwrap();
    let want = naive(a, b);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (*g as f64 - w).abs() <= 1e-5 * (1.0 + w.abs()),
            "{g} vs {w}"
        );
    }
}

fn f32s(n: usize, seed: u64) -> Vec<f32> {
    data(n, seed, -1.0, 1.0).iter().map(|&v| v as f32).collect()
}

#[test]
fn matmul_f32_blas_layouts() {
    let a = || tensor(&f32s(6 * 5, 1), &[6, 5]);
    let b = || tensor(&f32s(5 * 7, 2), &[5, 7]);
    check_f32(&a(), &b());
    // Transposed operands (column-major for BLAS).
    let at = tensor(&f32s(30, 1), &[5, 6]).t();
    let bt = tensor(&f32s(35, 2), &[7, 5]).t();
    check_f32(&at, &bt);
    check_f32(&a(), &bt);
    // Non-BLAS strides (step 2, negative) are copied first.
    let s = tensor(&f32s(12 * 5, 3), &[12, 5]).slice(&[tensor_core::SliceArg::new(None, None, -2)]);
    check_f32(&s, &b());
    let cs = tensor(&f32s(5 * 14, 4), &[5, 14]).slice(&[
        tensor_core::SliceArg::FULL,
        tensor_core::SliceArg::new(None, None, 2),
    ]);
    check_f32(&a(), &cs);
    // Batched, with a stride-0 batch dim on b.
    let ab = tensor(&f32s(3 * 4 * 5, 5), &[3, 4, 5]);
    let bb = tensor(&f32s(5 * 2, 6), &[1, 5, 2]).bcast(&[3, 5, 2]);
    check_f32(&ab, &bb);
    // Vectors as 1xk and kx1, and k = 0, m = 0.
    check_f32(&tensor(&f32s(5, 7), &[1, 5]), &tensor(&f32s(5, 8), &[5, 1]));
    let z = matmul::<f32>(&tensor::<f32>(&[], &[3, 0]), &tensor::<f32>(&[], &[0, 4])).unwrap();
    assert_eq!(z, vec![0.0; 12]);
    let z = matmul::<f64>(
        &tensor::<f64>(&[], &[0, 3]),
        &tensor(&[1.0f64; 12], &[3, 4]),
    )
    .unwrap();
    assert!(z.is_empty());
    // f64 too.
    let a64 = tensor(&data(20, 1, -1.0, 1.0), &[4, 5]).t();
    let b64 = tensor(&data(20, 2, -1.0, 1.0), &[4, 5]);
    let got = matmul::<f64>(&a64, &b64).unwrap();
    for (g, w) in got.iter().zip(naive(&a64, &b64)) {
        assert!((g - w).abs() < 1e-14);
    }
}

#[test]
fn matmul_fallback_dtypes() {
    let a: Vec<i32> = (0..6).collect();
    let b: Vec<i32> = (0..6).map(|v| v - 2).collect();
    let got = matmul::<i32>(&tensor(&a, &[2, 3]), &tensor(&b, &[3, 2]).t().t()).unwrap();
    assert_eq!(got, [4, 7, 4, 16]);
    let at = tensor(&a, &[3, 2]).t();
    let got = matmul::<i32>(&at, &tensor(&b, &[3, 2])).unwrap();
    let want = naive(&at, &tensor(&b, &[3, 2]));
    assert_eq!(got.iter().map(|&v| v as f64).collect::<Vec<_>>(), want);
    let w = matmul::<u8>(&tensor(&[200u8, 100], &[1, 2]), &tensor(&[2u8, 1], &[2, 1])).unwrap();
    assert_eq!(w, [(500u32 % 256) as u8]);
    let bo = matmul::<bool>(
        &tensor(&[true, false, false, false], &[2, 2]),
        &tensor(&[false, true, true, false], &[2, 2]),
    )
    .unwrap();
    assert_eq!(bo, [false, true, false, false]);
    let h: Vec<f16> = f32s(12, 3).into_iter().map(f16::from_f32).collect();
    let ht = tensor(&h, &[3, 4]);
    let hb = tensor(&h, &[4, 3]);
    let got = matmul::<f16>(&ht, &hb).unwrap();
    for (g, w) in got.iter().zip(naive(&ht, &hb)) {
        assert_eq!(*g, f16::from_f64(w));
    }
    let bf: Vec<bf16> = f32s(4, 3).into_iter().map(bf16::from_f32).collect();
    let got = matmul::<bf16>(&tensor(&bf, &[2, 2]), &tensor(&bf, &[2, 2])).unwrap();
    assert_eq!(got.len(), 4);
    let z = matmul::<i64>(&tensor::<i64>(&[], &[2, 0]), &tensor::<i64>(&[], &[0, 2])).unwrap();
    assert_eq!(z, [0; 4]);
}

#[test]
fn creation_ops() {
    let f = with_out::<f32>(&[3], |b, o| b.fill(Scalar::float(2.5), o)).unwrap();
    assert_eq!(f, [2.5; 3]);
    let f = with_out::<i32>(&[2], |b, o| b.fill(Scalar::int(-7), o)).unwrap();
    assert_eq!(f, [-7; 2]);
    let a = with_out::<f64>(&[4], |b, o| {
        b.arange(Scalar::float(1.0), Scalar::float(0.1), o)
    })
    .unwrap();
    assert_eq!(a, [1.0, 1.1, 1.0 + 2.0 * 0.1, 1.0 + 3.0 * 0.1]);
    let a = with_out::<u8>(&[3], |b, o| b.arange(Scalar::int(254), Scalar::int(1), o)).unwrap();
    assert_eq!(a, [254, 255, 0]);
    let l = with_out::<f64>(&[5], |b, o| b.linspace(0.0, 1.0, true, o)).unwrap();
    assert_eq!(l, [0.0, 0.25, 0.5, 0.75, 1.0]);
    let l = with_out::<f64>(&[4], |b, o| b.linspace(0.0, 1.0, false, o)).unwrap();
    assert_eq!(l, [0.0, 0.25, 0.5, 0.75]);
    let l = with_out::<f64>(&[1], |b, o| b.linspace(3.0, 1.0, true, o)).unwrap();
    assert_eq!(l, [3.0]);
    let l = with_out::<i32>(&[3], |b, o| b.linspace(-1.0, 0.0, true, o)).unwrap();
    assert_eq!(l, [-1, -1, 0]);
    for dt in DType::FLOATS {
        let n = 1000;
        let got = tensor_core::with_dtype!(dt, |E| {
            with_out::<E>(&[n], |b, o| b.rand(RandDist::Uniform, 9, o))
                .unwrap()
                .iter()
                .map(|v| tensor_core::Element::to_f64(*v))
                .collect::<Vec<f64>>()
        });
        for (i, g) in got.iter().enumerate() {
            assert_eq!(*g, philox::uniform(dt, 9, i as u64), "{dt}");
        }
    }
    let big = with_out::<f32>(&[200_000], |b, o| b.rand(RandDist::Uniform, 1, o)).unwrap();
    assert_eq!(big[150_001] as f64, philox::uniform(DType::F32, 1, 150_001));
    let nrm = with_out::<f64>(&[1000], |b, o| b.rand(RandDist::Normal, 5, o)).unwrap();
    for (i, g) in nrm.iter().enumerate() {
        let w = philox::normal(5, i as u64);
        assert!(
            (g - w).abs() <= 4.0 * f64::EPSILON * w.abs().max(1.0),
            "{g} {w}"
        );
    }
    assert!(matches!(
        with_out::<i32>(&[3], |b, o| b.rand(RandDist::Uniform, 1, o)),
        Err(Error::Unsupported { .. })
    ));
}

#[test]
fn capabilities_and_info() {
    let b = be();
    assert!(matches!(
        backend_cpu::CpuBackend::create(1),
        Err(Error::Unavailable { .. })
    ));
    let info = b.info();
    assert_eq!(info.name, "cpu");
    assert_eq!(info.dtypes.len(), 8);
    assert!(info.blas.as_deref().unwrap().starts_with("OpenBLAS"));
    assert_eq!(info.denormals, "preserved");
    assert!(!b.supports(Op::Rand(RandDist::Normal), DType::I32));
    assert!(!b.supports(Op::Unary(UnaryOp::Neg), DType::Bool));
    assert!(b.supports(Op::Unary(UnaryOp::Exp), DType::I32));
    assert!(b.supports(Op::MatMul, DType::Bool));
    // Everything `supports` claims runs on a tiny input; everything else is Unsupported.
    for op in Op::all() {
        for dt in DType::ALL {
            let x = tensor_core::with_dtype!(dt, |E| tensor(&[E::default(); 4], &[2, 2]));
            let r: tensor_core::Result<()> = match op {
                Op::Unary(u) => {
                    u.dtypes(dt)
                        .map_err(|_| b.unsupported(op, dt))
                        .and_then(|(_, r)| {
                            tensor_core::with_dtype!(r, |E| unary::<E>(u, &x).map(|_| ()))
                        })
                }
                Op::Binary(o) => o
                    .dtypes(dt, dt)
                    .map_err(|_| b.unsupported(op, dt))
                    .and_then(|(_, r)| {
                        tensor_core::with_dtype!(r, |E| binary::<E>(o, &x, &x).map(|_| ()))
                    }),
                Op::Reduce(o) => {
                    let (_, r) = o.dtypes(dt).unwrap();
                    tensor_core::with_dtype!(r, |E| reduce::<E>(o, &x, &[1], 0.0).map(|_| ()))
                }
                Op::Rand(d) => {
                    tensor_core::with_dtype!(dt, |E| with_out::<E>(&[2], |b, o| b.rand(d, 1, o))
                        .map(|_| ()))
                }
                _ => continue,
            };
            match r {
                Ok(()) => assert!(b.supports(op, dt), "{op} {dt} ran but is not supported"),
                Err(Error::Unsupported { .. }) => assert!(!b.supports(op, dt), "{op} {dt}"),
                Err(e) => panic!("{op} {dt}: {e}"),
            }
        }
    }
}

#[test]
fn host_api_through_the_plugin_table() {
    let dev = Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap();
    let t = Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    let c = t.t().unwrap().contiguous().unwrap();
    assert_eq!(c.to_vec::<f32>().unwrap(), [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    let b = t.broadcast_to(&[2, 2, 3]).unwrap().contiguous().unwrap();
    assert_eq!(b.to_vec::<f32>().unwrap().len(), 12);
    assert!(Device::from_api("cpu", backend_cpu::plugin_api(), 3).is_err());
    let _ = Layout::contiguous(&[1]);
}
