/*
 * c-minimal: a tensor-core backend plugin written in C against
 * tensor-core/include/tensor_backend.h alone (no Rust). It proves the plugin
 * ABI can be implemented outside Rust, and is the C author's starting point.
 *
 * It implements f32 add, mul, exp and sum on the host CPU and declares every
 * other op unsupported (supports() returns 0, the entry returns a typed
 * TENSOR_ERROR_UNSUPPORTED error). Buffers of every dtype can be allocated,
 * uploaded and downloaded (the host needs e.g. bool buffers for cases of ops
 * this plugin does not implement). It declares ABI 1.2: an op allocates its
 * output itself when out->buffer is NULL.
 *
 * Built and graded by conformance/tests/c_plugin.rs:
 *   cc -shared -fPIC -O2 -std=c11 -I tensor-core/include plugin.c -lm
 * Test-only variants (never defined in a real build): C_MINIMAL_BREAK_NULL_ENTRY,
 * C_MINIMAL_BREAK_MAJOR, C_MINIMAL_BREAK_INFO, C_MINIMAL_PLANT_ADD_BUG.
 *
 * Thread safety: the backend is stateless and every call touches only its
 * own arguments, so all entries may run concurrently (see the header).
 */
#include "tensor_backend.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLUGIN_NAME "c-minimal"
#define DEVICE_NAME "host CPU (portable C)"

/* ---- dtypes and op names (the names the host uses in errors) ------------- */

static const char *const DTYPE_NAMES[] = {"bool", "u8", "i32", "i64", "f16", "bf16", "f32", "f64"};
static const size_t DTYPE_SIZES[] = {1, 1, 4, 8, 2, 2, 4, 8};
#define N_DTYPES (sizeof DTYPE_SIZES / sizeof DTYPE_SIZES[0])

static const char *const UNARY_NAMES[] = {
    "neg", "abs", "sign", "sqrt", "rsqrt", "exp", "exp2", "expm1", "log", "log2",
    "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
    "tanh", "asinh", "acosh", "atanh", "erf", "sigmoid", "relu", "floor", "ceil",
    "round", "trunc", "reciprocal", "square", "isnan", "isinf", "isfinite", "logical_not"};
static const char *const BINARY_NAMES[] = {
    "add", "sub", "mul", "div", "pow", "atan2", "maximum", "minimum", "fmod",
    "floor_divide", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
    "logical_xor"};
static const char *const REDUCE_NAMES[] = {
    "sum", "prod", "mean", "max", "min", "argmax", "argmin", "var", "std",
    "logsumexp", "all", "any"};
static const char *const SOFTMAX_NAMES[] = {"softmax", "log_softmax"};
static const char *const RAND_NAMES[] = {"rand", "randn"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors: code plus the JSON of tensor_core::Error --------------------- */

/* Returned when even the error cannot be allocated; error_free never frees it. */
static char OOM_MESSAGE[] =
    "{\"OutOfMemory\":{\"backend\":\"" PLUGIN_NAME "\",\"bytes\":0,\"detail\":\"allocating an error message\"}}";
static TensorCError OOM_ERROR = {TENSOR_ERROR_OUT_OF_MEMORY, OOM_MESSAGE};

/* `s` as a JSON string literal (quotes included) appended to `dst` (size `cap`). */
static size_t json_string(char *dst, size_t cap, const char *s) {
    size_t n = 0;
#define PUT(c) do { if (n + 1 < cap) dst[n] = (c); n++; } while (0)
    PUT('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            PUT('\\');
            PUT((char)c);
        } else if (c < 0x20) {
            char esc[7];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            for (int i = 0; esc[i]; i++) PUT(esc[i]);
        } else {
            PUT((char)c); /* UTF-8 passes through unchanged */
        }
    }
    PUT('"');
#undef PUT
    if (cap) dst[n < cap ? n : cap - 1] = '\0';
    return n;
}

static TensorStatus make_error(uint32_t code, char *json) {
    if (!json) return &OOM_ERROR;
    TensorCError *e = malloc(sizeof *e);
    if (!e) {
        free(json);
        return &OOM_ERROR;
    }
    e->code = code;
    e->message = json;
    return e;
}

/* {"<variant>":{"<k1>":"<v1>","<k2>":"<v2>"}} with the values JSON-escaped. */
static TensorStatus error2(uint32_t code, const char *variant, const char *k1, const char *v1,
                           const char *k2, const char *v2) {
    size_t cap = 64 + strlen(variant) + strlen(k1) + strlen(k2) + 6 * (strlen(v1) + strlen(v2));
    char *json = malloc(cap);
    if (!json) return &OOM_ERROR;
    size_t n = (size_t)snprintf(json, cap, "{\"%s\":{\"%s\":", variant, k1);
    n += json_string(json + n, cap - n, v1);
    n += (size_t)snprintf(json + n, cap - n, ",\"%s\":", k2);
    n += json_string(json + n, cap - n, v2);
    snprintf(json + n, cap - n, "}}");
    return make_error(code, json);
}

static TensorStatus invalid(const char *op, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return error2(TENSOR_ERROR_INVALID_ARGUMENT, "InvalidArgument", "op", op, "msg", msg);
}

static TensorStatus unsupported(const char *op, uint32_t dtype) {
    char json[256];
    snprintf(json, sizeof json,
             "{\"Unsupported\":{\"op\":\"%s\",\"dtype\":\"%s\",\"backend\":\"" PLUGIN_NAME "\"}}",
             op, DTYPE_NAMES[dtype]);
    size_t n = strlen(json) + 1;
    char *copy = malloc(n);
    if (copy) memcpy(copy, json, n);
    return make_error(TENSOR_ERROR_UNSUPPORTED, copy);
}

static TensorStatus out_of_memory(size_t bytes) {
    char *json = malloc(128);
    if (!json) return &OOM_ERROR;
    snprintf(json, 128, "{\"OutOfMemory\":{\"backend\":\"" PLUGIN_NAME "\",\"bytes\":%zu}}", bytes);
    return make_error(TENSOR_ERROR_OUT_OF_MEMORY, json);
}

static void error_free(TensorStatus e) {
    if (!e || e == &OOM_ERROR) return;
    free(e->message);
    free(e);
}

static void string_free(char *s) { free(s); }

/* ---- backend and buffers ------------------------------------------------- */

typedef struct Backend {
    size_t index; /* always 0: one device */
} Backend;

typedef struct Buffer {
    uint32_t dtype;
    size_t len; /* elements */
    void *data; /* len * size bytes, at least 1 byte */
} Buffer;

static TensorStatus new_buffer(uint32_t dtype, size_t len, Buffer **out) {
    size_t size = DTYPE_SIZES[dtype];
    if (len > SIZE_MAX / size) return out_of_memory(SIZE_MAX);
    size_t bytes = len * size;
    Buffer *b = malloc(sizeof *b);
    void *data = malloc(bytes ? bytes : 1);
    if (!b || !data) {
        free(b);
        free(data);
        return out_of_memory(bytes);
    }
    b->dtype = dtype;
    b->len = len;
    b->data = data;
    *out = b;
    return NULL;
}

static void free_buffer(Buffer *b) {
    if (!b) return;
    free(b->data);
    free(b);
}

static TensorStatus create_device(size_t index, void **out) {
    if (!out) return invalid("abi", "null out pointer");
    if (index != 0) {
        char reason[128];
        snprintf(reason, sizeof reason, "device index %zu out of range: this plugin has one device (0)",
                 index);
        return error2(TENSOR_ERROR_UNAVAILABLE, "Unavailable", "backend", PLUGIN_NAME, "reason", reason);
    }
    Backend *b = malloc(sizeof *b);
    if (!b) return out_of_memory(sizeof *b);
    b->index = index;
    *out = b;
    return NULL;
}

static TensorStatus create_with_options(size_t index, const char *options, void **out) {
    if (options && options[0]) {
        /* The Rust BackendOptions rule: unknown keys are an InvalidArgument error. */
        return invalid("backend options", PLUGIN_NAME " accepts no options, got: %s", options);
    }
    return create_device(index, out);
}

static void destroy(void *be) { free(be); }

static TensorStatus info_json(const void *be, char **out) {
    if (!be) return invalid("abi", "null backend handle");
    if (!out) return invalid("abi", "null out pointer");
#ifdef C_MINIMAL_BREAK_INFO
    static const char info[] = "{\"name\": 3}";
#else
    static const char info[] =
        "{\"name\":\"" PLUGIN_NAME "\",\"version\":\"0.1.0\",\"device\":\"" DEVICE_NAME "\","
        "\"devices\":[\"" DEVICE_NAME "\"],\"dtypes\":[\"f32\"],\"math_mode\":\"ieee\","
        "\"denormals\":\"preserved\",\"reduction\":\"sequential in C order, float64 accumulator\","
        "\"blas\":null,\"extra\":{\"language\":\"C\"}}";
#endif
    char *s = malloc(sizeof info);
    if (!s) return out_of_memory(sizeof info);
    memcpy(s, info, sizeof info);
    *out = s;
    return NULL;
}

static uint8_t supports(const void *be, uint32_t family, uint32_t code, uint32_t dtype) {
    if (!be || dtype != TENSOR_DTYPE_F32) return 0;
    switch (family) {
    case TENSOR_FAMILY_UNARY: return code == TENSOR_UNARY_EXP;
    case TENSOR_FAMILY_BINARY: return code == TENSOR_BINARY_ADD || code == TENSOR_BINARY_MUL;
    case TENSOR_FAMILY_REDUCE: return code == TENSOR_REDUCE_SUM;
    default: return 0;
    }
}

static TensorStatus alloc(const void *be, uint32_t dtype, size_t len, void **out) {
    if (!be) return invalid("abi", "null backend handle");
    if (!out) return invalid("abi", "null out pointer");
    if (dtype >= N_DTYPES) return invalid("abi", "unknown dtype code %u", (unsigned)dtype);
    return new_buffer(dtype, len, (Buffer **)out);
}

static void buffer_free(const void *be, void *buf) {
    (void)be;
    free_buffer(buf);
}

static TensorStatus upload(const void *be, void *buf, const uint8_t *src, size_t len) {
    Buffer *b = buf;
    if (!be || !b) return invalid("upload", "null backend or buffer");
    if (len != b->len * DTYPE_SIZES[b->dtype])
        return invalid("upload", "%zu bytes for a buffer of %zu bytes", len, b->len * DTYPE_SIZES[b->dtype]);
    if (len) memcpy(b->data, src, len);
    return NULL;
}

static TensorStatus download(const void *be, const void *buf, uint8_t *dst, size_t len) {
    const Buffer *b = buf;
    if (!be || !b) return invalid("download", "null backend or buffer");
    if (len != b->len * DTYPE_SIZES[b->dtype])
        return invalid("download", "%zu bytes from a buffer of %zu bytes", len, b->len * DTYPE_SIZES[b->dtype]);
    if (len) memcpy(dst, b->data, len);
    return NULL;
}

/* ---- argument checks ------------------------------------------------------ */

/* Number of elements of `shape`, or an error on overflow. */
static TensorStatus numel(const char *op, uint32_t ndim, const size_t *shape, size_t *n) {
    if (ndim && !shape) return invalid(op, "null shape with ndim %u", (unsigned)ndim);
    size_t p = 1;
    for (uint32_t d = 0; d < ndim; d++) {
        if (shape[d] && p > SIZE_MAX / shape[d]) return invalid(op, "shape overflows");
        p *= shape[d];
    }
    *n = p;
    return NULL;
}

/* Validates an input: known dtype, live buffer of that dtype, layout inside it. */
static TensorStatus check_src(const char *op, const TensorCTensor *t, const Buffer **buf) {
    if (!t) return invalid("abi", "null tensor argument");
    if (t->dtype >= N_DTYPES) return invalid("abi", "unknown dtype code %u", (unsigned)t->dtype);
    const Buffer *b = t->buffer;
    if (!b) return invalid("abi", "null buffer");
    if (b->dtype != t->dtype)
        return invalid(op, "tensor says %s but its buffer holds %s", DTYPE_NAMES[t->dtype], DTYPE_NAMES[b->dtype]);
    size_t n;
    TensorStatus st = numel(op, t->ndim, t->shape, &n);
    if (st) return st;
    if (t->ndim && !t->strides) return invalid(op, "null strides with ndim %u", (unsigned)t->ndim);
    if (n) {
        /* Lowest and highest element offsets reached, relative to `offset`. */
        size_t below = 0, above = 0;
        for (uint32_t d = 0; d < t->ndim; d++) {
            size_t span = t->shape[d] - 1;
            ptrdiff_t s = t->strides[d];
            size_t mag = s < 0 ? (size_t)0 - (size_t)s : (size_t)s;
            if (span && mag > SIZE_MAX / span) return invalid(op, "strides overflow");
            size_t ext = span * mag;
            size_t *side = s < 0 ? &below : &above;
            if (*side > SIZE_MAX - ext) return invalid(op, "strides overflow");
            *side += ext;
        }
        if (below > t->offset || t->offset - below >= b->len || above >= b->len - t->offset)
            return invalid(op, "layout does not fit a buffer of %zu elements", b->len);
    }
    *buf = b;
    return NULL;
}

/* Validates the output and gets its buffer: the host's, or (ABI 1.2, out->buffer NULL) a
   fresh one the caller hands over with `commit` or frees on failure. */
static TensorStatus check_out(const char *op, TensorCOut *o, uint32_t dtype, Buffer **buf, size_t *n) {
    if (!o) return invalid("abi", "null output argument");
    if (o->dtype != dtype)
        return invalid(op, "output dtype code %u, expected %s", (unsigned)o->dtype, DTYPE_NAMES[dtype]);
    TensorStatus st = numel(op, o->ndim, o->shape, n);
    if (st) return st;
    if (!o->buffer) return new_buffer(dtype, *n, buf);
    Buffer *b = o->buffer;
    if (b->dtype != dtype || b->len != *n)
        return invalid("abi", "output buffer holds %zu elements of %s, shape needs %zu of %s", b->len,
                       DTYPE_NAMES[b->dtype], *n, DTYPE_NAMES[dtype]);
    *buf = b;
    return NULL;
}

static void commit(TensorCOut *o, Buffer *b) {
    if (!o->buffer) o->buffer = b;
}

static TensorStatus same_shape(const char *op, const TensorCTensor *x, const TensorCOut *o) {
    if (x->ndim != o->ndim || (x->ndim && memcmp(x->shape, o->shape, x->ndim * sizeof(size_t))))
        return invalid(op, "input and output shapes differ");
    return NULL;
}

/* ---- a strided walk over a shape, in C order, for up to 2 inputs + 1 extra stream ---- */

typedef struct Walk {
    uint32_t ndim;
    const size_t *shape;
    size_t *idx;                 /* ndim counters */
    int streams;
    const ptrdiff_t *strides[3]; /* per stream */
    ptrdiff_t pos[3];            /* current element offset per stream */
} Walk;

static void walk_next(Walk *w) {
    for (uint32_t d = w->ndim; d-- > 0;) {
        for (int k = 0; k < w->streams; k++) w->pos[k] += w->strides[k][d];
        if (++w->idx[d] < w->shape[d]) return;
        for (int k = 0; k < w->streams; k++) w->pos[k] -= w->strides[k][d] * (ptrdiff_t)w->shape[d];
        w->idx[d] = 0;
    }
}

/* ---- the ops ------------------------------------------------------------- */

static TensorStatus unary(const void *be, uint32_t op, const TensorCTensor *x, TensorCOut *out) {
    if (!be) return invalid("abi", "null backend handle");
    if (op >= COUNT(UNARY_NAMES)) return invalid("abi", "unknown op code %u (plugin older than host?)", (unsigned)op);
    const Buffer *xb;
    TensorStatus st = check_src(UNARY_NAMES[op], x, &xb);
    if (st) return st;
    if (op != TENSOR_UNARY_EXP || x->dtype != TENSOR_DTYPE_F32) return unsupported(UNARY_NAMES[op], x->dtype);
    if ((st = same_shape("exp", x, out))) return st;
    Buffer *ob;
    size_t n;
    if ((st = check_out("exp", out, TENSOR_DTYPE_F32, &ob, &n))) return st;
    size_t *idx = calloc(x->ndim ? x->ndim : 1, sizeof *idx);
    if (!idx) {
        if (!out->buffer) free_buffer(ob);
        return out_of_memory(x->ndim * sizeof *idx);
    }
    Walk w = {x->ndim, x->shape, idx, 1, {x->strides}, {(ptrdiff_t)x->offset}};
    const float *xs = xb->data;
    float *o = ob->data;
    for (size_t i = 0; i < n; i++, walk_next(&w)) o[i] = expf(xs[w.pos[0]]);
    free(idx);
    commit(out, ob);
    return NULL;
}

static TensorStatus binary(const void *be, uint32_t op, const TensorCTensor *a, const TensorCTensor *b,
                           TensorCOut *out) {
    if (!be) return invalid("abi", "null backend handle");
    if (op >= COUNT(BINARY_NAMES)) return invalid("abi", "unknown op code %u (plugin older than host?)", (unsigned)op);
    const char *name = BINARY_NAMES[op];
    const Buffer *ab, *bb;
    TensorStatus st;
    if ((st = check_src(name, a, &ab)) || (st = check_src(name, b, &bb))) return st;
    if ((op != TENSOR_BINARY_ADD && op != TENSOR_BINARY_MUL) || a->dtype != TENSOR_DTYPE_F32)
        return unsupported(name, a->dtype);
    if (b->dtype != a->dtype) return invalid(name, "operand dtypes differ");
    if ((st = same_shape(name, a, out)) || (st = same_shape(name, b, out))) return st;
    Buffer *ob;
    size_t n;
    if ((st = check_out(name, out, TENSOR_DTYPE_F32, &ob, &n))) return st;
    size_t *idx = calloc(a->ndim ? a->ndim : 1, sizeof *idx);
    if (!idx) {
        if (!out->buffer) free_buffer(ob);
        return out_of_memory(a->ndim * sizeof *idx);
    }
    Walk w = {a->ndim, a->shape, idx, 2, {a->strides, b->strides}, {(ptrdiff_t)a->offset, (ptrdiff_t)b->offset}};
    const float *x = ab->data, *y = bb->data;
    float *o = ob->data;
    if (op == TENSOR_BINARY_ADD) {
        for (size_t i = 0; i < n; i++, walk_next(&w)) {
            o[i] = x[w.pos[0]] + y[w.pos[1]];
#ifdef C_MINIMAL_PLANT_ADD_BUG
            if (i % 7 == 3) o[i] = nextafterf(o[i], INFINITY); /* 1 ulp off: must be graded as a failure */
#endif
        }
    } else {
        for (size_t i = 0; i < n; i++, walk_next(&w)) o[i] = x[w.pos[0]] * y[w.pos[1]];
    }
    free(idx);
    commit(out, ob);
    return NULL;
}

static TensorStatus reduce(const void *be, uint32_t op, const TensorCTensor *x, const size_t *axes,
                           size_t naxes, double ddof, TensorCOut *out) {
    (void)ddof; /* var/std only */
    if (!be) return invalid("abi", "null backend handle");
    if (op >= COUNT(REDUCE_NAMES)) return invalid("abi", "unknown op code %u (plugin older than host?)", (unsigned)op);
    const Buffer *xb;
    TensorStatus st = check_src(REDUCE_NAMES[op], x, &xb);
    if (st) return st;
    if (op != TENSOR_REDUCE_SUM || x->dtype != TENSOR_DTYPE_F32) return unsupported(REDUCE_NAMES[op], x->dtype);
    if (naxes && !axes) return invalid("sum", "null axes");
    if (!out) return invalid("abi", "null output argument");
    /* The host's promise, checked: axes sorted, distinct, in range; out = x without them. */
    uint32_t nd = x->ndim;
    if (naxes > nd || out->ndim != nd - naxes || (out->ndim && !out->shape))
        return invalid("sum", "output rank does not match the axes");
    ptrdiff_t *ostr = calloc(nd ? nd : 1, sizeof *ostr); /* output stride of each input axis */
    size_t *idx = calloc(nd ? nd : 1, sizeof *idx);
    if (!ostr || !idx) {
        free(ostr);
        free(idx);
        return out_of_memory(2 * nd * sizeof(size_t));
    }
    size_t k = 0, j = out->ndim;
    ptrdiff_t stride = 1;
    for (uint32_t d = nd; d-- > 0;) {
        int reduced = k < naxes && axes[naxes - 1 - k] == d;
        if (reduced) {
            k++;
            ostr[d] = 0;
        } else if (j == 0 || out->shape[--j] != x->shape[d]) {
            free(ostr);
            free(idx);
            return invalid("sum", "output shape does not match the input without the axes");
        } else {
            ostr[d] = stride;
            stride *= (ptrdiff_t)x->shape[d];
        }
    }
    if (k != naxes) {
        free(ostr);
        free(idx);
        return invalid("sum", "axes must be sorted, distinct and below the rank");
    }
    Buffer *ob;
    size_t n_out, n_in;
    if ((st = check_out("sum", out, TENSOR_DTYPE_F32, &ob, &n_out)) || (st = numel("sum", nd, x->shape, &n_in))) {
        free(ostr);
        free(idx);
        return st;
    }
    double *acc = calloc(n_out ? n_out : 1, sizeof *acc);
    if (!acc) {
        free(ostr);
        free(idx);
        if (!out->buffer) free_buffer(ob);
        return out_of_memory(n_out * sizeof *acc);
    }
    /* Every f32 is exact in f64 and the sums are rounded to f32 once at the end. */
    Walk w = {nd, x->shape, idx, 2, {x->strides, ostr}, {(ptrdiff_t)x->offset, 0}};
    const float *xs = xb->data;
    for (size_t i = 0; i < n_in; i++, walk_next(&w)) acc[w.pos[1]] += (double)xs[w.pos[0]];
    float *o = ob->data;
    for (size_t i = 0; i < n_out; i++) o[i] = (float)acc[i];
    free(acc);
    free(ostr);
    free(idx);
    commit(out, ob);
    return NULL;
}

/* ---- everything else: typed "unsupported" -------------------------------- */

static TensorStatus unsupported_in(const void *be, const char *op, const TensorCTensor *x) {
    const Buffer *xb;
    if (!be) return invalid("abi", "null backend handle");
    TensorStatus st = check_src(op, x, &xb);
    return st ? st : unsupported(op, x->dtype);
}

static TensorStatus unsupported_out(const void *be, const char *op, const TensorCOut *out) {
    if (!be) return invalid("abi", "null backend handle");
    if (!out) return invalid("abi", "null output argument");
    if (out->dtype >= N_DTYPES) return invalid("abi", "unknown dtype code %u", (unsigned)out->dtype);
    return unsupported(op, out->dtype);
}

static TensorStatus copy(const void *be, const TensorCTensor *x, TensorCOut *out) {
    (void)out;
    return unsupported_in(be, "contiguous", x);
}

static TensorStatus where_(const void *be, const TensorCTensor *c, const TensorCTensor *a, const TensorCTensor *b,
                           TensorCOut *out) {
    (void)c, (void)b, (void)out;
    return unsupported_in(be, "where", a);
}

static TensorStatus cast(const void *be, const TensorCTensor *x, TensorCOut *out) {
    (void)out;
    return unsupported_in(be, "cast", x);
}

static TensorStatus softmax(const void *be, uint32_t op, const TensorCTensor *x, size_t axis, TensorCOut *out) {
    (void)axis, (void)out;
    if (op >= COUNT(SOFTMAX_NAMES)) return invalid("abi", "unknown op code %u (plugin older than host?)", (unsigned)op);
    return unsupported_in(be, SOFTMAX_NAMES[op], x);
}

static TensorStatus matmul(const void *be, const TensorCTensor *a, const TensorCTensor *b, TensorCOut *out) {
    (void)b, (void)out;
    return unsupported_in(be, "matmul", a);
}

static TensorStatus fill(const void *be, TensorScalar value, TensorCOut *out) {
    (void)value;
    return unsupported_out(be, "full", out);
}

static TensorStatus arange(const void *be, TensorScalar start, TensorScalar step, TensorCOut *out) {
    (void)start, (void)step;
    return unsupported_out(be, "arange", out);
}

static TensorStatus linspace(const void *be, double start, double stop, uint8_t endpoint, TensorCOut *out) {
    (void)start, (void)stop, (void)endpoint;
    return unsupported_out(be, "linspace", out);
}

static TensorStatus rand_(const void *be, uint32_t dist, uint64_t seed, TensorCOut *out) {
    (void)seed;
    if (dist >= COUNT(RAND_NAMES)) return invalid("abi", "unknown op code %u (plugin older than host?)", (unsigned)dist);
    return unsupported_out(be, RAND_NAMES[dist], out);
}

/* ---- the table and the entry symbol -------------------------------------- */

static const TensorPluginApi API = {
    .struct_size = sizeof(TensorPluginApi),
#ifdef C_MINIMAL_BREAK_MAJOR
    .abi_major = TENSOR_ABI_MAJOR + 1,
#else
    .abi_major = TENSOR_ABI_MAJOR,
#endif
    .abi_minor = TENSOR_ABI_MINOR,
    .error_free = error_free,
    .string_free = string_free,
    .create = create_device,
    .destroy = destroy,
    .info_json = info_json,
    .supports = supports,
    .alloc = alloc,
    .free = buffer_free,
    .upload = upload,
    .download = download,
    .copy = copy,
    .unary = unary,
    .binary = binary,
    .where_ = where_,
#ifdef C_MINIMAL_BREAK_NULL_ENTRY
    .cast = NULL,
#else
    .cast = cast,
#endif
    .reduce = reduce,
    .softmax = softmax,
    .matmul = matmul,
    .fill = fill,
    .arange = arange,
    .linspace = linspace,
    .rand = rand_,
    .synchronize = NULL, /* synchronous: every op has finished when it returns */
    .create_with_options = create_with_options,
};

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
const TensorPluginApi *tensor_plugin_entry(void) {
#ifdef C_MINIMAL_BREAK_NULL_ENTRY
    (void)cast; /* left out of the table on purpose */
#endif
    return &API;
}
