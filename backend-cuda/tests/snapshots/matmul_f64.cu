// @prelude

extern "C" __global__ void __launch_bounds__(256) matmul_tiled_f64(const double* a, Lay ab, const double* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, double* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    int lj = threadIdx.x, li = threadIdx.y;
    __shared__ double As[16][16];
    __shared__ double Bs[16][17];
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt), bo = at(&bb, bt);
    double s = 0;
    for (i64 t = 0; t < K; t += 16) {
        i64 ka = t + lj, kb = t + li;
        As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : (double)0;
        Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : (double)0;
        __syncthreads();
        for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
        __syncthreads();
    }
    if (i < M && j < N) out[(bt * M + i) * N + j] = s;
    }
}

extern "C" __global__ void matmul_f64(const double* a, Lay ab, const double* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, double* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    double s = 0;
    for (i64 k = 0; k < K; k++) {
        double x = (double)LD_f64(a, ao + k * sak);
        double y = (double)LD_f64(b, bo + k * sbk);
        s += x * y;
    }
    ST_f64(out, (bt * M + i) * N + j, s);
    }
}
