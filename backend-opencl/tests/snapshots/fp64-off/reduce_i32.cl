// @prelude

__kernel void reduce_max_i32(__global const int* x, Lay ol, Lay il, long n, ACC ddof, __global int* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    int r = XJ(0);
    for (long j = 1; j < n; j++) { int v = XJ(j); if (0) break; if (0 || v > r) r = v; }
    ST_i32(out, g, r);
#undef XJ
}

__kernel void reduce_min_i32(__global const int* x, Lay ol, Lay il, long n, ACC ddof, __global int* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    int r = XJ(0);
    for (long j = 1; j < n; j++) { int v = XJ(j); if (0) break; if (0 || v < r) r = v; }
    ST_i32(out, g, r);
#undef XJ
}

__kernel void reduce_argmax_i32(__global const int* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    int r = XJ(0);
    long bi = 0;
    if (!0) for (long j = 1; j < n; j++) {
        int v = XJ(j);
        if (0) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_argmin_i32(__global const int* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    int r = XJ(0);
    long bi = 0;
    if (!0) for (long j = 1; j < n; j++) {
        int v = XJ(j);
        if (0) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_all_i32(__global const int* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    uchar r = 1;
    for (long j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

__kernel void reduce_any_i32(__global const int* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i32(x, base + at(&il, (j)))
    uchar r = 0;
    for (long j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}
