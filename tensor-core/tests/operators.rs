//! Rust operators on tensors with NEP 50 weak scalars, and NumPy basic indexing with `s!`,
//! on the CPU backend.

use tensor_core::{DType, Device, Ellipsis, Error, NewAxis, SliceArg, Tensor, TensorIndex, s};

fn cpu() -> Device {
    backend_cpu::register();
    Device::open("cpu").unwrap()
}

fn f32s(t: &Tensor) -> Vec<f32> {
    t.to_vec::<f32>().unwrap()
}

#[test]
fn tensor_operators_match_the_methods() {
    let d = cpu();
    let a = Tensor::from_slice(&d, &[1.0f32, 2.0, 4.0], &[3]).unwrap();
    let b = Tensor::from_slice(&d, &[0.5f32, -1.0, 3.0], &[3]).unwrap();
    assert_eq!(f32s(&(&a + &b).unwrap()), f32s(&a.add(&b).unwrap()));
    assert_eq!(f32s(&(&a - &b).unwrap()), [0.5, 3.0, 1.0]);
    assert_eq!(f32s(&(&a * &b).unwrap()), [0.5, -2.0, 12.0]);
    assert_eq!(f32s(&(&a / &b).unwrap()), [2.0, -2.0, 4.0 / 3.0]);
    assert_eq!(f32s(&(-&a).unwrap()), [-1.0, -2.0, -4.0]);
    // Owned operands, and the result of one op feeding the next.
    let c = ((a.clone() + b.clone()).unwrap() * &a).unwrap();
    assert_eq!(f32s(&c), [1.5, 2.0, 28.0]);
    assert_eq!(f32s(&(-c).unwrap()), [-1.5, -2.0, -28.0]);
    // Broadcasting and promotion are the methods' (NumPy's).
    let col = Tensor::from_slice(&d, &[10i32, 20], &[2, 1]).unwrap();
    let sum = (&col + &a).unwrap();
    assert_eq!(sum.shape(), [2, 3]);
    assert_eq!(sum.dtype(), DType::F64); // int32 + float32 -> float64
}

#[test]
fn operator_errors_are_values() {
    let d = cpu();
    let a = Tensor::zeros(&d, &[2, 3], DType::F32).unwrap();
    let b = Tensor::zeros(&d, &[4], DType::F32).unwrap();
    assert!(matches!(&a + &b, Err(Error::ShapeMismatch { .. })));
    let t = Tensor::from_slice(&d, &[true], &[1]).unwrap();
    assert!(matches!(-&t, Err(Error::DType { .. })));
}

#[test]
fn scalars_are_weak_as_nep_50() {
    let d = cpu();
    let h = Tensor::from_slice(&d, &[1.0f32, 2.0], &[2])
        .unwrap()
        .cast(DType::F16)
        .unwrap();
    let x = (&h * 2.0).unwrap();
    assert_eq!(x.dtype(), DType::F16); // not promoted to f64 by the f64 literal
    assert_eq!(x.to_f64_vec().unwrap(), [2.0, 4.0]);
    // The scalar is rounded to the tensor's dtype once: 0.1 as f16 is 0.0999755859375.
    let y = (&h * 0.1).unwrap();
    assert_eq!(y.to_f64_vec().unwrap()[0], 0.0999755859375);

    let f = Tensor::from_slice(&d, &[1.0f32, 2.0], &[2]).unwrap();
    assert_eq!((&f + 1).unwrap().dtype(), DType::F32);
    assert_eq!(f32s(&(1.0 - &f).unwrap()), [0.0, -1.0]);
    assert_eq!(f32s(&(&f / 2.0f32).unwrap()), [0.5, 1.0]);
    assert_eq!(f32s(&(f64::from(2.0f32) / &f).unwrap()), [2.0, 1.0]);
    assert_eq!(f32s(&(&f / 2i64).unwrap()), [0.5, 1.0]);

    let i = Tensor::from_slice(&d, &[5i32, -7], &[2]).unwrap();
    let j = (&i * 3).unwrap();
    assert_eq!(j.dtype(), DType::I32);
    assert_eq!(j.to_vec::<i32>().unwrap(), [15, -21]);
    assert_eq!((10 - &i).unwrap().to_vec::<i32>().unwrap(), [5, 17]);
    let k = (&i + 0.5).unwrap(); // int tensor, float scalar: NumPy's default float
    assert_eq!(k.dtype(), DType::F64);
    assert_eq!(k.to_vec::<f64>().unwrap(), [5.5, -6.5]);
    // A value the integer dtype cannot hold is an error (NumPy's OverflowError), both sides.
    let u = Tensor::from_slice(&d, &[250u8], &[1]).unwrap();
    assert_eq!((&u + 5).unwrap().to_vec::<u8>().unwrap(), [255]);
    let e = (&u + 300).unwrap_err();
    assert!(e.to_string().contains("300 is out of bounds for u8"), "{e}");
    assert!((-1 * &u).is_err());
    assert!((&i + 3_000_000_000i64).is_err());
    let big = Tensor::from_slice(&d, &[1i64], &[1]).unwrap();
    assert_eq!(
        (&big + 3_000_000_000i64).unwrap().to_vec::<i64>().unwrap(),
        [3_000_000_001]
    );
    // bool tensor: int scalar gives NumPy's default int, float scalar its default float.
    let t = Tensor::from_slice(&d, &[true, false], &[2]).unwrap();
    assert_eq!((&t + 1).unwrap().dtype(), DType::I64);
    assert_eq!((&t * 1.5).unwrap().to_vec::<f64>().unwrap(), [1.5, 0.0]);
}

fn i64s(t: &Tensor) -> Vec<i64> {
    t.to_vec::<i64>().unwrap()
}

#[test]
// `2..=-1` is empty as a Rust range, and means "2 through the last" as a Python slice.
#[allow(clippy::reversed_empty_ranges)]
fn basic_indexing_as_numpy() {
    let d = cpu();
    // x = np.arange(24).reshape(2, 3, 4)
    let x = Tensor::arange(&d, 0.0, 24.0, 1.0, DType::I64)
        .unwrap()
        .reshape(&[2, 3, 4])
        .unwrap();
    // x[1, -1] -> [20, 21, 22, 23]
    let v = x.i(s![1, -1]).unwrap();
    assert_eq!((v.shape(), i64s(&v)), (&[4][..], vec![20, 21, 22, 23]));
    assert!(v.shares_storage(&x));
    // x[:, 1:3, ::2] -> shape (2, 2, 2)
    let v = x.i(s![.., 1..3, ..; 2]).unwrap();
    assert_eq!(v.shape(), [2, 2, 2]);
    assert_eq!(i64s(&v), [4, 6, 8, 10, 16, 18, 20, 22]);
    // x[0, ::-1, 0] -> [8, 4, 0]; x[0, 0, 1:=2] -> [1, 2]
    assert_eq!(i64s(&x.i(s![0, ..; -1, 0]).unwrap()), [8, 4, 0]);
    assert_eq!(i64s(&x.i(s![0, 0, 1..=2]).unwrap()), [1, 2]);
    assert_eq!(i64s(&x.i(s![0, 0, 2..=-1]).unwrap()), [2, 3]);
    assert_eq!(i64s(&x.i(s![0, 0, ..=-2]).unwrap()), [0, 1, 2]);
    // x[1:3:-1] is empty, as Python's slice; bounds are clamped.
    assert_eq!(x.i(s![0, 1..3; -1]).unwrap().shape(), [0, 4]);
    assert_eq!(x.i(s![0, 0, ..100usize]).unwrap().shape(), [4]);
    // x[..., 0] and x[None, 0, ..., None]
    let v = x.i(s![Ellipsis, 0]).unwrap();
    assert_eq!(
        (v.shape(), i64s(&v)),
        (&[2, 3][..], vec![0, 4, 8, 12, 16, 20])
    );
    let v = x.i(s![NewAxis, 0, Ellipsis, NewAxis]).unwrap();
    assert_eq!(v.shape(), [1, 3, 4, 1]);
    let v = x.i(s![1, NewAxis, 2]).unwrap();
    assert_eq!((v.shape(), i64s(&v)), (&[1, 4][..], vec![20, 21, 22, 23]));
    // Fewer items than axes: the rest are taken whole.
    assert_eq!(x.i(s![1]).unwrap().shape(), [3, 4]);
    assert_eq!(x.i(s![]).unwrap().shape(), [2, 3, 4]);
    // A SliceArg or TensorIndex mixes in.
    let sl = SliceArg::new(Some(-2), None, 1);
    assert_eq!(x.i(s![0, sl, 0]).unwrap().shape(), [2]);
    assert_eq!(
        x.i([
            TensorIndex::Int(1),
            TensorIndex::Int(2),
            TensorIndex::Int(3)
        ])
        .unwrap()
        .item::<i64>()
        .unwrap(),
        23
    );
}

#[test]
fn bad_indices_are_errors() {
    let d = cpu();
    let x = Tensor::zeros(&d, &[2, 3], DType::F32).unwrap();
    let msg = |r: tensor_core::Result<Tensor>| r.unwrap_err().to_string();
    let m = msg(x.i(s![2]));
    assert!(
        m.contains("index 2 is out of bounds for axis 0 with size 2"),
        "{m}"
    );
    let m = msg(x.i(s![0, -4]));
    assert!(
        m.contains("index -4 is out of bounds for axis 1 with size 3"),
        "{m}"
    );
    assert!(msg(x.i(s![0, 0, 0])).contains("too many indices: 3 for a tensor of rank 2"));
    assert!(msg(x.i(s![Ellipsis, 0, Ellipsis])).contains("single ellipsis"));
    assert!(msg(x.i(s![..; 0])).contains("step cannot be zero"));
    assert!(x.i(s![usize::MAX]).is_err());
    // NewAxis does not count against the rank.
    assert_eq!(x.i(s![NewAxis, 0, 0, NewAxis]).unwrap().shape(), [1, 1]);
}
