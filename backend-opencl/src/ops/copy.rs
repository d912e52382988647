//! Strided to contiguous copy, by element size (`copy_b<size>`): bytes are moved, never
//! converted, so every dtype (and NaN payloads) is copied exactly.

use super::binary::raw;

/// Kernel (and program) name.
pub fn kernel(size: usize) -> String {
    format!("copy_b{size}")
}

/// Source of program `copy_b<size>`.
pub fn source(size: usize, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    s.push_str(
        &r#"
__kernel void copy_b@N@(__global const @T@* x, Lay xl, __global @T@* out) {
    long i = get_global_id(0);
    out[i] = x[at(&xl, i)];
}
"#
        .replace("@N@", &size.to_string())
        .replace("@T@", raw(size)),
    );
    s
}
