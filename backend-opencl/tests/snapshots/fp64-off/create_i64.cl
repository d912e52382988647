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

__kernel void arange_i64(__global long* out, long start, long step) {
    long i = get_global_id(0);
    long v = as_long((ulong)start + (ulong)i * (ulong)step);
    ST_i64(out, i, cvt_i64_i64(v));
}
