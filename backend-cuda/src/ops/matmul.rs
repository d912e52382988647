//! Batched matrix product kernels (module `matmul_<dt>`): the fallback where cuBLAS is not
//! used (integer and bool dtypes, layouts cuBLAS cannot take, see [`crate::blas`]).
//!
//! `f32`/`f64` use `matmul_tiled_<dt>`: 16x16 thread blocks, each staging 16x16 tiles of A
//! and B in shared memory, accumulating in the element type in increasing `k` order.
//! Other dtypes use `matmul_<dt>`, one thread per output element: `f16`/`bf16` accumulate in
//! `double` and round once, integers wrap, `bool` is or-of-ands. Operands are read through
//! their strides (batch strides via a [`super::Lay`] of the batch axes), so no copy is made.
//! The batch is grid dimension z, looped with stride `gridDim.z` beyond 65535.

use super::{ct, sfx, tpl, ut};
use tensor_core::DType;

/// Tile edge of the tiled kernel (the thread block is `TILE x TILE`).
pub const TILE: usize = 16;

/// Module name.
pub fn program(dt: DType) -> String {
    format!("matmul_{}", sfx(dt))
}

/// Whether the tiled kernel is used for `dt`.
pub fn tiled(dt: DType) -> bool {
    matches!(dt, DType::F32 | DType::F64)
}

/// Name of the tiled kernel (`f32`/`f64` only).
pub fn kernel(dt: DType) -> String {
    format!("matmul_tiled_{}", sfx(dt))
}

/// Name of the one-thread-per-output kernel (every dtype).
pub fn simple_kernel(dt: DType) -> String {
    format!("matmul_{}", sfx(dt))
}

const ARGS: &str = "const $S* a, Lay ab, const $S* b, Lay bb, i64 M, i64 N, i64 K, i64 sam, \
                    i64 sak, i64 sbk, i64 sbn, $S* out, i64 B";

const TILED: &str = r#"
extern "C" __global__ void __launch_bounds__(256) @K@(@ARGS@) {
    i64 j = (i64)blockIdx.x * 16 + threadIdx.x, i = (i64)blockIdx.y * 16 + threadIdx.y;
    int lj = threadIdx.x, li = threadIdx.y;
    __shared__ $C As[16][16];
    __shared__ $C Bs[16][17];
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
        i64 ao = at(&ab, bt), bo = at(&bb, bt);
        $C s = 0;
        for (i64 t = 0; t < K; t += 16) {
            i64 ka = t + lj, kb = t + li;
            As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : ($C)0;
            Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : ($C)0;
            __syncthreads();
            for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
            __syncthreads();
        }
        if (i < M && j < N) out[(bt * M + i) * N + j] = s;
    }
}
"#;

const SIMPLE: &str = r#"
extern "C" __global__ void @K@(@ARGS@) {
    i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x;
    i64 i = (i64)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    for (i64 bt = blockIdx.z; bt < B; bt += gridDim.z) {
        i64 ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
        @T@ s = 0;
        for (i64 k = 0; k < K; k++) {
            @T@ x = (@T@)LD_$D(a, ao + k * sak);
            @T@ y = (@T@)LD_$D(b, bo + k * sbk);
            @STEP@;
        }
        ST_$D(out, (bt * M + i) * N + j, @RES@);
    }
}
"#;

/// Name of the kernel splitting `f32` into bf16 high and low parts (module `matmul_f32`).
pub const SPLIT_KERNEL: &str = "split_bf16_f32";

const SPLIT: &str = r#"
extern "C" __global__ void split_bf16_f32(const float* x, Lay xl, u16* hi, u16* lo, i64 n) {
    i64 i = GID();
    if (i >= n) return;
    float v = x[at(&xl, i)];
    u16 h = f_to_bf16(v);
    float r = v - bf16_to_f(h);
    if (!isfinite(r)) r = 0.0f;
    hi[i] = h;
    lo[i] = f_to_bf16(r);
}
"#;

/// Source of module `matmul_<dt>` (for `f32` also [`SPLIT_KERNEL`], parameters
/// `(const float* x, Lay xl, u16* hi, u16* lo, i64 n)`).
pub fn source(dt: DType) -> String {
    let mut s = super::prelude();
    if tiled(dt) {
        s.push_str(&tpl(TILED, dt, &[("@K@", &kernel(dt)), ("@ARGS@", ARGS)]));
    }
    if dt == DType::F32 {
        s.push_str(SPLIT);
    }
    let k = simple_kernel(dt);
    let (t, step, res) = match dt {
        DType::F16 | DType::BF16 => (
            "ACC".to_string(),
            "s += x * y".to_string(),
            format!("cvt_f64_{}(s)", sfx(dt)),
        ),
        DType::Bool => ("u8".into(), "s |= (x & y)".into(), "s".into()),
        DType::F32 | DType::F64 => (ct(dt).to_string(), "s += x * y".into(), "s".into()),
        _ => (ut(dt).to_string(), "s += x * y".into(), "s".into()),
    };
    s.push_str(&tpl(
        SIMPLE,
        dt,
        &[
            ("@K@", &k),
            ("@ARGS@", ARGS),
            ("@T@", &t),
            ("@STEP@", &step),
            ("@RES@", &res),
        ],
    ));
    s
}
