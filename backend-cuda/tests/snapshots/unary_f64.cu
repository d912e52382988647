// @prelude
__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
__device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }

extern "C" __global__ void unary_neg_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, -v);
}

extern "C" __global__ void unary_abs_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, fabs(v));
}

extern "C" __global__ void unary_sign_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, v > 0 ? (double)1 : (v < 0 ? (double)-1 : v));
}

extern "C" __global__ void unary_sqrt_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, sqrt(v));
}

extern "C" __global__ void unary_rsqrt_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, rsqrt(v));
}

extern "C" __global__ void unary_exp_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, exp(v));
}

extern "C" __global__ void unary_exp2_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, exp2(v));
}

extern "C" __global__ void unary_expm1_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, expm1(v));
}

extern "C" __global__ void unary_log_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, log(v));
}

extern "C" __global__ void unary_log2_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, log2(v));
}

extern "C" __global__ void unary_log10_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, log10(v));
}

extern "C" __global__ void unary_log1p_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, log1p(v));
}

extern "C" __global__ void unary_sin_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, sin(v));
}

extern "C" __global__ void unary_cos_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, cos(v));
}

extern "C" __global__ void unary_tan_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, tan(v));
}

extern "C" __global__ void unary_asin_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, asin(v));
}

extern "C" __global__ void unary_acos_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, acos(v));
}

extern "C" __global__ void unary_atan_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, atan(v));
}

extern "C" __global__ void unary_sinh_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, sinh(v));
}

extern "C" __global__ void unary_cosh_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, cosh(v));
}

extern "C" __global__ void unary_tanh_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, tanh(v));
}

extern "C" __global__ void unary_asinh_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, asinh(v));
}

extern "C" __global__ void unary_acosh_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, acosh(v));
}

extern "C" __global__ void unary_atanh_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, atanh(v));
}

extern "C" __global__ void unary_erf_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, erf(v));
}

extern "C" __global__ void unary_sigmoid_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, sigmoid_d(v));
}

extern "C" __global__ void unary_relu_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, (v > 0 || isnan(v)) ? v : (double)0);
}

extern "C" __global__ void unary_floor_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, floor(v));
}

extern "C" __global__ void unary_ceil_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, ceil(v));
}

extern "C" __global__ void unary_round_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, rint(v));
}

extern "C" __global__ void unary_trunc_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, trunc(v));
}

extern "C" __global__ void unary_reciprocal_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, (double)1 / v);
}

extern "C" __global__ void unary_square_f64(const double* x, Lay xl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_f64(out, i, v * v);
}

extern "C" __global__ void unary_isnan_f64(const double* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_bool(out, i, (u8)isnan(v));
}

extern "C" __global__ void unary_isinf_f64(const double* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_bool(out, i, (u8)isinf(v));
}

extern "C" __global__ void unary_isfinite_f64(const double* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_bool(out, i, (u8)isfinite(v));
}

extern "C" __global__ void unary_logical_not_f64(const double* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double v = LD_f64(x, at(&xl, i));
    ST_bool(out, i, (u8)(v == 0));
}
