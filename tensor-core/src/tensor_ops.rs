//! The math API of [`Tensor`]: dtype promotion, broadcasting and shape checks on the host,
//! then one call into the backend. Ops a backend does not provide are composed here from
//! primitives where that is numerically sound (two-pass `var`, max-subtracted `logsumexp`
//! and `softmax`, `eye` from `arange` and `eq`); otherwise the backend's
//! [`Error::Unsupported`] is passed on.

use crate::layout::{broadcast_shapes, normalize_axes, normalize_axis};
use crate::tensor::Call;
use crate::{
    BinaryOp, DType, Device, Error, Op, RandDist, ReduceOp, Result, Scalar, SoftmaxOp, Tensor,
    UnaryOp,
};

macro_rules! unary_methods {
    ($($name:ident => $op:ident),+ $(,)?) => {$(
        #[doc = concat!("Elementwise `", stringify!($name), "`; see [`UnaryOp::", stringify!($op), "`].")]
        pub fn $name(&self) -> Result<Tensor> {
            self.unary(UnaryOp::$op)
        }
    )+};
}

macro_rules! binary_methods {
    ($($name:ident => $op:ident),+ $(,)?) => {$(
        #[doc = concat!("Elementwise `", stringify!($name), "` with NumPy broadcasting; see [`BinaryOp::", stringify!($op), "`].")]
        pub fn $name(&self, rhs: &Tensor) -> Result<Tensor> {
            self.binary(BinaryOp::$op, rhs)
        }
    )+};
}

macro_rules! reduce_methods {
    ($($name:ident => $op:ident),+ $(,)?) => {$(
        #[doc = concat!("`", stringify!($name), "` over `axes` (negative allowed, `None` = all); see [`ReduceOp::", stringify!($op), "`].")]
        pub fn $name(&self, axes: Option<&[isize]>, keepdims: bool) -> Result<Tensor> {
            self.reduce(ReduceOp::$op, axes, keepdims, 0.0)
        }
    )+};
}

impl Tensor {
    unary_methods!(
        neg => Neg, abs => Abs, sign => Sign, sqrt => Sqrt, rsqrt => Rsqrt, exp => Exp,
        exp2 => Exp2, expm1 => Expm1, log => Log, log2 => Log2, log10 => Log10, log1p => Log1p,
        sin => Sin, cos => Cos, tan => Tan, asin => Asin, acos => Acos, atan => Atan,
        sinh => Sinh, cosh => Cosh, tanh => Tanh, asinh => Asinh, acosh => Acosh, atanh => Atanh,
        erf => Erf, sigmoid => Sigmoid, relu => Relu, floor => Floor, ceil => Ceil,
        round => Round, trunc => Trunc, reciprocal => Reciprocal, square => Square,
        isnan => IsNan, isinf => IsInf, isfinite => IsFinite, logical_not => LogicalNot,
    );

    binary_methods!(
        add => Add, sub => Sub, mul => Mul, div => Div, pow => Pow, atan2 => Atan2,
        maximum => Maximum, minimum => Minimum, fmod => Fmod, floor_divide => FloorDivide,
        eq => Eq, ne => Ne, lt => Lt, le => Le, gt => Gt, ge => Ge,
        logical_and => LogicalAnd, logical_or => LogicalOr, logical_xor => LogicalXor,
    );

    reduce_methods!(
        sum => Sum, prod => Prod, mean => Mean, max => Max, min => Min, argmax => ArgMax,
        argmin => ArgMin, logsumexp => LogSumExp, all => All, any => Any,
    );

    /// Variance with an explicit `ddof` (divides by `n - ddof`). NumPy's `var` defaults to
    /// `ddof = 0`, PyTorch's to `ddof = 1` (Bessel's correction): the two give different
    /// answers on the same data, so this API makes you choose.
    pub fn var(&self, axes: Option<&[isize]>, ddof: f64, keepdims: bool) -> Result<Tensor> {
        self.reduce(ReduceOp::Var, axes, keepdims, ddof)
    }

    /// Standard deviation with an explicit `ddof`; see [`Tensor::var`].
    pub fn std(&self, axes: Option<&[isize]>, ddof: f64, keepdims: bool) -> Result<Tensor> {
        self.reduce(ReduceOp::Std, axes, keepdims, ddof)
    }

    /// Softmax along `axis` (max-subtracted).
    pub fn softmax(&self, axis: isize) -> Result<Tensor> {
        self.softmax_op(SoftmaxOp::Softmax, axis)
    }

    /// Log-softmax along `axis` (max-subtracted).
    pub fn log_softmax(&self, axis: isize) -> Result<Tensor> {
        self.softmax_op(SoftmaxOp::LogSoftmax, axis)
    }

    // ----- generic entry points ---------------------------------------------------------

    /// `self` cast to `dtype`, or `self` itself when it already has it.
    fn cast_if(&self, dtype: DType) -> Result<Tensor> {
        if self.dtype() == dtype {
            Ok(self.clone())
        } else {
            self.cast(dtype)
        }
    }

    /// Converts to `dtype` following the cast rules in [`crate::ops`].
    pub fn cast(&self, dtype: DType) -> Result<Tensor> {
        self.device()
            .run_elementwise(Call::Cast, &[self], dtype, self.shape())
    }

    /// Any elementwise unary op (dtype rule: [`UnaryOp::dtypes`]).
    pub fn unary(&self, op: UnaryOp) -> Result<Tensor> {
        let (compute, out_dtype) = op.dtypes(self.dtype())?;
        let x = self.cast_if(compute)?;
        x.device()
            .run_elementwise(Call::Unary(op), &[&x], out_dtype, x.shape())
    }

    /// Any elementwise binary op, with NumPy broadcasting and promotion
    /// ([`BinaryOp::dtypes`]).
    pub fn binary(&self, op: BinaryOp, rhs: &Tensor) -> Result<Tensor> {
        self.same_device(op.name(), &[rhs])?;
        let (compute, out_dtype) = op.dtypes(self.dtype(), rhs.dtype())?;
        if self.shape() == rhs.shape() && self.dtype() == compute && rhs.dtype() == compute {
            // Common case, no cast and no broadcast: pass the operands as they are (no
            // temporary tensors, no shape vector).
            return self.device().run_elementwise(
                Call::Binary(op),
                &[self, rhs],
                out_dtype,
                self.shape(),
            );
        }
        let shape = broadcast_shapes(self.shape(), rhs.shape(), op.name())?;
        let a = self.cast_if(compute)?.broadcast_to(&shape)?;
        let b = rhs.cast_if(compute)?.broadcast_to(&shape)?;
        self.device()
            .run_elementwise(Call::Binary(op), &[&a, &b], out_dtype, &shape)
    }

    /// `cond ? a : b` elementwise, broadcasting all three; `a` and `b` are promoted to a
    /// common dtype and `cond` is read by truthiness.
    pub fn where_(cond: &Tensor, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        cond.same_device("where", &[a, b])?;
        let dtype = DType::promote(a.dtype(), b.dtype());
        let shape = broadcast_shapes(
            &broadcast_shapes(cond.shape(), a.shape(), "where")?,
            b.shape(),
            "where",
        )?;
        let c = cond.cast_if(DType::Bool)?.broadcast_to(&shape)?;
        let a = a.cast_if(dtype)?.broadcast_to(&shape)?;
        let b = b.cast_if(dtype)?.broadcast_to(&shape)?;
        cond.device().run(Call::Where, &[&c, &a, &b], dtype, &shape)
    }

    /// NumPy `clip`: `minimum(maximum(x, min), max)`; NaN propagates; either bound may be
    /// absent. Bounds broadcast against `self`.
    pub fn clamp(&self, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
        let mut x = self.clone();
        if let Some(lo) = min {
            x = x.maximum(lo)?;
        }
        if let Some(hi) = max {
            x = x.minimum(hi)?;
        }
        Ok(x)
    }

    /// [`Tensor::clamp`] with scalar bounds in `self`'s dtype.
    pub fn clamp_scalar(&self, min: Option<f64>, max: Option<f64>) -> Result<Tensor> {
        let mk = |v: f64| Tensor::full(self.device(), &[], v, self.dtype());
        let (lo, hi) = (min.map(mk).transpose()?, max.map(mk).transpose()?);
        self.clamp(lo.as_ref(), hi.as_ref())
    }

    /// Any reduction over `axes` (negative allowed, `None` = all) with `keepdims`; `ddof`
    /// is used by `var` and `std` only. Dtype rule: [`ReduceOp::dtypes`].
    ///
    /// Axes of a 0-d tensor follow NumPy (none exist), except for `logsumexp`, which
    /// follows PyTorch as softmax does: axis 0 or -1 of a 0-d tensor is a row of one
    /// element (the result is 0-d).
    pub fn reduce(
        &self,
        op: ReduceOp,
        axes: Option<&[isize]>,
        keepdims: bool,
        ddof: f64,
    ) -> Result<Tensor> {
        if op == ReduceOp::LogSumExp && self.ndim() == 0 && matches!(axes, Some([0] | [-1])) {
            return self.reshape_to(&[1])?.reduce(op, Some(&[0]), false, ddof);
        }
        let ax = normalize_axes(axes, self.ndim(), op.name())?;
        if op.needs_nonempty()
            && (ax.iter().any(|&a| self.shape()[a] == 0) || (ax.is_empty() && self.numel() == 0))
        {
            return Err(Error::invalid(
                op.name(),
                format!(
                    "zero-size reduction over axes {ax:?} of shape {:?} has no identity",
                    self.shape()
                ),
            ));
        }
        let (compute, out_dtype) = op.dtypes(self.dtype())?;
        // A backend that widens u8/i32 while it sums reads the input as it is
        // (`BackendInfo::widening_reduce`); every other input is cast to the compute dtype.
        let widening = self.device().info().widening_reduce;
        if op == ReduceOp::Mean && self.dtype() == DType::I32 && widening {
            // The exact i64 sum read straight from the i32 input, rounded to f64 once and
            // divided by the count: the same value as the f64 sum of the f64-cast input
            // whenever that sum is exact (|sum| < 2^53), and one pass over 4-byte elements
            // instead of a cast pass writing 8-byte ones.
            let n: usize = ax.iter().map(|&a| self.shape()[a]).product();
            let sum = self.reduce(ReduceOp::Sum, axes, keepdims, 0.0)?;
            let count = Tensor::full(self.device(), &[], n as f64, DType::F64)?;
            return sum.cast(DType::F64)?.div(&count);
        }
        let widens = matches!(op, ReduceOp::Sum | ReduceOp::Prod)
            && matches!(self.dtype(), DType::U8 | DType::I32)
            && widening;
        let x = if widens {
            self.clone()
        } else {
            self.cast_if(compute)?
        };
        let out_shape: Vec<usize> = (0..self.ndim())
            .filter(|i| !ax.contains(i))
            .map(|i| self.shape()[i])
            .collect();
        let out = if x.device().supports(Op::Reduce(op), compute) || !has_composite(op) {
            x.device()
                .run(Call::Reduce(op, &ax, ddof), &[&x], out_dtype, &out_shape)?
        } else {
            x.reduce_composite(op, &ax, ddof)?
        };
        if keepdims {
            let kept: Vec<usize> = (0..self.ndim())
                .map(|i| if ax.contains(&i) { 1 } else { self.shape()[i] })
                .collect();
            out.reshape_to(&kept)
        } else {
            Ok(out)
        }
    }

    /// Composite reductions (float input, `axes` normalised), result without kept dims.
    fn reduce_composite(&self, op: ReduceOp, ax: &[usize], ddof: f64) -> Result<Tensor> {
        let iax: Vec<isize> = ax.iter().map(|&a| a as isize).collect();
        let n: usize = ax.iter().map(|&a| self.shape()[a]).product();
        let dev = self.device();
        let dt = self.dtype();
        match op {
            ReduceOp::Mean => {
                self.sum(Some(&iax), false)?
                    .div(&Tensor::full(dev, &[], n as f64, dt)?)
            }
            ReduceOp::Var | ReduceOp::Std => {
                // Two-pass: mean first, then the sum of squared deviations.
                let mean = self.reduce(ReduceOp::Mean, Some(&iax), true, 0.0)?;
                let ss = self.sub(&mean)?.square()?.sum(Some(&iax), false)?;
                let var = ss.div(&Tensor::full(dev, &[], n as f64 - ddof, dt)?)?;
                if op == ReduceOp::Std {
                    var.sqrt()
                } else {
                    Ok(var)
                }
            }
            // An empty extent: log(0) = -inf, with no maximum to subtract (the maximum of
            // nothing is an error). Backends without a native logsumexp got that error here.
            ReduceOp::LogSumExp if n == 0 => self.exp()?.sum(Some(&iax), false)?.log(),
            ReduceOp::LogSumExp => {
                let m = self.finite_max(&iax)?;
                let s = self.sub(&m)?.exp()?.sum(Some(&iax), true)?;
                s.log()?.add(&m)?.squeeze(Some(&iax))
            }
            _ => Err(Error::unsupported(op, dt, self.device().name())),
        }
    }

    /// `max` over `axes` with keepdims, with infinite maxima replaced by 0, so that
    /// `x - m` never produces `inf - inf` (SciPy's `logsumexp` does the same).
    fn finite_max(&self, axes: &[isize]) -> Result<Tensor> {
        let m = self.max(Some(axes), true)?;
        let zero = Tensor::zeros(self.device(), &[], m.dtype())?;
        Tensor::where_(&m.isfinite()?, &m, &zero)
    }

    /// softmax / log_softmax along `axis`, max-subtracted.
    ///
    /// A 0-d tensor is a row of one element along `axis` 0 or -1, as in PyTorch: softmax
    /// gives 1 and log_softmax 0 (NaN for a non-finite input).
    pub fn softmax_op(&self, op: SoftmaxOp, axis: isize) -> Result<Tensor> {
        if self.ndim() == 0 && matches!(axis, 0 | -1) {
            return self.reshape_to(&[1])?.softmax_op(op, 0)?.reshape_to(&[]);
        }
        let ax = normalize_axis(axis, self.ndim(), op.name())?;
        let dt = self.dtype().to_float();
        let x = self.cast_if(dt)?;
        if x.device().supports(Op::Softmax(op), dt) {
            return x.device().run(Call::Softmax(op, ax), &[&x], dt, x.shape());
        }
        let a = [ax as isize];
        let shifted = x.sub(&x.finite_max(&a)?)?;
        let lse = shifted.exp()?.sum(Some(&a), true)?;
        match op {
            SoftmaxOp::Softmax => shifted.exp()?.div(&lse),
            SoftmaxOp::LogSoftmax => shifted.sub(&lse.log()?),
        }
    }

    /// NumPy `matmul`: 1-D operands are promoted to matrices and the added axis removed
    /// afterwards; batch dimensions broadcast.
    pub fn matmul(&self, rhs: &Tensor) -> Result<Tensor> {
        self.same_device("matmul", &[rhs])?;
        if self.ndim() == 0 || rhs.ndim() == 0 {
            return Err(Error::invalid(
                "matmul",
                "operands must have at least one dimension (use mul for scalars)",
            ));
        }
        let dtype = DType::promote(self.dtype(), rhs.dtype());
        let a = if self.ndim() == 1 {
            self.unsqueeze(0)?
        } else {
            self.clone()
        };
        let b = if rhs.ndim() == 1 {
            rhs.unsqueeze(-1)?
        } else {
            rhs.clone()
        };
        let (ar, br) = (a.ndim(), b.ndim());
        let (m, k, k2, n) = (
            a.shape()[ar - 2],
            a.shape()[ar - 1],
            b.shape()[br - 2],
            b.shape()[br - 1],
        );
        if k != k2 {
            return Err(Error::shapes("matmul", self.shape(), rhs.shape()));
        }
        let batch = broadcast_shapes(&a.shape()[..ar - 2], &b.shape()[..br - 2], "matmul")
            .map_err(|_| Error::shapes("matmul", self.shape(), rhs.shape()))?;
        let full = |r: usize, c: usize| batch.iter().copied().chain([r, c]).collect::<Vec<_>>();
        let a = a.cast_if(dtype)?.broadcast_to(&full(m, k))?;
        let b = b.cast_if(dtype)?.broadcast_to(&full(k, n))?;
        let out_shape = full(m, n);
        let out = self
            .device()
            .run(Call::MatMul, &[&a, &b], dtype, &out_shape)?;
        let mut shape = batch.clone();
        if self.ndim() > 1 {
            shape.push(m);
        }
        if rhs.ndim() > 1 {
            shape.push(n);
        }
        out.reshape_to(&shape)
    }

    // ----- creation -----------------------------------------------------------------------

    /// A tensor of `shape` filled with `value` (an exact integer for integer dtypes when
    /// given as [`Scalar::int`]).
    pub fn full_scalar(
        device: &Device,
        shape: &[usize],
        value: Scalar,
        dtype: DType,
    ) -> Result<Tensor> {
        device.run(Call::Fill(value), &[], dtype, shape)
    }

    /// A tensor of `shape` filled with `value` (converted with the cast rules).
    pub fn full(device: &Device, shape: &[usize], value: f64, dtype: DType) -> Result<Tensor> {
        Tensor::full_scalar(device, shape, Scalar::float(value), dtype)
    }

    /// Zeros.
    pub fn zeros(device: &Device, shape: &[usize], dtype: DType) -> Result<Tensor> {
        Tensor::full_scalar(device, shape, Scalar::int(0), dtype)
    }

    /// Ones.
    pub fn ones(device: &Device, shape: &[usize], dtype: DType) -> Result<Tensor> {
        Tensor::full_scalar(device, shape, Scalar::int(1), dtype)
    }

    /// NumPy `arange(start, stop, step)`: `ceil((stop - start) / step)` values
    /// `start + i * step` (computed in `i64` for integer dtypes, `f64` for floats).
    pub fn arange(
        device: &Device,
        start: f64,
        stop: f64,
        step: f64,
        dtype: DType,
    ) -> Result<Tensor> {
        if step == 0.0 || !step.is_finite() || !start.is_finite() || !stop.is_finite() {
            return Err(Error::invalid(
                "arange",
                format!("invalid range {start}..{stop} step {step}"),
            ));
        }
        let n = ((stop - start) / step).ceil().max(0.0);
        if n > isize::MAX as f64 {
            return Err(Error::invalid("arange", "too many elements"));
        }
        let (s, d) = if dtype.is_float() {
            (Scalar::float(start), Scalar::float(step))
        } else {
            (Scalar::int(start as i64), Scalar::int(step as i64))
        };
        device.run(Call::Arange(s, d), &[], dtype, &[n as usize])
    }

    /// NumPy `linspace(start, stop, num, endpoint)`.
    pub fn linspace(
        device: &Device,
        start: f64,
        stop: f64,
        num: usize,
        endpoint: bool,
        dtype: DType,
    ) -> Result<Tensor> {
        device.run(Call::Linspace(start, stop, endpoint), &[], dtype, &[num])
    }

    /// `n x m` identity (ones on the main diagonal), built as `arange(n)[:, None] ==
    /// arange(m)[None, :]`.
    pub fn eye(device: &Device, n: usize, m: Option<usize>, dtype: DType) -> Result<Tensor> {
        let m = m.unwrap_or(n);
        let r = Tensor::arange(device, 0.0, n as f64, 1.0, DType::I64)?.unsqueeze(1)?;
        let c = Tensor::arange(device, 0.0, m as f64, 1.0, DType::I64)?.unsqueeze(0)?;
        r.eq(&c)?.cast(dtype)
    }

    /// Uniform `[0, 1)` values from the Philox stream (see [`crate::philox`]): identical on
    /// every backend for the same seed.
    pub fn rand(device: &Device, shape: &[usize], seed: u64, dtype: DType) -> Result<Tensor> {
        Tensor::random(device, shape, seed, dtype, RandDist::Uniform)
    }

    /// Standard normal values from the Philox stream (see [`crate::philox`]).
    pub fn randn(device: &Device, shape: &[usize], seed: u64, dtype: DType) -> Result<Tensor> {
        Tensor::random(device, shape, seed, dtype, RandDist::Normal)
    }

    fn random(
        device: &Device,
        shape: &[usize],
        seed: u64,
        dtype: DType,
        dist: RandDist,
    ) -> Result<Tensor> {
        if !dtype.is_float() {
            return Err(Error::DType {
                op: dist.name().into(),
                dtype,
            });
        }
        device.run(Call::Rand(dist, seed), &[], dtype, shape)
    }
}

/// Reductions the host can compose from primitives when a backend lacks them.
fn has_composite(op: ReduceOp) -> bool {
    matches!(
        op,
        ReduceOp::Mean | ReduceOp::Var | ReduceOp::Std | ReduceOp::LogSumExp
    )
}
