// @prelude

extern "C" __global__ void where_b4(const u8* c, Lay cl, const u32* x, Lay xl, const u32* y, Lay yl, u32* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
