//! Strided to contiguous copy, by element size (`copy_b<size>`): bytes are moved, never
//! converted, so every dtype (and NaN payloads) is copied exactly. Where the dialect asks
//! for it ([`Dialect::fill_kernels`]), the same program holds `fill_b<size>`, which writes
//! one bit pattern (converted on the host) to every element.

use crate::DType;
use crate::kernels::{Dialect, head, tpl};

/// Kernel (and program) name.
pub fn kernel(size: usize) -> String {
    format!("copy_b{size}")
}

/// Name of the fill kernel (in program [`kernel`]`(size)`).
pub fn fill_kernel(size: usize) -> String {
    format!("fill_b{size}")
}

/// Source of program `copy_b<size>`: `copy_b<size>(const T* x, Lay xl, T* out)` and
/// `fill_b<size>(T* out, i64 bits)` (the low `size` bytes of `bits`), with the bound.
pub fn source(d: &dyn Dialect, size: usize) -> String {
    let mut s = super::super::prelude(d);
    let mut k = String::from("\n");
    k.push_str(&head(
        d,
        &kernel(size),
        "@G@const @T@* x, Lay xl, @G@@T@* out",
        "i",
        "n",
    ));
    k.push_str("    out[i] = x[at(&xl, i)];\n}\n");
    if d.fill_kernels() {
        k.push_str(&head(
            d,
            &fill_kernel(size),
            "@G@@T@* out, @L@ bits",
            "i",
            "n",
        ));
        k.push_str("    out[i] = (@T@)(@UL@)bits;\n}\n");
    }
    s.push_str(&tpl(d, &k, DType::U8, &[("@T@", d.unsigned(size))]));
    s
}
