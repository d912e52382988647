//! matmul with NumPy's shape rules (1-D operands promoted and their dimension dropped again,
//! batch dimensions broadcast). Integer products wrap at every step and bool is "any
//! a AND b", both exact; float products are the compensated dot product of the stored
//! inputs, bounded by `c(k) * u * sum|a_il * b_lj|` plus half an ULP.

use super::{Expected, bcast_index, bshape, c_of, neumaier, unit, wrap};
use crate::host::HostArray;
use crate::ulp::ulp;
use tensor_core::DType;

/// The expected result of `a @ b`.
pub(super) fn expected(a: &HostArray, b: &HostArray) -> Expected {
    let dt = a.dtype;
    let p = Product::of(a, b);
    let u = unit(dt);
    let (mut refs, mut bounds, mut ints) = (Vec::new(), Vec::new(), Vec::new());
    for bi in 0..p.batch.iter().product() {
        let (oa, ob) = p.offsets(bi);
        for i in 0..p.m {
            for j in 0..p.n {
                let (ra, cb) = (oa + i * p.k, ob + j);
                if dt.is_float() {
                    let terms: Vec<f64> = (0..p.k)
                        .map(|l| a.f64_at(ra + l) * b.f64_at(cb + l * p.n))
                        .collect();
                    let r = neumaier(terms.iter().copied());
                    let mag = neumaier(terms.iter().map(|t| t.abs()));
                    refs.push(r);
                    bounds.push(c_of(p.k) * u * mag + 0.5 * ulp(dt, r));
                } else if dt == DType::Bool {
                    ints.push(
                        (0..p.k).any(|l| a.i64_at(ra + l) != 0 && b.i64_at(cb + l * p.n) != 0)
                            as i64,
                    );
                } else {
                    let mut acc: i128 = 0;
                    for l in 0..p.k {
                        acc = wrap(
                            acc + a.i64_at(ra + l) as i128 * b.i64_at(cb + l * p.n) as i128,
                            dt,
                        ) as i128;
                    }
                    ints.push(acc as i64);
                }
            }
        }
    }
    if dt.is_float() {
        Expected::Bounded {
            dtype: dt,
            shape: p.out_shape,
            refs,
            bounds,
        }
    } else {
        Expected::Exact {
            dtype: dt,
            shape: p.out_shape,
            vals: ints,
        }
    }
}

/// The shapes of a (batched) matrix product: `[.., m, k] @ [.., k, n]`.
struct Product {
    m: usize,
    k: usize,
    n: usize,
    /// The broadcast batch shape.
    batch: Vec<usize>,
    /// The batch shapes of the two operands.
    batch_a: Vec<usize>,
    batch_b: Vec<usize>,
    /// The result's shape (without the dimensions of 1-D operands).
    out_shape: Vec<usize>,
}

impl Product {
    fn of(a: &HostArray, b: &HostArray) -> Product {
        let sa = if a.shape.len() == 1 {
            vec![1, a.shape[0]]
        } else {
            a.shape.clone()
        };
        let sb = if b.shape.len() == 1 {
            vec![b.shape[0], 1]
        } else {
            b.shape.clone()
        };
        let (m, k, n) = (sa[sa.len() - 2], sa[sa.len() - 1], sb[sb.len() - 1]);
        let (batch_a, batch_b) = (&sa[..sa.len() - 2], &sb[..sb.len() - 2]);
        let batch = bshape(batch_a, batch_b);
        let mut out_shape = batch.clone();
        if a.shape.len() > 1 {
            out_shape.push(m);
        }
        if b.shape.len() > 1 {
            out_shape.push(n);
        }
        Product {
            m,
            k,
            n,
            batch,
            batch_a: batch_a.to_vec(),
            batch_b: batch_b.to_vec(),
            out_shape,
        }
    }

    /// Flat offsets of batch element `bi`'s matrices in `a` and `b`.
    fn offsets(&self, bi: usize) -> (usize, usize) {
        (
            bcast_index(&self.batch, &self.batch_a, bi) * self.m * self.k,
            bcast_index(&self.batch, &self.batch_b, bi) * self.k * self.n,
        )
    }
}
