// @prelude
__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
__device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }

extern "C" __global__ void unary_neg_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, (i32)((u32)0 - (u32)v));
}

extern "C" __global__ void unary_abs_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v < 0 ? (i32)((u32)0 - (u32)v) : v);
}

extern "C" __global__ void unary_sign_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v > 0 ? (i32)1 : (v < 0 ? (i32)-1 : (i32)0));
}

extern "C" __global__ void unary_relu_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v > 0 ? v : (i32)0);
}

extern "C" __global__ void unary_floor_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

extern "C" __global__ void unary_ceil_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

extern "C" __global__ void unary_round_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

extern "C" __global__ void unary_trunc_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

extern "C" __global__ void unary_square_i32(const i32* x, Lay xl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, (i32)((u32)v * (u32)v));
}

extern "C" __global__ void unary_isnan_i32(const i32* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (u8)0);
}

extern "C" __global__ void unary_isinf_i32(const i32* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (u8)0);
}

extern "C" __global__ void unary_isfinite_i32(const i32* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (u8)1);
}

extern "C" __global__ void unary_logical_not_i32(const i32* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (u8)(v == 0));
}
