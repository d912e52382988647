//! Casts between every pair of stored dtypes: specials, a log-uniform sample and the values
//! at the integer dtypes' edges (saturation, NaN -> 0, ties), also read through negative
//! strides.

use super::{Case, Kind, View, arr, int_array};
use crate::host::{Stream, float_specials, int_specials};
use tensor_core::DType;

/// The cast cases from `dt` to each of `dtypes`.
pub(super) fn cases(cases: &mut Vec<Case>, dt: DType, dtypes: &[DType], seed: u64) {
    for &to in dtypes {
        let a = if dt.is_float() {
            arr(dt, &float_values(dt, to, seed))
        } else {
            let ints = int_specials(dt);
            int_array(dt, &[ints.len()], &ints)
        };
        cases.push(Case::new(
            &format!("cast_{to}"),
            Kind::Cast(to),
            dt,
            "hard",
            vec![a],
            vec![View::Reversed],
        ));
    }
}

/// The inputs of a cast from a float dtype: specials, a log-uniform sample and the edges of
/// the integer dtypes.
fn float_values(dt: DType, to: DType, seed: u64) -> Vec<f64> {
    let mut s = Stream::new(seed, &format!("cast/{dt}/{to}"));
    let mut v = float_specials(dt);
    v.extend((0..64).map(|_| s.log_uniform(-30.0, 70.0, true)));
    v.extend([
        255.5,
        256.0,
        -1.0,
        2147483647.0,
        2147483648.0,
        -2147483649.0,
        9.3e18,
        -9.3e18,
        0.49999997,
        2.5,
    ]);
    v
}
