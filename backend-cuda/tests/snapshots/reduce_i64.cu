// @prelude

extern "C" __global__ void reduce_sum_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    u64 s = 0;
    for (i64 j = 0; j < n; j++) s += (u64)XJ(j);
    out[g] = (i64)(s);
#undef XJ
}

extern "C" __global__ void reduce_prod_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    u64 s = 1;
    for (i64 j = 0; j < n; j++) s *= (u64)XJ(j);
    out[g] = (i64)(s);
#undef XJ
}

extern "C" __global__ void reduce_max_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    i64 r = XJ(0);
    for (i64 j = 1; j < n; j++) { i64 v = XJ(j); if (0) break; if (0 || v > r) r = v; }
    ST_i64(out, g, r);
#undef XJ
}

extern "C" __global__ void reduce_min_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    i64 r = XJ(0);
    for (i64 j = 1; j < n; j++) { i64 v = XJ(j); if (0) break; if (0 || v < r) r = v; }
    ST_i64(out, g, r);
#undef XJ
}

extern "C" __global__ void reduce_argmax_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    i64 r = XJ(0);
    i64 bi = 0;
    if (!0) for (i64 j = 1; j < n; j++) {
        i64 v = XJ(j);
        if (0) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

extern "C" __global__ void reduce_argmin_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    i64 r = XJ(0);
    i64 bi = 0;
    if (!0) for (i64 j = 1; j < n; j++) {
        i64 v = XJ(j);
        if (0) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

extern "C" __global__ void reduce_all_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, u8* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    u8 r = 1;
    for (i64 j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

extern "C" __global__ void reduce_any_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, u8* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    u8 r = 0;
    for (i64 j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}

extern "C" __global__ void __launch_bounds__(256) reduce_sum_blk_i64(const i64* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    __shared__ u64 ps[256];
    i64 g = blockIdx.x;
    if (g >= nout) return;
    i64 base = at(&ol, g);
    int t = threadIdx.x;
    u64 s = 0;
    for (i64 j = t; j < n; j += 256) s += (u64)x[base + at(&il, j)];
    ps[t] = s;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) ps[t] += ps[t + w];
        __syncthreads();
    }
    if (t == 0) out[g] = (i64)(ps[0]);
}
