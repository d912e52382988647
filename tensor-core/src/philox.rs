//! Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
//! counter-based generator every backend uses for `rand`/`randn`, and the exact mapping from
//! `(seed, i)` to element `i`, which every backend must reproduce bit for bit.
//!
//! # The stream
//! Element `i` of a tensor filled with seed `s` is computed from one Philox block:
//! `counter = [i mod 2^32, i >> 32, 0, 0]`, `key = [s mod 2^32, s >> 32]`, giving words
//! `w0..w3`. It does not depend on the tensor's shape, the launch geometry or the thread
//! count.
//! - uniform `f32`: `(w0 >> 8) * 2^-24`; `f16`: `(w0 >> 21) * 2^-11`; `bf16`:
//!   `(w0 >> 24) * 2^-8`; `f64`: `((w0 << 21) | (w1 >> 11)) * 2^-53`. Every value is exactly
//!   representable, in `[0, 1)`.
//! - normal (Box-Muller, in `f64`, then rounded to the dtype):
//!   `sqrt(-2 ln(1 - u1)) * cos(2 pi u2)` with `u1` from `(w0, w1)` and `u2` from `(w2, w3)`
//!   as the 53-bit uniform above. Bit-identical across backends wherever `ln`, `cos` and
//!   `sqrt` are correctly rounded; otherwise it may differ in the last `f64` bit.

use crate::DType;

const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// One Philox4x32 block with 10 rounds.
#[inline]
pub fn philox4x32_10(mut ctr: [u32; 4], mut key: [u32; 2]) -> [u32; 4] {
    for r in 0..10 {
        if r > 0 {
            key[0] = key[0].wrapping_add(W0);
            key[1] = key[1].wrapping_add(W1);
        }
        let p0 = (M0 as u64) * (ctr[0] as u64);
        let p1 = (M1 as u64) * (ctr[2] as u64);
        let (hi0, lo0) = ((p0 >> 32) as u32, p0 as u32);
        let (hi1, lo1) = ((p1 >> 32) as u32, p1 as u32);
        ctr = [hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0];
    }
    ctr
}

/// The four words for element `i` under `seed`.
#[inline]
pub fn block(seed: u64, i: u64) -> [u32; 4] {
    philox4x32_10(
        [i as u32, (i >> 32) as u32, 0, 0],
        [seed as u32, (seed >> 32) as u32],
    )
}

#[inline]
fn u53(hi: u32, lo: u32) -> f64 {
    (((hi as u64) << 21) | ((lo >> 11) as u64)) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform value of element `i` as `f64`, exactly the value the `dtype` stream holds.
#[inline]
pub fn uniform(dtype: DType, seed: u64, i: u64) -> f64 {
    let w = block(seed, i);
    match dtype {
        DType::F16 => (w[0] >> 21) as f64 * (1.0 / 2048.0),
        DType::BF16 => (w[0] >> 24) as f64 * (1.0 / 256.0),
        DType::F64 => u53(w[0], w[1]),
        _ => (w[0] >> 8) as f64 * (1.0 / (1u32 << 24) as f64),
    }
}

/// Standard normal value of element `i` (before rounding to the output dtype).
#[inline]
pub fn normal(seed: u64, i: u64) -> f64 {
    let w = block(seed, i);
    let (u1, u2) = (u53(w[0], w[1]), u53(w[2], w[3]));
    (-2.0 * (1.0 - u1).ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known-answer vectors from Random123's `kat_vectors` for philox4x32_10.
    #[test]
    fn random123_known_answers() {
        assert_eq!(
            philox4x32_10([0; 4], [0; 2]),
            [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
        );
        assert_eq!(
            philox4x32_10([u32::MAX; 4], [u32::MAX; 2]),
            [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]
        );
        assert_eq!(
            philox4x32_10(
                [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
                [0xa4093822, 0x299f31d0]
            ),
            [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]
        );
    }

    #[test]
    fn uniform_in_unit_interval_and_moments_are_right() {
        for dt in DType::FLOATS {
            let n = 20_000u64;
            let (mut s, mut s2) = (0.0, 0.0);
            for i in 0..n {
                let u = uniform(dt, 7, i);
                assert!((0.0..1.0).contains(&u), "{dt} {u}");
                s += u;
                s2 += u * u;
            }
            let mean = s / n as f64;
            let var = s2 / n as f64 - mean * mean;
            assert!((mean - 0.5).abs() < 0.01, "{dt} mean {mean}");
            assert!((var - 1.0 / 12.0).abs() < 0.01, "{dt} var {var}");
        }
        let n = 20_000u64;
        let v: Vec<f64> = (0..n).map(|i| normal(3, i)).collect();
        let mean = v.iter().sum::<f64>() / n as f64;
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(
            mean.abs() < 0.03 && (var - 1.0).abs() < 0.05,
            "{mean} {var}"
        );
    }
}
