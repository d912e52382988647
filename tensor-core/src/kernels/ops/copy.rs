//! Strided to contiguous copy, by element size (`copy_b<size>`): bytes are moved, never
//! converted, so every dtype (and NaN payloads) is copied exactly. Where the dialect asks
//! for it ([`Dialect::fill_kernels`]), the same program holds `fill_b<size>`, which writes
//! one bit pattern (converted on the host) to every element.

use crate::kernels::runtime::{
    Arg, GpuBuffer, Kernel, Runtime, check_dtype, check_out, elementwise, launch_flat, prep,
};
use crate::kernels::{Dialect, head, tpl};
use crate::{DType, Dst, Op, Result, Scalar, Src};

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

/// `out = x` made contiguous (bytes moved by element size).
pub fn copy<R: Runtime>(rt: &R, x: Src<'_, R::Buffer>, out: Dst<'_, R::Buffer>) -> Result<()> {
    check_out(Op::Copy, &out, x.dtype)?;
    let p = prep(rt, Op::Copy, x, x.dtype)?;
    let size = x.dtype.size_of();
    let d = rt.dialect();
    let k = Kernel {
        program: &kernel(size),
        source: &|| source(d, size),
        name: &kernel(size),
    };
    elementwise(rt, "contiguous", k, [p.get()], out.buf, out.shape)
}

/// Every element of `out` set to `value` converted to its dtype on the host
/// ([`Scalar::to_bytes`]): natively ([`Runtime::fill_native`]) or with `fill_b<size>`.
pub fn fill<R: Runtime>(rt: &R, value: Scalar, out: Dst<'_, R::Buffer>) -> Result<()> {
    let dt = out.dtype;
    check_dtype(rt, Op::Fill, dt)?;
    check_out(Op::Fill, &out, dt)?;
    let n = out.buf.len();
    if n == 0 {
        return Ok(());
    }
    let pat = value.to_bytes(dt);
    if rt.fill_native(out.buf, &pat)? {
        return Ok(());
    }
    let mut word = [0u8; 8];
    word[..pat.len()].copy_from_slice(&pat);
    let size = dt.size_of();
    let d = rt.dialect();
    let k = Kernel {
        program: &kernel(size),
        source: &|| source(d, size),
        name: &fill_kernel(size),
    };
    let args = vec![Arg::Buf(&*out.buf), Arg::I64(i64::from_le_bytes(word))];
    launch_flat(rt, k, args, n)
}
