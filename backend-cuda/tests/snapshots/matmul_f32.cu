// @prelude

extern "C" __global__ void __launch_bounds__(256) matmul_tiled_f32(const float* a, Lay ab, const float* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, float* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    int lj = threadIdx.x, li = threadIdx.y;
    __shared__ float As[16][16];
    __shared__ float Bs[16][17];
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt), bo = at(&bb, bt);
    float s = 0;
    for (i64 t = 0; t < K; t += 16) {
        i64 ka = t + lj, kb = t + li;
        As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : (float)0;
        Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : (float)0;
        __syncthreads();
        for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
        __syncthreads();
    }
    if (i < M && j < N) out[(bt * M + i) * N + j] = s;
    }
}

extern "C" __global__ void split_bf16_f32(const float* x, Lay xl, u16* hi, u16* lo, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = x[at(&xl, i)];
    u16 h = f_to_bf16(v);
    float r = v - bf16_to_f(h);
    if (!isfinite(r)) r = 0.0f;
    hi[i] = h;
    lo[i] = f_to_bf16(r);
}

extern "C" __global__ void matmul_f32(const float* a, Lay ab, const float* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, float* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    float s = 0;
    for (i64 k = 0; k < K; k++) {
        float x = (float)LD_f32(a, ao + k * sak);
        float y = (float)LD_f32(b, bo + k * sbk);
        s += x * y;
    }
    ST_f32(out, (bt * M + i) * N + j, s);
    }
}
