//! Rust operators on tensors (`&a + &b`, `-&a`, `&a * 2.0`, `1.0 / &a`) and Rust numbers as
//! operands, promoted as NumPy's "weak" scalars (NEP 50).
//!
//! # Errors are values
//! An op can fail (shapes that do not broadcast, tensors on two devices, a backend without
//! the op, a failed allocation), so every operator returns [`Result<Tensor>`], as candle's
//! do: write `(&a + &b)?`. None of them panics. Operators take tensors by reference or by
//! value; both only clone the handle (never the data).
//!
//! # Which operators
//! `+ - * /` ([`BinaryOp::Add`], `Sub`, `Mul`, `Div`, with NumPy broadcasting and promotion;
//! `/` of integers is true division to `f64`, as NumPy's) and unary `-` ([`UnaryOp::Neg`]).
//! `%` is left out on purpose: NumPy and PyTorch define it as the floored remainder, and the
//! op set has only C's truncated [`Tensor::fmod`]; comparisons are the methods
//! [`Tensor::eq`], [`Tensor::lt`], ..., since Rust's comparison traits must return `bool`.
//!
//! # Scalar operands (NEP 50)
//! A Rust number next to a tensor is *weak*, as a Python scalar is in NumPy 2 and PyTorch:
//! the tensor's dtype decides, not the scalar's type. On the right of an operator it may be
//! `f64`, `f32`, `i64` or `i32`; on the left `f64` or `i64` (one type per kind, so that an
//! unsuffixed literal such as `2.0 * &a` needs no annotation; write `f64::from(x)` for an
//! `f32` there).
//! - float tensor: the result keeps its dtype (`f16 tensor * 2.0` is `f16`; the scalar is
//!   rounded to it once);
//! - integer tensor, integer scalar: the tensor's dtype; a value the dtype cannot hold is an
//!   error, as NumPy's `OverflowError` (`u8 tensor + 300`), never a wrapped value;
//! - integer or bool tensor, float scalar: `f64`, NumPy's default float (PyTorch would give
//!   its default, `f32`);
//! - bool tensor, integer scalar: `i64`, NumPy's default integer.
//!
//! [`Tensor::binary_scalar`] and [`Tensor::scalar_binary`] give the same rule for every
//! [`BinaryOp`].
//!
//! ```
//! # fn main() -> tensor_core::Result<()> {
//! # backend_cpu::register();
//! use tensor_core::{DType, Device, Tensor};
//! let dev = Device::open("cpu")?;
//! let a = Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0], &[3])?;
//! let b = Tensor::from_slice(&dev, &[10.0f32], &[1])?;
//! let c = ((&a + &b)? * 2.0)?; // weak scalar: stays f32
//! assert_eq!(c.dtype(), DType::F32);
//! assert_eq!(c.to_vec::<f32>()?, [22.0, 24.0, 26.0]);
//! assert_eq!((-&c)?.to_vec::<f32>()?, [-22.0, -24.0, -26.0]);
//! assert_eq!((1.0 / &a)?.to_vec::<f32>()?, [1.0, 0.5, 1.0 / 3.0]);
//! let bytes = Tensor::from_slice(&dev, &[250u8], &[1])?;
//! assert!((&bytes + 300).is_err()); // 300 does not fit u8
//! # Ok(())
//! # }
//! ```

use crate::{BinaryOp, DType, Error, Result, Scalar, Tensor, UnaryOp};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A Rust number used as an operand next to a tensor: NEP 50's weak scalar (see the
/// [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeakScalar {
    /// An integer (`i32`, `i64`).
    Int(i64),
    /// A float (`f32`, `f64`).
    Float(f64),
}

impl From<i64> for WeakScalar {
    fn from(v: i64) -> Self {
        WeakScalar::Int(v)
    }
}
impl From<i32> for WeakScalar {
    fn from(v: i32) -> Self {
        WeakScalar::Int(v.into())
    }
}
impl From<f64> for WeakScalar {
    fn from(v: f64) -> Self {
        WeakScalar::Float(v)
    }
}
impl From<f32> for WeakScalar {
    fn from(v: f32) -> Self {
        WeakScalar::Float(v.into())
    }
}

impl WeakScalar {
    /// The dtype this scalar takes next to a tensor of `dtype` (NEP 50), and its value as a
    /// fill [`Scalar`]; an integer that `dtype` cannot hold is an error naming `op`.
    pub fn resolve(self, dtype: DType, op: &str) -> Result<(DType, Scalar)> {
        match self {
            WeakScalar::Float(v) => {
                let dt = if dtype.is_float() { dtype } else { DType::F64 };
                Ok((dt, Scalar::float(v)))
            }
            WeakScalar::Int(v) => {
                let dt = match dtype {
                    DType::Bool => DType::I64,
                    d => d,
                };
                let range = match dt {
                    DType::U8 => Some((0, u8::MAX as i64)),
                    DType::I32 => Some((i32::MIN as i64, i32::MAX as i64)),
                    _ => None,
                };
                if let Some((lo, hi)) = range
                    && !(lo..=hi).contains(&v)
                {
                    return Err(Error::invalid(
                        op,
                        format!(
                            "the integer {v} is out of bounds for {} (NEP 50: a scalar takes \
                             the tensor's dtype; cast the tensor first for a wider result)",
                            dt.name()
                        ),
                    ));
                }
                Ok((dt, Scalar::int(v)))
            }
        }
    }
}

impl Tensor {
    /// The 0-d tensor a weak scalar becomes next to `self`.
    fn weak(&self, v: WeakScalar, op: BinaryOp) -> Result<Tensor> {
        let (dt, s) = v.resolve(self.dtype(), op.name())?;
        Tensor::full_scalar(self.device(), &[], s, dt)
    }

    /// `self <op> value` with `value` a weak scalar (NEP 50; see [`crate::operators`]).
    pub fn binary_scalar(&self, op: BinaryOp, value: impl Into<WeakScalar>) -> Result<Tensor> {
        self.binary(op, &self.weak(value.into(), op)?)
    }

    /// `value <op> self` with `value` a weak scalar (NEP 50; see [`crate::operators`]).
    pub fn scalar_binary(&self, value: impl Into<WeakScalar>, op: BinaryOp) -> Result<Tensor> {
        self.weak(value.into(), op)?.binary(op, self)
    }
}

/// `impl Trait` for every pairing of `Tensor`/`&Tensor` with each other and with the scalar
/// types, all through `Tensor::binary` / `binary_scalar` / `scalar_binary`.
macro_rules! binary_operator {
    ($Trait:ident, $method:ident, $op:ident) => {
        binary_operator!(@tensors $Trait, $method, $op, &Tensor, &Tensor);
        binary_operator!(@tensors $Trait, $method, $op, &Tensor, Tensor);
        binary_operator!(@tensors $Trait, $method, $op, Tensor, &Tensor);
        binary_operator!(@tensors $Trait, $method, $op, Tensor, Tensor);
        binary_operator!(@scalar_rhs $Trait, $method, $op, &Tensor);
        binary_operator!(@scalar_rhs $Trait, $method, $op, Tensor);
        binary_operator!(@scalar_lhs $Trait, $method, $op, f64, i64);
    };
    (@tensors $Trait:ident, $method:ident, $op:ident, $L:ty, $R:ty) => {
        #[doc = concat!("`", stringify!($method), "` of two tensors ([`BinaryOp::", stringify!($op), "`]).")]
        impl $Trait<$R> for $L {
            type Output = Result<Tensor>;
            fn $method(self, rhs: $R) -> Result<Tensor> {
                #[allow(clippy::needless_borrow)]
                Tensor::binary(&self, BinaryOp::$op, &rhs)
            }
        }
    };
    (@scalar_rhs $Trait:ident, $method:ident, $op:ident, $L:ty) => {
        #[doc = concat!("Tensor `", stringify!($method), "` weak scalar (NEP 50): any of `f64`, `f32`, `i64`, `i32`.")]
        impl<S: Into<WeakScalar>> $Trait<S> for $L {
            type Output = Result<Tensor>;
            fn $method(self, rhs: S) -> Result<Tensor> {
                self.binary_scalar(BinaryOp::$op, rhs)
            }
        }
    };
    (@scalar_lhs $Trait:ident, $method:ident, $op:ident, $($S:ty),+) => {$(
        #[doc = concat!("Weak scalar (NEP 50) `", stringify!($method), "` tensor.")]
        impl $Trait<&Tensor> for $S {
            type Output = Result<Tensor>;
            fn $method(self, rhs: &Tensor) -> Result<Tensor> {
                rhs.scalar_binary(self, BinaryOp::$op)
            }
        }
        #[doc = concat!("Weak scalar (NEP 50) `", stringify!($method), "` tensor.")]
        impl $Trait<Tensor> for $S {
            type Output = Result<Tensor>;
            fn $method(self, rhs: Tensor) -> Result<Tensor> {
                rhs.scalar_binary(self, BinaryOp::$op)
            }
        }
    )+};
}

binary_operator!(Add, add, Add);
binary_operator!(Sub, sub, Sub);
binary_operator!(Mul, mul, Mul);
binary_operator!(Div, div, Div);

/// `-tensor` ([`UnaryOp::Neg`]).
impl Neg for &Tensor {
    type Output = Result<Tensor>;
    fn neg(self) -> Result<Tensor> {
        self.unary(UnaryOp::Neg)
    }
}

/// `-tensor` ([`UnaryOp::Neg`]).
impl Neg for Tensor {
    type Output = Result<Tensor>;
    fn neg(self) -> Result<Tensor> {
        self.unary(UnaryOp::Neg)
    }
}
