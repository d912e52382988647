// @prelude

extern "C" __global__ void cast_i32_bool(const i32* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bool(out, i, cvt_i32_bool(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_u8(const i32* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_u8(out, i, cvt_i32_u8(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i32(out, i, cvt_i32_i32(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_i64(const i32* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i64(out, i, cvt_i32_i64(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_f16(const i32* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f16(out, i, cvt_i32_f16(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_bf16(const i32* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bf16(out, i, cvt_i32_bf16(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_f32(const i32* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f32(out, i, cvt_i32_f32(LD_i32(x, at(&xl, i))));
}

extern "C" __global__ void cast_i32_f64(const i32* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f64(out, i, cvt_i32_f64(LD_i32(x, at(&xl, i))));
}
