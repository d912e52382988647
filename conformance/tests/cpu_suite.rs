//! `cargo test` runs the conformance suite (quick sizes) on the CPU backend, loaded both as
//! the embedded builtin and as the dynamic plugin `libbackend_cpu.so` built next to the
//! tests: every case must pass its tolerance.

use conformance::{Options, Verdict, check_backend};
use tensor_core::Device;

fn assert_conformant(dev: &Device) {
    let run = check_backend(
        dev,
        &Options {
            quick: true,
            progress: false,
            ..Options::default()
        },
    );
    let fails: Vec<String> = run
        .failures()
        .iter()
        .map(|r| {
            format!(
                "{}: {} {:.3} > {} {}",
                r.id, r.metric, r.max_err, r.limit, r.note
            )
        })
        .collect();
    assert!(
        fails.is_empty(),
        "{} failing cases on {}:\n{}",
        fails.len(),
        dev.label(),
        fails.join("\n")
    );
    assert!(
        run.results.len() > 1500,
        "suite too small: {}",
        run.results.len()
    );
    assert!(
        run.results
            .iter()
            .all(|r| r.verdict != Verdict::Unsupported),
        "the CPU backend supports every op"
    );
}

#[test]
fn embedded_cpu_backend_passes_its_tolerances() {
    assert_conformant(&Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap());
}

#[test]
fn dynamically_loaded_cpu_plugin_passes_its_tolerances() {
    // The test binary lives in target/<profile>/deps; cargo builds the cdylib next to it.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap();
    let lib = [
        dir.join("libbackend_cpu.so"),
        dir.parent().unwrap().join("libbackend_cpu.so"),
    ]
    .into_iter()
    .find(|p| p.exists())
    .expect("libbackend_cpu.so not built: run `cargo test --workspace`");
    let dev = Device::load_library("cpu", &lib, 0).unwrap();
    assert_ne!(dev.origin(), "builtin");
    assert_conformant(&dev);
}
