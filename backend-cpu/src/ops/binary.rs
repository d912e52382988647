//! Elementwise binary ops and `where` on pre-broadcast operands of one dtype.
//!
//! Floats compute in their [`CFloat`] type (`f16`/`bf16` in `f32`, rounded once, which is
//! correctly rounded for `+ - * /`); `pow` and `atan2` of `f16`/`bf16`/`f32` use the
//! vectorised, correctly rounded kernels of [`vmath`] (the bits of CORE-MATH's `powf` and
//! `atan2f`), `f64` calls CORE-MATH per element. `maximum`/`minimum` propagate NaN. `fmod` is C's
//! (sign of the dividend); `floor_divide` is NumPy's `npy_floor_divide`. Integers wrap;
//! integer `fmod`/`floor_divide` by zero give 0 (NumPy), `pow` with a negative exponent is
//! an error (NumPy's message). On `bool`, `add`/`maximum` are `or` and `mul`/`minimum` are
//! `and`.

use super::{
    CFloat, Float, Int, VIA, as_f32, as_f32_mut, map2, map2_slices, map2_via, map2_via_to, map3,
    vbinary, via2_blocks, vmath, with_float, with_int,
};
use crate::buffer::{CpuBuffer, Pod};
use tensor_core::{BinaryOp, DType, Error, Layout, Result, with_dtype};

/// Runs `op` on `a`, `b` (already of the compute dtype) into `out`; a combination that is
/// not implemented is [`Error::Unsupported`] (see [`super::unary::unary`] for why this is
/// not an `Option`).
pub fn binary(
    op: BinaryOp,
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let args = Args { a, al, b, bl };
    with_float!(a.dtype(), |T| return float::<T>(op, args, out), _ => ());
    let r = with_int!(a.dtype(), |T| int::<T>(op, args, out), _ => boolean(op, args, out));
    r.unwrap_or_else(|| {
        Err(Error::unsupported(
            tensor_core::Op::Binary(op),
            a.dtype(),
            "cpu",
        ))
    })
}

#[derive(Clone, Copy)]
struct Args<'a> {
    a: &'a CpuBuffer,
    al: &'a Layout,
    b: &'a CpuBuffer,
    bl: &'a Layout,
}

impl Args<'_> {
    fn go<T: Pod, O: Pod>(self, out: &mut CpuBuffer, f: impl Fn(T, T) -> O + Sync) -> Result<()> {
        map2(
            self.a.as_slice::<T>()?,
            self.al,
            self.b.as_slice::<T>()?,
            self.bl,
            out.as_mut_slice::<O>()?,
            f,
        );
        Ok(())
    }
}

/// NumPy's `npy_floor_divide` for floats.
pub fn floor_divide<C: CFloat>(a: C, b: C) -> C {
    if b == C::ZERO {
        return a / b;
    }
    floor_divide_from_mod(a, b, a % b)
}

/// NumPy's `npy_floor_divide` for floats given `m = fmod(a, b)` and `b != 0`.
#[inline(always)]
pub fn floor_divide_from_mod<C: CFloat>(a: C, b: C, m: C) -> C {
    let mut div = (a - m) / b;
    if m != C::ZERO && ((b < C::ZERO) != (m < C::ZERO)) {
        div = div - C::ONE;
    }
    if div != C::ZERO {
        let mut fd = div.floor();
        if div - fd > C::of_f64(0.5) {
            fd = fd + C::ONE;
        }
        fd
    } else {
        C::ZERO.copysign(a / b)
    }
}

fn float<T: Float>(op: BinaryOp, x: Args<'_>, out: &mut CpuBuffer) -> Result<()> {
    use BinaryOp::*;
    macro_rules! f {
        ($f:expr) => {
            f!($f, true)
        };
        ($f:expr, $fuse:expr) => {
            if T::HALF {
                // Widened and narrowed in one pass ([`super::halfconv::fused2`]) or a block
                // at a time.
                let (a, b) = (x.a.as_slice::<T>()?, x.b.as_slice::<T>()?);
                let o = out.as_mut_slice::<T>()?;
                map2_via((a, x.al), (b, x.bl), o, $fuse, $f);
                Ok(())
            } else {
                x.go::<T, T>(out, |a: T, b: T| T::down($f(a.up(), b.up())))
            }
        };
    }
    macro_rules! p {
        ($f:expr) => {
            if T::HALF {
                // Widened a block at a time, as `f!`.
                let (a, b) = (x.a.as_slice::<T>()?, x.b.as_slice::<T>()?);
                map2_via_to((a, x.al), (b, x.bl), out.as_mut_slice::<bool>()?, $f);
                Ok(())
            } else {
                x.go::<T, bool>(out, |a: T, b: T| $f(a.up(), b.up()))
            }
        };
    }
    type C<T> = <T as Float>::C;
    let z = C::<T>::ZERO;
    match op {
        Add => f!(|a, b| a + b),
        Sub => f!(|a, b| a - b),
        Mul => f!(|a, b| a * b),
        Div => f!(|a, b| a / b),
        Pow | Atan2 if T::DTYPE != DType::F64 => {
            // Vectorised and correctly rounded (CORE-MATH for special inputs and the rare
            // results near a rounding boundary): the same bits as the scalar functions.
            let k = vmath::f32_kernel2(op).expect("pow and atan2 have f32 kernels");
            kernel2::<T>(k, x, out)
        }
        Pow | Atan2 if T::DTYPE == DType::F64 && vmath::f64_kernel2(op).is_some() => {
            // Vectorised and correctly rounded, as the f32 kernels (not on the baseline
            // path, where the scalar function is faster).
            let k = vmath::f64_kernel2(op).expect("checked by the guard");
            let (a, b) = (x.a.as_slice::<f64>()?, x.b.as_slice::<f64>()?);
            let o = out.as_mut_slice::<f64>()?;
            map2_slices((a, x.al), (b, x.bl), o, k);
            Ok(())
        }
        Pow => f!(CFloat::pow),
        Atan2 => f!(CFloat::atan2),
        // Not fused for `bf16`: the compare-and-select next to the `bf16` conversions
        // (mask and shuffle work on the same port) made the one-pass loop 0.8x to 1.0x the
        // three-pass one, where `f16` gains 2x (A/B in `docs/benchmarks.md`).
        Maximum => f!(
            |a: C<T>, b: C<T>| if a >= b || a.is_nan() { a } else { b },
            T::DTYPE != DType::BF16
        ),
        Minimum => f!(
            |a: C<T>, b: C<T>| if a <= b || a.is_nan() { a } else { b },
            T::DTYPE != DType::BF16
        ),
        Fmod | FloorDivide if !T::HALF => {
            // Exact vector kernels ([`vbinary`]): the bits of the scalar definitions.
            let (a, b) = (x.a.as_slice::<T::C>()?, x.b.as_slice::<T::C>()?);
            let o = out.as_mut_slice::<T::C>()?;
            if op == Fmod {
                map2_slices((a, x.al), (b, x.bl), o, vbinary::fmod::<T::C>);
            } else {
                map2_slices((a, x.al), (b, x.bl), o, vbinary::floor_divide::<T::C>);
            }
            Ok(())
        }
        Fmod | FloorDivide => {
            // The same kernels on blocks widened to `f32`.
            let (a, b) = (x.a.as_slice::<T>()?, x.b.as_slice::<T>()?);
            via2_blocks(
                (a, x.al),
                (b, x.bl),
                out.as_mut_slice::<T>()?,
                |xa: &mut [C<T>], xb: &[C<T>], o: &mut [T]| {
                    let mut r = [C::<T>::ZERO; VIA];
                    let r = &mut r[..xa.len()];
                    if op == Fmod {
                        vbinary::fmod(xa, xb, r);
                    } else {
                        vbinary::floor_divide(xa, xb, r);
                    }
                    T::down_slice(r, o);
                },
                None,
            );
            Ok(())
        }
        Eq => p!(|a, b| a == b),
        Ne => p!(|a, b| a != b),
        Lt => p!(|a, b| a < b),
        Le => p!(|a, b| a <= b),
        Gt => p!(|a, b| a > b),
        Ge => p!(|a, b| a >= b),
        LogicalAnd => p!(|a, b| a != z && b != z),
        LogicalOr => p!(|a, b| a != z || b != z),
        LogicalXor => p!(|a, b| (a != z) != (b != z)),
    }
}

/// `out = k(a, b)` for `f16`/`bf16`/`f32` (computed in `f32`), on blocks of [`VIA`]
/// elements gathered from any layout.
fn kernel2<T: Float>(k: vmath::Kernel2, x: Args<'_>, out: &mut CpuBuffer) -> Result<()> {
    let (a, b) = (x.a.as_slice::<T>()?, x.b.as_slice::<T>()?);
    let out = out.as_mut_slice::<T>()?;
    if let (Some(a), Some(b), Some(o)) = (as_f32(a), as_f32(b), as_f32_mut(&mut *out)) {
        // `f32`: the kernel reads the operands in place.
        map2_slices((a, x.al), (b, x.bl), o, k);
        return Ok(());
    }
    via2_blocks(
        (a, x.al),
        (b, x.bl),
        out,
        |xa: &mut [T::C], xb: &[T::C], o: &mut [T]| {
            const F32: &str = "f16/bf16/f32 compute in f32";
            let mut r = [0.0f32; VIA];
            let r = &mut r[..xa.len()];
            k(as_f32(xa).expect(F32), as_f32(xb).expect(F32), r);
            as_f32_mut(xa).expect(F32).copy_from_slice(r);
            T::down_slice(xa, o);
        },
        None,
    );
    Ok(())
}

fn ipow<T: Int>(mut a: T, mut e: u64) -> T {
    let mut r = T::ONE;
    while e > 0 {
        if e & 1 == 1 {
            r = r.mul(a);
        }
        a = a.mul(a);
        e >>= 1;
    }
    r
}

/// Truncated quotient and remainder of `a / b` (both 0 for `b == 0`; `MIN / -1` wraps, its
/// remainder is 0), as `wrapping_div`/`wrapping_rem` give them. When `|a|` and `|b|` are
/// below `2^53` (both exact in `f64`) the quotient is the truncation of an `f64` division,
/// faster than the 64-bit integer divider, and exact: if `a / b` is an integer it is
/// representable and the division returns it; otherwise `a / b` lies strictly between two
/// consecutive integers, at least `1 / |b|` from each, while the division's rounding error
/// is at most `2^-53 |a / b| < 1 / |b|`; rounding is monotone, so the result stays strictly
/// between the same integers and truncates to the same quotient.
#[inline(always)]
fn divrem_i64(a: i64, b: i64) -> (i64, i64) {
    const EXACT: u64 = 1 << 53;
    if a.unsigned_abs() >= EXACT || b.unsigned_abs() >= EXACT || b == 0 {
        return if b == 0 {
            (0, 0)
        } else {
            (a.wrapping_div(b), a.wrapping_rem(b))
        };
    }
    let q = (a as f64 / b as f64) as i64;
    (q, a - q * b)
}

/// Floor division from [`divrem_i64`] (0 for `b == 0`, `MIN // -1` wraps).
#[inline(always)]
fn floor_div_i64(a: i64, b: i64) -> i64 {
    let (q, r) = divrem_i64(a, b);
    if r != 0 && ((r < 0) != (b < 0)) {
        q.wrapping_sub(1)
    } else {
        q
    }
}

fn int<T: Int>(op: BinaryOp, x: Args<'_>, out: &mut CpuBuffer) -> Option<Result<()>> {
    use BinaryOp::*;
    let z = T::ZERO;
    Some(match op {
        Add => x.go::<T, T>(out, Int::add),
        Sub => x.go::<T, T>(out, Int::sub),
        Mul => x.go::<T, T>(out, Int::mul),
        Pow => (|| {
            let bs = x.b.as_slice::<T>()?;
            if !T::UNSIGNED && x.bl.indices().any(|i| bs[i].is_neg()) {
                return Err(Error::invalid(
                    "pow",
                    "Integers to negative integer powers are not allowed.",
                ));
            }
            x.go::<T, T>(out, |a: T, b: T| ipow(a, b.to_i64() as u64))
        })(),
        Maximum => x.go::<T, T>(out, |a: T, b: T| a.max(b)),
        Minimum => x.go::<T, T>(out, |a: T, b: T| a.min(b)),
        Fmod if T::DTYPE == DType::I64 => x.go::<i64, i64>(out, |a, b| divrem_i64(a, b).1),
        FloorDivide if T::DTYPE == DType::I64 => x.go::<i64, i64>(out, floor_div_i64),
        // `i32` floor division through the same path (always the `f64` quotient), narrowed
        // back: `MIN // -1` wraps to `MIN` as `wrapping_div` does. (`i32` `fmod` keeps the
        // 32-bit divider: as fast, by A/B.)
        FloorDivide if T::DTYPE == DType::I32 => {
            x.go::<i32, i32>(out, |a, b| floor_div_i64(a as i64, b as i64) as i32)
        }
        Fmod => x.go::<T, T>(out, Int::rem),
        FloorDivide => x.go::<T, T>(out, Int::floor_div),
        Eq => x.go::<T, bool>(out, |a, b| a == b),
        Ne => x.go::<T, bool>(out, |a, b| a != b),
        Lt => x.go::<T, bool>(out, |a, b| a < b),
        Le => x.go::<T, bool>(out, |a, b| a <= b),
        Gt => x.go::<T, bool>(out, |a, b| a > b),
        Ge => x.go::<T, bool>(out, |a, b| a >= b),
        LogicalAnd => x.go::<T, bool>(out, |a, b| a != z && b != z),
        LogicalOr => x.go::<T, bool>(out, |a, b| a != z || b != z),
        LogicalXor => x.go::<T, bool>(out, |a, b| (a != z) != (b != z)),
        Div | Atan2 => return None,
    })
}

fn boolean(op: BinaryOp, x: Args<'_>, out: &mut CpuBuffer) -> Option<Result<()>> {
    use BinaryOp::*;
    Some(match op {
        Add | Maximum | LogicalOr => x.go::<bool, bool>(out, |a, b| a | b),
        Mul | Minimum | LogicalAnd => x.go::<bool, bool>(out, |a, b| a & b),
        Eq => x.go::<bool, bool>(out, |a, b| a == b),
        Ne | LogicalXor => x.go::<bool, bool>(out, |a, b| a != b),
        Lt => x.go::<bool, bool>(out, |a: bool, b: bool| !a & b),
        Le => x.go::<bool, bool>(out, |a: bool, b: bool| a <= b),
        Gt => x.go::<bool, bool>(out, |a: bool, b: bool| a & !b),
        Ge => x.go::<bool, bool>(out, |a: bool, b: bool| a >= b),
        Sub | Div | Pow | Atan2 | Fmod | FloorDivide => return None,
    })
}

/// Whether `op` has a kernel taking operands of `dtype` directly.
pub fn has_kernel(op: BinaryOp, dtype: DType) -> bool {
    use BinaryOp::*;
    match dtype {
        d if d.is_float() => true,
        d if d.is_int() => !matches!(op, Div | Atan2),
        _ => !matches!(op, Sub | Div | Pow | Atan2 | Fmod | FloorDivide),
    }
}

/// `out = cond ? a : b` for any dtype.
pub fn where_(
    (c, cl): (&CpuBuffer, &Layout),
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    with_dtype!(a.dtype(), |T| {
        map3(
            (c.as_slice::<bool>()?, cl),
            (a.as_slice::<T>()?, al),
            (b.as_slice::<T>()?, bl),
            out.as_mut_slice::<T>()?,
            |c, a, b| if c { a } else { b },
        );
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{force_isa, unary::unary};
    use tensor_core::UnaryOp;

    /// The `f64` quotient path of `divrem_i64` against the integer divider, on operands of
    /// every magnitude up to and past `2^53`, quotients just below an integer, both signs,
    /// zero and `MIN` / `-1`.
    #[test]
    fn i64_division_through_f64_is_exact() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut vals = vec![0i64, 1, -1, 2, -2, 3, 7, i64::MIN, i64::MAX, i64::MIN + 1];
        for k in [1u32, 2, 10, 31, 32, 52, 53, 54, 62] {
            let p = 1i64 << k;
            vals.extend([p, -p, p - 1, -(p - 1), p + 1, -(p + 1), p - 3, p / 3 + 1]);
        }
        let mut pairs: Vec<(i64, i64)> = Vec::new();
        for &a in &vals {
            for &b in &vals {
                pairs.push((a, b));
            }
        }
        for _ in 0..200_000 {
            let (x, y) = (next(), next());
            // Magnitudes spread over 2^0..2^56, both signs.
            let a = (x >> (8 + x % 56)) as i64 * if x & 1 == 0 { 1 } else { -1 };
            let b = (y >> (8 + y % 56)) as i64 * if y & 1 == 0 { 1 } else { -1 };
            pairs.push((a, b));
            // Near-integer quotients: a = q b + small.
            let q = (next() >> (11 + x % 40)) as i64;
            pairs.push((q.wrapping_mul(b).wrapping_add((y % 3) as i64 - 1), b));
        }
        for (a, b) in pairs {
            let want = if b == 0 {
                (0, 0)
            } else {
                (a.wrapping_div(b), a.wrapping_rem(b))
            };
            assert_eq!(divrem_i64(a, b), want, "{a} / {b}");
            assert_eq!(floor_div_i64(a, b), a.floor_div(b), "{a} // {b}");
            let (a, b) = (a as i32, b as i32);
            assert_eq!(
                (
                    divrem_i64(a as i64, b as i64).1 as i32,
                    floor_div_i64(a as i64, b as i64) as i32
                ),
                (a.rem(b), a.floor_div(b)),
                "i32 {a} / {b}"
            );
        }
    }

    /// Special and ordinary values of `T` (as `f64`), every pair of them as two operands.
    fn pairs(dt: DType) -> (CpuBuffer, CpuBuffer, usize) {
        let v = [
            f64::NAN,
            -f64::NAN,
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0,
            -1.0,
            1.5,
            1e-310,
            -1e-40,
            3.4e38,
            -2.5e-3,
            7.0,
        ];
        let n = v.len() * v.len();
        let mut a = CpuBuffer::zeroed(dt, n).unwrap();
        let mut b = CpuBuffer::zeroed(dt, n).unwrap();
        let x = |i: usize| v[i / v.len()];
        let y = |i: usize| v[i % v.len()];
        if dt == DType::F32 {
            let (sa, sb) = (
                a.as_mut_slice::<f32>().unwrap(),
                b.as_mut_slice::<f32>().unwrap(),
            );
            for i in 0..n {
                (sa[i], sb[i]) = (x(i) as f32, y(i) as f32);
            }
        } else {
            let (sa, sb) = (
                a.as_mut_slice::<f64>().unwrap(),
                b.as_mut_slice::<f64>().unwrap(),
            );
            for i in 0..n {
                (sa[i], sb[i]) = (x(i), y(i));
            }
        }
        (a, b, n)
    }

    /// The elements of an `f32`, `f64` or `bool` buffer as bit patterns.
    fn bits(b: &CpuBuffer) -> Vec<u64> {
        match b.dtype() {
            DType::F32 => b
                .as_slice::<f32>()
                .unwrap()
                .iter()
                .map(|x| x.to_bits() as u64)
                .collect(),
            DType::F64 => b
                .as_slice::<f64>()
                .unwrap()
                .iter()
                .map(|x| x.to_bits())
                .collect(),
            _ => b
                .as_slice::<bool>()
                .unwrap()
                .iter()
                .map(|&x| x as u64)
                .collect(),
        }
    }

    /// Whether the pattern `p` of `dt` is a NaN.
    fn is_nan(dt: DType, p: u64) -> bool {
        match dt {
            DType::F32 => f32::from_bits(p as u32).is_nan(),
            DType::F64 => f64::from_bits(p).is_nan(),
            _ => false,
        }
    }

    /// The generic elementwise loops run in AVX2 and AVX-512 twins (`slice1`/`slice2` in
    /// `ops`): comparisons, `maximum`/`minimum`, logical ops, arithmetic and the float
    /// predicates give the baseline path's bits on every path, on special values,
    /// contiguous and with a broadcast operand (NaNs compared as NaN for arithmetic, whose
    /// payload the vector code may take from either operand).
    #[test]
    fn elementwise_loops_give_the_same_bits_on_every_isa_path() {
        use BinaryOp::*;
        let ops = [
            Add, Sub, Mul, Div, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr,
            LogicalXor,
        ];
        for dt in [DType::F32, DType::F64] {
            let (a, b, n) = pairs(dt);
            let cont = Layout::contiguous(&[n]);
            let bcast = Layout::new(vec![n], vec![0], 5).unwrap();
            for op in ops {
                let odt = if matches!(op, Add | Sub | Mul | Div | Maximum | Minimum) {
                    dt
                } else {
                    DType::Bool
                };
                for bl in [&cont, &bcast] {
                    let run = |level: u8| {
                        force_isa(level);
                        let mut out = CpuBuffer::zeroed(odt, n).unwrap();
                        binary(op, (&a, &cont), (&b, bl), &mut out).unwrap();
                        force_isa(0);
                        out
                    };
                    let base = run(1);
                    for level in [2, 3] {
                        let got = run(level);
                        let arith = matches!(op, Add | Sub | Mul | Div);
                        let same = bits(&base) == bits(&got)
                            || (arith
                                && bits(&base)
                                    .iter()
                                    .zip(bits(&got))
                                    .all(|(&p, q)| p == q || (is_nan(odt, p) && is_nan(odt, q))));
                        assert!(
                            same,
                            "{op:?} {dt} level {level} broadcast {}",
                            bl.strides()[0] == 0
                        );
                    }
                }
            }
            for op in [
                UnaryOp::IsNan,
                UnaryOp::IsInf,
                UnaryOp::IsFinite,
                UnaryOp::LogicalNot,
            ] {
                let run = |level: u8| {
                    force_isa(level);
                    let mut out = CpuBuffer::zeroed(DType::Bool, n).unwrap();
                    unary(op, &a, &cont, &mut out).unwrap();
                    force_isa(0);
                    out.as_slice::<bool>().unwrap().to_vec()
                };
                let base = run(1);
                assert_eq!(run(2), base, "{op:?} {dt}");
                assert_eq!(run(3), base, "{op:?} {dt}");
            }
        }
    }
}
