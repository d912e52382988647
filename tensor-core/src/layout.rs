//! How a tensor's elements sit in its storage: shape, strides and offset, and the zero-copy
//! views built from them (reshape, permute, slice, narrow, broadcast, squeeze, unsqueeze).
//!
//! # Invariants of [`Layout`]
//! - `shape.len() == strides.len()` (the rank, 0 for a scalar).
//! - Strides count **elements**, not bytes, and may be negative (reversed slices) or zero
//!   (broadcast dimensions).
//! - For a non-empty layout every addressed element index
//!   `offset + sum_i idx_i * strides_i` lies in `0..storage_len`. [`Layout::check_fits`] is the
//!   one place this is checked, before any kernel indexes storage; the views below preserve
//!   it by construction.
//! - The element count `prod(shape)` fits in `isize`.
//!
//! An empty layout (some dimension is 0) addresses nothing and fits any storage.

use crate::{Error, Result};
use std::ops::{Deref, DerefMut};

/// Ranks up to this are stored inline in a [`Layout`] (no heap allocation).
const INLINE: usize = 6;

/// A short list of dimensions or strides: inline up to [`INLINE`] entries, else on the
/// heap. Behaves as a slice (`Deref`); equality, hashing and `Debug` are those of the
/// slice, so a `Layout` compares and prints as it did with `Vec`s.
#[derive(Clone)]
enum Dims<T: Copy + Default> {
    Inline(u8, [T; INLINE]),
    Heap(Vec<T>),
}

impl<T: Copy + Default> Dims<T> {
    #[inline]
    fn from_slice(s: &[T]) -> Self {
        if s.len() <= INLINE {
            // Element by element rather than `copy_from_slice`: a variable-length copy is
            // a `memcpy` call whose narrow stores stall the wide loads that move the
            // array into place right after (about 40% of a 16-element op's validation).
            let a = std::array::from_fn(|i| s.get(i).copied().unwrap_or_default());
            Dims::Inline(s.len() as u8, a)
        } else {
            Dims::Heap(s.to_vec())
        }
    }

    /// `n` copies of `T::default()`.
    #[inline]
    fn zeros(n: usize) -> Self {
        if n <= INLINE {
            Dims::Inline(n as u8, [T::default(); INLINE])
        } else {
            Dims::Heap(vec![T::default(); n])
        }
    }

    fn push(&mut self, v: T) {
        match self {
            Dims::Inline(n, a) if (*n as usize) < INLINE => {
                a[*n as usize] = v;
                *n += 1;
            }
            Dims::Inline(_, a) => {
                let mut h = a.to_vec();
                h.push(v);
                *self = Dims::Heap(h);
            }
            Dims::Heap(h) => h.push(v),
        }
    }

    fn insert(&mut self, i: usize, v: T) {
        assert!(i <= self.len(), "insert position out of range");
        self.push(v);
        self[i..].rotate_right(1);
    }
}

impl<T: Copy + Default> From<Vec<T>> for Dims<T> {
    fn from(v: Vec<T>) -> Self {
        if v.len() <= INLINE {
            Dims::from_slice(&v)
        } else {
            Dims::Heap(v)
        }
    }
}

impl<T: Copy + Default> FromIterator<T> for Dims<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut d = Dims::Inline(0, [T::default(); INLINE]);
        for v in iter {
            d.push(v);
        }
        d
    }
}

impl<T: Copy + Default> Deref for Dims<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Dims::Inline(n, a) => &a[..*n as usize],
            Dims::Heap(h) => h,
        }
    }
}

impl<T: Copy + Default> DerefMut for Dims<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Dims::Inline(n, a) => &mut a[..*n as usize],
            Dims::Heap(h) => h,
        }
    }
}

impl<T: Copy + Default + PartialEq> PartialEq for Dims<T> {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}
impl<T: Copy + Default + Eq> Eq for Dims<T> {}

impl<T: Copy + Default + std::hash::Hash> std::hash::Hash for Dims<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self[..].hash(state)
    }
}

impl<T: Copy + Default + std::fmt::Debug> std::fmt::Debug for Dims<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self[..].fmt(f)
    }
}

/// C-order strides of `shape` into `out` (same length).
#[inline]
fn fill_contiguous_strides(shape: &[usize], out: &mut [isize]) {
    let mut acc = 1isize;
    for i in (0..shape.len()).rev() {
        out[i] = acc;
        acc = acc.saturating_mul(shape[i].max(1) as isize);
    }
}

/// Shape, strides (in elements) and offset of a strided view. See the module docs for the
/// invariants. Ranks up to 6 are stored inline, so building a view does not allocate.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    shape: Dims<usize>,
    strides: Dims<isize>,
    offset: usize,
}

/// One axis of a NumPy-style basic slice `start:stop:step` (negative indices count from the
/// end; `None` means the default for the step's sign).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceArg {
    /// First index (default 0, or the last element for a negative step).
    pub start: Option<isize>,
    /// One past the last index (default the end, or before the first for a negative step).
    pub stop: Option<isize>,
    /// Step, non-zero.
    pub step: isize,
}

impl SliceArg {
    /// The whole axis (`:`).
    pub const FULL: SliceArg = SliceArg {
        start: None,
        stop: None,
        step: 1,
    };

    /// `start:stop:step`.
    pub fn new(start: Option<isize>, stop: Option<isize>, step: isize) -> Self {
        SliceArg { start, stop, step }
    }

    /// Resolves against an axis length as Python's `slice.indices` does:
    /// `(start, step, count)` of the selected indices.
    pub fn resolve(&self, len: usize) -> Result<(usize, isize, usize)> {
        if self.step == 0 {
            return Err(Error::invalid("slice", "slice step cannot be zero"));
        }
        let n = len as isize;
        let step = self.step;
        let clamp = |v: isize, lo: isize, hi: isize| v.max(lo).min(hi);
        let norm = |v: isize| if v < 0 { v + n } else { v };
        let (start, stop) = if step > 0 {
            (
                self.start.map_or(0, |s| clamp(norm(s), 0, n)),
                self.stop.map_or(n, |s| clamp(norm(s), 0, n)),
            )
        } else {
            (
                self.start.map_or(n - 1, |s| clamp(norm(s), -1, n - 1)),
                self.stop.map_or(-1, |s| clamp(norm(s), -1, n - 1)),
            )
        };
        // `start` and `stop` are in `-1..=n` here; written so no step (even `isize::MIN` or
        // `isize::MAX`) overflows.
        let count = if step > 0 && stop > start {
            (stop - start - 1) as usize / step as usize + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) as usize / step.unsigned_abs() + 1
        } else {
            0
        };
        let start = if count == 0 { 0 } else { start as usize };
        Ok((start, step, count))
    }
}

/// Normalises a possibly negative axis against a rank.
pub fn normalize_axis(axis: isize, ndim: usize, op: &str) -> Result<usize> {
    let n = ndim as isize;
    let a = if axis < 0 { axis + n } else { axis };
    if a < 0 || a >= n {
        return Err(Error::invalid(
            op,
            format!("axis {axis} is out of bounds for a tensor of rank {ndim}"),
        ));
    }
    Ok(a as usize)
}

/// Normalises a set of axes (negative allowed, `None` = all), sorted and without duplicates.
pub fn normalize_axes(axes: Option<&[isize]>, ndim: usize, op: &str) -> Result<Vec<usize>> {
    let Some(axes) = axes else {
        return Ok((0..ndim).collect());
    };
    let mut out = axes
        .iter()
        .map(|&a| normalize_axis(a, ndim, op))
        .collect::<Result<Vec<_>>>()?;
    out.sort_unstable();
    let before = out.len();
    out.dedup();
    if out.len() != before {
        return Err(Error::invalid(op, format!("repeated axis in {axes:?}")));
    }
    Ok(out)
}

/// The NumPy broadcast of two shapes.
pub fn broadcast_shapes(a: &[usize], b: &[usize], op: &str) -> Result<Vec<usize>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for i in 0..n {
        let da = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let db = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        out[i] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => return Err(Error::shapes(op, a, b)),
        };
    }
    Ok(out)
}

/// Number of elements of a shape, or an error if it or any dimension overflows `isize`
/// (as in NumPy, a dimension above `isize::MAX` is refused even when the shape is empty:
/// strides and signed offsets must be able to span every axis).
#[inline]
pub fn checked_numel(shape: &[usize]) -> Result<usize> {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| {
            (d <= isize::MAX as usize).then_some(())?;
            acc.checked_mul(d)
        })
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or_else(|| Error::invalid("shape", format!("{shape:?} has too many elements")))
}

/// Row-major (C order) strides of a shape.
pub fn contiguous_strides(shape: &[usize]) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    fill_contiguous_strides(shape, &mut strides);
    strides
}

/// Smallest and largest element index a non-empty layout addresses.
#[inline(always)]
fn index_range(shape: &[usize], strides: &[isize], offset: usize) -> (i128, i128) {
    let mut lo = offset as i128;
    let mut hi = offset as i128;
    for (&d, &s) in shape.iter().zip(strides) {
        let span = (d as i128 - 1) * s as i128;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    (lo, hi)
}

#[cold]
fn fit_error(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    (lo, hi): (i128, i128),
    storage_len: usize,
) -> Error {
    Error::invalid(
        "layout",
        format!(
            "shape {shape:?}, strides {strides:?}, offset {offset} address elements {lo}..={hi} outside storage of {storage_len}"
        ),
    )
}

impl Layout {
    /// The C-order contiguous layout of `shape` at offset 0.
    #[inline(always)]
    pub fn contiguous(shape: &[usize]) -> Self {
        Self::contiguous_at(shape, 0)
    }

    #[inline(always)]
    fn contiguous_at(shape: &[usize], offset: usize) -> Self {
        let n = shape.len();
        let strides = if n <= INLINE {
            // Constant indices (the loop runs over all INLINE places) let the compiler keep
            // the array in registers and store it once, in place; see `Dims::from_slice`.
            let mut a = [0isize; INLINE];
            let mut acc = 1isize;
            for i in (0..INLINE).rev() {
                if i < n {
                    a[i] = acc;
                    acc = acc.saturating_mul(shape[i].max(1) as isize);
                }
            }
            Dims::Inline(n as u8, a)
        } else {
            let mut d = Dims::zeros(n);
            fill_contiguous_strides(shape, &mut d);
            d
        };
        Layout {
            shape: Dims::from_slice(shape),
            strides,
            offset,
        }
    }

    /// A layout from raw parts; checks the rank and the element count. Use
    /// [`Layout::check_fits`] before addressing storage.
    pub fn new(shape: Vec<usize>, strides: Vec<isize>, offset: usize) -> Result<Self> {
        Self::checked(shape.into(), strides.into(), offset)
    }

    /// As [`Layout::new`], from borrowed parts (no allocation for ranks up to 6).
    #[inline]
    pub fn from_parts(shape: &[usize], strides: &[isize], offset: usize) -> Result<Self> {
        Self::checked(Dims::from_slice(shape), Dims::from_slice(strides), offset)
    }

    /// As [`Layout::from_parts`] followed by [`Layout::check_fits`], building the layout
    /// directly in `slot` (the plugin-side adapter validates every input of every op this
    /// way). The checks read the borrowed parts, before the layout is built: returning a
    /// 120-byte `Result<Layout>`, moving it into place and reading it back cost more than
    /// the checks themselves.
    #[inline]
    pub fn from_parts_in<'a>(
        slot: &'a mut Option<Layout>,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
        storage_len: usize,
    ) -> Result<&'a Layout> {
        if shape.len() != strides.len() {
            return Err(Error::invalid(
                "layout",
                format!("shape {shape:?} and strides {strides:?} differ in rank"),
            ));
        }
        if checked_numel(shape)? > 0 {
            let (lo, hi) = index_range(shape, strides, offset);
            if lo < 0 || hi >= storage_len as i128 {
                return Err(fit_error(shape, strides, offset, (lo, hi), storage_len));
            }
        }
        Ok(slot.insert(Layout {
            shape: Dims::from_slice(shape),
            strides: Dims::from_slice(strides),
            offset,
        }))
    }

    #[inline]
    fn checked(shape: Dims<usize>, strides: Dims<isize>, offset: usize) -> Result<Self> {
        if shape.len() != strides.len() {
            return Err(Error::invalid(
                "layout",
                format!("shape {shape:?} and strides {strides:?} differ in rank"),
            ));
        }
        checked_numel(&shape)?;
        Ok(Layout {
            shape,
            strides,
            offset,
        })
    }

    /// Checks the storage invariant: every addressed element is in `0..storage_len`.
    #[inline]
    pub fn check_fits(&self, storage_len: usize) -> Result<()> {
        if self.numel() == 0 {
            return Ok(());
        }
        let (lo, hi) = index_range(&self.shape, &self.strides, self.offset);
        if lo < 0 || hi >= storage_len as i128 {
            return Err(fit_error(
                &self.shape,
                &self.strides,
                self.offset,
                (lo, hi),
                storage_len,
            ));
        }
        Ok(())
    }

    /// Dimensions.
    #[inline]
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }
    /// Strides in elements.
    #[inline]
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }
    /// Element offset of index `[0, 0, ...]`.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// Rank.
    #[inline]
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }
    /// Number of elements.
    #[inline]
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// True if the elements are in C order with no gaps (dims of size 1 may have any
    /// stride). The offset may be non-zero.
    #[inline]
    pub fn is_contiguous(&self) -> bool {
        let mut expect = 1isize;
        for (&d, &s) in self.shape.iter().zip(self.strides.iter()).rev() {
            if d == 0 {
                return true;
            }
            if d != 1 {
                if s != expect {
                    return false;
                }
                expect *= d as isize;
            }
        }
        true
    }

    /// True if the elements fill `offset..offset + numel` of the storage exactly once, in
    /// some axis order, with positive strides: C order, Fortran order, any transpose or
    /// permutation of a contiguous block (axes of size 1 may have any stride). Broadcast
    /// (zero-stride), reversed (negative-stride) and gapped views are not dense.
    pub fn is_dense(&self) -> bool {
        let mut axes: Dims<(isize, usize)> = self
            .strides
            .iter()
            .zip(self.shape.iter())
            .filter(|(_, d)| **d != 1)
            .map(|(&s, &d)| (s, d))
            .collect();
        if axes.iter().any(|&(_, d)| d == 0) {
            return true;
        }
        axes.sort_unstable();
        let mut expect = 1isize;
        for (s, d) in axes.iter().copied() {
            if s != expect {
                return false;
            }
            expect *= d as isize;
        }
        true
    }

    /// Reorders the axes: axis `i` of the result is axis `axes[i]` of `self`.
    pub fn permute(&self, axes: &[usize]) -> Result<Layout> {
        let n = self.ndim();
        let mut seen = vec![false; n];
        if axes.len() != n
            || axes
                .iter()
                .any(|&a| a >= n || std::mem::replace(&mut seen[a], true))
        {
            return Err(Error::invalid(
                "permute",
                format!("{axes:?} is not a permutation of 0..{n}"),
            ));
        }
        Ok(Layout {
            shape: axes.iter().map(|&a| self.shape[a]).collect(),
            strides: axes.iter().map(|&a| self.strides[a]).collect(),
            offset: self.offset,
        })
    }

    /// Swaps two axes (negative allowed).
    pub fn transpose(&self, a: isize, b: isize) -> Result<Layout> {
        let (a, b) = (
            normalize_axis(a, self.ndim(), "transpose")?,
            normalize_axis(b, self.ndim(), "transpose")?,
        );
        let mut axes: Vec<usize> = (0..self.ndim()).collect();
        axes.swap(a, b);
        self.permute(&axes)
    }

    /// Reverses all axes (NumPy `.T`).
    pub fn t(&self) -> Layout {
        Layout {
            shape: self.shape.iter().rev().copied().collect(),
            strides: self.strides.iter().rev().copied().collect(),
            offset: self.offset,
        }
    }

    /// NumPy basic slicing: one [`SliceArg`] per leading axis (missing trailing axes are
    /// taken whole).
    pub fn slice(&self, args: &[SliceArg]) -> Result<Layout> {
        if args.len() > self.ndim() {
            return Err(Error::invalid(
                "slice",
                format!(
                    "{} indices for a tensor of rank {}",
                    args.len(),
                    self.ndim()
                ),
            ));
        }
        let mut out = self.clone();
        let mut offset = self.offset as isize;
        for (i, a) in args.iter().enumerate() {
            let (start, step, count) = a.resolve(self.shape[i])?;
            if count > 0 {
                offset += start as isize * self.strides[i];
            }
            out.shape[i] = count;
            // For a layout that fits its storage the product only overflows for a huge step,
            // which leaves at most one element: such an axis's stride is never used.
            out.strides[i] = self.strides[i].checked_mul(step).unwrap_or(0);
        }
        // An empty view keeps the original offset, which always fits.
        out.offset = if out.numel() == 0 {
            self.offset
        } else {
            offset as usize
        };
        Ok(out)
    }

    /// `len` elements of `axis` starting at `start` (PyTorch `narrow`).
    pub fn narrow(&self, axis: isize, start: usize, len: usize) -> Result<Layout> {
        let ax = normalize_axis(axis, self.ndim(), "narrow")?;
        if start.checked_add(len).is_none_or(|e| e > self.shape[ax]) {
            return Err(Error::invalid(
                "narrow",
                format!(
                    "{start}..{} is out of range for axis {ax} of length {}",
                    start as u128 + len as u128,
                    self.shape[ax]
                ),
            ));
        }
        let mut args = vec![SliceArg::FULL; ax + 1];
        args[ax] = SliceArg::new(Some(start as isize), Some((start + len) as isize), 1);
        self.slice(&args)
    }

    /// NumPy `broadcast_to`: new leading axes and size-1 axes get stride 0.
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Layout> {
        if shape.len() < self.ndim() {
            return Err(Error::shapes("broadcast_to", &self.shape, shape));
        }
        let lead = shape.len() - self.ndim();
        let mut strides = Dims::zeros(shape.len());
        for i in 0..self.ndim() {
            let (d, t) = (self.shape[i], shape[lead + i]);
            strides[lead + i] = if d == t {
                self.strides[i]
            } else if d == 1 {
                0
            } else {
                return Err(Error::shapes("broadcast_to", &self.shape, shape));
            };
        }
        Self::checked(Dims::from_slice(shape), strides, self.offset)
    }

    /// Removes size-1 axes: the listed ones (error if one is not size 1), or all of them.
    pub fn squeeze(&self, axes: Option<&[isize]>) -> Result<Layout> {
        let drop: Vec<usize> = match axes {
            None => (0..self.ndim()).filter(|&i| self.shape[i] == 1).collect(),
            Some(a) => {
                let v = normalize_axes(Some(a), self.ndim(), "squeeze")?;
                if let Some(&bad) = v.iter().find(|&&i| self.shape[i] != 1) {
                    return Err(Error::invalid(
                        "squeeze",
                        format!("axis {bad} has size {}, not 1", self.shape[bad]),
                    ));
                }
                v
            }
        };
        let keep = |i: &usize| !drop.contains(i);
        Ok(Layout {
            shape: (0..self.ndim())
                .filter(keep)
                .map(|i| self.shape[i])
                .collect(),
            strides: (0..self.ndim())
                .filter(keep)
                .map(|i| self.strides[i])
                .collect(),
            offset: self.offset,
        })
    }

    /// Inserts a size-1 axis at `axis` (in `-(ndim+1)..=ndim`).
    pub fn unsqueeze(&self, axis: isize) -> Result<Layout> {
        let ax = normalize_axis(axis, self.ndim() + 1, "unsqueeze")?;
        let mut out = self.clone();
        let stride = if ax < self.ndim() {
            self.strides[ax] * self.shape[ax] as isize
        } else {
            1
        };
        out.shape.insert(ax, 1);
        out.strides.insert(ax, stride);
        Ok(out)
    }

    /// A view with a new shape over the same elements in C order, or `None` when the strides
    /// do not allow it (then the data must be copied first). One dimension may be `-1`-like:
    /// pass it through [`infer_shape`] first.
    pub fn reshape_view(&self, shape: &[usize]) -> Option<Layout> {
        if checked_numel(shape).ok()? != self.numel() {
            return None;
        }
        if self.numel() == 0 || self.is_contiguous() {
            return Some(Self::contiguous_at(shape, self.offset));
        }
        // NumPy's `_attempt_nocopy_reshape`: match runs of old axes (size-1 axes dropped)
        // with runs of new axes of equal product; each old run must be contiguous in itself.
        let old: Vec<(usize, isize)> = self
            .shape
            .iter()
            .copied()
            .zip(self.strides.iter().copied())
            .filter(|&(d, _)| d != 1)
            .collect();
        let n = shape.len();
        let mut strides = vec![0isize; n];
        let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
        while ni < n && oi < old.len() {
            let (mut np, mut op) = (shape[ni], old[oi].0);
            while np != op {
                if np < op {
                    np *= *shape.get(nj)?;
                    nj += 1;
                } else {
                    op *= old.get(oj)?.0;
                    oj += 1;
                }
            }
            if (oi..oj - 1).any(|k| old[k].1 != old[k + 1].0 as isize * old[k + 1].1) {
                return None;
            }
            strides[nj - 1] = old[oj - 1].1;
            for k in (ni + 1..nj).rev() {
                strides[k - 1] = strides[k] * shape[k] as isize;
            }
            ni = nj;
            nj += 1;
            oi = oj;
            oj += 1;
        }
        let last = if ni > 0 { strides[ni - 1] } else { 1 };
        strides[ni..].fill(last);
        Some(Layout {
            shape: Dims::from_slice(shape),
            strides: strides.into(),
            offset: self.offset,
        })
    }

    /// Splits the layout for a reduction over `axes` (sorted, in range): the kept axes in
    /// output order, carrying the offset, and the reduced axes with offset 0. Element
    /// `(k, r)` of the input sits at `kept.index(k) + reduced.index(r)`.
    pub fn split_axes(&self, axes: &[usize]) -> (Layout, Layout) {
        let (mut kept, mut red) = (Layout::contiguous(&[]), Layout::contiguous(&[]));
        kept.offset = self.offset;
        for ax in 0..self.ndim() {
            let part = if axes.contains(&ax) {
                &mut red
            } else {
                &mut kept
            };
            part.shape.push(self.shape[ax]);
            part.strides.push(self.strides[ax]);
        }
        (kept, red)
    }

    /// Storage index of every element in C (row-major) order of the logical index.
    pub fn indices(&self) -> StridedIndices {
        StridedIndices::new(self)
    }
}

/// Resolves a NumPy-style shape with at most one `-1` against an element count.
pub fn infer_shape(shape: &[isize], numel: usize) -> Result<Vec<usize>> {
    let unknown: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == -1).collect();
    if unknown.len() > 1 || shape.iter().any(|&d| d < -1) {
        return Err(Error::invalid(
            "reshape",
            format!("invalid shape {shape:?}"),
        ));
    }
    let known: usize = shape
        .iter()
        .filter(|&&d| d >= 0)
        .map(|&d| d as usize)
        .product();
    let mut out: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
    if let Some(&u) = unknown.first() {
        if known == 0 || !numel.is_multiple_of(known) {
            return Err(Error::invalid(
                "reshape",
                format!("cannot reshape {numel} elements into {shape:?}"),
            ));
        }
        out[u] = numel / known;
    }
    if checked_numel(&out)? != numel {
        return Err(Error::invalid(
            "reshape",
            format!("cannot reshape {numel} elements into {shape:?}"),
        ));
    }
    Ok(out)
}

/// Iterator over the storage indices of a [`Layout`] in logical C order.
///
/// Walks an odometer over the index space. Kernels that want speed special-case contiguous
/// layouts and the innermost axis themselves.
#[derive(Clone, Debug)]
pub struct StridedIndices {
    shape: Vec<usize>,
    strides: Vec<isize>,
    idx: Vec<usize>,
    pos: isize,
    remaining: usize,
}

impl StridedIndices {
    fn new(l: &Layout) -> Self {
        StridedIndices {
            shape: l.shape.to_vec(),
            // The stride of an axis of 0 or 1 element never moves the position; zeroing it
            // keeps the odometer from overflowing on huge ones (a slice with step
            // `isize::MAX` leaves one element with stride `isize::MAX`).
            strides: (l.shape.iter().zip(l.strides.iter()))
                .map(|(&d, &s)| if d <= 1 { 0 } else { s })
                .collect(),
            idx: vec![0; l.ndim()],
            pos: l.offset as isize,
            remaining: l.numel(),
        }
    }
}

impl Iterator for StridedIndices {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let out = self.pos as usize;
        for ax in (0..self.shape.len()).rev() {
            self.idx[ax] += 1;
            self.pos += self.strides[ax];
            if self.idx[ax] < self.shape[ax] {
                break;
            }
            self.pos -= self.strides[ax] * self.shape[ax] as isize;
            self.idx[ax] = 0;
        }
        Some(out)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}
impl ExactSizeIterator for StridedIndices {}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(l: &Layout) -> Vec<usize> {
        let mut out = Vec::new();
        let n = l.numel();
        for flat in 0..n {
            let mut rem = flat;
            let mut pos = l.offset as isize;
            for ax in (0..l.ndim()).rev() {
                let i = rem % l.shape[ax];
                rem /= l.shape[ax];
                pos += i as isize * l.strides[ax];
            }
            out.push(pos as usize);
        }
        out
    }

    #[test]
    fn slices_follow_python() {
        type Case = (Option<isize>, Option<isize>, isize, usize, Vec<usize>);
        let cases: [Case; 6] = [
            (None, None, 1, 5, vec![0, 1, 2, 3, 4]),
            (None, None, -1, 5, vec![4, 3, 2, 1, 0]),
            (Some(1), None, 2, 5, vec![1, 3]),
            (Some(-2), None, 1, 5, vec![3, 4]),
            (Some(3), Some(1), 1, 5, vec![]),
            (Some(10), Some(-10), -3, 5, vec![4, 1]),
        ];
        for (start, stop, step, n, want) in cases {
            let l = Layout::contiguous(&[n])
                .slice(&[SliceArg::new(start, stop, step)])
                .unwrap();
            assert_eq!(
                l.indices().collect::<Vec<_>>(),
                want,
                "{start:?}:{stop:?}:{step}"
            );
            l.check_fits(n).unwrap();
        }
        assert!(SliceArg::new(None, None, 0).resolve(3).is_err());
    }

    #[test]
    fn extreme_steps_and_narrow_arguments_do_not_overflow() {
        // Found by tests/layout_props.rs: each of these panicked with an arithmetic overflow.
        let max = isize::MAX;
        assert_eq!(
            SliceArg::new(None, None, max).resolve(5).unwrap(),
            (0, max, 1)
        );
        assert_eq!(
            SliceArg::new(Some(1), None, max - 1).resolve(5).unwrap(),
            (1, max - 1, 1)
        );
        assert_eq!(
            SliceArg::new(None, None, isize::MIN).resolve(5).unwrap(),
            (4, isize::MIN, 1)
        );
        let rows = Layout::contiguous(&[4, 3])
            .slice(&[SliceArg::new(None, None, isize::MIN)])
            .unwrap();
        assert_eq!(rows.shape(), &[1, 3]);
        assert_eq!(rows.indices().collect::<Vec<_>>(), vec![9, 10, 11]);
        let one = Layout::contiguous(&[5])
            .slice(&[SliceArg::new(Some(2), None, max)])
            .unwrap();
        assert_eq!((one.shape(), one.strides()), (&[1][..], &[max][..]));
        assert_eq!(one.indices().collect::<Vec<_>>(), vec![2]);
        let e = Layout::contiguous(&[2])
            .narrow(0, usize::MAX, 2)
            .unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }

    #[test]
    fn reshape_view_of_transposed_is_refused_and_of_sliced_rows_is_allowed() {
        let l = Layout::contiguous(&[2, 3]).t();
        assert!(l.reshape_view(&[6]).is_none());
        assert_eq!(l.reshape_view(&[3, 2, 1]).unwrap().strides(), &[1, 3, 3]);
        let rows = Layout::contiguous(&[4, 6])
            .slice(&[SliceArg::new(None, None, 2)])
            .unwrap();
        let v = rows.reshape_view(&[2, 2, 3]).unwrap();
        assert_eq!(
            v.indices().collect::<Vec<_>>(),
            rows.indices().collect::<Vec<_>>()
        );
        assert!(rows.reshape_view(&[12]).is_none());
    }

    #[test]
    fn iteration_matches_brute_force() {
        let base = Layout::contiguous(&[3, 4, 5]);
        let views = [
            base.clone(),
            base.permute(&[2, 0, 1]).unwrap(),
            base.slice(&[
                SliceArg::new(None, None, -1),
                SliceArg::new(Some(1), None, 2),
            ])
            .unwrap(),
            base.narrow(2, 1, 3).unwrap(),
            Layout::contiguous(&[4, 1])
                .broadcast_to(&[2, 4, 3])
                .unwrap(),
            base.unsqueeze(1).unwrap().squeeze(Some(&[1])).unwrap(),
            Layout::contiguous(&[]),
        ];
        for v in views {
            assert_eq!(v.indices().collect::<Vec<_>>(), brute(&v), "{v:?}");
            v.check_fits(60).unwrap();
        }
    }

    #[test]
    fn invariant_violations_are_caught() {
        let l = Layout::new(vec![3], vec![2], 1).unwrap();
        assert!(l.check_fits(6).is_ok());
        assert!(l.check_fits(5).is_err());
        let neg = Layout::new(vec![3], vec![-1], 1).unwrap();
        assert!(neg.check_fits(10).is_err());
        assert!(Layout::new(vec![3, 2], vec![1], 0).is_err());
        assert!(Layout::new(vec![usize::MAX, 2], vec![1, 1], 0).is_err());
        // Empty, but a dimension no stride can span: refused as NumPy refuses it.
        assert!(checked_numel(&[0, usize::MAX]).is_err());
        assert!(checked_numel(&[isize::MAX as usize + 1, 0]).is_err());
        assert_eq!(checked_numel(&[0, isize::MAX as usize]).unwrap(), 0);
        assert!(Layout::new(vec![0, usize::MAX], vec![1, 1], 0).is_err());
    }

    #[test]
    fn broadcast_and_axes() {
        assert_eq!(broadcast_shapes(&[3, 1], &[4], "t").unwrap(), vec![3, 4]);
        assert!(broadcast_shapes(&[3], &[4], "t").is_err());
        assert_eq!(normalize_axes(Some(&[-1, 0]), 3, "t").unwrap(), vec![0, 2]);
        assert!(normalize_axes(Some(&[0, -3]), 3, "t").is_err());
        assert_eq!(infer_shape(&[-1, 4], 12).unwrap(), vec![3, 4]);
        assert!(infer_shape(&[-1, 5], 12).is_err());
    }
}
