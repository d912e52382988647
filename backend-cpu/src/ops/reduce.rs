//! Reductions over any sorted set of axes, and softmax / log_softmax along one axis.
//!
//! # Accuracy and determinism
//! - Float sums (and `mean`, `var`, `std`, `logsumexp`, softmax normalisers) accumulate in
//!   `f64` for every float dtype, pairwise ([`sum_f64`]), and round once to the output
//!   dtype. `var`/`std` are two-pass (mean, then squared deviations) and divide by
//!   `n - ddof`; `n - ddof <= 0` gives NaN, as does the mean of an empty extent.
//! - `max`/`min` propagate NaN; `argmax`/`argmin` return the first NaN if any, else the
//!   first extremum, as a flat C-order index into the reduced axes.
//! - Integer sums and products wrap in `i64`.
//! - The reduction tree has a fixed shape ([`tree`]), so results do not depend on the
//!   number of threads. Each output's reduced block is read in place when it is contiguous
//!   (e.g. the trailing axis of a row-major tensor, or all axes), else gathered first.

use super::cast::{Castable, of_f64};
use super::{Int, PAR_CHUNK, PAR_MIN, Plan, sum_f64, tree, with_float};
use crate::buffer::{CpuBuffer, Pod};
use rayon::prelude::*;
use tensor_core::{DType, Layout, ReduceOp, Result, SoftmaxOp, with_dtype};

/// Calls `f(block)` for each output element, `block` being its reduced elements in C
/// order, and stores the results in `out`.
fn blocks<T: Pod, O: Pod>(
    xs: &[T],
    xl: &Layout,
    axes: &[usize],
    out: &mut [O],
    f: impl Fn(&[T]) -> O + Sync,
) -> Result<()> {
    let (outer, inner) = xl.split_axes(axes);
    let n = inner.numel();
    let oplan = Plan::new([&outer]);
    let iplan = Plan::new([&inner]);
    let in_place = iplan.shape().len() == 1 && (iplan.strides(0)[0] == 1 || n <= 1);
    if !in_place && n > 1 && out.len() > 1 && xl.numel() >= REORDER_MIN {
        // Reduced blocks are strided (e.g. a column sum): move the reduced axes last with
        // one cache-friendly (tiled) copy, then reduce contiguous rows. The elements of each
        // block are in the same order, so the result is unchanged.
        let kept: Vec<usize> = (0..xl.ndim()).filter(|a| !axes.contains(a)).collect();
        let perm: Vec<usize> = kept.iter().chain(axes).copied().collect();
        let pl = xl.permute(&perm)?;
        let mut tmp: Vec<T> = Vec::new();
        tmp.try_reserve_exact(pl.numel())
            .map_err(|_| tensor_core::Error::OutOfMemory {
                backend: "cpu".into(),
                bytes: pl.numel() * std::mem::size_of::<T>(),
            })?;
        tmp.resize(pl.numel(), T::default());
        super::copy::gather(xs, &pl, &mut tmp);
        let trailing: Vec<usize> = (kept.len()..xl.ndim()).collect();
        return blocks(&tmp, &Layout::contiguous(pl.shape()), &trailing, out, f);
    }
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
        out.par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(c, piece)| run(c * chunk, piece));
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

#[inline]
fn is_nan<T: PartialOrd>(v: &T) -> bool {
    v.partial_cmp(v).is_none()
}

/// `(index, value)` of the first NaN, else of the first extremum (`better(a, b)`: `a`
/// beats `b`). `xs` must not be empty.
fn arg_ext<T: Pod>(xs: &[T], better: fn(&T, &T) -> bool) -> (usize, T) {
    tree(
        xs,
        0,
        &|s: &[T], base| {
            let mut best = (base, s[0]);
            if is_nan(&s[0]) {
                return best;
            }
            for (i, v) in s.iter().enumerate().skip(1) {
                if is_nan(v) {
                    return (base + i, *v);
                }
                if better(v, &best.1) {
                    best = (base + i, *v);
                }
            }
            best
        },
        &|l, r| {
            if is_nan(&l.1) {
                l
            } else if is_nan(&r.1) || better(&r.1, &l.1) {
                r
            } else {
                l
            }
        },
    )
}

fn gt<T: PartialOrd>(a: &T, b: &T) -> bool {
    a > b
}
fn lt<T: PartialOrd>(a: &T, b: &T) -> bool {
    a < b
}

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
                if dt == DType::I64 && matches!(op, Sum | Prod) {
                    int::<i64>(op, x, xl, axes, out)
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
    let truthy = move |v: &T| *v != zero;
    match op {
        Max => blocks(xs, xl, axes, out.as_mut_slice::<T>()?, |b| arg_ext(b, gt).1),
        Min => blocks(xs, xl, axes, out.as_mut_slice::<T>()?, |b| arg_ext(b, lt).1),
        ArgMax => blocks(xs, xl, axes, out.as_mut_slice::<i64>()?, |b| {
            arg_ext(b, gt).0 as i64
        }),
        ArgMin => blocks(xs, xl, axes, out.as_mut_slice::<i64>()?, |b| {
            arg_ext(b, lt).0 as i64
        }),
        All => blocks(xs, xl, axes, out.as_mut_slice::<bool>()?, |b| {
            tree(b, 0, &|s: &[T], _| s.iter().all(truthy), &|l, r| l && r)
        }),
        Any => blocks(xs, xl, axes, out.as_mut_slice::<bool>()?, |b| {
            tree(b, 0, &|s: &[T], _| s.iter().any(truthy), &|l, r| l || r)
        }),
        _ => unreachable!("dispatched by `reduce`"),
    }
}

fn int<T: Int>(
    op: ReduceOp,
    x: &CpuBuffer,
    xl: &Layout,
    axes: &[usize],
    out: &mut CpuBuffer,
) -> Result<()> {
    let xs = x.as_slice::<T>()?;
    let o = out.as_mut_slice::<T>()?;
    if op == ReduceOp::Sum {
        blocks(xs, xl, axes, o, |b| {
            tree(
                b,
                0,
                &|s: &[T], _| s.iter().fold(T::ZERO, |a, &v| a.add(v)),
                &|l: T, r| l.add(r),
            )
        })
    } else {
        blocks(xs, xl, axes, o, |b| {
            tree(
                b,
                0,
                &|s: &[T], _| s.iter().fold(T::ONE, |a, &v| a.mul(v)),
                &|l: T, r| l.mul(r),
            )
        })
    }
}

/// `log(sum(exp(x)))` with the maximum subtracted, in `f64`.
fn logsumexp<T: Pod>(b: &[T]) -> f64 {
    if b.is_empty() {
        return f64::NEG_INFINITY;
    }
    let m = arg_ext(b, gt).1.to_f64();
    if m.is_nan() || m.is_infinite() {
        return m;
    }
    m + core_math::log(sum_f64(b, |v| core_math::exp(v.to_f64() - m)))
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
    let f64_of = |v: T| v.to_f64();
    let var = |b: &[T]| {
        let n = b.len() as f64;
        if b.is_empty() || n - ddof <= 0.0 {
            return f64::NAN;
        }
        let mean = sum_f64(b, f64_of) / n;
        sum_f64(b, |v| {
            let d = v.to_f64() - mean;
            d * d
        }) / (n - ddof)
    };
    match op {
        Sum => blocks(xs, xl, axes, o, |b| of_f64::<T>(sum_f64(b, f64_of))),
        Mean => blocks(xs, xl, axes, o, |b| {
            of_f64::<T>(sum_f64(b, f64_of) / b.len() as f64)
        }),
        Prod => blocks(xs, xl, axes, o, |b| {
            of_f64::<T>(tree(
                b,
                0,
                &|s: &[T], _| s.iter().fold(1.0f64, |a, &v| a * v.to_f64()),
                &|l, r| l * r,
            ))
        }),
        Var => blocks(xs, xl, axes, o, |b| of_f64::<T>(var(b))),
        Std => blocks(xs, xl, axes, o, |b| of_f64::<T>(var(b).sqrt())),
        LogSumExp => blocks(xs, xl, axes, o, |b| of_f64::<T>(logsumexp(b))),
        _ => unreachable!("dispatched by `reduce`"),
    }
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

/// softmax / log_softmax of a float `x` along `axis` into the contiguous `out`; `None` for
/// non-float dtypes.
pub fn softmax(
    op: SoftmaxOp,
    x: &CpuBuffer,
    xl: &Layout,
    axis: usize,
    out: &mut CpuBuffer,
) -> Option<Result<()>> {
    with_float!(x.dtype(), |T| Some(softmax_t::<T>(op, x, xl, axis, out)), _ => None)
}

fn softmax_t<T: Castable>(
    op: SoftmaxOp,
    x: &CpuBuffer,
    xl: &Layout,
    axis: usize,
    out: &mut CpuBuffer,
) -> Result<()> {
    let xs = x.as_slice::<T>()?;
    let o = out.as_mut_slice::<T>()?;
    let l = xl.shape()[axis];
    let inner: usize = xl.shape()[axis + 1..].iter().product();
    let sa = xl.strides()[axis];
    let mut rs = xl.shape().to_vec();
    let mut rt = xl.strides().to_vec();
    rs.remove(axis);
    rt.remove(axis);
    let rest = Layout::new(rs, rt, xl.offset())?;
    let plan = Plan::new([&rest]);
    let [ps] = plan.inner_strides();
    let block = l * inner;
    if block == 0 || o.is_empty() {
        return Ok(());
    }
    let run = |oi: usize, piece: &mut [T]| {
        let mut row = vec![0.0f64; l];
        plan.rows(oi * inner, (oi + 1) * inner, |pos, [b], len| {
            for j in 0..len {
                let base = b + j as isize * ps;
                for (k, r) in row.iter_mut().enumerate() {
                    *r = xs[(base + k as isize * sa) as usize].to_f64();
                }
                let m = arg_ext(&row, gt).1;
                let s = sum_f64(&row, |v| core_math::exp(v - m));
                let ls = core_math::log(s);
                let i = pos + j - oi * inner;
                for (k, &v) in row.iter().enumerate() {
                    piece[k * inner + i] = of_f64::<T>(match op {
                        SoftmaxOp::Softmax => core_math::exp(v - m) / s,
                        SoftmaxOp::LogSoftmax => v - m - ls,
                    });
                }
            }
        });
    };
    if o.len() >= PAR_MIN {
        o.par_chunks_mut(block)
            .enumerate()
            .for_each(|(oi, p)| run(oi, p));
    } else {
        for (oi, p) in o.chunks_mut(block).enumerate() {
            run(oi, p);
        }
    }
    Ok(())
}
