//! Ops that create data: `full`, `arange`, `linspace` and the Philox `rand`/`randn`.
//! Every element is a function of its index only, so the parallel split never matters.

use super::cast::{of_f64, of_i64};
use super::{PAR_CHUNK, PAR_MIN, with_float};
use crate::buffer::{CpuBuffer, Pod};
use rayon::prelude::*;
use tensor_core::{DType, RandDist, Scalar, philox, with_dtype};

/// `out[i] = f(i)`, in parallel for large outputs.
fn generate<T: Pod>(out: &mut [T], f: impl Fn(usize) -> T + Sync) {
    if out.len() < PAR_MIN {
        for (i, o) in out.iter_mut().enumerate() {
            *o = f(i);
        }
    } else {
        out.par_chunks_mut(PAR_CHUNK)
            .enumerate()
            .for_each(|(c, chunk)| {
                for (j, o) in chunk.iter_mut().enumerate() {
                    *o = f(c * PAR_CHUNK + j);
                }
            });
    }
}

/// Fills with `value` (`.i` for integer and bool dtypes, `.f` for floats).
pub fn fill(value: Scalar, out: &mut CpuBuffer) -> tensor_core::Result<()> {
    let float = out.dtype().is_float();
    with_dtype!(out.dtype(), |T| {
        let v = if float {
            of_f64::<T>(value.f)
        } else {
            of_i64::<T>(value.i)
        };
        out.as_mut_slice::<T>()?.fill(v);
        Ok(())
    })
}

/// `out[i] = start + i * step`: wrapping `i64` arithmetic for integer and bool dtypes,
/// `f64` arithmetic rounded once for floats.
pub fn arange(start: Scalar, step: Scalar, out: &mut CpuBuffer) -> tensor_core::Result<()> {
    let float = out.dtype().is_float();
    with_dtype!(out.dtype(), |T| {
        let o = out.as_mut_slice::<T>()?;
        if float {
            generate(o, |i| of_f64::<T>(start.f + i as f64 * step.f));
        } else {
            generate(o, |i| {
                of_i64::<T>(start.i.wrapping_add((i as i64).wrapping_mul(step.i)))
            });
        }
        Ok(())
    })
}

/// NumPy's `linspace`: `start + i * step` with `step = (stop - start) / div` and the last
/// element set to `stop` when `endpoint`; integer dtypes take the floor (NumPy 2), then the
/// cast rules apply.
pub fn linspace(
    start: f64,
    stop: f64,
    endpoint: bool,
    out: &mut CpuBuffer,
) -> tensor_core::Result<()> {
    let n = out.len();
    let int = !out.dtype().is_float();
    let div = if endpoint { n.saturating_sub(1) } else { n };
    let step = (stop - start) / div as f64;
    let value = |i: usize| {
        let y = if n == 1 || div == 0 {
            start
        } else if endpoint && i == n - 1 {
            stop
        } else {
            start + i as f64 * step
        };
        if int { y.floor() } else { y }
    };
    with_dtype!(out.dtype(), |T| {
        generate(out.as_mut_slice::<T>()?, |i| of_f64::<T>(value(i)));
        Ok(())
    })
}

/// Philox random numbers for float dtypes; `None` for other dtypes.
pub fn rand(dist: RandDist, seed: u64, out: &mut CpuBuffer) -> Option<tensor_core::Result<()>> {
    let dt: DType = out.dtype();
    with_float!(dt, |T| {
        let o = match out.as_mut_slice::<T>() {
            Ok(o) => o,
            Err(e) => return Some(Err(e)),
        };
        match dist {
            RandDist::Uniform => generate(o, |i| of_f64::<T>(philox::uniform(dt, seed, i as u64))),
            RandDist::Normal => generate(o, |i| of_f64::<T>(normal(seed, i as u64))),
        }
        Some(Ok(()))
    }, _ => None)
}

/// [`philox::normal`] with correctly rounded `ln` and `cos` (CORE-MATH), so the value is
/// the same on every backend whose math is correctly rounded.
pub fn normal(seed: u64, i: u64) -> f64 {
    let w = philox::block(seed, i);
    let u53 = |hi: u32, lo: u32| {
        (((hi as u64) << 21) | ((lo >> 11) as u64)) as f64 * (1.0 / (1u64 << 53) as f64)
    };
    let (u1, u2) = (u53(w[0], w[1]), u53(w[2], w[3]));
    (-2.0 * crate::cmath::f64::log(1.0 - u1)).sqrt()
        * crate::cmath::f64::cos(2.0 * std::f64::consts::PI * u2)
}
