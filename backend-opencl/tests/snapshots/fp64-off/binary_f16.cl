// @prelude

inline float floordiv_float(float a, float b) {
    if (b == 0) return a / b;
    float m = fmod(a, b);
    float div = (a - m) / b;
    if (m != 0 && ((b < 0) != (m < 0))) div -= 1;
    if (div != 0) {
        float fd = floor(div);
        if (div - fd > (float)0.5) fd += 1;
        return fd;
    }
    return copysign((float)0, a / b);
}

__kernel void binary_add_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a + b);
}

__kernel void binary_sub_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a - b);
}

__kernel void binary_mul_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a * b);
}

__kernel void binary_div_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a / b);
}

__kernel void binary_pow_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, pow(a, b));
}

__kernel void binary_atan2_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, atan2(a, b));
}

__kernel void binary_maximum_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, (a >= b || isnan(a)) ? a : b);
}

__kernel void binary_minimum_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, (a <= b || isnan(a)) ? a : b);
}

__kernel void binary_fmod_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, fmod(a, b));
}

__kernel void binary_floor_divide_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global half* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, floordiv_float(a, b));
}

__kernel void binary_eq_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_f16(__global const half* x, Lay xl, __global const half* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
