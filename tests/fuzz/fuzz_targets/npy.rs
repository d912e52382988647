//! The `.npy` decoder on arbitrary bytes: `NpyArray::decode` and `read_npy_bytes` onto the
//! CPU backend, the host code behind `read_npy` and `conformance apply`.
//!
//! Checked on every input:
//! - errors are `Error::Io` labelled `<memory>`, never a panic or an allocation the data
//!   cannot back;
//! - a decoded array has a dtype `read_npy` may yield (never `bf16`), every dimension at most
//!   `isize::MAX` (NumPy's limit), `numel * size_of` bytes of data, and only 0/1 bool bytes;
//! - re-encoding it with the project's writer and decoding again gives the same array;
//! - `read_npy_bytes` succeeds exactly when `decode` does, and the tensor it uploads has the
//!   same dtype, shape and bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tensor_core::npy::{NpyArray, read_npy_bytes};
use tensor_core::{DType, Device, Error};

fn cpu() -> &'static Device {
    static DEV: OnceLock<Device> = OnceLock::new();
    DEV.get_or_init(|| Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let decoded = NpyArray::decode(data);
    let uploaded = read_npy_bytes(cpu(), data);
    match decoded {
        Err(e) => {
            assert!(
                matches!(&e, Error::Io { path, .. } if path == "<memory>"),
                "{e:?}"
            );
            let u = uploaded.expect_err("read_npy_bytes accepted what decode refused");
            assert_eq!(u, e);
        }
        Ok(a) => {
            assert_ne!(a.dtype, DType::BF16);
            assert!(
                a.shape.iter().all(|&d| d <= isize::MAX as usize),
                "{:?}",
                a.shape
            );
            let n = tensor_core::layout::checked_numel(&a.shape).unwrap();
            assert_eq!(n, a.numel());
            assert_eq!(a.data.len(), n * a.dtype.size_of());
            if a.dtype == DType::Bool {
                assert!(a.data.iter().all(|&b| b <= 1));
            }
            let again = NpyArray::decode(&a.encode().unwrap()).unwrap();
            assert_eq!(again, a);
            let t = uploaded.expect("decode succeeded, read_npy_bytes did not");
            assert_eq!((t.dtype(), t.shape()), (a.dtype, &a.shape[..]));
            assert_eq!(t.to_bytes().unwrap(), a.data);
        }
    }
});
