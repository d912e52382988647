// @prelude

extern "C" __global__ void cast_u8_bool(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bool(out, i, cvt_u8_bool(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_u8(out, i, cvt_u8_u8(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_i32(const u8* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i32(out, i, cvt_u8_i32(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_i64(const u8* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i64(out, i, cvt_u8_i64(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_f16(const u8* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f16(out, i, cvt_u8_f16(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_bf16(const u8* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bf16(out, i, cvt_u8_bf16(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_f32(const u8* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f32(out, i, cvt_u8_f32(LD_u8(x, at(&xl, i))));
}

extern "C" __global__ void cast_u8_f64(const u8* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f64(out, i, cvt_u8_f64(LD_u8(x, at(&xl, i))));
}
