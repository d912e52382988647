// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
inline double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }
inline double exp_d(double x) { return x > 709.0 ? exp(x - 1.0) * M_E : exp(x); }

__kernel void unary_neg_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, -v);
}

__kernel void unary_abs_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, fabs(v));
}

__kernel void unary_sign_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, v > 0 ? (float)1 : (v < 0 ? (float)-1 : v));
}

__kernel void unary_sqrt_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, sqrt(v));
}

__kernel void unary_rsqrt_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(rsqrt((double)v)));
}

__kernel void unary_exp_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(exp((double)v)));
}

__kernel void unary_exp2_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(exp2((double)v)));
}

__kernel void unary_expm1_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(expm1((double)v)));
}

__kernel void unary_log_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(log((double)v)));
}

__kernel void unary_log2_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(log2((double)v)));
}

__kernel void unary_log10_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(log10((double)v)));
}

__kernel void unary_log1p_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(log1p((double)v)));
}

__kernel void unary_sin_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(sin((double)v)));
}

__kernel void unary_cos_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(cos((double)v)));
}

__kernel void unary_tan_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(tan((double)v)));
}

__kernel void unary_asin_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(asin((double)v)));
}

__kernel void unary_acos_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(acos((double)v)));
}

__kernel void unary_atan_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(atan((double)v)));
}

__kernel void unary_sinh_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(sinh((double)v)));
}

__kernel void unary_cosh_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(cosh((double)v)));
}

__kernel void unary_tanh_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(tanh((double)v)));
}

__kernel void unary_asinh_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(asinh((double)v)));
}

__kernel void unary_acosh_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(acosh((double)v)));
}

__kernel void unary_atanh_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(atanh((double)v)));
}

__kernel void unary_erf_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(erf((double)v)));
}

__kernel void unary_sigmoid_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, d2f_odd(sigmoid_d((double)v)));
}

__kernel void unary_relu_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, (v > 0 || isnan(v)) ? v : (float)0);
}

__kernel void unary_floor_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, floor(v));
}

__kernel void unary_ceil_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, ceil(v));
}

__kernel void unary_round_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, rint(v));
}

__kernel void unary_trunc_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, trunc(v));
}

__kernel void unary_reciprocal_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, (float)1 / v);
}

__kernel void unary_square_f16(__global const half* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_f16(out, i, v * v);
}

__kernel void unary_isnan_f16(__global const half* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_bool(out, i, (uchar)isnan(v));
}

__kernel void unary_isinf_f16(__global const half* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_bool(out, i, (uchar)isinf(v));
}

__kernel void unary_isfinite_f16(__global const half* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_bool(out, i, (uchar)isfinite(v));
}

__kernel void unary_logical_not_f16(__global const half* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    float v = LD_f16(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
