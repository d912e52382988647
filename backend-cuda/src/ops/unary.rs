//! Elementwise unary kernels: `unary_<op>_<dt>` in module `unary_<dt>`, for the compute
//! dtype of [`UnaryOp::dtypes`].
//!
//! Floats use the CUDA math library (never the `__` intrinsics, never `--use_fast_math`),
//! with the ULP bounds of the CUDA programming guide for `f32`/`f64`. `f16`/`bf16` compute
//! in `double` and round once. `sigmoid` is `1/(1+e^-x)` for `x >= 0` and `e^x/(1+e^x)`
//! below (in `double` for `f16`/`bf16`). Conventions as on the CPU: `relu(NaN) = NaN`,
//! `sign(±0) = ±0`, integers wrap.

use super::{ct, sfx, tpl, ut};
use tensor_core::{DType, UnaryOp};

/// Kernel name.
pub fn kernel(op: UnaryOp, dt: DType) -> String {
    format!("unary_{}_{}", op.name(), sfx(dt))
}

/// Module name.
pub fn program(dt: DType) -> String {
    format!("unary_{}", sfx(dt))
}

/// The C expression of `op` on `v` (a value of compute type `c`), or `None` if `op` has no
/// kernel for the compute dtype `dt`.
fn expr(op: UnaryOp, dt: DType) -> Option<String> {
    use UnaryOp::*;
    let out = |e: &str| Some(e.to_string());
    if dt.is_float() {
        let wide = matches!(dt, DType::F16 | DType::BF16);
        let m = |f: &str| -> Option<String> {
            if wide {
                Some(format!("d2f_odd({f}((double)v))"))
            } else {
                Some(format!("{f}(v)"))
            }
        };
        let c = ct(dt);
        return match op {
            Neg => out("-v"),
            Abs => out("fabs(v)"),
            Sign => Some(format!("v > 0 ? ({c})1 : (v < 0 ? ({c})-1 : v)")),
            Sqrt => out("sqrt(v)"),
            Rsqrt => m("rsqrt"),
            Exp => m("exp"),
            Exp2 => m("exp2"),
            Expm1 => m("expm1"),
            Log => m("log"),
            Log2 => m("log2"),
            Log10 => m("log10"),
            Log1p => m("log1p"),
            Sin => m("sin"),
            Cos => m("cos"),
            Tan => m("tan"),
            Asin => m("asin"),
            Acos => m("acos"),
            Atan => m("atan"),
            Sinh => m("sinh"),
            Cosh => m("cosh"),
            Tanh => m("tanh"),
            Asinh => m("asinh"),
            Acosh => m("acosh"),
            Atanh => m("atanh"),
            Erf => m("erf"),
            Sigmoid => match dt {
                DType::F64 => out("sigmoid_d(v)"),
                DType::F32 => out("sigmoid_f(v)"),
                _ => out("d2f_odd(sigmoid_d((double)v))"),
            },
            Relu => Some(format!("(v > 0 || isnan(v)) ? v : ({c})0")),
            Floor => out("floor(v)"),
            Ceil => out("ceil(v)"),
            Round => out("rint(v)"),
            Trunc => out("trunc(v)"),
            Reciprocal => Some(format!("({c})1 / v")),
            Square => out("v * v"),
            IsNan => out("(u8)isnan(v)"),
            IsInf => out("(u8)isinf(v)"),
            IsFinite => out("(u8)isfinite(v)"),
            LogicalNot => out("(u8)(v == 0)"),
        };
    }
    let (c, u) = (ct(dt), ut(dt));
    let wrap = |e: String| -> String { format!("({c})({e})") };
    if dt == DType::Bool {
        return match op {
            Abs | Relu | Square => out("v"),
            IsNan | IsInf => out("(u8)0"),
            IsFinite => out("(u8)1"),
            LogicalNot => out("(u8)(v == 0)"),
            _ => None,
        };
    }
    if dt == DType::U8 {
        return match op {
            Neg => Some(wrap(format!("({u})0 - ({u})v"))),
            Abs | Relu | Floor | Ceil | Round | Trunc => out("v"),
            Sign => out("(u8)(v != 0)"),
            Square => Some(wrap(format!("({u})v * ({u})v"))),
            IsNan | IsInf => out("(u8)0"),
            IsFinite => out("(u8)1"),
            LogicalNot => out("(u8)(v == 0)"),
            _ => None,
        };
    }
    match op {
        Neg => Some(wrap(format!("({u})0 - ({u})v"))),
        Abs => Some(format!("v < 0 ? {} : v", wrap(format!("({u})0 - ({u})v")))),
        Sign => Some(format!("v > 0 ? ({c})1 : (v < 0 ? ({c})-1 : ({c})0)")),
        Relu => Some(format!("v > 0 ? v : ({c})0")),
        Square => Some(wrap(format!("({u})v * ({u})v"))),
        Floor | Ceil | Round | Trunc => out("v"),
        IsNan | IsInf => out("(u8)0"),
        IsFinite => out("(u8)1"),
        LogicalNot => out("(u8)(v == 0)"),
        _ => None,
    }
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(op: UnaryOp, dt: DType) -> bool {
    expr(op, dt).is_some()
}

/// Source of module `unary_<dt>`: every op with a kernel for `dt`. Kernel parameters:
/// `(const S* x, Lay xl, OS* out, i64 n)`.
pub fn source(dt: DType) -> String {
    let mut s = super::prelude();
    s.push_str(
        "__device__ __forceinline__ float sigmoid_f(float x) { if (x >= 0) return 1.0f / \
         (1.0f + exp(-x)); float e = exp(x); return e / (1.0f + e); }\n\
         __device__ __forceinline__ double sigmoid_d(double x) { if (x >= 0) return 1.0 / \
         (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }\n",
    );
    for &op in UnaryOp::ALL {
        let Some(e) = expr(op, dt) else {
            continue;
        };
        let od = match op.dtypes(dt) {
            Ok((_, DType::Bool)) => DType::Bool,
            _ => dt,
        };
        s.push_str(&tpl(
            r#"
extern "C" __global__ void @K@(const $S* x, Lay xl, @OS@* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    $C v = LD_$D(x, at(&xl, i));
    ST_@OD@(out, i, @E@);
}
"#,
            dt,
            &[
                ("@K@", &kernel(op, dt)),
                ("@OS@", super::st(od)),
                ("@OD@", sfx(od)),
                ("@E@", &e),
            ],
        ));
    }
    s
}
