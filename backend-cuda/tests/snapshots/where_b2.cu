// @prelude

extern "C" __global__ void where_b2(const u8* c, Lay cl, const u16* x, Lay xl, const u16* y, Lay yl, u16* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
