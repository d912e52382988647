//! Kernels, one module per op family, and what they share: the strided row walker that
//! every elementwise kernel runs on, the parallel driver, the element traits the kernels are
//! generic over ([`Float`], [`Int`]) and the dtype dispatch macros.
//!
//! # Iteration
//! The output of every op is contiguous, so elementwise kernels walk the *output* in C
//! order. [`Plan`] drops size-1 axes and merges axes that are contiguous in every operand,
//! so a contiguous (or uniformly strided) input becomes one long row with a unit stride,
//! which LLVM vectorises; [`Plan::rows`] then hands out `(position, offsets, length)` rows.
//! Above [`PAR_MIN`] elements the output is split into fixed chunks processed in parallel
//! by the calling thread and the pool's workers ([`par`]); elementwise results never
//! depend on the split.

pub mod binary;
pub mod cast;
pub mod columns;
pub mod copy;
pub mod creation;
pub mod gemv;
pub mod halfconv;
pub mod matmul;
pub mod par;
pub mod reduce;
pub mod simd;
pub mod softmax;
pub mod unary;
pub mod vbinary;
pub mod vmath;
pub mod vunary;

use crate::buffer::Pod;
use half::slice::HalfFloatSliceExt;
use half::{bf16, f16};
use tensor_core::Layout;

/// Element count from which elementwise kernels run on several threads.
pub const PAR_MIN: usize = 1 << 16;
/// Chunk of output elements per parallel task.
pub const PAR_CHUNK: usize = 1 << 14;

/// Whether the CPU has AVX2 and FMA (detected once by `std`, then a cached load).
///
/// The crate is built for the baseline `x86_64` target (SSE2), so hot loops are vectorised
/// with 128-bit registers unless they are compiled inside a `#[target_feature(enable =
/// "avx2,fma")]` function. Such twins (the `leaf_ext_avx2` scan of `reduce`, the
/// intrinsics of [`simd`], the kernels of [`vmath`]) are called when this returns true;
/// the first kind inlines an `#[inline(always)]` portable body. Results are identical
/// on both paths: Rust never contracts `a * b + c` into an FMA by itself, and explicit
/// `mul_add`s are fused on both paths.
///
/// `TENSOR_CPU_ISA=baseline` makes this false whatever the CPU, so that the portable
/// kernels can be run and graded on any machine (`TENSOR_CPU_ISA=x86-64-v3` keeps AVX2 and
/// turns off AVX-512, see [`has_avx512`]; [`crate::isa`]); unit tests switch paths with
/// `force_isa` (a test-only hook).
#[inline(always)]
pub fn has_avx2() -> bool {
    crate::isa::avx2()
}

/// Whether the AVX-512 twins may run (the column reductions of [`columns`]): AVX-512 F on
/// top of the AVX2 level, within the `TENSOR_CPU_ISA` cap ([`crate::isa`]).
#[inline(always)]
pub fn has_avx512() -> bool {
    crate::isa::avx512()
}

/// Test hook: caps the instruction-set level (1 baseline, 2 AVX2, 3 AVX-512; 0 reads the
/// environment again). Results must not depend on it; tests that compare the paths hold
/// a lock around each side (other tests running meanwhile just take either path).
#[cfg(test)]
pub fn force_isa(level: u8) {
    crate::isa::force(level);
}

/// Generates `$name`, which runs the `#[inline(always)]` function `$body` on the widest
/// instruction set [`crate::isa`] allows: an AVX-512 F twin, an AVX2 + FMA twin, or the
/// portable build.
macro_rules! twins {
    ($(#[$m:meta])* fn $name:ident<$($g:ident: $b:path),*>($($a:ident: $t:ty),*) $(-> $r:ty)? = $body:ident;) => {
        $(#[$m])*
        #[allow(clippy::too_many_arguments)]
        fn $name<$($g: $b),*>($($a: $t),*) $(-> $r)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx2,fma")]
                #[allow(clippy::too_many_arguments)]
                fn wide<$($g: $b),*>($($a: $t),*) $(-> $r)? {
                    $body::<$($g),*>($($a),*)
                }
                #[target_feature(enable = "avx2,fma")]
                #[allow(clippy::too_many_arguments)]
                fn mid<$($g: $b),*>($($a: $t),*) $(-> $r)? {
                    $body::<$($g),*>($($a),*)
                }
                if $crate::ops::has_avx512() {
                    // SAFETY: the CPU has AVX-512 F, AVX2 and FMA (checked just above).
                    return unsafe { wide::<$($g),*>($($a),*) };
                }
                if $crate::ops::has_avx2() {
                    // SAFETY: the CPU has AVX2 and FMA (checked just above).
                    return unsafe { mid::<$($g),*>($($a),*) };
                }
            }
            $body::<$($g),*>($($a),*)
        }
    };
}

pub(crate) use twins;

/// Dispatches a run-time float dtype to `$T`; other dtypes evaluate `$other`.
macro_rules! with_float {
    ($dt:expr, |$T:ident| $body:expr, _ => $other:expr) => {
        match $dt {
            tensor_core::DType::F16 => {
                type $T = half::f16;
                $body
            }
            tensor_core::DType::BF16 => {
                type $T = half::bf16;
                $body
            }
            tensor_core::DType::F32 => {
                type $T = f32;
                $body
            }
            tensor_core::DType::F64 => {
                type $T = f64;
                $body
            }
            _ => $other,
        }
    };
}
/// Dispatches a run-time integer dtype (`u8`, `i32`, `i64`) to `$T`; others evaluate
/// `$other`.
macro_rules! with_int {
    ($dt:expr, |$T:ident| $body:expr, _ => $other:expr) => {
        match $dt {
            tensor_core::DType::U8 => {
                type $T = u8;
                $body
            }
            tensor_core::DType::I32 => {
                type $T = i32;
                $body
            }
            tensor_core::DType::I64 => {
                type $T = i64;
                $body
            }
            _ => $other,
        }
    };
}
pub(crate) use {with_float, with_int};

/// Axes of `N` same-shaped operands after dropping size-1 axes and merging axes that are
/// contiguous with each other in every operand. Never empty: a scalar is one row of 1.
#[derive(Debug, Clone)]
pub struct Plan<const N: usize> {
    shape: Vec<usize>,
    strides: [Vec<isize>; N],
    offsets: [isize; N],
}

impl<const N: usize> Plan<N> {
    /// Builds the plan for operands of one shape.
    pub fn new(layouts: [&Layout; N]) -> Self {
        let full = layouts[0].shape();
        let mut shape: Vec<usize> = Vec::new();
        let mut strides: [Vec<isize>; N] = std::array::from_fn(|_| Vec::new());
        for (ax, &d) in full.iter().enumerate() {
            if d == 1 {
                continue;
            }
            let merge = !shape.is_empty()
                && (0..N)
                    .all(|k| *strides[k].last().unwrap() == layouts[k].strides()[ax] * d as isize);
            if merge {
                *shape.last_mut().unwrap() *= d;
                for k in 0..N {
                    *strides[k].last_mut().unwrap() = layouts[k].strides()[ax];
                }
            } else {
                shape.push(d);
                for k in 0..N {
                    strides[k].push(layouts[k].strides()[ax]);
                }
            }
        }
        if shape.is_empty() {
            shape.push(1);
            for s in strides.iter_mut() {
                s.push(0);
            }
        }
        Plan {
            shape,
            strides,
            offsets: std::array::from_fn(|k| layouts[k].offset() as isize),
        }
    }

    /// Merged shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Merged strides of operand `k`.
    pub fn strides(&self, k: usize) -> &[isize] {
        &self.strides[k]
    }

    /// Stride of each operand along the innermost (row) axis.
    pub fn inner_strides(&self) -> [isize; N] {
        std::array::from_fn(|k| *self.strides[k].last().unwrap())
    }

    /// Calls `f(pos, offsets, len)` for each row piece covering flat output positions
    /// `start..end` in C order; `offsets[k]` is operand `k`'s storage index at `pos`.
    pub fn rows(&self, start: usize, end: usize, mut f: impl FnMut(usize, [isize; N], usize)) {
        if start >= end {
            return;
        }
        let nd = self.shape.len();
        let inner = self.shape[nd - 1];
        // The position's index per axis: on the stack for up to `MAX_INLINE` axes (the
        // closure runs per chunk and per softmax row, so a heap block each time shows up).
        const MAX_INLINE: usize = 16;
        let mut inline = [0usize; MAX_INLINE];
        let mut heap = Vec::new();
        let idx: &mut [usize] = if nd <= MAX_INLINE {
            &mut inline[..nd]
        } else {
            heap.resize(nd, 0);
            &mut heap
        };
        let mut rem = start;
        for d in (0..nd).rev() {
            idx[d] = rem % self.shape[d];
            rem /= self.shape[d];
        }
        let mut base: [isize; N] = std::array::from_fn(|k| {
            self.offsets[k]
                + (0..nd)
                    .map(|d| idx[d] as isize * self.strides[k][d])
                    .sum::<isize>()
        });
        let mut pos = start;
        while pos < end {
            let len = (inner - idx[nd - 1]).min(end - pos);
            f(pos, base, len);
            pos += len;
            idx[nd - 1] += len;
            for (k, b) in base.iter_mut().enumerate() {
                *b += len as isize * self.strides[k][nd - 1];
            }
            let mut d = nd - 1;
            while d > 0 && idx[d] == self.shape[d] {
                for (k, b) in base.iter_mut().enumerate() {
                    *b += self.strides[k][d - 1] - self.shape[d] as isize * self.strides[k][d];
                }
                idx[d] = 0;
                d -= 1;
                idx[d] += 1;
            }
        }
    }

    /// Runs `row(out_piece, offsets)` over the whole contiguous output, in parallel above
    /// [`PAR_MIN`] elements. When an operand reads its rows with a stride while the next
    /// axis out is denser (a transposed view), the output is walked in tiles of
    /// [`TILE_ROWS`] x [`TILE_COLS`] instead of whole rows, so that the cache lines of that
    /// operand are used by the rows of a tile before they are evicted.
    pub fn drive<O: Send>(&self, out: &mut [O], row: impl Fn(&mut [O], [isize; N]) + Sync) {
        let n = out.len();
        if self.tiled() {
            self.drive_tiled(out, &row);
            return;
        }
        if n < PAR_MIN {
            self.rows(0, n, |pos, b, len| row(&mut out[pos..pos + len], b));
        } else {
            par::chunks_mut(out, PAR_CHUNK, |c, chunk| {
                let s = c * PAR_CHUNK;
                self.rows(s, s + chunk.len(), |pos, b, len| {
                    row(&mut chunk[pos - s..pos - s + len], b)
                });
            });
        }
    }
}

impl<const N: usize> Plan<N> {
    /// Whether [`Plan::drive`] walks in tiles: rows longer than a tile's, at least two of
    /// them, and an operand whose row stride exceeds (in magnitude) its stride along the
    /// next axis out.
    fn tiled(&self) -> bool {
        let nd = self.shape.len();
        if nd < 2 || self.shape[nd - 1] <= TILE_COLS / 2 || self.shape[nd - 2] < 2 {
            return false;
        }
        (0..N).any(|k| {
            let inner = self.strides[k][nd - 1].unsigned_abs();
            inner > 1 && self.strides[k][nd - 2].unsigned_abs() < inner
        })
    }

    /// The tiled walk of [`Plan::drive`]: blocks of [`TILE_ROWS`] output rows (in parallel
    /// above [`PAR_MIN`] elements), each in column tiles of [`TILE_COLS`].
    fn drive_tiled<O: Send>(&self, out: &mut [O], row: &(impl Fn(&mut [O], [isize; N]) + Sync)) {
        let c = *self.shape.last().expect("never empty");
        let inner = self.inner_strides();
        let block = |r0: usize, o: &mut [O]| {
            let k = o.len() / c;
            let mut base = [[0isize; N]; TILE_ROWS];
            for (i, b) in base[..k].iter_mut().enumerate() {
                let p = (r0 + i) * c;
                self.rows(p, p + 1, |_, off, _| *b = off);
            }
            for j0 in (0..c).step_by(TILE_COLS) {
                let len = TILE_COLS.min(c - j0);
                for (i, b) in base[..k].iter().enumerate() {
                    let off = std::array::from_fn(|q| b[q] + j0 as isize * inner[q]);
                    row(&mut o[i * c + j0..i * c + j0 + len], off);
                }
            }
        };
        if out.len() < PAR_MIN {
            for (bi, o) in out.chunks_mut(TILE_ROWS * c).enumerate() {
                block(bi * TILE_ROWS, o);
            }
        } else {
            par::chunks_mut(out, TILE_ROWS * c, |bi, o| block(bi * TILE_ROWS, o));
        }
    }
}

/// Output rows per tile of the tiled walk ([`Plan::drive`]).
pub const TILE_ROWS: usize = 16;
/// Output columns per tile of the tiled walk.
pub const TILE_COLS: usize = 256;

/// `out[i] = f(x[i])` over two slices of one length.
#[inline(always)]
fn slice1_body<A: Pod, O: Pod, F: Fn(A) -> O>(x: &[A], out: &mut [O], f: &F) {
    for (o, &v) in out.iter_mut().zip(x) {
        *o = f(v);
    }
}

twins! {
    /// [`slice1_body`] on the widest instruction set allowed: the closure is inlined into
    /// each twin, so a comparison, a predicate or a `max` vectorises with AVX2 or AVX-512
    /// where the CPU has them. The operations are IEEE's (Rust never fuses `a * b + c`
    /// by itself, and explicit `mul_add`s are fused on every path), so the bits are the
    /// same on every path.
    fn slice1<A: Pod, O: Pod, F: Fn(A) -> O>(x: &[A], out: &mut [O], f: &F) = slice1_body;
}

/// `out[i] = f(a[i], b[i])` over three slices of one length.
#[inline(always)]
fn slice2_body<A: Pod, B: Pod, O: Pod, F: Fn(A, B) -> O>(a: &[A], b: &[B], out: &mut [O], f: &F) {
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        *o = f(x, y);
    }
}

twins! {
    /// [`slice2_body`] on the widest instruction set allowed, as [`slice1`].
    fn slice2<A: Pod, B: Pod, O: Pod, F: Fn(A, B) -> O>(a: &[A], b: &[B], out: &mut [O], f: &F) = slice2_body;
}

/// `out[i] = f(x[i])` over a strided input.
pub fn map1<A: Pod, O: Pod>(x: &[A], xl: &Layout, out: &mut [O], f: impl Fn(A) -> O + Sync) {
    if out.is_empty() {
        return;
    }
    if out.len() < PAR_MIN && xl.is_contiguous() {
        // As in `map2`: no plan for a small contiguous input.
        let (n, o0) = (out.len(), xl.offset());
        slice1(&x[o0..o0 + n], out, &f);
        return;
    }
    let plan = Plan::new([xl]);
    let [s] = plan.inner_strides();
    plan.drive(out, |o, [b]| {
        let b = b as usize;
        let n = o.len();
        if s == 1 {
            slice1(&x[b..b + n], o, &f);
        } else if s == 0 {
            o.fill(f(x[b]));
        } else {
            for (j, o) in o.iter_mut().enumerate() {
                *o = f(x[(b as isize + j as isize * s) as usize]);
            }
        }
    });
}

/// `out = kernel(x)` over a strided input, for kernels that take whole slices (e.g. the
/// vectorised functions of [`vmath`]): unit-stride rows go to `kernel` directly, other rows
/// are gathered into a small buffer first.
pub fn map1_slices<A: Pod, O: Pod>(
    x: &[A],
    xl: &Layout,
    out: &mut [O],
    kernel: impl Fn(&[A], &mut [O]) + Sync,
) {
    let n = out.len();
    if n == 0 {
        return;
    }
    if n < PAR_MIN && xl.is_contiguous() {
        // As in `map1`: no plan to build for a small contiguous input.
        let o0 = xl.offset();
        kernel(&x[o0..o0 + n], out);
        return;
    }
    let plan = Plan::new([xl]);
    let [s] = plan.inner_strides();
    plan.drive(out, |o, [b]| {
        let n = o.len();
        if s == 1 {
            let b = b as usize;
            kernel(&x[b..b + n], o);
        } else {
            let mut buf = [A::default(); 256];
            for (c, oc) in o.chunks_mut(256).enumerate() {
                let base = b + (c * 256) as isize * s;
                for (j, v) in buf[..oc.len()].iter_mut().enumerate() {
                    *v = x[(base + j as isize * s) as usize];
                }
                kernel(&buf[..oc.len()], oc);
            }
        }
    });
}

/// `out = kernel(a, b)` over strided operands of one shape, for kernels that take whole
/// slices (as [`map1_slices`]): rows where both operands have unit stride go to `kernel`
/// directly, other rows are gathered into small buffers first.
pub fn map2_slices<T: Pod, O: Pod>(
    (a, al): (&[T], &Layout),
    (b, bl): (&[T], &Layout),
    out: &mut [O],
    kernel: impl Fn(&[T], &[T], &mut [O]) + Sync,
) {
    let n = out.len();
    if n == 0 {
        return;
    }
    if n < PAR_MIN && al.is_contiguous() && bl.is_contiguous() {
        // No plan to build for a small contiguous call.
        let (oa, ob) = (al.offset(), bl.offset());
        kernel(&a[oa..oa + n], &b[ob..ob + n], out);
        return;
    }
    let plan = Plan::new([al, bl]);
    let [sa, sb] = plan.inner_strides();
    plan.drive(out, |o, [oa, ob]| {
        let n = o.len();
        if sa == 1 && sb == 1 {
            let (oa, ob) = (oa as usize, ob as usize);
            kernel(&a[oa..oa + n], &b[ob..ob + n], o);
            return;
        }
        let mut ba = [T::default(); VIA];
        let mut bb = [T::default(); VIA];
        for (c, oc) in o.chunks_mut(VIA).enumerate() {
            let (m, k) = (oc.len(), (c * VIA) as isize);
            for (j, (va, vb)) in ba[..m].iter_mut().zip(&mut bb[..m]).enumerate() {
                let j = k + j as isize;
                *va = a[(oa + j * sa) as usize];
                *vb = b[(ob + j * sb) as usize];
            }
            kernel(&ba[..m], &bb[..m], oc);
        }
    });
}

/// `out[i] = f(a[i], b[i])` over strided inputs of one shape.
pub fn map2<A: Pod, B: Pod, O: Pod>(
    a: &[A],
    al: &Layout,
    b: &[B],
    bl: &Layout,
    out: &mut [O],
    f: impl Fn(A, B) -> O + Sync,
) {
    if out.is_empty() {
        return;
    }
    if out.len() < PAR_MIN && al.is_contiguous() && bl.is_contiguous() {
        // Small contiguous operands: one slice loop, no plan to build (a tiny op's cost is
        // mostly fixed overhead).
        let (n, oa, ob) = (out.len(), al.offset(), bl.offset());
        slice2(&a[oa..oa + n], &b[ob..ob + n], out, &f);
        return;
    }
    let plan = Plan::new([al, bl]);
    let [sa, sb] = plan.inner_strides();
    plan.drive(out, |o, [oa, ob]| {
        let n = o.len();
        let (oa, ob) = (oa as usize, ob as usize);
        match (sa, sb) {
            (1, 1) => slice2(&a[oa..oa + n], &b[ob..ob + n], o, &f),
            (1, 0) => {
                let y = b[ob];
                slice1(&a[oa..oa + n], o, &|x| f(x, y));
            }
            (0, 1) => {
                let x = a[oa];
                slice1(&b[ob..ob + n], o, &|y| f(x, y));
            }
            _ => {
                for (j, o) in o.iter_mut().enumerate() {
                    let j = j as isize;
                    *o = f(
                        a[(oa as isize + j * sa) as usize],
                        b[(ob as isize + j * sb) as usize],
                    );
                }
            }
        }
    });
}

/// `out[i] = f(a[i], b[i], c[i])` over strided inputs of one shape.
pub fn map3<A: Pod, B: Pod, C: Pod, O: Pod>(
    (a, al): (&[A], &Layout),
    (b, bl): (&[B], &Layout),
    (c, cl): (&[C], &Layout),
    out: &mut [O],
    f: impl Fn(A, B, C) -> O + Sync,
) {
    let plan = Plan::new([al, bl, cl]);
    let [sa, sb, sc] = plan.inner_strides();
    plan.drive(out, |o, [oa, ob, oc]| {
        for (j, o) in o.iter_mut().enumerate() {
            let j = j as isize;
            *o = f(
                a[(oa + j * sa) as usize],
                b[(ob + j * sb) as usize],
                c[(oc + j * sc) as usize],
            );
        }
    });
}

/// The native float types the kernels compute in (`f32`, `f64`), with the correctly
/// rounded CORE-MATH functions and the project's definitions of the remaining ops.
pub trait CFloat:
    Copy
    + PartialOrd
    + Send
    + Sync
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Rem<Output = Self>
    + std::ops::Neg<Output = Self>
{
    /// 0
    const ZERO: Self;
    /// 1
    const ONE: Self;
    /// Exact widening.
    fn f64(self) -> f64;
    /// Rounding narrowing.
    fn of_f64(v: f64) -> Self;
    /// NaN test.
    fn is_nan(self) -> bool;
    /// Infinity test.
    fn is_inf(self) -> bool;
    /// `floor`.
    fn floor(self) -> Self;
    /// `ceil`.
    fn ceil(self) -> Self;
    /// `trunc`.
    fn trunc(self) -> Self;
    /// Round half to even.
    fn round_even(self) -> Self;
    /// `abs`.
    fn abs(self) -> Self;
    /// `copysign`.
    fn copysign(self, s: Self) -> Self;
    /// Correctly rounded square root.
    fn sqrt(self) -> Self;
    /// `1/(1+e^-x)`, accurate for large negative `x`.
    fn sigmoid(self) -> Self;
    /// `x^y` (correctly rounded).
    fn pow(self, y: Self) -> Self;
    /// `atan2(self, x)` (correctly rounded).
    fn atan2(self, x: Self) -> Self;
    /// `e^x`
    fn exp(self) -> Self;
    /// `2^x`
    fn exp2(self) -> Self;
    /// `e^x - 1`
    fn expm1(self) -> Self;
    /// natural log
    fn ln(self) -> Self;
    /// base-2 log
    fn log2(self) -> Self;
    /// base-10 log
    fn log10(self) -> Self;
    /// `ln(1+x)`
    fn log1p(self) -> Self;
    /// sine
    fn sin(self) -> Self;
    /// cosine
    fn cos(self) -> Self;
    /// tangent
    fn tan(self) -> Self;
    /// arcsine
    fn asin(self) -> Self;
    /// arccosine
    fn acos(self) -> Self;
    /// arctangent
    fn atan(self) -> Self;
    /// hyperbolic sine
    fn sinh(self) -> Self;
    /// hyperbolic cosine
    fn cosh(self) -> Self;
    /// hyperbolic tangent
    fn tanh(self) -> Self;
    /// inverse hyperbolic sine
    fn asinh(self) -> Self;
    /// inverse hyperbolic cosine
    fn acosh(self) -> Self;
    /// inverse hyperbolic tangent
    fn atanh(self) -> Self;
    /// error function
    fn erf(self) -> Self;
    /// `1/sqrt(x)`
    fn rsqrt(self) -> Self;
}

/// Sigmoid in `f64`: `1/(1+e^-x)` for `x >= 0`, `e^x/(1+e^x)` below, so that large
/// negative arguments keep full relative accuracy (down to the subnormals).
pub fn sigmoid_f64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + crate::cmath::f64::exp(-x))
    } else {
        let e = crate::cmath::f64::exp(x);
        e / (1.0 + e)
    }
}

macro_rules! cfloat {
    ($t:ty, $sig:expr, $pow:path, $atan2:path, { $($name:ident = $f:path),* $(,)? }) => {
        impl CFloat for $t {
            const ZERO: $t = 0.0;
            const ONE: $t = 1.0;
            #[inline] fn f64(self) -> f64 { self as f64 }
            #[inline] fn of_f64(v: f64) -> $t { v as $t }
            #[inline] fn is_nan(self) -> bool { <$t>::is_nan(self) }
            #[inline] fn is_inf(self) -> bool { <$t>::is_infinite(self) }
            #[inline] fn floor(self) -> $t { <$t>::floor(self) }
            #[inline] fn ceil(self) -> $t { <$t>::ceil(self) }
            #[inline] fn trunc(self) -> $t { <$t>::trunc(self) }
            #[inline] fn round_even(self) -> $t { <$t>::round_ties_even(self) }
            #[inline] fn abs(self) -> $t { <$t>::abs(self) }
            #[inline] fn copysign(self, s: $t) -> $t { <$t>::copysign(self, s) }
            #[inline] fn sqrt(self) -> $t { <$t>::sqrt(self) }
            #[inline] fn sigmoid(self) -> $t { $sig(self) }
            $(#[inline] fn $name(self) -> $t { $f(self) })*
            #[inline] fn pow(self, y: $t) -> $t { $pow(self, y) }
            #[inline] fn atan2(self, x: $t) -> $t { $atan2(self, x) }
        }
    };
}

cfloat!(f32, |x: f32| sigmoid_f64(x as f64) as f32, crate::cmath::f32::powf, crate::cmath::f32::atan2f, {
    exp = crate::cmath::f32::expf, exp2 = crate::cmath::f32::exp2f, expm1 = crate::cmath::f32::expm1f,
    ln = crate::cmath::f32::logf, log2 = crate::cmath::f32::log2f, log10 = crate::cmath::f32::log10f,
    log1p = crate::cmath::f32::log1pf, sin = crate::cmath::f32::sinf, cos = crate::cmath::f32::cosf,
    tan = crate::cmath::f32::tanf, asin = crate::cmath::f32::asinf, acos = crate::cmath::f32::acosf,
    atan = crate::cmath::f32::atanf, sinh = crate::cmath::f32::sinhf, cosh = crate::cmath::f32::coshf,
    tanh = crate::cmath::f32::tanhf, asinh = crate::cmath::f32::asinhf, acosh = crate::cmath::f32::acoshf,
    atanh = crate::cmath::f32::atanhf, erf = crate::cmath::f32::erff, rsqrt = crate::cmath::f32::rsqrtf,
});
cfloat!(f64, sigmoid_f64, crate::cmath::f64::pow, crate::cmath::f64::atan2, {
    exp = crate::cmath::f64::exp, exp2 = crate::cmath::f64::exp2, expm1 = crate::cmath::f64::expm1,
    ln = crate::cmath::f64::log, log2 = crate::cmath::f64::log2, log10 = crate::cmath::f64::log10,
    log1p = crate::cmath::f64::log1p, sin = crate::cmath::f64::sin, cos = crate::cmath::f64::cos,
    tan = crate::cmath::f64::tan, asin = crate::cmath::f64::asin, acos = crate::cmath::f64::acos,
    atan = crate::cmath::f64::atan, sinh = crate::cmath::f64::sinh, cosh = crate::cmath::f64::cosh,
    tanh = crate::cmath::f64::tanh, asinh = crate::cmath::f64::asinh, acosh = crate::cmath::f64::acosh,
    atanh = crate::cmath::f64::atanh, erf = crate::cmath::f64::erf, rsqrt = crate::cmath::f64::rsqrt,
});

/// A float element type: computed in its [`CFloat`] type `C` (`f32` for `f16`, `bf16`,
/// `f32`; `f64` for `f64`) and rounded back once.
pub trait Float: Pod {
    /// The compute type.
    type C: vbinary::Rem;
    /// Exact widening to the compute type.
    fn up(self) -> Self::C;
    /// Rounding back from the compute type.
    fn down(c: Self::C) -> Self;
    /// True for `f16`/`bf16`, whose kernels widen whole slices to `f32` ([`halfconv`]),
    /// compute there and narrow back, instead of converting element by element.
    const HALF: bool = false;
    /// `dst[i] = src[i].up()` (same lengths).
    #[inline]
    fn up_slice(src: &[Self], dst: &mut [Self::C]) {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = s.up();
        }
    }
    /// `dst[i] = Self::down(src[i])` (same lengths).
    #[inline]
    fn down_slice(src: &[Self::C], dst: &mut [Self]) {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = Self::down(s);
        }
    }
}

impl Float for f32 {
    type C = f32;
    #[inline]
    fn up(self) -> f32 {
        self
    }
    #[inline]
    fn down(c: f32) -> f32 {
        c
    }
}
impl Float for f64 {
    type C = f64;
    #[inline]
    fn up(self) -> f64 {
        self
    }
    #[inline]
    fn down(c: f64) -> f64 {
        c
    }
}
impl Float for f16 {
    type C = f32;
    #[inline]
    fn up(self) -> f32 {
        self.to_f32()
    }
    #[inline]
    fn down(c: f32) -> f16 {
        f16::from_f32(c)
    }
    const HALF: bool = true;
    #[inline]
    fn up_slice(src: &[f16], dst: &mut [f32]) {
        halfconv::f16_to_f32(src, dst)
    }
    #[inline]
    fn down_slice(src: &[f32], dst: &mut [f16]) {
        halfconv::f32_to_f16(src, dst)
    }
}
impl Float for bf16 {
    type C = f32;
    #[inline]
    fn up(self) -> f32 {
        self.to_f32()
    }
    #[inline]
    fn down(c: f32) -> bf16 {
        bf16::from_f32(c)
    }
    const HALF: bool = true;
    #[inline]
    fn up_slice(src: &[bf16], dst: &mut [f32]) {
        halfconv::bf16_to_f32(src, dst)
    }
    #[inline]
    fn down_slice(src: &[f32], dst: &mut [bf16]) {
        halfconv::f32_to_bf16(src, dst)
    }
}

/// Block of the slice-widening kernels ([`map1_via`], [`map2_via`], the `f16`/`bf16`
/// sums): elements widened to the compute type at a time, on the stack.
pub const VIA: usize = 256;

/// `out = f(x)` for a float `T`, computed on blocks of [`VIA`] elements widened with
/// [`Float::up_slice`] and narrowed with [`Float::down_slice`]; `f` transforms a block
/// of the compute type in place. Bit-identical to `T::down(g(x.up()))` element by element
/// when `f` applies `g` to each element.
pub fn map1_via<T: Float>(x: &[T], xl: &Layout, out: &mut [T], f: impl Fn(&mut [T::C]) + Sync) {
    if out.is_empty() {
        return;
    }
    map1_slices(x, xl, out, |s: &[T], o: &mut [T]| {
        let mut buf = [T::C::ZERO; VIA];
        for (sc, oc) in s.chunks(VIA).zip(o.chunks_mut(VIA)) {
            let b = &mut buf[..sc.len()];
            T::up_slice(sc, b);
            f(b);
            T::down_slice(b, oc);
        }
    });
}

/// `out = f(x)` element by element for a float `T`, `f` on the compute type: for
/// `f16`/`bf16` on a CPU with AVX-512, in one pass (sixteen lanes widened in registers,
/// `f`, narrowed: [`halfconv::fused1`]), else through
/// [`map1_via`]'s widened blocks. Bit-identical to `T::down(f(x.up()))` either way; `f`
/// should be a plain arithmetic closure, which LLVM vectorises in the AVX-512 loop.
pub fn map1_via_lanes<T: Float>(
    x: &[T],
    xl: &Layout,
    out: &mut [T],
    f: impl Fn(T::C) -> T::C + Sync,
) {
    #[cfg(target_arch = "x86_64")]
    if T::HALF && halfconv::fused_available() {
        let bf = T::DTYPE == tensor_core::DType::BF16;
        map1_slices(x, xl, out, |s: &[T], o: &mut [T]| {
            halfconv::fused1(bf, half_bits(s), half_bits_mut(o), &f);
        });
        return;
    }
    map1_via(x, xl, out, |b: &mut [T::C]| {
        for v in b {
            *v = f(*v);
        }
    });
}

/// The bit patterns of a slice of `f16`/`bf16`.
///
/// # Panics
/// Unless `T` is `f16` or `bf16`.
fn half_bits<T: Float>(s: &[T]) -> &[u16] {
    assert!(T::HALF, "half_bits of {:?}", T::DTYPE);
    // SAFETY: `T` is `f16` or `bf16` (asserted), both `repr(transparent)` over `u16`.
    unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<u16>(), s.len()) }
}

/// [`half_bits`] of a mutable slice; every `u16` is a valid `f16`/`bf16`.
fn half_bits_mut<T: Float>(s: &mut [T]) -> &mut [u16] {
    assert!(T::HALF, "half_bits_mut of {:?}", T::DTYPE);
    // SAFETY: as in `half_bits`; any bit pattern written through it is a valid `T`.
    unsafe { std::slice::from_raw_parts_mut(s.as_mut_ptr().cast::<u16>(), s.len()) }
}

/// Widens `dst.len()` elements of `x` from `base` with stride `s` into `dst`.
#[inline]
fn widen_strided<T: Float>(x: &[T], base: isize, s: isize, dst: &mut [T::C]) {
    let n = dst.len();
    match s {
        1 => T::up_slice(&x[base as usize..base as usize + n], dst),
        0 => dst.fill(x[base as usize].up()),
        _ => {
            for (j, d) in dst.iter_mut().enumerate() {
                *d = x[(base + j as isize * s) as usize].up();
            }
        }
    }
}

/// A kernel over rows of unit stride of both operands (see [`via2_blocks`]).
type RowKernel<'a, T, O> = &'a (dyn Fn(&[T], &[T], &mut [O]) + Sync);

/// The block walk of [`map2_via`] and [`map2_via_to`]: both operands widened a slice of
/// at most [`VIA`] elements at a time, then `block(a, b, out)` on the widened pieces; rows
/// where both operands have unit stride go to `contig` instead, when given.
fn via2_blocks<T: Float, O: Pod>(
    (a, al): (&[T], &Layout),
    (b, bl): (&[T], &Layout),
    out: &mut [O],
    block: impl Fn(&mut [T::C], &[T::C], &mut [O]) + Sync,
    contig: Option<RowKernel<'_, T, O>>,
) {
    if out.is_empty() {
        return;
    }
    let plan = Plan::new([al, bl]);
    let [sa, sb] = plan.inner_strides();
    plan.drive(out, |o, [oa, ob]| {
        if let Some(k) = contig
            && sa == 1
            && sb == 1
        {
            let (oa, ob, n) = (oa as usize, ob as usize, o.len());
            return k(&a[oa..oa + n], &b[ob..ob + n], o);
        }
        let mut ba = [T::C::ZERO; VIA];
        let mut bb = [T::C::ZERO; VIA];
        for (c, oc) in o.chunks_mut(VIA).enumerate() {
            let (n, k) = (oc.len(), (c * VIA) as isize);
            widen_strided(a, oa + k * sa, sa, &mut ba[..n]);
            widen_strided(b, ob + k * sb, sb, &mut bb[..n]);
            block(&mut ba[..n], &bb[..n], oc);
        }
    });
}

/// `out[i] = down(f(a[i].up(), b[i].up()))` over strided operands of one shape, on
/// blocks of [`VIA`] elements widened and narrowed a slice at a time (see [`map1_via`]).
/// With `fuse`, for `f16`/`bf16` on a CPU with AVX-512, rows where both operands have unit
/// stride are computed in one pass instead ([`halfconv::fused2`], the same bits): 1.3x to
/// 2.1x faster for the arithmetic ops at `10^6` (`docs/benchmarks.md`).
pub fn map2_via<T: Float>(
    a: (&[T], &Layout),
    b: (&[T], &Layout),
    out: &mut [T],
    fuse: bool,
    f: impl Fn(T::C, T::C) -> T::C + Sync,
) {
    // `f16`/`bf16` rows of unit stride in one pass with AVX-512 ([`halfconv::fused2`]).
    #[cfg(target_arch = "x86_64")]
    let fused = |x: &[T], y: &[T], o: &mut [T]| {
        let bf = T::DTYPE == tensor_core::DType::BF16;
        halfconv::fused2(bf, half_bits(x), half_bits(y), half_bits_mut(o), &f);
    };
    #[cfg(target_arch = "x86_64")]
    let contig: Option<RowKernel<'_, T, T>> =
        (fuse && T::HALF && halfconv::fused_available()).then_some(&fused);
    #[cfg(not(target_arch = "x86_64"))]
    let contig = None;
    via2_blocks(
        a,
        b,
        out,
        |x: &mut [T::C], y: &[T::C], o: &mut [T]| {
            for (x, &y) in x.iter_mut().zip(y) {
                *x = f(*x, y);
            }
            T::down_slice(x, o);
        },
        contig,
    );
}

/// `out[i] = f(a[i].up(), b[i].up())` for any output type (comparisons of `f16`/`bf16`),
/// widening blocks of [`VIA`] elements a slice at a time as [`map2_via`] does.
pub fn map2_via_to<T: Float, O: Pod>(
    a: (&[T], &Layout),
    b: (&[T], &Layout),
    out: &mut [O],
    f: impl Fn(T::C, T::C) -> O + Sync,
) {
    via2_blocks(
        a,
        b,
        out,
        |x: &mut [T::C], y: &[T::C], o: &mut [O]| {
            for ((o, &x), &y) in o.iter_mut().zip(x.iter()).zip(y) {
                *o = f(x, y);
            }
        },
        None,
    );
}

/// An integer element type (`u8`, `i32`, `i64`) with NumPy's wrapping arithmetic.
pub trait Int: Pod + Ord + Eq {
    /// 0
    const ZERO: Self;
    /// 1
    const ONE: Self;
    /// true for `u8`
    const UNSIGNED: bool;
    /// Wrapping `a + b`.
    fn add(self, b: Self) -> Self;
    /// Wrapping `a - b`.
    fn sub(self, b: Self) -> Self;
    /// Wrapping `a * b`.
    fn mul(self, b: Self) -> Self;
    /// Wrapping `-a`.
    fn neg(self) -> Self;
    /// Wrapping `|a|` (`abs(MIN) == MIN`).
    fn abs(self) -> Self;
    /// -1, 0 or 1.
    fn sign(self) -> Self;
    /// Truncating remainder; 0 for a zero divisor and for `MIN % -1`.
    fn rem(self, b: Self) -> Self;
    /// Floor division; 0 for a zero divisor, `MIN // -1` wraps.
    fn floor_div(self, b: Self) -> Self;
    /// True if negative.
    fn is_neg(self) -> bool;
}

macro_rules! int {
    ($t:ty, $unsigned:expr) => {
        impl Int for $t {
            const ZERO: $t = 0;
            const ONE: $t = 1;
            const UNSIGNED: bool = $unsigned;
            #[inline]
            fn add(self, b: $t) -> $t {
                self.wrapping_add(b)
            }
            #[inline]
            fn sub(self, b: $t) -> $t {
                self.wrapping_sub(b)
            }
            #[inline]
            fn mul(self, b: $t) -> $t {
                self.wrapping_mul(b)
            }
            #[inline]
            fn neg(self) -> $t {
                self.wrapping_neg()
            }
            #[inline]
            #[allow(unused_comparisons)]
            fn abs(self) -> $t {
                if self < 0 { self.wrapping_neg() } else { self }
            }
            #[inline]
            #[allow(unused_comparisons)]
            fn sign(self) -> $t {
                if self > 0 {
                    1
                } else if self < 0 {
                    (0 as $t).wrapping_sub(1)
                } else {
                    0
                }
            }
            #[inline]
            fn rem(self, b: $t) -> $t {
                if b == 0 { 0 } else { self.wrapping_rem(b) }
            }
            #[inline]
            #[allow(unused_comparisons)]
            fn floor_div(self, b: $t) -> $t {
                if b == 0 {
                    return 0;
                }
                let q = self.wrapping_div(b);
                let r = self.wrapping_rem(b);
                if r != 0 && ((r < 0) != (b < 0)) {
                    q.wrapping_sub(1)
                } else {
                    q
                }
            }
            #[inline]
            #[allow(unused_comparisons)]
            fn is_neg(self) -> bool {
                self < 0
            }
        }
    };
}
int!(u8, true);
int!(i32, false);
int!(i64, false);

/// Tree reduction with a fixed shape: slices of at most [`LEAF`] elements go to `leaf`
/// (given the slice and its offset in `xs`), halves (split at a multiple of [`LEAF`]) are
/// combined with `comb`. The tree depends only on `xs.len()`, so the result is the same
/// whether the halves run on one thread or, above [`PAR_MIN`] elements, on several.
pub fn tree<T: Sync, A: Send + Copy + Default>(
    xs: &[T],
    base: usize,
    leaf: &(impl Fn(&[T], usize) -> A + Sync),
    comb: &(impl Fn(A, A) -> A + Sync),
) -> A {
    if xs.is_empty() {
        return leaf(xs, base);
    }
    let leaves = |run: &[T], at: usize, out: &mut [A]| {
        for (i, (c, o)) in run.chunks(LEAF).zip(out).enumerate() {
            *o = leaf(c, base + at + i * LEAF);
        }
    };
    tree_runs(xs, &leaves, comb)
}

/// [`tree`] with leaves computed a run at a time: `leaves(run, at, out)` stores in `out[i]`
/// the value of the leaf `run[i * LEAF..]` (at most [`LEAF`] elements; only the last leaf
/// of `xs` is shorter), `at` being the offset of `run` in `xs`. Runs have at most
/// [`RUN`] leaves, so a kernel can work on several leaves at once (independent
/// accumulator chains) and give each leaf's value exactly as a one-leaf call would.
/// `xs` must not be empty.
///
/// Called from outside the thread pool on [`PAR_MIN`] elements or more, the subtrees of
/// the first levels (a few per worker) are shared between the caller and the pool's
/// workers by [`par::map`], so that the caller works instead of waiting for a worker to
/// wake up; inside the pool, halves are joined by rayon.
pub fn tree_runs<T: Sync, A: Send + Copy + Default>(
    xs: &[T],
    leaves: &(impl Fn(&[T], usize, &mut [A]) + Sync),
    comb: &(impl Fn(A, A) -> A + Sync),
) -> A {
    let n = xs.len();
    if n >= PAR_MIN
        && let Some(p) = par::outside_workers()
    {
        // Subtrees at depth `d` (about 2^15 elements or more each, at most 64, and at
        // least one per worker), in order; combined back along the same shape.
        let depth = (n >> 15)
            .max(1)
            .ilog2()
            .clamp(p.next_power_of_two().trailing_zeros().max(1), 6);
        let mut parts = Vec::new();
        subtrees(0, n, depth, &mut |s, e| parts.push((s, e)));
        let vals = par::map(parts, |(s, e)| tree_in(&xs[s..e], s, leaves, comb, false));
        return combine_tree(n, depth, &mut vals.into_iter(), comb);
    }
    tree_in(xs, 0, leaves, comb, true)
}

/// Most leaves per run of [`tree_runs`].
pub const RUN: usize = 16;

/// Where a node of [`tree`]'s shape with `n > LEAF` elements divides.
fn tree_mid(n: usize) -> usize {
    (n / 2).div_ceil(LEAF) * LEAF
}

/// The node ranges of [`tree`]'s shape `depth` levels below `s..e` (a node of at most
/// [`LEAF`] elements is not split further), in order.
fn subtrees(s: usize, e: usize, depth: u32, out: &mut impl FnMut(usize, usize)) {
    if depth == 0 || e - s <= LEAF {
        out(s, e);
        return;
    }
    let m = s + tree_mid(e - s);
    subtrees(s, m, depth - 1, out);
    subtrees(m, e, depth - 1, out);
}

/// Combines, along [`tree`]'s shape over `n` elements, the values of its nodes `depth`
/// levels down (or of its leaves, with `depth` large), in order.
fn combine_tree<A>(
    n: usize,
    depth: u32,
    vals: &mut impl Iterator<Item = A>,
    comb: &impl Fn(A, A) -> A,
) -> A {
    if depth == 0 || n <= LEAF {
        return vals.next().expect("one value per node");
    }
    let m = tree_mid(n);
    let a = combine_tree(m, depth - 1, vals, comb);
    let b = combine_tree(n - m, depth - 1, vals, comb);
    comb(a, b)
}

/// [`tree_runs`] of the node `xs` at offset `at`: runs of at most [`RUN`] leaves go to
/// `leaves`, larger nodes split (halves joined by rayon when `par` and large).
fn tree_in<T: Sync, A: Send + Copy + Default>(
    xs: &[T],
    at: usize,
    leaves: &(impl Fn(&[T], usize, &mut [A]) + Sync),
    comb: &(impl Fn(A, A) -> A + Sync),
    par: bool,
) -> A {
    let n = xs.len();
    if n <= RUN * LEAF {
        // A node's leaves are its consecutive `LEAF` chunks (splits fall on multiples of
        // `LEAF` from the node's start).
        let mut v = [A::default(); RUN];
        let v = &mut v[..n.div_ceil(LEAF)];
        leaves(xs, at, v);
        return combine_tree(n, u32::MAX, &mut v.iter().copied(), comb);
    }
    let mid = tree_mid(n);
    let (l, r) = xs.split_at(mid);
    let (a, b) = if par && n >= PAR_MIN {
        rayon::join(
            || tree_in(l, at, leaves, comb, par),
            || tree_in(r, at + mid, leaves, comb, par),
        )
    } else {
        (
            tree_in(l, at, leaves, comb, par),
            tree_in(r, at + mid, leaves, comb, par),
        )
    };
    comb(a, b)
}

/// Leaf size of [`tree`].
pub const LEAF: usize = 256;

/// Pairwise sum of `f(x)` in `f64`: naive sums in sixteen interleaved accumulators over
/// leaves of [`LEAF`] elements, leaves combined pairwise (see [`tree`]). Deterministic and
/// independent of the thread count.
pub fn sum_f64<T: Sync + Copy>(xs: &[T], f: impl Fn(T) -> f64 + Sync) -> f64 {
    tree(xs, 0, &|s: &[T], _| leaf_sum(s, &f), &|a, b| a + b)
}

/// Sum of `xs` widened to `f64`: [`sum_f64`] with the AVX2 leaf of [`simd`] for `f32`
/// (bit-identical to the portable one).
///
/// `f16`/`bf16` leaves are widened to `f32` a slice at a time ([`halfconv`]) and summed
/// by the same leaf: the `f64` values, hence the sums, are the ones `to_f64` gives.
pub fn sum_widened<T: Sync + Copy + 'static>(xs: &[T], to_f64: impl Fn(T) -> f64 + Sync) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let add = |a: f64, b: f64| a + b;
    if let Some(s) = as_f32(xs) {
        return tree_runs(
            s,
            &|r: &[f32], _, o: &mut [f64]| simd::leaves_sum_f32(r, o),
            &add,
        );
    }
    fn half<H: Sync>(
        s: &[H],
        bits: fn(&[H]) -> &[u16],
        widen: fn(&[H], &mut [f32]),
        brain: bool,
    ) -> f64 {
        let leaves = |r: &[H], _, o: &mut [f64]| {
            if simd::leaves_sum_half(bits(r), brain, o) {
                return;
            }
            let mut buf = [0f32; LEAF];
            for (c, o) in r.chunks(LEAF).zip(o) {
                let b = &mut buf[..c.len()];
                widen(c, b);
                *o = simd::leaf_sum_f32(b);
            }
        };
        tree_runs(s, &leaves, &|a: f64, b: f64| a + b)
    }
    if let Some(s) = as_type::<T, f16>(xs) {
        return half(s, |s| s.reinterpret_cast(), halfconv::f16_to_f32, false);
    }
    if let Some(s) = as_type::<T, bf16>(xs) {
        return half(s, |s| s.reinterpret_cast(), halfconv::bf16_to_f32, true);
    }
    sum_f64(xs, to_f64)
}

/// `xs` as `&[U]` when `T` is `U`.
#[inline]
pub fn as_type<T: 'static, U: 'static>(xs: &[T]) -> Option<&[U]> {
    (std::any::TypeId::of::<T>() == std::any::TypeId::of::<U>()).then(|| {
        // SAFETY: `T` is `U` (same type id), so the slice is reinterpreted as itself.
        unsafe { std::slice::from_raw_parts(xs.as_ptr().cast::<U>(), xs.len()) }
    })
}

/// `xs` as `&[f32]` when `T` is `f32`, for kernels with an `f32` fast path.
#[inline]
pub fn as_f32<T: 'static>(xs: &[T]) -> Option<&[f32]> {
    (std::any::TypeId::of::<T>() == std::any::TypeId::of::<f32>()).then(|| {
        // SAFETY: `T` is `f32` (same type id), so the slice is reinterpreted as itself.
        unsafe { std::slice::from_raw_parts(xs.as_ptr().cast::<f32>(), xs.len()) }
    })
}

/// `xs` as `&mut [U]` when `T` is `U`.
#[inline]
pub fn as_type_mut<T: 'static, U: 'static>(xs: &mut [T]) -> Option<&mut [U]> {
    (std::any::TypeId::of::<T>() == std::any::TypeId::of::<U>()).then(|| {
        // SAFETY: `T` is `U` (same type id), so the slice is reinterpreted as itself.
        unsafe { std::slice::from_raw_parts_mut(xs.as_mut_ptr().cast::<U>(), xs.len()) }
    })
}

/// `xs` as `&mut [f32]` when `T` is `f32` (the compute type of `f16`/`bf16` blocks).
#[inline]
pub fn as_f32_mut<T: 'static>(xs: &mut [T]) -> Option<&mut [f32]> {
    (std::any::TypeId::of::<T>() == std::any::TypeId::of::<f32>()).then(|| {
        // SAFETY: `T` is `f32` (same type id), so the slice is reinterpreted as itself.
        unsafe { std::slice::from_raw_parts_mut(xs.as_mut_ptr().cast::<f32>(), xs.len()) }
    })
}

/// Naive sum of `f(x)` over a short slice in sixteen interleaved `f64` accumulators (four
/// AVX2 vectors, enough independent chains to hide the add latency), combined pairwise.
#[inline(always)]
pub fn leaf_sum<T: Copy>(s: &[T], f: impl Fn(T) -> f64) -> f64 {
    const K: usize = 16;
    let mut acc = [0.0f64; K];
    let mut chunks = s.chunks_exact(K);
    for c in &mut chunks {
        for j in 0..K {
            acc[j] += f(c[j]);
        }
    }
    for (j, &v) in chunks.remainder().iter().enumerate() {
        acc[j] += f(v);
    }
    let mut w = K;
    while w > 1 {
        w /= 2;
        for j in 0..w {
            acc[j] += acc[j + w];
        }
    }
    acc[0]
}

/// The product of `f(x)` over a leaf in the shape of [`leaf_sum`]: sixteen interleaved
/// accumulators from 1, folded pairwise (no serial chain of multiplications, so it runs
/// at the multiplier's throughput, not its latency).
#[inline(always)]
pub fn leaf_prod<T: Copy>(s: &[T], f: impl Fn(T) -> f64) -> f64 {
    const K: usize = 16;
    let mut acc = [1.0f64; K];
    let mut chunks = s.chunks_exact(K);
    for c in &mut chunks {
        for j in 0..K {
            acc[j] *= f(c[j]);
        }
    }
    for (j, &v) in chunks.remainder().iter().enumerate() {
        acc[j] *= f(v);
    }
    let mut w = K;
    while w > 1 {
        w /= 2;
        for j in 0..w {
            acc[j] *= acc[j + w];
        }
    }
    acc[0]
}

/// [`leaf_prod`] of `s` widened to `f64`.
#[inline(always)]
fn leaf_prod_wide_body<T: crate::buffer::Pod>(s: &[T]) -> f64 {
    leaf_prod(s, |v: T| v.to_f64())
}

twins! {
    /// [`leaf_prod`] of `s` widened to `f64`, compiled for the widest vectors the CPU has
    /// (the same IEEE operations on every path): the product reduction's leaf.
    fn leaf_prod_wide<T: crate::buffer::Pod>(s: &[T]) -> f64 = leaf_prod_wide_body;
}

#[cfg(test)]
mod tests {
    use super::*;
    use tensor_core::SliceArg;

    /// The fixed tree of [`tree`] written out plainly: halves split at
    /// `ceil(floor(n / 2) / LEAF) * LEAF`, leaves summed by `leaf_sum`.
    fn plain_tree(xs: &[f32]) -> f64 {
        if xs.len() <= LEAF {
            return leaf_sum(xs, |v| v as f64);
        }
        let mid = (xs.len() / 2).div_ceil(LEAF) * LEAF;
        plain_tree(&xs[..mid]) + plain_tree(&xs[mid..])
    }

    /// Runs of leaves, the static split into subtrees (from outside the pool) and the
    /// plain joins (inside it) all give the bits of the plain tree, on lengths that make
    /// uneven splits (`513` leaves as `256 + 257`, not `512 + 1`), below and above
    /// `PAR_MIN`.
    #[test]
    fn run_trees_have_the_plain_shape() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let xs: Vec<f32> = (0..PAR_MIN * 5 + 77)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * (1u64 << (i % 29)) as f32
            })
            .collect();
        for n in [
            0,
            1,
            255,
            256,
            257,
            513,
            4096,
            4097,
            10_000,
            PAR_MIN - 1,
            PAR_MIN + 300,
            xs.len(),
        ] {
            let want = plain_tree(&xs[..n]);
            let got = sum_widened(&xs[..n], |v| v as f64);
            assert_eq!(got.to_bits(), want.to_bits(), "outside the pool, n = {n}");
            let inside = rayon::join(|| sum_widened(&xs[..n], |v| v as f64), || ()).0;
            assert_eq!(inside.to_bits(), want.to_bits(), "inside the pool, n = {n}");
            let generic = tree(
                &xs[..n],
                0,
                &|s: &[f32], _| leaf_sum(s, |v| v as f64),
                &|a, b| a + b,
            );
            assert_eq!(generic.to_bits(), want.to_bits(), "tree, n = {n}");
        }
    }

    /// Storage values equal to their own index, so that an output names what it read.
    fn storage(n: usize) -> Vec<i64> {
        (0..n as i64).collect()
    }

    /// `map1`, `map2`, `map3` and `map1_slices` over views that take the tiled walk
    /// (transposed, permuted, sliced with negative steps, beside a broadcast operand) and
    /// views that do not, small and large (parallel): every output element is the one the
    /// logical C-order index names.
    #[test]
    fn strided_walks_visit_every_element_in_c_order() {
        let base = |shape: &[usize]| Layout::contiguous(shape);
        let views: Vec<(Layout, usize)> = vec![
            (base(&[300, 200]).t(), 60_000),
            (base(&[3, 130, 7]).permute(&[2, 1, 0]).unwrap(), 2730),
            (base(&[40, 700, 3]).permute(&[0, 2, 1]).unwrap(), 84_000),
            (
                base(&[500, 400])
                    .slice(&[
                        SliceArg::new(None, None, -2),
                        SliceArg::new(Some(1), None, 3),
                    ])
                    .unwrap()
                    .t(),
                200_000,
            ),
            (base(&[2, 1000]).t(), 2000),
            (base(&[600, 160]), 96_000),
            (base(&[4, 1]).t(), 4),
        ];
        for (xl, n) in views {
            let xs = storage(n);
            let want: Vec<i64> = xl.indices().map(|i| i as i64).collect();
            let mut out = vec![0i64; xl.numel()];
            map1(&xs, &xl, &mut out, |v| v);
            assert_eq!(out, want, "map1 {:?} {:?}", xl.shape(), xl.strides());
            out.fill(0);
            map1_slices(&xs, &xl, &mut out, |s, d| d.copy_from_slice(s));
            assert_eq!(out, want, "map1_slices {:?}", xl.shape());
            // Beside a contiguous operand and a broadcast row.
            let cl = Layout::contiguous(xl.shape());
            let cs = storage(xl.numel());
            let last = *xl.shape().last().unwrap();
            let bl = Layout::contiguous(&[last])
                .broadcast_to(xl.shape())
                .unwrap();
            let bs = storage(last);
            out.fill(0);
            map2(&xs, &xl, &cs, &cl, &mut out, |a, c| a * 7 + c);
            let w2: Vec<i64> = want.iter().zip(&cs).map(|(a, c)| a * 7 + c).collect();
            assert_eq!(out, w2, "map2 {:?}", xl.shape());
            out.fill(0);
            map3((&xs, &xl), (&bs, &bl), (&cs, &cl), &mut out, |a, b, c| {
                a * 7 + b * 3 + c
            });
            let wb: Vec<i64> = bl.indices().map(|i| i as i64).collect();
            let w3: Vec<i64> = (0..want.len())
                .map(|i| want[i] * 7 + wb[i] * 3 + cs[i])
                .collect();
            assert_eq!(out, w3, "map3 {:?}", xl.shape());
        }
    }

    #[test]
    fn the_tiled_walk_is_taken_for_transposed_views_only() {
        let t = Layout::contiguous(&[300, 200]).t();
        let c = Layout::contiguous(&[200, 300]);
        assert!(Plan::new([&t]).tiled());
        assert!(Plan::new([&c, &t]).tiled());
        assert!(!Plan::new([&c]).tiled());
        let s2 = Layout::contiguous(&[200, 600])
            .slice(&[SliceArg::FULL, SliceArg::new(None, None, 2)])
            .unwrap();
        assert!(
            !Plan::new([&s2]).tiled(),
            "a step along the row is not a transpose"
        );
        let narrow = Layout::contiguous(&[100, 3]).t();
        assert!(
            !Plan::new([&narrow]).tiled(),
            "rows shorter than half a tile"
        );
    }
}
