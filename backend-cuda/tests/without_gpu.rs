//! The CUDA backend on any machine: the unavailable path (no panic, a reason naming what
//! is missing), option checking before any device is touched, loading the cdylib as a
//! plugin, and kernel code compiled by the host C++ compiler: the Philox block compared with
//! `tensor_core::philox`, the integer `pow` helper with Rust's `wrapping_pow`.

mod common;

use backend_cuda::dialect::CudaC;
use backend_cuda::{CudaBackend, device, ops};
use tensor_core::backend::BackendOptions;
use tensor_core::{Backend, DType, Device, Error, philox};

#[test]
fn missing_device_index_is_unavailable_with_a_reason() {
    match CudaBackend::create(999) {
        Err(Error::Unavailable { backend, reason }) => {
            assert_eq!(backend, "cuda");
            assert!(!reason.is_empty());
            if !device::driver_present() {
                assert!(reason.contains("libcuda not found"), "{reason}");
            } else {
                eprintln!("libcuda present here; reason was: {reason}");
            }
        }
        Err(e) => panic!("expected Unavailable, got {e}"),
        Ok(_) => panic!("device 999 should not exist"),
    }
}

#[test]
fn options_are_checked_before_the_device() {
    let opts = |s: &str| BackendOptions::parse(s).unwrap();
    let e = CudaBackend::create_with_options(0, &opts("speed=fast")).unwrap_err();
    assert!(
        matches!(e, Error::InvalidArgument { .. }) && e.to_string().contains("matmul"),
        "{e}"
    );
    let e = CudaBackend::create_with_options(0, &opts("matmul=bf16x4")).unwrap_err();
    assert!(e.to_string().contains("bf16x3"), "{e}");
    // A valid mode gets as far as the device checks.
    if !device::driver_present() {
        let e = CudaBackend::create_with_options(0, &opts("matmul=tf32")).unwrap_err();
        assert!(matches!(e, Error::Unavailable { .. }), "{e}");
    }
}

/// Needs the cdylib next to the test executable: `cargo build --workspace` first.
#[test]
fn the_plugin_loads_and_reports_why_it_is_unavailable() {
    match Device::open("cuda") {
        Ok(d) => {
            assert_eq!(d.info().name, "cuda");
            eprintln!("CUDA device present: {}", d.info().device);
        }
        Err(Error::Unavailable { backend, reason }) => {
            assert_eq!(backend, "cuda");
            if !device::driver_present() {
                assert!(reason.contains("libcuda not found"), "{reason}");
            }
        }
        Err(e) => panic!(
            "expected the plugin to load and report Unavailable, got: {e} (run `cargo build \
             --workspace` first so libbackend_cuda.so is next to the test executable)"
        ),
    }
    let e = Device::open("cuda?matmul=nope").unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
}

/// Compiles `code` with the host `c++` into `dir` and returns its standard output, or
/// `None` (with a visible note) when there is no `c++`. A compile error fails the test.
fn run_host_cxx(test: &str, dir: &std::path::Path, code: &str) -> Option<String> {
    std::fs::create_dir_all(dir).unwrap();
    let src = dir.join("k.cc");
    let exe = dir.join("k");
    std::fs::write(&src, code).unwrap();
    let status = std::process::Command::new("c++")
        .args(["-x", "c++", "-O1", "-o"])
        .arg(&exe)
        .arg(&src)
        .status();
    match status {
        Ok(s) => assert!(s.success(), "{test}: c++ failed to compile the kernel code"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: no c++ compiler");
            return None;
        }
        Err(e) => panic!("running c++: {e}"),
    }
    let out = std::process::Command::new(&exe).output().unwrap();
    assert!(out.status.success(), "{test}: the host program failed");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// The integer `pow` helpers of the binary modules (`ipow_u8/i32/i64`, exactly the text the
/// kernels get), compiled as C++ by the host compiler, give Rust's `wrapping_pow` on every
/// base x exponent pair of the GPU test, including `0**0 = 1` and exponents of 2^40 and
/// `i64::MAX`. (Host C++ is not the device: this checks the algorithm and the wrapping
/// casts; `tests/int_pow.rs` checks the device.)
#[test]
fn kernel_integer_pow_is_wrapping_pow() {
    let (b8, e8) = common::POW_U8;
    let (b32, e32) = common::POW_I32;
    let (b64, e64) = common::POW_I64;
    let list = |v: Vec<String>| v.join(", ");
    let mut code = format!(
        "#include <cstdio>\n{}#define __device__\n#define __forceinline__ static inline\n",
        tensor_core::kernels::fixed::TYPEDEFS
    );
    for dt in [DType::U8, DType::I32, DType::I64] {
        code.push_str(&ops::binary::int_helpers(&CudaC, dt));
    }
    code.push_str(&format!(
        "int main(void) {{
    u8 b8[] = {{{}}}; u8 e8[] = {{{}}};
    i32 b32[] = {{{}}}; i32 e32[] = {{{}}};
    i64 b64[] = {{{}}}; i64 e64[] = {{{}}};
    for (unsigned i = 0; i < sizeof b8; i++) for (unsigned j = 0; j < sizeof e8; j++)
        printf(\"%u\\n\", (unsigned)ipow_u8(b8[i], e8[j]));
    for (unsigned i = 0; i < sizeof b32 / 4; i++) for (unsigned j = 0; j < sizeof e32 / 4; j++)
        printf(\"%d\\n\", ipow_i32(b32[i], e32[j]));
    for (unsigned i = 0; i < sizeof b64 / 8; i++) for (unsigned j = 0; j < sizeof e64 / 8; j++)
        printf(\"%lld\\n\", ipow_i64(b64[i], e64[j]));
    return 0;
}}
",
        list(b8.iter().map(|v| v.to_string()).collect()),
        list(e8.iter().map(|v| v.to_string()).collect()),
        // INT_MIN and LLONG_MIN are not literals in C: write them as expressions.
        list(b32.iter().map(|&v| format!("(i32){}", v as u32)).collect()),
        list(e32.iter().map(|v| v.to_string()).collect()),
        list(
            b64.iter()
                .map(|&v| format!("(i64){}ULL", v as u64))
                .collect()
        ),
        list(e64.iter().map(|v| format!("{v}LL")).collect()),
    ));
    let dir = std::env::temp_dir().join(format!("cuda-ipow-{}", std::process::id()));
    let Some(text) = run_host_cxx("kernel_integer_pow_is_wrapping_pow", &dir, &code) else {
        return;
    };
    let mut want = Vec::new();
    for &x in &b8 {
        for &e in &e8 {
            want.push(x.wrapping_pow(e as u32).to_string());
        }
    }
    for &x in &b32 {
        for &e in &e32 {
            want.push(x.wrapping_pow(e as u32).to_string());
        }
    }
    for &x in &b64 {
        for &e in &e64 {
            want.push(common::wrapping_pow_i64(x, e as u64).to_string());
        }
    }
    let got: Vec<&str> = text.lines().collect();
    assert_eq!(got.len(), want.len());
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "line {k}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Philox block of the kernels, compiled as C++ by the host compiler (`c++`) with
/// `__umulhi` defined as in CUDA, must reproduce `tensor_core::philox::block` and the
/// uniform `f32` mapping bit for bit.
#[test]
fn kernel_philox_is_bit_identical_to_the_cpu_stream() {
    let dir = std::env::temp_dir().join(format!("cuda-philox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let c = format!(
        r#"#include <cstdio>
typedef unsigned int u32;
typedef unsigned long long u64;
#define __device__
#define __forceinline__ static inline
static inline u32 __umulhi(u32 a, u32 b) {{ return (u32)(((u64)a * b) >> 32); }}
{}
int main(void) {{
    u64 seeds[3] = {{0ULL, 0x123456789abcdef0ULL, 0xffffffffffffffffULL}};
    u64 idx[5] = {{0ULL, 1ULL, 4097ULL, 0xfffffffffULL, 0xffffffffffffffffULL}};
    for (int s = 0; s < 3; s++) for (int k = 0; k < 5; k++) {{
        W4 w = philox_block((u32)seeds[s], (u32)(seeds[s] >> 32), idx[k]);
        float f = (float)(w.x >> 8) * (1.0f / 16777216.0f);
        union {{ float f; u32 u; }} b; b.f = f;
        printf("%u %u %u %u %u\n", w.x, w.y, w.z, w.w, b.u);
    }}
    return 0;
}}
"#,
        ops::creation::philox(&CudaC)
    );
    let src = dir.join("philox.c");
    let exe = dir.join("philox");
    std::fs::write(&src, c).unwrap();
    // CUDA C is C++ (`W4` names the struct): compile as C++. Only a missing compiler skips;
    // a compile error fails the test.
    let status = std::process::Command::new("c++")
        .args(["-x", "c++", "-O1", "-o"])
        .arg(&exe)
        .arg(&src)
        .status();
    match status {
        Ok(s) => assert!(
            s.success(),
            "c++ failed to compile the kernel's Philox code"
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED kernel_philox_is_bit_identical_to_the_cpu_stream: no c++ compiler"
            );
            return;
        }
        Err(e) => panic!("running c++: {e}"),
    }
    let out = std::process::Command::new(&exe).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 15);
    let mut k = 0;
    for seed in [0u64, 0x1234_5678_9abc_def0, u64::MAX] {
        for i in [0u64, 1, 4097, 0xf_ffff_ffff, u64::MAX] {
            let w = philox::block(seed, i);
            let u = philox::uniform(tensor_core::DType::F32, seed, i) as f32;
            let want = format!("{} {} {} {} {}", w[0], w[1], w[2], w[3], u.to_bits());
            assert_eq!(lines[k], want, "seed {seed:#x} index {i}");
            k += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
