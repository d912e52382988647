//! The error a plugin hands the host (`tensor_core::abi::error_from_plugin`, what the host
//! runs on every failed call): a status code and a message that should be the JSON of an
//! `Error`, on arbitrary bytes.
//!
//! Input: 4 bytes of status code (little-endian), then the message up to the first NUL (the
//! host reads a C string).
//!
//! Checked on every input:
//! - no panic; the result displays;
//! - a panic status always gives `Error::Backend` carrying the message text (lossy UTF-8);
//! - otherwise a message that is valid `Error` JSON gives exactly that error, which
//!   serialises and parses back to itself; any other message gives `Error::Backend` with
//!   the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tensor_core::abi::error_from_plugin;
use tensor_core::{Error, ErrorCode};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let code = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let rest = &data[4..];
    let msg = &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())];
    let text = String::from_utf8_lossy(msg).into_owned();
    let e = error_from_plugin(code, msg, "fuzz");
    let _ = e.to_string();
    let _ = e.code();
    let as_text = Error::Backend {
        backend: "fuzz".into(),
        msg: text.clone(),
    };
    if ErrorCode::from_u32(code) == ErrorCode::Panic {
        assert_eq!(e, as_text);
        return;
    }
    match serde_json::from_str::<Error>(&text) {
        Ok(parsed) => {
            assert_eq!(e, parsed);
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<Error>(&json).unwrap(), e, "{json}");
        }
        Err(_) => assert_eq!(e, as_text),
    }
});
