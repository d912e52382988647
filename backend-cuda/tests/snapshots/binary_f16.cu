// @prelude

__device__ __forceinline__ float floordiv_float(float a, float b) {
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

extern "C" __global__ void binary_add_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a + b);
}

extern "C" __global__ void binary_sub_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a - b);
}

extern "C" __global__ void binary_mul_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a * b);
}

extern "C" __global__ void binary_div_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, a / b);
}

extern "C" __global__ void binary_pow_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, d2f_odd(pow((double)a, (double)b)));
}

extern "C" __global__ void binary_atan2_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, d2f_odd(atan2((double)a, (double)b)));
}

extern "C" __global__ void binary_maximum_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, (a >= b || isnan(a)) ? a : b);
}

extern "C" __global__ void binary_minimum_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, (a <= b || isnan(a)) ? a : b);
}

extern "C" __global__ void binary_fmod_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, fmod(a, b));
}

extern "C" __global__ void binary_floor_divide_f16(const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_f16(out, i, floordiv_float(a, b));
}

extern "C" __global__ void binary_eq_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a == b));
}

extern "C" __global__ void binary_ne_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != b));
}

extern "C" __global__ void binary_lt_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a < b));
}

extern "C" __global__ void binary_le_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a <= b));
}

extern "C" __global__ void binary_gt_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a > b));
}

extern "C" __global__ void binary_ge_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a >= b));
}

extern "C" __global__ void binary_logical_and_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 && b != 0));
}

extern "C" __global__ void binary_logical_or_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 || b != 0));
}

extern "C" __global__ void binary_logical_xor_f16(const u16* x, Lay xl, const u16* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float a = LD_f16(x, at(&xl, i));
    float b = LD_f16(y, at(&yl, i));
    ST_bool(out, i, (u8)((a != 0) != (b != 0)));
}
