// @prelude

extern "C" __global__ void copy_b2(const u16* x, Lay xl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = x[at(&xl, i)];
}
extern "C" __global__ void fill_b2(u16* out, i64 bits, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = (u16)(u64)bits;
}
