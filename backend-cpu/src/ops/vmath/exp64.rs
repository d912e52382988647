//! `exp`, `exp2` and `expm1` of `f64`, correctly rounded, vectorised (and the table core
//! that [`super::hyp64`] shares).
//!
//! # Method (`exp`)
//! The table method with a rounding test on a double-double result (as CORE-MATH's own
//! fast path does, here branch-free over vector lanes):
//!
//! * `k = round(x 128 / ln 2)` (one fused multiply-add onto `1.5 * 2^52`, which leaves `k`
//!   in the low 32 bits), `j = k mod 128`, `e = floor(k / 128)`, so that
//!   `e^x = 2^e 2^(j/128) e^r` with `r = x - k ln2/128`, `|r| <= ln2/256 + 2^-40`.
//! * `r` as a sum `r + r_lo`: `ln2/128 = L1 + L2 + d_L`, `L1` with 35 significant bits (so
//!   `k L1` is exact for `|k| < 2^18`), `|d_L| < 2^-98.4`; `r_hi = x - k L1` is exact (one
//!   fused multiply-add; Sterbenz), then `r = r_hi - k L2` and its rest `r_lo` (Fast2Sum).
//! * `2^(j/128) = T_hi + T_lo`, a double-double from the 128-entry table (within
//!   `2^-106` relative; generated with `mpmath` at 300 bits, as printed in `T`'s docs).
//! * `e^r - 1 - r = r^2 Q(r)`, `Q` the Taylor polynomial of degree 4 (`1/2 ... 1/720`).
//! * The value `T (1 + r + r^2 Q + r_lo) + T_lo r` as `s + rest`: `T_hi r = a + a_err`
//!   (exact product, one fused multiply-add), `T_hi + a = s + e1` (Fast2Sum, exact),
//!   `rest = e1 + a_err + (T_hi (r^2 Q) + T_lo) + T_hi r_lo + T_lo r` (the private
//!   `exp_parts`, which `exp2`, `expm1`, `sinh`, `cosh` and `tanh` share).
//!
//! **Rounding test**: with the error bound `eps = 2^-66 T_hi` (below), the result
//! `s + (rest + eps)` is correctly rounded when it equals `s + (rest - eps)`: the exact
//! value lies between the two, and rounding is monotonic. Then `2^e` is added to the
//! exponent field (exact: the range below keeps the result normal). Other elements (about
//! `2^-12` of them) and inputs outside `-708 <= x <= 709` (NaN included; there the result
//! is subnormal, zero, close to overflow or infinite) are CORE-MATH's `exp`.
//!
//! # Error analysis
//! In units of `T_hi` (which is in `[1, 2)`); `u = 2^-53`, `|r| <= 0.002708`, so
//! `r^2 <= 2^-17.06`, `|k| < 2^17.1`:
//! * reduction: `k L2` rounds once (`|k L2| < 2^-26.07`: error below `2^-79`), `k d_L`
//!   below `2^-81.3`, and `r + r_lo = r_hi - k L2` exactly when `|r_hi| >= |k L2|`;
//!   otherwise `|r| < 2^-25` and the two differ by under `2^-78`. So `r + r_lo` is the
//!   exact reduced argument within `2^-77` (a factor `e^(2^-77)` on the result).
//! * `r^2 Q`: the Taylor remainder `|r|^7 / 5040 e^|r| < 2^-72`; `Q` (about 1/2) by
//!   Horner within `2u` relative, `r^2` and the product rounded: within
//!   `2^-70.06 + 2 * 2^-71.06` of `r^2 Q`.
//! * the fused multiply-add `T_hi (r^2 Q) + T_lo` rounds once: `u (2^-16.06 + u) <
//!   2^-69`; the three other additions of `rest` (partial sums below `2^-16`) round at most
//!   `2^-69` each; `T_lo r` and `T_hi r_lo` round below `2^-100`; the neglected
//!   `T_lo (e^r - 1 - r)` and `T_hi r_lo (e^r - 1)` are below `2^-70` and `2^-69.9`
//!   (`|r_lo| <= ulp(r)/2 <= 2^-62`; any `|r_lo| <= 2^-61.4` gives the same).
//! * the table: `2^-106`.
//!
//! Total below `2^-72 + 2^-69.2 + 4 * 2^-69 + 2^-70 + 2^-69.9 + 2^-77 < 2^-66.4` (the
//! bound of `exp_parts` for any `|r| <= 0.002708`, `|r_lo| <= 2^-61.4`, against
//! `2^(j/128) e^(r + r_lo)`; `2^-77` is the reduction's), so `eps = 2^-66` holds; the
//! rounding of `rest +- eps` (below `u 2^-16 = 2^-69`) keeps the tested interval around
//! the exact one (the slack `2^-66 - 2^-66.4` exceeds `2^-68.3`).
//!
//! # `exp2`
//! `k = round(128 x)` (`128 x` is exact; one fused multiply-add onto `1.5 * 2^52`),
//! `2^x = 2^e 2^(j/128) 2^r0` with `r0 = x - k/128`, exact (one fused multiply-add: `k/128`
//! and `x` are multiples of `min(ulp(x), 2^-7)` and `|r0| <= 1/256`). Then
//! `2^r0 = e^(z + z_lo)`: `ln 2 = LN2_HI + LN2_LO` (within `2^-107`), `z = RN(r0 LN2_HI)`,
//! `z_lo = (r0 LN2_HI - z) + RN(r0 LN2_LO)` (the first term exact by a fused
//! multiply-add), so `|z| <= ln2/256 (1 + u) < 0.002708`, `|z_lo| <= 2^-62 + 2^-63.2 <
//! 2^-61.4`, and `z + z_lo = r0 ln 2` within `2^-113` (the `LN2_LO` product and the sum
//! rounded, the tail of `ln 2`). `exp_parts` then holds its `2^-66.4` (with `2^-113` for
//! the reduction in place of `2^-77`): the same `eps = 2^-66` and rounding test. Range:
//! `-1022 <= x <= 1023` (normal results, `e <= 1023`, the exponent-field addition exact);
//! NaN, infinities and every other input are CORE-MATH's. Integer `x` have `r0 = 0` and
//! `rest = 0`: exact powers of two pass the test.
//!
//! # `expm1`
//! Two paths, computed on every lane and selected per lane:
//!
//! * `|x| < 1/4`: `expm1(x) = x E(x)`, `E(x) = sum_(i >= 0) x^i / (i + 1)!`, truncated at
//!   `i = 14`. Horner: `c_5 ... c_14` (`1/6! ... 1/15!`, rounded) in double (`q`), then
//!   five double-double steps (`dd_step`, below) with `1/5!`, `1/4!`, `1/3!` as
//!   double-doubles (within `2^-106`) and `1/2`, `1`; then `s = RN(E_h x)`,
//!   `rest = (E_h x - s) + E_l x` (the first term exact). Error, relative to
//!   `E >= 4 (1 - e^-1/4) > 0.885`: truncation `2^-30 / 16! (1.02) < 2^-74.2`; the double
//!   tail: each Horner step rounds once and damps the error before it by
//!   `|x q| / |c_i| <= 1/24`, and the coefficients round once, so it is within
//!   `2.2u |q|`, which enters `E` times `|x|^5`: `2^-10 (1.01/720) 2.2 u < 2^-71.3`; the
//!   five double-double steps `5 * 2^-101` (each damps what came before), the
//!   coefficients `2^-105`, the final product `2^-103`. Total below `2^-70.8`:
//!   `eps = 2^-69 |s|`.
//! * `1/4 <= |x|`, `-40 <= x <= 709`: `e^x = 2^e (s + rest)` from `exp_parts` (within
//!   `2^-66.4 T_hi <= 2^-66.39 s`, as `T_hi <= 1.0028 s`), made `a + a_lo` by Fast2Sum
//!   (exact) and scaled by `2^e` (`-58 <= e <= 1023`: exact, but for an `a_lo 2^e` below
//!   `2^-1022`, whose error `2^-1075` is nothing against `|expm1(x)| > 0.22`); then
//!   `a 2^e - 1 = S + err` (TwoSum, exact) and `rest = err + a_lo 2^e` (one rounding,
//!   below `2^-104 |S|`). The error is below `2^-66.39 a 2^e + 2^-104 |S|`, under
//!   `eps = 2^-66 a 2^e` (the bound is relative to `e^x`, not to the result: the
//!   cancellation of `- 1`, `a 2^e <= 4.6 |S|` for `|x| >= 1/4`, only raises the fallback
//!   rate near `|x| = 1/4`).
//!
//! The rounding test is `exp`'s. Flagged (CORE-MATH): `x < -40` (`2^e` below `2^-58`; the
//! result is `-1` or its neighbour), `x > 709` (overflow near), `|x| < 10^-270` (zeros,
//! and products that would underflow), NaN.
//!
//! # Double-double steps
//! `dd_step` computes `(a_h + a_l)(x_h + x_l) + (c_h + c_l)` for `|a x| <= |c| / 4`,
//! `|a_l| <= 2^-50 |a_h|`, `|x_l| <= 2^-53 |x_h|`, `|c_l| <= 2^-53 |c_h|`:
//! `a_h x_h = p_h + p_e` exactly (fused multiply-add), `c_h + p_h = s_h + s_e` (Fast2Sum:
//! `|p_h| <= |c_h|`), `s_l = s_e + ((p_e + (a_h x_l + a_l x_h)) + c_l)`. The neglected
//! `a_l x_l` and the six roundings of the low part are each below `2^-103 |c|`, in all
//! below `2^-101.9 |c| <= 2^-101.4 |c + a x|`; and `|s_l| <= 2^-50 |s_h|` again (so steps
//! chain). Where `x_h` underflows (`|x| < 2^-484` in `hyp64`), the absolute errors, below
//! `2^-1070`, are nothing against `|c| >= 2^-13`.

use super::{BLOCK, Fun64, apply64};

/// `1.5 * 2^52` (see [`super::exp`]).
const MAGIC: f64 = 6755399441055744.0;
/// `128 / ln 2`, rounded.
const INV_L: f64 = 184.664_965_233_787_3;
/// `ln2/128` to 35 significant bits (bits `0x3f76_2e42_fefc_0000`).
const L1: f64 = f64::from_bits(0x3f76_2e42_fefc_0000);
/// `ln2/128 - L1`, rounded (the rest is below `2^-98.4`).
const L2: f64 = f64::from_bits(0xbd3c_610c_a86c_3899);
/// The error bound, in units of `T_hi`.
const EPS: f64 = f64::from_bits(0x3bd0_0000_0000_0000); // 2^-66

/// `2^(j/128) = T[2j] + T[2j + 1]` (bits of `f64`s): the nearest `f64` and the nearest
/// `f64` to the rest, from `mp.mpf(2)**(mp.mpf(j)/128)` at `mp.mp.prec = 300`.
static T: [u64; 256] = [
    0x3ff0000000000000,
    0x0000000000000000,
    0x3ff0163da9fb3335,
    0x3c9b61299ab8cdb7,
    0x3ff02c9a3e778061,
    0xbc719083535b085d,
    0x3ff04315e86e7f85,
    0xbc90a31c1977c96e,
    0x3ff059b0d3158574,
    0x3c8d73e2a475b465,
    0x3ff0706b29ddf6de,
    0xbc8c91dfe2b13c27,
    0x3ff0874518759bc8,
    0x3c6186be4bb284ff,
    0x3ff09e3ecac6f383,
    0x3c91487818316136,
    0x3ff0b5586cf9890f,
    0x3c98a62e4adc610b,
    0x3ff0cc922b7247f7,
    0x3c901edc16e24f71,
    0x3ff0e3ec32d3d1a2,
    0x3c403a1727c57b53,
    0x3ff0fb66affed31b,
    0xbc6b9bedc44ebd7b,
    0x3ff11301d0125b51,
    0xbc96c51039449b3a,
    0x3ff12abdc06c31cc,
    0xbc51b514b36ca5c7,
    0x3ff1429aaea92de0,
    0xbc932fbf9af1369e,
    0x3ff15a98c8a58e51,
    0x3c82406ab9eeab0a,
    0x3ff172b83c7d517b,
    0xbc819041b9d78a76,
    0x3ff18af9388c8dea,
    0xbc911023d1970f6c,
    0x3ff1a35beb6fcb75,
    0x3c8e5b4c7b4968e4,
    0x3ff1bbe084045cd4,
    0xbc995386352ef607,
    0x3ff1d4873168b9aa,
    0x3c9e016e00a2643c,
    0x3ff1ed5022fcd91d,
    0xbc91df98027bb78c,
    0x3ff2063b88628cd6,
    0x3c8dc775814a8495,
    0x3ff21f49917ddc96,
    0x3c82a97e9494a5ee,
    0x3ff2387a6e756238,
    0x3c99b07eb6c70573,
    0x3ff251ce4fb2a63f,
    0x3c8ac155bef4f4a4,
    0x3ff26b4565e27cdd,
    0x3c82bd339940e9d9,
    0x3ff284dfe1f56381,
    0xbc9a4c3a8c3f0d7e,
    0x3ff29e9df51fdee1,
    0x3c8612e8afad1255,
    0x3ff2b87fd0dad990,
    0xbc410adcd6381aa4,
    0x3ff2d285a6e4030b,
    0x3c90024754db41d5,
    0x3ff2ecafa93e2f56,
    0x3c71ca0f45d52383,
    0x3ff306fe0a31b715,
    0x3c86f46ad23182e4,
    0x3ff32170fc4cd831,
    0x3c8a9ce78e18047c,
    0x3ff33c08b26416ff,
    0x3c932721843659a6,
    0x3ff356c55f929ff1,
    0xbc8b5cee5c4e4628,
    0x3ff371a7373aa9cb,
    0xbc963aeabf42eae2,
    0x3ff38cae6d05d866,
    0xbc9e958d3c9904bd,
    0x3ff3a7db34e59ff7,
    0xbc75e436d661f5e3,
    0x3ff3c32dc313a8e5,
    0xbc9efff8375d29c3,
    0x3ff3dea64c123422,
    0x3c8ada0911f09ebc,
    0x3ff3fa4504ac801c,
    0xbc97d023f956f9f3,
    0x3ff4160a21f72e2a,
    0xbc5ef3691c309278,
    0x3ff431f5d950a897,
    0xbc81c7dde35f7999,
    0x3ff44e086061892d,
    0x3c489b7a04ef80d0,
    0x3ff46a41ed1d0057,
    0x3c9c944bd1648a76,
    0x3ff486a2b5c13cd0,
    0x3c73c1a3b69062f0,
    0x3ff4a32af0d7d3de,
    0x3c99cb62f3d1be56,
    0x3ff4bfdad5362a27,
    0x3c7d4397afec42e2,
    0x3ff4dcb299fddd0d,
    0x3c98ecdbbc6a7833,
    0x3ff4f9b2769d2ca7,
    0xbc94b309d25957e3,
    0x3ff516daa2cf6642,
    0xbc8f768569bd93ef,
    0x3ff5342b569d4f82,
    0xbc807abe1db13cad,
    0x3ff551a4ca5d920f,
    0xbc8d689cefede59b,
    0x3ff56f4736b527da,
    0x3c99bb2c011d93ad,
    0x3ff58d12d497c7fd,
    0x3c8295e15b9a1de8,
    0x3ff5ab07dd485429,
    0x3c96324c054647ad,
    0x3ff5c9268a5946b7,
    0x3c3c4b1b816986a2,
    0x3ff5e76f15ad2148,
    0x3c9ba6f93080e65e,
    0x3ff605e1b976dc09,
    0xbc93e2429b56de47,
    0x3ff6247eb03a5585,
    0xbc9383c17e40b497,
    0x3ff6434634ccc320,
    0xbc8c483c759d8933,
    0x3ff6623882552225,
    0xbc9bb60987591c34,
    0x3ff68155d44ca973,
    0x3c6038ae44f73e65,
    0x3ff6a09e667f3bcd,
    0xbc9bdd3413b26456,
    0x3ff6c012750bdabf,
    0xbc72895667ff0b0d,
    0x3ff6dfb23c651a2f,
    0xbc6bbe3a683c88ab,
    0x3ff6ff7df9519484,
    0xbc883c0f25860ef6,
    0x3ff71f75e8ec5f74,
    0xbc816e4786887a99,
    0x3ff73f9a48a58174,
    0xbc90a8d96c65d53c,
    0x3ff75feb564267c9,
    0xbc90245957316dd3,
    0x3ff780694fde5d3f,
    0x3c9866b80a02162d,
    0x3ff7a11473eb0187,
    0xbc841577ee04992f,
    0x3ff7c1ed0130c132,
    0x3c9f124cd1164dd6,
    0x3ff7e2f336cf4e62,
    0x3c705d02ba15797e,
    0x3ff80427543e1a12,
    0xbc927c86626d972b,
    0x3ff82589994cce13,
    0xbc9d4c1dd41532d8,
    0x3ff8471a4623c7ad,
    0xbc88d684a341cdfb,
    0x3ff868d99b4492ed,
    0xbc9fc6f89bd4f6ba,
    0x3ff88ac7d98a6699,
    0x3c9994c2f37cb53a,
    0x3ff8ace5422aa0db,
    0x3c96e9f156864b27,
    0x3ff8cf3216b5448c,
    0xbc70d55e32e9e3aa,
    0x3ff8f1ae99157736,
    0x3c85cc13a2e3976c,
    0x3ff9145b0b91ffc6,
    0xbc9dd6792e582524,
    0x3ff93737b0cdc5e5,
    0xbc675fc781b57ebc,
    0x3ff95a44cbc8520f,
    0xbc764b7c96a5f039,
    0x3ff97d829fde4e50,
    0xbc9d185b7c1b85d1,
    0x3ff9a0f170ca07ba,
    0xbc9173bd91cee632,
    0x3ff9c49182a3f090,
    0x3c7c7c46b071f2be,
    0x3ff9e86319e32323,
    0x3c7824ca78e64c6e,
    0x3ffa0c667b5de565,
    0xbc9359495d1cd533,
    0x3ffa309bec4a2d33,
    0x3c96305c7ddc36ab,
    0x3ffa5503b23e255d,
    0xbc9d2f6edb8d41e1,
    0x3ffa799e1330b358,
    0x3c9bcb7ecac563c7,
    0x3ffa9e6b5579fdbf,
    0x3c90fac90ef7fd31,
    0x3ffac36bbfd3f37a,
    0xbc8f9234cae76cd0,
    0x3ffae89f995ad3ad,
    0x3c97a1cd345dcc81,
    0x3ffb0e07298db666,
    0xbc9bdef54c80e425,
    0x3ffb33a2b84f15fb,
    0xbc62805e3084d708,
    0x3ffb59728de5593a,
    0xbc9c71dfbbba6de3,
    0x3ffb7f76f2fb5e47,
    0xbc75584f7e54ac3b,
    0x3ffba5b030a1064a,
    0xbc9efcd30e54292e,
    0x3ffbcc1e904bc1d2,
    0x3c823dd07a2d9e84,
    0x3ffbf2c25bd71e09,
    0xbc9efdca3f6b9c73,
    0x3ffc199bdd85529c,
    0x3c811065895048dd,
    0x3ffc40ab5fffd07a,
    0x3c9b4537e083c60a,
    0x3ffc67f12e57d14b,
    0x3c92884dff483cad,
    0x3ffc8f6d9406e7b5,
    0x3c71acbc48805c44,
    0x3ffcb720dcef9069,
    0x3c7503cbd1e949db,
    0x3ffcdf0b555dc3fa,
    0xbc8dd83b53829d72,
    0x3ffd072d4a07897c,
    0xbc9cbc3743797a9c,
    0x3ffd2f87080d89f2,
    0xbc9d487b719d8578,
    0x3ffd5818dcfba487,
    0x3c82ed02d75b3707,
    0x3ffd80e316c98398,
    0xbc911ec18beddfe8,
    0x3ffda9e603db3285,
    0x3c9c2300696db532,
    0x3ffdd321f301b460,
    0x3c92da5778f018c3,
    0x3ffdfc97337b9b5f,
    0xbc91a5cd4f184b5c,
    0x3ffe264614f5a129,
    0xbc97b627817a1496,
    0x3ffe502ee78b3ff6,
    0x3c839e8980a9cc8f,
    0x3ffe7a51fbc74c83,
    0x3c92d522ca0c8de2,
    0x3ffea4afa2a490da,
    0xbc9e9c23179c2893,
    0x3ffecf482d8e67f1,
    0xbc9c93f3b411ad8c,
    0x3ffefa1bee615a27,
    0x3c9dc7f486a4b6b0,
    0x3fff252b376bba97,
    0x3c93a1a5bf0d8e43,
    0x3fff50765b6e4540,
    0x3c99d3e12dd8a18b,
    0x3fff7bfdad9cbe14,
    0xbc9dbb12d006350a,
    0x3fffa7c1819e90d8,
    0x3c874853f3a5931e,
    0x3fffd3c22b8f71f1,
    0x3c62eb74966579e7,
];

/// `x 128 / ln 2 + 1.5 * 2^52`, holding `k` in its low 32 bits.
#[inline(always)]
fn kd(x: f64) -> f64 {
    x.mul_add(INV_L, MAGIC)
}

/// The table index `j = k mod 128` of `x`.
#[inline(always)]
fn index(x: f64) -> usize {
    (kd(x).to_bits() as u32 & 127) as usize
}

/// The reduced argument of `x` (see the module docs): `(k, r, r_lo)` with
/// `x = k ln2/128 + r + r_lo` (within `2^-77`), `k` as an `f64` and in the low 32 bits of
/// [`kd`]'s bits.
#[inline(always)]
pub(super) fn reduce(x: f64) -> (f64, f64, f64) {
    let k = kd(x) - MAGIC;
    let r_hi = (-k).mul_add(L1, x);
    let kl2 = k * L2;
    let r = r_hi - kl2;
    let r_lo = (r_hi - r) - kl2;
    (k, r, r_lo)
}

/// `2^(j/128) e^(r + r_lo)` as the unevaluated sum `s + rest` (`|rest| < 2^-15.9`), for
/// `|r| <= ln2/256 + 2^-40`, `|r_lo| <= 2^-61.4`, within `2^-66.4 T_hi` (see the module
/// docs), given the table entry `(thi, tlo)` of `j`.
#[inline(always)]
pub(super) fn exp_parts(r: f64, r_lo: f64, thi: f64, tlo: f64) -> (f64, f64) {
    let q = (1.0 / 720.0f64)
        .mul_add(r, 1.0 / 120.0)
        .mul_add(r, 1.0 / 24.0)
        .mul_add(r, 1.0 / 6.0)
        .mul_add(r, 0.5);
    let t = (r * r) * q;
    let a = thi * r;
    let a_err = thi.mul_add(r, -a);
    let s = thi + a;
    let e1 = (thi - s) + a;
    let rest = e1 + a_err + thi.mul_add(t, tlo) + thi * r_lo + tlo * r;
    (s, rest)
}

/// The table entry `(T_hi, T_lo)` of `2^(j/128)`, `j < 128`.
#[inline(always)]
pub(super) fn table(j: usize) -> (f64, f64) {
    (f64::from_bits(T[2 * j]), f64::from_bits(T[2 * j + 1]))
}

/// `k` of [`reduce`] as an integer (from the low 32 bits of [`kd`]).
#[inline(always)]
pub(super) fn k_int(x: f64) -> i32 {
    kd(x).to_bits() as u32 as i32
}

/// `2^e` for `-1022 <= e <= 1023`.
#[inline(always)]
pub(super) fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `a + b = s + err` exactly (Fast2Sum: needs `|a| >= |b|`, or `a` zero).
#[inline(always)]
pub(super) fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, (a - s) + b)
}

/// `a + b = s + err` exactly (TwoSum: any order).
#[inline(always)]
pub(super) fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// One double-double Horner step: `(ah + al)(xh + xl) + (ch + cl)` as `sh + sl`, for
/// `|(ah + al)(xh + xl)| <= |ch| / 2`, `|al| <= 2^-51 |ah|`, `|xl| <= 2^-53 |xh|`,
/// `|cl| <= 2^-53 |ch|`: within `2^-100 |ch|` (the module docs).
#[inline(always)]
pub(super) fn dd_step(ah: f64, al: f64, xh: f64, xl: f64, ch: f64, cl: f64) -> (f64, f64) {
    let ph = ah * xh;
    let pe = ah.mul_add(xh, -ph);
    let pl = pe + (ah * xl + al * xh);
    let (sh, se) = fast_two_sum(ch, ph);
    (sh, se + (pl + cl))
}

/// A double-double constant from the bits of its two parts.
#[inline(always)]
pub(super) const fn dd(hi: u64, lo: u64) -> (f64, f64) {
    (f64::from_bits(hi), f64::from_bits(lo))
}

/// `e^x` with its rounding test (see the module docs), given the table entry
/// `(thi, tlo)` of `x` (`index`): the result and whether it is proven correctly rounded.
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
pub fn exp_cr(x: f64, thi: f64, tlo: f64) -> (f64, bool) {
    let e = k_int(x) >> 7;
    let (_, r, r_lo) = reduce(x);
    let (s, rest) = exp_parts(r, r_lo, thi, tlo);
    let eps = EPS * thi;
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    let y = f64::from_bits(hi.to_bits().wrapping_add(((e as i64) as u64) << 52));
    (y, (lo == hi) & (x >= -708.0) & (x <= 709.0))
}

/// `e^x`.
pub struct Exp64;
impl Fun64 for Exp64 {
    const NAME: &'static str = "exp";
    /// Two passes: the table lookups (scalar loads: the vectoriser of a portable build
    /// does not emit gathers), then the vectorised evaluation.
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let n = xs.len();
        let (mut th, mut tl) = ([0.0f64; BLOCK], [0.0f64; BLOCK]);
        for ((h, l), &x) in th[..n].iter_mut().zip(&mut tl[..n]).zip(xs) {
            let j = index(x);
            *h = f64::from_bits(T[2 * j]);
            *l = f64::from_bits(T[2 * j + 1]);
        }
        let mut any = 0;
        for ((((o, b), &x), &h), &l) in out.iter_mut().zip(bad.iter_mut()).zip(xs).zip(&th).zip(&tl)
        {
            let (y, ok) = exp_cr(x, h, l);
            *o = y;
            *b = (!ok) as u32;
            any |= *b;
        }
        any
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::exp(x)
    }
}

/// `out[i] = e^(xs[i])`, correctly rounded, on the instruction set of the caller (for
/// kernels that are themselves compiled per path, as `softmax`'s).
#[inline(always)]
pub fn exp_slice(xs: &[f64], out: &mut [f64]) {
    apply64::<Exp64>(xs, out)
}

/// The sigmoid in `f64`, as [`crate::ops::sigmoid_f64`] defines it (`1/(1+e^-x)` for
/// `x >= 0`, `e^x/(1+e^x)` below) with the correctly rounded `e^(-|x|)` of [`Exp64`]:
/// the same bits.
pub struct Sigmoid64;
impl Fun64 for Sigmoid64 {
    const NAME: &'static str = "sigmoid";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let n = xs.len();
        let mut m = [0.0f64; BLOCK];
        for (m, &x) in m[..n].iter_mut().zip(xs) {
            *m = -x.abs();
        }
        let any = Exp64::block(&m[..n], out, bad);
        for (o, &x) in out.iter_mut().zip(xs) {
            let e = *o;
            *o = if x >= 0.0 {
                1.0 / (1.0 + e)
            } else {
                e / (1.0 + e)
            };
        }
        any
    }
    fn exact(x: f64) -> f64 {
        crate::ops::sigmoid_f64(x)
    }
}

/// `ln 2 = LN2_HI + LN2_LO` (within `2^-107`), from `mp.log(2)` at `mp.mp.prec = 300`.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fefa_39ef);
/// See [`LN2_HI`].
const LN2_LO: f64 = f64::from_bits(0x3c7a_bc9e_3b39_803f);

/// `128 x + 1.5 * 2^52` (exact product, one rounding), holding `round(128 x)` in its low
/// 32 bits.
#[inline(always)]
fn kd2(x: f64) -> f64 {
    x.mul_add(128.0, MAGIC)
}

/// `2^x` with its rounding test (see the module docs), given the table entry `(thi, tlo)`
/// of `j = round(128 x) mod 128`.
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn exp2_cr(x: f64, thi: f64, tlo: f64) -> (f64, bool) {
    let kd = kd2(x);
    let k = kd - MAGIC;
    let e = (kd.to_bits() as u32 as i32) >> 7;
    // Exact: `k/128` and `x` are multiples of the ULP of `x` (or `k = 0`), `|r0| <= 1/256`.
    let r0 = k.mul_add(-1.0 / 128.0, x);
    let z = r0 * LN2_HI;
    let z_lo = r0.mul_add(LN2_HI, -z) + r0 * LN2_LO;
    let (s, rest) = exp_parts(z, z_lo, thi, tlo);
    let eps = EPS * thi;
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    let y = f64::from_bits(hi.to_bits().wrapping_add(((e as i64) as u64) << 52));
    (y, (lo == hi) & (x >= -1022.0) & (x <= 1023.0))
}

/// `2^x`.
pub struct Exp2_64;
impl Fun64 for Exp2_64 {
    const NAME: &'static str = "exp2";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let n = xs.len();
        let (mut th, mut tl) = ([0.0f64; BLOCK], [0.0f64; BLOCK]);
        for ((h, l), &x) in th[..n].iter_mut().zip(&mut tl[..n]).zip(xs) {
            (*h, *l) = table((kd2(x).to_bits() as u32 & 127) as usize);
        }
        let mut any = 0;
        for ((((o, b), &x), &h), &l) in out.iter_mut().zip(bad.iter_mut()).zip(xs).zip(&th).zip(&tl)
        {
            let (y, ok) = exp2_cr(x, h, l);
            *o = y;
            *b = (!ok) as u32;
            any |= *b;
        }
        any
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::exp2(x)
    }
}

/// `1/(n!)` as double-doubles, from `1 / mp.factorial(n)` at `mp.mp.prec = 300`: `n = 3`.
pub(super) const F3: (f64, f64) = dd(0x3fc5_5555_5555_5555, 0x3c65_5555_5555_5555);
/// `n = 4`, as [`F3`].
pub(super) const F4: (f64, f64) = dd(0x3fa5_5555_5555_5555, 0x3c45_5555_5555_5555);
/// `n = 5`, as [`F3`].
pub(super) const F5: (f64, f64) = dd(0x3f81_1111_1111_1111, 0x3c01_1111_1111_1111);
/// `n = 6`, as [`F3`].
pub(super) const F6: (f64, f64) = dd(0x3f56_c16c_16c1_6c17, 0xbbef_49f4_9f49_f49f);

/// `1/n!`, rounded (`n!` is exact in `f64` up to `n = 22`).
pub(super) const fn inv_fact(n: u32) -> f64 {
    let mut f = 1.0f64;
    let mut i = 2;
    while i <= n {
        f *= i as f64;
        i += 1;
    }
    1.0 / f
}

/// The relative error bound of `expm1`'s small path.
const EPS_M1_SMALL: f64 = f64::from_bits(0x3ba0_0000_0000_0000); // 2^-69

/// `expm1(x)` for `|x| < 1/4` as `s + rest` (see the module docs): `x E(x)`,
/// `E(x) = sum x^i / (i + 1)!` to `i = 14`, the last five Horner steps in double-double.
#[inline(always)]
pub(super) fn expm1_small(x: f64) -> (f64, f64) {
    let q = inv_fact(15)
        .mul_add(x, inv_fact(14))
        .mul_add(x, inv_fact(13))
        .mul_add(x, inv_fact(12))
        .mul_add(x, inv_fact(11))
        .mul_add(x, inv_fact(10))
        .mul_add(x, inv_fact(9))
        .mul_add(x, inv_fact(8))
        .mul_add(x, inv_fact(7))
        .mul_add(x, inv_fact(6));
    let (h, l) = dd_step(q, 0.0, x, 0.0, F5.0, F5.1);
    let (h, l) = dd_step(h, l, x, 0.0, F4.0, F4.1);
    let (h, l) = dd_step(h, l, x, 0.0, F3.0, F3.1);
    let (h, l) = dd_step(h, l, x, 0.0, 0.5, 0.0);
    let (h, l) = dd_step(h, l, x, 0.0, 1.0, 0.0);
    let s = h * x;
    (s, h.mul_add(x, -s) + l * x)
}

/// The error bound of `expm1`'s table path, in units of `2^e s` (the scaled `e^x`).
const EPS_M1: f64 = f64::from_bits(0x3bd0_0000_0000_0000); // 2^-66

/// `e^x - 1` and whether it passed the rounding test, given the table entry `(h, l)` of
/// `x` (`SMALL`: whether the block has arguments below `1/4`).
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn expm1_lane<const SMALL: bool>(x: f64, h: f64, l: f64) -> (f64, bool) {
    // The table path: 2^e (s + rest) - 1.
    let e = k_int(x) >> 7;
    let (_, r, r_lo) = reduce(x);
    let (s, rest) = exp_parts(r, r_lo, h, l);
    let (a, al) = fast_two_sum(s, rest);
    let sc = pow2(e);
    let a = a * sc;
    let (big, err) = two_sum(a, -1.0);
    let big_rest = err + al * sc;
    let big_eps = EPS_M1 * a;
    // Both paths on every lane (selected per lane: blends), the small one only in blocks
    // that need it.
    let (ss, srest) = if SMALL { expm1_small(x) } else { (0.0, 0.0) };
    let (s, rest, eps) = if SMALL && x.abs() < 0.25 {
        (ss, srest, EPS_M1_SMALL * ss.abs())
    } else {
        (big, big_rest, big_eps)
    };
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    (
        hi,
        (lo == hi) & (x >= -40.0) & (x <= 709.0) & (x.abs() >= 1e-270),
    )
}

/// `e^x - 1`.
pub struct Expm1_64;
impl Fun64 for Expm1_64 {
    const NAME: &'static str = "expm1";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let n = xs.len();
        let (mut th, mut tl) = ([0.0f64; BLOCK], [0.0f64; BLOCK]);
        let mut small = false;
        for ((h, l), &x) in th[..n].iter_mut().zip(&mut tl[..n]).zip(xs) {
            (*h, *l) = table(index(x));
            small |= x.abs() < 0.25;
        }
        // Plain loops (no closures), so that the lane code is compiled inside the caller's
        // target features.
        let mut any = 0;
        let it = out
            .iter_mut()
            .zip(bad.iter_mut())
            .zip(xs.iter().zip(&th).zip(&tl));
        if small {
            for ((o, b), ((&x, &h), &l)) in it {
                let (y, ok) = expm1_lane::<true>(x, h, l);
                *o = y;
                *b = (!ok) as u32;
                any |= *b;
            }
        } else {
            for ((o, b), ((&x, &h), &l)) in it {
                let (y, ok) = expm1_lane::<false>(x, h, l);
                *o = y;
                *b = (!ok) as u32;
                any |= *b;
            }
        }
        any
    }
    fn exact(x: f64) -> f64 {
        crate::cmath::f64::expm1(x)
    }
}
