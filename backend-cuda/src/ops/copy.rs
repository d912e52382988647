//! Strided to contiguous copy, by element size (`copy_b<size>`): bytes are moved, never
//! converted, so every dtype (and NaN payloads) is copied exactly. The same module holds
//! `fill_b<size>`, which writes one bit pattern (converted on the host) to every element.

use super::binary::raw;

/// Kernel (and module) name.
pub fn kernel(size: usize) -> String {
    format!("copy_b{size}")
}

/// Name of the fill kernel (in module [`kernel`]`(size)`).
pub fn fill_kernel(size: usize) -> String {
    format!("fill_b{size}")
}

/// Source of module `copy_b<size>`: `copy_b<size>(const T* x, Lay xl, T* out, i64 n)` and
/// `fill_b<size>(T* out, i64 bits, i64 n)` (the low `size` bytes of `bits`).
pub fn source(size: usize) -> String {
    let mut s = super::prelude();
    s.push_str(
        &r#"
extern "C" __global__ void copy_b@N@(const @T@* x, Lay xl, @T@* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = x[at(&xl, i)];
}
extern "C" __global__ void fill_b@N@(@T@* out, i64 bits, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = (@T@)(u64)bits;
}
"#
        .replace("@N@", &size.to_string())
        .replace("@T@", raw(size)),
    );
    s
}
