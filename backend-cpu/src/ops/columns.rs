//! Reductions whose kept axes are contiguous in memory (a sum over axis 0 of a row-major
//! matrix, over axis 1 of its transpose): whole rows are accumulated into a row of
//! accumulators, vectorised across the kept axis, instead of gathering each strided
//! column first.
//!
//! # Same numbers as the block kernels
//! Every kernel here performs, for each output, exactly the floating-point operations of
//! the block kernel of [`super::reduce`] on that output's column, in the same order, so
//! the result is bit-identical whichever path runs (and whatever the thread count):
//! - sums (`sum`, `mean`, `var`'s passes, `logsumexp`'s normaliser) follow [`tree`]'s fixed
//!   pairwise shape over the reduced index, and each leaf of at most [`LEAF`] rows sums
//!   into sixteen interleaved accumulators folded pairwise, as [`leaf_sum`] does (here
//!   sixteen accumulator *rows*);
//! - `var`/`std` of `f32`/`f16`/`bf16` merge per-leaf two-pass moments along the same tree
//!   with the same update as `reduce::moments`; `f64` is two-pass over the whole column;
//! - `prod` has the shape of sums with products instead ([`leaf_prod`]'s sixteen
//!   interleaved accumulators per leaf, leaves multiplied along the tree);
//! - `max`/`min`/`argmax`/`argmin` keep, per column, the first NaN, else the first
//!   extremum (strict comparisons, so ties and `-0.0`/`+0.0` keep the earliest), which is
//!   the definition; `any`/`all` and wrapping integer sums do not depend on the order.
//!
//! The tests of this module compare every op, on awkward shapes, with the block kernels
//! applied to gathered columns, bit for bit, on the portable and the AVX2 path.
//!
//! # Memory
//! Work is split into pieces of at most [`CW`] adjacent outputs; a piece needs
//! `(16 + depth + 2) * CW` `f64` of scratch (`depth` the tree's, at most 64), allocated
//! once per worker task: bounded, whatever the input.
//!
//! [`tree`]: super::tree
//! [`leaf_sum`]: super::leaf_sum
//! [`leaf_prod`]: super::leaf_prod

use super::{Int, LEAF, PAR_MIN, Plan, as_type, halfconv, has_avx2, has_avx512};
use crate::buffer::Pod;
use half::{bf16, f16};
use tensor_core::Layout;

/// Most outputs per piece (the width of the accumulator rows).
pub const CW: usize = if cfg!(test) { 24 } else { 128 };
/// Fewest adjacent contiguous outputs for which this path is taken (below, rows are too
/// short to vectorise and the gathering path is as fast).
pub const MIN_W: usize = 8;
/// Deepest tree the scratch holds (`LEAF * 2^63` rows).
const DEPTH: usize = 64;

/// Geometry of a reduction whose innermost kept axis has unit stride.
pub struct Cols {
    /// The reduced axes.
    iplan: Plan<1>,
    /// Reduced elements per output.
    pub n: usize,
    /// The kept axes.
    oplan: Plan<1>,
    /// Length of the innermost (contiguous) kept axis.
    w: usize,
}

/// The column geometry of reducing `axes` of `xl` into `out_len` outputs, when this path
/// applies: at least two reduced elements per output and at least [`MIN_W`] outputs
/// adjacent in memory.
pub fn plan(xl: &Layout, axes: &[usize], out_len: usize) -> Option<Cols> {
    if out_len < MIN_W {
        return None;
    }
    let (outer, inner) = xl.split_axes(axes);
    let n = inner.numel();
    if n < 2 || n > u32::MAX as usize {
        return None;
    }
    let oplan = Plan::new([&outer]);
    let w = *oplan.shape().last().expect("never empty");
    if oplan.inner_strides()[0] != 1 || w < MIN_W {
        return None;
    }
    Some(Cols {
        iplan: Plan::new([&inner]),
        n,
        oplan,
        w,
    })
}

/// One piece: outputs `c0..c0 + w` of an outer row; `ob` is the storage index of its
/// first element in reduced position 0 (before the inner plan's offset).
#[derive(Clone, Copy)]
pub struct Piece {
    ob: isize,
    /// Width (outputs).
    pub w: usize,
}

impl Cols {
    /// Runs `f(piece, out_piece, scratch)` on every piece, in parallel when large. `f`
    /// must fill `out_piece` (of `piece.w` outputs).
    pub fn run<O: Pod>(&self, out: &mut [O], f: impl Fn(Piece, &mut [O], &mut [f64]) + Sync) {
        let per_row = self.w.div_ceil(CW);
        let rows = out.len() / self.w;
        let tasks = rows * per_row;
        let par = tasks > 1 && self.n * out.len() >= PAR_MIN;
        let task = |t: usize, scratch: &mut Vec<f64>, o: &mut [O]| {
            let (r, c) = (t / per_row, t % per_row);
            let mut ob = 0;
            self.oplan
                .rows(r * self.w, r * self.w + 1, |_, [b], _| ob = b);
            let c0 = c * CW;
            let w = CW.min(self.w - c0);
            if scratch.is_empty() {
                scratch.resize((16 + DEPTH + 2) * CW, 0.0);
            }
            f(
                Piece {
                    ob: ob + c0 as isize,
                    w,
                },
                o,
                scratch,
            );
        };
        // Output slices per task: each row splits into `per_row` pieces of `CW` (the last
        // shorter).
        let mut slices: Vec<(usize, &mut [O])> = Vec::with_capacity(tasks);
        for (r, row) in out.chunks_mut(self.w).enumerate() {
            for (c, p) in row.chunks_mut(CW).enumerate() {
                slices.push((r * per_row + c, p));
            }
        }
        if par {
            thread_local! {
                /// Each worker's scratch, kept between calls (bounded: one piece's worth).
                static SCRATCH: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
            }
            super::par::map(slices, |(t, o)| {
                SCRATCH.with(|s| task(t, &mut s.borrow_mut(), o))
            });
        } else {
            let mut s = Vec::new();
            for (t, o) in slices {
                task(t, &mut s, o);
            }
        }
    }

    /// Storage offsets of the rows `k0..k1` (`k1 - k0 <= LEAF`) of `p`, into `buf`.
    fn offsets<'b>(
        &self,
        p: Piece,
        k0: usize,
        k1: usize,
        buf: &'b mut [usize; LEAF],
    ) -> &'b [usize] {
        let [is] = self.iplan.inner_strides();
        self.iplan.rows(k0, k1, |pos, [ib], len| {
            for j in 0..len {
                buf[pos - k0 + j] = (p.ob + ib + j as isize * is) as usize;
            }
        });
        &buf[..k1 - k0]
    }

    /// Pairwise sum (the shape of [`super::tree`] over `k0..k1`, leaves as
    /// [`super::leaf_sum`]) of `g(x, aux[c])` per column `c`, into `acc`. `scratch` holds
    /// at least `(16 + depth) * p.w` elements.
    #[allow(clippy::too_many_arguments)]
    pub fn sum<T: Pod>(
        &self,
        xs: &[T],
        p: Piece,
        (k0, k1): (usize, usize),
        g: &impl Fn(f64, f64) -> f64,
        aux: &[f64],
        acc: &mut [f64],
        scratch: &mut [f64],
    ) {
        let n = k1 - k0;
        let w = p.w;
        if n <= LEAF {
            let mut buf = [0usize; LEAF];
            let offs = self.offsets(p, k0, k1, &mut buf);
            let a16 = &mut scratch[..16 * w];
            sum16::<T, _, false>(xs, offs, w, g, &aux[..w], a16);
            acc[..w].copy_from_slice(&a16[..w]);
            return;
        }
        let mid = (n / 2).div_ceil(LEAF) * LEAF;
        let (right, rest) = scratch.split_at_mut(w);
        self.sum(xs, p, (k0, k0 + mid), g, aux, acc, rest);
        self.sum(xs, p, (k0 + mid, k1), g, aux, right, rest);
        for (a, r) in acc[..w].iter_mut().zip(right.iter()) {
            *a += r;
        }
    }

    /// Moments `(mean, m2)` per column over `k0..k1`, as `reduce::moments` computes them
    /// (two-pass leaves, Chan et al.'s pairwise update along the tree); returns the count.
    #[allow(clippy::too_many_arguments)]
    pub fn moments<T: Pod>(
        &self,
        xs: &[T],
        p: Piece,
        (k0, k1): (usize, usize),
        mean: &mut [f64],
        m2: &mut [f64],
        scratch: &mut [f64],
    ) -> f64 {
        let n = k1 - k0;
        let w = p.w;
        if n <= LEAF {
            let nf = n as f64;
            let zero = [0.0f64; CW];
            self.sum(xs, p, (k0, k1), &|v, _| v, &zero[..w], mean, scratch);
            for m in mean[..w].iter_mut() {
                *m /= nf;
            }
            let dev = |v: f64, m: f64| {
                let d = v - m;
                d * d
            };
            self.sum(xs, p, (k0, k1), &dev, mean, m2, scratch);
            return nf;
        }
        let mid = (n / 2).div_ceil(LEAF) * LEAF;
        let (rm, rest) = scratch.split_at_mut(w);
        let (rq, rest) = rest.split_at_mut(w);
        let na = self.moments(xs, p, (k0, k0 + mid), mean, m2, rest);
        let nb = self.moments(xs, p, (k0 + mid, k1), rm, rq, rest);
        let nn = na + nb;
        let (fb, fab) = (nb / nn, na * nb / nn);
        for c in 0..w {
            let (ma, qa, mb, qb) = (mean[c], m2[c], rm[c], rq[c]);
            let d = mb - ma;
            mean[c] = ma + d * fb;
            m2[c] = qa + qb + d * d * fab;
        }
        nn
    }

    /// Product per column along the tree, each leaf as [`super::leaf_prod`] multiplies.
    pub fn prod<T: Pod>(
        &self,
        xs: &[T],
        p: Piece,
        (k0, k1): (usize, usize),
        acc: &mut [f64],
        scratch: &mut [f64],
    ) {
        let n = k1 - k0;
        let w = p.w;
        if n <= LEAF {
            let mut buf = [0usize; LEAF];
            let offs = self.offsets(p, k0, k1, &mut buf);
            let a16 = &mut scratch[..16 * w];
            let ones = [0.0f64; CW];
            sum16::<T, _, true>(xs, offs, w, &|v, _| v, &ones[..w], a16);
            acc[..w].copy_from_slice(&a16[..w]);
            return;
        }
        let mid = (n / 2).div_ceil(LEAF) * LEAF;
        let (right, rest) = scratch.split_at_mut(w);
        self.prod(xs, p, (k0, k0 + mid), acc, rest);
        self.prod(xs, p, (k0 + mid, k1), right, rest);
        for (a, r) in acc[..w].iter_mut().zip(right.iter()) {
            *a *= r;
        }
    }

    /// Per column, the first NaN, else the first extremum (`MAX`: largest), into `val`;
    /// with `idx`, also its reduced index.
    pub fn ext<T: Pod, const MAX: bool>(
        &self,
        xs: &[T],
        p: Piece,
        val: &mut [T],
        mut idx: Option<&mut [u32]>,
    ) {
        let w = p.w;
        let mut buf = [0usize; LEAF];
        let first = self.offsets(p, 0, 1, &mut buf)[0];
        val[..w].copy_from_slice(&xs[first..first + w]);
        if let Some(ix) = idx.as_deref_mut() {
            ix[..w].fill(0);
        }
        for k0 in (1..self.n).step_by(LEAF) {
            let k1 = (k0 + LEAF).min(self.n);
            let offs = self.offsets(p, k0, k1, &mut buf);
            match idx.as_deref_mut() {
                Some(ix) => ext_rows::<T, MAX, true>(xs, offs, k0 as u32, &mut val[..w], ix),
                None => ext_rows::<T, MAX, false>(xs, offs, 0, &mut val[..w], &mut []),
            }
        }
    }

    /// Per column, `fold(acc, x)` over every reduced element in order, from `init`.
    pub fn fold<T: Pod, A: Pod>(
        &self,
        xs: &[T],
        p: Piece,
        init: A,
        f: &impl Fn(A, T) -> A,
        acc: &mut [A],
    ) {
        let w = p.w;
        let mut buf = [0usize; LEAF];
        acc[..w].fill(init);
        for k0 in (0..self.n).step_by(LEAF) {
            let k1 = (k0 + LEAF).min(self.n);
            let offs = self.offsets(p, k0, k1, &mut buf);
            fold_rows(xs, offs, w, f, &mut acc[..w]);
        }
    }
}

/// Dispatches to the AVX-512 twin `$avx512` of a kernel when the CPU has AVX-512 F
/// ([`has_avx512`]), else to its AVX2 twin `$avx2` when it has AVX2 and FMA
/// ([`has_avx2`]), else to its portable build `$body`. Both are the same
/// `#[inline(always)]` source and perform the same IEEE operations (Rust does not contract
/// into FMA), so they give identical results.
macro_rules! dispatch {
    ($avx512:expr, $avx2:expr, $body:expr, ($($a:expr),*)) => {{
        #[cfg(target_arch = "x86_64")]
        if has_avx512() {
            // SAFETY: the CPU has AVX-512 F, AVX2 and FMA (checked just above).
            return unsafe { $avx512($($a),*) };
        }
        #[cfg(target_arch = "x86_64")]
        if has_avx2() {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            return unsafe { $avx2($($a),*) };
        }
        $body($($a),*)
    }};
}

/// Rows `offs` of width `w` summed (`MUL`: multiplied) as `g(x, aux[c])` into sixteen
/// interleaved accumulator rows (`a16`, `16 * w`; row `k % 16` takes row `k`), folded
/// pairwise into `a16[..w]`: per column, the shape of [`super::leaf_sum`] (or
/// [`super::leaf_prod`]).
fn sum16<T: Pod, G: Fn(f64, f64) -> f64, const MUL: bool>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    g: &G,
    aux: &[f64],
    a16: &mut [f64],
) {
    dispatch!(
        sum16_avx512::<T, G, MUL>,
        sum16_avx2::<T, G, MUL>,
        sum16_body::<T, G, MUL>,
        (xs, offs, w, g, aux, a16)
    )
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn sum16_avx2<T: Pod, G: Fn(f64, f64) -> f64, const MUL: bool>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    g: &G,
    aux: &[f64],
    a16: &mut [f64],
) {
    sum16_body::<T, G, MUL>(xs, offs, w, g, aux, a16)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn sum16_avx512<T: Pod, G: Fn(f64, f64) -> f64, const MUL: bool>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    g: &G,
    aux: &[f64],
    a16: &mut [f64],
) {
    sum16_body::<T, G, MUL>(xs, offs, w, g, aux, a16)
}

#[inline(always)]
fn sum16_body<T: Pod, G: Fn(f64, f64) -> f64, const MUL: bool>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    g: &G,
    aux: &[f64],
    a16: &mut [f64],
) {
    // Accumulator rows that no element reaches keep the identity (+0.0 for sums, 1.0 for
    // products), and combining with it changes nothing (a sum that started from +0.0 is
    // never -0.0; `x * 1.0 == x`, NaN and signed zeros included), so they are neither
    // cleared nor folded: a short leaf costs only its rows.
    let op = |a: f64, b: f64| if MUL { a * b } else { a + b };
    let mut used = offs.len().min(16);
    a16[..used * w].fill(if MUL { 1.0 } else { 0.0 });
    // 16-bit rows are widened a row at a time with F16C (or a shift) first: the same
    // values as the element-wise widening, at vector speed.
    let mut wide = [0f32; CW];
    for (k, &o) in offs.iter().enumerate() {
        if let Some(&next) = offs.get(k + AHEAD) {
            prefetch(&xs[next..next + w]);
        }
        let row = &xs[o..o + w];
        let a = &mut a16[(k % 16) * w..(k % 16 + 1) * w];
        let half = if let Some(h) = as_type::<T, f16>(row) {
            halfconv::f16_to_f32(h, &mut wide[..w]);
            true
        } else if let Some(h) = as_type::<T, bf16>(row) {
            halfconv::bf16_to_f32(h, &mut wide[..w]);
            true
        } else {
            false
        };
        if half {
            for ((a, &v), &m) in a.iter_mut().zip(&wide[..w]).zip(aux) {
                *a = op(*a, g(v as f64, m));
            }
        } else {
            for ((a, &v), &m) in a.iter_mut().zip(row).zip(aux) {
                *a = op(*a, g(v.to_f64(), m));
            }
        }
    }
    let mut h = 16;
    while h > 1 {
        h /= 2;
        if used > h {
            let (lo, hi) = a16.split_at_mut(h * w);
            for (a, b) in lo.iter_mut().zip(&hi[..(used - h) * w]) {
                *a = op(*a, *b);
            }
            used = h;
        }
    }
}

/// Rows read ahead of the one being accumulated ([`prefetch`]).
const AHEAD: usize = 4;

/// Asks for the cache lines of `row` ahead of use. The pieces walk a matrix down its
/// rows, a few hundred bytes per row at a stride of a whole row, which the hardware
/// prefetchers do not follow across pages: without it the loads wait on memory.
#[inline(always)]
fn prefetch<T>(row: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        let bytes = std::mem::size_of_val(row);
        let p = row.as_ptr().cast::<i8>();
        for off in (0..bytes).step_by(64) {
            // SAFETY: `p + off` is inside `row` (off < its size); a prefetch has no other
            // effect than on the caches (SSE, part of every x86_64).
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.add(off))
            };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}

/// `acc[c] = f(acc[c], row[c])` for the rows `offs`, in order.
fn fold_rows<T: Pod, A: Pod, F: Fn(A, T) -> A>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    f: &F,
    acc: &mut [A],
) {
    dispatch!(
        fold_rows_avx512,
        fold_rows_avx2,
        fold_rows_body,
        (xs, offs, w, f, acc)
    )
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn fold_rows_avx2<T: Pod, A: Pod, F: Fn(A, T) -> A>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    f: &F,
    acc: &mut [A],
) {
    fold_rows_body(xs, offs, w, f, acc)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn fold_rows_avx512<T: Pod, A: Pod, F: Fn(A, T) -> A>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    f: &F,
    acc: &mut [A],
) {
    fold_rows_body(xs, offs, w, f, acc)
}

#[inline(always)]
fn fold_rows_body<T: Pod, A: Pod, F: Fn(A, T) -> A>(
    xs: &[T],
    offs: &[usize],
    w: usize,
    f: &F,
    acc: &mut [A],
) {
    for (k, &o) in offs.iter().enumerate() {
        if let Some(&next) = offs.get(k + AHEAD) {
            prefetch(&xs[next..next + w]);
        }
        for (a, &v) in acc.iter_mut().zip(&xs[o..o + w]) {
            *a = f(*a, v);
        }
    }
}

/// The running first-NaN-else-first-extremum of each column over the rows `offs` (reduced
/// indices from `k0`); `idx` is updated when `ARG`.
fn ext_rows<T: Pod, const MAX: bool, const ARG: bool>(
    xs: &[T],
    offs: &[usize],
    k0: u32,
    val: &mut [T],
    idx: &mut [u32],
) {
    // The AVX2 build for AVX-512 too: with 512-bit registers LLVM's masks of the selects
    // made this scan slower (measured on Zen 5).
    dispatch!(
        ext_rows_avx2::<T, MAX, ARG>,
        ext_rows_avx2::<T, MAX, ARG>,
        ext_rows_body::<T, MAX, ARG>,
        (xs, offs, k0, val, idx)
    )
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn ext_rows_avx2<T: Pod, const MAX: bool, const ARG: bool>(
    xs: &[T],
    offs: &[usize],
    k0: u32,
    val: &mut [T],
    idx: &mut [u32],
) {
    ext_rows_body::<T, MAX, ARG>(xs, offs, k0, val, idx)
}

#[inline(always)]
#[allow(clippy::eq_op)]
fn ext_rows_body<T: Pod, const MAX: bool, const ARG: bool>(
    xs: &[T],
    offs: &[usize],
    k0: u32,
    val: &mut [T],
    idx: &mut [u32],
) {
    let w = val.len();
    for (k, &o) in offs.iter().enumerate() {
        if let Some(&next) = offs.get(k + AHEAD) {
            prefetch(&xs[next..next + w]);
        }
        let row = &xs[o..o + w];
        let kk = k0 + k as u32;
        if ARG {
            for ((a, i), &v) in val.iter_mut().zip(idx.iter_mut()).zip(row) {
                let better = if MAX { v > *a } else { v < *a };
                let take = better | ((v != v) & (*a == *a));
                *a = if take { v } else { *a };
                *i = if take { kk } else { *i };
            }
        } else {
            for (a, &v) in val.iter_mut().zip(row) {
                let better = if MAX { v > *a } else { v < *a };
                let take = better | ((v != v) & (*a == *a));
                *a = if take { v } else { *a };
            }
        }
    }
}

/// Wrapping integer sum or product of each column, in `i64` (each element widened as it
/// is read).
pub fn int_fold<T: Int>(cols: &Cols, xs: &[T], prod: bool, out: &mut [i64]) {
    cols.run(out, |p, o, _| {
        if prod {
            cols.fold(xs, p, 1i64, &|a: i64, v: T| a.wrapping_mul(v.to_i64()), o)
        } else {
            cols.fold(xs, p, 0i64, &|a: i64, v: T| a.wrapping_add(v.to_i64()), o)
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::{copy, force_isa, reduce};
    use crate::buffer::CpuBuffer;
    use half::{bf16, f16};
    use std::sync::Mutex;
    use tensor_core::{DType, Layout, ReduceOp};

    /// Serialises the tests that switch between the AVX2 and the portable path.
    static PATHS: Mutex<()> = Mutex::new(());

    /// Awkward values: mixed magnitudes and signs, ties, signed zeros, and (with `special`)
    /// NaNs of both signs and infinities.
    fn values(n: usize, seed: u64, special: bool) -> Vec<f64> {
        let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                match s % 23 {
                    0 => 0.0,
                    1 => -0.0,
                    2 if special => f64::NAN,
                    3 if special => -f64::NAN,
                    4 if special => f64::INFINITY,
                    5 if special => f64::NEG_INFINITY,
                    6 => 2.0,
                    v => ((s >> 20) % 2001) as f64 / 97.0 - 10.0 + v as f64 * 1e-3,
                }
            })
            .collect()
    }

    fn buffer(dt: DType, vals: &[f64]) -> CpuBuffer {
        let mut b = CpuBuffer::zeroed(dt, vals.len()).unwrap();
        macro_rules! fill {
            ($t:ty, $f:expr) => {
                for (o, &v) in b.as_mut_slice::<$t>().unwrap().iter_mut().zip(vals) {
                    *o = $f(v);
                }
            };
        }
        match dt {
            DType::F32 => fill!(f32, |v| v as f32),
            DType::F64 => fill!(f64, |v| v),
            DType::F16 => fill!(f16, f16::from_f64),
            DType::BF16 => fill!(bf16, bf16::from_f64),
            DType::I32 => fill!(i32, |v: f64| if v.is_finite() {
                (v * 7.0) as i32
            } else {
                3
            }),
            DType::I64 => fill!(i64, |v: f64| if v.is_finite() {
                (v * 1e15) as i64
            } else {
                5
            }),
            DType::U8 => fill!(u8, |v: f64| if v.is_finite() { v.abs() as u8 } else { 1 }),
            DType::Bool => fill!(bool, |v: f64| v > 0.0),
        }
        b
    }

    /// The block path's answer: the reduced axes moved last by a gathering copy, so that
    /// every block is contiguous (the column path does not apply there).
    fn reference(
        op: ReduceOp,
        x: &CpuBuffer,
        xl: &Layout,
        axes: &[usize],
        ddof: f64,
        out_dt: DType,
        outs: usize,
    ) -> Vec<u8> {
        let kept: Vec<usize> = (0..xl.ndim()).filter(|a| !axes.contains(a)).collect();
        let perm: Vec<usize> = kept.iter().chain(axes).copied().collect();
        let pl = xl.permute(&perm).unwrap();
        let mut g = CpuBuffer::zeroed(x.dtype(), xl.numel()).unwrap();
        macro_rules! gather {
            ($t:ty) => {
                copy::gather(
                    x.as_slice::<$t>().unwrap(),
                    &pl,
                    g.as_mut_slice::<$t>().unwrap(),
                )
            };
        }
        match x.dtype() {
            DType::F32 => gather!(f32),
            DType::F64 => gather!(f64),
            DType::F16 => gather!(f16),
            DType::BF16 => gather!(bf16),
            DType::I32 => gather!(i32),
            DType::I64 => gather!(i64),
            DType::U8 => gather!(u8),
            DType::Bool => gather!(bool),
        }
        let gl = Layout::contiguous(pl.shape());
        let gaxes: Vec<usize> = (kept.len()..xl.ndim()).collect();
        assert!(
            super::plan(&gl, &gaxes, outs).is_none(),
            "reference takes the block path"
        );
        let mut out = CpuBuffer::zeroed(out_dt, outs).unwrap();
        reduce::reduce(op, &g, &gl, &gaxes, ddof, &mut out)
            .unwrap()
            .unwrap();
        out.bytes().to_vec()
    }

    /// Bit-identical results, except that a NaN of a sum, product or moment may have any
    /// sign or payload (Rust does not specify which operand's NaN an addition returns);
    /// `max`/`min` return one of the inputs, so their NaNs are compared bit for bit.
    fn same(op: ReduceOp, dt: DType, a: &[u8], b: &[u8]) -> bool {
        if a == b {
            return true;
        }
        if matches!(op, ReduceOp::Max | ReduceOp::Min) || !dt.is_float() {
            return false;
        }
        let w = dt.size_of();
        a.chunks(w).zip(b.chunks(w)).all(|(x, y)| {
            let nan = |v: &[u8]| match dt {
                DType::F32 => f32::from_le_bytes(v.try_into().unwrap()).is_nan(),
                DType::F64 => f64::from_le_bytes(v.try_into().unwrap()).is_nan(),
                DType::F16 => f16::from_le_bytes(v.try_into().unwrap()).is_nan(),
                _ => bf16::from_le_bytes(v.try_into().unwrap()).is_nan(),
            };
            x == y || (nan(x) && nan(y))
        })
    }

    fn check(dt: DType, ops: &[ReduceOp], xl: &Layout, storage: usize, axes: &[usize]) {
        let (outer, _) = xl.split_axes(axes);
        let outs = outer.numel();
        assert!(
            super::plan(xl, axes, outs).is_some(),
            "{xl:?} {axes:?}: column path"
        );
        for special in [false, true] {
            let x = buffer(dt, &values(storage, xl.numel() as u64, special));
            for &op in ops {
                let out_dt = match op {
                    ReduceOp::ArgMax | ReduceOp::ArgMin => DType::I64,
                    ReduceOp::All | ReduceOp::Any => DType::Bool,
                    ReduceOp::Sum | ReduceOp::Prod if !dt.is_float() => DType::I64,
                    _ => dt,
                };
                for ddof in [0.0, 1.0] {
                    let want = reference(op, &x, xl, axes, ddof, out_dt, outs);
                    for isa in [1, 2, 3] {
                        force_isa(isa);
                        let mut out = CpuBuffer::zeroed(out_dt, outs).unwrap();
                        reduce::reduce(op, &x, xl, axes, ddof, &mut out)
                            .unwrap()
                            .unwrap();
                        force_isa(0);
                        assert!(
                            same(op, out_dt, out.bytes(), &want),
                            "{op:?} {dt:?} {xl:?} axes {axes:?} ddof {ddof} special {special} \
                             isa level {isa}"
                        );
                    }
                    if !matches!(op, ReduceOp::Var | ReduceOp::Std) {
                        break;
                    }
                }
            }
        }
    }

    const FLOAT_OPS: [ReduceOp; 12] = [
        ReduceOp::Sum,
        ReduceOp::Mean,
        ReduceOp::Prod,
        ReduceOp::Var,
        ReduceOp::Std,
        ReduceOp::LogSumExp,
        ReduceOp::Max,
        ReduceOp::Min,
        ReduceOp::ArgMax,
        ReduceOp::ArgMin,
        ReduceOp::Any,
        ReduceOp::All,
    ];

    #[test]
    fn columns_match_the_block_kernels_bit_for_bit() {
        let _g = PATHS.lock().unwrap_or_else(|e| e.into_inner());
        // Rows around the leaf size and the sixteen accumulators; widths around the
        // vector widths and the piece width `CW` (24 in tests).
        for &(r, c) in &[
            (2usize, 8usize),
            (3, 9),
            (17, 23),
            (16, 24),
            (255, 25),
            (256, 49),
            (257, 8),
            (600, 50),
            (1100, 13),
        ] {
            let xl = Layout::contiguous(&[r, c]);
            for dt in [DType::F32, DType::F64] {
                check(dt, &FLOAT_OPS, &xl, r * c, &[0]);
            }
            // The transposed view, reduced over its second axis (`r` contiguous outputs).
            if r >= super::MIN_W {
                check(
                    DType::F32,
                    &FLOAT_OPS,
                    &Layout::contiguous(&[c, r]).t(),
                    r * c,
                    &[1],
                );
            }
        }
        for dt in [DType::F16, DType::BF16] {
            check(
                dt,
                &FLOAT_OPS,
                &Layout::contiguous(&[300, 19]),
                300 * 19,
                &[0],
            );
        }
        let int_ops = [
            ReduceOp::Max,
            ReduceOp::Min,
            ReduceOp::ArgMax,
            ReduceOp::ArgMin,
            ReduceOp::Any,
            ReduceOp::All,
        ];
        check(
            DType::Bool,
            &int_ops,
            &Layout::contiguous(&[70, 33]),
            70 * 33,
            &[0],
        );
        let mut sum_ops = int_ops.to_vec();
        sum_ops.extend([ReduceOp::Sum, ReduceOp::Prod]);
        for dt in [DType::I32, DType::U8, DType::I64] {
            check(dt, &sum_ops, &Layout::contiguous(&[70, 33]), 70 * 33, &[0]);
        }
    }

    #[test]
    fn columns_on_strided_and_multi_axis_layouts() {
        let _g = PATHS.lock().unwrap_or_else(|e| e.into_inner());
        use tensor_core::SliceArg;
        // Every other row, columns 1.. of a wider matrix (an offset, rows not adjacent).
        let base = Layout::contiguous(&[61, 40]);
        let xl = base
            .slice(&[
                SliceArg::new(None, None, 2),
                SliceArg::new(Some(1), None, 1),
            ])
            .unwrap();
        check(DType::F32, &FLOAT_OPS, &xl, 61 * 40, &[0]);
        check(DType::F64, &FLOAT_OPS, &xl, 61 * 40, &[0]);
        // [A, B, C] over axes 0 and 1 (reduced axes that do not merge after a slice), and
        // over axis 1 only (several outer rows of contiguous outputs).
        let base = Layout::contiguous(&[9, 31, 27]);
        let xl = base
            .slice(&[
                SliceArg::new(None, None, 1),
                SliceArg::new(None, Some(30), 1),
                SliceArg::new(None, None, 1),
            ])
            .unwrap();
        check(DType::F32, &FLOAT_OPS, &xl, 9 * 31 * 27, &[0, 1]);
        check(DType::F32, &FLOAT_OPS, &xl, 9 * 31 * 27, &[1]);
    }

    #[test]
    fn large_column_reductions_are_parallel_and_unchanged() {
        let _g = PATHS.lock().unwrap_or_else(|e| e.into_inner());
        // Above PAR_MIN: pieces on several threads, and a tree several levels deep.
        let xl = Layout::contiguous(&[2100, 70]);
        check(
            DType::F32,
            &[
                ReduceOp::Sum,
                ReduceOp::Var,
                ReduceOp::ArgMax,
                ReduceOp::LogSumExp,
            ],
            &xl,
            2100 * 70,
            &[0],
        );
    }

    #[test]
    fn narrow_or_short_reductions_stay_on_the_block_path() {
        assert!(super::plan(&Layout::contiguous(&[100, 7]), &[0], 7).is_none());
        assert!(super::plan(&Layout::contiguous(&[1, 100]), &[0], 100).is_none());
        assert!(super::plan(&Layout::contiguous(&[0, 100]), &[0], 100).is_none());
        assert!(super::plan(&Layout::contiguous(&[100, 100]), &[1], 100).is_none());
    }
}
