//! Ops that create data (module `create_<dt>`): `arange_<dt>`, `linspace_<dt>` and the
//! Philox4x32-10 `rand_<dt>` / `randn_<dt>`. `full` is a fill of the value converted on the
//! host. Every element is a function of its index only, never of the launch geometry.
//!
//! The Philox stream is exactly [`tensor_core::philox`]: counter `[i, i >> 32, 0, 0]`, key
//! `[seed, seed >> 32]`, ten rounds; uniform values are exact bit patterns (identical to
//! the CPU's); normal values use `log`, `cos`, `sqrt` in `double` (CUDA's `f64` `log` and
//! `cos` are within 1 ULP, not correctly rounded) and may differ from the CPU's correctly
//! rounded ones in the last `f64` bit before rounding to the dtype.

use super::sfx;
use tensor_core::DType;

/// Module name.
pub fn program(dt: DType) -> String {
    format!("create_{}", sfx(dt))
}

/// The Philox4x32-10 block in CUDA C (also used by the host-side test that checks the
/// generated constants against [`tensor_core::philox`]).
pub const PHILOX: &str = r#"
struct W4 { u32 x, y, z, w; };
__device__ __forceinline__ W4 philox_block(u32 s0, u32 s1, u64 i) {
    u32 c0 = (u32)i, c1 = (u32)(i >> 32), c2 = 0u, c3 = 0u;
    u32 k0 = s0, k1 = s1;
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
        u32 hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        u32 hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        u32 n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }
    W4 w = { c0, c1, c2, c3 };
    return w;
}
"#;

/// Source of module `create_<dt>`. Parameters: `arange_<dt>(S* out, i64|double start,
/// i64|double step, i64 n)`, `linspace_<dt>(S* out, double start, double stop, double step,
/// i64 n, i64 div, u32 endpoint, u32 integral)`, `rand_<dt>`/`randn_<dt>(S* out, u32 s0,
/// u32 s1, i64 n)`.
pub fn source(dt: DType) -> String {
    let mut s = super::prelude();
    s.push_str(PHILOX);
    let d = sfx(dt);
    let st = super::st(dt);
    let sub = |t: &str| t.replace("@D@", d).replace("@S@", st);
    if dt.is_float() {
        s.push_str(&sub(r#"
extern "C" __global__ void arange_@D@(@S@* out, double start, double step, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_@D@(out, i, cvt_f64_@D@(start + (double)i * step));
}
"#));
    } else {
        s.push_str(&sub(r#"
extern "C" __global__ void arange_@D@(@S@* out, i64 start, i64 step, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = (i64)((u64)start + (u64)i * (u64)step);
    ST_@D@(out, i, cvt_i64_@D@(v));
}
"#));
    }
    s.push_str(&sub(r#"
extern "C" __global__ void linspace_@D@(@S@* out, double start, double stop, double step,
                                       i64 n, i64 div, u32 endpoint, u32 integral) {
    i64 i = GID();
    if (i >= n) return;
    double y;
    if (n == 1 || div == 0) y = start;
    else if (endpoint && i == n - 1) y = stop;
    else y = start + (double)i * step;
    if (integral) y = floor(y);
    ST_@D@(out, i, cvt_f64_@D@(y));
}
"#));
    if dt.is_float() {
        let uniform = match dt {
            DType::F16 => "(float)(w.x >> 21) * (1.0f / 2048.0f)",
            DType::BF16 => "(float)(w.x >> 24) * (1.0f / 256.0f)",
            DType::F32 => "(float)(w.x >> 8) * (1.0f / 16777216.0f)",
            _ => "(double)(((u64)w.x << 21) | (u64)(w.y >> 11)) * (1.0 / 9007199254740992.0)",
        };
        s.push_str(
            &sub(r#"
extern "C" __global__ void rand_@D@(@S@* out, u32 s0, u32 s1, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    W4 w = philox_block(s0, s1, (u64)i);
    ST_@D@(out, i, @U@);
}
extern "C" __global__ void randn_@D@(@S@* out, u32 s0, u32 s1, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    W4 w = philox_block(s0, s1, (u64)i);
    double u1 = (double)(((u64)w.x << 21) | (u64)(w.y >> 11)) * (1.0 / 9007199254740992.0);
    double u2 = (double)(((u64)w.z << 21) | (u64)(w.w >> 11)) * (1.0 / 9007199254740992.0);
    double v = sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * K_PI * u2);
    ST_@D@(out, i, cvt_f64_@D@(v));
}
"#)
            .replace("@U@", uniform),
        );
    }
    s
}
