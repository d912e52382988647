// @prelude

inline double floordiv_double(double a, double b) {
    if (b == 0) return a / b;
    double m = fmod(a, b);
    double div = (a - m) / b;
    if (m != 0 && ((b < 0) != (m < 0))) div -= 1;
    if (div != 0) {
        double fd = floor(div);
        if (div - fd > (double)0.5) fd += 1;
        return fd;
    }
    return copysign((double)0, a / b);
}

__kernel void binary_add_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a + b);
}

__kernel void binary_sub_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a - b);
}

__kernel void binary_mul_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a * b);
}

__kernel void binary_div_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a / b);
}

__kernel void binary_pow_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, pow(a, b));
}

__kernel void binary_atan2_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, atan2(a, b));
}

__kernel void binary_maximum_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, (a >= b || isnan(a)) ? a : b);
}

__kernel void binary_minimum_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, (a <= b || isnan(a)) ? a : b);
}

__kernel void binary_fmod_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, fmod(a, b));
}

__kernel void binary_floor_divide_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global double* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, floordiv_double(a, b));
}

__kernel void binary_eq_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_f64(__global const double* x, Lay xl, __global const double* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
