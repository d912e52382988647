// @prelude

extern "C" __global__ void matmul_i64(const i64* a, Lay ab, const i64* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, i64* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    u64 s = 0;
    for (i64 k = 0; k < K; k++) {
        u64 x = (u64)LD_i64(a, ao + k * sak);
        u64 y = (u64)LD_i64(b, bo + k * sbk);
        s += x * y;
    }
    ST_i64(out, (bt * M + i) * N + j, s);
    }
}
