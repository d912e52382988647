//! GPU kernel sources written once, for any C-like kernel language (feature `kernels`).
//!
//! The OpenCL and CUDA backends generate their kernels as source text at run time and
//! compile it with the device's compiler. The text of every kernel is written here, once,
//! and a [`Dialect`] supplies what differs between the languages: type names, qualifiers,
//! the thread index and its bounds check, shared memory and barriers, atomics, constants,
//! conversion built-ins, launch bounds and the prelude's helper functions (CUDA's
//! `__CUDA_ARCH__` paths and PTX `cvt`, OpenCL's `cl_khr_fp64` switch).
//!
//! # Layout
//! - [`Dialect`]: what a kernel language provides (one value per backend: OpenCL C in
//!   `backend-opencl/src/dialect.rs`, CUDA C in `backend-cuda/src/dialect.rs`).
//! - [`prelude`]: the text every program starts with (types, loads and stores per dtype,
//!   the 64 conversions of the cast rules, [`Lay`] addressing).
//! - [`ops`]: one generator per op family (`unary`, `binary`, `reduce`, `matmul`,
//!   `creation`, `cast`, `copy`), each with its kernel and program names.
//! - [`Lay`] and [`collapse`]: a strided operand as a kernel argument.
//! - [`fixed`]: types and conversions of dialects that name types by fixed-width typedefs
//!   (CUDA C, and HIP or plain C alike).
//!
//! # Conventions of the generated code
//! - Storage types per dtype come from [`Dialect::storage`]; `f16`/`bf16` compute in
//!   `float` (transcendentals in `double` where the device has it), everything else in its
//!   own type. `LD_<dt>(p, i)` and `ST_<dt>(p, i, v)` name the loads and stores.
//! - Rounding to `f16`/`bf16` happens once: a value that is not already a `float` (an `f64`,
//!   an `i32`/`i64`) is first narrowed to `float` with round-to-odd, so the final
//!   round-to-nearest-even is correct.
//! - Float to integer saturates and maps NaN to 0; integer arithmetic that may overflow
//!   goes through the unsigned type (wraps).
//! - Each thread computes one output element from its flat output index; strided inputs are
//!   addressed through [`Lay`] (`at(&l, i)`), with no host round trip. Dialects whose
//!   launches may overshoot ([`Dialect::bound_param`]) get an `n` parameter and a bounds check.
//!
//! # A new GPU backend
//! Implement [`Dialect`] for the kernel language (HIP and SYCL are close to CUDA C, Metal
//! Shading Language to OpenCL C), generate programs with the functions of [`ops`], and
//! compile them with the device's runtime compiler. The snapshot tests of the two GPU
//! backends (`tests/snapshots.rs`) show every program a dialect produces. A whole third
//! backend in one file, plain C for the host compiler checked against the CPU backend, is
//! `tensor-core/tests/c_dialect.rs`.

pub mod fixed;
pub mod layout;
pub mod ops;
pub mod runtime;
pub mod snapshot;

pub use layout::{Lay, MAX_RANK, collapse};

use crate::DType;

/// What a C-like kernel language provides: the only place where OpenCL C, CUDA C (and any
/// other dialect) differ. Generators call these methods and write everything else once.
pub trait Dialect {
    /// The backend's name in messages (`"OpenCL"`, `"CUDA"`).
    fn name(&self) -> &'static str;
    /// Whether the device has `double` (`f64` kernels, `f64` accumulation).
    fn fp64(&self) -> bool;
    /// Storage type of one `dt` element.
    fn storage(&self, dt: DType) -> &'static str;
    /// Unsigned integer type of `bytes` bytes (1, 2, 4 or 8).
    fn unsigned(&self, bytes: usize) -> &'static str;
    /// Qualifier of helper functions (`inline`, `__device__ __forceinline__`).
    fn func(&self) -> &'static str;
    /// Address-space qualifier of pointer parameters, with a trailing space, or `""`.
    fn global(&self) -> &'static str;
    /// Qualifier of block-shared arrays (`__local`, `__shared__`).
    fn shared(&self) -> &'static str;
    /// A barrier across the threads of a block, with memory fence, as a statement.
    fn barrier(&self) -> &'static str;
    /// The declaration of kernel `name` up to its parameter list (exclusive):
    /// `threads` is the fixed block size the kernel requires (launch bounds), if any.
    fn kernel(&self, name: &str, threads: Option<(u32, u32)>) -> String;
    /// The parameter bounding the flat index `var` (`i64 n`) for launches that may
    /// overshoot the output, or `None` when the launch is exactly the output's size.
    fn bound_param(&self, bound: &str) -> Option<String>;
    /// Statements that set `var` (a 64-bit signed integer) to the flat index of the thread
    /// and return when it is not below `bound` (where [`Dialect::bound_param`] is some).
    fn index(&self, var: &str, bound: &str) -> String;
    /// Expression of the thread's index along `axis` (0, 1, 2) of the whole launch.
    fn global_id(&self, axis: u32) -> String;
    /// Expression of the thread's index along `axis` inside its block.
    fn local_id(&self, axis: u32) -> &'static str;
    /// Expression of the block's index along `axis`.
    fn group_id(&self, axis: u32) -> &'static str;
    /// Expression of the number of blocks along `axis`.
    fn group_count(&self, axis: u32) -> &'static str;
    /// Expression setting `*ptr |= v` atomically (`ptr` an `int` pointer).
    fn atomic_or(&self, ptr: &str, v: &str) -> String;
    /// High 32 bits of the 64-bit product of two unsigned 32-bit values.
    fn mul_hi(&self, a: &str, b: &str) -> String;
    /// Constant names: NaN, +infinity and pi of type `double` (or `float` without fp64).
    fn consts(&self) -> [&'static str; 3];
    /// Reinterpret an unsigned integer expression `e` as the signed integer type of `dt`
    /// (wrapping), or cast it to `dt`'s type for `u8`.
    fn wrap(&self, dt: DType, e: &str) -> String;
    /// `v` (a compute value of float dtype `from`) converted to integer `to`: saturating,
    /// NaN to 0, toward zero.
    fn float_to_int(&self, from: DType, to: DType, v: &str) -> String;
    /// `v` converted to `f32` (`to = F32`) or `f64` with round-to-nearest-even.
    fn round_to(&self, to: DType, v: &str) -> String;
    /// The prelude's first lines: typedefs, pragmas, `ACC` (the accumulation type), the
    /// constants and `Lay`.
    fn prelude_head(&self) -> String;
    /// The prelude's conversion helpers (`bf16_to_f`, `f_to_bf16`, `i2f_odd`, `d2f_odd`
    /// with fp64, and whatever the loads, stores and [`Dialect::float_to_int`] use).
    fn prelude_helpers(&self) -> String;
    /// Load of an `f16` element `(p)[i]` as `float` (body of the `LD_f16(p, i)` macro).
    fn load_f16(&self) -> &'static str;
    /// Store of `float` `x` as `f16` element `(p)[i]` (body of the `ST_f16(p, i, x)` macro).
    fn store_f16(&self) -> &'static str;
    /// Whether `f64` `exp` must be computed as `exp(x - 1) * e` near overflow (PoCL's `exp`
    /// overflows to infinity just below `ln(DBL_MAX)`).
    fn exp_f64_near_overflow(&self) -> bool {
        false
    }
    /// Whether `f32` `sigmoid` computes in `double` (where the device has it).
    fn sigmoid_f32_in_f64(&self) -> bool {
        false
    }
    /// Whether the programs include one-block-per-output `sum`/`mean` kernels (shared
    /// memory tree reduction, see [`ops::reduce`]).
    fn block_reduce(&self) -> bool {
        false
    }
    /// Whether the matmul program of `f32` includes the bf16 hi/lo split kernel.
    fn bf16_split(&self) -> bool {
        false
    }
    /// Whether `fill_b<size>` kernels are generated beside `copy_b<size>`.
    fn fill_kernels(&self) -> bool {
        false
    }
    /// Whether the matmul kernels loop over the batch (grid dimension z capped by the
    /// device) instead of taking it from the third index dimension.
    fn batch_loop(&self) -> bool {
        false
    }
}

/// The dtype's suffix in kernel names and prelude macros.
pub fn sfx(dt: DType) -> &'static str {
    dt.name()
}

/// Compute type of `dt`: `float` for `f16`/`bf16`, else the storage type.
pub fn compute(d: &dyn Dialect, dt: DType) -> &'static str {
    match dt {
        DType::F16 | DType::BF16 => d.storage(DType::F32),
        _ => d.storage(dt),
    }
}

/// Unsigned type of the same width as an integer compute type (for wrapping arithmetic).
pub fn unsigned_of(d: &dyn Dialect, dt: DType) -> &'static str {
    d.unsigned(match dt {
        DType::I32 => 4,
        DType::I64 => 8,
        _ => 1,
    })
}

/// The accumulation dtype: `f64` where the device has it, else `f32`.
pub fn acc(d: &dyn Dialect) -> DType {
    if d.fp64() { DType::F64 } else { DType::F32 }
}

/// Replaces the markers of a template: first the `extra` pairs, then the dialect's
/// (`@L@` 64-bit signed, `@UL@` 64-bit unsigned, `@U32@`, `@U8@`, `@G@` the pointer
/// qualifier, `@FN@` the helper qualifier, `@SH@` shared, `@BAR@` a barrier), then `$D` the
/// dtype suffix and `$S`/`$C` its storage and compute types.
pub fn tpl(d: &dyn Dialect, t: &str, dt: DType, extra: &[(&str, &str)]) -> String {
    let mut s = t.to_string();
    for (k, v) in extra {
        s = s.replace(k, v);
    }
    s.replace("@L@", d.storage(DType::I64))
        .replace("@UL@", d.unsigned(8))
        .replace("@U32@", d.unsigned(4))
        .replace("@U8@", d.unsigned(1))
        .replace("@G@", d.global())
        .replace("@FN@", d.func())
        .replace("@SH@", d.shared())
        .replace("@BAR@", d.barrier())
        .replace("$D", sfx(dt))
        .replace("$S", d.storage(dt))
        .replace("$C", compute(d, dt))
}

/// A kernel's first line: [`Dialect::kernel`] (with `threads`, the block size the kernel
/// requires, if any), the parameters (pointers written `@G@T*`, see [`tpl`]) and, where the
/// dialect bounds launches, the bound `bound`; then the lines of [`Dialect::index`] for
/// `var` when `var` is not empty.
pub fn head_with(
    d: &dyn Dialect,
    name: &str,
    threads: Option<(u32, u32)>,
    params: &str,
    var: &str,
    bound: &str,
) -> String {
    let mut s = d.kernel(name, threads);
    s.push('(');
    s.push_str(params);
    if let Some(b) = d.bound_param(bound) {
        s.push_str(", ");
        s.push_str(&b);
    }
    s.push_str(") {\n");
    if !var.is_empty() {
        s.push_str(&d.index(var, bound));
    }
    s
}

/// [`head_with`] for a kernel with no required block size.
pub fn head(d: &dyn Dialect, name: &str, params: &str, var: &str, bound: &str) -> String {
    head_with(d, name, None, params, var, bound)
}

/// C expression converting `v` (a compute value of `from`) to a compute value of `to` by
/// the cast rules, so that `ST_<to>` then rounds once.
fn cvt_expr(d: &dyn Dialect, from: DType, to: DType) -> String {
    use DType::*;
    let v = "v";
    if from == to {
        return v.into();
    }
    match to {
        Bool => format!("({})({v} != 0)", d.storage(Bool)),
        U8 | I32 | I64 if from.is_float() => d.float_to_int(from, to, v),
        U8 | I32 | I64 => format!("({})({v})", d.storage(to)),
        F32 if matches!(from, F16 | BF16) => v.into(),
        F32 | F64 => d.round_to(to, v),
        F16 | BF16 => match from {
            F16 | BF16 | F32 => v.into(),
            F64 => format!("d2f_odd({v})"),
            Bool | U8 => format!("(float)({v})"),
            _ => format!("i2f_odd(({})({v}))", d.storage(I64)),
        },
    }
}

/// The prelude every program starts with: [`Dialect::prelude_head`], `at` (the position of
/// a flat index in a [`Lay`]), [`Dialect::prelude_helpers`], the loads and stores of every
/// dtype the device has and the conversions `cvt_<from>_<to>` of the cast rules.
pub fn prelude(d: &dyn Dialect) -> String {
    let mut s = d.prelude_head();
    s.push_str(&tpl(
        d,
        r#"@FN@ @L@ at(const Lay* l, @L@ i) {
    @L@ o = l->v[1];
    for (int d = (int)l->v[0] - 1; d >= 0; --d) {
        @L@ n = l->v[2 + d];
        @L@ q = i % n;
        i /= n;
        o += q * l->v[10 + d];
    }
    return o;
}
"#,
        DType::F32,
        &[],
    ));
    s.push_str(&d.prelude_helpers());
    let dts: Vec<DType> = DType::ALL
        .into_iter()
        .filter(|&t| d.fp64() || t != DType::F64)
        .collect();
    for &t in &dts {
        let body = match t {
            DType::F16 => d.load_f16(),
            DType::BF16 => "bf16_to_f((p)[i])",
            _ => "((p)[i])",
        };
        s.push_str(&format!("#define LD_{}(p, i) {body}\n", sfx(t)));
    }
    for &t in &dts {
        let body = match t {
            DType::F16 => d.store_f16().to_string(),
            DType::BF16 => "((p)[i] = f_to_bf16((float)(x)))".into(),
            _ => format!("((p)[i] = ({})(x))", d.storage(t)),
        };
        s.push_str(&format!("#define ST_{}(p, i, x) {body}\n", sfx(t)));
    }
    for &from in &dts {
        for &to in &dts {
            s.push_str(&format!(
                "{} {} cvt_{}_{}({} v) {{ return {}; }}\n",
                d.func(),
                compute(d, to),
                sfx(from),
                sfx(to),
                compute(d, from),
                cvt_expr(d, from, to)
            ));
        }
    }
    s
}

/// Every program a dialect generates, as `(name, source)`: what the backends may compile
/// (the NVRTC test compiles them all, the snapshot tests record them).
pub fn all_programs(d: &dyn Dialect) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for dt in DType::ALL {
        v.push((ops::unary::program(dt), ops::unary::source(d, dt)));
        v.push((ops::binary::program(dt), ops::binary::source(d, dt)));
        v.push((ops::cast::program(dt), ops::cast::source(d, dt)));
        v.push((ops::reduce::program(dt), ops::reduce::source(d, dt)));
        v.push((ops::matmul::program(dt), ops::matmul::source(d, dt)));
        v.push((ops::creation::program(dt), ops::creation::source(d, dt)));
    }
    for size in [1, 2, 4, 8] {
        v.push((ops::copy::kernel(size), ops::copy::source(d, size)));
        v.push((
            ops::binary::where_kernel(size),
            ops::binary::where_source(d, size),
        ));
    }
    v
}
