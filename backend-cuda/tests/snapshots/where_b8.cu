// @prelude

extern "C" __global__ void where_b8(const u8* c, Lay cl, const u64* x, Lay xl, const u64* y, Lay yl, u64* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
