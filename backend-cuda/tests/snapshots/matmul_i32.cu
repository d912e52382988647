// @prelude

extern "C" __global__ void matmul_i32(const i32* a, Lay ab, const i32* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, i32* out, i64 B) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x, i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
    i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    u32 s = 0;
    for (i64 k = 0; k < K; k++) {
        u32 x = (u32)LD_i32(a, ao + k * sak);
        u32 y = (u32)LD_i32(b, bo + k * sbk);
        s += x * y;
    }
    ST_i32(out, (bt * M + i) * N + j, s);
    }
}
