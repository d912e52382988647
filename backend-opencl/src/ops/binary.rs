//! Elementwise binary kernels (`binary_<op>_<dt>` in program `binary_<dt>`) on
//! pre-broadcast operands of one compute dtype, and `where` (by element size).
//!
//! `maximum`/`minimum` propagate NaN (OpenCL's `fmax`/`fmin` do not, so they are not
//! used); `fmod` is the built-in (exact); `floor_divide` follows NumPy's
//! `npy_floor_divide`. `f16`/`bf16` compute in `float` (`pow`/`atan2` in `double` when
//! available) and round once. Integers wrap; integer `fmod`/`floor_divide` by 0 give 0;
//! integer `pow` is square-and-multiply in the unsigned type (wraps, `0**0 = 1`), as on the
//! CPU. A negative exponent is an error there; here the kernel `pow_negcheck_<dt>` (signed
//! dtypes) sets a flag in a one-element `int` buffer, which the host reads back before
//! computing anything (see [`negcheck_kernel`]).

use super::{ct, sfx, tpl, ut};
use tensor_core::{BinaryOp, DType};

/// Kernel name.
pub fn kernel(op: BinaryOp, dt: DType) -> String {
    format!("binary_{}_{}", op.name(), sfx(dt))
}

/// Program name.
pub fn program(dt: DType) -> String {
    format!("binary_{}", sfx(dt))
}

fn expr(op: BinaryOp, dt: DType, fp64: bool) -> Option<String> {
    use BinaryOp::*;
    let s = |e: &str| Some(e.to_string());
    match op {
        Eq => return s("(uchar)(a == b)"),
        Ne => return s("(uchar)(a != b)"),
        Lt => return s("(uchar)(a < b)"),
        Le => return s("(uchar)(a <= b)"),
        Gt => return s("(uchar)(a > b)"),
        Ge => return s("(uchar)(a >= b)"),
        LogicalAnd => return s("(uchar)(a != 0 && b != 0)"),
        LogicalOr => return s("(uchar)(a != 0 || b != 0)"),
        LogicalXor => return s("(uchar)((a != 0) != (b != 0))"),
        _ => {}
    }
    if dt.is_float() {
        let c = ct(dt);
        let wide = matches!(dt, DType::F16 | DType::BF16) && fp64;
        let m = |f: &str| -> Option<String> {
            if wide {
                Some(format!("d2f_odd({f}((double)a, (double)b))"))
            } else {
                Some(format!("{f}(a, b)"))
            }
        };
        return match op {
            Add => s("a + b"),
            Sub => s("a - b"),
            Mul => s("a * b"),
            Div => s("a / b"),
            Pow => m("pow"),
            Atan2 => m("atan2"),
            Maximum => s("(a >= b || isnan(a)) ? a : b"),
            Minimum => s("(a <= b || isnan(a)) ? a : b"),
            Fmod => s("fmod(a, b)"),
            FloorDivide => Some(format!("floordiv_{c}(a, b)")),
            _ => None,
        };
    }
    if dt == DType::Bool {
        return match op {
            Add | Maximum => s("(uchar)(a | b)"),
            Mul | Minimum => s("(uchar)(a & b)"),
            _ => None,
        };
    }
    let u = ut(dt);
    let wrap = |e: String| -> Option<String> {
        Some(match dt {
            DType::I32 => format!("as_int({e})"),
            DType::I64 => format!("as_long({e})"),
            _ => format!("(uchar)({e})"),
        })
    };
    let d = sfx(dt);
    match op {
        Add => wrap(format!("({u})a + ({u})b")),
        Sub => wrap(format!("({u})a - ({u})b")),
        Mul => wrap(format!("({u})a * ({u})b")),
        Maximum => s("a > b ? a : b"),
        Minimum => s("a < b ? a : b"),
        Pow => Some(format!("ipow_{d}(a, b)")),
        Fmod => Some(format!("imod_{d}(a, b)")),
        FloorDivide => Some(format!("ifloordiv_{d}(a, b)")),
        _ => None,
    }
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(op: BinaryOp, dt: DType, fp64: bool) -> bool {
    expr(op, dt, fp64).is_some()
}

const HELPERS_FLOAT: &str = r#"
inline $C floordiv_$C($C a, $C b) {
    if (b == 0) return a / b;
    $C m = fmod(a, b);
    $C div = (a - m) / b;
    if (m != 0 && ((b < 0) != (m < 0))) div -= 1;
    if (div != 0) {
        $C fd = floor(div);
        if (div - fd > ($C)0.5) fd += 1;
        return fd;
    }
    return copysign(($C)0, a / b);
}
"#;

const HELPERS_INT: &str = r#"
inline $C imod_$D($C a, $C b) {
    if (b == 0) return 0;
    if (@SIGNED@ && b == ($C)-1) return 0;
    return a % b;
}
inline $C ifloordiv_$D($C a, $C b) {
    if (b == 0) return 0;
    if (@SIGNED@ && b == ($C)-1) return @NEG@;
    $C q = a / b;
    $C r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
    return q;
}
inline $C ipow_$D($C a, $C b) {
    @U@ r = 1, x = (@U@)a;
    ulong e = (ulong)b;
    while (e != 0) {
        if (e & 1) r = (@U@)(r * x);
        x = (@U@)(x * x);
        e >>= 1;
    }
    return @BACK@;
}
"#;

/// Name of the kernel that checks an integer `pow` exponent operand for negative values
/// (signed dtypes only): `pow_negcheck_<dt>(y, yl, flag)` over the output's elements sets
/// `flag[0]` (an `int`, zeroed by the caller) to 1 if any exponent is negative.
pub fn negcheck_kernel(dt: DType) -> String {
    format!("pow_negcheck_{}", sfx(dt))
}

/// Source of program `binary_<dt>`.
pub fn source(dt: DType, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    if dt.is_float() {
        s.push_str(&tpl(HELPERS_FLOAT, dt, &[]));
    } else if dt.is_int() {
        let u = ut(dt);
        let neg = match dt {
            DType::I32 => format!("as_int(({u})0 - ({u})a)"),
            DType::I64 => format!("as_long(({u})0 - ({u})a)"),
            _ => "a".into(),
        };
        let signed = if dt == DType::U8 { "0" } else { "1" };
        let back = match dt {
            DType::I32 => "as_int(r)",
            DType::I64 => "as_long(r)",
            _ => "r",
        };
        s.push_str(&tpl(
            HELPERS_INT,
            dt,
            &[
                ("@SIGNED@", signed),
                ("@NEG@", &neg),
                ("@U@", u),
                ("@BACK@", back),
            ],
        ));
        if dt != DType::U8 {
            s.push_str(&tpl(
                r#"
__kernel void @K@(__global const $S* y, Lay yl, __global int* flag) {
    long i = get_global_id(0);
    if (LD_$D(y, at(&yl, i)) < 0) atomic_or(flag, 1);
}
"#,
                dt,
                &[("@K@", &negcheck_kernel(dt))],
            ));
        }
    }
    for &op in BinaryOp::ALL {
        let Some(e) = expr(op, dt, fp64) else {
            continue;
        };
        let od = if op.is_predicate() { DType::Bool } else { dt };
        s.push_str(&tpl(
            r#"
__kernel void @K@(__global const $S* x, Lay xl, __global const $S* y, Lay yl,
                  __global @OS@* out) {
    long i = get_global_id(0);
    $C a = LD_$D(x, at(&xl, i));
    $C b = LD_$D(y, at(&yl, i));
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

/// Raw storage type of `size`-byte elements (for dtype-agnostic kernels).
pub fn raw(size: usize) -> &'static str {
    match size {
        1 => "uchar",
        2 => "ushort",
        4 => "uint",
        _ => "ulong",
    }
}

/// Source of program `where_b<size>` with kernel of the same name.
pub fn where_source(size: usize, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    s.push_str(
        &r#"
__kernel void where_b@N@(__global const uchar* c, Lay cl, __global const @T@* x, Lay xl,
                       __global const @T@* y, Lay yl, __global @T@* out) {
    long i = get_global_id(0);
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
"#
        .replace("@N@", &size.to_string())
        .replace("@T@", raw(size)),
    );
    s
}
