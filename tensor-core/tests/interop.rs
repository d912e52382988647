//! Host interop through a real device: ndarray conversion and `.npy` files as tensors.

use ndarray::{Array2, Array3, ArrayD, IxDyn, s};
use tensor_core::npy::{
    read_npy, read_npy_bf16_bits, read_npy_bytes, write_npy, write_npy_bf16_bits, write_npy_bytes,
};
use tensor_core::{DType, Device, Tensor, half::bf16};

fn dev() -> Device {
    Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap()
}

#[test]
fn ndarray_roundtrip_any_layout() {
    let d = dev();
    let a = Array3::from_shape_fn((2, 3, 4), |(i, j, k)| (i * 12 + j * 4 + k) as f32);
    let t = Tensor::from_ndarray(&d, &a).unwrap();
    assert_eq!(t.shape(), &[2, 3, 4]);
    assert_eq!(t.to_ndarray::<f32>().unwrap(), a.clone().into_dyn());

    // Transposed (Fortran-like) and negatively strided inputs keep their logical order.
    let at = a.t();
    let t = Tensor::from_ndarray(&d, &at).unwrap();
    assert_eq!(t.shape(), &[4, 3, 2]);
    assert_eq!(t.to_ndarray::<f32>().unwrap(), at.to_owned().into_dyn());
    let sl = a.slice(s![.., ..;-1, 1..;2]);
    let t = Tensor::from_ndarray(&d, &sl).unwrap();
    assert_eq!(t.to_ndarray::<f32>().unwrap(), sl.to_owned().into_dyn());

    // A non-contiguous tensor view converts in logical order too.
    let t = Tensor::from_ndarray(&d, &a).unwrap().t().unwrap();
    assert_eq!(t.to_ndarray::<f32>().unwrap(), a.t().to_owned().into_dyn());

    // 0-d and empty.
    let z = ArrayD::from_elem(IxDyn(&[]), 7i64);
    let t = Tensor::from_ndarray(&d, &z).unwrap();
    assert_eq!(t.shape(), &[] as &[usize]);
    assert_eq!(t.to_ndarray::<i64>().unwrap(), z);
    let e = Array2::<bool>::from_elem((0, 3), true);
    let t = Tensor::from_ndarray(&d, &e).unwrap();
    assert_eq!(t.to_ndarray::<bool>().unwrap(), e.into_dyn());
}

#[test]
fn to_ndarray_names_both_dtypes() {
    let t = Tensor::from_slice(&dev(), &[1.0f32, 2.0], &[2]).unwrap();
    let m = t.to_ndarray::<f64>().unwrap_err().to_string();
    assert!(m.contains("f32") && m.contains("f64"), "{m}");
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("tensor-core-interop-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

#[test]
fn npy_tensor_roundtrip_every_dtype() {
    let d = dev();
    for dtype in DType::ALL {
        for shape in [&[][..], &[0][..], &[5][..], &[2, 3, 4][..]] {
            let n: usize = shape.iter().product();
            let base = Tensor::arange(&d, 0.0, n as f64, 1.0, DType::F64)
                .unwrap()
                .reshape_to(shape)
                .unwrap();
            let t = if dtype == DType::Bool {
                base.gt(&Tensor::full(&d, &[], 3.0, DType::F64).unwrap())
                    .unwrap()
            } else {
                base.cast(dtype).unwrap()
            };
            let back = read_npy_bytes(&d, &write_npy_bytes(&t).unwrap()).unwrap();
            assert_eq!(back.shape(), shape);
            let want = if dtype == DType::BF16 {
                DType::F32
            } else {
                dtype
            };
            assert_eq!(back.dtype(), want);
            assert_eq!(back.to_f64_vec().unwrap(), t.to_f64_vec().unwrap());
        }
    }
}

#[test]
fn npy_files_and_views() {
    let d = dev();
    let t = Tensor::from_slice(&d, &(0..12i32).collect::<Vec<_>>(), &[3, 4]).unwrap();
    // A non-contiguous view is written in logical order.
    let v = t.t().unwrap();
    let p = tmp("view.npy");
    write_npy(&v, &p).unwrap();
    let r = read_npy(&d, &p).unwrap();
    assert_eq!(r.shape(), &[4, 3]);
    assert_eq!(r.to_vec::<i32>().unwrap(), v.to_vec::<i32>().unwrap());

    // bf16 bits roundtrip exactly; plain write widens to f32.
    let b = Tensor::from_slice(&d, &[bf16::from_f32(1.5), bf16::from_f32(-3.0)], &[2]).unwrap();
    let p = tmp("bits.npy");
    write_npy_bf16_bits(&b, &p).unwrap();
    let r = read_npy_bf16_bits(&d, &p).unwrap();
    assert_eq!(r.to_vec::<bf16>().unwrap(), b.to_vec::<bf16>().unwrap());
    let m = read_npy(&d, &p).unwrap_err().to_string();
    assert!(m.contains("<u2"), "{m}");
    assert!(write_npy_bf16_bits(&t, &p).is_err());

    let e = read_npy(&d, tmp("nope.npy")).unwrap_err().to_string();
    assert!(e.contains("nope.npy"), "{e}");
}
