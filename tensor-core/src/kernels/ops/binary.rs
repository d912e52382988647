//! Elementwise binary kernels (`binary_<op>_<dt>` in program `binary_<dt>`) on
//! pre-broadcast operands of one compute dtype, and `where` (by element size).
//!
//! `maximum`/`minimum` propagate NaN (the languages' `fmax`/`fmin` do not, so they are not
//! used); `fmod` is the library function (exact); `floor_divide` follows NumPy's
//! `npy_floor_divide`. `f16`/`bf16` compute in `float` (`pow`/`atan2` in `double` where the
//! device has it) and round once. Integers wrap; integer `fmod`/`floor_divide` by 0 give 0;
//! integer `pow` is square-and-multiply in the unsigned type of the same width (wraps,
//! `0**0 = 1`), as on the CPU backend. A negative exponent is an error there; here the
//! kernel `pow_negcheck_<dt>` (signed dtypes) sets a flag in a one-element `int` buffer,
//! which the host reads back before computing anything (see [`negcheck_kernel`]).

use crate::kernels::runtime::{Kernel, Runtime, check_out, elementwise, has_dtype, prep};
use crate::kernels::{Dialect, compute, head, sfx, tpl, unsigned_of};
use crate::{BinaryOp, DType, Dst, Error, Layout, Op, Result, Src};

/// Kernel name.
pub fn kernel(op: BinaryOp, dt: DType) -> String {
    format!("binary_{}_{}", op.name(), sfx(dt))
}

/// Program name.
pub fn program(dt: DType) -> String {
    format!("binary_{}", sfx(dt))
}

fn expr(d: &dyn Dialect, op: BinaryOp, dt: DType) -> Option<String> {
    use BinaryOp::*;
    let s = |e: &str| Some(e.to_string());
    let b = d.storage(DType::Bool);
    let pred = match op {
        Eq => "a == b",
        Ne => "a != b",
        Lt => "a < b",
        Le => "a <= b",
        Gt => "a > b",
        Ge => "a >= b",
        LogicalAnd => "a != 0 && b != 0",
        LogicalOr => "a != 0 || b != 0",
        LogicalXor => "(a != 0) != (b != 0)",
        _ => "",
    };
    if !pred.is_empty() {
        return Some(format!("({b})({pred})"));
    }
    if dt.is_float() {
        let c = compute(d, dt);
        let wide = matches!(dt, DType::F16 | DType::BF16) && d.fp64();
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
            Add | Maximum => Some(format!("({b})(a | b)")),
            Mul | Minimum => Some(format!("({b})(a & b)")),
            _ => None,
        };
    }
    let u = unsigned_of(d, dt);
    let wrap = |e: String| Some(d.wrap(dt, &e));
    let n = sfx(dt);
    match op {
        Add => wrap(format!("({u})a + ({u})b")),
        Sub => wrap(format!("({u})a - ({u})b")),
        Mul => wrap(format!("({u})a * ({u})b")),
        Maximum => s("a > b ? a : b"),
        Minimum => s("a < b ? a : b"),
        Pow => Some(format!("ipow_{n}(a, b)")),
        Fmod => Some(format!("imod_{n}(a, b)")),
        FloorDivide => Some(format!("ifloordiv_{n}(a, b)")),
        _ => None,
    }
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(d: &dyn Dialect, op: BinaryOp, dt: DType) -> bool {
    expr(d, op, dt).is_some()
}

const HELPERS_FLOAT: &str = r#"
@FN@ $C floordiv_$C($C a, $C b) {
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
@FN@ $C imod_$D($C a, $C b) {
    if (b == 0) return 0;
    if (@SIGNED@ && b == ($C)-1) return 0;
    return a % b;
}
@FN@ $C ifloordiv_$D($C a, $C b) {
    if (b == 0) return 0;
    if (@SIGNED@ && b == ($C)-1) return @NEG@;
    $C q = a / b;
@ADJ@    return q;
}
@FN@ $C ipow_$D($C a, $C b) {
    @U@ r = 1, x = (@U@)a;
    @UL@ e = (@UL@)b;
    while (e != 0) {
        if (e & 1) r = (@U@)(r * x);
        x = (@U@)(x * x);
        e >>= 1;
    }
    return @BACK@;
}
"#;

/// Name of the kernel that checks an integer `pow` exponent operand for negative values
/// (signed dtypes only, in program [`program`]`(dt)`): parameters
/// `(const S* y, Lay yl, int* flag)`, one thread per output element; it sets `flag[0]`
/// (zeroed by the caller) to 1 if any exponent it reads is negative.
pub fn negcheck_kernel(dt: DType) -> String {
    format!("pow_negcheck_{}", sfx(dt))
}

/// The integer helpers of program `binary_<dt>` for an integer `dt` (`imod_<dt>`,
/// `ifloordiv_<dt>`, `ipow_<dt>`): functions that use only the dialect's types, so a host
/// compiler can check them too (`backend-cuda/tests/without_gpu.rs`).
pub fn int_helpers(d: &dyn Dialect, dt: DType) -> String {
    let u = unsigned_of(d, dt);
    let unsigned = dt == DType::U8;
    let neg = if unsigned {
        "a".to_string()
    } else {
        d.wrap(dt, &format!("({u})0 - ({u})a"))
    };
    // Round toward minus infinity (signed only: unsigned division already floors).
    let adj = if unsigned {
        ""
    } else {
        "    $C r = a % b;\n    if (r != 0 && ((r < 0) != (b < 0))) q -= 1;\n"
    };
    let back = d.wrap(dt, "r");
    let extra = [
        ("@SIGNED@", if unsigned { "0" } else { "1" }),
        ("@NEG@", &neg),
        ("@ADJ@", adj),
        ("@U@", u),
        ("@BACK@", &back),
    ];
    tpl(d, HELPERS_INT, dt, &extra)
}

/// Source of program `binary_<dt>`; kernel parameters
/// `(const S* x, Lay xl, const S* y, Lay yl, OS* out)` (and the bound `n`, see
/// [`Dialect::bound_param`]), and for `i32`/`i64` also [`negcheck_kernel`].
pub fn source(d: &dyn Dialect, dt: DType) -> String {
    let mut s = super::super::prelude(d);
    if dt.is_float() {
        s.push_str(&tpl(d, HELPERS_FLOAT, dt, &[]));
    } else if dt.is_int() {
        s.push_str(&int_helpers(d, dt));
        if dt != DType::U8 {
            let params = format!("@G@const $S* y, Lay yl, @G@{}* flag", d.storage(DType::I32));
            let mut k = String::from("\n");
            k.push_str(&head(d, &negcheck_kernel(dt), &params, "i", "n"));
            k.push_str(&format!(
                "    if (LD_$D(y, at(&yl, i)) < 0) {};\n}}\n",
                d.atomic_or("flag", "1")
            ));
            s.push_str(&tpl(d, &k, dt, &[]));
        }
    }
    for &op in BinaryOp::ALL {
        let Some(e) = expr(d, op, dt) else {
            continue;
        };
        let od = if op.is_predicate() { DType::Bool } else { dt };
        let params = "@G@const $S* x, Lay xl, @G@const $S* y, Lay yl, @G@@OS@* out";
        let mut k = String::from("\n");
        k.push_str(&head(d, &kernel(op, dt), params, "i", "n"));
        k.push_str(
            "    $C a = LD_$D(x, at(&xl, i));
    $C b = LD_$D(y, at(&yl, i));
    ST_@OD@(out, i, @E@);
}
",
        );
        let extra = [("@OS@", d.storage(od)), ("@OD@", sfx(od)), ("@E@", &e)];
        s.push_str(&tpl(d, &k, dt, &extra));
    }
    s
}

/// Name of the `where` kernel (and program) for `size`-byte elements.
pub fn where_kernel(size: usize) -> String {
    format!("where_b{size}")
}

/// Source of program `where_b<size>` with kernel of the same name, parameters
/// `(const u8* c, Lay cl, const T* x, Lay xl, const T* y, Lay yl, T* out)` (and the bound).
pub fn where_source(d: &dyn Dialect, size: usize) -> String {
    let mut s = super::super::prelude(d);
    let params = "@G@const @U8@* c, Lay cl, @G@const @T@* x, Lay xl, @G@const @T@* y, Lay yl, \
                  @G@@T@* out";
    let mut k = String::from("\n");
    k.push_str(&head(d, &where_kernel(size), params, "i", "n"));
    k.push_str("    out[i] = c[at(&cl, i)] ? x[at(&xl, i)] : y[at(&yl, i)];\n}\n");
    s.push_str(&tpl(d, &k, DType::U8, &[("@T@", d.unsigned(size))]));
    s
}

/// `out = op(a, b)` on operands already broadcast to the output's shape, cast to the
/// compute dtype of [`BinaryOp::dtypes`] if needed. Integer `pow` first checks the
/// exponents ([`check_exponents`]).
pub fn binary<R: Runtime>(
    rt: &R,
    op: BinaryOp,
    a: Src<'_, R::Buffer>,
    b: Src<'_, R::Buffer>,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let o = Op::Binary(op);
    let uns = || rt.unsupported(o, a.dtype);
    let (c, r) = op.dtypes(a.dtype, b.dtype).map_err(|_| uns())?;
    check_out(o, &out, r)?;
    let d = rt.dialect();
    if !has_dtype(d, c) || !has_kernel(d, op, c) {
        return Err(rt.unsupported(o, c));
    }
    if a.layout.shape() != out.shape || b.layout.shape() != out.shape {
        return Err(Error::shapes(op.name(), a.layout.shape(), b.layout.shape()));
    }
    let pa = prep(rt, o, a, c)?;
    let pb = prep(rt, o, b, c)?;
    if op == BinaryOp::Pow && matches!(c, DType::I32 | DType::I64) {
        check_exponents(rt, c, pb.get(), out.shape)?;
    }
    let k = Kernel {
        program: &program(c),
        source: &|| source(d, c),
        name: &kernel(op, c),
    };
    elementwise(rt, op.name(), k, [pa.get(), pb.get()], out.buf, out.shape)
}

/// Integer `pow` with a negative exponent is an error, as on the CPU backend: a kernel
/// sets a flag if any exponent `y` addresses (over the output's `shape`) is negative, and
/// the flag is read back (which waits for the kernel) before the power is computed, so the
/// output is untouched on error.
pub fn check_exponents<R: Runtime>(
    rt: &R,
    dt: DType,
    y: (&R::Buffer, &Layout),
    shape: &[usize],
) -> Result<()> {
    if shape.contains(&0) {
        return Ok(());
    }
    let mut flag = rt.alloc(DType::I32, 1)?;
    rt.upload(&mut flag, &0i32.to_le_bytes())?;
    let d = rt.dialect();
    let k = Kernel {
        program: &program(dt),
        source: &|| source(d, dt),
        name: &negcheck_kernel(dt),
    };
    elementwise(rt, "pow", k, [y], &flag, shape)?;
    let mut got = [0u8; 4];
    rt.download(&flag, &mut got)?;
    if i32::from_le_bytes(got) != 0 {
        return Err(Error::invalid(
            "pow",
            "Integers to negative integer powers are not allowed.",
        ));
    }
    Ok(())
}

/// `out = cond ? a : b` on operands broadcast to the output's shape (`a` and `b` cast to
/// their promoted dtype, `cond` to `bool`); the kernel moves bytes by element size.
pub fn where_<R: Runtime>(
    rt: &R,
    cond: Src<'_, R::Buffer>,
    a: Src<'_, R::Buffer>,
    b: Src<'_, R::Buffer>,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let c = DType::promote(a.dtype, b.dtype);
    check_out(Op::Where, &out, c)?;
    for s in [&cond, &a, &b] {
        if s.layout.shape() != out.shape {
            return Err(Error::shapes("where", s.layout.shape(), out.shape));
        }
    }
    let pc = prep(rt, Op::Where, cond, DType::Bool)?;
    let pa = prep(rt, Op::Where, a, c)?;
    let pb = prep(rt, Op::Where, b, c)?;
    let size = c.size_of();
    let d = rt.dialect();
    let k = Kernel {
        program: &where_kernel(size),
        source: &|| where_source(d, size),
        name: &where_kernel(size),
    };
    let inputs = [pc.get(), pa.get(), pb.get()];
    elementwise(rt, "where", k, inputs, out.buf, out.shape)
}
