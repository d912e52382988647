// @prelude

__kernel void where_b2(__global const uchar* c, Lay cl, __global const ushort* x, Lay xl, __global const ushort* y, Lay yl, __global ushort* out) {
    long i = get_global_id(0);
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
