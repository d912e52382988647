// @prelude

extern "C" __global__ void copy_b4(const u32* x, Lay xl, u32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = x[at(&xl, i)];
}
extern "C" __global__ void fill_b4(u32* out, i64 bits, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = (u32)(u64)bits;
}
