// @prelude

extern "C" __global__ void reduce_max_i32(const i32* x, Lay ol, Lay il, i64 n, ACC ddof, i32* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    i32 r = XJ(0);
    for (i64 j = 1; j < n; j++) { i32 v = XJ(j); if (0) break; if (0 || v > r) r = v; }
    ST_i32(out, g, r);
#undef XJ
}

extern "C" __global__ void reduce_min_i32(const i32* x, Lay ol, Lay il, i64 n, ACC ddof, i32* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    i32 r = XJ(0);
    for (i64 j = 1; j < n; j++) { i32 v = XJ(j); if (0) break; if (0 || v < r) r = v; }
    ST_i32(out, g, r);
#undef XJ
}

extern "C" __global__ void reduce_argmax_i32(const i32* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    i32 r = XJ(0);
    i64 bi = 0;
    if (!0) for (i64 j = 1; j < n; j++) {
        i32 v = XJ(j);
        if (0) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

extern "C" __global__ void reduce_argmin_i32(const i32* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    i32 r = XJ(0);
    i64 bi = 0;
    if (!0) for (i64 j = 1; j < n; j++) {
        i32 v = XJ(j);
        if (0) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

extern "C" __global__ void reduce_all_i32(const i32* x, Lay ol, Lay il, i64 n, ACC ddof, u8* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    u8 r = 1;
    for (i64 j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

extern "C" __global__ void reduce_any_i32(const i32* x, Lay ol, Lay il, i64 n, ACC ddof, u8* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    u8 r = 0;
    for (i64 j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}
