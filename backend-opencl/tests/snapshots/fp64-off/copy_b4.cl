// @prelude

__kernel void copy_b4(__global const uint* x, Lay xl, __global uint* out) {
    long i = get_global_id(0);
    out[i] = x[at(&xl, i)];
}
