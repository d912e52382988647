// @prelude

__kernel __attribute__((reqd_work_group_size(16, 16, 1)))
void matmul_tiled_f32(__global const float* a, Lay ab, __global const float* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global float* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    int lj = get_local_id(0), li = get_local_id(1);
    __local float As[16][16];
    __local float Bs[16][17];
    long ao = at(&ab, bt), bo = at(&bb, bt);
    float s = 0;
    for (long t = 0; t < K; t += 16) {
        long ka = t + lj, kb = t + li;
        As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : (float)0;
        Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : (float)0;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (i < M && j < N) out[(bt * M + i) * N + j] = s;
}

__kernel void matmul_f32(__global const float* a, Lay ab, __global const float* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global float* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    float s = 0;
    for (long k = 0; k < K; k++) {
        float x = (float)LD_f32(a, ao + k * sak);
        float y = (float)LD_f32(b, bo + k * sbk);
        s += x * y;
    }
    ST_f32(out, (bt * M + i) * N + j, s);
}
