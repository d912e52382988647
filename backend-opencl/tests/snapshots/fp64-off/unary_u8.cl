// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }

__kernel void unary_neg_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, (uchar)((uchar)0 - (uchar)v));
}

__kernel void unary_abs_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

__kernel void unary_sign_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, (uchar)(v != 0));
}

__kernel void unary_relu_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

__kernel void unary_floor_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

__kernel void unary_ceil_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

__kernel void unary_round_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

__kernel void unary_trunc_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, v);
}

__kernel void unary_square_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_u8(out, i, (uchar)((uchar)v * (uchar)v));
}

__kernel void unary_isnan_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isinf_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isfinite_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (uchar)1);
}

__kernel void unary_logical_not_u8(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_u8(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
