// @prelude

__kernel void matmul_u8(__global const uchar* a, Lay ab, __global const uchar* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global uchar* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    uchar s = 0;
    for (long k = 0; k < K; k++) {
        uchar x = (uchar)LD_u8(a, ao + k * sak);
        uchar y = (uchar)LD_u8(b, bo + k * sbk);
        s += x * y;
    }
    ST_u8(out, (bt * M + i) * N + j, s);
}
