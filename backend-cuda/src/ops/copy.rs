//! Strided to contiguous copy, by element size (`copy_b<size>`): bytes are moved, never
//! converted, so every dtype (and NaN payloads) is copied exactly.

use super::binary::raw;

/// Kernel (and module) name.
pub fn kernel(size: usize) -> String {
    format!("copy_b{size}")
}

/// Source of module `copy_b<size>`, parameters `(const T* x, Lay xl, T* out, i64 n)`.
pub fn source(size: usize) -> String {
    let mut s = super::prelude();
    s.push_str(
        &r#"
extern "C" __global__ void copy_b@N@(const @T@* x, Lay xl, @T@* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = x[at(&xl, i)];
}
"#
        .replace("@N@", &size.to_string())
        .replace("@T@", raw(size)),
    );
    s
}
