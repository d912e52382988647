//! dtype conversion between all pairs (`cast_<from>_<to>` in program `cast_<from>`),
//! following the cast rules of `tensor_core::ops` through the prelude's `cvt_*` functions:
//! round to nearest even once, float to integer saturating with NaN giving 0, integers
//! wrap, anything to bool is `x != 0`.

use crate::DType;
use crate::kernels::{Dialect, head, sfx, tpl};

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
