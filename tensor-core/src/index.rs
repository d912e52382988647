//! NumPy basic indexing from Rust: [`Tensor::i`] with integers, ranges (with a step),
//! [`NewAxis`] and [`Ellipsis`], written with the [`s!`](crate::s) macro. Every result is a
//! view (no copy), as NumPy's basic indexing and PyTorch's are.
//!
//! | NumPy / PyTorch | here |
//! |---|---|
//! | `x[1]`, `x[-1]` | `x.i(s![1])`, `x.i(s![-1])` |
//! | `x[1:3]`, `x[:3]`, `x[1:]`, `x[:]` | `s![1..3]`, `s![..3]`, `s![1..]`, `s![..]` |
//! | `x[1:3:2]`, `x[::-1]` | `s![1..3; 2]`, `s![..; -1]` |
//! | `x[2, :, None]` | `s![2, .., NewAxis]` |
//! | `x[..., 0]` | `s![Ellipsis, 0]` |
//!
//! Semantics are Python's, not Rust's slice rules: negative positions count from the end, and
//! bounds past either end are clamped (`s![..100]` of 5 elements is all 5); a step is
//! applied as Python's `start:stop:step`, so `s![..; -1]` reverses the axis and
//! `s![1..3; -1]` is empty (as `x[1:3:-1]`). `a..=b` is `a:b+1` (`..=-1` runs to the end).
//! An integer outside its axis is an error, as NumPy's `IndexError`. Clippy's
//! `reversed_empty_ranges` (deny by default) flags literal ranges such as `1..-1` that are
//! empty by Rust's rules though not by Python's: allow it where you write one.
//!
//! ```
//! # fn main() -> tensor_core::Result<()> {
//! # backend_cpu::register();
//! use tensor_core::{s, Device, DType, NewAxis, Tensor};
//! let dev = Device::open("cpu")?;
//! let x = Tensor::arange(&dev, 0.0, 12.0, 1.0, DType::I64)?.reshape(&[3, 4])?;
//! assert_eq!(x.i(s![1])?.to_vec::<i64>()?, [4, 5, 6, 7]);
//! assert_eq!(x.i(s![.., -1])?.to_vec::<i64>()?, [3, 7, 11]);
//! assert_eq!(x.i(s![..2, 1..; 2])?.to_vec::<i64>()?, [1, 3, 5, 7]);
//! assert_eq!(x.i(s![..; -1, 0])?.to_vec::<i64>()?, [8, 4, 0]);
//! assert_eq!(x.i(s![NewAxis, 0])?.shape(), [1, 4]);
//! assert!(x.i(s![3]).is_err()); // index 3 is out of bounds for axis 0 with size 3
//! # Ok(())
//! # }
//! ```

use crate::{Error, Result, SliceArg, Tensor};
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

/// One item of a basic index (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TensorIndex {
    /// A position (negative counts from the end); the axis is removed.
    Int(isize),
    /// `start:stop:step` of one axis.
    Slice(SliceArg),
    /// A new axis of size 1 (NumPy's `None`).
    NewAxis,
    /// As many whole axes as the other items leave (NumPy's `...`); at most one.
    Ellipsis,
}

/// NumPy's `None` / `np.newaxis` in [`s!`](crate::s): a new axis of size 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewAxis;

/// NumPy's `...` in [`s!`](crate::s): every axis the other items leave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ellipsis;

impl From<NewAxis> for TensorIndex {
    fn from(_: NewAxis) -> Self {
        TensorIndex::NewAxis
    }
}

impl From<Ellipsis> for TensorIndex {
    fn from(_: Ellipsis) -> Self {
        TensorIndex::Ellipsis
    }
}

impl From<SliceArg> for TensorIndex {
    fn from(s: SliceArg) -> Self {
        TensorIndex::Slice(s)
    }
}

/// A Rust range as the bounds of a Python slice (`..`, `a..b`, `a..`, `..b`, `a..=b`,
/// `..=b`); what [`s!`](crate::s) accepts before a `; step`.
pub trait SliceRange {
    /// `(start, stop)` of the equivalent Python slice.
    fn bounds(self) -> (Option<isize>, Option<isize>);
}

/// A position as `isize`, saturating (a `usize` beyond `isize::MAX` is out of bounds or
/// clamped either way).
pub trait IndexInt: Copy {
    /// The value as `isize`, saturating.
    fn to_isize(self) -> isize;
}

macro_rules! index_ints {
    ($($t:ty),+) => {$(
        impl IndexInt for $t {
            fn to_isize(self) -> isize {
                isize::try_from(self).unwrap_or(if self > <$t>::default() { isize::MAX } else { isize::MIN })
            }
        }
        impl From<$t> for TensorIndex {
            fn from(v: $t) -> Self {
                TensorIndex::Int(v.to_isize())
            }
        }
    )+};
}
index_ints!(isize, i32, i64, usize, u32, u64);

/// The exclusive stop after an inclusive end (`..=-1` runs to the end).
fn after(end: isize) -> Option<isize> {
    match end {
        -1 | isize::MAX => None,
        e => Some(e + 1),
    }
}

impl<T: IndexInt> SliceRange for Range<T> {
    fn bounds(self) -> (Option<isize>, Option<isize>) {
        (Some(self.start.to_isize()), Some(self.end.to_isize()))
    }
}
impl<T: IndexInt> SliceRange for RangeFrom<T> {
    fn bounds(self) -> (Option<isize>, Option<isize>) {
        (Some(self.start.to_isize()), None)
    }
}
impl<T: IndexInt> SliceRange for RangeTo<T> {
    fn bounds(self) -> (Option<isize>, Option<isize>) {
        (None, Some(self.end.to_isize()))
    }
}
impl<T: IndexInt> SliceRange for RangeInclusive<T> {
    fn bounds(self) -> (Option<isize>, Option<isize>) {
        (Some(self.start().to_isize()), after(self.end().to_isize()))
    }
}
impl<T: IndexInt> SliceRange for RangeToInclusive<T> {
    fn bounds(self) -> (Option<isize>, Option<isize>) {
        (None, after(self.end.to_isize()))
    }
}
impl SliceRange for RangeFull {
    fn bounds(self) -> (Option<isize>, Option<isize>) {
        (None, None)
    }
}

impl<R: SliceRange> From<R> for TensorIndex {
    fn from(r: R) -> Self {
        TensorIndex::stepped(r, 1)
    }
}

impl TensorIndex {
    /// `range` with `step` (Python's `start:stop:step`); what `s![range; step]` writes. A
    /// zero step is an error when the index is applied.
    pub fn stepped(range: impl SliceRange, step: isize) -> TensorIndex {
        let (start, stop) = range.bounds();
        TensorIndex::Slice(SliceArg::new(start, stop, step))
    }
}

/// Builds the items of a basic index for [`Tensor::i`]: integers, ranges, `range; step`,
/// [`NewAxis`] and [`Ellipsis`] (see the [`index`](crate::index) module).
///
/// ```
/// use tensor_core::{s, SliceArg, TensorIndex};
/// assert_eq!(
///     s![0, 1..; 2],
///     [TensorIndex::Int(0), TensorIndex::Slice(SliceArg::new(Some(1), None, 2))]
/// );
/// ```
#[macro_export]
macro_rules! s {
    (@item $e:expr ; $step:expr) => {
        $crate::TensorIndex::stepped($e, $step)
    };
    (@item $e:expr) => {
        $crate::TensorIndex::from($e)
    };
    ($($e:expr $(; $step:expr)?),* $(,)?) => {
        [$($crate::s!(@item $e $(; $step)?)),*]
    };
}

impl Tensor {
    /// NumPy basic indexing (see the [`index`](crate::index) module and [`s!`](crate::s)):
    /// a view of `self`. `items` is what [`s!`](crate::s) builds (by value or by reference),
    /// or any slice of [`TensorIndex`].
    pub fn i(&self, items: impl AsRef<[TensorIndex]>) -> Result<Tensor> {
        const OP: &str = "index";
        let items = items.as_ref();
        let ndim = self.ndim();
        let used = items
            .iter()
            .filter(|i| matches!(i, TensorIndex::Int(_) | TensorIndex::Slice(_)))
            .count();
        if used > ndim {
            return Err(Error::invalid(
                OP,
                format!("too many indices: {used} for a tensor of rank {ndim}"),
            ));
        }
        if items
            .iter()
            .filter(|i| **i == TensorIndex::Ellipsis)
            .count()
            > 1
        {
            return Err(Error::invalid(
                OP,
                "an index can only have a single ellipsis ('...')",
            ));
        }
        // One slice per source axis, the axes an integer removes, and where new axes go in
        // the result.
        let mut args = Vec::with_capacity(ndim);
        let mut drop = Vec::new();
        let mut new_axes = Vec::new();
        let mut out_axis = 0usize;
        for item in items {
            match *item {
                TensorIndex::Int(k) => {
                    let axis = args.len();
                    let len = self.shape()[axis];
                    let j = if k < 0 {
                        k.checked_add_unsigned(len)
                    } else {
                        Some(k)
                    };
                    let j = j.filter(|j| (0..len as isize).contains(j)).ok_or_else(|| {
                        Error::invalid(
                            OP,
                            format!("index {k} is out of bounds for axis {axis} with size {len}"),
                        )
                    })?;
                    args.push(SliceArg::new(Some(j), Some(j + 1), 1));
                    drop.push(axis as isize);
                }
                TensorIndex::Slice(s) => {
                    args.push(s);
                    out_axis += 1;
                }
                TensorIndex::NewAxis => {
                    new_axes.push(out_axis as isize);
                    out_axis += 1;
                }
                TensorIndex::Ellipsis => {
                    for _ in 0..ndim - used {
                        args.push(SliceArg::FULL);
                        out_axis += 1;
                    }
                }
            }
        }
        let mut v = self.slice(&args)?;
        if !drop.is_empty() {
            v = v.squeeze(Some(&drop))?;
        }
        for a in new_axes {
            v = v.unsqueeze(a)?;
        }
        Ok(v)
    }
}
