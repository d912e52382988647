// @prelude

__kernel void copy_b1(__global const uchar* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    out[i] = x[at(&xl, i)];
}
