//! Ops that create data (program `create_<dt>`): `arange_<dt>`, `linspace_<dt>` and the
//! Philox4x32-10 `rand_<dt>` / `randn_<dt>`. `full` is a fill of the value converted on the
//! host. Every element is a function of its index only, never of the launch geometry.
//!
//! The Philox stream is exactly [`crate::philox`]: counter `[i, i >> 32, 0, 0]`, key
//! `[seed, seed >> 32]`, ten rounds; uniform values are exact bit patterns (identical to
//! the CPU's); normal values use `log`, `cos`, `sqrt` in `double` (so they need fp64) and
//! may differ from the CPU's correctly rounded ones in the last `f64` bit before rounding
//! to the dtype. Float `arange` and every `linspace` compute in `double` too.

use crate::kernels::runtime::{Arg, GpuBuffer, Grid, Kernel, Runtime, check_out, launch_flat};
use crate::kernels::{Dialect, head, sfx, tpl};
use crate::{DType, Dst, Op, RandDist, Result, Scalar};

/// Program name.
pub fn program(dt: DType) -> String {
    format!("create_{}", sfx(dt))
}

/// The Philox4x32-10 block, `W4 philox_block(u32 s0, u32 s1, u64 i)` (also compiled by a
/// host-side test that checks it against [`crate::philox`]).
pub fn philox(d: &dyn Dialect) -> String {
    let t = r#"
typedef struct { @U32@ x, y, z, w; } W4;
@FN@ W4 philox_block(@U32@ s0, @U32@ s1, @UL@ i) {
    @U32@ c0 = (@U32@)i, c1 = (@U32@)(i >> 32), c2 = 0u, c3 = 0u;
    @U32@ k0 = s0, k1 = s1;
    for (int r = 0; r < 10; r++) {
        if (r > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
        @U32@ hi0 = @HI0@, lo0 = 0xD2511F53u * c0;
        @U32@ hi1 = @HI1@, lo1 = 0xCD9E8D57u * c2;
        @U32@ n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }
    W4 w = { c0, c1, c2, c3 };
    return w;
}
"#;
    let extra = [
        ("@HI0@", d.mul_hi("0xD2511F53u", "c0")),
        ("@HI1@", d.mul_hi("0xCD9E8D57u", "c2")),
    ];
    let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
    tpl(d, t, DType::U8, &extra)
}

const ARANGE_F: &str = "    ST_$D(out, i, cvt_f64_$D(start + (double)i * step));\n}\n";
const ARANGE_I: &str = "    @L@ v = @V@;\n    ST_$D(out, i, cvt_i64_$D(v));\n}\n";
const LINSPACE: &str = r#"    double y;
    if (n == 1 || div == 0) y = start;
    else if (endpoint && i == n - 1) y = stop;
    else y = start + (double)i * step;
    if (integral) y = floor(y);
    ST_$D(out, i, cvt_f64_$D(y));
}
"#;
const RAND: &str = "    W4 w = philox_block(s0, s1, (@UL@)i);\n    ST_$D(out, i, @U@);\n}\n";
const RANDN: &str = r#"    W4 w = philox_block(s0, s1, (@UL@)i);
    double u1 = (double)(((@UL@)w.x << 21) | (@UL@)(w.y >> 11)) * (1.0 / 9007199254740992.0);
    double u2 = (double)(((@UL@)w.z << 21) | (@UL@)(w.w >> 11)) * (1.0 / 9007199254740992.0);
    double v = sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * @PI@ * u2);
    ST_$D(out, i, cvt_f64_$D(v));
}
"#;

/// Source of program `create_<dt>`. Parameters (each with the bound `n` where the dialect
/// has one): `arange_<dt>(S* out, i64|double start, i64|double step)`,
/// `linspace_<dt>(S* out, double start, double stop, double step, i64 n, i64 div,
/// u32 endpoint, u32 integral)`, `rand_<dt>`/`randn_<dt>(S* out, u32 s0, u32 s1)`. Kernels
/// that need `double` exist only where the device has it.
pub fn source(d: &dyn Dialect, dt: DType) -> String {
    let mut s = super::super::prelude(d);
    s.push_str(&philox(d));
    let d_ = sfx(dt);
    let mut k = String::new();
    let mut kern = |name: &str, params: &str, bound: &str, body: &str| {
        k.push('\n');
        k.push_str(&head(d, &format!("{name}_{d_}"), params, "i", bound));
        k.push_str(body);
    };
    if !dt.is_float() {
        kern("arange", "@G@$S* out, @L@ start, @L@ step", "n", ARANGE_I);
    } else if d.fp64() {
        kern(
            "arange",
            "@G@$S* out, double start, double step",
            "n",
            ARANGE_F,
        );
    }
    if d.fp64() {
        // `n` is a parameter of linspace itself: no separate bound.
        let params = "@G@$S* out, double start, double stop, double step, @L@ n, @L@ div, \
                      @U32@ endpoint, @U32@ integral";
        k.push('\n');
        let mut h = d.kernel(&format!("linspace_{d_}"), None);
        h.push_str(&format!("({params}) {{\n"));
        h.push_str(&d.index("i", "n"));
        k.push_str(&h);
        k.push_str(LINSPACE);
    }
    if dt.is_float() {
        let params = "@G@$S* out, @U32@ s0, @U32@ s1";
        let mut kern = |name: &str, body: &str| {
            k.push('\n');
            k.push_str(&head(d, &format!("{name}_{d_}"), params, "i", "n"));
            k.push_str(body);
        };
        kern("rand", RAND);
        if d.fp64() {
            kern("randn", RANDN);
        }
    }
    let uniform = match dt {
        DType::F16 => "(float)(w.x >> 21) * (1.0f / 2048.0f)",
        DType::BF16 => "(float)(w.x >> 24) * (1.0f / 256.0f)",
        DType::F32 => "(float)(w.x >> 8) * (1.0f / 16777216.0f)",
        _ => "(double)(((@UL@)w.x << 21) | (@UL@)(w.y >> 11)) * (1.0 / 9007199254740992.0)",
    };
    let wrap = d.wrap(DType::I64, "(@UL@)start + (@UL@)i * (@UL@)step");
    let extra = [("@U@", uniform), ("@PI@", d.consts()[2]), ("@V@", &wrap)];
    s.push_str(&tpl(d, &k, dt, &extra));
    s
}

/// `out[i] = start + i * step` (in `double` for floats, wrapping `i64` for integers).
pub fn arange<R: Runtime>(
    rt: &R,
    start: Scalar,
    step: Scalar,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let dt = out.dtype;
    if !rt.supports(Op::Arange, dt) {
        return Err(rt.unsupported(Op::Arange, dt));
    }
    check_out(Op::Arange, &out, dt)?;
    let (a, b) = if dt.is_float() {
        (Arg::F64(start.f), Arg::F64(step.f))
    } else {
        (Arg::I64(start.i), Arg::I64(step.i))
    };
    let d = rt.dialect();
    let k = Kernel {
        program: &program(dt),
        source: &|| source(d, dt),
        name: &format!("arange_{}", dt.name()),
    };
    let n = out.buf.len();
    launch_flat(rt, k, vec![Arg::Buf(&*out.buf), a, b], n)
}

/// `out` evenly spaced from `start` to `stop` (inclusive with `endpoint`), as NumPy's
/// `linspace` (floored for integer dtypes).
pub fn linspace<R: Runtime>(
    rt: &R,
    start: f64,
    stop: f64,
    endpoint: bool,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let dt = out.dtype;
    let d = rt.dialect();
    if !rt.supports(Op::Linspace, dt) || !d.fp64() {
        return Err(rt.unsupported(Op::Linspace, dt));
    }
    check_out(Op::Linspace, &out, dt)?;
    let n = out.buf.len();
    let div = if endpoint { n.saturating_sub(1) } else { n };
    let step = (stop - start) / div as f64;
    let k = Kernel {
        program: &program(dt),
        source: &|| source(d, dt),
        name: &format!("linspace_{}", dt.name()),
    };
    // `n` is a parameter of the kernel itself: no bound is appended.
    let args = [
        Arg::Buf(&*out.buf),
        Arg::F64(start),
        Arg::F64(stop),
        Arg::F64(step),
        Arg::I64(n as i64),
        Arg::I64(div as i64),
        Arg::U32(endpoint as u32),
        Arg::U32(!dt.is_float() as u32),
    ];
    rt.launch(k, &args, Grid::Flat(n))
}

/// `out` filled from the Philox stream of `seed` (uniform in `[0, 1)` or standard normal).
pub fn rand<R: Runtime>(rt: &R, dist: RandDist, seed: u64, out: Dst<'_, R::Buffer>) -> Result<()> {
    let dt = out.dtype;
    let o = Op::Rand(dist);
    if !rt.supports(o, dt) {
        return Err(rt.unsupported(o, dt));
    }
    check_out(o, &out, dt)?;
    let name = match dist {
        RandDist::Uniform => format!("rand_{}", dt.name()),
        RandDist::Normal => format!("randn_{}", dt.name()),
    };
    let d = rt.dialect();
    let k = Kernel {
        program: &program(dt),
        source: &|| source(d, dt),
        name: &name,
    };
    let n = out.buf.len();
    let args = vec![
        Arg::Buf(&*out.buf),
        Arg::U32(seed as u32),
        Arg::U32((seed >> 32) as u32),
    ];
    launch_flat(rt, k, args, n)
}
