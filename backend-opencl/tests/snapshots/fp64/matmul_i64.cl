// @prelude

__kernel void matmul_i64(__global const long* a, Lay ab, __global const long* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global long* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    ulong s = 0;
    for (long k = 0; k < K; k++) {
        ulong x = (ulong)LD_i64(a, ao + k * sak);
        ulong y = (ulong)LD_i64(b, bo + k * sbk);
        s += x * y;
    }
    ST_i64(out, (bt * M + i) * N + j, s);
}
