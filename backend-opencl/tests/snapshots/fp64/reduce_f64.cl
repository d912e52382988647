// @prelude

__kernel void reduce_sum_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    ACC s = 0, s_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = v;
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv;
        else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ST_f64(out, g, cvt_f64_f64(s));
#undef XJ
}

__kernel void reduce_prod_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    ACC p = 1;
    for (long j = 0; j < n; j++) p *= (ACC)XJ(j);
    ST_f64(out, g, cvt_f64_f64(p));
#undef XJ
}

__kernel void reduce_mean_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    ACC s = 0, s_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = v;
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv;
        else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ST_f64(out, g, cvt_f64_f64(s / (ACC)n));
#undef XJ
}

__kernel void reduce_max_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    double r = XJ(0);
    for (long j = 1; j < n; j++) { double v = XJ(j); if (isnan(r)) break; if (isnan(v) || v > r) r = v; }
    ST_f64(out, g, r);
#undef XJ
}

__kernel void reduce_min_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    double r = XJ(0);
    for (long j = 1; j < n; j++) { double v = XJ(j); if (isnan(r)) break; if (isnan(v) || v < r) r = v; }
    ST_f64(out, g, r);
#undef XJ
}

__kernel void reduce_argmax_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    double r = XJ(0);
    long bi = 0;
    if (!isnan(r)) for (long j = 1; j < n; j++) {
        double v = XJ(j);
        if (isnan(v)) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_argmin_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global long* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    double r = XJ(0);
    long bi = 0;
    if (!isnan(r)) for (long j = 1; j < n; j++) {
        double v = XJ(j);
        if (isnan(v)) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

__kernel void reduce_var_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    if (n == 0 || (ACC)n - ddof <= 0) {
        ST_f64(out, g, cvt_f64_f64((ACC)NAN));
        return;
    }
    ACC m = 0, m_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = v;
        ACC t = m + tv;
        if (fabs(m) >= fabs(tv)) m_c += (m - t) + tv;
        else m_c += (tv - t) + m;
        m = t;
    }
    if (!isinf(m)) m += m_c;
    m /= (ACC)n;
    ACC q = 0, q_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = (v - m) * (v - m);
        ACC t = q + tv;
        if (fabs(q) >= fabs(tv)) q_c += (q - t) + tv;
        else q_c += (tv - t) + q;
        q = t;
    }
    if (!isinf(q)) q += q_c;
    ACC r = q / ((ACC)n - ddof);
    ST_f64(out, g, cvt_f64_f64(r));
#undef XJ
}

__kernel void reduce_std_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    if (n == 0 || (ACC)n - ddof <= 0) {
        ST_f64(out, g, cvt_f64_f64((ACC)NAN));
        return;
    }
    ACC m = 0, m_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = v;
        ACC t = m + tv;
        if (fabs(m) >= fabs(tv)) m_c += (m - t) + tv;
        else m_c += (tv - t) + m;
        m = t;
    }
    if (!isinf(m)) m += m_c;
    m /= (ACC)n;
    ACC q = 0, q_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = (v - m) * (v - m);
        ACC t = q + tv;
        if (fabs(q) >= fabs(tv)) q_c += (q - t) + tv;
        else q_c += (tv - t) + q;
        q = t;
    }
    if (!isinf(q)) q += q_c;
    ACC r = q / ((ACC)n - ddof);
    r = sqrt(r);
    ST_f64(out, g, cvt_f64_f64(r));
#undef XJ
}

__kernel void reduce_logsumexp_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global double* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    if (n == 0) {
        ST_f64(out, g, cvt_f64_f64((ACC)-INFINITY));
        return;
    }
    ACC mx = (ACC)XJ(0);
    for (long j = 1; j < n; j++) { ACC v = (ACC)XJ(j); if (isnan(mx)) break; if (isnan(v) || v > mx) mx = v; }
    if (isnan(mx) || isinf(mx)) { ST_f64(out, g, cvt_f64_f64(mx)); return; }
    ACC s = 0, s_c = 0;
    for (long j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = exp(v - mx);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv;
        else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ST_f64(out, g, cvt_f64_f64(mx + log(s)));
#undef XJ
}

__kernel void reduce_all_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    uchar r = 1;
    for (long j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

__kernel void reduce_any_f64(__global const double* x, Lay ol, Lay il, long n, ACC ddof, __global uchar* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_f64(x, base + at(&il, (j)))
    uchar r = 0;
    for (long j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}
inline double exp_sub(double v, double m) { return exp(v - m); }
inline double softmax_y(double v, double m, double s) { return exp(v - m) / s; }

__kernel void softmax_softmax_f64(__global const double* x, Lay rl, long len, long sa, long inner, __global double* out) {
    long g = get_global_id(0);
    long base = at(&rl, g);
    long ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_f64(x, base);
    for (long k = 1; k < len; k++) {
        ACC v = (ACC)LD_f64(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (long k = 0; k < len; k++) {
        ACC tv = exp_sub((ACC)LD_f64(x, base + k * sa), m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (long k = 0; k < len; k++) {
        ACC v = (ACC)LD_f64(x, base + k * sa);
        ST_f64(out, ob + k * inner, cvt_f64_f64(softmax_y(v, m, s)));
    }
}

__kernel void softmax_log_softmax_f64(__global const double* x, Lay rl, long len, long sa, long inner, __global double* out) {
    long g = get_global_id(0);
    long base = at(&rl, g);
    long ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_f64(x, base);
    for (long k = 1; k < len; k++) {
        ACC v = (ACC)LD_f64(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (long k = 0; k < len; k++) {
        ACC tv = exp_sub((ACC)LD_f64(x, base + k * sa), m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (long k = 0; k < len; k++) {
        ACC v = (ACC)LD_f64(x, base + k * sa);
        ST_f64(out, ob + k * inner, cvt_f64_f64(v - m - ls));
    }
}
