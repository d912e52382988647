//! Math API of [`Tensor`](crate::Tensor).
