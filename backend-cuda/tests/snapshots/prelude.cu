typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;
#define ACC double
#define K_NAN __longlong_as_double(0x7ff8000000000000LL)
#define K_INF __longlong_as_double(0x7ff0000000000000LL)
#define K_PI 3.141592653589793
#define GID() ((i64)blockIdx.x * (i64)blockDim.x + (i64)threadIdx.x)
struct Lay { i64 v[18]; };
__device__ __forceinline__ i64 at(const Lay* l, i64 i) {
    i64 o = l->v[1];
    for (int d = (int)l->v[0] - 1; d >= 0; --d) {
        i64 n = l->v[2 + d];
        i64 q = i % n;
        i /= n;
        o += q * l->v[10 + d];
    }
    return o;
}
__device__ __forceinline__ float h2f(u16 h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}
__device__ __forceinline__ u16 f2h(float f) {
    u16 h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
}
__device__ __forceinline__ float bf16_to_f(u16 h) { return __uint_as_float(((u32)h) << 16); }
__device__ __forceinline__ u16 f_to_bf16(float f) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    u16 h;
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
#else
    u32 u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (u16)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (u16)(u >> 16);
#endif
}
__device__ __forceinline__ float i2f_odd(i64 v) {
    float f = __ll2float_rz(v);
    if (__float2ll_rz(f) != v) f = __uint_as_float(__float_as_uint(f) | 1u);
    return f;
}
__device__ __forceinline__ float d2f_odd(double d) {
    float f = __double2float_rz(d);
    if (!isnan(d) && (double)f != d) f = __uint_as_float(__float_as_uint(f) | 1u);
    return f;
}
__device__ __forceinline__ u8 sat_u8(double v) {
    if (isnan(v) || v <= 0.0) return 0;
    if (v >= 255.0) return 255;
    return (u8)v;
}
__device__ __forceinline__ i32 sat_i32(double v) {
    if (isnan(v)) return 0;
    if (v <= -2147483648.0) return (i32)0x80000000u;
    if (v >= 2147483647.0) return 2147483647;
    return (i32)v;
}
__device__ __forceinline__ i64 sat_i64(double v) {
    if (isnan(v)) return 0;
    if (v <= -9223372036854775808.0) return (i64)0x8000000000000000ULL;
    if (v >= 9223372036854775808.0) return 0x7fffffffffffffffLL;
    return (i64)v;
}
#define LD_bool(p, i) ((p)[i])
#define LD_u8(p, i) ((p)[i])
#define LD_i32(p, i) ((p)[i])
#define LD_i64(p, i) ((p)[i])
#define LD_f16(p, i) h2f((p)[i])
#define LD_bf16(p, i) bf16_to_f((p)[i])
#define LD_f32(p, i) ((p)[i])
#define LD_f64(p, i) ((p)[i])
#define ST_bool(p, i, x) ((p)[i] = (u8)(x))
#define ST_u8(p, i, x) ((p)[i] = (u8)(x))
#define ST_i32(p, i, x) ((p)[i] = (i32)(x))
#define ST_i64(p, i, x) ((p)[i] = (i64)(x))
#define ST_f16(p, i, x) ((p)[i] = f2h((float)(x)))
#define ST_bf16(p, i, x) ((p)[i] = f_to_bf16((float)(x)))
#define ST_f32(p, i, x) ((p)[i] = (float)(x))
#define ST_f64(p, i, x) ((p)[i] = (double)(x))
__device__ __forceinline__ u8 cvt_bool_bool(u8 v) { return v; }
__device__ __forceinline__ u8 cvt_bool_u8(u8 v) { return (u8)(v); }
__device__ __forceinline__ i32 cvt_bool_i32(u8 v) { return (i32)(v); }
__device__ __forceinline__ i64 cvt_bool_i64(u8 v) { return (i64)(v); }
__device__ __forceinline__ float cvt_bool_f16(u8 v) { return (float)(v); }
__device__ __forceinline__ float cvt_bool_bf16(u8 v) { return (float)(v); }
__device__ __forceinline__ float cvt_bool_f32(u8 v) { return (float)(v); }
__device__ __forceinline__ double cvt_bool_f64(u8 v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_u8_bool(u8 v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_u8_u8(u8 v) { return v; }
__device__ __forceinline__ i32 cvt_u8_i32(u8 v) { return (i32)(v); }
__device__ __forceinline__ i64 cvt_u8_i64(u8 v) { return (i64)(v); }
__device__ __forceinline__ float cvt_u8_f16(u8 v) { return (float)(v); }
__device__ __forceinline__ float cvt_u8_bf16(u8 v) { return (float)(v); }
__device__ __forceinline__ float cvt_u8_f32(u8 v) { return (float)(v); }
__device__ __forceinline__ double cvt_u8_f64(u8 v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_i32_bool(i32 v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_i32_u8(i32 v) { return (u8)(v); }
__device__ __forceinline__ i32 cvt_i32_i32(i32 v) { return v; }
__device__ __forceinline__ i64 cvt_i32_i64(i32 v) { return (i64)(v); }
__device__ __forceinline__ float cvt_i32_f16(i32 v) { return i2f_odd((i64)(v)); }
__device__ __forceinline__ float cvt_i32_bf16(i32 v) { return i2f_odd((i64)(v)); }
__device__ __forceinline__ float cvt_i32_f32(i32 v) { return (float)(v); }
__device__ __forceinline__ double cvt_i32_f64(i32 v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_i64_bool(i64 v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_i64_u8(i64 v) { return (u8)(v); }
__device__ __forceinline__ i32 cvt_i64_i32(i64 v) { return (i32)(v); }
__device__ __forceinline__ i64 cvt_i64_i64(i64 v) { return v; }
__device__ __forceinline__ float cvt_i64_f16(i64 v) { return i2f_odd((i64)(v)); }
__device__ __forceinline__ float cvt_i64_bf16(i64 v) { return i2f_odd((i64)(v)); }
__device__ __forceinline__ float cvt_i64_f32(i64 v) { return (float)(v); }
__device__ __forceinline__ double cvt_i64_f64(i64 v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_f16_bool(float v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_f16_u8(float v) { return sat_u8((double)(v)); }
__device__ __forceinline__ i32 cvt_f16_i32(float v) { return sat_i32((double)(v)); }
__device__ __forceinline__ i64 cvt_f16_i64(float v) { return sat_i64((double)(v)); }
__device__ __forceinline__ float cvt_f16_f16(float v) { return v; }
__device__ __forceinline__ float cvt_f16_bf16(float v) { return v; }
__device__ __forceinline__ float cvt_f16_f32(float v) { return v; }
__device__ __forceinline__ double cvt_f16_f64(float v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_bf16_bool(float v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_bf16_u8(float v) { return sat_u8((double)(v)); }
__device__ __forceinline__ i32 cvt_bf16_i32(float v) { return sat_i32((double)(v)); }
__device__ __forceinline__ i64 cvt_bf16_i64(float v) { return sat_i64((double)(v)); }
__device__ __forceinline__ float cvt_bf16_f16(float v) { return v; }
__device__ __forceinline__ float cvt_bf16_bf16(float v) { return v; }
__device__ __forceinline__ float cvt_bf16_f32(float v) { return v; }
__device__ __forceinline__ double cvt_bf16_f64(float v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_f32_bool(float v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_f32_u8(float v) { return sat_u8((double)(v)); }
__device__ __forceinline__ i32 cvt_f32_i32(float v) { return sat_i32((double)(v)); }
__device__ __forceinline__ i64 cvt_f32_i64(float v) { return sat_i64((double)(v)); }
__device__ __forceinline__ float cvt_f32_f16(float v) { return v; }
__device__ __forceinline__ float cvt_f32_bf16(float v) { return v; }
__device__ __forceinline__ float cvt_f32_f32(float v) { return v; }
__device__ __forceinline__ double cvt_f32_f64(float v) { return (double)(v); }
__device__ __forceinline__ u8 cvt_f64_bool(double v) { return (u8)(v != 0); }
__device__ __forceinline__ u8 cvt_f64_u8(double v) { return sat_u8((double)(v)); }
__device__ __forceinline__ i32 cvt_f64_i32(double v) { return sat_i32((double)(v)); }
__device__ __forceinline__ i64 cvt_f64_i64(double v) { return sat_i64((double)(v)); }
__device__ __forceinline__ float cvt_f64_f16(double v) { return d2f_odd(v); }
__device__ __forceinline__ float cvt_f64_bf16(double v) { return d2f_odd(v); }
__device__ __forceinline__ float cvt_f64_f32(double v) { return (float)(v); }
__device__ __forceinline__ double cvt_f64_f64(double v) { return v; }
