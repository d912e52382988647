// @prelude

__kernel void matmul_f16(__global const half* a, Lay ab, __global const half* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global half* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    ACC s = 0;
    for (long k = 0; k < K; k++) {
        ACC x = (ACC)LD_f16(a, ao + k * sak);
        ACC y = (ACC)LD_f16(b, bo + k * sbk);
        s += x * y;
    }
    ST_f16(out, (bt * M + i) * N + j, cvt_f32_f16(s));
}
