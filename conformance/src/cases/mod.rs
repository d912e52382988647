//! The test cases of the suite: which op, dtype, input family and layout, with
//! deterministic (seeded) inputs. What each case should produce is computed separately, by
//! the independent reference in [`crate::oracle`] ([`Case::expected`]).
//!
//! One file per op family, with the same names as the reference's files in
//! [`crate::oracle`] and the backends' `ops/` folders: `unary`, `binary` (with `where`),
//! `cast`, `reduce`, `softmax`, `matmul` and `creation`. This file holds the types a case is
//! made of and [`all_cases`], which asks every family for its cases in a fixed order. The
//! order, the ids and the inputs are stable: a family draws its inputs from its own named
//! [`Stream`](crate::host::Stream), so adding cases to one family leaves every other
//! family's inputs unchanged.

mod binary;
mod cast;
mod creation;
mod matmul;
mod reduce;
mod softmax;
mod unary;

use crate::host::HostArray;
use crate::oracle::{self, Expected};
use tensor_core::{BinaryOp, DType, RandDist, ReduceOp, SoftmaxOp, UnaryOp};

/// What a case computes.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Elementwise unary op.
    Unary(UnaryOp),
    /// Elementwise binary op (inputs may broadcast).
    Binary(BinaryOp),
    /// Cast to the given dtype.
    Cast(DType),
    /// `where(cond, a, b)`.
    Where,
    /// A reduction.
    Reduce {
        /// The op.
        op: ReduceOp,
        /// Axes (`None` = all).
        axes: Option<Vec<isize>>,
        /// Keep reduced dims.
        keepdims: bool,
        /// ddof for var/std.
        ddof: f64,
    },
    /// softmax / log_softmax.
    Softmax {
        /// The op.
        op: SoftmaxOp,
        /// Axis.
        axis: isize,
    },
    /// matmul.
    MatMul,
    /// arange(start, stop, step).
    Arange(f64, f64, f64),
    /// linspace(start, stop, num, endpoint).
    Linspace(f64, f64, usize, bool),
    /// eye(n, m).
    Eye(usize, usize),
    /// Philox random numbers (shape, seed).
    Rand(RandDist, Vec<usize>, u64),
}

/// How the inputs are laid out in storage (the logical values are the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// C-contiguous.
    Contiguous,
    /// Stored transposed, read through `.t()`.
    Transposed,
    /// Every other element of a larger buffer (step 2).
    Strided,
    /// Stored reversed, read through negative strides.
    Reversed,
}

/// One case of the suite.
#[derive(Clone, Debug)]
pub struct Case {
    /// Unique, stable id (`op/dtype/family`).
    pub id: String,
    /// The op's name.
    pub op: String,
    /// What it computes.
    pub kind: Kind,
    /// The input dtype (output dtype for creation ops).
    pub dtype: DType,
    /// Input family (`typical`, `hard`, `offset`, ...).
    pub family: String,
    /// The inputs, in logical C order.
    pub inputs: Vec<HostArray>,
    /// Also check these layouts give bit-identical results.
    pub layouts: Vec<View>,
}

impl Case {
    /// A case with the usual id, `op/dtype/family`.
    fn new(
        op: &str,
        kind: Kind,
        dtype: DType,
        family: &str,
        inputs: Vec<HostArray>,
        layouts: Vec<View>,
    ) -> Case {
        Case {
            id: format!("{op}/{dtype}/{family}"),
            op: op.to_string(),
            kind,
            dtype,
            family: family.to_string(),
            inputs,
            layouts,
        }
    }

    /// The expected result, computed by the reference ([`oracle::expected`]).
    pub fn expected(&self) -> Expected {
        oracle::expected(self)
    }
}

/// Sizes of the suite.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Values per elementwise family.
    pub elementwise: usize,
    /// Length of the long reductions.
    pub reduction: usize,
    /// Inner dimension of the large-k matmul.
    pub big_k: usize,
}

impl Sizes {
    /// The full run.
    pub const FULL: Sizes = Sizes {
        elementwise: 16384,
        reduction: 1_000_000,
        big_k: 4096,
    };
    /// `--quick`.
    pub const QUICK: Sizes = Sizes {
        elementwise: 256,
        reduction: 100_000,
        big_k: 1024,
    };

    /// Length of an elementwise "typical" input: a multiple of 17, so that [`shape2`] gives
    /// it an odd inner size.
    fn elementwise_len(&self) -> usize {
        self.elementwise - self.elementwise % 17
    }
}

/// Every case of the suite for the dtypes a backend stores.
pub fn all_cases(dtypes: &[DType], sizes: Sizes, seed: u64) -> Vec<Case> {
    let mut cases = Vec::new();
    for &dt in dtypes {
        unary::cases(&mut cases, dt, sizes, seed);
        binary::cases(&mut cases, dt, sizes, seed);
        cast::cases(&mut cases, dt, dtypes, seed);
        binary::where_cases(&mut cases, dt, seed);
        reduce::cases(&mut cases, dt, sizes, seed);
        matmul::cases(&mut cases, dt, sizes, seed);
        creation::cases(&mut cases, dt);
    }
    cases
}

/// The layout variants an elementwise "typical" case is also run in.
fn elementwise_layouts() -> Vec<View> {
    vec![View::Transposed, View::Strided, View::Reversed]
}

/// A 1-D array of `vals`.
fn arr(dt: DType, vals: &[f64]) -> HostArray {
    HostArray::from_f64(dt, &[vals.len()], vals)
}

/// An array of integer values: exactly (`from_i64`) for `i64`, whose values f64 cannot all
/// hold, through f64 for the narrower integer dtypes and bool.
fn int_array(dt: DType, shape: &[usize], vals: &[i64]) -> HostArray {
    if dt == DType::I64 {
        HostArray::from_i64(dt, shape, vals)
    } else {
        let vals: Vec<f64> = vals.iter().map(|&v| v as f64).collect();
        HostArray::from_f64(dt, shape, &vals)
    }
}

/// A 2-D shape with an odd inner size, for layout variants.
fn shape2(n: usize) -> Vec<usize> {
    let inner = [17, 13, 11, 7, 5, 3, 1]
        .into_iter()
        .find(|d| n.is_multiple_of(*d) && n / d > 1)
        .unwrap_or(1);
    vec![n / inner, inner]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_has_a_reference() {
        let cases = all_cases(
            &DType::ALL,
            Sizes {
                elementwise: 34,
                reduction: 1000,
                big_k: 64,
            },
            7,
        );
        assert!(cases.len() > 500, "{}", cases.len());
        let mut ids = std::collections::HashSet::new();
        for c in &cases {
            assert!(ids.insert(c.id.clone()), "duplicate id {}", c.id);
            let _ = c.expected();
        }
    }
}
