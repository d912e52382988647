// @prelude

__device__ __forceinline__ double floordiv_double(double a, double b) {
    if (b == 0) return a / b;
    double m = fmod(a, b);
    double div = (a - m) / b;
    if (m != 0 && ((b < 0) != (m < 0))) div -= 1;
    if (div != 0) {
        double fd = floor(div);
        if (div - fd > (double)0.5) fd += 1;
        return fd;
    }
    return copysign((double)0, a / b);
}

extern "C" __global__ void binary_add_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a + b);
}

extern "C" __global__ void binary_sub_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a - b);
}

extern "C" __global__ void binary_mul_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a * b);
}

extern "C" __global__ void binary_div_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, a / b);
}

extern "C" __global__ void binary_pow_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, pow(a, b));
}

extern "C" __global__ void binary_atan2_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, atan2(a, b));
}

extern "C" __global__ void binary_maximum_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, (a >= b || isnan(a)) ? a : b);
}

extern "C" __global__ void binary_minimum_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, (a <= b || isnan(a)) ? a : b);
}

extern "C" __global__ void binary_fmod_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, fmod(a, b));
}

extern "C" __global__ void binary_floor_divide_f64(const double* x, Lay xl, const double* y, Lay yl, double* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_f64(out, i, floordiv_double(a, b));
}

extern "C" __global__ void binary_eq_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a == b));
}

extern "C" __global__ void binary_ne_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != b));
}

extern "C" __global__ void binary_lt_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a < b));
}

extern "C" __global__ void binary_le_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a <= b));
}

extern "C" __global__ void binary_gt_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a > b));
}

extern "C" __global__ void binary_ge_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a >= b));
}

extern "C" __global__ void binary_logical_and_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 && b != 0));
}

extern "C" __global__ void binary_logical_or_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)(a != 0 || b != 0));
}

extern "C" __global__ void binary_logical_xor_f64(const double* x, Lay xl, const double* y, Lay yl, u8* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    double a = LD_f64(x, at(&xl, i));
    double b = LD_f64(y, at(&yl, i));
    ST_bool(out, i, (u8)((a != 0) != (b != 0)));
}
