//! Run-time element types, NumPy 2 (NEP 50) type promotion, and the one place where a
//! [`DType`] is turned into a Rust element type ([`with_dtype!`](crate::with_dtype)).
//!
//! # Promotion table (array with array)
//!
//! `promote(a, b)` follows NumPy 2's `np.result_type` for two arrays. `bf16` is not a NumPy
//! type; it follows `ml_dtypes` (it behaves like `f16` against integers, and `bf16` with
//! `f16` gives `f32` because neither holds the other).
//!
//! |        | bool | u8   | i32  | i64  | f16  | bf16 | f32  | f64  |
//! |--------|------|------|------|------|------|------|------|------|
//! | bool   | bool | u8   | i32  | i64  | f16  | bf16 | f32  | f64  |
//! | u8     | u8   | u8   | i32  | i64  | f16  | bf16 | f32  | f64  |
//! | i32    | i32  | i32  | i32  | i64  | f64  | f64  | f64  | f64  |
//! | i64    | i64  | i64  | i64  | i64  | f64  | f64  | f64  | f64  |
//! | f16    | f16  | f16  | f64  | f64  | f16  | f32  | f32  | f64  |
//! | bf16   | bf16 | bf16 | f64  | f64  | f32  | bf16 | f32  | f64  |
//! | f32    | f32  | f32  | f64  | f64  | f32  | f32  | f32  | f64  |
//! | f64    | f64  | f64  | f64  | f64  | f64  | f64  | f64  | f64  |
//!
//! The rule behind it: the result is the smallest type that can represent every value of
//! both operands; a 32/64-bit integer against a float needs `f64` (as in NumPy:
//! `int32 + float32 -> float64`).

use half::{bf16, f16};
use serde::{Deserialize, Serialize};

/// Element type of a tensor, known at run time. The discriminants are part of the C ABI.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DType {
    /// Boolean, stored as one byte holding 0 or 1.
    Bool = 0,
    /// Unsigned 8-bit integer.
    U8 = 1,
    /// Signed 32-bit integer.
    I32 = 2,
    /// Signed 64-bit integer.
    I64 = 3,
    /// IEEE 754 binary16.
    F16 = 4,
    /// bfloat16 (8-bit exponent, 7-bit mantissa).
    BF16 = 5,
    /// IEEE 754 binary32.
    F32 = 6,
    /// IEEE 754 binary64.
    F64 = 7,
}

impl DType {
    /// Every dtype, in ABI order.
    pub const ALL: [DType; 8] = [
        DType::Bool,
        DType::U8,
        DType::I32,
        DType::I64,
        DType::F16,
        DType::BF16,
        DType::F32,
        DType::F64,
    ];

    /// The floating-point dtypes.
    pub const FLOATS: [DType; 4] = [DType::F16, DType::BF16, DType::F32, DType::F64];

    /// Size of one element in bytes.
    pub const fn size_of(self) -> usize {
        match self {
            DType::Bool | DType::U8 => 1,
            DType::F16 | DType::BF16 => 2,
            DType::I32 | DType::F32 => 4,
            DType::I64 | DType::F64 => 8,
        }
    }

    /// NumPy-style name (`"float32"` is spelled `"f32"` here; see [`DType::numpy_name`]).
    pub const fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::U8 => "u8",
            DType::I32 => "i32",
            DType::I64 => "i64",
            DType::F16 => "f16",
            DType::BF16 => "bf16",
            DType::F32 => "f32",
            DType::F64 => "f64",
        }
    }

    /// The NumPy name (`bfloat16` is the `ml_dtypes` name).
    pub const fn numpy_name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::U8 => "uint8",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F16 => "float16",
            DType::BF16 => "bfloat16",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// Parses either spelling (`f32` or `float32`).
    pub fn parse(s: &str) -> Option<DType> {
        DType::ALL
            .into_iter()
            .find(|d| d.name() == s || d.numpy_name() == s)
    }

    /// Decodes an ABI discriminant.
    #[inline]
    pub fn from_u32(v: u32) -> Option<DType> {
        DType::ALL.get(v as usize).copied()
    }

    /// True for `f16`, `bf16`, `f32`, `f64`.
    pub const fn is_float(self) -> bool {
        matches!(self, DType::F16 | DType::BF16 | DType::F32 | DType::F64)
    }

    /// True for `u8`, `i32`, `i64` (not `bool`).
    pub const fn is_int(self) -> bool {
        matches!(self, DType::U8 | DType::I32 | DType::I64)
    }

    /// Units in the last place of 1.0, i.e. the machine epsilon (`0` for non-floats).
    pub const fn epsilon(self) -> f64 {
        match self {
            DType::F16 => 9.765625e-4,
            DType::BF16 => 7.8125e-3,
            DType::F32 => f32::EPSILON as f64,
            DType::F64 => f64::EPSILON,
            _ => 0.0,
        }
    }

    /// Rank used by [`DType::promote`]: position in the lattice bool < u8 < i32 < i64 and
    /// f16/bf16 < f32 < f64.
    fn kind_rank(self) -> (u8, u8) {
        match self {
            DType::Bool => (0, 0),
            DType::U8 => (1, 1),
            DType::I32 => (1, 2),
            DType::I64 => (1, 3),
            DType::F16 | DType::BF16 => (2, 1),
            DType::F32 => (2, 2),
            DType::F64 => (2, 3),
        }
    }

    /// NumPy 2 (NEP 50) result type of an operation on two arrays; see the module table.
    #[inline]
    pub fn promote(a: DType, b: DType) -> DType {
        if a == b {
            return a;
        }
        let ((ka, ra), (kb, rb)) = (a.kind_rank(), b.kind_rank());
        match (ka, kb) {
            // bool with anything: the other type.
            (0, _) => b,
            (_, 0) => a,
            // two integers or two floats: the wider (f16 with bf16 needs f32).
            (1, 1) => {
                if ra >= rb {
                    a
                } else {
                    b
                }
            }
            (2, 2) => {
                if ra == rb {
                    DType::F32 // f16 with bf16
                } else if ra > rb {
                    a
                } else {
                    b
                }
            }
            // integer with float: u8 fits in any float; i32/i64 need f64.
            _ => {
                let (int, float) = if ka == 1 { (a, b) } else { (b, a) };
                if int == DType::U8 { float } else { DType::F64 }
            }
        }
    }

    /// Float type an integer or bool input is promoted to by float-valued ops such as `exp`
    /// (NumPy: `bool`/`u8` -> `f16`, `i32`/`i64` -> `f64`); floats map to themselves.
    pub fn to_float(self) -> DType {
        match self {
            DType::Bool | DType::U8 => DType::F16,
            DType::I32 | DType::I64 => DType::F64,
            f => f,
        }
    }
}

impl std::fmt::Display for DType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

mod sealed {
    /// Implemented for the eight element types only: code outside this crate cannot name
    /// it, so it cannot implement [`Element`](super::Element).
    pub trait Sealed {}
}

/// A Rust type that is the element type of one [`DType`].
///
/// Implemented for `bool, u8, i32, i64, f16, bf16, f32, f64`. The conversions through `f64`
/// are exact for every type but `i64` beyond 2^53 (use [`Element::to_i64`] there).
///
/// The trait is **sealed**: the byte copies of [`Tensor::to_vec`](crate::Tensor::to_vec)
/// and [`Tensor::from_slice`](crate::Tensor::from_slice) rely on `size_of::<T>()` being
/// `T::DTYPE.size_of()` and on every bit pattern read being a valid `T`, which only the
/// types above are known to satisfy. Implementing it elsewhere does not compile:
///
/// ```compile_fail,E0277
/// use tensor_core::{DType, Element};
/// #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
/// struct Tiny(u8);
/// impl Element for Tiny {
///     const DTYPE: DType = DType::F64; // 1 byte claiming to be 8: a heap overflow in to_vec
///     fn to_f64(self) -> f64 { 0.0 }
///     fn to_i64(self) -> i64 { 0 }
///     fn from_f64(_: f64) -> Self { Tiny(0) }
///     fn from_i64(_: i64) -> Self { Tiny(0) }
/// }
/// ```
pub trait Element:
    sealed::Sealed + Copy + Send + Sync + PartialOrd + Default + std::fmt::Debug + 'static
{
    /// The matching run-time dtype.
    const DTYPE: DType;
    /// Value as `f64` (rounded to nearest for `i64` beyond 2^53).
    fn to_f64(self) -> f64;
    /// Value as `i64` (floats truncate toward zero and saturate; NaN gives 0).
    fn to_i64(self) -> i64;
    /// Converts from `f64` with the project's cast rules (see [`crate::ops`]).
    fn from_f64(v: f64) -> Self;
    /// Converts from `i64` with the project's cast rules (integers wrap).
    fn from_i64(v: i64) -> Self;
}

macro_rules! sealed {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        const _: () = assert!(
            std::mem::size_of::<$t>() == <$t as Element>::DTYPE.size_of()
                && std::mem::align_of::<$t>() <= 8
        );
    )*};
}
sealed!(bool, u8, i32, i64, f16, bf16, f32, f64);

/// The bytes of a slice of elements, in memory order (little-endian on every platform the
/// project builds for).
#[inline]
pub fn elements_as_bytes<T: Element>(v: &[T]) -> &[u8] {
    // SAFETY: `Element` is sealed to the eight primitive types (the `sealed!` asserts check
    // their sizes), none of which has padding, so every byte is initialised; the slice
    // covers exactly the memory of `v`.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

/// Why bytes could not be read as elements ([`elements_from_bytes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BytesError {
    /// The byte count is not a multiple of the element size.
    Length {
        /// Bytes given.
        bytes: usize,
        /// Element size.
        size: usize,
    },
    /// A `bool` byte other than 0 or 1 (an invalid `bool`).
    Bool {
        /// Index of the first bad element.
        index: usize,
        /// Its byte.
        byte: u8,
    },
}

impl std::fmt::Display for BytesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            BytesError::Length { bytes, size } => {
                write!(
                    f,
                    "{bytes} bytes is not a whole number of {size}-byte elements"
                )
            }
            BytesError::Bool { index, byte } => {
                write!(
                    f,
                    "bool element {index} holds the byte {byte} (must be 0 or 1)"
                )
            }
        }
    }
}

/// Copies little-endian bytes into a `Vec<T>`, checking the length and, for `bool`, that
/// every byte is 0 or 1: the one safe way untrusted bytes (a plugin's download, a file)
/// become typed values.
pub fn elements_from_bytes<T: Element>(bytes: &[u8]) -> std::result::Result<Vec<T>, BytesError> {
    let size = std::mem::size_of::<T>();
    if !bytes.len().is_multiple_of(size) {
        return Err(BytesError::Length {
            bytes: bytes.len(),
            size,
        });
    }
    if T::DTYPE == DType::Bool
        && let Some(index) = bytes.iter().position(|&b| b > 1)
    {
        return Err(BytesError::Bool {
            index,
            byte: bytes[index],
        });
    }
    let n = bytes.len() / size;
    let mut out: Vec<T> = Vec::with_capacity(n);
    // SAFETY: `out` has room for `n` elements, that is `bytes.len()` bytes; `T` is one of
    // the eight sealed primitive types, for which every bit pattern is valid except for
    // `bool`, whose bytes were checked above to be 0 or 1. The byte copy needs no alignment.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), out.as_mut_ptr().cast::<u8>(), bytes.len());
        out.set_len(n);
    }
    Ok(out)
}

/// Reads one element from exactly `size_of::<T>()` little-endian bytes, with the checks of
/// [`elements_from_bytes`].
#[inline]
pub fn element_from_bytes<T: Element>(bytes: &[u8]) -> std::result::Result<T, BytesError> {
    let size = std::mem::size_of::<T>();
    if bytes.len() != size {
        return Err(BytesError::Length {
            bytes: bytes.len(),
            size,
        });
    }
    if T::DTYPE == DType::Bool && bytes[0] > 1 {
        return Err(BytesError::Bool {
            index: 0,
            byte: bytes[0],
        });
    }
    // SAFETY: `bytes` holds `size_of::<T>()` bytes, a valid `T` as in `elements_from_bytes`;
    // `read_unaligned` needs no alignment.
    Ok(unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

macro_rules! impl_element_int {
    ($t:ty, $d:expr) => {
        impl Element for $t {
            const DTYPE: DType = $d;
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn to_i64(self) -> i64 {
                self as i64
            }
            #[inline]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
        }
    };
}
impl_element_int!(u8, DType::U8);
impl_element_int!(i32, DType::I32);
impl_element_int!(i64, DType::I64);

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    #[inline]
    fn to_f64(self) -> f64 {
        self as u8 as f64
    }
    #[inline]
    fn to_i64(self) -> i64 {
        self as i64
    }
    #[inline]
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    #[inline]
    fn from_i64(v: i64) -> Self {
        v != 0
    }
}

macro_rules! impl_element_float {
    ($t:ty, $d:expr, $from:expr, $to:expr) => {
        impl Element for $t {
            const DTYPE: DType = $d;
            #[inline]
            fn to_f64(self) -> f64 {
                $to(self)
            }
            #[inline]
            fn to_i64(self) -> i64 {
                $to(self) as i64
            }
            #[inline]
            fn from_f64(v: f64) -> Self {
                $from(v)
            }
            #[inline]
            fn from_i64(v: i64) -> Self {
                $from(v as f64)
            }
        }
    };
}
impl_element_float!(f32, DType::F32, |v: f64| v as f32, |x: f32| x as f64);
impl_element_float!(f64, DType::F64, |v: f64| v, |x: f64| x);
impl_element_float!(
    f16,
    DType::F16,
    |v| f16::from_f32(f64_to_f32_round_to_odd(v)),
    |x: f16| f16_to_f64(x.to_bits())
);
impl_element_float!(
    bf16,
    DType::BF16,
    |v| bf16::from_f32(f64_to_f32_round_to_odd(v)),
    |x: bf16| bf16_to_f64(x.to_bits())
);

/// The `f16` with bits `h`, widened exactly to `f64`: the bits of `half`'s `to_f64`
/// (NaNs quieted, their sign and payload kept), in a few integer and float operations
/// with no branch and no call, so that loops over `f16` data vectorise. (`half` converts
/// with F16C one element at a time behind a run-time feature check, a call per element.)
///
/// Finite values: the exponent and mantissa bits, placed where `f64` keeps them, read as an
/// `f64` that is the value scaled by `2^-1008` (a subnormal `f64` for a subnormal `f16`);
/// the multiplication by `2^1008` is exact. Every one of the 65536 patterns is checked
/// against `half` in the tests.
#[inline(always)]
pub fn f16_to_f64(h: u16) -> f64 {
    const SCALE: f64 = f64::from_bits((1023 + 1008) << 52); // 2^1008
    let em = (h & 0x7fff) as u64;
    let sign = ((h & 0x8000) as u64) << 48;
    let finite = f64::from_bits(em << 42) * SCALE;
    let special = f64::from_bits(
        0x7ff0_0000_0000_0000 | (em & 0x3ff) << 42 | if em > 0x7c00 { 1 << 51 } else { 0 },
    );
    let v = if em >= 0x7c00 { special } else { finite };
    f64::from_bits(v.to_bits() | sign)
}

/// The `bf16` with bits `b`, widened exactly to `f64`: the bits of `half`'s `to_f64` (NaNs
/// quieted), branch-free like [`f16_to_f64`].
#[inline(always)]
pub fn bf16_to_f64(b: u16) -> f64 {
    let quiet = if b & 0x7fff > 0x7f80 { 0x0040 } else { 0 };
    f32::from_bits(((b | quiet) as u32) << 16) as f64
}

/// `v` rounded to f32 with round-to-odd: truncate, and set the last bit if anything was cut
/// off. Rounding that value to a format with at least two fewer significand bits (f16, bf16)
/// gives the correctly rounded result of `v`, with no double-rounding error (Boldo and
/// Melquiond). `half`'s own `from_f64` goes through an ordinary f32 rounding on x86 with F16C
/// and can be off by one unit in the last place.
///
/// Branch-free (an inexact result rounded away from zero steps one ULP back, the bits being
/// sign and magnitude, then the last bit is set), so that slice loops calling it vectorise:
/// the CPU backend's cast kernels use it, the GPU backends' host-side scalar conversion
/// ([`crate::Scalar::to_bytes`]) too.
#[inline]
pub fn f64_to_f32_round_to_odd(v: f64) -> f32 {
    let f = v as f32;
    let back = f as f64;
    let bits = f.to_bits();
    // NaN compares unequal to itself but is not finite: returned as converted.
    let inexact = back != v && f.is_finite();
    let toward_zero = if back.abs() > v.abs() {
        bits.wrapping_sub(1)
    } else {
        bits
    };
    f32::from_bits(if inexact { toward_zero | 1 } else { bits })
}

/// Runs `$body` with `$T` bound to the Rust element type of the run-time dtype `$dt`.
///
/// This is the single dtype dispatch point of the project: kernels are written once,
/// generic over [`Element`], and instantiated here.
///
/// ```
/// use tensor_core::{with_dtype, DType, Element};
/// let bytes = with_dtype!(DType::F16, |T| std::mem::size_of::<T>());
/// assert_eq!(bytes, 2);
/// ```
#[macro_export]
macro_rules! with_dtype {
    ($dt:expr, |$T:ident| $body:expr) => {
        match $dt {
            $crate::DType::Bool => {
                type $T = bool;
                $body
            }
            $crate::DType::U8 => {
                type $T = u8;
                $body
            }
            $crate::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::DType::I64 => {
                type $T = i64;
                $body
            }
            $crate::DType::F16 => {
                type $T = $crate::half::f16;
                $body
            }
            $crate::DType::BF16 => {
                type $T = $crate::half::bf16;
                $body
            }
            $crate::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::DType::F64 => {
                type $T = f64;
                $body
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn half_widening_matches_half_for_every_pattern() {
        for h in 0..=u16::MAX {
            let (a, b) = (f16::from_bits(h), bf16::from_bits(h));
            assert_eq!(
                super::f16_to_f64(h).to_bits(),
                a.to_f64().to_bits(),
                "f16 {h:#06x}"
            );
            assert_eq!(
                super::bf16_to_f64(h).to_bits(),
                b.to_f64().to_bits(),
                "bf16 {h:#06x}"
            );
            // The `Element` impls use them (inherent methods are `half`'s).
            assert_eq!(Element::to_f64(a).to_bits(), a.to_f64().to_bits());
            assert_eq!(Element::to_f64(b).to_bits(), b.to_f64().to_bits());
        }
    }

    use super::*;
    use DType::*;

    #[test]
    fn promotion_is_symmetric_and_matches_numpy_samples() {
        for a in DType::ALL {
            for b in DType::ALL {
                assert_eq!(DType::promote(a, b), DType::promote(b, a), "{a} {b}");
            }
            assert_eq!(DType::promote(a, a), a);
            assert_eq!(DType::promote(a, Bool), a);
        }
        // Samples checked against numpy 2.x `np.result_type`.
        let cases = [
            (U8, I32, I32),
            (U8, F16, F16),
            (I32, F16, F64),
            (I32, F32, F64),
            (I64, F32, F64),
            (U8, F32, F32),
            (F16, F32, F32),
            (F16, BF16, F32),
            (I32, I64, I64),
            (F32, F64, F64),
            (BF16, U8, BF16),
        ];
        for (a, b, r) in cases {
            assert_eq!(DType::promote(a, b), r, "{a} {b}");
        }
    }

    #[test]
    fn promotion_is_associative() {
        for a in DType::ALL {
            for b in DType::ALL {
                for c in DType::ALL {
                    let l = DType::promote(DType::promote(a, b), c);
                    let r = DType::promote(a, DType::promote(b, c));
                    // NumPy's lattice is not associative for f16/bf16 against ints; check
                    // the cases where it is defined to be.
                    if ![a, b, c].contains(&BF16) {
                        assert_eq!(l, r, "{a} {b} {c}");
                    }
                }
            }
        }
    }

    #[test]
    fn narrow_floats_round_once() {
        // Just below an f16 tie: rounding through f32 first lands on the tie and rounds up.
        let x = 5.767345399758568e-4;
        assert_eq!(
            <f16 as Element>::from_f64(x).to_f64(),
            1209.0 * 2f64.powi(-21)
        );
        // Same for bf16: 1 + 2^-8 - 2^-30 must round down to 1.
        let y = 1.0 + 2f64.powi(-8) - 2f64.powi(-30);
        assert_eq!(<bf16 as Element>::from_f64(y).to_f64(), 1.0);
        assert_eq!(<f16 as Element>::from_f64(1e6).to_f64(), f64::INFINITY);
        assert!(<bf16 as Element>::from_f64(f64::NAN).to_f64().is_nan());
    }

    #[test]
    fn bytes_round_trip_and_bad_bools_are_refused() {
        let v = [1.5f32, -0.0, f32::NAN];
        let back: Vec<f32> = elements_from_bytes(elements_as_bytes(&v)).unwrap();
        assert_eq!(elements_as_bytes(&back), elements_as_bytes(&v));
        assert_eq!(
            elements_from_bytes::<f32>(&[0; 7]),
            Err(BytesError::Length { bytes: 7, size: 4 })
        );
        assert_eq!(
            elements_from_bytes::<bool>(&[0, 1, 2, 1]),
            Err(BytesError::Bool { index: 2, byte: 2 })
        );
        assert_eq!(elements_from_bytes::<bool>(&[1, 0]), Ok(vec![true, false]));
        assert_eq!(elements_from_bytes::<u8>(&[7, 255]), Ok(vec![7, 255]));
    }

    #[test]
    fn names_roundtrip() {
        for d in DType::ALL {
            assert_eq!(DType::parse(d.name()), Some(d));
            assert_eq!(DType::parse(d.numpy_name()), Some(d));
            assert_eq!(DType::from_u32(d as u32), Some(d));
            assert_eq!(with_dtype!(d, |T| std::mem::size_of::<T>()), d.size_of());
            assert_eq!(with_dtype!(d, |T| <T as Element>::DTYPE), d);
        }
        assert_eq!(DType::from_u32(8), None);
    }
}
