//! Unary, binary, where, cast and copy against f64 references on many layouts.

mod common;
use common::*;
use half::{bf16, f16};
use tensor_core::{BinaryOp, DType, Error, SliceArg, UnaryOp};

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got.is_nan() && want.is_nan())
        || got == want
        || (got - want).abs() <= rel * want.abs().max(1e-300)
}

fn f64_ref(op: UnaryOp, x: f64) -> f64 {
    use UnaryOp::*;
    match op {
        Neg => -x,
        Abs => x.abs(),
        Sign => {
            if x > 0.0 {
                1.0
            } else if x < 0.0 {
                -1.0
            } else {
                x
            }
        }
        Sqrt => x.sqrt(),
        Rsqrt => 1.0 / x.sqrt(),
        Exp => x.exp(),
        Exp2 => x.exp2(),
        Expm1 => x.exp_m1(),
        Log => x.ln(),
        Log2 => x.log2(),
        Log10 => x.log10(),
        Log1p => x.ln_1p(),
        Sin => x.sin(),
        Cos => x.cos(),
        Tan => x.tan(),
        Asin => x.asin(),
        Acos => x.acos(),
        Atan => x.atan(),
        Sinh => x.sinh(),
        Cosh => x.cosh(),
        Tanh => x.tanh(),
        Asinh => x.asinh(),
        Acosh => x.acosh(),
        Atanh => x.atanh(),
        Erf => {
            // Abramowitz-Stegun is too coarse; integrate instead (Simpson, fine grid).
            let n = 2000;
            let h = x / n as f64;
            let f = |t: f64| (-t * t).exp();
            let mut s = f(0.0) + f(x);
            for i in 1..n {
                s += f(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
            }
            s * h / 3.0 * 2.0 / std::f64::consts::PI.sqrt()
        }
        Sigmoid => 1.0 / (1.0 + (-x).exp()),
        Relu => {
            if x > 0.0 || x.is_nan() {
                x
            } else {
                0.0
            }
        }
        Floor => x.floor(),
        Ceil => x.ceil(),
        Round => x.round_ties_even(),
        Trunc => x.trunc(),
        Reciprocal => 1.0 / x,
        Square => x * x,
        IsNan | IsInf | IsFinite | LogicalNot => unreachable!(),
    }
}

#[test]
fn unary_float_ops_match_f64_reference_on_all_layouts() {
    for op in UnaryOp::ALL.iter().copied() {
        if matches!(
            op,
            UnaryOp::IsNan | UnaryOp::IsInf | UnaryOp::IsFinite | UnaryOp::LogicalNot
        ) {
            continue;
        }
        // Domains where every op is defined: acosh needs x >= 1; asin/acos/atanh |x| < 1.
        let (lo, hi) = match op {
            UnaryOp::Acosh => (1.0, 4.0),
            UnaryOp::Asin | UnaryOp::Acos | UnaryOp::Atanh => (-0.99, 0.99),
            UnaryOp::Sqrt | UnaryOp::Rsqrt | UnaryOp::Log | UnaryOp::Log2 | UnaryOp::Log10 => {
                (0.01, 10.0)
            }
            _ => (-3.0, 3.0),
        };
        for (name, x) in views_f64(op as u64, lo, hi) {
            let want: Vec<f64> = x.values_f64().into_iter().map(|v| f64_ref(op, v)).collect();
            let got = unary::<f64>(op, &x).unwrap();
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert!(close(*g, *w, 1e-13), "{op} {name}: {g} vs {w}");
            }
            // f32 through a cast of the same view: within one f32 ulp of the reference.
            let xf: Vec<f32> = x.values_f64().iter().map(|&v| v as f32).collect();
            let xt = tensor(&xf, &x.shape());
            let got = unary::<f32>(op, &xt).unwrap();
            for (g, &xv) in got.iter().zip(&xf) {
                let w = f64_ref(op, xv as f64);
                assert!(close(*g as f64, w, 1.2e-7), "{op} f32 {name}: {g} vs {w}");
            }
        }
    }
}

#[test]
fn unary_half_types_round_from_f32() {
    let xs: Vec<f16> = [0.5f32, -1.25, 3.0, 0.1].map(f16::from_f32).to_vec();
    let got = unary::<f16>(UnaryOp::Exp, &tensor(&xs, &[4])).unwrap();
    for (g, x) in got.iter().zip(&xs) {
        assert_eq!(*g, f16::from_f32(core_math::expf(x.to_f32())));
    }
    let xb: Vec<bf16> = [0.5f32, -1.25].map(bf16::from_f32).to_vec();
    let got = unary::<bf16>(UnaryOp::Tanh, &tensor(&xb, &[2])).unwrap();
    assert_eq!(got[0], bf16::from_f32(core_math::tanhf(0.5)));
}

#[test]
fn sigmoid_is_accurate_for_large_negative_inputs() {
    let xs = [-100.0f32, -88.0, -20.0, 0.0, 20.0, -90.0];
    let got = unary::<f32>(UnaryOp::Sigmoid, &tensor(&xs, &[6])).unwrap();
    for (g, &x) in got.iter().zip(&xs) {
        let x = x as f64;
        let w = (x.exp() / (1.0 + x.exp())) as f32;
        assert_eq!(*g, w, "sigmoid({x})");
    }
    // Subnormal results are kept, not flushed.
    assert!(got[0] > 0.0 && !got[0].is_normal(), "{}", got[0]);
    assert!(got[5] > 0.0 && !got[5].is_normal());
}

#[test]
fn special_values_and_conventions() {
    let xs = [f64::NAN, -0.0, 0.0, -2.5, 2.5, 0.5, 1.5, f64::INFINITY];
    let x = tensor(&xs, &[8]);
    let round = unary::<f64>(UnaryOp::Round, &x).unwrap();
    assert_eq!(&round[3..7], &[-2.0, 2.0, 0.0, 2.0]);
    let relu = unary::<f64>(UnaryOp::Relu, &x).unwrap();
    assert!(relu[0].is_nan());
    assert_eq!(relu[1].to_bits(), 0.0f64.to_bits());
    let sign = unary::<f64>(UnaryOp::Sign, &x).unwrap();
    assert!(sign[0].is_nan());
    assert_eq!(sign[1].to_bits(), (-0.0f64).to_bits());
    assert_eq!(&sign[3..5], &[-1.0, 1.0]);
    assert_eq!(
        unary::<bool>(UnaryOp::IsNan, &x).unwrap(),
        [true, false, false, false, false, false, false, false]
    );
    assert_eq!(
        unary::<bool>(UnaryOp::IsFinite, &x).unwrap(),
        [false, true, true, true, true, true, true, false]
    );
    assert_eq!(
        unary::<bool>(UnaryOp::LogicalNot, &x).unwrap(),
        [false, true, true, false, false, false, false, false]
    );
}

#[test]
fn integer_unary_wraps_like_numpy() {
    let x = tensor(&[i32::MIN, -3, 0, 7, i32::MAX], &[5]);
    assert_eq!(
        unary::<i32>(UnaryOp::Abs, &x).unwrap(),
        [i32::MIN, 3, 0, 7, i32::MAX]
    );
    assert_eq!(
        unary::<i32>(UnaryOp::Neg, &x).unwrap(),
        [i32::MIN, 3, 0, -7, -i32::MAX]
    );
    assert_eq!(unary::<i32>(UnaryOp::Sign, &x).unwrap(), [-1, -1, 0, 1, 1]);
    assert_eq!(
        unary::<i32>(UnaryOp::Relu, &x).unwrap(),
        [0, 0, 0, 7, i32::MAX]
    );
    assert_eq!(unary::<i32>(UnaryOp::Square, &x).unwrap()[4], 1);
    assert_eq!(unary::<i32>(UnaryOp::Floor, &x).unwrap()[1], -3);
    let u = tensor(&[0u8, 1, 200], &[3]);
    assert_eq!(unary::<u8>(UnaryOp::Neg, &u).unwrap(), [0, 255, 56]);
    // Float-valued op on an integer input: the backend casts to the compute dtype (f64).
    let e = unary::<f64>(UnaryOp::Exp, &tensor(&[0i32, 1], &[2])).unwrap();
    assert_eq!(e, [1.0, core_math::exp(1.0)]);
    let b = tensor(&[true, false], &[2]);
    assert_eq!(
        unary::<bool>(UnaryOp::LogicalNot, &b).unwrap(),
        [false, true]
    );
    assert_eq!(unary::<bool>(UnaryOp::Abs, &b).unwrap(), [true, false]);
    assert!(matches!(
        unary::<bool>(UnaryOp::Neg, &b),
        Err(Error::Unsupported { .. })
    ));
}

fn bin_ref(op: BinaryOp, a: f64, b: f64) -> f64 {
    use BinaryOp::*;
    let t = |c: bool| c as u8 as f64;
    match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        Div => a / b,
        Pow => a.powf(b),
        Atan2 => a.atan2(b),
        Maximum => a.max(b),
        Minimum => a.min(b),
        Fmod => a % b,
        FloorDivide => (a / b).floor(),
        Eq => t(a == b),
        Ne => t(a != b),
        Lt => t(a < b),
        Le => t(a <= b),
        Gt => t(a > b),
        Ge => t(a >= b),
        LogicalAnd => t(a != 0.0 && b != 0.0),
        LogicalOr => t(a != 0.0 || b != 0.0),
        LogicalXor => t((a != 0.0) != (b != 0.0)),
    }
}

#[test]
fn binary_float_ops_match_reference_with_broadcast_and_strides() {
    for op in BinaryOp::ALL.iter().copied() {
        for (name, a) in views_f64(1, 0.5, 3.0) {
            let shape = a.shape();
            let n: usize = shape.iter().product();
            // b: same shape, contiguous, and a broadcast scalar.
            let bd = data(n, 9, 0.5, 3.0);
            let bs: Vec<T> = vec![tensor(&bd, &shape), tensor(&[1.75f64], &[]).bcast(&shape)];
            for b in &bs {
                let (av, bv) = (a.values_f64(), b.values_f64());
                if op.is_predicate() {
                    let got = binary::<bool>(op, &a, b).unwrap();
                    for i in 0..n {
                        assert_eq!(
                            got[i] as u8 as f64,
                            bin_ref(op, av[i], bv[i]),
                            "{op} {name}"
                        );
                    }
                } else {
                    let got = binary::<f64>(op, &a, b).unwrap();
                    for i in 0..n {
                        let w = bin_ref(op, av[i], bv[i]);
                        assert!(close(got[i], w, 1e-15), "{op} {name}: {} vs {w}", got[i]);
                    }
                }
            }
        }
    }
}

#[test]
fn nan_and_floor_divide_semantics() {
    let a = tensor(&[f64::NAN, 1.0, -7.0, 7.0, 1.0, -0.0], &[6]);
    let b = tensor(&[1.0, f64::NAN, 2.0, -2.0, 0.0, 3.0], &[6]);
    let mx = binary::<f64>(BinaryOp::Maximum, &a, &b).unwrap();
    assert!(mx[0].is_nan() && mx[1].is_nan());
    let mn = binary::<f64>(BinaryOp::Minimum, &a, &b).unwrap();
    assert!(mn[0].is_nan() && mn[1].is_nan());
    let fd = binary::<f64>(BinaryOp::FloorDivide, &a, &b).unwrap();
    assert_eq!(fd[2], -4.0);
    assert_eq!(fd[3], -4.0);
    assert_eq!(fd[4], f64::INFINITY);
    assert_eq!(fd[5].to_bits(), (-0.0f64).to_bits());
    let fm = binary::<f64>(BinaryOp::Fmod, &a, &b).unwrap();
    assert_eq!(fm[2], -1.0);
    assert_eq!(fm[3], 1.0);
    let ne = binary::<bool>(BinaryOp::Ne, &a, &b).unwrap();
    assert!(ne[0] && ne[1]);
    let eq = binary::<bool>(BinaryOp::Eq, &a, &a).unwrap();
    assert!(!eq[0] && eq[1]);
}

#[test]
fn integer_binary_semantics() {
    let a = tensor(&[7i32, -7, 7, -7, i32::MIN, 5, 3], &[7]);
    let b = tensor(&[2i32, 2, -2, -2, -1, 0, 4], &[7]);
    assert_eq!(
        binary::<i32>(BinaryOp::FloorDivide, &a, &b).unwrap(),
        [3, -4, -4, 3, i32::MIN, 0, 0]
    );
    assert_eq!(
        binary::<i32>(BinaryOp::Fmod, &a, &b).unwrap(),
        [1, -1, 1, -1, 0, 0, 3]
    );
    let p = binary::<i32>(
        BinaryOp::Pow,
        &tensor(&[2i32, 3, 2], &[3]),
        &tensor(&[10i32, 0, 31], &[3]),
    )
    .unwrap();
    assert_eq!(p, [1024, 1, i32::MIN]);
    let e = binary::<i64>(
        BinaryOp::Pow,
        &tensor(&[2i64, 2], &[2]),
        &tensor(&[1i64, -1], &[2]),
    );
    match e {
        Err(Error::InvalidArgument { msg, .. }) => {
            assert!(msg.contains("Integers to negative integer powers are not allowed"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        binary::<u8>(
            BinaryOp::Add,
            &tensor(&[250u8], &[1]),
            &tensor(&[10u8], &[1])
        )
        .unwrap(),
        [4]
    );
    // Integer div is float-valued: the backend casts to f64.
    assert_eq!(
        binary::<f64>(
            BinaryOp::Div,
            &tensor(&[1i32], &[1]),
            &tensor(&[4i32], &[1])
        )
        .unwrap(),
        [0.25]
    );
    let t = tensor(&[false, false, true, true], &[4]);
    let u = tensor(&[false, true, false, true], &[4]);
    assert_eq!(
        binary::<bool>(BinaryOp::Add, &t, &u).unwrap(),
        [false, true, true, true]
    );
    assert_eq!(
        binary::<bool>(BinaryOp::Mul, &t, &u).unwrap(),
        [false, false, false, true]
    );
    assert_eq!(
        binary::<bool>(BinaryOp::Lt, &t, &u).unwrap(),
        [false, true, false, false]
    );
    assert!(matches!(
        binary::<bool>(BinaryOp::Sub, &t, &u),
        Err(Error::Unsupported { .. })
    ));
}

#[test]
fn half_arithmetic_is_rounded_once_from_f32() {
    let a: Vec<f16> = [1.0f32, 0.1, 1000.0].map(f16::from_f32).to_vec();
    let b: Vec<f16> = [3.0f32, 0.2, 0.001].map(f16::from_f32).to_vec();
    let got = binary::<f16>(BinaryOp::Div, &tensor(&a, &[3]), &tensor(&b, &[3])).unwrap();
    for i in 0..3 {
        assert_eq!(got[i], f16::from_f64(a[i].to_f64() / b[i].to_f64()));
    }
}

#[test]
fn where_selects_on_every_layout() {
    let c = tensor(&[true, false, true], &[3, 1]).bcast(&[3, 4]);
    let a = tensor(&(0..12).collect::<Vec<i64>>(), &[4, 3]).t();
    let b = tensor(&[-1i64], &[]).bcast(&[3, 4]);
    let got = where_::<i64>(&c, &a, &b).unwrap();
    assert_eq!(got, [0, 3, 6, 9, -1, -1, -1, -1, 2, 5, 8, 11]);
}

#[test]
fn cast_rules() {
    let x = tensor(&[f64::NAN, 1e20, -1e20, -1.9, 2.9, 0.0, -0.0], &[7]);
    assert_eq!(
        cast::<i32>(&x).unwrap(),
        [0, i32::MAX, i32::MIN, -1, 2, 0, 0]
    );
    assert_eq!(cast::<u8>(&x).unwrap(), [0, 255, 0, 0, 2, 0, 0]);
    assert_eq!(
        cast::<bool>(&x).unwrap(),
        [true, true, true, true, true, false, false]
    );
    let w = tensor(&[300i64, -1, 1 << 40], &[3]);
    assert_eq!(cast::<u8>(&w).unwrap(), [44, 255, 0]);
    assert_eq!(cast::<i32>(&w).unwrap(), [300, -1, 0]);
    // f64 -> f16 rounds once: 1 + 2^-11 + 2^-40 is just above an f16 tie.
    let v = 1.0 + 2f64.powi(-11) + 2f64.powi(-40);
    let h = cast::<f16>(&tensor(&[v], &[1])).unwrap();
    assert!(h[0].to_f64() > 1.0);
    // Via f32 it would double-round to 1.0.
    assert_eq!(f16::from_f32(v as f32).to_f64(), 1.0);
    let b = tensor(&[true, false], &[2]);
    assert_eq!(cast::<f32>(&b).unwrap(), [1.0, 0.0]);
    // Every pair runs.
    for src in DType::ALL {
        for dst in DType::ALL {
            let x = tensor(&[1.0f64, 0.0, 3.0], &[3]);
            let xs = tensor_core::with_dtype!(src, |S| {
                let v: Vec<S> = cast::<S>(&x).unwrap();
                tensor(&v, &[3])
            });
            let back = tensor_core::with_dtype!(dst, |D| {
                cast::<D>(&xs)
                    .unwrap()
                    .into_iter()
                    .map(tensor_core::Element::to_f64)
                    .collect::<Vec<f64>>()
            });
            let want = if src == DType::Bool || dst == DType::Bool {
                vec![1.0, 0.0, 1.0]
            } else {
                vec![1.0, 0.0, 3.0]
            };
            assert_eq!(back, want, "{src} -> {dst}");
        }
    }
}

#[test]
fn copy_of_strided_views_and_large_transpose() {
    for (name, x) in views_f64(3, -1.0, 1.0) {
        assert_eq!(copy::<f64>(&x).unwrap(), x.values_f64(), "{name}");
    }
    let (r, c) = (300, 257);
    let d: Vec<f32> = (0..r * c).map(|i| i as f32).collect();
    let t = tensor(&d, &[r, c]).t();
    let got = copy::<f32>(&t).unwrap();
    for j in 0..c {
        for i in 0..r {
            assert_eq!(got[j * r + i], (i * c + j) as f32);
        }
    }
    let s =
        tensor(&d, &[r, c]).slice(&[SliceArg::new(None, None, 3), SliceArg::new(None, None, -2)]);
    assert_eq!(
        copy::<f32>(&s).unwrap(),
        s.values_f64().iter().map(|&v| v as f32).collect::<Vec<_>>()
    );
}

#[test]
fn large_elementwise_runs_in_parallel_and_matches_serial() {
    let n = 300_000;
    let d = data(n, 5, -5.0, 5.0);
    let x = tensor(&d, &[600, 500]).t();
    let got = unary::<f64>(UnaryOp::Exp, &x).unwrap();
    let vals = x.values_f64();
    for i in (0..n).step_by(997) {
        assert_eq!(got[i], core_math::exp(vals[i]));
    }
}
