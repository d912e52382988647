//! NumPy's basic indexing written from first principles, as the reference that view specs
//! are checked against (by `conformance/tests/viewspec_props.rs` and the `viewspec` fuzz
//! target in `tests/fuzz`).
//!
//! An array is its shape and its elements in C order. Slices follow CPython's
//! `slice.indices` (`Objects/sliceobject.c`, `PySlice_GetIndicesEx`): defaults by the step's
//! sign, negative bounds counted from the end, then clamped to `[0, len]` for a positive step
//! and `[-1, len - 1]` for a negative one; the selected positions are
//! `range(start, stop, step)`. Every computation is in `i128`, so no bound or step can
//! overflow here.

// Each includer uses a different subset.
#![allow(dead_code)]

use conformance::viewspec::{Index, Step};

/// A NumPy array of `i64` in C order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// Dimensions.
    pub shape: Vec<usize>,
    /// Elements in C order.
    pub data: Vec<i64>,
}

impl Model {
    /// `np.arange(prod(shape)).reshape(shape)`.
    pub fn arange(shape: &[usize]) -> Model {
        let n: usize = shape.iter().product();
        Model {
            shape: shape.to_vec(),
            data: (0..n as i64).collect(),
        }
    }

    fn strides(&self) -> Vec<usize> {
        let mut s = vec![1usize; self.shape.len()];
        for k in (0..self.shape.len().saturating_sub(1)).rev() {
            s[k] = s[k + 1] * self.shape[k + 1];
        }
        s
    }

    /// The array whose element at position `out` is `self[pick(out)]`, for a new `shape`.
    fn gather(&self, shape: Vec<usize>, pick: impl Fn(&[usize]) -> usize) -> Model {
        let n: usize = shape.iter().product();
        let mut data = Vec::with_capacity(n);
        let mut idx = vec![0usize; shape.len()];
        for _ in 0..n {
            data.push(self.data[pick(&idx)]);
            for k in (0..shape.len()).rev() {
                idx[k] += 1;
                if idx[k] < shape[k] {
                    break;
                }
                idx[k] = 0;
            }
        }
        Model { shape, data }
    }

    /// `a.transpose(axes)` with already normalised axes (a permutation).
    fn permuted(&self, axes: &[usize]) -> Model {
        let st = self.strides();
        let shape = axes.iter().map(|&a| self.shape[a]).collect();
        self.gather(shape, |i| {
            i.iter().zip(axes).map(|(&v, &a)| v * st[a]).sum()
        })
    }
}

/// The positions `slice(start, stop, step).indices(len)` selects, as `range()` lists them.
pub fn slice_positions(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    len: usize,
) -> Vec<usize> {
    assert!(step != 0, "Python raises ValueError for a zero step");
    let (len, step) = (len as i128, step as i128);
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let fix = |v: Option<isize>, default: i128| match v {
        None => default,
        Some(v) => {
            let mut v = v as i128;
            if v < 0 {
                v += len;
                if v < lower {
                    v = lower;
                }
            } else if v > upper {
                v = upper;
            }
            v
        }
    };
    let start = fix(start, if step < 0 { upper } else { lower });
    let stop = fix(stop, if step < 0 { lower } else { upper });
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

/// Applies view steps as NumPy does; `None` where NumPy raises (`IndexError`, `AxisError`,
/// `ValueError`).
pub fn apply(m: &Model, steps: &[Step]) -> Option<Model> {
    let mut m = m.clone();
    for s in steps {
        m = match s {
            Step::Reverse => {
                let axes: Vec<usize> = (0..m.shape.len()).rev().collect();
                m.permuted(&axes)
            }
            Step::Transpose(axes) => {
                let nd = m.shape.len() as i128;
                if axes.len() as i128 != nd {
                    return None;
                }
                let mut norm = Vec::with_capacity(axes.len());
                for &a in axes {
                    let a = a as i128;
                    let a = if a < 0 { a + nd } else { a };
                    if !(0..nd).contains(&a) || norm.contains(&(a as usize)) {
                        return None;
                    }
                    norm.push(a as usize);
                }
                m.permuted(&norm)
            }
            Step::Index(ix) => index(&m, ix)?,
        };
    }
    Some(m)
}

fn index(m: &Model, ix: &[Index]) -> Option<Model> {
    if ix.len() > m.shape.len() {
        return None;
    }
    // Per input axis: the positions kept, and whether the axis stays in the result.
    let mut picks: Vec<(Vec<usize>, bool)> = Vec::with_capacity(m.shape.len());
    for (axis, &len) in m.shape.iter().enumerate() {
        match ix.get(axis) {
            None => picks.push(((0..len).collect(), true)),
            Some(Index::Slice(s)) => {
                picks.push((slice_positions(s.start, s.stop, s.step, len), true))
            }
            Some(Index::Int(k)) => {
                let (k, n) = (*k as i128, len as i128);
                let j = if k < 0 { k + n } else { k };
                if !(0..n).contains(&j) {
                    return None;
                }
                picks.push((vec![j as usize], false));
            }
        }
    }
    let st = m.strides();
    let kept: Vec<usize> = (0..picks.len()).filter(|&a| picks[a].1).collect();
    let shape = kept.iter().map(|&a| picks[a].0.len()).collect();
    Some(m.gather(shape, |out| {
        let mut at = 0;
        let mut o = out.iter();
        for (a, (pos, keep)) in picks.iter().enumerate() {
            let p = if *keep {
                pos[*o.next().unwrap()]
            } else {
                pos[0]
            };
            at += p * st[a];
        }
        at
    }))
}

/// The spec text of `steps` in the grammar of `conformance::viewspec` (canonical spelling).
pub fn render(steps: &[Step]) -> String {
    let mut s = String::new();
    for step in steps {
        match step {
            Step::Reverse => s.push_str(".T"),
            Step::Transpose(axes) => {
                let a: Vec<String> = axes.iter().map(|a| a.to_string()).collect();
                s.push_str(&format!(".transpose({})", a.join(", ")));
            }
            Step::Index(ix) => {
                let parts: Vec<String> = ix
                    .iter()
                    .map(|i| match i {
                        Index::Int(k) => k.to_string(),
                        Index::Slice(sl) => {
                            let b = |v: Option<isize>| v.map_or(String::new(), |v| v.to_string());
                            format!("{}:{}:{}", b(sl.start), b(sl.stop), sl.step)
                        }
                    })
                    .collect();
                s.push_str(&format!("[{}]", parts.join(", ")));
            }
        }
    }
    s
}
