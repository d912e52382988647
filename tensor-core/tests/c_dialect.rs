//! A third kernel dialect, plain C for the host compiler: the worked example of
//! `tensor_core::kernels` for plugin authors (HIP, Metal, Vulkan...).
//!
//! [`HostC`] is a [`Dialect`]: the shared generators of `kernels::ops` emit every program as
//! C functions, which this test compiles with the host C compiler (`$CC`, else `cc`) into a
//! shared library and loads with `libloading`. [`CHost`] is a [`Runtime`] (and a [`Backend`]
//! whose ops are all [`tensor_core::gpu_backend_ops!`]): buffers are host memory, and a
//! launch loops over the global index, setting it in the program (`tc_set_gid`) and calling
//! the kernel once per index. The results are compared with the CPU backend's.
//!
//! What a C dialect cannot do: a block of threads is one thread here, so kernels that need a
//! barrier between threads (the tiled matmul, the block reductions) are compiled but never
//! launched ([`Runtime::max_block_threads`] is 1 and [`Dialect::block_reduce`] is off).
//! Nothing in `Dialect` or `Runtime` had to change for it.
//!
//! (The `cc` crate's `Build::get_compiler` needs the `TARGET` of a build script, which a
//! test does not have; so the compiler is `$CC` or `cc` from `PATH`, as
//! `backend-cuda/tests/without_gpu.rs` runs `c++`.)

use backend_cpu::CpuBackend;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tensor_core::kernels::runtime::{Arg, GpuBuffer, Grid, Kernel, Runtime, check_transfer};
use tensor_core::kernels::{Dialect, Lay, all_programs, fixed};
use tensor_core::{
    Backend, BackendInfo, BinaryOp, DType, Dst, Error, Layout, RandDist, ReduceOp, Result, Src,
    UnaryOp,
};

/// C11 for the host compiler (GCC 12+ or Clang 15+: `f16` is `_Float16`).
#[derive(Clone, Copy, Debug)]
struct HostC;

/// Headers, then (after the typedefs) the constants, `Lay`, and the global index the host
/// sets before each call.
const INCLUDES: &str = "#include <math.h>\n#include <tgmath.h>\n#include <string.h>\n";
const HEAD: &str = r#"#define ACC double
#define K_NAN ((double)NAN)
#define K_INF ((double)INFINITY)
#define K_PI 3.141592653589793
#define rsqrt(x) (1 / sqrt(x))
typedef struct { i64 v[18]; } Lay;
static i64 tc_gid[3];
void tc_set_gid(i64 x, i64 y, i64 z) { tc_gid[0] = x; tc_gid[1] = y; tc_gid[2] = z; }
"#;

/// Bit casts, `f16` through `_Float16`, `bf16` in integer arithmetic and the round-to-odd
/// narrowings (truncate, then set the last bit if inexact).
const HELPERS: &str = r#"static inline float tc_f32(u32 u) { float f; memcpy(&f, &u, 4); return f; }
static inline u32 tc_u32(float f) { u32 u; memcpy(&u, &f, 4); return u; }
static inline float h2f(u16 h) { _Float16 x; memcpy(&x, &h, 2); return (float)x; }
static inline u16 f2h(float f) { _Float16 x = (_Float16)f; u16 h; memcpy(&h, &x, 2); return h; }
static inline float bf16_to_f(u16 h) { return tc_f32(((u32)h) << 16); }
static inline u16 f_to_bf16(float f) {
    u32 u = tc_u32(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (u16)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (u16)(u >> 16);
}
static inline float i2f_odd(i64 v) {
    u64 a = v < 0 ? (u64)0 - (u64)v : (u64)v;
    int sh = 0;
    while ((a >> sh) >= (1ull << 24)) sh++;
    u64 m = (a >> sh) | (u64)((a & ((1ull << sh) - 1)) != 0);
    float f = ldexpf((float)m, sh);
    return v < 0 ? -f : f;
}
static inline float d2f_odd(double d) {
    float f = (float)d;
    if (isnan(d) || (double)f == d) return f;
    if (fabs((double)f) > fabs(d)) f = nextafterf(f, 0.0f);
    return tc_f32(tc_u32(f) | 1u);
}
"#;

impl Dialect for HostC {
    fn name(&self) -> &'static str {
        "host C"
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
        "static inline"
    }
    fn global(&self) -> &'static str {
        ""
    }
    fn shared(&self) -> &'static str {
        "static"
    }
    fn barrier(&self) -> &'static str {
        "/* one thread per block: no barrier */;"
    }
    fn kernel(&self, name: &str, _threads: Option<(u32, u32)>) -> String {
        format!("void {name}")
    }
    fn bound_param(&self, _bound: &str) -> Option<String> {
        None
    }
    fn index(&self, var: &str, _bound: &str) -> String {
        format!("    i64 {var} = tc_gid[0];\n")
    }
    fn global_id(&self, axis: u32) -> String {
        format!("tc_gid[{axis}]")
    }
    fn local_id(&self, _axis: u32) -> &'static str {
        "0"
    }
    fn group_id(&self, _axis: u32) -> &'static str {
        "0"
    }
    fn group_count(&self, _axis: u32) -> &'static str {
        "1"
    }
    fn atomic_or(&self, ptr: &str, v: &str) -> String {
        format!("(*({ptr}) |= ({v}))")
    }
    fn mul_hi(&self, a: &str, b: &str) -> String {
        format!("(u32)(((u64)({a}) * (u64)({b})) >> 32)")
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
        format!("{INCLUDES}{}{HEAD}", fixed::TYPEDEFS)
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
    fn fill_kernels(&self) -> bool {
        true
    }
}

/// Host memory as a "device" buffer. The kernels write through pointers made from shared
/// references, so the words are atomics (interior mutability, `Sync`).
struct HostBuf {
    mem: Box<[AtomicU64]>,
    dtype: DType,
    len: usize,
}

impl HostBuf {
    fn ptr(&self) -> *mut u8 {
        self.mem.as_ptr() as *mut u8
    }
}

impl GpuBuffer for HostBuf {
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn len(&self) -> usize {
        self.len
    }
}

fn fail(msg: impl Into<String>) -> Error {
    Error::Backend {
        backend: "host C".into(),
        msg: msg.into(),
    }
}

/// A compiled program and its `tc_set_gid`.
struct Program {
    lib: libloading::Library,
    set_gid: unsafe extern "C" fn(i64, i64, i64),
}

/// The C "device": programs compiled on first use into a directory of their own (so that
/// `dlopen` never returns another instance's library, whose global index is shared).
struct CHost {
    dir: PathBuf,
    programs: Mutex<HashMap<String, Arc<Program>>>,
}

impl CHost {
    fn new() -> CHost {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "c_dialect-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        CHost {
            dir,
            programs: Mutex::new(HashMap::new()),
        }
    }

    fn program(&self, name: &str, source: &dyn Fn() -> String) -> Result<Arc<Program>> {
        let mut g = self.programs.lock().map_err(|_| fail("lock"))?;
        if let Some(p) = g.get(name) {
            return Ok(p.clone());
        }
        let so = compile(&self.dir, name, &source(), &["-shared", "-fPIC", "-O2"])?;
        // SAFETY: the library is C compiled just now from the generated source; its
        // initialisers are the compiler's own.
        let lib = unsafe { libloading::Library::new(&so) }.map_err(|e| fail(e.to_string()))?;
        // SAFETY: the prelude (HEAD) defines `void tc_set_gid(i64, i64, i64)`.
        let set_gid = *unsafe { lib.get::<unsafe extern "C" fn(i64, i64, i64)>(b"tc_set_gid") }
            .map_err(|e| fail(e.to_string()))?;
        let p = Arc::new(Program { lib, set_gid });
        g.insert(name.to_string(), p.clone());
        Ok(p)
    }
}

/// Compiles `src` with the host C compiler and `flags` into `dir/<name>.so`.
fn compile(dir: &std::path::Path, name: &str, src: &str, flags: &[&str]) -> Result<PathBuf> {
    let c = dir.join(format!("{name}.c"));
    let so = dir.join(format!("{name}.so"));
    std::fs::write(&c, src).map_err(|e| fail(e.to_string()))?;
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let out = std::process::Command::new(&cc)
        .args([
            "-std=c11",
            "-Wall",
            "-Werror",
            "-Wno-unused-function",
            "-Wno-unused-variable",
        ])
        .args(flags)
        .arg("-o")
        .arg(&so)
        .arg(&c)
        .arg("-lm")
        .output()
        .map_err(|e| fail(format!("{cc}: {e}")))?;
    if !out.status.success() {
        return Err(fail(format!(
            "{cc} {name}.c: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(so)
}

/// A kernel argument as the C parameter it is passed as.
trait FromArg: Sized {
    fn from_arg(a: &Arg<'_, HostBuf>) -> Option<Self>;
}

macro_rules! from_arg {
    ($($t:ty: $p:pat => $v:expr),* $(,)?) => {
        $(impl FromArg for $t {
            fn from_arg(a: &Arg<'_, HostBuf>) -> Option<Self> {
                match *a {
                    $p => Some($v),
                    _ => None,
                }
            }
        })*
    };
}

from_arg!(
    *mut u8: Arg::Buf(b) => b.ptr(),
    Lay: Arg::Lay(l) => *l,
    i64: Arg::I64(v) => v,
    f64: Arg::F64(v) => v,
    f32: Arg::F32(v) => v,
    u32: Arg::U32(v) => v,
);

/// Calls kernel `f` of `p` once per index of `grid`, with `args` converted to the first of
/// the listed C signatures they fit (the signatures of the generators' documentation).
macro_rules! call_with {
    ($p:expr, $f:expr, $grid:expr, $args:expr; $(($($a:ident: $t:ty),*)),* $(,)?) => {
        $(
            if let [$($a),*] = $args {
                if let ($(Some($a),)*) = ($(<$t as FromArg>::from_arg($a),)*) {
                    // SAFETY: the kernel's C signature is exactly these parameters (the
                    // arguments matched them one by one); buffers are live host
                    // allocations whose every element a kernel reaches was checked by the
                    // shared ops.
                    let k: unsafe extern "C" fn($($t),*) = unsafe { std::mem::transmute($f) };
                    return each_index($p, $grid, &mut || unsafe { k($($a),*) });
                }
            }
        )*
    };
}

/// Sets each global index of `grid` in `p` and calls `call` for it.
fn each_index(p: &Program, grid: Grid, call: &mut dyn FnMut()) -> Result<()> {
    let (nx, ny, nz) = match grid {
        Grid::Flat(n) => (n, 1, 1),
        Grid::Matrix {
            cols,
            rows,
            batch,
            tiled: false,
        } => (cols, rows, batch),
        _ => return Err(fail("blocks of threads that need barriers")),
    };
    for z in 0..nz as i64 {
        for y in 0..ny as i64 {
            for x in 0..nx as i64 {
                // SAFETY: `tc_set_gid` only stores the three values.
                unsafe { (p.set_gid)(x, y, z) };
                call();
            }
        }
    }
    Ok(())
}

/// One launch at a time: a program's global index is a global variable.
static LAUNCH: Mutex<()> = Mutex::new(());

impl Runtime for CHost {
    fn dialect(&self) -> &dyn Dialect {
        &HostC
    }

    fn launch(&self, kernel: Kernel<'_>, args: &[Arg<'_, HostBuf>], grid: Grid) -> Result<()> {
        let p = self.program(kernel.program, kernel.source)?;
        // SAFETY: a function the generated program defines (its type is chosen below).
        let f = *unsafe { p.lib.get::<unsafe extern "C" fn()>(kernel.name.as_bytes()) }
            .map_err(|e| fail(e.to_string()))?;
        let _g = LAUNCH.lock().map_err(|_| fail("lock"))?;
        type P = *mut u8;
        call_with!(&p, f, grid, args;
            (x: P, xl: Lay, out: P),
            (fill: P, bits: i64),
            (out: P, s0: u32, s1: u32),
            (x: P, xl: Lay, y: P, yl: Lay, out: P),
            (c: P, cl: Lay, x: P, xl: Lay, y: P, yl: Lay, out: P),
            (x: P, ol: Lay, il: Lay, n: i64, ddof: f64, out: P),
            (x: P, rl: Lay, len: i64, sa: i64, inner: i64, out: P),
            (a: P, al: Lay, b: P, bl: Lay, m: i64, n: i64, k: i64, sam: i64, sak: i64,
             sbk: i64, sbn: i64, out: P),
        );
        Err(fail(format!(
            "{}: no C signature for its arguments",
            kernel.name
        )))
    }

    fn max_block_threads(&self) -> usize {
        1
    }
}

impl Backend for CHost {
    type Buffer = HostBuf;

    fn create(_index: usize) -> Result<Self> {
        Ok(CHost::new())
    }

    fn info(&self) -> BackendInfo {
        BackendInfo {
            widening_reduce: false,
            name: "host C".into(),
            version: "test".into(),
            device: "host".into(),
            devices: vec!["host".into()],
            dtypes: DType::ALL.to_vec(),
            math_mode: "ieee".into(),
            denormals: "preserved".into(),
            reduction: "the shared sequential kernels".into(),
            blas: None,
            extra: BTreeMap::new(),
        }
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<HostBuf> {
        let words = (len * dtype.size_of()).div_ceil(8);
        let mem = (0..words).map(|_| AtomicU64::new(0)).collect();
        Ok(HostBuf { mem, dtype, len })
    }

    fn buffer_len(&self, buf: &HostBuf) -> usize {
        buf.len
    }

    fn upload(&self, dst: &mut HostBuf, src: &[u8]) -> Result<()> {
        check_transfer("upload", src.len(), dst.bytes())?;
        // SAFETY: `dst` holds at least `src.len()` bytes, and nothing else uses it now.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), dst.ptr(), src.len()) };
        Ok(())
    }

    fn download(&self, src: &HostBuf, dst: &mut [u8]) -> Result<()> {
        check_transfer("download", dst.len(), src.bytes())?;
        // SAFETY: `src` holds at least `dst.len()` bytes; no kernel is running.
        unsafe { std::ptr::copy_nonoverlapping(src.ptr(), dst.as_mut_ptr(), dst.len()) };
        Ok(())
    }

    tensor_core::gpu_backend_ops!();
}

// ---- The comparison with the CPU backend ----

/// A host tensor: dtype, layout, bytes.
struct T {
    dt: DType,
    layout: Layout,
    bytes: Vec<u8>,
}

fn f32s(shape: &[usize], v: &[f32]) -> T {
    T {
        dt: DType::F32,
        layout: Layout::contiguous(shape),
        bytes: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    }
}

fn f64s(shape: &[usize], v: &[f64]) -> T {
    T {
        dt: DType::F64,
        layout: Layout::contiguous(shape),
        bytes: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    }
}

fn i64s(shape: &[usize], v: &[i64]) -> T {
    T {
        dt: DType::I64,
        layout: Layout::contiguous(shape),
        bytes: v.iter().flat_map(|x| x.to_le_bytes()).collect(),
    }
}

/// Runs `op` on backend `be` with `inputs` (uploaded) into an output of `dt` and `shape`,
/// and returns the output's bytes.
fn run<B: Backend>(
    be: &B,
    inputs: &[&T],
    dt: DType,
    shape: &[usize],
    op: impl Fn(&B, &[Src<'_, B::Buffer>], Dst<'_, B::Buffer>) -> Result<()>,
) -> Vec<u8> {
    let bufs: Vec<B::Buffer> = inputs
        .iter()
        .map(|t| {
            let mut b = be.alloc(t.dt, t.bytes.len() / t.dt.size_of()).unwrap();
            be.upload(&mut b, &t.bytes).unwrap();
            b
        })
        .collect();
    let srcs: Vec<Src<'_, B::Buffer>> = inputs
        .iter()
        .zip(&bufs)
        .map(|(t, buf)| Src {
            buf,
            dtype: t.dt,
            layout: &t.layout,
        })
        .collect();
    let n: usize = shape.iter().product();
    let mut out = be.alloc(dt, n).unwrap();
    let dst = Dst {
        buf: &mut out,
        dtype: dt,
        shape,
    };
    op(be, &srcs, dst).unwrap();
    be.synchronize().unwrap();
    let mut bytes = vec![0; n * dt.size_of()];
    be.download(&out, &mut bytes).unwrap();
    bytes
}

/// The op on the C dialect and on the CPU backend: `(c, cpu)` output bytes (`$body`, a
/// closure of the backend, the inputs and the output, is instantiated for each).
macro_rules! both {
    ($inputs:expr, $dt:expr, $shape:expr, |$be:ident, $s:ident, $d:ident| $body:expr) => {
        (
            run(&CHost::new(), $inputs, $dt, $shape, |$be, $s, $d| $body),
            run(&cpu(), $inputs, $dt, $shape, |$be, $s, $d| $body),
        )
    };
}

/// Distance in units in the last place between two `f32` of the same sign.
fn ulps(a: f32, b: f32) -> u32 {
    if a.is_nan() && b.is_nan() || a == b {
        return 0;
    }
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
}

fn cpu() -> CpuBackend {
    CpuBackend::create(0).unwrap()
}

fn as_f32(b: &[u8]) -> Vec<f32> {
    b.chunks(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// Inputs of the unary tests: signed zeros, NaN, infinities, subnormals, values near the
/// overflow and underflow of `exp`.
const XS: [f32; 20] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    10.0,
    -10.0,
    88.0,
    88.8,
    -87.0,
    -103.0,
    -110.0,
    1e-30,
    f32::NAN,
    f32::INFINITY,
    f32::NEG_INFINITY,
    std::f32::consts::PI,
    -2.5,
    1e-40,
    -1e-7,
];

#[test]
fn every_program_compiles_as_c() {
    let dir = CHost::new().dir;
    let programs = all_programs(&HostC);
    assert!(programs.len() > 40);
    for (name, src) in programs {
        if let Err(e) = compile(&dir, &name, &src, &["-fsyntax-only"]) {
            panic!("{e}");
        }
    }
}

#[test]
fn neg_f32_strided_is_bit_exact() {
    // The transpose of a [4, 5] tensor: read through a strided layout.
    let mut x = f32s(&[4, 5], &XS);
    x.layout = Layout::new(vec![5, 4], vec![1, 5], 0).unwrap();
    let (c, cpu) = both!(&[&x], DType::F32, &[5, 4], |be, s, d| be.unary(
        UnaryOp::Neg,
        s[0],
        d
    ));
    assert_eq!(c, cpu);
}

#[test]
fn exp_f32_within_one_ulp() {
    // The CPU backend's `exp` is correctly rounded; C's `expf` (glibc) is not always, with
    // errors below 1 ulp: the bound checked here.
    let x = f32s(&[20], &XS);
    let (c, cpu) = both!(&[&x], DType::F32, &[20], |be, s, d| be.unary(
        UnaryOp::Exp,
        s[0],
        d
    ));
    for (i, (a, b)) in as_f32(&c).into_iter().zip(as_f32(&cpu)).enumerate() {
        assert!(ulps(a, b) <= 1, "exp({}) = {a} in C, {b} on the CPU", XS[i]);
    }
}

#[test]
fn add_f32_broadcast_is_bit_exact() {
    let a = f32s(&[3, 4], &XS[..12]);
    // A row of 4 broadcast over 3 rows: stride 0.
    let mut b = f32s(&[4], &[0.0, -0.0, f32::INFINITY, 1e-40]);
    b.layout = Layout::new(vec![3, 4], vec![0, 1], 0).unwrap();
    let (c, cpu) = both!(&[&a, &b], DType::F32, &[3, 4], |be, s, d| be.binary(
        BinaryOp::Add,
        s[0],
        s[1],
        d
    ));
    assert_eq!(c, cpu);
}

#[test]
fn sum_and_mean_f32_are_bit_exact() {
    // Both accumulate in f64 (the CPU pairwise, the kernel sequentially); these sums are
    // exact in f64, so the one rounding to f32 gives the same bits.
    let v: Vec<f32> = (0..15).map(|k| (k as f32 - 7.0) * 0.375 + 1e-3).collect();
    let x = f32s(&[3, 5], &v);
    for (axes, shape) in [(vec![1], vec![3]), (vec![0, 1], vec![]), (vec![0], vec![5])] {
        for op in [ReduceOp::Sum, ReduceOp::Mean] {
            let (c, cpu) = both!(&[&x], DType::F32, &shape, |be, s, d| be
                .reduce(op, s[0], &axes, 0.0, d));
            assert_eq!(c, cpu, "{op:?} over {axes:?}");
        }
    }
}

#[test]
fn casts_are_bit_exact() {
    let f = f32s(&[20], &XS);
    // Just above a tie of f16 (bf16) that an f32 rounded to nearest would make an exact
    // tie: only the round-to-odd narrowing (`d2f_odd`, `i2f_odd`) rounds these up.
    let above_tie = |bits: i32| 1.0 + 2f64.powi(-bits - 1) + 2f64.powi(-40);
    let big = [
        1e300,
        -1e300,
        above_tie(10),
        above_tie(7),
        65519.0,
        65520.0,
        3.0e38,
        1e-45,
    ];
    let d = f64s(
        &[28],
        &XS.map(f64::from).into_iter().chain(big).collect::<Vec<_>>(),
    );
    let near = (1 << 32) + (1 << 24) + 1;
    let i = i64s(
        &[6],
        &[0, -1, (1 << 24) + 1, near, i64::MAX, i64::MIN + 12345],
    );
    let cases: [(&T, DType); 11] = [
        (&f, DType::F64),
        (&f, DType::I32),
        (&f, DType::U8),
        (&f, DType::BF16),
        (&d, DType::F32),
        (&d, DType::F16),
        (&d, DType::BF16),
        (&d, DType::I64),
        (&i, DType::F32),
        (&i, DType::F16),
        (&i, DType::BF16),
    ];
    for (x, to) in cases {
        let shape = x.layout.shape().to_vec();
        let (c, cpu) = both!(&[x], to, &shape, |be, s, d| be.cast(s[0], d));
        assert_eq!(c, cpu, "cast {} -> {to}", x.dt);
    }
}

#[test]
fn matmul_f32_small_is_bit_exact() {
    // Small integers: every product and sum is exact, whatever the order.
    let a = f32s(&[2, 3], &[1.0, 2.0, 3.0, -4.0, 5.0, 6.0]);
    let b = f32s(&[3, 2], &[7.0, -8.0, 9.0, 10.0, 11.0, 12.0]);
    let (c, cpu) = both!(&[&a, &b], DType::F32, &[2, 2], |be, s, d| be
        .matmul(s[0], s[1], d));
    assert_eq!(c, cpu);
}

#[test]
fn philox_uniform_is_bit_exact() {
    // Exact bit patterns of the Philox stream (`mul_hi` in 64-bit arithmetic here).
    for dt in [DType::F32, DType::F64, DType::BF16] {
        let (c, cpu) = both!(&[], dt, &[3, 37], |be, _s, d| be.rand(
            RandDist::Uniform,
            0x1234_5678_9abc,
            d
        ));
        assert_eq!(c, cpu, "rand {dt}");
    }
}
