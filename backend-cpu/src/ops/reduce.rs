//! Reductions over any sorted set of axes (softmax / log_softmax are in [`super::softmax`]).
//!
//! # Accuracy and determinism
//! - Float sums (and `mean`, `var`, `std`, `logsumexp`, softmax normalisers) accumulate in
//!   `f64` for every float dtype, pairwise ([`sum_f64`]), and round once to the output
//!   dtype. `var`/`std` of `f32`/`f16`/`bf16` read the input once: two-pass per leaf in
//!   `f64`, leaves merged pairwise with Chan et al.'s update (`moments`); `f64` input,
//!   which has no wider accumulator to absorb the merge's rounding, stays two-pass over
//!   the whole block (mean, then squared deviations). Both divide by `n - ddof`; `n - ddof <= 0` gives NaN, as does the mean of an empty extent.
//! - `max`/`min` propagate NaN; `argmax`/`argmin` return the first NaN if any, else the
//!   first extremum, as a flat C-order index into the reduced axes.
//! - Integer sums and products wrap in `i64`.
//! - The reduction tree has a fixed shape ([`tree`]), so results do not depend on the
//!   number of threads. Each output's reduced block is read in place when it is contiguous
//!   (e.g. the trailing axis of a row-major tensor, or all axes), else gathered first.

use super::cast::{Castable, of_f64};
use super::columns::{self, CW, Cols};
use super::{
    Int, PAR_CHUNK, PAR_MIN, Plan, as_f32, as_type, has_avx2, leaf_prod_wide, leaf_sum, simd,
    sum_f64, sum_widened, tree, with_float, with_int,
};
use super::{par, softmax};
use crate::buffer::{CpuBuffer, Pod};
use half::slice::HalfFloatSliceExt;
use half::{bf16, f16};
use rayon::prelude::*;
use tensor_core::{DType, Layout, ReduceOp, Result, with_dtype};

/// Calls `f(block)` for each output element, `block` being its reduced elements in C
/// order, and stores the results in `out`.
fn blocks<T: Pod, O: Pod>(
    xs: &[T],
    xl: &Layout,
    axes: &[usize],
    out: &mut [O],
    f: impl Fn(&[T]) -> O + Sync,
) -> Result<()> {
    // Only a large reduction to several outputs can need the reordering copy; the others
    // (full reductions, tiny ops) go straight to `reduce_blocks`, which plans once.
    if out.len() > 1 && xl.numel() >= REORDER_MIN && !reads_in_place(xl, axes) {
        // Reduced blocks are strided (e.g. a column sum): move the reduced axes last with
        // cache-friendly (tiled) copies, then reduce contiguous rows. The elements of each
        // block are in the same order, so the result is unchanged. The copy is made in
        // pieces along the first kept axis, at most `REORDER_CAP` elements each, so the
        // scratch memory stays bounded whatever the input size; when one slice of that
        // axis alone is larger, the blocks are gathered one by one below instead.
        let kept: Vec<usize> = (0..xl.ndim()).filter(|a| !axes.contains(a)).collect();
        let perm: Vec<usize> = kept.iter().chain(axes).copied().collect();
        let pl = xl.permute(&perm)?;
        let d0 = pl.shape()[0];
        let per = pl.numel() / d0; // d0 > 0: out.len() > 1 and blocks of 2 or more
        if per <= REORDER_CAP {
            let step = (REORDER_CAP / per).min(d0);
            let outs = out.len() / d0;
            let trailing: Vec<usize> = (kept.len()..xl.ndim()).collect();
            let mut tmp: Vec<T> = Vec::new();
            tmp.try_reserve_exact(step * per).map_err(|_| {
                tensor_core::Error::out_of_memory("cpu", step * per * std::mem::size_of::<T>())
            })?;
            for s in (0..d0).step_by(step) {
                let len = step.min(d0 - s);
                let piece = pl.narrow(0, s, len)?;
                tmp.resize(piece.numel(), T::default());
                super::copy::gather(xs, &piece, &mut tmp);
                reduce_blocks(
                    &tmp,
                    &Layout::contiguous(piece.shape()),
                    &trailing,
                    &mut out[s * outs..(s + len) * outs],
                    &f,
                )?;
            }
            return Ok(());
        }
    }
    reduce_blocks(xs, xl, axes, out, &f)
}

/// Whether every reduced block of `xl` is one contiguous run (or a single element), so
/// that [`reduce_blocks`] reads it in place.
fn reads_in_place(xl: &Layout, axes: &[usize]) -> bool {
    let (_, inner) = xl.split_axes(axes);
    if inner.numel() <= 1 {
        return true;
    }
    let iplan = Plan::new([&inner]);
    iplan.shape().len() == 1 && iplan.strides(0)[0] == 1
}

/// [`blocks`] without the reordering copy: each block is read in place when contiguous,
/// else gathered into a scratch vector of its own size.
fn reduce_blocks<T: Pod, O: Pod>(
    xs: &[T],
    xl: &Layout,
    axes: &[usize],
    out: &mut [O],
    f: &(impl Fn(&[T]) -> O + Sync),
) -> Result<()> {
    let (outer, inner) = xl.split_axes(axes);
    let n = inner.numel();
    let oplan = Plan::new([&outer]);
    let iplan = Plan::new([&inner]);
    let in_place = iplan.shape().len() == 1 && (iplan.strides(0)[0] == 1 || n <= 1);
    let [os] = oplan.inner_strides();
    let run = |start: usize, piece: &mut [O]| {
        let mut scratch: Vec<T> = Vec::new();
        oplan.rows(start, start + piece.len(), |pos, [b], len| {
            for j in 0..len {
                let base = b + j as isize * os;
                let block: &[T] = if n == 0 {
                    &[]
                } else if in_place {
                    let s = (base + iplan.offset0()) as usize;
                    &xs[s..s + n]
                } else {
                    scratch.clear();
                    let [is] = iplan.inner_strides();
                    iplan.rows(0, n, |_, [ib], ilen| {
                        for k in 0..ilen as isize {
                            scratch.push(xs[(base + ib + k * is) as usize]);
                        }
                    });
                    &scratch
                };
                piece[pos - start + j] = f(block);
            }
        });
    };
    let total = out.len().saturating_mul(n.max(1));
    if total >= PAR_MIN && out.len() > 1 {
        let chunk = (PAR_CHUNK / n.max(1)).max(1);
        par::chunks_mut(out, chunk, |c, piece| run(c * chunk, piece));
    } else {
        run(0, out);
    }
    Ok(())
}

impl<const N: usize> Plan<N> {
    /// Storage offset of element 0 of operand 0.
    fn offset0(&self) -> isize {
        self.offsets[0]
    }
}

/// Input size from which strided reduced blocks are first reordered by a copy.
const REORDER_MIN: usize = 1 << 14;
/// Most elements reordered at once (the bound on a strided reduction's scratch memory:
/// 32 MiB of `f64`). Small in unit tests, so that they cover the copy in pieces.
const REORDER_CAP: usize = if cfg!(test) { 1 << 12 } else { 1 << 22 };

/// Lanes of the vectorised extremum scan (two AVX2 vectors of `f32`).
const LANES: usize = 16;
/// Elements per independent piece of a parallel extremum scan.
const EXT_CHUNK: usize = 1 << 15;

/// `(extremum, any NaN)` of a non-empty `s` (`MAX`: largest, else smallest), in `LANES`
/// independent lanes with branch-free selects and a separate NaN flag, so that LLVM
/// vectorises the loop. The extremum is meaningless when a NaN was seen, and for a tie
/// between `-0.0` and `+0.0` it may be either (callers resolve both cases).
#[inline(always)]
fn scan_ext<T: Copy + PartialOrd + 'static, const MAX: bool>(s: &[T]) -> (T, bool) {
    // `f16`/`bf16`: integer keys (below), not `half`'s comparisons per element.
    let half = if let Some(h) = as_type::<T, f16>(s) {
        Some(scan_half::<MAX>(h.reinterpret_cast(), 0x7c00))
    } else {
        as_type::<T, bf16>(s).map(|h| scan_half::<MAX>(h.reinterpret_cast(), 0x7f80))
    };
    if let Some((bits, nan)) = half {
        // SAFETY: `T` is `f16` or `bf16` (one `as_type` succeeded), both plain `u16` bits.
        return (unsafe { std::mem::transmute_copy::<u16, T>(&bits) }, nan);
    }
    let mut acc = [s[0]; LANES];
    let mut nan = [false; LANES];
    let mut it = s.chunks_exact(LANES);
    for c in &mut it {
        for j in 0..LANES {
            let v = c[j];
            #[allow(clippy::eq_op)]
            let is_nan = v != v;
            nan[j] |= is_nan;
            let take = if MAX { v > acc[j] } else { v < acc[j] };
            acc[j] = if take { v } else { acc[j] };
        }
    }
    let mut best = acc[0];
    let mut any_nan = nan.iter().any(|&b| b);
    for &v in acc[1..].iter().chain(it.remainder()) {
        #[allow(clippy::eq_op)]
        let is_nan = v != v;
        any_nan |= is_nan;
        if (MAX && v > best) || (!MAX && v < best) {
            best = v;
        }
    }
    (best, any_nan)
}

/// [`scan_ext`] of `f16`/`bf16` bit patterns (`inf`: the infinity's magnitude bits, above
/// which a pattern is a NaN): each pattern maps to an integer key whose unsigned order is
/// the values' order (`b | 0x8000` for a positive sign, `!b` for a negative one), so the
/// scan is an integer maximum or minimum that vectorises to 16-bit lanes. `-0.0` has a
/// smaller key than `+0.0`; callers resolve zero ties anyway (see [`scan_ext`]).
#[inline(always)]
fn scan_half<const MAX: bool>(s: &[u16], inf: u16) -> (u16, bool) {
    let key = |b: u16| b ^ ((b >> 15).wrapping_neg() | 0x8000);
    let mut best = key(s[0]);
    let mut nan = false;
    for &b in s {
        nan |= b & 0x7fff > inf;
        best = if MAX {
            best.max(key(b))
        } else {
            best.min(key(b))
        };
    }
    // The key's inverse: a set top bit marks a positive value.
    let bits = if best & 0x8000 != 0 {
        best & 0x7fff
    } else {
        !best
    };
    (bits, nan)
}

/// `(index of the first extremum, any NaN)` of a non-empty `s` in one pass: as
/// [`scan_ext`], each of the `LANES` lanes also keeps the group number where its extremum
/// was last replaced (strictly, so ties keep the earliest), and the lanes are combined by
/// value, then by smallest index. `-0.0` and `+0.0` compare equal, so the first of them is
/// found, as the definition asks. The index is meaningless when a NaN was seen. `s` must
/// have fewer than `2^32 * LANES` elements.
#[inline(always)]
fn scan_arg<T: Copy + PartialOrd + 'static, const MAX: bool>(s: &[T]) -> (usize, bool) {
    let better = |v: T, b: T| if MAX { v > b } else { v < b };
    #[allow(clippy::eq_op)]
    let is_nan = |v: T| v != v;
    let full = s.len() / LANES * LANES;
    let (mut bi, mut best, mut any_nan) = (0usize, s[0], false);
    if full > 0 {
        // Lane j starts at element j (group 0). `f32` on AVX2 has a hand-written twin
        // (LLVM turns the group select into scalar moves); it computes the same lanes.
        let lanes = as_f32(&s[..full]).and_then(simd::arg_lanes_f32::<MAX>);
        let (acc, grp, nan) = match lanes {
            Some((a, g, n)) => {
                // SAFETY: `T` is `f32` (`as_f32` succeeded), so `[f32; LANES]` is `[T; LANES]`.
                (
                    unsafe { std::mem::transmute_copy::<[f32; LANES], [T; LANES]>(&a) },
                    g,
                    n,
                )
            }
            None => {
                let mut acc: [T; LANES] = std::array::from_fn(|j| s[j]);
                let mut grp = [0u32; LANES];
                let mut nan = [false; LANES];
                for (g, c) in s[..full].chunks_exact(LANES).enumerate() {
                    for j in 0..LANES {
                        let v = c[j];
                        nan[j] |= is_nan(v);
                        let take = better(v, acc[j]);
                        acc[j] = if take { v } else { acc[j] };
                        grp[j] = if take { g as u32 } else { grp[j] };
                    }
                }
                (acc, grp, nan.iter().any(|&b| b))
            }
        };
        any_nan = nan;
        for j in 0..LANES {
            let (i, v) = (grp[j] as usize * LANES + j, acc[j]);
            if better(v, best) || (v == best && i < bi) {
                (bi, best) = (i, v);
            }
        }
    }
    for (k, &v) in s[full..].iter().enumerate() {
        any_nan |= is_nan(v);
        if better(v, best) {
            (bi, best) = (full + k, v);
        }
    }
    (bi, any_nan)
}

/// Index of the first element of `s` for which `p` holds (one must). Whole groups of
/// `LANES` are tested without early exit (vectorisable) before the exact position is found.
#[inline(always)]
fn first<T: Copy>(s: &[T], p: impl Fn(T) -> bool) -> usize {
    let mut it = s.chunks_exact(LANES);
    let mut off = 0;
    for c in &mut it {
        if c.iter().fold(false, |a, &v| a | p(v)) {
            return off + c.iter().position(|&v| p(v)).expect("found above");
        }
        off += LANES;
    }
    off + it
        .remainder()
        .iter()
        .position(|&v| p(v))
        .expect("caller guarantees a match")
}

/// `(index, value)` of the first NaN, else of the first extremum, of a non-empty `s`.
/// `need_index = false` skips the second pass when the value alone is known exactly (no
/// NaN and a non-zero extremum; the index returned is then 0).
#[inline(always)]
fn leaf_ext<T: Copy + PartialOrd + Default + 'static, const MAX: bool>(
    s: &[T],
    need_index: bool,
) -> (usize, T) {
    // The value alone of `f32`: the AVX2 scan of `simd` (memory speed). Without AVX2,
    // `f32` takes the index scan for the value too (faster than what LLVM makes of
    // `scan_ext` for SSE2; the first extremum's own value settles the sign of zero).
    let fast = match as_f32(s) {
        Some(f) if !need_index => simd::ext_f32::<MAX>(f),
        _ => None,
    };
    if need_index || (fast.is_none() && as_f32(s).is_some()) {
        #[allow(clippy::eq_op)]
        let i = match scan_arg::<T, MAX>(s) {
            (_, true) => first(s, |v| v != v),
            (i, false) => i,
        };
        return (i, s[i]);
    }
    let (m, nan) = match fast {
        // SAFETY: `T` is `f32` (`as_f32` succeeded for `fast` to be set).
        Some((m, nan)) => (unsafe { std::mem::transmute_copy::<f32, T>(&m) }, nan),
        None => scan_ext::<T, MAX>(s),
    };
    #[allow(clippy::eq_op)]
    let i = if nan {
        first(s, |v| v != v)
    } else if need_index || m == T::default() {
        // The first element equal to the extremum: ties (including -0.0 == +0.0) go to the
        // first, and its own value (sign of zero) is returned.
        first(s, |v| v == m)
    } else {
        return (0, m);
    };
    (i, s[i])
}

/// [`leaf_ext`] compiled with AVX2 and FMA; call only when [`has_avx2`] holds.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn leaf_ext_avx2<T: Copy + PartialOrd + Default + 'static, const MAX: bool>(
    s: &[T],
    need_index: bool,
) -> (usize, T) {
    leaf_ext::<T, MAX>(s, need_index)
}

/// The largest element of the non-empty `s`, or its first NaN, on the calling thread, with
/// the best scan the CPU has (what `max` computes per piece; the sign of a zero maximum is
/// that of its first occurrence). softmax's first pass.
pub(super) fn max_value<T: Pod>(s: &[T]) -> T {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        return unsafe { leaf_ext_avx2::<T, true>(s, false) }.1;
    }
    leaf_ext::<T, true>(s, false).1
}

#[inline]
fn is_nan<T: PartialOrd>(v: &T) -> bool {
    v.partial_cmp(v).is_none()
}

/// `(index, value)` of the first NaN, else of the first extremum (`MAX`: largest, else
/// smallest). `xs` must not be empty. The index is only meaningful with `need_index`.
///
/// Fixed pieces of [`EXT_CHUNK`] elements are scanned (in parallel above [`PAR_MIN`]) and
/// combined in order; the combination is exact and associative, so the result does not
/// depend on the split or the thread count.
fn arg_ext<T: Pod, const MAX: bool>(xs: &[T], need_index: bool) -> (usize, T) {
    let comb = |l: (usize, T), r: (usize, T)| {
        let better = if MAX { r.1 > l.1 } else { r.1 < l.1 };
        if is_nan(&l.1) {
            l
        } else if is_nan(&r.1) || better {
            r
        } else {
            l
        }
    };
    let leaf = |(c, s): (usize, &[T])| {
        #[cfg(target_arch = "x86_64")]
        let (i, v) = if has_avx2() {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            unsafe { leaf_ext_avx2::<T, MAX>(s, need_index) }
        } else {
            leaf_ext::<T, MAX>(s, need_index)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let (i, v) = leaf_ext::<T, MAX>(s, need_index);
        (c * EXT_CHUNK + i, v)
    };
    let r = if xs.len() >= PAR_MIN {
        let chunks: Vec<(usize, &[T])> = xs.chunks(EXT_CHUNK).enumerate().collect();
        par::map(chunks, leaf).into_iter().reduce(comb)
    } else {
        xs.chunks(EXT_CHUNK).enumerate().map(leaf).reduce(comb)
    };
    r.expect("non-empty input")
}

/// Elements `all`/`any` fold before they look at the answer so far.
const DECIDE: usize = 64;

/// Runs `op` on `x` (already of the compute dtype) into `out`. `None` for a combination
/// that is not implemented.
pub fn reduce(
    op: ReduceOp,
    x: &CpuBuffer,
    xl: &Layout,
    axes: &[usize],
    ddof: f64,
    out: &mut CpuBuffer,
) -> Option<Result<()>> {
    use ReduceOp::*;
    let dt = x.dtype();
    let r = match op {
        Max | Min | ArgMax | ArgMin | All | Any => {
            with_dtype!(dt, |T| generic::<T>(op, x, xl, axes, out))
        }
        Sum | Prod | Mean | Var | Std | LogSumExp => {
            with_float!(dt, |T| float::<T>(op, x, xl, axes, ddof, out), _ => {
                if matches!(op, Sum | Prod) {
                    with_int!(dt, |T| int::<T>(op, x, xl, axes, out), _ => return None)
                } else {
                    return None;
                }
            })
        }
    };
    Some(r)
}

fn generic<T: Pod>(
    op: ReduceOp,
    x: &CpuBuffer,
    xl: &Layout,
    axes: &[usize],
    out: &mut CpuBuffer,
) -> Result<()> {
    use ReduceOp::*;
    let xs = x.as_slice::<T>()?;
    let zero = T::default();
    if let Some(c) = columns::plan(xl, axes, out.len()) {
        generic_cols(op, &c, xs, out)?;
        return Ok(());
    }
    let truthy = move |v: &T| *v != zero;
    match op {
        Max => blocks(xs, xl, axes, out.as_mut_slice::<T>()?, |b| {
            arg_ext::<T, true>(b, false).1
        }),
        Min => blocks(xs, xl, axes, out.as_mut_slice::<T>()?, |b| {
            arg_ext::<T, false>(b, false).1
        }),
        ArgMax => blocks(xs, xl, axes, out.as_mut_slice::<i64>()?, |b| {
            arg_ext::<T, true>(b, true).0 as i64
        }),
        ArgMin => blocks(xs, xl, axes, out.as_mut_slice::<i64>()?, |b| {
            arg_ext::<T, false>(b, true).0 as i64
        }),
        // Pieces of `DECIDE` elements fold without an early exit, so that they vectorise (a
        // piece is a few vector compares); the walk over pieces stops at the first one
        // that decides (the answer does not depend on the order).
        All => blocks(xs, xl, axes, out.as_mut_slice::<bool>()?, |b| {
            let leaf = |s: &[T]| s.iter().fold(true, |a, v| a & truthy(v));
            let run = |c: &[T]| c.chunks(DECIDE).all(leaf);
            if b.len() >= PAR_MIN {
                b.par_chunks(PAR_CHUNK).all(run)
            } else {
                run(b)
            }
        }),
        Any => blocks(xs, xl, axes, out.as_mut_slice::<bool>()?, |b| {
            let leaf = |s: &[T]| s.iter().fold(false, |a, v| a | truthy(v));
            let run = |c: &[T]| c.chunks(DECIDE).any(leaf);
            if b.len() >= PAR_MIN {
                b.par_chunks(PAR_CHUNK).any(run)
            } else {
                run(b)
            }
        }),
        _ => unreachable!("dispatched by `reduce`"),
    }
}

/// Wrapping sum or product of integers into `i64`, each element widened as it is read (the
/// `i64` result of `u8`/`i32` inputs needs no converted copy of the input).
fn int<T: Int>(
    op: ReduceOp,
    x: &CpuBuffer,
    xl: &Layout,
    axes: &[usize],
    out: &mut CpuBuffer,
) -> Result<()> {
    let xs = x.as_slice::<T>()?;
    let o = out.as_mut_slice::<i64>()?;
    if let Some(c) = columns::plan(xl, axes, o.len()) {
        columns::int_fold(&c, xs, op == ReduceOp::Prod, o);
        return Ok(());
    }
    if op == ReduceOp::Sum {
        blocks(xs, xl, axes, o, |b| {
            tree(
                b,
                0,
                &|s: &[T], _| s.iter().fold(0i64, |a, &v| a.wrapping_add(v.to_i64())),
                &|l: i64, r| l.wrapping_add(r),
            )
        })
    } else {
        blocks(xs, xl, axes, o, |b| {
            tree(
                b,
                0,
                &|s: &[T], _| s.iter().fold(1i64, |a, &v| a.wrapping_mul(v.to_i64())),
                &|l: i64, r| l.wrapping_mul(r),
            )
        })
    }
}

/// Whether `reduce` takes inputs of `dtype` as they are for `op`, although the op's compute
/// dtype is wider: sums and products of `u8`/`i32` widen each element to `i64` as they
/// read it.
pub fn reads_directly(op: ReduceOp, dtype: DType) -> bool {
    matches!(op, ReduceOp::Sum | ReduceOp::Prod) && matches!(dtype, DType::U8 | DType::I32)
}

/// `(count, mean, sum of squared deviations)` of `xs` (widened to `f64`) over a non-empty `xs`, in `f64`, in
/// one pass over memory: each leaf of [`tree`] is done two-pass while it is in L1 (its
/// mean, then its squared deviations from that mean), and leaves are merged along the
/// fixed tree with the pairwise update of Chan, Golub and LeVeque (1979):
/// `M2 = M2a + M2b + d^2 na nb / n`, `d = mean_b - mean_a`. Deterministic and independent
/// of the thread count, like [`sum_f64`].
fn moments<T: Castable>(xs: &[T]) -> (f64, f64, f64) {
    let comb = &|(na, ma, qa): (f64, f64, f64), (nb, mb, qb): (f64, f64, f64)| {
        let n = na + nb;
        let d = mb - ma;
        (n, ma + d * (nb / n), qa + qb + d * d * (na * nb / n))
    };
    if let Some(s) = as_f32(xs) {
        return tree(s, 0, &|s: &[f32], _| simd::leaf_moments_f32(s), comb);
    }
    tree(
        xs,
        0,
        &|s: &[T], _| {
            let n = s.len() as f64;
            let mean = leaf_sum(s, |v| v.to_f64()) / n;
            let m2 = leaf_sum(s, |v| {
                let d = v.to_f64() - mean;
                d * d
            });
            (n, mean, m2)
        },
        comb,
    )
}

fn float<T: Castable>(
    op: ReduceOp,
    x: &CpuBuffer,
    xl: &Layout,
    axes: &[usize],
    ddof: f64,
    out: &mut CpuBuffer,
) -> Result<()> {
    use ReduceOp::*;
    let xs = x.as_slice::<T>()?;
    let o = out.as_mut_slice::<T>()?;
    if let Some(c) = columns::plan(xl, axes, o.len()) {
        float_cols(op, &c, xs, ddof, o);
        return Ok(());
    }
    let f64_of = |v: T| v.to_f64();
    let var = |b: &[T]| {
        let n = b.len() as f64;
        if b.is_empty() || n - ddof <= 0.0 {
            return f64::NAN;
        }
        if T::DTYPE == DType::F64 {
            // No wider accumulator to absorb the merge's rounding: exact-mean two-pass.
            let mean = sum_f64(b, f64_of) / n;
            return sum_f64(b, |v| {
                let d = v.to_f64() - mean;
                d * d
            }) / (n - ddof);
        }
        moments(b).2 / (n - ddof)
    };
    match op {
        Sum => blocks(xs, xl, axes, o, |b| of_f64::<T>(sum_widened(b, f64_of))),
        Mean => blocks(xs, xl, axes, o, |b| {
            of_f64::<T>(sum_widened(b, f64_of) / b.len() as f64)
        }),
        Prod => blocks(xs, xl, axes, o, |b| {
            of_f64::<T>(tree(b, 0, &|s: &[T], _| leaf_prod_wide(s), &|l, r| l * r))
        }),
        Var => blocks(xs, xl, axes, o, |b| of_f64::<T>(var(b))),
        Std => blocks(xs, xl, axes, o, |b| of_f64::<T>(var(b).sqrt())),
        LogSumExp => blocks(xs, xl, axes, o, |b| of_f64::<T>(softmax::logsumexp(b))),
        _ => unreachable!("dispatched by `reduce`"),
    }
}

/// [`generic`] on the column path (see [`columns`]): same results, bit for bit.
fn generic_cols<T: Pod>(op: ReduceOp, c: &Cols, xs: &[T], out: &mut CpuBuffer) -> Result<()> {
    use ReduceOp::*;
    let zero = T::default();
    let arg = |o: &mut [i64], max: bool| {
        c.run(o, |p, o, _| {
            let (mut val, mut idx) = ([T::default(); CW], [0u32; CW]);
            if max {
                c.ext::<T, true>(xs, p, &mut val, Some(&mut idx));
            } else {
                c.ext::<T, false>(xs, p, &mut val, Some(&mut idx));
            }
            for (o, &i) in o.iter_mut().zip(&idx) {
                *o = i as i64;
            }
        })
    };
    match op {
        Max => c.run(out.as_mut_slice::<T>()?, |p, o, _| {
            c.ext::<T, true>(xs, p, o, None)
        }),
        Min => c.run(out.as_mut_slice::<T>()?, |p, o, _| {
            c.ext::<T, false>(xs, p, o, None)
        }),
        ArgMax => arg(out.as_mut_slice::<i64>()?, true),
        ArgMin => arg(out.as_mut_slice::<i64>()?, false),
        All => c.run(out.as_mut_slice::<bool>()?, |p, o, _| {
            c.fold(xs, p, true, &|a: bool, v: T| a & (v != zero), o)
        }),
        Any => c.run(out.as_mut_slice::<bool>()?, |p, o, _| {
            c.fold(xs, p, false, &|a: bool, v: T| a | (v != zero), o)
        }),
        _ => unreachable!("dispatched by `reduce`"),
    }
    Ok(())
}

/// [`float`] on the column path (see [`columns`]): same results, bit for bit.
fn float_cols<T: Castable>(op: ReduceOp, c: &Cols, xs: &[T], ddof: f64, o: &mut [T]) {
    use ReduceOp::*;
    let n = c.n;
    let nf = n as f64;
    let all = (0, n);
    let zero = [0.0f64; CW];
    let up = |v: f64, _: f64| v;
    let store = |o: &mut [T], acc: &[f64], f: &dyn Fn(f64) -> f64| {
        for (o, &a) in o.iter_mut().zip(acc) {
            *o = of_f64::<T>(f(a));
        }
    };
    c.run(o, |p, o, s| {
        let (acc, s) = s.split_at_mut(CW);
        let (aux, s) = s.split_at_mut(CW);
        match op {
            Sum => {
                c.sum(xs, p, all, &up, &zero, acc, s);
                store(o, &acc[..p.w], &|a| a);
            }
            Mean => {
                c.sum(xs, p, all, &up, &zero, acc, s);
                store(o, &acc[..p.w], &|a| a / nf);
            }
            Prod => {
                c.prod(xs, p, all, acc, s);
                store(o, &acc[..p.w], &|a| a);
            }
            Var | Std => {
                let root = op == Std;
                let fin = |v: f64| if root { v.sqrt() } else { v };
                if nf - ddof <= 0.0 {
                    o.fill(of_f64::<T>(f64::NAN));
                    return;
                }
                if T::DTYPE == DType::F64 {
                    // Two-pass with the exact column mean, as `float`'s `var`.
                    c.sum(xs, p, all, &up, &zero, aux, s);
                    for m in aux[..p.w].iter_mut() {
                        *m /= nf;
                    }
                    let dev = |v: f64, m: f64| {
                        let d = v - m;
                        d * d
                    };
                    c.sum(xs, p, all, &dev, aux, acc, s);
                } else {
                    c.moments(xs, p, all, aux, acc, s);
                }
                store(o, &acc[..p.w], &|q| fin(q / (nf - ddof)));
            }
            LogSumExp => {
                let mut m = [T::default(); CW];
                c.ext::<T, true>(xs, p, &mut m, None);
                for (a, v) in aux.iter_mut().zip(&m[..p.w]) {
                    *a = v.to_f64();
                }
                let e = |v: f64, m: f64| softmax::exp_of::<T>(v - m);
                c.sum(xs, p, all, &e, aux, acc, s);
                for ((o, &m), &s) in o.iter_mut().zip(aux.iter()).zip(acc.iter()) {
                    *o = of_f64::<T>(if m.is_nan() || m.is_infinite() {
                        m
                    } else {
                        m + core_math::log(s)
                    });
                }
            }
            _ => unreachable!("dispatched by `reduce`"),
        }
    });
}

/// Whether `op` has a kernel taking `dtype` directly (the compute dtype).
pub fn has_kernel(op: ReduceOp, dtype: DType) -> bool {
    use ReduceOp::*;
    match op {
        Max | Min | ArgMax | ArgMin | All | Any => true,
        Sum | Prod => dtype.is_float() || dtype == DType::I64,
        Mean | Var | Std | LogSumExp => dtype.is_float(),
    }
}

#[cfg(test)]
mod tests {

    /// Sums and products of `u8`/`i32` read the input as it is and widen to `i64`: the
    /// results are the plain wrapping `i64` definitions, over everything and over each axis
    /// (column and block paths).
    #[test]
    fn narrow_integer_sums_widen_to_i64() {
        let (r, c) = (300usize, 257usize);
        let vals: Vec<i32> = (0..r * c)
            .map(|i| ((i as i64 * 2654435761) % 2_000_000_007 - 1_000_000_003) as i32)
            .collect();
        let small: Vec<u8> = (0..r * c).map(|i| (i * 7 % 251) as u8).collect();
        let xl = Layout::contiguous(&[r, c]);
        let run = |x: &CpuBuffer, op: ReduceOp, axes: &[usize], outs: usize| -> Vec<i64> {
            assert!(reads_directly(op, x.dtype()));
            let mut out = CpuBuffer::zeroed(DType::I64, outs).unwrap();
            reduce(op, x, &xl, axes, 0.0, &mut out).unwrap().unwrap();
            out.as_slice::<i64>().unwrap().to_vec()
        };
        let mut xi = CpuBuffer::zeroed(DType::I32, r * c).unwrap();
        xi.as_mut_slice::<i32>().unwrap().copy_from_slice(&vals);
        let mut xu = CpuBuffer::zeroed(DType::U8, r * c).unwrap();
        xu.as_mut_slice::<u8>().unwrap().copy_from_slice(&small);
        let wide = |k: usize, u: bool| if u { small[k] as i64 } else { vals[k] as i64 };
        for u in [false, true] {
            let x = if u { &xu } else { &xi };
            let total: i64 = (0..r * c).fold(0i64, |a, k| a.wrapping_add(wide(k, u)));
            assert_eq!(run(x, ReduceOp::Sum, &[0, 1], 1), vec![total]);
            let cols: Vec<i64> = (0..c)
                .map(|j| (0..r).fold(0i64, |a, i| a.wrapping_add(wide(i * c + j, u))))
                .collect();
            assert_eq!(run(x, ReduceOp::Sum, &[0], c), cols);
            let row_sums: Vec<i64> = (0..r)
                .map(|i| (0..c).fold(0i64, |a, j| a.wrapping_add(wide(i * c + j, u))))
                .collect();
            assert_eq!(run(x, ReduceOp::Sum, &[1], r), row_sums);
            let rows: Vec<i64> = (0..r)
                .map(|i| (0..c).fold(1i64, |a, j| a.wrapping_mul(wide(i * c + j, u))))
                .collect();
            assert_eq!(run(x, ReduceOp::Prod, &[1], r), rows);
        }
    }
    use super::*;

    /// The plain definition: first NaN, else first extremum under `>` / `<`.
    fn naive<T: Pod>(xs: &[T], max: bool) -> (usize, T) {
        let mut best = (0, xs[0]);
        for (i, &v) in xs.iter().enumerate() {
            if is_nan(&v) {
                return (i, v);
            }
            if (max && v > best.1) || (!max && v < best.1) {
                best = (i, v);
            }
        }
        best
    }

    fn check<T: Pod>(xs: &[T]) {
        fn bits<T: Pod>(v: T) -> u64 {
            v.to_f64().to_bits()
        }
        for max in [true, false] {
            let (ni, nv) = naive(xs, max);
            let ((i, _), (_, v)) = if max {
                (arg_ext::<T, true>(xs, true), arg_ext::<T, true>(xs, false))
            } else {
                (
                    arg_ext::<T, false>(xs, true),
                    arg_ext::<T, false>(xs, false),
                )
            };
            assert_eq!(i, ni, "len {} max {max}", xs.len());
            assert_eq!(bits(v), bits(nv), "len {} max {max}", xs.len());
        }
    }

    /// `check` on `f32` data and on its `f16` and `bf16` roundings (the integer-key scan).
    fn check_all(xs: &[f32]) {
        check(xs);
        check(&xs.iter().map(|&v| f16::from_f32(v)).collect::<Vec<_>>());
        check(&xs.iter().map(|&v| bf16::from_f32(v)).collect::<Vec<_>>());
    }

    #[test]
    fn half_extrema_match_the_definition_on_random_patterns() {
        let mut s = 99991u32;
        for n in [1usize, 17, 300, 5000] {
            for nan_free in [true, false] {
                let pats: Vec<u16> = (0..n)
                    .map(|_| {
                        s ^= s << 13;
                        s ^= s >> 17;
                        s ^= s << 5;
                        s as u16
                    })
                    .collect();
                let keep = |b: &&u16, inf: u16| !nan_free || **b & 0x7fff <= inf;
                let h: Vec<f16> = pats
                    .iter()
                    .filter(|b| keep(b, 0x7c00))
                    .map(|&b| f16::from_bits(b))
                    .collect();
                let b: Vec<bf16> = pats
                    .iter()
                    .filter(|b| keep(b, 0x7f80))
                    .map(|&b| bf16::from_bits(b))
                    .collect();
                if !h.is_empty() {
                    check(&h);
                }
                if !b.is_empty() {
                    check(&b);
                }
            }
        }
    }

    #[test]
    fn extrema_match_the_definition() {
        let mut s = 12345u32;
        let mut rnd = move || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            s
        };
        for n in [
            1usize,
            2,
            15,
            16,
            17,
            255,
            4096,
            EXT_CHUNK + 3,
            PAR_MIN + 77,
            200_000,
        ] {
            // Few distinct values, so ties are common, with signed zeros.
            let base: Vec<f32> = (0..n)
                .map(|_| match rnd() % 6 {
                    0 => 0.0,
                    1 => -0.0,
                    v => v as f32 - 3.0,
                })
                .collect();
            check_all(&base);
            let zeros: Vec<f32> = (0..n)
                .map(|i| if i % 3 == 1 { 0.0 } else { -0.0 })
                .collect();
            check_all(&zeros);
            for _ in 0..3 {
                let mut xs = base.clone();
                let k = (rnd() as usize) % n;
                xs[k] = f32::NAN;
                if n > 1 {
                    let k2 = (rnd() as usize) % n;
                    xs[k2] = -f32::NAN;
                }
                check_all(&xs);
            }
        }
    }

    #[test]
    fn one_pass_variance_matches_two_pass() {
        for n in [1usize, 7, 256, 257, 1000, 70_000, 300_001] {
            let xs: Vec<f64> = (0..n)
                .map(|i| 1e3 + ((i * 7919) % 1013) as f64 * 0.37)
                .collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let m2: f64 = xs.iter().map(|v| (v - mean) * (v - mean)).sum();
            let (cnt, mu, q) = moments(&xs);
            assert_eq!(cnt, n as f64);
            assert!(
                (mu - mean).abs() <= 1e-12 * mean.abs(),
                "{n}: {mu} vs {mean}"
            );
            assert!((q - m2).abs() <= 1e-9 * m2.max(1e-300), "{n}: {q} vs {m2}");
        }
    }

    #[test]
    fn strided_reductions_reorder_in_bounded_pieces_with_unchanged_results() {
        // Sum over axis 0 of every other column of a [rows, 2 cols] matrix: columns are
        // strided and so are the outputs (no column path), so they are reordered, in
        // pieces of REORDER_CAP elements (several pieces here).
        let (rows, cols) = (96usize, 200usize);
        assert!(rows * cols >= REORDER_MIN, "reordered");
        assert!(cols > 2 * (REORDER_CAP / rows), "in three pieces or more");
        let vals: Vec<f32> = (0..rows * cols * 2)
            .map(|i| ((i * 7919) % 1000) as f32 / 7.0 - 60.0)
            .collect();
        let mut x = CpuBuffer::zeroed(DType::F32, vals.len()).unwrap();
        x.as_mut_slice::<f32>().unwrap().copy_from_slice(&vals);
        let xl = Layout::new(vec![rows, cols], vec![2 * cols as isize, 2], 0).unwrap();
        assert!(
            columns::plan(&xl, &[0], cols).is_none(),
            "not the column path"
        );
        for (op, axes, outs) in [(ReduceOp::Sum, [0usize], cols), (ReduceOp::Max, [0], cols)] {
            let mut out = CpuBuffer::zeroed(DType::F32, outs).unwrap();
            reduce(op, &x, &xl, &axes, 0.0, &mut out).unwrap().unwrap();
            let got = out.as_slice::<f32>().unwrap();
            for (j, &g) in got.iter().enumerate() {
                let col: Vec<f32> = (0..rows).map(|i| vals[i * 2 * cols + 2 * j]).collect();
                let want = match op {
                    ReduceOp::Sum => sum_f64(&col, |v| v as f64) as f32,
                    _ => col.iter().copied().fold(f32::MIN, f32::max),
                };
                assert_eq!(g.to_bits(), want.to_bits(), "{op:?} column {j}");
            }
        }
    }
}
