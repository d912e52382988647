//! The logarithms of `f64`, correctly rounded, vectorised: `log`, `log2`, `log10`,
//! `log1p`, and the inverse hyperbolic functions `asinh`, `acosh`, `atanh`, which are
//! logarithms of double-double arguments.
//!
//! # Method
//! The table method with a rounding test on a double-double result (as [`super::exp64`]):
//!
//! * **Reduction.** For a positive normal `x` with bits `ix`, `t = ix - OFF` (integer,
//!   wrapping) with `OFF` the bits of `0.7080078125`: `k = t >> 52` (arithmetic),
//!   `z = x 2^-k` in `[0.708, 1.416)` (the bits `(t & (2^52 - 1)) + OFF`), and the 256-entry
//!   table's index `i = (t >> 44) & 255` cuts that range into intervals of `2^44` bit
//!   patterns (width `2^-9` below 1, `2^-8` above). `k` is computed as
//!   `(t >> 52) ^ 2^11` (logical shift) added to the mantissa of `1.5 * 2^52`, which needs no
//!   64-bit arithmetic shift or integer conversion (AVX2 has neither).
//! * **Table.** Entry `i` holds `c_i`, a 9-significant-bit approximation of `1/z` on the
//!   interval (the one that minimises the largest `|z c_i - 1|` there), and `-log c_i` as a
//!   double-double `L_hi + L_lo` (within `2^-106` relative). The interval that holds 1
//!   (`[1 - 2^-10, 1 + 2^-9)`, index 149) has `c = 1`, `L = 0` exactly, so that near 1 the
//!   result has no cancellation.
//! * `r = z c - 1` is **exact** (one fused multiply-add): `z c` is a multiple of `2^-61`
//!   (`z` has 53 bits with `ulp z = 2^-52` above 1, `2^-53` below, and `c` 9 bits with
//!   `ulp c = 2^-9` below 1, `2^-8` above: `c < 1` exactly when `z > 1`), and
//!   `|r| < 2^-8.41` (the table's largest, from its generator), so `r` fits 53 bits.
//! * `log x = k ln2 + L + log1p(r)`, `log1p(r) = r - r^2/2 + r^3 P(r)`, `P` the Taylor
//!   polynomial `1/3 - r/4 + ... + r^6/9` (terms to `r^9`). As a double-double `v + rest`:
//!   `k LN2_HI` is exact (`LN2_HI` has 42 significant bits, `|k| <= 1024`), `t = k LN2_HI +
//!   L_hi` by Fast2Sum (`|k LN2_HI| >= 0.69 > |L_hi|`, or `k = 0`), `u = t + r` by TwoSum,
//!   `r^2 = p + p_e` exactly (fused multiply-add), `v = u - p/2` by Fast2Sum (`|u| >= |p/2|`:
//!   `|u|` is about `|log x| >= 2^-10` outside index 149, and `|r|` on it); `rest` collects the
//!   rounding errors of the three sums, `k LN2_LO + L_lo`, `-p_e/2` and `r^3 P(r)`.
//! * `log2`, `log10`: `v + rest` renormalised (Fast2Sum) and multiplied by `1/ln 2` or
//!   `1/ln 10` as double-doubles (the exact product of the high parts by a fused
//!   multiply-add, the cross terms rounded).
//! * `log1p`: for `|x| < 2^-10`, `r = x` on the interval of 1 (`k = 0`, `c = 1`: no rounding
//!   at all). Otherwise `1 + x = h + l` exactly (TwoSum), `h` is reduced as above, and the
//!   rest adds `log1p(r + d) - log1p(r) = d (1 - r + r^2)` within `|d| |r|^3`, with
//!   `d = l c 2^-k` (exact scaling; `|d| <= 2^-52.9`).
//!
//! **Rounding test**: with `eps = 2^-65 |v|` (or `|w|` for `log2`/`log10`), the result
//! `v + (rest + eps)` is correctly rounded when it equals `v + (rest - eps)` (as in
//! [`super::exp64`]). Other elements (about `2^-11` of them) and inputs outside the proven
//! range are CORE-MATH's: for `log`, `log2`, `log10` anything but a positive normal finite
//! `x` (zeros, subnormals, negatives, infinities, NaN); for `log1p`, `x <= -1`,
//! `x >= 10^301`, `|x| < 3 10^-151` (zeros and subnormals included) and NaN.
//!
//! # Error analysis
//! `u = 2^-53`; `M = |log x|` (or `|log1p x|`), the size of the result. Outside index 149
//! with `k = 0`, `M >= 2^-10` and, from the table's generator, `|r|^3/3 <= 2^-16.84 M` and
//! `|r| <= 2^1.58 M`; with `k != 0`, `M >= 0.34`; on index 149 with `k = 0`, `M >= |r|
//! (1 - 2^-10)` and `|r| <= 2^-9` (or `2^-10` for `log1p`'s direct path).
//! * Truncation of the series after `r^9`: `|r|^10 / 10 <= 2^-87.5`, below `2^-77 M`.
//! * `r^3 P(r)`: `r p` (with `p` rounded) within `2u`, `P` by Horner within `2.2u` (its
//!   constant `1/3` dominates: the coefficient's rounding and the last addition, each
//!   `u/2` of `1/2` relative to `1/3`; the inner terms are scaled by `|r| < 2^-8.4`), the
//!   final product `u`: within `5.2u` relative, that is `5.2u * 2^-16.84 M < 2^-67.5 M`
//!   (on index 149: `5.2u r^2/3 < 2^-70.1 M`).
//! * `rest`'s other terms are below `2u M + 2^-54.5` (`t`'s and `u`'s rounding errors, `u`
//!   and `v` each `u M (1 + 2^-8)` at most, `L_lo`); their sums round below `2^-106`, and
//!   the last addition of `r^3 P(r)` at most `u (2^-16.84 M + 2^-51) < 2^-69.8 M`.
//! * `k LN2_LO`: `|ln2 - LN2_HI - LN2_LO| < 2^-102`, times `|k| <= 2^10` and over
//!   `M >= 0.34 |k|`: `2^-100`; its product and `L_lo`'s addition round below `2^-105`;
//!   the table's `2^-106`.
//! * `log1p`: `|d| |r|^3 <= 2^-52.9 2^-25.3 < 2^-68.1 M` (`M >= 2^-10`; on index 149 `|r|
//!   <= 2^-9` gives `2^-80`), `d`'s product and `(1 - r + r^2)` round below `2^-104`.
//!
//! Total below `2^-67.5 + 2^-69.8 + 2^-68.1 + 2^-76 < 2^-66.3`, so `eps = 2^-65` holds;
//! the rounding of `rest +- eps` (below `u (2^-16.84 + 2^-64) M = 2^-69.8 M`) stays within
//! the margin. For `log2`/`log10`, renormalising is exact, the product of the high parts is
//! exact, the cross terms and their sum round below `2^-104 M'`, and the constants are
//! within `2^-109` relative: still below `2^-66.2`.

//!
//! # The inverse hyperbolic functions
//! Each is the logarithm of an argument `h + l` computed as a double-double, through the
//! same core as `log1p`'s second path (`h` reduced, `d = l c 2^-k`), times an exact factor,
//! or, for `|x| < 2^-10`, an odd series `x + x^3 (c0 + c1 x^2 + c2 x^4)` (Fast2Sum of `x`
//! and the tail):
//!
//! * `atanh x = sign(x) log1p(q) / 2`, `q = 2a / (1 - a)`, `a = |x|`: `1 - a = d_h + d_l`
//!   (Fast2Sum), `q_h = 2a (1/d_h)`, its residual `2a - q_h d_h` exact (fused multiply-add),
//!   `q_l = (residual - q_h d_l) / d_h` (the division by the same rounded reciprocal); then
//!   `1 + q` by TwoSum. Series `1/3, 1/5, 1/7`.
//! * `asinh x = sign(x) log(a + sqrt(a^2 + 1))`: `a^2 + 1` exactly as a double-double (the
//!   square by a fused multiply-add, TwoSum), its square root `s + (h - s^2 + l) / 2s`
//!   (residual exact), then `a +` it by TwoSum. Series `-1/6, 3/40, -15/336`.
//! * `acosh x`: for `x <= 2`, `log1p(w)`, `w = t + sqrt(t^2 + 2t)` with `t = x - 1` exact
//!   (Sterbenz) and `2t` exact, as for `asinh`; above 2, `log(x + sqrt(x^2 - 1))`. No series:
//!   `w >= sqrt(2^-51)` for `x > 1`, and `x = 1` gives `+0` exactly.
//!
//! **Error analysis.** The arguments are within `2^-103` relative (the square roots' and
//! quotient's first-order corrections neglect terms of the order of `2^-106`, each sum rounds
//! its rest below `u 2^-52`), which moves the logarithm by `2^-103` absolute, below
//! `2^-93 M` (`M >= 2^-10` outside the series, `M >= 2^-25.5` for `acosh`'s `log1p` path).
//! The core's analysis holds with `|d| <= 2^-51.9` (`|l| <= 2^-52 h`): the `d |r|^3` term is
//! below `2^-67.2 M`, and the dropped `d^2/2` below `2^-103.8`, under `2^-78 M`. The series:
//! truncation `x^8 / 9 < 2^-83` relative; the tail (below `2^-21.6 |x|`) within `4u`:
//! `2^-72.6`. Total below `2^-67.5 + 2^-69.8 + 2^-67.2 + 2^-76 < 2^-65.9`, within
//! `eps = 2^-65` with the rounding of `rest +- eps` (`2^-69.8`). The factor `+-1/2` or
//! `+-1` is exact. Flagged: `|x| >= 1` (`atanh`), `x < 1` (`acosh`), `|x| >= 10^150`
//! (`asinh`, `acosh`: the square would overflow), `|x| < 3 10^-151` (`asinh`, `atanh`: zeros
//! and subnormals; below it the series' cube underflows), NaN and infinities.

use super::{BLOCK, Fun64};
use crate::cmath::f64 as cm;

/// The bits of `0.7080078125`: `z` lies in `[OFF, 2 OFF)`; its low 44 bits put 1 in the
/// middle of the index-149 interval.
const OFF: u64 = 0x3fe6_a800_0000_0000;
/// The mantissa mask.
const M52: u64 = (1 << 52) - 1;
/// `1.5 * 2^52 + 2^11`: `k` is read off the mantissa of `1.5 * 2^52` plus `k + 2^11`.
const KBIAS: f64 = 6755399441057792.0;
/// The bits of `1.5 * 2^52`.
const MAGIC_BITS: u64 = 0x4338_0000_0000_0000;
/// `ln 2` to 42 significant bits, and the rounded rest (their sum within `2^-102`).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fefa_3800);
const LN2_LO: f64 = f64::from_bits(0x3d2e_f357_93c7_6730);
/// `1/ln 2` and `1/ln 10` as double-doubles (within `2^-109`).
const INV_LN2: (f64, f64) = (
    f64::from_bits(0x3ff7_1547_652b_82fe),
    f64::from_bits(0x3c77_77d0_ffda_0d24),
);
const INV_LN10: (f64, f64) = (
    f64::from_bits(0x3fdb_cb7b_1526_e50e),
    f64::from_bits(0x3c69_5355_baaa_fad3),
);
/// The error bound, relative to the result.
const EPS: f64 = f64::from_bits(0x3be0_0000_0000_0000); // 2^-65

/// `log1p(r) = r - r^2/2 + r^3 P(r)`: `P`'s Taylor coefficients `1/3, -1/4, ..., 1/9`.
const P: [f64; 7] = [
    1.0 / 3.0,
    -0.25,
    0.2,
    -1.0 / 6.0,
    1.0 / 7.0,
    -0.125,
    1.0 / 9.0,
];

/// Entry `i` is `c_i, L_hi, L_lo` (bits of `f64`s): `c_i` the 9-bit approximation of
/// `1/z` on the interval `[OFF + i 2^44, OFF + (i + 1) 2^44)` (as bits) that minimises the
/// largest `|z c_i - 1|` there (1 on the interval of 1), and `-log c_i` as a double-double
/// from `mp.log` at `mp.mp.prec = 300` (the generator is in `docs/precision.md`).
static T: [u64; 768] = [
    0x3ff6900000000000,
    0xbfd5ff3070a793d4,
    0x3c6bc60efafc6f6e,
    0x3ff6800000000000,
    0xbfd5d1bdbf5809ca,
    0xbc74236383dc7fe1,
    0x3ff6700000000000,
    0xbfd5a42ab0f4cfe2,
    0x3c78ebcb7dee9a3d,
    0x3ff6600000000000,
    0xbfd5767717455a6c,
    0xbc7526adb283660c,
    0x3ff6500000000000,
    0xbfd548a2c3add263,
    0x3c6819cf7e308ddb,
    0x3ff6400000000000,
    0xbfd51aad872df82d,
    0xbc43927ac19f55e3,
    0x3ff6300000000000,
    0xbfd4ec973260026a,
    0x3c742a87d977dc5e,
    0x3ff6200000000000,
    0xbfd4be5f957778a1,
    0x3c6259b35b04813d,
    0x3ff6100000000000,
    0xbfd49006804009d1,
    0x3c69ffc341f177dc,
    0x3ff6000000000000,
    0xbfd4618bc21c5ec2,
    0xbc7f42decdeccf1d,
    0x3ff5f00000000000,
    0xbfd432ef2a04e814,
    0x3c729931715ac903,
    0x3ff5e00000000000,
    0xbfd404308686a7e4,
    0x3c70bcfb6082ce6d,
    0x3ff5e00000000000,
    0xbfd404308686a7e4,
    0x3c70bcfb6082ce6d,
    0x3ff5d00000000000,
    0xbfd3d54fa5c1f710,
    0x3c7e3265c6a1c98d,
    0x3ff5c00000000000,
    0xbfd3a64c556945ea,
    0x3c6c68651945f97c,
    0x3ff5b00000000000,
    0xbfd3772662bfd85b,
    0x3c4b5629d8117de7,
    0x3ff5a00000000000,
    0xbfd347dd9a987d55,
    0x3c64dd4c580919f8,
    0x3ff5900000000000,
    0xbfd31871c9544185,
    0x3c351acc4c09b379,
    0x3ff5800000000000,
    0xbfd2e8e2bae11d31,
    0x3c78f4cdb95ebdf9,
    0x3ff5700000000000,
    0xbfd2b9303ab89d25,
    0x3c7896b5fd852ad4,
    0x3ff5600000000000,
    0xbfd2895a13de86a3,
    0xbc77ad24c13f040e,
    0x3ff5500000000000,
    0xbfd2596010df763a,
    0x3c50f76c57075e9e,
    0x3ff5400000000000,
    0xbfd22941fbcf7966,
    0x3c776f5eb09628af,
    0x3ff5400000000000,
    0xbfd22941fbcf7966,
    0x3c776f5eb09628af,
    0x3ff5300000000000,
    0xbfd1f8ff9e48a2f3,
    0x3c7c9fdf9a0c4b07,
    0x3ff5200000000000,
    0xbfd1c898c16999fb,
    0x3c30e5c62aff1c44,
    0x3ff5100000000000,
    0xbfd1980d2dd4236f,
    0xbc79d3d1b0e4d147,
    0x3ff5000000000000,
    0xbfd1675cababa60e,
    0xbc2ce63eab883717,
    0x3ff4f00000000000,
    0xbfd136870293a8b0,
    0xbc77b66298edd24a,
    0x3ff4e00000000000,
    0xbfd1058bf9ae4ad5,
    0xbc589fa0ab4cb31d,
    0x3ff4e00000000000,
    0xbfd1058bf9ae4ad5,
    0xbc589fa0ab4cb31d,
    0x3ff4d00000000000,
    0xbfd0d46b579ab74b,
    0xbc603ec81c3cbd92,
    0x3ff4c00000000000,
    0xbfd0a324e27390e3,
    0xbc77dcfde8061c03,
    0x3ff4b00000000000,
    0xbfd071b85fcd590d,
    0xbc5d1707f97bde80,
    0x3ff4a00000000000,
    0xbfd0402594b4d041,
    0x3c628ec217a5022d,
    0x3ff4900000000000,
    0xbfd00e6c45ad501d,
    0x3c6cb9568ff6fead,
    0x3ff4900000000000,
    0xbfd00e6c45ad501d,
    0x3c6cb9568ff6fead,
    0x3ff4800000000000,
    0xbfcfb9186d5e3e2b,
    0x3c6caaae64f21acb,
    0x3ff4700000000000,
    0xbfcf550a564b7b37,
    0xbc2c5f6dfd018c37,
    0x3ff4600000000000,
    0xbfcef0adcbdc5936,
    0xbc648637950dc20d,
    0x3ff4500000000000,
    0xbfce8c0252aa5a60,
    0x3c46e03a39bfc89b,
    0x3ff4400000000000,
    0xbfce27076e2af2e6,
    0x3c461578001e0162,
    0x3ff4400000000000,
    0xbfce27076e2af2e6,
    0x3c461578001e0162,
    0x3ff4300000000000,
    0xbfcdc1bca0abec7d,
    0xbc6834c51998b6fc,
    0x3ff4200000000000,
    0xbfcd5c216b4fbb91,
    0xbc66e443597e4d40,
    0x3ff4100000000000,
    0xbfccf6354e09c5dc,
    0xbc6239a07d55b695,
    0x3ff4000000000000,
    0xbfcc8ff7c79a9a22,
    0x3c64f689f8434012,
    0x3ff4000000000000,
    0xbfcc8ff7c79a9a22,
    0x3c64f689f8434012,
    0x3ff3f00000000000,
    0xbfcc2968558c18c1,
    0x3c673dee38a3fb6b,
    0x3ff3e00000000000,
    0xbfcbc286742d8cd6,
    0xbc54fce744870f55,
    0x3ff3d00000000000,
    0xbfcb5b519e8fb5a4,
    0xbc6ba27fdc19e1a0,
    0x3ff3d00000000000,
    0xbfcb5b519e8fb5a4,
    0xbc6ba27fdc19e1a0,
    0x3ff3c00000000000,
    0xbfcaf3c94e80bff3,
    0x3c5398cff3641985,
    0x3ff3b00000000000,
    0xbfca8becfc882f19,
    0x3c5e8c37918c39eb,
    0x3ff3a00000000000,
    0xbfca23bc1fe2b563,
    0xbc493711b07a998c,
    0x3ff3a00000000000,
    0xbfca23bc1fe2b563,
    0xbc493711b07a998c,
    0x3ff3900000000000,
    0xbfc9bb362e7dfb83,
    0xbc6575e31f003e0c,
    0x3ff3800000000000,
    0xbfc9525a9cf456b4,
    0xbc6d904c1d4e2e26,
    0x3ff3700000000000,
    0xbfc8e928de886d41,
    0x3c6569d851a56770,
    0x3ff3700000000000,
    0xbfc8e928de886d41,
    0x3c6569d851a56770,
    0x3ff3600000000000,
    0xbfc87fa06520c911,
    0x3c6bf7fdbfa08d9a,
    0x3ff3500000000000,
    0xbfc815c0a14357eb,
    0x3c54be48073a0564,
    0x3ff3400000000000,
    0xbfc7ab890210d909,
    0xbc4be36b2d6a0608,
    0x3ff3400000000000,
    0xbfc7ab890210d909,
    0xbc4be36b2d6a0608,
    0x3ff3300000000000,
    0xbfc740f8f54037a5,
    0x3c5b264062a84cdb,
    0x3ff3200000000000,
    0xbfc6d60fe719d21d,
    0x3c6caae268ecd179,
    0x3ff3200000000000,
    0xbfc6d60fe719d21d,
    0x3c6caae268ecd179,
    0x3ff3100000000000,
    0xbfc66acd4272ad51,
    0x3c50900e4e1ea8b2,
    0x3ff3000000000000,
    0xbfc5ff3070a793d4,
    0x3c5bc60efafc6f6e,
    0x3ff2f00000000000,
    0xbfc59338d9982086,
    0x3c565d22aa8ad7cf,
    0x3ff2f00000000000,
    0xbfc59338d9982086,
    0x3c565d22aa8ad7cf,
    0x3ff2e00000000000,
    0xbfc526e5e3a1b438,
    0x3c6746ff8a470d3a,
    0x3ff2d00000000000,
    0xbfc4ba36f39a55e5,
    0xbc668981bcc36756,
    0x3ff2d00000000000,
    0xbfc4ba36f39a55e5,
    0xbc668981bcc36756,
    0x3ff2c00000000000,
    0xbfc44d2b6ccb7d1e,
    0xbc69f4f6543e1f88,
    0x3ff2b00000000000,
    0xbfc3dfc2b0ecc62a,
    0x3c5ab3a8e7d81017,
    0x3ff2b00000000000,
    0xbfc3dfc2b0ecc62a,
    0x3c5ab3a8e7d81017,
    0x3ff2a00000000000,
    0xbfc371fc201e8f74,
    0xbc5de6cb62af18a0,
    0x3ff2900000000000,
    0xbfc303d718e47fd3,
    0x3c06b9c7d96091fa,
    0x3ff2900000000000,
    0xbfc303d718e47fd3,
    0x3c06b9c7d96091fa,
    0x3ff2800000000000,
    0xbfc29552f81ff523,
    0xbc6301771c407dbf,
    0x3ff2700000000000,
    0xbfc2266f190a5acb,
    0xbc6f547bf1809e88,
    0x3ff2700000000000,
    0xbfc2266f190a5acb,
    0xbc6f547bf1809e88,
    0x3ff2600000000000,
    0xbfc1b72ad52f67a0,
    0xbc5483023472cd74,
    0x3ff2500000000000,
    0xbfc14785846742ac,
    0xbc6a28813e3a7f07,
    0x3ff2500000000000,
    0xbfc14785846742ac,
    0xbc6a28813e3a7f07,
    0x3ff2400000000000,
    0xbfc0d77e7cd08e59,
    0xbc69a5dc5e9030ac,
    0x3ff2300000000000,
    0xbfc0671512ca596e,
    0xbc550c647eb86499,
    0x3ff2300000000000,
    0xbfc0671512ca596e,
    0xbc550c647eb86499,
    0x3ff2200000000000,
    0xbfbfec9131dbeabb,
    0x3c55746b9981b36c,
    0x3ff2100000000000,
    0xbfbf0a30c01162a6,
    0xbc585f325c5bbacd,
    0x3ff2100000000000,
    0xbfbf0a30c01162a6,
    0xbc585f325c5bbacd,
    0x3ff2000000000000,
    0xbfbe27076e2af2e6,
    0x3c361578001e0162,
    0x3ff1f00000000000,
    0xbfbd4313d66cb35d,
    0xbc5790dd951d90fa,
    0x3ff1f00000000000,
    0xbfbd4313d66cb35d,
    0xbc5790dd951d90fa,
    0x3ff1e00000000000,
    0xbfbc5e548f5bc743,
    0xbc35d617ef8161b1,
    0x3ff1e00000000000,
    0xbfbc5e548f5bc743,
    0xbc35d617ef8161b1,
    0x3ff1d00000000000,
    0xbfbb78c82bb0eda1,
    0xbc20878cf0327e21,
    0x3ff1c00000000000,
    0xbfba926d3a4ad563,
    0xbc5942f48aa70ea9,
    0x3ff1c00000000000,
    0xbfba926d3a4ad563,
    0xbc5942f48aa70ea9,
    0x3ff1b00000000000,
    0xbfb9ab42462033ad,
    0x3c42099e1c184e8e,
    0x3ff1a00000000000,
    0xbfb8c345d6319b21,
    0x3c24a697ab3424a9,
    0x3ff1a00000000000,
    0xbfb8c345d6319b21,
    0x3c24a697ab3424a9,
    0x3ff1900000000000,
    0xbfb7da766d7b12cd,
    0x3c5eeedfcdd94131,
    0x3ff1900000000000,
    0xbfb7da766d7b12cd,
    0x3c5eeedfcdd94131,
    0x3ff1800000000000,
    0xbfb6f0d28ae56b4c,
    0x3c5906d99184b992,
    0x3ff1700000000000,
    0xbfb60658a93750c4,
    0x3c5388458ec21b6a,
    0x3ff1700000000000,
    0xbfb60658a93750c4,
    0x3c5388458ec21b6a,
    0x3ff1600000000000,
    0xbfb51b073f06183f,
    0xbc5a49e39a1a8be4,
    0x3ff1600000000000,
    0xbfb51b073f06183f,
    0xbc5a49e39a1a8be4,
    0x3ff1500000000000,
    0xbfb42edcbea646f0,
    0xbc4ddd4f935996c9,
    0x3ff1500000000000,
    0xbfb42edcbea646f0,
    0xbc4ddd4f935996c9,
    0x3ff1400000000000,
    0xbfb341d7961bd1d1,
    0x3c5b599f227becbb,
    0x3ff1300000000000,
    0xbfb253f62f0a1417,
    0x3c1c125963fc4cfd,
    0x3ff1300000000000,
    0xbfb253f62f0a1417,
    0x3c1c125963fc4cfd,
    0x3ff1200000000000,
    0xbfb16536eea37ae1,
    0x3c379da3e8c22cda,
    0x3ff1200000000000,
    0xbfb16536eea37ae1,
    0x3c379da3e8c22cda,
    0x3ff1100000000000,
    0xbfb075983598e471,
    0xbc480da5333c45b8,
    0x3ff1000000000000,
    0xbfaf0a30c01162a6,
    0xbc485f325c5bbacd,
    0x3ff1000000000000,
    0xbfaf0a30c01162a6,
    0xbc485f325c5bbacd,
    0x3ff0f00000000000,
    0xbfad276b8adb0b52,
    0xbc21e3c53257fd47,
    0x3ff0f00000000000,
    0xbfad276b8adb0b52,
    0xbc21e3c53257fd47,
    0x3ff0e00000000000,
    0xbfab42dd711971bf,
    0x3c3eb9759c130499,
    0x3ff0e00000000000,
    0xbfab42dd711971bf,
    0x3c3eb9759c130499,
    0x3ff0d00000000000,
    0xbfa95c830ec8e3eb,
    0xbc4f5a0e80520bf2,
    0x3ff0d00000000000,
    0xbfa95c830ec8e3eb,
    0xbc4f5a0e80520bf2,
    0x3ff0c00000000000,
    0xbfa77458f632dcfc,
    0xbc418d3ca87b9296,
    0x3ff0b00000000000,
    0xbfa58a5bafc8e4d5,
    0x3c4ce55c2b4e2b72,
    0x3ff0b00000000000,
    0xbfa58a5bafc8e4d5,
    0x3c4ce55c2b4e2b72,
    0x3ff0a00000000000,
    0xbfa39e87b9febd60,
    0x3c45bfa937f551bb,
    0x3ff0a00000000000,
    0xbfa39e87b9febd60,
    0x3c45bfa937f551bb,
    0x3ff0900000000000,
    0xbfa1b0d98923d980,
    0x3c3e9ae889bac481,
    0x3ff0900000000000,
    0xbfa1b0d98923d980,
    0x3c3e9ae889bac481,
    0x3ff0800000000000,
    0xbf9f829b0e783300,
    0xbc333e3f04f1ef23,
    0x3ff0800000000000,
    0xbf9f829b0e783300,
    0xbc333e3f04f1ef23,
    0x3ff0700000000000,
    0xbf9b9fc027af9198,
    0x3bf0ae69229dc868,
    0x3ff0700000000000,
    0xbf9b9fc027af9198,
    0x3bf0ae69229dc868,
    0x3ff0600000000000,
    0xbf97b91b07d5b11b,
    0x3c35b602ace3a510,
    0x3ff0600000000000,
    0xbf97b91b07d5b11b,
    0x3c35b602ace3a510,
    0x3ff0500000000000,
    0xbf93cea44346a575,
    0x3c10cb5a902b3a1c,
    0x3ff0500000000000,
    0xbf93cea44346a575,
    0x3c10cb5a902b3a1c,
    0x3ff0400000000000,
    0xbf8fc0a8b0fc03e4,
    0x3c183092c59642a1,
    0x3ff0400000000000,
    0xbf8fc0a8b0fc03e4,
    0x3c183092c59642a1,
    0x3ff0300000000000,
    0xbf87dc475f810a77,
    0x3c116d7687d3df21,
    0x3ff0300000000000,
    0xbf87dc475f810a77,
    0x3c116d7687d3df21,
    0x3ff0200000000000,
    0xbf7fe02a6b106789,
    0x3bce44b7e3711ebf,
    0x3ff0200000000000,
    0xbf7fe02a6b106789,
    0x3bce44b7e3711ebf,
    0x3ff0100000000000,
    0xbf6ff00aa2b10bc0,
    0xbc02821ad5a6d353,
    0x3ff0100000000000,
    0xbf6ff00aa2b10bc0,
    0xbc02821ad5a6d353,
    0x3ff0000000000000,
    0x0000000000000000,
    0x0000000000000000,
    0x3fefe00000000000,
    0x3f70080559588b35,
    0x3c1f96638cf63677,
    0x3fefc00000000000,
    0x3f8010157588de71,
    0x3c146662d417ced0,
    0x3fefa00000000000,
    0x3f882448a388a2aa,
    0x3c104b16137f09a0,
    0x3fef800000000000,
    0x3f90205658935847,
    0x3c327c8e8416e71f,
    0x3fef600000000000,
    0x3f9432a925980cc1,
    0xbc38cdaf39004192,
    0x3fef400000000000,
    0x3f98492528c8cabf,
    0xbc3d192d0619fa67,
    0x3fef200000000000,
    0x3f9c63d2ec14aaf2,
    0xbc3ce030a686bd86,
    0x3fef000000000000,
    0x3fa0415d89e74444,
    0x3c4c05cf1d753622,
    0x3feef00000000000,
    0x3fa149e3e4005a8d,
    0xbc253482d1f9d7d7,
    0x3feed00000000000,
    0x3fa35c8bfaa1306b,
    0xbc050830a65543a4,
    0x3feeb00000000000,
    0x3fa5715c4c03ceef,
    0xbc2bbf88ec501b56,
    0x3fee900000000000,
    0x3fa788595a3577ba,
    0x3c4e5ef898b67923,
    0x3fee700000000000,
    0x3fa9a187b573de7c,
    0xbc4727626c86b3ab,
    0x3fee500000000000,
    0x3fabbcebfc68f420,
    0x3c3e5cf3a0f56f72,
    0x3fee400000000000,
    0x3faccb73cdddb2cc,
    0xbc4e48fb0500efd4,
    0x3fee200000000000,
    0x3faeea31c006b87c,
    0xbc43e4fc93b7b66c,
    0x3fee000000000000,
    0x3fb08598b59e3a07,
    0xbc5dd7009902bf32,
    0x3fede00000000000,
    0x3fb1973bd1465567,
    0xbc47558367a6acf6,
    0x3fedd00000000000,
    0x3fb2207b5c78549e,
    0xbc5cc0fbce104eaa,
    0x3fedb00000000000,
    0x3fb333d7f8183f4b,
    0x3c5a92afc8ef70b1,
    0x3fed900000000000,
    0x3fb4485e03dbdfad,
    0x3c51ba349aadbc6e,
    0x3fed700000000000,
    0x3fb55e10050e0384,
    0xbc545f9d61c68c1b,
    0x3fed600000000000,
    0x3fb5e95a4d9791cb,
    0x3c5f38745c5c450a,
    0x3fed400000000000,
    0x3fb700d30aeac0e1,
    0xbc272566212cdd05,
    0x3fed200000000000,
    0x3fb8197e2f40e3f0,
    0x3c3b9f2dffbeed43,
    0x3fed100000000000,
    0x3fb8a6477a91dc29,
    0xbc4fa83214904842,
    0x3fecf00000000000,
    0x3fb9c0c32d4d2548,
    0x3c4fb0be3ccc1532,
    0x3fece00000000000,
    0x3fba4e7640b1bc38,
    0xbc55b5ca203e4259,
    0x3fecc00000000000,
    0x3fbb6ac88dad5b1c,
    0xbc40057eed1ca59f,
    0x3feca00000000000,
    0x3fbc885801bc4b23,
    0x3c5a38cb559a6706,
    0x3fec900000000000,
    0x3fbd179788219364,
    0x3c49daf7df76ad2a,
    0x3fec700000000000,
    0x3fbe3707ee30487b,
    0x3c509ccecd579d99,
    0x3fec600000000000,
    0x3fbec739830a1120,
    0xbc4a2bf991780d3f,
    0x3fec400000000000,
    0x3fbfe89139dbd566,
    0xbc5ac9f4215f9393,
    0x3fec200000000000,
    0x3fc08598b59e3a07,
    0xbc6dd7009902bf32,
    0x3fec100000000000,
    0x3fc0ce7ecdccc28d,
    0xbc6692a0055dc959,
    0x3febf00000000000,
    0x3fc160c8024b27b1,
    0xbc62d56ff61c2bfb,
    0x3febe00000000000,
    0x3fc1aa2b7e23f72a,
    0xbc4c6ef1d9b2ef7e,
    0x3febc00000000000,
    0x3fc23d712a49c202,
    0xbc66e38161051d69,
    0x3febb00000000000,
    0x3fc28753bc11aba5,
    0xbc66394d9fa33311,
    0x3feb900000000000,
    0x3fc31b994d3a4f85,
    0xbc5c4716bdfc0cc9,
    0x3feb800000000000,
    0x3fc365fcb0159016,
    0x3c57d411a5b944ad,
    0x3feb600000000000,
    0x3fc3fb45a59928cc,
    0xbc6d87e6a354d056,
    0x3feb500000000000,
    0x3fc4462b9dc9b3dc,
    0xbc5629c46c186385,
    0x3feb300000000000,
    0x3fc4dc7b897bc1c8,
    0xbc6927d47803c5f4,
    0x3feb200000000000,
    0x3fc527e5e4a1b58d,
    0xbc271a9682395bfd,
    0x3feb100000000000,
    0x3fc5737cc9018cdd,
    0x3c64f4d710fec38e,
    0x3feaf00000000000,
    0x3fc60b3100b09476,
    0xbc55b2623e05016b,
    0x3feae00000000000,
    0x3fc6574ebe8c133a,
    0xbc3d34f0f4621bed,
    0x3feac00000000000,
    0x3fc6f0128b756abc,
    0xbc68de59c21e166c,
    0x3feab00000000000,
    0x3fc73cb9074fd14d,
    0xbc6521a000b4cf01,
    0x3feaa00000000000,
    0x3fc7898d85444c73,
    0x3c5ef8f6ebcfb201,
    0x3fea800000000000,
    0x3fc823c16551a3c2,
    0xbc61232ce70be781,
    0x3fea700000000000,
    0x3fc871213750e994,
    0x3c6d685f35eea2a0,
    0x3fea500000000000,
    0x3fc90c6db9fcbcd9,
    0x3c6054473941ad99,
    0x3fea400000000000,
    0x3fc95a5adcf7017f,
    0x3c5142c507fb7a3d,
    0x3fea300000000000,
    0x3fc9a8778debaa38,
    0x3c6f47dfd871f87f,
    0x3fea100000000000,
    0x3fca454082e6ab05,
    0x3c5df207dc5c34c6,
    0x3fea000000000000,
    0x3fca93ed3c8ad9e3,
    0x3c6bcafa9de97203,
    0x3fe9f00000000000,
    0x3fcae2ca6f672bd4,
    0x3c6ab5ca9eaa088a,
    0x3fe9d00000000000,
    0x3fcb811730b823d2,
    0x3c3a0ee735d9f0ec,
    0x3fe9c00000000000,
    0x3fcbd087383bd8ad,
    0x3c3dd355f6a516d7,
    0x3fe9b00000000000,
    0x3fcc2028ab17f9b4,
    0x3c6f11aa3853a5f1,
    0x3fe9a00000000000,
    0x3fcc6ffbc6f00f71,
    0xbc68e58b2c57a4a5,
    0x3fe9800000000000,
    0x3fcd1037f2655e7b,
    0x3c660629242471a2,
    0x3fe9700000000000,
    0x3fcd60a17f903515,
    0xbc6c0df841a71b7a,
    0x3fe9600000000000,
    0x3fcdb13db0d48940,
    0x3c5aa11d49f96cb9,
    0x3fe9500000000000,
    0x3fce020cc6235ab5,
    0x3c5fea48dd7b81d1,
    0x3fe9300000000000,
    0x3fcea4449f04aaf5,
    0xbc6d33919ab94074,
    0x3fe9200000000000,
    0x3fcef5ade4dcffe6,
    0xbc508ab2ddc708a0,
    0x3fe9100000000000,
    0x3fcf474b134df229,
    0xbc527c77ded76aad,
    0x3fe9000000000000,
    0x3fcf991c6cb3b379,
    0x3c6f665066f980a2,
    0x3fe8e00000000000,
    0x3fd01eae5626c691,
    0xbc418290bd2932e2,
    0x3fe8d00000000000,
    0x3fd047e60cde83b8,
    0xbc70779634061cbc,
    0x3fe8c00000000000,
    0x3fd07138604d5862,
    0x3c7cdb16ed4e9138,
    0x3fe8b00000000000,
    0x3fd09aa572e6c6d4,
    0x3c643c2e68684d53,
    0x3fe8a00000000000,
    0x3fd0c42d676162e3,
    0x3c5162c79d5d11ee,
    0x3fe8800000000000,
    0x3fd1178e8227e47c,
    0xbc60e63a5f01c691,
    0x3fe8700000000000,
    0x3fd14167ef367783,
    0x3c1e0936abd4fa6e,
    0x3fe8600000000000,
    0x3fd16b5ccbacfb73,
    0x3c766fbd28b40935,
    0x3fe8500000000000,
    0x3fd1956d3b9bc2fa,
    0x3c77b9d68d50a15d,
    0x3fe8400000000000,
    0x3fd1bf99635a6b95,
    0xbc612aeb84249223,
    0x3fe8300000000000,
    0x3fd1e9e1678899f4,
    0x3c7512c3749a1e4e,
    0x3fe8200000000000,
    0x3fd214456d0eb8d4,
    0x3c6f7ae91aeba60a,
    0x3fe8000000000000,
    0x3fd269621134db92,
    0x3c7e0efadd9db02b,
    0x3fe7f00000000000,
    0x3fd2941afb186b7c,
    0xbc6856e61c515740,
    0x3fe7e00000000000,
    0x3fd2bef07cdc9354,
    0xbc782dad7fd86088,
    0x3fe7d00000000000,
    0x3fd2e9e2bce12286,
    0x3c18251a3b83d97a,
    0x3fe7c00000000000,
    0x3fd314f1e1d35ce4,
    0xbc73d69909e5c3dc,
    0x3fe7b00000000000,
    0x3fd3401e12aecba1,
    0xbc5cd55b8a4746c0,
    0x3fe7a00000000000,
    0x3fd36b6776be1117,
    0xbc5324f0e883858e,
    0x3fe7900000000000,
    0x3fd396ce359bbf54,
    0xbc5ce2b31b31e8b0,
    0x3fe7800000000000,
    0x3fd3c25277333184,
    0xbc72ad27e50a8ec6,
    0x3fe7600000000000,
    0x3fd419b423d5e8c7,
    0x3c60dbb243827392,
    0x3fe7500000000000,
    0x3fd44591e0539f49,
    0xbc72b125247b0fa5,
    0x3fe7400000000000,
    0x3fd4718dc271c41b,
    0x3c38fb4c14c56eef,
    0x3fe7300000000000,
    0x3fd49da7f3bcc41f,
    0xbc69964a168ccaca,
    0x3fe7200000000000,
    0x3fd4c9e09e172c3c,
    0xbc5123615b147a5d,
    0x3fe7100000000000,
    0x3fd4f637ebba9810,
    0xbc758cb3124b9245,
    0x3fe7000000000000,
    0x3fd522ae0738a3d8,
    0xbc68f7e9b38a6979,
    0x3fe6f00000000000,
    0x3fd54f431b7be1a9,
    0xbc7aacfdbbdab914,
    0x3fe6e00000000000,
    0x3fd57bf753c8d1fb,
    0xbc60908d15f88b63,
    0x3fe6d00000000000,
    0x3fd5a8cadbbedfa1,
    0xbc5e6c2bdfb3e037,
    0x3fe6c00000000000,
    0x3fd5d5bddf595f30,
    0xbc76541148cbb8a2,
    0x3fe6b00000000000,
    0x3fd602d08af091ec,
    0xbc56e8920c09b73f,
    0x3fe6a00000000000,
    0x3fd630030b3aac49,
    0x3c6dc18ce51fff99,
];

/// The table index of the (positive normal) `f64` with bits `ix`.
#[inline(always)]
fn index(ix: u64) -> usize {
    ((ix.wrapping_sub(OFF) >> 44) & 0xff) as usize
}

/// The table entry `(c, L_hi, L_lo)` of index `i`.
#[inline(always)]
fn entry(i: usize) -> (f64, f64, f64) {
    (
        f64::from_bits(T[3 * i]),
        f64::from_bits(T[3 * i + 1]),
        f64::from_bits(T[3 * i + 2]),
    )
}

/// `(k, z, 2^-k)` of the (positive normal) `f64` with bits `ix`: `x = 2^k z` with `z` in
/// `[OFF, 2 OFF)`; `2^-k` is only meaningful for `k <= 1022`.
#[inline(always)]
pub(super) fn reduce(ix: u64) -> (f64, f64, f64) {
    let t = ix.wrapping_sub(OFF);
    let z = f64::from_bits((t & M52) + OFF);
    let kb = (t >> 52) ^ 0x800;
    let k = f64::from_bits(MAGIC_BITS + kb) - KBIAS;
    let scale = f64::from_bits((3071u64.wrapping_sub(kb)) << 52);
    (k, z, scale)
}

/// `log(2^k (1 + r + d) / c)` as a double-double `(v, rest)` (see the module docs), given
/// `-log c = lhi + llo`; `d = 0` for `log`.
#[inline(always)]
pub(super) fn ln_parts(k: f64, r: f64, d: f64, lhi: f64, llo: f64) -> (f64, f64) {
    let a = k * LN2_HI;
    let t = a + lhi;
    let te = (a - t) + lhi;
    let u = t + r;
    let bp = u - t;
    let ue = (t - (u - bp)) + (r - bp);
    let p = r * r;
    let pe = r.mul_add(r, -p);
    let h = -0.5 * p;
    let v = u + h;
    let ve = (u - v) + h;
    let q = P[6]
        .mul_add(r, P[5])
        .mul_add(r, P[4])
        .mul_add(r, P[3])
        .mul_add(r, P[2])
        .mul_add(r, P[1])
        .mul_add(r, P[0]);
    let poly = (r * p) * q;
    let corr = d * r.mul_add(r - 1.0, 1.0);
    let small = ((te + ue) + ve) + k.mul_add(LN2_LO, llo) + pe.mul_add(-0.5, corr);
    (v, small + poly)
}

/// The rounding test of `v + rest` with the bound `EPS |v|`: the result and whether it is
/// proven correctly rounded.
#[inline(always)]
fn round(v: f64, rest: f64) -> (f64, bool) {
    let eps = EPS * v.abs();
    let lo = v + (rest - eps);
    let hi = v + (rest + eps);
    (hi, lo == hi)
}

/// `(v + rest) (c_hi + c_lo)` as a double-double (`v + rest` renormalised first).
#[inline(always)]
fn scale_dd(v: f64, rest: f64, (c_hi, c_lo): (f64, f64)) -> (f64, f64) {
    let s = v + rest;
    let se = (v - s) + rest;
    let w = s * c_hi;
    let we = s.mul_add(c_hi, -w);
    (w, we + se.mul_add(c_hi, s * c_lo))
}

/// Whether `ix` is a positive normal finite `f64`.
#[inline(always)]
pub(super) fn positive_normal(ix: u64) -> bool {
    ix.wrapping_sub(0x0010_0000_0000_0000) < 0x7fe0_0000_0000_0000
}

/// Blocks of at most this many elements use table arrays of this size: clearing three
/// arrays of [`BLOCK`] costs more than a 16-element call's arithmetic.
pub(super) const SMALL: usize = 32;

/// The table-lookup pass of a block of `n <= N` elements (scalar loads: a portable build
/// emits no gathers; an inline gather in the arithmetic loop measured 2.6x slower): the
/// entries of the bits `ixs`, written into `e` (a caller's array: returned by value, the
/// 24 KiB of a full block were copied once more).
#[inline(always)]
pub(super) fn lookups<const N: usize>(
    e: &mut [[f64; N]; 3],
    n: usize,
    ixs: impl Iterator<Item = u64>,
) {
    let [c, h, l] = e;
    for (((c, h), l), ix) in c[..n].iter_mut().zip(&mut h[..n]).zip(&mut l[..n]).zip(ixs) {
        (*c, *h, *l) = entry(index(ix));
    }
}

/// `log x`, `log2 x` or `log10 x` over a block: `S` scales the natural logarithm
/// (`None` for `log`).
#[inline(always)]
fn log_block(xs: &[f64], out: &mut [f64], bad: &mut [u32], s: Option<(f64, f64)>) -> u32 {
    if xs.len() <= SMALL {
        log_block_n::<SMALL>(xs, out, bad, s)
    } else {
        log_block_n::<BLOCK>(xs, out, bad, s)
    }
}

/// [`log_block`] with table arrays of `N >= xs.len()` elements.
#[inline(always)]
fn log_block_n<const N: usize>(
    xs: &[f64],
    out: &mut [f64],
    bad: &mut [u32],
    s: Option<(f64, f64)>,
) -> u32 {
    let n = xs.len();
    let mut e = [[0.0f64; N]; 3];
    lookups(&mut e, n, xs.iter().map(|x| x.to_bits()));
    let [c, h, l] = &e;
    let mut any = 0;
    for (((((o, b), &x), &c), &h), &l) in out
        .iter_mut()
        .zip(bad.iter_mut())
        .zip(xs)
        .zip(&c[..n])
        .zip(&h[..n])
        .zip(&l[..n])
    {
        let ix = x.to_bits();
        let (k, z, _) = reduce(ix);
        let r = z.mul_add(c, -1.0);
        let (v, rest) = ln_parts(k, r, 0.0, h, l);
        let (v, rest) = match s {
            Some(s) => scale_dd(v, rest, s),
            None => (v, rest),
        };
        let (y, ok) = round(v, rest);
        *o = y;
        *b = (!(ok & positive_normal(ix))) as u32;
        any |= *b;
    }
    any
}

/// Implements [`Fun64`] for a logarithm through [`log_block`] with the scale `$s`.
macro_rules! log_fun {
    ($(#[$m:meta])* $t:ident, $name:literal, $s:expr, $exact:path) => {
        $(#[$m])*
        pub struct $t;
        impl Fun64 for $t {
            const NAME: &'static str = $name;
            #[inline(always)]
            fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
                log_block(xs, out, bad, $s)
            }
            fn exact(x: f64) -> f64 {
                $exact(x)
            }
        }
    };
}

log_fun!(
    /// `ln x`.
    Log64, "log", None, cm::log
);
log_fun!(
    /// `log2 x`.
    Log2_64, "log2", Some(INV_LN2), cm::log2
);
log_fun!(
    /// `log10 x`.
    Log10_64, "log10", Some(INV_LN10), cm::log10
);

/// `2^-10`: below it, `log1p` takes `r = x` directly.
const TWO_M10: f64 = 0.0009765625;
/// The bits of `1.0`.
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;

/// `1 + x` as `h + l` exactly (TwoSum), and the bits `log1p` reduces: those of `h`, or
/// of 1 for `|x| < 2^-10` (then `l` is 0).
#[inline(always)]
fn one_plus(x: f64) -> (f64, u64) {
    let h = 1.0 + x;
    let bp = h - 1.0;
    let l = (1.0 - (h - bp)) + (x - bp);
    let small = x.abs() < TWO_M10;
    let ix = if small { ONE_BITS } else { h.to_bits() };
    (if small { 0.0 } else { l }, ix)
}

/// `ln(1 + x)`.
pub struct Log1p64;
impl Fun64 for Log1p64 {
    const NAME: &'static str = "log1p";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        if xs.len() <= SMALL {
            log1p_block::<SMALL>(xs, out, bad)
        } else {
            log1p_block::<BLOCK>(xs, out, bad)
        }
    }
    fn exact(x: f64) -> f64 {
        cm::log1p(x)
    }
}

/// `log1p` over a block, with table arrays of `N >= xs.len()` elements.
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn log1p_block<const N: usize>(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
    let n = xs.len();
    let mut e = [[0.0f64; N]; 3];
    lookups(&mut e, n, xs.iter().map(|&x| one_plus(x).1));
    let [c, h, l] = &e;
    let mut any = 0;
    for (((((o, b), &x), &c), &h), &l) in out
        .iter_mut()
        .zip(bad.iter_mut())
        .zip(xs)
        .zip(&c[..n])
        .zip(&h[..n])
        .zip(&l[..n])
    {
        let (lo, ix) = one_plus(x);
        let (k, z, scale) = reduce(ix);
        // On the interval of 1 with `|x| < 2^-10`, `z c - 1` is `(1 + x) - 1`: `x`
        // itself is exact.
        let rr = z.mul_add(c, -1.0);
        let r = if x.abs() < TWO_M10 { x } else { rr };
        let d = (lo * c) * scale;
        let (v, rest) = ln_parts(k, r, d, h, l);
        let (y, ok) = round(v, rest);
        *o = y;
        let range = (x > -1.0) & (x < 1e301) & (x.abs() >= 3e-151);
        *b = (!(ok & range)) as u32;
        any |= *b;
    }
    any
}

/// An inverse hyperbolic function as the logarithm of a double-double argument `h + l`
/// (see "The inverse hyperbolic functions" in the module docs), with an odd series for
/// small `|x|`.
trait LogOf {
    /// `|x|` below this takes [`LogOf::direct`].
    const DIRECT_BELOW: f64;
    /// The argument of the logarithm, `h + l` (`h` positive normal where the lane is used).
    fn arg(x: f64) -> (f64, f64);
    /// The result's factor applied to the logarithm (exact: `+-1` or `+-1/2`).
    fn factor(x: f64) -> f64;
    /// The series for small `|x|`, as `(v, rest)`.
    fn direct(x: f64) -> (f64, f64);
    /// Whether `x` is in the proven range.
    fn range(x: f64) -> bool;
}

/// `x^2 + c` as a double-double, `c` exact (`+-1`): the exact square, then TwoSum.
#[inline(always)]
fn square_plus(x: f64, c: f64) -> (f64, f64) {
    let p = x * x;
    let pe = x.mul_add(x, -p);
    let s = p + c;
    let bp = s - p;
    let se = (p - (s - bp)) + (c - bp);
    (s, se + pe)
}

/// `sqrt(h + l)` as a double-double: the rounded root and the first-order correction
/// `(h - s^2 + l) / (2 s)` (the residual `h - s^2` exact by a fused multiply-add).
#[inline(always)]
fn sqrt_dd(h: f64, l: f64) -> (f64, f64) {
    let s = h.sqrt();
    let res = (-s).mul_add(s, h);
    (s, (res + l) / (s + s))
}

/// `a + (h + l)` as a double-double (TwoSum of `a` and `h`, `l` added to the rest).
#[inline(always)]
fn add_dd(a: f64, h: f64, l: f64) -> (f64, f64) {
    let s = a + h;
    let bp = s - a;
    let e = (a - (s - bp)) + (h - bp);
    (s, e + l)
}

/// `x + x^3 (c0 + c1 x^2 + c2 x^4)` as `(v, rest)` (Fast2Sum of `x` and the tail).
#[inline(always)]
fn odd_series(x: f64, c: [f64; 3]) -> (f64, f64) {
    let t = x * x;
    let tail = (x * t) * c[2].mul_add(t, c[1]).mul_add(t, c[0]);
    let v = x + tail;
    (v, (x - v) + tail)
}

/// [`LogOf`] `F` over a block with arrays of `N >= xs.len()` elements: the arguments,
/// the table lookups, then the logarithm, the series, the factor and the rounding test.
#[inline(always)]
fn log_of_block<F: LogOf, const N: usize>(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
    let n = xs.len();
    let (mut hs, mut ls) = ([0.0f64; N], [0.0f64; N]);
    for ((h, l), &x) in hs[..n].iter_mut().zip(&mut ls[..n]).zip(xs) {
        (*h, *l) = F::arg(x);
    }
    let mut e = [[0.0f64; N]; 3];
    lookups(&mut e, n, hs[..n].iter().map(|h| h.to_bits()));
    let [c, th, tl] = &e;
    let mut any = 0;
    for (((((((o, b), &x), &h), &l), &c), &th), &tl) in out
        .iter_mut()
        .zip(bad.iter_mut())
        .zip(xs)
        .zip(&hs[..n])
        .zip(&ls[..n])
        .zip(&c[..n])
        .zip(&th[..n])
        .zip(&tl[..n])
    {
        let (k, z, scale) = reduce(h.to_bits());
        let r = z.mul_add(c, -1.0);
        let d = (l * c) * scale;
        let (v, rest) = ln_parts(k, r, d, th, tl);
        let f = F::factor(x);
        let (dv, dr) = F::direct(x);
        let direct = x.abs() < F::DIRECT_BELOW;
        let (v, rest) = if direct { (dv, dr) } else { (v * f, rest * f) };
        let (y, ok) = round(v, rest);
        *o = y;
        *b = (!(ok & F::range(x))) as u32;
        any |= *b;
    }
    any
}

/// Implements [`Fun64`] for a [`LogOf`] through [`log_of_block`].
macro_rules! log_of {
    ($t:ident, $name:literal, $exact:path) => {
        impl Fun64 for $t {
            const NAME: &'static str = $name;
            #[inline(always)]
            fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
                if xs.len() <= SMALL {
                    log_of_block::<$t, SMALL>(xs, out, bad)
                } else {
                    log_of_block::<$t, BLOCK>(xs, out, bad)
                }
            }
            fn exact(x: f64) -> f64 {
                $exact(x)
            }
        }
    };
}

/// `atanh x = sign(x) log1p(q) / 2`, `q = 2|x| / (1 - |x|)`.
pub struct Atanh64;
impl LogOf for Atanh64 {
    const DIRECT_BELOW: f64 = TWO_M10;
    #[inline(always)]
    fn arg(x: f64) -> (f64, f64) {
        let a = x.abs();
        let dh = 1.0 - a;
        let dl = (1.0 - dh) - a;
        let inv = 1.0 / dh;
        let qh = (a + a) * inv;
        let res = (-qh).mul_add(dh, a + a);
        let ql = (-qh).mul_add(dl, res) * inv;
        add_dd(1.0, qh, ql)
    }
    #[inline(always)]
    fn factor(x: f64) -> f64 {
        0.5f64.copysign(x)
    }
    #[inline(always)]
    fn direct(x: f64) -> (f64, f64) {
        odd_series(x, [1.0 / 3.0, 0.2, 1.0 / 7.0])
    }
    #[inline(always)]
    #[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
    fn range(x: f64) -> bool {
        let a = x.abs();
        (a < 1.0) & (a >= 3e-151)
    }
}
log_of!(Atanh64, "atanh", cm::atanh);

/// `asinh x = sign(x) log(|x| + sqrt(x^2 + 1))`.
pub struct Asinh64;
impl LogOf for Asinh64 {
    const DIRECT_BELOW: f64 = TWO_M10;
    #[inline(always)]
    fn arg(x: f64) -> (f64, f64) {
        let a = x.abs();
        let (sh, sl) = square_plus(a, 1.0);
        let (rh, rl) = sqrt_dd(sh, sl);
        add_dd(a, rh, rl)
    }
    #[inline(always)]
    fn factor(x: f64) -> f64 {
        1.0f64.copysign(x)
    }
    #[inline(always)]
    fn direct(x: f64) -> (f64, f64) {
        odd_series(x, [-1.0 / 6.0, 3.0 / 40.0, -15.0 / 336.0])
    }
    #[inline(always)]
    #[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
    fn range(x: f64) -> bool {
        let a = x.abs();
        (a < 1e150) & (a >= 3e-151)
    }
}
log_of!(Asinh64, "asinh", cm::asinh);

/// `acosh x = log1p(t + sqrt(t^2 + 2t))`, `t = x - 1`, for `x <= 2`; `log(x + sqrt(x^2 -
/// 1))` above.
pub struct Acosh64;
impl LogOf for Acosh64 {
    const DIRECT_BELOW: f64 = 0.0;
    #[inline(always)]
    fn arg(x: f64) -> (f64, f64) {
        // x <= 2: t exact (Sterbenz), t^2 + 2t exact as a double-double (2t exact).
        let t = x - 1.0;
        let (ph, pl) = square_plus(t, 0.0);
        let (sh, sl) = add_dd(t + t, ph, pl);
        let (rh, rl) = sqrt_dd(sh, sl);
        let (wh, wl) = add_dd(t, rh, rl);
        let (near_h, near_l) = add_dd(1.0, wh, wl);
        // x > 2.
        let (sh, sl) = square_plus(x, -1.0);
        let (rh, rl) = sqrt_dd(sh, sl);
        let (far_h, far_l) = add_dd(x, rh, rl);
        if x <= 2.0 {
            (near_h, near_l)
        } else {
            (far_h, far_l)
        }
    }
    #[inline(always)]
    fn factor(_: f64) -> f64 {
        1.0
    }
    #[inline(always)]
    fn direct(_: f64) -> (f64, f64) {
        (0.0, 0.0)
    }
    #[inline(always)]
    #[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
    fn range(x: f64) -> bool {
        (x >= 1.0) & (x < 1e150)
    }
}
log_of!(Acosh64, "acosh", cm::acosh);
