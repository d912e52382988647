//! `sin`, `cos` and `tan` of `f64`, correctly rounded, vectorised.
//!
//! # Method
//! The table method with a rounding test on a double-double result (as [`super::exp64`]):
//!
//! * **Reduction.** `k = round(x 512/pi)` (one fused multiply-add onto `1.5 * 2^52`, which
//!   leaves `k` in the low 32 bits), `r = x - k pi/512`, `|r| <= (1/2 + 2^-24) pi/512 <
//!   0.0030681` for `|x| <= 2^23` (`INV = 512/pi` rounded is within `2^-47`, so `x INV`
//!   is within `2^-24` of `x 512/pi`), `|k| < 2^30.35`. `pi/512 = P1 + P2 + P3 + d`
//!   (`P1` the nearest `f64`, `|P2| < 2^-61.8`, `|P3| < 2^-117`, `|d| < 2^-171.6`):
//!   `r1 = x - k P1` is exact (one fused multiply-add: `x` and `k P1` are multiples of
//!   `2^-61`, and `|r1| < 2^-8`), `k P2 = t + t_err` exactly (fused multiply-add),
//!   `rh = r1 - t` with its exact rest by Fast2Sum (`|r1| > |t|`, see the range below, or
//!   `k = 0` and `t = 0`), `rl = rest - t_err - k P3`.
//! * **Table.** `j = k mod 256`, the quadrant `q = floor(k / 256) mod 4` (plus 1 for
//!   `cos`, as `cos x = sin(x + pi/2)`): `sin(x) = A cos r + B sin r` where `(A, B)` is
//!   `(S_j, C_j)`, `(C_j, -S_j)`, `(-S_j, -C_j)` or `(-C_j, S_j)`, with `S_j = sin(j
//!   pi/512)`, `C_j = cos(j pi/512) = S_(256-j)`, double-doubles from a 257-entry table
//!   (within `2^-106` relative; generated with `mpmath` at 300 bits, as printed in `S`'s
//!   docs). The lookups (with the signs) are a scalar first pass into stack arrays.
//! * **Polynomials.** With `z = rh^2` (and its exact rest `z_err`, fused multiply-add):
//!   `cos r - 1 = c_hi + c_lo`, `c_hi = -z/2` (exact), `c_lo = -z_err/2 - rh rl +
//!   z^2 (1/24 - z/720)`; `sin r = r (1 + s)`, `s = z (-1/6 + z (1/120 - z/5040))`
//!   (Taylor).
//! * **Value.** `B_hi rh = p + p_err` (exact product), `A_hi + p = v + e1` (Fast2Sum,
//!   exact: `A = 0` or `|A| >= sin(pi/512) > 2 |r| >= |p|`),
//!   `rest = B_hi (rh s) + (A_hi c_hi + small)` (two fused multiply-adds), with
//!   `small = e1 + p_err + A_lo + B_hi rl + B_lo rh + A_hi c_lo + A_lo c_hi`.
//! * `tan`: `sin x` as above and `cos x = B cos r - A sin r` from the same entries, each
//!   renormalised (Fast2Sum), then the double-double quotient: `q = sh / ch`,
//!   `rem = sh - q ch` (exact, fused multiply-add), `ql = (rem + (sl - q cl)) / ch`.
//!
//! **Rounding test**: with `eps = 2^-67 |v|` (`sin`, `cos`) or `2^-66 |q|` (`tan`), the
//! result `v + (rest + eps)` is correctly rounded when it equals `v + (rest - eps)` (as in
//! [`super::exp64`]). Other elements (about `2^-13`, `2^-12` for `tan`) and the inputs
//! outside the proven range are CORE-MATH's: `|x| > 2^23` (infinities included), NaN, a
//! reduced argument `|rh| < 2^-24` with `k != 0` (near a multiple of `pi/512`: this keeps
//! the reduction's relative error tiny without a search for the closest multiple; about
//! `2^-15.6` of uniform inputs), and for `sin` and `tan` `|x| < 2^-26` (zeros and
//! subnormals included: CORE-MATH's signs and rounding of `x - x^3/6`).
//!
//! # Error analysis
//! `u = 2^-53`; `Y = |sin x|` (or `|cos x|`), the size of the result. Write `x = k pi/512 +
//! r` as `theta + r` with `theta` the distance of the table point from the nearest zero
//! of the function, so that `|A| = sin theta`, `|B| = cos theta`, the value is
//! `+-sin(theta + r)`: for `theta >= pi/512`, `theta + r >= theta/2`, so `|A| <= 2 Y`;
//! and `|B r| <= |r| <= 1.000002 Y` (`|r| <= pi/1024 (1 + 2^-23)` and `Y >= sin(pi/1024)`
//! there, or `theta = 0` and `Y = |sin r|`). `z <= |r|^2 < 2^-16.7`, `|c| <= z/2 <
//! 2^-17.7`, `|s| <= z/6 < 2^-19.28`.
//! * Reduction (for `k != 0`, so `|rh| >= 2^-24`): `|t| < 2^-31.5`, `|t_err| < 2^-84.5`,
//!   `|k P3| < 2^-86.6`; the two roundings of `rl` and that of `k P3` are below
//!   `2^-106 |rh| + 2^-137`, the neglected `k d` below `2^-141.2`: `rh + rl` is `r` within
//!   `2^-104.9 |r|`, and `|rl| <= 1.007 u |rh|`. For `k = 0`, `rh = x` and `rl = 0`
//!   exactly; for `cos` with `|x| < 2^-26` (`A = 1`, `B = -0`), `|c| < 2^-53` and its
//!   roundings and underflows (`z`, `z_err`, `c_hi` for tiny `x`) cost below `2^-105`.
//! * `c`: `c_lo` (below `2^-37.9`) rounds below `4u 2^-37.9`, the truncation is below
//!   `r^8/40320 < 2^-82.1`, `z^2` for `r^4` and the coefficients cost below `2^-88`: `c`
//!   within `2^-82`, times `|A| <= 2Y`: `2^-81 Y`.
//! * `s`: `z` is `r^2` within `3.03u` relative (`z_err`, `2 rh rl`), `-1/6` rounded is
//!   within `0.5u` relative to the inner sum, the outer fused multiply-add and the product
//!   round `u` each, the inner terms (scaled by `z/20`) and the truncation (`z^4/362880 <
//!   2^-85`) are negligible: `s` within `5.53u` relative, and `B rh s` (below
//!   `2^-19.28 Y`) within `5.53u 2^-19.28 Y < 2^-69.81 Y`; `rh s` rounds below
//!   `2^-72.28 Y`.
//! * Neglected products: `B_lo r s` and `B_hi rl s` (each below `1.007u 2^-19.28 Y <
//!   2^-72.27 Y`), `A_lo c_lo`, `B_lo rl` (below `2^-89 Y`); the table's `2^-106`.
//! * Sums: `|small| < 2^-36.9 Y` (its six additions and four products round below
//!   `2^-86.6 Y` in all); the fused multiply-add with `A_hi c_hi` (value below
//!   `2^-16.69 Y`) rounds below `2^-69.69 Y`, the one with `B_hi (rh s)` (value `|rest|
//!   < 2^-16.48 Y`) below `2^-69.48 Y`.
//!
//! Total `E < (1.050 + 1.215 + 0.523 + 0.966 + 0.02) 10^-21 Y < 2^-67.84 Y`. With the
//! rounding of `rest +- eps` (below `u 2^-16.48 Y = 2^-69.48 Y`) the tested interval must
//! hold `2^-67.43 Y`; `|v| >= (1 - 2^-16) Y` (`v` differs from the value by `|rest| +
//! 2^-50 Y`), so `eps = 2^-67 |v|` holds.
//!
//! `tan`: `sh + sl` and `ch + cl` are `sin x` and `cos x` within `E` relative (the same
//! analysis: the cosine's entries `(B, -A)` have the same property for the distance to the
//! cosine's zeros); the quotient of the exact double-doubles is `tan x` within `2.0001 E <
//! 2^-66.84`, and `q + ql` is that quotient within `10 u^2` (`|sl| <= u |sh|`, `|cl| <= u
//! |ch|`, `|rem| <= u |sh|`: the roundings of `ql` and the neglected `cl/ch` factor are of
//! order `u^2 |q|`); `ql +- eps` rounds below `u 2^-50 |q|`: `eps = 2^-66 |q|` holds.
//!
//! The `2^23` bound: `|k| < 2^30.35` keeps `k` an exact integer in the low 32 bits,
//! `r1` exact and `|k (P2 + P3)|` far below `2^-24` (so `|r1| > |t|` whenever `|rh| >=
//! 2^-24`).

use super::{BLOCK, Fun64};
use crate::cmath::f64 as cm;

/// `1.5 * 2^52` (see [`super::exp`]).
const MAGIC: f64 = 6755399441055744.0;
/// `512 / pi`, rounded.
const INV: f64 = f64::from_bits(0x4064_5f30_6dc9_c883);
/// `pi/512 = P1 + P2 + P3 + d`: `P1` is `pi/512` rounded, `P2` the rounded rest
/// (`|P2| < 2^-61.8`), `P3` the rounded rest of that (`|P3| < 2^-117`), `|d| < 2^-171.6`.
const P1: f64 = f64::from_bits(0x3f79_21fb_5444_2d18);
const P2: f64 = f64::from_bits(0x3c11_a626_3314_5c07);
const P3: f64 = f64::from_bits(0xb89f_1976_b7ed_8fbc);
/// The largest argument of the proven range.
const MAX_X: f64 = 8388608.0; // 2^23
/// Below it, `sin` and `tan` are CORE-MATH's.
const MIN_X: f64 = 1.0 / 67108864.0; // 2^-26
/// Below it (with `k != 0`), the reduced argument is flagged.
const MIN_R: f64 = 1.0 / 16777216.0; // 2^-24
/// The error bound of `sin`/`cos`, in units of `|s|` (see the module docs).
const EPS: f64 = f64::from_bits(0x3bc0_0000_0000_0000); // 2^-67
/// The error bound of `tan`, in units of `|q|`.
const EPS_TAN: f64 = f64::from_bits(0x3bd0_0000_0000_0000); // 2^-66

/// `sin(j pi/512) = S[2j] + S[2j + 1]` for `j = 0..=256` (bits of `f64`s): the nearest
/// `f64` and the nearest `f64` to the rest, from
/// `mp.sin(j * mp.pi / 512)` at `mp.mp.prec = 300`. `cos(j pi/512)` is entry `256 - j`.
static S: [u64; 514] = [
    0x0000000000000000,
    0x0000000000000000,
    0x3f7921f0fe670071,
    0x3bfab967fe6b7a9b,
    0x3f8921d1fcdec784,
    0x3c29878ebe836d9d,
    0x3f92d936bbe30efd,
    0x3c2b5f91ee371d64,
    0x3f992155f7a3667e,
    0xbbfb1d63091a0130,
    0x3f9f693731d1cf01,
    0xbbd3fe9bc66286c7,
    0x3fa2d865759455cd,
    0x3c2686f65ba93ac0,
    0x3fa5fc00d290cd43,
    0x3c4a2669a693a8e1,
    0x3fa91f65f10dd814,
    0xbc2912bd0d569a90,
    0x3fac428d12c0d7e3,
    0xbc389bc74b58c513,
    0x3faf656e79f820e0,
    0xbc22e1ebe392bffe,
    0x3fb1440134d709b3,
    0xbc5fec446daea6ad,
    0x3fb2d52092ce19f6,
    0xbc49a088a8bf6b2c,
    0x3fb4661179272096,
    0xbc54b109f2406c4c,
    0x3fb5f6d00a9aa419,
    0xbc4f4022d03f6c9a,
    0x3fb787586a5d5b21,
    0x3c55f7589f083399,
    0x3fb917a6bc29b42c,
    0xbc3e2718d26ed688,
    0x3fbaa7b724495c03,
    0x3c5e5399ba0967b8,
    0x3fbc3785c79ec2d5,
    0xbc24f39df133fb21,
    0x3fbdc70ecbae9fc9,
    0x3c32fda2d73295ee,
    0x3fbf564e56a9730e,
    0x3c4a2704729ae56d,
    0x3fc072a047ba831d,
    0x3c519db1f70118ca,
    0x3fc139f0cedaf577,
    0xbc6523434d1b3cfa,
    0x3fc20116d4ec7bcf,
    0xbc6242c8e1053452,
    0x3fc2c8106e8e613a,
    0x3c513000a89a11e0,
    0x3fc38edbb0cd8d14,
    0xbc6198c21fbf7718,
    0x3fc45576b1293e5a,
    0xbc5285a24119f7b1,
    0x3fc51bdf8597c5f2,
    0xbc29f9976af04aa5,
    0x3fc5e214448b3fc6,
    0x3c6531ff779ddac6,
    0x3fc6a81304f64ab2,
    0x3c5f0cd73fb5d8d4,
    0x3fc76dd9de50bf31,
    0x3c61d5eeec501b2f,
    0x3fc83366e89c64c6,
    0xbc6192952df10db8,
    0x3fc8f8b83c69a60b,
    0xbc626d19b9ff8d82,
    0x3fc9bdcbf2dc4366,
    0x3c69632d189956fe,
    0x3fca82a025b00451,
    0xbc687905ffd084ad,
    0x3fcb4732ef3d6722,
    0x3c6bbe5d5d75cbd8,
    0x3fcc0b826a7e4f63,
    0xbc1af1439e521935,
    0x3fcccf8cb312b286,
    0x3c52382b0aecadf8,
    0x3fcd934fe5454311,
    0x3c675b92277107ad,
    0x3fce56ca1e101a1b,
    0x3c646ac3f9fd0227,
    0x3fcf19f97b215f1b,
    0xbc642deef11da2c4,
    0x3fcfdcdc1adfedf9,
    0xbc62dba4580ed7bb,
    0x3fd04fb80e37fdae,
    0xbc0412cdb72583cc,
    0x3fd0b0d9cfdbdb90,
    0x3c53b3a7b8d1200d,
    0x3fd111d262b1f677,
    0x3c7824c20ab7aa9a,
    0x3fd172a0d7765177,
    0x3c622575f33366be,
    0x3fd1d3443f4cdb3e,
    0xbc6720d41c13519e,
    0x3fd233bbabc3bb71,
    0x3c799b04e23259ef,
    0x3fd294062ed59f06,
    0xbc75d28da2c4612d,
    0x3fd2f422daec0387,
    0xbc77501ba473da6f,
    0x3fd35410c2e18152,
    0xbc73cb002f96e062,
    0x3fd3b3cefa0414b7,
    0x3c7f36dc4a9c2294,
    0x3fd4135c94176601,
    0x3c70c97c4afa2518,
    0x3fd472b8a5571054,
    0xbc701ea0fe4dff23,
    0x3fd4d1e24278e76a,
    0x3c62417218792858,
    0x3fd530d880af3c24,
    0xbc7fab8e2103fbd6,
    0x3fd58f9a75ab1fdd,
    0xbc1efdc0d58cf620,
    0x3fd5ee27379ea693,
    0x3c7634ff2fa75245,
    0x3fd64c7ddd3f27c6,
    0x3c510d2b4a664121,
    0x3fd6aa9d7dc77e17,
    0xbc738b470592c7b3,
    0x3fd7088530fa459f,
    0xbc744b19e0864c5d,
    0x3fd766340f2418f6,
    0x3c72b2adc9041b2c,
    0x3fd7c3a9311dcce7,
    0x3c19a3f21ef3e8d9,
    0x3fd820e3b04eaac4,
    0xbc492379eb01c6b6,
    0x3fd87de2a6aea963,
    0xbc672cedd3d5a610,
    0x3fd8daa52ec8a4b0,
    0xbc672eb2db8c621e,
    0x3fd9372a63bc93d7,
    0x3c6684319e5ad5b1,
    0x3fd993716141bdff,
    0xbc715e8cce261c55,
    0x3fd9ef7943a8ed8a,
    0x3c66da81290bdbab,
    0x3fda4b4127dea1e5,
    0xbc7bec6f01bc22f1,
    0x3fdaa6c82b6d3fca,
    0xbc7d5f106ee5ccf7,
    0x3fdb020d6c7f4009,
    0x3c5414ae7e555208,
    0x3fdb5d1009e15cc0,
    0x3c65b362cb974183,
    0x3fdbb7cf2304bd01,
    0x3c69e1a5bd9269d4,
    0x3fdc1249d8011ee7,
    0xbc7813aabb515206,
    0x3fdc6c7f4997000b,
    0xbc7bec2669c68e74,
    0x3fdcc66e9931c45e,
    0x3c56850e59c37f8f,
    0x3fdd2016e8e9db5b,
    0xbc6c8bce9d93efb8,
    0x3fdd79775b86e389,
    0x3c7550ec87bc0575,
    0x3fddd28f1481cc58,
    0xbc4e7576fa6c944e,
    0x3fde2b5d3806f63b,
    0x3c5e0d891d3c6841,
    0x3fde83e0eaf85114,
    0xbc67bc380ef24ba7,
    0x3fdedc1952ef78d6,
    0xbc7dd0f7c33edee6,
    0x3fdf3405963fd067,
    0x3c706846d44a238f,
    0x3fdf8ba4dbf89aba,
    0xbc32ec1fc1b776b8,
    0x3fdfe2f64be71210,
    0xbc7297ab1ca2d7db,
    0x3fe01cfc874c3eb7,
    0xbc734a35e7c2368c,
    0x3fe0485626ae221a,
    0x3c8b937d9091ff70,
    0x3fe073879922ffee,
    0xbc8a5a014347406c,
    0x3fe09e907417c5e1,
    0xbc8fe573741a9bd4,
    0x3fe0c9704d5d898f,
    0xbc88d3d7de6ee9b2,
    0x3fe0f426bb2a8e7e,
    0xbc8bb58fb774f8ee,
    0x3fe11eb3541b4b23,
    0xbc8ef23b69abe4f1,
    0x3fe14915af336ceb,
    0x3c7f3660558a0213,
    0x3fe1734d63dedb49,
    0xbc87eef2ccc50575,
    0x3fe19d5a09f2b9b8,
    0xbc633656c68a1d4a,
    0x3fe1c73b39ae68c8,
    0x3c8b25dd267f6600,
    0x3fe1f0f08bbc861b,
    0xbc610d9dcafb74cb,
    0x3fe21a799933eb59,
    0xbc83a7b177c68fb2,
    0x3fe243d5fb98ac1f,
    0x3c7c533d0a284a8d,
    0x3fe26d054cdd12df,
    0xbc85da743ef3770c,
    0x3fe2960727629ca8,
    0x3c756d6c7af02d5c,
    0x3fe2bedb25faf3ea,
    0xbc514981c796ee46,
    0x3fe2e780e3e8ea17,
    0xbc8b19fafe36587a,
    0x3fe30ff7fce17035,
    0xbc6efcc626f74a6f,
    0x3fe338400d0c8e57,
    0xbc8abf2a5e95e6e5,
    0x3fe36058b10659f3,
    0xbc81fcb3a35857e7,
    0x3fe3884185dfeb22,
    0xbc7a038026abe6b2,
    0x3fe3affa292050b9,
    0x3c7e3e25e3954964,
    0x3fe3d78238c58344,
    0xbc80219f5f0f79ce,
    0x3fe3fed9534556d4,
    0x3c836916608c5061,
    0x3fe425ff178e6bb1,
    0x3c87b38d675140ca,
    0x3fe44cf325091dd6,
    0x3c68076a2cfdc6b3,
    0x3fe473b51b987347,
    0x3c6ca1953514e41b,
    0x3fe49a449b9b0939,
    0xbc827ee16d719b94,
    0x3fe4c0a145ec0004,
    0x3c52630cfafceaa1,
    0x3fe4e6cabbe3e5e9,
    0x3c63c293edceb327,
    0x3fe50cc09f59a09b,
    0x3c7693463a2c2e6f,
    0x3fe5328292a35596,
    0xbc7a12eb89da0257,
    0x3fe5581038975137,
    0x3c84570d9efe26df,
    0x3fe57d69348ceca0,
    0xbc875720992bfbb2,
    0x3fe5a28d2a5d7250,
    0x3c857a25f8b13430,
    0x3fe5c77bbe65018c,
    0x3c8069ea9c0bc32a,
    0x3fe5ec3495837074,
    0x3c7dea89a9b8f727,
    0x3fe610b7551d2cdf,
    0xbc7251b352ff2a37,
    0x3fe63503a31c1be9,
    0x3c61248f09e6587c,
    0x3fe6591925f0783d,
    0x3c8c3d64fbf5de23,
    0x3fe67cf78491af10,
    0x3c4750ab23477b61,
    0x3fe6a09e667f3bcd,
    0xbc8bdd3413b26456,
    0x3fe6c40d73c18275,
    0x3c625d4f802be257,
    0x3fe6e74454eaa8af,
    0xbc8dbc03c84e226e,
    0x3fe70a42b3176d7a,
    0xbc7d9e3fbe2e15a0,
    0x3fe72d0837efff96,
    0x3c80d4ef0f1d915c,
    0x3fe74f948da8d28d,
    0x3c019900a3b9a3a2,
    0x3fe771e75f037261,
    0x3c75cfce8d84068f,
    0x3fe79400574f55e5,
    0xbc80adadbdb4c65a,
    0x3fe7b5df226aafaf,
    0xbc70f537acdf0ad7,
    0x3fe7d7836cc33db2,
    0x3c7162715ef03f85,
    0x3fe7f8ece3571771,
    0xbc89c8d8ce93c917,
    0x3fe81a1b33b57acc,
    0xbc85dea12d66bb66,
    0x3fe83b0e0bff976e,
    0xbc76f420f8ea3475,
    0x3fe85bc51ae958cc,
    0x3c845ba6478086cc,
    0x3fe87c400fba2ebf,
    0xbc82dabc0c3f64cd,
    0x3fe89c7e9a4dd4aa,
    0x3c8db6ea04a8678f,
    0x3fe8bc806b151741,
    0xbc82c5e12ed1336d,
    0x3fe8dc45331698cc,
    0x3c61d9fcd83634d7,
    0x3fe8fbcca3ef940d,
    0xbc66dfa99c86f2f1,
    0x3fe91b166fd49da2,
    0xbc63be953a7fe996,
    0x3fe93a22499263fb,
    0x3c83d419a920df0b,
    0x3fe958efe48e6dd7,
    0xbc8561335da0f4e7,
    0x3fe9777ef4c7d742,
    0xbc815479a240665e,
    0x3fe995cf2ed80d22,
    0x3c77783e907fbd7b,
    0x3fe9b3e047f38741,
    0xbc830ee286712474,
    0x3fe9d1b1f5ea80d5,
    0x3c8c5fadd5ffb36f,
    0x3fe9ef43ef29af94,
    0x3c7b1dfcb60445c2,
    0x3fea0c95eabaf937,
    0xbc8e0ca3acbd049a,
    0x3fea29a7a0462782,
    0xbc7128bb015df175,
    0x3fea4678c8119ac8,
    0x3c81b4c0dd3f212a,
    0x3fea63091b02fae2,
    0xbc7e911152248d10,
    0x3fea7f58529fe69d,
    0xbc897a441584a179,
    0x3fea9b66290ea1a3,
    0x3c39f630e8b6dac8,
    0x3feab7325916c0d4,
    0x3c8a8b8c85baaa9b,
    0x3fead2bc9e21d511,
    0xbc847fbe07bea548,
    0x3feaee04b43c1474,
    0xbc83a79a438bf8cc,
    0x3feb090a58150200,
    0xbc8926da300ffcce,
    0x3feb23cd470013b4,
    0x3c75a1bb35ad6d2e,
    0x3feb3e4d3ef55712,
    0xbc8eb6b8bf11a493,
    0x3feb5889fe921405,
    0xbc6df49b307c8602,
    0x3feb728345196e3e,
    0xbc8bc69f324e6d61,
    0x3feb8c38d27504e9,
    0xbc81529abff40e45,
    0x3feba5aa673590d2,
    0x3c87ea4e370753b6,
    0x3febbed7c49380ea,
    0x3c4beacbd88500b4,
    0x3febd7c0ac6f952a,
    0xbc8825a732ac700a,
    0x3febf064e15377dd,
    0x3c62156026a1e028,
    0x3fec08c426725549,
    0x3c5b157fd80e2946,
    0x3fec20de3fa971b0,
    0xbc8b4ca2bab1322c,
    0x3fec38b2f180bdb1,
    0xbc76e0b1757c8d07,
    0x3fec5042012b6907,
    0xbc65c058dd8eaba5,
    0x3fec678b3488739b,
    0x3c6d86cac7c5ff5b,
    0x3fec7e8e52233cf3,
    0x3c6b2ad324aa35c1,
    0x3fec954b213411f5,
    0xbc52fb761e946603,
    0x3fecabc169a0b900,
    0x3c8c42d3e10851d1,
    0x3fecc1f0f3fcfc5c,
    0x3c7e57613b68f6ab,
    0x3fecd7d9898b32f6,
    0xbc6f2fa062496738,
    0x3feced7af43cc773,
    0xbc5e7b6bb5ab58ae,
    0x3fed02d4feb2bd92,
    0x3c8195ff41bc55fe,
    0x3fed17e7743e35dc,
    0xbc5101da3540130a,
    0x3fed2cb220e0ef9f,
    0xbc7f07656d4e6652,
    0x3fed4134d14dc93a,
    0xbc84ef5295d25af2,
    0x3fed556f52e93eb1,
    0xbc880ed9233a9630,
    0x3fed696173c9e68b,
    0xbc7e8c61c6393d55,
    0x3fed7d0b02b8ecf9,
    0x3c8800f4ce65cd6e,
    0x3fed906bcf328d46,
    0x3c7457e610231ac2,
    0x3feda383a9668988,
    0xbc85811000b39d84,
    0x3fedb6526238a09b,
    0xbc7adee7eae69460,
    0x3fedc8d7cb410260,
    0x3c76b7872773830d,
    0x3feddb13b6ccc23c,
    0x3c883c37c6107db3,
    0x3feded05f7de47da,
    0xbc82cc4c1f8ba966,
    0x3fedfeae622dbe2b,
    0xbc8514ea88425567,
    0x3fee100cca2980ac,
    0xbc602d182acdf825,
    0x3fee212104f686e5,
    0xbc8014c76c126527,
    0x3fee31eae870ce25,
    0xbc7bc7094538d678,
    0x3fee426a4b2bc17e,
    0x3c8a873889744882,
    0x3fee529f04729ffc,
    0x3c89075d6e6dfc8b,
    0x3fee6288ec48e112,
    0xbc616b56f2847754,
    0x3fee7227db6a9744,
    0x3c82128794da5a50,
    0x3fee817bab4cd10d,
    0xbc7d0afe686b5e0a,
    0x3fee9084361df7f2,
    0x3c8cdfc7ce9dc3e9,
    0x3fee9f4156c62dda,
    0x3c8760b1e2e3f81e,
    0x3feeadb2e8e7a88e,
    0xbc892ec52ea226a3,
    0x3feebbd8c8df0b74,
    0x3c7c6c8c615e7277,
    0x3feec9b2d3c3bf84,
    0x3c719119d358de05,
    0x3feed740e7684963,
    0x3c7e82c791f59cc2,
    0x3feee482e25a9dbc,
    0xbc7b6066ef81af2a,
    0x3feef178a3e473c2,
    0x3c86310a67fe774f,
    0x3feefe220c0b95ec,
    0x3c8c853b7bf7e0cd,
    0x3fef0a7efb9230d7,
    0x3c752c7adc6b4989,
    0x3fef168f53f7205d,
    0xbc626a6c1f015601,
    0x3fef2252f7763ada,
    0xbc820cb81c8d94ab,
    0x3fef2dc9c9089a9d,
    0x3c45407460bdfc07,
    0x3fef38f3ac64e589,
    0xbc7d7bafb51f72e6,
    0x3fef43d085ff92dd,
    0xbc88fde71e361c05,
    0x3fef4e603b0b2f2d,
    0xbc78ee01e695ac05,
    0x3fef58a2b1789e84,
    0x3c71f4a188aa3680,
    0x3fef6297cff75cb0,
    0x3c7562172a361fd3,
    0x3fef6c3f7df5bbb7,
    0x3c78561ce9d5ef5b,
    0x3fef7599a3a12077,
    0x3c884f31d743195c,
    0x3fef7ea629e63d6e,
    0x3c8ba92d57ebfedd,
    0x3fef8764fa714ba9,
    0x3c7ab256778ffcb6,
    0x3fef8fd5ffae41db,
    0xbc78cfd77fd970d2,
    0x3fef97f924c9099b,
    0xbc8e2ae0eea5963b,
    0x3fef9fce55adb2c8,
    0x3c7f2a06fab9f9d1,
    0x3fefa7557f08a517,
    0xbc87a0a8ca13571f,
    0x3fefae8e8e46cfbb,
    0xbc73a9e414732d97,
    0x3fefb5797195d741,
    0x3c71bfac7397cc08,
    0x3fefbc1617e44186,
    0xbc458ec496dc4ecb,
    0x3fefc26470e19fd3,
    0x3c81ec8668ecacee,
    0x3fefc8646cfeb721,
    0x3c83143dc43a9b9d,
    0x3fefce15fd6da67b,
    0xbc75dd6f830d4c09,
    0x3fefd37914220b84,
    0x3c852e9d7b772791,
    0x3fefd88da3d12526,
    0xbc887df6378811c7,
    0x3fefdd539ff1f456,
    0xbc7ab13cbbec1781,
    0x3fefe1cafcbd5b09,
    0x3c6a23e3202a884e,
    0x3fefe5f3af2e3940,
    0x3c8b213f18c9cf17,
    0x3fefe9cdad01883a,
    0x3c6521ecd0c67e35,
    0x3fefed58ecb673c4,
    0xbc7e6e462a7ae686,
    0x3feff095658e71ad,
    0x3c801a8ce18a4b9e,
    0x3feff3830f8d575c,
    0xbc795e1e79d335f7,
    0x3feff621e3796d7e,
    0xbc6c57bc2e24aa15,
    0x3feff871dadb81df,
    0x3c78b1c676208aa4,
    0x3feffa72effef75d,
    0xbc88b4cdcdb25956,
    0x3feffc251df1d3f8,
    0x3c77a7d209f32d43,
    0x3feffd886084cd0d,
    0xbc81354d4556e4cb,
    0x3feffe9cb44b51a1,
    0x3c75b43366df6670,
    0x3fefff62169b92db,
    0x3c85dda3c81fbd0d,
    0x3fefffd8858e8a92,
    0x3c8359c71883bcf7,
    0x3ff0000000000000,
    0x0000000000000000,
];

/// `x 512/pi + 1.5 * 2^52`, holding `k = round(x 512/pi)` in its low 32 bits.
#[inline(always)]
fn kd(x: f64) -> f64 {
    x.mul_add(INV, MAGIC)
}

/// The table entries `(A, B)` of `x` (as `hi, lo` bit pairs) such that
/// `sin(x + off pi/2) = A cos r + B sin r` with `r = x - k pi/512`: for `j = k mod 256`
/// and the quadrant `q = (k >> 8) + off mod 4`, `(A, B)` is `(S_j, C_j)`, `(C_j, -S_j)`,
/// `(-S_j, -C_j)` or `(-C_j, S_j)`.
#[inline(always)]
fn lookup(x: f64, off: u32) -> (f64, f64, f64, f64) {
    let idx = (kd(x).to_bits() as u32).wrapping_add(off << 8);
    let j = idx & 255;
    let q = (idx >> 8) & 3;
    let ia = if q & 1 == 0 { j } else { 256 - j } as usize;
    let ib = 256 - ia;
    let sa = ((q >> 1) as u64) << 63;
    let sb = (((q ^ (q >> 1)) & 1) as u64) << 63;
    (
        f64::from_bits(S[2 * ia] ^ sa),
        f64::from_bits(S[2 * ia + 1] ^ sa),
        f64::from_bits(S[2 * ib] ^ sb),
        f64::from_bits(S[2 * ib + 1] ^ sb),
    )
}

/// The reduced argument and the parts of `cos r`, `sin r` (see the module docs).
struct Red {
    /// `r = rh + rl`.
    rh: f64,
    rl: f64,
    /// `cos r - 1 ~ c_hi + c_lo`, `c_hi = -rh^2/2` exactly.
    c_hi: f64,
    c_lo: f64,
    /// `rh s`, where `sin r / r - 1 ~ s`.
    ts: f64,
    /// Whether the bound is proven for this `x` (range and reduced argument).
    ok: bool,
}

/// `x = k pi/512 + r` and the polynomials of `r` (see the module docs).
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `&` of comparisons: branch-free over lanes
fn reduce(x: f64) -> Red {
    let k = kd(x) - MAGIC;
    let r1 = (-k).mul_add(P1, x);
    let t = k * P2;
    let t_err = k.mul_add(P2, -t);
    let rh = r1 - t;
    let rl = (((r1 - rh) - t) - t_err) - k * P3;
    let z = rh * rh;
    let z_err = rh.mul_add(rh, -z);
    let c_hi = -0.5 * z;
    let w = (-1.0f64 / 720.0).mul_add(z, 1.0 / 24.0);
    let c_lo = (z * z).mul_add(w, (-0.5 * z_err) - rh * rl);
    let s = z
        * (-1.0f64 / 5040.0)
            .mul_add(z, 1.0 / 120.0)
            .mul_add(z, -1.0 / 6.0);
    let ax = x.abs();
    let ok = (ax <= MAX_X) & ((k == 0.0) | (rh.abs() >= MIN_R));
    Red {
        rh,
        rl,
        c_hi,
        c_lo,
        ts: rh * s,
        ok,
    }
}

/// `A cos r + B sin r` as `s + rest` (`|rest| < 2^-16.4 |s|`).
#[inline(always)]
fn combine(ah: f64, al: f64, bh: f64, bl: f64, d: &Red) -> (f64, f64) {
    let p = bh * d.rh;
    let p_err = bh.mul_add(d.rh, -p);
    let s = ah + p;
    let e1 = (ah - s) + p;
    let small = e1 + p_err + al + bh * d.rl + bl * d.rh + ah * d.c_lo + al * d.c_hi;
    let rest = bh.mul_add(d.ts, ah.mul_add(d.c_hi, small));
    (s, rest)
}

/// The rounding test of `s + rest` with the error bound `eps`: the result, and whether it
/// is proven correctly rounded.
#[inline(always)]
fn round(s: f64, rest: f64, eps: f64) -> (f64, bool) {
    let lo = s + (rest - eps);
    let hi = s + (rest + eps);
    (hi, lo == hi)
}

/// `sin` (`off = 0`) or `cos` (`off = 1`) over a block.
#[inline(always)]
fn sincos_block(xs: &[f64], out: &mut [f64], bad: &mut [u32], off: u32) -> u32 {
    let n = xs.len();
    let mut t = [[0.0f64; 4]; BLOCK];
    for (e, &x) in t[..n].iter_mut().zip(xs) {
        let (ah, al, bh, bl) = lookup(x, off);
        *e = [ah, al, bh, bl];
    }
    let mut any = 0;
    for (((o, b), &x), e) in out.iter_mut().zip(bad.iter_mut()).zip(xs).zip(&t) {
        let d = reduce(x);
        let (s, rest) = combine(e[0], e[1], e[2], e[3], &d);
        let (y, ok) = round(s, rest, EPS * s.abs());
        let tiny = (off == 0) & (x.abs() < MIN_X);
        *o = y;
        *b = (!(ok & d.ok) | tiny) as u32;
        any |= *b;
    }
    any
}

/// `sin x`.
pub struct Sin64;
impl Fun64 for Sin64 {
    const NAME: &'static str = "sin";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        sincos_block(xs, out, bad, 0)
    }
    fn exact(x: f64) -> f64 {
        cm::sin(x)
    }
}

/// `cos x`.
pub struct Cos64;
impl Fun64 for Cos64 {
    const NAME: &'static str = "cos";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        sincos_block(xs, out, bad, 1)
    }
    fn exact(x: f64) -> f64 {
        cm::cos(x)
    }
}

/// `tan x`.
pub struct Tan64;
impl Fun64 for Tan64 {
    const NAME: &'static str = "tan";
    #[inline(always)]
    fn block(xs: &[f64], out: &mut [f64], bad: &mut [u32]) -> u32 {
        let n = xs.len();
        let mut t = [[0.0f64; 4]; BLOCK];
        for (e, &x) in t[..n].iter_mut().zip(xs) {
            let (ah, al, bh, bl) = lookup(x, 0);
            *e = [ah, al, bh, bl];
        }
        let mut any = 0;
        for (((o, b), &x), e) in out.iter_mut().zip(bad.iter_mut()).zip(xs).zip(&t) {
            let d = reduce(x);
            let (ss, rs) = combine(e[0], e[1], e[2], e[3], &d);
            let (cs, rc) = combine(e[2], e[3], -e[0], -e[1], &d);
            let sh = ss + rs;
            let sl = (ss - sh) + rs;
            let ch = cs + rc;
            let cl = (cs - ch) + rc;
            let q = sh / ch;
            let rem = (-q).mul_add(ch, sh);
            let ql = (rem + (sl - q * cl)) / ch;
            let (y, ok) = round(q, ql, EPS_TAN * q.abs());
            *o = y;
            *b = (!(ok & d.ok) | (x.abs() < MIN_X)) as u32;
            any |= *b;
        }
        any
    }
    fn exact(x: f64) -> f64 {
        cm::tan(x)
    }
}
