// @prelude

__kernel void where_b1(__global const uchar* c, Lay cl, __global const uchar* x, Lay xl, __global const uchar* y, Lay yl, __global uchar* out) {
    long i = get_global_id(0);
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
