// @prelude

__device__ __forceinline__ i32 imod_i32(i32 a, i32 b) {
    if (b == 0) return 0;
    if (1 && b == (i32)-1) return 0;
    return a % b;
}
__device__ __forceinline__ i32 ifloordiv_i32(i32 a, i32 b) {
    if (b == 0) return 0;
    if (1 && b == (i32)-1) return (i32)((u32)0 - (u32)a);
    i32 q = a / b;
    i32 r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
    return q;
}
__device__ __forceinline__ i32 ipow_i32(i32 a, i32 b) {
    u32 r = 1, x = (u32)a;
    u64 e = (u64)b;
    while (e != 0) {
        if (e & 1) r = (u32)(r * x);
        x = (u32)(x * x);
        e >>= 1;
    }
    return (i32)(r);
}

extern "C" __global__ void pow_negcheck_i32(const i32* y, Lay yl, i32* flag, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    if (LD_i32(y, at(&yl, i)) < 0) atomicOr(flag, 1);
}

extern "C" __global__ void binary_add_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, (i32)((u32)a + (u32)b));
}

extern "C" __global__ void binary_sub_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, (i32)((u32)a - (u32)b));
}

extern "C" __global__ void binary_mul_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, (i32)((u32)a * (u32)b));
}

extern "C" __global__ void binary_pow_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, ipow_i32(a, b));
}

extern "C" __global__ void binary_maximum_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, a > b ? a : b);
}

extern "C" __global__ void binary_minimum_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, a < b ? a : b);
}

extern "C" __global__ void binary_fmod_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, imod_i32(a, b));
}

extern "C" __global__ void binary_floor_divide_i32(const i32* x, Lay xl, const i32* y, Lay yl, i32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_i32(out, i, ifloordiv_i32(a, b));
}

extern "C" __global__ void binary_eq_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a == b));
}

extern "C" __global__ void binary_ne_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != b));
}

extern "C" __global__ void binary_lt_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a < b));
}

extern "C" __global__ void binary_le_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a <= b));
}

extern "C" __global__ void binary_gt_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a > b));
}

extern "C" __global__ void binary_ge_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a >= b));
}

extern "C" __global__ void binary_logical_and_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 && b != 0));
}

extern "C" __global__ void binary_logical_or_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 || b != 0));
}

extern "C" __global__ void binary_logical_xor_i32(const i32* x, Lay xl, const i32* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i32 a = LD_i32(x, at(&xl, i));
    i32 b = LD_i32(y, at(&yl, i));
    ST_bool(out, i, (u8)((a != 0) != (b != 0)));
}
