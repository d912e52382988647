// @prelude

inline long imod_i64(long a, long b) {
    if (b == 0) return 0;
    if (1 && b == (long)-1) return 0;
    return a % b;
}
inline long ifloordiv_i64(long a, long b) {
    if (b == 0) return 0;
    if (1 && b == (long)-1) return as_long((ulong)0 - (ulong)a);
    long q = a / b;
    long r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
    return q;
}
inline long ipow_i64(long a, long b) {
    ulong r = 1, x = (ulong)a;
    ulong e = (ulong)b;
    while (e != 0) {
        if (e & 1) r = (ulong)(r * x);
        x = (ulong)(x * x);
        e >>= 1;
    }
    return as_long(r);
}

__kernel void pow_negcheck_i64(__global const long* y, Lay yl, __global int* flag) {
    long i = get_global_id(0);
    if (LD_i64(y, at(&yl, i)) < 0) atomic_or(flag, 1);
}

__kernel void binary_add_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, as_long((ulong)a + (ulong)b));
}

__kernel void binary_sub_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, as_long((ulong)a - (ulong)b));
}

__kernel void binary_mul_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, as_long((ulong)a * (ulong)b));
}

__kernel void binary_pow_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, ipow_i64(a, b));
}

__kernel void binary_maximum_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, a > b ? a : b);
}

__kernel void binary_minimum_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, a < b ? a : b);
}

__kernel void binary_fmod_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, imod_i64(a, b));
}

__kernel void binary_floor_divide_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global long* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, ifloordiv_i64(a, b));
}

__kernel void binary_eq_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a == b));
}

__kernel void binary_ne_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != b));
}

__kernel void binary_lt_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a < b));
}

__kernel void binary_le_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a <= b));
}

__kernel void binary_gt_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a > b));
}

__kernel void binary_ge_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a >= b));
}

__kernel void binary_logical_and_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 && b != 0));
}

__kernel void binary_logical_or_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)(a != 0 || b != 0));
}

__kernel void binary_logical_xor_i64(__global const long* x, Lay xl, __global const long* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    long a = LD_i64(x, at(&xl, i));
    long b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (uchar)((a != 0) != (b != 0)));
}
