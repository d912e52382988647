//! Elementwise unary kernels: `unary_<op>_<dt>` in program `unary_<dt>`, for the compute
//! dtype of [`UnaryOp::dtypes`].
//!
//! Floats use the OpenCL built-ins (never `native_*`, never `-cl-fast-relaxed-math`), with
//! the ULP bounds of the OpenCL spec for `f32`/`f64`. `f16`/`bf16` compute in `double` when
//! the device has `cl_khr_fp64` (else `float`) and round once. `sigmoid` is
//! `1/(1+e^-x)` for `x >= 0` and `e^x/(1+e^x)` below (in `double` when available).
//! Conventions as on the CPU: `relu(NaN) = NaN`, `sign(±0) = ±0`, integers wrap.

use super::{ct, sfx, tpl, ut};
use tensor_core::{DType, UnaryOp};

/// Kernel name.
pub fn kernel(op: UnaryOp, dt: DType) -> String {
    format!("unary_{}_{}", op.name(), sfx(dt))
}

/// Program name.
pub fn program(dt: DType) -> String {
    format!("unary_{}", sfx(dt))
}

/// The C expression of `op` on `v` (a value of compute type `c`), or `None` if `op` has no
/// kernel for the compute dtype `dt`.
fn expr(op: UnaryOp, dt: DType, fp64: bool) -> Option<String> {
    use UnaryOp::*;
    let out = |e: &str| Some(e.to_string());
    if dt.is_float() {
        // Math precision: f16/bf16 go through double when available.
        let wide = matches!(dt, DType::F16 | DType::BF16) && fp64;
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
            // PoCL's f64 `exp` overflows to inf just below ln(DBL_MAX) (a finite result);
            // `exp(x - 1) * e` there stays within the 3-ulp bound.
            Exp if dt == DType::F64 => out("exp_d(v)"),
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
            Sigmoid => {
                if fp64 && dt != DType::F64 {
                    out("d2f_odd(sigmoid_d((double)v))")
                } else if dt == DType::F64 {
                    out("sigmoid_d(v)")
                } else {
                    out("sigmoid_f(v)")
                }
            }
            Relu => Some(format!("(v > 0 || isnan(v)) ? v : ({c})0")),
            Floor => out("floor(v)"),
            Ceil => out("ceil(v)"),
            Round => out("rint(v)"),
            Trunc => out("trunc(v)"),
            Reciprocal => Some(format!("({c})1 / v")),
            Square => out("v * v"),
            IsNan => out("(uchar)isnan(v)"),
            IsInf => out("(uchar)isinf(v)"),
            IsFinite => out("(uchar)isfinite(v)"),
            LogicalNot => out("(uchar)(v == 0)"),
        };
    }
    let (c, u) = (ct(dt), ut(dt));
    let wrap = |e: String| -> String {
        match dt {
            DType::I32 => format!("as_int({e})"),
            DType::I64 => format!("as_long({e})"),
            _ => format!("(uchar)({e})"),
        }
    };
    if dt == DType::Bool {
        return match op {
            Abs | Relu | Square => out("v"),
            IsNan | IsInf => out("(uchar)0"),
            IsFinite => out("(uchar)1"),
            LogicalNot => out("(uchar)(v == 0)"),
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
        IsNan | IsInf => out("(uchar)0"),
        IsFinite => out("(uchar)1"),
        LogicalNot => out("(uchar)(v == 0)"),
        _ => None,
    }
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(op: UnaryOp, dt: DType, fp64: bool) -> bool {
    expr(op, dt, fp64).is_some()
}

/// Source of program `unary_<dt>`: every op with a kernel for `dt`.
pub fn source(dt: DType, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    s.push_str(
        "inline float sigmoid_f(float x) { if (x >= 0) return 1.0f / (1.0f + exp(-x)); \
         float e = exp(x); return e / (1.0f + e); }\n",
    );
    if fp64 {
        s.push_str(
            "inline double sigmoid_d(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); \
             double e = exp(x); return e / (1.0 + e); }\n\
             inline double exp_d(double x) { return x > 709.0 ? exp(x - 1.0) * M_E : exp(x); }\n",
        );
    }
    for &op in UnaryOp::ALL {
        let Some(e) = expr(op, dt, fp64) else {
            continue;
        };
        let od = match op.dtypes(dt) {
            Ok((_, DType::Bool)) => DType::Bool,
            _ => dt,
        };
        s.push_str(&tpl(
            r#"
__kernel void @K@(__global const $S* x, Lay xl, __global @OS@* out) {
    long i = get_global_id(0);
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
