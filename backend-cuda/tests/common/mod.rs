//! Shared by the CUDA tests: whether a device exists, and the skip rule.

#![allow(dead_code)]

/// Prints a skip note on the real stderr (not captured by the test harness, so it shows
/// in a plain `cargo test` run).
macro_rules! skip_note {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

use backend_cuda::CudaBackend;
use tensor_core::{Backend, Device};

/// Whether `TENSOR_REQUIRE_CUDA=1` (GPU tests must run, not skip).
pub fn cuda_required() -> bool {
    std::env::var("TENSOR_REQUIRE_CUDA").as_deref() == Ok("1")
}

/// `Some(backend)` if a usable CUDA device is present. If none is, prints
/// `SKIPPED <test>: no CUDA device (<reason>)` and returns `None`, unless
/// `TENSOR_REQUIRE_CUDA=1`, in which case it panics.
pub fn backend_or_skip(test: &str) -> Option<CudaBackend> {
    match CudaBackend::create(0) {
        Ok(b) => Some(b),
        Err(e) => {
            if cuda_required() {
                panic!("{test}: TENSOR_REQUIRE_CUDA=1 but the CUDA backend is unavailable: {e}");
            }
            skip_note!("SKIPPED {test}: no CUDA device ({e})");
            None
        }
    }
}

/// The embedded CUDA backend as a `tensor_core::Device`, or `None` (see
/// [`backend_or_skip`]).
pub fn device_or_skip(test: &str) -> Option<Device> {
    backend_or_skip(test)?;
    Some(Device::from_api("cuda", backend_cuda::plugin_api(), 0).expect("device opens"))
}

/// `x` to the power `e` in wrapping `i64` arithmetic, for any `e` (Rust's `wrapping_pow`
/// takes a `u32`): with `e = q 2^32 + r`, `x^e = (x^(2^32))^q x^r` in the ring of integers
/// modulo 2^64, each factor a `wrapping_pow`.
pub fn wrapping_pow_i64(x: i64, e: u64) -> i64 {
    let (q, r) = (e >> 32, e & 0xffff_ffff);
    let x_2_32 = x.wrapping_pow(1 << 31).wrapping_pow(2);
    let q = u32::try_from(q).expect("exponent below 2^64");
    x_2_32
        .wrapping_pow(q)
        .wrapping_mul(x.wrapping_pow(r as u32))
}

/// Bases and exponents of the integer `pow` tests, per dtype: edge values (0, 1, -1, the
/// extremes, values whose powers just overflow) and exponents around the bit widths.
pub const POW_U8: ([u8; 9], [u8; 10]) = (
    [0, 1, 2, 3, 7, 15, 16, 128, 255],
    [0, 1, 2, 3, 5, 7, 8, 9, 100, 255],
);
/// See [`POW_U8`].
pub const POW_I32: ([i32; 11], [i32; 11]) = (
    [0, 1, -1, 2, -2, 3, -3, 10, 46341, i32::MAX, i32::MIN],
    [0, 1, 2, 3, 4, 30, 31, 32, 33, 1000, i32::MAX],
);
/// See [`POW_U8`].
pub const POW_I64: ([i64; 10], [i64; 11]) = (
    [0, 1, -1, 2, -2, 3, -7, 3_037_000_500, i64::MAX, i64::MIN],
    [0, 1, 2, 3, 39, 40, 62, 63, 64, 1 << 40, i64::MAX],
);
