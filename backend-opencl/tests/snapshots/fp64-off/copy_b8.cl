// @prelude

__kernel void copy_b8(__global const ulong* x, Lay xl, __global ulong* out) {
    long i = get_global_id(0);
    out[i] = x[at(&xl, i)];
}
