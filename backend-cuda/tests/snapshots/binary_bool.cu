// @prelude

extern "C" __global__ void binary_add_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a | b));
}

extern "C" __global__ void binary_mul_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a & b));
}

extern "C" __global__ void binary_maximum_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a | b));
}

extern "C" __global__ void binary_minimum_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a & b));
}

extern "C" __global__ void binary_eq_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a == b));
}

extern "C" __global__ void binary_ne_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != b));
}

extern "C" __global__ void binary_lt_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a < b));
}

extern "C" __global__ void binary_le_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a <= b));
}

extern "C" __global__ void binary_gt_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a > b));
}

extern "C" __global__ void binary_ge_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a >= b));
}

extern "C" __global__ void binary_logical_and_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 && b != 0));
}

extern "C" __global__ void binary_logical_or_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 || b != 0));
}

extern "C" __global__ void binary_logical_xor_bool(const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    u8 a = LD_bool(x, at(&xl, i));
    u8 b = LD_bool(y, at(&yl, i));
    ST_bool(out, i, (u8)((a != 0) != (b != 0)));
}
