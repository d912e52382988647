// @prelude

__kernel void cast_i64_bool(__global const long* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    ST_bool(out, i, cvt_i64_bool(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_u8(__global const long* x, Lay xl, __global uchar* out) {
    long i = get_global_id(0);
    ST_u8(out, i, cvt_i64_u8(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_i32(__global const long* x, Lay xl, __global int* out) {
    long i = get_global_id(0);
    ST_i32(out, i, cvt_i64_i32(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_i64(__global const long* x, Lay xl, __global long* out) {
    long i = get_global_id(0);
    ST_i64(out, i, cvt_i64_i64(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_f16(__global const long* x, Lay xl, __global half* out) {
    long i = get_global_id(0);
    ST_f16(out, i, cvt_i64_f16(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_bf16(__global const long* x, Lay xl, __global ushort* out) {
    long i = get_global_id(0);
    ST_bf16(out, i, cvt_i64_bf16(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_f32(__global const long* x, Lay xl, __global float* out) {
    long i = get_global_id(0);
    ST_f32(out, i, cvt_i64_f32(LD_i64(x, at(&xl, i))));
}

__kernel void cast_i64_f64(__global const long* x, Lay xl, __global double* out) {
    long i = get_global_id(0);
    ST_f64(out, i, cvt_i64_f64(LD_i64(x, at(&xl, i))));
}
