//! Integer `pow` on OpenCL against the CPU backend (the reference semantics) and against
//! Rust's `wrapping_pow`: wrapping overflow, `0**0 = 1`, strided and broadcast operands,
//! and the same `InvalidArgument` error for a negative exponent, checked only over the
//! elements the exponent's view addresses.
//!
//! The CPU backend is loaded as a plugin, so run `cargo build --workspace` before these tests.

mod common;

use tensor_core::{DType, Device, Element, Error, SliceArg, Tensor};

/// The CPU backend, loaded as a plugin (`libbackend_cpu.so` next to the test executable;
/// `cargo build --workspace` puts it there). Linking its rlib here would clash with this
/// crate's own `tensor_plugin_entry` symbol.
fn cpu() -> Device {
    Device::open("cpu").expect("libbackend_cpu.so loads (run `cargo build --workspace` first)")
}

/// Every base of `bases` to every exponent of `exps` (cross product, shape `[nb, ne]`).
fn cross<T: Element + Copy>(dev: &Device, bases: &[T], exps: &[T]) -> (Tensor, Tensor) {
    let (nb, ne) = (bases.len(), exps.len());
    let a: Vec<T> = (0..nb * ne).map(|i| bases[i / ne]).collect();
    let b: Vec<T> = (0..nb * ne).map(|i| exps[i % ne]).collect();
    (
        Tensor::from_slice(dev, &a, &[nb, ne]).unwrap(),
        Tensor::from_slice(dev, &b, &[nb, ne]).unwrap(),
    )
}

fn pow_on<T: Element + Copy>(dev: &Device, bases: &[T], exps: &[T]) -> Vec<T> {
    let (a, b) = cross(dev, bases, exps);
    let r = a.pow(&b).unwrap();
    assert_eq!(r.dtype(), T::DTYPE);
    r.to_vec::<T>().unwrap()
}

#[test]
fn integer_pow_wraps_like_the_cpu_backend() {
    let Some(ocl) = common::device_or_skip() else {
        return;
    };
    let cpu = cpu();

    let b8: Vec<u8> = vec![0, 1, 2, 3, 7, 15, 16, 128, 255];
    let e8: Vec<u8> = vec![0, 1, 2, 3, 5, 7, 8, 9, 100, 255];
    let got = pow_on(&ocl, &b8, &e8);
    assert_eq!(got, pow_on(&cpu, &b8, &e8), "u8 pow differs from cpu");
    for (i, g) in got.iter().enumerate() {
        let (x, e) = (b8[i / e8.len()], e8[i % e8.len()]);
        assert_eq!(*g, x.wrapping_pow(e as u32), "u8 {x}**{e}");
    }

    let b32: Vec<i32> = vec![0, 1, -1, 2, -2, 3, -3, 10, 46341, i32::MAX, i32::MIN];
    let e32: Vec<i32> = vec![0, 1, 2, 3, 4, 30, 31, 32, 33, 1000, i32::MAX];
    let got = pow_on(&ocl, &b32, &e32);
    assert_eq!(got, pow_on(&cpu, &b32, &e32), "i32 pow differs from cpu");
    for (i, g) in got.iter().enumerate() {
        let (x, e) = (b32[i / e32.len()], e32[i % e32.len()]);
        assert_eq!(*g, x.wrapping_pow(e as u32), "i32 {x}**{e}");
    }

    let b64: Vec<i64> = vec![0, 1, -1, 2, -2, 3, -7, 3_037_000_500, i64::MAX, i64::MIN];
    let e64: Vec<i64> = vec![0, 1, 2, 3, 39, 40, 62, 63, 64, 1 << 40, i64::MAX];
    let got = pow_on(&ocl, &b64, &e64);
    assert_eq!(got, pow_on(&cpu, &b64, &e64), "i64 pow differs from cpu");
    for (i, g) in got.iter().enumerate() {
        let (x, e) = (b64[i / e64.len()], e64[i % e64.len()]);
        if let Ok(e32) = u32::try_from(e) {
            assert_eq!(*g, x.wrapping_pow(e32), "i64 {x}**{e}");
        }
    }
    // 0**0 is 1 in every integer dtype.
    assert_eq!(pow_on(&ocl, &[0u8], &[0u8]), vec![1]);
    assert_eq!(pow_on(&ocl, &[0i32], &[0i32]), vec![1]);
    assert_eq!(pow_on(&ocl, &[0i64], &[0i64]), vec![1]);
}

#[test]
fn integer_pow_reads_strided_and_broadcast_operands() {
    let Some(ocl) = common::device_or_skip() else {
        return;
    };
    let cpu = cpu();
    let run = |dev: &Device| -> Vec<i32> {
        let base: Vec<i32> = (-6..6).collect();
        // [3, 4] transposed to [4, 3], to the power of a broadcast row of 3 exponents.
        let a = Tensor::from_slice(dev, &base, &[3, 4])
            .unwrap()
            .t()
            .unwrap();
        let e = Tensor::from_slice(dev, &[0i32, 3, 7], &[1, 3]).unwrap();
        let e = e.broadcast_to(&[4, 3]).unwrap();
        a.pow(&e).unwrap().to_vec::<i32>().unwrap()
    };
    let got = run(&ocl);
    assert_eq!(got, run(&cpu));
    // Spot checks by hand: a[i][j] = base[j*4 + i] = j*4 + i - 6, exponent e[j].
    assert_eq!(got[0], 1); // a[0][0] = -6, ** 0
    assert_eq!(got[4], -1); // a[1][1] = -1, ** 3
    assert_eq!(got[2], 128); // a[0][2] = 2, ** 7
    assert_eq!(got[11], 5i32.pow(7)); // a[3][2] = 5, ** 7
}

fn assert_negative_exponent_error(e: Error, backend: &str) {
    match e {
        Error::InvalidArgument { op, msg } => {
            assert_eq!(op, "pow", "{backend}");
            assert!(msg.contains("negative integer powers"), "{backend}: {msg}");
        }
        e => panic!("{backend}: expected InvalidArgument, got {e}"),
    }
}

#[test]
fn negative_integer_exponent_is_the_cpu_backends_error() {
    let Some(ocl) = common::device_or_skip() else {
        return;
    };
    let cpu = cpu();
    for dev in [&ocl, &cpu] {
        let name = dev.label().to_string();
        let a = Tensor::from_slice(dev, &[2i32, 3, 4], &[3]).unwrap();
        let e = Tensor::from_slice(dev, &[1i32, -1, 2], &[3]).unwrap();
        assert_negative_exponent_error(a.pow(&e).unwrap_err(), &name);

        let a = Tensor::from_slice(dev, &[2i64, 3], &[2]).unwrap();
        let e = Tensor::from_slice(dev, &[i64::MIN, 0], &[2]).unwrap();
        assert_negative_exponent_error(a.pow(&e).unwrap_err(), &name);

        // Only the elements the view addresses count: the -1 before the slice is not read.
        let e = Tensor::from_slice(dev, &[-1i32, 2, 3], &[3]).unwrap();
        let e = e.slice(&[SliceArg::new(Some(1), None, 1)]).unwrap();
        let a = Tensor::from_slice(dev, &[5i32, 2], &[2]).unwrap();
        assert_eq!(
            a.pow(&e).unwrap().to_vec::<i32>().unwrap(),
            vec![25, 8],
            "{name}"
        );

        // u8 has no negative values: 255 is an exponent like any other.
        let a = Tensor::from_slice(dev, &[3u8], &[1]).unwrap();
        let e = Tensor::from_slice(dev, &[255u8], &[1]).unwrap();
        assert_eq!(
            a.pow(&e).unwrap().to_vec::<u8>().unwrap(),
            vec![3u8.wrapping_pow(255)]
        );
    }
}

#[test]
fn integer_pow_is_declared_supported() {
    let Some(ocl) = common::device_or_skip() else {
        return;
    };
    for dt in [DType::U8, DType::I32, DType::I64] {
        assert!(ocl.supports(tensor_core::Op::Binary(tensor_core::BinaryOp::Pow), dt));
    }
    assert!(!ocl.supports(
        tensor_core::Op::Binary(tensor_core::BinaryOp::Pow),
        DType::Bool
    ));
}
