//! The host-side API on the CPU backend: promotion, broadcasting, views that do or do not
//! copy, keepdims, NumPy matmul shapes, errors for bad input, devices that must not mix,
//! explicit transfers and their counters.

use tensor_core::{DType, Device, Error, ReduceOp, SliceArg, Tensor};

fn cpu() -> Device {
    Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap()
}

#[test]
fn promotion_follows_numpy_2() {
    let d = cpu();
    let a = Tensor::from_slice(&d, &[1i32, 2, 3], &[3]).unwrap();
    let b = Tensor::from_slice(&d, &[0.5f32, 0.25, 2.0], &[3]).unwrap();
    let c = a.add(&b).unwrap();
    assert_eq!(c.dtype(), DType::F64); // int32 + float32 -> float64, as NumPy
    assert_eq!(c.to_vec::<f64>().unwrap(), vec![1.5, 2.25, 5.0]);
    let u = Tensor::from_slice(&d, &[200u8, 100], &[2]).unwrap();
    assert_eq!(u.add(&u).unwrap().to_vec::<u8>().unwrap(), vec![144, 200]); // wraps
    assert_eq!(a.div(&a).unwrap().dtype(), DType::F64); // true division of ints
    assert_eq!(u.exp().unwrap().dtype(), DType::F16); // uint8 -> float16, as NumPy
    assert_eq!(a.lt(&b).unwrap().dtype(), DType::Bool);
    assert_eq!(a.sum(None, false).unwrap().dtype(), DType::I64);
    let t = Tensor::from_slice(&d, &[true, false], &[2]).unwrap();
    assert!(matches!(t.neg(), Err(Error::DType { .. })));
}

#[test]
fn broadcasting_and_shape_errors() {
    let d = cpu();
    let a = Tensor::arange(&d, 0.0, 6.0, 1.0, DType::F32)
        .unwrap()
        .reshape(&[2, 3, 1])
        .unwrap();
    let b = Tensor::arange(&d, 0.0, 4.0, 1.0, DType::F32).unwrap();
    let c = a.mul(&b).unwrap();
    assert_eq!(c.shape(), &[2, 3, 4]);
    assert_eq!(c.to_vec::<f32>().unwrap()[4..8], [0.0, 1.0, 2.0, 3.0]);
    let bad = Tensor::zeros(&d, &[2, 4, 1], DType::F32).unwrap();
    match a.add(&bad) {
        Err(Error::ShapeMismatch { lhs, rhs, .. }) => {
            assert_eq!(lhs, vec![2, 3, 1]);
            assert_eq!(rhs, vec![2, 4, 1]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn views_do_not_copy_and_reshape_copies_only_when_needed() {
    let d = cpu();
    let x = Tensor::arange(&d, 0.0, 12.0, 1.0, DType::F64)
        .unwrap()
        .reshape(&[3, 4])
        .unwrap();
    let t = x.t().unwrap();
    assert!(t.shares_storage(&x));
    let s = x
        .slice(&[SliceArg::FULL, SliceArg::new(Some(1), None, 2)])
        .unwrap();
    assert!(s.shares_storage(&x));
    assert_eq!(
        s.to_vec::<f64>().unwrap(),
        vec![1.0, 3.0, 5.0, 7.0, 9.0, 11.0]
    );
    // A transposed view cannot be flattened without a copy; a contiguous one can.
    let flat_t = t.reshape(&[-1]).unwrap();
    assert!(!flat_t.shares_storage(&x));
    assert_eq!(
        flat_t.to_vec::<f64>().unwrap(),
        vec![0.0, 4.0, 8.0, 1.0, 5.0, 9.0, 2.0, 6.0, 10.0, 3.0, 7.0, 11.0]
    );
    assert!(x.reshape(&[2, -1]).unwrap().shares_storage(&x));
    assert!(x.contiguous().unwrap().shares_storage(&x));
    let b = Tensor::from_slice(&d, &[1.0f64, 2.0], &[2, 1])
        .unwrap()
        .broadcast_to(&[2, 3])
        .unwrap();
    assert_eq!(b.layout().strides(), &[1, 0]);
    assert_eq!(
        b.sum(Some(&[1]), false).unwrap().to_vec::<f64>().unwrap(),
        vec![3.0, 6.0]
    );
}

#[test]
fn reductions_keepdims_nan_and_empty() {
    let d = cpu();
    let x = Tensor::from_slice(&d, &[1.0f32, f32::NAN, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    let m = x.max(Some(&[-1]), true).unwrap();
    assert_eq!(m.shape(), &[2, 1]);
    let v = m.to_vec::<f32>().unwrap();
    assert!(v[0].is_nan() && v[1] == 6.0);
    assert_eq!(
        x.argmax(Some(&[1]), false)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        vec![1, 2]
    );
    let e = Tensor::zeros(&d, &[0, 3], DType::F32).unwrap();
    assert!(matches!(
        e.max(Some(&[0]), false),
        Err(Error::InvalidArgument { .. })
    ));
    assert_eq!(
        e.sum(Some(&[0]), false).unwrap().to_vec::<f32>().unwrap(),
        vec![0.0; 3]
    );
    assert!(x.sum(Some(&[0, -2]), false).is_err()); // repeated axis
    // ddof: NumPy's default 0 vs PyTorch's 1.
    let y = Tensor::from_slice(&d, &[1.0f64, 2.0, 3.0, 4.0], &[4]).unwrap();
    assert_eq!(
        y.var(None, 0.0, false).unwrap().to_vec::<f64>().unwrap(),
        vec![1.25]
    );
    let v1 = y
        .reduce(ReduceOp::Var, None, false, 1.0)
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0];
    assert!((v1 - 5.0 / 3.0).abs() < 1e-15);
}

#[test]
fn matmul_follows_numpy_shapes() {
    let d = cpu();
    let a = Tensor::ones(&d, &[2, 1, 3, 4], DType::F32).unwrap();
    let b = Tensor::ones(&d, &[5, 4, 2], DType::F32).unwrap();
    assert_eq!(a.matmul(&b).unwrap().shape(), &[2, 5, 3, 2]);
    let v = Tensor::ones(&d, &[4], DType::F32).unwrap();
    assert_eq!(a.matmul(&v).unwrap().shape(), &[2, 1, 3]);
    assert_eq!(v.matmul(&v).unwrap().shape(), &[] as &[usize]);
    assert_eq!(v.matmul(&v).unwrap().to_vec::<f32>().unwrap(), vec![4.0]);
    assert!(matches!(a.matmul(&a), Err(Error::ShapeMismatch { .. })));
    let s = Tensor::scalar(&d, 1.0f32).unwrap();
    assert!(s.matmul(&v).is_err());
}

#[test]
fn devices_never_mix_silently_and_transfers_are_counted() {
    let a_dev = cpu();
    let b_dev = cpu(); // a second instance is a different device
    let a = Tensor::from_slice(&a_dev, &[1.0f32; 1000], &[1000]).unwrap();
    let b = Tensor::from_slice(&b_dev, &[2.0f32; 1000], &[1000]).unwrap();
    match a.add(&b) {
        Err(Error::BackendMismatch { lhs, rhs, .. }) => {
            assert_eq!((lhs.as_str(), rhs.as_str()), ("cpu:0", "cpu:0"))
        }
        other => panic!("{other:?}"),
    }
    b_dev.reset_transfer_stats();
    a_dev.reset_transfer_stats();
    let moved = a.to(&b_dev).unwrap();
    assert_eq!(
        moved.add(&b).unwrap().to_vec::<f32>().unwrap(),
        vec![3.0f32; 1000]
    );
    assert_eq!(a_dev.transfer_stats().download_bytes, 4000);
    let sb = b_dev.transfer_stats();
    assert_eq!((sb.uploads, sb.upload_bytes), (1, 4000));
    assert_eq!(sb.download_bytes, 4000); // the to_vec above
}

#[test]
fn creation_ops() {
    let d = cpu();
    assert_eq!(
        Tensor::arange(&d, 0.0, 1.0, 0.25, DType::F32)
            .unwrap()
            .to_vec::<f32>()
            .unwrap(),
        vec![0.0, 0.25, 0.5, 0.75]
    );
    assert_eq!(
        Tensor::linspace(&d, 0.0, 1.0, 5, true, DType::F64)
            .unwrap()
            .to_vec::<f64>()
            .unwrap(),
        vec![0.0, 0.25, 0.5, 0.75, 1.0]
    );
    assert_eq!(
        Tensor::eye(&d, 2, Some(3), DType::I32)
            .unwrap()
            .to_vec::<i32>()
            .unwrap(),
        vec![1, 0, 0, 0, 1, 0]
    );
    assert_eq!(
        Tensor::full(&d, &[2], 7.0, DType::I64)
            .unwrap()
            .to_vec::<i64>()
            .unwrap(),
        vec![7, 7]
    );
    assert!(Tensor::arange(&d, 0.0, 1.0, 0.0, DType::F32).is_err());
    assert!(matches!(
        Tensor::rand(&d, &[3], 1, DType::I32),
        Err(Error::DType { .. })
    ));
    // rand: element i depends only on (seed, i), not on the shape.
    let r1 = Tensor::rand(&d, &[10], 9, DType::F32)
        .unwrap()
        .to_vec::<f32>()
        .unwrap();
    let r2 = Tensor::rand(&d, &[2, 50], 9, DType::F32)
        .unwrap()
        .to_vec::<f32>()
        .unwrap();
    assert_eq!(r1[..], r2[..10]);
    for (i, v) in r1.iter().enumerate() {
        assert_eq!(
            *v as f64,
            tensor_core::philox::uniform(DType::F32, 9, i as u64)
        );
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let d = cpu();
    assert!(Tensor::from_slice(&d, &[1.0f32, 2.0], &[3]).is_err());
    assert!(Tensor::from_bytes(&d, &[2u8], DType::Bool, &[1]).is_err());
    let x = Tensor::zeros(&d, &[2, 3], DType::F32).unwrap();
    assert!(x.permute(&[0, 0]).is_err());
    assert!(x.reshape(&[4, -1]).is_err());
    assert!(x.squeeze(Some(&[0])).is_err());
    assert!(x.to_vec::<f64>().is_err());
    assert!(x.sum(Some(&[2]), false).is_err());
    assert!(x.softmax(5).is_err());
    assert!(x.narrow(1, 2, 2).is_err());
    // `numel * size` wraps to 0 for this shape: an empty slice must not pass as its data.
    let m = Tensor::from_bytes(&d, &[], DType::F64, &[1 << 61])
        .unwrap_err()
        .to_string();
    assert!(m.contains("do not hold"), "{m}");
    // A dimension above isize::MAX is refused even when the shape is empty.
    assert!(Tensor::zeros(&d, &[0, usize::MAX], DType::F32).is_err());
}

#[test]
fn item_reads_the_one_element_of_any_shape() {
    let d = cpu();
    let t = Tensor::from_slice(&d, &[1.5f32, -2.0, 4.0], &[3]).unwrap();
    assert_eq!(t.sum(None, false).unwrap().item::<f32>().unwrap(), 3.5);
    // A one-element view of any rank, and a narrowed view of a larger buffer.
    let one = t.reshape(&[3, 1]).unwrap().narrow(0, 2, 1).unwrap();
    assert_eq!(one.shape(), &[1, 1]);
    assert_eq!(one.item::<f32>().unwrap(), 4.0);
    assert_eq!(one.item_f64().unwrap(), 4.0);
    let i = Tensor::scalar(&d, -7i64).unwrap();
    assert_eq!(i.item::<i64>().unwrap(), -7);
    assert_eq!(i.item_f64().unwrap(), -7.0);
    // Several elements, none, or the wrong dtype: errors naming the cause.
    let e = t.item::<f32>().unwrap_err().to_string();
    assert!(e.contains("has 3"), "{e}");
    let empty = Tensor::from_slice(&d, &[] as &[f32], &[0]).unwrap();
    assert!(empty.item_f64().unwrap_err().to_string().contains("has 0"));
    assert!(i.item::<f32>().is_err());
}

#[test]
fn display_lays_out_values_as_numpy_and_downloads_only_what_it_shows() {
    let d = cpu();
    let t = Tensor::from_slice(&d, &[1.0f32, -2.5, 3.0, 4.0], &[2, 2]).unwrap();
    assert_eq!(
        t.to_string(),
        "tensor([[ 1.0, -2.5],\n        [ 3.0,  4.0]], dtype=f32, device=cpu:0)"
    );
    assert_eq!(format!("{t:?}"), "Tensor([2, 2], f32, cpu:0)");
    // One notation for the whole tensor: one value needs an exponent, so all get one.
    let m = Tensor::from_slice(&d, &[0.9999938f32, 6.1855053e-6, -120.0, 0.0], &[4]).unwrap();
    assert_eq!(
        m.to_string(),
        "tensor([ 9.999938e-1, 6.1855053e-6,       -1.2e2,          0e0], dtype=f32, device=cpu:0)"
    );
    let s = Tensor::scalar(&d, 7i64).unwrap();
    assert_eq!(s.to_string(), "tensor(7, dtype=i64, device=cpu:0)");
    let e = Tensor::from_slice(&d, &[] as &[f32], &[3, 0]).unwrap();
    assert_eq!(
        e.to_string(),
        "tensor([], shape=[3, 0], dtype=f32, device=cpu:0)"
    );
    // Summarised: three entries at each end of every axis, four corner blocks downloaded.
    let v: Vec<i32> = (0..40 * 50).collect();
    let big = Tensor::from_slice(&d, &v, &[40, 50]).unwrap();
    d.reset_transfer_stats();
    let text = big.to_string();
    let st = d.transfer_stats();
    assert_eq!(st.downloads, 4, "{text}");
    assert_eq!(st.download_bytes, 4 * 9 * 4, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "{text}");
    assert_eq!(
        lines[0],
        "tensor([[   0,    1,    2, ...,   47,   48,   49],"
    );
    assert_eq!(lines[3].trim(), "...,");
    assert_eq!(
        lines[6],
        "        [1950, 1951, 1952, ..., 1997, 1998, 1999]], shape=[40, 50], dtype=i32, device=cpu:0)"
    );
}

#[test]
fn elementwise_ops_on_dense_permuted_views_keep_their_layout() {
    let d = cpu();
    let x = Tensor::arange(&d, 0.0, 24.0, 1.0, DType::F32)
        .unwrap()
        .reshape(&[2, 3, 4])
        .unwrap();
    let xt = x.permute(&[2, 0, 1]).unwrap(); // dense, not C order
    let xt_c = xt.contiguous().unwrap();
    let want_exp = xt_c.exp().unwrap().to_vec::<f32>().unwrap();
    // One pass in memory order: the result has the input's strides (as NumPy's order K).
    let e = xt.exp().unwrap();
    assert_eq!(e.shape(), xt.shape());
    assert_eq!(e.layout().strides(), xt.layout().strides());
    assert_eq!(e.to_vec::<f32>().unwrap(), want_exp);
    // Binary: both operands in that layout, or one a broadcast scalar.
    let y = Tensor::arange(&d, 100.0, 124.0, 1.0, DType::F32)
        .unwrap()
        .reshape(&[2, 3, 4])
        .unwrap()
        .permute(&[2, 0, 1])
        .unwrap();
    let s = xt.add(&y).unwrap();
    assert_eq!(s.layout().strides(), xt.layout().strides());
    let want: Vec<f32> = xt_c
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .zip(y.contiguous().unwrap().to_vec::<f32>().unwrap())
        .map(|(a, b)| a + b)
        .collect();
    assert_eq!(s.to_vec::<f32>().unwrap(), want);
    let h = xt
        .mul(&Tensor::full(&d, &[], 0.5, DType::F32).unwrap())
        .unwrap();
    assert_eq!(h.layout().strides(), xt.layout().strides());
    let half: Vec<f32> = xt_c
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| v * 0.5)
        .collect();
    assert_eq!(h.to_vec::<f32>().unwrap(), half);
    // Casts too; an offset view (a slice of a larger block that is still dense) as well.
    let c = xt.cast(DType::F64).unwrap();
    assert_eq!(c.layout().strides(), xt.layout().strides());
    let as_f64: Vec<f64> = xt_c
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|&v| v as f64)
        .collect();
    assert_eq!(c.to_vec::<f64>().unwrap(), as_f64);
    let tail = x.narrow(0, 1, 1).unwrap().t().unwrap(); // shape [4, 3, 1], offset 12
    let n = tail.neg().unwrap();
    let want_neg: Vec<f32> = tail
        .contiguous()
        .unwrap()
        .to_vec::<f32>()
        .unwrap()
        .iter()
        .map(|v| -v)
        .collect();
    assert_eq!(n.to_vec::<f32>().unwrap(), want_neg);
    // Mixed layouts, gapped or reversed views: C-contiguous results, as before.
    assert!(xt.add(&xt_c).unwrap().layout().is_contiguous());
    let gapped = x
        .slice(&[SliceArg::FULL, SliceArg::new(None, None, 2)])
        .unwrap();
    assert!(gapped.t().unwrap().exp().unwrap().layout().is_contiguous());
    let reversed = x.slice(&[SliceArg::new(None, None, -1)]).unwrap();
    assert!(reversed.exp().unwrap().layout().is_contiguous());
}
