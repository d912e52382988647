//! Test fixture: a valid shared library that exports a C function, but not
//! `tensor_plugin_entry`. The loader must refuse it with "missing entry symbol".

/// Some exported function, so the library is not empty.
#[unsafe(no_mangle)]
pub extern "C" fn fixture_no_entry_hello() -> u32 {
    42
}
