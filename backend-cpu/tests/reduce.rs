//! Reductions and softmax against f64 references.

mod common;
use common::*;
use tensor_core::{DType, Error, ReduceOp, SliceArg, SoftmaxOp};

/// Exact sum of f64 values (Neumaier) as a reference.
fn exact_sum(v: &[f64]) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for &x in v {
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

/// Reference of a reduction over `axes` of the logical values of `x`.
fn reference(x: &T, axes: &[usize], f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    let shape = x.shape();
    let vals = x.values_f64();
    let kept: Vec<usize> = (0..shape.len()).filter(|a| !axes.contains(a)).collect();
    let nout: usize = kept.iter().map(|&a| shape[a]).product();
    let mut groups = vec![Vec::new(); nout];
    for (flat, &v) in vals.iter().enumerate() {
        let mut rem = flat;
        let mut idx = vec![0; shape.len()];
        for a in (0..shape.len()).rev() {
            idx[a] = rem % shape[a];
            rem /= shape[a];
        }
        let mut o = 0;
        for &a in &kept {
            o = o * shape[a] + idx[a];
        }
        groups[o].push(v);
    }
    groups.iter().map(|g| f(g)).collect()
}

fn axis_sets(nd: usize) -> Vec<Vec<usize>> {
    (0..1u32 << nd)
        .map(|m| (0..nd).filter(|&a| m & (1 << a) != 0).collect())
        .collect()
}

#[test]
fn float_reductions_match_reference_on_all_layouts_and_axes() {
    for (name, x) in views_f64(11, -2.0, 2.0) {
        for axes in axis_sets(x.layout.ndim()) {
            let red: usize = axes.iter().map(|&a| x.shape()[a]).product();
            let check = |op: ReduceOp, f: &dyn Fn(&[f64]) -> f64, tol: f64| {
                let got = reduce::<f64>(op, &x, &axes, 1.0).unwrap();
                let want = reference(&x, &axes, f);
                assert_eq!(got.len(), want.len());
                for (g, w) in got.iter().zip(&want) {
                    let ok = (g.is_nan() && w.is_nan())
                        || g == w
                        || (g - w).abs() <= tol * (1.0 + w.abs());
                    assert!(ok, "{op} {name} {axes:?}: {g} vs {w}");
                }
            };
            check(ReduceOp::Sum, &|g| exact_sum(g), 1e-15);
            check(ReduceOp::Mean, &|g| exact_sum(g) / g.len() as f64, 1e-15);
            check(ReduceOp::Prod, &|g| g.iter().product(), 1e-14);
            let var = |g: &[f64]| {
                let n = g.len() as f64;
                if n - 1.0 <= 0.0 {
                    return f64::NAN;
                }
                let m = exact_sum(g) / n;
                exact_sum(&g.iter().map(|v| (v - m) * (v - m)).collect::<Vec<_>>()) / (n - 1.0)
            };
            check(ReduceOp::Var, &var, 1e-14);
            check(ReduceOp::Std, &|g| var(g).sqrt(), 1e-14);
            check(
                ReduceOp::LogSumExp,
                &|g| exact_sum(&g.iter().map(|v| v.exp()).collect::<Vec<_>>()).ln(),
                1e-14,
            );
            if red > 0 {
                check(
                    ReduceOp::Max,
                    &|g| g.iter().cloned().fold(f64::MIN, f64::max),
                    0.0,
                );
                check(
                    ReduceOp::Min,
                    &|g| g.iter().cloned().fold(f64::MAX, f64::min),
                    0.0,
                );
                let am = reduce::<i64>(ReduceOp::ArgMax, &x, &axes, 0.0).unwrap();
                let want = reference(&x, &axes, |g| {
                    let m = g.iter().cloned().fold(f64::MIN, f64::max);
                    g.iter().position(|&v| v == m).unwrap() as f64
                });
                assert_eq!(
                    am.iter().map(|&v| v as f64).collect::<Vec<_>>(),
                    want,
                    "{name} {axes:?}"
                );
            }
            let all = reduce::<bool>(ReduceOp::All, &x, &axes, 0.0).unwrap();
            let want = reference(&x, &axes, |g| g.iter().all(|&v| v != 0.0) as u8 as f64);
            assert_eq!(
                all.iter().map(|&v| v as u8 as f64).collect::<Vec<_>>(),
                want
            );
        }
    }
}

#[test]
fn empty_extents_give_identities() {
    let x = tensor::<f32>(&[], &[2, 0]);
    assert_eq!(
        reduce::<f32>(ReduceOp::Sum, &x, &[1], 0.0).unwrap(),
        [0.0, 0.0]
    );
    assert_eq!(
        reduce::<f32>(ReduceOp::Prod, &x, &[1], 0.0).unwrap(),
        [1.0, 1.0]
    );
    assert!(reduce::<f32>(ReduceOp::Mean, &x, &[1], 0.0).unwrap()[0].is_nan());
    assert_eq!(
        reduce::<f32>(ReduceOp::LogSumExp, &x, &[1], 0.0).unwrap(),
        [f32::NEG_INFINITY; 2]
    );
    assert_eq!(
        reduce::<bool>(ReduceOp::All, &x, &[1], 0.0).unwrap(),
        [true, true]
    );
    assert_eq!(
        reduce::<bool>(ReduceOp::Any, &x, &[1], 0.0).unwrap(),
        [false, false]
    );
    assert!(matches!(
        reduce::<f32>(ReduceOp::Max, &x, &[1], 0.0),
        Err(Error::InvalidArgument { .. })
    ));
    // ddof >= n gives NaN.
    let y = tensor(&[1.0f64, 2.0], &[2]);
    assert!(reduce::<f64>(ReduceOp::Var, &y, &[0], 2.0).unwrap()[0].is_nan());
}

#[test]
fn f32_sum_of_ten_million_uniforms_is_within_one_ulp() {
    let n = 10_000_000u64;
    let v: Vec<f32> = (0..n)
        .map(|i| tensor_core::philox::uniform(DType::F32, 42, i) as f32)
        .collect();
    // Exact: every value is k * 2^-24 with k < 2^24, so an integer sum is exact.
    let exact: u64 = v
        .iter()
        .map(|&x| (x as f64 * (1u64 << 24) as f64) as u64)
        .sum();
    let exact = exact as f64 / (1u64 << 24) as f64;
    let x = tensor(&v, &[n as usize]);
    let got = reduce::<f32>(ReduceOp::Sum, &x, &[0], 0.0).unwrap()[0];
    let ulp = (exact as f32).to_bits().abs_diff(got.to_bits());
    assert!(ulp <= 1, "{got} vs {exact} ({ulp} ulp)");
    // The same rows reduced as a [1000, 10000] matrix: per-row sums agree with f64.
    let m = x.view(tensor_core::Layout::contiguous(&[1000, 10_000]));
    let rows = reduce::<f32>(ReduceOp::Sum, &m, &[1], 0.0).unwrap();
    let r0: f64 = v[..10_000].iter().map(|&x| x as f64).sum();
    assert_eq!(rows[0], r0 as f32);
}

#[test]
fn variance_is_two_pass_accurate() {
    let n = 10_000;
    let noise = data(n, 3, -1.0, 1.0);
    let v: Vec<f32> = noise.iter().map(|e| (1e6 + e) as f32).collect();
    let vf: Vec<f64> = v.iter().map(|&x| x as f64).collect();
    let m = exact_sum(&vf) / n as f64;
    let want = exact_sum(&vf.iter().map(|x| (x - m) * (x - m)).collect::<Vec<_>>()) / n as f64;
    let got = reduce::<f32>(ReduceOp::Var, &tensor(&v, &[n]), &[0], 0.0).unwrap()[0];
    assert!(((got as f64 - want) / want).abs() < 1e-6, "{got} vs {want}");
}

#[test]
fn nan_handling_in_max_argmax_and_logsumexp() {
    let x = tensor(&[1.0f32, f32::NAN, 5.0, f32::NAN, 5.0, 0.0], &[2, 3]);
    let am = reduce::<i64>(ReduceOp::ArgMax, &x, &[0, 1], 0.0).unwrap();
    assert_eq!(am, [1]);
    let am = reduce::<i64>(ReduceOp::ArgMax, &x, &[1], 0.0).unwrap();
    assert_eq!(am, [1, 0]);
    let mx = reduce::<f32>(ReduceOp::Max, &x, &[0], 0.0).unwrap();
    assert!(mx[0].is_nan() && mx[1].is_nan() && mx[2] == 5.0);
    let y = tensor(&[3.0f64, 7.0, 7.0, 1.0], &[4]);
    assert_eq!(reduce::<i64>(ReduceOp::ArgMax, &y, &[0], 0.0).unwrap(), [1]);
    assert_eq!(reduce::<i64>(ReduceOp::ArgMin, &y, &[0], 0.0).unwrap(), [3]);
    // argmax over two axes of a transposed view: flat index in the view's C order.
    let z = tensor(&[0.0f64, 9.0, 1.0, 2.0, 3.0, 4.0], &[2, 3]).t();
    assert_eq!(
        reduce::<i64>(ReduceOp::ArgMax, &z, &[0, 1], 0.0).unwrap(),
        [2]
    );
    let inf = tensor(
        &[f64::NEG_INFINITY, f64::NEG_INFINITY, f64::INFINITY, 1.0],
        &[2, 2],
    );
    assert_eq!(
        reduce::<f64>(ReduceOp::LogSumExp, &inf, &[1], 0.0).unwrap(),
        [f64::NEG_INFINITY, f64::INFINITY]
    );
    let big = tensor(&[1000.0f32, 1000.0], &[2]);
    let l = reduce::<f32>(ReduceOp::LogSumExp, &big, &[0], 0.0).unwrap()[0];
    assert_eq!(l, (1000.0 + 2f64.ln()) as f32);
}

#[test]
fn integer_and_bool_reductions() {
    let x = tensor(&[i64::MAX, 1, -3, 4], &[2, 2]);
    assert_eq!(
        reduce::<i64>(ReduceOp::Sum, &x, &[1], 0.0).unwrap(),
        [i64::MIN, 1]
    );
    assert_eq!(
        reduce::<i64>(ReduceOp::Prod, &x, &[0], 0.0).unwrap(),
        [i64::MAX.wrapping_mul(-3), 4]
    );
    // i32 input: the backend casts to i64 by the dtype rule.
    let y = tensor(&[i32::MAX, i32::MAX], &[2]);
    assert_eq!(
        reduce::<i64>(ReduceOp::Sum, &y, &[0], 0.0).unwrap(),
        [2 * i32::MAX as i64]
    );
    assert_eq!(
        reduce::<i32>(ReduceOp::Max, &y, &[0], 0.0).unwrap(),
        [i32::MAX]
    );
    let b = tensor(&[true, false, true, true], &[2, 2]);
    assert_eq!(
        reduce::<bool>(ReduceOp::All, &b, &[1], 0.0).unwrap(),
        [false, true]
    );
    assert_eq!(
        reduce::<bool>(ReduceOp::Any, &b, &[0], 0.0).unwrap(),
        [true, true]
    );
    assert_eq!(reduce::<i64>(ReduceOp::Sum, &b, &[0, 1], 0.0).unwrap(), [3]);
    assert_eq!(
        reduce::<i64>(ReduceOp::ArgMin, &b, &[0, 1], 0.0).unwrap(),
        [1]
    );
    // Mean of u8 is f16 by the dtype rule.
    let u = tensor(&[1u8, 2, 4], &[3]);
    let m = reduce::<half::f16>(ReduceOp::Mean, &u, &[0], 0.0).unwrap();
    assert_eq!(m[0], half::f16::from_f64(7.0 / 3.0));
}

#[test]
fn parallel_reductions_are_deterministic() {
    let n = 1 << 20;
    let d = data(n, 8, -1.0, 1.0);
    let x = tensor(&d, &[1024, 1024]);
    let a = reduce::<f64>(ReduceOp::Sum, &x, &[0, 1], 0.0).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let b = pool.install(|| reduce::<f64>(ReduceOp::Sum, &x, &[0, 1], 0.0).unwrap());
    assert_eq!(a[0].to_bits(), b[0].to_bits());
    assert!((a[0] - exact_sum(&d)).abs() < 1e-11);
    let cols = reduce::<f64>(ReduceOp::Sum, &x, &[0], 0.0).unwrap();
    for j in [0, 1, 500, 1023] {
        let cj = exact_sum(&(0..1024).map(|i| d[i * 1024 + j]).collect::<Vec<_>>());
        assert!((cols[j] - cj).abs() < 1e-12);
    }
    // Strided blocks on a large input take the reorder-then-reduce path.
    let am = reduce::<i64>(ReduceOp::ArgMax, &x, &[0], 0.0).unwrap();
    for j in [0, 7, 1023] {
        let col: Vec<f64> = (0..1024).map(|i| d[i * 1024 + j]).collect();
        let m = col.iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(am[j], col.iter().position(|&v| v == m).unwrap() as i64);
    }
    let y = tensor(&d, &[64, 128, 128]);
    let s02 = reduce::<f64>(ReduceOp::Sum, &y, &[0, 2], 0.0).unwrap();
    let want: f64 = exact_sum(
        &(0..64)
            .flat_map(|a| (0..128).map(move |c| (a, c)))
            .map(|(a, c)| d[a * 128 * 128 + 5 * 128 + c])
            .collect::<Vec<_>>(),
    );
    assert!((s02[5] - want).abs() < 1e-12);
}

#[test]
fn softmax_and_log_softmax() {
    for (name, x) in views_f64(4, -3.0, 3.0) {
        for axis in 0..x.layout.ndim() {
            let s = softmax::<f64>(SoftmaxOp::Softmax, &x, axis).unwrap();
            let ls = softmax::<f64>(SoftmaxOp::LogSoftmax, &x, axis).unwrap();
            // Reference: move `axis` last by reducing with logsumexp.
            let lse = reduce::<f64>(ReduceOp::LogSumExp, &x, &[axis], 0.0).unwrap();
            let shape = x.shape();
            let vals = x.values_f64();
            let inner: usize = shape[axis + 1..].iter().product();
            let l = shape[axis];
            for (flat, &v) in vals.iter().enumerate() {
                let o = flat / (l * inner);
                let i = flat % inner;
                let want = v - lse[o * inner + i];
                assert!((ls[flat] - want).abs() < 1e-14, "{name} {axis}");
                assert!((s[flat] - want.exp()).abs() < 1e-14, "{name} {axis}");
            }
        }
    }
    let x = tensor(
        &[f32::NEG_INFINITY, f32::NEG_INFINITY, 0.0, 1000.0],
        &[2, 2],
    );
    let s = softmax::<f32>(SoftmaxOp::Softmax, &x, 1).unwrap();
    assert!(s[0].is_nan() && s[1].is_nan());
    assert_eq!(&s[2..], &[0.0, 1.0]);
    let strided = tensor(&data(24, 1, 0.0, 1.0), &[4, 6]).slice(&[SliceArg::new(None, None, -1)]);
    let s = softmax::<f64>(SoftmaxOp::Softmax, &strided, 0).unwrap();
    let col0: f64 = (0..4).map(|r| s[r * 6]).sum();
    assert!((col0 - 1.0).abs() < 1e-15);
}
