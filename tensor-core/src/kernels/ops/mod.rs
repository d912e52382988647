//! One kernel-source generator per op family. Each module names its programs and kernels
//! (`<family>_<dtype>`, by element size for the dtype-agnostic ones) and writes their
//! source for a [`Dialect`](super::Dialect).

pub mod binary;
pub mod cast;
pub mod copy;
pub mod creation;
pub mod matmul;
pub mod reduce;
pub mod unary;
