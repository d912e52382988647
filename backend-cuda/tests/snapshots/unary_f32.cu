// @prelude
__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
__device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }

extern "C" __global__ void unary_neg_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, -v);
}

extern "C" __global__ void unary_abs_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, fabs(v));
}

extern "C" __global__ void unary_sign_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, v > 0 ? (float)1 : (v < 0 ? (float)-1 : v));
}

extern "C" __global__ void unary_sqrt_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sqrt(v));
}

extern "C" __global__ void unary_rsqrt_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, rsqrt(v));
}

extern "C" __global__ void unary_exp_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, exp(v));
}

extern "C" __global__ void unary_exp2_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, exp2(v));
}

extern "C" __global__ void unary_expm1_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, expm1(v));
}

extern "C" __global__ void unary_log_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log(v));
}

extern "C" __global__ void unary_log2_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log2(v));
}

extern "C" __global__ void unary_log10_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log10(v));
}

extern "C" __global__ void unary_log1p_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log1p(v));
}

extern "C" __global__ void unary_sin_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sin(v));
}

extern "C" __global__ void unary_cos_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, cos(v));
}

extern "C" __global__ void unary_tan_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, tan(v));
}

extern "C" __global__ void unary_asin_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, asin(v));
}

extern "C" __global__ void unary_acos_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, acos(v));
}

extern "C" __global__ void unary_atan_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, atan(v));
}

extern "C" __global__ void unary_sinh_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sinh(v));
}

extern "C" __global__ void unary_cosh_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, cosh(v));
}

extern "C" __global__ void unary_tanh_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, tanh(v));
}

extern "C" __global__ void unary_asinh_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, asinh(v));
}

extern "C" __global__ void unary_acosh_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, acosh(v));
}

extern "C" __global__ void unary_atanh_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, atanh(v));
}

extern "C" __global__ void unary_erf_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, erf(v));
}

extern "C" __global__ void unary_sigmoid_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sigmoid_f(v));
}

extern "C" __global__ void unary_relu_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, (v > 0 || isnan(v)) ? v : (float)0);
}

extern "C" __global__ void unary_floor_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, floor(v));
}

extern "C" __global__ void unary_ceil_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, ceil(v));
}

extern "C" __global__ void unary_round_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, rint(v));
}

extern "C" __global__ void unary_trunc_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, trunc(v));
}

extern "C" __global__ void unary_reciprocal_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, (float)1 / v);
}

extern "C" __global__ void unary_square_f32(const float* x, Lay xl, float* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, v * v);
}

extern "C" __global__ void unary_isnan_f32(const float* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (u8)isnan(v));
}

extern "C" __global__ void unary_isinf_f32(const float* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (u8)isinf(v));
}

extern "C" __global__ void unary_isfinite_f32(const float* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (u8)isfinite(v));
}

extern "C" __global__ void unary_logical_not_f32(const float* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (u8)(v == 0));
}
