// @prelude

extern "C" __global__ void reduce_sum_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    ACC s = 0, s_c = 0;
    for (i64 j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = v;
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv;
        else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ST_bf16(out, g, cvt_f64_bf16(s));
#undef XJ
}

extern "C" __global__ void reduce_prod_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    ACC p = 1;
    for (i64 j = 0; j < n; j++) p *= (ACC)XJ(j);
    ST_bf16(out, g, cvt_f64_bf16(p));
#undef XJ
}

extern "C" __global__ void reduce_mean_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    ACC s = 0, s_c = 0;
    for (i64 j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = v;
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv;
        else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ST_bf16(out, g, cvt_f64_bf16(s / (ACC)n));
#undef XJ
}

extern "C" __global__ void reduce_max_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    float r = XJ(0);
    for (i64 j = 1; j < n; j++) { float v = XJ(j); if (isnan(r)) break; if (isnan(v) || v > r) r = v; }
    ST_bf16(out, g, r);
#undef XJ
}

extern "C" __global__ void reduce_min_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    float r = XJ(0);
    for (i64 j = 1; j < n; j++) { float v = XJ(j); if (isnan(r)) break; if (isnan(v) || v < r) r = v; }
    ST_bf16(out, g, r);
#undef XJ
}

extern "C" __global__ void reduce_argmax_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    float r = XJ(0);
    i64 bi = 0;
    if (!isnan(r)) for (i64 j = 1; j < n; j++) {
        float v = XJ(j);
        if (isnan(v)) { bi = j; break; }
        if (v > r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

extern "C" __global__ void reduce_argmin_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, i64* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    float r = XJ(0);
    i64 bi = 0;
    if (!isnan(r)) for (i64 j = 1; j < n; j++) {
        float v = XJ(j);
        if (isnan(v)) { bi = j; break; }
        if (v < r) { r = v; bi = j; }
    }
    out[g] = bi;
#undef XJ
}

extern "C" __global__ void reduce_var_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    if (n == 0 || (ACC)n - ddof <= 0) {
        ST_bf16(out, g, cvt_f64_bf16((ACC)K_NAN));
        return;
    }
    ACC m = 0, m_c = 0;
    for (i64 j = 0; j < n; j++) {
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
    for (i64 j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = (v - m) * (v - m);
        ACC t = q + tv;
        if (fabs(q) >= fabs(tv)) q_c += (q - t) + tv;
        else q_c += (tv - t) + q;
        q = t;
    }
    if (!isinf(q)) q += q_c;
    ACC r = q / ((ACC)n - ddof);
    ST_bf16(out, g, cvt_f64_bf16(r));
#undef XJ
}

extern "C" __global__ void reduce_std_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    if (n == 0 || (ACC)n - ddof <= 0) {
        ST_bf16(out, g, cvt_f64_bf16((ACC)K_NAN));
        return;
    }
    ACC m = 0, m_c = 0;
    for (i64 j = 0; j < n; j++) {
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
    for (i64 j = 0; j < n; j++) {
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
    ST_bf16(out, g, cvt_f64_bf16(r));
#undef XJ
}

extern "C" __global__ void reduce_logsumexp_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    if (n == 0) {
        ST_bf16(out, g, cvt_f64_bf16((ACC)-K_INF));
        return;
    }
    ACC mx = (ACC)XJ(0);
    for (i64 j = 1; j < n; j++) { ACC v = (ACC)XJ(j); if (isnan(mx)) break; if (isnan(v) || v > mx) mx = v; }
    if (isnan(mx) || isinf(mx)) { ST_bf16(out, g, cvt_f64_bf16(mx)); return; }
    ACC s = 0, s_c = 0;
    for (i64 j = 0; j < n; j++) {
        ACC v = (ACC)XJ(j);
        ACC tv = exp(v - mx);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv;
        else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ST_bf16(out, g, cvt_f64_bf16(mx + log(s)));
#undef XJ
}

extern "C" __global__ void reduce_all_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u8* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    u8 r = 1;
    for (i64 j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
#undef XJ
}

extern "C" __global__ void reduce_any_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u8* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_bf16(x, base + at(&il, (j)))
    u8 r = 0;
    for (i64 j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
#undef XJ
}

extern "C" __global__ void __launch_bounds__(256) reduce_sum_blk_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    __shared__ double ps[256];
    __shared__ double pc[256];
    i64 g = blockIdx.x;
    if (g >= nout) return;
    i64 base = at(&ol, g);
    int t = threadIdx.x;
    double s = 0, c = 0;
    for (i64 j = t; j < n; j += 256) {
        double v = (double)LD_bf16(x, base + at(&il, j));
        double u = s + v;
        if (fabs(s) >= fabs(v)) c += (s - u) + v; else c += (v - u) + s;
        s = u;
    }
    ps[t] = s;
    pc[t] = c;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) {
            double a = ps[t], b = ps[t + w];
            double u = a + b;
            double e = fabs(a) >= fabs(b) ? (a - u) + b : (b - u) + a;
            ps[t] = u;
            pc[t] += pc[t + w] + e;
        }
        __syncthreads();
    }
    if (t == 0) {
        double r = ps[0];
        if (!isinf(r)) r += pc[0];
        ST_bf16(out, g, cvt_f64_bf16(r));
    }
}

extern "C" __global__ void __launch_bounds__(256) reduce_mean_blk_bf16(const u16* x, Lay ol, Lay il, i64 n, ACC ddof, u16* out, i64 nout) {
    __shared__ double ps[256];
    __shared__ double pc[256];
    i64 g = blockIdx.x;
    if (g >= nout) return;
    i64 base = at(&ol, g);
    int t = threadIdx.x;
    double s = 0, c = 0;
    for (i64 j = t; j < n; j += 256) {
        double v = (double)LD_bf16(x, base + at(&il, j));
        double u = s + v;
        if (fabs(s) >= fabs(v)) c += (s - u) + v; else c += (v - u) + s;
        s = u;
    }
    ps[t] = s;
    pc[t] = c;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) {
            double a = ps[t], b = ps[t + w];
            double u = a + b;
            double e = fabs(a) >= fabs(b) ? (a - u) + b : (b - u) + a;
            ps[t] = u;
            pc[t] += pc[t + w] + e;
        }
        __syncthreads();
    }
    if (t == 0) {
        double r = ps[0];
        if (!isinf(r)) r += pc[0];
        ST_bf16(out, g, cvt_f64_bf16(r / (double)n));
    }
}
__device__ __forceinline__ double exp_sub(double v, double m) { return exp(v - m); }
__device__ __forceinline__ double softmax_y(double v, double m, double s) { return exp(v - m) / s; }

extern "C" __global__ void softmax_softmax_bf16(const u16* x, Lay rl, i64 len, i64 sa, i64 inner, u16* out, i64 rows) {
    i64 g = GID();
    if (g >= rows) return;
    i64 base = at(&rl, g);
    i64 ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_bf16(x, base);
    for (i64 k = 1; k < len; k++) {
        ACC v = (ACC)LD_bf16(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (i64 k = 0; k < len; k++) {
        ACC tv = exp_sub((ACC)LD_bf16(x, base + k * sa), m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (i64 k = 0; k < len; k++) {
        ACC v = (ACC)LD_bf16(x, base + k * sa);
        ST_bf16(out, ob + k * inner, cvt_f64_bf16(softmax_y(v, m, s)));
    }
}

extern "C" __global__ void softmax_log_softmax_bf16(const u16* x, Lay rl, i64 len, i64 sa, i64 inner, u16* out, i64 rows) {
    i64 g = GID();
    if (g >= rows) return;
    i64 base = at(&rl, g);
    i64 ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_bf16(x, base);
    for (i64 k = 1; k < len; k++) {
        ACC v = (ACC)LD_bf16(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (i64 k = 0; k < len; k++) {
        ACC tv = exp_sub((ACC)LD_bf16(x, base + k * sa), m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (i64 k = 0; k < len; k++) {
        ACC v = (ACC)LD_bf16(x, base + k * sa);
        ST_bf16(out, ob + k * inner, cvt_f64_bf16(v - m - ls));
    }
}
