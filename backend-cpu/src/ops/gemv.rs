//! Matrix-vector products: the `matmul`s where `m` or `n` is 1 (`[.., m, k] x [.., k, 1]`
//! and `[.., 1, k] x [.., k, n]`), in every float dtype.
//!
//! # Why a kernel of its own
//! A matrix-vector product reads each matrix element once and does one multiply-add with
//! it, so it runs at the speed memory (or the cache) delivers the matrix, whatever the
//! GEMM. A GEMM library spends part of that time packing panels for reuse that never comes,
//! and a generic core (Debian's OpenBLAS on a CPU newer than itself) adds slow loops on top:
//! on the AVX-512 Xeon of `docs/benchmarks.md`, the `gemm` crate took 622 us for a 2048 x
//! 2048 `f32` matrix-vector product against NumPy's 380 us.
//!
//! # The sum, and why its bits do not depend on the layout
//! Output `i` is `sum_p a[i, p] x[p]` over `p < k`, as [`PARTS`] partial sums: partial `l`
//! takes the products with `p mod 16 = l`, in increasing `p`.
//! - **`f64`, `f16`, `bf16`**: each partial is an `f64` sum of the products rounded to
//!   `f64`, added one by one (never fused: the products of two `f16`/`bf16` are exact in
//!   `f64`, and `f64` products get the same rounding on every instruction set).
//! - **`f32`**: the depth is cut into blocks of [`BLOCK32`]. Within a block each partial is
//!   an `f32` sum updated by a fused multiply-add (`s = fma(a, x, s)`, one rounding per
//!   element); at the end of each block the 16 `f32` partials are added to 16 `f64`
//!   partials and restart from `+0`. An `f32` multiply-add runs 16 lanes per AVX-512 vector
//!   against 8 for `f64` lanes plus the conversions, which is what makes a product that
//!   fits in the cache run at NumPy's speed (an all-`f64` sum took twice as long on this
//!   Xeon, whose one 512-bit FMA port also does the conversions); the blocks keep the
//!   error from growing with `k` as a plain `f32` sum's does.
//!
//! Then the 16 `f64` partials are added pairwise (`l` with `l + 8`, then `+ 4`, `+ 2`,
//! `+ 1`) and the total is rounded once to the dtype; a NaN total becomes the default quiet
//! NaN (two NaNs meet in different operand orders in vector and scalar code, and x86 keeps
//! the first one's sign and payload). Three loops compute that same sequence
//! of operations, so each output has the same bits whichever one runs:
//! - **rows** (the matrix's rows are contiguous along `p`: a row-major `A` in `A x`, a
//!   column-major `B` in `x B`): the 16 partials are the lanes of one `f32` vector (two
//!   `f64` vectors), several rows at a time sharing each chunk of `x`;
//! - **columns** (the matrix is contiguous along the output: a column-major `A`, a
//!   row-major `B`): over blocks of up to [`COL_BLOCK`] outputs, for each block of 128
//!   depths and each partial `l`, one pass along the outputs reads the 8 runs `a[:, p]` of
//!   the depths `p = l, l + 16, ..` and sums their products in registers before adding
//!   them to the `f64` partials, kept in a per-thread scratch (16 rows of the block's
//!   width); then the partials are combined a row at a time;
//! - **strided** (neither: step-2 slices, broadcast rows): one output at a time.
//!
//! A product, the same product with a transposed copy viewed back, and a strided view of the
//! same values therefore agree bit for bit, on every instruction set and thread count
//! (threads split the outputs, never a sum). Where the CPU has no FMA (the baseline build)
//! the `f32` multiply-add is computed exactly in `f64` and rounded to odd, then to `f32`
//! ([`fma32`]): the same bits as the instruction, but not vectorised, so `matmul` gives
//! `f32` matrix-vector products to the GEMM paths on such CPUs (the kernel stays
//! reachable, and tested, through the forced-path hooks).
//!
//! # Speed
//! On the AVX-512 Xeon of `docs/benchmarks.md`, `f32`, idle, both threads, against NumPy
//! 2.4's `sgemv` measured the same minute: `256 x 256 x 1` 2.7 us (NumPy 3.3), `2048 x
//! 2048 x 1` 348 us (340), `1 x 256 x 256` 3.8 us (3.5), `1 x 2048 x 2048` 366 us (353);
//! weaker spots: `1 x 1024 x 1024` 150 us against 89 us, and short sums in the columns
//! form (`1 x 64 x 4096`: 27 us against 10 us), where the 16 `f64` partials per output
//! cost more memory traffic than the `k` products. Both loops have AVX2 and AVX-512
//! intrinsics for `f32`/`f64`; `f16`/`bf16` and the strided forms run portable code.
//!
//! # Accuracy
//! In `f16` and `bf16` the `f64` sum's error is at most about `(k / 16 + 4) 2^-53` times
//! `sum_p |a[i, p] x[p]|` before the one rounding to the dtype, so the result is the
//! correctly rounded exact value except within that distance of a rounding boundary; in
//! `f64` the bound is the usual one for 16 interleaved sums, `(k / 16 + 5) 2^-53` times the
//! sum of magnitudes. In `f32` each block adds at most `BLOCK32 / 16 = 8` roundings of
//! `2^-24` per partial, whatever `k` (a BLAS `sgemv`, or an all-`f32` sum, adds about
//! `k / 16` to `k / 64`).

use super::matmul::MatElem;
use crate::buffer::{CpuBuffer, Pod};
use rayon::prelude::*;
use tensor_core::{DType, Layout, Result};

/// Partial sums per output (see the module docs).
pub const PARTS: usize = 16;
/// Depths per `f32` block (module docs): a multiple of [`PARTS`].
pub const BLOCK32: usize = 128;
/// Outputs per block of the columns loop, at most: 4 KiB of `f32` per depth, so that each
/// depth reads up to a page of a column-major matrix in one run (blocks of 128 took a TLB
/// miss per 512 bytes). Its scratch (see `SCRATCH`) is kept per thread.
pub const COL_BLOCK: usize = 1024;
/// Matrix elements per parallel task, at least.
const TASK_WORK: usize = 1 << 15;
/// Products of at most this many matrix elements run on the calling thread.
const SEQ_WORK: usize = 1 << 18;

/// The element types of the kernel: exact widening to `f64`, one rounding back.
pub trait GemvElem: Pod + Send + Sync {
    /// Exact conversion to `f64`.
    fn widen(self) -> f64;
    /// Rounding from `f64` by the cast rules.
    fn narrow(v: f64) -> Self;
    /// The value as an `f32` (exact for `f32`, the only type it is used for).
    #[inline(always)]
    fn single(self) -> f32 {
        self.widen() as f32
    }
}

impl<T: MatElem<A = f64> + Send + Sync> GemvElem for T {
    #[inline(always)]
    fn widen(self) -> f64 {
        self.acc()
    }
    /// A NaN sum becomes the default quiet NaN (positive, no payload): vector and scalar
    /// code meet two NaNs of a sum in different operand orders, and x86 keeps the first
    /// one's sign and payload, which IEEE 754 leaves open. One NaN pattern keeps the bits
    /// the same on every loop, instruction set and thread count.
    #[inline(always)]
    fn narrow(v: f64) -> Self {
        T::from_acc(if v.is_nan() { f64::NAN } else { v })
    }
}

/// `fma(a, b, c)` in `f32`, correctly rounded, without an FMA instruction: `a b` is exact
/// in `f64` (48 significant bits), `a b + c` is rounded to `f64` and, when inexact, moved to
/// the neighbour with an odd last bit (round to odd, with the exact error from a two-sum),
/// so that the final rounding to `f32` (24 bits, fewer than `53 - 2`) is the correct one.
/// Infinities, NaN, signed zeros and overflow come out as the instruction gives them.
#[inline(always)]
pub fn fma32(a: f32, b: f32, c: f32) -> f32 {
    let p = a as f64 * b as f64;
    let c = c as f64;
    let t = p + c;
    let bp = t - c;
    let e = (p - bp) + (c - (t - bp));
    let bits = t.to_bits();
    // Inexact (and finite: `e` is NaN for infinite `t`) with an even last bit: step toward
    // the exact value, which lies on the side of `e`. Written with selects only, so that
    // the baseline build vectorises it.
    let inexact = e != 0.0 && !e.is_nan();
    let dir = if (e > 0.0) == (t > 0.0) {
        1u64
    } else {
        u64::MAX
    };
    let even = (bits & 1).wrapping_sub(1);
    let delta = if inexact { dir & even } else { 0 };
    f64::from_bits(bits.wrapping_add(delta)) as f32
}

/// How an `f32` multiply-add is computed: the instruction, or [`fma32`]; and which
/// intrinsics the code may use (`VECTOR`: 0 none, 1 AVX2 + FMA, 2 AVX-512 F as well). A
/// strategy with `VECTOR > 0` is used only by code that runs where the CPU has those.
trait Fma {
    /// The vector level the code runs at (see the trait).
    const VECTOR: u8 = 0;
    fn fma(a: f32, b: f32, c: f32) -> f32;
}
/// `f32::mul_add` in code compiled with AVX-512 F, AVX2 and FMA, which runs only where the
/// CPU has them.
struct Wide;
impl Fma for Wide {
    const VECTOR: u8 = 2;
    #[inline(always)]
    fn fma(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}
/// `f32::mul_add` in code compiled with AVX2 and FMA, which runs only where the CPU has
/// them.
struct Native;
impl Fma for Native {
    const VECTOR: u8 = 1;
    #[inline(always)]
    fn fma(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}
/// [`fma32`], for the baseline build.
struct Emulated;
impl Fma for Emulated {
    #[inline(always)]
    fn fma(a: f32, b: f32, c: f32) -> f32 {
        fma32(a, b, c)
    }
}

/// The pairwise sum of the partials (`l + 8`, then `+ 4`, `+ 2`, `+ 1`).
#[inline(always)]
pub fn combine(mut s: [f64; PARTS]) -> f64 {
    let mut h = PARTS / 2;
    while h > 0 {
        for l in 0..h {
            s[l] += s[l + h];
        }
        h /= 2;
    }
    s[0]
}

/// The partials of one output: the `f64` ones and, for `f32`, those of the open block.
#[derive(Clone, Copy)]
struct Acc {
    s: [f64; PARTS],
    s32: [f32; PARTS],
}

impl Acc {
    const ZERO: Acc = Acc {
        s: [0.0; PARTS],
        s32: [0.0; PARTS],
    };

    /// Adds the product at depth `p` (the next one in order).
    #[inline(always)]
    fn add<T: GemvElem, F: Fma>(&mut self, p: usize, a: T, x: T) {
        let l = p % PARTS;
        if T::DTYPE == DType::F32 {
            self.s32[l] = F::fma(a.single(), x.single(), self.s32[l]);
            if p % BLOCK32 == BLOCK32 - 1 {
                self.flush();
            }
        } else {
            self.s[l] += a.widen() * x.widen();
        }
    }

    /// Closes an `f32` block.
    #[inline(always)]
    fn flush(&mut self) {
        for (s, t) in self.s.iter_mut().zip(&mut self.s32) {
            *s += *t as f64;
            *t = 0.0;
        }
    }

    /// The sum after all `k` depths, before the rounding to `T`.
    #[inline(always)]
    fn total<T: GemvElem>(mut self, k: usize) -> f64 {
        if T::DTYPE == DType::F32 && !k.is_multiple_of(BLOCK32) {
            self.flush();
        }
        combine(self.s)
    }

    /// The rounded sum after all `k` depths.
    #[inline(always)]
    fn finish<T: GemvElem>(self, k: usize) -> T {
        T::narrow(self.total::<T>(k))
    }
}

/// The matrix of one product as the kernel sees it: output `r`, depth `p` at
/// `off + r * s_row + p * s_p`; and the vector: depth `p` at `v_off + p * v_step`.
#[derive(Clone, Copy, Debug)]
struct Operands {
    off: isize,
    s_row: isize,
    s_p: isize,
    v_off: isize,
    v_step: isize,
    k: usize,
}

impl Operands {
    #[inline(always)]
    fn at(&self, r: usize, p: usize) -> usize {
        (self.off + r as isize * self.s_row + p as isize * self.s_p) as usize
    }
    #[inline(always)]
    fn x<T: GemvElem>(&self, x: &[T], p: usize) -> T {
        x[(self.v_off + p as isize * self.v_step) as usize]
    }
    /// Row `r` when the rows are contiguous along the depth.
    #[inline(always)]
    fn row<'a, T>(&self, a: &'a [T], r: usize) -> &'a [T] {
        &a[self.at(r, 0)..self.at(r, 0) + self.k]
    }
}

/// The rows loop, portable: one output at a time, a chunk of 16 depths at a time.
#[inline(always)]
fn rows_body<T: GemvElem, F: Fma>(a: &[T], x: &[T], o: Operands, r0: usize, out: &mut [T]) {
    let k = o.k;
    let full = k - k % PARTS;
    let contiguous = (o.v_step == 1).then(|| &x[o.v_off as usize..o.v_off as usize + k]);
    for (i, d) in out.iter_mut().enumerate() {
        let row = o.row(a, r0 + i);
        let mut acc = Acc::ZERO;
        for (c, chunk) in row[..full].chunks_exact(PARTS).enumerate() {
            let p = c * PARTS;
            // The chunk of `x`, gathered when strided.
            let xc: [T; PARTS] = match contiguous {
                Some(xs) => xs[p..p + PARTS].try_into().expect("16 elements"),
                None => std::array::from_fn(|l| o.x(x, p + l)),
            };
            if T::DTYPE == DType::F32 {
                for l in 0..PARTS {
                    acc.s32[l] = F::fma(chunk[l].single(), xc[l].single(), acc.s32[l]);
                }
                if (p + PARTS).is_multiple_of(BLOCK32) {
                    acc.flush();
                }
            } else {
                for l in 0..PARTS {
                    acc.s[l] += chunk[l].widen() * xc[l].widen();
                }
            }
        }
        for (p, &v) in row.iter().enumerate().skip(full) {
            acc.add::<T, F>(p, v, o.x(x, p));
        }
        *d = acc.finish(k);
    }
}

/// The rows loop: `f32`/`f64` with a contiguous `x` through the intrinsics of [`x86`] on
/// AVX2 or AVX-512; everything else through the portable body.
fn rows_run<T: GemvElem>(a: &[T], x: &[T], o: Operands, r0: usize, out: &mut [T]) {
    #[cfg(target_arch = "x86_64")]
    {
        let fast = matches!(T::DTYPE, DType::F32 | DType::F64) && (o.v_step == 1 || o.k == 1);
        if fast && super::has_avx512() {
            // SAFETY: the CPU has AVX-512 F, AVX2 and FMA (checked just above).
            return unsafe { x86::rows512(a, x, o, r0, out) };
        }
        if fast && super::has_avx2() {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            return unsafe { x86::rows256(a, x, o, r0, out) };
        }
        #[target_feature(enable = "avx2,fma")]
        fn mid<T: GemvElem>(a: &[T], x: &[T], o: Operands, r0: usize, out: &mut [T]) {
            rows_body::<T, Native>(a, x, o, r0, out)
        }
        if super::has_avx2() {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            return unsafe { mid(a, x, o, r0, out) };
        }
    }
    rows_body::<T, Emulated>(a, x, o, r0, out)
}

/// Continues the partials `acc` of `R` rows (as left after the full chunks of 16 depths)
/// over the remaining depths (`xs`: the contiguous vector), and returns the sums.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn tail_sums<T: GemvElem, const R: usize>(
    acc: [Acc; R],
    rows: [&[T]; R],
    xs: &[T],
    k: usize,
) -> [f64; R] {
    let full = k - k % PARTS;
    let mut out = [0.0; R];
    for ((mut acc, row), d) in acc.into_iter().zip(rows).zip(&mut out) {
        for p in full..k {
            acc.add::<T, Emulated>(p, row[p], xs[p]);
        }
        *d = acc.total::<T>(k);
    }
    out
}

/// The rows loop in intrinsics, for `f32` and `f64` with a contiguous `x`: a row's 16
/// partials are the lanes of one `__m512` (two `__m256`) in `f32` and of two `__m512d`
/// (four `__m256d`) in `f64`.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{Acc, BLOCK32, GemvElem, Operands, PARTS, tail_sums};
    use std::arch::x86_64::*;
    use tensor_core::DType;

    /// Chunks of 16 depths per `f32` block.
    const BLOCK_CHUNKS: usize = BLOCK32 / PARTS;

    /// The partials of `R` `f32` rows after `chunks` full chunks of 16 (AVX2).
    ///
    /// # Safety
    /// Each row and `x` must have `16 * chunks` readable `f32`s; the CPU must have AVX2 and
    /// FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn f32_256<const R: usize>(
        rows: [*const f32; R],
        x: *const f32,
        chunks: usize,
    ) -> [Acc; R] {
        let mut s = [[_mm256_setzero_pd(); 4]; R];
        let mut t = [[_mm256_setzero_ps(); 2]; R];
        for c in 0..chunks {
            // SAFETY (all loads): chunk `c` lies within the `16 * chunks` elements.
            let xv = unsafe {
                [
                    _mm256_loadu_ps(x.add(PARTS * c)),
                    _mm256_loadu_ps(x.add(PARTS * c + 8)),
                ]
            };
            for (t, &row) in t.iter_mut().zip(&rows) {
                for (h, t) in t.iter_mut().enumerate() {
                    let v = unsafe { _mm256_loadu_ps(row.add(PARTS * c + 8 * h)) };
                    *t = _mm256_fmadd_ps(v, xv[h], *t);
                }
            }
            if c % BLOCK_CHUNKS == BLOCK_CHUNKS - 1 {
                for (s, t) in s.iter_mut().zip(&mut t) {
                    for h in 0..2 {
                        let lo = _mm256_cvtps_pd(_mm256_castps256_ps128(t[h]));
                        let hi = _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(t[h]));
                        s[2 * h] = _mm256_add_pd(s[2 * h], lo);
                        s[2 * h + 1] = _mm256_add_pd(s[2 * h + 1], hi);
                        t[h] = _mm256_setzero_ps();
                    }
                }
            }
        }
        let mut acc = [Acc::ZERO; R];
        for ((a, s), t) in acc.iter_mut().zip(s).zip(t) {
            // SAFETY: `a.s` holds 16 `f64`s and `a.s32` 16 `f32`s; unaligned stores.
            unsafe {
                for (h, v) in s.into_iter().enumerate() {
                    _mm256_storeu_pd(a.s.as_mut_ptr().add(4 * h), v);
                }
                _mm256_storeu_ps(a.s32.as_mut_ptr(), t[0]);
                _mm256_storeu_ps(a.s32.as_mut_ptr().add(8), t[1]);
            }
        }
        acc
    }

    /// The partials of `R` `f64` rows after `chunks` full chunks of 16 (AVX2).
    ///
    /// # Safety
    /// As [`f32_256`], with `f64`s.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn f64_256<const R: usize>(
        rows: [*const f64; R],
        x: *const f64,
        chunks: usize,
    ) -> [Acc; R] {
        let mut s = [[_mm256_setzero_pd(); 4]; R];
        for c in 0..chunks {
            // SAFETY (all loads): chunk `c` lies within the `16 * chunks` elements.
            let xv: [__m256d; 4] =
                std::array::from_fn(|h| unsafe { _mm256_loadu_pd(x.add(PARTS * c + 4 * h)) });
            for (s, &row) in s.iter_mut().zip(&rows) {
                for (h, s) in s.iter_mut().enumerate() {
                    let v = unsafe { _mm256_loadu_pd(row.add(PARTS * c + 4 * h)) };
                    *s = _mm256_add_pd(*s, _mm256_mul_pd(v, xv[h]));
                }
            }
        }
        let mut acc = [Acc::ZERO; R];
        for (a, s) in acc.iter_mut().zip(s) {
            // SAFETY: `a.s` holds 16 `f64`s; unaligned stores.
            unsafe {
                for (h, v) in s.into_iter().enumerate() {
                    _mm256_storeu_pd(a.s.as_mut_ptr().add(4 * h), v);
                }
            }
        }
        acc
    }

    /// Closes an `f32` block: its 16 partials `t` added to the `f64` ones `s` (AVX-512).
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn flush512(s: &mut [__m512d; 2], t: &mut __m512) {
        s[0] = _mm512_add_pd(s[0], _mm512_cvtps_pd(_mm512_castps512_ps256(*t)));
        let hi = _mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(_mm512_castps_pd(*t)));
        s[1] = _mm512_add_pd(s[1], _mm512_cvtps_pd(hi));
        *t = _mm512_setzero_ps();
    }

    /// [`super::combine`] of the 16 partials held as lanes `0..8` and `8..16`.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn hsum512(s: [__m512d; 2]) -> f64 {
        let v = _mm512_add_pd(s[0], s[1]);
        let v = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd::<1>(v));
        let v = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v));
        _mm_cvtsd_f64(_mm_add_sd(v, _mm_unpackhi_pd(v, v)))
    }

    /// The sums of `R` rows of `k` `f32`s against `x` (AVX-512): the full chunks, the last
    /// partial chunk under a mask (masked-off lanes keep their partial), the last block
    /// closed, the partials combined in registers.
    ///
    /// # Safety
    /// Each row and `x` must have `k` readable `f32`s; the CPU must have AVX-512 F, AVX2
    /// and FMA.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn sums_f32_512<const R: usize>(
        rows: [*const f32; R],
        x: *const f32,
        k: usize,
    ) -> [f64; R] {
        let (chunks, rem) = (k / PARTS, k % PARTS);
        let mut s = [[_mm512_setzero_pd(); 2]; R];
        let mut t = [_mm512_setzero_ps(); R];
        for c in 0..chunks {
            // SAFETY (all loads): chunk `c` lies within the `k` elements.
            let xv = unsafe { _mm512_loadu_ps(x.add(PARTS * c)) };
            for (t, &row) in t.iter_mut().zip(&rows) {
                *t = _mm512_fmadd_ps(unsafe { _mm512_loadu_ps(row.add(PARTS * c)) }, xv, *t);
            }
            if c % BLOCK_CHUNKS == BLOCK_CHUNKS - 1 {
                for (s, t) in s.iter_mut().zip(&mut t) {
                    flush512(s, t);
                }
            }
        }
        if rem > 0 {
            let m = ((1u32 << rem) - 1) as __mmask16;
            // SAFETY (all loads): the lanes under `m` are the `rem` last elements; the
            // others are not read (masked loads suppress them).
            let xv = unsafe { _mm512_maskz_loadu_ps(m, x.add(PARTS * chunks)) };
            for (t, &row) in t.iter_mut().zip(&rows) {
                let v = unsafe { _mm512_maskz_loadu_ps(m, row.add(PARTS * chunks)) };
                *t = _mm512_mask3_fmadd_ps(v, xv, *t, m);
            }
        }
        if !k.is_multiple_of(BLOCK32) {
            for (s, t) in s.iter_mut().zip(&mut t) {
                flush512(s, t);
            }
        }
        let mut out = [0.0; R];
        for (d, s) in out.iter_mut().zip(s) {
            *d = hsum512(s);
        }
        out
    }

    /// The sums of `R` rows of `k` `f64`s against `x` (AVX-512), as [`sums_f32_512`].
    ///
    /// # Safety
    /// As [`sums_f32_512`], with `f64`s.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn sums_f64_512<const R: usize>(
        rows: [*const f64; R],
        x: *const f64,
        k: usize,
    ) -> [f64; R] {
        let (chunks, rem) = (k / PARTS, k % PARTS);
        let mut s = [[_mm512_setzero_pd(); 2]; R];
        for c in 0..chunks {
            // SAFETY (all loads): chunk `c` lies within the `k` elements.
            let xv = unsafe {
                [
                    _mm512_loadu_pd(x.add(PARTS * c)),
                    _mm512_loadu_pd(x.add(PARTS * c + 8)),
                ]
            };
            for (s, &row) in s.iter_mut().zip(&rows) {
                for (h, s) in s.iter_mut().enumerate() {
                    let v = unsafe { _mm512_loadu_pd(row.add(PARTS * c + 8 * h)) };
                    *s = _mm512_add_pd(*s, _mm512_mul_pd(v, xv[h]));
                }
            }
        }
        if rem > 0 {
            let m = (1u32 << rem) - 1;
            let ms = [m as __mmask8, (m >> 8) as __mmask8];
            // SAFETY (all loads): the lanes under the masks are the `rem` last elements;
            // the others are not read.
            let xv: [__m512d; 2] = std::array::from_fn(|h| unsafe {
                _mm512_maskz_loadu_pd(ms[h], x.add(PARTS * chunks + 8 * h))
            });
            for (s, &row) in s.iter_mut().zip(&rows) {
                for (h, s) in s.iter_mut().enumerate() {
                    let v =
                        unsafe { _mm512_maskz_loadu_pd(ms[h], row.add(PARTS * chunks + 8 * h)) };
                    *s = _mm512_mask_add_pd(*s, ms[h], *s, _mm512_mul_pd(v, xv[h]));
                }
            }
        }
        let mut out = [0.0; R];
        for (d, s) in out.iter_mut().zip(s) {
            *d = hsum512(s);
        }
        out
    }

    /// The sums of `R` rows (`f32` or `f64`, by `T::DTYPE`) against the contiguous `xs`
    /// (AVX-512).
    ///
    /// # Safety
    /// `T` must be `f32` or `f64`; the CPU must have AVX-512 F, AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    unsafe fn sums512<T: GemvElem, const R: usize>(
        rows: [&[T]; R],
        xs: &[T],
        k: usize,
    ) -> [f64; R] {
        debug_assert!(rows.iter().all(|r| r.len() == k) && xs.len() == k);
        let ptrs = rows.map(|s| s.as_ptr().cast());
        // SAFETY: each row and `xs` hold `k` elements of `T`, `f32` or `f64` as tested.
        unsafe {
            if T::DTYPE == DType::F32 {
                sums_f32_512::<R>(ptrs, xs.as_ptr().cast(), k)
            } else {
                sums_f64_512::<R>(ptrs.map(|p: *const f32| p.cast()), xs.as_ptr().cast(), k)
            }
        }
    }

    /// The sums of `R` rows against the contiguous `xs` (AVX2): the full chunks in
    /// intrinsics, the last partial chunk by [`tail_sums`].
    ///
    /// # Safety
    /// `T` must be `f32` or `f64`; the CPU must have AVX2 and FMA.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn sums256<T: GemvElem, const R: usize>(
        rows: [&[T]; R],
        xs: &[T],
        k: usize,
    ) -> [f64; R] {
        debug_assert!(rows.iter().all(|r| r.len() == k) && xs.len() == k);
        let ptrs = rows.map(|s| s.as_ptr().cast());
        // SAFETY: each row and `xs` hold `k >= 16 (k / 16)` elements of `T`.
        let acc = unsafe {
            if T::DTYPE == DType::F32 {
                f32_256::<R>(ptrs, xs.as_ptr().cast(), k / PARTS)
            } else {
                f64_256::<R>(
                    ptrs.map(|p: *const f32| p.cast()),
                    xs.as_ptr().cast(),
                    k / PARTS,
                )
            }
        };
        tail_sums(acc, rows, xs, k)
    }

    /// `f32` lanes widened to `f64`: the low and the high half of a 512-bit vector.
    #[inline]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn halves512(t: __m512) -> [__m512d; 2] {
        let hi = _mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(_mm512_castps_pd(t)));
        [
            _mm512_cvtps_pd(_mm512_castps512_ps256(t)),
            _mm512_cvtps_pd(hi),
        ]
    }

    /// `f32` lanes widened to `f64`: the low and the high half of a 256-bit vector.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    fn halves256(t: __m256) -> [__m256d; 2] {
        [
            _mm256_cvtps_pd(_mm256_castps256_ps128(t)),
            _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(t)),
        ]
    }

    /// Generates the columns loop's group kernels of one vector width (module docs):
    /// `$f32` and `$f64` update one partial of a block's outputs over the `N` depths of a
    /// group, four vectors of outputs per step (four independent chains), the last outputs
    /// one at a time with the same operations.
    macro_rules! group_kernels {
        (
            $f32:ident, $f64:ident, $feat:literal, $w:literal,
            $pd:ty, $zero_ps:ident, $set1_ps:ident, $load_ps:ident, $fmadd_ps:ident,
            $halves:ident, $zero_pd:ident, $set1_pd:ident, $load_pd:ident, $store_pd:ident,
            $add_pd:ident, $mul_pd:ident
        ) => {
            /// `f32`: the products of each output summed by fused multiply-adds from `+0`,
            /// then added to its `f64` partial in `srow` (`+0` for the first group).
            ///
            /// # Safety
            /// Every `cols[j]` holds `srow.len()` elements; the CPU must have the features
            /// enabled here.
            #[inline]
            #[target_feature(enable = $feat)]
            pub(super) unsafe fn $f32<const N: usize>(
                srow: &mut [f64],
                cols: [&[f32]; N],
                xs: [f32; N],
                first: bool,
            ) {
                const W: usize = $w;
                let rb = srow.len();
                let full = rb - rb % (4 * W);
                let mut xv = [$zero_ps(); N];
                for (v, &x) in xv.iter_mut().zip(&xs) {
                    *v = $set1_ps(x);
                }
                let sp = srow.as_mut_ptr();
                for r in (0..full).step_by(4 * W) {
                    let mut t = [$zero_ps(); 4];
                    for (c, x) in cols.iter().zip(&xv) {
                        for (i, t) in t.iter_mut().enumerate() {
                            // SAFETY: `r + W i + W <= full <= rb = c.len()`; unaligned.
                            let v = unsafe { $load_ps(c.as_ptr().add(r + W * i)) };
                            *t = $fmadd_ps(v, *x, *t);
                        }
                    }
                    for (i, t) in t.into_iter().enumerate() {
                        for (h, v) in $halves(t).into_iter().enumerate() {
                            // SAFETY: `r + W i + W / 2 (h + 1) <= full <= srow.len()`.
                            unsafe {
                                let p = sp.add(r + W * i + W / 2 * h);
                                let s = if first { $zero_pd() } else { $load_pd(p) };
                                $store_pd(p, $add_pd(s, v));
                            }
                        }
                    }
                }
                for (r, s) in srow.iter_mut().enumerate().skip(full) {
                    let mut t = 0.0f32;
                    for j in 0..N {
                        t = cols[j][r].mul_add(xs[j], t);
                    }
                    *s = if first { 0.0 } else { *s } + t as f64;
                }
            }

            /// `f64`: four chains of `f64` outputs that start from the partials in `srow`
            /// (`+0` for the first group) and add the products in order.
            ///
            /// # Safety
            /// As the `f32` kernel.
            #[inline]
            #[target_feature(enable = $feat)]
            pub(super) unsafe fn $f64<const N: usize>(
                srow: &mut [f64],
                cols: [&[f64]; N],
                xs: [f64; N],
                first: bool,
            ) {
                const V: usize = $w / 2;
                let rb = srow.len();
                let full = rb - rb % (4 * V);
                let mut xv = [$zero_pd(); N];
                for (v, &x) in xv.iter_mut().zip(&xs) {
                    *v = $set1_pd(x);
                }
                let sp = srow.as_mut_ptr();
                for r in (0..full).step_by(4 * V) {
                    // SAFETY (all loads and stores): `r + V i + V <= full <= rb`, the
                    // length of `srow` and of every column; unaligned.
                    let mut t: [$pd; 4] = [$zero_pd(); 4];
                    if !first {
                        for (i, t) in t.iter_mut().enumerate() {
                            *t = unsafe { $load_pd(sp.add(r + V * i)) };
                        }
                    }
                    for (c, x) in cols.iter().zip(&xv) {
                        for (i, t) in t.iter_mut().enumerate() {
                            let v = unsafe { $load_pd(c.as_ptr().add(r + V * i)) };
                            *t = $add_pd(*t, $mul_pd(v, *x));
                        }
                    }
                    for (i, t) in t.into_iter().enumerate() {
                        unsafe { $store_pd(sp.add(r + V * i), t) };
                    }
                }
                for (r, s) in srow.iter_mut().enumerate().skip(full) {
                    let mut acc = if first { 0.0 } else { *s };
                    for j in 0..N {
                        acc += cols[j][r] * xs[j];
                    }
                    *s = acc;
                }
            }
        };
    }

    group_kernels!(
        group_f32_512,
        group_f64_512,
        "avx512f,avx2,fma",
        16,
        __m512d,
        _mm512_setzero_ps,
        _mm512_set1_ps,
        _mm512_loadu_ps,
        _mm512_fmadd_ps,
        halves512,
        _mm512_setzero_pd,
        _mm512_set1_pd,
        _mm512_loadu_pd,
        _mm512_storeu_pd,
        _mm512_add_pd,
        _mm512_mul_pd
    );
    group_kernels!(
        group_f32_256,
        group_f64_256,
        "avx2,fma",
        8,
        __m256d,
        _mm256_setzero_ps,
        _mm256_set1_ps,
        _mm256_loadu_ps,
        _mm256_fmadd_ps,
        halves256,
        _mm256_setzero_pd,
        _mm256_set1_pd,
        _mm256_loadu_pd,
        _mm256_storeu_pd,
        _mm256_add_pd,
        _mm256_mul_pd
    );

    /// `s` as a slice of `U`.
    ///
    /// # Safety
    /// `T` and `U` must be the same type.
    #[inline(always)]
    pub(super) unsafe fn cast<T, U>(s: &[T]) -> &[U] {
        // SAFETY: the same type, so the same size, alignment and validity.
        unsafe { std::slice::from_raw_parts(s.as_ptr().cast(), s.len()) }
    }

    /// Generates the rows loop of one instruction set from its sums kernel.
    macro_rules! rows_loop {
        ($name:ident, $sums:ident, $feat:literal, $r:literal) => {
            /// The rows loop for `f32`/`f64` (`T::DTYPE`) with a contiguous `x`.
            ///
            /// # Safety
            /// The CPU must have the features enabled here; `T` must be `f32` or `f64`.
            #[target_feature(enable = $feat)]
            pub(super) unsafe fn $name<T: GemvElem>(
                a: &[T],
                x: &[T],
                o: Operands,
                r0: usize,
                out: &mut [T],
            ) {
                const R: usize = $r;
                let xs = &x[o.v_off as usize..o.v_off as usize + o.k];
                let mut r = r0;
                for oc in out.chunks_mut(R) {
                    if let Ok(oc) = <&mut [T; R]>::try_from(&mut *oc) {
                        let mut rows: [&[T]; R] = [&[]; R];
                        for (i, row) in rows.iter_mut().enumerate() {
                            *row = o.row(a, r + i);
                        }
                        // SAFETY: the caller's contract.
                        let s = unsafe { $sums::<T, R>(rows, xs, o.k) };
                        for (d, s) in oc.iter_mut().zip(s) {
                            *d = T::narrow(s);
                        }
                    } else {
                        for (i, d) in oc.iter_mut().enumerate() {
                            // SAFETY: the caller's contract.
                            let s = unsafe { $sums::<T, 1>([o.row(a, r + i)], xs, o.k) };
                            *d = T::narrow(s[0]);
                        }
                    }
                    r += oc.len();
                }
            }
        };
    }

    rows_loop!(rows512, sums512, "avx512f,avx2,fma", 4);
    rows_loop!(rows256, sums256, "avx2,fma", 2);
}

/// Distance between the 16 rows of partials in the columns loop's scratch, for blocks of
/// `rb` outputs: a block plus one cache line of `f64`s, so that the rows do not all map to
/// the same cache sets, and no more than that, so that a small product's partials stay in
/// the first-level cache.
fn col_stride(rb: usize) -> usize {
    rb.min(COL_BLOCK) + 8
}

thread_local! {
    /// The scratch of the columns loop, kept per thread (at most `16 (COL_BLOCK + 8)`
    /// `f64`s):
    /// allocating it per call cost more than a 1024 x 1024 product, through page faults
    /// and the unmapping.
    static SCRATCH: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Depths per group of the columns loop: one `f32` block.
const GROUP: usize = BLOCK32;

/// The columns loop (module docs) for outputs `r0 ..r0 + out.len()`; needs `s_row == 1`
/// (or a single output). For each group of [`GROUP`] depths and each partial `l`, one
/// pass over the block's outputs reads the (up to 8) matrix runs of the depths `l`,
/// `l + 16`, ..: in `f32` their products are summed by fused multiply-adds from `+0` in a
/// register, then added to the `f64` partial (the block's flush); in `f64` they are added
/// to the partial in order. The `f64` partials (`s`: 16 rows of [`col_stride`]) are read and written
/// once per 8 depths, not once per depth.
#[inline(always)]
fn cols_body<T: GemvElem, F: Fma>(
    a: &[T],
    x: &[T],
    o: Operands,
    r0: usize,
    out: &mut [T],
    s: &mut [f64],
) {
    let w = col_stride(out.len());
    const PER: usize = GROUP / PARTS;
    let f32 = T::DTYPE == DType::F32;
    for (bi, oc) in out.chunks_mut(COL_BLOCK).enumerate() {
        let (rb, base) = (oc.len(), r0 + bi * COL_BLOCK);
        for p0 in (0..o.k).step_by(GROUP) {
            let first = p0 == 0;
            for l in 0..PARTS {
                let srow = &mut s[l * w..l * w + rb];
                let depths = (p0 + l..(p0 + GROUP).min(o.k)).step_by(PARTS);
                let n = depths.len();
                let mut cols: [&[T]; PER] = [&[]; PER];
                let mut xs = [x[0]; PER];
                for (j, p) in depths.enumerate() {
                    cols[j] = &a[o.at(base, p)..o.at(base, p) + rb];
                    xs[j] = o.x(x, p);
                }
                if n == 0 {
                    // No depth of this partial in the (last) group: an `f32` block adds
                    // its `+0` partial; an `f64` partial is left as it is.
                    match (first, f32) {
                        (true, _) => srow.fill(0.0),
                        (false, true) => srow.iter_mut().for_each(|s| *s += 0.0),
                        (false, false) => {}
                    }
                } else {
                    macro_rules! by_count {
                        ($($n:literal)*) => {
                            match n {
                                $($n => group::<T, F, $n>(
                                    srow,
                                    std::array::from_fn(|j| cols[j]),
                                    std::array::from_fn(|j| xs[j]),
                                    first,
                                ),)*
                                _ => unreachable!("at most {PER} depths of a partial per group"),
                            }
                        };
                    }
                    by_count!(1 2 3 4 5 6 7 8);
                }
            }
        }
        // The combination, a row of partials at a time (vectorised along the outputs):
        // the partials an `f64` sum never reached (k < 16) are `+0`.
        if !f32 {
            for l in o.k.min(PARTS)..PARTS {
                s[l * w..l * w + rb].fill(0.0);
            }
        }
        let mut h = PARTS / 2;
        while h > 0 {
            for l in 0..h {
                let (lo, hi) = s.split_at_mut((l + h) * w);
                for (d, &v) in lo[l * w..l * w + rb].iter_mut().zip(&hi[..rb]) {
                    *d += v;
                }
            }
            h /= 2;
        }
        for (d, &v) in oc.iter_mut().zip(&s[..rb]) {
            *d = T::narrow(v);
        }
    }
}

/// One partial of every output of the block over its `N` depths of the group, from its
/// value in `srow` (ignored for the first group, which starts from `+0`), written so that
/// the compiler vectorises it along the outputs.
#[inline(always)]
fn group<T: GemvElem, F: Fma, const N: usize>(
    srow: &mut [f64],
    cols: [&[T]; N],
    xs: [T; N],
    first: bool,
) {
    let rb = srow.len();
    #[cfg(target_arch = "x86_64")]
    if F::VECTOR > 0 && matches!(T::DTYPE, DType::F32 | DType::F64) {
        // SAFETY: strategies with `VECTOR > 0` run only where the CPU has the features of
        // that level (see `Fma` and `cols_run`); `T` is `f32` or `f64` as tested, so the
        // casts are to its own type.
        unsafe {
            let wide = F::VECTOR == 2;
            if T::DTYPE == DType::F32 {
                let cols = cols.map(|c| x86::cast::<T, f32>(&c[..rb]));
                let xs = xs.map(|x| x.single());
                if wide {
                    x86::group_f32_512(srow, cols, xs, first)
                } else {
                    x86::group_f32_256(srow, cols, xs, first)
                }
            } else {
                let cols = cols.map(|c| x86::cast::<T, f64>(&c[..rb]));
                let xs = xs.map(|x| x.widen());
                if wide {
                    x86::group_f64_512(srow, cols, xs, first)
                } else {
                    x86::group_f64_256(srow, cols, xs, first)
                }
            }
        }
        return;
    }
    let cols = cols.map(|c| &c[..rb]);
    if T::DTYPE == DType::F32 {
        let xs = xs.map(|x| x.single());
        for (r, s) in srow.iter_mut().enumerate() {
            let mut t = 0.0f32;
            for j in 0..N {
                t = F::fma(cols[j][r].single(), xs[j], t);
            }
            *s = if first { 0.0 } else { *s } + t as f64;
        }
    } else {
        let xs = xs.map(|x| x.widen());
        for (r, s) in srow.iter_mut().enumerate() {
            let mut acc = if first { 0.0 } else { *s };
            for j in 0..N {
                acc += cols[j][r].widen() * xs[j];
            }
            *s = acc;
        }
    }
}

/// The columns loop on the widest instruction set allowed, with this thread's scratch.
fn cols_run<T: GemvElem>(a: &[T], x: &[T], o: Operands, r0: usize, out: &mut [T]) {
    type Args<'a, T> = (&'a [T], &'a [T], Operands, usize, &'a mut [T]);
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn mid<T: GemvElem>((a, x, o, r0, out): Args<T>, s: &mut [f64]) {
        cols_body::<T, Native>(a, x, o, r0, out, s)
    }
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn wide<T: GemvElem>((a, x, o, r0, out): Args<T>, s: &mut [f64]) {
        cols_body::<T, Wide>(a, x, o, r0, out, s)
    }
    SCRATCH.with(|scratch| {
        let s = &mut *scratch.borrow_mut();
        s.resize(PARTS * col_stride(out.len()), 0.0);
        let args = (a, x, o, r0, out);
        #[cfg(target_arch = "x86_64")]
        {
            if super::has_avx512() {
                // SAFETY: the CPU has AVX-512 F, AVX2 and FMA (checked just above).
                return unsafe { wide(args, s) };
            }
            if super::has_avx2() {
                // SAFETY: the CPU has AVX2 and FMA (checked just above).
                return unsafe { mid(args, s) };
            }
        }
        let (a, x, o, r0, out) = args;
        cols_body::<T, Emulated>(a, x, o, r0, out, s)
    })
}

/// The strided loop (module docs), any strides.
fn strided<T: GemvElem>(a: &[T], x: &[T], o: Operands, r0: usize, out: &mut [T]) {
    for (i, d) in out.iter_mut().enumerate() {
        let mut acc = Acc::ZERO;
        for p in 0..o.k {
            acc.add::<T, Emulated>(p, a[o.at(r0 + i, p)], o.x(x, p));
        }
        *d = acc.finish(o.k);
    }
}

/// Which loop computes products with these operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Matrix rows contiguous along the depth.
    Rows,
    /// Matrix contiguous along the outputs.
    Cols,
    /// Anything else.
    Strided,
}

/// The loop [`gemv`] takes for `rows` outputs of depth `k` with these strides.
fn form(rows: usize, k: usize, s_row: isize, s_p: isize) -> Form {
    if s_p == 1 || k == 1 {
        Form::Rows
    } else if s_row == 1 || rows == 1 {
        Form::Cols
    } else {
        Form::Strided
    }
}

/// A matrix-vector product (`m == 1` or `n == 1`, `k >= 1`, dtypes equal, shapes
/// checked by the host) into `out`, with the loop the layout calls for.
pub fn gemv<T: GemvElem>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    gemv_form::<T>(None, (a, al), (b, bl), out)
}

/// [`gemv`] with the loop forced when `force` is given (tests compare the loops); a forced
/// loop that the strides do not allow falls back to the strided one.
pub(super) fn gemv_form<T: GemvElem>(
    force: Option<Form>,
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let r = al.ndim();
    let (m, k, n) = (al.shape()[r - 2], al.shape()[r - 1], bl.shape()[r - 1]);
    if m != 1 && n != 1 {
        return Err(tensor_core::Error::invalid(
            "matmul",
            format!("internal: the matrix-vector kernel got a {m} x {k} x {n} product"),
        ));
    }
    let batch = &al.shape()[..r - 2];
    let (oa, ob) = (
        super::matmul::batch_offsets(al, batch),
        super::matmul::batch_offsets(bl, batch),
    );
    let (sa0, sa1) = (al.strides()[r - 2], al.strides()[r - 1]);
    let (sb0, sb1) = (bl.strides()[r - 2], bl.strides()[r - 1]);
    let (xa, xb) = (a.as_slice::<T>()?, b.as_slice::<T>()?);
    let o = out.as_mut_slice::<T>()?;
    if o.is_empty() {
        return Ok(());
    }
    // `A x` (n == 1): the matrix is A. `x B` (m == 1): the matrix is B's transpose.
    let (mat, vec, rows) = if n == 1 { (xa, xb, m) } else { (xb, xa, n) };
    let (s_row, s_p, v_step) = if n == 1 {
        (sa0, sa1, sb0)
    } else {
        (sb1, sb0, sa1)
    };
    let f = match force.unwrap_or_else(|| form(rows, k, s_row, s_p)) {
        Form::Rows if s_p == 1 || k == 1 => Form::Rows,
        Form::Cols if s_row == 1 || rows == 1 => Form::Cols,
        _ => Form::Strided,
    };
    // Outputs per task: at least `TASK_WORK` elements; the columns loop also splits the
    // outputs of one product between the threads (its runs along the outputs are long).
    let task_rows = match f {
        Form::Cols => TASK_WORK
            .div_ceil(k)
            .max(rows.div_ceil(rayon::current_num_threads()))
            .next_multiple_of(16),
        _ => TASK_WORK.div_ceil(k).next_multiple_of(4),
    };
    let ops = |bi: usize| {
        let (pm, pv) = if n == 1 {
            (oa[bi], ob[bi])
        } else {
            (ob[bi], oa[bi])
        };
        Operands {
            off: pm,
            s_row,
            s_p,
            v_off: pv,
            v_step,
            k,
        }
    };
    let run = |o: Operands, r0: usize, c: &mut [T]| match f {
        Form::Rows => rows_run(mat, vec, o, r0, c),
        Form::Cols => cols_run(mat, vec, o, r0, c),
        Form::Strided => strided(mat, vec, o, r0, c),
    };
    if o.len().saturating_mul(k) <= SEQ_WORK {
        // Waking the thread pool would cost more than the product.
        for (bi, c) in o.chunks_mut(rows).enumerate() {
            run(ops(bi), 0, c);
        }
        return Ok(());
    }
    o.par_chunks_mut(rows).enumerate().for_each(|(bi, ob_out)| {
        let o = ops(bi);
        ob_out
            .par_chunks_mut(task_rows)
            .enumerate()
            .for_each(|(t, c)| run(o, t * task_rows, c));
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`fma32`] is the fused multiply-add: the bits of `f32::mul_add` (which is exact
    /// wherever it runs) on random operands of every scale, ties, cancellations, signed
    /// zeros, subnormals, overflow, infinities and NaN.
    #[test]
    fn the_emulated_fma_is_the_fused_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let special = [
            0.0f32,
            -0.0,
            1.0,
            -1.0,
            f32::MIN_POSITIVE,
            1e-45,
            -1e-45,
            f32::MAX,
            -f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            1.0 + f32::EPSILON,
            0.5 * f32::EPSILON,
        ];
        let same = |x: f32, y: f32| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
        for &a in &special {
            for &b in &special {
                for &c in &special {
                    let (g, w) = (fma32(a, b, c), a.mul_add(b, c));
                    assert!(same(g, w), "fma({a:e}, {b:e}, {c:e}) = {g:e}, want {w:e}");
                }
            }
        }
        for i in 0..2_000_000u32 {
            let r = next();
            let a = f32::from_bits(r as u32);
            let b = f32::from_bits((r >> 32) as u32);
            // Mostly an addend near the product, so that the sum is inexact or cancels.
            let c = match i % 4 {
                0 => f32::from_bits(next() as u32),
                1 => -(a * b),
                2 => (a * b) * (1.0 + (next() % 64) as f32 * f32::EPSILON),
                _ => f32::from_bits((a * b).to_bits() ^ (next() as u32 & 0xfff)),
            };
            let (g, w) = (fma32(a, b, c), a.mul_add(b, c));
            assert!(same(g, w), "fma({a:e}, {b:e}, {c:e}) = {g:e}, want {w:e}");
        }
    }
}
