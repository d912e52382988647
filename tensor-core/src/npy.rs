//! `.npy` files.
