//! Property tests of view specs (`conformance::viewspec`): random chains of `.T`,
//! `.transpose(...)` and basic indexing on random shapes.
//!
//! - Against the first-principles model of NumPy's basic indexing
//!   (`tests/support/numpy_model.rs`): `viewspec::apply` on a real CPU tensor fails exactly where
//!   the model says NumPy raises, and otherwise gives the model's shape and elements; the
//!   canonical text of a spec parses back to the same steps.
//! - The model itself against real NumPy: the same kind of random specs, evaluated by
//!   `numpy` in one Python process, must give the model's shapes, elements and errors. This
//!   needs `python3` with NumPy (`TENSOR_PYTHON` picks the interpreter); it is skipped with a
//!   visible message when NumPy is missing, unless `TENSOR_REQUIRE_NUMPY=1`.

use conformance::viewspec::{self, Index, Step};
use proptest::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use tensor_core::{DType, Device, SliceArg, Tensor};

#[path = "support/numpy_model.rs"]
mod numpy_model;
use numpy_model::{self as model, Model, render};

fn cpu() -> &'static Device {
    static DEV: OnceLock<Device> = OnceLock::new();
    DEV.get_or_init(|| Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap())
}

/// A small deterministic generator (xorshift64*), so that a failing case is reproduced by
/// its seed alone.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A random shape (rank 0 to 4, dimensions 0 to 5) and 0 to 4 view steps. Steps are drawn
/// for the rank the previous steps leave (as the model computes it), so that most chains are
/// valid; about one step in ten is deliberately wrong for its input (bad axis, index out of
/// range, too many indices), to exercise the errors.
fn case(seed: u64) -> (Vec<usize>, Vec<Step>) {
    let mut r = Rng(seed | 1);
    let rank = r.range(0, 4) as usize;
    let shape: Vec<usize> = (0..rank).map(|_| r.range(0, 5) as usize).collect();
    let mut m = Model::arange(&shape);
    let mut steps = Vec::new();
    for _ in 0..r.range(0, 4) {
        let nd = m.shape.len() as i64;
        let wrong = r.chance(10);
        let step = match r.range(0, 3) {
            0 => Step::Reverse,
            1 if nd > 0 || wrong => {
                // A permutation, some axes written negative; wrong: a repeated or
                // out-of-range axis, or one axis too many.
                let mut axes: Vec<i64> = (0..nd).collect();
                for i in (1..axes.len()).rev() {
                    axes.swap(i, r.range(0, i as i64) as usize);
                }
                if wrong {
                    match r.range(0, 2) {
                        0 if nd > 1 => axes[0] = axes[1],
                        1 => axes.push(nd),
                        _ => axes.push(r.range(-nd - 2, -nd - 1)),
                    }
                }
                Step::Transpose(
                    axes.iter()
                        .map(|&a| if r.chance(30) { a - nd } else { a } as isize)
                        .collect(),
                )
            }
            _ => {
                let count = r.range(1, nd.max(1) + wrong as i64);
                let ix = (0..count as usize)
                    .map(|k| {
                        let len = m.shape.get(k).copied().unwrap_or(0) as i64;
                        if r.chance(30) && (wrong || len > 0) {
                            // In range, or just outside it when wrong.
                            let k = if wrong { len } else { r.range(-len, len - 1) };
                            Index::Int(k as isize)
                        } else {
                            let bound = |r: &mut Rng| {
                                (!r.chance(25)).then(|| r.range(-len - 2, len + 2) as isize)
                            };
                            let mut step = r.range(1, 3) as isize;
                            if r.chance(40) {
                                step = -step;
                            }
                            Index::Slice(SliceArg {
                                start: bound(&mut r),
                                stop: bound(&mut r),
                                step,
                            })
                        }
                    })
                    .collect();
                Step::Index(ix)
            }
        };
        steps.push(step);
        match model::apply(&m, &steps[steps.len() - 1..]) {
            Some(next) => m = next,
            None => break,
        }
    }
    (shape, steps)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn views_match_the_numpy_model(seed in any::<u64>()) {
        let (shape, steps) = case(seed);
        let text = format!("x.npy{}", render(&steps));
        let spec = viewspec::parse(&text).unwrap();
        prop_assert_eq!(&spec.steps, &steps, "{} does not parse back", text);
        let m = Model::arange(&shape);
        let t = Tensor::from_slice(cpu(), &m.data, &shape).unwrap();
        let got = viewspec::apply(&t, &steps);
        match model::apply(&m, &steps) {
            None => prop_assert!(got.is_err(), "NumPy raises for {} on {:?}", text, shape),
            Some(want) => {
                let v = got.unwrap_or_else(|e| panic!("{text} on {shape:?}: {e}"));
                prop_assert_eq!(v.dtype(), DType::I64);
                prop_assert_eq!(v.shape(), &want.shape[..], "{} on {:?}", text, shape);
                prop_assert_eq!(v.to_vec::<i64>().unwrap(), want.data, "{} on {:?}", text, shape);
            }
        }
    }
}

fn python() -> String {
    std::env::var("TENSOR_PYTHON").unwrap_or_else(|_| "python3".into())
}

#[test]
fn the_model_matches_real_numpy() {
    let has_numpy = Command::new(python())
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_numpy {
        assert!(
            std::env::var("TENSOR_REQUIRE_NUMPY").as_deref() != Ok("1"),
            "numpy not importable by {} but TENSOR_REQUIRE_NUMPY=1",
            python()
        );
        println!("skipped: numpy not importable by {}", python());
        return;
    }
    // One line per case: `shape;expr`. NumPy answers `shape;elements` or `error`.
    let cases: Vec<(Vec<usize>, Vec<Step>)> = (0..2000u64)
        .map(|i| case(i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xfeed))
        .collect();
    let mut input = String::new();
    for (shape, steps) in &cases {
        let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
        input.push_str(&format!("{};{}\n", dims.join(","), render(steps)));
    }
    const SCRIPT: &str = r#"
import sys, numpy as np
out = []
for line in sys.stdin.read().splitlines():
    dims, expr = line.split(";", 1)
    shape = tuple(int(d) for d in dims.split(",") if d)
    a = np.arange(int(np.prod(shape, dtype=np.int64)), dtype=np.int64).reshape(shape)
    try:
        v = eval("a" + expr)
        out.append(",".join(map(str, v.shape)) + ";" + ",".join(map(str, v.ravel().tolist())))
    except (IndexError, ValueError, TypeError) as e:
        out.append("error")
print("\n".join(out))
"#;
    let mut child = Command::new(python())
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(answers.len(), cases.len());
    let mut errors = 0;
    for ((shape, steps), answer) in cases.iter().zip(answers) {
        let want = match model::apply(&Model::arange(shape), steps) {
            None => "error".to_string(),
            Some(m) => {
                let s: Vec<String> = m.shape.iter().map(|d| d.to_string()).collect();
                let d: Vec<String> = m.data.iter().map(|v| v.to_string()).collect();
                format!("{};{}", s.join(","), d.join(","))
            }
        };
        errors += (want == "error") as usize;
        assert_eq!(
            answer,
            want,
            "a{} on shape {shape:?}: NumPy vs the model",
            render(steps)
        );
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    assert!(
        errors > 100 && errors < cases.len() / 2,
        "{errors} errors in {} cases",
        cases.len()
    );
}
