//! The OpenCL C kernels: the shared generators of [`tensor_core::kernels`] (one module per
//! op family, re-exported here) in the [`OpenClC`] dialect, with and without `cl_khr_fp64`.
//! See `tensor_core::kernels` for the conventions of the generated code.

pub use tensor_core::kernels::ops::{binary, cast, copy, creation, matmul, reduce, unary};
pub use tensor_core::kernels::{Lay, MAX_RANK, collapse};

use crate::dialect::OpenClC;
use tensor_core::{DType, Scalar};

/// The prelude every program starts with.
pub fn prelude(fp64: bool) -> String {
    tensor_core::kernels::prelude(&OpenClC { fp64 })
}

/// Every program the backend can generate for a device with (`fp64`) or without
/// `cl_khr_fp64`, as `(name, source)`: the snapshot test records them all.
pub fn all_programs(fp64: bool) -> Vec<(String, String)> {
    tensor_core::kernels::all_programs(&OpenClC { fp64 })
}

/// `value` as the bytes of one `dt` element, by the cast rules (`.f` for floats, rounded
/// once; `.i` wrapping for integers; `.i != 0` for bool).
pub fn scalar_bytes(value: Scalar, dt: DType) -> Vec<u8> {
    /// `v as f32` rounded to odd, so that a later rounding to 16 bits is correct.
    fn f32_odd(v: f64) -> f32 {
        let f = v as f32;
        if !f.is_finite() || f as f64 == v || f.to_bits() & 1 == 1 {
            return f;
        }
        let up = v.abs() > (f as f64).abs();
        f32::from_bits(if up { f.to_bits() + 1 } else { f.to_bits() - 1 })
    }
    let (f, i) = (value.f, value.i);
    match dt {
        DType::Bool => vec![(i != 0) as u8],
        DType::U8 => vec![i as u8],
        DType::I32 => (i as i32).to_le_bytes().to_vec(),
        DType::I64 => i.to_le_bytes().to_vec(),
        DType::F16 => half::f16::from_f32(f32_odd(f)).to_le_bytes().to_vec(),
        DType::BF16 => half::bf16::from_f32(f32_odd(f)).to_le_bytes().to_vec(),
        DType::F32 => (f as f32).to_le_bytes().to_vec(),
        DType::F64 => f.to_le_bytes().to_vec(),
    }
}
