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

__kernel void binary_add_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, a + b);
}

__kernel void binary_sub_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, a - b);
}

__kernel void binary_mul_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, a * b);
}

__kernel void binary_div_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, a / b);
}

__kernel void binary_pow_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, d2f_odd(pow((double)a, (double)b)));
}

__kernel void binary_atan2_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, d2f_odd(atan2((double)a, (double)b)));
}

__kernel void binary_maximum_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, (a >= b || isnan(a)) ? a : b);
}

__kernel void binary_minimum_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, (a <= b || isnan(a)) ? a : b);
}

__kernel void binary_fmod_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, fmod(a, b));
}

__kernel void binary_floor_divide_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bf16(out, i, floordiv_float(a, b));
}

__kernel void binary_eq_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_bf16(__global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    float a = LD_bf16(x, at(&xl, i));
    float b = LD_bf16(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
