// @prelude

__kernel void matmul_i32(__global const int* a, Lay ab, __global const int* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global int* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    uint s = 0;
    for (long k = 0; k < K; k++) {
        uint x = (uint)LD_i32(a, ao + k * sak);
        uint y = (uint)LD_i32(b, bo + k * sbk);
        s += x * y;
    }
    ST_i32(out, (bt * M + i) * N + j, s);
}
