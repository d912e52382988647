//! dtype conversion between all pairs (`cast_<from>_<to>` in module `cast_<from>`),
//! following the cast rules of `tensor_core::ops` through the prelude's `cvt_*` functions:
//! round to nearest even once, float to integer saturating with NaN giving 0, integers
//! wrap, anything to bool is `x != 0`.

use super::sfx;
use tensor_core::DType;

/// Kernel name.
pub fn kernel(from: DType, to: DType) -> String {
    format!("cast_{}_{}", sfx(from), sfx(to))
}

/// Module name.
pub fn program(from: DType) -> String {
    format!("cast_{}", sfx(from))
}

/// Source of module `cast_<from>`: one kernel per target dtype, parameters
/// `(const SF* x, Lay xl, ST* out, i64 n)`.
pub fn source(from: DType) -> String {
    let mut s = super::prelude();
    for to in DType::ALL {
        s.push_str(
            &r#"
extern "C" __global__ void @K@(const @SF@* x, Lay xl, @ST@* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
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
