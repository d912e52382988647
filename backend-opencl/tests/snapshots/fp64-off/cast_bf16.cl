// @prelude

__kernel void cast_bf16_bool(__global const ushort* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    ST_bool(out, i, cvt_bf16_bool(LD_bf16(x, at(&xl, i))));
}

__kernel void cast_bf16_u8(__global const ushort* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    ST_u8(out, i, cvt_bf16_u8(LD_bf16(x, at(&xl, i))));
}

__kernel void cast_bf16_i32(__global const ushort* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    ST_i32(out, i, cvt_bf16_i32(LD_bf16(x, at(&xl, i))));
}

__kernel void cast_bf16_i64(__global const ushort* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    ST_i64(out, i, cvt_bf16_i64(LD_bf16(x, at(&xl, i))));
}

__kernel void cast_bf16_f16(__global const ushort* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    ST_f16(out, i, cvt_bf16_f16(LD_bf16(x, at(&xl, i))));
}

__kernel void cast_bf16_bf16(__global const ushort* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    ST_bf16(out, i, cvt_bf16_bf16(LD_bf16(x, at(&xl, i))));
}

__kernel void cast_bf16_f32(__global const ushort* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    ST_f32(out, i, cvt_bf16_f32(LD_bf16(x, at(&xl, i))));
}
