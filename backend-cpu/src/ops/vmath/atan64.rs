//! `atan`, `asin`, `acos` and `atan2` of `f64`, correctly rounded, vectorised.
//!
//! # Method
//! One core, `atan z` for `z = X / Y >= 0` given as two double-doubles `X`, `Y` (up to a
//! common factor), with a table and a rounding test on a double-double result (as
//! [`super::exp64`]):
//!
//! * **Operands.** `atan`: `X = |x|`, `Y = 1`. `asin`: `asin a = atan(a / sqrt(1 - a^2))`
//!   (`a = |x| < 1`): `a^2 = h + l` exactly (fused multiply-add), `1 - h = d_h + d_e`
//!   (Fast2Sum, exact: `h < 1`), `d_l = d_e - l`, so `d = 1 - a^2 = d_h + d_l` within
//!   `2^-106 d`; `w = sqrt(d_h)` rounded, `e = d_h - w^2` exactly (fused multiply-add; the
//!   remainder of a correctly rounded square root is representable). Both operands are
//!   multiplied by `w` to avoid a division: `X = a w` (exact product, fused multiply-add),
//!   `Y = w sqrt(d) = d_h + (d_l - e)/2 - (e + d_l)^2/(8 w^2) + ...`, of which the first two
//!   terms are kept (`|e + d_l| <= 3u d`, so the rest is below `2^-102.8 Y`). `acos a`
//!   for `x >= 0` is `atan(Y / X)` (the operands swapped), for `x < 0` it is `pi - atan(Y/X)`.
//!   Near `|x| = 1` nothing cancels: `d` is exact, `w` and `e` relative.
//!   `atan2(y, x)`: `X = |y| s`, `Y = |x| s` (exact), `s` the power of 2 that puts the larger
//!   in `[1, 2)`; the result is `atan(X/Y)` for `x > 0` and `pi - atan(X/Y)` for `x < 0`,
//!   with the sign of `y`.
//! * **Reduction.** `large = X_hi > Y_hi`; `(P, Q) = (Y, X)` if `large`, else `(X, Y)`, so
//!   that `z' = P/Q` is at most 1 (within `2^-52`). `j = round(128 fl(P_hi / Q_hi))` (one
//!   fused multiply-add onto `1.5 * 2^52`), `c = j / 128` (8 significant bits), and
//!   `atan z' = atan c + atan t`, `t = (P - c Q) / (Q + c P)`, with
//!   `|t| <= |z' - c| <= 2^-8 (1 + 2^-50)` (`|z' - fl(P_hi/Q_hi)|` is below `2^-51 z'`).
//!   So `atan z = B + sigma atan t` with `B = atan c`, `sigma = 1` (not `large`), or
//!   `B = pi/2 - atan c`, `sigma = -1` (`large`); for `pi - atan z` (`acos` of a negative)
//!   `B = pi - atan c`, `sigma = -1`, or `B = pi/2 + atan c`, `sigma = 1`.
//! * **Table.** `B = B_hi + B_lo` for the four sets (`atan c`, `pi/2 - atan c`,
//!   `pi - atan c`, `pi/2 + atan c`; `j = 0..=128`), within `2^-106 B`.
//! * **The quotient** `t = q + q_lo` in double-double: `n = P - c Q` and `d = Q + c P` with
//!   exact products (`c Q_hi = m + m_e`, fused multiply-add), TwoSum of the high parts and
//!   the low terms added; `i = 1/d_hi` (the one division of the core), `q = n_hi i`,
//!   `r = n_hi - q d_hi` (fused multiply-add), `q_lo = ((r + n_l) - q d_l) i`.
//! * **The series** `atan t = t - t^3/3 + t^5/5 - t^7/7 + t^9/9 - ...` at `t = q + q_lo`:
//!   `q + q_lo (1 - q^2) + q^3 C(q^2)`, `C` the Taylor coefficients `-1/3, 1/5, -1/7, 1/9`
//!   rounded. `v = B_hi + q` by Fast2Sum (`|B_hi| >= atan(1/128) > 2^-8 >= |q|`, or
//!   `B_hi = 0`), `rest = ((e_1 + B_lo) + q_lo (1 - q^2)) + q^3 C(q^2)`.
//!
//! **Rounding test**: with `eps = 2^-67 |v|`, the result `v + (rest + eps)` is correctly
//! rounded when it equals `v + (rest - eps)`; `atan` and `asin` then take the sign of `x`
//! (rounding to nearest is symmetric). Other elements (about `2^-13` of them) and inputs
//! outside the proven range are CORE-MATH's: `atan`: `|x| < 2^-900` (zeros and subnormals
//! included), infinities and NaN; `asin`: `|x| < 2^-900` or `|x| >= 1` (NaN included);
//! `acos`: `|x| >= 1` (NaN included); `atan2`: a zero, infinite or NaN operand, the larger
//! magnitude below `2^-1022` or at least `2^1022`, or the smaller below `2^-900` after the
//! scaling (a quotient below `2^-900`).
//!
//! # Error analysis
//! `u = 2^-53`; `R` is the exact result (`R >= 0`: the sign is applied last). Three kinds
//! of element: (A) `B = 0` (`j = 0`, not `large`, not `pi - `): `R = atan t`, within
//! `2^-16 t` of `t`; (B) `B = atan c` with `j >= 1`: `z' >= 2^-8 (1 - 2^-50)`, so
//! `|t| <= |z' - c| <= z' (1 + 2^-49)` and `|t| <= R (1 + 2^-11)` (`atan z' >= z' (1 -
//! z'^2/3)` and `|t| <= 2^-8`, or `R >= atan(2^-6) > 2^-8`); (C) the other sets: `R >= pi/4`
//! and `|t| <= 2^-8`. So `|q| <= R (1 + 2^-10)` everywhere.
//! * **Operands**: exact for `atan` and `atan2`; for `asin`, `acos`, `X/Y` within `2^-102.8 + 2^-104` relative (the
//!   neglected terms of `Y`, the rounding of `(d_l - e)/2` below `u 3u`, `d`'s `2^-106`);
//!   `atan` passes a relative error of `z` on multiplied by `z / ((1 + z^2) atan z) <= 1`,
//!   and `pi - atan z` by less: below `2^-102 R`.
//! * **Quotient**: the low terms of `n` and `d` (`|P_lo|, |Q_lo| <= 2u`, `|m_e| <= u`
//!   relative) round below `2^-103` of `P` and `Q`, and `|P| <= |Q|(1 + 2^-52)`, so `t`
//!   moves by under `2^-101 (1 + |t|)`, where case (A) has `c = 0` and no such terms
//!   (`n = P`, `d = Q` exactly): below `2^-100 R`. `q` is within `3u |q| + |n_l|/d` of `t`;
//!   `q_lo` is its correction computed with four roundings and `i` for `1/d` (relative
//!   `2u`): below `6u (3u |q| + 2^-51) < 2^-99 R`.
//! * **Series**: truncation after `t^9`: `|t|^11/11 <= 2^-91.5 |t|`; `q_lo`'s terms past
//!   `q_lo (1 - q^2)`: `|q_lo| (q^4 + |q_lo|) < 2^-80 |q|`; the rounding of
//!   `q_lo (1 - q^2)`: `u |q_lo| < 2^-100 |q|`.
//! * `q^3 C(q^2)`: `q^2` and `q q^2` round (`2u`), `C` by Horner within `1.8u` (`-1/3`
//!   rounded: `2^-53.4` relative; the last fused multiply-add `u`; the inner terms are
//!   scaled by `q^2 <= 2^-16`), the product `u`: `4.8u` of `|q|^3/3 <= 2^-17.58 |q|`, that
//!   is `2^-68.3 R` in cases (A), (B) (`|q| <= R (1 + 2^-10)`), `2^-76 R` in (C).
//! * `rest`'s sums: the first two add terms below `4u R`, rounding below `2^-103 R`; the
//!   last rounds below `u (2^-17.58 + 2^-50) R < 2^-70.5 R`. `e_1` is exact (Fast2Sum);
//!   the table adds `2^-106 B <= 2^-105 R` (`B <= 2 R` in case (B)).
//!
//! Total below `2^-68.3 + 2^-70.5 + 2^-79 < 2^-67.9` of `R`; `eps = 2^-67 |v|`, with
//! `|v| >= R (1 - 2^-16)`, covers it and the rounding of `rest +- eps` (below `2^-70.5 R`):
//! `2^-67.9 + 2^-70.5 < 2^-67.6`. Outside cases (A) and (B) the bound is far smaller. The
//! range ends keep every operation normal or its underflow negligible: `|x| >= 2^-900`
//! for `atan`/`asin` and the scaled quotient of `atan2` (an absolute error of `2^-1074`
//! is below `2^-174 R`), and `R >= pi/2 - 1` wherever `acos`'s operands underflow.

use super::{BLOCK, Fun64, Fun64x2};
use crate::cmath::f64 as cm;

/// `1.5 * 2^52`: `t 128 + MAGIC` holds `round(128 t)` in its low bits.
const MAGIC: f64 = 6755399441055744.0;
/// The error bound, relative to `v`.
const EPS: f64 = f64::from_bits(0x3bc0_0000_0000_0000); // 2^-67
/// `2^-900`: below it, `atan` and `asin` are CORE-MATH's.
const TINY: f64 = f64::from_bits(0x07b0_0000_0000_0000);
/// `-1/3, 1/5, -1/7, 1/9`, rounded: `atan t = t + t^3 (C[0] + C[1] t^2 + ...)`.
const C: [f64; 4] = [-1.0 / 3.0, 1.0 / 5.0, -1.0 / 7.0, 1.0 / 9.0];
/// Table entries per set.
const SET: usize = 129;

/// The bases `B = B_hi + B_lo` (bits of `f64`s: the nearest `f64` and the nearest `f64`
/// to the rest), in four sets of 129 (`j = 0..=128`, `c = j/128`): `atan c`,
/// `pi/2 - atan c`, `pi - atan c`, `pi/2 + atan c`, from `mp.atan(mp.mpf(j) / 128)` and
/// `mp.pi` at `mp.mp.prec = 300`: `h = float(v); l = float(v - h)` for
/// `v in [a, mp.pi / 2 - a, mp.pi - a, mp.pi / 2 + a]`.
static T: [u64; 8 * SET] = [
    0x0000000000000000,
    0x0000000000000000,
    0x3f7fffd555bbba97,
    0x3c068062351fbbe6,
    0x3f8fff555bbb729b,
    0xbc2220c39d4dff50,
    0x3f97fee0184a5c36,
    0xbc343189fc0a354b,
    0x3f9ffd55bba97625,
    0xbc35ec431444912c,
    0x3fa3fd65f169c9d9,
    0x3c27230a716461b5,
    0x3fa7fb818430da2a,
    0xbc086ef8f794f105,
    0x3fabf8ddf139c444,
    0xbc489fe34b2a7fa8,
    0x3faff55bb72cfdea,
    0xbc3c934d86d23f1d,
    0x3fb1f86dbf082d59,
    0xbc4095dc7732ef81,
    0x3fb3f59f0e7c559d,
    0x3c5ac4ce285df847,
    0x3fb5f2324fd2d7b2,
    0x3c58a8da4401318e,
    0x3fb7ee182602f10f,
    0xbc5cfb654c0c3d98,
    0x3fb9e94153cfdcf1,
    0x3c5a332e1d69c47e,
    0x3fbbe39ebe6f07c3,
    0x3c5f7b8f29a05987,
    0x3fbddd21701eba6e,
    0x3c594effcd76fe58,
    0x3fbfd5ba9aac2f6e,
    0xbc4cd37686760c17,
    0x3fc0e6adccf40882,
    0xbc6d71a31bb98d0d,
    0x3fc1e1fafb043727,
    0xbc4b485914dacf8c,
    0x3fc2dcbdb2fba1ff,
    0x3c58f28705561534,
    0x3fc3d6eee8c6626c,
    0x3c661a3b0ce9281b,
    0x3fc4d087a9da4f17,
    0x3c61f323f1adf158,
    0x3fc5c9811e3ec26a,
    0xbc5054ab2c010f3d,
    0x3fc6c1d4898933d9,
    0xbc52954a7603c427,
    0x3fc7b97b4bce5b02,
    0x3c5347b0b4f881ca,
    0x3fc8b06ee2879c29,
    0xbc6118cd30308c4f,
    0x3fc9a6a8e96c8626,
    0x3c4cf601e7b4348e,
    0x3fca9c231b403279,
    0x3c60e8bbe89cca85,
    0x3fcb90d7529260a2,
    0x3c217b10d2e0e5ab,
    0x3fcc84bf8a742e6e,
    0xbc595bdd0682ea26,
    0x3fcd77d5df205736,
    0x3c6c648d1534597e,
    0x3fce6a148e96ec4d,
    0x3c6866b22029f765,
    0x3fcf5b75f92c80dd,
    0x3c68ab6e3cf7afbd,
    0x3fd025fa510665b6,
    0xbc7672df6832fa48,
    0x3fd09dc597d86362,
    0x3c762e47390cb865,
    0x3fd1151a362431ca,
    0xbc74dc8dc9077b9f,
    0x3fd18bf5a30bf178,
    0x3c630ca4748b1bf9,
    0x3fd2025567e47c96,
    0xbc61832328f4290e,
    0x3fd278372057ef46,
    0xbc7077cdd36dfc81,
    0x3fd2ed987a823cfe,
    0x3c6b91258ea012ca,
    0x3fd362773707ebcc,
    0xbc6963a544b672d8,
    0x3fd3d6d129271134,
    0x3c7137ca41cc958a,
    0x3fd44aa436c2af0a,
    0xbc75d5e43c55b3ba,
    0x3fd4bdee586890e7,
    0xbc6e4dc77c22a757,
    0x3fd530ad9951cd4a,
    0xbc62566480884082,
    0x3fd5a2e0175e0f4e,
    0x3c713b7a8f82e457,
    0x3fd614840309cfe2,
    0xbc7a725715711f00,
    0x3fd685979f5fa6fe,
    0xbc4257814d1ada9c,
    0x3fd6f61941e4def1,
    0xbc7c63aae6f6e918,
    0x3fd7660752817502,
    0xbc4dd11791cc7600,
    0x3fd7d5604b63b3f7,
    0x3c769c885c2b249a,
    0x3fd84422b8df95d7,
    0x3c7d76a0299b41b6,
    0x3fd8b24d394a1b25,
    0x3c7b6d0ba3748fa8,
    0x3fd91fde7cd0c662,
    0x3c71074188054b53,
    0x3fd98cd5454d6b18,
    0x3c79e6c988fd0a77,
    0x3fd9f93066168002,
    0xbc7c827047c9439a,
    0x3fda64eec3cc23fd,
    0xbc724dec1b50b7ff,
    0x3fdad00f5422058b,
    0x3c7fc4c33891d2e8,
    0x3fdb3a911da65c6c,
    0x3c7ae187b1ca5040,
    0x3fdba473378624a5,
    0x3c7519a1b46e4aff,
    0x3fdc0db4c94ec9f0,
    0xbc7cc1ce70934c34,
    0x3fdc76550aad71f9,
    0xbc774b8bff7043e4,
    0x3fdcde53432c1351,
    0xbc7a2cfa4418f1ad,
    0x3fdd45aec9ec862b,
    0x3c689421163ef92d,
    0x3fddac670561bb4f,
    0x3c7a2b7f222f65e2,
    0x3fde127b6b0744b0,
    0xbc52b0986398d4ab,
    0x3fde77eb7f175a34,
    0x3c70e53dc1bf3435,
    0x3fdedcb6d43f8435,
    0xbc5fc976330884e4,
    0x3fdf40dd0b541418,
    0xbc6a3992dc382a23,
    0x3fdfa45dd3029259,
    0xbc7ca563dc28d8b5,
    0x3fe0039c73c1a40c,
    0xbc8b32c949c9d593,
    0x3fe034b709250488,
    0x3c78f9b38d855410,
    0x3fe0657e94db30d0,
    0xbc7d5b495f6349e6,
    0x3fe095f30861a590,
    0xbc7121b20a15a9f3,
    0x3fe0c6145b5b43da,
    0x3c5974fa13b5404f,
    0x3fe0f5e28b67e295,
    0x3be311b17ec990d0,
    0x3fe1255d9bfbd2a9,
    0xbc52bdaee1c0ee35,
    0x3fe154859637646a,
    0xbc84ba7c548bf3c3,
    0x3fe1835a88be7c13,
    0x3c8c621cec00c301,
    0x3fe1b1dc87904285,
    0xbc621e8c8aef8f29,
    0x3fe1e00babdefeb4,
    0xbc5928df287a668f,
    0x3fe20de813e823b2,
    0xbc8791d753ebb744,
    0x3fe23b71e2cc9e6a,
    0x3c6c421c9f38224e,
    0x3fe268a940696da6,
    0x3c5d1348a04c73cc,
    0x3fe2958e59308e31,
    0xbc709e73b0c6c087,
    0x3fe2c2215e024466,
    0xbc44b810da3a4be1,
    0x3fe2ee628406cbca,
    0x3c8c5d5e9ff0cf8d,
    0x3fe31a52048874be,
    0x3c840cab87a7ac24,
    0x3fe345f01cce37bb,
    0x3c81021137c71102,
    0x3fe3713d0df6c504,
    0xbc54f789e031606d,
    0x3fe39c391cd4171a,
    0xbc82304331d8bf46,
    0x3fe3c6e491c78dc5,
    0xbc8e145094fd0ba7,
    0x3fe3f13fb89e96f4,
    0x3c7ecf8b492644f0,
    0x3fe41b4ae06fea41,
    0x3c63d60a53277652,
    0x3fe445065b795b56,
    0xbc7f76d0163f79c8,
    0x3fe46e727efe4716,
    0xbc639b9b1b844cc9,
    0x3fe4978fa3269ee1,
    0x3c72419a87f2a458,
    0x3fe4c05e22de94e5,
    0xbc8c0ac1f09f2edf,
    0x3fe4e8de5bb6ec04,
    0x3c84a33dbeb3796c,
    0x3fe51110adc5ed81,
    0x3c723dcd6832a63e,
    0x3fe538f57b89061f,
    0xbc81bb74abda520c,
    0x3fe5608d29c70c34,
    0x3c89939cf0de8088,
    0x3fe587d81f732fbb,
    0xbc75e5c9d8c5a950,
    0x3fe5aed6c5909517,
    0x3c87312f714a9436,
    0x3fe5d58987169b18,
    0x3c60028e4bc5e7ca,
    0x3fe5fbf0d0d5cc4a,
    0xbc5b4cfd000b7158,
    0x3fe6220d115d7b8e,
    0xbc62b785350ee8c1,
    0x3fe647deb8e20b90,
    0xbc5eca04023a51cf,
    0x3fe66d663923e087,
    0xbc76ea6febe8bbba,
    0x3fe692a40556fb6a,
    0x3c8d94b95a8ea2cc,
    0x3fe6b798920b3d99,
    0xbc8a80386188c50e,
    0x3fe6dc44551553af,
    0xbc5bf8863573828e,
    0x3fe700a7c5784634,
    0xbc78c34d25aadef6,
    0x3fe724c35b4fae7b,
    0x3c5948b32db3499b,
    0x3fe748978fba8e0f,
    0x3c47b2a6165884a1,
    0x3fe76c24dcc6c6c0,
    0x3c81952551adc83d,
    0x3fe78f6bbd5d315e,
    0x3c8406a089803740,
    0x3fe7b26cad2e50fe,
    0xbc8ce80df30411fb,
    0x3fe7d528289fa093,
    0x3c8560821e2f3aa9,
    0x3fe7f79eacb97898,
    0x3c8fd5ca80ead221,
    0x3fe819d0b7158a4d,
    0xbc7bf76229d3b917,
    0x3fe83bbec5cdee22,
    0x3c63107104ffc6c3,
    0x3fe85d69576cc2c5,
    0x3c66b66e7fc8b8c3,
    0x3fe87ed0eadc5a2a,
    0x3c70af5ad957f4bc,
    0x3fe89ff5ff57f1f8,
    0xbc855b9a5e177a1b,
    0x3fe8c0d9145cf49d,
    0x3c8bea4076dc4333,
    0x3fe8e17aa99cc05e,
    0xbc7ec182ab042f61,
    0x3fe901db3eeef187,
    0x3c868665e5603c8f,
    0x3fe921fb54442d18,
    0x3c81a62633145c07,
    0x3ff921fb54442d18,
    0x3c91a62633145c07,
    0x3ff901fb7eee715e,
    0xbc942519fe0633d7,
    0x3ff8e1fca98cb633,
    0x3c71299ee93be016,
    0x3ff8c1ffd3e303a7,
    0x3c9bf6ec5b0484dc,
    0x3ff8a205fd558740,
    0xbc930228c09a91b4,
    0x3ff8821024b8dec9,
    0x3c9f77e01e319343,
    0x3ff8621f4822a647,
    0xbc626d12837ecc05,
    0x3ff8423464ba5ef6,
    0x3c84d64a9adb6008,
    0x3ff82250768ac529,
    0xbc5e78c96d05afcb,
    0x3ff802747853aa43,
    0xbc91d52ae9320c7d,
    0x3ff7e2a1635c67be,
    0x3c9bf9d9508e7c82,
    0x3ff7c2d82f46ff9d,
    0x3c8037311da891dc,
    0x3ff7a319d1e3fe07,
    0x3c9775dc87d51fe0,
    0x3ff783673f072f49,
    0x3c8805e6a27b7f7e,
    0x3ff763c1685d3c9c,
    0x3c6d736a03d2b373,
    0x3ff744293d424171,
    0x3c981136363cec21,
    0x3ff7249faa996a21,
    0x3c9a8cc1e7480c68,
    0x3ff705259aa5ac08,
    0x3c75516a5a2e36a2,
    0x3ff6e5bbf4e3a633,
    0x3c9a8068fbbb3283,
    0x3ff6c6639de4b8d8,
    0x3c9816fdc2befab4,
    0x3ff6a71d772b60cb,
    0xbc911d212e88c8fd,
    0x3ff687ea5f08e335,
    0x3c9767c1b4de9ddc,
    0x3ff668cb307c54cb,
    0x3c655b872ea367d6,
    0x3ff649c0c313069d,
    0x3c859ef5b4e93093,
    0x3ff62acbeaca61b8,
    0x3c3c6ac9f134fa91,
    0x3ff60bed77f33993,
    0x3c87927fb234db22,
    0x3ff5ed2637169c54,
    0xbc9f4189dc29459e,
    0x3ff5ce76f0dc26c9,
    0x3c7e243ad8030ad9,
    0x3ff5afe069f1e104,
    0x3c58330116e9a3b9,
    0x3ff5916362f5a74b,
    0xbc9cc41bfc837557,
    0x3ff5730098602231,
    0x3c9e1994906dd0d7,
    0x3ff554b8c2714f8f,
    0xbc9966b010f0e2e6,
    0x3ff5368c951e9cfd,
    0xbc996f47948a99f1,
    0x3ff5187cc00293ab,
    0xbc817a43e5bdcace,
    0x3ff4fa89ee4e1440,
    0xbc93e56b9b2ed212,
    0x3ff4dcb4c6bb20a6,
    0xbc82456cb5538a23,
    0x3ff4befdeb8130ba,
    0x3c8e89234905f110,
    0x3ff4a165fa4b0df3,
    0xbc8852eacf9a3daf,
    0x3ff483ed8c2e3147,
    0xbc8477ccb02049b2,
    0x3ff4669535a39dd9,
    0xbc91cbfe7ebfa652,
    0x3ff4495d86823225,
    0x3c94d29adbab2a62,
    0x3ff42c4709fa68cb,
    0x3c8ab06745426d49,
    0x3ff40f5246938156,
    0xbc81c8c17bac6e15,
    0x3ff3f27fbe2a08df,
    0xbc9a9020dd674f0e,
    0x3ff3d5cfedefb9c6,
    0xbc881e1a79b537d2,
    0x3ff3b9434e6ca945,
    0xbc92a8b870cc5d0f,
    0x3ff39cda5381b920,
    0xbc7ef5101e3d70e5,
    0x3ff380956c6c4359,
    0xbc8b8e3b85059a48,
    0x3ff3647503caf55c,
    0x3c817e21d9a42c9a,
    0x3ff348797fa3cfd8,
    0xbc8ad6a220ba8092,
    0x3ff32ca3416b401a,
    0x3c9bff041c0992e0,
    0x3ff310f2a60c47a2,
    0x3c9a487e28ad8b99,
    0x3ff2f56805f1a64f,
    0xbc74d472d7231f8d,
    0x3ff2da03b50ffb80,
    0xbc929baa2eecf6ce,
    0x3ff2bec602f0d252,
    0x3c8658e7a1aa32d2,
    0x3ff2a3af3abe8d18,
    0xbc7ce4f6ebe54c4a,
    0x3ff288bfa3512419,
    0x3c78e684e7a2281b,
    0x3ff26df77f3babb5,
    0x3c99b4f564efe74d,
    0x3ff253570cda95fd,
    0x3c85db888d438fee,
    0x3ff238de8662a3ef,
    0xbc6d0211d039b5c6,
    0x3ff21e8e21f07a9c,
    0x3c98d699cf392f14,
    0x3ff204661198d09a,
    0x3c7de424cbc1b400,
    0x3ff1ea6683792844,
    0x3c8062c9883530e4,
    0x3ff1d08fa1c90b8d,
    0x3c9e93a2104c7ce1,
    0x3ff1b6e192ebbe44,
    0x3c9b1b466a88828e,
    0x3ff19d5c79825bec,
    0x3c92d12fb94de952,
    0x3ff18400747e568b,
    0x3c8ad9ad85491df3,
    0x3ff16acd9f344c0b,
    0x3c6d15ecb22722a9,
    0x3ff151c4116f2812,
    0x3c94ed588e9b614b,
    0x3ff138e3df838882,
    0x3c819efe543d2468,
    0x3ff1202d1a635b12,
    0x3c9f3f8ad7f946d1,
    0x3ff1079fcfb1aad4,
    0x3c86cf729f660e06,
    0x3ff0ef3c09d694b0,
    0x3c98fcf88aed2e80,
    0x3ff0d701d0135a50,
    0x3c95ee92b599c684,
    0x3ff0bef126968b2b,
    0x3c900ed691d90802,
    0x3ff0a70a0e903bce,
    0xbc8cb8780636fa56,
    0x3ff08f4c864643c4,
    0xbc8a5bfdbd9f2a2c,
    0x3ff077b889287ae3,
    0x3c9c03645d5a55e8,
    0x3ff0604e0fe4ef0f,
    0xbc9c8ae842ec057a,
    0x3ff0490d107c0bd6,
    0xbc882c10771b6428,
    0x3ff031f57e54adbe,
    0x3c9338b4259c0270,
    0x3ff01b074a501b3f,
    0x3c9d6f11dd0a37a9,
    0x3ff0044262dddde3,
    0x3c8c3bc53e5aaf7a,
    0x3fefdb4d681eec8a,
    0x3c8fa9e3521f2994,
    0x3fefae684f57cc00,
    0xbc846479c173e7af,
    0x3fef81d54a8615cb,
    0xbc8b68328c33a334,
    0x3fef559424818e66,
    0x3c6bbbb718dfa201,
    0x3fef29a4a3ffe572,
    0x3c7e7f41bd0217d3,
    0x3feefe068bba2275,
    0x3c824a3b2e61a70b,
    0x3feed2b99a91952d,
    0xbc8a14c25dd11be5,
    0x3feea7bd8bb44317,
    0xbc7506e0cffd1159,
    0x3fee7d1216c0cc6c,
    0x3c4609cfb25c3b53,
    0x3fee52b6efe9c33c,
    0x3c83e486c1959596,
    0x3fee28abc8186fef,
    0x3c8e56c9d15eda79,
    0x3fedfef04d0efedb,
    0xbc79f0971d6f161c,
    0x3fedd584298a131b,
    0xbc87ccccd2f634c0,
    0x3fedac670561bb4f,
    0x3c8a2b7f222f65e2,
    0x3fed839885a9c54c,
    0xbc351e352703226c,
    0x3fed5b184cd16e2c,
    0x3c7d521d4eea7d44,
    0x3fed32e5fac26caf,
    0x3c8a2d65b20f64ef,
    0x3fed0b012cff5412,
    0xbc75f07ddbf9ebcc,
    0x3fece3697ec14dfc,
    0x3c73715eea946f0c,
    0x3fecbc1e89152a76,
    0xbc81c0cead74734a,
    0x3fec951fe2f7c519,
    0x3c783639e9bc47af,
    0x3fec6e6d2171bf18,
    0x3c8f4ba8d3373e1b,
    0x3fec4805d7b28de7,
    0xbc894a13f9d5d9c7,
    0x3fec21e9972adea3,
    0xbc8805d24c938dc2,
    0x3febfc17efa64ea1,
    0xbc88da73198ffdb8,
    0x3febd6906f6479aa,
    0xbc813e7ba3e2ea15,
    0x3febb152a3315ec6,
    0x3c66de4c2e685509,
    0x3feb8c5e167d1c98,
    0xbc519bd9c2741720,
    0x3feb67b253730682,
    0xbc8934a2d328d7a1,
    0x3feb434ee31013fd,
    0xbc80520d0701d877,
    0x3feb1f334d38abb6,
    0xbc8fdcc9ff8db126,
    0x3feafb5f18cdcc22,
    0xbc8e2eddfb3cd03c,
    0x3fead7d1cbc19370,
    0x3c81b727147aefd1,
    0x3feab48aeb2b28d2,
    0x3c7e8b57b951019b,
    0x3fea9189fb5a0933,
    0x3c1a2d2c96650475,
    0x3fea6ece7fe8b99d,
    0x3c7bd7948ff2fac9,
    0x3fea4c57fbcee198,
    0x3c5bb40f29ef2f68,
    0x3fea2a25f172cfe4,
    0xbc7d700509dad6ce,
    0x3fea0837e2ba6c0e,
    0x3c8e883024e8c65d,
    0x3fe9e68d511b976b,
    0x3c8d9eb0c63689dd,
    0x3fe9c525bdac0006,
    0x3c8af49ef97cbdb0,
    0x3fe9a400a9306839,
    0xbc6d6064eeff375d,
    0x3fe9831d942b6593,
    0x3c6d882fbd31d36d,
    0x3fe9627bfeeb99d3,
    0xbc7aa5e488aa6084,
    0x3fe9421b699968a9,
    0x3c798bcd0190f6fd,
    0x3fe921fb54442d18,
    0x3c81a62633145c07,
    0x400921fb54442d18,
    0x3ca1a62633145c07,
    0x400911fb69994f3b,
    0xbc63f79e578ebe82,
    0x400901fbfee871a6,
    0xbca507b9094e55fa,
    0x4008f1fd94139860,
    0xbc9262ed71e71f1d,
    0x4008e200a8ccda2c,
    0xbc55c028d8635ad9,
    0x4008d205bc7e85f1,
    0xbc8dc3f35d74216b,
    0x4008c20d4e3369b0,
    0xbca853be0eadbebd,
    0x4008b217dc7f4607,
    0x3c9c114b80820c0b,
    0x4008a225e5677921,
    0xbca820b331ddff7b,
    0x40089237e64bebad,
    0x3cafe87da4f127c5,
    0x4008824e5bd04a6b,
    0x3ca6cfffc1d16c45,
    0x40087269c1c5965b,
    0xbca31f209f0bad86,
    0x4008628a93141590,
    0xbc96e3fd45168419,
    0x400852b149a5ae31,
    0xbca12b733dd6f21d,
    0x400842de5e50b4da,
    0x3c955493738eb275,
    0x4008331248c33745,
    0xbc9648a396aeb7d8,
    0x4008234d7f6ecb9d,
    0xbc93cd17e5a39792,
    0x400813907774ec90,
    0x3c96fa80c99fe9af,
    0x400803dba493e9a6,
    0xbc93d970d1307176,
    0x4007f42f791472f8,
    0x3ca4de91fae9ab5d,
    0x4007e48c65b7c6f2,
    0xbcafbb7d7dba367b,
    0x4007d4f2d9a68827,
    0xbc96f218180d061d,
    0x4007c563426040f2,
    0xbca5d734738b9b7f,
    0x4007b5de0bab99db,
    0xbca1c52f793b85d8,
    0x4007a6639f874768,
    0x3c9217d15ad92ff1,
    0x400796f4661bb356,
    0xbca1484cf9e89b34,
    0x40078790c5ad64b6,
    0xbc8b36c75229d32d,
    0x40077839229029f1,
    0xbca368658b7570a1,
    0x400768eddf1b070e,
    0x3c9329564482f642,
    0x400759af5b9cea31,
    0x3caa71051b487358,
    0x40074a7df65227a5,
    0xbc9040453c7dd322,
    0x40073b5a0b5abe53,
    0x3cac1fbb1111bc91,
    0x40072c43f4b1650a,
    0x3cac1b6f4f44e10b,
    0x40071d3c0a236062,
    0xbcab8b7ddfe544b0,
    0x40070e42a14920ac,
    0xbc61fa2b40d3b05d,
    0x4006ff580d7fa6df,
    0x3c8106dfb0d52deb,
    0x4006f07c9fe2aee9,
    0x3ca0755bebcbaa47,
    0x4006e1b0a7479d86,
    0xbcad41a79a5c6168,
    0x4006d2f470392f30,
    0xbcac4ae0127de469,
    0x4006c44844f3e578,
    0x3cafed13da2a5ada,
    0x4006b5ac6d632f9f,
    0xbc99873ef1407997,
    0x4006a7212f1f4af2,
    0xbca080d3152536aa,
    0x400698a6cd6bd737,
    0x3c81838aea7c49f9,
    0x40068a3d89371afb,
    0x3cab8b02aad6867c,
    0x40067be5a119f36f,
    0x3c765c63d8e70078,
    0x40066d9f51586b2e,
    0x3caf7eb6e123ff7c,
    0x40065f6ad3e2f31c,
    0x3c83d1c45709ff9b,
    0x4006514860583839,
    0xbcae107bc7b7388f,
    0x400643382c07913a,
    0x3c9a65371fe67254,
    0x4006353a69f3fe78,
    0x3c70eb548adc6ef7,
    0x4006274f4ad7b699,
    0x3ca6d295278ef774,
    0x40061976fd283a5d,
    0x3ca5f7522de0f3d0,
    0x40060bb1ad1ae9b4,
    0xbca9c77b415a35ee,
    0x4005fdff84aa144c,
    0xbc4eb07f7b1358e3,
    0x4005f060ab9a7fb5,
    0x3c9cd29a03e97570,
    0x4005e2d547815d18,
    0x3c84d9d0f03611e9,
    0x4005d55d7bcaa899,
    0xbca4101c49818cf9,
    0x4005c7f969bfec67,
    0xbc94a4e467fbbcac,
    0x4005baa9308f618b,
    0xbca1b60ac324ee01,
    0x4005ad6ced536884,
    0xbca8fd0e03796d59,
    0x4005a044bb1a53da,
    0x3ca53e600126c58d,
    0x40059330b2ee7ed9,
    0x3c991f2f6604c907,
    0x40058630ebdeaaae,
    0x3c99d78af72ef479,
    0x400579457b069c53,
    0xbc8f8c6f793e4e30,
    0x40056c6e7397f5ae,
    0x3ca660b64ece6f4b,
    0x40055fabe6e34482,
    0x3ca23baaf63122ac,
    0x400552fde46141d2,
    0xbca0768185238a80,
    0x4005466479bc3c92,
    0xbca55b8e1b535fd2,
    0x400539dfb2d9aa95,
    0x3ca349bf60d7dea9,
    0x40052d6f99e3dacd,
    0x3c9a75a55d32ee3b,
    0x400521143753c415,
    0x3ca872d88586d16c,
    0x400514cd91faebf6,
    0x3c9d0ddf82c7630a,
    0x4005089baf0d60e4,
    0x3ca5518f5f00c544,
    0x4004fc7e922bc3b4,
    0x3ca3ca5c74571145,
    0x4004f0763d6d5c22,
    0xbc9e4b033b129bf7,
    0x4004e482b16a3473,
    0x3c6a4f517fc6f6dd,
    0x4004d8a3ed45386e,
    0x3c71e09d51131bc4,
    0x4004ccd9eeb653fe,
    0xbc9256756f914e11,
    0x4004c124b2148e13,
    0x3caa8d9ef8142b47,
    0x4004b58432601c77,
    0x3c764077de1aa7cb,
    0x4004a9f8694c6d6b,
    0x3ca26f6d2c582f3b,
    0x40049e814f4a242c,
    0xbc90eac7efe16c50,
    0x4004931edb91057e,
    0xbca01dfb96df261e,
    0x400487d10429d1af,
    0xbc9e84e823dc0f2f,
    0x40047c97bdf8098c,
    0x3c7dcfa54969a0be,
    0x40047172fcc39bff,
    0xbc9c0df313057593,
    0x40046662b3427a26,
    0xbca5713174e7d7dc,
    0x40045b66d3220fe9,
    0xbca35d04aed58f02,
    0x4004507f4d109f29,
    0x3cad65a1e52297c6,
    0x400445ac10c67bd7,
    0x3ca24de28215e70a,
    0x40043aed0d0f2752,
    0xbc939b9200eae84f,
    0x400430422fd249a7,
    0x3c925674b0a73de1,
    0x400425ab661c875b,
    0x3c9b986993df26d2,
    0x40041b289c283288,
    0x3c4a316378792871,
    0x400410b9bd65d643,
    0xbc94d5ff94476980,
    0x4004065eb4849b53,
    0xbc9a40403666be59,
    0x4003fc176b7a8560,
    0xbc5441a3bd3f1083,
    0x4003f1e3cb8c87df,
    0x3c9151ad5e784f7d,
    0x4003e7c3bd567217,
    0x3c98faad86cefb58,
    0x4003ddb728d2b1b8,
    0xbc54326f3e3f181b,
    0x4003d3bdf561eb91,
    0xbca9eafca1f50f76,
    0x4003c9d809d26a0b,
    0x3c96827dedb977ca,
    0x4003c0054c67612a,
    0xbcab9d2091d2eecf,
    0x4003b645a2e007d2,
    0x3cabd9da56c1b6f9,
    0x4003ac98f27e8652,
    0x3ca0a5fd4e57fd8a,
    0x4003a2ff200eba06,
    0xbc9afee3c9d690dd,
    0x400399780fecce35,
    0xbc9a5cc2f3356ada,
    0x40039003a60baa34,
    0x3ca29c7653262e95,
    0x400386a1c5fb34f7,
    0xbcab7c8bcf6e8c82,
    0x40037d5252ee6e3e,
    0xbca5bf08238f4cac,
    0x400374152fc15db2,
    0x3c908c6896ed1a95,
    0x40036aea3efed82d,
    0xbcad7a159b4007e5,
    0x400361d162e61b8b,
    0x3ca4be8fd7c9b7e6,
    0x400358ca7d70417a,
    0xbcaf241f66593e46,
    0x40034fd570558995,
    0xbcaeb8a46545060c,
    0x400346f21d127b68,
    0x3c9a81b9bd51d3ef,
    0x40033e2064ece0c1,
    0xbca35b81ef4bb1c9,
    0x4003356028f898d9,
    0xbc8c7f5940aa7de9,
    0x40032cb14a1c44f3,
    0x3cac4e05ab888d5d,
    0x40032413a915cef2,
    0x3c93616725b34efd,
    0x40031b87267eca85,
    0x3c849449e13b4ca7,
    0x4003130ba2d0b190,
    0xbc9f15c1ba7740cb,
    0x40030aa0fe68fc67,
    0x3c3d5fa58be83d55,
    0x40030247198d168e,
    0xbca06fc52816a291,
    0x4002f9fdd46e309a,
    0x3ca6fd0cca9a3a8e,
    0x4002f1c50f2ceff1,
    0xbc8551a7aa8ad317,
    0x4002e99ca9dcfd01,
    0xbc950352ef163c1a,
    0x4002e184848870b6,
    0x3cac048cb9bc4ce3,
    0x4002d97c7f3321d2,
    0x3c9a79394c9e8a0a,
    0x3ff921fb54442d18,
    0x3c91a62633145c07,
    0x3ff941fb2999e8d3,
    0xbc811d3337a22836,
    0x3ff961f9fefba3fd,
    0x3c9f01e4abd9c008,
    0x3ff981f6d4a55689,
    0x3c7d55802c90ccc7,
    0x3ff9a1f0ab32d2f1,
    0xbc836315b2796c7c,
    0x3ff9c1e683cf7b67,
    0x3c6ea3623fb92652,
    0x3ff9e1d76065b3ea,
    0xbc9a661149676e72,
    0x3ffa01c243cdfb3a,
    0x3c98e12718bb080a,
    0x3ffa21a631fd9508,
    0xbc9acc270306ecf6,
    0x3ffa41823034afee,
    0xbc85bd11614a76ea,
    0x3ffa6155452bf272,
    0x3c7d49cc5668ee2d,
    0x3ffa811e79415a93,
    0x3c9b30b3d7546f20,
    0x3ffaa0dcd6a45c29,
    0x3c87acdfbca7305b,
    0x3ffac08f69812ae7,
    0x3c97495914eaf84f,
    0x3ffae035402b1d94,
    0x3c9f9ddf25ae619f,
    0x3ffaffcd6b4618bf,
    0x3c86762c5fd797d9,
    0x3ffb1f56fdeef00f,
    0x3c817f14fdc1574c,
    0x3ffb3ed10de2ae28,
    0x3c9df7f1cf9d2a65,
    0x3ffb5e3ab3a4b3fd,
    0x3c8197c6d4db0b15,
    0x3ffb7d930aa3a158,
    0x3c866a9d46d37ab4,
    0x3ffb9cd9315cf966,
    0xbc872d24d69cfdeb,
    0x3ffbbc0c497f76fb,
    0x3c87c91562943464,
    0x3ffbdb2b780c0566,
    0xbc9f5f247fabb4ed,
    0x3ffbfa35e5755393,
    0x3c987cd18bb41fc4,
    0x3ffc192abdbdf879,
    0xbc9d255ec19c1bdd,
    0x3ffc38093095209d,
    0x3c97830c8d0e4a7d,
    0x3ffc56d07171bddd,
    0x3c646eb2128fed5a,
    0x3ffc757fb7ac3367,
    0x3c9bc33db027f558,
    0x3ffc94163e96792d,
    0xbc9e36e3ab45e22e,
    0x3ffcb2934592b2e6,
    0x3c106862ac2d647c,
    0x3ffcd0f6102837ff,
    0x3c74cadf56eb9cda,
    0x3ffcef3de6170aa2,
    0xbc6a681c47332864,
    0x3ffd0d6a1369bd34,
    0xbc6a23602a65700c,
    0x3ffd2b79e885c686,
    0xbc93f691a6f8628b,
    0x3ffd496cba3a45f1,
    0xbc819c8ffd50ebc0,
    0x3ffd6741e1cd398b,
    0xbc9390fd3f2d82e1,
    0x3ffd84f8bd072976,
    0x3c9407bac1a5bf86,
    0x3ffda290ae3d4c3e,
    0xbc908a3e320a291b,
    0x3ffdc0091c5a28ea,
    0xbc9277cd41c72319,
    0x3ffddd6172e4bc58,
    0xbc85cf6a362f4340,
    0x3ffdfa992206280b,
    0x3c8cf36314fb1b58,
    0x3ffe17af9e8df165,
    0x3c95f418c3878169,
    0x3ffe34a461f4d8db,
    0xbc93cf52dc0110e8,
    0x3ffe5176ea5e5152,
    0xbc611c95e37fc720,
    0x3ffe6e26ba98a06b,
    0xbc90a4a65cfcac09,
    0x3ffe8ab35a1bb0ec,
    0xbc8415f65215d5c7,
    0x3ffea71c5506a111,
    0xbc94f66f9247ebb9,
    0x3ffec3613c1c16d8,
    0xbc8dd92baea8f59c,
    0x3ffedf81a4bd64d4,
    0x3c9a8d3b7956a1c1,
    0x3ffefb7d28e48a59,
    0xbc8e90c512f40f52,
    0x3fff1753671d1a16,
    0x3c7d3521287c94b6,
    0x3fff3304027c128e,
    0x3c82079c7af658e9,
    0x3fff4e8ea296b3e2,
    0xbc977e96e40e800f,
    0x3fff69f2f3785eb1,
    0xbc843012d5d4a249,
    0x3fff8530a59787de,
    0x3c981fd895539ea5,
    0x3fffa0476dc9cd19,
    0xbc957a75deddf4e0,
    0x3fffbb3705373617,
    0x3c9d12ab2c402e07,
    0x3fffd5ff294cae7b,
    0x3c832eae0271a182,
    0x3ffff09f9badc433,
    0x3c985e881f86f017,
    0x4000058c1112db21,
    0xbc9913715fd01139,
    0x400012b4434befca,
    0x3c84eb652ddf11f4,
    0x40001fc84b77c4cb,
    0x3c9bd34333384b0e,
    0x40002cc8128798f6,
    0x3c9b1ae7a20e1f9c,
    0x400039b3835fa752,
    0xbcada3aad511e26a,
    0x4000468a8ace4df6,
    0x3c80620bf7406aff,
    0x4000534d1782ff22,
    0x3c907b1cacdacebc,
    0x40005ffb1a0501d3,
    0xbca510452e3deb76,
    0x40006c9484aa0713,
    0xbca02b38980e1624,
    0x400079194b8c990f,
    0x3c8cbde7af1aad85,
    0x40008589648268d7,
    0x3c9a7ccd3c0a25da,
    0x400091e4c7127f8f,
    0x3c70330638bdc4f5,
    0x40009e2b6c6b57ae,
    0x3c97e4931675b10b,
    0x4000aa5d4f58e2c0,
    0x3c849ea7b677131b,
    0x4000b67a6c3a7ff0,
    0x3c8abb73611de314,
    0x4000c282c0f8e783,
    0xbca6614515d827fa,
    0x4000ce764cfc0f31,
    0x3ca8d44434a21a9c,
    0x4000da5511210b36,
    0x3ca83d25a27c2692,
    0x4000e61f0fafefa7,
    0xbcac5b8bfb98ceed,
    0x4000f1d44c51b591,
    0xbc2465ab75a13c4f,
    0x4000fd74cc06272d,
    0x3ca7b12a50db3511,
    0x400109009519d639,
    0x3c901398408cb59e,
    0x40011477af1c1f79,
    0xbcad1162bb70bfce,
    0x40011fda22d53e27,
    0xbca568cb1c824fd8,
    0x40012b27fa3c71f6,
    0xbca64452a1736e5e,
    0x40013661406e3a18,
    0x3ca6bf44a37155f3,
    0x4001418601a2a7a6,
    0xbca77fcd29debb2c,
    0x40014c964b23c97f,
    0xbca015953e799e19,
    0x400157922b4433bc,
    0xbca229c2048be6f3,
    0x40016279b155a47b,
    0xbc776344c4206ddf,
    0x40016d4ced9fc7cd,
    0x3c9056ad95114600,
    0x4001780bf1571c53,
    0xbcabb8fdb2ec01ce,
    0x400182b6ce93f9fd,
    0x3ca14dfef44aeb1a,
    0x40018d4d9849bc49,
    0x3c995a09055ded43,
    0x400197d0623e111c,
    0x3caa1073bebca569,
    0x4001a23f41006d62,
    0xbcab1bc6e93dc136,
    0x4001ac9a49e1a852,
    0xbca866a6982e16c9,
    0x4001b6e192ebbe44,
    0x3cab1b466a88828e,
    0x4001c11532d9bbc5,
    0x3ca1d0629d62624c,
    0x4001cb35410fd18d,
    0x3c9bf7c5126e18bd,
    0x4001d541d59391ec,
    0x3cab1accc69082cb,
    0x4001df3b09045814,
    0xbc97379422d8ccff,
    0x4001e920f493d999,
    0x3c9e6ff4ab839c4b,
    0x4001f2f3b1fee27b,
    0xbc93d34c431d0e4d,
    0x4001fcb35b863bd2,
    0xbc660a10a232ceef,
    0x400206600be7bd52,
    0x3c93a677fc8d1900,
    0x40020ff9de57899f,
    0xbca80754ce762d87,
    0x40021980ee797570,
    0xbca8586539c6c089,
    0x400222f5585a9970,
    0x3c8f730be5e16dd4,
    0x40022c57386b0eae,
    0xbc941475c7e5d2e8,
    0x400235a6ab77d567,
    0xbc9f8f7d1fa45293,
    0x40023ee3cea4e5f2,
    0x3ca233050127fcc0,
    0x4002480ebf676b78,
    0xbc9019623042dc22,
    0x400251279b802819,
    0x3c86eaa5d3534893,
    0x40025a2e80f6022b,
    0xbc898a9d3420debf,
    0x400263238e10ba10,
    0xbc8b38893871bfa8,
    0x40026c06e153c83c,
    0x3c9a70b8dbeb4025,
    0x400274d8997962e4,
    0xbca22b44c415c42c,
    0x40027d98d56daacc,
    0xbcae66f06336d67b,
    0x40028647b449feb1,
    0xbc6d4cc5eea03524,
    0x40028ee5555074b2,
    0x3ca0c885b9c4e28c,
    0x40029771d7e7791f,
    0x3ca55426d44fb6e1,
    0x40029fed5b959215,
    0xbca5fbe5d625d590,
    0x4002a857fffd473d,
    0x3caa3e7a0186b990,
    0x4002b0b1e4d92d17,
    0xbca517018b4ad365,
    0x4002b8fb29f8130a,
    0x3c7be16410227be5,
    0x4002c133ef3953b3,
    0x3cafcda337413ed0,
    0x4002c95c548946a4,
    0xbcab051d3bd657e9,
    0x4002d17479ddd2ee,
    0xbc68b536d1dc2d8b,
    0x4002d97c7f3321d2,
    0x3c9a79394c9e8a0a,
];

/// TwoSum: `a + b = s + e` exactly.
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// The operands of one element, with `z = X / Y` (`X = xh + xl`, `Y = yh + yl`, up to a
/// common factor) and the function's value `atan z` (or `pi - atan z` when `neg`).
#[derive(Clone, Copy)]
struct Operands {
    xh: f64,
    xl: f64,
    yh: f64,
    yl: f64,
    neg: bool,
    ok: bool,
    /// The result takes the sign of this.
    sign: f64,
}

/// `|x| = a` and `a w_hi`, `w_hi sqrt(1 - a^2)` as double-doubles (see the module docs),
/// for `a < 1`.
#[inline(always)]
fn sine_cosine(a: f64) -> (f64, f64, f64, f64) {
    let h = a * a;
    let l = a.mul_add(a, -h);
    let dh = 1.0 - h;
    let dl = ((1.0 - dh) - h) - l;
    let w = dh.sqrt();
    let e = (-w).mul_add(w, dh);
    let xh = a * w;
    let xl = a.mul_add(w, -xh);
    (xh, xl, dh, (dl - e) * 0.5)
}

/// The operands of `atan` (`K = 0`), `asin` (`K = 1`) or `acos` (`K = 2`) at `x`.
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn operands<const K: u8>(x: f64) -> Operands {
    let a = x.abs();
    if K == 0 {
        Operands {
            xh: a,
            xl: 0.0,
            yh: 1.0,
            yl: 0.0,
            neg: false,
            ok: (a >= TINY) & (a <= f64::MAX),
            sign: x,
        }
    } else {
        let (sh, sl, ch, cl) = sine_cosine(a);
        if K == 1 {
            Operands {
                xh: sh,
                xl: sl,
                yh: ch,
                yl: cl,
                neg: false,
                ok: (a >= TINY) & (a < 1.0),
                sign: x,
            }
        } else {
            Operands {
                xh: ch,
                xl: cl,
                yh: sh,
                yl: sl,
                neg: x < 0.0,
                ok: a < 1.0,
                sign: 1.0,
            }
        }
    }
}

/// The operands of `atan2(y, x)`: `X = |y| s`, `Y = |x| s` with `s` the power of 2 that
/// puts the larger in `[1, 2)` (exact in the proven range: both finite, the larger in
/// `[2^-1022, 2^1022)`, the smaller at least `2^-900` after scaling).
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn operands2(y: f64, x: f64) -> Operands {
    let (ay, ax) = (y.abs(), x.abs());
    let m = ay.max(ax);
    let s = f64::from_bits(2046u64.wrapping_sub(m.to_bits() >> 52) << 52);
    let small = ay.min(ax) * s;
    Operands {
        xh: ay * s,
        xl: 0.0,
        yh: ax * s,
        yl: 0.0,
        neg: x < 0.0,
        ok: (m >= f64::MIN_POSITIVE) & (m < TWO_1022) & (small >= TINY),
        sign: y,
    }
}

/// `2^1022`.
const TWO_1022: f64 = f64::from_bits(0x7fd0_0000_0000_0000);

/// The block evaluation of `atan`, `asin` or `acos` (`K` as in [`operands`]).
#[inline(always)]
fn atan_block<const K: u8>(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
    block_of(xs.len(), |i| operands::<K>(xs[i]), out, bad)
}

/// The block evaluation of `n` elements whose operands `op(i)` gives.
#[inline(always)]
fn block_of(n: usize, op: impl Fn(usize) -> Operands, out: &mut [f64], bad: &mut [u32]) -> u32 {
    assert!(n <= BLOCK && out.len() == n && bad.len() == n);
    let mut idx = [0u32; BLOCK];
    let mut pq = [[0.0f64; BLOCK]; 6];
    {
        // Pass 1 (vectorised): the operands in order `P <= Q`, `c`, `sigma`, the index,
        // the range flag.
        let [ph, pl, qh, ql, cs, sg] = &mut pq;
        let (ph, pl, qh, ql) = (&mut ph[..n], &mut pl[..n], &mut qh[..n], &mut ql[..n]);
        let (cs, sg, idx) = (&mut cs[..n], &mut sg[..n], &mut idx[..n]);
        for i in 0..n {
            let o = op(i);
            let large = o.xh > o.yh;
            let (a, b, cc, d) = if large {
                (o.yh, o.yl, o.xh, o.xl)
            } else {
                (o.xh, o.xl, o.yh, o.yl)
            };
            let kd = (a / cc).mul_add(128.0, MAGIC);
            let j = (kd.to_bits() as u32).min(128);
            ph[i] = a;
            pl[i] = b;
            qh[i] = cc;
            ql[i] = d;
            cs[i] = (kd - MAGIC) * (1.0 / 128.0);
            sg[i] = if large ^ o.neg { -1.0 } else { 1.0 };
            idx[i] = j + SET as u32 * (large as u32 + 2 * o.neg as u32);
            bad[i] = (!o.ok) as u32;
            out[i] = o.sign;
        }
    }
    // Pass 2 (scalar loads: a portable build emits no gathers).
    let (mut bh, mut bl) = ([0.0f64; BLOCK], [0.0f64; BLOCK]);
    for ((h, l), &k) in bh[..n].iter_mut().zip(&mut bl[..n]).zip(&idx[..n]) {
        *h = f64::from_bits(T[2 * k as usize]);
        *l = f64::from_bits(T[2 * k as usize + 1]);
    }
    // Pass 3 (vectorised): the double-double value and the rounding test.
    let [ph, pl, qh, ql, cs, sg] = &pq;
    let (ph, pl, qh, ql, cs, sg) = (&ph[..n], &pl[..n], &qh[..n], &ql[..n], &cs[..n], &sg[..n]);
    let (bh, bl) = (&bh[..n], &bl[..n]);
    let mut any = 0;
    for i in 0..n {
        let (y, ok) = atan_core(ph[i], pl[i], qh[i], ql[i], cs[i], sg[i], bh[i], bl[i]);
        out[i] = y.copysign(out[i]);
        bad[i] |= (!ok) as u32;
        any |= bad[i];
    }
    any
}

/// `B + sigma atan((P - c Q) / (Q + c P))` with its rounding test (see the module docs):
/// the result and whether it is proven correctly rounded.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn atan_core(ph: f64, pl: f64, qh: f64, ql: f64, c: f64, sg: f64, bh: f64, bl: f64) -> (f64, bool) {
    // n = P - c Q
    let m = c * qh;
    let me = c.mul_add(qh, -m);
    let (nh, ne) = two_sum(ph, -m);
    let nl = ne + ((pl - me) - c * ql);
    // d = Q + c P
    let m2 = c * ph;
    let m2e = c.mul_add(ph, -m2);
    let (dh, de) = two_sum(qh, m2);
    let dl = de + ((ql + m2e) + c * pl);
    // t = sigma n / d = q + q_lo
    let inv = 1.0 / dh;
    let q0 = nh * inv;
    let r = (-q0).mul_add(dh, nh);
    let q1 = ((r + nl) - q0 * dl) * inv;
    let q = sg * q0;
    let qlo = sg * q1;
    // atan(q + q_lo) = q + q_lo (1 - q^2) + q^3 P(q^2)
    let s = q * q;
    let p = C[3].mul_add(s, C[2]).mul_add(s, C[1]).mul_add(s, C[0]);
    let cubic = (q * s) * p;
    let v = bh + q;
    let e1 = (bh - v) + q;
    let rest = ((e1 + bl) + (-s).mul_add(qlo, qlo)) + cubic;
    let eps = EPS * v.abs();
    let lo = v + (rest - eps);
    let hi = v + (rest + eps);
    (hi, lo == hi)
}

/// `atan x`.
pub struct Atan64;
impl Fun64 for Atan64 {
    const NAME: &'static str = "atan";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        atan_block::<0>(xs, out, bad)
    }
    fn exact(x: f64) -> f64 {
        cm::atan(x)
    }
}

/// `atan2(y, x)`, the angle of `(x, y)`.
pub struct Atan2_64;
impl Fun64x2 for Atan2_64 {
    const NAME: &'static str = "atan2";
    #[inline(always)]
    fn block(ys: &[f64], xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        assert_eq!(ys.len(), xs.len());
        let (ys, xs) = (&ys[..xs.len()], &xs[..ys.len()]);
        block_of(xs.len(), |i| operands2(ys[i], xs[i]), out, bad)
    }
    fn exact(y: f64, x: f64) -> f64 {
        cm::atan2(y, x)
    }
}

/// `asin x`.
pub struct Asin64;
impl Fun64 for Asin64 {
    const NAME: &'static str = "asin";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        atan_block::<1>(xs, out, bad)
    }
    fn exact(x: f64) -> f64 {
        cm::asin(x)
    }
}

/// `acos x`.
pub struct Acos64;
impl Fun64 for Acos64 {
    const NAME: &'static str = "acos";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        atan_block::<2>(xs, out, bad)
    }
    fn exact(x: f64) -> f64 {
        cm::acos(x)
    }
}
