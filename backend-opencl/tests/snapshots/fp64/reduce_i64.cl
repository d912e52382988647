// @prelude

__kernel void reduce_sum_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    ulong s = 0;
    for (long j = 0; j < n; j++) s += (ulong)XJ(j);
    out[g] = as_long(s);
#undef XJ
}

__kernel void reduce_prod_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    ulong s = 1;
    for (long j = 0; j < n; j++) s *= (ulong)XJ(j);
    out[g] = as_long(s);
#undef XJ
}

__kernel void reduce_max_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    long r = XJ(0);
    for (long j = 1; j < n; j++) { long v = XJ(j); if (0) break; if (0 || v > r) r = v; }
    ST_i64(out, g, r);
#undef XJ
}

__kernel void reduce_min_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    long r = XJ(0);
    for (long j = 1; j < n; j++) { long v = XJ(j); if (0) break; if (0 || v < r) r = v; }
    ST_i64(out, g, r);
#undef XJ
}

__kernel void reduce_argmax_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    long r = XJ(0);
    long bi = 0;
    if (!0) for (long j = 1; j < n; j++) {
        long v = XJ(j);
        if (0) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_argmin_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    long r = XJ(0);
    long bi = 0;
    if (!0) for (long j = 1; j < n; j++) {
        long v = XJ(j);
        if (0) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_all_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    uchar r = 1;
    for (long j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

__kernel void reduce_any_i64(__global const long* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_i64(x, base + at(&il, (j)))
    uchar r = 0;
    for (long j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}
