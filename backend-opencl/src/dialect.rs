//! OpenCL C as a [`Dialect`] of the shared kernel-source layer (`tensor_core::kernels`):
//! `__kernel`/`__global`/`__local`, `get_global_id`, `uchar`/`long`, the `convert_*_rte` and
//! `convert_*_sat_rtz` built-ins, `vload_half`/`vstore_half_rte`, and `cl_khr_fp64` as a
//! switch (`fp64 = false` is a device without it, or `opencl?fp64=off`).
//!
//! Launches are exactly the output's size, so kernels take no bound and check none.

use tensor_core::DType;
use tensor_core::kernels::Dialect;

/// OpenCL C, with or without `cl_khr_fp64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenClC {
    /// Whether `double` is enabled (`f64` kernels, `double` accumulation).
    pub fp64: bool,
}

impl Dialect for OpenClC {
    fn name(&self) -> &'static str {
        "OpenCL"
    }
    fn fp64(&self) -> bool {
        self.fp64
    }
    fn storage(&self, dt: DType) -> &'static str {
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
    fn unsigned(&self, bytes: usize) -> &'static str {
        match bytes {
            1 => "uchar",
            2 => "ushort",
            4 => "uint",
            _ => "ulong",
        }
    }
    fn func(&self) -> &'static str {
        "inline"
    }
    fn global(&self) -> &'static str {
        "__global "
    }
    fn shared(&self) -> &'static str {
        "__local"
    }
    fn barrier(&self) -> &'static str {
        "barrier(CLK_LOCAL_MEM_FENCE);"
    }
    fn kernel(&self, name: &str, threads: Option<(u32, u32)>) -> String {
        match threads {
            None => format!("__kernel void {name}"),
            Some((x, y)) => {
                format!("__kernel __attribute__((reqd_work_group_size({x}, {y}, 1)))\nvoid {name}")
            }
        }
    }
    fn bound_param(&self, _bound: &str) -> Option<String> {
        None
    }
    fn index(&self, var: &str, _bound: &str) -> String {
        format!("    long {var} = get_global_id(0);\n")
    }
    fn global_id(&self, axis: u32) -> String {
        format!("get_global_id({axis})")
    }
    fn local_id(&self, axis: u32) -> &'static str {
        ["get_local_id(0)", "get_local_id(1)", "get_local_id(2)"][axis as usize]
    }
    fn group_id(&self, axis: u32) -> &'static str {
        ["get_group_id(0)", "get_group_id(1)", "get_group_id(2)"][axis as usize]
    }
    fn group_count(&self, axis: u32) -> &'static str {
        [
            "get_num_groups(0)",
            "get_num_groups(1)",
            "get_num_groups(2)",
        ][axis as usize]
    }
    fn atomic_or(&self, ptr: &str, v: &str) -> String {
        format!("atomic_or({ptr}, {v})")
    }
    fn mul_hi(&self, a: &str, b: &str) -> String {
        format!("mul_hi({a}, {b})")
    }
    fn consts(&self) -> [&'static str; 3] {
        ["NAN", "INFINITY", "M_PI"]
    }
    fn wrap(&self, dt: DType, e: &str) -> String {
        match dt {
            DType::I32 => format!("as_int({e})"),
            DType::I64 => format!("as_long({e})"),
            _ => format!("(uchar)({e})"),
        }
    }
    fn float_to_int(&self, _from: DType, to: DType, v: &str) -> String {
        let t = self.storage(to);
        format!("isnan({v}) ? ({t})0 : convert_{t}_sat_rtz({v})")
    }
    fn round_to(&self, to: DType, v: &str) -> String {
        format!("convert_{}_rte({v})", self.storage(to))
    }
    fn prelude_head(&self) -> String {
        let mut s = String::new();
        if self.fp64 {
            s.push_str(
                "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n#define ACC double\n\
                 #define ACC_f64 1\n",
            );
        } else {
            s.push_str("#define ACC float\n");
        }
        s.push_str("#pragma OPENCL FP_CONTRACT OFF\ntypedef struct { long v[18]; } Lay;\n");
        s
    }
    fn prelude_helpers(&self) -> String {
        let mut s = String::from(
            r#"inline float bf16_to_f(ushort h) { return as_float(((uint)h) << 16); }
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
"#,
        );
        if self.fp64 {
            s.push_str(
                r#"inline float d2f_odd(double d) {
    float f = convert_float_rtz(d);
    if (!isnan(d) && (double)f != d) f = as_float(as_uint(f) | 1u);
    return f;
}
"#,
            );
        }
        s
    }
    fn load_f16(&self) -> &'static str {
        "vload_half((size_t)(i), (p))"
    }
    fn store_f16(&self) -> &'static str {
        "vstore_half_rte((float)(x), (size_t)(i), (p))"
    }
    fn exp_f64_near_overflow(&self) -> bool {
        true
    }
    fn sigmoid_f32_in_f64(&self) -> bool {
        true
    }
}
