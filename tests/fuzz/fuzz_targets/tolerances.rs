//! The tolerance file loader (`conformance::tolerances::Tolerances::parse`, run on
//! `--tolerances FILE`) and the lookups made from what it loads, on arbitrary text.
//!
//! Checked on every input:
//! - parsing never panics; a parsed file serialises and parses back to the same entries;
//! - for every entry, the `ulp`/`bound` lookup at its own backend, op and dtype returns the
//!   limit of one of the most specific matching entries (exact name beats `*`, backend
//!   before dtype), as the module documents; `deviation` at a deviation's own keys finds a
//!   deviation that matches them.
#![no_main]

use conformance::tolerances::{Tolerance, Tolerances};
use libfuzzer_sys::fuzz_target;
use tensor_core::DType;

fn rank(pat: &str, v: &str) -> Option<u8> {
    if pat == v {
        Some(2)
    } else if pat == "*" {
        Some(1)
    } else {
        None
    }
}

/// The limits of the most specific entries for `(backend, op, dtype)` with `limit` set.
fn best_limits(
    t: &Tolerances,
    backend: &str,
    op: &str,
    dtype: DType,
    limit: fn(&Tolerance) -> Option<f64>,
) -> Vec<f64> {
    let keyed: Vec<((u8, u8), f64)> = t
        .tolerances
        .iter()
        .filter(|e| e.op == op)
        .filter_map(|e| {
            let l = limit(e)?;
            Some((
                (rank(&e.backend, backend)?, rank(&e.dtype, dtype.name())?),
                l,
            ))
        })
        .collect();
    let top = keyed.iter().map(|(k, _)| *k).max();
    keyed
        .into_iter()
        .filter(|(k, _)| Some(*k) == top)
        .map(|(_, l)| l)
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = Tolerances::parse(text) else {
        return;
    };
    let again = Tolerances::parse(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(again.tolerances, t.tolerances);
    assert_eq!(again.known_deviations, t.known_deviations);

    for e in &t.tolerances {
        let backend = if e.backend == "*" { "any" } else { &e.backend };
        for dtype in DType::ALL {
            if e.dtype != "*" && e.dtype != dtype.name() {
                continue;
            }
            if e.max_ulp.is_some() {
                let got = t.ulp(backend, &e.op, dtype).limit;
                let want = best_limits(&t, backend, &e.op, dtype, |x| x.max_ulp);
                assert!(want.contains(&got), "ulp {got} not in {want:?}");
            }
            if e.max_bound_ratio.is_some() {
                let got = t.bound(backend, &e.op, dtype).limit;
                let want = best_limits(&t, backend, &e.op, dtype, |x| x.max_bound_ratio);
                assert!(want.contains(&got), "bound {got} not in {want:?}");
            }
        }
    }
    for d in &t.known_deviations {
        let Some(dtype) = DType::ALL
            .into_iter()
            .find(|x| d.dtype == "*" || d.dtype == x.name())
        else {
            continue;
        };
        let backend = if d.backend == "*" { "any" } else { &d.backend };
        let family = if d.family == "*" { "any" } else { &d.family };
        let found = t
            .deviation(backend, &d.op, dtype, family)
            .expect("a deviation matching its own keys");
        assert_eq!(found.op, d.op);
        assert!(rank(&found.backend, backend).is_some());
        assert!(rank(&found.dtype, dtype.name()).is_some());
        assert!(rank(&found.family, family).is_some());
    }
});
