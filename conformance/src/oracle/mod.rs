//! The reference values results are graded against, computed independently of every
//! backend (no backend crate is called here).
//!
//! - For `f16`, `bf16` and `f32` results: float64 arithmetic and the platform libm (glibc,
//!   with the pure-Rust `libm` crate for `erf`), whose error (under one f64 ULP) is below
//!   2^-28 ULP of `f32`.
//! - For `f64` results: a multi-precision oracle, `astro-float` at [`PREC`] bits, returned as
//!   a double-double `hi + lo`, so float64 is graded in true ULPs, not against another
//!   rounded float64. Functions `astro-float` lacks (`expm1`, `log1p` near 0, `erf`) are
//!   summed from their Taylor series at that precision.
//! - Special values (NaN, infinities, signed zeros) follow IEEE 754 / C99 Annex F; for
//!   special inputs the Annex F value is taken from the platform libm, which implements it.
//! - Integer results follow NumPy (two's-complement wrapping, [`wrap`]) and are exact.
//! - Sums, products, moments, softmax and matmul of floats have no single correctly rounded
//!   answer a backend could be held to: their reference is a compensated ([`neumaier`])
//!   float64 value with a condition-aware error bound ([`Expected::Bounded`]).
//!
//! # Layout
//! [`expected`] turns a [`Case`] into an [`Expected`]. The work is done by one file per op
//! family, with the same names as the case generators in [`crate::cases`] (inputs there,
//! answers here, so a family's cases and its reference are found by file name alone):
//! `unary`, `binary` (with `where`), `cast`, `reduce`, `softmax`, `matmul` and `creation`.
//! The scalar references of the elementwise ops are public ([`unary_f64_exact`],
//! [`binary_f64`], ...); `mp` holds the multi-precision plumbing they share.

mod binary;
mod cast;
mod creation;
mod matmul;
mod mp;
mod reduce;
mod softmax;
mod unary;

pub use binary::{binary_f64, binary_f64_exact, floor_divide_f64, predicate};
pub use unary::{unary_f64, unary_f64_exact};

use crate::cases::{Case, Kind};
use tensor_core::DType;

/// Working precision of the multi-precision oracle, in bits.
pub const PREC: usize = 320;

/// A reference value as a double-double: the exact value is `hi + lo` to well beyond f64
/// precision (`lo` is 0 for float64-computed references).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ref {
    /// The value rounded to f64.
    pub hi: f64,
    /// The remainder `exact - hi`, rounded to f64.
    pub lo: f64,
    /// `hi` and `lo` are scaled by `2^scale` (used for tiny values, whose remainder would
    /// underflow): the exact value is `(hi + lo) * 2^-scale`.
    pub scale: i32,
}

impl Ref {
    /// A reference known exactly as an f64.
    pub fn exact(v: f64) -> Ref {
        Ref {
            hi: v,
            lo: 0.0,
            scale: 0,
        }
    }

    /// The reference value as the nearest f64 (unscaled).
    pub fn value(&self) -> f64 {
        if self.scale == 0 {
            self.hi
        } else {
            (self.hi + self.lo) * crate::ulp::pow2(-self.scale)
        }
    }
}

/// What the reference expects.
#[derive(Clone, Debug)]
pub enum Expected {
    /// Graded in ULPs of `dtype`.
    Ulp {
        /// Output dtype.
        dtype: DType,
        /// Output shape.
        shape: Vec<usize>,
        /// Reference values.
        refs: Vec<Ref>,
        /// Input magnitude per output (for error-vs-magnitude plots).
        mags: Vec<f64>,
    },
    /// Integer/bool results compared exactly.
    Exact {
        /// Output dtype.
        dtype: DType,
        /// Output shape.
        shape: Vec<usize>,
        /// Values.
        vals: Vec<i64>,
    },
    /// Graded against a per-element error bound.
    Bounded {
        /// Output dtype.
        dtype: DType,
        /// Output shape.
        shape: Vec<usize>,
        /// Reference values.
        refs: Vec<f64>,
        /// Error bounds.
        bounds: Vec<f64>,
    },
    /// The op must fail (e.g. max of an empty array).
    Error(String),
}

/// The expected result of a case, computed by the reference.
pub fn expected(case: &Case) -> Expected {
    let (dt, ins) = (case.dtype, &case.inputs);
    match &case.kind {
        Kind::Unary(op) => unary::expected(*op, dt, &ins[0]),
        Kind::Binary(op) => binary::expected(*op, dt, &ins[0], &ins[1]),
        Kind::Cast(to) => cast::expected(*to, &ins[0]),
        Kind::Where => binary::where_expected(dt, &ins[0], &ins[1], &ins[2]),
        Kind::Reduce {
            op,
            axes,
            keepdims,
            ddof,
        } => reduce::expected(*op, &ins[0], axes.as_deref(), *keepdims, *ddof),
        Kind::Softmax { op, axis } => softmax::expected(*op, &ins[0], *axis),
        Kind::MatMul => matmul::expected(&ins[0], &ins[1]),
        Kind::Arange(start, stop, step) => creation::arange(dt, *start, *stop, *step),
        Kind::Linspace(start, stop, num, endpoint) => {
            creation::linspace(dt, *start, *stop, *num, *endpoint)
        }
        Kind::Eye(n, m) => creation::eye(dt, *n, *m),
        Kind::Rand(dist, shape, seed) => creation::rand(dt, *dist, shape, *seed),
    }
}

/// Wraps an exact integer into a dtype (two's complement), as NumPy's integer arithmetic.
pub fn wrap(x: i128, dt: DType) -> i64 {
    match dt {
        DType::Bool => (x != 0) as i64,
        DType::U8 => (x as u8) as i64,
        DType::I32 => (x as i32) as i64,
        _ => x as i64,
    }
}

/// Neumaier-compensated sum.
pub fn neumaier(vals: impl IntoIterator<Item = f64>) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for x in vals {
        let t = s + x;
        c += if s.abs() >= x.abs() {
            (s - t) + x
        } else {
            (x - t) + s
        };
        s = t;
    }
    s + c
}

/// The factor `c(n)` of the summation bounds: the depth of a pairwise sum of `n` terms,
/// plus two.
fn c_of(n: usize) -> f64 {
    (n.max(2) as f64).log2().ceil() + 2.0
}

/// The unit roundoff of a float dtype (half its epsilon).
fn unit(dtype: DType) -> f64 {
    dtype.epsilon() / 2.0
}

/// Maps a flat output index of a broadcast result to the flat index of an input.
fn bcast_index(out_shape: &[usize], in_shape: &[usize], mut flat: usize) -> usize {
    let lead = out_shape.len() - in_shape.len();
    let mut idx = 0usize;
    let mut mult = 1usize;
    for ax in (0..out_shape.len()).rev() {
        let c = flat % out_shape[ax];
        flat /= out_shape[ax];
        if ax >= lead {
            let d = in_shape[ax - lead];
            idx += if d == 1 { 0 } else { c * mult };
            mult *= d;
        }
    }
    idx
}

/// The broadcast shape of two input shapes.
fn bshape(a: &[usize], b: &[usize]) -> Vec<usize> {
    tensor_core::layout::broadcast_shapes(a, b, "ref").expect("cases broadcast by construction")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tensor_core::{BinaryOp, UnaryOp};

    #[test]
    fn integer_semantics_follow_numpy() {
        assert_eq!(
            binary::int_binary(BinaryOp::FloorDivide, -7, 2, DType::I32),
            -4
        );
        assert_eq!(
            binary::int_binary(BinaryOp::FloorDivide, 7, -2, DType::I32),
            -4
        );
        assert_eq!(
            binary::int_binary(BinaryOp::FloorDivide, 7, 0, DType::I32),
            0
        );
        assert_eq!(binary::int_binary(BinaryOp::Fmod, -7, 2, DType::I32), -1);
        assert_eq!(binary::int_binary(BinaryOp::Add, 250, 10, DType::U8), 4);
        assert_eq!(
            binary::int_binary(BinaryOp::FloorDivide, i32::MIN as i64, -1, DType::I32),
            i32::MIN as i64
        );
        assert_eq!(
            unary::int_unary(UnaryOp::Abs, i32::MIN as i64, DType::I32),
            i32::MIN as i64
        );
        assert_eq!(binary::int_binary(BinaryOp::Add, 1, 1, DType::Bool), 1);
    }

    #[test]
    fn special_values_follow_annex_f() {
        assert_eq!(unary_f64_exact(UnaryOp::Log, 0.0).hi, f64::NEG_INFINITY);
        assert!(unary_f64_exact(UnaryOp::Log, -1.0).hi.is_nan());
        assert_eq!(unary_f64_exact(UnaryOp::Exp, f64::NEG_INFINITY).hi, 0.0);
        assert!(unary_f64_exact(UnaryOp::Sin, -0.0).hi.is_sign_negative());
        assert_eq!(binary_f64(BinaryOp::Pow, 1.0, f64::NAN), 1.0);
        assert_eq!(
            binary_f64(BinaryOp::Maximum, -0.0, 0.0).to_bits(),
            0.0f64.to_bits()
        );
        assert!(binary_f64(BinaryOp::Minimum, f64::NAN, 0.0).is_nan());
        assert_eq!(floor_divide_f64(1.0, 0.1), 9.0);
        assert_eq!(
            binary_f64_exact(BinaryOp::Atan2, 1.0, -1.0).hi,
            3.0 * std::f64::consts::FRAC_PI_4
        );
    }
}
