//! The host's composite fallbacks, on a backend that lacks the op: the CPU backend with
//! `logsumexp` declared unsupported (every other method delegates to it).

use backend_cpu::{CpuBackend, CpuBuffer};
use tensor_core::{
    Backend, BackendInfo, BinaryOp, DType, Device, Dst, Op, ReduceOp, Result, Scalar, Src, Tensor,
    UnaryOp,
};

/// The CPU backend without a native `logsumexp`.
struct NoLogSumExp(CpuBackend);

impl Backend for NoLogSumExp {
    type Buffer = CpuBuffer;
    const SYNCHRONOUS: bool = true;
    fn create(index: usize) -> Result<Self> {
        CpuBackend::create(index).map(NoLogSumExp)
    }
    fn info(&self) -> BackendInfo {
        BackendInfo {
            name: "cpu-no-logsumexp".into(),
            ..self.0.info()
        }
    }
    fn supports(&self, op: Op, dtype: DType) -> bool {
        op != Op::Reduce(ReduceOp::LogSumExp) && self.0.supports(op, dtype)
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
    fn unary(&self, op: UnaryOp, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.unary(op, x, out)
    }
    fn binary(
        &self,
        op: BinaryOp,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        self.0.binary(op, a, b, out)
    }
    fn where_(
        &self,
        cond: Src<'_, CpuBuffer>,
        a: Src<'_, CpuBuffer>,
        b: Src<'_, CpuBuffer>,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        self.0.where_(cond, a, b, out)
    }
    fn reduce(
        &self,
        op: ReduceOp,
        x: Src<'_, CpuBuffer>,
        axes: &[usize],
        ddof: f64,
        out: Dst<'_, CpuBuffer>,
    ) -> Result<()> {
        if op == ReduceOp::LogSumExp {
            return Err(self.unsupported(Op::Reduce(op), x.dtype));
        }
        self.0.reduce(op, x, axes, ddof, out)
    }
    fn fill(&self, value: Scalar, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.fill(value, out)
    }
}

/// The function table (not `export_backend!`: backend-cpu, linked here, exports the entry
/// symbol already).
static API: tensor_core::abi::PluginApi = tensor_core::abi::table::<NoLogSumExp>();

#[test]
fn logsumexp_composite_matches_the_native_op_including_empty_extents() {
    let dev = Device::from_api("cpu-no-logsumexp", &API, 0).unwrap();
    let cpu = Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap();
    assert!(!dev.supports(Op::Reduce(ReduceOp::LogSumExp), DType::F32));
    let data: Vec<f32> = (0..12).map(|i| i as f32 * 0.7 - 3.0).collect();
    for (shape, axes) in [
        (vec![3usize, 4], vec![1isize]),
        (vec![3, 4], vec![0]),
        (vec![3, 0], vec![1]), // empty extent: -inf per row
        (vec![0, 4], vec![0]), // empty extent: -inf per column
        (vec![3, 0], vec![0]), // empty output
    ] {
        let n: usize = shape.iter().product();
        let got = Tensor::from_slice(&dev, &data[..n], &shape)
            .unwrap()
            .logsumexp(Some(&axes), false)
            .unwrap_or_else(|e| panic!("{shape:?} {axes:?}: {e}"))
            .to_vec::<f32>()
            .unwrap();
        let want = Tensor::from_slice(&cpu, &data[..n], &shape)
            .unwrap()
            .logsumexp(Some(&axes), false)
            .unwrap()
            .to_vec::<f32>()
            .unwrap();
        assert_eq!(got.len(), want.len(), "{shape:?} {axes:?}");
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-6 * w.abs().max(1.0) || g == w,
                "{shape:?} {axes:?}: {got:?} vs {want:?}"
            );
        }
        if n == 0 && !want.is_empty() {
            assert!(got.iter().all(|&v| v == f32::NEG_INFINITY), "{got:?}");
        }
    }
}
