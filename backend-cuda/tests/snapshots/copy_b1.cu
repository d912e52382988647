// @prelude

extern "C" __global__ void copy_b1(const u8* x, Lay xl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = x[at(&xl, i)];
}
extern "C" __global__ void fill_b1(u8* out, i64 bits, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = (u8)(u64)bits;
}
