//! Reductions (`reduce_<op>_<dt>` in module `reduce_<dt>`) and softmax / log_softmax
//! (`softmax_<op>_<dt>`, same module).
//!
//! # Order (deterministic)
//! One thread per output element loops over its reduced block sequentially, in C order of
//! the reduced axes (addressed through a [`super::Lay`] with offset 0, the kept axes
//! through another one carrying the offset). No atomics and no inter-thread combination:
//! the order of every reduction depends only on the shapes, never on the launch geometry,
//! so results are bit-identical run to run and device to device (given the same math
//! library). Float sums accumulate in `double` with Neumaier compensation; `var`/`std` are
//! two-pass; `max`/`min` propagate NaN; `argmax`/`argmin` return the first NaN, else the
//! first extremum, as a flat index into the reduced block; integer sums and products wrap
//! in `i64`.
//!
//! Long `sum`/`mean` blocks (at least [`BLOCK_MIN`] elements) use one 256-thread block per
//! output instead (`reduce_<op>_blk_<dt>`), so that a full reduction does not run on one
//! thread: thread `t` accumulates elements `t, t + 256, t + 512, ...` in that order
//! (Neumaier-compensated, in `f64`), then the 256 partial sums are combined by a fixed
//! binary tree (`p[t] += p[t + w]` for `w = 128, 64, ..., 1`, with the rounding errors
//! carried along). The order depends only on the block length, so these results are
//! deterministic too; they may differ from the sequential kernel's in the last bit of the
//! `f64` accumulator.

use super::{sfx, tpl};
use tensor_core::{DType, ReduceOp, SoftmaxOp};

/// Kernel name.
pub fn kernel(op: ReduceOp, dt: DType) -> String {
    format!("reduce_{}_{}", op.name(), sfx(dt))
}

/// Softmax kernel name.
pub fn softmax_kernel(op: SoftmaxOp, dt: DType) -> String {
    format!("softmax_{}_{}", op.name(), sfx(dt))
}

/// Reduced-block length from which `sum`/`mean` use the block kernel.
pub const BLOCK_MIN: usize = 1024;

/// Threads per block of the block kernels (fixed: it is part of the summation order).
pub const BLOCK_THREADS: u32 = 256;

/// Name of the one-block-per-output kernel.
pub fn block_kernel(op: ReduceOp, dt: DType) -> String {
    format!("reduce_{}_blk_{}", op.name(), sfx(dt))
}

/// Whether `op` has a one-block-per-output kernel for compute dtype `dt`.
pub fn has_block_kernel(op: ReduceOp, dt: DType) -> bool {
    match op {
        ReduceOp::Sum => dt.is_float() || dt == DType::I64,
        ReduceOp::Mean => dt.is_float(),
        _ => false,
    }
}

const BLOCK_FLOAT: &str = r#"
extern "C" __global__ void __launch_bounds__(256) @K@(const $S* x, Lay ol, Lay il, i64 n,
                                                     double ddof, $S* out, i64 nout) {
    __shared__ double ps[256];
    __shared__ double pc[256];
    i64 g = blockIdx.x;
    if (g >= nout) return;
    i64 base = at(&ol, g);
    int t = threadIdx.x;
    double s = 0, c = 0;
    for (i64 j = t; j < n; j += 256) {
        double v = (double)LD_$D(x, base + at(&il, j));
        double u = s + v;
        if (fabs(s) >= fabs(v)) c += (s - u) + v; else c += (v - u) + s;
        s = u;
    }
    ps[t] = s;
    pc[t] = c;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) {
            double a = ps[t], b = ps[t + w];
            double u = a + b;
            double e = fabs(a) >= fabs(b) ? (a - u) + b : (b - u) + a;
            ps[t] = u;
            pc[t] += pc[t + w] + e;
        }
        __syncthreads();
    }
    if (t == 0) {
        double r = ps[0];
        if (!isinf(r)) r += pc[0];
        ST_$D(out, g, cvt_f64_$D(@FIN@));
    }
}
"#;

const BLOCK_INT: &str = r#"
extern "C" __global__ void __launch_bounds__(256) @K@(const i64* x, Lay ol, Lay il, i64 n,
                                                     double ddof, i64* out, i64 nout) {
    __shared__ u64 ps[256];
    i64 g = blockIdx.x;
    if (g >= nout) return;
    i64 base = at(&ol, g);
    int t = threadIdx.x;
    u64 s = 0;
    for (i64 j = t; j < n; j += 256) s += (u64)x[base + at(&il, j)];
    ps[t] = s;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) ps[t] += ps[t + w];
        __syncthreads();
    }
    if (t == 0) out[g] = (i64)ps[0];
}
"#;

/// Module name.
pub fn program(dt: DType) -> String {
    format!("reduce_{}", sfx(dt))
}

/// Whether `op` has a kernel for compute dtype `dt`.
pub fn has_kernel(op: ReduceOp, dt: DType) -> bool {
    use ReduceOp::*;
    match op {
        Max | Min | ArgMax | ArgMin | All | Any => true,
        Sum | Prod => dt.is_float() || dt == DType::I64,
        Mean | Var | Std | LogSumExp => dt.is_float(),
    }
}

/// The output dtype of `op` on compute dtype `dt`.
fn out_dtype(op: ReduceOp, dt: DType) -> DType {
    use ReduceOp::*;
    match op {
        ArgMax | ArgMin => DType::I64,
        All | Any => DType::Bool,
        _ => dt,
    }
}

const HEAD: &str = r#"
extern "C" __global__ void @K@(const $S* x, Lay ol, Lay il, i64 n, double ddof,
                               @OS@* out, i64 nout) {
    i64 g = GID();
    if (g >= nout) return;
    i64 base = at(&ol, g);
#define XJ(j) LD_$D(x, base + at(&il, (j)))
"#;
const TAIL: &str = "#undef XJ\n}\n";

/// Neumaier-compensated sum of `TERM` (an expression of `v`) over the block, into `NAME`.
fn nsum(name: &str, term: &str) -> String {
    format!(
        "    ACC {name} = 0, {name}_c = 0;
    for (i64 j = 0; j < n; j++) {{
        ACC v = (ACC)XJ(j);
        ACC tv = {term};
        ACC t = {name} + tv;
        if (fabs({name}) >= fabs(tv)) {name}_c += ({name} - t) + tv; else {name}_c += (tv - t) + {name};
        {name} = t;
    }}
    if (!isinf({name})) {name} += {name}_c;
"
    )
}

fn body(op: ReduceOp, dt: DType) -> String {
    use ReduceOp::*;
    let d = sfx(dt);
    let isnan = |v: &str| -> String {
        if dt.is_float() {
            format!("isnan({v})")
        } else {
            "0".into()
        }
    };
    let store_acc = |e: &str| format!("    ST_{d}(out, g, cvt_f64_{d}({e}));\n");
    match op {
        Sum if !dt.is_float() => "    u64 s = 0;
    for (i64 j = 0; j < n; j++) s += (u64)XJ(j);
    out[g] = (i64)s;
"
        .into(),
        Prod if !dt.is_float() => "    u64 s = 1;
    for (i64 j = 0; j < n; j++) s *= (u64)XJ(j);
    out[g] = (i64)s;
"
        .into(),
        Sum => nsum("s", "v") + &store_acc("s"),
        Mean => nsum("s", "v") + &store_acc("s / (ACC)n"),
        Prod => {
            "    ACC p = 1;
    for (i64 j = 0; j < n; j++) p *= (ACC)XJ(j);
"
            .to_string()
                + &store_acc("p")
        }
        Var | Std => {
            let mut s = String::from("    if (n == 0 || (ACC)n - ddof <= 0) {\n");
            s.push_str(&format!(
                "        ST_{d}(out, g, cvt_f64_{d}(K_NAN));\n        return;\n    }}\n"
            ));
            s.push_str(&nsum("m", "v"));
            s.push_str("    m /= (ACC)n;\n");
            s.push_str(&nsum("q", "(v - m) * (v - m)"));
            s.push_str("    ACC r = q / ((ACC)n - ddof);\n");
            if op == Std {
                s.push_str("    r = sqrt(r);\n");
            }
            s + &store_acc("r")
        }
        LogSumExp => {
            let mut s = String::from("    if (n == 0) {\n");
            s.push_str(&format!(
                "        ST_{d}(out, g, cvt_f64_{d}(-K_INF));\n        return;\n    }}\n"
            ));
            s.push_str(&format!(
                "    ACC mx = (ACC)XJ(0);
    for (i64 j = 1; j < n; j++) {{ ACC v = (ACC)XJ(j); if (isnan(mx)) break; if (isnan(v) || v > mx) mx = v; }}
    if (isnan(mx) || isinf(mx)) {{ ST_{d}(out, g, cvt_f64_{d}(mx)); return; }}
"
            ));
            s.push_str(&nsum("s", "exp(v - mx)"));
            s + &store_acc("mx + log(s)")
        }
        Max | Min => {
            let cmp = if op == Max { ">" } else { "<" };
            format!(
                "    $C r = XJ(0);
    for (i64 j = 1; j < n; j++) {{ $C v = XJ(j); if ({nr}) break; if ({nv} || v {cmp} r) r = v; }}
    ST_$D(out, g, r);
",
                nr = isnan("r"),
                nv = isnan("v")
            )
        }
        ArgMax | ArgMin => {
            let cmp = if op == ArgMax { ">" } else { "<" };
            format!(
                "    $C r = XJ(0);
    i64 bi = 0;
    if (!{nr}) for (i64 j = 1; j < n; j++) {{
        $C v = XJ(j);
        if ({nv}) {{ bi = j; break; }}
        if (v {cmp} r) {{ r = v; bi = j; }}
    }}
    out[g] = bi;
",
                nr = isnan("r"),
                nv = isnan("v")
            )
        }
        All => "    u8 r = 1;
    for (i64 j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
"
        .into(),
        Any => "    u8 r = 0;
    for (i64 j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
"
        .into(),
    }
}

const SOFTMAX: &str = r#"
extern "C" __global__ void @K@(const $S* x, Lay rl, i64 len, i64 sa, i64 inner,
                               $S* out, i64 rows) {
    i64 g = GID();
    if (g >= rows) return;
    i64 base = at(&rl, g);
    i64 ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_$D(x, base);
    for (i64 k = 1; k < len; k++) {
        ACC v = (ACC)LD_$D(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (i64 k = 0; k < len; k++) {
        ACC tv = exp((ACC)LD_$D(x, base + k * sa) - m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (i64 k = 0; k < len; k++) {
        ACC v = (ACC)LD_$D(x, base + k * sa);
        ST_$D(out, ob + k * inner, cvt_f64_$D(@E@));
    }
}
"#;

/// Source of module `reduce_<dt>`: reductions (parameters `(const S* x, Lay ol, Lay il,
/// i64 n, double ddof, OS* out, i64 nout)`) and softmax kernels (parameters `(const S* x,
/// Lay rl, i64 len, i64 sa, i64 inner, S* out, i64 rows)`) for `dt`.
pub fn source(dt: DType) -> String {
    let mut s = super::prelude();
    for &op in ReduceOp::ALL {
        if !has_kernel(op, dt) {
            continue;
        }
        let od = out_dtype(op, dt);
        let k = kernel(op, dt);
        let extra = [("@K@", k.as_str()), ("@OS@", super::st(od))];
        s.push_str(&tpl(HEAD, dt, &extra));
        s.push_str(&tpl(&body(op, dt), dt, &extra));
        s.push_str(TAIL);
    }
    for op in [ReduceOp::Sum, ReduceOp::Mean] {
        if !has_block_kernel(op, dt) {
            continue;
        }
        let k = block_kernel(op, dt);
        if dt.is_float() {
            let fin = if op == ReduceOp::Mean {
                "r / (double)n"
            } else {
                "r"
            };
            s.push_str(&tpl(BLOCK_FLOAT, dt, &[("@K@", &k), ("@FIN@", fin)]));
        } else {
            s.push_str(&BLOCK_INT.replace("@K@", &k));
        }
    }
    if dt.is_float() {
        for &op in SoftmaxOp::ALL {
            let e = match op {
                SoftmaxOp::Softmax => "exp(v - m) / s",
                SoftmaxOp::LogSoftmax => "v - m - ls",
            };
            s.push_str(&tpl(
                SOFTMAX,
                dt,
                &[("@K@", &softmax_kernel(op, dt)), ("@E@", e)],
            ));
        }
    }
    s
}
