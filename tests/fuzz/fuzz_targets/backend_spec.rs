//! The backend spec parser `NAME[:INDEX][?k=v,...]` (`tensor_core::device::parse_spec`, run
//! on `TENSOR_BACKEND` and `--backends`) and the options parser behind it
//! (`BackendOptions::parse`), on arbitrary text.
//!
//! Checked on every input:
//! - neither parser panics; spec errors are `Error::PluginLoad`, option errors
//!   `Error::InvalidArgument`;
//! - a parsed spec has a non-empty name without `?`, and its canonical form (`Display`)
//!   parses back to the same spec;
//! - parsed options have unique, non-empty, trimmed keys and trimmed values, `get` finds
//!   each, and their `Display` parses back to the same options.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tensor_core::device::parse_spec;
use tensor_core::{BackendOptions, Error};

fn check_options(o: &BackendOptions) {
    for (i, (k, v)) in o.0.iter().enumerate() {
        assert!(!k.is_empty() && k.trim() == k && v.trim() == v, "{o:?}");
        assert!(
            !k.contains(',') && !k.contains('=') && !v.contains(','),
            "{o:?}"
        );
        assert!(
            o.0[..i].iter().all(|(x, _)| x != k),
            "duplicate key in {o:?}"
        );
        assert_eq!(o.get(k), Some(v.as_str()));
    }
    assert_eq!(BackendOptions::parse(&o.to_string()).unwrap(), *o);
    assert!(o.expect_keys(&[]).is_ok() == o.is_empty());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match BackendOptions::parse(text) {
        Ok(o) => check_options(&o),
        Err(e) => assert!(matches!(e, Error::InvalidArgument { .. }), "{e:?}"),
    }
    match parse_spec(text) {
        Ok(s) => {
            assert!(!s.name.is_empty() && !s.name.contains('?'), "{s:?}");
            check_options(&s.options);
            let shown = s.to_string();
            assert_eq!(parse_spec(&shown).unwrap(), s, "{shown}");
        }
        Err(e) => assert!(matches!(e, Error::PluginLoad { .. }), "{e:?}"),
    }
});
