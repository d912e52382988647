//! # tensor-core
//!
//! Dtype-aware tensors whose compute backends are plugins loaded at run time.
//!
//! ## Design contract
//! - A [`Tensor`] has a run-time [`DType`], a [`Layout`] (shape, strides in elements,
//!   offset) and shared storage that lives **on its backend**: a host allocation for the CPU
//!   backend, device memory elsewhere. Views (`reshape`, `permute`, `slice`, `broadcast_to`,
//!   ...) never copy; [`Tensor::contiguous`] copies only when needed.
//! - Every tensor is tagged with the [`Device`] that owns it. An op mixing two devices is an
//!   [`Error::BackendMismatch`]; [`Tensor::to`] moves data explicitly, and every host<->device
//!   copy is counted ([`Device::transfer_stats`]).
//! - Backends implement the object-safe [`Backend`] trait: a small set of primitives whose
//!   ops are enum arguments ([`UnaryOp`], [`BinaryOp`], [`ReduceOp`], ...). The host does
//!   promotion, broadcasting and shape checks, and composes ops a backend does not provide
//!   (for example `var` from `mean`, `sub`, `square`, `sum`) where that is numerically sound.
//!   What a backend cannot do is a typed [`Error::Unsupported`], never a wrong answer.
//! - Backends cross a versioned C ABI ([`abi`]), written once by [`export_backend!`]: plugin
//!   authors implement Rust and never write FFI.
//! - `Device::open("auto")` is the [`router`]: a device whose ops the host sends to the CPU
//!   or an accelerator, by a measured cost model, keeping data where it lives; its tensors
//!   hold the chosen device's buffers, so an op still crosses one plugin boundary.
//!
//! ## Writing a backend
//! 1. Make a crate with `crate-type = ["cdylib", "rlib"]` that depends on `tensor-core`.
//! 2. Implement [`Backend`] for your type: `create`, `info`, `supports`, buffer management
//!    (`alloc`, `buffer_len`, `upload`, `download`, `copy`) and whichever ops you support;
//!    the rest default to [`Error::Unsupported`]. The [`backend`] module documents what the
//!    host guarantees about every argument.
//!    A backend whose ops have finished when they return sets
//!    [`Backend::SYNCHRONOUS`]; one that queues work implements [`Backend::synchronize`].
//! 3. Add `tensor_core::export_backend!(YourBackend);`. The macro writes the ABI table,
//!    including the ABI 1.2 protocol in which an op call allocates its own output (with your
//!    `alloc`) and frees it again if the op fails.
//! 4. Build it and select it: `TENSOR_BACKEND=/path/to/libbackend_yours.so`, or put
//!    `libbackend_yours.so` on `TENSOR_PLUGIN_PATH` and use `TENSOR_BACKEND=yours`.
//! 5. Grade it with the `conformance` crate.
//!
//! A complete, compiling example is on [`export_backend!`].
//!
//! A GPU backend programmed in a C-like kernel language can reuse the layer the OpenCL and
//! CUDA backends share instead (feature `kernels`, module `kernels`): implement its
//! `Dialect` and `Runtime` traits and write `tensor_core::gpu_backend_ops!();` in the
//! `impl Backend`.

#![warn(missing_docs)]
#![warn(unsafe_op_in_unsafe_fn)]

pub mod abi;
pub mod backend;
pub mod device;
mod display;
pub mod dtype;
pub mod elf;
pub mod error;
pub mod index;
pub mod interop;
#[cfg(feature = "kernels")]
pub mod kernels;
pub mod layout;
pub mod npy;
pub mod operators;
pub mod ops;
pub mod philox;
pub mod router;
mod tensor;
mod tensor_ops;

pub use backend::{Backend, BackendInfo, BackendOptions, Dst, Scalar, Src};
pub use device::{Device, TransferStats};
pub use dtype::{DType, Element};
pub use error::{Error, ErrorCode, Result};
pub use half;
pub use index::{Ellipsis, NewAxis, TensorIndex};
pub use layout::{Layout, SliceArg};
pub use operators::WeakScalar;
pub use ops::{BinaryOp, Op, RandDist, ReduceOp, SoftmaxOp, UnaryOp};
pub use tensor::Tensor;
