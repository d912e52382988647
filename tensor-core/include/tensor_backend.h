/*
 * tensor_backend.h: the C ABI of tensor-core backend plugins, version 1.2.
 *
 * This header mirrors tensor-core/src/abi.rs (the definition; this file is a
 * hand-written copy). tensor-core/tests/c_header.rs compiles it with
 * _Static_assert checks of every struct size, field offset and constant
 * against the Rust definitions, so the two cannot drift apart silently.
 * Rust authors do not need this header: they implement the Backend trait and
 * call tensor_core::export_backend!. A plugin written in C against this
 * header alone: conformance/tests/plugins/c-minimal/plugin.c.
 *
 * Requires C99 (or C++). Everything is little-endian x86-64/aarch64 data as
 * the host sees it; `size_t` is Rust's `usize`, `ptrdiff_t` is `isize`.
 *
 * ENTRY SYMBOL
 *   A plugin is a shared library that exports one symbol,
 *       const TensorPluginApi *tensor_plugin_entry(void);
 *   (TENSOR_ENTRY_SYMBOL). It returns a pointer to a function table that must
 *   stay valid, unchanged, for as long as the library is loaded (a static
 *   const table). The host calls the entry point once per load and copies the
 *   table. Returning NULL makes the load fail.
 *
 * VERSIONS AND struct_size
 *   The table starts with struct_size, abi_major, abi_minor (these three
 *   fields never move). Fields are only ever appended (a minor bump);
 *   removing or retyping one is a major bump. The host:
 *   - refuses a table whose abi_major is not TENSOR_ABI_MAJOR, with a message
 *     that names both versions;
 *   - refuses a table with struct_size < TENSOR_ABI_1_0_SIZE (the 1.0 fields);
 *   - copies min(struct_size, its own table size) bytes; fields past the
 *     plugin's struct_size read as NULL (absent). Fields this header does not
 *     know (a newer plugin's) are ignored.
 *   Set struct_size = sizeof(TensorPluginApi), abi_major = TENSOR_ABI_MAJOR,
 *   abi_minor = TENSOR_ABI_MINOR when compiling against this header.
 *
 *   What a plugin of each minor version must fill:
 *   - 1.0: every field from error_free to rand. These are MANDATORY and never
 *     NULL: a table with any of them NULL is refused at load time with a
 *     message naming the NULL entries. An op the plugin does not implement is
 *     still a non-NULL function that returns a TENSOR_ERROR_UNSUPPORTED error
 *     (and supports() returns 0 for it).
 *   - 1.1: appended synchronize and create_with_options. Both may be NULL:
 *     synchronize == NULL means the backend is synchronous (every op has
 *     finished when its call returns) and the host never calls it;
 *     create_with_options == NULL means the plugin accepts no spec options
 *     (`name?k=v`), and a spec with options is refused at load time.
 *   - 1.2: no new field; a protocol change for op outputs (see TensorCOut):
 *     a host passes out->buffer == NULL to plugins whose abi_minor >= 2 and
 *     the op allocates the output itself. A plugin declaring abi_minor 2
 *     must handle both a NULL and a non-NULL out->buffer. Plugins declaring
 *     minor 0 or 1 always get a buffer from alloc.
 *
 * OWNERSHIP
 *   - Backend handle (`void *be`): made by create/create_with_options, owned
 *     by the host, passed to every call, destroyed once by destroy after all
 *     of its buffers were freed.
 *   - Buffers (`void *buf`): made by alloc (or by an op, 1.2), owned by the
 *     host, freed once by free on the backend that made them. The host keeps
 *     the library loaded while any backend or buffer it created is alive.
 *   - TensorCError: allocated by the plugin, owned by the host once returned,
 *     freed once by the plugin's error_free (which frees the message too).
 *   - Strings the plugin returns (info_json's output) are freed by the host
 *     with the plugin's string_free.
 *   - Everything the host passes in (TensorCTensor and TensorCOut structs,
 *     their shape/strides arrays, axes, src/dst byte ranges, the options
 *     string) is owned by the host and valid only for the duration of the
 *     call: copy what you keep.
 *
 * ERRORS
 *   Every function that can fail returns TensorStatus: NULL on success, else
 *   a TensorCError { code, message }. `code` is a TensorErrorCode; `message`
 *   is NUL-terminated UTF-8 holding the JSON of the Rust `tensor_core::Error`
 *   enum in serde's externally tagged form, an object with one key, the
 *   variant name, whose value is an object of its fields:
 *     {"ShapeMismatch":   {"op": str, "lhs": [uint], "rhs": [uint]}}
 *     {"InvalidArgument": {"op": str, "msg": str}}
 *     {"DType":           {"op": str, "dtype": DTYPE}}
 *     {"Unsupported":     {"op": str, "dtype": DTYPE, "backend": str}}
 *     {"BackendMismatch": {"op": str, "lhs": str, "rhs": str}}
 *     {"OutOfMemory":     {"backend": str, "bytes": uint, "detail": str}}
 *                         ("detail" is optional)
 *     {"PluginLoad":      {"backend": str, "reason": str}}
 *     {"Unavailable":     {"backend": str, "reason": str}}
 *     {"Backend":         {"backend": str, "msg": str}}
 *     {"Io":              {"path": str, "msg": str}}
 *   DTYPE is one of the strings "bool", "u8", "i32", "i64", "f16", "bf16",
 *   "f32", "f64". `code` must be the code of the variant (TENSOR_ERROR_*
 *   below, e.g. TENSOR_ERROR_UNSUPPORTED for "Unsupported"). The host
 *   rebuilds the error from the JSON alone (it reads `code` only to tell
 *   TENSOR_ERROR_PANIC apart); a message that is not such JSON becomes a
 *   "Backend" error carrying the text. TENSOR_ERROR_PANIC (a panic caught
 *   at the boundary; Rust plugins only) carries plain text, never parsed.
 *   "Unsupported" is the typed "this backend cannot do op on dtype" error:
 *   the host then tries a composite fallback, and the conformance suite lists
 *   the case as unsupported rather than failed. `op` is the op's user-facing
 *   name (the NumPy-style name: "exp", "add", "sum", "where", "cast",
 *   "matmul", "contiguous" for copy, "full" for fill, "arange", "linspace",
 *   "rand"/"randn").
 *   An error must never unwind across the boundary (C++: catch everything).
 *
 * THREAD SAFETY
 *   A backend is shared by every thread of the host: the host may call any
 *   entry on the same backend handle from several threads at once (the Rust
 *   contract is `Backend: Send + Sync`), so every entry must be safe to call
 *   concurrently, except that the host never frees or destroys an object
 *   while another call uses it, and never writes a buffer (upload, op output)
 *   while another call reads or writes it. Concurrent calls may read the same
 *   input buffer. error_free and string_free may be called from any thread.
 *   tensor_plugin_entry may be called more than once (one call per load).
 *
 * info_json SCHEMA
 *   *out receives a NUL-terminated JSON object (freed with string_free) with
 *   every key present but the one marked OPTIONAL:
 *     {"name": str,             short backend name, e.g. "cpu"
 *      "version": str,          version of the plugin
 *      "device": str,           the device this instance drives
 *      "devices": [str],        every device the backend sees (index = :N)
 *      "dtypes": [DTYPE],       element types the backend stores
 *      "math_mode": str,        "ieee", "fast", "tf32", ...
 *      "denormals": str,        "preserved" or "flushed"
 *      "reduction": str,        how reductions are ordered and accumulated
 *      "blas": str or null,     the BLAS in use, if any
 *      "extra": {str: str},     anything else worth reporting
 *      "widening_reduce": bool} OPTIONAL (absent = false): true if sum and
 *                               prod accept u8/i32 inputs as they are and
 *                               accumulate in i64; otherwise the host casts
 *                               such inputs to i64 before the call
 *
 * DATA
 *   Buffers hold elements little-endian, packed, of the dtype given to
 *   alloc. A bool element is one byte, 0 (false) or 1 (true): those are the
 *   only valid values, and a plugin must never produce another (the host
 *   refuses to read a downloaded bool buffer holding any other byte).
 *   f16/bf16 are the IEEE binary16 and bfloat16 bit patterns.
 *   Outputs are written contiguously in C order, offset 0. Inputs are
 *   strided views (see TensorCTensor): strides may be zero or negative and
 *   every valid layout must be handled.
 */
#ifndef TENSOR_BACKEND_H
#define TENSOR_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions and the entry symbol ---------------------------------------- */

/** Bumped when a field of TensorPluginApi is removed or changes type. */
#define TENSOR_ABI_MAJOR 1u
/** Bumped when fields are appended or the protocol gains an optional behaviour. */
#define TENSOR_ABI_MINOR 2u
/** The one symbol a plugin exports. */
#define TENSOR_ENTRY_SYMBOL "tensor_plugin_entry"
/** Size of the ABI 1.0 table (everything up to rand): the smallest valid struct_size. */
#define TENSOR_ABI_1_0_SIZE offsetof(TensorPluginApi, synchronize)

/* ---- enums: values cross as uint32_t; unknown values must be rejected ----- */

/** Element types (Rust tensor_core::DType). */
enum TensorDType {
    TENSOR_DTYPE_BOOL = 0, /**< one byte, 0 or 1 */
    TENSOR_DTYPE_U8 = 1,
    TENSOR_DTYPE_I32 = 2,
    TENSOR_DTYPE_I64 = 3,
    TENSOR_DTYPE_F16 = 4, /**< IEEE 754 binary16 */
    TENSOR_DTYPE_BF16 = 5, /**< bfloat16 */
    TENSOR_DTYPE_F32 = 6,
    TENSOR_DTYPE_F64 = 7
};

/** TensorCError::code (Rust tensor_core::ErrorCode); see ERRORS above. */
enum TensorErrorCode {
    TENSOR_ERROR_SHAPE_MISMATCH = 1,
    TENSOR_ERROR_INVALID_ARGUMENT = 2,
    TENSOR_ERROR_DTYPE = 3,
    TENSOR_ERROR_UNSUPPORTED = 4,
    TENSOR_ERROR_BACKEND_MISMATCH = 5,
    TENSOR_ERROR_OUT_OF_MEMORY = 6,
    TENSOR_ERROR_PLUGIN_LOAD = 7,
    TENSOR_ERROR_UNAVAILABLE = 8,
    TENSOR_ERROR_BACKEND = 9,
    TENSOR_ERROR_IO = 10,
    TENSOR_ERROR_PANIC = 11 /**< plain-text message, never JSON */
};

/** Op families: the `family` argument of supports (Rust Op::encode). */
enum TensorOpFamily {
    TENSOR_FAMILY_UNARY = 0,    /**< code: TensorUnaryOp */
    TENSOR_FAMILY_BINARY = 1,   /**< code: TensorBinaryOp */
    TENSOR_FAMILY_REDUCE = 2,   /**< code: TensorReduceOp */
    TENSOR_FAMILY_SOFTMAX = 3,  /**< code: TensorSoftmaxOp */
    TENSOR_FAMILY_WHERE = 4,    /**< code 0 */
    TENSOR_FAMILY_CAST = 5,     /**< code 0; dtype = the source dtype */
    TENSOR_FAMILY_MATMUL = 6,   /**< code 0 */
    TENSOR_FAMILY_COPY = 7,     /**< code 0 */
    TENSOR_FAMILY_FILL = 8,     /**< code 0 */
    TENSOR_FAMILY_ARANGE = 9,   /**< code 0 */
    TENSOR_FAMILY_LINSPACE = 10, /**< code 0 */
    TENSOR_FAMILY_RAND = 11     /**< code: TensorRandDist */
};

/** Elementwise functions of one tensor (Rust UnaryOp). */
enum TensorUnaryOp {
    TENSOR_UNARY_NEG = 0,
    TENSOR_UNARY_ABS = 1,
    TENSOR_UNARY_SIGN = 2,
    TENSOR_UNARY_SQRT = 3,
    TENSOR_UNARY_RSQRT = 4,
    TENSOR_UNARY_EXP = 5,
    TENSOR_UNARY_EXP2 = 6,
    TENSOR_UNARY_EXPM1 = 7,
    TENSOR_UNARY_LOG = 8,
    TENSOR_UNARY_LOG2 = 9,
    TENSOR_UNARY_LOG10 = 10,
    TENSOR_UNARY_LOG1P = 11,
    TENSOR_UNARY_SIN = 12,
    TENSOR_UNARY_COS = 13,
    TENSOR_UNARY_TAN = 14,
    TENSOR_UNARY_ASIN = 15,
    TENSOR_UNARY_ACOS = 16,
    TENSOR_UNARY_ATAN = 17,
    TENSOR_UNARY_SINH = 18,
    TENSOR_UNARY_COSH = 19,
    TENSOR_UNARY_TANH = 20,
    TENSOR_UNARY_ASINH = 21,
    TENSOR_UNARY_ACOSH = 22,
    TENSOR_UNARY_ATANH = 23,
    TENSOR_UNARY_ERF = 24,
    TENSOR_UNARY_SIGMOID = 25,
    TENSOR_UNARY_RELU = 26,
    TENSOR_UNARY_FLOOR = 27,
    TENSOR_UNARY_CEIL = 28,
    TENSOR_UNARY_ROUND = 29,
    TENSOR_UNARY_TRUNC = 30,
    TENSOR_UNARY_RECIPROCAL = 31,
    TENSOR_UNARY_SQUARE = 32,
    TENSOR_UNARY_IS_NAN = 33,
    TENSOR_UNARY_IS_INF = 34,
    TENSOR_UNARY_IS_FINITE = 35,
    TENSOR_UNARY_LOGICAL_NOT = 36
};

/** Elementwise functions of two tensors (Rust BinaryOp). */
enum TensorBinaryOp {
    TENSOR_BINARY_ADD = 0,
    TENSOR_BINARY_SUB = 1,
    TENSOR_BINARY_MUL = 2,
    TENSOR_BINARY_DIV = 3,
    TENSOR_BINARY_POW = 4,
    TENSOR_BINARY_ATAN2 = 5,
    TENSOR_BINARY_MAXIMUM = 6,
    TENSOR_BINARY_MINIMUM = 7,
    TENSOR_BINARY_FMOD = 8,
    TENSOR_BINARY_FLOOR_DIVIDE = 9,
    TENSOR_BINARY_EQ = 10,
    TENSOR_BINARY_NE = 11,
    TENSOR_BINARY_LT = 12,
    TENSOR_BINARY_LE = 13,
    TENSOR_BINARY_GT = 14,
    TENSOR_BINARY_GE = 15,
    TENSOR_BINARY_LOGICAL_AND = 16,
    TENSOR_BINARY_LOGICAL_OR = 17,
    TENSOR_BINARY_LOGICAL_XOR = 18
};

/** Reductions over a set of axes (Rust ReduceOp). */
enum TensorReduceOp {
    TENSOR_REDUCE_SUM = 0,
    TENSOR_REDUCE_PROD = 1,
    TENSOR_REDUCE_MEAN = 2,
    TENSOR_REDUCE_MAX = 3,
    TENSOR_REDUCE_MIN = 4,
    TENSOR_REDUCE_ARG_MAX = 5,
    TENSOR_REDUCE_ARG_MIN = 6,
    TENSOR_REDUCE_VAR = 7,
    TENSOR_REDUCE_STD = 8,
    TENSOR_REDUCE_LOG_SUM_EXP = 9,
    TENSOR_REDUCE_ALL = 10,
    TENSOR_REDUCE_ANY = 11
};

/** Normalisations along one axis (Rust SoftmaxOp). */
enum TensorSoftmaxOp {
    TENSOR_SOFTMAX_SOFTMAX = 0,
    TENSOR_SOFTMAX_LOG_SOFTMAX = 1
};

/** Philox4x32-10 distributions (Rust RandDist): "rand" and "randn". */
enum TensorRandDist {
    TENSOR_RAND_UNIFORM = 0,
    TENSOR_RAND_NORMAL = 1
};

/* ---- data crossing the boundary ------------------------------------------- */

/**
 * A read-only tensor argument: a plugin buffer plus a strided layout. The
 * element at multi-index i is at element offset `offset + sum(i[d] *
 * strides[d])` of `buffer`; the host checked that every such offset lies in
 * the buffer. Owned by the host, valid during the call.
 */
typedef struct TensorCTensor {
    const void *buffer;      /**< a buffer from alloc (or an op output) */
    uint32_t dtype;          /**< TensorDType */
    uint32_t ndim;           /**< rank (0: a scalar; shape/strides may be NULL) */
    const size_t *shape;     /**< ndim dimensions */
    const ptrdiff_t *strides; /**< ndim strides, in elements (may be 0 or negative) */
    size_t offset;           /**< offset of element [0, ..., 0], in elements */
} TensorCTensor;

/**
 * The output argument: prod(shape) elements of dtype, written contiguously in
 * C order. Either the host allocated the buffer (alloc) and passes it in
 * `buffer`, or (ABI 1.2) `buffer` is NULL and the op allocates it itself. In
 * that case the plugin writes the new buffer to `buffer` ONLY when the op
 * succeeds; on an error it frees what it allocated and leaves `buffer` NULL.
 * The host then owns the buffer exactly as one from alloc. The output never
 * aliases an input. The struct and `shape` are owned by the host; the struct
 * is writable during the call.
 */
typedef struct TensorCOut {
    void *buffer;        /**< from alloc, or NULL: allocate it here (1.2) */
    uint32_t dtype;      /**< TensorDType */
    uint32_t ndim;       /**< rank (0: shape may be NULL) */
    const size_t *shape; /**< ndim dimensions */
} TensorCOut;

/** An error: allocated by the plugin, freed by its error_free. See ERRORS. */
typedef struct TensorCError {
    uint32_t code;  /**< TensorErrorCode */
    char *message;  /**< NUL-terminated UTF-8 JSON (plain text for TENSOR_ERROR_PANIC) */
} TensorCError;

/** NULL on success, else an error the host frees with error_free. */
typedef TensorCError *TensorStatus;

/** A scalar argument (fill value, arange start/step): `i` for integer and bool dtypes, `f` for float dtypes. */
typedef struct TensorScalar {
    double f;
    int64_t i;
} TensorScalar;

/**
 * The function table (Rust PluginApi). Field order is the ABI. `be` is a
 * backend handle from create. The host-side guarantees for each op (shapes
 * already broadcast, axes sorted, output shape and dtype computed, ...) are
 * those of the Rust Backend trait (tensor-core/src/backend.rs, "Contract").
 */
typedef struct TensorPluginApi {
    size_t struct_size; /**< sizeof(TensorPluginApi) as the plugin was compiled */
    uint32_t abi_major; /**< TENSOR_ABI_MAJOR */
    uint32_t abi_minor; /**< TENSOR_ABI_MINOR */
    /* ---- ABI 1.0: every field mandatory, never NULL ---- */
    /** Frees an error (and its message); NULL is a no-op. */
    void (*error_free)(TensorStatus err);
    /** Frees a string returned by the plugin; NULL is a no-op. */
    void (*string_free)(char *s);
    /** Creates a backend for device `index` (the :N of the spec) into *out. No device: a TENSOR_ERROR_UNAVAILABLE error. */
    TensorStatus (*create)(size_t index, void **out);
    /** Destroys a backend (after all its buffers were freed); NULL is a no-op. */
    void (*destroy)(void *be);
    /** *out receives the info JSON (see info_json SCHEMA), freed with string_free. */
    TensorStatus (*info_json)(const void *be, char **out);
    /** 1 if (family, code) is implemented for `dtype` (the input dtype), else 0; unknown values give 0. */
    uint8_t (*supports)(const void *be, uint32_t family, uint32_t code, uint32_t dtype);
    /** Allocates `len` elements of `dtype` into *out (contents unspecified). */
    TensorStatus (*alloc)(const void *be, uint32_t dtype, size_t len, void **out);
    /** Frees a buffer; NULL is a no-op. */
    void (*free)(const void *be, void *buf);
    /** Host to device: `len` bytes (the whole buffer) from `src`. */
    TensorStatus (*upload)(const void *be, void *buf, const uint8_t *src, size_t len);
    /** Device to host: `len` bytes (the whole buffer) into `dst`. */
    TensorStatus (*download)(const void *be, const void *buf, uint8_t *dst, size_t len);
    /** Strided to contiguous copy ("contiguous"). */
    TensorStatus (*copy)(const void *be, const TensorCTensor *x, TensorCOut *out);
    /** out = op(x), op a TensorUnaryOp. */
    TensorStatus (*unary)(const void *be, uint32_t op, const TensorCTensor *x, TensorCOut *out);
    /** out = op(a, b), op a TensorBinaryOp; a and b already have the output's shape. */
    TensorStatus (*binary)(const void *be, uint32_t op, const TensorCTensor *a, const TensorCTensor *b, TensorCOut *out);
    /** out = cond ? a : b; cond is bool. */
    TensorStatus (*where_)(const void *be, const TensorCTensor *cond, const TensorCTensor *a, const TensorCTensor *b, TensorCOut *out);
    /** out = x converted to out->dtype. */
    TensorStatus (*cast)(const void *be, const TensorCTensor *x, TensorCOut *out);
    /** Reduces x over `naxes` sorted, distinct axes (axes may be NULL when naxes is 0); ddof for var/std. */
    TensorStatus (*reduce)(const void *be, uint32_t op, const TensorCTensor *x, const size_t *axes, size_t naxes, double ddof, TensorCOut *out);
    /** softmax / log_softmax along `axis`. */
    TensorStatus (*softmax)(const void *be, uint32_t op, const TensorCTensor *x, size_t axis, TensorCOut *out);
    /** Batched matrix product: a [..., m, k], b [..., k, n], out [..., m, n]. */
    TensorStatus (*matmul)(const void *be, const TensorCTensor *a, const TensorCTensor *b, TensorCOut *out);
    /** Fills out with `value`. */
    TensorStatus (*fill)(const void *be, TensorScalar value, TensorCOut *out);
    /** out[i] = start + i * step. */
    TensorStatus (*arange)(const void *be, TensorScalar start, TensorScalar step, TensorCOut *out);
    /** NumPy linspace; endpoint is 0 or 1. */
    TensorStatus (*linspace)(const void *be, double start, double stop, uint8_t endpoint, TensorCOut *out);
    /** Philox random numbers of distribution `dist` (TensorRandDist). */
    TensorStatus (*rand)(const void *be, uint32_t dist, uint64_t seed, TensorCOut *out);
    /* ---- ABI 1.1: optional, NULL allowed ---- */
    /** Waits for all queued work; NULL: the backend is synchronous. */
    TensorStatus (*synchronize)(const void *be);
    /** create with the NUL-terminated `k=v,k=v` options after `?` in the spec; NULL: no options accepted. */
    TensorStatus (*create_with_options)(size_t index, const char *options, void **out);
} TensorPluginApi;

/** The signature of tensor_plugin_entry. */
typedef const TensorPluginApi *(*TensorPluginEntryFn)(void);

#ifdef __cplusplus
}
#endif

#endif /* TENSOR_BACKEND_H */
