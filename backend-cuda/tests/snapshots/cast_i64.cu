// @prelude

extern "C" __global__ void cast_i64_bool(const i64* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bool(out, i, cvt_i64_bool(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_u8(const i64* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_u8(out, i, cvt_i64_u8(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_i32(const i64* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i32(out, i, cvt_i64_i32(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_i64(out, i, cvt_i64_i64(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_f16(const i64* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f16(out, i, cvt_i64_f16(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_bf16(const i64* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_bf16(out, i, cvt_i64_bf16(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_f32(const i64* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f32(out, i, cvt_i64_f32(LD_i64(x, at(&xl, i))));
}

extern "C" __global__ void cast_i64_f64(const i64* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    ST_f64(out, i, cvt_i64_f64(LD_i64(x, at(&xl, i))));
}
