// @prelude

__kernel void copy_b2(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    out[i] = x[at(&xl, i)];
}
