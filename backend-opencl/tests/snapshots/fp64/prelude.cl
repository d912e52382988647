#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define ACC double
#define ACC_f64 1
#pragma OPENCL FP_CONTRACT OFF
typedef struct { long v[18]; } Lay;
inline long at(const Lay* l, long i) {
    long o = l->v[1];
    for (int d = (int)l->v[0] - 1; d >= 0; --d) {
        long n = l->v[2 + d];
        long q = i % n;
        i /= n;
        o += q * l->v[10 + d];
    }
    return o;
}
inline float bf16_to_f(ushort h) { return as_float(((uint)h) << 16); }
inline ushort f_to_bf16(float f) {
    uint u = as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (ushort)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (ushort)(u >> 16);
}
inline float i2f_odd(long v) {
    float f = convert_float_rtz(v);
    if (convert_long_rtz(f) != v) f = as_float(as_uint(f) | 1u);
    return f;
}
inline float d2f_odd(double d) {
    float f = convert_float_rtz(d);
    if (!isnan(d) && (double)f != d) f = as_float(as_uint(f) | 1u);
    return f;
}
#define LD_bool(p, i) ((p)[i])
#define LD_u8(p, i) ((p)[i])
#define LD_i32(p, i) ((p)[i])
#define LD_i64(p, i) ((p)[i])
#define LD_f16(p, i) vload_half((size_t)(i), (p))
#define LD_bf16(p, i) bf16_to_f((p)[i])
#define LD_f32(p, i) ((p)[i])
#define LD_f64(p, i) ((p)[i])
#define ST_bool(p, i, x) ((p)[i] = (uchar)(x))
#define ST_u8(p, i, x) ((p)[i] = (uchar)(x))
#define ST_i32(p, i, x) ((p)[i] = (int)(x))
#define ST_i64(p, i, x) ((p)[i] = (long)(x))
#define ST_f16(p, i, x) vstore_half_rte((float)(x), (size_t)(i), (p))
#define ST_bf16(p, i, x) ((p)[i] = f_to_bf16((float)(x)))
#define ST_f32(p, i, x) ((p)[i] = (float)(x))
#define ST_f64(p, i, x) ((p)[i] = (double)(x))
inline uchar cvt_bool_bool(uchar v) { return v; }
inline uchar cvt_bool_u8(uchar v) { return (uchar)(v); }
inline int cvt_bool_i32(uchar v) { return (int)(v); }
inline long cvt_bool_i64(uchar v) { return (long)(v); }
inline float cvt_bool_f16(uchar v) { return (float)(v); }
inline float cvt_bool_bf16(uchar v) { return (float)(v); }
inline float cvt_bool_f32(uchar v) { return convert_float_rte(v); }
inline double cvt_bool_f64(uchar v) { return convert_double_rte(v); }
inline uchar cvt_u8_bool(uchar v) { return (uchar)(v != 0); }
inline uchar cvt_u8_u8(uchar v) { return v; }
inline int cvt_u8_i32(uchar v) { return (int)(v); }
inline long cvt_u8_i64(uchar v) { return (long)(v); }
inline float cvt_u8_f16(uchar v) { return (float)(v); }
inline float cvt_u8_bf16(uchar v) { return (float)(v); }
inline float cvt_u8_f32(uchar v) { return convert_float_rte(v); }
inline double cvt_u8_f64(uchar v) { return convert_double_rte(v); }
inline uchar cvt_i32_bool(int v) { return (uchar)(v != 0); }
inline uchar cvt_i32_u8(int v) { return (uchar)(v); }
inline int cvt_i32_i32(int v) { return v; }
inline long cvt_i32_i64(int v) { return (long)(v); }
inline float cvt_i32_f16(int v) { return i2f_odd((long)(v)); }
inline float cvt_i32_bf16(int v) { return i2f_odd((long)(v)); }
inline float cvt_i32_f32(int v) { return convert_float_rte(v); }
inline double cvt_i32_f64(int v) { return convert_double_rte(v); }
inline uchar cvt_i64_bool(long v) { return (uchar)(v != 0); }
inline uchar cvt_i64_u8(long v) { return (uchar)(v); }
inline int cvt_i64_i32(long v) { return (int)(v); }
inline long cvt_i64_i64(long v) { return v; }
inline float cvt_i64_f16(long v) { return i2f_odd((long)(v)); }
inline float cvt_i64_bf16(long v) { return i2f_odd((long)(v)); }
inline float cvt_i64_f32(long v) { return convert_float_rte(v); }
inline double cvt_i64_f64(long v) { return convert_double_rte(v); }
inline uchar cvt_f16_bool(float v) { return (uchar)(v != 0); }
inline uchar cvt_f16_u8(float v) { return isnan(v) ? (uchar)0 : convert_uchar_sat_rtz(v); }
inline int cvt_f16_i32(float v) { return isnan(v) ? (int)0 : convert_int_sat_rtz(v); }
inline long cvt_f16_i64(float v) { return isnan(v) ? (long)0 : convert_long_sat_rtz(v); }
inline float cvt_f16_f16(float v) { return v; }
inline float cvt_f16_bf16(float v) { return v; }
inline float cvt_f16_f32(float v) { return v; }
inline double cvt_f16_f64(float v) { return convert_double_rte(v); }
inline uchar cvt_bf16_bool(float v) { return (uchar)(v != 0); }
inline uchar cvt_bf16_u8(float v) { return isnan(v) ? (uchar)0 : convert_uchar_sat_rtz(v); }
inline int cvt_bf16_i32(float v) { return isnan(v) ? (int)0 : convert_int_sat_rtz(v); }
inline long cvt_bf16_i64(float v) { return isnan(v) ? (long)0 : convert_long_sat_rtz(v); }
inline float cvt_bf16_f16(float v) { return v; }
inline float cvt_bf16_bf16(float v) { return v; }
inline float cvt_bf16_f32(float v) { return v; }
inline double cvt_bf16_f64(float v) { return convert_double_rte(v); }
inline uchar cvt_f32_bool(float v) { return (uchar)(v != 0); }
inline uchar cvt_f32_u8(float v) { return isnan(v) ? (uchar)0 : convert_uchar_sat_rtz(v); }
inline int cvt_f32_i32(float v) { return isnan(v) ? (int)0 : convert_int_sat_rtz(v); }
inline long cvt_f32_i64(float v) { return isnan(v) ? (long)0 : convert_long_sat_rtz(v); }
inline float cvt_f32_f16(float v) { return v; }
inline float cvt_f32_bf16(float v) { return v; }
inline float cvt_f32_f32(float v) { return v; }
inline double cvt_f32_f64(float v) { return convert_double_rte(v); }
inline uchar cvt_f64_bool(double v) { return (uchar)(v != 0); }
inline uchar cvt_f64_u8(double v) { return isnan(v) ? (uchar)0 : convert_uchar_sat_rtz(v); }
inline int cvt_f64_i32(double v) { return isnan(v) ? (int)0 : convert_int_sat_rtz(v); }
inline long cvt_f64_i64(double v) { return isnan(v) ? (long)0 : convert_long_sat_rtz(v); }
inline float cvt_f64_f16(double v) { return d2f_odd(v); }
inline float cvt_f64_bf16(double v) { return d2f_odd(v); }
inline float cvt_f64_f32(double v) { return convert_float_rte(v); }
inline double cvt_f64_f64(double v) { return v; }
