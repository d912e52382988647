//! The conformance suite (quick sizes) on the OpenCL backend: no case may fail; unsupported
//! cases are allowed and listed.

mod common;

use conformance::{Options, Verdict, check_backend};
use std::collections::BTreeMap;

#[test]
fn opencl_backend_passes_the_quick_suite() {
    let Some(dev) = common::device_or_skip() else {
        return;
    };
    let t = std::time::Instant::now();
    let run = check_backend(
        &dev,
        &Options {
            quick: true,
            progress: false,
            filter: std::env::var("OCL_FILTER").ok(),
            ..Options::default()
        },
    );
    let secs = t.elapsed().as_secs_f64();
    let mut unsupported: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in run
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::Unsupported)
    {
        unsupported
            .entry(r.op.clone())
            .or_default()
            .push(r.dtype.to_string());
    }
    let n_uns: usize = unsupported.values().map(Vec::len).sum();
    println!(
        "{} cases on {} in {secs:.1} s; {n_uns} unsupported:",
        run.results.len(),
        dev.label()
    );
    for (op, dts) in &unsupported {
        let mut d = dts.clone();
        d.dedup();
        println!("  {op}: {}", d.join(" "));
    }
    let known = run
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::Known)
        .count();
    println!("{known} known deviations");
    let fails: Vec<String> = run
        .failures()
        .iter()
        .map(|r| {
            format!(
                "{}: {} {:.3} > {} nan/inf/zero mismatches {}/{}/{} {} worst {:?}",
                r.id,
                r.metric,
                r.max_err,
                r.limit,
                r.nan_mismatch,
                r.inf_mismatch,
                r.zero_sign_mismatch,
                r.note,
                r.worst
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
