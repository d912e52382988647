// @prelude

extern "C" __global__ void where_b1(const u8* c, Lay cl, const u8* x, Lay xl, const u8* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
