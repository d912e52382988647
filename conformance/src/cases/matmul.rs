//! matmul: a 2-D product (also with a transposed left operand), batched with broadcasting,
//! vector-matrix and matrix-vector, a long inner dimension, and an empty one.

use super::{Case, Kind, Sizes, View};
use crate::host::{HostArray, Stream};
use tensor_core::DType;

/// The matmul cases of one dtype.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType, sizes: Sizes, seed: u64) {
    let mut s = Stream::new(seed, &format!("matmul/{dt}"));
    type Shapes<'a> = Vec<(&'a str, Vec<usize>, Vec<usize>, Vec<View>)>;
    let shapes: Shapes = vec![
        ("2d", vec![33, 65], vec![65, 17], vec![View::Transposed]),
        (
            "batched-broadcast",
            vec![3, 1, 16, 32],
            vec![5, 32, 8],
            vec![],
        ),
        ("vector-matrix", vec![40], vec![40, 9], vec![]),
        ("matrix-vector", vec![9, 40], vec![40], vec![]),
        (
            "large-k",
            vec![8, sizes.big_k],
            vec![sizes.big_k, 8],
            vec![],
        ),
        ("k0", vec![4, 0], vec![0, 3], vec![]),
    ];
    for (family, sa, sb, layouts) in shapes {
        let (a, b) = (operand(dt, &sa, &mut s), operand(dt, &sb, &mut s));
        cases.push(Case::new(
            "matmul",
            Kind::MatMul,
            dt,
            family,
            vec![a, b],
            layouts,
        ));
    }
}

/// A random operand: U[-1, 1) for floats, small integers otherwise.
fn operand(dt: DType, shape: &[usize], s: &mut Stream) -> HostArray {
    let n: usize = shape.iter().product();
    let v: Vec<f64> = (0..n)
        .map(|_| match dt {
            d if d.is_float() => s.range(-1.0, 1.0),
            DType::Bool => s.int(0, 1) as f64,
            DType::U8 => s.int(0, 3) as f64,
            _ => s.int(-20, 20) as f64,
        })
        .collect();
    HostArray::from_f64(dt, shape, &v)
}
