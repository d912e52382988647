//! Slice kernels for `fmod` and `floor_divide` of floats: exact, the bits of C's `fmod`
//! (sign of the dividend) and of NumPy's `npy_floor_divide` built on it
//! ([`super::binary::floor_divide`]), vectorised.
//!
//! glibc's `fmod`/`fmodf` are exact but reduce the dividend bit by bit in integer
//! arithmetic (tens of cycles per element, no vector form). Here the quotient comes from a
//! division instead:
//!
//! - `q = trunc(RN(a / b))`. Rounding is monotonic and the integer `n = trunc(a / b)` is
//!   representable while `|n| < 2^53`, so `q` is `n` or, when the quotient lies within
//!   half an ulp below `n + 1`, one more than `n` in magnitude. (The `f32` kernel rounds
//!   the quotient to the nearest integer instead, which again gives `n` or `n + 1`.)
//! - `r = a - q*b` is then exact: it is a multiple of the smaller of the quanta of `a` and
//!   `b` and `|r| < |b|`, so it fits in the format (when `|a| < |b|`, `q` is 0 or ±1 and
//!   Sterbenz's lemma applies). For `f32` (and `f16`/`bf16`, computed in `f32`) the
//!   operands are widened to `f64` and `|q| < 2^29`, so `q*b` (29 + 24 bits) is exact
//!   too and no FMA is needed; for `f64`, `|q| < 2^52` and `r` is one fused multiply-add.
//! - When `q` was one too many, `r` has the sign opposite to `a` and `r + copysign(|b|, a)`
//!   (exact again) is the remainder; the sign of a zero remainder is `a`'s.
//!
//! Everything else (a zero, infinite or NaN operand, a quotient past those bounds) is
//! marked and computed by the scalar code afterwards, so NaN bits and every special case
//! are exactly the scalar ones. `floor_divide` runs its scalar formula on the vector
//! remainder. The `f64` kernels need FMA: without it (the baseline path) the scalar code
//! runs. The unit tests compare both kernels bit for bit with the scalar definitions on
//! hard and random operands on every ISA path.

use super::binary::floor_divide_from_mod;
use super::{CFloat, has_avx2};
use crate::buffer::Pod;

/// Largest quotient magnitude (exclusive) the `f32` kernel takes: `q*b` stays exact in
/// `f64` (29 + 24 significant bits).
const Q32: f64 = (1u64 << 29) as f64;
/// Largest quotient magnitude (exclusive) the `f64` kernel takes: `q` is an integer and
/// `a - q*b` fits (see the module docs).
const Q64: f64 = (1u64 << 52) as f64;
/// `1.5 * 2^52`: adding and subtracting it rounds an `f64` below `2^51` in magnitude to an
/// integer.
const ROUND: f64 = 6755399441055744.0;

/// The exact remainder of `f32` operands, or NaN where the scalar code must decide.
#[inline(always)]
fn fmod32_lane(a: f32, b: f32) -> f32 {
    let (x, y) = (a as f64, b as f64);
    let t = x / y;
    let ok = t.abs() < Q32 && y.abs() < f64::INFINITY;
    // `t` rounded to an integer (to nearest: `n` or `n + 1` in magnitude, both corrected
    // below) without a libm call on the baseline path; exact for `|t| < 2^51`.
    let q = (t + ROUND) - ROUND;
    let r = x - q * y;
    let r = if r != 0.0 && (r < 0.0) != (x < 0.0) {
        r + y.abs().copysign(x)
    } else {
        r
    };
    if ok { r.copysign(x) as f32 } else { f32::NAN }
}

/// The exact remainder of `f64` operands, or NaN where the scalar code must decide. Only
/// with FMA (see the module docs).
#[inline(always)]
fn fmod64_lane(x: f64, y: f64) -> f64 {
    let t = x / y;
    let ok = t.abs() < Q64 && y.abs() < f64::INFINITY;
    let q = t.trunc();
    let r = (-q).mul_add(y, x);
    let r = if r != 0.0 && (r < 0.0) != (x < 0.0) {
        r + y.abs().copysign(x)
    } else {
        r
    };
    if ok { r.copysign(x) } else { f64::NAN }
}

/// The float types with a remainder lane.
pub trait Rem: CFloat + Pod {
    /// `fmod(a, b)` where the fast path is exact, NaN elsewhere.
    fn lane(a: Self, b: Self) -> Self;
    /// Whether [`Rem::lane`] may run here (it may need FMA).
    fn fast() -> bool;
}

impl Rem for f32 {
    #[inline(always)]
    fn lane(a: f32, b: f32) -> f32 {
        fmod32_lane(a, b)
    }
    fn fast() -> bool {
        true
    }
}

impl Rem for f64 {
    #[inline(always)]
    fn lane(a: f64, b: f64) -> f64 {
        fmod64_lane(a, b)
    }
    fn fast() -> bool {
        has_avx2()
    }
}

/// `out = lane(a, b)`; returns whether any element was left to the scalar code (NaN).
#[inline(always)]
fn rem_body<C: Rem>(a: &[C], b: &[C], out: &mut [C]) -> bool {
    let mut left = false;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let r = C::lane(x, y);
        left |= r.is_nan();
        *o = r;
    }
    left
}

/// `out = floor_divide(a, b)` given the remainders `m` of the fast path.
#[inline(always)]
fn floor_div_body<C: Rem>(a: &[C], b: &[C], m: &[C], out: &mut [C]) {
    for (((o, &x), &y), &r) in out.iter_mut().zip(a).zip(b).zip(m) {
        *o = floor_divide_from_mod(x, y, r);
    }
}

super::twins! {
    fn rem_run<C: Rem>(a: &[C], b: &[C], out: &mut [C]) -> bool = rem_body;
}

super::twins! {
    fn floor_div_run<C: Rem>(a: &[C], b: &[C], m: &[C], out: &mut [C]) = floor_div_body;
}

/// `out[i] = a[i] % b[i]` (C's `fmod`); the slices must have the same length.
pub fn fmod<C: Rem>(a: &[C], b: &[C], out: &mut [C]) {
    assert!(
        a.len() == out.len() && b.len() == out.len(),
        "fmod: lengths differ"
    );
    if !C::fast() {
        for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
            *o = x % y;
        }
        return;
    }
    if rem_run(a, b, out) {
        for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
            if o.is_nan() {
                *o = x % y;
            }
        }
    }
}

/// Elements per block of [`floor_divide`]'s remainder buffer, on the stack.
const BLOCK: usize = 256;

/// `out[i] = floor_divide(a[i], b[i])` (NumPy's); the slices must have the same length.
pub fn floor_divide<C: Rem>(a: &[C], b: &[C], out: &mut [C]) {
    assert!(
        a.len() == out.len() && b.len() == out.len(),
        "floor_divide: lengths differ"
    );
    if !C::fast() {
        for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
            *o = super::binary::floor_divide(x, y);
        }
        return;
    }
    let mut m = [C::ZERO; BLOCK];
    for ((a, b), out) in a
        .chunks(BLOCK)
        .zip(b.chunks(BLOCK))
        .zip(out.chunks_mut(BLOCK))
    {
        let m = &mut m[..a.len()];
        let left = rem_run(a, b, m);
        floor_div_run(a, b, m, out);
        if left {
            for (((o, &x), &y), &r) in out.iter_mut().zip(a).zip(b).zip(m.iter()) {
                if r.is_nan() {
                    *o = super::binary::floor_divide(x, y);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::force_isa;
    use std::sync::Mutex;

    /// Serialises the tests that force an ISA path.
    static LOCK: Mutex<()> = Mutex::new(());

    /// Hard operands: zeros, infinities, NaNs, subnormals, extremes, exact multiples and
    /// their neighbours, quotients around the kernels' bounds, mixed signs.
    fn hard32() -> Vec<f32> {
        let mut v = vec![
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            -f32::NAN,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::from_bits(0x007f_ffff),
            f32::MAX,
            f32::EPSILON,
            1.0,
            1.5,
            2.0,
            3.0,
            0.1,
            0.3,
            7.0,
            1e10,
            (1u32 << 29) as f32,
            ((1u32 << 29) - 32) as f32, // the f32 below 2^29
            1.6777216e7,                // 2^24
            1.6777215e7,
            std::f32::consts::PI,
            -2.5,
        ];
        let n = v.len();
        for i in 0..n {
            let x = v[i];
            v.push(-x);
            v.push(f32::from_bits(x.to_bits().wrapping_add(1)));
            v.push(f32::from_bits(x.to_bits().wrapping_sub(1)));
        }
        v
    }

    fn random32(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|i| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let bits = (s >> 32) as u32;
                // Half arbitrary bit patterns, half moderate magnitudes (|q| within range).
                if i % 2 == 0 {
                    f32::from_bits(bits)
                } else {
                    f32::from_bits((bits & 0x83ff_ffff) | 0x3c00_0000)
                }
            })
            .collect()
    }

    fn random64(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|i| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let bits = s ^ (s >> 29);
                if i % 2 == 0 {
                    f64::from_bits(bits)
                } else {
                    f64::from_bits((bits & 0x807f_ffff_ffff_ffff) | 0x3f80_0000_0000_0000)
                }
            })
            .collect()
    }

    /// Every pair of `xs` and `ys`, then `rand` random pairs.
    fn pairs<C: Copy>(xs: &[C], ys: &[C], rand: (Vec<C>, Vec<C>)) -> (Vec<C>, Vec<C>) {
        let (mut a, mut b) = rand;
        for &x in xs {
            for &y in ys {
                a.push(x);
                b.push(y);
            }
        }
        (a, b)
    }

    fn check<C: Rem + std::fmt::Debug>(a: &[C], b: &[C], bits: impl Fn(C) -> u64) {
        let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        for level in [1, 2, 3] {
            force_isa(level);
            let mut out = vec![C::ZERO; a.len()];
            fmod(a, b, &mut out);
            for i in 0..a.len() {
                let want = a[i] % b[i];
                assert_eq!(
                    bits(out[i]),
                    bits(want),
                    "fmod({:?}, {:?}) on level {level}: {:?}, want {:?}",
                    a[i],
                    b[i],
                    out[i],
                    want
                );
            }
            floor_divide(a, b, &mut out);
            for i in 0..a.len() {
                let want = super::super::binary::floor_divide(a[i], b[i]);
                assert_eq!(
                    bits(out[i]),
                    bits(want),
                    "floor_divide({:?}, {:?}) on level {level}: {:?}, want {:?}",
                    a[i],
                    b[i],
                    out[i],
                    want
                );
            }
        }
        force_isa(0);
    }

    #[test]
    fn f32_kernels_match_the_scalar_definitions() {
        let h = hard32();
        let (a, b) = pairs(&h, &h, (random32(200_000, 1), random32(200_000, 2)));
        check(&a, &b, |x: f32| x.to_bits() as u64);
    }

    #[test]
    fn f64_kernels_match_the_scalar_definitions() {
        let h: Vec<f64> = hard32().into_iter().map(|x| x as f64).collect();
        let mut h2 = h.clone();
        h2.extend([
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
            4503599627370496.0, // 2^52
            4503599627370495.0,
            9007199254740992.0,
            0.1f64,
            1e300,
            -1e-300,
        ]);
        let (a, b) = pairs(&h2, &h2, (random64(200_000, 3), random64(200_000, 4)));
        check(&a, &b, f64::to_bits);
    }
}
