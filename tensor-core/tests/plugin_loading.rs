//! Loading plugins at run time, with deliberately broken plugins.
//!
//! The fixture plugins are workspace members under `tests/plugins/` built as cdylibs; cargo
//! puts them next to this test binary (`target/<profile>/deps/`) or one level up. They are
//! not dependencies of `tensor-core`, so they exist only after `cargo build --workspace` or
//! `cargo test --workspace`; a missing fixture fails the test with that instruction.
//!
//! Every refusal must name the backend or path and the reason. Panics inside a plugin must
//! come back as errors, and the test process must survive them.
//!
//! `TENSOR_PLUGIN_PATH` is process-global and tests run on parallel threads, so the tests of
//! the search by name run in a child process (this same binary, one test, its own
//! environment) instead of calling `set_var` here.

use std::ffi::{CStr, c_void};
use std::path::{Path, PathBuf};
use std::process::Command;
use tensor_core::abi::{
    ABI_MAJOR, ABI_MINOR, COut, CTensor, ENTRY_SYMBOL, EntryFn, PluginApi, Status,
};
use tensor_core::device::{PLUGIN_PATH_ENV, library_name};
use tensor_core::{DType, Device, Error, ErrorCode, Op, Tensor, UnaryOp};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Path of the fixture library `lib{crate_name}.so`, next to this test binary or one level
/// up (the order the loader uses).
fn fixture(crate_name: &str) -> PathBuf {
    let file = format!(
        "{}{crate_name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let exe = std::env::current_exe().expect("current_exe");
    let dir = exe.parent().expect("test binary has a directory");
    let mut tried = vec![dir.join(&file)];
    if let Some(parent) = dir.parent() {
        tried.push(parent.join(&file));
    }
    if let Some(p) = tried.iter().find(|p| p.is_file()) {
        return p.clone();
    }
    panic!(
        "fixture plugin {file} not found (looked in {tried:?}). The fixtures are cdylib \
         workspace members in tests/plugins/; build them with `cargo test --workspace` \
         (or `cargo build --workspace`) before running this test."
    );
}

/// A fresh scratch directory for this process.
fn scratch_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tensor-plugin-tests-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create scratch dir");
    d
}

/// Writes a text file that is not a shared library.
fn write_garbage(path: &Path) {
    std::fs::write(
        path,
        "This is a text file, not a shared library. It is long enough to be read as a \
         header and rejected for what it is, not for being short.\n"
            .repeat(4),
    )
    .expect("write garbage file");
}

/// The `PluginLoad` error of a failed load, as `(backend, reason, display)`.
fn plugin_load_error(r: tensor_core::Result<Device>) -> (String, String, String) {
    match r {
        Ok(d) => panic!("expected a load error, got device {d:?}"),
        Err(e) => {
            let shown = e.to_string();
            match e {
                Error::PluginLoad { backend, reason } => (backend, reason, shown),
                other => panic!("expected Error::PluginLoad, got {other:?}"),
            }
        }
    }
}

fn assert_contains(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(
            haystack.contains(n),
            "message does not contain {n:?}:\n  {haystack}"
        );
    }
}

/// A plugin driven through its raw C table, for the entry points the `Tensor` API of this
/// crate does not reach yet (`unary`).
struct RawPlugin {
    api: PluginApi,
    handle: *mut c_void,
    _lib: libloading::Library,
}

impl RawPlugin {
    fn open(path: &Path) -> RawPlugin {
        // SAFETY: the fixtures are this workspace's own plugins; the entry symbol has the
        // ABI's type; the table is checked for version and size before use.
        unsafe {
            let lib = libloading::Library::new(path).expect("dlopen fixture");
            let entry: EntryFn = *lib.get::<EntryFn>(ENTRY_SYMBOL).expect("entry symbol");
            let table = entry();
            assert!(!table.is_null());
            let api = *table;
            assert_eq!((api.abi_major, api.abi_minor), (ABI_MAJOR, ABI_MINOR));
            assert_eq!(api.struct_size, std::mem::size_of::<PluginApi>());
            let mut handle = std::ptr::null_mut();
            let st = (api.create)(0, &mut handle);
            assert!(st.is_null(), "create(0) failed");
            RawPlugin {
                api,
                handle,
                _lib: lib,
            }
        }
    }

    /// Reads and frees a status: `None` on success, else the code and message.
    fn take(&self, st: Status) -> Option<(ErrorCode, String)> {
        if st.is_null() {
            return None;
        }
        // SAFETY: a non-null status from this plugin, freed once with its own `error_free`.
        unsafe {
            let code = ErrorCode::from_u32((*st).code);
            let msg = CStr::from_ptr((*st).message).to_string_lossy().into_owned();
            (self.api.error_free)(st);
            Some((code, msg))
        }
    }

    fn alloc(&self, dtype: DType, len: usize) -> *mut c_void {
        let mut buf = std::ptr::null_mut();
        // SAFETY: live handle; `buf` receives the buffer.
        let st = unsafe { (self.api.alloc)(self.handle, dtype as u32, len, &mut buf) };
        assert_eq!(self.take(st), None, "alloc({len})");
        buf
    }

    /// Calls `unary(op)` on a fresh contiguous 1-d input of `n` elements.
    fn unary(&self, op: UnaryOp, dtype: DType, n: usize) -> Option<(ErrorCode, String)> {
        let (xb, ob) = (self.alloc(dtype, n), self.alloc(dtype, n));
        let (shape, strides) = ([n], [1isize]);
        let x = CTensor {
            buffer: xb,
            dtype: dtype as u32,
            ndim: 1,
            shape: shape.as_ptr(),
            strides: strides.as_ptr(),
            offset: 0,
        };
        let mut out = COut {
            buffer: ob,
            dtype: dtype as u32,
            ndim: 1,
            shape: shape.as_ptr(),
        };
        // SAFETY: live handle, live distinct buffers of `n` elements, descriptors valid
        // for the call; buffers freed once afterwards.
        unsafe {
            let st = (self.api.unary)(self.handle, op as u32, &x, &mut out);
            let r = self.take(st);
            (self.api.free)(self.handle, xb);
            (self.api.free)(self.handle, ob);
            r
        }
    }
}

impl RawPlugin {
    /// Calls `copy` of a contiguous `u8` input of `n` elements with an ABI 1.2 output
    /// (`COut::buffer` null: the plugin allocates it). Returns the status and what the
    /// plugin left in `COut::buffer`, downloaded and freed.
    fn copy_fresh(&self, n: usize) -> (Option<(ErrorCode, String)>, Option<Vec<u8>>) {
        let xb = self.alloc(DType::U8, n);
        let data: Vec<u8> = (1..=n as u8).collect();
        let (shape, strides) = ([n], [1isize]);
        let x = CTensor {
            buffer: xb,
            dtype: DType::U8 as u32,
            ndim: 1,
            shape: shape.as_ptr(),
            strides: strides.as_ptr(),
            offset: 0,
        };
        let mut out = COut {
            buffer: std::ptr::null_mut(),
            dtype: DType::U8 as u32,
            ndim: 1,
            shape: shape.as_ptr(),
        };
        // SAFETY: live handle and input buffer of `n` bytes, descriptors valid for the
        // calls; every buffer is freed once.
        unsafe {
            assert_eq!(
                self.take((self.api.upload)(self.handle, xb, data.as_ptr(), n)),
                None
            );
            let r = self.take((self.api.copy)(self.handle, &x, &mut out));
            let got = (!out.buffer.is_null()).then(|| {
                let mut v = vec![0u8; n];
                let st = (self.api.download)(self.handle, out.buffer, v.as_mut_ptr(), n);
                assert_eq!(self.take(st), None);
                (self.api.free)(self.handle, out.buffer);
                v
            });
            (self.api.free)(self.handle, xb);
            (r, got)
        }
    }
}

impl Drop for RawPlugin {
    fn drop(&mut self) {
        // SAFETY: created by this plugin, all buffers freed, destroyed once.
        unsafe { (self.api.destroy)(self.handle) };
    }
}

// ---------------------------------------------------------------------------------------
// Broken plugins are refused with a message naming the path and the reason
// ---------------------------------------------------------------------------------------

#[test]
fn library_without_entry_symbol_is_refused() {
    let p = fixture("fixture_no_entry");
    let (backend, reason, shown) = plugin_load_error(Device::load_library("no_entry", &p, 0));
    let path = p.display().to_string();
    assert_contains(&backend, &["no_entry", &path]);
    assert_contains(
        &reason,
        &[
            "missing entry symbol",
            "tensor_plugin_entry",
            "undefined symbol",
        ],
    );
    assert_contains(&shown, &["cannot load backend", &path]);

    // The same through `Device::open` with a path spec.
    let (backend, reason, _) = plugin_load_error(Device::open(&path));
    assert_contains(&backend, &[&path]);
    assert_contains(&reason, &["missing entry symbol"]);
}

#[test]
fn newer_major_version_is_refused_naming_both_versions() {
    let p = fixture("fixture_bad_major");
    let (backend, reason, _) = plugin_load_error(Device::load_library("bad_major", &p, 0));
    assert_contains(&backend, &["bad_major", &p.display().to_string()]);
    let plugin = format!("{}.{ABI_MINOR}", ABI_MAJOR + 1);
    let host = format!("{ABI_MAJOR}.{ABI_MINOR}");
    assert_eq!((plugin.as_str(), host.as_str()), ("2.2", "1.2"));
    assert_contains(
        &reason,
        &[
            "ABI version mismatch",
            &format!("plugin has {plugin}"),
            &format!("host needs {host}"),
        ],
    );
}

#[test]
fn short_function_table_is_refused() {
    let p = fixture("fixture_short_table");
    let (backend, reason, _) = plugin_load_error(Device::load_library("short", &p, 0));
    assert_contains(&backend, &["short", &p.display().to_string()]);
    // The fixture's table: struct_size + two u32 versions + three function pointers.
    let short = std::mem::size_of::<usize>() + 8 + 3 * std::mem::size_of::<usize>();
    let full = std::mem::size_of::<PluginApi>();
    assert!(short < full);
    assert_contains(
        &reason,
        &[
            "too short",
            "table",
            &format!("{short}-byte"),
            &format!("at least {} bytes", tensor_core::abi::ABI_1_0_SIZE),
            &format!("ABI {ABI_MAJOR}.0 or later"),
        ],
    );
}

#[test]
fn file_that_is_not_a_library_is_refused_before_dlopen() {
    let dir = scratch_dir("garbage");
    let p = dir.join(library_name("garbage"));
    write_garbage(&p);
    let path = p.display().to_string();

    let (backend, reason, _) = plugin_load_error(Device::load_library("garbage", &p, 0));
    assert_contains(&backend, &["garbage", &path]);
    #[cfg(target_os = "linux")]
    assert_contains(
        &reason,
        &[&path, "not an ELF shared library", "54 68 69 73"],
    );

    // By path spec (ends in `.so`): same refusal.
    let (backend, reason, _) = plugin_load_error(Device::open(&path));
    assert_contains(&backend, &[&path]);
    #[cfg(target_os = "linux")]
    assert_contains(&reason, &["not an ELF shared library"]);

    let _ = std::fs::remove_dir_all(&dir);
}

/// The first `n` bytes of the file at `p` (or all of it when shorter).
fn prefix(p: &Path, n: usize) -> Vec<u8> {
    use std::io::Read;
    let mut b = Vec::new();
    std::fs::File::open(p)
        .expect("open plugin")
        .take(n as u64)
        .read_to_end(&mut b)
        .expect("read plugin");
    b
}

/// Where the program header table ends, and where the file bytes of the last loadable
/// segment end, in a 64-bit little-endian ELF file (read here by hand, independently of
/// the loader's own parser).
fn load_extent(elf: &[u8]) -> (usize, usize) {
    let u16_at = |at: usize| u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    let (phoff, phentsize, phnum) = (u64_at(32), u16_at(54), u16_at(56));
    let load_end = (0..phnum)
        .map(|i| phoff + i * phentsize)
        .filter(|&ph| elf[ph..ph + 4] == 1u32.to_le_bytes())
        .map(|ph| u64_at(ph + 8) + u64_at(ph + 32))
        .max()
        .expect("a loadable segment");
    (phoff + phnum * phentsize, load_end)
}

/// A plugin cut short (an interrupted copy) made dlopen map pages past the end of the file,
/// and the host died of SIGBUS on the first touch. Every cut must be a clean refusal that
/// names the file, with this test process alive to check it.
#[cfg(target_os = "linux")]
#[test]
fn truncated_plugin_files_are_refused_naming_the_file() {
    let dir = scratch_dir("truncated");
    let good = fixture("fixture_good");
    let whole = std::fs::read(&good).expect("read fixture");
    let (ph_end, load_end) = load_extent(&whole);
    assert!(4096 < load_end && load_end < whole.len());
    let cuts = [
        (10, "identification"),                // inside e_ident
        (40, "ELF header"),                    // inside the ELF header
        (ph_end - 20, "program header table"), // inside the program headers
        (4096, "segment"),                     // inside the first loadable segment
        (load_end - 1, "segment"),             // inside the last loadable segment
        (whole.len() - 1, "section header"),   // only the section headers are short
    ];
    for (cut, what) in cuts {
        let p = dir.join(format!("libcut_{cut}.so"));
        std::fs::write(&p, &whole[..cut]).expect("write truncated copy");
        let path = p.display().to_string();
        let (backend, reason, _) = plugin_load_error(Device::load_library("cut", &p, 0));
        assert_contains(&backend, &["cut", &path]);
        assert_contains(&reason, &[&path, "truncated", what]);
    }
    // The case: the real CPU plugin cut at 4096 bytes, loaded by path spec.
    let cpu = fixture("backend_cpu");
    let p = dir.join("libbackend_cpu_cut.so");
    std::fs::write(&p, prefix(&cpu, 4096)).expect("write truncated copy");
    let path = p.display().to_string();
    let (_, reason, _) = plugin_load_error(Device::open(&path));
    assert_contains(&reason, &[&path, "truncated"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A complete library for another machine, class or file type is refused by what it is.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn libraries_for_another_machine_or_of_another_kind_are_refused() {
    let dir = scratch_dir("foreign");
    let whole = std::fs::read(fixture("fixture_good")).expect("read fixture");
    let patched = |at: usize, bytes: &[u8]| {
        let mut b = whole.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        b
    };
    let cases = [
        (
            "aarch64",
            patched(18, &183u16.to_le_bytes()),
            "built for aarch64",
        ),
        ("i386", patched(4, &[1]), "32-bit"),
        ("be", patched(5, &[2]), "big-endian"),
        ("exe", patched(16, &2u16.to_le_bytes()), "an executable"),
    ];
    for (tag, bytes, want) in cases {
        let p = dir.join(format!("lib{tag}.so"));
        std::fs::write(&p, bytes).expect("write patched copy");
        let (_, reason, _) = plugin_load_error(Device::load_library(tag, &p, 0));
        assert_contains(&reason, &[&p.display().to_string(), want]);
    }
    // A directory named like a library is not a file.
    let d = dir.join("libdir.so");
    std::fs::create_dir_all(&d).unwrap();
    let (_, reason, _) = plugin_load_error(Device::load_library("dir", &d, 0));
    assert_contains(&reason, &["not a regular file"]);
    // The unmodified file still loads.
    let p = dir.join("libfixture_good_copy.so");
    std::fs::write(&p, &whole).unwrap();
    Device::load_library("fixture-good", &p, 0).expect("an intact copy loads");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn path_that_does_not_exist_is_refused() {
    let dir = scratch_dir("nonexistent");
    let p = dir.join("no-such-dir").join(library_name("ghost"));
    let path = p.display().to_string();

    // `open` with a path spec checks existence first.
    let (backend, reason, _) = plugin_load_error(Device::open(&path));
    assert_contains(&backend, &[&path]);
    assert_contains(&reason, &["no plugin library found", &path, "(not found)"]);

    // `load_library` reads the file's headers first, and names the OS error.
    let (backend, reason, _) = plugin_load_error(Device::load_library("ghost", &p, 0));
    assert_contains(&backend, &["ghost", &path]);
    #[cfg(target_os = "linux")]
    assert_contains(&reason, &["No such file or directory"]);

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_library_by_name_lists_every_path_tried() {
    let name = "fixture_absent_backend";
    let (backend, reason, _) = plugin_load_error(Device::open(name));
    assert_eq!(backend, name);
    let file = library_name(name);
    // Whatever TENSOR_PLUGIN_PATH holds, the exe dir and its parent are always searched.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap();
    let mut expected = tensor_core::device::plugin_search_dirs();
    assert!(expected.contains(&dir.to_path_buf()));
    assert!(expected.contains(&dir.parent().unwrap().to_path_buf()));
    for d in expected.drain(..) {
        let want = format!("{} (not found)", d.join(&file).display());
        assert_contains(&reason, &[&want]);
    }
    assert_contains(&reason, &[PLUGIN_PATH_ENV, "cargo build --workspace"]);
}

// ---------------------------------------------------------------------------------------
// Panics inside a plugin come back as errors
// ---------------------------------------------------------------------------------------

fn assert_panic_error(e: Error, needle: &str) {
    match &e {
        Error::Backend { backend, msg } => {
            assert!(!backend.is_empty(), "{e:?}");
            assert_contains(msg, &["panic", "fixture-panicky deliberate panic", needle]);
        }
        other => panic!("expected Error::Backend for a plugin panic, got {other:?}"),
    }
}

#[test]
fn panic_in_create_is_an_error_and_the_host_survives() {
    let p = fixture("fixture_panicky");
    let e = Device::load_library("panicky", &p, 7).unwrap_err();
    assert_panic_error(e.clone(), "create(7)");
    assert_contains(&e.to_string(), &["panicky"]);
    // The library is still usable afterwards.
    let dev = Device::load_library("panicky", &p, 0).unwrap();
    assert_eq!(dev.name(), "fixture-panicky");
}

#[test]
fn panics_in_alloc_copy_and_supports_are_errors() {
    let p = fixture("fixture_panicky");
    let dev = Device::load_library("panicky", &p, 0).unwrap();

    // alloc(13) panics.
    let e = Tensor::from_slice(&dev, &[0u8; 13], &[13]).unwrap_err();
    assert_panic_error(e, "alloc(13)");

    // copy into 6 elements panics; the input tensor stays usable.
    let t = Tensor::from_slice(&dev, &[1u8, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
    let e = t.t().unwrap().contiguous().unwrap_err();
    assert_panic_error(e, "copy");
    assert_eq!(t.to_vec::<u8>().unwrap(), vec![1, 2, 3, 4, 5, 6]);

    // copy of another size works.
    let t = Tensor::from_slice(&dev, &[1u8, 2, 3, 4], &[2, 2]).unwrap();
    assert_eq!(
        t.t().unwrap().contiguous().unwrap().to_vec::<u8>().unwrap(),
        vec![1, 3, 2, 4]
    );

    // A panic in `supports` reads as "not supported".
    assert!(dev.supports(Op::Copy, DType::U8));
    assert!(!dev.supports(Op::Copy, DType::F64));
}

#[test]
fn panic_in_unary_is_a_panic_status() {
    let raw = RawPlugin::open(&fixture("fixture_panicky"));
    let (code, msg) = raw
        .unary(UnaryOp::Neg, DType::U8, 4)
        .expect("unary must fail");
    assert_eq!(code, ErrorCode::Panic);
    assert_contains(
        &msg,
        &[
            "panic in plugin",
            "fixture-panicky deliberate panic",
            "unary(neg)",
        ],
    );
    // And again: nothing was poisoned.
    let (code, _) = raw.unary(UnaryOp::Abs, DType::U8, 2).unwrap();
    assert_eq!(code, ErrorCode::Panic);
}

#[test]
fn abi_1_2_outputs_are_allocated_in_the_call_and_only_handed_over_on_success() {
    // Success: the plugin allocates the output and hands it back in `COut::buffer`.
    let good = RawPlugin::open(&fixture("fixture_good"));
    let (r, got) = good.copy_fresh(5);
    assert_eq!(r, None);
    assert_eq!(got, Some(vec![1, 2, 3, 4, 5]));
    // A panic after the plugin allocated the output: an error, and no buffer handed over.
    let raw = RawPlugin::open(&fixture("fixture_panicky"));
    let (r, got) = raw.copy_fresh(6);
    assert_eq!(r.map(|e| e.0), Some(ErrorCode::Panic));
    assert_eq!(got, None, "a failed call must not hand over its output");
    // The same plugin still works.
    assert_eq!(raw.copy_fresh(4), (None, Some(vec![1, 2, 3, 4])));
}

// ---------------------------------------------------------------------------------------
// A correct plugin, loaded by path
// ---------------------------------------------------------------------------------------

#[test]
fn good_plugin_loads_and_works() {
    let p = fixture("fixture_good");
    let dev = Device::load_library("good", &p, 0).unwrap();
    assert_eq!(dev.abi_version(), (1, 2));
    dev.synchronize().unwrap();
    assert_eq!(dev.abi_version(), (ABI_MAJOR, ABI_MINOR));
    assert_eq!(dev.name(), "fixture-good");
    assert_eq!(dev.label(), "fixture-good:0");
    assert_eq!(dev.origin(), p.display().to_string());
    let info = dev.info();
    assert_eq!(info.device, "host memory");
    assert_eq!(info.dtypes, DType::ALL.to_vec());

    dev.reset_transfer_stats();
    let t = Tensor::from_slice(&dev, &[1u8, 2, 3, 4], &[2, 2]).unwrap();
    let s = dev.transfer_stats();
    assert_eq!((s.uploads, s.upload_bytes), (1, 4));
    assert_eq!((s.downloads, s.download_bytes), (0, 0));

    let tt = t.t().unwrap().contiguous().unwrap();
    assert!(!tt.shares_storage(&t));
    assert_eq!(
        dev.transfer_stats().downloads,
        0,
        "copy stays on the device"
    );
    assert_eq!(tt.to_vec::<u8>().unwrap(), vec![1, 3, 2, 4]);
    let s = dev.transfer_stats();
    assert_eq!((s.uploads, s.upload_bytes), (1, 4));
    assert_eq!((s.downloads, s.download_bytes), (1, 4));

    // Multi-byte elements and a negative-stride view.
    let f = Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).unwrap();
    let rev = f
        .slice(&[tensor_core::SliceArg::new(None, None, -1)])
        .unwrap();
    assert_eq!(
        rev.to_vec::<f32>().unwrap(),
        vec![4.0, 5.0, 6.0, 1.0, 2.0, 3.0]
    );
    let s = dev.transfer_stats();
    assert_eq!((s.uploads, s.upload_bytes), (2, 4 + 24));
    assert_eq!((s.downloads, s.download_bytes), (2, 4 + 24));

    dev.reset_transfer_stats();
    assert_eq!(dev.transfer_stats(), Default::default());

    // Also by path spec with a device index.
    let dev2 = Device::open(&format!("{}:0", p.display())).unwrap();
    assert_eq!(dev2.name(), "fixture-good");
    assert_ne!(dev, dev2, "two opens are two devices");
}

#[test]
fn good_plugin_errors_cross_as_structured_errors() {
    let p = fixture("fixture_good");
    match Device::load_library("good", &p, 3).unwrap_err() {
        Error::Unavailable { backend, reason } => {
            assert_eq!(backend, "fixture-good");
            assert_contains(&reason, &["asked for 3"]);
        }
        other => panic!("expected Error::Unavailable, got {other:?}"),
    }
}

#[test]
fn unsupported_op_names_op_dtype_and_backend() {
    let p = fixture("fixture_good");
    let dev = Device::load_library("good", &p, 0).unwrap();
    assert!(dev.supports(Op::Copy, DType::F32));
    assert!(!dev.supports(Op::Unary(UnaryOp::Exp), DType::F32));
    assert!(!dev.supports(Op::MatMul, DType::F64));

    // The call itself (the Tensor math API is not in this crate yet: go through the table).
    let raw = RawPlugin::open(&p);
    let (code, json) = raw
        .unary(UnaryOp::Exp, DType::F32, 3)
        .expect("unary is unsupported");
    assert_eq!(code, ErrorCode::Unsupported);
    let e: Error = serde_json::from_str(&json).expect("error JSON");
    assert_eq!(
        e,
        Error::Unsupported {
            op: "exp".into(),
            dtype: DType::F32,
            backend: "fixture-good".into(),
        }
    );
    assert_contains(&e.to_string(), &["exp", "f32", "fixture-good"]);
}

#[test]
fn tensors_keep_the_library_loaded_after_the_device_is_dropped() {
    // A private copy of the library, so no other test's handle keeps it loaded.
    let dir = scratch_dir("keepalive");
    let p = dir.join(library_name("keepalive"));
    std::fs::copy(fixture("fixture_good"), &p).unwrap();

    let t = {
        let dev = Device::load_library("keepalive", &p, 0).unwrap();
        let t = Tensor::from_slice(&dev, &[1u8, 2, 3, 4, 5, 6], &[2, 3]).unwrap();
        drop(dev);
        t
    };
    #[cfg(target_os = "linux")]
    {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        assert!(
            maps.contains(&p.display().to_string()),
            "library unmapped while a tensor from it is alive"
        );
    }
    // Running plugin code (copy, download, free) after the Device handle is gone.
    assert_eq!(t.device().name(), "fixture-good");
    let c = t.t().unwrap().contiguous().unwrap();
    assert_eq!(c.to_vec::<u8>().unwrap(), vec![1, 4, 2, 5, 3, 6]);
    drop(t);
    assert_eq!(c.to_vec::<u8>().unwrap(), vec![1, 4, 2, 5, 3, 6]);
    drop(c);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// Search by name through TENSOR_PLUGIN_PATH (in a child process)
// ---------------------------------------------------------------------------------------

const CHILD_ENV: &str = "PLUGIN_LOADING_CHILD_DIRS";

#[test]
fn plugin_path_is_searched_by_name() {
    let base = scratch_dir("search");
    let (a, b) = (base.join("a"), base.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let good = fixture("fixture_good");
    write_garbage(&a.join(library_name("garbage")));
    std::fs::copy(&good, b.join(library_name("goodcopy"))).unwrap();
    // `shadow` exists in both: garbage in the first directory, a good plugin in the second.
    write_garbage(&a.join(library_name("shadow")));
    std::fs::copy(&good, b.join(library_name("shadow"))).unwrap();

    let plugin_path = std::env::join_paths([&a, &b]).unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_search_by_name",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PLUGIN_PATH_ENV, &plugin_path)
        .env(CHILD_ENV, std::env::join_paths([&a, &b]).unwrap())
        .output()
        .expect("run child test process");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("child ran") && stdout.contains("1 passed"),
        "child test did not run:\n{stdout}\n{stderr}"
    );
    let _ = std::fs::remove_dir_all(&base);
}

/// Runs only inside the child started by [`plugin_path_is_searched_by_name`].
#[test]
fn child_search_by_name() {
    let Some(dirs) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let dirs: Vec<PathBuf> = std::env::split_paths(&dirs).collect();
    let (a, b) = (&dirs[0], &dirs[1]);

    // The env var's directories come first, in order.
    let search = tensor_core::device::plugin_search_dirs();
    assert_eq!(&search[..2], &[a.clone(), b.clone()]);

    // Found by name in the second directory.
    let dev = Device::open("goodcopy").unwrap();
    assert_eq!(dev.name(), "fixture-good");
    assert_eq!(
        dev.origin(),
        b.join(library_name("goodcopy")).display().to_string()
    );
    let t = Tensor::from_slice(&dev, &[1u8, 2, 3, 4], &[2, 2]).unwrap();
    assert_eq!(
        t.t().unwrap().contiguous().unwrap().to_vec::<u8>().unwrap(),
        vec![1, 3, 2, 4]
    );

    // With a device index the plugin does not have.
    match Device::open("goodcopy:2").unwrap_err() {
        Error::Unavailable { backend, .. } => assert_eq!(backend, "fixture-good"),
        other => panic!("expected Unavailable, got {other:?}"),
    }

    // A garbage file found by name: refused with its path and the reason.
    let (backend, reason, _) = plugin_load_error(Device::open("garbage"));
    let garbage = a.join(library_name("garbage")).display().to_string();
    assert_contains(&backend, &["garbage", &garbage]);
    #[cfg(target_os = "linux")]
    assert_contains(&reason, &["not an ELF shared library"]);

    // The first match wins and a broken one is an error, not a silent fallback to the next.
    let (backend, _, _) = plugin_load_error(Device::open("shadow"));
    assert_contains(
        &backend,
        &[&a.join(library_name("shadow")).display().to_string()],
    );

    // A name found nowhere lists the env var's directories too.
    let (_, reason, _) = plugin_load_error(Device::open("absent"));
    for d in [a, b] {
        let want = format!("{} (not found)", d.join(library_name("absent")).display());
        assert_contains(&reason, &[&want]);
    }

    // Listing finds the plugins on the path.
    let known = tensor_core::device::known_backends();
    for n in ["goodcopy", "garbage", "shadow"] {
        assert!(known.iter().any(|k| k == n), "{n} not in {known:?}");
    }
    println!("child ran");
}
