//! The OpenCL C kernels: the shared generators of [`tensor_core::kernels`] (one module per
//! op family, re-exported here) in the [`OpenClC`](crate::dialect::OpenClC) dialect, with and without `cl_khr_fp64`.
//! See `tensor_core::kernels` for the conventions of the generated code.

pub mod copy;

pub use tensor_core::kernels::ops::{binary, cast, creation, matmul, reduce, unary};
pub use tensor_core::kernels::{Lay, MAX_RANK, collapse};
