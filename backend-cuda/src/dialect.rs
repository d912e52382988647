//! CUDA C as a [`Dialect`] of the shared kernel-source layer (`tensor_core::kernels`):
//! `extern "C" __global__`, `__device__ __forceinline__`, `__shared__`/`__syncthreads`,
//! fixed-width typedefs (`u8 u16 u32 u64 i32 i64`, no header: NVRTC from the PyPI wheel ships
//! none), the constants `K_NAN`/`K_INF`/`K_PI`, and the prelude's PTX `cvt` conversions
//! (`cvt.rn.bf16.f32` behind `__CUDA_ARCH__ >= 800`).
//!
//! Launches are whole blocks, so every kernel takes its bound (`i64 n`) and checks it; the
//! matmul batch is looped over grid dimension z. `f64` always exists.

use tensor_core::DType;
use tensor_core::kernels::{Dialect, fixed};

/// CUDA C, as NVRTC compiles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CudaC;

/// The prelude's first lines after the typedefs: constants, the index macro and `Lay`.
const HEAD: &str = r#"#define ACC double
#define K_NAN __longlong_as_double(0x7ff8000000000000LL)
#define K_INF __longlong_as_double(0x7ff0000000000000LL)
#define K_PI 3.141592653589793
#define GID() ((i64)blockIdx.x * (i64)blockDim.x + (i64)threadIdx.x)
struct Lay { i64 v[18]; };
"#;

/// The prelude's conversion helpers (PTX `cvt` for `f16` and, on sm_80+, `bf16`; the
/// round-to-odd narrowings), before the saturating float-to-integer conversions.
const HELPERS: &str = r#"__device__ __forceinline__ float h2f(u16 h) {
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
"#;

const XYZ: [[&str; 3]; 3] = [
    ["threadIdx.x", "threadIdx.y", "threadIdx.z"],
    ["blockIdx.x", "blockIdx.y", "blockIdx.z"],
    ["gridDim.x", "gridDim.y", "gridDim.z"],
];

impl Dialect for CudaC {
    fn name(&self) -> &'static str {
        "CUDA"
    }
    fn fp64(&self) -> bool {
        true
    }
    fn storage(&self, dt: DType) -> &'static str {
        fixed::storage(dt)
    }
    fn unsigned(&self, bytes: usize) -> &'static str {
        fixed::unsigned(bytes)
    }
    fn func(&self) -> &'static str {
        "__device__ __forceinline__"
    }
    fn global(&self) -> &'static str {
        ""
    }
    fn shared(&self) -> &'static str {
        "__shared__"
    }
    fn barrier(&self) -> &'static str {
        "__syncthreads();"
    }
    fn kernel(&self, name: &str, threads: Option<(u32, u32)>) -> String {
        match threads {
            None => format!("extern \"C\" __global__ void {name}"),
            Some((x, y)) => format!(
                "extern \"C\" __global__ void __launch_bounds__({}) {name}",
                x * y
            ),
        }
    }
    fn bound_param(&self, bound: &str) -> Option<String> {
        Some(format!("i64 {bound}"))
    }
    fn index(&self, var: &str, bound: &str) -> String {
        format!("    i64 {var} = GID();\n    if ({var} >= {bound}) return;\n")
    }
    fn global_id(&self, axis: u32) -> String {
        let a = axis as usize;
        format!(
            "(i64){} * blockDim.{} + {}",
            XYZ[1][a],
            ["x", "y", "z"][a],
            XYZ[0][a]
        )
    }
    fn local_id(&self, axis: u32) -> &'static str {
        XYZ[0][axis as usize]
    }
    fn group_id(&self, axis: u32) -> &'static str {
        XYZ[1][axis as usize]
    }
    fn group_count(&self, axis: u32) -> &'static str {
        XYZ[2][axis as usize]
    }
    fn atomic_or(&self, ptr: &str, v: &str) -> String {
        format!("atomicOr({ptr}, {v})")
    }
    fn mul_hi(&self, a: &str, b: &str) -> String {
        format!("__umulhi({a}, {b})")
    }
    fn consts(&self) -> [&'static str; 3] {
        ["K_NAN", "K_INF", "K_PI"]
    }
    fn wrap(&self, dt: DType, e: &str) -> String {
        format!("({})({e})", self.storage(dt))
    }
    fn float_to_int(&self, _from: DType, to: DType, v: &str) -> String {
        fixed::float_to_int(to, v)
    }
    fn round_to(&self, to: DType, v: &str) -> String {
        format!("({})({v})", self.storage(to))
    }
    fn prelude_head(&self) -> String {
        format!("{}{HEAD}", fixed::TYPEDEFS)
    }
    fn prelude_helpers(&self) -> String {
        HELPERS.to_string() + &fixed::sat_helpers(self)
    }
    fn load_f16(&self) -> &'static str {
        "h2f((p)[i])"
    }
    fn store_f16(&self) -> &'static str {
        "((p)[i] = f2h((float)(x)))"
    }
    fn block_reduce(&self) -> bool {
        true
    }
    fn bf16_split(&self) -> bool {
        true
    }
    fn fill_kernels(&self) -> bool {
        true
    }
    fn batch_loop(&self) -> bool {
        true
    }
}
