//! dtype conversion between all pairs (`cast_<from>_<to>` in program `cast_<from>`),
//! following the cast rules of `tensor_core::ops` through the prelude's `cvt_*` functions:
//! round to nearest even once, float to integer saturating with NaN giving 0, integers
//! wrap, anything to bool is `x != 0`.

use super::sfx;
use tensor_core::DType;

/// Kernel name.
pub fn kernel(from: DType, to: DType) -> String {
    format!("cast_{}_{}", sfx(from), sfx(to))
}

/// Program name.
pub fn program(from: DType) -> String {
    format!("cast_{}", sfx(from))
}

/// Source of program `cast_<from>`: one kernel per target dtype.
pub fn source(from: DType, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    for to in DType::ALL {
        if !fp64 && to == DType::F64 {
            continue;
        }
        s.push_str(
            &r#"
__kernel void @K@(__global const @SF@* x, Lay xl, __global @ST@* out) {
    long i = get_global_id(0);
    ST_@T@(out, i, cvt_@F@_@T@(LD_@F@(x, at(&xl, i))));
}
"#
            .replace("@K@", &kernel(from, to))
            .replace("@SF@", super::st(from))
            .replace("@ST@", super::st(to))
            .replace("@F@", sfx(from))
            .replace("@T@", sfx(to)),
        );
    }
    s
}
