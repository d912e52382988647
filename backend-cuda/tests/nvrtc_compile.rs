//! Compiles every module the CUDA backend can generate ([`backend_cuda::ops::all_modules`]:
//! every op family for every dtype) with NVRTC for `sm_80` and `sm_90`, failing on any
//! compile error or warning. NVRTC needs no GPU and no driver. Skipped, with a message,
//! when libnvrtc cannot be loaded, unless `TENSOR_REQUIRE_NVRTC=1` (set by `.ci/run`).

use backend_cuda::{ops, program};

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
    let modules = ops::all_modules();
    assert!(modules.len() >= 6 * 8 + 8);
    let mut failures = Vec::new();
    let mut kernels = 0usize;
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
                    let target = arch.replace("compute_", "sm_");
                    if !c.ptx.contains(&format!(".target {target}")) {
                        failures.push(format!("module {name}: PTX not for {target}"));
                    }
                }
            }
        }
    }
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
