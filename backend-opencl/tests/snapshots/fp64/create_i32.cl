// @prelude

inline uint4 philox(uint4 c, uint2 k) {
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k.x += 0x9E3779B9u; k.y += 0xBB67AE85u; }
        uint hi0 = mul_hi(0xD2511F53u, c.x), lo0 = 0xD2511F53u * c.x;
        uint hi1 = mul_hi(0xCD9E8D57u, c.z), lo1 = 0xCD9E8D57u * c.z;
        c = (uint4)(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    }
    return c;
}
inline uint4 block(uint s0, uint s1, ulong i) {
    return philox((uint4)((uint)i, (uint)(i >> 32), 0u, 0u), (uint2)(s0, s1));
}

__kernel void arange_i32(__global int* out, long start, long step) {
    long i = get_global_id(0);
    long v = as_long((ulong)start + (ulong)i * (ulong)step);
    ST_i32(out, i, cvt_i64_i32(v));
}

__kernel void linspace_i32(__global int* out, double start, double stop, double step,
                         long n, long div, uint endpoint, uint integral) {
    long i = get_global_id(0);
    double y;
    if (n == 1 || div == 0) y = start;
    else if (endpoint && i == n - 1) y = stop;
    else y = start + (double)i * step;
    if (integral) y = floor(y);
    ST_i32(out, i, cvt_f64_i32(y));
}
