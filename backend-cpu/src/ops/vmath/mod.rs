//! Vectorised, correctly rounded transcendental functions of `f32` (and `f16`/`bf16`
//! through it) and of `f64`.
//!
//! `exp`, `exp2`, `expm1`, `sigmoid`, `sinh`, `cosh`, `tanh` ([`exp`]), `log`, `log2`,
//! `log10`, `log1p`, `asinh`, `acosh`, `atanh` ([`log`]), `sin`, `cos`, `tan` ([`trig`]),
//! `atan`, `asin`, `acos` ([`atan`]), `erf` ([`erf`]) and `rsqrt` ([`root`]), and the
//! bivariate `pow` ([`pow`]) and `atan2` ([`atan`]), return the correctly rounded `f32`
//! result (the one CORE-MATH returns) for every input, at the speed of a vector kernel.
//! [`f32_kernel`] and [`f32_kernel2`] are how the unary and binary ops find them (for
//! `f16`/`bf16` too, through `f32`).
//!
//! # Method (Ziv's strategy)
//! Each function is evaluated in `f64` lanes (four per AVX2 vector, eight per AVX-512
//! vector) by a branch-free core whose value `y` has a *proven* relative error bound
//! `E = 2^-e` against the exact value `v`: `|y - v| <= E |v|` (the analysis of each core is
//! in its module's docs, with `e` between 35 and 51). The `f32` rounding of `y` is then the
//! correctly rounded `f32` of `v` unless a rounding boundary (a midpoint between two adjacent
//! `f32`s) lies between `y` and `v`. That is decided on the bits of `y`, vectorised:
//!
//! * with `2^p <= |y| < 2^(p+1)`, the `f64` ULP of `y` is `2^(p-52)`, and
//!   `|y - v| <= E |y| / (1 - E) < 2^53 E (1 + 2E)` of those ULPs, less than
//!   `T = 2^(53-e) + 1`;
//! * an `f32` midpoint of that binade has `1 << 28` as the low 29 bits of its `f64`
//!   mantissa (the bit just below the `f32` mantissa set, the rest clear), so the distance
//!   from `y` to the nearest midpoint in the binade, in `f64` ULPs, is
//!   `|(bits(y) & (2^29 - 1)) - 2^28|`; the midpoints of the binades around are `2^27`
//!   ULPs or more away, which is far more than `T`;
//! * if that distance exceeds `T`, no midpoint lies between `y` and `v`, and `y as f32` is
//!   correctly rounded, provided `y` is in the normal `f32` range (biased `f64` exponent in
//!   `1023 - 126 ..= 1023 + 127`; rounding up to infinity past `f32::MAX` is then also the
//!   correct result).
//!
//! Every other element (the test fails, `y` is zero, subnormal in `f32`, infinite or NaN,
//! or the input is outside the core's proven range) is recomputed by the scalar CORE-MATH
//! function ([`crate::cmath`]). Results are therefore correctly rounded by construction;
//! special values (NaN, infinities, signed zeros, subnormal results, overflow and
//! underflow) are CORE-MATH's exactly. The exhaustive tests confirm it on all `2^32`
//! inputs (see "Exhaustive check"). A fraction of about `2^(26-e)` of the elements fails
//! the test (0.05% to 0.2%), which costs a few percent of the run time.
//!
//! `sigmoid` has no CORE-MATH function: its fallback is the backend's scalar one,
//! `1 / (1 + e^-x)` in `f64` rounded to `f32` ([`crate::ops::sigmoid_f64`]), which the
//! exhaustive test shows to agree with the kernel (hence to be correctly rounded) on every
//! `f32` input.
//!
//! # Structure
//! [`apply`] runs a core over blocks of [`BLOCK`] elements: it writes `y as f32` and a
//! flag per element (input outside the core's range, or `y` failing the rounding test),
//! then, only for a block with a flag set, recomputes the flagged elements with CORE-MATH.
//! The loop over a block is compiled three times, for baseline x86-64, for AVX2 + FMA and
//! for AVX-512 F, and chosen at run time through [`crate::isa`] (`TENSOR_CPU_ISA` caps
//! it: `baseline`, `x86-64-v3`). All three perform the same IEEE operations (`mul_add` is
//! a fused multiply-add everywhere, through libm's `fma` on the baseline target), so they
//! give the same `y` bits, and the same results. The AVX-512 path is the same loop
//! vectorised over eight lanes. [`on`] compiles a kernel call ([`Job`]) for each path.
//!
//! The bivariate functions ([`Fun2`], [`apply2`]) work the same way on pairs; their
//! inputs are too many to try all, so their check is the hard-case samples plus `10^9`
//! random pairs of each of four kinds (`random_pairs_<fn>`, `#[ignore]`d).
//!
//! # `f64`
//! `f64` results cannot be checked on a wider type, so the `f64` kernels ([`Fun64`],
//! [`apply64`], and [`Fun64x2`], [`apply64x2`] for `atan2`; [`f64_kernel`] and
//! [`f64_kernel2`] list them) evaluate a double-double value `s + rest` with a proven error
//! bound `eps` and test the rounding directly: the result `s + (rest + eps)` is kept when it
//! equals `s + (rest - eps)`, the other elements (about 1 in 10^4) are CORE-MATH's. They
//! are `exp`, `exp2`, `expm1`, `sigmoid` ([`exp64`]), `sinh`, `cosh`, `tanh` ([`hyp64`]),
//! `log`, `log2`, `log10`, `log1p`, `asinh`, `acosh`, `atanh` ([`log64`]), `sin`, `cos`,
//! `tan` ([`trig64`]), `atan`, `asin`, `acos` and `atan2` ([`atan64`]), `pow` ([`pow64`]),
//! and `rsqrt` ([`root64`]); each module's docs hold its method and error analysis. Their checks are
//! hard-case samples on every path (`<fn>64_is_correctly_rounded_on_samples`) and random
//! inputs over a few ranges (`random_<fn>64`, `#[ignore]`d; `TENSOR_VMATH_PAIRS` per
//! range, default `10^9`); the last results are in `docs/precision.md`.
//!
//! # Exhaustive check
//! The `#[ignore]`d tests `exhaustive_<fn>` (in `tests.rs`) run all `2^32` bit patterns
//! through the dispatched kernel (the path `TENSOR_CPU_ISA` allows; on all cores) and
//! compare every result the kernel rounds itself bit for bit with CORE-MATH (the other
//! results are CORE-MATH's by construction; the sample tests compare all results, `NaN`s
//! as NaN):
//!
//! ```text
//! cargo test --release -p backend-cpu --lib -- --ignored exhaustive_tanh --nocapture
//! TENSOR_CPU_ISA=baseline cargo test --release -p backend-cpu --lib -- --ignored exhaustive_tanh --nocapture
//! ```
//!
//! The results and their run times are in `docs/precision.md`.
//!
//! # Fitting the coefficients
//! The polynomials are minimax approximations of the relative error, fitted with the Remez
//! exchange algorithm in 50-digit `mpmath` (1.3) arithmetic, on the reduced interval widened
//! by `2^-20`, then rounded to `f64`; their error is re-measured with the rounded
//! coefficients on a 20001-point grid. The script (`remez` as printed; the calls at the end
//! print the coefficients of [`exp`], [`log`] and [`trig`], pasted as they are):
//!
//! ```text
//! import mpmath as mp
//! mp.mp.dps = 50
//! def remez(f, a, b, n, grid=2000):
//!     """Degree-n minimax polynomial for the relative error of f on [a, b]."""
//!     err = lambda c, t: 1 - mp.polyval(c[::-1], t) / f(t)
//!     ref = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (n + 1)) for i in range(n + 2)]
//!     for _ in range(30):
//!         A = mp.matrix([[t**j for j in range(n + 1)] + [(-1)**i * f(t)]
//!                        for i, t in enumerate(ref)])
//!         c = list(mp.lu_solve(A, mp.matrix([f(t) for t in ref])))[:n + 1]
//!         ts = [a + (b - a) * i / grid for i in range(grid + 1)]
//!         es = [err(c, t) for t in ts]
//!         runs, cur = [], [0]          # runs of one sign; the extremum of each, refined
//!         for i in range(1, grid + 1):
//!             if mp.sign(es[i]) == mp.sign(es[cur[-1]]): cur.append(i)
//!             else: runs.append(cur); cur = [i]
//!         runs.append(cur)
//!         ref = []
//!         for r in runs:
//!             k = max(r, key=lambda i: abs(es[i]))
//!             lo, hi = ts[max(k - 1, 0)], ts[min(k + 1, grid)]
//!             for _ in range(60):
//!                 m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
//!                 if abs(err(c, m1)) > abs(err(c, m2)): hi = m2
//!                 else: lo = m1
//!             ref.append((lo + hi) / 2)
//!         while len(ref) > n + 2:      # keep n + 2 alternating points
//!             ref.pop(0 if abs(err(c, ref[0])) < abs(err(c, ref[-1])) else -1)
//!     return [float(x) for x in c]
//! def check(f, a, b, c, grid=20000):   # log2 of the error of the rounded coefficients
//!     ts = [a + (b - a) * mp.mpf(i) / grid for i in range(grid + 1)]
//!     p = lambda t: mp.polyval([mp.mpf(x) for x in c[::-1]], t)
//!     return float(mp.log(max(abs(1 - p(t) / f(t)) for t in ts), 2))
//! w = 1 + mp.mpf(2)**-20
//! print(remez(lambda r: mp.expm1(r) / r if r else mp.mpf(1),
//!             -mp.ln2 / 2 * w, mp.ln2 / 2 * w, 7))
//! print(remez(lambda s: 2 * mp.atanh(mp.sqrt(s)) / mp.sqrt(s) if s else mp.mpf(2),
//!             mp.mpf(0), ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1))**2 * w, 4))
//! print(remez(lambda s: mp.sin(mp.sqrt(s)) / mp.sqrt(s) if s else mp.mpf(1),
//!             mp.mpf(0), (mp.pi / 2 * w)**2, 5))
//! ```

pub mod atan;
pub mod atan64;
pub mod erf;
pub mod exp;
pub mod exp64;
pub mod hyp64;
pub mod log;
pub mod log64;
pub mod pow;
pub mod pow64;
pub mod root;
pub mod root64;
#[cfg(test)]
mod tests;
pub mod trig;
pub mod trig64;

use std::marker::PhantomData;
use tensor_core::UnaryOp;

/// One function's kernel: the `f64` core, its proven error bound, the inputs it is proven
/// on, and the correctly rounded scalar function for every other element.
pub trait Fun {
    /// The function's name (for messages).
    const NAME: &'static str;
    /// `e` of the relative error bound `2^-e` of [`Fun::core`] on the inputs [`Fun::safe`]
    /// accepts.
    const ERR_BITS: u32;
    /// Whether the input with bits `b` is in the range where the error bound is proven.
    fn safe(b: u32) -> bool;
    /// The function in `f64`, of an `f32` input (exact in `f64`).
    fn core(x: f64) -> f64;
    /// The correctly rounded scalar function.
    fn exact(x: f32) -> f32;
}

/// Elements per block: flags for one block live on the stack (2 KiB).
pub const BLOCK: usize = 512;

/// The tolerance `T = 2^(53-e) + 1`, in `f64` ULPs of `y`, of the rounding test for an
/// error bound of `2^-e` (see the module docs).
pub const fn tolerance(err_bits: u32) -> u32 {
    (1 << (53 - err_bits)) + 1
}

/// True when `y`, within `tol` `f64` ULPs of the exact value, rounds to the correctly
/// rounded `f32`: `y` is in the normal `f32` range and farther than `tol` from the midpoints
/// between `f32`s (see the module docs).
#[inline(always)]
pub fn rounds_correctly(y: f64, tol: u32) -> bool {
    let b = y.to_bits();
    // The biased exponent, from the high word (sign dropped); normal f32 range.
    let exp = ((b >> 32) as u32 >> 20) & 0x7ff;
    let normal = exp.wrapping_sub(1023 - 126) <= 253;
    // Distance from the midpoint pattern, shifted so that "within tol" is one unsigned
    // comparison: low - 2^28 + tol in 0..=2 tol.
    let low = (b as u32) & 0x1fff_ffff;
    let near = low.wrapping_sub(1 << 28).wrapping_add(tol) <= 2 * tol;
    normal & !near
}

/// `out[i] = F(xs[i])`, correctly rounded: the core on every element, CORE-MATH (or the
/// scalar fallback) on those the rounding test or the range check flags.
#[inline(always)]
pub fn apply<F: Fun>(xs: &[f32], out: &mut [f32]) {
    assert_eq!(xs.len(), out.len(), "input and output lengths differ");
    let tol = tolerance(F::ERR_BITS);
    let mut redo = [0u32; BLOCK];
    for (xb, ob) in xs.chunks(BLOCK).zip(out.chunks_mut(BLOCK)) {
        let mut any = 0u32;
        for ((o, &x), r) in ob.iter_mut().zip(xb).zip(redo.iter_mut()) {
            let y = F::core(x as f64);
            *o = y as f32;
            let bad = (!F::safe(x.to_bits()) | !rounds_correctly(y, tol)) as u32;
            *r = bad;
            any |= bad;
        }
        if any != 0 {
            for ((o, &x), &r) in ob.iter_mut().zip(xb).zip(&redo) {
                if r != 0 {
                    *o = F::exact(x);
                }
            }
        }
    }
}

/// One bivariate function's kernel (`pow`, `atan2`): as [`Fun`], of two `f32` inputs.
pub trait Fun2 {
    /// The function's name (for messages).
    const NAME: &'static str;
    /// `e` of the relative error bound `2^-e` of [`Fun2::core`] on the inputs
    /// [`Fun2::safe`] accepts (where the core returns a finite value: a core may return NaN
    /// for inputs it leaves to [`Fun2::exact`], which the rounding test then refuses).
    const ERR_BITS: u32;
    /// Whether the inputs with bits `a`, `b` are in the range where the bound is proven.
    fn safe(a: u32, b: u32) -> bool;
    /// The function in `f64`, of `f32` inputs (exact in `f64`).
    fn core(a: f64, b: f64) -> f64;
    /// The correctly rounded scalar function.
    fn exact(a: f32, b: f32) -> f32;
}

/// `out[i] = F(a[i], b[i])`, correctly rounded, as [`apply`] for one input.
#[inline(always)]
pub fn apply2<F: Fun2>(a: &[f32], b: &[f32], out: &mut [f32]) {
    assert!(
        a.len() == out.len() && b.len() == out.len(),
        "input and output lengths differ"
    );
    let tol = tolerance(F::ERR_BITS);
    let mut redo = [0u32; BLOCK];
    for ((ab, bb), ob) in a
        .chunks(BLOCK)
        .zip(b.chunks(BLOCK))
        .zip(out.chunks_mut(BLOCK))
    {
        let mut any = 0u32;
        for (((o, &x), &y), r) in ob.iter_mut().zip(ab).zip(bb).zip(redo.iter_mut()) {
            let v = F::core(x as f64, y as f64);
            *o = v as f32;
            let bad = (!F::safe(x.to_bits(), y.to_bits()) | !rounds_correctly(v, tol)) as u32;
            *r = bad;
            any |= bad;
        }
        if any != 0 {
            for (((o, &x), &y), &r) in ob.iter_mut().zip(ab).zip(bb).zip(&redo) {
                if r != 0 {
                    *o = F::exact(x, y);
                }
            }
        }
    }
}

/// Runs `F` over `a`, `b` on `path`.
///
/// # Panics
/// If the CPU lacks the features of `path` (only [`Path::supported`] ones may be asked
/// for), or the lengths differ.
pub fn run2_on<F: Fun2>(path: Path, a: &[f32], b: &[f32], out: &mut [f32]) {
    on(
        path,
        Binary::<F> {
            a,
            b,
            out,
            f: PhantomData,
        },
    )
}

/// Runs `F` over `a`, `b` on the path [`crate::isa`] allows.
///
/// # Panics
/// If the lengths differ.
pub fn run2<F: Fun2>(a: &[f32], b: &[f32], out: &mut [f32]) {
    on(
        Path::current(),
        Binary::<F> {
            a,
            b,
            out,
            f: PhantomData,
        },
    )
}

/// A bivariate kernel over slices of equal length.
pub type Kernel2 = fn(&[f32], &[f32], &mut [f32]);

/// The correctly rounded vector kernel of `op` in `f32`, if it has one.
pub fn f32_kernel2(op: tensor_core::BinaryOp) -> Option<Kernel2> {
    use tensor_core::BinaryOp::*;
    Some(match op {
        Pow => run2::<pow::Pow>,
        Atan2 => run2::<atan::Atan2>,
        _ => return None,
    })
}

/// An instruction-set path of the kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// Baseline x86-64 (or any other target): the portable loop.
    Baseline,
    /// AVX2 + FMA, four `f64` lanes.
    Avx2,
    /// AVX-512 F, eight `f64` lanes.
    Avx512,
}

impl Path {
    /// The path [`crate::isa`] allows on this CPU (under `TENSOR_CPU_ISA`).
    #[inline(always)]
    pub fn current() -> Path {
        if crate::isa::avx512() {
            Path::Avx512
        } else if crate::isa::avx2() {
            Path::Avx2
        } else {
            Path::Baseline
        }
    }

    /// Caps [`crate::isa`] at this path (for the tests: every kernel that dispatches then
    /// takes it; `crate::ops::force_isa(0)` lifts the cap).
    #[cfg(test)]
    pub fn force(self) {
        crate::ops::force_isa(match self {
            Path::Baseline => crate::isa::BASELINE,
            Path::Avx2 => crate::isa::V3,
            Path::Avx512 => crate::isa::AVX512,
        });
    }

    /// Every path this CPU can run, whatever the cap (for the tests).
    pub fn supported() -> Vec<Path> {
        let mut v = vec![Path::Baseline];
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx2") && has!("fma") {
                v.push(Path::Avx2);
                if has!("avx512f") {
                    v.push(Path::Avx512);
                }
            }
        }
        v
    }
}

/// One `f64` function's kernel: a block evaluation that writes its results and flags the
/// ones it cannot prove correctly rounded (a rounding test on a double-double value, which
/// also fails for inputs outside its range), and the correctly rounded scalar function for
/// the flagged elements.
pub trait Fun64 {
    /// The function's name (for messages).
    const NAME: &'static str;
    /// `out[i]` and `bad[i]` (1: not proven) for a block of at most [`BLOCK`] elements;
    /// returns the `or` of the flags.
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32;
    /// The correctly rounded scalar function.
    fn exact(x: f64) -> f64;
}

/// `out[i] = F(xs[i])`, correctly rounded: the block evaluation, then CORE-MATH on the
/// flagged elements (as [`apply`]).
#[inline(always)]
pub fn apply64<F: Fun64>(xs: &[f64], out: &mut [f64]) {
    assert_eq!(xs.len(), out.len(), "input and output lengths differ");
    let mut redo = [0u32; BLOCK];
    for (xb, ob) in xs.chunks(BLOCK).zip(out.chunks_mut(BLOCK)) {
        if F::block(xb, ob, &mut redo[..xb.len()]) != 0 {
            for ((o, &x), &r) in ob.iter_mut().zip(xb).zip(&redo) {
                if r != 0 {
                    *o = F::exact(x);
                }
            }
        }
    }
}

/// [`apply64`] of `F` as a [`Job`].
struct Unary64<'a, F> {
    xs: &'a [f64],
    out: &'a mut [f64],
    f: PhantomData<F>,
}

impl<F: Fun64> Job for Unary64<'_, F> {
    #[inline(always)]
    fn go(self) {
        apply64::<F>(self.xs, self.out)
    }
}

/// Runs `F` over `xs` on `path`.
///
/// # Panics
/// If the CPU lacks the features of `path`, or the lengths differ.
pub fn run64_on<F: Fun64>(path: Path, xs: &[f64], out: &mut [f64]) {
    on(
        path,
        Unary64::<F> {
            xs,
            out,
            f: PhantomData,
        },
    )
}

/// Runs `F` over `xs` on the path [`crate::isa`] allows.
pub fn run64<F: Fun64>(xs: &[f64], out: &mut [f64]) {
    on(
        Path::current(),
        Unary64::<F> {
            xs,
            out,
            f: PhantomData,
        },
    )
}

/// An `f64` kernel over slices of equal length.
pub type Kernel64 = fn(&[f64], &mut [f64]);

/// The correctly rounded vector kernel of `op` in `f64`, if it has one, and if it is
/// faster than the scalar CORE-MATH function on the path [`crate::isa`] allows: on the
/// baseline path (no FMA: every fused multiply-add is a libm call) only `sin`, `cos` and
/// `tan` are (1.8x); the others are 2x to 7x slower there (`vmath_timing` example,
/// `docs/precision.md`), and their scalar CORE-MATH functions give the same bits.
pub fn f64_kernel(op: UnaryOp) -> Option<Kernel64> {
    f64_kernel_on(Path::current(), op)
}

/// [`f64_kernel`] for the path `path`.
pub fn f64_kernel_on(path: Path, op: UnaryOp) -> Option<Kernel64> {
    if path == Path::Baseline && !matches!(op, UnaryOp::Sin | UnaryOp::Cos | UnaryOp::Tan) {
        return None;
    }
    f64_kernel_any(op)
}

/// The correctly rounded vector kernel of `op` in `f64`, if it has one, on every path
/// (for the tests and the timings).
pub fn f64_kernel_any(op: UnaryOp) -> Option<Kernel64> {
    Some(match op {
        UnaryOp::Exp => run64::<exp64::Exp64>,
        UnaryOp::Sigmoid => run64::<exp64::Sigmoid64>,
        UnaryOp::Exp2 => run64::<exp64::Exp2_64>,
        UnaryOp::Expm1 => run64::<exp64::Expm1_64>,
        UnaryOp::Sinh => run64::<hyp64::Sinh64>,
        UnaryOp::Cosh => run64::<hyp64::Cosh64>,
        UnaryOp::Tanh => run64::<hyp64::Tanh64>,
        UnaryOp::Log => run64::<log64::Log64>,
        UnaryOp::Log2 => run64::<log64::Log2_64>,
        UnaryOp::Log10 => run64::<log64::Log10_64>,
        UnaryOp::Log1p => run64::<log64::Log1p64>,
        UnaryOp::Asinh => run64::<log64::Asinh64>,
        UnaryOp::Acosh => run64::<log64::Acosh64>,
        UnaryOp::Atanh => run64::<log64::Atanh64>,
        UnaryOp::Atan => run64::<atan64::Atan64>,
        UnaryOp::Asin => run64::<atan64::Asin64>,
        UnaryOp::Acos => run64::<atan64::Acos64>,
        UnaryOp::Sin => run64::<trig64::Sin64>,
        UnaryOp::Cos => run64::<trig64::Cos64>,
        UnaryOp::Tan => run64::<trig64::Tan64>,
        UnaryOp::Rsqrt => run64::<root64::Rsqrt64>,
        _ => return None,
    })
}

/// One bivariate `f64` function's kernel (`atan2`): as [`Fun64`], of two inputs.
pub trait Fun64x2 {
    /// The function's name (for messages).
    const NAME: &'static str;
    /// `out[i]` and `bad[i]` (1: not proven) of `(a[i], b[i])` for a block of at most
    /// [`BLOCK`] elements; returns the `or` of the flags.
    fn block(a: &[f64], b: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32;
    /// The correctly rounded scalar function.
    fn exact(a: f64, b: f64) -> f64;
}

/// `out[i] = F(a[i], b[i])`, correctly rounded, as [`apply64`] for two inputs.
#[inline(always)]
pub fn apply64x2<F: Fun64x2>(a: &[f64], b: &[f64], out: &mut [f64]) {
    assert!(
        a.len() == out.len() && b.len() == out.len(),
        "input and output lengths differ"
    );
    let mut redo = [0u32; BLOCK];
    for ((ab, bb), ob) in a
        .chunks(BLOCK)
        .zip(b.chunks(BLOCK))
        .zip(out.chunks_mut(BLOCK))
    {
        if F::block(ab, bb, ob, &mut redo[..ab.len()]) != 0 {
            for (((o, &x), &y), &r) in ob.iter_mut().zip(ab).zip(bb).zip(&redo) {
                if r != 0 {
                    *o = F::exact(x, y);
                }
            }
        }
    }
}

/// [`apply64x2`] of `F` as a [`Job`].
struct Binary64<'a, F> {
    a: &'a [f64],
    b: &'a [f64],
    out: &'a mut [f64],
    f: PhantomData<F>,
}

impl<F: Fun64x2> Job for Binary64<'_, F> {
    #[inline(always)]
    fn go(self) {
        apply64x2::<F>(self.a, self.b, self.out)
    }
}

/// Runs `F` over `a`, `b` on `path`.
///
/// # Panics
/// If the CPU lacks the features of `path`, or the lengths differ.
pub fn run64x2_on<F: Fun64x2>(path: Path, a: &[f64], b: &[f64], out: &mut [f64]) {
    on(
        path,
        Binary64::<F> {
            a,
            b,
            out,
            f: PhantomData,
        },
    )
}

/// Runs `F` over `a`, `b` on the path [`crate::isa`] allows.
///
/// # Panics
/// If the lengths differ.
pub fn run64x2<F: Fun64x2>(a: &[f64], b: &[f64], out: &mut [f64]) {
    run64x2_on::<F>(Path::current(), a, b, out)
}

/// A bivariate `f64` kernel over slices of equal length.
pub type Kernel64x2 = fn(&[f64], &[f64], &mut [f64]);

/// The correctly rounded vector kernel of `op` in `f64`, if it has one (not on the
/// baseline path, where it is slower than scalar CORE-MATH: see [`f64_kernel`]).
pub fn f64_kernel2(op: tensor_core::BinaryOp) -> Option<Kernel64x2> {
    f64_kernel2_on(Path::current(), op)
}

/// [`f64_kernel2`] for the path `path`.
pub fn f64_kernel2_on(path: Path, op: tensor_core::BinaryOp) -> Option<Kernel64x2> {
    if path == Path::Baseline {
        return None;
    }
    Some(match op {
        tensor_core::BinaryOp::Atan2 => run64x2::<atan64::Atan2_64>,
        tensor_core::BinaryOp::Pow => run64x2::<pow64::Pow64>,
        _ => return None,
    })
}

/// A kernel call that [`on`] compiles for each path: its `go` must be
/// `#[inline(always)]`, so that it is inlined into the functions with the path's target
/// features.
pub trait Job {
    /// Runs the kernel.
    fn go(self);
}

/// [`apply`] of `F` as a [`Job`].
struct Unary<'a, F> {
    xs: &'a [f32],
    out: &'a mut [f32],
    f: PhantomData<F>,
}

impl<F: Fun> Job for Unary<'_, F> {
    #[inline(always)]
    fn go(self) {
        apply::<F>(self.xs, self.out)
    }
}

/// [`apply2`] of `F` as a [`Job`].
struct Binary<'a, F> {
    a: &'a [f32],
    b: &'a [f32],
    out: &'a mut [f32],
    f: PhantomData<F>,
}

impl<F: Fun2> Job for Binary<'_, F> {
    #[inline(always)]
    fn go(self) {
        apply2::<F>(self.a, self.b, self.out)
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn go_avx2<J: Job>(j: J) {
    j.go()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
fn go_avx512<J: Job>(j: J) {
    j.go()
}

/// Runs `j` compiled for `path`.
///
/// # Panics
/// If the CPU lacks the features of `path` (only [`Path::supported`] ones may be asked
/// for).
pub fn on<J: Job>(path: Path, j: J) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        match path {
            Path::Avx512 => {
                assert!(
                    has!("avx512f") && has!("avx2") && has!("fma"),
                    "no AVX-512 F"
                );
                // SAFETY: the CPU has AVX-512 F, AVX2 and FMA (checked just above).
                return unsafe { go_avx512(j) };
            }
            Path::Avx2 => {
                assert!(has!("avx2") && has!("fma"), "no AVX2 and FMA");
                // SAFETY: the CPU has AVX2 and FMA (checked just above).
                return unsafe { go_avx2(j) };
            }
            Path::Baseline => {}
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    assert_eq!(path, Path::Baseline, "only the portable path exists here");
    j.go()
}

/// Runs `F` over `xs` on `path`.
///
/// # Panics
/// If the CPU lacks the features of `path` (only [`Path::supported`] ones may be asked
/// for), or the lengths differ.
pub fn run_on<F: Fun>(path: Path, xs: &[f32], out: &mut [f32]) {
    on(
        path,
        Unary::<F> {
            xs,
            out,
            f: PhantomData,
        },
    )
}

/// Runs `F` over `xs` on the path [`crate::isa`] allows.
pub fn run<F: Fun>(xs: &[f32], out: &mut [f32]) {
    on(
        Path::current(),
        Unary::<F> {
            xs,
            out,
            f: PhantomData,
        },
    )
}

/// A kernel over slices of equal length.
pub type Kernel = fn(&[f32], &mut [f32]);

/// The correctly rounded vector kernel of `op` in `f32`, if it has one.
pub fn f32_kernel(op: UnaryOp) -> Option<Kernel> {
    use UnaryOp::*;
    Some(match op {
        Exp => run::<exp::Exp>,
        Exp2 => run::<exp::Exp2>,
        Expm1 => run::<exp::Expm1>,
        Sigmoid => run::<exp::Sigmoid>,
        Sinh => run::<exp::Sinh>,
        Cosh => run::<exp::Cosh>,
        Tanh => run::<exp::Tanh>,
        Log => run::<log::Log>,
        Log2 => run::<log::Log2>,
        Log10 => run::<log::Log10>,
        Log1p => run::<log::Log1p>,
        Sin => run::<trig::Sin>,
        Cos => run::<trig::Cos>,
        Tan => run::<trig::Tan>,
        Atan => run::<atan::Atan>,
        Asin => run::<atan::Asin>,
        Acos => run::<atan::Acos>,
        Asinh => run::<log::Asinh>,
        Acosh => run::<log::Acosh>,
        Atanh => run::<log::Atanh>,
        Rsqrt => run::<root::Rsqrt>,
        Erf => run::<erf::Erf>,
        _ => return None,
    })
}
