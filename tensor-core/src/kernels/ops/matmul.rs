//! Batched matrix product kernels (program `matmul_<dt>`).
//!
//! `f32`/`f64` use `matmul_tiled_<dt>`: 16x16 thread blocks, each staging 16x16 tiles of A
//! and B in shared memory, accumulating in the element type in increasing `k` order (as
//! BLAS does). Other dtypes use `matmul_<dt>`, one thread per output element: `f16`/`bf16`
//! accumulate in `ACC` (`double` where the device has it) and round once, integers wrap,
//! `bool` is or-of-ands. Operands are read through their strides (batch strides via a
//! [`Lay`](crate::kernels::Lay) of the batch axes), so no copy is made. The batch is the
//! third index dimension, or, with [`Dialect::batch_loop`], looped over from the block index
//! along z with stride the number of blocks along z (`B` then bounds it).

use crate::kernels::collapse;
use crate::kernels::runtime::{Arg, Grid, Kernel, Runtime, check_dtype, check_out, lay, prep};
use crate::kernels::{Dialect, compute, head_with, sfx, tpl, unsigned_of};
use crate::{DType, Dst, Layout, Op, Result, Src};

/// Tile edge of the tiled kernel (the thread block is `TILE x TILE`).
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

/// Name of the one-thread-per-output kernel (every dtype; for `f32`/`f64` used only on
/// devices whose blocks cannot hold 16x16 threads).
pub fn simple_kernel(dt: DType) -> String {
    format!("matmul_{}", sfx(dt))
}

const ARGS: &str = "@G@const $S* a, Lay ab, @G@const $S* b, Lay bb, @L@ M, @L@ N, @L@ K, \
                    @L@ sam, @L@ sak, @L@ sbk, @L@ sbn, @G@$S* out";

const TILED: &str = r#"    int lj = @LX@, li = @LY@;
    @SH@ $C As[16][16];
    @SH@ $C Bs[16][17];
@OPEN@    @L@ ao = at(&ab, bt), bo = at(&bb, bt);
    $C s = 0;
    for (@L@ t = 0; t < K; t += 16) {
        @L@ ka = t + lj, kb = t + li;
        As[li][lj] = (i < M && ka < K) ? a[ao + i * sam + ka * sak] : ($C)0;
        Bs[li][lj] = (kb < K && j < N) ? b[bo + kb * sbk + j * sbn] : ($C)0;
        @BAR@
        for (int k = 0; k < 16; k++) s += As[li][k] * Bs[k][lj];
        @BAR@
    }
    if (i < M && j < N) out[(bt * M + i) * N + j] = s;
@CLOSE@}
"#;

const SIMPLE: &str = r#"@OPEN@    @L@ ao = at(&ab, bt) + i * sam, bo = at(&bb, bt) + j * sbn;
    @T@ s = 0;
    for (@L@ k = 0; k < K; k++) {
        @T@ x = (@T@)LD_$D(a, ao + k * sak);
        @T@ y = (@T@)LD_$D(b, bo + k * sbk);
        @STEP@;
    }
    ST_$D(out, (bt * M + i) * N + j, @RES@);
@CLOSE@}
"#;

/// Name of the kernel splitting `f32` into bf16 high and low parts (program `matmul_f32`,
/// where the dialect has [`Dialect::bf16_split`]).
pub const SPLIT_KERNEL: &str = "split_bf16_f32";

const SPLIT: &str = r#"    float v = x[at(&xl, i)];
    @U16@ h = f_to_bf16(v);
    float r = v - bf16_to_f(h);
    if (!isfinite(r)) r = 0.0f;
    hi[i] = h;
    lo[i] = f_to_bf16(r);
}
"#;

/// The indices `j`, `i` (and `bt` without a batch loop) and the batch loop's opening and
/// closing lines.
fn index(d: &dyn Dialect, bounds_check: bool) -> (String, String, String) {
    let (gx, gy) = (d.global_id(0), d.global_id(1));
    if !d.batch_loop() {
        let idx = format!("    @L@ j = {gx}, i = {gy}, bt = {};\n", d.global_id(2));
        return (idx, String::new(), String::new());
    }
    let mut idx = format!("    @L@ j = {gx}, i = {gy};\n");
    if bounds_check {
        idx.push_str("    if (i >= M || j >= N) return;\n");
    }
    let open = format!(
        "    for (@L@ bt = {}; bt < B; bt += {}) {{\n",
        d.group_id(2),
        d.group_count(2)
    );
    (idx, open, "    }\n".into())
}

/// Source of program `matmul_<dt>`: parameters `(const S* a, Lay ab, const S* b, Lay bb,
/// i64 M, i64 N, i64 K, i64 sam, i64 sak, i64 sbk, i64 sbn, S* out)` and the batch bound
/// `B` with a batch loop (for `f32` also [`SPLIT_KERNEL`], parameters
/// `(const float* x, Lay xl, u16* hi, u16* lo)` and the bound).
pub fn source(d: &dyn Dialect, dt: DType) -> String {
    let mut s = super::super::prelude(d);
    let t16 = TILE as u32;
    if tiled(dt) {
        let (idx, open, close) = index(d, false);
        let mut k = String::from("\n");
        k.push_str(&head_with(d, &kernel(dt), Some((t16, t16)), ARGS, "", "B"));
        k.push_str(&idx);
        k.push_str(TILED);
        let extra = [
            ("@OPEN@", open.as_str()),
            ("@CLOSE@", &close),
            ("@LX@", d.local_id(0)),
            ("@LY@", d.local_id(1)),
        ];
        s.push_str(&tpl(d, &k, dt, &extra));
    }
    if dt == DType::F32 && d.bf16_split() {
        let params = "@G@const float* x, Lay xl, @G@@U16@* hi, @G@@U16@* lo";
        let mut k = String::from("\n");
        k.push_str(&head_with(d, SPLIT_KERNEL, None, params, "i", "n"));
        k.push_str(SPLIT);
        s.push_str(&tpl(d, &k, dt, &[("@U16@", d.unsigned(2))]));
    }
    let a = sfx(super::super::acc(d));
    let (t, step, res) = match dt {
        DType::F16 | DType::BF16 => (
            "ACC".to_string(),
            "s += x * y",
            format!("cvt_{a}_{}(s)", sfx(dt)),
        ),
        DType::Bool => (d.storage(DType::Bool).into(), "s |= (x & y)", "s".into()),
        DType::F32 | DType::F64 => (compute(d, dt).into(), "s += x * y", "s".into()),
        _ => (unsigned_of(d, dt).into(), "s += x * y", "s".into()),
    };
    let (idx, open, close) = index(d, true);
    let mut k = String::from("\n");
    k.push_str(&head_with(d, &simple_kernel(dt), None, ARGS, "", "B"));
    k.push_str(&idx);
    k.push_str(SIMPLE);
    let extra = [
        ("@OPEN@", open.as_str()),
        ("@CLOSE@", &close),
        ("@T@", &t),
        ("@STEP@", step),
        ("@RES@", &res),
    ];
    s.push_str(&tpl(d, &k, dt, &extra));
    s
}

/// A matrix product after the checks, for [`Runtime::matmul_native`]: `out[b] = a[b] x
/// b[b]` for every batch `b`, with `a` of `m x k` and `b` of `k x n` read through their
/// layouts (in the compute dtype), `out` contiguous.
pub struct Problem<'a, B> {
    /// The compute (and output) dtype.
    pub dtype: DType,
    /// The left operand and its layout.
    pub a: (&'a B, &'a Layout),
    /// The right operand and its layout.
    pub b: (&'a B, &'a Layout),
    /// The contiguous output, `batch * m * n` elements.
    pub out: &'a B,
    /// Rows, inner dimension, columns and batch count.
    pub mknb: (usize, usize, usize, usize),
    /// The batch axes after [`collapse`], and the strides of `a` and `b` on them.
    pub batch: (&'a [usize], [&'a [isize]; 2]),
}

/// `out = a @ b` (batched, broadcast batch axes): natively where the backend takes it
/// ([`Runtime::matmul_native`]), else with the kernels.
pub fn matmul<R: Runtime>(
    rt: &R,
    a: Src<'_, R::Buffer>,
    b: Src<'_, R::Buffer>,
    out: Dst<'_, R::Buffer>,
) -> Result<()> {
    let c = DType::promote(a.dtype, b.dtype);
    check_dtype(rt, Op::MatMul, c)?;
    check_out(Op::MatMul, &out, c)?;
    crate::backend::check_matmul_shapes(a.layout, b.layout)?;
    let pa = prep(rt, Op::MatMul, a, c)?;
    let pb = prep(rt, Op::MatMul, b, c)?;
    let ((ab, al), (bb, bl)) = (pa.get(), pb.get());
    let nd = al.ndim();
    let (m, k, n) = (al.shape()[nd - 2], al.shape()[nd - 1], bl.shape()[nd - 1]);
    let bshape = &al.shape()[..nd - 2];
    let batch: usize = bshape.iter().product();
    if m == 0 || n == 0 || batch == 0 {
        return Ok(());
    }
    let (bs, [sa, sb]) = collapse(bshape, [&al.strides()[..nd - 2], &bl.strides()[..nd - 2]]);
    let problem = Problem {
        dtype: c,
        a: (ab, al),
        b: (bb, bl),
        out: &*out.buf,
        mknb: (m, k, n, batch),
        batch: (&bs, [&sa, &sb]),
    };
    if rt.matmul_native(&problem)? {
        return Ok(());
    }
    let alay = lay(rt, &bs, &sa, al.offset(), "matmul")?;
    let blay = lay(rt, &bs, &sb, bl.offset(), "matmul")?;
    let (sam, sak) = (al.strides()[nd - 2], al.strides()[nd - 1]);
    let (sbk, sbn) = (bl.strides()[nd - 2], bl.strides()[nd - 1]);
    let tiled = tiled(c) && rt.max_block_threads() >= TILE * TILE;
    let name = if tiled { kernel(c) } else { simple_kernel(c) };
    let d = rt.dialect();
    let mut args = vec![Arg::Buf(ab), Arg::Lay(&alay), Arg::Buf(bb), Arg::Lay(&blay)];
    for v in [m, n, k] {
        args.push(Arg::I64(v as i64));
    }
    for v in [sam, sak, sbk, sbn] {
        args.push(Arg::I64(v as i64));
    }
    args.push(Arg::Buf(&*out.buf));
    if d.bound_param("B").is_some() {
        args.push(Arg::I64(batch as i64));
    }
    let k = Kernel {
        program: &program(c),
        source: &|| source(d, c),
        name: &name,
    };
    let grid = Grid::Matrix {
        cols: n,
        rows: m,
        batch,
        tiled,
    };
    rt.launch(k, &args, grid)
}
