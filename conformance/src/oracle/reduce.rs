//! Reductions. Max, min, the arg- and logical reductions, and integer sums and products are
//! exact. Float sums, means, products, moments and logsumexp are graded against a
//! condition-aware bound: the compensated (Neumaier) value of the inputs as the dtype stores
//! them, with an error bound of the form `c(n) * u * sum|x|` (`u` the dtype's unit
//! roundoff, `c(n)` the depth of a pairwise sum, see [`c_of`]) plus half an ULP of the
//! result's final rounding. A naive running sum in the dtype exceeds that bound; a
//! pairwise, blocked or wider-accumulator sum stays within it.

use super::{Expected, Ref, c_of, neumaier, unit, wrap};
use crate::host::{HostArray, round_to};
use crate::ulp::ulp;
use tensor_core::{DType, ReduceOp};

/// The expected result of `op` over `axes` of `a` (`None`: all).
pub(super) fn expected(
    op: ReduceOp,
    a: &HostArray,
    axes: Option<&[isize]>,
    keepdims: bool,
    ddof: f64,
) -> Expected {
    if op == ReduceOp::LogSumExp && a.shape.is_empty() && matches!(axes, Some([0] | [-1])) {
        // A 0-d input is a row of one element (PyTorch's wrap of dim 0 and -1).
        let mut row = a.clone();
        row.shape = vec![1];
        return expected(op, &row, Some(&[0]), false, ddof);
    }
    let nd = a.shape.len();
    let ax = tensor_core::layout::normalize_axes(axes, nd, op.name())
        .expect("valid axes by construction");
    let (compute, out) = op.dtypes(a.dtype).expect("filtered");
    if op.needs_nonempty() && (ax.iter().any(|&i| a.shape[i] == 0) || a.is_empty()) {
        return Expected::Error("reduction over an empty extent has no identity".into());
    }
    let (mut shape, g) = groups(a, &ax);
    if keepdims {
        shape = (0..nd)
            .map(|i| if ax.contains(&i) { 1 } else { a.shape[i] })
            .collect();
    }
    use ReduceOp::*;
    match op {
        Max | Min => extremum(op, a, &g, out, shape),
        ArgMax | ArgMin | All | Any => Expected::Exact {
            dtype: out,
            shape,
            vals: g.iter().map(|idx| index_or_truth(op, a, idx)).collect(),
        },
        Sum | Prod if !compute.is_float() => Expected::Exact {
            dtype: out,
            shape,
            vals: g.iter().map(|idx| wrapping_sum_prod(op, a, idx)).collect(),
        },
        _ => {
            let u = unit(out);
            let (mut refs, mut bounds) = (Vec::new(), Vec::new());
            for idx in &g {
                let xs: Vec<f64> = idx
                    .iter()
                    .map(|&i| round_to(compute, a.f64_at(i)))
                    .collect();
                let (r, b) = bounded_value(op, &xs, ddof, u);
                let half = if r.is_finite() {
                    0.5 * ulp(out, r)
                } else {
                    0.0
                };
                refs.push(r);
                bounds.push(b + half);
            }
            Expected::Bounded {
                dtype: out,
                shape,
                refs,
                bounds,
            }
        }
    }
}

/// Groups input elements by output element for a reduction: `(output shape, the flat
/// input indices of each output element)`.
pub(super) fn groups(a: &HostArray, axes: &[usize]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let shape = &a.shape;
    let out_shape: Vec<usize> = (0..shape.len())
        .filter(|i| !axes.contains(i))
        .map(|i| shape[i])
        .collect();
    let nout: usize = out_shape.iter().product();
    let mut g: Vec<Vec<usize>> = vec![Vec::new(); nout];
    for flat in 0..a.len() {
        let mut rem = flat;
        let mut idx = vec![0usize; shape.len()];
        for ax in (0..shape.len()).rev() {
            idx[ax] = rem % shape[ax];
            rem /= shape[ax];
        }
        let mut o = 0usize;
        for ax in 0..shape.len() {
            if !axes.contains(&ax) {
                o = o * shape[ax] + idx[ax];
            }
        }
        g[o].push(flat);
    }
    (out_shape, g)
}

/// Max or min of each group: exact, NaN if any element is NaN.
fn extremum(
    op: ReduceOp,
    a: &HostArray,
    g: &[Vec<usize>],
    out: DType,
    shape: Vec<usize>,
) -> Expected {
    let is_max = op == ReduceOp::Max;
    if out.is_float() {
        let refs: Vec<Ref> = g
            .iter()
            .map(|idx| {
                let xs: Vec<f64> = idx.iter().map(|&i| a.f64_at(i)).collect();
                if xs.iter().any(|x| x.is_nan()) {
                    return Ref::exact(f64::NAN);
                }
                let init = if is_max {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                };
                Ref::exact(xs.iter().copied().fold(
                    init,
                    |m, x| {
                        if is_max { m.max(x) } else { m.min(x) }
                    },
                ))
            })
            .collect();
        let n = refs.len();
        return Expected::Ulp {
            dtype: out,
            shape,
            refs,
            mags: vec![1.0; n],
        };
    }
    let vals: Vec<i64> = g
        .iter()
        .map(|idx| {
            let is = idx.iter().map(|&i| a.i64_at(i));
            if is_max {
                is.max().unwrap()
            } else {
                is.min().unwrap()
            }
        })
        .collect();
    Expected::Exact {
        dtype: out,
        shape,
        vals,
    }
}

/// all / any (as 0 or 1), or argmax / argmin of one group.
fn index_or_truth(op: ReduceOp, a: &HostArray, idx: &[usize]) -> i64 {
    let xs: Vec<f64> = idx.iter().map(|&i| a.f64_at(i)).collect();
    match op {
        ReduceOp::All => xs.iter().all(|&x| x != 0.0) as i64,
        ReduceOp::Any => xs.iter().any(|&x| x != 0.0) as i64,
        _ => arg_extremum(op, a, idx, &xs),
    }
}

/// argmax / argmin of one group (`xs` its values): the first NaN if there is one, else the
/// first position of the extremum (`i64` compared exactly).
fn arg_extremum(op: ReduceOp, a: &HostArray, idx: &[usize], xs: &[f64]) -> i64 {
    let is_max = op == ReduceOp::ArgMax;
    if let Some(p) = xs.iter().position(|x| x.is_nan()) {
        p as i64
    } else if a.dtype == DType::I64 {
        let is: Vec<i64> = idx.iter().map(|&i| a.i64_at(i)).collect();
        let best = if is_max {
            *is.iter().max().unwrap()
        } else {
            *is.iter().min().unwrap()
        };
        is.iter().position(|&v| v == best).unwrap() as i64
    } else {
        let best = xs.iter().copied().fold(
            xs[0],
            |m, x| {
                if is_max == (x > m) && x != m { x } else { m }
            },
        );
        xs.iter().position(|&v| v == best).unwrap() as i64
    }
}

/// Integer sum or product of one group, wrapping as `i64` at every step.
fn wrapping_sum_prod(op: ReduceOp, a: &HostArray, idx: &[usize]) -> i64 {
    let sum = op == ReduceOp::Sum;
    let mut acc: i128 = if sum { 0 } else { 1 };
    for &i in idx {
        let v = a.i64_at(i) as i128;
        acc = wrap(if sum { acc + v } else { acc * v }, DType::I64) as i128;
    }
    acc as i64
}

/// The reference value of a float reduction of `xs` and its error bound (before the half
/// ULP of the final rounding); `u` is the unit roundoff of the output dtype.
fn bounded_value(op: ReduceOp, xs: &[f64], ddof: f64, u: f64) -> (f64, f64) {
    use ReduceOp::*;
    let n = xs.len();
    let c = c_of(n);
    let abs_sum = neumaier(xs.iter().map(|x| x.abs()));
    match op {
        Sum => (neumaier(xs.iter().copied()), c * u * abs_sum),
        Mean => {
            let r = neumaier(xs.iter().copied()) / n as f64;
            (r, c * u * abs_sum / n as f64 + u * r.abs())
        }
        Prod => {
            let r: f64 = xs.iter().product();
            (r, (n as f64 + 1.0) * u * r.abs())
        }
        Var | Std => {
            let mean = neumaier(xs.iter().copied()) / n as f64;
            let ss = neumaier(xs.iter().map(|x| (x - mean) * (x - mean)));
            let var = if n as f64 - ddof > 0.0 {
                ss / (n as f64 - ddof)
            } else {
                f64::NAN
            };
            if op == Var {
                (var, (2.0 * c + 6.0) * u * var)
            } else {
                (var.sqrt(), (c + 4.0) * u * var.sqrt())
            }
        }
        LogSumExp => {
            let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if xs.iter().any(|x| x.is_nan()) {
                (f64::NAN, 0.0)
            } else if !m.is_finite() {
                (m, 0.0)
            } else {
                let s = neumaier(xs.iter().map(|x| (x - m).exp()));
                let r = m + s.ln();
                (r, (c + 3.0) * u * r.abs().max(1.0))
            }
        }
        _ => unreachable!(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Stream;

    #[test]
    fn bounds_flag_a_naive_float32_sum() {
        // A planted naive float32 running sum of 1e7 U[0,1) values must exceed the bound;
        // float64 accumulation must not.
        let n = 10_000_000;
        let mut s = Stream::new(5, "naive");
        let xs: Vec<f32> = (0..n).map(|_| s.uniform() as f32).collect();
        let exact = neumaier(xs.iter().map(|&x| x as f64));
        let naive = xs.iter().fold(0.0f32, |a, &x| a + x) as f64;
        let f64acc = xs.iter().map(|&x| x as f64).sum::<f64>() as f32 as f64;
        let u = unit(DType::F32);
        let bound = c_of(n) * u * exact + 0.5 * ulp(DType::F32, exact);
        assert!(
            (naive - exact).abs() > bound,
            "naive {naive} exact {exact} bound {bound}"
        );
        assert!((f64acc - exact).abs() <= bound);
    }
}
