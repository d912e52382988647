// @prelude

__kernel void reduce_max_u8(__global const uchar* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_u8(x, base + at(&il, (j)))
    uchar r = XJ(0);
    for (long j = 1; j < n; j++) { uchar v = XJ(j); if (0) break; if (0 || v > r) r = v; }
    ST_u8(out, g, r);
#undef XJ
}

__kernel void reduce_min_u8(__global const uchar* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_u8(x, base + at(&il, (j)))
    uchar r = XJ(0);
    for (long j = 1; j < n; j++) { uchar v = XJ(j); if (0) break; if (0 || v < r) r = v; }
    ST_u8(out, g, r);
#undef XJ
}

__kernel void reduce_argmax_u8(__global const uchar* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_u8(x, base + at(&il, (j)))
    uchar r = XJ(0);
    long bi = 0;
    if (!0) for (long j = 1; j < n; j++) {
        uchar v = XJ(j);
        if (0) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_argmin_u8(__global const uchar* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_u8(x, base + at(&il, (j)))
    uchar r = XJ(0);
    long bi = 0;
    if (!0) for (long j = 1; j < n; j++) {
        uchar v = XJ(j);
        if (0) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_all_u8(__global const uchar* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_u8(x, base + at(&il, (j)))
    uchar r = 1;
    for (long j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

__kernel void reduce_any_u8(__global const uchar* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_u8(x, base + at(&il, (j)))
    uchar r = 0;
    for (long j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}
