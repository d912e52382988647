// @prelude

typedef struct { u32 x, y, z, w; } W4;
__device__ __forceinline__ W4 philox_block(u32 s0, u32 s1, u64 i) {
    u32 c0 = (u32)i, c1 = (u32)(i >> 32), c2 = 0u, c3 = 0u;
    u32 k0 = s0, k1 = s1;
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
        u32 hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        u32 hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        u32 n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }
    W4 w = { c0, c1, c2, c3 };
    return w;
}

extern "C" __global__ void arange_i32(i32* out, i64 start, i64 step, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    i64 v = (i64)((u64)start + (u64)i * (u64)step);
    ST_i32(out, i, cvt_i64_i32(v));
}

extern "C" __global__ void linspace_i32(i32* out, double start, double stop, double step, i64 n, i64 div, u32 endpoint, u32 integral) {
    i64 i = GID();
    if (i >= n) return;
    double y;
    if (n == 1 || div == 0) y = start;
    else if (endpoint && i == n - 1) y = stop;
    else y = start + (double)i * step;
    if (integral) y = floor(y);
    ST_i32(out, i, cvt_f64_i32(y));
}
