// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }

__kernel void unary_neg_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, -v);
}

__kernel void unary_abs_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, fabs(v));
}

__kernel void unary_sign_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, v > 0 ? (float)1 : (v < 0 ? (float)-1 : v));
}

__kernel void unary_sqrt_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, sqrt(v));
}

__kernel void unary_rsqrt_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, rsqrt(v));
}

__kernel void unary_exp_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, exp(v));
}

__kernel void unary_exp2_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, exp2(v));
}

__kernel void unary_expm1_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, expm1(v));
}

__kernel void unary_log_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, log(v));
}

__kernel void unary_log2_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, log2(v));
}

__kernel void unary_log10_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, log10(v));
}

__kernel void unary_log1p_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, log1p(v));
}

__kernel void unary_sin_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, sin(v));
}

__kernel void unary_cos_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, cos(v));
}

__kernel void unary_tan_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, tan(v));
}

__kernel void unary_asin_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, asin(v));
}

__kernel void unary_acos_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, acos(v));
}

__kernel void unary_atan_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, atan(v));
}

__kernel void unary_sinh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, sinh(v));
}

__kernel void unary_cosh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, cosh(v));
}

__kernel void unary_tanh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, tanh(v));
}

__kernel void unary_asinh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, asinh(v));
}

__kernel void unary_acosh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, acosh(v));
}

__kernel void unary_atanh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, atanh(v));
}

__kernel void unary_erf_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, erf(v));
}

__kernel void unary_sigmoid_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, sigmoid_f(v));
}

__kernel void unary_relu_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, (v > 0 || isnan(v)) ? v : (float)0);
}

__kernel void unary_floor_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, floor(v));
}

__kernel void unary_ceil_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, ceil(v));
}

__kernel void unary_round_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, rint(v));
}

__kernel void unary_trunc_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, trunc(v));
}

__kernel void unary_reciprocal_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, (float)1 / v);
}

__kernel void unary_square_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, v * v);
}

__kernel void unary_isnan_bf16(__global const ushort* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (uchar)isnan(v));
}

__kernel void unary_isinf_bf16(__global const ushort* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (uchar)isinf(v));
}

__kernel void unary_isfinite_bf16(__global const ushort* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (uchar)isfinite(v));
}

__kernel void unary_logical_not_bf16(__global const ushort* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
