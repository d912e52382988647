//! The op set v1 as plain enums (the discriminants are ABI values), with each op's name and
//! its dtype rule: which input dtypes it takes and which dtype it returns.
//!
//! # Dtype rules (NumPy 2 semantics unless noted)
//! - Float-valued math (`sqrt`, `exp`, ..., `sigmoid`, `reciprocal`, `div`, `atan2`, `mean`,
//!   `var`, `std`, `logsumexp`, `softmax`): integer and bool inputs are first cast to a float
//!   type, `bool`/`u8` to `f16` and `i32`/`i64` to `f64` (NumPy's rule; `reciprocal` on
//!   integers is float-valued here, unlike NumPy's integer reciprocal).
//! - `floor`, `ceil`, `trunc`, `round` keep integer dtypes (the identity), as NumPy 2 does.
//! - `sum`/`prod` of `bool`, `u8`, `i32` accumulate and return `i64` (NumPy returns `uint64`
//!   for `u8`, which this project does not have). Float sums return the input dtype.
//! - Comparisons, `isnan`/`isinf`/`isfinite`, logical ops, `all`/`any` return `bool`;
//!   `argmax`/`argmin` return `i64`.
//! - `neg` and `sub` are not defined for `bool` (as in NumPy); `pow` is not defined for `bool`.
//!
//! # Cast rules ([`Tensor::cast`](crate::Tensor::cast))
//! - float to float and integer to float: round to nearest, ties to even; overflow gives
//!   infinity; NaN stays NaN.
//! - float to integer: truncation toward zero, **saturating** at the integer range, NaN gives 0
//!   (Rust's `as`; C and NumPy leave this undefined and give platform-dependent values).
//! - integer to integer: two's-complement wrap-around (NumPy's `astype`).
//! - anything to bool: `x != 0` (NaN is true); bool to anything: 0 or 1.

use crate::{DType, Error, Result};

macro_rules! op_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[repr(u32)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $v = $code),+ }
        impl $name {
            /// Every variant, in ABI order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The user-facing name (as in NumPy).
            pub const fn name(self) -> &'static str { match self { $($name::$v => $s),+ } }
            /// Looks a variant up by name.
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|o| o.name() == s) }
            /// Decodes an ABI value.
            pub fn from_u32(v: u32) -> Option<Self> { Self::ALL.iter().copied().find(|o| *o as u32 == v) }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.name()) }
        }
    };
}

op_enum!(
    /// Elementwise functions of one tensor.
    UnaryOp {
        /// `-x`
        Neg = 0 => "neg",
        /// `|x|`
        Abs = 1 => "abs",
        /// -1, 0 or 1 (NaN for NaN)
        Sign = 2 => "sign",
        /// square root, correctly rounded on the CPU
        Sqrt = 3 => "sqrt",
        /// `1/sqrt(x)`
        Rsqrt = 4 => "rsqrt",
        /// `e^x`
        Exp = 5 => "exp",
        /// `2^x`
        Exp2 = 6 => "exp2",
        /// `e^x - 1`
        Expm1 = 7 => "expm1",
        /// natural log
        Log = 8 => "log",
        /// base-2 log
        Log2 = 9 => "log2",
        /// base-10 log
        Log10 = 10 => "log10",
        /// `ln(1+x)`
        Log1p = 11 => "log1p",
        /// sine
        Sin = 12 => "sin",
        /// cosine
        Cos = 13 => "cos",
        /// tangent
        Tan = 14 => "tan",
        /// arcsine
        Asin = 15 => "asin",
        /// arccosine
        Acos = 16 => "acos",
        /// arctangent
        Atan = 17 => "atan",
        /// hyperbolic sine
        Sinh = 18 => "sinh",
        /// hyperbolic cosine
        Cosh = 19 => "cosh",
        /// hyperbolic tangent
        Tanh = 20 => "tanh",
        /// inverse hyperbolic sine
        Asinh = 21 => "asinh",
        /// inverse hyperbolic cosine
        Acosh = 22 => "acosh",
        /// inverse hyperbolic tangent
        Atanh = 23 => "atanh",
        /// error function
        Erf = 24 => "erf",
        /// `1/(1+e^-x)`, accurate for large negative x
        Sigmoid = 25 => "sigmoid",
        /// `max(x, 0)` (NaN stays NaN)
        Relu = 26 => "relu",
        /// round toward -inf
        Floor = 27 => "floor",
        /// round toward +inf
        Ceil = 28 => "ceil",
        /// round half to even
        Round = 29 => "round",
        /// round toward zero
        Trunc = 30 => "trunc",
        /// `1/x`
        Reciprocal = 31 => "reciprocal",
        /// `x*x`
        Square = 32 => "square",
        /// NaN test
        IsNan = 33 => "isnan",
        /// infinity test
        IsInf = 34 => "isinf",
        /// finite test
        IsFinite = 35 => "isfinite",
        /// `!x` on truthiness
        LogicalNot = 36 => "logical_not",
    }
);

op_enum!(
    /// Elementwise functions of two tensors (broadcast NumPy-style).
    BinaryOp {
        /// `a + b` (logical or on bool)
        Add = 0 => "add",
        /// `a - b`
        Sub = 1 => "sub",
        /// `a * b` (logical and on bool)
        Mul = 2 => "mul",
        /// true division
        Div = 3 => "div",
        /// `a^b`
        Pow = 4 => "pow",
        /// `atan2(a, b)`
        Atan2 = 5 => "atan2",
        /// NaN-propagating maximum
        Maximum = 6 => "maximum",
        /// NaN-propagating minimum
        Minimum = 7 => "minimum",
        /// C `fmod` (sign of the dividend)
        Fmod = 8 => "fmod",
        /// NumPy `floor_divide`
        FloorDivide = 9 => "floor_divide",
        /// `a == b`
        Eq = 10 => "eq",
        /// `a != b`
        Ne = 11 => "ne",
        /// `a < b`
        Lt = 12 => "lt",
        /// `a <= b`
        Le = 13 => "le",
        /// `a > b`
        Gt = 14 => "gt",
        /// `a >= b`
        Ge = 15 => "ge",
        /// logical and of truthiness
        LogicalAnd = 16 => "logical_and",
        /// logical or of truthiness
        LogicalOr = 17 => "logical_or",
        /// logical xor of truthiness
        LogicalXor = 18 => "logical_xor",
    }
);

op_enum!(
    /// Reductions over a set of axes.
    ReduceOp {
        /// sum (accurate: float32 accumulates in float64 on the CPU)
        Sum = 0 => "sum",
        /// product
        Prod = 1 => "prod",
        /// arithmetic mean
        Mean = 2 => "mean",
        /// maximum (NaN propagates); error on an empty extent
        Max = 3 => "max",
        /// minimum (NaN propagates); error on an empty extent
        Min = 4 => "min",
        /// index of the first maximum (NaN wins); error on an empty extent
        ArgMax = 5 => "argmax",
        /// index of the first minimum (NaN wins); error on an empty extent
        ArgMin = 6 => "argmin",
        /// variance with an explicit `ddof` (NumPy defaults to 0, PyTorch to 1)
        Var = 7 => "var",
        /// standard deviation with an explicit `ddof`
        Std = 8 => "std",
        /// `log(sum(exp(x)))`, computed with the max subtracted
        LogSumExp = 9 => "logsumexp",
        /// true if every element is truthy
        All = 10 => "all",
        /// true if some element is truthy
        Any = 11 => "any",
    }
);

op_enum!(
    /// Normalisations along one axis.
    SoftmaxOp {
        /// `exp(x - max) / sum(exp(x - max))`
        Softmax = 0 => "softmax",
        /// `x - max - log(sum(exp(x - max)))`
        LogSoftmax = 1 => "log_softmax",
    }
);

op_enum!(
    /// Random distributions of the counter-based Philox4x32-10 generator.
    RandDist {
        /// Uniform on [0, 1)
        Uniform = 0 => "rand",
        /// Standard normal (Box-Muller)
        Normal = 1 => "randn",
    }
);

/// Every operation a backend may be asked for, as used in capability queries and errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// An elementwise unary op.
    Unary(UnaryOp),
    /// An elementwise binary op.
    Binary(BinaryOp),
    /// A reduction.
    Reduce(ReduceOp),
    /// softmax / log_softmax.
    Softmax(SoftmaxOp),
    /// `where(cond, a, b)`.
    Where,
    /// dtype conversion (the dtype named is the *source* dtype).
    Cast,
    /// (batched) matrix product.
    MatMul,
    /// strided to contiguous copy.
    Copy,
    /// fill with one value.
    Fill,
    /// `start + i * step`.
    Arange,
    /// NumPy `linspace`.
    Linspace,
    /// Philox random numbers.
    Rand(RandDist),
}

/// ABI encoding of [`Op`]: a family and a code within it.
impl Op {
    /// `(family, code)` as they cross the C ABI.
    pub fn encode(self) -> (u32, u32) {
        match self {
            Op::Unary(o) => (0, o as u32),
            Op::Binary(o) => (1, o as u32),
            Op::Reduce(o) => (2, o as u32),
            Op::Softmax(o) => (3, o as u32),
            Op::Where => (4, 0),
            Op::Cast => (5, 0),
            Op::MatMul => (6, 0),
            Op::Copy => (7, 0),
            Op::Fill => (8, 0),
            Op::Arange => (9, 0),
            Op::Linspace => (10, 0),
            Op::Rand(d) => (11, d as u32),
        }
    }

    /// Inverse of [`Op::encode`].
    pub fn decode(family: u32, code: u32) -> Option<Op> {
        Some(match family {
            0 => Op::Unary(UnaryOp::from_u32(code)?),
            1 => Op::Binary(BinaryOp::from_u32(code)?),
            2 => Op::Reduce(ReduceOp::from_u32(code)?),
            3 => Op::Softmax(SoftmaxOp::from_u32(code)?),
            4 => Op::Where,
            5 => Op::Cast,
            6 => Op::MatMul,
            7 => Op::Copy,
            8 => Op::Fill,
            9 => Op::Arange,
            10 => Op::Linspace,
            11 => Op::Rand(RandDist::from_u32(code)?),
            _ => return None,
        })
    }

    /// The user-facing name.
    pub fn name(self) -> &'static str {
        match self {
            Op::Unary(o) => o.name(),
            Op::Binary(o) => o.name(),
            Op::Reduce(o) => o.name(),
            Op::Softmax(o) => o.name(),
            Op::Rand(o) => o.name(),
            Op::Where => "where",
            Op::Cast => "cast",
            Op::MatMul => "matmul",
            Op::Copy => "contiguous",
            Op::Fill => "full",
            Op::Arange => "arange",
            Op::Linspace => "linspace",
        }
    }

    /// Every op (for capability tables).
    pub fn all() -> Vec<Op> {
        let mut v: Vec<Op> = Vec::new();
        v.extend(UnaryOp::ALL.iter().map(|&o| Op::Unary(o)));
        v.extend(BinaryOp::ALL.iter().map(|&o| Op::Binary(o)));
        v.extend(ReduceOp::ALL.iter().map(|&o| Op::Reduce(o)));
        v.extend(SoftmaxOp::ALL.iter().map(|&o| Op::Softmax(o)));
        v.extend(RandDist::ALL.iter().map(|&o| Op::Rand(o)));
        v.extend([
            Op::Where,
            Op::Cast,
            Op::MatMul,
            Op::Copy,
            Op::Fill,
            Op::Arange,
            Op::Linspace,
        ]);
        v
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl UnaryOp {
    /// True for ops whose value is a float even for integer input (`exp`, `sqrt`, ...).
    pub fn is_float_valued(self) -> bool {
        use UnaryOp::*;
        !matches!(
            self,
            Neg | Abs
                | Sign
                | Relu
                | Floor
                | Ceil
                | Round
                | Trunc
                | Square
                | IsNan
                | IsInf
                | IsFinite
                | LogicalNot
        )
    }

    /// `(dtype the kernel computes in, dtype of the result)` for an input dtype.
    pub fn dtypes(self, input: DType) -> Result<(DType, DType)> {
        use UnaryOp::*;
        let bad = || Error::DType {
            op: self.name().into(),
            dtype: input,
        };
        Ok(match self {
            IsNan | IsInf | IsFinite | LogicalNot => (input, DType::Bool),
            Neg | Sign if input == DType::Bool => return Err(bad()),
            Floor | Ceil | Round | Trunc if input == DType::Bool => (DType::F16, DType::F16),
            _ if self.is_float_valued() => (input.to_float(), input.to_float()),
            _ => (input, input),
        })
    }
}

impl BinaryOp {
    /// True for comparisons and logical ops (result `bool`).
    pub fn is_predicate(self) -> bool {
        use BinaryOp::*;
        matches!(
            self,
            Eq | Ne | Lt | Le | Gt | Ge | LogicalAnd | LogicalOr | LogicalXor
        )
    }

    /// `(dtype both operands are cast to, dtype of the result)`.
    #[inline]
    pub fn dtypes(self, a: DType, b: DType) -> Result<(DType, DType)> {
        use BinaryOp::*;
        let common = DType::promote(a, b);
        let bad = || Error::DType {
            op: self.name().into(),
            dtype: common,
        };
        Ok(match self {
            _ if self.is_predicate() => (common, DType::Bool),
            Div | Atan2 => (common.to_float(), common.to_float()),
            Sub | Pow | Fmod | FloorDivide if common == DType::Bool => return Err(bad()),
            _ => (common, common),
        })
    }
}

impl ReduceOp {
    /// `(dtype the input is cast to, dtype of the result)` for an input dtype.
    pub fn dtypes(self, input: DType) -> Result<(DType, DType)> {
        use ReduceOp::*;
        Ok(match self {
            Sum | Prod => match input {
                DType::Bool | DType::U8 | DType::I32 => (DType::I64, DType::I64),
                d => (d, d),
            },
            Mean | Var | Std | LogSumExp => (input.to_float(), input.to_float()),
            Max | Min => (input, input),
            ArgMax | ArgMin => (input, DType::I64),
            All | Any => (input, DType::Bool),
        })
    }

    /// True for reductions that have no identity and fail on an empty extent.
    pub fn needs_nonempty(self) -> bool {
        matches!(
            self,
            ReduceOp::Max | ReduceOp::Min | ReduceOp::ArgMax | ReduceOp::ArgMin
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_codes_roundtrip() {
        for op in Op::all() {
            let (f, c) = op.encode();
            assert_eq!(Op::decode(f, c), Some(op));
            assert!(!op.name().is_empty());
        }
        assert_eq!(Op::decode(99, 0), None);
        assert_eq!(UnaryOp::parse("log1p"), Some(UnaryOp::Log1p));
        assert_eq!(BinaryOp::parse("floor_divide"), Some(BinaryOp::FloorDivide));
    }

    #[test]
    fn dtype_rules() {
        assert_eq!(
            UnaryOp::Exp.dtypes(DType::I32).unwrap(),
            (DType::F64, DType::F64)
        );
        assert_eq!(
            UnaryOp::Exp.dtypes(DType::U8).unwrap(),
            (DType::F16, DType::F16)
        );
        assert_eq!(
            UnaryOp::Floor.dtypes(DType::I64).unwrap(),
            (DType::I64, DType::I64)
        );
        assert!(UnaryOp::Neg.dtypes(DType::Bool).is_err());
        assert_eq!(
            BinaryOp::Div.dtypes(DType::I32, DType::I32).unwrap().1,
            DType::F64
        );
        assert_eq!(
            BinaryOp::Lt.dtypes(DType::F32, DType::I32).unwrap(),
            (DType::F64, DType::Bool)
        );
        assert!(BinaryOp::Sub.dtypes(DType::Bool, DType::Bool).is_err());
        assert_eq!(ReduceOp::Sum.dtypes(DType::I32).unwrap().1, DType::I64);
        assert_eq!(
            ReduceOp::ArgMax.dtypes(DType::F16).unwrap(),
            (DType::F16, DType::I64)
        );
    }
}
