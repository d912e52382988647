//! dtype conversion between all pairs (`cast_<from>_<to>` in program `cast_<from>`),
//! following the cast rules of `tensor_core::ops` through the prelude's `cvt_*` functions:
//! round to nearest even once, float to integer saturating with NaN giving 0, integers
//! wrap, anything to bool is `x != 0`.

use crate::kernels::collapse;
use crate::kernels::runtime::{
    Arg, GpuBuffer, Kernel, Runtime, check_dtype, check_out, launch_flat, lay, prep,
};
use crate::kernels::{Dialect, head, sfx, tpl};
use crate::{DType, Dst, Error, Layout, Op, Result, Src};

/// Kernel name.
pub fn kernel(from: DType, to: DType) -> String {
    format!("cast_{}_{}", sfx(from), sfx(to))
}

/// Program name.
pub fn program(from: DType) -> String {
    format!("cast_{}", sfx(from))
}

/// Source of program `cast_<from>`: one kernel per target dtype the device has,
/// parameters `(const SF* x, Lay xl, ST* out)` (and the bound).
pub fn source(d: &dyn Dialect, from: DType) -> String {
    let mut s = super::super::prelude(d);
    for to in DType::ALL {
        if !d.fp64() && to == DType::F64 {
            continue;
        }
        let mut k = String::from("\n");
        k.push_str(&head(
            d,
            &kernel(from, to),
            "@G@const @SF@* x, Lay xl, @G@@ST@* out",
            "i",
            "n",
        ));
        k.push_str("    ST_@T@(out, i, cvt_@F@_@T@(LD_@F@(x, at(&xl, i))));\n}\n");
        let extra = [
            ("@SF@", d.storage(from)),
            ("@ST@", d.storage(to)),
            ("@F@", sfx(from)),
            ("@T@", sfx(to)),
        ];
        s.push_str(&tpl(d, &k, from, &extra));
    }
    s
}

/// `out = x` converted to `out`'s dtype by the cast rules.
pub fn cast<R: Runtime>(rt: &R, x: Src<'_, R::Buffer>, out: Dst<'_, R::Buffer>) -> Result<()> {
    let to = out.dtype;
    check_dtype(rt, Op::Cast, to)?;
    check_out(Op::Cast, &out, to)?;
    let p = prep(rt, Op::Cast, x, x.dtype)?;
    let (xb, xl) = p.get();
    if xl.shape() != out.shape {
        return Err(Error::shapes("cast", xl.shape(), out.shape));
    }
    cast_into(rt, xb, xl, out.buf)
}

/// The elements of `x` (through `xl`) converted into the contiguous buffer `out` of the
/// target dtype.
pub fn cast_into<R: Runtime>(
    rt: &R,
    x: &R::Buffer,
    xl: &Layout,
    out: &mut R::Buffer,
) -> Result<()> {
    let (from, to) = (x.dtype(), out.dtype());
    let (sh, [s]) = collapse(xl.shape(), [xl.strides()]);
    let l = lay(rt, &sh, &s, xl.offset(), "cast")?;
    let d = rt.dialect();
    let k = Kernel {
        program: &program(from),
        source: &|| source(d, from),
        name: &kernel(from, to),
    };
    let args = vec![Arg::Buf(x), Arg::Lay(&l), Arg::Buf(&*out)];
    launch_flat(rt, k, args, xl.numel())
}
