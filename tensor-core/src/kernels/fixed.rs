//! What dialects that name types by fixed-width typedefs share: CUDA C (NVRTC from the PyPI
//! wheel ships no headers), and HIP or plain C the same way (`tensor-core/tests/c_dialect.rs`).
//! Such a dialect puts [`TYPEDEFS`] in its prelude, [`sat_helpers`] among its helpers, and
//! answers [`Dialect::storage`], [`Dialect::unsigned`] and [`Dialect::float_to_int`] with
//! [`storage`], [`unsigned`] and [`float_to_int`].

use super::{Dialect, tpl};
use crate::DType;

/// The typedefs `u8 u16 u32 u64 i32 i64`, in the prelude before anything uses them.
pub const TYPEDEFS: &str = "typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;
";

/// Storage type of one `dt` element (`f16`/`bf16` as their `u16` bits).
pub fn storage(dt: DType) -> &'static str {
    match dt {
        DType::Bool | DType::U8 => "u8",
        DType::I32 => "i32",
        DType::I64 => "i64",
        DType::F16 | DType::BF16 => "u16",
        DType::F32 => "float",
        DType::F64 => "double",
    }
}

/// Unsigned integer type of `bytes` bytes (1, 2, 4 or 8).
pub fn unsigned(bytes: usize) -> &'static str {
    match bytes {
        1 => "u8",
        2 => "u16",
        4 => "u32",
        _ => "u64",
    }
}

/// `sat_u8`, `sat_i32`, `sat_i64`: a `double` to the integer type, saturating, NaN to 0,
/// toward zero (the cast rules' float to integer).
const SAT: &str = r#"@FN@ u8 sat_u8(double v) {
    if (isnan(v) || v <= 0.0) return 0;
    if (v >= 255.0) return 255;
    return (u8)v;
}
@FN@ i32 sat_i32(double v) {
    if (isnan(v)) return 0;
    if (v <= -2147483648.0) return (i32)0x80000000u;
    if (v >= 2147483647.0) return 2147483647;
    return (i32)v;
}
@FN@ i64 sat_i64(double v) {
    if (isnan(v)) return 0;
    if (v <= -9223372036854775808.0) return (i64)0x8000000000000000ULL;
    if (v >= 9223372036854775808.0) return 0x7fffffffffffffffLL;
    return (i64)v;
}
"#;

/// The saturating conversions [`float_to_int`] calls, with the dialect's helper qualifier.
pub fn sat_helpers(d: &dyn Dialect) -> String {
    tpl(d, SAT, DType::U8, &[])
}

/// `v` converted to integer `to` by [`sat_helpers`].
pub fn float_to_int(to: DType, v: &str) -> String {
    format!("sat_{}((double)({v}))", to.name())
}
