//! softmax and log_softmax along one axis, and the row kernel of `logsumexp`: vectorised,
//! with no allocation per call.
//!
//! # Method
//! Per row (the elements along the axis): the maximum `m` (first pass), then
//! `s = sum e^(x - m)` (second pass), then (third pass) `softmax = e^(x - m) / s` or
//! `log_softmax = (x - m) - ln s`; `logsumexp` is `m + ln s`. Everything is computed in
//! `f64` and rounded once to the dtype. `s` is summed pairwise: the shape of
//! [`super::tree`] over the row, each leaf of at most [`LEAF`] elements in sixteen
//! interleaved accumulators folded pairwise, as [`super::leaf_sum`] does, so it is the
//! same number [`super::sum_f64`] gives, whatever the layout or the thread count.
//!
//! The exponential depends on the dtype ([`Exp`]):
//! - `f32`, `f16`, `bf16` ([`Fast`]): `e^d` is the `f64` core of the vectorised `f32`
//!   exponential ([`exp64`], relative error below `2^-38.8`), at `max(d, -200)`: `d <= 0`,
//!   and below `-200` (`e^d < 2^-288`) a term changes neither `s >= 1` nor any result,
//!   whose quotient rounds to zero in these dtypes. The quotient is a product with `1/s`
//!   (two `f64` roundings). Each result before its final rounding is then within `2^-37`
//!   of the exact value (relative), `2^13` times less than half an `f32` ULP: it is the
//!   correctly rounded result unless the exact value lies that close to a rounding
//!   boundary.
//! - `f64` ([`Exact`]): `e^d` is the correctly rounded `exp` (the vectorised kernel of
//!   [`super::vmath::exp64`], which gives CORE-MATH's bits) and the quotient a division.
//!
//! A row whose maximum is NaN or infinite (it holds a NaN or `+inf`, or is all `-inf`)
//! gives NaN everywhere; `logsumexp` returns that maximum (NaN, `+inf`, `-inf`).
//!
//! # Layouts
//! - Along the innermost axis (and any layout where the kept axes are not contiguous):
//!   one row at a time, each pass reading the row in place when it has unit stride, else
//!   through a stack buffer of [`LEAF`] elements; rows in parallel.
//! - Along another axis, with the innermost kept axis contiguous (softmax over axis 0 of
//!   a row-major matrix): panels of up to [`PW`] adjacent columns, each pass reading
//!   whole rows of the panel, vectorised across it. Every column gets exactly the
//!   operations of the row kernel, in the same order (bit-identical results, which the
//!   tests check); panels in parallel.
//!
//! Scratch is on the stack: at most `(16 + 64 + 4) * PW` `f64` per panel. softmax rows, and
//! panels, of at most `KEEP` (65536) elements keep their terms `e^(x - m)` in a per-thread
//! buffer (at most 512 KiB, grown to the largest such row or panel and kept for the
//! thread's life) from the second pass to the third instead of computing them twice.
//!
//! The loops are compiled three times (baseline x86-64, AVX2 + FMA, AVX-512 F) and chosen
//! at run time ([`crate::isa`]); all three perform the same IEEE operations (`mul_add` is
//! fused everywhere), so they give the same bits.

use super::cast::{Castable, narrow_f64, of_f64, widen_f64};
use super::vmath::exp::exp64;
use super::vmath::exp64::exp_slice;
use super::{LEAF, PAR_MIN, Plan, twins, with_float};
use crate::buffer::Pod;
use tensor_core::{DType, Layout, Result, SoftmaxOp};

/// Widest panel (adjacent columns) of the strided-axis path.
pub const PW: usize = if cfg!(test) { 20 } else { 64 };
/// Fewest adjacent contiguous columns for the panel path.
const MIN_PW: usize = 8;
/// Deepest tree (`LEAF * 2^63` rows).
const DEPTH: usize = 64;
/// Lower clamp of the exponent of [`Fast`].
const FLOOR: f64 = -200.0;

/// The exponential of a dtype's kernels, and its quotient.
pub trait Exp {
    /// `e^d` for `d <= 0` (or NaN).
    fn e(d: f64) -> f64;
    /// `e / s`, given `r = 1 / s`.
    fn quot(e: f64, s: f64, r: f64) -> f64;
    /// `b[i] = e(b[i] - m)`, the terms of a leaf of a row.
    #[inline(always)]
    fn terms(b: &mut [f64], m: f64) {
        for v in b.iter_mut() {
            *v = Self::e(*v - m);
        }
    }
    /// `row[j] = e(row[j] - m[j])`, the terms of a row of a panel.
    #[inline(always)]
    fn terms_cols(row: &mut [f64], m: &[f64]) {
        for (v, &m) in row.iter_mut().zip(m) {
            *v = Self::e(*v - m);
        }
    }
}

/// `f32`, `f16`, `bf16`: [`exp64`] at `max(d, -200)`, quotient by the reciprocal.
pub struct Fast;
impl Exp for Fast {
    #[inline(always)]
    fn e(d: f64) -> f64 {
        exp64(if d > FLOOR { d } else { FLOOR })
    }
    #[inline(always)]
    fn quot(e: f64, _s: f64, r: f64) -> f64 {
        e * r
    }
}

/// `f64`: correctly rounded `exp`, division. The slices of terms go through the
/// vectorised correctly rounded `exp` ([`exp_slice`]: the same bits as CORE-MATH's).
pub struct Exact;
impl Exp for Exact {
    #[inline(always)]
    fn e(d: f64) -> f64 {
        crate::cmath::f64::exp(d)
    }
    #[inline(always)]
    fn quot(e: f64, s: f64, _r: f64) -> f64 {
        e / s
    }
    #[inline(always)]
    fn terms(b: &mut [f64], m: f64) {
        let mut d = [0.0f64; LEAF];
        for c in b.chunks_mut(LEAF) {
            let d = &mut d[..c.len()];
            for (d, &v) in d.iter_mut().zip(c.iter()) {
                *d = v - m;
            }
            exp_slice(d, c);
        }
    }
    #[inline(always)]
    fn terms_cols(row: &mut [f64], m: &[f64]) {
        let mut d = [0.0f64; PW];
        for (c, m) in row.chunks_mut(PW).zip(m.chunks(PW)) {
            let d = &mut d[..c.len()];
            for ((d, &v), &m) in d.iter_mut().zip(c.iter()).zip(m) {
                *d = v - m;
            }
            exp_slice(d, c);
        }
    }
}

/// `e^d` as the kernels of dtype `T` compute it (for the column path of `logsumexp`).
#[inline(always)]
pub fn exp_of<T: Pod>(d: f64) -> f64 {
    if T::DTYPE == DType::F64 {
        Exact::e(d)
    } else {
        Fast::e(d)
    }
}

/// A row: elements `xs[b + k s]` for `k < l`.
#[derive(Clone, Copy)]
struct Row {
    b: isize,
    s: isize,
    l: usize,
}

/// Elements `k0..k0 + buf.len()` of `row`, as `f64`, into `buf`.
#[inline(always)]
fn load<T: Pod>(xs: &[T], row: Row, k0: usize, buf: &mut [f64]) {
    if row.s == 1 {
        let (st, n) = ((row.b + k0 as isize) as usize, buf.len());
        widen_f64(&xs[st..st + n], buf);
    } else {
        for (j, d) in buf.iter_mut().enumerate() {
            *d = xs[(row.b + (k0 + j) as isize * row.s) as usize].to_f64();
        }
    }
}

/// The maximum of the row, NaN if it holds a NaN. A unit-stride row is scanned in its
/// own dtype by the `max` reduction's scan ([`super::reduce::max_value`]: integer keys for
/// `f16`/`bf16`, sixteen `f32` lanes), which finds the same value as widening first.
fn row_max<T: Pod>(xs: &[T], row: Row) -> f64 {
    if row.s == 1 && row.l > 0 {
        let b = row.b as usize;
        return super::reduce::max_value(&xs[b..b + row.l]).to_f64();
    }
    row_max_strided::<T>(xs, row)
}

/// [`row_max`] of any row, widened to `f64` a leaf at a time.
#[inline(always)]
fn row_max_body<T: Pod>(xs: &[T], row: Row) -> f64 {
    let mut mx = [f64::NEG_INFINITY; 8];
    let mut nan = false;
    let mut buf = [0.0f64; LEAF];
    for k0 in (0..row.l).step_by(LEAF) {
        let b = &mut buf[..LEAF.min(row.l - k0)];
        load(xs, row, k0, b);
        // Two simple loops (a NaN test folded with `|`, a maximum that ignores NaN), which
        // LLVM vectorises whatever it inlines around them.
        nan |= b.iter().fold(false, |a, v| a | v.is_nan());
        let mut c = b.chunks_exact(8);
        for ch in &mut c {
            for j in 0..8 {
                let v = ch[j];
                mx[j] = if v > mx[j] { v } else { mx[j] };
            }
        }
        for (j, &v) in c.remainder().iter().enumerate() {
            mx[j] = if v > mx[j] { v } else { mx[j] };
        }
    }
    if nan {
        return f64::NAN;
    }
    mx.iter()
        .fold(f64::NEG_INFINITY, |a, &v| if v > a { v } else { a })
}

twins! {
    fn row_max_strided<T: Pod>(xs: &[T], row: Row) -> f64 = row_max_body;
}

/// The leaf `k0..k1` (at most [`LEAF`]) of `sum e^(x - m)`, as [`super::leaf_sum`] sums.
#[inline(always)]
fn leaf_exp_body<T: Pod, E: Exp>(xs: &[T], row: Row, k0: usize, k1: usize, m: f64) -> f64 {
    let mut buf = [0.0f64; LEAF];
    let b = &mut buf[..k1 - k0];
    load(xs, row, k0, b);
    E::terms(b, m);
    super::leaf_sum(b, |v| v)
}

twins! {
    fn leaf_exp<T: Pod, E: Exp>(xs: &[T], row: Row, k0: usize, k1: usize, m: f64) -> f64 = leaf_exp_body;
}

/// `sum e^(x - m)` over `k0..k1` of the row, in the shape of [`super::tree`].
fn row_sum<T: Pod, E: Exp>(xs: &[T], row: Row, (k0, k1): (usize, usize), m: f64) -> f64 {
    let n = k1 - k0;
    if n <= LEAF {
        return leaf_exp::<T, E>(xs, row, k0, k1, m);
    }
    let mid = (n / 2).div_ceil(LEAF) * LEAF;
    row_sum::<T, E>(xs, row, (k0, k0 + mid), m) + row_sum::<T, E>(xs, row, (k0 + mid, k1), m)
}

/// `(m, s)` of a row.
fn row_stats<T: Pod, E: Exp>(xs: &[T], row: Row) -> (f64, f64) {
    let m = row_max::<T>(xs, row);
    if !m.is_finite() {
        return (m, f64::NAN);
    }
    (m, row_sum::<T, E>(xs, row, (0, row.l), m))
}

/// `log(sum(exp(x)))` of the contiguous `b` (empty: `-inf`), as the kernels of `T` compute
/// it: the reduction's block kernel.
pub fn logsumexp<T: Pod>(b: &[T]) -> f64 {
    if b.is_empty() {
        return f64::NEG_INFINITY;
    }
    let row = Row {
        b: 0,
        s: 1,
        l: b.len(),
    };
    let (m, s) = if T::DTYPE == DType::F64 {
        row_stats::<T, Exact>(b, row)
    } else {
        row_stats::<T, Fast>(b, row)
    };
    if !m.is_finite() {
        return m;
    }
    m + crate::cmath::f64::log(s)
}

/// The third pass: the results of `row` into `out[k os]`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn row_out_body<T: Castable, E: Exp>(
    soft: bool,
    xs: &[T],
    row: Row,
    m: f64,
    s: f64,
    ls: f64,
    out: &mut [T],
    os: usize,
) {
    let r = 1.0 / s;
    let mut buf = [0.0f64; LEAF];
    for k0 in (0..row.l).step_by(LEAF) {
        let b = &mut buf[..LEAF.min(row.l - k0)];
        load(xs, row, k0, b);
        if soft {
            E::terms(b, m);
            for v in b.iter_mut() {
                *v = E::quot(*v, s, r);
            }
        } else {
            for v in b.iter_mut() {
                *v = (*v - m) - ls;
            }
        }
        store(b, out, k0, os);
    }
}

/// `out[(k0 + j) os] = buf[j]`, rounded to `T`.
#[inline(always)]
fn store<T: Castable>(buf: &[f64], out: &mut [T], k0: usize, os: usize) {
    if os == 1 {
        narrow_f64(buf, &mut out[k0..k0 + buf.len()]);
    } else {
        for (j, &v) in buf.iter().enumerate() {
            out[(k0 + j) * os] = of_f64::<T>(v);
        }
    }
}

twins! {
    fn row_out<T: Castable, E: Exp>(soft: bool, xs: &[T], row: Row, m: f64, s: f64, ls: f64, out: &mut [T], os: usize) = row_out_body;
}

/// Longest row (most elements of a panel) whose `e^(x - m)` are kept (in [`KEPT`])
/// between the second and third passes, instead of being computed twice (small in unit
/// tests, so that their 600-element rows and larger panels take the other path).
const KEEP: usize = if cfg!(test) { 400 } else { 1 << 16 };

thread_local! {
    /// Each thread's buffer of kept terms: as long as the longest row (or panel) it has
    /// kept, rounded up to a power of two, at most [`KEEP`] `f64` (512 KiB). A stack array would be
    /// zeroed on every row: that `memset` was a tenth of `softmax f32 1000x1000`.
    static KEPT: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`leaf_exp_body`], also storing the leaf's `e^(x - m)` into `keep[k0..k1]`.
#[inline(always)]
fn leaf_keep_body<T: Pod, E: Exp>(
    xs: &[T],
    row: Row,
    k0: usize,
    k1: usize,
    m: f64,
    keep: &mut [f64],
) -> f64 {
    let b = &mut keep[k0..k1];
    load(xs, row, k0, b);
    E::terms(b, m);
    super::leaf_sum(b, |v| v)
}

twins! {
    fn leaf_keep<T: Pod, E: Exp>(xs: &[T], row: Row, k0: usize, k1: usize, m: f64, keep: &mut [f64]) -> f64 = leaf_keep_body;
}

/// [`row_sum`], keeping the terms in `keep`.
fn row_sum_keep<T: Pod, E: Exp>(
    xs: &[T],
    row: Row,
    (k0, k1): (usize, usize),
    m: f64,
    keep: &mut [f64],
) -> f64 {
    let n = k1 - k0;
    if n <= LEAF {
        return leaf_keep::<T, E>(xs, row, k0, k1, m, keep);
    }
    let mid = (n / 2).div_ceil(LEAF) * LEAF;
    row_sum_keep::<T, E>(xs, row, (k0, k0 + mid), m, keep)
        + row_sum_keep::<T, E>(xs, row, (k0 + mid, k1), m, keep)
}

/// The third pass of softmax from the kept terms.
#[inline(always)]
fn kept_out_body<T: Castable, E: Exp>(keep: &mut [f64], s: f64, out: &mut [T], os: usize) {
    let r = 1.0 / s;
    for v in keep.iter_mut() {
        *v = E::quot(*v, s, r);
    }
    store(keep, out, 0, os);
}

twins! {
    fn kept_out<T: Castable, E: Exp>(keep: &mut [f64], s: f64, out: &mut [T], os: usize) = kept_out_body;
}

/// softmax / log_softmax of one row into `out[k os]`.
fn row_softmax<T: Castable, E: Exp>(soft: bool, xs: &[T], row: Row, out: &mut [T], os: usize) {
    let m = row_max::<T>(xs, row);
    if !m.is_finite() {
        for k in 0..row.l {
            out[k * os] = of_f64::<T>(f64::NAN);
        }
        return;
    }
    if soft && row.l <= KEEP {
        KEPT.with_borrow_mut(|keep| {
            if keep.len() < row.l {
                keep.resize(row.l.next_power_of_two(), 0.0);
            }
            let keep = &mut keep[..row.l];
            let s = row_sum_keep::<T, E>(xs, row, (0, row.l), m, keep);
            kept_out::<T, E>(keep, s, out, os);
        });
        return;
    }
    let s = row_sum::<T, E>(xs, row, (0, row.l), m);
    let ls = if soft { 0.0 } else { crate::cmath::f64::log(s) };
    row_out::<T, E>(soft, xs, row, m, s, ls, out, os);
}

/// A panel: `w` adjacent columns; column `j`'s element `k` is `xs[b + k sa + j]`.
#[derive(Clone, Copy)]
struct Panel {
    b: isize,
    sa: isize,
    l: usize,
    w: usize,
}

impl Panel {
    #[inline(always)]
    fn at<T: Pod>(self, xs: &[T], k: usize) -> &[T] {
        let st = (self.b + k as isize * self.sa) as usize;
        &xs[st..st + self.w]
    }
}

/// Per column, the maximum (NaN if the column holds one), into `mx`.
#[inline(always)]
fn panel_max_body<T: Pod>(xs: &[T], p: Panel, mx: &mut [f64]) {
    let mut nan = [0u8; PW];
    let (mx, nan) = (&mut mx[..p.w], &mut nan[..p.w]);
    mx.fill(f64::NEG_INFINITY);
    let mut row = [0.0f64; PW];
    let row = &mut row[..p.w];
    for k in 0..p.l {
        widen_f64(p.at(xs, k), row);
        for ((m, n), &v) in mx.iter_mut().zip(nan.iter_mut()).zip(row.iter()) {
            *n |= v.is_nan() as u8;
            *m = if v > *m { v } else { *m };
        }
    }
    for (m, &n) in mx.iter_mut().zip(nan.iter()) {
        if n != 0 {
            *m = f64::NAN;
        }
    }
}

twins! {
    fn panel_max<T: Pod>(xs: &[T], p: Panel, mx: &mut [f64]) = panel_max_body;
}

/// Leaf `k0..k1` of the columns' sums into `acc[..w]`: row `k` into accumulator row
/// `(k - k0) % 16` of `a16`, folded pairwise, as [`super::leaf_sum`] does per column.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn panel_leaf_body<T: Pod, E: Exp>(
    xs: &[T],
    p: Panel,
    k0: usize,
    k1: usize,
    m: &[f64],
    a16: &mut [f64],
    acc: &mut [f64],
    keep: &mut [f64],
) {
    let w = p.w;
    a16[..16 * w].fill(0.0);
    let mut buf = [0.0f64; PW];
    for k in k0..k1 {
        // The terms are computed where they are kept, if they are (no copy).
        let row = if keep.is_empty() {
            &mut buf[..w]
        } else {
            &mut keep[k * w..(k + 1) * w]
        };
        widen_f64(p.at(xs, k), row);
        E::terms_cols(row, m);
        let a = &mut a16[((k - k0) % 16) * w..][..w];
        for (a, &v) in a.iter_mut().zip(row.iter()) {
            *a += v;
        }
    }
    let mut h = 16;
    while h > 1 {
        h /= 2;
        let (lo, hi) = a16.split_at_mut(h * w);
        for (a, b) in lo.iter_mut().zip(&hi[..h * w]) {
            *a += b;
        }
    }
    acc[..w].copy_from_slice(&a16[..w]);
}

twins! {
    fn panel_leaf<T: Pod, E: Exp>(xs: &[T], p: Panel, k0: usize, k1: usize, m: &[f64], a16: &mut [f64], acc: &mut [f64], keep: &mut [f64]) = panel_leaf_body;
}

/// The columns' `sum e^(x - m)` over `k0..k1`, in the shape of [`row_sum`], into `acc`;
/// `scratch` holds `(16 + depth) * w`. Unless `keep` is empty, the terms of row `k` go to
/// `keep[k w..(k + 1) w]`.
fn panel_sum<T: Pod, E: Exp>(
    xs: &[T],
    p: Panel,
    (k0, k1): (usize, usize),
    m: &[f64],
    acc: &mut [f64],
    scratch: &mut [f64],
    keep: &mut [f64],
) {
    let n = k1 - k0;
    if n <= LEAF {
        panel_leaf::<T, E>(xs, p, k0, k1, m, scratch, acc, keep);
        return;
    }
    let mid = (n / 2).div_ceil(LEAF) * LEAF;
    let (right, rest) = scratch.split_at_mut(p.w);
    panel_sum::<T, E>(xs, p, (k0, k0 + mid), m, acc, rest, keep);
    panel_sum::<T, E>(xs, p, (k0 + mid, k1), m, right, rest, keep);
    for (a, r) in acc[..p.w].iter_mut().zip(right.iter()) {
        *a += r;
    }
}

/// The output of the panel path, shared by the tasks: the pointer to an element of the
/// output and the number of elements from it to the end. Every access is bounds-checked
/// against that count; each task writes its own columns only (see `panels`), so the
/// slices of different tasks never overlap.
#[derive(Clone, Copy)]
struct Out<T> {
    p: *mut T,
    len: usize,
}
// SAFETY: the tasks write disjoint elements (see `panels`), and `T` is sent between
// threads with them.
unsafe impl<T: Send> Send for Out<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for Out<T> {}

impl<T> Out<T> {
    /// The output `o` as a whole.
    fn of(o: &mut [T]) -> Out<T> {
        Out {
            p: o.as_mut_ptr(),
            len: o.len(),
        }
    }

    /// The output from `off` elements on.
    ///
    /// # Panics
    /// If `off` is past the end.
    #[inline(always)]
    fn at(self, off: usize) -> Out<T> {
        assert!(off <= self.len, "softmax panel offset out of bounds");
        // SAFETY: `off <= len`, so the pointer stays inside (or one past) the output.
        Out {
            p: unsafe { self.p.add(off) },
            len: self.len - off,
        }
    }

    /// Elements `start..start + n` as a slice.
    ///
    /// # Panics
    /// If the range is past the end.
    ///
    /// # Safety
    /// No other live slice of the same output may overlap the range: the panel path gives
    /// each task its own columns, and each row of a task is taken once at a time.
    #[inline(always)]
    unsafe fn slice<'a>(self, start: usize, n: usize) -> &'a mut [T] {
        assert!(start + n <= self.len, "softmax panel row out of bounds");
        // SAFETY: in bounds (just checked); unaliased by the caller's guarantee.
        unsafe { std::slice::from_raw_parts_mut(self.p.add(start), n) }
    }
}

/// The third pass of a panel: row `k` of the results into `out(k)`, from the kept terms
/// of softmax unless `kept` is empty.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn panel_out_body<T: Castable, E: Exp>(
    soft: bool,
    xs: &[T],
    p: Panel,
    m: &[f64],
    s: &[f64],
    ls: &[f64],
    out: Out<T>,
    os: usize,
    kept: &[f64],
) {
    let mut buf = [0.0f64; PW];
    let buf = &mut buf[..p.w];
    for k in 0..p.l {
        if soft && !kept.is_empty() {
            let e = &kept[k * p.w..(k + 1) * p.w];
            for (((o, &e), &s), &r) in buf.iter_mut().zip(e).zip(s).zip(ls) {
                *o = E::quot(e, s, r);
            }
        } else if soft {
            widen_f64(p.at(xs, k), buf);
            E::terms_cols(buf, m);
            for ((o, &s), &r) in buf.iter_mut().zip(s).zip(ls) {
                *o = E::quot(*o, s, r);
            }
        } else {
            widen_f64(p.at(xs, k), buf);
            for ((o, &m), &l) in buf.iter_mut().zip(m).zip(ls) {
                *o = (*o - m) - l;
            }
        }
        // SAFETY: `k os` starts this task's `w` elements of row `k`, which no other task
        // touches (`panels`), and this slice ends before the next row's is taken.
        let o = unsafe { out.slice(k * os, p.w) };
        store(buf, o, 0, 1);
    }
}

twins! {
    fn panel_out<T: Castable, E: Exp>(soft: bool, xs: &[T], p: Panel, m: &[f64], s: &[f64], ls: &[f64], out: Out<T>, os: usize, kept: &[f64]) = panel_out_body;
}

/// softmax / log_softmax of one panel into `out` (row `k` at `out + k os`).
fn panel_softmax<T: Castable, E: Exp>(soft: bool, xs: &[T], p: Panel, out: Out<T>, os: usize) {
    let mut st = [0.0f64; (16 + DEPTH + 3) * PW];
    let (m, rest) = st.split_at_mut(PW);
    let (s, rest) = rest.split_at_mut(PW);
    let (ls, scratch) = rest.split_at_mut(PW);
    let w = p.w;
    panel_max::<T>(xs, p, m);
    if soft && p.l * w <= KEEP {
        // The terms stay in this thread's buffer from the second pass to the third.
        KEPT.with_borrow_mut(|keep| {
            if keep.len() < p.l * w {
                keep.resize((p.l * w).next_power_of_two(), 0.0);
            }
            let keep = &mut keep[..p.l * w];
            panel_sum::<T, E>(xs, p, (0, p.l), &m[..w], s, scratch, keep);
            panel_finish::<T, E>(soft, xs, p, (m, s, ls), out, os, keep);
        });
        return;
    }
    panel_sum::<T, E>(xs, p, (0, p.l), &m[..w], s, scratch, &mut []);
    panel_finish::<T, E>(soft, xs, p, (m, s, ls), out, os, &[]);
}

/// The column statistics of a panel from its maxima `m` and sums `s`, then its third pass
/// (from the kept terms unless `kept` is empty).
fn panel_finish<T: Castable, E: Exp>(
    soft: bool,
    xs: &[T],
    p: Panel,
    (m, s, ls): (&mut [f64], &mut [f64], &mut [f64]),
    out: Out<T>,
    os: usize,
    kept: &[f64],
) {
    let w = p.w;
    for c in 0..w {
        if !m[c].is_finite() {
            // NaN everywhere in the column (NaN - NaN stays NaN through every formula).
            m[c] = f64::NAN;
            s[c] = f64::NAN;
        }
        ls[c] = if soft {
            1.0 / s[c]
        } else {
            crate::cmath::f64::log(s[c])
        };
    }
    panel_out::<T, E>(soft, xs, p, &m[..w], &s[..w], &ls[..w], out, os, kept);
}

/// softmax / log_softmax of a float `x` along `axis` into the contiguous `out`; `None` for
/// non-float dtypes.
pub fn softmax(
    op: SoftmaxOp,
    x: &crate::buffer::CpuBuffer,
    xl: &Layout,
    axis: usize,
    out: &mut crate::buffer::CpuBuffer,
) -> Option<Result<()>> {
    with_float!(x.dtype(), |T| Some(run::<T>(op, x, xl, axis, out)), _ => None)
}

fn run<T: Castable>(
    op: SoftmaxOp,
    x: &crate::buffer::CpuBuffer,
    xl: &Layout,
    axis: usize,
    out: &mut crate::buffer::CpuBuffer,
) -> Result<()> {
    let xs = x.as_slice::<T>()?;
    let o = out.as_mut_slice::<T>()?;
    if T::DTYPE == DType::F64 {
        along::<T, Exact>(op, xs, xl, axis, o)
    } else {
        along::<T, Fast>(op, xs, xl, axis, o)
    }
    Ok(())
}

/// softmax / log_softmax of `xs` (layout `xl`) along `axis` into the contiguous `o`.
fn along<T: Castable, E: Exp>(op: SoftmaxOp, xs: &[T], xl: &Layout, axis: usize, o: &mut [T]) {
    let soft = op == SoftmaxOp::Softmax;
    let l = xl.shape()[axis];
    let inner: usize = xl.shape()[axis + 1..].iter().product();
    let sa = xl.strides()[axis];
    let block = l * inner;
    if block == 0 || o.is_empty() {
        return;
    }
    let mut rs = xl.shape().to_vec();
    let mut rt = xl.strides().to_vec();
    rs.remove(axis);
    rt.remove(axis);
    let rest = Layout::new(rs, rt, xl.offset()).expect("a sub-layout of a valid layout");
    let plan = Plan::new([&rest]);
    let [ps] = plan.inner_strides();
    let par = o.len() >= PAR_MIN;
    if inner >= MIN_PW && ps == 1 {
        panels::<T, E>(soft, xs, &plan, (l, sa, inner), o, par);
        return;
    }
    // Row by row: the rows of output block `oi` are its `inner` positions.
    let run = |oi: usize, piece: &mut [T]| {
        plan.rows(oi * inner, (oi + 1) * inner, |pos, [b], len| {
            for j in 0..len {
                let row = Row {
                    b: b + j as isize * ps,
                    s: sa,
                    l,
                };
                let i = pos + j - oi * inner;
                row_softmax::<T, E>(soft, xs, row, &mut piece[i..], inner);
            }
        });
    };
    if par {
        // Several short blocks per task: each claim of a task waits for the stores of the
        // one before to drain (a locked instruction), which cost 8% of `softmax f32
        // 1000x1000` with one row per task.
        let per = (super::PAR_CHUNK / block).max(1);
        super::par::chunks_mut(o, block * per, |t, p| {
            for (j, p) in p.chunks_mut(block).enumerate() {
                run(t * per + j, p);
            }
        });
    } else {
        for (oi, p) in o.chunks_mut(block).enumerate() {
            run(oi, p);
        }
    }
}

/// The panel path: tasks are (output block, group of [`PW`] inner positions); each
/// splits its positions into the plan's unit-stride pieces.
fn panels<T: Castable, E: Exp>(
    soft: bool,
    xs: &[T],
    plan: &Plan<1>,
    (l, sa, inner): (usize, isize, usize),
    o: &mut [T],
    par: bool,
) {
    let per = inner.div_ceil(PW);
    let blocks = o.len() / (l * inner);
    let out = Out::of(o);
    let task = |t: usize| {
        let (oi, g) = (t / per, t % per);
        let i0 = g * PW;
        let i1 = (i0 + PW).min(inner);
        plan.rows(oi * inner + i0, oi * inner + i1, |pos, [b], len| {
            let i = pos - oi * inner;
            let p = Panel { b, sa, l, w: len };
            // Row `k` of these columns is `o[oi l inner + k inner + i ..][..len]`: the
            // tasks' (oi, i) ranges are disjoint, so are the elements they write (`Out`
            // checks the bounds).
            let base = out.at(oi * l * inner + i);
            panel_softmax::<T, E>(soft, xs, p, base, inner);
        });
    };
    let tasks = blocks * per;
    if par {
        super::par::for_each_index(tasks, task);
    } else {
        (0..tasks).for_each(task);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buffer::CpuBuffer;
    use tensor_core::Element;

    fn values(n: usize, seed: u64, special: bool) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|i| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = (s >> 11) as f64 / (1u64 << 53) as f64;
                if special && i % 97 == 5 {
                    [f64::NEG_INFINITY, -0.0, 1e-40, -300.0][i % 4]
                } else {
                    (u - 0.5) * 60.0
                }
            })
            .collect()
    }

    fn buffer(dt: DType, vals: &[f64]) -> CpuBuffer {
        let mut b = CpuBuffer::zeroed(dt, vals.len()).unwrap();
        with_float!(dt, |T| {
            for (d, &v) in b.as_mut_slice::<T>().unwrap().iter_mut().zip(vals) {
                *d = of_f64::<T>(v);
            }
        }, _ => unreachable!());
        b
    }

    /// The definition, in `f64`, per row, from the gathered row: max, pairwise sum of the
    /// dtype's exponential, then the quotient (or difference), rounded once.
    fn reference(op: SoftmaxOp, dt: DType, vals: &[f64], shape: &[usize], axis: usize) -> Vec<f64> {
        let l = shape[axis];
        let inner: usize = shape[axis + 1..].iter().product();
        let outer = vals.len() / (l * inner);
        let mut out = vec![0.0; vals.len()];
        let e = |d: f64| {
            if dt == DType::F64 {
                Exact::e(d)
            } else {
                Fast::e(d)
            }
        };
        for oi in 0..outer {
            for i in 0..inner {
                let idx = |k: usize| oi * l * inner + k * inner + i;
                let row: Vec<f64> = (0..l).map(|k| vals[idx(k)]).collect();
                let m = row
                    .iter()
                    .fold(f64::NEG_INFINITY, |a, &v| if v > a { v } else { a });
                let s = super::super::sum_f64(&row, |v| e(v - m));
                for (k, &v) in row.iter().enumerate() {
                    out[idx(k)] = if !m.is_finite() {
                        f64::NAN
                    } else if op == SoftmaxOp::Softmax {
                        if dt == DType::F64 {
                            e(v - m) / s
                        } else {
                            e(v - m) * (1.0 / s)
                        }
                    } else {
                        (v - m) - crate::cmath::f64::log(s)
                    };
                }
            }
        }
        out
    }

    fn check(dt: DType, shape: &[usize], axis: usize, transpose: bool) {
        let n: usize = shape.iter().product();
        for (seed, special) in [(1, false), (2, true)] {
            // Values rounded to the dtype first, so the reference sees the same inputs.
            let raw = values(n, seed, special);
            let b = buffer(dt, &raw);
            let vals: Vec<f64> = with_float!(dt, |T| b.as_slice::<T>().unwrap().iter().map(|v| v.to_f64()).collect(), _ => unreachable!());
            // The input as given, or stored transposed (the view with reversed strides of
            // a contiguous array of the reversed shape).
            let (xb, xl) = if transpose {
                let nd = shape.len();
                let mut rev = shape.to_vec();
                rev.reverse();
                let rev_axes: Vec<usize> = (0..nd).rev().collect();
                let tl = Layout::contiguous(&rev).permute(&rev_axes).unwrap();
                let mut t = vec![0.0; n];
                for (flat, v) in vals.iter().enumerate() {
                    let (mut r, mut pos) = (flat, 0isize);
                    for d in (0..nd).rev() {
                        pos += (r % shape[d]) as isize * tl.strides()[d];
                        r /= shape[d];
                    }
                    t[pos as usize] = *v;
                }
                (buffer(dt, &t), tl)
            } else {
                (buffer(dt, &vals), Layout::contiguous(shape))
            };
            for op in [SoftmaxOp::Softmax, SoftmaxOp::LogSoftmax] {
                let mut out = CpuBuffer::zeroed(dt, n).unwrap();
                softmax(op, &xb, &xl, axis, &mut out).unwrap().unwrap();
                let want = reference(op, dt, &vals, shape, axis);
                with_float!(dt, |T| {
                    let got = out.as_slice::<T>().unwrap();
                    for (i, (g, &w)) in got.iter().zip(&want).enumerate() {
                        let w = of_f64::<T>(w);
                        let same = g.to_f64().to_bits() == w.to_f64().to_bits()
                            || (g.to_f64().is_nan() && w.to_f64().is_nan());
                        assert!(same, "{op:?} {dt:?} {shape:?} axis {axis} t={transpose} [{i}]: {g:?} != {w:?}");
                    }
                }, _ => unreachable!());
            }
        }
    }

    #[test]
    fn every_path_matches_the_definition_bit_for_bit() {
        for path in crate::ops::vmath::Path::supported() {
            path.force();
            for dt in [DType::F32, DType::F64, DType::F16, DType::BF16] {
                for (shape, axis) in [
                    (vec![7, 300], 1),
                    (vec![3, 600], 1),
                    (vec![600, 9], 0),
                    (vec![300, 45], 0),
                    (vec![4, 5, 33], 1),
                    (vec![2, 530, 11], 1),
                    (vec![5, 6], 0),
                    (vec![20, 17], 0),
                    (vec![1, 1], 1),
                ] {
                    for t in [false, true] {
                        check(dt, &shape, axis, t);
                    }
                }
            }
        }
        crate::ops::force_isa(0);
    }

    #[test]
    fn parallel_tasks_of_several_rows_match_the_definition() {
        // Above PAR_MIN: rows of 300 (kept terms) and 600 (recomputed) grouped several to
        // a task, and the panel path, split across threads.
        for (shape, axis) in [
            (vec![230, 300], 1),
            (vec![115, 600], 1),
            (vec![600, 115], 0),
        ] {
            check(DType::F32, &shape, axis, false);
        }
    }

    #[test]
    fn non_finite_rows_are_nan_and_logsumexp_keeps_the_maximum() {
        for (row, lse) in [
            (vec![1.0, f64::NAN, 2.0], f64::NAN),
            (vec![1.0, f64::INFINITY, 2.0], f64::INFINITY),
            (vec![f64::NEG_INFINITY; 3], f64::NEG_INFINITY),
        ] {
            let b = buffer(DType::F32, &row);
            let xs = b.as_slice::<f32>().unwrap();
            let got = logsumexp(xs);
            assert!(got.to_bits() == lse.to_bits() || (got.is_nan() && lse.is_nan()));
            let mut out = CpuBuffer::zeroed(DType::F32, 3).unwrap();
            softmax(
                SoftmaxOp::Softmax,
                &b,
                &Layout::contiguous(&[3]),
                0,
                &mut out,
            )
            .unwrap()
            .unwrap();
            assert!(out.as_slice::<f32>().unwrap().iter().all(|v| v.is_nan()));
        }
    }
}
