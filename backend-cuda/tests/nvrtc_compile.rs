//! Compiles every module the CUDA backend can generate (`all_programs(&CudaC)`:
//! every op family for every dtype) with NVRTC for `sm_80` and `sm_90`, failing on any
//! compile error or warning. NVRTC needs no GPU and no driver. Skipped, with a message,
//! when libnvrtc cannot be loaded, unless `TENSOR_REQUIRE_NVRTC=1` (set by `.ci/run`).

use backend_cuda::dialect::CudaC;
use backend_cuda::{ops, program};
use tensor_core::kernels::all_programs;

fn nvrtc_or_skip(test: &str) -> bool {
    if program::nvrtc_present() {
        return true;
    }
    if std::env::var("TENSOR_REQUIRE_NVRTC").is_ok_and(|v| v == "1") {
        panic!(
            "{test}: TENSOR_REQUIRE_NVRTC=1 but libnvrtc cannot be loaded; point \
             LD_LIBRARY_PATH at the nvidia-cuda-nvrtc wheel's nvidia/cu13/lib"
        );
    }
    eprintln!(
        "SKIPPED {test}: libnvrtc not found (install nvidia-cuda-nvrtc==13.0.88 and set \
         LD_LIBRARY_PATH; TENSOR_REQUIRE_NVRTC=1 makes this a failure)"
    );
    false
}

#[test]
fn every_kernel_compiles_without_warnings_for_sm80_and_sm90() {
    if !nvrtc_or_skip("every_kernel_compiles_without_warnings_for_sm80_and_sm90") {
        return;
    }
    let modules = all_programs(&CudaC);
    assert!(modules.len() >= 6 * 8 + 8);
    let mut failures = Vec::new();
    let mut kernels = 0usize;
    let mut bf16_modules = 0usize;
    for arch in ["compute_80", "compute_90"] {
        for (name, src) in &modules {
            match program::compile(name, src, arch) {
                Err(e) => failures.push(e),
                Ok(c) if !c.log.is_empty() => {
                    failures.push(format!("module {name} ({arch}) warned:\n{}", c.log))
                }
                Ok(c) => {
                    // Every `extern "C" __global__` function must appear as a PTX entry.
                    for k in ops::kernel_names(src) {
                        if !c.ptx.contains(&format!(".entry {k}(")) {
                            failures.push(format!("module {name} ({arch}): no PTX entry {k}"));
                        }
                        kernels += 1;
                    }
                    // bf16 outputs are narrowed by the hardware instruction on sm_80+.
                    if src.contains("ST_bf16(out") {
                        bf16_modules += 1;
                        if !c.ptx.contains("cvt.rn.bf16.f32") {
                            failures.push(format!("module {name} ({arch}): no cvt.rn.bf16.f32"));
                        }
                    }
                    let target = arch.replace("compute_", "sm_");
                    if !c.ptx.contains(&format!(".target {target}")) {
                        failures.push(format!("module {name}: PTX not for {target}"));
                    }
                }
            }
        }
    }
    assert!(bf16_modules > 0, "no module stores bf16 outputs");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    eprintln!(
        "compiled {} modules ({kernels} kernels) for sm_80 and sm_90 with NVRTC {:?}",
        modules.len() * 2,
        program::nvrtc_version()
    );
}

#[test]
fn a_broken_kernel_fails_with_the_log() {
    if !nvrtc_or_skip("a_broken_kernel_fails_with_the_log") {
        return;
    }
    let e = program::compile(
        "broken",
        "extern \"C\" __global__ void k(float* p) { p[0] = undefined_name; }",
        "compute_90",
    )
    .unwrap_err();
    assert!(e.contains("undefined_name"), "{e}");
    let w = program::compile(
        "warns",
        "extern \"C\" __global__ void k(float* p) { int unused_var; p[0] = 1.0f; }",
        "compute_90",
    )
    .unwrap();
    assert!(
        !w.log.is_empty(),
        "NVRTC reported no warning for an unused variable"
    );
}

#[test]
fn the_disk_cache_serves_a_second_request_and_ignores_a_damaged_file() {
    if !nvrtc_or_skip("the_disk_cache_serves_a_second_request_and_ignores_a_damaged_file") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("cuda-ptx-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (name, src) = (
        ops::copy::kernel(4),
        ops::copy::source(&backend_cuda::dialect::CudaC, 4),
    );
    let (p1, compiled1) = program::ptx_cached_in(Some(&dir), &name, &src, "compute_90").unwrap();
    assert!(compiled1, "empty cache, yet not compiled");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one .ptx file, no temporary left");
    let path = files[0].path();
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("ptx"));
    let (p2, compiled2) = program::ptx_cached_in(Some(&dir), &name, &src, "compute_90").unwrap();
    assert!(!compiled2, "second request recompiled");
    assert_eq!(p1, p2);
    // Another architecture is another key.
    let (_, compiled3) = program::ptx_cached_in(Some(&dir), &name, &src, "compute_80").unwrap();
    assert!(compiled3);
    // A damaged file is recompiled (and rewritten).
    std::fs::write(&path, "garbage").unwrap();
    let (p4, compiled4) = program::ptx_cached_in(Some(&dir), &name, &src, "compute_90").unwrap();
    assert!(compiled4 && p4 == p1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), p1);
    let _ = std::fs::remove_dir_all(&dir);
}
