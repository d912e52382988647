//! The test cases of the suite: which op, dtype, input family and layout, with
//! deterministic (seeded) inputs, and how each case's expected result is computed by the
//! independent reference ([`crate::oracle`], [`crate::host`]).

use crate::host::{HostArray, Stream, float_specials, int_specials, round_int_to, round_to};
use crate::oracle::{self, Ref};
use crate::ulp::{max_finite, ulp};
use tensor_core::{BinaryOp, DType, RandDist, ReduceOp, SoftmaxOp, UnaryOp};

/// What a case computes.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Elementwise unary op.
    Unary(UnaryOp),
    /// Elementwise binary op (inputs may broadcast).
    Binary(BinaryOp),
    /// Cast to the given dtype.
    Cast(DType),
    /// `where(cond, a, b)`.
    Where,
    /// A reduction.
    Reduce {
        /// The op.
        op: ReduceOp,
        /// Axes (`None` = all).
        axes: Option<Vec<isize>>,
        /// Keep reduced dims.
        keepdims: bool,
        /// ddof for var/std.
        ddof: f64,
    },
    /// softmax / log_softmax.
    Softmax {
        /// The op.
        op: SoftmaxOp,
        /// Axis.
        axis: isize,
    },
    /// matmul.
    MatMul,
    /// arange(start, stop, step).
    Arange(f64, f64, f64),
    /// linspace(start, stop, num, endpoint).
    Linspace(f64, f64, usize, bool),
    /// eye(n, m).
    Eye(usize, usize),
    /// Philox random numbers (shape, seed).
    Rand(RandDist, Vec<usize>, u64),
}

/// How the inputs are laid out in storage (the logical values are the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// C-contiguous.
    Contiguous,
    /// Stored transposed, read through `.t()`.
    Transposed,
    /// Every other element of a larger buffer (step 2).
    Strided,
    /// Stored reversed, read through negative strides.
    Reversed,
}

/// One case of the suite.
#[derive(Clone, Debug)]
pub struct Case {
    /// Unique, stable id (`op/dtype/family`).
    pub id: String,
    /// The op's name.
    pub op: String,
    /// What it computes.
    pub kind: Kind,
    /// The input dtype (output dtype for creation ops).
    pub dtype: DType,
    /// Input family (`typical`, `hard`, `offset`, ...).
    pub family: String,
    /// The inputs, in logical C order.
    pub inputs: Vec<HostArray>,
    /// Also check these layouts give bit-identical results.
    pub layouts: Vec<View>,
}

/// What the reference expects.
#[derive(Clone, Debug)]
pub enum Expected {
    /// Graded in ULPs of `dtype`.
    Ulp {
        /// Output dtype.
        dtype: DType,
        /// Output shape.
        shape: Vec<usize>,
        /// Reference values.
        refs: Vec<Ref>,
        /// Input magnitude per output (for error-vs-magnitude plots).
        mags: Vec<f64>,
    },
    /// Integer/bool results compared exactly.
    Exact {
        /// Output dtype.
        dtype: DType,
        /// Output shape.
        shape: Vec<usize>,
        /// Values.
        vals: Vec<i64>,
    },
    /// Graded against a per-element error bound.
    Bounded {
        /// Output dtype.
        dtype: DType,
        /// Output shape.
        shape: Vec<usize>,
        /// Reference values.
        refs: Vec<f64>,
        /// Error bounds.
        bounds: Vec<f64>,
    },
    /// The op must fail (e.g. max of an empty array).
    Error(String),
}

/// Sizes of the suite.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Values per elementwise family.
    pub elementwise: usize,
    /// Length of the long reductions.
    pub reduction: usize,
    /// Inner dimension of the large-k matmul.
    pub big_k: usize,
}

impl Sizes {
    /// The full run.
    pub const FULL: Sizes = Sizes {
        elementwise: 16384,
        reduction: 1_000_000,
        big_k: 4096,
    };
    /// `--quick`.
    pub const QUICK: Sizes = Sizes {
        elementwise: 256,
        reduction: 100_000,
        big_k: 1024,
    };
}

fn c_of(n: usize) -> f64 {
    (n.max(2) as f64).log2().ceil() + 2.0
}

fn unit(dtype: DType) -> f64 {
    dtype.epsilon() / 2.0
}

/// Typical input range of a unary op for a float dtype: `(lo, hi, log_uniform)`.
fn unary_domain(op: UnaryOp, dt: DType) -> (f64, f64, bool) {
    use UnaryOp::*;
    let lnmax = max_finite(dt).ln() * 0.97;
    match op {
        Exp | Expm1 | Sinh | Cosh => (-lnmax, lnmax, false),
        Exp2 => (
            -lnmax * std::f64::consts::LOG2_E,
            lnmax * std::f64::consts::LOG2_E,
            false,
        ),
        Log | Log2 | Log10 | Sqrt | Rsqrt => (-20.0, lnmax * std::f64::consts::LOG2_E, true),
        Log1p => (-0.999, 100.0, false),
        Sin | Cos | Tan => (-10.0, 10.0, false),
        Asin | Acos | Atanh => (-1.0, 1.0, false),
        Acosh => (1.0, 1e4, false),
        Asinh | Atan => (-1e4, 1e4, false),
        Tanh => (-20.0, 20.0, false),
        Erf => (-6.0, 6.0, false),
        Sigmoid => (-100.0, 100.0, false),
        Reciprocal => (-30.0, 30.0, true),
        Square => (
            -(max_finite(dt).sqrt() * 0.9),
            max_finite(dt).sqrt() * 0.9,
            false,
        ),
        _ => (-100.0, 100.0, false),
    }
}

/// Extra hard inputs of an op (domain edges, argument-reduction worst cases).
fn unary_hard(op: UnaryOp, dt: DType) -> Vec<f64> {
    use UnaryOp::*;
    let mut v = float_specials(dt);
    match op {
        Sin | Cos | Tan => {
            v.extend([
                1e22,
                -1e22,
                std::f64::consts::FRAC_PI_2,
                std::f64::consts::PI,
                1e6,
                12867.0,
            ]);
            if dt == DType::F64 {
                v.extend([
                    6381956970095103.0 * 2f64.powi(797),
                    5.319372648326541e255,
                    1e300,
                ]);
            }
            if dt == DType::F32 {
                v.extend([1.5707963705062866, 16367173.0 * 2f64.powi(72), 1e38]);
            }
        }
        Asin | Acos | Atanh => v.extend([1.0, -1.0, 0.9999999, -0.9999999, 1e-8]),
        Log1p | Expm1 => v.extend([1e-10, -1e-10, 1e-30, -0.9999, 1e-300]),
        Exp | Sinh | Cosh | Exp2 => {
            let lnmax = max_finite(dt).ln();
            v.extend([lnmax, lnmax * 1.001, -lnmax * 1.02, -lnmax * 1.03, 1e-20]);
        }
        Sigmoid => v.extend([-88.0, -100.0, -103.0, -745.0, 30.0, 40.0]),
        Round => v.extend([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 4503599627370495.5]),
        Erf => v.extend([1e-20, 5.9, -5.9, 3.0]),
        _ => {}
    }
    v.into_iter().map(|x| round_to(dt, x)).collect()
}

fn values_for_unary(op: UnaryOp, dt: DType, n: usize, s: &mut Stream) -> Vec<f64> {
    if dt.is_float() {
        let (lo, hi, log) = unary_domain(op, dt);
        (0..n)
            .map(|_| {
                let x = if log {
                    s.log_uniform(lo, hi, matches!(op, UnaryOp::Reciprocal))
                } else {
                    s.range(lo, hi)
                };
                // Half of the floor/round family sits on .5 ties.
                if matches!(
                    op,
                    UnaryOp::Round | UnaryOp::Floor | UnaryOp::Ceil | UnaryOp::Trunc
                ) && s.uniform() < 0.3
                {
                    x.round() + 0.5
                } else {
                    x
                }
            })
            .collect()
    } else {
        let (lo, hi) = match dt {
            DType::Bool => (0, 1),
            DType::U8 => (0, 255),
            _ => (-30, 30),
        };
        (0..n).map(|_| s.int(lo, hi) as f64).collect()
    }
}

fn arr(dt: DType, vals: &[f64]) -> HostArray {
    HostArray::from_f64(dt, &[vals.len()], vals)
}

fn shape2(n: usize) -> Vec<usize> {
    // A 2-D shape with an odd inner size, for layout variants.
    let inner = [17, 13, 11, 7, 5, 3, 1]
        .into_iter()
        .find(|d| n.is_multiple_of(*d) && n / d > 1)
        .unwrap_or(1);
    vec![n / inner, inner]
}

/// Every case of the suite for the dtypes a backend stores.
pub fn all_cases(dtypes: &[DType], sizes: Sizes, seed: u64) -> Vec<Case> {
    let mut cases = Vec::new();
    let layouts = vec![View::Transposed, View::Strided, View::Reversed];
    let mk = |op: &str,
              kind: Kind,
              dt: DType,
              family: &str,
              inputs: Vec<HostArray>,
              layouts: Vec<View>| Case {
        id: format!("{op}/{dt}/{family}"),
        op: op.to_string(),
        kind,
        dtype: dt,
        family: family.to_string(),
        inputs,
        layouts,
    };
    for &dt in dtypes {
        // ---- unary --------------------------------------------------------------------
        for &op in UnaryOp::ALL {
            if op.dtypes(dt).is_err() {
                continue;
            }
            let mut s = Stream::new(seed, &format!("{op}/{dt}"));
            let n = sizes.elementwise - sizes.elementwise % 17;
            let vals = values_for_unary(op, dt, n, &mut s);
            let a = HostArray::from_f64(dt, &shape2(n), &vals);
            cases.push(mk(
                op.name(),
                Kind::Unary(op),
                dt,
                "typical",
                vec![a],
                layouts.clone(),
            ));
            let hard: Vec<f64> = if dt.is_float() {
                unary_hard(op, dt)
            } else {
                int_specials(dt).into_iter().map(|v| v as f64).collect()
            };
            let hard = if dt == DType::I64 {
                HostArray::from_i64(dt, &[hard.len()], &int_specials(dt))
            } else {
                arr(dt, &hard)
            };
            cases.push(mk(
                op.name(),
                Kind::Unary(op),
                dt,
                "hard",
                vec![hard],
                vec![],
            ));
            // 0-d and empty.
            let scalar = HostArray::from_f64(dt, &[], &[vals[0]]);
            cases.push(mk(
                op.name(),
                Kind::Unary(op),
                dt,
                "0-d",
                vec![scalar],
                vec![],
            ));
            cases.push(mk(
                op.name(),
                Kind::Unary(op),
                dt,
                "empty",
                vec![HostArray::from_f64(dt, &[0, 3], &[])],
                vec![],
            ));
        }
        // ---- binary -------------------------------------------------------------------
        for &op in BinaryOp::ALL {
            if op.dtypes(dt, dt).is_err() {
                continue;
            }
            let mut s = Stream::new(seed, &format!("{op}/{dt}"));
            let n = sizes.elementwise - sizes.elementwise % 17;
            let (a, b): (Vec<f64>, Vec<f64>) = (0..n).map(|_| binary_pair(op, dt, &mut s)).unzip();
            let sh = shape2(n);
            cases.push(mk(
                op.name(),
                Kind::Binary(op),
                dt,
                "typical",
                vec![
                    HostArray::from_f64(dt, &sh, &a),
                    HostArray::from_f64(dt, &sh, &b),
                ],
                layouts.clone(),
            ));
            // Hard: the cross product of special values.
            let sp: Vec<f64> = if dt.is_float() {
                float_specials(dt)
            } else {
                int_specials(dt).into_iter().map(|v| v as f64).collect()
            };
            let sp = if op == BinaryOp::Pow && !dt.is_float() {
                sp.into_iter().filter(|v| (0.0..=3.0).contains(v)).collect()
            } else {
                sp
            };
            let k = sp.len();
            let ha: Vec<f64> = (0..k * k).map(|i| sp[i / k]).collect();
            let hb: Vec<f64> = (0..k * k).map(|i| sp[i % k]).collect();
            let (ha, hb) = if dt == DType::I64 {
                let ints: Vec<i64> = int_specials(dt)
                    .into_iter()
                    .filter(|v| op != BinaryOp::Pow || (0..=3).contains(v))
                    .collect();
                let k = ints.len();
                (
                    HostArray::from_i64(
                        dt,
                        &[k * k],
                        &(0..k * k).map(|i| ints[i / k]).collect::<Vec<_>>(),
                    ),
                    HostArray::from_i64(
                        dt,
                        &[k * k],
                        &(0..k * k).map(|i| ints[i % k]).collect::<Vec<_>>(),
                    ),
                )
            } else {
                (arr(dt, &ha), arr(dt, &hb))
            };
            cases.push(mk(
                op.name(),
                Kind::Binary(op),
                dt,
                "hard",
                vec![ha, hb],
                vec![],
            ));
            // Broadcast: [5, 1, 7] with [4, 1].
            let ba: Vec<f64> = (0..35).map(|_| binary_pair(op, dt, &mut s).0).collect();
            let bb: Vec<f64> = (0..4).map(|_| binary_pair(op, dt, &mut s).1).collect();
            cases.push(mk(
                op.name(),
                Kind::Binary(op),
                dt,
                "broadcast",
                vec![
                    HostArray::from_f64(dt, &[5, 1, 7], &ba),
                    HostArray::from_f64(dt, &[4, 1], &bb),
                ],
                vec![],
            ));
        }
        // ---- cast ---------------------------------------------------------------------
        for &to in dtypes {
            let mut vals: Vec<f64> = if dt.is_float() {
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
            } else {
                int_specials(dt).into_iter().map(|v| v as f64).collect()
            };
            vals.retain(|_| true);
            let a = if dt == DType::I64 {
                let ints = int_specials(dt);
                HostArray::from_i64(dt, &[ints.len()], &ints)
            } else {
                arr(dt, &vals)
            };
            cases.push(mk(
                &format!("cast_{to}"),
                Kind::Cast(to),
                dt,
                "hard",
                vec![a],
                vec![View::Reversed],
            ));
        }
        // ---- where --------------------------------------------------------------------
        {
            let mut s = Stream::new(seed, &format!("where/{dt}"));
            let c: Vec<f64> = (0..35).map(|_| (s.uniform() < 0.5) as u8 as f64).collect();
            let a: Vec<f64> = (0..7).map(|_| s.int(0, 1) as f64).collect();
            let b: Vec<f64> = (0..5).map(|_| s.int(0, 1) as f64).collect();
            cases.push(mk(
                "where",
                Kind::Where,
                dt,
                "broadcast",
                vec![
                    HostArray::from_f64(DType::Bool, &[5, 7], &c),
                    HostArray::from_f64(dt, &[7], &a),
                    HostArray::from_f64(dt, &[5, 1], &b),
                ],
                vec![],
            ));
        }
        reduction_cases(&mut cases, dt, sizes, seed);
        matmul_cases(&mut cases, dt, sizes, seed);
        creation_cases(&mut cases, dt);
    }
    cases
}

fn binary_pair(op: BinaryOp, dt: DType, s: &mut Stream) -> (f64, f64) {
    use BinaryOp::*;
    if !dt.is_float() {
        let (lo, hi) = match dt {
            DType::Bool => (0, 1),
            DType::U8 => (0, 255),
            DType::I32 => (-1000, 1000),
            _ => (-100_000, 100_000),
        };
        return match op {
            Pow => (s.int(lo.max(-5), hi.min(5)) as f64, s.int(0, 4) as f64),
            _ => (s.int(lo, hi) as f64, s.int(lo, hi) as f64),
        };
    }
    let emax = (max_finite(dt).log2() / 2.0 - 1.0).min(60.0);
    match op {
        Add | Sub | Mul | Div | Atan2 => (
            s.log_uniform(-emax, emax, true),
            s.log_uniform(-emax, emax, true),
        ),
        Pow => {
            if s.uniform() < 0.2 {
                (-s.range(0.5, 4.0), s.int(-6, 6) as f64)
            } else {
                (s.range(0.0, 8.0), s.range(-8.0, 8.0))
            }
        }
        Fmod | FloorDivide => (s.range(-100.0, 100.0), s.log_uniform(-4.0, 4.0, true)),
        _ => {
            // Comparisons and min/max: many ties.
            let a = (s.range(-8.0, 8.0) * 2.0).round() / 2.0;
            let b = if s.uniform() < 0.3 {
                a
            } else {
                (s.range(-8.0, 8.0) * 2.0).round() / 2.0
            };
            (a, b)
        }
    }
}

fn reduction_cases(cases: &mut Vec<Case>, dt: DType, sizes: Sizes, seed: u64) {
    let mut s = Stream::new(seed, &format!("reduce/{dt}"));
    let push = |cases: &mut Vec<Case>,
                op: ReduceOp,
                family: &str,
                axes: Option<Vec<isize>>,
                keepdims: bool,
                ddof: f64,
                a: HostArray| {
        if op.dtypes(dt).is_err() {
            return;
        }
        let suffix = match (op, ddof) {
            (ReduceOp::Var | ReduceOp::Std, d) => format!("/ddof{d}"),
            _ => String::new(),
        };
        cases.push(Case {
            id: format!("{}/{dt}/{family}{suffix}", op.name()),
            op: op.name().to_string(),
            kind: Kind::Reduce {
                op,
                axes,
                keepdims,
                ddof,
            },
            dtype: dt,
            family: family.to_string(),
            inputs: vec![a],
            layouts: vec![],
        });
    };
    let long_n = if dt.is_float() {
        sizes.reduction
    } else {
        sizes.reduction / 10
    };
    // Long 1-D input: U[0,1) for floats, small ints otherwise.
    let long: Vec<f64> = (0..long_n)
        .map(|_| {
            if dt.is_float() {
                s.uniform()
            } else {
                s.int(0, 3) as f64
            }
        })
        .collect();
    let long = HostArray::from_f64(dt, &[long_n], &long);
    // 3-D input with mixed signs.
    let shape3 = [6usize, 33, 65];
    let n3: usize = shape3.iter().product();
    let mixed: Vec<f64> = (0..n3)
        .map(|_| match dt {
            d if d.is_float() => s.normal() * 4.0,
            DType::Bool => s.int(0, 1) as f64,
            DType::U8 => s.int(0, 9) as f64,
            _ => s.int(-50, 50) as f64,
        })
        .collect();
    let mixed = HostArray::from_f64(dt, &shape3, &mixed);
    let offset_base = match dt {
        DType::F16 => 100.0,
        DType::BF16 => 10.0,
        _ => 1e4,
    };
    let offset: Vec<f64> = (0..4096).map(|_| offset_base + s.uniform()).collect();
    let offset = HostArray::from_f64(dt, &[4096], &offset);
    let empty = HostArray::from_f64(dt, &[3, 0], &[]);

    for &op in ReduceOp::ALL {
        let ddofs: &[f64] = if matches!(op, ReduceOp::Var | ReduceOp::Std) {
            &[0.0, 1.0]
        } else {
            &[0.0]
        };
        for &ddof in ddofs {
            if op != ReduceOp::Prod {
                push(cases, op, "long", None, false, ddof, long.clone());
            }
            push(
                cases,
                op,
                "axes02-keepdims",
                Some(vec![0, 2]),
                true,
                ddof,
                mixed.clone(),
            );
            push(
                cases,
                op,
                "axis-1",
                Some(vec![-1]),
                false,
                ddof,
                mixed.clone(),
            );
            push(
                cases,
                op,
                "empty-axis",
                Some(vec![1]),
                false,
                ddof,
                empty.clone(),
            );
            if matches!(
                op,
                ReduceOp::Var | ReduceOp::Std | ReduceOp::Mean | ReduceOp::Sum
            ) && dt.is_float()
            {
                push(cases, op, "offset", None, false, ddof, offset.clone());
            }
        }
    }
    // Prod on short rows with values near 1.
    let pv: Vec<f64> = (0..64 * 33)
        .map(|_| {
            if dt.is_float() {
                s.range(0.6, 1.5)
            } else {
                s.int(1, 3) as f64
            }
        })
        .collect();
    push(
        cases,
        ReduceOp::Prod,
        "rows",
        Some(vec![1]),
        false,
        0.0,
        HostArray::from_f64(dt, &[64, 33], &pv),
    );
    if dt.is_float() {
        // NaN planted: max/argmax must propagate it.
        let mut nv = mixed.to_f64();
        nv[1000] = f64::NAN;
        nv[5000] = f64::NAN;
        let nan = HostArray::from_f64(dt, &shape3, &nv);
        for op in [
            ReduceOp::Max,
            ReduceOp::Min,
            ReduceOp::ArgMax,
            ReduceOp::ArgMin,
            ReduceOp::Sum,
        ] {
            push(cases, op, "nan", Some(vec![-1]), false, 0.0, nan.clone());
            push(cases, op, "nan-all", None, false, 0.0, nan.clone());
        }
        // Large values: logsumexp must subtract the max.
        let lv: Vec<f64> = (0..64 * 129)
            .map(|_| s.range(0.8, 1.0) * max_finite(dt).ln() * 8.0)
            .collect();
        let large = HostArray::from_f64(dt, &[64, 129], &lv);
        push(
            cases,
            ReduceOp::LogSumExp,
            "large",
            Some(vec![1]),
            false,
            0.0,
            large.clone(),
        );
        for (op, family) in [
            (SoftmaxOp::Softmax, "typical"),
            (SoftmaxOp::LogSoftmax, "typical"),
        ] {
            for axis in [-1isize, 0] {
                cases.push(Case {
                    id: format!("{}/{dt}/{family}/axis{axis}", op.name()),
                    op: op.name().into(),
                    kind: Kind::Softmax { op, axis },
                    dtype: dt,
                    family: family.into(),
                    inputs: vec![HostArray::from_f64(
                        dt,
                        &[64, 129],
                        &mixed.to_f64()[..64 * 129],
                    )],
                    layouts: vec![],
                });
            }
            cases.push(Case {
                id: format!("{}/{dt}/large", op.name()),
                op: op.name().into(),
                kind: Kind::Softmax { op, axis: -1 },
                dtype: dt,
                family: "large".into(),
                inputs: vec![large.clone()],
                layouts: vec![],
            });
        }
    }
}

fn matmul_cases(cases: &mut Vec<Case>, dt: DType, sizes: Sizes, seed: u64) {
    let mut s = Stream::new(seed, &format!("matmul/{dt}"));
    let mut make = |shape: &[usize]| -> HostArray {
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
    };
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
        let (a, b) = (make(&sa), make(&sb));
        cases.push(Case {
            id: format!("matmul/{dt}/{family}"),
            op: "matmul".into(),
            kind: Kind::MatMul,
            dtype: dt,
            family: family.into(),
            inputs: vec![a, b],
            layouts,
        });
    }
}

fn creation_cases(cases: &mut Vec<Case>, dt: DType) {
    let mut push = |op: &str, kind: Kind, family: &str| {
        cases.push(Case {
            id: format!("{op}/{dt}/{family}"),
            op: op.into(),
            kind,
            dtype: dt,
            family: family.into(),
            inputs: vec![],
            layouts: vec![],
        })
    };
    if dt != DType::Bool {
        push(
            "arange",
            Kind::Arange(-3.0, 20.0, if dt.is_float() { 0.25 } else { 2.0 }),
            "typical",
        );
    }
    if dt.is_float() {
        push("linspace", Kind::Linspace(-1.0, 2.0, 37, true), "endpoint");
        push(
            "linspace",
            Kind::Linspace(0.0, 1.0, 10, false),
            "no-endpoint",
        );
        push(
            "rand",
            Kind::Rand(RandDist::Uniform, vec![3, 1000], 1234),
            "seed1234",
        );
        push(
            "randn",
            Kind::Rand(RandDist::Normal, vec![3, 1000], 99),
            "seed99",
        );
    }
    push("eye", Kind::Eye(5, 7), "5x7");
}

// ---------------------------------------------------------------------------------------
// The reference
// ---------------------------------------------------------------------------------------

/// Integer semantics of unary ops (wrapping, as NumPy).
fn int_unary(op: UnaryOp, v: i64, dt: DType) -> i64 {
    use UnaryOp::*;
    let w = |x: i128| wrap(x, dt);
    let v128 = v as i128;
    match op {
        Neg => w(-v128),
        Abs => w(v128.abs()),
        Sign => v.signum(),
        Relu => v.max(0),
        Square => w(v128 * v128),
        IsNan | IsInf => 0,
        IsFinite => 1,
        LogicalNot => (v == 0) as i64,
        _ => v, // floor, ceil, round, trunc: identity on integers
    }
}

/// Wraps an exact integer into a dtype (two's complement), as NumPy's integer arithmetic.
pub fn wrap(x: i128, dt: DType) -> i64 {
    match dt {
        DType::Bool => (x != 0) as i64,
        DType::U8 => (x as u8) as i64,
        DType::I32 => (x as i32) as i64,
        _ => x as i64,
    }
}

fn int_binary(op: BinaryOp, a: i64, b: i64, dt: DType) -> i64 {
    use BinaryOp::*;
    let (x, y) = (a as i128, b as i128);
    // Comparisons and logical ops (bools are 0/1 here, so one rule serves all dtypes).
    if let Some(p) = oracle::predicate(op, a, b) {
        return p as i64;
    }
    if dt == DType::Bool {
        let (p, q) = (a != 0, b != 0);
        return match op {
            Add | Maximum => (p || q) as i64,
            Mul | Minimum => (p && q) as i64,
            _ => 0,
        };
    }
    match op {
        Add => wrap(x + y, dt),
        Sub => wrap(x - y, dt),
        Mul => wrap(x * y, dt),
        Pow => {
            let mut r: i128 = 1;
            for _ in 0..b.max(0) {
                r = wrap(r * x, dt) as i128;
            }
            wrap(r, dt)
        }
        Maximum => a.max(b),
        Minimum => a.min(b),
        Fmod => {
            if b == 0 {
                0
            } else {
                wrap(x % y, dt)
            }
        }
        FloorDivide => {
            if b == 0 {
                0
            } else {
                wrap(
                    x.div_euclid(y)
                        - if (x.rem_euclid(y) != 0) && y < 0 {
                            1
                        } else {
                            0
                        },
                    dt,
                )
            }
        }
        Div | Atan2 => 0, // never integer-valued (promoted to float)
        _ => unreachable!("predicates are handled above"),
    }
}

/// The exact result of a cast of one element, as f64 (floats) or i64 (integers).
fn cast_value(from: &HostArray, i: usize, to: DType) -> (f64, i64) {
    let fd = from.dtype;
    if to.is_float() {
        let v = if fd.is_float() {
            round_to(to, from.f64_at(i))
        } else {
            round_int_to(to, from.i64_at(i))
        };
        (v, 0)
    } else if to == DType::Bool {
        let b = if fd.is_float() {
            from.f64_at(i) != 0.0
        } else {
            from.i64_at(i) != 0
        };
        (0.0, b as i64)
    } else if fd.is_float() {
        // Truncate toward zero, saturate, NaN -> 0 (the documented cast rule).
        let x = from.f64_at(i);
        let v = match to {
            DType::U8 => x as u8 as i64,
            DType::I32 => x as i32 as i64,
            _ => x as i64,
        };
        (0.0, v)
    } else {
        (0.0, wrap(from.i64_at(i) as i128, to))
    }
}

/// Maps a flat output index of a broadcast result to the flat index of an input.
fn bcast_index(out_shape: &[usize], in_shape: &[usize], mut flat: usize) -> usize {
    let lead = out_shape.len() - in_shape.len();
    let mut idx = 0usize;
    let mut mult = 1usize;
    for ax in (0..out_shape.len()).rev() {
        let c = flat % out_shape[ax];
        flat /= out_shape[ax];
        if ax >= lead {
            let d = in_shape[ax - lead];
            idx += if d == 1 { 0 } else { c * mult };
            mult *= d;
        }
    }
    idx
}

fn bshape(a: &[usize], b: &[usize]) -> Vec<usize> {
    tensor_core::layout::broadcast_shapes(a, b, "ref").expect("cases broadcast by construction")
}

/// Neumaier-compensated sum.
pub fn neumaier(vals: impl IntoIterator<Item = f64>) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for x in vals {
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

fn float_ref(op: UnaryOp, dt: DType, x: f64) -> Ref {
    if dt == DType::F64 {
        oracle::unary_f64_exact(op, x)
    } else {
        Ref::exact(oracle::unary_f64(op, x))
    }
}

impl Case {
    /// Shape of the output as the reference computes it.
    fn out_shape(&self) -> Vec<usize> {
        match &self.kind {
            Kind::Unary(_) | Kind::Cast(_) | Kind::Softmax { .. } => self.inputs[0].shape.clone(),
            Kind::Binary(_) => bshape(&self.inputs[0].shape, &self.inputs[1].shape),
            Kind::Where => bshape(
                &bshape(&self.inputs[0].shape, &self.inputs[1].shape),
                &self.inputs[2].shape,
            ),
            _ => vec![],
        }
    }

    /// The expected result, computed by the reference.
    pub fn expected(&self) -> Expected {
        let dt = self.dtype;
        match &self.kind {
            Kind::Unary(op) => {
                let (compute, out) = op.dtypes(dt).expect("filtered");
                let a = &self.inputs[0];
                let shape = self.out_shape();
                if out.is_float() {
                    let refs = (0..a.len())
                        .map(|i| {
                            let x = if a.dtype.is_float() {
                                a.f64_at(i)
                            } else {
                                round_int_to(compute, a.i64_at(i))
                            };
                            let x = round_to(compute, x);
                            float_ref(*op, out, x)
                        })
                        .collect();
                    let mags = a.to_f64().iter().map(|x| x.abs()).collect();
                    Expected::Ulp {
                        dtype: out,
                        shape,
                        refs,
                        mags,
                    }
                } else {
                    let vals = (0..a.len())
                        .map(|i| {
                            if a.dtype.is_float() {
                                oracle::unary_f64(*op, a.f64_at(i)) as i64
                            } else {
                                int_unary(*op, a.i64_at(i), compute)
                            }
                        })
                        .collect();
                    Expected::Exact {
                        dtype: out,
                        shape,
                        vals,
                    }
                }
            }
            Kind::Binary(op) => {
                let (compute, out) = op.dtypes(dt, dt).expect("filtered");
                let (a, b) = (&self.inputs[0], &self.inputs[1]);
                let shape = self.out_shape();
                let n: usize = shape.iter().product();
                let pair = |i: usize| {
                    (
                        bcast_index(&shape, &a.shape, i),
                        bcast_index(&shape, &b.shape, i),
                    )
                };
                if compute.is_float() {
                    let vals: Vec<Ref> = (0..n)
                        .map(|i| {
                            let (ia, ib) = pair(i);
                            let (x, y) = (a.f64_at(ia), b.f64_at(ib));
                            if compute == DType::F64 && out.is_float() {
                                oracle::binary_f64_exact(*op, x, y)
                            } else {
                                Ref::exact(oracle::binary_f64(*op, x, y))
                            }
                        })
                        .collect();
                    if out.is_float() {
                        let mags = (0..n).map(|i| a.f64_at(pair(i).0).abs()).collect();
                        Expected::Ulp {
                            dtype: out,
                            shape,
                            refs: vals,
                            mags,
                        }
                    } else {
                        Expected::Exact {
                            dtype: out,
                            shape,
                            vals: vals.iter().map(|r| r.hi as i64).collect(),
                        }
                    }
                } else {
                    let vals = (0..n)
                        .map(|i| {
                            let (ia, ib) = pair(i);
                            int_binary(*op, a.i64_at(ia), b.i64_at(ib), compute)
                        })
                        .collect();
                    Expected::Exact {
                        dtype: out,
                        shape,
                        vals,
                    }
                }
            }
            Kind::Cast(to) => {
                let a = &self.inputs[0];
                let shape = self.out_shape();
                if to.is_float() {
                    let refs = (0..a.len())
                        .map(|i| Ref::exact(cast_value(a, i, *to).0))
                        .collect();
                    let mags = a.to_f64().iter().map(|x| x.abs()).collect();
                    Expected::Ulp {
                        dtype: *to,
                        shape,
                        refs,
                        mags,
                    }
                } else {
                    Expected::Exact {
                        dtype: *to,
                        shape,
                        vals: (0..a.len()).map(|i| cast_value(a, i, *to).1).collect(),
                    }
                }
            }
            Kind::Where => {
                let (c, a, b) = (&self.inputs[0], &self.inputs[1], &self.inputs[2]);
                let shape = self.out_shape();
                let n: usize = shape.iter().product();
                let pick = |i: usize| {
                    if c.i64_at(bcast_index(&shape, &c.shape, i)) != 0 {
                        (a, bcast_index(&shape, &a.shape, i))
                    } else {
                        (b, bcast_index(&shape, &b.shape, i))
                    }
                };
                if dt.is_float() {
                    let refs = (0..n)
                        .map(|i| {
                            let (t, j) = pick(i);
                            Ref::exact(t.f64_at(j))
                        })
                        .collect();
                    Expected::Ulp {
                        dtype: dt,
                        shape: shape.clone(),
                        refs,
                        mags: vec![1.0; n],
                    }
                } else {
                    let vals = (0..n)
                        .map(|i| {
                            let (t, j) = pick(i);
                            t.i64_at(j)
                        })
                        .collect();
                    Expected::Exact {
                        dtype: dt,
                        shape: shape.clone(),
                        vals,
                    }
                }
            }
            Kind::Reduce {
                op,
                axes,
                keepdims,
                ddof,
            } => reduce_expected(*op, &self.inputs[0], axes.as_deref(), *keepdims, *ddof),
            Kind::Softmax { op, axis } => softmax_expected(*op, &self.inputs[0], *axis),
            Kind::MatMul => matmul_expected(&self.inputs[0], &self.inputs[1]),
            Kind::Arange(start, stop, step) => {
                let n = ((stop - start) / step).ceil().max(0.0) as usize;
                if dt.is_float() {
                    let refs = (0..n)
                        .map(|i| Ref::exact(start + i as f64 * step))
                        .collect();
                    Expected::Ulp {
                        dtype: dt,
                        shape: vec![n],
                        refs,
                        mags: vec![1.0; n],
                    }
                } else {
                    let vals = (0..n)
                        .map(|i| wrap(*start as i128 + i as i128 * *step as i128, dt))
                        .collect();
                    Expected::Exact {
                        dtype: dt,
                        shape: vec![n],
                        vals,
                    }
                }
            }
            Kind::Linspace(start, stop, num, endpoint) => {
                let div = if *endpoint {
                    num.saturating_sub(1)
                } else {
                    *num
                } as f64;
                let step = (stop - start) / div;
                let refs = (0..*num)
                    .map(|i| {
                        Ref::exact(if *endpoint && i + 1 == *num && *num > 1 {
                            *stop
                        } else {
                            start + i as f64 * step
                        })
                    })
                    .collect();
                Expected::Ulp {
                    dtype: dt,
                    shape: vec![*num],
                    refs,
                    mags: vec![1.0; *num],
                }
            }
            Kind::Eye(n, m) => {
                let vals: Vec<i64> = (0..n * m).map(|i| (i / m == i % m) as i64).collect();
                if dt.is_float() {
                    let refs = vals.iter().map(|&v| Ref::exact(v as f64)).collect();
                    Expected::Ulp {
                        dtype: dt,
                        shape: vec![*n, *m],
                        refs,
                        mags: vec![1.0; n * m],
                    }
                } else {
                    Expected::Exact {
                        dtype: dt,
                        shape: vec![*n, *m],
                        vals,
                    }
                }
            }
            Kind::Rand(dist, shape, seed) => {
                let n: usize = shape.iter().product();
                let refs = (0..n as u64)
                    .map(|i| {
                        Ref::exact(match dist {
                            RandDist::Uniform => tensor_core::philox::uniform(dt, *seed, i),
                            RandDist::Normal => tensor_core::philox::normal(*seed, i),
                        })
                    })
                    .collect();
                Expected::Ulp {
                    dtype: dt,
                    shape: shape.clone(),
                    refs,
                    mags: vec![1.0; n],
                }
            }
        }
    }
}

/// Groups input elements by output element for a reduction: `(values, block index)`.
fn groups(a: &HostArray, axes: &[usize]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let shape = &a.shape;
    let out_shape: Vec<usize> = (0..shape.len())
        .filter(|i| !axes.contains(i))
        .map(|i| shape[i])
        .collect();
    let nout: usize = out_shape.iter().product();
    let mut g: Vec<Vec<usize>> = vec![Vec::new(); nout];
    for flat in 0..a.len() {
        let mut rem = flat;
        let mut idx = vec![0usize; shape.len()];
        for ax in (0..shape.len()).rev() {
            idx[ax] = rem % shape[ax];
            rem /= shape[ax];
        }
        let mut o = 0usize;
        for ax in 0..shape.len() {
            if !axes.contains(&ax) {
                o = o * shape[ax] + idx[ax];
            }
        }
        g[o].push(flat);
    }
    (out_shape, g)
}

fn reduce_expected(
    op: ReduceOp,
    a: &HostArray,
    axes: Option<&[isize]>,
    keepdims: bool,
    ddof: f64,
) -> Expected {
    let nd = a.shape.len();
    let ax = tensor_core::layout::normalize_axes(axes, nd, op.name())
        .expect("valid axes by construction");
    let (compute, out) = op.dtypes(a.dtype).expect("filtered");
    if op.needs_nonempty() && (ax.iter().any(|&i| a.shape[i] == 0) || a.is_empty()) {
        return Expected::Error("reduction over an empty extent has no identity".into());
    }
    let (mut out_shape, g) = groups(a, &ax);
    if keepdims {
        out_shape = (0..nd)
            .map(|i| if ax.contains(&i) { 1 } else { a.shape[i] })
            .collect();
    }
    use ReduceOp::*;
    match op {
        Max | Min | ArgMax | ArgMin | All | Any => {
            let vals: Vec<i64> = g
                .iter()
                .map(|idx| {
                    let xs: Vec<f64> = idx.iter().map(|&i| a.f64_at(i)).collect();
                    match op {
                        All => xs.iter().all(|&x| x != 0.0) as i64,
                        Any => xs.iter().any(|&x| x != 0.0) as i64,
                        ArgMax | ArgMin => {
                            if let Some(p) = xs.iter().position(|x| x.is_nan()) {
                                p as i64
                            } else if a.dtype == DType::I64 {
                                let is: Vec<i64> = idx.iter().map(|&i| a.i64_at(i)).collect();
                                let best = if op == ArgMax {
                                    *is.iter().max().unwrap()
                                } else {
                                    *is.iter().min().unwrap()
                                };
                                is.iter().position(|&v| v == best).unwrap() as i64
                            } else {
                                let best = xs.iter().copied().fold(xs[0], |m, x| {
                                    if (op == ArgMax) == (x > m) && x != m {
                                        x
                                    } else {
                                        m
                                    }
                                });
                                xs.iter().position(|&v| v == best).unwrap() as i64
                            }
                        }
                        _ => 0,
                    }
                })
                .collect();
            if matches!(op, Max | Min) {
                let refs: Vec<Ref> = g
                    .iter()
                    .map(|idx| {
                        let xs: Vec<f64> = idx.iter().map(|&i| a.f64_at(i)).collect();
                        if xs.iter().any(|x| x.is_nan()) {
                            return Ref::exact(f64::NAN);
                        }
                        Ref::exact(xs.iter().copied().fold(
                            if op == Max {
                                f64::NEG_INFINITY
                            } else {
                                f64::INFINITY
                            },
                            |m, x| {
                                if op == Max { m.max(x) } else { m.min(x) }
                            },
                        ))
                    })
                    .collect();
                if out.is_float() {
                    let n = refs.len();
                    return Expected::Ulp {
                        dtype: out,
                        shape: out_shape,
                        refs,
                        mags: vec![1.0; n],
                    };
                }
                let ints: Vec<i64> = g
                    .iter()
                    .map(|idx| {
                        let is = idx.iter().map(|&i| a.i64_at(i));
                        if op == Max {
                            is.max().unwrap()
                        } else {
                            is.min().unwrap()
                        }
                    })
                    .collect();
                return Expected::Exact {
                    dtype: out,
                    shape: out_shape,
                    vals: ints,
                };
            }
            Expected::Exact {
                dtype: out,
                shape: out_shape,
                vals,
            }
        }
        Sum | Prod if !compute.is_float() => {
            let vals = g
                .iter()
                .map(|idx| {
                    let mut acc: i128 = if op == Sum { 0 } else { 1 };
                    for &i in idx {
                        let v = a.i64_at(i) as i128;
                        acc = wrap(if op == Sum { acc + v } else { acc * v }, DType::I64) as i128;
                    }
                    acc as i64
                })
                .collect();
            Expected::Exact {
                dtype: out,
                shape: out_shape,
                vals,
            }
        }
        _ => {
            let u = unit(out);
            let (mut refs, mut bounds) = (Vec::new(), Vec::new());
            for idx in &g {
                let xs: Vec<f64> = idx
                    .iter()
                    .map(|&i| round_to(compute, a.f64_at(i)))
                    .collect();
                let n = xs.len();
                let c = c_of(n);
                let abs_sum = neumaier(xs.iter().map(|x| x.abs()));
                let (r, b) = match op {
                    Sum => (neumaier(xs.iter().copied()), c * u * abs_sum),
                    Mean => {
                        let r = neumaier(xs.iter().copied()) / n as f64;
                        (r, c * u * abs_sum / n as f64 + u * r.abs())
                    }
                    Prod => {
                        let r: f64 = xs.iter().product();
                        (r, (n as f64 + 1.0) * u * r.abs())
                    }
                    Var | Std => {
                        let mean = neumaier(xs.iter().copied()) / n as f64;
                        let ss = neumaier(xs.iter().map(|x| (x - mean) * (x - mean)));
                        let var = if n as f64 - ddof > 0.0 {
                            ss / (n as f64 - ddof)
                        } else {
                            f64::NAN
                        };
                        if op == Var {
                            (var, (2.0 * c + 6.0) * u * var)
                        } else {
                            (var.sqrt(), (c + 4.0) * u * var.sqrt())
                        }
                    }
                    LogSumExp => {
                        let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        if xs.iter().any(|x| x.is_nan()) {
                            (f64::NAN, 0.0)
                        } else if !m.is_finite() {
                            (m, 0.0)
                        } else {
                            let s = neumaier(xs.iter().map(|x| (x - m).exp()));
                            let r = m + s.ln();
                            (r, (c + 3.0) * u * r.abs().max(1.0))
                        }
                    }
                    _ => unreachable!(),
                };
                let half = if r.is_finite() {
                    0.5 * ulp(out, r)
                } else {
                    0.0
                };
                refs.push(r);
                bounds.push(b + half);
            }
            Expected::Bounded {
                dtype: out,
                shape: out_shape,
                refs,
                bounds,
            }
        }
    }
}

fn softmax_expected(op: SoftmaxOp, a: &HostArray, axis: isize) -> Expected {
    let dt = a.dtype;
    let nd = a.shape.len();
    let ax = tensor_core::layout::normalize_axis(axis, nd, "softmax").expect("valid");
    let (_, g) = groups(a, &[ax]);
    let u = unit(dt);
    let mut refs = vec![0.0; a.len()];
    let mut bounds = vec![0.0; a.len()];
    for idx in g {
        let xs: Vec<f64> = idx.iter().map(|&i| a.f64_at(i)).collect();
        let m = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let s = neumaier(xs.iter().map(|x| (x - m).exp()));
        let c = c_of(xs.len());
        for (k, &i) in idx.iter().enumerate() {
            let (r, b) = match op {
                SoftmaxOp::Softmax => {
                    let y = (xs[k] - m).exp() / s;
                    (y, (c + 6.0) * u * y)
                }
                SoftmaxOp::LogSoftmax => {
                    let y = xs[k] - m - s.ln();
                    (y, (c + 4.0) * u * ((xs[k] - m).abs() + 1.0))
                }
            };
            refs[i] = r;
            bounds[i] = b + if r.is_finite() { 0.5 * ulp(dt, r) } else { 0.0 };
        }
    }
    Expected::Bounded {
        dtype: dt,
        shape: a.shape.clone(),
        refs,
        bounds,
    }
}

fn matmul_expected(a: &HostArray, b: &HostArray) -> Expected {
    let dt = a.dtype;
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
    let batch = bshape(&sa[..sa.len() - 2], &sb[..sb.len() - 2]);
    let nb: usize = batch.iter().product();
    let mut out_shape = batch.clone();
    if a.shape.len() > 1 {
        out_shape.push(m);
    }
    if b.shape.len() > 1 {
        out_shape.push(n);
    }
    let (ba, bb) = (&sa[..sa.len() - 2], &sb[..sb.len() - 2]);
    let u = unit(dt);
    let (mut refs, mut bounds, mut ints) = (Vec::new(), Vec::new(), Vec::new());
    for bi in 0..nb {
        let (oa, ob) = (
            bcast_index(&batch, ba, bi) * m * k,
            bcast_index(&batch, bb, bi) * k * n,
        );
        for i in 0..m {
            for j in 0..n {
                if dt.is_float() {
                    let terms: Vec<f64> = (0..k)
                        .map(|l| a.f64_at(oa + i * k + l) * b.f64_at(ob + l * n + j))
                        .collect();
                    let r = neumaier(terms.iter().copied());
                    let mag = neumaier(terms.iter().map(|t| t.abs()));
                    refs.push(r);
                    bounds.push(c_of(k) * u * mag + 0.5 * ulp(dt, r));
                } else if dt == DType::Bool {
                    ints.push(
                        (0..k)
                            .any(|l| a.i64_at(oa + i * k + l) != 0 && b.i64_at(ob + l * n + j) != 0)
                            as i64,
                    );
                } else {
                    let mut acc: i128 = 0;
                    for l in 0..k {
                        acc = wrap(
                            acc + a.i64_at(oa + i * k + l) as i128
                                * b.i64_at(ob + l * n + j) as i128,
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
            shape: out_shape,
            refs,
            bounds,
        }
    } else {
        Expected::Exact {
            dtype: dt,
            shape: out_shape,
            vals: ints,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_semantics_follow_numpy() {
        assert_eq!(int_binary(BinaryOp::FloorDivide, -7, 2, DType::I32), -4);
        assert_eq!(int_binary(BinaryOp::FloorDivide, 7, -2, DType::I32), -4);
        assert_eq!(int_binary(BinaryOp::FloorDivide, 7, 0, DType::I32), 0);
        assert_eq!(int_binary(BinaryOp::Fmod, -7, 2, DType::I32), -1);
        assert_eq!(int_binary(BinaryOp::Add, 250, 10, DType::U8), 4);
        assert_eq!(
            int_binary(BinaryOp::FloorDivide, i32::MIN as i64, -1, DType::I32),
            i32::MIN as i64
        );
        assert_eq!(
            int_unary(UnaryOp::Abs, i32::MIN as i64, DType::I32),
            i32::MIN as i64
        );
        assert_eq!(int_binary(BinaryOp::Add, 1, 1, DType::Bool), 1);
    }

    #[test]
    fn every_case_has_a_reference() {
        let cases = all_cases(
            &DType::ALL,
            Sizes {
                elementwise: 34,
                reduction: 1000,
                big_k: 64,
            },
            7,
        );
        assert!(cases.len() > 500, "{}", cases.len());
        let mut ids = std::collections::HashSet::new();
        for c in &cases {
            assert!(ids.insert(c.id.clone()), "duplicate id {}", c.id);
            let _ = c.expected();
        }
    }

    #[test]
    fn bounds_flag_a_naive_float32_sum() {
        // A planted naive float32 running sum of 1e7 U[0,1) values must exceed the bound;
        // float64 accumulation must not.
        let n = 10_000_000;
        let mut s = Stream::new(5, "naive");
        let xs: Vec<f32> = (0..n).map(|_| s.uniform() as f32).collect();
        let exact = neumaier(xs.iter().map(|&x| x as f64));
        let naive = xs.iter().fold(0.0f32, |a, &x| a + x) as f64;
        let f64acc = xs.iter().map(|&x| x as f64).sum::<f64>() as f32 as f64;
        let u = unit(DType::F32);
        let bound = c_of(n) * u * exact + 0.5 * ulp(DType::F32, exact);
        assert!(
            (naive - exact).abs() > bound,
            "naive {naive} exact {exact} bound {bound}"
        );
        assert!((f64acc - exact).abs() <= bound);
    }
}
