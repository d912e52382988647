// @prelude

__device__ __forceinline__ u8 imod_u8(u8 a, u8 b) {
    if (b == 0) return 0;
    if (0 && b == (u8)-1) return 0;
    return a % b;
}
__device__ __forceinline__ u8 ifloordiv_u8(u8 a, u8 b) {
    if (b == 0) return 0;
    if (0 && b == (u8)-1) return a;
    u8 q = a / b;
    return q;
}
__device__ __forceinline__ u8 ipow_u8(u8 a, u8 b) {
    u8 r = 1, x = (u8)a;
    u64 e = (u64)b;
    while (e != 0) {
        if (e & 1) r = (u8)(r * x);
        x = (u8)(x * x);
        e >>= 1;
    }
    return (u8)(r);
}

extern "C" __global__ void binary_add_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, (u8)((u8)a + (u8)b));
}

extern "C" __global__ void binary_sub_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, (u8)((u8)a - (u8)b));
}

extern "C" __global__ void binary_mul_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, (u8)((u8)a * (u8)b));
}

extern "C" __global__ void binary_pow_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, ipow_u8(a, b));
}

extern "C" __global__ void binary_maximum_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, a > b ? a : b);
}

extern "C" __global__ void binary_minimum_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, a < b ? a : b);
}

extern "C" __global__ void binary_fmod_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, imod_u8(a, b));
}

extern "C" __global__ void binary_floor_divide_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_u8(out, i, ifloordiv_u8(a, b));
}

extern "C" __global__ void binary_eq_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a == b));
}

extern "C" __global__ void binary_ne_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != b));
}

extern "C" __global__ void binary_lt_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a < b));
}

extern "C" __global__ void binary_le_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a <= b));
}

extern "C" __global__ void binary_gt_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a > b));
}

extern "C" __global__ void binary_ge_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a >= b));
}

extern "C" __global__ void binary_logical_and_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 && b != 0));
}

extern "C" __global__ void binary_logical_or_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 || b != 0));
}

extern "C" __global__ void binary_logical_xor_u8(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_u8(x, at(&xl, i));
    u8 b = LD_u8(y, at(&yl, i));
    ST_bool(out, i, (u8)((a != 0) != (b != 0)));
}
