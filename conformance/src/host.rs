//! Host-side arrays of exact values, deterministic input generation, and the reference
//! rounding of an exact value into each dtype (written here from first principles, so that
//! the grading of casts and of every rounded result owes nothing to a backend).

use crate::ulp::{exponent, format_of, max_finite, pow2};
use tensor_core::half::{bf16, f16};
use tensor_core::{DType, Device, Element, Result, Tensor, with_dtype};

/// A C-order array of one dtype on the host, kept as its little-endian bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct HostArray {
    /// Element type.
    pub dtype: DType,
    /// Shape.
    pub shape: Vec<usize>,
    bytes: Vec<u8>,
}

fn to_bytes<T: Element>(v: &[T]) -> Vec<u8> {
    tensor_core::dtype::elements_as_bytes(v).to_vec()
}

fn read<T: Element>(bytes: &[u8], i: usize) -> T {
    let n = std::mem::size_of::<T>();
    // `HostArray` bytes are checked on the way in (bool bytes are 0 or 1), so this only
    // fails on a bug here.
    tensor_core::dtype::element_from_bytes(&bytes[i * n..(i + 1) * n])
        .expect("HostArray holds valid elements")
}

impl HostArray {
    /// Values rounded into `dtype` with the reference rounding ([`round_to`]) for floats and
    /// the cast rules for integers.
    pub fn from_f64(dtype: DType, shape: &[usize], vals: &[f64]) -> HostArray {
        assert_eq!(
            vals.len(),
            shape.iter().product::<usize>(),
            "values for {shape:?}"
        );
        let bytes = with_dtype!(dtype, |T| {
            let v: Vec<T> = vals
                .iter()
                .map(|&x| {
                    T::from_f64(if dtype.is_float() {
                        round_to(dtype, x)
                    } else {
                        x
                    })
                })
                .collect();
            to_bytes(&v)
        });
        HostArray {
            dtype,
            shape: shape.to_vec(),
            bytes,
        }
    }

    /// Integer values (wrapped into `dtype`; floats rounded once, directly).
    pub fn from_i64(dtype: DType, shape: &[usize], vals: &[i64]) -> HostArray {
        assert_eq!(vals.len(), shape.iter().product::<usize>());
        let bytes = with_dtype!(dtype, |T| {
            let v: Vec<T> = vals
                .iter()
                .map(|&x| {
                    if dtype.is_float() {
                        T::from_f64(round_int_to(dtype, x))
                    } else {
                        T::from_i64(x)
                    }
                })
                .collect();
            to_bytes(&v)
        });
        HostArray {
            dtype,
            shape: shape.to_vec(),
            bytes,
        }
    }

    /// Wraps bytes downloaded from a tensor. A `bool` result whose bytes are not all 0 or 1
    /// is the backend's error, reported as such (never read as a `bool`).
    pub fn from_tensor(t: &Tensor) -> Result<HostArray> {
        let bytes = t.to_bytes()?;
        if t.dtype() == DType::Bool
            && let Err(e) = tensor_core::dtype::elements_from_bytes::<bool>(&bytes)
        {
            return Err(tensor_core::Error::Backend {
                backend: t.device().label().into(),
                msg: format!("returned invalid bool data: {e}"),
            });
        }
        Ok(HostArray {
            dtype: t.dtype(),
            shape: t.shape().to_vec(),
            bytes,
        })
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.bytes.len() / self.dtype.size_of()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Element `i` as f64 (exact but for i64 beyond 2^53).
    pub fn f64_at(&self, i: usize) -> f64 {
        with_dtype!(self.dtype, |T| read::<T>(&self.bytes, i).to_f64())
    }

    /// Element `i` as i64 (floats truncate).
    pub fn i64_at(&self, i: usize) -> i64 {
        with_dtype!(self.dtype, |T| read::<T>(&self.bytes, i).to_i64())
    }

    /// All elements as f64.
    pub fn to_f64(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.f64_at(i)).collect()
    }

    /// The raw little-endian bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Uploads as a contiguous tensor.
    pub fn upload(&self, dev: &Device) -> Result<Tensor> {
        Tensor::from_bytes(dev, &self.bytes, self.dtype, &self.shape)
    }

    /// The same logical values with the storage permuted (reversed axes), so that a view
    /// `.t()` of the uploaded storage reads back this array: exercises transposed layouts.
    pub fn transposed_storage(&self) -> HostArray {
        let es = self.dtype.size_of();
        let shape_t: Vec<usize> = self.shape.iter().rev().copied().collect();
        let n = self.len();
        let mut bytes = vec![0u8; self.bytes.len()];
        let nd = self.shape.len();
        for (i, chunk) in self.bytes.chunks(es).enumerate() {
            // Index of element i in the reversed-shape C order.
            let mut rem = i;
            let mut idx = vec![0usize; nd];
            for ax in (0..nd).rev() {
                idx[ax] = rem % self.shape[ax];
                rem /= self.shape[ax];
            }
            let mut j = 0usize;
            for (ax, &d) in shape_t.iter().enumerate() {
                j = j * d + idx[nd - 1 - ax];
            }
            debug_assert!(j < n);
            bytes[j * es..(j + 1) * es].copy_from_slice(chunk);
        }
        HostArray {
            dtype: self.dtype,
            shape: shape_t,
            bytes,
        }
    }
}

/// Deterministic uniform numbers in [0, 1) for a named stream (Philox, f64 resolution).
pub struct Stream {
    seed: u64,
    i: u64,
}

impl Stream {
    /// A stream keyed by a run seed and a name (FNV-1a of the name mixed into the key).
    pub fn new(seed: u64, name: &str) -> Stream {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        Stream {
            seed: seed ^ h,
            i: 0,
        }
    }
    /// Next uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.i += 1;
        tensor_core::philox::uniform(DType::F64, self.seed, self.i)
    }
    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }
    /// Log-uniform magnitude in [2^e0, 2^e1) with a random sign when `signed`.
    pub fn log_uniform(&mut self, e0: f64, e1: f64, signed: bool) -> f64 {
        let m = self.range(e0, e1).exp2();
        if signed && self.uniform() < 0.5 {
            -m
        } else {
            m
        }
    }
    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        (-2.0 * (1.0 - u1).ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    /// Integer in [lo, hi].
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + ((hi - lo + 1) as f64 * self.uniform()).floor() as i64
    }
}

/// Rounds an exact value (given as f64) to the nearest value of a float dtype, ties to
/// even, with gradual underflow and overflow to infinity. Non-float dtypes: unchanged.
pub fn round_to(dtype: DType, x: f64) -> f64 {
    let Some((p, emin)) = format_of(dtype) else {
        return x;
    };
    if dtype == DType::F64 || !x.is_finite() || x == 0.0 {
        return x;
    }
    let a = x.abs();
    let e = exponent(a).max(emin);
    let quantum = pow2(e - p + 1);
    let r = (a / quantum).round_ties_even() * quantum;
    let r = if r > max_finite(dtype) {
        f64::INFINITY
    } else {
        r
    };
    r.copysign(x)
}

/// Rounds an integer to the nearest value of a float dtype directly (no double rounding
/// through f64).
pub fn round_int_to(dtype: DType, v: i64) -> f64 {
    let Some((p, _)) = format_of(dtype) else {
        return v as f64;
    };
    let m = v.unsigned_abs();
    let bits = 64 - m.leading_zeros();
    let r = if bits as i32 <= p {
        m as f64
    } else {
        let shift = bits - p as u32;
        let q = m >> shift;
        let rem = m & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        let q = if rem > half || (rem == half && q & 1 == 1) {
            q + 1
        } else {
            q
        };
        q as f64 * pow2(shift as i32)
    };
    let r = if r > max_finite(dtype) {
        f64::INFINITY
    } else {
        r
    };
    if v < 0 { -r } else { r }
}

/// Special and boundary values of a float dtype (all exactly representable).
pub fn float_specials(dtype: DType) -> Vec<f64> {
    let (p, emin) = format_of(dtype).expect("float dtype");
    let min_sub = pow2(emin - p + 1);
    let min_norm = pow2(emin);
    let max = max_finite(dtype);
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        min_sub,
        -min_sub,
        min_norm - min_sub,
        min_norm,
        -min_norm,
        max,
        -max,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        1.5,
        -2.5,
        1.0 + pow2(1 - p),
        1.0 - pow2(-p),
        pow2(p - 1),
        3.0,
        10.0,
        -10.0,
        100.0,
    ];
    // Round everything (e.g. 0.1-like values) to the dtype.
    for x in v.iter_mut() {
        *x = round_to(dtype, *x);
    }
    let _ = f16::ZERO;
    let _ = bf16::ZERO;
    v
}

/// Boundary values of an integer dtype (and bool).
pub fn int_specials(dtype: DType) -> Vec<i64> {
    match dtype {
        DType::Bool => vec![0, 1],
        DType::U8 => vec![0, 1, 2, 127, 128, 254, 255],
        DType::I32 => vec![
            0,
            1,
            -1,
            2,
            -2,
            i32::MAX as i64,
            i32::MIN as i64,
            i32::MAX as i64 - 1,
            i32::MIN as i64 + 1,
            1 << 16,
        ],
        _ => vec![
            0,
            1,
            -1,
            2,
            -2,
            i64::MAX,
            i64::MIN,
            i64::MAX - 1,
            i64::MIN + 1,
            1 << 53,
            (1 << 53) + 1,
            1 << 32,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_rounding_matches_hardware_conversions() {
        let mut s = Stream::new(1, "round");
        for _ in 0..20_000 {
            let x = s.log_uniform(-160.0, 130.0, true);
            assert_eq!(
                round_to(DType::F32, x).to_bits(),
                (x as f32 as f64).to_bits(),
                "{x:e}"
            );
            // Nearest representable value: no f16 lies strictly closer (checked on the
            // neighbours), and the result is an f16 value.
            let y = s.log_uniform(-30.0, 15.9, true);
            let r = round_to(DType::F16, y);
            assert_eq!(f16::from_f64(r).to_f64(), r);
            let q = crate::ulp::ulp(DType::F16, r);
            assert!((y - r).abs() <= q / 2.0, "{y:e} -> {r:e}");
        }
        // Ties to even, overflow, subnormals.
        assert_eq!(round_to(DType::F16, 65520.0), f64::INFINITY);
        assert_eq!(round_to(DType::F16, 65519.0), 65504.0);
        assert_eq!(round_to(DType::BF16, 1.0 + 1.0 / 256.0), 1.0);
        assert_eq!(round_to(DType::F32, pow2(-150)), 0.0);
        assert_eq!(round_to(DType::F32, 1.5 * pow2(-149)), 2.0 * pow2(-149));
        // Just below an f16 tie: rounding through f32 first would round up (double
        // rounding); the direct rounding goes down.
        let x = 5.767345399758568e-4;
        assert_eq!(round_to(DType::F16, x), 1209.0 * pow2(-21));
    }

    #[test]
    fn integer_rounding_is_direct() {
        // 2^53 + 1 goes to f64 as 2^53, but straight to f32 it is 2^53 too; a case where
        // double rounding differs: v = 2^60 + 2^36 + 1 (just above a tie for f32).
        let v: i64 = (1 << 60) + (1 << 36) + 1;
        assert_eq!(round_int_to(DType::F32, v), (v as f32) as f64);
        assert_ne!(round_int_to(DType::F32, v), (v as f64) as f32 as f64);
        assert_eq!(round_int_to(DType::F16, 70000), f64::INFINITY);
        assert_eq!(round_int_to(DType::F64, -3), -3.0);
    }

    #[test]
    fn transposed_storage_reads_back() {
        let a = HostArray::from_f64(DType::F32, &[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let t = a.transposed_storage();
        assert_eq!(t.shape, vec![3, 2]);
        assert_eq!(t.to_f64(), vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    }
}
