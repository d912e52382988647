//! Batched matrix product `[..., m, k] x [..., k, n]`.
//!
//! `f32`/`f64` call OpenBLAS `gemm` once per batch element when a matrix is
//! BLAS-compatible (one unit stride among its last two axes and a leading dimension at
//! least the other extent: row- or column-major, passed with `CblasTrans` as needed);
//! other operands are first copied to a contiguous buffer. Every dtype has a general
//! kernel ([`matmul_fallback`]): `f16`/`bf16` (and the `f32`/`f64` it is tested against)
//! accumulate in `f64`, integers wrap in `i64`, `bool` is the OR of ANDs.

use super::cast::{Castable, Wide, convert};
use crate::buffer::{CpuBuffer, Pod};
use cblas_sys::{CBLAS_LAYOUT, CBLAS_TRANSPOSE, cblas_dgemm, cblas_sgemm};
use tensor_core::{DType, Layout, Result, with_dtype};

/// The operand shapes of one matmul.
struct Dims {
    batch: Vec<usize>,
    m: usize,
    k: usize,
    n: usize,
}

fn dims(al: &Layout, bl: &Layout) -> Dims {
    let r = al.ndim();
    Dims {
        batch: al.shape()[..r - 2].to_vec(),
        m: al.shape()[r - 2],
        k: al.shape()[r - 1],
        n: bl.shape()[bl.ndim() - 1],
    }
}

/// Storage offset of every batch element of `l`, in C order of the batch index.
fn batch_offsets(l: &Layout, batch: &[usize]) -> Vec<isize> {
    let nb = batch.len();
    let bl = Layout::new(batch.to_vec(), l.strides()[..nb].to_vec(), l.offset())
        .expect("batch dims of a valid layout");
    bl.indices().map(|i| i as isize).collect()
}

/// `(transpose, leading dimension)` when the last two axes (`r x c`, strides `s0, s1`)
/// can be handed to row-major `gemm` as they are.
fn blas_view(r: usize, c: usize, s0: isize, s1: isize) -> Option<(bool, usize)> {
    let row = (c <= 1 || s1 == 1) && (r <= 1 || s0 >= c.max(1) as isize);
    if row {
        return Some((false, if r <= 1 { c.max(1) } else { s0 as usize }));
    }
    let col = (r <= 1 || s0 == 1) && (c <= 1 || s1 >= r.max(1) as isize);
    if col {
        return Some((true, if c <= 1 { r.max(1) } else { s1 as usize }));
    }
    None
}

/// A matrix operand prepared for BLAS: its buffer (the original or a contiguous copy),
/// layout and view.
fn prepare<'a>(
    buf: &'a CpuBuffer,
    l: &'a Layout,
    tmp: &'a mut Option<(CpuBuffer, Layout)>,
) -> Result<(&'a CpuBuffer, &'a Layout, bool, usize)> {
    let r = l.ndim();
    let (rows, cols) = (l.shape()[r - 2], l.shape()[r - 1]);
    let (s0, s1) = (l.strides()[r - 2], l.strides()[r - 1]);
    let batch_ok = l.strides()[..r - 2].iter().all(|&s| s >= 0);
    if batch_ok
        && let Some((t, ld)) = blas_view(rows, cols, s0, s1)
        && fits_int(ld)
    {
        return Ok((buf, l, t, ld));
    }
    let mut c = CpuBuffer::for_output(buf.dtype(), l.numel())?;
    super::copy::copy(buf, l, &mut c)?;
    let (cb, cl) = tmp.insert((c, Layout::contiguous(l.shape())));
    Ok((cb, cl, false, cols.max(1)))
}

fn fits_int(v: usize) -> bool {
    v <= i32::MAX as usize
}

/// Matrix product of `a` and `b` into `out` (dtypes equal).
pub fn matmul(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let d = dims(al, bl);
    if out.is_empty() {
        return Ok(());
    }
    let blas = matches!(a.dtype(), DType::F32 | DType::F64)
        && [d.m, d.n, d.k, al.numel(), bl.numel()]
            .into_iter()
            .all(fits_int);
    if !blas {
        return with_dtype!(a.dtype(), |T| matmul_fallback::<T>((a, al), (b, bl), out));
    }
    if d.k == 0 {
        return with_dtype!(out.dtype(), |T| {
            out.as_mut_slice::<T>()?.fill(T::default());
            Ok(())
        });
    }
    let (mut ta, mut tb) = (None, None);
    let (a, al, transa, lda) = prepare(a, al, &mut ta)?;
    let (b, bl, transb, ldb) = prepare(b, bl, &mut tb)?;
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    let tr = |t: bool| {
        if t {
            CBLAS_TRANSPOSE::CblasTrans
        } else {
            CBLAS_TRANSPOSE::CblasNoTrans
        }
    };
    let (m, n, k) = (d.m as i32, d.n as i32, d.k as i32);
    let mn = d.m * d.n;
    macro_rules! gemm {
        ($t:ty, $f:ident) => {{
            let (xa, xb) = (a.as_slice::<$t>()?, b.as_slice::<$t>()?);
            let o = out.as_mut_slice::<$t>()?;
            for (bi, (&pa, &pb)) in oa.iter().zip(&ob).enumerate() {
                let c = &mut o[bi * mn..(bi + 1) * mn];
                // Bounds the pointers below: every element gemm reads lies inside the
                // checked layouts, which fit their buffers.
                let (pa, pb) = (&xa[pa as usize..], &xb[pb as usize..]);
                // SAFETY: `pa`/`pb` start at the matrix origin and (by the layout fit
                // checked by the host, and `blas_view`) cover every element gemm reads with
                // the given transposes and leading dimensions; `c` is exactly `m * n`
                // elements written row-major with ldc = n; all sizes fit `i32`.
                unsafe {
                    $f(
                        CBLAS_LAYOUT::CblasRowMajor,
                        tr(transa),
                        tr(transb),
                        m,
                        n,
                        k,
                        1.0,
                        pa.as_ptr(),
                        lda as i32,
                        pb.as_ptr(),
                        ldb as i32,
                        0.0,
                        c.as_mut_ptr(),
                        n.max(1),
                    )
                };
            }
            Ok(())
        }};
    }
    if a.dtype() == DType::F32 {
        gemm!(f32, cblas_sgemm)
    } else {
        gemm!(f64, cblas_dgemm)
    }
}

/// The accumulator of the general kernel for one element type.
pub trait Acc: Copy + Send + Sync {
    /// Additive identity.
    const ZERO: Self;
    /// `self + a * b`.
    fn fma(self, a: Self, b: Self) -> Self;
}
impl Acc for f64 {
    const ZERO: f64 = 0.0;
    #[inline]
    fn fma(self, a: f64, b: f64) -> f64 {
        self + a * b
    }
}
impl Acc for i64 {
    const ZERO: i64 = 0;
    #[inline]
    fn fma(self, a: i64, b: i64) -> i64 {
        self.wrapping_add(a.wrapping_mul(b))
    }
}
impl Acc for bool {
    const ZERO: bool = false;
    #[inline]
    fn fma(self, a: bool, b: bool) -> bool {
        self | (a & b)
    }
}

/// Element types with a general matmul kernel and their accumulator.
pub trait MatElem: Castable {
    /// The accumulator type.
    type A: Acc;
    /// To the accumulator.
    fn acc(self) -> Self::A;
    /// From the accumulator (cast rules).
    fn from_acc(a: Self::A) -> Self;
}
macro_rules! mat_elem {
    ($a:ty, $($t:ty),*) => {$(
        impl MatElem for $t {
            type A = $a;
            #[inline] fn acc(self) -> $a { match self.wide() { Wide::F(f) => f as $a, Wide::I(i) => i as $a } }
            #[inline] fn from_acc(a: $a) -> $t { convert::<$a, $t>(a) }
        }
    )*};
}
mat_elem!(f64, half::f16, half::bf16, f32, f64);
mat_elem!(i64, u8, i32, i64);
impl MatElem for bool {
    type A = bool;
    fn acc(self) -> bool {
        self
    }
    fn from_acc(a: bool) -> bool {
        a
    }
}

/// The general kernel for any dtype: both operands are converted to contiguous
/// accumulator matrices, then `out[i, :] = sum_p a[i, p] * b[p, :]` row by row.
pub fn matmul_fallback<T: MatElem + Pod>(
    (a, al): (&CpuBuffer, &Layout),
    (b, bl): (&CpuBuffer, &Layout),
    out: &mut CpuBuffer,
) -> Result<()> {
    let d = dims(al, bl);
    let (xa, xb) = (a.as_slice::<T>()?, b.as_slice::<T>()?);
    let o = out.as_mut_slice::<T>()?;
    let ra = al.ndim();
    let (sa0, sa1) = (al.strides()[ra - 2], al.strides()[ra - 1]);
    let (sb0, sb1) = (bl.strides()[ra - 2], bl.strides()[ra - 1]);
    let (oa, ob) = (batch_offsets(al, &d.batch), batch_offsets(bl, &d.batch));
    let (m, k, n) = (d.m, d.k, d.n);
    let mut am = vec![T::A::ZERO; m * k];
    let mut bm = vec![T::A::ZERO; k * n];
    let mut row = vec![T::A::ZERO; n];
    for (bi, (&pa, &pb)) in oa.iter().zip(&ob).enumerate() {
        for i in 0..m {
            for p in 0..k {
                am[i * k + p] = xa[(pa + i as isize * sa0 + p as isize * sa1) as usize].acc();
            }
        }
        for p in 0..k {
            for j in 0..n {
                bm[p * n + j] = xb[(pb + p as isize * sb0 + j as isize * sb1) as usize].acc();
            }
        }
        for i in 0..m {
            row.fill(T::A::ZERO);
            for p in 0..k {
                let av = am[i * k + p];
                for (r, &bv) in row.iter_mut().zip(&bm[p * n..(p + 1) * n]) {
                    *r = r.fma(av, bv);
                }
            }
            for (dst, &r) in o[(bi * m + i) * n..(bi * m + i + 1) * n]
                .iter_mut()
                .zip(&row)
            {
                *dst = T::from_acc(r);
            }
        }
    }
    Ok(())
}
