// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }

__kernel void unary_neg_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, as_int((uint)0 - (uint)v));
}

__kernel void unary_abs_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v < 0 ? as_int((uint)0 - (uint)v) : v);
}

__kernel void unary_sign_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v > 0 ? (int)1 : (v < 0 ? (int)-1 : (int)0));
}

__kernel void unary_relu_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v > 0 ? v : (int)0);
}

__kernel void unary_floor_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

__kernel void unary_ceil_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

__kernel void unary_round_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

__kernel void unary_trunc_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, v);
}

__kernel void unary_square_i32(__global const int* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_i32(out, i, as_int((uint)v * (uint)v));
}

__kernel void unary_isnan_i32(__global const int* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isinf_i32(__global const int* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isfinite_i32(__global const int* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (uchar)1);
}

__kernel void unary_logical_not_i32(__global const int* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    int v = LD_i32(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
