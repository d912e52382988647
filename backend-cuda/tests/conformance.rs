//! The conformance suite (quick sizes) on the CUDA backend: no case may fail; unsupported
//! cases are allowed and listed. Skips without a GPU unless `TENSOR_REQUIRE_CUDA=1`.

mod common;

use conformance::{Options, Verdict, check_backend};

#[test]
fn cuda_backend_passes_the_quick_suite() {
    let Some(dev) = common::device_or_skip("cuda_backend_passes_the_quick_suite") else {
        return;
    };
    let run = check_backend(
        &dev,
        &Options {
            quick: true,
            progress: false,
            filter: std::env::var("CUDA_FILTER").ok(),
            ..Options::default()
        },
    );
    let uns: Vec<String> = run
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::Unsupported)
        .map(|r| format!("{} {}", r.op, r.dtype))
        .collect();
    println!("{} cases; unsupported: {uns:?}", run.results.len());
    let fails: Vec<String> = run
        .failures()
        .iter()
        .map(|r| {
            format!(
                "{}: {} {:.3} > {} {} worst {:?}",
                r.id, r.metric, r.max_err, r.limit, r.note, r.worst
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
}
