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

__kernel void rand_f16(__global half* out, uint s0, uint s1) {
    ulong i = get_global_id(0);
    uint4 w = block(s0, s1, i);
    ST_f16(out, i, (float)(w.x >> 21) * (1.0f / 2048.0f));
}
