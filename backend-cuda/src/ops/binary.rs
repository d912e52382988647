//! Elementwise binary kernels (`binary_<op>_<dt>` in module `binary_<dt>`) on
//! pre-broadcast operands of one compute dtype, and `where` (by element size).
//!
//! `maximum`/`minimum` propagate NaN (CUDA's `fmax`/`fmin` do not, so they are not used);
//! `fmod` is the library function (exact); `floor_divide` follows NumPy's
//! `npy_floor_divide`. `f16`/`bf16` compute in `float` (`pow`/`atan2` in `double`) and
//! round once. Integers wrap; integer `fmod`/`floor_divide` by 0 give 0; integer `pow` has
//! no kernel (a negative exponent must be an error).

use super::{ct, sfx, tpl, ut};
use tensor_core::{BinaryOp, DType};

/// Kernel name.
pub fn kernel(op: BinaryOp, dt: DType) -> String {
    format!("binary_{}_{}", op.name(), sfx(dt))
}

/// Module name.
pub fn program(dt: DType) -> String {
    format!("binary_{}", sfx(dt))
}

fn expr(op: BinaryOp, dt: DType) -> Option<String> {
    use BinaryOp::*;
    let s = |e: &str| Some(e.to_string());
    match op {
        Eq => return s("(u8)(a == b)"),
        Ne => return s("(u8)(a != b)"),
        Lt => return s("(u8)(a < b)"),
        Le => return s("(u8)(a <= b)"),
        Gt => return s("(u8)(a > b)"),
        Ge => return s("(u8)(a >= b)"),
        LogicalAnd => return s("(u8)(a != 0 && b != 0)"),
        LogicalOr => return s("(u8)(a != 0 || b != 0)"),
        LogicalXor => return s("(u8)((a != 0) != (b != 0))"),
        _ => {}
    }
    if dt.is_float() {
        let c = ct(dt);
        let wide = matches!(dt, DType::F16 | DType::BF16);
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
            Add | Maximum => s("(u8)(a | b)"),
            Mul | Minimum => s("(u8)(a & b)"),
            _ => None,
        };
    }
    let (c, u) = (ct(dt), ut(dt));
    let wrap = |e: String| -> Option<String> { Some(format!("({c})({e})")) };
    let d = sfx(dt);
    match op {
        Add => wrap(format!("({u})a + ({u})b")),
        Sub => wrap(format!("({u})a - ({u})b")),
        Mul => wrap(format!("({u})a * ({u})b")),
        Maximum => s("a > b ? a : b"),
        Minimum => s("a < b ? a : b"),
        Fmod => Some(format!("imod_{d}(a, b)")),
        FloorDivide => Some(format!("ifloordiv_{d}(a, b)")),
        _ => None,
    }
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(op: BinaryOp, dt: DType) -> bool {
    expr(op, dt).is_some()
}

const HELPERS_FLOAT: &str = r#"
__device__ __forceinline__ $C floordiv_$C($C a, $C b) {
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
__device__ __forceinline__ $C imod_$D($C a, $C b) {
    if (b == 0) return 0;
    if (@SIGNED@ && b == ($C)-1) return 0;
    return a % b;
}
__device__ __forceinline__ $C ifloordiv_$D($C a, $C b) {
    if (b == 0) return 0;
    if (@SIGNED@ && b == ($C)-1) return @NEG@;
    $C q = a / b;
@ADJ@    return q;
}
"#;

/// Source of module `binary_<dt>`; kernel parameters
/// `(const S* x, Lay xl, const S* y, Lay yl, OS* out, i64 n)`.
pub fn source(dt: DType) -> String {
    let mut s = super::prelude();
    if dt.is_float() {
        s.push_str(&tpl(HELPERS_FLOAT, dt, &[]));
    } else if dt.is_int() {
        let (c, u) = (ct(dt), ut(dt));
        let neg = match dt {
            DType::U8 => "a".to_string(),
            _ => format!("({c})(({u})0 - ({u})a)"),
        };
        let signed = if dt == DType::U8 { "0" } else { "1" };
        // Round toward minus infinity (signed only: unsigned division already floors).
        let adj = if dt == DType::U8 {
            ""
        } else {
            "    $C r = a % b;\n    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;\n"
        };
        s.push_str(&tpl(
            HELPERS_INT,
            dt,
            &[("@SIGNED@", signed), ("@NEG@", &neg), ("@ADJ@", adj)],
        ));
    }
    for &op in BinaryOp::ALL {
        let Some(e) = expr(op, dt) else {
            continue;
        };
        let od = if op.is_predicate() { DType::Bool } else { dt };
        s.push_str(&tpl(
            r#"
extern "C" __global__ void @K@(const $S* x, Lay xl, const $S* y, Lay yl, @OS@* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
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
        1 => "u8",
        2 => "u16",
        4 => "u32",
        _ => "u64",
    }
}

/// Name of the `where` kernel (and module) for `size`-byte elements.
pub fn where_kernel(size: usize) -> String {
    format!("where_b{size}")
}

/// Source of module `where_b<size>` with kernel of the same name, parameters
/// `(const u8* c, Lay cl, const T* x, Lay xl, const T* y, Lay yl, T* out, i64 n)`.
pub fn where_source(size: usize) -> String {
    let mut s = super::prelude();
    s.push_str(
        &r#"
extern "C" __global__ void where_b@N@(const u8* c, Lay cl, const @T@* x, Lay xl,
                                     const @T@* y, Lay yl, @T@* out, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];
}
"#
        .replace("@N@", &size.to_string())
        .replace("@T@", raw(size)),
    );
    s
}
