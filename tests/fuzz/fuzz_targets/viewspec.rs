//! The view-spec parser of `conformance apply` (`conformance::viewspec::parse`), and the views
//! it builds, on arbitrary text.
//!
//! Checked on every input:
//! - parsing never panics; a parsed spec's path is the longest prefix ending in `.npy`;
//! - printing the steps in canonical form and parsing again gives the same spec;
//! - `viewspec::apply` on a real CPU tensor (`arange` over a small shape taken from the
//!   first three input bytes; the spec is the rest) either fails exactly where NumPy raises, or gives NumPy's shape and elements,
//!   computed from first principles by the model in `conformance/tests/support`.
#![no_main]

use conformance::viewspec;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tensor_core::{DType, Device, Tensor};

#[path = "../../../conformance/tests/support/numpy_model.rs"]
mod numpy_model;
use numpy_model::{Model, render};

fn cpu() -> &'static Device {
    static DEV: OnceLock<Device> = OnceLock::new();
    DEV.get_or_init(|| Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap())
}

fuzz_target!(|data: &[u8]| {
    // The first three bytes pick the tensor's shape: rank 0 to 4, dimensions 0 to 5.
    let [r, a, b, text @ ..] = data else {
        return;
    };
    let bits = u16::from_le_bytes([*a, *b]) as usize;
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let Ok(spec) = viewspec::parse(text) else {
        return;
    };
    assert!(spec.path.ends_with(".npy"));
    assert_eq!(text.rfind(".npy").map(|i| i + 4), Some(spec.path.len()));
    let again = viewspec::parse(&format!("{}{}", spec.path, render(&spec.steps))).unwrap();
    assert_eq!(again, spec);

    let shape: Vec<usize> = (0..(*r % 5) as usize)
        .map(|k| ((bits >> (4 * k)) & 15) % 6)
        .collect();
    let m = Model::arange(&shape);
    let t = Tensor::from_slice(cpu(), &m.data, &shape).unwrap();
    let got = viewspec::apply(&t, &spec.steps);
    match numpy_model::apply(&m, &spec.steps) {
        None => assert!(got.is_err(), "NumPy raises for {text} on {shape:?}"),
        Some(want) => {
            let v = got.unwrap_or_else(|e| panic!("{text} on {shape:?}: {e}"));
            assert_eq!(v.dtype(), DType::I64);
            assert_eq!(v.shape(), &want.shape[..], "{text} on {shape:?}");
            assert_eq!(v.to_vec::<i64>().unwrap(), want.data, "{text} on {shape:?}");
        }
    }
});
