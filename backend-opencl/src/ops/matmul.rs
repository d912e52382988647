//! Batched matrix product (program `matmul_<dt>`).
//!
//! `f32`/`f64` use `matmul_tiled_<dt>`: 16x16 work-groups, each staging 16x16 tiles of A
//! and B in local memory, accumulating in the element type (as BLAS does); the batch is
//! the third NDRange dimension. Other dtypes use `matmul_<dt>`, one work-item per output
//! element: `f16`/`bf16` accumulate in `double` when available (else `float`) and round
//! once, integers wrap, `bool` is or-of-ands. Operands are read through their strides
//! (batch strides via a [`super::Lay`] of the batch axes), so no copy is made.

use super::{acc, ct, sfx, tpl, ut};
use tensor_core::DType;

/// Tile edge of the tiled kernel.
pub const TILE: usize = 16;

/// Program name.
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

/// Name of the one-work-item-per-output kernel (every dtype; for `f32`/`f64` used only on
/// devices whose work-groups cannot hold 16x16 items).
pub fn simple_kernel(dt: DType) -> String {
    format!("matmul_{}", sfx(dt))
}

const ARGS: &str = "__global const $S* a, Lay ab, __global const $S* b, Lay bb, long M, long N, \
                    long K, long sam, long sak, long sbk, long sbn, __global $S* out";

const TILED: &str = r#"
__kernel __attribute__((reqd_work_group_size(16, 16, 1)))
void @K@(@ARGS@) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    int lj = get_local_id(0), li = get_local_id(1);
    long ao = at(&ab, bt), bo = at(&bb, bt);
    __local $C As[16][16];
    __local $C Bs[16][17];
    $C s = 0;
    for (long t = 0; t < K; t += 16) {
        long ka = t + lj, kb = t + li;
        As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : ($C)0;
        Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : ($C)0;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (i < M && j < N) out[(bt * M + i) * N + j] = s;
}
"#;

const SIMPLE: &str = r#"
__kernel void @K@(@ARGS@) {
    long j = get_global_id(0), i = get_global_id(1), bt = get_global_id(2);
    long ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    @T@ s = 0;
    for (long k = 0; k < K; k++) {
        @T@ x = (@T@)LD_$D(a, ao + k * sak);
        @T@ y = (@T@)LD_$D(b, bo + k * sbk);
        @STEP@;
    }
    ST_$D(out, (bt * M + i) * N + j, @RES@);
}
"#;

/// Source of program `matmul_<dt>`.
pub fn source(dt: DType, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    if tiled(dt) {
        s.push_str(&tpl(TILED, dt, &[("@K@", &kernel(dt)), ("@ARGS@", ARGS)]));
    }
    let k = simple_kernel(dt);
    let a = sfx(acc(fp64));
    let (t, step, res) = match dt {
        DType::F16 | DType::BF16 => (
            "ACC".to_string(),
            "s += x * y".to_string(),
            format!("cvt_{a}_{}(s)", sfx(dt)),
        ),
        DType::Bool => ("uchar".into(), "s |= (x & y)".into(), "s".into()),
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
