// @prelude
__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
__device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }

extern "C" __global__ void unary_neg_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, (u8)((u8)0 - (u8)v));
}

extern "C" __global__ void unary_abs_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

extern "C" __global__ void unary_sign_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, (u8)(v != 0));
}

extern "C" __global__ void unary_relu_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

extern "C" __global__ void unary_floor_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

extern "C" __global__ void unary_ceil_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

extern "C" __global__ void unary_round_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

extern "C" __global__ void unary_trunc_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

extern "C" __global__ void unary_square_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, (u8)((u8)v * (u8)v));
}

extern "C" __global__ void unary_isnan_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (u8)0);
}

extern "C" __global__ void unary_isinf_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (u8)0);
}

extern "C" __global__ void unary_isfinite_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (u8)1);
}

extern "C" __global__ void unary_logical_not_u8(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (u8)(v == 0));
}
