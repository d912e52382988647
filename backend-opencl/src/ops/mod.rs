//! Kernel source generators, one module per op family, and what they share: the OpenCL C
//! prelude (storage and compute types per dtype, loads and stores, the 64 conversions of
//! the cast rules), and [`Lay`], the layout of a strided operand as a kernel argument.
//!
//! # Conventions of the generated code
//! - Storage types: `bool`/`u8` `uchar`, `i32` `int`, `i64` `long`, `f16` `half`
//!   (`vload_half`/`vstore_half_rte` only, no half arithmetic), `bf16` `ushort` (the upper
//!   16 bits of an `f32`), `f32` `float`, `f64` `double`. Compute types: `f16`/`bf16`
//!   compute in `float`, everything else in its own type. `LD_<dt>(p, i)`, `ST_<dt>(p, i, v)`
//!   and `C_<dt>`/`S_<dt>` name them in kernels.
//! - Rounding to `f16`/`bf16` happens once: a value that is not already a `float` (an `f64`,
//!   an `i32`/`i64`) is first narrowed to `float` with round-to-odd, so the final
//!   round-to-nearest-even is correct; `bf16` rounding is done with integer arithmetic.
//! - Float to integer saturates and maps NaN to 0 (explicit test, then `convert_*_sat_rtz`);
//!   integer arithmetic that may overflow goes through the unsigned type (wraps).
//! - Each work-item computes one output element from the flat output index; strided
//!   inputs are addressed through [`Lay`] (`at(&l, i)`), with no host round trip.

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

/// A strided operand as a kernel argument (`typedef struct { long v[18]; } Lay;` in C):
/// `v[0]` rank, `v[1]` offset, `v[2..10]` shape, `v[10..18]` strides (in elements).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lay {
    v: [i64; 2 + 2 * MAX_RANK],
}

impl Lay {
    /// From shape, strides and offset; [`Error::Unsupported`]-like invalid argument above
    /// [`MAX_RANK`] axes.
    pub fn new(shape: &[usize], strides: &[isize], offset: usize, op: &str) -> Result<Lay> {
        if shape.len() > MAX_RANK {
            return Err(Error::invalid(
                op,
                format!(
                    "the OpenCL backend handles up to {MAX_RANK} non-mergeable axes, got {}",
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
        let merge =
            !sh.is_empty() && (0..N).all(|k| *st[k].last().unwrap() == strides[k][ax] * d as isize);
        if merge {
            *sh.last_mut().unwrap() *= d;
            for k in 0..N {
                *st[k].last_mut().unwrap() = strides[k][ax];
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
        DType::Bool | DType::U8 => "uchar",
        DType::I32 => "int",
        DType::I64 => "long",
        DType::F16 => "half",
        DType::BF16 => "ushort",
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
        DType::I32 => "uint",
        DType::I64 => "ulong",
        _ => "uchar",
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
    let narrow_f = |from: DType| matches!(from, F16 | BF16 | F32);
    match to {
        Bool => format!("(uchar)({v} != 0)"),
        U8 | I32 | I64 => {
            if from.is_float() {
                format!("isnan({v}) ? ({t})0 : convert_{t}_sat_rtz({v})", t = st(to))
            } else {
                format!("({})({v})", st(to))
            }
        }
        F32 => match from {
            F16 | BF16 => v.into(),
            _ => format!("convert_float_rte({v})"),
        },
        F64 => format!("convert_double_rte({v})"),
        F16 | BF16 => match from {
            f if narrow_f(f) => v.into(),
            F64 => format!("d2f_odd({v})"),
            Bool | U8 => format!("(float)({v})"),
            _ => format!("i2f_odd((long)({v}))"),
        },
    }
}

/// The prelude every program starts with.
pub fn prelude(fp64: bool) -> String {
    let mut s = String::new();
    if fp64 {
        s.push_str("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n#define ACC double\n#define ACC_f64 1\n");
    } else {
        s.push_str("#define ACC float\n");
    }
    s.push_str(
        r#"#pragma OPENCL FP_CONTRACT OFF
typedef struct { long v[18]; } Lay;
inline long at(const Lay* l, long i) {
    long o = l->v[1];
    for (int d = (int)l->v[0] - 1; d >= 0; --d) {
        long n = l->v[2 + d];
        long q = i % n;
        i /= n;
        o += q * l->v[10 + d];
    }
    return o;
}
inline float bf16_to_f(ushort h) { return as_float(((uint)h) << 16); }
inline ushort f_to_bf16(float f) {
    uint u = as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (ushort)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (ushort)(u >> 16);
}
inline float i2f_odd(long v) {
    float f = convert_float_rtz(v);
    if (convert_long_rtz(f) != v) f = as_float(as_uint(f) | 1u);
    return f;
}
#define LD_bool(p, i) ((p)[i])
#define LD_u8(p, i) ((p)[i])
#define LD_i32(p, i) ((p)[i])
#define LD_i64(p, i) ((p)[i])
#define LD_f16(p, i) vload_half((size_t)(i), (p))
#define LD_bf16(p, i) bf16_to_f((p)[i])
#define LD_f32(p, i) ((p)[i])
#define ST_bool(p, i, x) ((p)[i] = (uchar)(x))
#define ST_u8(p, i, x) ((p)[i] = (uchar)(x))
#define ST_i32(p, i, x) ((p)[i] = (int)(x))
#define ST_i64(p, i, x) ((p)[i] = (long)(x))
#define ST_f16(p, i, x) vstore_half_rte((float)(x), (size_t)(i), (p))
#define ST_bf16(p, i, x) ((p)[i] = f_to_bf16((float)(x)))
#define ST_f32(p, i, x) ((p)[i] = (float)(x))
"#,
    );
    if fp64 {
        s.push_str(
            r#"#define LD_f64(p, i) ((p)[i])
#define ST_f64(p, i, x) ((p)[i] = (double)(x))
inline float d2f_odd(double d) {
    float f = convert_float_rtz(d);
    if (!isnan(d) && (double)f != d) f = as_float(as_uint(f) | 1u);
    return f;
}
"#,
        );
    }
    for from in DType::ALL {
        for to in DType::ALL {
            if !fp64 && (from == DType::F64 || to == DType::F64) {
                continue;
            }
            s.push_str(&format!(
                "inline {} cvt_{}_{}({} v) {{ return {}; }}\n",
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

/// Name of the accumulation dtype: `f64` with `cl_khr_fp64`, else `f32`.
pub fn acc(fp64: bool) -> DType {
    if fp64 { DType::F64 } else { DType::F32 }
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

/// Every program the backend can generate for a device with (`fp64`) or without
/// `cl_khr_fp64`, as `(name, source)`: the snapshot test records them all.
pub fn all_programs(fp64: bool) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for dt in DType::ALL {
        v.push((unary::program(dt), unary::source(dt, fp64)));
        v.push((binary::program(dt), binary::source(dt, fp64)));
        v.push((cast::program(dt), cast::source(dt, fp64)));
        v.push((reduce::program(dt), reduce::source(dt, fp64)));
        v.push((matmul::program(dt), matmul::source(dt, fp64)));
        v.push((creation::program(dt), creation::source(dt, fp64)));
    }
    for size in [1, 2, 4, 8] {
        v.push((copy::kernel(size), copy::source(size, fp64)));
        v.push((format!("where_b{size}"), binary::where_source(size, fp64)));
    }
    v
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
