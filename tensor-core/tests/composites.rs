//! The host's composite fallbacks, on a backend that lacks the op: the CPU backend with
//! `logsumexp` declared unsupported (every other method delegates to it). Also which input
//! dtype the host hands a reduction, with and without `BackendInfo::widening_reduce`.

use backend_cpu::{CpuBackend, CpuBuffer};
use tensor_core::{
    Backend, BackendInfo, BinaryOp, DType, Device, Dst, Op, ReduceOp, Result, Scalar, Src, Tensor,
    UnaryOp,
};

/// The CPU backend without a native `logsumexp`, saying `widening_reduce: WIDEN`.
struct NoLogSumExp<const WIDEN: bool>(CpuBackend);

thread_local! {
    /// Input dtypes the backend's `reduce` was called with on this thread (ops run on the
    /// calling thread: the backend is synchronous).
    static REDUCE_INPUTS: std::cell::RefCell<Vec<DType>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl<const WIDEN: bool> Backend for NoLogSumExp<WIDEN> {
    type Buffer = CpuBuffer;
    const SYNCHRONOUS: bool = true;
    fn create(index: usize) -> Result<Self> {
        CpuBackend::create(index).map(NoLogSumExp)
    }
    fn info(&self) -> BackendInfo {
        BackendInfo {
            name: "cpu-no-logsumexp".into(),
            widening_reduce: WIDEN,
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
        REDUCE_INPUTS.with(|r| r.borrow_mut().push(x.buf.dtype()));
        self.0.reduce(op, x, axes, ddof, out)
    }
    fn cast(&self, x: Src<'_, CpuBuffer>, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.cast(x, out)
    }
    fn fill(&self, value: Scalar, out: Dst<'_, CpuBuffer>) -> Result<()> {
        self.0.fill(value, out)
    }
}

/// The function table (not `export_backend!`: backend-cpu, linked here, exports the entry
/// symbol already).
static API: tensor_core::abi::PluginApi = tensor_core::abi::table::<NoLogSumExp<true>>();
/// The same backend without `widening_reduce`.
static API_NO_WIDEN: tensor_core::abi::PluginApi = tensor_core::abi::table::<NoLogSumExp<false>>();

#[test]
fn narrow_integer_sums_reach_a_widening_backend_uncast() {
    for (api, widen) in [(&API, true), (&API_NO_WIDEN, false)] {
        let dev = Device::from_api("cpu-no-logsumexp", api, 0).unwrap();
        assert_eq!(dev.info().widening_reduce, widen);
        let i = Tensor::from_slice(&dev, &[i32::MAX, i32::MAX, -5], &[3]).unwrap();
        let u = Tensor::from_slice(&dev, &[200u8, 100, 7], &[3]).unwrap();
        let b = Tensor::from_slice(&dev, &[true, true, false], &[3]).unwrap();
        REDUCE_INPUTS.with(|r| r.borrow_mut().clear());
        // The same i64 results either way (no wrap-around in the narrow dtype).
        let s = i.sum(None, false).unwrap();
        assert_eq!(s.dtype(), DType::I64);
        assert_eq!(s.item::<i64>().unwrap(), 2 * i32::MAX as i64 - 5);
        assert_eq!(u.prod(None, false).unwrap().item::<i64>().unwrap(), 140_000);
        assert_eq!(b.sum(None, false).unwrap().item::<i64>().unwrap(), 2);
        let seen = REDUCE_INPUTS.with(|r| r.borrow().clone());
        let narrow = if widen {
            [DType::I32, DType::U8]
        } else {
            [DType::I64; 2]
        };
        // bool is always cast: `widening_reduce` covers u8 and i32 only.
        assert_eq!(seen, [narrow[0], narrow[1], DType::I64], "widen={widen}");
        // mean of i32: an i64 sum then one division when widening, the f64 mean otherwise;
        // the same f64 values, keepdims and all.
        REDUCE_INPUTS.with(|r| r.borrow_mut().clear());
        let m = i.mean(None, false).unwrap();
        assert_eq!(m.dtype(), DType::F64);
        assert_eq!(
            m.item::<f64>().unwrap(),
            (2.0 * i32::MAX as f64 - 5.0) / 3.0
        );
        let vals: Vec<i32> = (0..12).map(|k| k * 1_000_003 - 7).collect();
        let x = Tensor::from_slice(&dev, &vals, &[3, 4]).unwrap();
        let rows = x.mean(Some(&[-1]), true).unwrap();
        assert_eq!((rows.dtype(), rows.shape()), (DType::F64, &[3usize, 1][..]));
        let want: Vec<f64> = vals
            .chunks(4)
            .map(|c| c.iter().map(|&v| v as f64).sum::<f64>() / 4.0)
            .collect();
        assert_eq!(rows.to_vec::<f64>().unwrap(), want);
        let seen = REDUCE_INPUTS.with(|r| r.borrow().clone());
        let first = if widen { DType::I32 } else { DType::F64 };
        assert_eq!(seen, [first, first], "widen={widen}");
    }
}

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
