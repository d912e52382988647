// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }

__kernel void unary_neg_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, as_long((ulong)0 - (ulong)v));
}

__kernel void unary_abs_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v < 0 ? as_long((ulong)0 - (ulong)v) : v);
}

__kernel void unary_sign_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v > 0 ? (long)1 : (v < 0 ? (long)-1 : (long)0));
}

__kernel void unary_relu_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v > 0 ? v : (long)0);
}

__kernel void unary_floor_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

__kernel void unary_ceil_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

__kernel void unary_round_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

__kernel void unary_trunc_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, v);
}

__kernel void unary_square_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_i64(out, i, as_long((ulong)v * (ulong)v));
}

__kernel void unary_isnan_i64(__global const long* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isinf_i64(__global const long* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isfinite_i64(__global const long* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (uchar)1);
}

__kernel void unary_logical_not_i64(__global const long* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    long v = LD_i64(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
