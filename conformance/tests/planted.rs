//! The grading itself must be able to fail: a backend with planted defects (a 3-ULP `exp`,
//! a naive float32 running `sum`, a one-pass `var`) is run through the same harness, and each
//! defect must be flagged while the untouched ops still pass.

use backend_cpu::{CpuBackend, CpuBuffer};
use conformance::{Options, Verdict, check_backend};
use tensor_core::abi::{PluginApi, table};
use tensor_core::{Backend, BackendInfo, DType, Device, Dst, Op, ReduceOp, Result, Src, UnaryOp};

/// The CPU backend with three planted defects.
struct Planted(CpuBackend);

fn f32_out(out: &mut Dst<'_, CpuBuffer>, vals: &[f32], be: &CpuBackend) -> Result<()> {
    let bytes: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
    be.upload(out.buf, &bytes)
}

fn f32_in(x: &Src<'_, CpuBuffer>, be: &CpuBackend) -> Result<Vec<f32>> {
    let mut bytes = vec![0u8; be.buffer_len(x.buf) * 4];
    be.download(x.buf, &mut bytes)?;
    let all: Vec<f32> = bytes
        .chunks(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(x.layout.indices().map(|i| all[i]).collect())
}

impl Backend for Planted {
    type Buffer = CpuBuffer;
    fn create(index: usize) -> Result<Self> {
        Ok(Planted(CpuBackend::create(index)?))
    }
    fn info(&self) -> BackendInfo {
        BackendInfo {
            name: "planted".into(),
            ..self.0.info()
        }
    }
    fn supports(&self, op: Op, dtype: DType) -> bool {
        self.0.supports(op, dtype)
    }
    fn alloc(&self, dtype: DType, len: usize) -> Result<CpuBuffer> {
        self.0.alloc(dtype, len)
    }
    fn buffer_len(&self, buf: &CpuBuffer) -> usize {
        self.0.buffer_len(buf)
    }
    fn upload(&self, dst: &mut CpuBuffer, src: &[u8]) -> Result<()> {
        self.0.upload(dst, src)
    }
    fn download(&self, src: &CpuBuffer, dst: &mut [u8]) -> Result<()> {
        self.0.download(src, dst)
    }
    fn copy(&self, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.copy(x, out)
    }
    fn unary(&self, op: UnaryOp, x: Src<'_, CpuBuffer>, mut out: Dst<'_, CpuBuffer>) -> Result<()> {
        if op == UnaryOp::Exp && x.dtype == DType::F32 {
            // Planted: exp three ULPs too large.
            let v: Vec<f32> = f32_in(&x, &self.0)?
                .into_iter()
                .map(|a| {
                    let e = (a as f64).exp() as f32;
                    if e.is_finite() && e > 0.0 {
                        f32::from_bits(e.to_bits() + 3)
                    } else {
                        e
                    }
                })
                .collect();
            return f32_out(&mut out, &v, &self.0);
        }
        self.0.unary(op, x, out)
    }
    fn binary(
        &self,
        op: tensor_core::BinaryOp,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        self.0.binary(op, a, b, out)
    }
    fn cast(&self, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.cast(x, out)
    }
    fn where_(
        &self,
        c: Src<'_, CpuBuffer>,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        self.0.where_(c, a, b, out)
    }
    fn reduce(
        &self,
        op: ReduceOp,
        x: Src<'_, CpuBuffer>,
        axes: &[usize],
        ddof: f64,
        mut out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        let all = axes.len() == x.layout.ndim();
        if x.dtype == DType::F32 && all && matches!(op, ReduceOp::Sum | ReduceOp::Var) {
            let v = f32_in(&x, &self.0)?;
            let n = v.len() as f32;
            let r = match op {
                // Planted: naive float32 running sum.
                ReduceOp::Sum => v.iter().fold(0.0f32, |a, &b| a + b),
                // Planted: one-pass variance E[x^2] - E[x]^2 in float32.
                _ => {
                    let (s, s2) = v
                        .iter()
                        .fold((0.0f32, 0.0f32), |(s, s2), &b| (s + b, s2 + b * b));
                    (s2 - s * s / n) / (n - ddof as f32)
                }
            };
            return f32_out(&mut out, &[r], &self.0);
        }
        self.0.reduce(op, x, axes, ddof, out)
    }
    fn matmul(
        &self,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        self.0.matmul(a, b, out)
    }
    fn fill(&self, v: tensor_core::Scalar, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.fill(v, out)
    }
}

static PLANTED: PluginApi = table::<Planted>();

fn run(filter: &str) -> conformance::BackendRun {
    let dev = Device::from_api("planted", &PLANTED, 0).expect("planted backend loads");
    check_backend(
        &dev,
        &Options {
            quick: true,
            filter: Some(filter.into()),
            progress: false,
            ..Options::default()
        },
    )
}

fn verdict(run: &conformance::BackendRun, id: &str) -> Verdict {
    run.results
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no case {id}"))
        .verdict
}

#[test]
fn a_three_ulp_exp_fails_the_one_ulp_tolerance() {
    let r = run("exp/f32/typical");
    let res = r
        .results
        .iter()
        .find(|r| r.id == "exp/f32/typical")
        .unwrap();
    assert_eq!(res.verdict, Verdict::Fail, "{res:?}");
    assert!(
        res.max_err > 2.4 && res.max_err < 3.6,
        "measured {} ULP",
        res.max_err
    );
    // The real CPU backend passes the same case.
    let dev = Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap();
    let ok = check_backend(
        &dev,
        &Options {
            quick: true,
            filter: Some("exp/f32/typical".into()),
            progress: false,
            ..Options::default()
        },
    );
    assert_eq!(verdict(&ok, "exp/f32/typical"), Verdict::Pass);
}

#[test]
fn a_naive_float32_sum_and_a_one_pass_variance_are_flagged() {
    let r = run("/f32/");
    assert_eq!(verdict(&r, "sum/f32/long"), Verdict::Fail);
    assert_eq!(verdict(&r, "var/f32/offset/ddof0"), Verdict::Fail);
    // Reductions over some axes are not planted and pass.
    assert_eq!(verdict(&r, "sum/f32/axis-1"), Verdict::Pass);
}

#[test]
fn known_deviations_turn_failures_into_listed_deviations() {
    let dev = Device::from_api("planted", &PLANTED, 0).unwrap();
    let mut opts = Options {
        quick: true,
        filter: Some("exp/f32/typical".into()),
        progress: false,
        ..Options::default()
    };
    opts.tolerances
        .known_deviations
        .push(conformance::tolerances::Deviation {
            backend: "planted".into(),
            op: "exp".into(),
            dtype: "f32".into(),
            family: "*".into(),
            reason: "test: planted 3-ULP exp".into(),
        });
    let r = check_backend(&dev, &opts);
    let res = r
        .results
        .iter()
        .find(|r| r.id == "exp/f32/typical")
        .unwrap();
    assert_eq!(res.verdict, Verdict::Known);
    assert!(res.note.contains("planted 3-ULP"));
}
