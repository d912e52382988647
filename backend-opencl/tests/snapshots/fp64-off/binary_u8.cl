// @prelude

inline uchar imod_u8(uchar a, uchar b) {
    if (b == 0) return 0;
    if (0 && b == (uchar)-1) return 0;
    return a % b;
}
inline uchar ifloordiv_u8(uchar a, uchar b) {
    if (b == 0) return 0;
    if (0 && b == (uchar)-1) return a;
    uchar q = a / b;
    return q;
}
inline uchar ipow_u8(uchar a, uchar b) {
    uchar r = 1, x = (uchar)a;
    ulong e = (ulong)b;
    while (e != 0) {
        if (e & 1) r = (uchar)(r * x);
        x = (uchar)(x * x);
        e >>= 1;
    }
    return (uchar)(r);
}

__kernel void binary_add_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, (uchar)((uchar)a + (uchar)b));
}

__kernel void binary_sub_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, (uchar)((uchar)a - (uchar)b));
}

__kernel void binary_mul_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, (uchar)((uchar)a * (uchar)b));
}

__kernel void binary_pow_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, ipow_u8(a, b));
}

__kernel void binary_maximum_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, a > b ? a : b);
}

__kernel void binary_minimum_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, a < b ? a : b);
}

__kernel void binary_fmod_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, imod_u8(a, b));
}

__kernel void binary_floor_divide_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, ifloordiv_u8(a, b));
}

__kernel void binary_eq_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_u8(__global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    uchar a = LD_u8(x, at(&xl, i));
    uchar b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
