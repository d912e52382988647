//! The `info` JSON a plugin hands the host when it is opened
//! (`tensor_core::device::parse_info_json`, what `Device` runs on every load), on arbitrary
//! bytes up to the first NUL (the host reads a C string).
//!
//! Checked on every input:
//! - no panic; a refusal is `Error::PluginLoad` naming the backend and saying
//!   "bad info JSON";
//! - accepted info serialises and parses back to the same `BackendInfo`, and its dtypes are
//!   real dtypes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tensor_core::device::parse_info_json;
use tensor_core::{DType, Error};

fuzz_target!(|data: &[u8]| {
    let json = &data[..data.iter().position(|&b| b == 0).unwrap_or(data.len())];
    match parse_info_json("fuzz", json) {
        Ok(info) => {
            assert!(info.dtypes.iter().all(|d| DType::ALL.contains(d)));
            let text = serde_json::to_string(&info).unwrap();
            assert_eq!(
                parse_info_json("fuzz", text.as_bytes()).unwrap(),
                info,
                "{text}"
            );
        }
        Err(e) => assert!(
            matches!(&e, Error::PluginLoad { backend, reason }
                if backend == "fuzz" && reason.contains("bad info JSON")),
            "{e:?}"
        ),
    }
});
