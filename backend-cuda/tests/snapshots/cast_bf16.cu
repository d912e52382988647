// @prelude

extern "C" __global__ void cast_bf16_bool(const u16* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bool(out, i, cvt_bf16_bool(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_u8(const u16* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_u8(out, i, cvt_bf16_u8(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_i32(const u16* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i32(out, i, cvt_bf16_i32(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_i64(const u16* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i64(out, i, cvt_bf16_i64(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_f16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f16(out, i, cvt_bf16_f16(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bf16(out, i, cvt_bf16_bf16(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_f32(const u16* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f32(out, i, cvt_bf16_f32(LD_bf16(x, at(&xl, i))));
}

extern "C" __global__ void cast_bf16_f64(const u16* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f64(out, i, cvt_bf16_f64(LD_bf16(x, at(&xl, i))));
}
