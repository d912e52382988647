// @prelude

extern "C" __global__ void copy_b8(const u64* x, Lay xl, u64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = x[at(&xl, i)];
}
extern "C" __global__ void fill_b8(u64* out, i64 bits, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = (u64)(u64)bits;
}
