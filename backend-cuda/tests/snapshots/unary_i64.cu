// @prelude
__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
__device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }

extern "C" __global__ void unary_neg_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, (i64)((u64)0 - (u64)v));
}

extern "C" __global__ void unary_abs_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v < 0 ? (i64)((u64)0 - (u64)v) : v);
}

extern "C" __global__ void unary_sign_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v > 0 ? (i64)1 : (v < 0 ? (i64)-1 : (i64)0));
}

extern "C" __global__ void unary_relu_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v > 0 ? v : (i64)0);
}

extern "C" __global__ void unary_floor_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

extern "C" __global__ void unary_ceil_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

extern "C" __global__ void unary_round_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

extern "C" __global__ void unary_trunc_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

extern "C" __global__ void unary_square_i64(const i64* x, Lay xl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, (i64)((u64)v * (u64)v));
}

extern "C" __global__ void unary_isnan_i64(const i64* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (u8)0);
}

extern "C" __global__ void unary_isinf_i64(const i64* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (u8)0);
}

extern "C" __global__ void unary_isfinite_i64(const i64* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (u8)1);
}

extern "C" __global__ void unary_logical_not_i64(const i64* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (u8)(v == 0));
}
