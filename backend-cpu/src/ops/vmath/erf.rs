//! The error function `erf`, correctly rounded, for `f32`.
//!
//! # Method
//! `erf` is odd: with `a = |x|` (the sign copied at the end),
//!
//! * `a < 2`: `erf a = a S(a^2)`, `S` of degree 14, minimax for the relative error of
//!   `erf(a) / a` on `a^2 <= 4 (1 + 2^-20)`, below `E_S = 2^-46.1` with the rounded
//!   coefficients (`remez(lambda s: mp.erf(mp.sqrt(s)) / mp.sqrt(s) if s else 2 /
//!   mp.sqrt(mp.pi), mp.mpf(0), 4 * w, 14)` with the script of [`super`]);
//! * `2 <= a < 4`: `erf a = C(a - 3)`, `C` of degree 17, minimax for the relative error of
//!   `erf(3 + h)` on `|h| <= 1 + 2^-20`, below `E_C = 2^-45.0` (`remez(lambda h:
//!   mp.erf(3 + h), -w, w, 17)`);
//! * `a >= 4`: the result is 1 (see below).
//!
//! Both polynomials are computed for every lane and one is selected (branch-free).
//!
//! # Error analysis
//! `u = 2^-53`. `a^2` is exact (an `f32` squared has at most 48 significant bits) and so
//! is `a - 3` (Sterbenz, or a difference of two multiples of `2^-22` below 2).
//!
//! * `a < 2`: Horner's rule with fused multiply-adds rounds each partial sum `p_k` once,
//!   and that rounding reaches the value multiplied by `s^k`; `|p_k| s^k <= sum_(i>=k)
//!   |S_i| s^i`, so the evaluation error is at most `u sum_i (i + 1) |S_i| s^i`, which is
//!   largest at `s = 4`: `41.4u`, against `S(4) = erf(2)/2 = 0.4977`: `83.2u < 2^-46.6`
//!   relative. With the fit and the product `a S`: `2^-46.1 + 2^-46.6 + u < 2^-45.3`.
//! * `2 <= a < 4`: the same bound is `1.03u` (the coefficients beyond the first are below
//!   `0.0011`), against `C >= 0.9953`: with the fit, below `2^-44.9`.
//! * `a >= 4`: `erf a` lies in `(1 - 2^-25, 1)` for every `a >= 3.9192059` (`erfc(a) <
//!   2^-25` there), which rounds to 1 in `f32` (`1 - 2^-25` is the midpoint below 1); the
//!   kernel returns exactly 1, which the rounding test passes, so the result is correct
//!   though the relative bound does not describe it.
//!
//! **`E = 2^-44`**. Zero and subnormal results (`|x| < 2^-126 / 1.13` or so) fail the
//! rounding test; NaN and infinities are CORE-MATH's.

use super::Fun;
use crate::cmath::f32 as cm;

/// `erf(a) / a ~ sum S[i] a^(2i)` for `a^2 <= 4 (1 + 2^-20)`: minimax for the relative
/// error, which is below `2^-46.1`.
const S: [f64; 15] = [
    1.128_379_167_095_498_6,
    -0.376_126_389_030_334_4,
    0.112_837_916_682_598_89,
    -0.026_866_170_452_655_127,
    0.005_223_976_899_996_640_5,
    -0.000_854_831_044_062_902_3,
    0.000_120_550_838_554_015_09,
    -1.492_306_517_648_068_4e-5,
    1.644_299_827_411_995e-6,
    -1.626_325_876_093_490_3e-7,
    1.440_434_051_273_464_6e-8,
    -1.113_347_827_928_604_4e-9,
    7.012_961_347_513_586e-11,
    -3.128_148_075_706_136_6e-12,
    7.180_600_334_799_845e-14,
];

/// `erf(3 + h) ~ sum C[i] h^i` for `|h| <= 1 + 2^-20`: minimax for the relative error,
/// which is below `2^-45.0`.
const C: [f64; 18] = [
    0.999_977_909_503_03,
    0.000_139_253_051_979_086_82,
    -0.000_417_759_160_533_577_67,
    0.000_789_100_625_935_511_8,
    -0.001_044_397_762_821_782_4,
    0.001_016_547_307_319_186_2,
    -0.000_738_042_495_671_418,
    0.000_390_571_452_884_272_06,
    -0.000_134_770_154_009_986,
    1.390_766_309_750_453_9e-5,
    1.559_584_186_395_846_4e-5,
    -1.079_532_182_424_518_5e-5,
    3.066_387_573_228_986_6e-6,
    1.254_891_518_915_522_4e-7,
    -4.895_258_553_335_125e-7,
    1.644_911_146_959_272_2e-7,
    1.216_724_370_559_434e-8,
    -1.497_776_328_783_284_4e-8,
];

/// A polynomial at `t` by Horner's rule.
#[inline(always)]
fn horner<const N: usize>(c: &[f64; N], t: f64) -> f64 {
    let mut p = c[N - 1];
    for &ci in c[..N - 1].iter().rev() {
        p = p.mul_add(t, ci);
    }
    p
}

/// `erf x`.
pub struct Erf;
impl Fun for Erf {
    const NAME: &'static str = "erf";
    const ERR_BITS: u32 = 44;
    /// Finite.
    #[inline(always)]
    fn safe(b: u32) -> bool {
        b & 0x7fff_ffff < 0x7f80_0000
    }
    #[inline(always)]
    fn core(x: f64) -> f64 {
        let a = x.abs();
        let small = a * horner(&S, a * a);
        let mid = horner(&C, a - 3.0);
        let y = if a < 2.0 {
            small
        } else if a < 4.0 {
            mid
        } else {
            1.0
        };
        y.copysign(x)
    }
    fn exact(x: f32) -> f32 {
        cm::erff(x)
    }
}
