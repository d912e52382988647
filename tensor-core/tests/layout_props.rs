//! Property tests of [`Layout`] views and the shape helpers in `tensor_core::layout`,
//! against brute-force models written here from the definitions (NumPy semantics, Python's
//! `slice.indices`), not from the implementation.
//!
//! The main model is the list of storage indices a view addresses, in C order of its
//! logical index. Each view op is applied both to the `Layout` and, by gathering, to that
//! list; after every step the two must agree, the layout must fit the storage, and an op the
//! model calls invalid must be an error.

use proptest::prelude::*;
use tensor_core::layout::{broadcast_shapes, contiguous_strides, normalize_axes};
use tensor_core::{Error, Layout, SliceArg};

// ---------------------------------------------------------------------------------------
// Reference models
// ---------------------------------------------------------------------------------------

/// Every multi-index of `shape` in C order.
fn all_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let n: usize = shape.iter().product();
    (0..n)
        .map(|mut flat| {
            let mut idx = vec![0; shape.len()];
            for ax in (0..shape.len()).rev() {
                idx[ax] = flat % shape[ax];
                flat /= shape[ax];
            }
            idx
        })
        .collect()
}

/// C-order flat position of `idx` in `shape`.
fn ravel(idx: &[usize], shape: &[usize]) -> usize {
    idx.iter().zip(shape).fold(0, |acc, (&i, &d)| acc * d + i)
}

/// Storage indices from shape, strides and offset, by the definition.
fn brute_indices(l: &Layout) -> Vec<usize> {
    all_indices(l.shape())
        .iter()
        .map(|idx| {
            let pos = l.offset() as i128
                + idx
                    .iter()
                    .zip(l.strides())
                    .map(|(&i, &s)| i as i128 * s as i128)
                    .sum::<i128>();
            usize::try_from(pos).expect("negative storage index")
        })
        .collect()
}

/// Python's `range(*slice(start, stop, step).indices(len))`, following CPython's
/// `PySlice_GetIndicesEx` (computed in i128 so no input overflows).
fn py_slice(start: Option<isize>, stop: Option<isize>, step: isize, len: usize) -> Vec<usize> {
    assert!(step != 0);
    let (n, step) = (len as i128, step as i128);
    let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
    let fix = |v: Option<isize>, default: i128| match v {
        None => default,
        Some(v) => {
            let mut v = v as i128;
            if v < 0 {
                v += n;
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

/// The NumPy broadcast of two shapes, right-aligned.
fn ref_broadcast(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let n = a.len().max(b.len());
    let pad = |s: &[usize]| {
        let mut v = vec![1; n - s.len()];
        v.extend_from_slice(s);
        v
    };
    let (a, b) = (pad(a), pad(b));
    a.iter()
        .zip(&b)
        .map(|(&x, &y)| match (x, y) {
            _ if x == y => Some(x),
            (1, y) => Some(y),
            (x, 1) => Some(x),
            _ => None,
        })
        .collect()
}

/// Whether axis `a` is valid for rank `r`, and its normalised value.
fn ref_axis(a: isize, r: usize) -> Option<usize> {
    let r = r as isize;
    (-r..r).contains(&a).then(|| a.rem_euclid(r) as usize)
}

/// The view as a list of storage indices in C order.
#[derive(Clone, Debug)]
struct Model {
    shape: Vec<usize>,
    data: Vec<usize>,
}

impl Model {
    /// A new view of `shape` whose element at `idx` is the old element at `old(idx)`.
    fn gather(&self, shape: Vec<usize>, old: impl Fn(&[usize]) -> Vec<usize>) -> Model {
        let data = all_indices(&shape)
            .iter()
            .map(|idx| self.data[ravel(&old(idx), &self.shape)])
            .collect();
        Model { shape, data }
    }
}

// ---------------------------------------------------------------------------------------
// View ops: raw seeds, turned into arguments against the current rank
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum ViewOp {
    /// A valid permutation: axes sorted by these keys.
    PermuteKeys(Vec<u32>),
    /// Raw axes, often not a permutation.
    PermuteRaw(Vec<u8>),
    Transpose(i8, i8),
    T,
    /// Per leading axis `start:stop:step` (step 0 is invalid).
    Slice(Vec<(Option<i8>, Option<i8>, i8)>),
    Narrow(i8, u8, u8),
    /// Leading new dims, then per axis: `None` keeps the size, `Some(t)` asks for `t`.
    Broadcast(Vec<u8>, Vec<Option<u8>>),
    /// `None`: all size-1 axes; `Some(a)`: that axis.
    Squeeze(Option<i8>),
    Unsqueeze(i8),
}

fn view_op() -> impl Strategy<Value = ViewOp> {
    let small = -6i8..6;
    prop_oneof![
        prop::collection::vec(any::<u32>(), 8).prop_map(ViewOp::PermuteKeys),
        prop::collection::vec(0u8..6, 0..6).prop_map(ViewOp::PermuteRaw),
        (small.clone(), small.clone()).prop_map(|(a, b)| ViewOp::Transpose(a, b)),
        Just(ViewOp::T),
        prop::collection::vec(
            (
                prop::option::of(-7i8..8),
                prop::option::of(-7i8..8),
                prop_oneof![8 => -3i8..4, 1 => Just(0i8)],
            ),
            0..5
        )
        .prop_map(ViewOp::Slice),
        (small.clone(), 0u8..6, 0u8..6).prop_map(|(a, s, l)| ViewOp::Narrow(a, s, l)),
        (
            prop::collection::vec(0u8..4, 0..3),
            prop::collection::vec(prop::option::of(0u8..4), 6)
        )
            .prop_map(|(lead, per)| ViewOp::Broadcast(lead, per)),
        prop::option::of(small.clone()).prop_map(ViewOp::Squeeze),
        small.prop_map(ViewOp::Unsqueeze),
    ]
}

/// Largest model a step may produce (broadcasts can grow a view).
const MAX_ELEMS: usize = 4096;

/// Applies `op` to both; checks an invalid op is an error. Returns the new pair, or `None`
/// when the op was (correctly) rejected or would make the model too big.
fn apply(l: &Layout, m: &Model, op: &ViewOp) -> Option<(Layout, Model)> {
    let r = l.ndim();
    let shape = &m.shape;
    // `want` is the model's answer (None = invalid), `got` the layout's.
    let (want, got): (Option<Model>, tensor_core::Result<Layout>) = match op {
        ViewOp::PermuteKeys(keys) => {
            let mut axes: Vec<usize> = (0..r).collect();
            axes.sort_by_key(|&i| (keys.get(i).copied().unwrap_or(0), i));
            let want = permute_model(m, &axes);
            (Some(want), l.permute(&axes))
        }
        ViewOp::PermuteRaw(raw) => {
            let axes: Vec<usize> = raw.iter().map(|&a| a as usize).collect();
            let mut sorted = axes.clone();
            sorted.sort_unstable();
            let valid = sorted == (0..r).collect::<Vec<_>>();
            (valid.then(|| permute_model(m, &axes)), l.permute(&axes))
        }
        ViewOp::Transpose(a, b) => {
            let (a, b) = (*a as isize, *b as isize);
            let want = match (ref_axis(a, r), ref_axis(b, r)) {
                (Some(x), Some(y)) => {
                    let mut axes: Vec<usize> = (0..r).collect();
                    axes.swap(x, y);
                    Some(permute_model(m, &axes))
                }
                _ => None,
            };
            (want, l.transpose(a, b))
        }
        ViewOp::T => {
            let axes: Vec<usize> = (0..r).rev().collect();
            (Some(permute_model(m, &axes)), Ok(l.t()))
        }
        ViewOp::Slice(raw) => {
            let args: Vec<SliceArg> = raw
                .iter()
                .map(|&(a, b, s)| SliceArg::new(a.map(isize::from), b.map(isize::from), s as isize))
                .collect();
            let valid = args.len() <= r && args.iter().all(|a| a.step != 0);
            let want = valid.then(|| {
                let sel: Vec<Vec<usize>> = (0..r)
                    .map(|ax| match args.get(ax) {
                        Some(a) => py_slice(a.start, a.stop, a.step, shape[ax]),
                        None => (0..shape[ax]).collect(),
                    })
                    .collect();
                let new_shape = sel.iter().map(Vec::len).collect();
                m.gather(new_shape, |idx| {
                    idx.iter().enumerate().map(|(ax, &i)| sel[ax][i]).collect()
                })
            });
            (want, l.slice(&args))
        }
        ViewOp::Narrow(a, start, len) => {
            let (a, start, len) = (*a as isize, *start as usize, *len as usize);
            let want = ref_axis(a, r)
                .filter(|&ax| start + len <= shape[ax])
                .map(|ax| {
                    let mut new_shape = shape.clone();
                    new_shape[ax] = len;
                    m.gather(new_shape, |idx| {
                        let mut o = idx.to_vec();
                        o[ax] += start;
                        o
                    })
                });
            (want, l.narrow(a, start, len))
        }
        ViewOp::Broadcast(lead, per) => {
            let mut target: Vec<usize> = lead.iter().map(|&d| d as usize).collect();
            target.extend((0..r).map(|ax| {
                per.get(ax)
                    .copied()
                    .flatten()
                    .map_or(shape[ax], |t| t as usize)
            }));
            if target.iter().product::<usize>() > MAX_ELEMS {
                return None;
            }
            let k = target.len() - r;
            let valid = (0..r).all(|ax| shape[ax] == target[k + ax] || shape[ax] == 1);
            let want = valid.then(|| {
                m.gather(target.clone(), |idx| {
                    (0..r)
                        .map(|ax| if shape[ax] == 1 { 0 } else { idx[k + ax] })
                        .collect()
                })
            });
            (want, l.broadcast_to(&target))
        }
        ViewOp::Squeeze(a) => {
            let drop: Option<Vec<usize>> = match a {
                None => Some((0..r).filter(|&ax| shape[ax] == 1).collect()),
                Some(a) => ref_axis(*a as isize, r)
                    .filter(|&ax| shape[ax] == 1)
                    .map(|ax| vec![ax]),
            };
            let want = drop.map(|drop| {
                let keep: Vec<usize> = (0..r).filter(|ax| !drop.contains(ax)).collect();
                let new_shape = keep.iter().map(|&ax| shape[ax]).collect();
                m.gather(new_shape, |idx| {
                    let mut o = vec![0; r];
                    for (i, &ax) in keep.iter().enumerate() {
                        o[ax] = idx[i];
                    }
                    o
                })
            });
            let axes = a.map(|a| vec![a as isize]);
            (want, l.squeeze(axes.as_deref()))
        }
        ViewOp::Unsqueeze(a) => {
            let a = *a as isize;
            let want = ref_axis(a, r + 1).map(|ax| {
                let mut new_shape = shape.clone();
                new_shape.insert(ax, 1);
                m.gather(new_shape, |idx| {
                    let mut o = idx.to_vec();
                    o.remove(ax);
                    o
                })
            });
            (want, l.unsqueeze(a))
        }
    };
    match (want, got) {
        (None, Err(_)) => None,
        (None, Ok(v)) => panic!("{op:?} on {l:?} should fail, gave {v:?}"),
        (Some(_), Err(e)) => panic!("{op:?} on {l:?} should succeed, failed: {e}"),
        (Some(m), Ok(v)) => Some((v, m)),
    }
}

fn permute_model(m: &Model, axes: &[usize]) -> Model {
    let new_shape = axes.iter().map(|&a| m.shape[a]).collect();
    m.gather(new_shape, |idx| {
        let mut o = vec![0; axes.len()];
        for (i, &a) in axes.iter().enumerate() {
            o[a] = idx[i];
        }
        o
    })
}

/// Mostly small values, sometimes anything, sometimes the extremes (where overflow hides).
fn extreme_or(small: std::ops::Range<isize>) -> impl Strategy<Value = isize> {
    prop_oneof![
        6 => small,
        1 => any::<isize>(),
        1 => prop::sample::select(vec![isize::MIN, isize::MIN + 1, isize::MAX - 1, isize::MAX]),
    ]
}

fn shape_strategy() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..5, 0..=4)
}

/// A random shape with exactly `n` elements (n > 0): divisors of what is left, with 1s
/// sprinkled in.
fn shape_with_numel(n: usize, seeds: &[u8]) -> Vec<usize> {
    let mut left = n;
    let mut out = Vec::new();
    for &s in seeds {
        if s % 4 == 0 {
            out.push(1);
            continue;
        }
        let divs: Vec<usize> = (1..=left).filter(|d| left.is_multiple_of(*d)).collect();
        let d = divs[s as usize % divs.len()];
        out.push(d);
        left /= d;
    }
    if left > 1 {
        out.push(left);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every view of a chain fits the storage and addresses exactly what the model says.
    #[test]
    fn view_chains_match_the_model(
        shape in shape_strategy(),
        base_offset in 0usize..3,
        ops in prop::collection::vec(view_op(), 0..8),
    ) {
        let numel: usize = shape.iter().product();
        let storage_len = base_offset + numel;
        let mut l = Layout::new(shape.clone(), contiguous_strides(&shape), base_offset).unwrap();
        let mut m = Model { shape: shape.clone(), data: (base_offset..storage_len).collect() };
        prop_assert!(l.is_contiguous());
        for op in &ops {
            if let Some((nl, nm)) = apply(&l, &m, op) {
                l = nl;
                m = nm;
            }
            prop_assert_eq!(l.shape(), &m.shape[..], "after {:?}", op);
            prop_assert_eq!(l.strides().len(), l.ndim());
            prop_assert!(l.check_fits(storage_len).is_ok(), "{:?} does not fit {}", l, storage_len);
            let got: Vec<usize> = l.indices().collect();
            prop_assert_eq!(&got, &brute_indices(&l), "indices() vs definition, {:?}", l);
            prop_assert_eq!(&got, &m.data, "indices() vs model after {:?}: {:?}", op, l);
            prop_assert_eq!(l.indices().len(), l.numel());
        }
    }

    /// `reshape_view` keeps the element order when it succeeds, and always succeeds on
    /// contiguous layouts.
    #[test]
    fn reshape_view_keeps_c_order(
        shape in shape_strategy(),
        ops in prop::collection::vec(view_op(), 0..6),
        seeds in prop::collection::vec(any::<u8>(), 0..5),
    ) {
        let numel: usize = shape.iter().product();
        let mut l = Layout::contiguous(&shape);
        let mut m = Model { shape: shape.clone(), data: (0..numel).collect() };
        for op in &ops {
            if let Some((nl, nm)) = apply(&l, &m, op) {
                l = nl;
                m = nm;
            }
        }
        let n = l.numel();
        let target = if n == 0 {
            // Any shape with a zero in it.
            let mut t: Vec<usize> = seeds.iter().map(|&s| (s % 4) as usize).collect();
            t.push(0);
            let k = seeds.first().map_or(0, |&s| s as usize % t.len());
            t.rotate_right(k);
            t
        } else {
            shape_with_numel(n, &seeds)
        };
        prop_assert_eq!(target.iter().product::<usize>(), n, "bad test shape {:?}", target);
        let before: Vec<usize> = l.indices().collect();
        match l.reshape_view(&target) {
            Some(v) => {
                prop_assert_eq!(v.shape(), &target[..]);
                prop_assert!(v.check_fits(numel).is_ok(), "{:?} -> {:?}", l, v);
                let after: Vec<usize> = v.indices().collect();
                prop_assert_eq!(after, before, "{:?} -> {:?}", l, v);
            }
            None => prop_assert!(!l.is_contiguous(), "contiguous {:?} refused {:?}", l, target),
        }
        // A different element count is always refused.
        let mut bigger = target.clone();
        bigger.push(2);
        if n > 0 {
            prop_assert!(l.reshape_view(&bigger).is_none());
        }
    }

    /// `SliceArg::resolve` is Python's `slice.indices`, for any integers.
    #[test]
    fn slice_resolve_matches_python(
        start in prop::option::of(extreme_or(-12isize..12)),
        stop in prop::option::of(extreme_or(-12isize..12)),
        step in extreme_or(-5isize..6).prop_filter("nonzero", |s| *s != 0),
        len in 0usize..10,
    ) {
        let want = py_slice(start, stop, step, len);
        let (s, st, count) = SliceArg::new(start, stop, step).resolve(len).unwrap();
        prop_assert_eq!(st, step);
        let got: Vec<usize> = (0..count).map(|k| (s as isize + k as isize * st) as usize).collect();
        prop_assert_eq!(&got, &want);
        // As a view of a 1-d layout, too.
        let l = Layout::contiguous(&[len]).slice(&[SliceArg::new(start, stop, step)]).unwrap();
        prop_assert!(l.check_fits(len).is_ok());
        prop_assert_eq!(l.indices().collect::<Vec<_>>(), &want[..]);
        // And on the outer axis of a 2-d layout (stride 3): the new stride must not overflow.
        let l = Layout::contiguous(&[len, 3]).slice(&[SliceArg::new(start, stop, step)]).unwrap();
        prop_assert!(l.check_fits(len * 3).is_ok());
        let rows: Vec<usize> = want.iter().flat_map(|&r| [3 * r, 3 * r + 1, 3 * r + 2]).collect();
        prop_assert_eq!(l.indices().collect::<Vec<_>>(), rows);
    }

    /// `narrow` with any arguments either errors or selects `start..start+len`.
    #[test]
    fn narrow_rejects_out_of_range(
        len_axis in 0usize..6,
        start in prop_oneof![0usize..8, any::<usize>()],
        len in prop_oneof![0usize..8, any::<usize>()],
    ) {
        let l = Layout::contiguous(&[len_axis]);
        match l.narrow(0, start, len) {
            Ok(v) => {
                prop_assert!(start.checked_add(len).is_some_and(|e| e <= len_axis));
                prop_assert_eq!(v.indices().collect::<Vec<_>>(), (start..start + len).collect::<Vec<_>>());
            }
            Err(e) => {
                prop_assert!(start.checked_add(len).is_none_or(|e| e > len_axis));
                prop_assert!(matches!(e, Error::InvalidArgument { .. }), "{:?}", e);
            }
        }
    }

    /// `broadcast_shapes` is commutative and is NumPy's rule.
    #[test]
    fn broadcast_shapes_matches_reference(
        a in prop::collection::vec(0usize..4, 0..=4),
        b in prop::collection::vec(0usize..4, 0..=4),
    ) {
        let ab = broadcast_shapes(&a, &b, "t");
        let ba = broadcast_shapes(&b, &a, "t");
        match ref_broadcast(&a, &b) {
            Some(want) => {
                prop_assert_eq!(ab.as_ref().ok(), Some(&want));
                prop_assert_eq!(ba.as_ref().ok(), Some(&want));
                // Both operands broadcast to the result as views.
                for s in [&a, &b] {
                    prop_assert!(Layout::contiguous(s).broadcast_to(&want).is_ok());
                }
            }
            None => {
                prop_assert!(matches!(ab, Err(Error::ShapeMismatch { .. })), "{:?}", ab);
                prop_assert!(matches!(ba, Err(Error::ShapeMismatch { .. })), "{:?}", ba);
            }
        }
    }

    /// `normalize_axes` accepts exactly the in-range, duplicate-free sets, sorted.
    #[test]
    fn normalize_axes_matches_reference(
        axes in prop::collection::vec(-6isize..6, 0..5),
        ndim in 0usize..5,
    ) {
        let norm: Option<Vec<usize>> = axes.iter().map(|&a| ref_axis(a, ndim)).collect();
        let want = norm.and_then(|mut v| {
            v.sort_unstable();
            let n = v.len();
            v.dedup();
            (v.len() == n).then_some(v)
        });
        let got = normalize_axes(Some(&axes), ndim, "t");
        match want {
            Some(w) => prop_assert_eq!(got.ok(), Some(w)),
            None => prop_assert!(matches!(got, Err(Error::InvalidArgument { .. })), "{:?}", got),
        }
        prop_assert_eq!(normalize_axes(None, ndim, "t").unwrap(), (0..ndim).collect::<Vec<_>>());
    }
}

#[test]
fn models_agree_with_known_values() {
    // The reference models themselves, on a few hand-checked cases.
    assert_eq!(py_slice(None, None, -1, 5), vec![4, 3, 2, 1, 0]);
    assert_eq!(py_slice(Some(10), Some(-10), -3, 5), vec![4, 1]);
    assert_eq!(py_slice(Some(-2), None, 1, 5), vec![3, 4]);
    assert_eq!(py_slice(Some(1), Some(1), 1, 5), Vec::<usize>::new());
    assert_eq!(py_slice(None, None, isize::MAX, 5), vec![0]);
    assert_eq!(py_slice(None, None, isize::MIN, 5), vec![4]);
    assert_eq!(ref_broadcast(&[3, 1], &[4]), Some(vec![3, 4]));
    assert_eq!(ref_broadcast(&[0], &[1]), Some(vec![0]));
    assert_eq!(ref_broadcast(&[2], &[3]), None);
    assert_eq!(
        shape_with_numel(12, &[1, 0, 2]).iter().product::<usize>(),
        12
    );
    assert_eq!(shape_with_numel(1, &[]), Vec::<usize>::new());
}
