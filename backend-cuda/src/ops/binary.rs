//! Elementwise binary kernels (`binary_<op>_<dt>` in module `binary_<dt>`) on
//! pre-broadcast operands of one compute dtype, and `where` (by element size).
//!
//! `maximum`/`minimum` propagate NaN (CUDA's `fmax`/`fmin` do not, so they are not used);
//! `fmod` is the library function (exact); `floor_divide` follows NumPy's
//! `npy_floor_divide`. `f16`/`bf16` compute in `float` (`pow`/`atan2` in `double`) and
//! round once. Integers wrap; integer `fmod`/`floor_divide` by 0 give 0; integer `pow` is
//! square-and-multiply in the unsigned type of the same width (wraps, `0**0 = 1`), as on the
//! CPU backend. A negative exponent is an error there; here the kernel `pow_negcheck_<dt>`
//! (signed dtypes) sets a flag in a one-element `i32` buffer, which the host reads back
//! before computing anything (see [`negcheck_kernel`]).

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
        Pow => Some(format!("ipow_{d}(a, b)")),
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
__device__ __forceinline__ $C ipow_$D($C a, $C b) {
    @U@ r = 1, x = (@U@)a;
    u64 e = (u64)b;
    while (e != 0) {
        if (e & 1) r = (@U@)(r * x);
        x = (@U@)(x * x);
        e >>= 1;
    }
    return ($C)r;
}
"#;

/// Name of the kernel that checks an integer `pow` exponent operand for negative values
/// (signed dtypes only, in module [`program`]`(dt)`): parameters
/// `(const S* y, Lay yl, i32* flag, i64 n)`, one thread per output element; it sets
/// `flag[0]` (zeroed by the caller) to 1 if any exponent it reads is negative.
pub fn negcheck_kernel(dt: DType) -> String {
    format!("pow_negcheck_{}", sfx(dt))
}

/// The integer helpers of module `binary_<dt>` for an integer `dt` (`imod_<dt>`,
/// `ifloordiv_<dt>`, `ipow_<dt>`): device functions that use only the prelude's typedefs,
/// so `tests/without_gpu.rs` also compiles them with the host C++ compiler.
pub fn int_helpers(dt: DType) -> String {
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
    tpl(
        HELPERS_INT,
        dt,
        &[
            ("@SIGNED@", signed),
            ("@NEG@", &neg),
            ("@ADJ@", adj),
            ("@U@", u),
        ],
    )
}

/// Source of module `binary_<dt>`; kernel parameters
/// `(const S* x, Lay xl, const S* y, Lay yl, OS* out, i64 n)`, and for `i32`/`i64` also
/// [`negcheck_kernel`].
pub fn source(dt: DType) -> String {
    let mut s = super::prelude();
    if dt.is_float() {
        s.push_str(&tpl(HELPERS_FLOAT, dt, &[]));
    } else if dt.is_int() {
        s.push_str(&int_helpers(dt));
        if dt != DType::U8 {
            s.push_str(&tpl(
                r#"
extern "C" __global__ void @K@(const $S* y, Lay yl, i32* flag, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    if (LD_$D(y, at(&yl, i)) < 0) atomicOr(flag, 1);
}
"#,
                dt,
                &[("@K@", &negcheck_kernel(dt))],
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kernel the backend launches from a binary module is defined in it, so the NVRTC
    /// test (which compiles every kernel [`super::super::kernel_names`] finds) covers it.
    #[test]
    fn every_launched_binary_kernel_is_in_its_module() {
        for dt in DType::ALL {
            let names = super::super::kernel_names(&source(dt));
            for &op in BinaryOp::ALL {
                if has_kernel(op, dt) {
                    assert!(names.contains(&kernel(op, dt)), "{}", kernel(op, dt));
                }
            }
            let check = names.contains(&negcheck_kernel(dt));
            assert_eq!(check, matches!(dt, DType::I32 | DType::I64), "{dt}");
        }
        for dt in [DType::U8, DType::I32, DType::I64] {
            assert!(has_kernel(BinaryOp::Pow, dt), "pow {dt}");
        }
        assert!(!has_kernel(BinaryOp::Pow, DType::Bool));
    }
}
