//! The OpenCL C kernels: the shared generators of [`tensor_core::kernels`] (one module per
//! op family, re-exported here) in the [`OpenClC`] dialect, with and without `cl_khr_fp64`.
//! See `tensor_core::kernels` for the conventions of the generated code.

pub mod copy;

pub use tensor_core::kernels::ops::{binary, cast, creation, matmul, reduce, unary};
pub use tensor_core::kernels::{Lay, MAX_RANK, collapse};

use crate::dialect::OpenClC;

/// The prelude every program starts with.
pub fn prelude(fp64: bool) -> String {
    tensor_core::kernels::prelude(&OpenClC { fp64 })
}

/// Every program the backend can generate for a device with (`fp64`) or without
/// `cl_khr_fp64`, as `(name, source)`: the snapshot test records them all.
pub fn all_programs(fp64: bool) -> Vec<(String, String)> {
    tensor_core::kernels::all_programs(&OpenClC { fp64 })
}
