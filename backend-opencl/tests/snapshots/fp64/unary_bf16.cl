// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
inline double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }
inline double exp_d(double x) { return x > 709.0 ? exp(x - 1.0) * M_E : exp(x); }

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
    ST_bf16(out, i, d2f_odd(rsqrt((double)v)));
}

__kernel void unary_exp_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(exp((double)v)));
}

__kernel void unary_exp2_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(exp2((double)v)));
}

__kernel void unary_expm1_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(expm1((double)v)));
}

__kernel void unary_log_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log((double)v)));
}

__kernel void unary_log2_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log2((double)v)));
}

__kernel void unary_log10_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log10((double)v)));
}

__kernel void unary_log1p_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(log1p((double)v)));
}

__kernel void unary_sin_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(sin((double)v)));
}

__kernel void unary_cos_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(cos((double)v)));
}

__kernel void unary_tan_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(tan((double)v)));
}

__kernel void unary_asin_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(asin((double)v)));
}

__kernel void unary_acos_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(acos((double)v)));
}

__kernel void unary_atan_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(atan((double)v)));
}

__kernel void unary_sinh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(sinh((double)v)));
}

__kernel void unary_cosh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(cosh((double)v)));
}

__kernel void unary_tanh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(tanh((double)v)));
}

__kernel void unary_asinh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(asinh((double)v)));
}

__kernel void unary_acosh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(acosh((double)v)));
}

__kernel void unary_atanh_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(atanh((double)v)));
}

__kernel void unary_erf_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(erf((double)v)));
}

__kernel void unary_sigmoid_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    float v = LD_bf16(x, at(&xl, i));
    ST_bf16(out, i, d2f_odd(sigmoid_d((double)v)));
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
