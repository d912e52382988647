//! Elementwise unary kernels: `unary_<op>_<dt>` in program `unary_<dt>`, for the compute
//! dtype of [`UnaryOp::dtypes`].
//!
//! Floats use the language's math library (never fast or native variants), with the ULP
//! bounds its specification gives for `f32`/`f64`. `f16`/`bf16` compute in `double` where
//! the device has it (else `float`) and round once. `sigmoid` is `1/(1+e^-x)` for `x >= 0`
//! and `e^x/(1+e^x)` below. Conventions as on the CPU: `relu(NaN) = NaN`, `sign(±0) = ±0`,
//! integers wrap.

use crate::kernels::runtime::{Kernel, Runtime, check_out, elementwise, prep};
use crate::kernels::{Dialect, compute, head, sfx, tpl, unsigned_of};
use crate::{DType, Dst, Op, Result, Src, UnaryOp};

/// Kernel name.
pub fn kernel(op: UnaryOp, dt: DType) -> String {
    format!("unary_{}_{}", op.name(), sfx(dt))
}

/// Program name.
pub fn program(dt: DType) -> String {
    format!("unary_{}", sfx(dt))
}

/// The C expression of `op` on `v` (a value of the compute type of `dt`), or `None` if `op`
/// has no kernel for the compute dtype `dt`.
fn expr(d: &dyn Dialect, op: UnaryOp, dt: DType) -> Option<String> {
    use UnaryOp::*;
    let out = |e: &str| Some(e.to_string());
    let c = compute(d, dt);
    let b = d.storage(DType::Bool);
    if dt.is_float() {
        // Math precision: f16/bf16 go through double when available.
        let wide = matches!(dt, DType::F16 | DType::BF16) && d.fp64();
        let m = |f: &str| -> Option<String> {
            if wide {
                Some(format!("d2f_odd({f}((double)v))"))
            } else {
                Some(format!("{f}(v)"))
            }
        };
        return match op {
            Neg => out("-v"),
            Abs => out("fabs(v)"),
            Sign => Some(format!("v > 0 ? ({c})1 : (v < 0 ? ({c})-1 : v)")),
            Sqrt => out("sqrt(v)"),
            Rsqrt => m("rsqrt"),
            Exp if dt == DType::F64 && d.exp_f64_near_overflow() => out("exp_d(v)"),
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
                _ if d.fp64() && (dt != DType::F32 || d.sigmoid_f32_in_f64()) => {
                    out("d2f_odd(sigmoid_d((double)v))")
                }
                _ => out("sigmoid_f(v)"),
            },
            Relu => Some(format!("(v > 0 || isnan(v)) ? v : ({c})0")),
            Floor => out("floor(v)"),
            Ceil => out("ceil(v)"),
            Round => out("rint(v)"),
            Trunc => out("trunc(v)"),
            Reciprocal => Some(format!("({c})1 / v")),
            Square => out("v * v"),
            IsNan => Some(format!("({b})isnan(v)")),
            IsInf => Some(format!("({b})isinf(v)")),
            IsFinite => Some(format!("({b})isfinite(v)")),
            LogicalNot => Some(format!("({b})(v == 0)")),
        };
    }
    let u = unsigned_of(d, dt);
    let wrap = |e: String| d.wrap(dt, &e);
    match (op, dt) {
        (Abs | Relu | Square, DType::Bool) => out("v"),
        (IsNan | IsInf, _) => Some(format!("({b})0")),
        (IsFinite, _) => Some(format!("({b})1")),
        (LogicalNot, _) => Some(format!("({b})(v == 0)")),
        (_, DType::Bool) => None,
        (Neg, _) => Some(wrap(format!("({u})0 - ({u})v"))),
        (Square, _) => Some(wrap(format!("({u})v * ({u})v"))),
        (Abs | Relu | Floor | Ceil | Round | Trunc, DType::U8) => out("v"),
        (Sign, DType::U8) => Some(format!("({b})(v != 0)")),
        (Abs, _) => Some(format!("v < 0 ? {} : v", wrap(format!("({u})0 - ({u})v")))),
        (Sign, _) => Some(format!("v > 0 ? ({c})1 : (v < 0 ? ({c})-1 : ({c})0)")),
        (Relu, _) => Some(format!("v > 0 ? v : ({c})0")),
        (Floor | Ceil | Round | Trunc, _) => out("v"),
        _ => None,
    }
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(d: &dyn Dialect, op: UnaryOp, dt: DType) -> bool {
    expr(d, op, dt).is_some()
}

/// Source of program `unary_<dt>`: every op with a kernel for `dt`, parameters
/// `(const S* x, Lay xl, OS* out)` (and the bound `n`, see [`Dialect::bound_param`]).
pub fn source(d: &dyn Dialect, dt: DType) -> String {
    let mut s = super::super::prelude(d);
    let f = d.func();
    s.push_str(&format!(
        "{f} float sigmoid_f(float x) {{ if (x >= 0) return 1.0f / (1.0f + exp(-x)); \
         float e = exp(x); return e / (1.0f + e); }}\n"
    ));
    if d.fp64() {
        s.push_str(&format!(
            "{f} double sigmoid_d(double x) {{ if (x >= 0) return 1.0 / (1.0 + exp(-x)); \
             double e = exp(x); return e / (1.0 + e); }}\n"
        ));
        if d.exp_f64_near_overflow() {
            s.push_str(&format!(
                "{f} double exp_d(double x) {{ return x > 709.0 ? exp(x - 1.0) * M_E : exp(x); }}\n"
            ));
        }
    }
    for &op in UnaryOp::ALL {
        let Some(e) = expr(d, op, dt) else {
            continue;
        };
        let od = match op.dtypes(dt) {
            Ok((_, DType::Bool)) => DType::Bool,
            _ => dt,
        };
        let mut k = String::from("\n");
        k.push_str(&head(
            d,
            &kernel(op, dt),
            "@G@const $S* x, Lay xl, @G@@OS@* out",
            "i",
            "n",
        ));
        k.push_str("    $C v = LD_$D(x, at(&xl, i));\n    ST_@OD@(out, i, @E@);\n}\n");
        let extra = [("@OS@", d.storage(od)), ("@OD@", sfx(od)), ("@E@", &e)];
        s.push_str(&tpl(d, &k, dt, &extra));
    }
    s
}

/// `out = op(x)`: the input is cast to the compute dtype of [`UnaryOp::dtypes`] if needed
/// and read in place through its layout.
pub fn unary<R: Runtime>(
    rt: &R,
    op: UnaryOp,
    x: Src<'_, R::Buffer>,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let o = Op::Unary(op);
    let uns = || rt.unsupported(o, x.dtype);
    if !rt.supports(o, x.dtype) {
        return Err(uns());
    }
    let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
    check_out(o, &out, r)?;
    let d = rt.dialect();
    if !has_kernel(d, op, c) {
        return Err(uns());
    }
    let p = prep(rt, o, x, c)?;
    let k = Kernel {
        program: &program(c),
        source: &|| source(d, c),
        name: &kernel(op, c),
    };
    elementwise(rt, op.name(), k, [p.get()], out.buf, out.shape)
}
