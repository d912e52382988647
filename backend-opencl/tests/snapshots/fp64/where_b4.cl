// @prelude

__kernel void where_b4(__global const uchar* c, Lay cl, __global const uint* x, Lay xl, __global const uint* y, Lay yl, __global uint* out) {
    long i = get_global_id(0);
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
