// @prelude

extern "C" __global__ void matmul_f16(const u16* a, Lay ab, const u16* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, u16* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    ACC s = 0;
    for (i64 k = 0; k < K; k++) {
        ACC x = (ACC)LD_f16(a, ao + k * sak);
        ACC y = (ACC)LD_f16(b, bo + k * sbk);
        s += x * y;
    }
    ST_f16(out, (bt * M + i) * N + j, cvt_f64_f16(s));
    }
}
