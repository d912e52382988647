// @prelude

__kernel void binary_add_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a | b));
}

__kernel void binary_mul_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a & b));
}

__kernel void binary_maximum_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a | b));
}

__kernel void binary_minimum_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a & b));
}

__kernel void binary_eq_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_bool(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_bool(x, at(&xl, i));
    uchar b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
