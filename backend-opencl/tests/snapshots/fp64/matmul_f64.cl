// @prelude

__kernel __attribute__((reqd_work_group_size(16, 16, 1)))
void matmul_tiled_f64(__global const double* a, Lay ab, __global const double* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global double* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    int lj = get_local_id(0), li = get_local_id(1);
    __local double As[16][16];
    __local double Bs[16][17];
    long ao = at(&ab, bt), bo = at(&bb, bt);
    double s = 0;
    for (long t = 0; t < K; t += 16) {
        long ka = t + lj, kb = t + li;
        As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : (double)0;
        Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : (double)0;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (i < M && j < N) out[(bt * M + i) * N + j] = s;
}

__kernel void matmul_f64(__global const double* a, Lay ab, __global const double* b, Lay bb, long M, long N, long K, long sam, long sak, long sbk, long sbn, __global double* out) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    double s = 0;
    for (long k = 0; k < K; k++) {
        double x = (double)LD_f64(a, ao + k * sak);
        double y = (double)LD_f64(b, bo + k * sbk);
        s += x * y;
    }
    ST_f64(out, (bt * M + i) * N + j, s);
}
