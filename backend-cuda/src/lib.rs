//! # backend-cuda
#![warn(missing_docs)]
#![warn(unsafe_op_in_unsafe_fn)]
pub mod ops;
pub mod program;
