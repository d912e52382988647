//! Running the suite on a device and grading each case: ULP error (max, 99.9th percentile),
//! relative error, NaN/inf/signed-zero mismatches, error relative to a condition-aware bound,
//! layout invariance, and the verdict against the tolerance table.

use crate::cases::{Case, Kind, Sizes, View, all_cases};
use crate::host::HostArray;
use crate::oracle::{Expected, Ref};
use crate::tolerances::{Allowed, Tolerances};
use crate::ulp::{ulp, ulp_error};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::OnceLock;
use tensor_core::{DType, Device, Error, Tensor, UnaryOp};

/// Options of a run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Smaller inputs (a representative subset, well under a minute).
    pub quick: bool,
    /// Seed of every input stream.
    pub seed: u64,
    /// Tolerances and known deviations.
    pub tolerances: Tolerances,
    /// Only cases whose id contains this string.
    pub filter: Option<String>,
    /// Draw a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            quick: false,
            seed: 20261125,
            tolerances: Tolerances::embedded(),
            filter: None,
            progress: true,
        }
    }
}

/// Outcome of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Within tolerance.
    Pass,
    /// The backend declares the op/dtype unsupported (typed error): listed, not a failure.
    Unsupported,
    /// Out of tolerance, but listed as a known deviation with a reason.
    Known,
    /// Out of tolerance or wrong.
    Fail,
}

/// The worst element of a case.
#[derive(Clone, Debug, Serialize)]
pub struct Worst {
    /// Flat output index.
    pub index: usize,
    /// The backend's value.
    pub got: f64,
    /// The reference value.
    pub want: f64,
}

/// Grading of one case on one backend.
#[derive(Clone, Debug, Serialize)]
pub struct CaseResult {
    /// Case id (`op/dtype/family`).
    pub id: String,
    /// Op name.
    pub op: String,
    /// Input dtype.
    pub dtype: DType,
    /// Output dtype.
    pub out_dtype: Option<DType>,
    /// Input family.
    pub family: String,
    /// `ulp`, `bound`, `exact` or `error` (the op must fail).
    pub metric: String,
    /// Number of output elements graded.
    pub n: usize,
    /// Largest error (ULPs, bound ratio, or number of mismatches).
    pub max_err: f64,
    /// 99.9th percentile of the error.
    pub p999_err: f64,
    /// Largest relative error.
    pub max_rel: f64,
    /// NaN where a number was expected, or the reverse.
    pub nan_mismatch: usize,
    /// Infinity where a finite value was expected, or the reverse.
    pub inf_mismatch: usize,
    /// Zero of the wrong sign.
    pub zero_sign_mismatch: usize,
    /// The allowed maximum.
    pub limit: f64,
    /// Where the limit comes from.
    pub limit_source: String,
    /// Outcome.
    pub verdict: Verdict,
    /// Details (errors, layout mismatches, the known deviation's reason).
    pub note: String,
    /// The worst element.
    pub worst: Option<Worst>,
    /// Error histogram (bins: see [`HIST_EDGES_ULP`] and [`HIST_EDGES_BOUND`]).
    pub hist: Vec<u64>,
    /// Up to 200 `(input magnitude, error)` samples for plots.
    pub samples: Vec<[f64; 2]>,
    /// Layout variants checked for bit-identical results.
    pub layouts: Vec<(View, bool)>,
}

/// Upper edges of the ULP histogram bins (the last bin is everything above).
pub const HIST_EDGES_ULP: [f64; 6] = [0.5, 1.0, 2.0, 4.0, 16.0, 256.0];
/// Upper edges of the bound-ratio histogram bins.
pub const HIST_EDGES_BOUND: [f64; 6] = [0.01, 0.1, 0.5, 1.0, 2.0, 10.0];

/// What the report says about a backend.
#[derive(Clone, Debug, Serialize)]
pub struct Provenance {
    /// Backend name.
    pub backend: String,
    /// Backend version.
    pub version: String,
    /// Device.
    pub device: String,
    /// Where it was loaded from.
    pub origin: String,
    /// Plugin ABI version.
    pub abi: String,
    /// Math mode (`ieee`, `fast`, `tf32`).
    pub math_mode: String,
    /// Subnormals preserved or flushed.
    pub denormals: String,
    /// Reduction strategy.
    pub reduction: String,
    /// BLAS library and core.
    pub blas: Option<String>,
    /// Other facts (library versions, threads).
    pub extra: BTreeMap<String, String>,
}

impl Provenance {
    /// Reads a device's provenance.
    pub fn of(dev: &Device) -> Provenance {
        let i = dev.info();
        let (ma, mi) = dev.abi_version();
        Provenance {
            backend: i.name.clone(),
            version: i.version.clone(),
            device: i.device.clone(),
            origin: dev.origin().to_string(),
            abi: format!("{ma}.{mi}"),
            math_mode: i.math_mode.clone(),
            denormals: i.denormals.clone(),
            reduction: i.reduction.clone(),
            blas: i.blas.clone(),
            extra: i.extra.clone(),
        }
    }
}

/// Everything a run found on one backend.
#[derive(Clone, Debug, Serialize)]
pub struct BackendRun {
    /// Where the numbers come from.
    pub provenance: Provenance,
    /// One result per case.
    pub results: Vec<CaseResult>,
    /// Wall time of the run in seconds.
    pub seconds: f64,
    /// Outputs per case id (for the cross-backend view); not serialised.
    #[serde(skip)]
    pub outputs: BTreeMap<String, HostArray>,
}

impl BackendRun {
    /// The failing cases.
    pub fn failures(&self) -> Vec<&CaseResult> {
        self.results
            .iter()
            .filter(|r| r.verdict == Verdict::Fail)
            .collect()
    }
}

/// The suite's cases with lazily computed references, shared between backends.
pub struct Suite {
    /// The cases.
    pub cases: Vec<Case>,
    expected: Vec<OnceLock<Expected>>,
}

impl Suite {
    /// Builds the suite for the given dtypes.
    pub fn new(dtypes: &[DType], opts: &Options) -> Suite {
        let sizes = if opts.quick {
            Sizes::QUICK
        } else {
            Sizes::FULL
        };
        let mut cases = all_cases(dtypes, sizes, opts.seed);
        if let Some(f) = &opts.filter {
            cases.retain(|c| c.id.contains(f.as_str()));
        }
        let expected = (0..cases.len()).map(|_| OnceLock::new()).collect();
        Suite { cases, expected }
    }

    /// Computes every reference up front, on all cores.
    pub fn precompute(&self) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= self.cases.len() {
                            break;
                        }
                        self.expected(i);
                    }
                });
            }
        });
    }

    fn expected(&self, i: usize) -> &Expected {
        self.expected[i].get_or_init(|| self.cases[i].expected())
    }
}

/// Uploads `a` into the storage layout `view` and returns a tensor with `a`'s logical
/// values.
pub fn upload_view(a: &HostArray, view: View, dev: &Device) -> tensor_core::Result<Tensor> {
    let n = a.len();
    let es = a.dtype.size_of();
    let shape: Vec<isize> = a.shape.iter().map(|&d| d as isize).collect();
    match view {
        View::Contiguous => a.upload(dev),
        View::Transposed => a.transposed_storage().upload(dev)?.t(),
        View::Strided | View::Reversed if n == 0 => a.upload(dev),
        View::Strided => {
            // Each element followed by its neighbour: a wrong stride reads the wrong value.
            let b = a.bytes();
            let mut bytes = Vec::with_capacity(2 * b.len());
            for i in 0..n {
                bytes.extend_from_slice(&b[i * es..(i + 1) * es]);
                let j = (i + 1) % n;
                bytes.extend_from_slice(&b[j * es..(j + 1) * es]);
            }
            let t = Tensor::from_bytes(dev, &bytes, a.dtype, &[2 * n])?;
            t.slice(&[tensor_core::SliceArg::new(None, None, 2)])?
                .reshape(&shape)
        }
        View::Reversed => {
            let b = a.bytes();
            let bytes: Vec<u8> = (0..n)
                .rev()
                .flat_map(|i| b[i * es..(i + 1) * es].to_vec())
                .collect();
            let t = Tensor::from_bytes(dev, &bytes, a.dtype, &[n])?;
            t.slice(&[tensor_core::SliceArg::new(None, None, -1)])?
                .reshape(&shape)
        }
    }
}

/// Runs one case's op on `dev` with inputs in layout `view`.
pub fn execute(case: &Case, dev: &Device, view: View) -> tensor_core::Result<Tensor> {
    let ins = case
        .inputs
        .iter()
        .map(|a| upload_view(a, view, dev))
        .collect::<tensor_core::Result<Vec<_>>>()?;
    let dt = case.dtype;
    match &case.kind {
        Kind::Unary(op) => ins[0].unary(*op),
        Kind::Binary(op) => ins[0].binary(*op, &ins[1]),
        Kind::Cast(to) => ins[0].cast(*to),
        Kind::Where => Tensor::where_(&ins[0], &ins[1], &ins[2]),
        Kind::Reduce {
            op,
            axes,
            keepdims,
            ddof,
        } => ins[0].reduce(*op, axes.as_deref(), *keepdims, *ddof),
        Kind::Softmax { op, axis } => ins[0].softmax_op(*op, *axis),
        Kind::MatMul => ins[0].matmul(&ins[1]),
        Kind::Arange(a, b, s) => Tensor::arange(dev, *a, *b, *s, dt),
        Kind::Linspace(a, b, n, e) => Tensor::linspace(dev, *a, *b, *n, *e, dt),
        Kind::Eye(n, m) => Tensor::eye(dev, *n, Some(*m), dt),
        Kind::Rand(d, shape, seed) => match d {
            tensor_core::RandDist::Uniform => Tensor::rand(dev, shape, *seed, dt),
            tensor_core::RandDist::Normal => Tensor::randn(dev, shape, *seed, dt),
        },
    }
}

/// Ops for which IEEE 754 / Annex F fix the sign of a zero result.
fn strict_zero_sign(op: &str) -> bool {
    const OPS: &[&str] = &[
        "neg", "abs", "sqrt", "sin", "tan", "asin", "atan", "sinh", "tanh", "asinh", "atanh",
        "erf", "expm1", "log1p", "floor", "ceil", "round", "trunc", "mul", "div",
    ];
    OPS.contains(&op) || op.starts_with("cast_")
}

/// ULP error against a double-double reference.
fn ulp_error_dd(dtype: DType, got: f64, r: Ref) -> f64 {
    if r.scale != 0 && got.is_finite() {
        // Tiny values: compare in the scaled domain (scaling by 2^scale is exact).
        let k = crate::ulp::pow2(r.scale);
        let u = ulp(dtype, r.value()) * k;
        return (((got * k - r.hi) - r.lo) / u).abs();
    }
    if r.lo == 0.0 || !r.hi.is_finite() || !got.is_finite() {
        return ulp_error(dtype, got, r.hi);
    }
    let mut u = ulp(dtype, r.hi);
    // Just below a power of two the spacing is half as large.
    if r.lo.signum() != r.hi.signum()
        && r.hi.abs() == crate::ulp::pow2(crate::ulp::exponent(r.hi.abs()))
    {
        u /= 2.0;
    }
    (((got - r.hi) - r.lo) / u).abs()
}

/// Per-element errors of one case and what the report keeps of them.
struct Acc {
    errs: Vec<f64>,
    max_rel: f64,
    nan: usize,
    inf: usize,
    zero: usize,
    worst: Option<Worst>,
    worst_err: f64,
    samples: Vec<[f64; 2]>,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            errs: Vec::new(),
            max_rel: 0.0,
            nan: 0,
            inf: 0,
            zero: 0,
            worst: None,
            worst_err: -1.0,
            samples: Vec::new(),
        }
    }

    /// Records element `i`'s error (sampled for plots every `every` elements, up to 200).
    fn push(&mut self, i: usize, err: f64, got: f64, want: f64, mag: f64, every: usize) {
        if err > self.worst_err {
            self.worst_err = err;
            self.worst = Some(Worst {
                index: i,
                got,
                want,
            });
        }
        if want.is_finite() && want != 0.0 && got.is_finite() {
            self.max_rel = self.max_rel.max(((got - want) / want).abs());
        }
        if err.is_finite() && i.is_multiple_of(every) && self.samples.len() < 200 {
            self.samples.push([mag, err]);
        }
        self.errs.push(err);
    }

    /// The ULP error of `got` against `r`. A NaN or infinity mismatch is counted instead
    /// (error 0), and a zero of the wrong sign is counted as well.
    fn ulp_error(&mut self, dtype: DType, got: f64, r: Ref) -> f64 {
        let want = r.value();
        if want.is_nan() != got.is_nan() {
            self.nan += 1;
            return 0.0;
        }
        if want.is_nan() {
            return 0.0;
        }
        let e = ulp_error_dd(dtype, got, r);
        if e.is_infinite() {
            self.inf += 1;
            return 0.0;
        }
        if want == 0.0 && got == 0.0 && want.is_sign_negative() != got.is_sign_negative() {
            self.zero += 1;
        }
        e
    }

    /// `|got - want|` as a fraction of the bound `b`. A NaN or infinity mismatch is counted
    /// instead (error 0); with a zero bound, anything but `want` itself is infinitely far.
    fn bound_error(&mut self, got: f64, want: f64, b: f64) -> f64 {
        if want.is_nan() || got.is_nan() {
            if want.is_nan() != got.is_nan() {
                self.nan += 1;
            }
            0.0
        } else if want.is_infinite() || got.is_infinite() {
            if want != got {
                self.inf += 1;
            }
            0.0
        } else if b > 0.0 {
            (got - want).abs() / b
        } else if got == want {
            0.0
        } else {
            f64::INFINITY
        }
    }

    /// Writes the statistics into `r`: count, maximum, 99.9th percentile, mismatch counts,
    /// the worst element, the plot samples and the histogram (bins by `r.metric`).
    fn summarize(self, r: &mut CaseResult) {
        let mut sorted: Vec<f64> = self.errs.clone();
        sorted.sort_by(f64::total_cmp);
        r.n = sorted.len();
        r.max_err = sorted.last().copied().unwrap_or(0.0);
        r.p999_err = if sorted.is_empty() {
            0.0
        } else {
            sorted[((sorted.len() - 1) as f64 * 0.999) as usize]
        };
        r.max_rel = self.max_rel;
        r.nan_mismatch = self.nan;
        r.inf_mismatch = self.inf;
        r.zero_sign_mismatch = self.zero;
        r.worst = self.worst;
        r.samples = self.samples;
        let edges = if r.metric == "ulp" {
            HIST_EDGES_ULP
        } else {
            HIST_EDGES_BOUND
        };
        r.hist = histogram(&self.errs, &edges);
    }
}

/// Grades one downloaded output `out` of `case` against the reference: fills in `r`'s
/// metric, statistics and verdict.
fn grade(case: &Case, exp: &Expected, out: &HostArray, r: &mut CaseResult) {
    let acc = match exp {
        Expected::Error(why) => {
            r.metric = "error".into();
            r.verdict = Verdict::Fail;
            r.note = format!("expected an error ({why}), got a result");
            return;
        }
        Expected::Exact { dtype, shape, vals } => {
            r.metric = "exact".into();
            if !check_shape(out, *dtype, shape, r) {
                return;
            }
            grade_exact(vals, out, r);
            None
        }
        Expected::Ulp {
            dtype,
            shape,
            refs,
            mags,
        } => {
            r.metric = "ulp".into();
            if !check_shape(out, *dtype, shape, r) {
                return;
            }
            Some(ulp_errors(*dtype, refs, mags, out))
        }
        Expected::Bounded {
            dtype,
            shape,
            refs,
            bounds,
        } => {
            r.metric = "bound".into();
            if !check_shape(out, *dtype, shape, r) {
                return;
            }
            Some(bound_errors(*dtype, refs, bounds, out))
        }
    };
    if let Some(acc) = acc {
        acc.summarize(r);
    }
    r.verdict = if is_failure(case, r) {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
}

/// Records the expected output dtype; on a dtype or shape mismatch, fails the case and
/// returns false.
fn check_shape(out: &HostArray, dtype: DType, shape: &[usize], r: &mut CaseResult) -> bool {
    r.out_dtype = Some(dtype);
    if out.dtype != dtype || out.shape != shape {
        r.verdict = Verdict::Fail;
        r.note = format!(
            "expected {dtype} {shape:?}, got {} {:?}",
            out.dtype, out.shape
        );
        return false;
    }
    true
}

/// Exact grading: the error is the number of mismatching elements, the worst element the
/// first mismatch.
fn grade_exact(vals: &[i64], out: &HostArray, r: &mut CaseResult) {
    let mut bad = 0usize;
    for (i, &v) in vals.iter().enumerate() {
        let g = out.i64_at(i);
        if g != v {
            if bad == 0 {
                r.worst = Some(Worst {
                    index: i,
                    got: g as f64,
                    want: v as f64,
                });
            }
            bad += 1;
        }
    }
    r.n = vals.len();
    r.max_err = bad as f64;
    r.p999_err = 0.0;
}

/// The ULP error of every element against its double-double reference.
fn ulp_errors(dtype: DType, refs: &[Ref], mags: &[f64], out: &HostArray) -> Acc {
    let mut acc = Acc::new();
    let every = (refs.len() / 200).max(1);
    for (i, rf) in refs.iter().enumerate() {
        let got = out.f64_at(i);
        let want = rf.value();
        let err = acc.ulp_error(dtype, got, *rf);
        let mag = mags.get(i).copied().unwrap_or(1.0);
        acc.push(i, err, got, want, mag, every);
    }
    acc
}

/// The error of every element relative to its bound.
fn bound_errors(dtype: DType, refs: &[f64], bounds: &[f64], out: &HostArray) -> Acc {
    let mut acc = Acc::new();
    let every = (refs.len() / 200).max(1);
    for (i, (&want, &b)) in refs.iter().zip(bounds).enumerate() {
        let got = out.f64_at(i);
        // An exact value beyond the format's range correctly rounds to infinity.
        let want = if crate::host::round_to(dtype, want).is_infinite() {
            crate::host::round_to(dtype, want)
        } else {
            want
        };
        let err = acc.bound_error(got, want, b);
        acc.push(i, err, got, want, want.abs(), every);
    }
    acc
}

/// Whether a graded case fails: an error above the limit, a NaN or infinity mismatch, or a
/// zero of the wrong sign where IEEE 754 fixes the sign.
fn is_failure(case: &Case, r: &CaseResult) -> bool {
    r.max_err > r.limit
        || r.nan_mismatch > 0
        || r.inf_mismatch > 0
        || (r.zero_sign_mismatch > 0 && strict_zero_sign(&case.op))
}

/// The histogram of `errs` over bins with upper edges `edges` (the last bin is everything
/// above).
fn histogram(errs: &[f64], edges: &[f64]) -> Vec<u64> {
    let mut hist = vec![0u64; edges.len() + 1];
    for e in errs {
        hist[edges.iter().position(|x| e <= x).unwrap_or(edges.len())] += 1;
    }
    hist
}

/// Runs every case on one device.
pub fn run_backend(dev: &Device, suite: &Suite, opts: &Options) -> BackendRun {
    let t0 = std::time::Instant::now();
    let name = dev.name().to_string();
    let mut results = Vec::with_capacity(suite.cases.len());
    let mut outputs = BTreeMap::new();
    let progress = opts.progress && std::io::stderr().is_terminal();
    let dtypes = dev.info().dtypes.clone();
    for (i, case) in suite.cases.iter().enumerate() {
        if progress && (i % 16 == 0 || i + 1 == suite.cases.len()) {
            draw_progress(&name, i, suite.cases.len(), &case.id);
        }
        let exp = suite.expected(i);
        let (limit, out_dtype) = allowed(exp, &opts.tolerances, &name, &case.op);
        let mut r = CaseResult::new(case, limit, out_dtype);
        let stored =
            case.inputs.iter().all(|a| dtypes.contains(&a.dtype)) && dtypes.contains(&case.dtype);
        let result = if stored {
            execute(case, dev, View::Contiguous)
        } else {
            Err(Error::unsupported(&case.op, case.dtype, &name))
        };
        if let Some(out) = judge(case, exp, result, dev, &mut r) {
            outputs.insert(case.id.clone(), out);
        }
        if r.verdict == Verdict::Fail
            && let Some(d) = opts
                .tolerances
                .deviation(&name, &case.op, case.dtype, &case.family)
        {
            r.verdict = Verdict::Known;
            r.note = format!("known deviation: {}; {}", d.reason, r.note);
        }
        results.push(r);
    }
    if progress {
        eprintln!();
    }
    BackendRun {
        provenance: Provenance::of(dev),
        results,
        seconds: t0.elapsed().as_secs_f64(),
        outputs,
    }
}

/// Redraws the progress bar on stderr: case `i` of `total`.
fn draw_progress(backend: &str, i: usize, total: usize, id: &str) {
    let w = 30;
    let done = (i + 1) * w / total;
    eprint!(
        "\r{backend:>8} [{}{}] {}/{} {:<40}",
        "#".repeat(done),
        ".".repeat(w - done),
        i + 1,
        total,
        id
    );
}

/// The allowed error of a case on `backend` (from the tolerance table for graded results)
/// and the output dtype the reference expects.
fn allowed(
    exp: &Expected,
    tolerances: &Tolerances,
    backend: &str,
    op: &str,
) -> (Allowed, Option<DType>) {
    let exactly = |source: &str| Allowed {
        limit: 0.0,
        source: source.into(),
    };
    match exp {
        Expected::Ulp { dtype, .. } => (tolerances.ulp(backend, op, *dtype), Some(*dtype)),
        Expected::Bounded { dtype, .. } => (tolerances.bound(backend, op, *dtype), Some(*dtype)),
        Expected::Exact { dtype, .. } => (exactly("exact"), Some(*dtype)),
        Expected::Error(_) => (exactly("must fail"), None),
    }
}

impl CaseResult {
    /// The result of `case` before it runs: no errors yet, verdict pass.
    fn new(case: &Case, limit: Allowed, out_dtype: Option<DType>) -> CaseResult {
        CaseResult {
            id: case.id.clone(),
            op: case.op.clone(),
            dtype: case.dtype,
            out_dtype,
            family: case.family.clone(),
            metric: String::new(),
            n: 0,
            max_err: 0.0,
            p999_err: 0.0,
            max_rel: 0.0,
            nan_mismatch: 0,
            inf_mismatch: 0,
            zero_sign_mismatch: 0,
            limit: limit.limit,
            limit_source: limit.source,
            verdict: Verdict::Pass,
            note: String::new(),
            worst: None,
            hist: Vec::new(),
            samples: Vec::new(),
            layouts: Vec::new(),
        }
    }
}

/// Judges what running `case` gave: an expected or unexpected error, an unsupported op, or
/// an output, which is downloaded, graded ([`grade`]) and compared with the other layouts'
/// outputs ([`check_layouts`]). Returns the output.
fn judge(
    case: &Case,
    exp: &Expected,
    result: tensor_core::Result<Tensor>,
    dev: &Device,
    r: &mut CaseResult,
) -> Option<HostArray> {
    match (result, exp) {
        (Err(e), Expected::Error(_)) => {
            r.metric = "error".into();
            r.note = format!("failed as expected: {e}");
        }
        (Err(Error::Unsupported { .. }), _) => {
            r.verdict = Verdict::Unsupported;
            r.note = "unsupported (typed error)".into();
        }
        (Err(e), _) => {
            r.verdict = Verdict::Fail;
            r.note = format!("backend error: {e}");
        }
        (Ok(t), _) => match HostArray::from_tensor(&t) {
            Err(e) => {
                r.verdict = Verdict::Fail;
                r.note = format!("download failed: {e}");
            }
            Ok(out) => {
                grade(case, exp, &out, r);
                check_layouts(case, dev, &out, r);
                return Some(out);
            }
        },
    }
    None
}

/// Runs `case` again with its inputs in each of its layout variants: the results must be
/// bit-identical to the contiguous one, `out`.
fn check_layouts(case: &Case, dev: &Device, out: &HostArray, r: &mut CaseResult) {
    for &v in &case.layouts {
        let same = execute(case, dev, v)
            .and_then(|t| t.to_bytes())
            .map(|b| b == out.bytes())
            .unwrap_or(false);
        r.layouts.push((v, same));
        if !same {
            r.verdict = Verdict::Fail;
            r.note = format!("{}result differs for {v:?} inputs; ", r.note);
        }
    }
}

/// For one case on two backends: how far apart their outputs are and who is closer to the
/// reference.
#[derive(Clone, Debug, Serialize)]
pub struct CrossRow {
    /// Op name.
    pub op: String,
    /// Output dtype.
    pub dtype: DType,
    /// First backend.
    pub a: String,
    /// Second backend.
    pub b: String,
    /// Largest distance between the two outputs, in representable values of the dtype.
    pub max_ulps_apart: u64,
    /// Case where that happens.
    pub case: String,
    /// Which backend's worst error is smaller (`tie` when equal).
    pub closer: String,
    /// The two worst errors.
    pub max_err: (f64, f64),
}

/// Pairwise comparison of backends, one row per (op, output dtype, pair): the largest
/// difference over the cases.
pub fn cross_backend(runs: &[BackendRun]) -> Vec<CrossRow> {
    let mut rows: BTreeMap<(String, DType, String, String), CrossRow> = BTreeMap::new();
    for (ia, ra) in runs.iter().enumerate() {
        for rb in &runs[ia + 1..] {
            for (res_a, res_b) in ra.results.iter().zip(&rb.results) {
                let (Some(oa), Some(ob)) = (ra.outputs.get(&res_a.id), rb.outputs.get(&res_b.id))
                else {
                    continue;
                };
                if oa.dtype != ob.dtype || oa.len() != ob.len() || !oa.dtype.is_float() {
                    continue;
                }
                let apart = (0..oa.len())
                    .map(|i| crate::ulp::ordered_distance(oa.dtype, oa.f64_at(i), ob.f64_at(i)))
                    .max()
                    .unwrap_or(0);
                let key = (
                    res_a.op.clone(),
                    oa.dtype,
                    ra.provenance.backend.clone(),
                    rb.provenance.backend.clone(),
                );
                let closer = match res_a.max_err.partial_cmp(&res_b.max_err) {
                    Some(std::cmp::Ordering::Less) => ra.provenance.backend.clone(),
                    Some(std::cmp::Ordering::Greater) => rb.provenance.backend.clone(),
                    _ => "tie".into(),
                };
                let row = CrossRow {
                    op: res_a.op.clone(),
                    dtype: oa.dtype,
                    a: key.2.clone(),
                    b: key.3.clone(),
                    max_ulps_apart: apart,
                    case: res_a.id.clone(),
                    closer,
                    max_err: (res_a.max_err, res_b.max_err),
                };
                let e = rows.entry(key).or_insert_with(|| row.clone());
                if row.max_ulps_apart > e.max_ulps_apart {
                    *e = row;
                }
            }
        }
    }
    rows.into_values().collect()
}

/// Runs the suite on `device` and returns per-case verdicts: the entry point for plugin
/// authors, from their own `cargo test`.
///
/// ```
/// use conformance::{check_backend, Options, Verdict};
/// let dev = tensor_core::Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap();
/// let opts = Options { quick: true, filter: Some("sqrt/f32".into()), ..Options::default() };
/// let run = check_backend(&dev, &opts);
/// assert!(run.results.iter().all(|r| r.verdict != Verdict::Fail), "{:#?}", run.failures());
/// ```
pub fn check_backend(device: &Device, opts: &Options) -> BackendRun {
    let suite = Suite::new(&device.info().dtypes, opts);
    suite.precompute();
    run_backend(device, &suite, opts)
}

/// True for unary ops graded in ULPs (used by reports to group transcendental functions).
pub fn is_transcendental(op: &str) -> bool {
    UnaryOp::parse(op).is_some_and(|o| o.is_float_valued())
}
