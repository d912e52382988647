// @prelude

__device__ __forceinline__ i64 imod_i64(i64 a, i64 b) {
    if (b == 0) return 0;
    if (1 && b == (i64)-1) return 0;
    return a % b;
}
__device__ __forceinline__ i64 ifloordiv_i64(i64 a, i64 b) {
    if (b == 0) return 0;
    if (1 && b == (i64)-1) return (i64)((u64)0 - (u64)a);
    i64 q = a / b;
    i64 r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
    return q;
}
__device__ __forceinline__ i64 ipow_i64(i64 a, i64 b) {
    u64 r = 1, x = (u64)a;
    u64 e = (u64)b;
    while (e != 0) {
        if (e & 1) r = (u64)(r * x);
        x = (u64)(x * x);
        e >>= 1;
    }
    return (i64)(r);
}

extern "C" __global__ void pow_negcheck_i64(const i64* y, Lay yl, i32* flag, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    if (LD_i64(y, at(&yl, i)) < 0) atomicOr(flag, 1);
}

extern "C" __global__ void binary_add_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, (i64)((u64)a + (u64)b));
}

extern "C" __global__ void binary_sub_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, (i64)((u64)a - (u64)b));
}

extern "C" __global__ void binary_mul_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, (i64)((u64)a * (u64)b));
}

extern "C" __global__ void binary_pow_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, ipow_i64(a, b));
}

extern "C" __global__ void binary_maximum_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, a > b ? a : b);
}

extern "C" __global__ void binary_minimum_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, a < b ? a : b);
}

extern "C" __global__ void binary_fmod_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, imod_i64(a, b));
}

extern "C" __global__ void binary_floor_divide_i64(const i64* x, Lay xl, const i64* y, Lay yl, i64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_i64(out, i, ifloordiv_i64(a, b));
}

extern "C" __global__ void binary_eq_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a == b));
}

extern "C" __global__ void binary_ne_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != b));
}

extern "C" __global__ void binary_lt_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a < b));
}

extern "C" __global__ void binary_le_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a <= b));
}

extern "C" __global__ void binary_gt_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a > b));
}

extern "C" __global__ void binary_ge_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a >= b));
}

extern "C" __global__ void binary_logical_and_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 && b != 0));
}

extern "C" __global__ void binary_logical_or_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 || b != 0));
}

extern "C" __global__ void binary_logical_xor_i64(const i64* x, Lay xl, const i64* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 a = LD_i64(x, at(&xl, i));
    i64 b = LD_i64(y, at(&yl, i));
    ST_bool(out, i, (u8)((a != 0) != (b != 0)));
}
