// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }

__kernel void unary_neg_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, -v);
}

__kernel void unary_abs_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, fabs(v));
}

__kernel void unary_sign_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, v > 0 ? (float)1 : (v < 0 ? (float)-1 : v));
}

__kernel void unary_sqrt_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sqrt(v));
}

__kernel void unary_rsqrt_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, rsqrt(v));
}

__kernel void unary_exp_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, exp(v));
}

__kernel void unary_exp2_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, exp2(v));
}

__kernel void unary_expm1_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, expm1(v));
}

__kernel void unary_log_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log(v));
}

__kernel void unary_log2_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log2(v));
}

__kernel void unary_log10_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log10(v));
}

__kernel void unary_log1p_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, log1p(v));
}

__kernel void unary_sin_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sin(v));
}

__kernel void unary_cos_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, cos(v));
}

__kernel void unary_tan_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, tan(v));
}

__kernel void unary_asin_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, asin(v));
}

__kernel void unary_acos_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, acos(v));
}

__kernel void unary_atan_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, atan(v));
}

__kernel void unary_sinh_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sinh(v));
}

__kernel void unary_cosh_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, cosh(v));
}

__kernel void unary_tanh_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, tanh(v));
}

__kernel void unary_asinh_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, asinh(v));
}

__kernel void unary_acosh_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, acosh(v));
}

__kernel void unary_atanh_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, atanh(v));
}

__kernel void unary_erf_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, erf(v));
}

__kernel void unary_sigmoid_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, sigmoid_f(v));
}

__kernel void unary_relu_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, (v > 0 || isnan(v)) ? v : (float)0);
}

__kernel void unary_floor_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, floor(v));
}

__kernel void unary_ceil_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, ceil(v));
}

__kernel void unary_round_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, rint(v));
}

__kernel void unary_trunc_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, trunc(v));
}

__kernel void unary_reciprocal_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, (float)1 / v);
}

__kernel void unary_square_f32(__global const float* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_f32(out, i, v * v);
}

__kernel void unary_isnan_f32(__global const float* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (uchar)isnan(v));
}

__kernel void unary_isinf_f32(__global const float* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (uchar)isinf(v));
}

__kernel void unary_isfinite_f32(__global const float* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (uchar)isfinite(v));
}

__kernel void unary_logical_not_f32(__global const float* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f32(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
