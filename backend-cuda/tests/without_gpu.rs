//! The CUDA backend on any machine: the unavailable path (no panic, a reason naming what
//! is missing), option checking before any device is touched, loading the cdylib as a
//! plugin, and the Philox kernel code compiled by the host C compiler and compared with
//! `tensor_core::philox`.

use backend_cuda::{CudaBackend, device, ops};
use tensor_core::backend::BackendOptions;
use tensor_core::{Backend, Device, Error, philox};

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
        ops::creation::PHILOX
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
