//! Creation ops: arange, linspace and eye from their definitions (each value computed in
//! float64 and graded in ULPs of the dtype), rand and randn from `tensor-core`'s Philox
//! counter-based generator, which fixes the stream every backend must reproduce.

use super::{Expected, Ref, wrap};
use tensor_core::{DType, RandDist};

/// `arange(start, stop, step)` of dtype `dt`.
pub(super) fn arange(dt: DType, start: f64, stop: f64, step: f64) -> Expected {
    let n = ((stop - start) / step).ceil().max(0.0) as usize;
    if dt.is_float() {
        let refs = (0..n)
            .map(|i| Ref::exact(start + i as f64 * step))
            .collect();
        Expected::Ulp {
            dtype: dt,
            shape: vec![n],
            refs,
            mags: vec![1.0; n],
        }
    } else {
        let vals = (0..n)
            .map(|i| wrap(start as i128 + i as i128 * step as i128, dt))
            .collect();
        Expected::Exact {
            dtype: dt,
            shape: vec![n],
            vals,
        }
    }
}

/// `linspace(start, stop, num, endpoint)` of a float dtype `dt`.
pub(super) fn linspace(dt: DType, start: f64, stop: f64, num: usize, endpoint: bool) -> Expected {
    let div = if endpoint { num.saturating_sub(1) } else { num } as f64;
    let step = (stop - start) / div;
    let refs = (0..num)
        .map(|i| {
            Ref::exact(if endpoint && i + 1 == num && num > 1 {
                stop
            } else {
                start + i as f64 * step
            })
        })
        .collect();
    Expected::Ulp {
        dtype: dt,
        shape: vec![num],
        refs,
        mags: vec![1.0; num],
    }
}

/// `eye(n, m)` of dtype `dt`.
pub(super) fn eye(dt: DType, n: usize, m: usize) -> Expected {
    let vals: Vec<i64> = (0..n * m).map(|i| (i / m == i % m) as i64).collect();
    if dt.is_float() {
        let refs = vals.iter().map(|&v| Ref::exact(v as f64)).collect();
        Expected::Ulp {
            dtype: dt,
            shape: vec![n, m],
            refs,
            mags: vec![1.0; n * m],
        }
    } else {
        Expected::Exact {
            dtype: dt,
            shape: vec![n, m],
            vals,
        }
    }
}

/// `rand` / `randn` of shape `shape` at `seed`: the Philox stream of `tensor-core`.
pub(super) fn rand(dt: DType, dist: RandDist, shape: &[usize], seed: u64) -> Expected {
    let n: usize = shape.iter().product();
    let refs = (0..n as u64)
        .map(|i| {
            Ref::exact(match dist {
                RandDist::Uniform => tensor_core::philox::uniform(dt, seed, i),
                RandDist::Normal => tensor_core::philox::normal(seed, i),
            })
        })
        .collect();
    Expected::Ulp {
        dtype: dt,
        shape: shape.to_vec(),
        refs,
        mags: vec![1.0; n],
    }
}
