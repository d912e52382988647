//! Ops that create data: `full`, `arange`, `linspace` and the Philox `rand`/`randn`.
//! Every element is a function of its index only, so the parallel split never matters.

use super::cast::{Castable, of_f64, of_i64};
use super::{PAR_CHUNK, PAR_MIN, par, vmath, with_float};
use crate::buffer::{CpuBuffer, Pod};
use tensor_core::{DType, RandDist, Scalar, philox, with_dtype};

/// `out[i] = f(i)`, in parallel for large outputs.
fn generate<T: Pod>(out: &mut [T], f: impl Fn(usize) -> T + Sync) {
    if out.len() < PAR_MIN {
        for (i, o) in out.iter_mut().enumerate() {
            *o = f(i);
        }
    } else {
        par::chunks_mut(out, PAR_CHUNK, |c, chunk| {
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
        let o = out.as_mut_slice::<T>()?;
        if o.len() < PAR_MIN {
            o.fill(v);
        } else {
            // One thread fills at a fraction of the memory bandwidth.
            par::chunks_mut(o, PAR_CHUNK, |_, c| c.fill(v));
        }
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
            affine_fill(start.f, step.f, false, o);
        } else {
            generate(o, |i| {
                of_i64::<T>(start.i.wrapping_add((i as i64).wrapping_mul(step.i)))
            });
        }
        Ok(())
    })
}

/// Elements per index base in [`affine_body`]: the offset from the base is converted from
/// `i32` (which vectorises on every path; `u64` to `f64` does not before AVX-512 DQ).
const AFFINE_RUN: usize = 1 << 20;

/// `out[j] = start + (base + j) * step` in `f64` (floored when `floor`), converted to `T`:
/// the index is exact in `f64` (below `2^53`), so these are the operations of the scalar
/// formula on `i as f64`, and the same bits.
#[inline(always)]
fn affine_body<T: Castable>(start: f64, step: f64, base: usize, floor: bool, out: &mut [T]) {
    for (c, run) in out.chunks_mut(AFFINE_RUN).enumerate() {
        let b = (base + c * AFFINE_RUN) as f64;
        for (j, o) in run.iter_mut().enumerate() {
            let y = start + (b + j as i32 as f64) * step;
            *o = of_f64::<T>(if floor { y.floor() } else { y });
        }
    }
}

super::twins! {
    fn affine_run<T: Castable>(start: f64, step: f64, base: usize, floor: bool, out: &mut [T]) = affine_body;
}

/// [`affine_body`] over `out` from index 0, in parallel for large outputs.
fn affine_fill<T: Castable>(start: f64, step: f64, floor: bool, out: &mut [T]) {
    if out.len() < PAR_MIN {
        affine_run(start, step, 0, floor, out);
    } else {
        par::chunks_mut(out, PAR_CHUNK, |c, chunk| {
            affine_run(start, step, c * PAR_CHUNK, floor, chunk)
        });
    }
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
    let end = |y: f64| if int { y.floor() } else { y };
    with_dtype!(out.dtype(), |T| {
        let o = out.as_mut_slice::<T>()?;
        if n == 1 || div == 0 {
            o.fill(of_f64::<T>(end(start)));
        } else {
            affine_fill(start, step, int, o);
            if endpoint {
                o[n - 1] = of_f64::<T>(end(stop));
            }
        }
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
            RandDist::Uniform => uniform_fill(seed, o),
            RandDist::Normal => normal_fill(seed, o),
        }
        Some(Ok(()))
    }, _ => None)
}

/// Lanes of [`philox_lanes`].
const LANES: usize = 16;

/// [`philox::philox4x32_10`] for the elements `i0..i0 + LANES` at once (lane `j`: element
/// `i0 + j`), the same operations lane by lane, so the words are the same; written over
/// arrays so that the compiler keeps the lanes in vector registers (`vpmuludq` does four
/// or eight of the 32 x 32 -> 64-bit products at once).
#[inline(always)]
#[allow(clippy::needless_range_loop)] // lane-wise loops over four parallel arrays
fn philox_lanes(seed: u64, i0: u64) -> [[u32; LANES]; 4] {
    const M0: u64 = 0xD251_1F53;
    const M1: u64 = 0xCD9E_8D57;
    let mut c: [[u32; LANES]; 4] = [[0; LANES]; 4];
    for j in 0..LANES {
        let i = i0 + j as u64;
        c[0][j] = i as u32;
        c[1][j] = (i >> 32) as u32;
    }
    let mut key = [seed as u32, (seed >> 32) as u32];
    for r in 0..10 {
        if r > 0 {
            key[0] = key[0].wrapping_add(0x9E37_79B9);
            key[1] = key[1].wrapping_add(0xBB67_AE85);
        }
        let mut n: [[u32; LANES]; 4] = [[0; LANES]; 4];
        for j in 0..LANES {
            let p0 = M0 * c[0][j] as u64;
            let p1 = M1 * c[2][j] as u64;
            n[0][j] = (p1 >> 32) as u32 ^ c[1][j] ^ key[0];
            n[1][j] = p1 as u32;
            n[2][j] = (p0 >> 32) as u32 ^ c[3][j] ^ key[1];
            n[3][j] = p0 as u32;
        }
        c = n;
    }
    c
}

/// `out[k] = philox::uniform(T, seed, start + k)`, [`LANES`] elements at a time.
#[inline(always)]
fn uniform_body<T: Castable>(seed: u64, start: u64, out: &mut [T]) {
    let dt = T::DTYPE;
    for (c, chunk) in out.chunks_mut(LANES).enumerate() {
        let w = philox_lanes(seed, start + (c * LANES) as u64);
        if let Some(o) = super::as_f32_mut(chunk) {
            for (j, o) in o.iter_mut().enumerate() {
                // Exact: a 24-bit integer times a power of two.
                *o = (w[0][j] >> 8) as f32 * (1.0 / (1u32 << 24) as f32);
            }
            continue;
        }
        for (j, o) in chunk.iter_mut().enumerate() {
            let v = match dt {
                DType::F16 => (w[0][j] >> 21) as f64 * (1.0 / 2048.0),
                DType::BF16 => (w[0][j] >> 24) as f64 * (1.0 / 256.0),
                _ => {
                    let bits = ((w[0][j] as u64) << 21) | ((w[1][j] >> 11) as u64);
                    bits as f64 * (1.0 / (1u64 << 53) as f64)
                }
            };
            // Exact in `T` (at most 11, 8 or 53 significant bits).
            *o = of_f64::<T>(v);
        }
    }
}

super::twins! {
    fn uniform_run<T: Castable>(seed: u64, start: u64, out: &mut [T]) = uniform_body;
}

/// The uniform stream of `T` into `out`, in parallel for large outputs (chunks of
/// [`PAR_CHUNK`], a multiple of [`LANES`]).
fn uniform_fill<T: Castable>(seed: u64, out: &mut [T]) {
    if out.len() < PAR_MIN {
        uniform_run(seed, 0, out);
    } else {
        par::chunks_mut(out, PAR_CHUNK, |c, chunk| {
            uniform_run(seed, (c * PAR_CHUNK) as u64, chunk)
        });
    }
}

/// `out[k] = normal(seed, start + k)` converted to `T`, a block of [`vmath::BLOCK`] at a
/// time: the Philox words [`LANES`] elements at once, then `1 - u1` and `2 pi u2` (the same
/// operations as [`normal`]), the block's logarithms through the vectorised, correctly
/// rounded [`vmath::log64::Log64`] and [`vmath::trig64::Cos64`] (CORE-MATH's bits), and
/// `sqrt(-2 ln) cos`: the same values as [`normal`], bit for bit.
#[inline(always)]
fn normal_body<T: Castable>(seed: u64, start: u64, out: &mut [T]) {
    use vmath::{BLOCK, apply64, log64::Log64, trig64::Cos64};
    let (mut a, mut t, mut l) = ([0.0f64; BLOCK], [0.0f64; BLOCK], [0.0f64; BLOCK]);
    for (c, chunk) in out.chunks_mut(BLOCK).enumerate() {
        let n = chunk.len();
        let i0 = start + (c * BLOCK) as u64;
        for (g, (ag, tg)) in a[..n]
            .chunks_mut(LANES)
            .zip(t[..n].chunks_mut(LANES))
            .enumerate()
        {
            let w = philox_lanes(seed, i0 + (g * LANES) as u64);
            for (j, (a, t)) in ag.iter_mut().zip(tg.iter_mut()).enumerate() {
                *a = 1.0 - u53(w[0][j], w[1][j]);
                *t = 2.0 * std::f64::consts::PI * u53(w[2][j], w[3][j]);
            }
        }
        apply64::<Log64>(&a[..n], &mut l[..n]);
        apply64::<Cos64>(&t[..n], &mut a[..n]);
        for ((o, &l), &c) in chunk.iter_mut().zip(&l[..n]).zip(&a[..n]) {
            *o = of_f64::<T>((-2.0 * l).sqrt() * c);
        }
    }
}

super::twins! {
    fn normal_run<T: Castable>(seed: u64, start: u64, out: &mut [T]) = normal_body;
}

/// The normal stream of `T` into `out`, in parallel for large outputs (chunks of
/// [`PAR_CHUNK`]).
fn normal_fill<T: Castable>(seed: u64, out: &mut [T]) {
    if out.len() < PAR_MIN {
        normal_run(seed, 0, out);
    } else {
        par::chunks_mut(out, PAR_CHUNK, |c, chunk| {
            normal_run(seed, (c * PAR_CHUNK) as u64, chunk)
        });
    }
}

/// The uniform `f64` in `[0, 1)` of two Philox words (53 bits).
#[inline(always)]
fn u53(hi: u32, lo: u32) -> f64 {
    (((hi as u64) << 21) | ((lo >> 11) as u64)) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// [`philox::normal`] with correctly rounded `ln` and `cos` (CORE-MATH), so the value is
/// the same on every backend whose math is correctly rounded.
pub fn normal(seed: u64, i: u64) -> f64 {
    let w = philox::block(seed, i);
    let (u1, u2) = (u53(w[0], w[1]), u53(w[2], w[3]));
    (-2.0 * crate::cmath::f64::log(1.0 - u1)).sqrt()
        * crate::cmath::f64::cos(2.0 * std::f64::consts::PI * u2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fill` sets every element, across the parallel split too (lengths around
    /// `PAR_MIN` and a chunk boundary; the buffer comes from the pool, so it may hold old
    /// data).
    #[test]
    fn fill_sets_every_element() {
        for n in [0, 1, PAR_MIN - 1, PAR_MIN, PAR_MIN + PAR_CHUNK + 3] {
            let mut b = CpuBuffer::for_output(DType::F64, n).unwrap();
            fill(Scalar::float(-2.5), &mut b).unwrap();
            assert!(
                b.as_slice::<f64>().unwrap().iter().all(|&v| v == -2.5),
                "{n}"
            );
            let mut b = CpuBuffer::for_output(DType::I32, n).unwrap();
            fill(Scalar::float(7.0), &mut b).unwrap();
            assert!(b.as_slice::<i32>().unwrap().iter().all(|&v| v == 7), "{n}");
        }
    }

    /// The twinned `arange`/`linspace` body gives the scalar formula's bits on every ISA
    /// path, for each float dtype and for the floored integer form, across the parallel
    /// split and the `i32` index runs.
    #[test]
    fn affine_matches_the_scalar_formula_on_every_path() {
        fn check<T: Castable + PartialEq + std::fmt::Debug>(n: usize, floor: bool) {
            let (start, step) = (-3.7, 0.013_7);
            let want: Vec<T> = (0..n)
                .map(|i| {
                    let y = start + i as f64 * step;
                    of_f64::<T>(if floor { y.floor() } else { y })
                })
                .collect();
            for level in [1, 2, 3] {
                super::super::force_isa(level);
                let mut got = vec![of_f64::<T>(0.0); n];
                affine_fill(start, step, floor, &mut got);
                assert!(got == want, "level {level}, n {n}");
                let mut got = vec![of_f64::<T>(0.0); n];
                affine_body(start, step, 0, floor, &mut got);
                assert!(got == want, "body, level {level}, n {n}");
            }
            super::super::force_isa(0);
        }
        for n in [0, 1, 17, PAR_MIN + 5, AFFINE_RUN + 3] {
            check::<f64>(n, false);
            check::<f32>(n, false);
            check::<i32>(n, true);
        }
        check::<half::f16>(PAR_MIN + 5, false);
        check::<half::bf16>(1000, false);
    }

    /// The lane-wise generator gives the reference stream of every float dtype, bit for
    /// bit, on every instruction-set path, at offsets that are not multiples of the lanes
    /// and across the 2^32 boundary of the counter.
    #[test]
    fn uniform_matches_the_reference_stream_on_every_path() {
        for path in crate::ops::vmath::Path::supported() {
            path.force();
            for dt in [DType::F32, DType::F64, DType::F16, DType::BF16] {
                for (seed, start, n) in [(7u64, 0u64, 100usize), (u64::MAX, (1 << 32) - 5, 37)] {
                    with_float!(dt, |T| {
                        let mut out = vec![T::default(); n];
                        uniform_run(seed, start, &mut out);
                        for (k, v) in out.iter().enumerate() {
                            let want = philox::uniform(dt, seed, start + k as u64);
                            assert_eq!(
                                tensor_core::Element::to_f64(*v).to_bits(),
                                want.to_bits(),
                                "{dt:?} seed {seed} element {}",
                                start + k as u64
                            );
                        }
                    }, _ => unreachable!());
                }
            }
        }
        crate::ops::force_isa(0);
    }

    /// The block-wise normal stream is [`normal`]'s, bit for bit, for every float dtype on
    /// every instruction-set path, across block and lane boundaries and the 2^32 boundary
    /// of the counter.
    #[test]
    fn normal_matches_the_scalar_definition_on_every_path() {
        for path in crate::ops::vmath::Path::supported() {
            path.force();
            for dt in [DType::F32, DType::F64, DType::F16, DType::BF16] {
                for (seed, start, n) in [(7u64, 0u64, 1100usize), (u64::MAX, (1 << 32) - 5, 37)] {
                    with_float!(dt, |T| {
                        let mut out = vec![T::default(); n];
                        normal_run(seed, start, &mut out);
                        for (k, v) in out.iter().enumerate() {
                            let want: T = of_f64::<T>(normal(seed, start + k as u64));
                            assert_eq!(
                                tensor_core::Element::to_f64(*v).to_bits(),
                                tensor_core::Element::to_f64(want).to_bits(),
                                "{dt:?} seed {seed} element {}",
                                start + k as u64
                            );
                        }
                    }, _ => unreachable!());
                }
            }
        }
        crate::ops::force_isa(0);
    }
}
