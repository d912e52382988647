// @prelude

extern "C" __global__ void matmul_bool(const u8* a, Lay ab, const u8* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, u8* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    u8 s = 0;
    for (i64 k = 0; k < K; k++) {
        u8 x = (u8)LD_bool(a, ao + k * sak);
        u8 y = (u8)LD_bool(b, bo + k * sbk);
        s |= (x & y);
    }
    ST_bool(out, (bt * M + i) * N + j, s);
    }
}
