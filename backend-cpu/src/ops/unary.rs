//! Elementwise unary ops for every dtype allowed by [`UnaryOp::dtypes`].
//!
//! Floats compute in their [`CFloat`] type with the correctly rounded CORE-MATH functions
//! (`f16`/`bf16` go through `f32` and are rounded once more). The `f32` functions that have
//! a vectorised, correctly rounded kernel in [`vmath`] (the exponential, logarithm,
//! hyperbolic and inverse hyperbolic, `sin`/`cos`/`tan` and inverse trigonometric
//! families, `erf` and `rsqrt`: [`vmath::f32_kernel`]) use it instead, for `f32` and for
//! `f16`/`bf16` (converted to `f32` in blocks of 256 on the stack): the results are the
//! same bits, only faster. The same families in `f64` (all but `erf`; `rsqrt` included)
//! have vectorised, correctly rounded kernels too ([`vmath::f64_kernel`], on the AVX2 and
//! AVX-512 paths; on the baseline path only `sin`, `cos` and `tan`, the others being
//! faster as scalar CORE-MATH there). Conventions where NumPy and PyTorch leave room:
//! `relu(NaN) = NaN`, `relu(-0.0) = 0.0`; `sign(±0.0) = ±0.0` (the zero is returned as is,
//! as NumPy does), `sign(NaN) = NaN`; integer `neg`/`abs`/`square` wrap
//! (`abs(i32::MIN) == i32::MIN`, as in NumPy).

use super::{
    CFloat, Float, Int, as_f32_mut, as_type, as_type_mut, halfconv, map1, map1_slices, map1_via,
    vmath, vunary, with_float, with_int,
};
use crate::buffer::{CpuBuffer, Pod};
use tensor_core::{DType, Error, Layout, Result, UnaryOp};

/// Runs `op` on `x` (already of the compute dtype) into `out` (of the result dtype); a
/// combination that is not implemented is [`Error::Unsupported`]. (The result is returned
/// as it is, not wrapped in an `Option`: moving a `Result` out of one costs more than a
/// 16-element op.)
pub fn unary(op: UnaryOp, x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    with_float!(x.dtype(), |T| return float::<T>(op, x, xl, out), _ => ());
    with_int!(x.dtype(), |T| return int::<T>(op, x, xl, out), _ => ());
    boolean(op, x, xl, out).unwrap_or_else(|| {
        Err(Error::unsupported(
            tensor_core::Op::Unary(op),
            x.dtype(),
            "cpu",
        ))
    })
}

fn go<A: Pod, O: Pod>(
    x: &CpuBuffer,
    xl: &Layout,
    out: &mut CpuBuffer,
    f: impl Fn(A) -> O + Sync,
) -> Result<()> {
    let xs = x.as_slice::<A>()?;
    map1(xs, xl, out.as_mut_slice::<O>()?, f);
    Ok(())
}

fn float<T: Float>(op: UnaryOp, x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    use UnaryOp::*;
    if let Some(kernel) = vmath::f32_kernel(op) {
        // Vectorised and correctly rounded (CORE-MATH for special and out-of-range inputs).
        match T::DTYPE {
            DType::F32 => {
                map1_slices(x.as_slice::<f32>()?, xl, out.as_mut_slice::<f32>()?, kernel);
                return Ok(());
            }
            DType::F16 => {
                return via_f32(
                    x,
                    xl,
                    out,
                    kernel,
                    halfconv::f16_to_f32,
                    halfconv::f32_to_f16,
                );
            }
            DType::BF16 => {
                return via_f32(
                    x,
                    xl,
                    out,
                    kernel,
                    halfconv::bf16_to_f32,
                    halfconv::f32_to_bf16,
                );
            }
            _ => {}
        }
    }
    if T::DTYPE == DType::F64
        && let Some(kernel) = vmath::f64_kernel(op)
    {
        // Vectorised and correctly rounded, as the f32 kernels.
        map1_slices(x.as_slice::<f64>()?, xl, out.as_mut_slice::<f64>()?, kernel);
        return Ok(());
    }
    if let Some(k) = vunary::Kind::of(op, T::DTYPE != DType::F64) {
        // Slice kernels with AVX2 twins, bit-identical to the definitions below.
        let xs = x.as_slice::<T>()?;
        let os = out.as_mut_slice::<T>()?;
        if T::HALF {
            map1_via(xs, xl, os, |b: &mut [T::C]| {
                vunary::f32_in_place(k, as_f32_mut(b).expect("f16/bf16 compute in f32"))
            });
            return Ok(());
        }
        if T::DTYPE == DType::F32 {
            let (xs, os) = (x.as_slice::<f32>()?, out.as_mut_slice::<f32>()?);
            map1_slices(xs, xl, os, |s, d| vunary::f32(k, s, d));
            return Ok(());
        }
        if T::DTYPE == DType::F64 {
            let (xs, os) = (x.as_slice::<f64>()?, out.as_mut_slice::<f64>()?);
            map1_slices(xs, xl, os, |s, d| vunary::f64(k, s, d));
            return Ok(());
        }
    }
    macro_rules! f {
        ($f:expr) => {
            if T::HALF {
                // Widened and narrowed a block at a time ([`super::halfconv`]).
                let xs = x.as_slice::<T>()?;
                map1_via(xs, xl, out.as_mut_slice::<T>()?, |b: &mut [T::C]| {
                    for v in b {
                        *v = $f(*v);
                    }
                });
                Ok(())
            } else {
                go::<T, T>(x, xl, out, |v: T| T::down($f(v.up())))
            }
        };
    }
    if T::HALF && matches!(op, Neg | Abs) {
        // Sign-bit operations on the 16-bit patterns, as IEEE 754 defines `negate` and
        // `abs` (and NumPy computes them for `float16`): the same values as through `f32`,
        // NaNs included (a signalling NaN stays signalling instead of being quieted by the
        // widening), at memory speed.
        let (xs, os) = (x.as_slice::<T>()?, out.as_mut_slice::<T>()?);
        let (flip, keep) = if op == Neg {
            (0x8000, 0xffff)
        } else {
            (0, 0x7fff)
        };
        macro_rules! bits {
            ($h:ty) => {
                if let (Some(xs), Some(os)) = (as_type::<T, $h>(xs), as_type_mut::<T, $h>(os)) {
                    map1(xs, xl, os, |v: $h| {
                        <$h>::from_bits((v.to_bits() ^ flip) & keep)
                    });
                    return Ok(());
                }
            };
        }
        bits!(half::f16);
        bits!(half::bf16);
    }
    if T::HALF && matches!(op, IsNan | IsInf | IsFinite | LogicalNot) {
        // Predicates on the 16-bit patterns: the magnitude bits against the exponent field
        // of infinity (`0x7c00` for `f16`, `0x7f80` for `bf16`), the values of the tests
        // through `f32` without the per-element widening.
        let xs = x.as_slice::<T>()?;
        let os = out.as_mut_slice::<bool>()?;
        macro_rules! bits {
            ($h:ty, $inf:expr) => {
                if let Some(xs) = as_type::<T, $h>(xs) {
                    let m = |v: $h| v.to_bits() & 0x7fff;
                    match op {
                        IsNan => map1(xs, xl, os, |v: $h| m(v) > $inf),
                        IsInf => map1(xs, xl, os, |v: $h| m(v) == $inf),
                        IsFinite => map1(xs, xl, os, |v: $h| m(v) < $inf),
                        _ => map1(xs, xl, os, |v: $h| m(v) == 0),
                    }
                    return Ok(());
                }
            };
        }
        bits!(half::f16, 0x7c00);
        bits!(half::bf16, 0x7f80);
    }
    match op {
        Neg => f!(|v: T::C| -v),
        Abs => f!(CFloat::abs),
        Sign => f!(|v: T::C| {
            if v > T::C::ZERO {
                T::C::ONE
            } else if v < T::C::ZERO {
                -T::C::ONE
            } else {
                v
            }
        }),
        Sqrt => f!(CFloat::sqrt),
        Rsqrt => f!(CFloat::rsqrt),
        Exp => f!(CFloat::exp),
        Exp2 => f!(CFloat::exp2),
        Expm1 => f!(CFloat::expm1),
        Log => f!(CFloat::ln),
        Log2 => f!(CFloat::log2),
        Log10 => f!(CFloat::log10),
        Log1p => f!(CFloat::log1p),
        Sin => f!(CFloat::sin),
        Cos => f!(CFloat::cos),
        Tan => f!(CFloat::tan),
        Asin => f!(CFloat::asin),
        Acos => f!(CFloat::acos),
        Atan => f!(CFloat::atan),
        Sinh => f!(CFloat::sinh),
        Cosh => f!(CFloat::cosh),
        Tanh => f!(CFloat::tanh),
        Asinh => f!(CFloat::asinh),
        Acosh => f!(CFloat::acosh),
        Atanh => f!(CFloat::atanh),
        Erf => f!(CFloat::erf),
        Sigmoid => f!(CFloat::sigmoid),
        Relu => f!(|v: T::C| if v > T::C::ZERO || v.is_nan() {
            v
        } else {
            T::C::ZERO
        }),
        Floor => f!(CFloat::floor),
        Ceil => f!(CFloat::ceil),
        Round => f!(CFloat::round_even),
        Trunc => f!(CFloat::trunc),
        Reciprocal => f!(|v: T::C| T::C::ONE / v),
        Square => f!(|v: T::C| v * v),
        IsNan => go::<T, bool>(x, xl, out, |v: T| v.up().is_nan()),
        IsInf => go::<T, bool>(x, xl, out, |v: T| v.up().is_inf()),
        IsFinite => go::<T, bool>(x, xl, out, |v: T| {
            let c = v.up();
            !c.is_nan() && !c.is_inf()
        }),
        LogicalNot => go::<T, bool>(x, xl, out, |v: T| v.up() == T::C::ZERO),
    }
}

/// Runs the `f32` `kernel` on a 16-bit float tensor: blocks of 256 converted to `f32` on
/// the stack by the slice conversions of [`halfconv`] (vectorised; the bits `half` gives),
/// the results rounded back (once, as the scalar path does).
fn via_f32<H: Pod>(
    x: &CpuBuffer,
    xl: &Layout,
    out: &mut CpuBuffer,
    kernel: vmath::Kernel,
    up: fn(&[H], &mut [f32]),
    down: fn(&[f32], &mut [H]),
) -> Result<()> {
    map1_slices(
        x.as_slice::<H>()?,
        xl,
        out.as_mut_slice::<H>()?,
        |xs, os| {
            let (mut a, mut b) = ([0.0f32; 256], [0.0f32; 256]);
            for (xc, oc) in xs.chunks(256).zip(os.chunks_mut(256)) {
                let n = xc.len();
                up(xc, &mut a[..n]);
                kernel(&a[..n], &mut b[..n]);
                down(&b[..n], oc);
            }
        },
    );
    Ok(())
}

fn int<T: Int>(op: UnaryOp, x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    use UnaryOp::*;
    match op {
        Neg => go::<T, T>(x, xl, out, Int::neg),
        Abs => go::<T, T>(x, xl, out, Int::abs),
        Sign => go::<T, T>(x, xl, out, Int::sign),
        Relu => go::<T, T>(x, xl, out, |v: T| v.max(T::ZERO)),
        Square => go::<T, T>(x, xl, out, |v: T| v.mul(v)),
        Floor | Ceil | Round | Trunc => go::<T, T>(x, xl, out, |v: T| v),
        IsNan | IsInf => go::<T, bool>(x, xl, out, |_| false),
        IsFinite => go::<T, bool>(x, xl, out, |_| true),
        LogicalNot => go::<T, bool>(x, xl, out, |v: T| v == T::ZERO),
        _ => Err(not_here(op, T::DTYPE)),
    }
}

fn boolean(op: UnaryOp, x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Option<Result<()>> {
    use UnaryOp::*;
    Some(match op {
        Abs | Relu | Square => go::<bool, bool>(x, xl, out, |v| v),
        IsNan | IsInf => go::<bool, bool>(x, xl, out, |_| false),
        IsFinite => go::<bool, bool>(x, xl, out, |_| true),
        LogicalNot => go::<bool, bool>(x, xl, out, |v: bool| !v),
        _ => return None,
    })
}

fn not_here(op: UnaryOp, dt: DType) -> Error {
    Error::unsupported(op, dt, "cpu")
}

/// Whether `op` has a kernel taking `dtype` directly (the compute dtype).
pub fn has_kernel(op: UnaryOp, dtype: DType) -> bool {
    use UnaryOp::*;
    match dtype {
        d if d.is_float() => true,
        d if d.is_int() => matches!(
            op,
            Neg | Abs
                | Sign
                | Relu
                | Square
                | Floor
                | Ceil
                | Round
                | Trunc
                | IsNan
                | IsInf
                | IsFinite
                | LogicalNot
        ),
        _ => matches!(
            op,
            Abs | Relu | Square | IsNan | IsInf | IsFinite | LogicalNot
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use half::{bf16, f16};

    /// A buffer holding every 16-bit pattern twice, and two views of 65536 elements over
    /// it: contiguous, and a transposed (strided) one, each pattern once.
    fn every_pattern<H: Pod>(dt: DType, of: fn(u16) -> H) -> (CpuBuffer, [Layout; 2]) {
        let n = 1usize << 16;
        let mut x = CpuBuffer::zeroed(dt, 2 * n).unwrap();
        for (i, v) in x.as_mut_slice::<H>().unwrap().iter_mut().enumerate() {
            *v = of((i % n) as u16);
        }
        let views = [
            Layout::contiguous(&[n]),
            Layout::contiguous(&[n, 2]).permute(&[1, 0]).unwrap(),
        ];
        (x, views)
    }

    /// `neg`/`abs` of every `f16` and `bf16` pattern, through a strided view too: the
    /// sign-bit definitions, which are the values of the computation through `f32` (NaNs
    /// stay NaN, with the flipped or cleared sign).
    #[test]
    fn half_neg_abs_on_every_pattern() {
        fn check<H: Pod + Copy>(dt: DType, of: fn(u16) -> H, bits: fn(H) -> u16, up: fn(H) -> f32) {
            let (x, views) = every_pattern(dt, of);
            for xl in &views {
                for op in [UnaryOp::Neg, UnaryOp::Abs] {
                    let mut out = CpuBuffer::zeroed(dt, xl.numel()).unwrap();
                    unary(op, &x, xl, &mut out).unwrap();
                    let xs = x.as_slice::<H>().unwrap();
                    let os = out.as_slice::<H>().unwrap();
                    for (&o, idx) in os.iter().zip(xl.indices()) {
                        let v = xs[idx];
                        let want = if op == UnaryOp::Neg {
                            bits(v) ^ 0x8000
                        } else {
                            bits(v) & 0x7fff
                        };
                        assert_eq!(bits(o), want, "{op:?} {dt:?} {:#06x}", bits(v));
                        let (f, g) = (up(o), up(v));
                        let w = if op == UnaryOp::Neg { -g } else { g.abs() };
                        assert!(
                            f == w
                                || (f.is_nan()
                                    && w.is_nan()
                                    && f.is_sign_negative() == w.is_sign_negative())
                        );
                    }
                }
            }
        }
        check::<f16>(DType::F16, f16::from_bits, f16::to_bits, f16::to_f32);
        check::<bf16>(DType::BF16, bf16::from_bits, bf16::to_bits, bf16::to_f32);
    }

    /// `isnan`, `isinf`, `isfinite` and `logical_not` of every `f16` and `bf16` pattern,
    /// contiguous and through a strided view: the tests of the value widened to `f32`.
    #[test]
    fn half_predicates_on_every_pattern() {
        fn check<H: Pod + Copy>(dt: DType, of: fn(u16) -> H, up: fn(H) -> f32) {
            let (x, views) = every_pattern(dt, of);
            type Test = fn(f32) -> bool;
            let ops: [(UnaryOp, Test); 4] = [
                (UnaryOp::IsNan, f32::is_nan),
                (UnaryOp::IsInf, f32::is_infinite),
                (UnaryOp::IsFinite, f32::is_finite),
                (UnaryOp::LogicalNot, |v| v == 0.0),
            ];
            for xl in &views {
                for (op, want) in ops {
                    let mut out = CpuBuffer::zeroed(DType::Bool, xl.numel()).unwrap();
                    unary(op, &x, xl, &mut out).unwrap();
                    let xs = x.as_slice::<H>().unwrap();
                    let os = out.as_slice::<bool>().unwrap();
                    let mut hits = 0;
                    for (&o, idx) in os.iter().zip(xl.indices()) {
                        let v = up(xs[idx]);
                        assert_eq!(o, want(v), "{op:?} {dt:?} {v}");
                        hits += o as usize;
                    }
                    assert!(hits > 0 && hits < xl.numel(), "{op:?} {dt:?}: {hits}");
                }
            }
        }
        check::<f16>(DType::F16, f16::from_bits, f16::to_f32);
        check::<bf16>(DType::BF16, bf16::from_bits, bf16::to_f32);
    }
}
