// @prelude

typedef struct { uint x, y, z, w; } W4;
inline W4 philox_block(uint s0, uint s1, ulong i) {
    uint c0 = (uint)i, c1 = (uint)(i >> 32), c2 = 0u, c3 = 0u;
    uint k0 = s0, k1 = s1;
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
        uint hi0 = mul_hi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        uint hi1 = mul_hi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        uint n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }
    W4 w = { c0, c1, c2, c3 };
    return w;
}

__kernel void arange_u8(__global uchar* out, long start, long step) {
    long i = get_global_id(0);
    long v = as_long((ulong)start + (ulong)i * (ulong)step);
    ST_u8(out, i, cvt_i64_u8(v));
}

__kernel void linspace_u8(__global uchar* out, double start, double stop, double step, long n, long div, uint endpoint, uint integral) {
    long i = get_global_id(0);
    double y;
    if (n == 1 || div == 0) y = start;
    else if (endpoint && i == n - 1) y = stop;
    else y = start + (double)i * step;
    if (integral) y = floor(y);
    ST_u8(out, i, cvt_f64_u8(y));
}
