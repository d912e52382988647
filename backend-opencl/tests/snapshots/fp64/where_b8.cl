// @prelude

__kernel void where_b8(__global const uchar* c, Lay cl, __global const ulong* x, Lay xl, __global const ulong* y, Lay yl, __global ulong* out) {
    long i = get_global_id(0);
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
