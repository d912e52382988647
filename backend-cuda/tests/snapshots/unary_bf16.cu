// @prelude
__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
__device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }

extern "C" __global__ void unary_neg_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, -v);
}

extern "C" __global__ void unary_abs_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, fabs(v));
}

extern "C" __global__ void unary_sign_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, v > 0 ? (float)1 : (v < 0 ? (float)-1 : v));
}

extern "C" __global__ void unary_sqrt_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, sqrt(v));
}

extern "C" __global__ void unary_rsqrt_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(rsqrt((double)v)));
}

extern "C" __global__ void unary_exp_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(exp((double)v)));
}

extern "C" __global__ void unary_exp2_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(exp2((double)v)));
}

extern "C" __global__ void unary_expm1_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(expm1((double)v)));
}

extern "C" __global__ void unary_log_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log((double)v)));
}

extern "C" __global__ void unary_log2_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log2((double)v)));
}

extern "C" __global__ void unary_log10_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log10((double)v)));
}

extern "C" __global__ void unary_log1p_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log1p((double)v)));
}

extern "C" __global__ void unary_sin_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(sin((double)v)));
}

extern "C" __global__ void unary_cos_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(cos((double)v)));
}

extern "C" __global__ void unary_tan_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(tan((double)v)));
}

extern "C" __global__ void unary_asin_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(asin((double)v)));
}

extern "C" __global__ void unary_acos_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(acos((double)v)));
}

extern "C" __global__ void unary_atan_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(atan((double)v)));
}

extern "C" __global__ void unary_sinh_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(sinh((double)v)));
}

extern "C" __global__ void unary_cosh_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(cosh((double)v)));
}

extern "C" __global__ void unary_tanh_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(tanh((double)v)));
}

extern "C" __global__ void unary_asinh_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(asinh((double)v)));
}

extern "C" __global__ void unary_acosh_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(acosh((double)v)));
}

extern "C" __global__ void unary_atanh_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(atanh((double)v)));
}

extern "C" __global__ void unary_erf_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(erf((double)v)));
}

extern "C" __global__ void unary_sigmoid_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(sigmoid_d((double)v)));
}

extern "C" __global__ void unary_relu_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, (v > 0 || isnan(v)) ? v : (float)0);
}

extern "C" __global__ void unary_floor_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, floor(v));
}

extern "C" __global__ void unary_ceil_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, ceil(v));
}

extern "C" __global__ void unary_round_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, rint(v));
}

extern "C" __global__ void unary_trunc_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, trunc(v));
}

extern "C" __global__ void unary_reciprocal_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, (float)1 / v);
}

extern "C" __global__ void unary_square_bf16(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, v * v);
}

extern "C" __global__ void unary_isnan_bf16(const u16* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (u8)isnan(v));
}

extern "C" __global__ void unary_isinf_bf16(const u16* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (u8)isinf(v));
}

extern "C" __global__ void unary_isfinite_bf16(const u16* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (u8)isfinite(v));
}

extern "C" __global__ void unary_logical_not_bf16(const u16* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (u8)(v == 0));
}
