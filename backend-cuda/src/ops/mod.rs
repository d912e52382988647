//! Kernel source generators, one module per op family, and what they share: the CUDA C
//! prelude (storage and compute types per dtype, loads and stores, the 64 conversions of
//! the cast rules), [`Lay`] (the layout of a strided operand as a kernel argument) and
//! [`all_modules`], the list of every module the backend can generate (compiled in CI by
//! the NVRTC test).
//!
//! # Conventions of the generated code
//! - The code needs no header (NVRTC from the PyPI wheel ships none): fixed-width
//!   typedefs (`u8 u16 u32 u64 i32 i64`) come from the prelude.
//! - Storage types: `bool`/`u8` `u8`, `i32` `i32`, `i64` `i64`, `f16` `u16` (IEEE binary16
//!   bits, converted with the PTX instructions `cvt.f32.f16` / `cvt.rn.f16.f32`), `bf16`
//!   `u16` (the upper 16 bits of an `f32`; narrowed with the PTX instruction
//!   `cvt.rn.bf16.f32` on sm_80 and later, with the same round-to-nearest-even in integer
//!   arithmetic before, which is also what the host-compiled tests check), `f32` `float`,
//!   `f64` `double`. Compute types: `f16`/`bf16` compute in `float` (transcendentals in
//!   `double`), everything else in its own type. `LD_<dt>(p, i)` and `ST_<dt>(p, i, v)` name
//!   the loads and stores in kernels.
//! - Rounding to `f16`/`bf16` happens once: a value that is not already a `float` (an `f64`,
//!   an `i32`/`i64`) is first narrowed to `float` with round-to-odd, so the final
//!   round-to-nearest-even is correct.
//! - Float to integer saturates and maps NaN to 0; integer arithmetic that may overflow
//!   goes through the unsigned type (wraps).
//! - Each thread computes one output element from its flat output index
//!   `blockIdx.x * blockDim.x + threadIdx.x` (bounded by an `n` argument); strided inputs are
//!   addressed through [`Lay`] (`at(&l, i)`), with no host round trip.
//! - Every module is compiled with `--fmad=false --prec-div=true --prec-sqrt=true
//!   --ftz=false` ([`program::COMPILE_FLAGS`](crate::program::COMPILE_FLAGS)): no
//!   contraction, IEEE division and square root, subnormals kept.

pub mod binary;
pub mod cast;
pub mod copy;
pub mod creation;
pub mod matmul;
pub mod reduce;
pub mod unary;

use tensor_core::{DType, Error, Result, Scalar};

/// Largest rank a [`Lay`] holds (after merging axes).
pub const MAX_RANK: usize = 8;

/// Threads per block of the one-thread-per-element kernels.
pub const BLOCK: u32 = 256;

/// A strided operand as a kernel argument (`struct Lay { i64 v[18]; }` in C, passed by
/// value): `v[0]` rank, `v[1]` offset, `v[2..10]` shape, `v[10..18]` strides (in elements).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lay {
    v: [i64; 2 + 2 * MAX_RANK],
}

impl Lay {
    /// From shape, strides and offset; [`Error::InvalidArgument`] above [`MAX_RANK`] axes.
    pub fn new(shape: &[usize], strides: &[isize], offset: usize, op: &str) -> Result<Lay> {
        if shape.len() > MAX_RANK {
            return Err(Error::invalid(
                op,
                format!(
                    "the CUDA backend handles up to {MAX_RANK} non-mergeable axes, got {}",
                    shape.len()
                ),
            ));
        }
        let mut v = [0i64; 2 + 2 * MAX_RANK];
        v[0] = shape.len() as i64;
        v[1] = offset as i64;
        for (d, (&n, &s)) in shape.iter().zip(strides).enumerate() {
            v[2 + d] = n as i64;
            v[2 + MAX_RANK + d] = s as i64;
        }
        Ok(Lay { v })
    }

    /// Position of flat (C order) index `i`: what the kernels' `at(&l, i)` computes.
    pub fn at(&self, mut i: i64) -> i64 {
        let mut o = self.v[1];
        for d in (0..self.v[0] as usize).rev() {
            let n = self.v[2 + d];
            o += (i % n) * self.v[2 + MAX_RANK + d];
            i /= n;
        }
        o
    }
}

/// Drops size-1 axes and merges axes that are contiguous with each other in every operand
/// (C order is kept, so the flat index of every element is unchanged). Returns the merged
/// shape and each operand's merged strides.
pub fn collapse<const N: usize>(
    shape: &[usize],
    strides: [&[isize]; N],
) -> (Vec<usize>, [Vec<isize>; N]) {
    let mut sh: Vec<usize> = Vec::new();
    let mut st: [Vec<isize>; N] = std::array::from_fn(|_| Vec::new());
    for (ax, &d) in shape.iter().enumerate() {
        if d == 1 {
            continue;
        }
        let merge = !sh.is_empty()
            && (0..N).all(|k| st[k].last().copied() == Some(strides[k][ax] * d as isize));
        if merge {
            if let Some(l) = sh.last_mut() {
                *l *= d;
            }
            for k in 0..N {
                if let Some(l) = st[k].last_mut() {
                    *l = strides[k][ax];
                }
            }
        } else {
            sh.push(d);
            for k in 0..N {
                st[k].push(strides[k][ax]);
            }
        }
    }
    (sh, st)
}

/// The dtype's suffix in kernel names and prelude macros.
pub fn sfx(dt: DType) -> &'static str {
    dt.name()
}

/// Storage C type.
pub fn st(dt: DType) -> &'static str {
    match dt {
        DType::Bool | DType::U8 => "u8",
        DType::I32 => "i32",
        DType::I64 => "i64",
        DType::F16 | DType::BF16 => "u16",
        DType::F32 => "float",
        DType::F64 => "double",
    }
}

/// Compute C type.
pub fn ct(dt: DType) -> &'static str {
    match dt {
        DType::F16 | DType::BF16 => "float",
        d => st(d),
    }
}

/// Unsigned C type of the same width as an integer compute type (for wrapping arithmetic).
pub fn ut(dt: DType) -> &'static str {
    match dt {
        DType::I32 => "u32",
        DType::I64 => "u64",
        _ => "u8",
    }
}

/// C expression converting `v` (a compute value of `from`) to a compute value of `to` by
/// the cast rules, so that `ST_<to>` then rounds once.
fn cvt_expr(from: DType, to: DType) -> String {
    use DType::*;
    let v = "v";
    if from == to {
        return v.into();
    }
    match to {
        Bool => format!("(u8)({v} != 0)"),
        U8 | I32 | I64 => {
            if from.is_float() {
                format!("sat_{}((double)({v}))", sfx(to))
            } else {
                format!("({})({v})", st(to))
            }
        }
        F32 => match from {
            F16 | BF16 => v.into(),
            _ => format!("(float)({v})"),
        },
        F64 => format!("(double)({v})"),
        F16 | BF16 => match from {
            F16 | BF16 | F32 => v.into(),
            F64 => format!("d2f_odd({v})"),
            Bool | U8 => format!("(float)({v})"),
            _ => format!("i2f_odd((i64)({v}))"),
        },
    }
}

/// The prelude every module starts with.
pub fn prelude() -> String {
    let mut s = String::from(
        r#"typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;
#define ACC double
#define K_NAN __longlong_as_double(0x7ff8000000000000LL)
#define K_INF __longlong_as_double(0x7ff0000000000000LL)
#define K_PI 3.141592653589793
#define GID() ((i64)blockIdx.x * (i64)blockDim.x + (i64)threadIdx.x)
struct Lay { i64 v[18]; };
__device__ __forceinline__ i64 at(const Lay* l, i64 i) {
    i64 o = l->v[1];
    for (int d = (int)l->v[0] - 1; d >= 0; --d) {
        i64 n = l->v[2 + d];
        i64 q = i % n;
        i /= n;
        o += q * l->v[10 + d];
    }
    return o;
}
__device__ __forceinline__ float h2f(u16 h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}
__device__ __forceinline__ u16 f2h(float f) {
    u16 h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
}
__device__ __forceinline__ float bf16_to_f(u16 h) { return __uint_as_float(((u32)h) << 16); }
__device__ __forceinline__ u16 f_to_bf16(float f) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    u16 h;
    asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(h) : "f"(f));
    return h;
#else
    u32 u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (u16)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (u16)(u >> 16);
#endif
}
__device__ __forceinline__ float i2f_odd(i64 v) {
    float f = __ll2float_rz(v);
    if (__float2ll_rz(f) != v) f = __uint_as_float(__float_as_uint(f) | 1u);
    return f;
}
__device__ __forceinline__ float d2f_odd(double d) {
    float f = __double2float_rz(d);
    if (!isnan(d) && (double)f != d) f = __uint_as_float(__float_as_uint(f) | 1u);
    return f;
}
__device__ __forceinline__ u8 sat_u8(double v) {
    if (isnan(v) || v <= 0.0) return 0;
    if (v >= 255.0) return 255;
    return (u8)v;
}
__device__ __forceinline__ i32 sat_i32(double v) {
    if (isnan(v)) return 0;
    if (v <= -2147483648.0) return (i32)0x80000000u;
    if (v >= 2147483647.0) return 2147483647;
    return (i32)v;
}
__device__ __forceinline__ i64 sat_i64(double v) {
    if (isnan(v)) return 0;
    if (v <= -9223372036854775808.0) return (i64)0x8000000000000000ULL;
    if (v >= 9223372036854775808.0) return 0x7fffffffffffffffLL;
    return (i64)v;
}
#define LD_bool(p, i) ((p)[i])
#define LD_u8(p, i) ((p)[i])
#define LD_i32(p, i) ((p)[i])
#define LD_i64(p, i) ((p)[i])
#define LD_f16(p, i) h2f((p)[i])
#define LD_bf16(p, i) bf16_to_f((p)[i])
#define LD_f32(p, i) ((p)[i])
#define LD_f64(p, i) ((p)[i])
#define ST_bool(p, i, x) ((p)[i] = (u8)(x))
#define ST_u8(p, i, x) ((p)[i] = (u8)(x))
#define ST_i32(p, i, x) ((p)[i] = (i32)(x))
#define ST_i64(p, i, x) ((p)[i] = (i64)(x))
#define ST_f16(p, i, x) ((p)[i] = f2h((float)(x)))
#define ST_bf16(p, i, x) ((p)[i] = f_to_bf16((float)(x)))
#define ST_f32(p, i, x) ((p)[i] = (float)(x))
#define ST_f64(p, i, x) ((p)[i] = (double)(x))
"#,
    );
    for from in DType::ALL {
        for to in DType::ALL {
            s.push_str(&format!(
                "__device__ __forceinline__ {} cvt_{}_{}({} v) {{ return {}; }}\n",
                ct(to),
                sfx(from),
                sfx(to),
                ct(from),
                cvt_expr(from, to)
            ));
        }
    }
    s
}

/// Replaces `$X` markers in a template (`$D` the dtype suffix, `$S`/`$C` its storage and
/// compute types, plus the extra pairs).
pub fn tpl(t: &str, dt: DType, extra: &[(&str, &str)]) -> String {
    let mut s = t.to_string();
    for (k, v) in extra {
        s = s.replace(k, v);
    }
    s.replace("$D", sfx(dt))
        .replace("$S", st(dt))
        .replace("$C", ct(dt))
}

/// Every module the backend can generate, as `(name, source)`: the NVRTC test compiles
/// them all, and nothing else is ever compiled.
pub fn all_modules() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for dt in DType::ALL {
        v.push((unary::program(dt), unary::source(dt)));
        v.push((binary::program(dt), binary::source(dt)));
        v.push((cast::program(dt), cast::source(dt)));
        v.push((reduce::program(dt), reduce::source(dt)));
        v.push((matmul::program(dt), matmul::source(dt)));
        v.push((creation::program(dt), creation::source(dt)));
    }
    for size in [1, 2, 4, 8] {
        v.push((copy::kernel(size), copy::source(size)));
        v.push((binary::where_kernel(size), binary::where_source(size)));
    }
    v
}

/// Names of the `extern "C" __global__` kernels defined in `src`.
pub fn kernel_names(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| l.split("__global__ void").nth(1))
        .map(|r| r.replace("__launch_bounds__(256)", ""))
        .filter_map(|r| r.split('(').next().map(|k| k.trim().to_string()))
        .collect()
}

/// `value` as the bytes of one `dt` element, by the cast rules (`.f` for floats, rounded
/// once; `.i` wrapping for integers; `.i != 0` for bool).
pub fn scalar_bytes(value: Scalar, dt: DType) -> Vec<u8> {
    /// `v as f32` rounded to odd, so that a later rounding to 16 bits is correct.
    fn f32_odd(v: f64) -> f32 {
        let f = v as f32;
        if !f.is_finite() || f as f64 == v || f.to_bits() & 1 == 1 {
            return f;
        }
        let up = v.abs() > (f as f64).abs();
        f32::from_bits(if up { f.to_bits() + 1 } else { f.to_bits() - 1 })
    }
    let (f, i) = (value.f, value.i);
    match dt {
        DType::Bool => vec![(i != 0) as u8],
        DType::U8 => vec![i as u8],
        DType::I32 => (i as i32).to_le_bytes().to_vec(),
        DType::I64 => i.to_le_bytes().to_vec(),
        DType::F16 => half::f16::from_f32(f32_odd(f)).to_le_bytes().to_vec(),
        DType::BF16 => half::bf16::from_f32(f32_odd(f)).to_le_bytes().to_vec(),
        DType::F32 => (f as f32).to_le_bytes().to_vec(),
        DType::F64 => f.to_le_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_merges_contiguous_and_keeps_broadcast() {
        let (sh, [a, b]) = collapse(&[2, 3, 4], [&[12, 4, 1], &[0, 0, 1]]);
        assert_eq!(sh, vec![6, 4]);
        assert_eq!(a, vec![4, 1]);
        assert_eq!(b, vec![0, 1]);
    }

    #[test]
    fn lay_at_matches_strided_index() {
        // A transposed 3x2 view of a 2x3 array with offset 1.
        let l = Lay::new(&[3, 2], &[1, 3], 1, "t").unwrap();
        let got: Vec<i64> = (0..6).map(|i| l.at(i)).collect();
        assert_eq!(got, vec![1, 4, 2, 5, 3, 6]);
        assert!(Lay::new(&[1; 9], &[1; 9], 0, "t").is_err());
    }

    #[test]
    fn every_module_names_its_kernels_with_the_dtype() {
        for (name, src) in all_modules() {
            let names = kernel_names(&src);
            assert!(!names.is_empty(), "module {name} has no kernel");
            for k in names {
                let typed = DType::ALL.iter().any(|d| k.ends_with(d.name()))
                    || k.starts_with("copy_b")
                    || k.starts_with("fill_b")
                    || k.starts_with("where_b");
                assert!(typed, "kernel {k} of module {name} has no dtype suffix");
            }
        }
    }
}
