//! A strided operand as a kernel argument ([`Lay`]) and the axis merging that keeps its
//! rank small ([`collapse`]).

use crate::{Error, Result};

/// Largest rank a [`Lay`] holds (after merging axes).
pub const MAX_RANK: usize = 8;

/// A strided operand as a kernel argument (`Lay`, a struct of 18 64-bit integers in C,
/// passed by value): `v[0]` rank, `v[1]` offset, `v[2..10]` shape, `v[10..18]` strides (in
/// elements). The prelude's `at(&l, i)` is the position of flat (C order) index `i`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lay {
    v: [i64; 2 + 2 * MAX_RANK],
}

impl Lay {
    /// From shape, strides and offset; [`Error::InvalidArgument`] above [`MAX_RANK`] axes
    /// (`backend` names the backend in the message).
    pub fn new(
        shape: &[usize],
        strides: &[isize],
        offset: usize,
        op: &str,
        backend: &str,
    ) -> Result<Lay> {
        if shape.len() > MAX_RANK {
            return Err(Error::invalid(
                op,
                format!(
                    "the {backend} backend handles up to {MAX_RANK} non-mergeable axes, got {}",
                    shape.len()
                ),
            ));
        }
        let mut v = [0i64; 2 + 2 * MAX_RANK];
        v[0] = shape.len() as i64;
        v[1] = offset as i64;
        for (d, (&n, &s)) in shape.iter().zip(strides).enumerate() {
            v[2 + d] = n as i64;
            v[2 + MAX_RANK + d] = s as i64;
        }
        Ok(Lay { v })
    }

    /// Position of flat (C order) index `i`: what the kernels' `at(&l, i)` computes.
    pub fn at(&self, mut i: i64) -> i64 {
        let mut o = self.v[1];
        for d in (0..self.v[0] as usize).rev() {
            let n = self.v[2 + d];
            o += (i % n) * self.v[2 + MAX_RANK + d];
            i /= n;
        }
        o
    }
}

/// Drops size-1 axes and merges axes that are contiguous with each other in every operand
/// (C order is kept, so the flat index of every element is unchanged). Returns the merged
/// shape and each operand's merged strides.
pub fn collapse<const N: usize>(
    shape: &[usize],
    strides: [&[isize]; N],
) -> (Vec<usize>, [Vec<isize>; N]) {
    let mut sh: Vec<usize> = Vec::new();
    let mut st: [Vec<isize>; N] = std::array::from_fn(|_| Vec::new());
    for (ax, &d) in shape.iter().enumerate() {
        if d == 1 {
            continue;
        }
        let merge = !sh.is_empty()
            && (0..N).all(|k| st[k].last().copied() == Some(strides[k][ax] * d as isize));
        if merge {
            if let Some(l) = sh.last_mut() {
                *l *= d;
            }
            for k in 0..N {
                if let Some(l) = st[k].last_mut() {
                    *l = strides[k][ax];
                }
            }
        } else {
            sh.push(d);
            for k in 0..N {
                st[k].push(strides[k][ax]);
            }
        }
    }
    (sh, st)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_merges_contiguous_and_keeps_broadcast() {
        let (sh, [a, b]) = collapse(&[2, 3, 4], [&[12, 4, 1], &[0, 0, 1]]);
        assert_eq!(sh, vec![6, 4]);
        assert_eq!(a, vec![4, 1]);
        assert_eq!(b, vec![0, 1]);
    }

    #[test]
    fn lay_at_matches_strided_index() {
        // A transposed 3x2 view of a 2x3 array with offset 1.
        let l = Lay::new(&[3, 2], &[1, 3], 1, "t", "test").unwrap();
        let got: Vec<i64> = (0..6).map(|i| l.at(i)).collect();
        assert_eq!(got, vec![1, 4, 2, 5, 3, 6]);
        assert!(Lay::new(&[1; 9], &[1; 9], 0, "t", "test").is_err());
    }
}
