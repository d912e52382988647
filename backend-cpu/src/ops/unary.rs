//! Elementwise unary ops for every dtype allowed by [`UnaryOp::dtypes`].
//!
//! Floats compute in their [`CFloat`] type with the correctly rounded CORE-MATH functions
//! (`f16`/`bf16` go through `f32` and are rounded once more). The `f32` functions that have
//! a vectorised, correctly rounded kernel in [`vmath`] (the exponential, logarithm,
//! hyperbolic and inverse hyperbolic, `sin`/`cos`/`tan` and inverse trigonometric
//! families, `erf` and `rsqrt`: [`vmath::f32_kernel`]) use it instead, for `f32` and for
//! `f16`/`bf16` (converted to `f32` in blocks of 256 on the stack): the results are the
//! same bits, only faster. `f16`/`bf16` inputs of at least [`TABLE_MIN`] elements are
//! looked up in a table of the op on all 65,536 patterns, built once by that same path
//! (`by_table`). The same families in `f64` (all but `erf`; `rsqrt` included)
//! have vectorised, correctly rounded kernels too ([`vmath::f64_kernel`], on the AVX2 and
//! AVX-512 paths; on the baseline path only `sin`, `cos` and `tan`, the others being
//! faster as scalar CORE-MATH there). Conventions where NumPy and PyTorch leave room:
//! `relu(NaN) = NaN`, `relu(-0.0) = 0.0`; `sign(±0.0) = ±0.0` (the zero is returned as is,
//! as NumPy does), `sign(NaN) = NaN`; integer `neg`/`abs`/`square` wrap
//! (`abs(i32::MIN) == i32::MIN`, as in NumPy).

use super::{
    CFloat, Float, Int, as_f32_mut, as_type, as_type_mut, halfconv, map1, map1_slices, map1_via,
    map1_via_lanes, vmath, vunary, with_float, with_int,
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

/// Fewest `f16`/`bf16` elements for which `by_table` runs: from here on, building a
/// table (the op on all 65,536 patterns, once per process) costs at most half the op.
pub const TABLE_MIN: usize = 1 << 17;

/// The `f16`/`bf16` functions that [`by_table`] takes: all whose result is an `f16`/`bf16`
/// of the input's type and which are not at memory speed already (`neg`/`abs` are
/// sign-bit operations; rounding, `relu`, `sign` and `square` run lane by lane in `f32`,
/// in one pass with AVX-512 ([`map1_via_lanes`]) or vectorised blocks otherwise).
fn tabled(op: UnaryOp) -> bool {
    use UnaryOp::*;
    (op as usize) < SLOTS
        && !matches!(
            op,
            Neg | Abs | IsNan | IsInf | IsFinite | LogicalNot
            // At memory speed through the vectorised `f32` blocks already.
            | Floor | Ceil | Round | Trunc | Relu | Sign | Square
        )
}

/// Patterns of a 16-bit float.
const PATTERNS: usize = 1 << 16;

/// Table slots per 16-bit type: ops numbered from here on (none yet) keep the element path.
const SLOTS: usize = 64;

/// One lazily built table per op and 16-bit type (`f16`, `bf16`).
type Tables = [std::sync::OnceLock<Box<[u16]>>; SLOTS];
static TABLES: [Tables; 2] = [const { [const { std::sync::OnceLock::new() }; SLOTS] }; 2];

/// `op` on `f16`/`bf16` as a lookup: an `f16` or `bf16` has 65,536 bit patterns, so the
/// results of all of them, computed once by the element path below (the vectorised `f32`
/// kernels or the scalar definitions, NaN patterns included), answer any input. The same
/// bits as that path by construction, at the speed of a load per element.
fn by_table<T: Float>(op: UnaryOp, x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    use half::{bf16, f16};
    let which = usize::from(T::DTYPE == DType::BF16);
    let slot = &TABLES[which][op as usize];
    let table = match slot.get() {
        Some(t) => t,
        None => {
            // All patterns in order, through the element path (`PATTERNS < TABLE_MIN`, so
            // no recursion). Two threads may both build it: the same bits, one is kept.
            let mut inp = CpuBuffer::for_output(T::DTYPE, PATTERNS)?;
            let mut res = CpuBuffer::for_output(T::DTYPE, PATTERNS)?;
            let mut bits: Box<[u16]> = Box::default();
            macro_rules! build {
                ($h:ty) => {
                    if let Some(p) = as_type_mut::<T, $h>(inp.as_mut_slice::<T>()?) {
                        for (i, v) in p.iter_mut().enumerate() {
                            *v = <$h>::from_bits(i as u16);
                        }
                        float::<T>(op, &inp, &Layout::contiguous(&[PATTERNS]), &mut res)?;
                        let r = as_type::<T, $h>(res.as_slice::<T>()?).unwrap_or_default();
                        // One entry of padding for the gathers of `lookup16`.
                        bits = r.iter().map(|v| v.to_bits()).chain([0]).collect();
                    }
                };
            }
            build!(f16);
            build!(bf16);
            slot.get_or_init(|| bits)
        }
    };
    if table.len() != PATTERNS + 1 {
        return Err(Error::invalid(
            op.name(),
            "internal: a 16-bit table is incomplete",
        ));
    }
    let (xs, os) = (x.as_slice::<T>()?, out.as_mut_slice::<T>()?);
    map1_slices(xs, xl, os, |s, d| lookup16(table, bits16(s), bits16_mut(d)));
    Ok(())
}

/// The bit patterns of an `f16`/`bf16` slice.
fn bits16<H: Pod>(s: &[H]) -> &[u16] {
    assert_eq!(std::mem::size_of::<H>(), 2, "a 16-bit type");
    // SAFETY: `H` is `f16` or `bf16` (size checked), `repr(transparent)` over `u16`: same
    // size and alignment, and every pattern of either is a valid `u16`.
    unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<u16>(), s.len()) }
}

/// [`bits16`], mutable: any `u16` written is a valid `f16`/`bf16` (`H: Pod`).
fn bits16_mut<H: Pod>(s: &mut [H]) -> &mut [u16] {
    assert_eq!(std::mem::size_of::<H>(), 2, "a 16-bit type");
    // SAFETY: as in `bits16`; every 16-bit pattern is a valid `H`.
    unsafe { std::slice::from_raw_parts_mut(s.as_mut_ptr().cast::<u16>(), s.len()) }
}

/// `out[i] = table[x[i]]` (`table`: [`PATTERNS`] entries and one of padding), with
/// AVX-512 gathers where the CPU has them.
fn lookup16(table: &[u16], xs: &[u16], out: &mut [u16]) {
    assert!(table.len() > PATTERNS && xs.len() == out.len());
    #[cfg(target_arch = "x86_64")]
    if super::has_avx512() {
        // SAFETY: the CPU has AVX-512 F (checked just above).
        unsafe { lookup16_avx512(table, xs, out) };
        return;
    }
    for (o, &v) in out.iter_mut().zip(xs) {
        *o = table[usize::from(v)];
    }
}

/// [`lookup16`] sixteen at a time: the patterns zero-extended to 32-bit offsets, one
/// 32-bit gather at byte `2 * x` (scale 2; the padding entry keeps the last read within
/// the table), the low halves packed back.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn lookup16_avx512(table: &[u16], xs: &[u16], out: &mut [u16]) {
    use std::arch::x86_64::*;
    let n = xs.len().min(out.len());
    let mut i = 0;
    while i + 16 <= n {
        // SAFETY: `i + 16 <= n` bounds the load and the store; every offset is below
        // 65536, so each 4-byte read at byte `2 * x` ends within the `PATTERNS + 1`
        // entries of `table` (checked by the caller).
        unsafe {
            let idx = _mm512_cvtepu16_epi32(_mm256_loadu_si256(xs.as_ptr().add(i).cast()));
            let v = _mm512_i32gather_epi32::<2>(idx, table.as_ptr().cast());
            _mm256_storeu_si256(out.as_mut_ptr().add(i).cast(), _mm512_cvtepi32_epi16(v));
        }
        i += 16;
    }
    for (o, &v) in out[i..n].iter_mut().zip(&xs[i..n]) {
        *o = table[usize::from(v)];
    }
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
    if T::HALF && xl.numel() >= TABLE_MIN && tabled(op) {
        return by_table::<T>(op, x, xl, out);
    }
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
        // `f16`/`bf16` with AVX-512 take the one-pass loop of the definitions below
        // (`map1_via_lanes`), except `rsqrt` (CORE-MATH per element).
        if T::HALF && (k == vunary::Kind::Rsqrt || !halfconv::fused_available()) {
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
                // Widened and narrowed in registers, or a block at a time
                // ([`super::halfconv`]).
                let xs = x.as_slice::<T>()?;
                map1_via_lanes(xs, xl, out.as_mut_slice::<T>()?, $f);
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
        // Two selects rather than an `else if` chain: LLVM vectorises this form in the
        // one-pass `f16`/`bf16` loop; the branches cost a misprediction per element.
        Sign => f!(|v: T::C| {
            let p = if v > T::C::ZERO { T::C::ONE } else { v };
            if v < T::C::ZERO { -T::C::ONE } else { p }
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

    /// The lookup path of `f16`/`bf16` ([`by_table`], inputs of at least [`TABLE_MIN`])
    /// gives the bits of the element path (smaller inputs) for every op it takes: every
    /// pattern in a scrambled order, contiguous and through a transposed view. The element
    /// path runs on pieces below [`TABLE_MIN`] of the same input; the lookup on the
    /// baseline and the AVX-512 path.
    #[test]
    fn half_tables_give_the_element_path_bits() {
        fn check<H: Pod + Copy>(dt: DType, of: fn(u16) -> H, bits: fn(H) -> u16) {
            let n = TABLE_MIN + 3 * PATTERNS / 2;
            let mut x = CpuBuffer::zeroed(dt, n).unwrap();
            for (i, v) in x.as_mut_slice::<H>().unwrap().iter_mut().enumerate() {
                // An odd multiplier walks every pattern in a scrambled order.
                *v = of((i as u32).wrapping_mul(40_503) as u16);
            }
            let rows = n / 8;
            let views = [
                Layout::contiguous(&[n]),
                Layout::contiguous(&[8, rows]).permute(&[1, 0]).unwrap(),
            ];
            for op in UnaryOp::ALL.iter().copied().filter(|&o| tabled(o)) {
                for (xl, level) in views.iter().zip([1, 3]).chain(views.iter().zip([3, 1])) {
                    // The lookup's scalar loop (level 1) and its AVX-512 gathers (3).
                    crate::ops::force_isa(level);
                    let mut out = CpuBuffer::zeroed(dt, xl.numel()).unwrap();
                    unary(op, &x, xl, &mut out).unwrap();
                    crate::ops::force_isa(0);
                    // The element path, on contiguous pieces of the same elements.
                    let xs = x.as_slice::<H>().unwrap();
                    let gathered: Vec<H> = xl.indices().map(|i| xs[i]).collect();
                    let os = out.as_slice::<H>().unwrap();
                    for (c, piece) in gathered.chunks(PATTERNS).enumerate() {
                        let mut pb = CpuBuffer::zeroed(dt, piece.len()).unwrap();
                        pb.as_mut_slice::<H>().unwrap().copy_from_slice(piece);
                        let mut want = CpuBuffer::zeroed(dt, piece.len()).unwrap();
                        unary(op, &pb, &Layout::contiguous(&[piece.len()]), &mut want).unwrap();
                        let w = want.as_slice::<H>().unwrap();
                        for (j, (&g, &w)) in os[c * PATTERNS..].iter().zip(w).enumerate() {
                            assert_eq!(
                                bits(g),
                                bits(w),
                                "{op:?} {dt:?} of {:#06x} (view {:?})",
                                bits(piece[j]),
                                xl.strides()
                            );
                        }
                    }
                }
            }
        }
        check::<f16>(DType::F16, f16::from_bits, f16::to_bits);
        check::<bf16>(DType::BF16, bf16::from_bits, bf16::to_bits);
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

    /// The `f16`/`bf16` functions computed lane by lane in `f32` (one pass with AVX-512,
    /// widened blocks otherwise) on every pattern, contiguous and through a strided view,
    /// on each ISA path: the bits of `narrow(g(widen(x)))` for `g` written out here.
    #[test]
    fn half_lane_ops_on_every_pattern() {
        fn check<H: Pod + Copy>(
            dt: DType,
            of: fn(u16) -> H,
            bits: fn(H) -> u16,
            up: fn(H) -> f32,
            down: fn(f32) -> H,
        ) {
            let (x, views) = every_pattern(dt, of);
            type Def = fn(f32) -> f32;
            let ops: [(UnaryOp, Def); 9] = [
                (UnaryOp::Floor, f32::floor),
                (UnaryOp::Ceil, f32::ceil),
                (UnaryOp::Round, f32::round_ties_even),
                (UnaryOp::Trunc, f32::trunc),
                (
                    UnaryOp::Relu,
                    |v| if v > 0.0 || v.is_nan() { v } else { 0.0 },
                ),
                (UnaryOp::Sign, |v| {
                    if v > 0.0 {
                        1.0
                    } else if v < 0.0 {
                        -1.0
                    } else {
                        v
                    }
                }),
                (UnaryOp::Square, |v| v * v),
                (UnaryOp::Reciprocal, |v| 1.0 / v),
                (UnaryOp::Sqrt, f32::sqrt),
            ];
            for level in [1, 2, 3] {
                crate::ops::force_isa(level);
                for xl in &views {
                    for (op, g) in ops {
                        let mut out = CpuBuffer::zeroed(dt, xl.numel()).unwrap();
                        unary(op, &x, xl, &mut out).unwrap();
                        let xs = x.as_slice::<H>().unwrap();
                        let os = out.as_slice::<H>().unwrap();
                        for (&o, idx) in os.iter().zip(xl.indices()) {
                            let v = xs[idx];
                            assert_eq!(
                                bits(o),
                                bits(down(g(up(v)))),
                                "{op:?} {dt:?} of {:#06x}, ISA level {level}",
                                bits(v)
                            );
                        }
                    }
                }
                crate::ops::force_isa(0);
            }
        }
        check::<f16>(
            DType::F16,
            f16::from_bits,
            f16::to_bits,
            f16::to_f32,
            f16::from_f32,
        );
        check::<bf16>(
            DType::BF16,
            bf16::from_bits,
            bf16::to_bits,
            bf16::to_f32,
            bf16::from_f32,
        );
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
