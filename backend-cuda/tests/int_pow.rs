//! Integer `pow` on a CUDA device against Rust's `wrapping_pow` (the CPU backend's
//! semantics): wrapping overflow, `0**0 = 1`, strided and broadcast operands, and the CPU
//! backend's exact `InvalidArgument` for a negative exponent, checked only over the elements
//! the exponent's view addresses, with the output left untouched. Skips with a visible
//! message without a device, unless `TENSOR_REQUIRE_CUDA=1`.

mod common;

use tensor_core::{
    Backend, BinaryOp, DType, Device, Dst, Element, Error, Layout, Op, SliceArg, Src, Tensor,
};

/// Every base of `bases` to every exponent of `exps` (cross product, shape `[nb, ne]`).
fn pow_on<T: Element + Copy>(dev: &Device, bases: &[T], exps: &[T]) -> Vec<T> {
    let (nb, ne) = (bases.len(), exps.len());
    let a: Vec<T> = (0..nb * ne).map(|i| bases[i / ne]).collect();
    let b: Vec<T> = (0..nb * ne).map(|i| exps[i % ne]).collect();
    let a = Tensor::from_slice(dev, &a, &[nb, ne]).unwrap();
    let b = Tensor::from_slice(dev, &b, &[nb, ne]).unwrap();
    let r = a.pow(&b).unwrap();
    assert_eq!(r.dtype(), T::DTYPE);
    r.to_vec::<T>().unwrap()
}

const NEG_MSG: &str = "Integers to negative integer powers are not allowed.";

fn assert_negative_exponent_error(e: Error, what: &str) {
    match e {
        Error::InvalidArgument { op, msg } => {
            assert_eq!(op, "pow", "{what}");
            assert_eq!(msg, NEG_MSG, "{what}");
        }
        e => panic!("{what}: expected InvalidArgument, got {e}"),
    }
}

#[test]
fn integer_pow_is_wrapping_pow() {
    let Some(dev) = common::device_or_skip("integer_pow_is_wrapping_pow") else {
        return;
    };
    let (b8, e8) = common::POW_U8;
    let got = pow_on(&dev, &b8, &e8);
    for (i, g) in got.iter().enumerate() {
        let (x, e) = (b8[i / e8.len()], e8[i % e8.len()]);
        assert_eq!(*g, x.wrapping_pow(e as u32), "u8 {x}**{e}");
    }
    let (b32, e32) = common::POW_I32;
    let got = pow_on(&dev, &b32, &e32);
    for (i, g) in got.iter().enumerate() {
        let (x, e) = (b32[i / e32.len()], e32[i % e32.len()]);
        assert_eq!(*g, x.wrapping_pow(e as u32), "i32 {x}**{e}");
    }
    let (b64, e64) = common::POW_I64;
    let got = pow_on(&dev, &b64, &e64);
    for (i, g) in got.iter().enumerate() {
        let (x, e) = (b64[i / e64.len()], e64[i % e64.len()]);
        assert_eq!(*g, common::wrapping_pow_i64(x, e as u64), "i64 {x}**{e}");
    }
    // 0**0 is 1 in every integer dtype.
    assert_eq!(pow_on(&dev, &[0u8], &[0u8]), vec![1]);
    assert_eq!(pow_on(&dev, &[0i32], &[0i32]), vec![1]);
    assert_eq!(pow_on(&dev, &[0i64], &[0i64]), vec![1]);
}

#[test]
fn integer_pow_reads_strided_broadcast_and_mixed_operands() {
    let Some(dev) = common::device_or_skip("integer_pow_reads_strided_broadcast_and_mixed") else {
        return;
    };
    let base: Vec<i32> = (-6..6).collect();
    // [3, 4] transposed to [4, 3], to the power of a broadcast row of 3 exponents.
    let a = Tensor::from_slice(&dev, &base, &[3, 4])
        .unwrap()
        .t()
        .unwrap();
    let exps = [0i32, 3, 7];
    let e = Tensor::from_slice(&dev, &exps, &[1, 3]).unwrap();
    let e = e.broadcast_to(&[4, 3]).unwrap();
    let got = a.pow(&e).unwrap().to_vec::<i32>().unwrap();
    for i in 0..4 {
        for j in 0..3 {
            let x = base[j * 4 + i];
            assert_eq!(got[i * 3 + j], x.wrapping_pow(exps[j] as u32), "[{i}][{j}]");
        }
    }
    // An i64 base with i32 exponents: the exponents are cast to i64 first.
    let a = Tensor::from_slice(&dev, &[3i64, -2, 1 << 40], &[3]).unwrap();
    let e = Tensor::from_slice(&dev, &[41i32, 63, 2], &[3]).unwrap();
    let r = a.pow(&e).unwrap();
    assert_eq!(r.dtype(), DType::I64);
    assert_eq!(
        r.to_vec::<i64>().unwrap(),
        vec![3i64.wrapping_pow(41), (-2i64).wrapping_pow(63), 0]
    );
}

#[test]
fn negative_integer_exponent_is_the_cpu_backends_error() {
    let Some(dev) = common::device_or_skip("negative_integer_exponent_is_the_cpu_backends_error")
    else {
        return;
    };
    let a = Tensor::from_slice(&dev, &[2i32, 3, 4], &[3]).unwrap();
    let e = Tensor::from_slice(&dev, &[1i32, -1, 2], &[3]).unwrap();
    assert_negative_exponent_error(a.pow(&e).unwrap_err(), "i32");

    let a = Tensor::from_slice(&dev, &[2i64, 3], &[2]).unwrap();
    let e = Tensor::from_slice(&dev, &[0i64, i64::MIN], &[2]).unwrap();
    assert_negative_exponent_error(a.pow(&e).unwrap_err(), "i64");

    // A negative i32 exponent of an i64 base is caught after the cast.
    let e = Tensor::from_slice(&dev, &[5i32, -3], &[2]).unwrap();
    assert_negative_exponent_error(a.pow(&e).unwrap_err(), "i64 ** i32");

    // One negative exponent among many, broadcast over a large output.
    let a = Tensor::from_slice(&dev, &vec![2i32; 300_000], &[1000, 300]).unwrap();
    let mut ev = vec![1i32; 300];
    ev[299] = -7;
    let e = Tensor::from_slice(&dev, &ev, &[300]).unwrap();
    let e = e.broadcast_to(&[1000, 300]).unwrap();
    assert_negative_exponent_error(a.pow(&e).unwrap_err(), "broadcast");

    // Only the elements the view addresses count: the -1 before the slice is not read.
    let e = Tensor::from_slice(&dev, &[-1i32, 2, 3], &[3]).unwrap();
    let e = e.slice(&[SliceArg::new(Some(1), None, 1)]).unwrap();
    let a = Tensor::from_slice(&dev, &[5i32, 2], &[2]).unwrap();
    assert_eq!(a.pow(&e).unwrap().to_vec::<i32>().unwrap(), vec![25, 8]);

    // u8 has no negative values: 255 is an exponent like any other.
    let a = Tensor::from_slice(&dev, &[3u8], &[1]).unwrap();
    let e = Tensor::from_slice(&dev, &[255u8], &[1]).unwrap();
    assert_eq!(
        a.pow(&e).unwrap().to_vec::<u8>().unwrap(),
        vec![3u8.wrapping_pow(255)]
    );
}

/// On error the output buffer keeps what it held (the check runs before the power).
#[test]
fn the_output_is_untouched_on_error() {
    let Some(b) = common::backend_or_skip("the_output_is_untouched_on_error") else {
        return;
    };
    let n = 1000usize;
    let shape = [n];
    let upload = |v: &[i64]| {
        let mut buf = b.alloc(DType::I64, v.len()).unwrap();
        let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        b.upload(&mut buf, &bytes).unwrap();
        buf
    };
    let xa = upload(&vec![3i64; n]);
    let mut ev = vec![2i64; n];
    ev[n - 1] = -1;
    let xe = upload(&ev);
    let marker: Vec<i64> = (0..n as i64).map(|i| 0x5a5a_0000 + i).collect();
    let mut out = upload(&marker);
    let lay = Layout::contiguous(&shape);
    let e = b
        .binary(
            BinaryOp::Pow,
            Src {
                buf: &xa,
                dtype: DType::I64,
                layout: &lay,
            },
            Src {
                buf: &xe,
                dtype: DType::I64,
                layout: &lay,
            },
            Dst {
                buf: &mut out,
                dtype: DType::I64,
                shape: &shape,
            },
        )
        .unwrap_err();
    assert_negative_exponent_error(e, "backend call");
    let mut back = vec![0u8; n * 8];
    b.download(&out, &mut back).unwrap();
    let got: Vec<i64> = back
        .chunks(8)
        .map(|c| i64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert!(got == marker, "the output was written before the error");
}

#[test]
fn integer_pow_is_declared_supported() {
    let Some(dev) = common::device_or_skip("integer_pow_is_declared_supported") else {
        return;
    };
    for dt in [DType::U8, DType::I32, DType::I64] {
        assert!(dev.supports(Op::Binary(BinaryOp::Pow), dt), "pow {dt}");
    }
    assert!(!dev.supports(Op::Binary(BinaryOp::Pow), DType::Bool));
}
