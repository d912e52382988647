//! Reductions (`reduce_<op>_<dt>` in program `reduce_<dt>`) and softmax / log_softmax
//! (`softmax_<op>_<dt>`, same program).
//!
//! One work-item per output element loops over its reduced block (the reduced axes in C
//! order, addressed through a [`super::Lay`] with offset 0, the kept axes through another
//! one carrying the offset). Float sums accumulate in `double` when the device has
//! `cl_khr_fp64` (else `float`) with Neumaier compensation; `var`/`std` are two-pass (in
//! `float`, the corrected two-pass of Chan, Golub & LeVeque);
//! `max`/`min` propagate NaN; `argmax`/`argmin` return the first NaN, else the first
//! extremum, as a flat index into the reduced block; integer sums and products wrap in
//! `i64`. The order of a reduction depends only on the shapes, never on the launch.

use super::{acc, sfx, tpl};
use tensor_core::{DType, ReduceOp, SoftmaxOp};

/// Kernel name.
pub fn kernel(op: ReduceOp, dt: DType) -> String {
    format!("reduce_{}_{}", op.name(), sfx(dt))
}

/// Softmax kernel name.
pub fn softmax_kernel(op: SoftmaxOp, dt: DType) -> String {
    format!("softmax_{}_{}", op.name(), sfx(dt))
}

/// Program name.
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
__kernel void @K@(__global const $S* x, Lay ol, Lay il, long n, ACC ddof,
                  __global @OS@* out) {
    long g = get_global_id(0);
    long base = at(&ol, g);
#define XJ(j) LD_$D(x, base + at(&il, (j)))
"#;
const TAIL: &str = "#undef XJ\n}\n";

/// Neumaier-compensated sum of `TERM` (an expression of `v`) over the block, into `NAME`.
fn nsum(name: &str, term: &str) -> String {
    format!(
        "    ACC {name} = 0, {name}_c = 0;
    for (long j = 0; j < n; j++) {{
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

fn body(op: ReduceOp, dt: DType, fp64: bool) -> String {
    use ReduceOp::*;
    let a = sfx(acc(fp64));
    let d = sfx(dt);
    let isnan = |v: &str| -> String {
        if dt.is_float() {
            format!("isnan({v})")
        } else {
            "0".into()
        }
    };
    let store_acc = |e: &str| format!("    ST_{d}(out, g, cvt_{a}_{d}({e}));\n");
    match op {
        Sum if !dt.is_float() => "    ulong s = 0;
    for (long j = 0; j < n; j++) s += (ulong)XJ(j);
    out[g] = as_long(s);
"
        .into(),
        Prod if !dt.is_float() => "    ulong s = 1;
    for (long j = 0; j < n; j++) s *= (ulong)XJ(j);
    out[g] = as_long(s);
"
        .into(),
        Sum => nsum("s", "v") + &store_acc("s"),
        Mean => nsum("s", "v") + &store_acc("s / (ACC)n"),
        Prod => {
            "    ACC p = 1;
    for (long j = 0; j < n; j++) p *= (ACC)XJ(j);
"
            .to_string()
                + &store_acc("p")
        }
        Var | Std => {
            let mut s = String::from("    if (n == 0 || (ACC)n - ddof <= 0) {\n");
            s.push_str(&format!(
                "        ST_{d}(out, g, cvt_{a}_{d}((ACC)NAN));\n        return;\n    }}\n"
            ));
            s.push_str(&nsum("m", "v"));
            s.push_str("    m /= (ACC)n;\n");
            s.push_str(&nsum("q", "(v - m) * (v - m)"));
            if !fp64 {
                // Corrected two-pass (Chan, Golub & LeVeque): in `float` the rounding error
                // `dm` of the mean adds `n dm^2` to `q`, which the full suite measured at
                // 1.2x the bound on offset data (`var/f32/offset`); `(sum (v - m))^2 / n`
                // is that term.
                s.push_str(&nsum("c", "v - m"));
                s.push_str("    q -= c * c / (ACC)n;\n");
            }
            s.push_str("    ACC r = q / ((ACC)n - ddof);\n");
            if op == Std {
                s.push_str("    r = sqrt(r);\n");
            }
            s + &store_acc("r")
        }
        LogSumExp => {
            let mut s = String::from("    if (n == 0) {\n");
            s.push_str(&format!(
                "        ST_{d}(out, g, cvt_{a}_{d}((ACC)-INFINITY));\n        return;\n    }}\n"
            ));
            s.push_str(&format!(
                "    ACC mx = (ACC)XJ(0);
    for (long j = 1; j < n; j++) {{ ACC v = (ACC)XJ(j); if (isnan(mx)) break; if (isnan(v) || v > mx) mx = v; }}
    if (isnan(mx) || isinf(mx)) {{ ST_{d}(out, g, cvt_{a}_{d}(mx)); return; }}
"
            ));
            s.push_str(&nsum("s", "exp(v - mx)"));
            s + &store_acc("mx + log(s)")
        }
        Max | Min => {
            let cmp = if op == Max { ">" } else { "<" };
            format!(
                "    $C r = XJ(0);
    for (long j = 1; j < n; j++) {{ $C v = XJ(j); if ({nr}) break; if ({nv} || v {cmp} r) r = v; }}
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
    long bi = 0;
    if (!{nr}) for (long j = 1; j < n; j++) {{
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
        All => "    uchar r = 1;
    for (long j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
"
        .into(),
        Any => "    uchar r = 0;
    for (long j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
"
        .into(),
    }
}

const SOFTMAX: &str = r#"
__kernel void @K@(__global const $S* x, Lay rl, long len, long sa, long inner,
                  __global $S* out) {
    long g = get_global_id(0);
    long base = at(&rl, g);
    long ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_$D(x, base);
    for (long k = 1; k < len; k++) {
        ACC v = (ACC)LD_$D(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (long k = 0; k < len; k++) {
        ACC tv = exp_sub((ACC)LD_$D(x, base + k * sa), m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (long k = 0; k < len; k++) {
        ACC v = (ACC)LD_$D(x, base + k * sa);
        ST_$D(out, ob + k * inner, cvt_@A@_$D(@E@));
    }
}
"#;

/// `exp(v - m)` for softmax, accumulating in `double`: the difference is exact enough.
const EXP_SUB_F64: &str = "inline double exp_sub(double v, double m) { return exp(v - m); }
inline double softmax_y(double v, double m, double s) { return exp(v - m) / s; }
";

/// `exp(v - m)` accumulating in `float` (no `cl_khr_fp64`): the rounding error of `v - m`
/// (exact, by TwoSum) is folded back in, `exp(d + err) ~ exp(d) (1 + err)`. Without it the
/// error of `v - m` alone, up to `0.5 ulp(v - m)` absolute, is a relative error of
/// `exp(v - m)` that grows with `|v - m|`: softmax of the conformance inputs measured 1.85x
/// its error bound (`softmax/f32/typical`, `opencl?fp64=off` on PoCL).
///
/// `softmax_y` is the output `exp(v - m) / s`. A subnormal output must be rounded once:
/// `exp(d)` rounded to a subnormal and then divided by `s` is up to 1 ulp off (measured
/// 1.85x the bound on `softmax/f32/large`). Below `d = -64` it computes
/// `(exp(d + 64) / s) * e^-64`, where `d + 64` is exact, `exp(d + 64)` and the quotient are
/// normal, and only the last product rounds into the subnormal range.
const EXP_SUB_F32: &str = r#"
inline float exp_sub(float v, float m) {
    float d = v - m;
    if (!isfinite(d)) return exp(d);
    float bb = d - v;
    float err = (v - (d - bb)) + (-m - bb);
    float e = exp(d);
    return e + e * err;
}
inline float softmax_y(float v, float m, float s) {
    float d = v - m;
    if (!isfinite(d)) return exp(d) / s;
    float bb = d - v;
    float err = (v - (d - bb)) + (-m - bb);
    if (d >= -64.0f) {
        float e = exp(d);
        return (e + e * err) / s;
    }
    float e = exp(d + 64.0f);
    return ((e + e * err) / s) * 1.6038108905486378e-28f;
}
"#;

/// Source of program `reduce_<dt>`: reductions and softmax kernels for `dt`.
pub fn source(dt: DType, fp64: bool) -> String {
    let mut s = super::prelude(fp64);
    for &op in ReduceOp::ALL {
        if !has_kernel(op, dt) {
            continue;
        }
        let od = out_dtype(op, dt);
        let k = kernel(op, dt);
        let extra = [("@K@", k.as_str()), ("@OS@", super::st(od))];
        s.push_str(&tpl(HEAD, dt, &extra));
        s.push_str(&tpl(&body(op, dt, fp64), dt, &extra));
        s.push_str(TAIL);
    }
    if dt.is_float() {
        s.push_str(if fp64 { EXP_SUB_F64 } else { EXP_SUB_F32 });
        let a = sfx(acc(fp64));
        for &op in SoftmaxOp::ALL {
            let e = match op {
                SoftmaxOp::Softmax => "softmax_y(v, m, s)",
                SoftmaxOp::LogSoftmax => "v - m - ls",
            };
            s.push_str(&tpl(
                SOFTMAX,
                dt,
                &[("@K@", &softmax_kernel(op, dt)), ("@A@", a), ("@E@", e)],
            ));
        }
    }
    s
}
