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
//! in `i64`. The price is parallelism: a full reduction to one value runs on one thread.

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
