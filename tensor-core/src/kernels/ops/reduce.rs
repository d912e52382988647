//! Reductions (`reduce_<op>_<dt>` in program `reduce_<dt>`) and softmax / log_softmax
//! (`softmax_<op>_<dt>`, same program).
//!
//! # Order (deterministic)
//! One thread per output element loops over its reduced block sequentially, in C order of
//! the reduced axes (addressed through a [`Lay`](crate::kernels::Lay) with offset 0, the
//! kept axes through another one carrying the offset). No atomics and no inter-thread
//! combination: the order of every reduction depends only on the shapes, never on the
//! launch geometry. Float sums accumulate in `ACC` (`double` where the device has it, else
//! `float`) with Neumaier compensation; `var`/`std` are two-pass (in `float`, the corrected
//! two-pass of Chan, Golub & LeVeque); `max`/`min` propagate NaN; `argmax`/`argmin` return
//! the first NaN, else the first extremum, as a flat index into the reduced block; integer
//! sums and products wrap in `i64`.
//!
//! Where the dialect has them ([`Dialect::block_reduce`]), long `sum`/`mean` blocks (at
//! least [`BLOCK_MIN`] elements) use one 256-thread block per output instead
//! (`reduce_<op>_blk_<dt>`): thread `t` accumulates elements `t, t + 256, t + 512, ...` in
//! that order (Neumaier-compensated, in `f64`), then the 256 partial sums are combined by a
//! fixed binary tree (`p[t] += p[t + w]` for `w = 128, 64, ..., 1`, with the rounding errors
//! carried along). The order depends only on the block length, so these results are
//! deterministic too; they may differ from the sequential kernel's in the last bit of the
//! `f64` accumulator.

use crate::kernels::collapse;
use crate::kernels::runtime::{
    Arg, Grid, Kernel, Runtime, check_dtype, check_out, has_dtype, launch_flat, lay, prep,
};
use crate::kernels::{Dialect, acc, head, head_with, sfx, tpl};
use crate::{DType, Dst, Error, Op, ReduceOp, Result, SoftmaxOp, Src};

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

/// Whether `op` has a one-block-per-output kernel for compute dtype `dt` (in dialects
/// with [`Dialect::block_reduce`]).
pub fn has_block_kernel(op: ReduceOp, dt: DType) -> bool {
    match op {
        ReduceOp::Sum => dt.is_float() || dt == DType::I64,
        ReduceOp::Mean => dt.is_float(),
        _ => false,
    }
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

const PARAMS: &str = "@G@const $S* x, Lay ol, Lay il, @L@ n, ACC ddof, @G@@OS@* out";
const TAIL: &str = "#undef XJ\n}\n";

/// Neumaier-compensated sum of `term` (of `v`) over the block into `name`.
fn nsum(name: &str, term: &str) -> String {
    format!(
        "    ACC {name} = 0, {name}_c = 0;
    for (@L@ j = 0; j < n; j++) {{
        ACC v = (ACC)XJ(j);
        ACC tv = {term};
        ACC t = {name} + tv;
        if (fabs({name}) >= fabs(tv)) {name}_c += ({name} - t) + tv;
        else {name}_c += (tv - t) + {name};
        {name} = t;
    }}
    if (!isinf({name})) {name} += {name}_c;
"
    )
}

fn body(d: &dyn Dialect, op: ReduceOp, dt: DType) -> String {
    use ReduceOp::*;
    let a = sfx(acc(d));
    let n = sfx(dt);
    let [nan, inf, _] = d.consts();
    let isnan = |v: &str| -> String {
        if dt.is_float() {
            format!("isnan({v})")
        } else {
            "0".into()
        }
    };
    let store_acc = |e: &str| format!("    ST_{n}(out, g, cvt_{a}_{n}({e}));\n");
    let int_loop = |init: &str, step: &str| {
        format!(
            "    @UL@ s = {init};
    for (@L@ j = 0; j < n; j++) s {step}= (@UL@)XJ(j);
    out[g] = {};
",
            d.wrap(DType::I64, "s")
        )
    };
    match op {
        Sum if !dt.is_float() => int_loop("0", "+"),
        Prod if !dt.is_float() => int_loop("1", "*"),
        Sum => nsum("s", "v") + &store_acc("s"),
        Mean => nsum("s", "v") + &store_acc("s / (ACC)n"),
        Prod => {
            "    ACC p = 1;
    for (@L@ j = 0; j < n; j++) p *= (ACC)XJ(j);
"
            .to_string()
                + &store_acc("p")
        }
        Var | Std => {
            let mut s = String::from("    if (n == 0 || (ACC)n - ddof <= 0) {\n");
            s.push_str(&format!(
                "        ST_{n}(out, g, cvt_{a}_{n}((ACC){nan}));\n        return;\n    }}\n"
            ));
            s.push_str(&nsum("m", "v"));
            s.push_str("    m /= (ACC)n;\n");
            s.push_str(&nsum("q", "(v - m) * (v - m)"));
            if !d.fp64() {
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
                "        ST_{n}(out, g, cvt_{a}_{n}((ACC)-{inf}));\n        return;\n    }}\n"
            ));
            s.push_str(&format!(
                "    ACC mx = (ACC)XJ(0);
    for (@L@ j = 1; j < n; j++) {{ ACC v = (ACC)XJ(j); if (isnan(mx)) break; if (isnan(v) || v > mx) mx = v; }}
    if (isnan(mx) || isinf(mx)) {{ ST_{n}(out, g, cvt_{a}_{n}(mx)); return; }}
"
            ));
            s.push_str(&nsum("s", "exp(v - mx)"));
            s + &store_acc("mx + log(s)")
        }
        Max | Min => {
            let cmp = if op == Max { ">" } else { "<" };
            format!(
                "    $C r = XJ(0);
    for (@L@ j = 1; j < n; j++) {{ $C v = XJ(j); if ({nr}) break; if ({nv} || v {cmp} r) r = v; }}
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
    @L@ bi = 0;
    if (!{nr}) for (@L@ j = 1; j < n; j++) {{
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
        All => "    @U8@ r = 1;
    for (@L@ j = 0; j < n; j++) if (XJ(j) == 0) { r = 0; break; }
    out[g] = r;
"
        .into(),
        Any => "    @U8@ r = 0;
    for (@L@ j = 0; j < n; j++) if (XJ(j) != 0) { r = 1; break; }
    out[g] = r;
"
        .into(),
    }
}

const BLOCK_FLOAT: &str = r#"    @SH@ double ps[256];
    @SH@ double pc[256];
@G_IDX@    @L@ base = at(&ol, g);
    int t = @T_IDX@;
    double s = 0, c = 0;
    for (@L@ j = t; j < n; j += 256) {
        double v = (double)LD_$D(x, base + at(&il, j));
        double u = s + v;
        if (fabs(s) >= fabs(v)) c += (s - u) + v; else c += (v - u) + s;
        s = u;
    }
    ps[t] = s;
    pc[t] = c;
    @BAR@
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) {
            double a = ps[t], b = ps[t + w];
            double u = a + b;
            double e = fabs(a) >= fabs(b) ? (a - u) + b : (b - u) + a;
            ps[t] = u;
            pc[t] += pc[t + w] + e;
        }
        @BAR@
    }
    if (t == 0) {
        double r = ps[0];
        if (!isinf(r)) r += pc[0];
        ST_$D(out, g, cvt_f64_$D(@FIN@));
    }
}
"#;

const BLOCK_INT: &str = r#"    @SH@ @UL@ ps[256];
@G_IDX@    @L@ base = at(&ol, g);
    int t = @T_IDX@;
    @UL@ s = 0;
    for (@L@ j = t; j < n; j += 256) s += (@UL@)x[base + at(&il, j)];
    ps[t] = s;
    @BAR@
    for (int w = 128; w > 0; w >>= 1) {
        if (t < w) ps[t] += ps[t + w];
        @BAR@
    }
    if (t == 0) out[g] = @BACK@;
}
"#;

/// `exp(v - m)` for softmax, accumulating in `double`: the difference is exact enough.
const EXP_SUB_F64: &str = "@FN@ double exp_sub(double v, double m) { return exp(v - m); }
@FN@ double softmax_y(double v, double m, double s) { return exp(v - m) / s; }
";

/// `exp(v - m)` accumulating in `float` (no `double`): the rounding error of `v - m`
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
@FN@ float exp_sub(float v, float m) {
    float d = v - m;
    if (!isfinite(d)) return exp(d);
    float bb = d - v;
    float err = (v - (d - bb)) + (-m - bb);
    float e = exp(d);
    return e + e * err;
}
@FN@ float softmax_y(float v, float m, float s) {
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

const SOFTMAX: &str = r#"    @L@ base = at(&rl, g);
    @L@ ob = (g / inner) * len * inner + (g % inner);
    ACC m = (ACC)LD_$D(x, base);
    for (@L@ k = 1; k < len; k++) {
        ACC v = (ACC)LD_$D(x, base + k * sa);
        if (isnan(m)) break;
        if (isnan(v) || v > m) m = v;
    }
    ACC s = 0, s_c = 0;
    for (@L@ k = 0; k < len; k++) {
        ACC tv = exp_sub((ACC)LD_$D(x, base + k * sa), m);
        ACC t = s + tv;
        if (fabs(s) >= fabs(tv)) s_c += (s - t) + tv; else s_c += (tv - t) + s;
        s = t;
    }
    if (!isinf(s)) s += s_c;
    ACC ls = log(s);
    for (@L@ k = 0; k < len; k++) {
        ACC v = (ACC)LD_$D(x, base + k * sa);
        ST_$D(out, ob + k * inner, cvt_@A@_$D(@E@));
    }
}
"#;

/// Source of program `reduce_<dt>`: reductions (parameters `(const S* x, Lay ol, Lay il,
/// i64 n, ACC ddof, OS* out)`) and softmax kernels (parameters `(const S* x, Lay rl,
/// i64 len, i64 sa, i64 inner, S* out)`) for `dt`, each with the bound where the dialect
/// has one (`nout`, `rows`).
pub fn source(d: &dyn Dialect, dt: DType) -> String {
    let mut s = super::super::prelude(d);
    for &op in ReduceOp::ALL {
        if !has_kernel(op, dt) {
            continue;
        }
        let od = out_dtype(op, dt);
        let mut k = String::from("\n");
        k.push_str(&head(d, &kernel(op, dt), PARAMS, "g", "nout"));
        k.push_str("    @L@ base = at(&ol, g);\n#define XJ(j) LD_$D(x, base + at(&il, (j)))\n");
        k.push_str(&body(d, op, dt));
        k.push_str(TAIL);
        s.push_str(&tpl(d, &k, dt, &[("@OS@", d.storage(od))]));
    }
    if d.block_reduce() {
        for op in [ReduceOp::Sum, ReduceOp::Mean] {
            if !has_block_kernel(op, dt) {
                continue;
            }
            let mut k = String::from("\n");
            let threads = Some((BLOCK_THREADS, 1));
            k.push_str(&head_with(
                d,
                &block_kernel(op, dt),
                threads,
                PARAMS,
                "",
                "nout",
            ));
            k.push_str(if dt.is_float() {
                BLOCK_FLOAT
            } else {
                BLOCK_INT
            });
            let mut g_idx = format!("    @L@ g = {};\n", d.group_id(0));
            if d.bound_param("nout").is_some() {
                g_idx.push_str("    if (g >= nout) return;\n");
            }
            let fin = if op == ReduceOp::Mean {
                "r / (double)n"
            } else {
                "r"
            };
            let extra = [
                ("@G_IDX@", g_idx.as_str()),
                ("@T_IDX@", d.local_id(0)),
                ("@FIN@", fin),
                ("@BACK@", &d.wrap(DType::I64, "ps[0]")),
                ("@OS@", d.storage(dt)),
            ];
            s.push_str(&tpl(d, &k, dt, &extra));
        }
    }
    if dt.is_float() {
        s.push_str(&tpl(
            d,
            if d.fp64() { EXP_SUB_F64 } else { EXP_SUB_F32 },
            dt,
            &[],
        ));
        let a = sfx(acc(d));
        for &op in SoftmaxOp::ALL {
            let e = match op {
                SoftmaxOp::Softmax => "softmax_y(v, m, s)",
                SoftmaxOp::LogSoftmax => "v - m - ls",
            };
            let params = "@G@const $S* x, Lay rl, @L@ len, @L@ sa, @L@ inner, @G@$S* out";
            let mut k = String::from("\n");
            k.push_str(&head(d, &softmax_kernel(op, dt), params, "g", "rows"));
            k.push_str(SOFTMAX);
            s.push_str(&tpl(d, &k, dt, &[("@A@", a), ("@E@", e)]));
        }
    }
    s
}

/// `out = op(x)` over `axes` (sorted, distinct), `ddof` for `var`/`std`: one thread per
/// output element, or (dialects with [`Dialect::block_reduce`]) one block per output for
/// long `sum`/`mean` blocks.
pub fn reduce<R: Runtime>(
    rt: &R,
    op: ReduceOp,
    x: Src<'_, R::Buffer>,
    axes: &[usize],
    ddof: f64,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let o = Op::Reduce(op);
    let uns = || rt.unsupported(o, x.dtype);
    let (c, r) = op.dtypes(x.dtype).map_err(|_| uns())?;
    check_out(o, &out, r)?;
    let d = rt.dialect();
    if !has_dtype(d, c) || !has_kernel(op, c) {
        return Err(uns());
    }
    if axes.windows(2).any(|w| w[0] >= w[1]) || axes.iter().any(|&a| a >= x.layout.ndim()) {
        return Err(Error::invalid(op.name(), format!("bad axes {axes:?}")));
    }
    let p = prep(rt, o, x, c)?;
    let (xb, xl) = p.get();
    if op.needs_nonempty() && axes.iter().any(|&a| xl.shape()[a] == 0) && out.numel() > 0 {
        return Err(Error::invalid(
            op.name(),
            "zero-size reduction without identity",
        ));
    }
    let (kept, red) = xl.split_axes(axes);
    let n = red.numel();
    let (ks, [kt]) = collapse(kept.shape(), [kept.strides()]);
    let (rs, [rt_]) = collapse(red.shape(), [red.strides()]);
    let ol = lay(rt, &ks, &kt, xl.offset(), op.name())?;
    let il = lay(rt, &rs, &rt_, 0, op.name())?;
    let ddof = if d.fp64() {
        Arg::F64(ddof)
    } else {
        Arg::F32(ddof as f32)
    };
    let nout = out.numel();
    let mut args = vec![
        Arg::Buf(xb),
        Arg::Lay(&ol),
        Arg::Lay(&il),
        Arg::I64(n as i64),
        ddof,
        Arg::Buf(&*out.buf),
    ];
    if d.bound_param("nout").is_some() {
        args.push(Arg::I64(nout as i64));
    }
    let (name, grid) = if d.block_reduce() && n >= BLOCK_MIN && has_block_kernel(op, c) {
        let threads = BLOCK_THREADS;
        (
            block_kernel(op, c),
            Grid::Blocks {
                blocks: nout,
                threads,
            },
        )
    } else {
        (kernel(op, c), Grid::Flat(nout))
    };
    let k = Kernel {
        program: &program(c),
        source: &|| source(d, c),
        name: &name,
    };
    rt.launch(k, &args, grid)
}

/// `out = op(x)` along `axis` (softmax or log-softmax), one thread per row.
pub fn softmax<R: Runtime>(
    rt: &R,
    op: SoftmaxOp,
    x: Src<'_, R::Buffer>,
    axis: usize,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let o = Op::Softmax(op);
    let c = x.dtype.to_float();
    check_dtype(rt, o, c)?;
    check_out(o, &out, c)?;
    if axis >= x.layout.ndim() {
        return Err(Error::invalid(
            op.name(),
            format!("axis {axis} out of range"),
        ));
    }
    let p = prep(rt, o, x, c)?;
    let (xb, xl) = p.get();
    let len = xl.shape()[axis];
    let inner: usize = xl.shape()[axis + 1..].iter().product();
    let mut rs = xl.shape().to_vec();
    let mut rt_ = xl.strides().to_vec();
    rs.remove(axis);
    rt_.remove(axis);
    let rows: usize = rs.iter().product();
    if len == 0 || rows == 0 {
        return Ok(());
    }
    let (rs, [rt_]) = collapse(&rs, [&rt_]);
    let rl = lay(rt, &rs, &rt_, xl.offset(), op.name())?;
    let d = rt.dialect();
    let k = Kernel {
        program: &program(c),
        source: &|| source(d, c),
        name: &softmax_kernel(op, c),
    };
    let args = vec![
        Arg::Buf(xb),
        Arg::Lay(&rl),
        Arg::I64(len as i64),
        Arg::I64(xl.strides()[axis] as i64),
        Arg::I64(inner.max(1) as i64),
        Arg::Buf(&*out.buf),
    ];
    launch_flat(rt, k, args, rows)
}
