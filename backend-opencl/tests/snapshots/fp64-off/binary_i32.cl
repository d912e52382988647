// @prelude

inline int imod_i32(int a, int b) {
    if (b == 0) return 0;
    if (1 && b == (int)-1) return 0;
    return a % b;
}
inline int ifloordiv_i32(int a, int b) {
    if (b == 0) return 0;
    if (1 && b == (int)-1) return as_int((uint)0 - (uint)a);
    int q = a / b;
    int r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
    return q;
}
inline int ipow_i32(int a, int b) {
    uint r = 1, x = (uint)a;
    ulong e = (ulong)b;
    while (e != 0) {
        if (e & 1) r = (uint)(r * x);
        x = (uint)(x * x);
        e >>= 1;
    }
    return as_int(r);
}

__kernel void pow_negcheck_i32(__global const int* y, Lay yl, __global int* flag) {
    long i = get_global_id(0);
    if (LD_i32(y, at(&yl, i)) < 0) atomic_or(flag, 1);
}

__kernel void binary_add_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, as_int((uint)a + (uint)b));
}

__kernel void binary_sub_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, as_int((uint)a - (uint)b));
}

__kernel void binary_mul_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, as_int((uint)a * (uint)b));
}

__kernel void binary_pow_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, ipow_i32(a, b));
}

__kernel void binary_maximum_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, a > b ? a : b);
}

__kernel void binary_minimum_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, a < b ? a : b);
}

__kernel void binary_fmod_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, imod_i32(a, b));
}

__kernel void binary_floor_divide_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global int* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, ifloordiv_i32(a, b));
}

__kernel void binary_eq_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_i32(__global const int* x, Lay xl, __global const int* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    int a = LD_i32(x, at(&xl, i));
    int b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
