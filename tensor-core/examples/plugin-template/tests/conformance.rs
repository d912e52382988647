//! Grades the template with the conformance suite (quick sizes), twice: linked statically
//! (`plugin_api()`) and loaded as the plugin file the host would load
//! (`lib<crate>.so`, which `cargo test` builds next to the test binaries).
//!
//! Implemented ops must pass their tolerances; the rest must be reported unsupported
//! (typed), never failed.

// This crate, under a fixed name: change the left side when you rename the package.
use backend_template as plugin;
use conformance::{Options, Verdict, check_backend};
use tensor_core::{Device, Error};

/// The ops this template implements (see `supports` in src/lib.rs).
const IMPLEMENTED: [&str; 2] = ["add", "neg"];

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
        "failing cases on {}:\n{}",
        dev.label(),
        fails.join("\n")
    );
    for op in IMPLEMENTED {
        let graded = run
            .results
            .iter()
            .filter(|r| r.op == op && r.metric != "error")
            .count();
        assert!(graded > 0, "no graded {op} case");
        for r in run.results.iter().filter(|r| r.op == op) {
            assert_eq!(r.verdict, Verdict::Pass, "{}: {}", r.id, r.note);
        }
    }
    assert!(
        run.results
            .iter()
            .any(|r| r.verdict == Verdict::Unsupported),
        "no op reported unsupported"
    );
}

#[test]
fn static_table_passes_the_quick_suite() {
    let dev = Device::from_api(plugin::NAME, plugin::plugin_api(), 0).unwrap();
    assert_conformant(&dev);
}

#[test]
fn plugin_file_loads_and_passes_the_quick_suite() {
    // target/<profile>/deps/<test binary> -> target/<profile>/lib<crate>.so
    let exe = std::env::current_exe().unwrap();
    // The library is named after the package, with `-` as `_`.
    let file = format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        env!("CARGO_PKG_NAME").replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    );
    let dirs = [
        exe.parent().unwrap(),
        exe.parent().unwrap().parent().unwrap(),
    ];
    let lib = dirs
        .iter()
        .map(|d| d.join(&file))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("{file} not found in {dirs:?}: run `cargo test`, which builds it")
        });
    let dev = Device::load_library(plugin::NAME, &lib, 0).unwrap();
    assert_eq!(dev.origin(), lib.display().to_string());
    assert_conformant(&dev);
    // Errors cross the boundary typed.
    assert!(matches!(
        Device::load_library(plugin::NAME, &lib, 1),
        Err(Error::Unavailable { .. })
    ));
}
