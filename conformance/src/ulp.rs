//! Units in the last place: the spacing of a float format at a value, the error of a result
//! in ULPs of its own dtype, and the ordered-integer distance between two floats.
//!
//! The error of a computed `y` against an exact (or higher-precision) reference `r` is
//! `|y - r| / ulp(r)` where `ulp(r)` is the spacing of the output format at `|r|`
//! (`2^(floor(log2|r|) - p + 1)` for normal `r`, the subnormal spacing below). A correctly
//! rounded result has an error of at most 0.5.

use tensor_core::DType;

/// Precision `p` (significand bits including the implicit one) and minimum normal exponent.
pub fn format_of(dtype: DType) -> Option<(i32, i32)> {
    match dtype {
        DType::F16 => Some((11, -14)),
        DType::BF16 => Some((8, -126)),
        DType::F32 => Some((24, -126)),
        DType::F64 => Some((53, -1022)),
        _ => None,
    }
}

/// Largest finite value of a float dtype.
pub fn max_finite(dtype: DType) -> f64 {
    match dtype {
        DType::F16 => 65504.0,
        DType::BF16 => 3.3895313892515355e38,
        DType::F32 => f32::MAX as f64,
        _ => f64::MAX,
    }
}

/// The spacing of `dtype` at `|x|` (for `x` beyond the largest finite value, the spacing at
/// the top binade). `x` must be finite.
pub fn ulp(dtype: DType, x: f64) -> f64 {
    let (p, emin) = format_of(dtype).expect("ulp of a non-float dtype");
    let ax = x.abs();
    let e = if ax == 0.0 {
        emin
    } else {
        exponent(ax).max(emin)
    };
    let e = e.min(exponent(max_finite(dtype)));
    pow2(e - p + 1)
}

/// `floor(log2(x))` for finite positive `x`, exact (works on subnormals).
pub fn exponent(x: f64) -> i32 {
    debug_assert!(x > 0.0 && x.is_finite());
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32;
    if e == 0 {
        // Subnormal: position of the top set bit of the mantissa.
        let m = bits & ((1u64 << 52) - 1);
        -1074 + (63 - m.leading_zeros() as i32)
    } else {
        e - 1023
    }
}

/// `2^e` for any `e` in the f64 range including subnormals.
pub fn pow2(e: i32) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074).max(0))
    }
}

/// Error of `got` (a value of `dtype`) against the reference `want`, in ULPs of `dtype`.
/// Non-finite cases: identical classes give 0, otherwise infinity (counted separately by
/// the grader as NaN/inf mismatches).
pub fn ulp_error(dtype: DType, got: f64, want: f64) -> f64 {
    if want.is_nan() || got.is_nan() {
        return if want.is_nan() && got.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if want.is_infinite() || got.is_infinite() {
        if got == want {
            return 0.0;
        }
        if got.is_infinite()
            && want.is_finite()
            && want.abs() > max_finite(dtype)
            && got.signum() == want.signum()
        {
            // The exact value overflows the format: infinity is the right rounding.
            return 0.0;
        }
        if want.is_infinite() {
            return f64::INFINITY;
        }
        // A finite reference reported as infinity: near the overflow threshold that is a
        // rounding error worth counting in ULPs; elsewhere it is an inf mismatch.
        let top = ulp(dtype, max_finite(dtype));
        if got.is_infinite() && want.abs() >= max_finite(dtype) - 4.0 * top {
            let thr = max_finite(dtype) + top / 2.0;
            return ((thr - want.abs()) / top).abs().max(0.5);
        }
        return f64::INFINITY;
    }
    (got - want).abs() / ulp(dtype, want)
}

/// Distance between two values of `dtype` counted in representable numbers (0 for equal
/// values, 1 for neighbours; `+0` and `-0` are 0 apart; NaN gives `u64::MAX`).
pub fn ordered_distance(dtype: DType, a: f64, b: f64) -> u64 {
    if a.is_nan() || b.is_nan() {
        return if a.is_nan() && b.is_nan() {
            0
        } else {
            u64::MAX
        };
    }
    let key = |x: f64| -> i64 {
        let bits: i64 = match dtype {
            DType::F16 => tensor_core::half::f16::from_f64(x).to_bits() as i16 as i64,
            DType::BF16 => tensor_core::half::bf16::from_f64(x).to_bits() as i16 as i64,
            DType::F32 => (x as f32).to_bits() as i32 as i64,
            _ => x.to_bits() as i64,
        };
        let sign_mask = match dtype {
            DType::F16 | DType::BF16 => 0x7fff,
            DType::F32 => 0x7fff_ffff,
            _ => i64::MAX,
        };
        if bits < 0 { -(bits & sign_mask) } else { bits }
    };
    (key(a) as i128 - key(b) as i128).unsigned_abs() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulp_at_powers_of_two_and_subnormals() {
        assert_eq!(ulp(DType::F32, 1.0), f32::EPSILON as f64);
        // Just below a power of two the spacing halves.
        assert_eq!(ulp(DType::F32, 0.999_999_9), f32::EPSILON as f64 / 2.0);
        assert_eq!(ulp(DType::F64, 2.0), 2.0 * f64::EPSILON);
        assert_eq!(ulp(DType::F32, 0.0), pow2(-149));
        assert_eq!(ulp(DType::F32, 1e-40), pow2(-149));
        assert_eq!(ulp(DType::F64, 5e-324), 5e-324);
        assert_eq!(ulp(DType::F16, 1.0), 9.765625e-4);
        assert_eq!(ulp(DType::BF16, 1.0), 7.8125e-3);
        assert_eq!(exponent(5e-324), -1074);
    }

    #[test]
    fn ordered_distance_across_zero_and_binades() {
        let one_up = f32::from_bits(1.0f32.to_bits() + 1) as f64;
        assert_eq!(ordered_distance(DType::F32, 1.0, one_up), 1);
        assert_eq!(ordered_distance(DType::F32, 0.0, -0.0), 0);
        let tiny = f32::from_bits(1) as f64;
        assert_eq!(ordered_distance(DType::F32, -tiny, tiny), 2);
        let below = f32::from_bits(2.0f32.to_bits() - 1) as f64;
        assert_eq!(ordered_distance(DType::F32, below, 2.0), 1);
        assert_eq!(ordered_distance(DType::F64, f64::NAN, 1.0), u64::MAX);
    }

    #[test]
    fn ulp_error_cases() {
        // Correctly rounded: at most half an ULP.
        let x = 0.1f64;
        assert!(ulp_error(DType::F32, x as f32 as f64, x) <= 0.5);
        // Across a power of two, the reference's spacing counts.
        assert_eq!(ulp_error(DType::F32, 1.0 + f32::EPSILON as f64, 1.0), 1.0);
        assert_eq!(ulp_error(DType::F32, f64::NAN, f64::NAN), 0.0);
        assert!(ulp_error(DType::F32, 1.0, f64::NAN).is_infinite());
        assert_eq!(ulp_error(DType::F32, f64::INFINITY, 1e39), 0.0);
        assert!(ulp_error(DType::F32, f64::INFINITY, 1.0).is_infinite());
        // Subnormal outputs are graded in subnormal spacing.
        let s = pow2(-149);
        assert_eq!(ulp_error(DType::F32, 3.0 * s, s), 2.0);
    }
}
