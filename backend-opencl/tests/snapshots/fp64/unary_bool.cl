// @prelude
inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }
inline double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }
inline double exp_d(double x) { return x > 709.0 ? exp(x - 1.0) * M_E : exp(x); }

__kernel void unary_abs_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, v);
}

__kernel void unary_relu_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, v);
}

__kernel void unary_square_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, v);
}

__kernel void unary_isnan_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isinf_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, (uchar)0);
}

__kernel void unary_isfinite_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, (uchar)1);
}

__kernel void unary_logical_not_bool(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    uchar v = LD_bool(x, at(&xl, i));
    ST_bool(out, i, (uchar)(v == 0));
}
