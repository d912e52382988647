//! Ops that create data (program `create_<dt>`): `arange_<dt>`, `linspace_<dt>` and the
//! Philox4x32-10 `rand_<dt>` / `randn_<dt>`. `full` is `clEnqueueFillBuffer` with the value
//! converted on the host. Every element is a function of its index only.
//!
//! The Philox stream is exactly [`tensor_core::philox`]: counter `[i, i >> 32, 0, 0]`, key
//! `[seed, seed >> 32]`, ten rounds; uniform values are exact bit patterns (identical to
//! the CPU's); normal values use `log`, `cos`, `sqrt` in `double` (so they need
//! `cl_khr_fp64`) and may differ from the CPU's correctly rounded ones in the last `f64`
//! bit before rounding to the dtype.

use super::sfx;
use tensor_core::DType;

/// Program name.
pub fn program(dt: DType) -> String {
    format!("create_{}", sfx(dt))
}

const PHILOX: &str = r#"
inline uint4 philox(uint4 c, uint2 k) {
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k.x += 0x9E3779B9u; k.y += 0xBB67AE85u; }
        uint hi0 = mul_hi(0xD2511F53u, c.x), lo0 = 0xD2511F53u * c.x;
        uint hi1 = mul_hi(0xCD9E8D57u, c.z), lo1 = 0xCD9E8D57u * c.z;
        c = (uint4)(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    }
    return c;
}
inline uint4 block(uint s0, uint s1, ulong i) {
    return philox((uint4)((uint)i, (uint)(i >> 32), 0u, 0u), (uint2)(s0, s1));
}
"#;

/// Source of program `create_<dt>`.
pub fn source(dt: DType, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    s.push_str(PHILOX);
    let d = sfx(dt);
    let st = super::st(dt);
    // arange: i64 wrapping for integers and bool, f64 for floats.
    if !dt.is_float() {
        s.push_str(
            &r#"
__kernel void arange_@D@(__global @S@* out, long start, long step) {
    long i = get_global_id(0);
    long v = as_long((ulong)start + (ulong)i * (ulong)step);
    ST_@D@(out, i, cvt_i64_@D@(v));
}
"#
            .replace("@D@", d)
            .replace("@S@", st),
        );
    }
    if fp64 {
        if dt.is_float() {
            s.push_str(
                &r#"
__kernel void arange_@D@(__global @S@* out, double start, double step) {
    long i = get_global_id(0);
    ST_@D@(out, i, cvt_f64_@D@(start + (double)i * step));
}
"#
                .replace("@D@", d)
                .replace("@S@", st),
            );
        }
        s.push_str(
            &r#"
__kernel void linspace_@D@(__global @S@* out, double start, double stop, double step,
                         long n, long div, uint endpoint, uint integral) {
    long i = get_global_id(0);
    double y;
    if (n == 1 || div == 0) y = start;
    else if (endpoint && i == n - 1) y = stop;
    else y = start + (double)i * step;
    if (integral) y = floor(y);
    ST_@D@(out, i, cvt_f64_@D@(y));
}
"#
            .replace("@D@", d)
            .replace("@S@", st),
        );
    }
    if dt.is_float() {
        let uniform = match dt {
            DType::F16 => "(float)(w.x >> 21) * (1.0f / 2048.0f)",
            DType::BF16 => "(float)(w.x >> 24) * (1.0f / 256.0f)",
            DType::F32 => "(float)(w.x >> 8) * (1.0f / 16777216.0f)",
            _ => "(double)(((ulong)w.x << 21) | (ulong)(w.y >> 11)) * (1.0 / 9007199254740992.0)",
        };
        s.push_str(
            &r#"
__kernel void rand_@D@(__global @S@* out, uint s0, uint s1) {
    ulong i = get_global_id(0);
    uint4 w = block(s0, s1, i);
    ST_@D@(out, i, @U@);
}
"#
            .replace("@D@", d)
            .replace("@S@", st)
            .replace("@U@", uniform),
        );
        if fp64 {
            s.push_str(
                &r#"
__kernel void randn_@D@(__global @S@* out, uint s0, uint s1) {
    ulong i = get_global_id(0);
    uint4 w = block(s0, s1, i);
    double u1 = (double)(((ulong)w.x << 21) | (ulong)(w.y >> 11)) * (1.0 / 9007199254740992.0);
    double u2 = (double)(((ulong)w.z << 21) | (ulong)(w.w >> 11)) * (1.0 / 9007199254740992.0);
    double v = sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * M_PI * u2);
    ST_@D@(out, i, cvt_f64_@D@(v));
}
"#
                .replace("@D@", d)
                .replace("@S@", st),
            );
        }
    }
    s
}
