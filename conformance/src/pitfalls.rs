//! Pitfall scenarios, each shown with numbers on every backend: why CPU and GPU sums differ,
//! why NumPy and PyTorch disagree on `std`, why one-pass variance and softmax without the max
//! subtracted break, and what float32 costs against float64.

use crate::host::Stream;
use crate::oracle::neumaier;
use serde::Serialize;
use tensor_core::{DType, Device, Result, Tensor};

/// One row of a scenario: a way of computing the same quantity, and its error.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// How it was computed.
    pub method: String,
    /// The value.
    pub value: f64,
    /// Relative error against the exact value (NaN if the value is not finite).
    pub rel_err: f64,
}

/// A scenario with its rows.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    /// Id (`pitfall/NAME`, one of [`IDS`]), matched by a run's `--filter` as case ids are.
    pub id: String,
    /// Short title.
    pub title: String,
    /// What it shows.
    pub explanation: String,
    /// The exact (reference) value.
    pub exact: f64,
    /// The ways of computing it.
    pub rows: Vec<Row>,
}

fn row(method: impl Into<String>, value: f64, exact: f64) -> Row {
    let rel_err = if value.is_finite() {
        ((value - exact) / exact).abs()
    } else {
        f64::NAN
    };
    Row {
        method: method.into(),
        value,
        rel_err,
    }
}

fn scalar(t: &Tensor) -> Result<f64> {
    Ok(t.to_f64_vec()?[0])
}

fn pairwise_f32(xs: &[f32]) -> f32 {
    if xs.len() <= 8 {
        return xs.iter().fold(0.0f32, |a, &x| a + x);
    }
    let (l, r) = xs.split_at(xs.len() / 2);
    pairwise_f32(l) + pairwise_f32(r)
}

/// The id of every scenario, in the order they run.
pub const IDS: [&str; 6] = [
    "pitfall/sum_f32",
    "pitfall/std_ddof",
    "pitfall/var_one_pass",
    "pitfall/softmax_overflow",
    "pitfall/f32_vs_f64",
    "pitfall/tf32",
];

/// The ids of the scenarios [`scenarios_matching`] runs on `dev` with `filter`: those that
/// contain it (all without one).
pub fn ids(dev: &Device, filter: Option<&str>) -> Vec<&'static str> {
    IDS.into_iter()
        // TF32 is shown as a note on every backend but CUDA, where it would be measured.
        .filter(|id| *id != "pitfall/tf32" || dev.name() != "cuda")
        .filter(|id| filter.is_none_or(|f| id.contains(f)))
        .collect()
}

/// Runs every scenario on `dev` (`n` = length of the long sum).
pub fn scenarios(dev: &Device, n: usize, seed: u64) -> Result<Vec<Scenario>> {
    scenarios_matching(dev, n, seed, None)
}

/// Runs the scenarios whose id contains `filter` (all without one) on `dev` (`n` = length
/// of the long sum). A scenario shows the same numbers whichever others run: the inputs of
/// those left out are drawn all the same when a later one draws from the same stream.
pub fn scenarios_matching(
    dev: &Device,
    n: usize,
    seed: u64,
    filter: Option<&str>,
) -> Result<Vec<Scenario>> {
    let wanted = ids(dev, filter);
    let on = |id: &str| wanted.contains(&id);
    let mut out = Vec::new();
    let mut s = Stream::new(seed, "pitfalls");

    // 1. float32 sums: naive vs pairwise vs float64-accumulated vs the backend.
    let xs: Vec<f32> = if on(IDS[0]) || on(IDS[1]) || on(IDS[2]) {
        (0..n).map(|_| s.uniform() as f32).collect()
    } else {
        Vec::new()
    };
    if on(IDS[0]) {
        let exact = neumaier(xs.iter().map(|&x| x as f64));
        let t = Tensor::from_slice(dev, &xs, &[n])?;
        out.push(Scenario {
            id: IDS[0].into(),
            title: format!("float32 sum of {n} values from U[0,1)"),
            explanation: "A naive running float32 sum loses digits once the total dwarfs each term; pairwise \
                          (tree) summation, as NumPy and GPU reductions do, keeps the error near log2(n) ulp; \
                          accumulating in float64 makes it vanish. Backends that reduce in a different order give \
                          different last digits: that is why CPU and GPU sums differ."
                .into(),
            exact,
            rows: vec![
                row("naive float32 running sum (host)", xs.iter().fold(0.0f32, |a, &x| a + x) as f64, exact),
                row("pairwise float32 (host)", pairwise_f32(&xs) as f64, exact),
                row("float64 accumulation, rounded to float32 (host)", exact as f32 as f64, exact),
                row(format!("{} sum", dev.name()), scalar(&t.sum(None, false)?)?, exact),
            ],
        });
    }

    // 2. var/std ddof: NumPy defaults to 0, PyTorch to 1.
    // A backend without f64 (an OpenCL device without cl_khr_fp64, `opencl?fp64=off`) gets
    // the samples rounded to f32, and the exact value is that of the rounded samples.
    let has_f64 = dev.info().dtypes.contains(&DType::F64);
    let v: Vec<f64> = (0..10).map(|_| s.normal()).collect();
    if on(IDS[1]) {
        let v: Vec<f64> = if has_f64 {
            v
        } else {
            v.iter().map(|&x| x as f32 as f64).collect()
        };
        let m = v.iter().sum::<f64>() / 10.0;
        let ss = neumaier(v.iter().map(|x| (x - m) * (x - m)));
        let tv = if has_f64 {
            Tensor::from_slice(dev, &v, &[10])?
        } else {
            Tensor::from_slice(
                dev,
                &v.iter().map(|&x| x as f32).collect::<Vec<f32>>(),
                &[10],
            )?
        };
        out.push(Scenario {
            id: IDS[1].into(),
            title: "std of 10 samples: ddof=0 (NumPy's default) vs ddof=1 (PyTorch's default)".into(),
            explanation: "np.std divides by n, torch.std by n-1 (Bessel's correction). Neither is wrong; the \
                          ratio is sqrt(n/(n-1)), 5.4% for n=10. This library makes ddof an explicit argument."
                .into(),
            exact: (ss / 9.0).sqrt(),
            rows: vec![
                row(format!("{} std(ddof=1)", dev.name()), scalar(&tv.std(None, 1.0, false)?)?, (ss / 9.0).sqrt()),
                row(format!("{} std(ddof=0)", dev.name()), scalar(&tv.std(None, 0.0, false)?)?, (ss / 9.0).sqrt()),
            ],
        });
    }

    // 3. One-pass variance on offset data.
    let nv = 100_000;
    let off: Vec<f32> = (0..nv).map(|_| (1e4 + s.uniform()) as f32).collect();
    if on(IDS[2]) {
        let mean = neumaier(off.iter().map(|&x| x as f64)) / nv as f64;
        let exact_var = neumaier(off.iter().map(|&x| (x as f64 - mean).powi(2))) / nv as f64;
        let to = Tensor::from_slice(dev, &off, &[nv])?;
        let one_pass = to
            .square()?
            .mean(None, false)?
            .sub(&to.mean(None, false)?.square()?)?;
        out.push(Scenario {
            id: IDS[2].into(),
            title: format!("float32 variance of {nv} values 1e4 + U[0,1)"),
            explanation: "E[x^2] - E[x]^2 subtracts two numbers near 1e8 to get one near 0.08: float32 keeps \
                          about 7 digits, so the result is noise or even negative. Two-pass (or Welford) \
                          variance, as used by var(), is accurate."
                .into(),
            exact: exact_var,
            rows: vec![
                row(format!("{} one-pass E[x^2]-E[x]^2", dev.name()), scalar(&one_pass)?, exact_var),
                row(format!("{} var(ddof=0)", dev.name()), scalar(&to.var(None, 0.0, false)?)?, exact_var),
            ],
        });
    }

    // 4. softmax without subtracting the max.
    if on(IDS[3]) {
        let logits = [1000.0f32, 1001.0, 1002.0];
        let tl = Tensor::from_slice(dev, &logits, &[3])?;
        let e = tl.exp()?;
        let naive = e.div(&e.sum(Some(&[-1]), true)?)?;
        let exact_p2 = 1.0 / (1.0 + (-1f64).exp() + (-2f64).exp());
        out.push(Scenario {
            id: IDS[3].into(),
            title: "softmax([1000, 1001, 1002]) in float32, last component".into(),
            explanation: "exp(1000) overflows float32 (max ~3.4e38), so exp(x)/sum(exp(x)) is inf/inf = NaN. \
                          Subtracting the max first changes nothing mathematically and keeps every exponent <= 0."
                .into(),
            exact: exact_p2,
            rows: vec![
                row(format!("{} exp(x)/sum(exp(x))", dev.name()), naive.to_f64_vec()?[2], exact_p2),
                row(format!("{} softmax (max subtracted)", dev.name()), tl.softmax(-1)?.to_f64_vec()?[2], exact_p2),
            ],
        });
    }

    // 5. float32 vs float64 of the same computation: sum of 1/k^2.
    if on(IDS[4]) {
        let nk = n.min(1_000_000);
        let inv: Vec<f64> = (1..=nk).map(|k| 1.0 / (k as f64 * k as f64)).collect();
        let exact_b = neumaier(inv.iter().rev().copied());
        let inv32: Vec<f32> = inv.iter().map(|&x| x as f32).collect();
        let t32 = Tensor::from_slice(dev, &inv32, &[nk])?;
        let mut rows = vec![row(
            format!("{} float32", dev.name()),
            scalar(&t32.sum(None, false)?)?,
            exact_b,
        )];
        if has_f64 {
            let t64 = Tensor::from_slice(dev, &inv, &[nk])?;
            rows.push(row(
                format!("{} float64", dev.name()),
                scalar(&t64.sum(None, false)?)?,
                exact_b,
            ));
        }
        out.push(Scenario {
            id: IDS[4].into(),
            title: format!("sum of 1/k^2 for k = 1..{nk}, float32 vs float64"),
            explanation: format!(
                "The same reduction in float32 and float64: float32 inputs already carry a relative \
                 error of 6e-8 each, so the float32 result can never be better than about 1e-7.{}",
                if has_f64 {
                    ""
                } else {
                    " This backend has no float64: float32 row only."
                }
            ),
            exact: exact_b,
            rows,
        });
    }

    // 6. TF32 applies to CUDA matmul only.
    if on(IDS[5]) {
        out.push(Scenario {
            id: IDS[5].into(),
            title: "TF32 matmul on vs off".into(),
            explanation: format!(
                "TF32 (10-bit mantissa products) exists on NVIDIA tensor cores only; the {} backend computes \
                 float32 matmul in IEEE float32 (math mode: {}). Run with a CUDA backend to see it.",
                dev.name(),
                dev.info().math_mode
            ),
            exact: f64::NAN,
            rows: vec![],
        });
    }
    Ok(out)
}
