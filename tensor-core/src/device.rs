//! Backends as the host sees them: finding and loading plugins (`TENSOR_BACKEND`,
//! `TENSOR_PLUGIN_PATH`), checking their ABI, and the [`Device`] handle every tensor is
//! tagged with. Host<->device transfers go through here and are counted.
//!
//! # Selecting a backend
//! `TENSOR_BACKEND` (read by [`Device::from_env`]) takes:
//! - a name: `cpu` (the default when unset), `opencl`, `cuda`, ... A name `N` maps to the
//!   library `libbackend_N.so`; a backend registered statically with
//!   [`register_builtin`] under that name is used without loading anything;
//! - `auto`: the [router](crate::router) over the CPU and every accelerator that loads
//!   (the CPU device itself when none does), unless a builtin named `auto` is registered;
//! - a path to a plugin library (anything containing `/` or ending in `.so`);
//! - either followed by `:INDEX` to pick a device (`cuda:1`);
//! - then optionally `?key=value,key=value`: options passed to the backend when it is created
//!   (`cuda:0?matmul=tf32`; see each backend's docs for its keys). A backend that takes no
//!   options rejects any, naming them.
//!
//! A name is searched for in the directories of `TENSOR_PLUGIN_PATH` (colon-separated), then
//! in the running executable's directory and its parent (so binaries and tests built by cargo
//! find plugins built next to them). The current directory is never searched implicitly. A
//! backend that was named and fails to load is an error naming every path tried and the
//! reason; there is no silent fallback.

use crate::abi::{
    self, ABI_1_0_SIZE, ABI_MAJOR, ABI_MINOR, ENTRY_SYMBOL, EntryFn, PluginApi, Status,
};
use crate::backend::BackendOptions;
use crate::{BackendInfo, DType, Error, Op, Result};
use std::ffi::{CStr, c_char, c_void};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Environment variable that selects the backend.
pub const BACKEND_ENV: &str = "TENSOR_BACKEND";
/// Environment variable with extra plugin directories (colon-separated).
pub const PLUGIN_PATH_ENV: &str = "TENSOR_PLUGIN_PATH";

/// Host<->device traffic of one device since creation (or the last reset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct TransferStats {
    /// Number of host-to-device copies.
    pub uploads: u64,
    /// Bytes copied host-to-device.
    pub upload_bytes: u64,
    /// Wall time spent in host-to-device copies, in nanoseconds.
    pub upload_ns: u64,
    /// Number of device-to-host copies.
    pub downloads: u64,
    /// Bytes copied device-to-host.
    pub download_bytes: u64,
    /// Wall time spent in device-to-host copies, in nanoseconds.
    pub download_ns: u64,
}

#[derive(Default)]
struct Counters([AtomicU64; 6]);

impl Counters {
    fn add(&self, upload: bool, bytes: usize, ns: u64) {
        let base = if upload { 0 } else { 3 };
        self.0[base].fetch_add(1, Ordering::Relaxed);
        self.0[base + 1].fetch_add(bytes as u64, Ordering::Relaxed);
        self.0[base + 2].fetch_add(ns, Ordering::Relaxed);
    }
    fn get(&self) -> TransferStats {
        let v: Vec<u64> = self.0.iter().map(|a| a.load(Ordering::Relaxed)).collect();
        TransferStats {
            uploads: v[0],
            upload_bytes: v[1],
            upload_ns: v[2],
            downloads: v[3],
            download_bytes: v[4],
            download_ns: v[5],
        }
    }
}

struct Inner {
    api: PluginApi,
    handle: *mut c_void,
    info: BackendInfo,
    label: String,
    origin: String,
    counters: Counters,
    // The router's shared state when this device is `auto` (see `crate::router`).
    router: Option<Arc<crate::router::Shared>>,
    // Dropped after `handle` is destroyed (see `Drop`): the code lives as long as its objects.
    _lib: Option<libloading::Library>,
}

// SAFETY: the plugin contract (`Backend: Send + Sync`) makes the backend handle usable from
// any thread; everything else in `Inner` is plain data or atomics.
unsafe impl Send for Inner {}
// SAFETY: as above.
unsafe impl Sync for Inner {}

impl Drop for Inner {
    fn drop(&mut self) {
        // SAFETY: created by this plugin's `create`; every buffer holds a `Device` clone, so
        // none is alive any more.
        unsafe { (self.api.destroy)(self.handle) };
    }
}

/// A backend instance on one device. Cheap to clone; tensors hold one, and it keeps the
/// plugin library loaded while anything made by it is alive.
#[derive(Clone)]
pub struct Device {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Device({})", self.inner.label)
    }
}

impl PartialEq for Device {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}
impl Eq for Device {}

type Builtin = fn() -> &'static PluginApi;

fn builtins() -> &'static Mutex<Vec<(String, Builtin)>> {
    static B: OnceLock<Mutex<Vec<(String, Builtin)>>> = OnceLock::new();
    B.get_or_init(|| Mutex::new(Vec::new()))
}

/// Registers a statically linked backend under `name` (e.g. the embedded CPU backend), so
/// that selecting `name` uses it without loading a library.
pub fn register_builtin(name: &str, api: Builtin) {
    let mut b = builtins().lock().unwrap_or_else(|e| e.into_inner());
    b.retain(|(n, _)| n != name);
    b.push((name.to_string(), api));
}

/// Names registered with [`register_builtin`].
pub fn builtin_names() -> Vec<String> {
    builtins()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .map(|(n, _)| n.clone())
        .collect()
}

/// A parsed backend spec: `NAME_OR_PATH[:INDEX][?key=value,...]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Backend name or library path.
    pub name: String,
    /// Device index (`:N`; 0 when absent).
    pub index: usize,
    /// Options after `?` (empty when absent).
    pub options: BackendOptions,
}

/// Parses a backend spec, see the [module docs](self).
pub fn parse_spec(spec: &str) -> Result<Spec> {
    let spec = spec.trim();
    let bad = |reason: String| Error::PluginLoad {
        backend: spec.into(),
        reason,
    };
    let (head, opts) = spec.split_once('?').unwrap_or((spec, ""));
    if head.is_empty() {
        return Err(bad("empty backend name".into()));
    }
    let options = BackendOptions::parse(opts).map_err(|e| bad(e.to_string()))?;
    if let Some((name, idx)) = head.rsplit_once(':')
        && !idx.is_empty()
        && idx.bytes().all(|c| c.is_ascii_digit())
    {
        if name.is_empty() {
            return Err(bad("empty backend name before the device index".into()));
        }
        let index = idx.parse::<usize>().map_err(|e| bad(e.to_string()))?;
        return Ok(Spec {
            name: name.to_string(),
            index,
            options,
        });
    }
    Ok(Spec {
        name: head.to_string(),
        index: 0,
        options,
    })
}

impl std::fmt::Display for Spec {
    /// The canonical form `NAME:INDEX[?k=v,...]`, which [`parse_spec`] reads back to the
    /// same spec.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name, self.index)?;
        if !self.options.is_empty() {
            write!(f, "?{}", self.options)?;
        }
        Ok(())
    }
}

/// The [`BackendInfo`] a plugin's `info_json` bytes (without the NUL) describe, or the load
/// error naming `backend`. This is exactly what the host runs when it opens a plugin; it is
/// public so that the fuzz targets in `tests/fuzz` run the host's own code on untrusted
/// plugin output.
#[doc(hidden)]
pub fn parse_info_json(backend: &str, json: &[u8]) -> Result<BackendInfo> {
    serde_json::from_str(&String::from_utf8_lossy(json))
        .map_err(|e| load_error(backend, format!("bad info JSON from plugin: {e}")))
}

/// The directories searched for plugin libraries, in order.
pub fn plugin_search_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os(PLUGIN_PATH_ENV)
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.parent()
    {
        dirs.push(dir.to_path_buf());
        if let Some(parent) = dir.parent() {
            dirs.push(parent.to_path_buf());
        }
    }
    dirs
}

/// The library file name of backend `name` (`libbackend_NAME.so` on Linux).
pub fn library_name(name: &str) -> String {
    format!(
        "{}backend_{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

fn is_path(name: &str) -> bool {
    name.contains('/') || name.ends_with(std::env::consts::DLL_SUFFIX)
}

fn load_error(backend: &str, reason: impl Into<String>) -> Error {
    Error::PluginLoad {
        backend: backend.into(),
        reason: reason.into(),
    }
}

fn describe_libloading(e: &libloading::Error) -> String {
    use std::error::Error as _;
    match e.source() {
        Some(s) => format!("{e}: {s}"),
        None => e.to_string(),
    }
}

/// The function pointers of the ABI 1.0 table prefix, none of which may be NULL, with their
/// offsets (every field from `error_free` to `rand`).
const MANDATORY_ENTRIES: [(&str, usize); 22] = {
    macro_rules! entries {
        ($($f:ident),*) => { [$((stringify!($f), std::mem::offset_of!(PluginApi, $f))),*] };
    }
    entries!(
        error_free,
        string_free,
        create,
        destroy,
        info_json,
        supports,
        alloc,
        free,
        upload,
        download,
        copy,
        unary,
        binary,
        where_,
        cast,
        reduce,
        softmax,
        matmul,
        fill,
        arange,
        linspace,
        rand
    )
};

impl Device {
    /// The device selected by `TENSOR_BACKEND` (`cpu` when unset).
    pub fn from_env() -> Result<Device> {
        let spec = std::env::var(BACKEND_ENV).unwrap_or_else(|_| "cpu".into());
        Device::open(&spec)
    }

    /// Opens a backend by spec: a name or a library path, with an optional `:INDEX` and
    /// `?options` (see the [module docs](self)).
    pub fn open(spec: &str) -> Result<Device> {
        let Spec {
            name,
            index,
            options,
        } = parse_spec(spec)?;
        if !is_path(&name) {
            let builtin = builtins()
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .find(|(n, _)| *n == name)
                .map(|b| b.1);
            if let Some(api) = builtin {
                // SAFETY: a &'static table is valid for reads of its own size.
                let api = unsafe { Self::check_table(&name, api())? };
                return Device::create(&name, api, index, &options, "builtin".into(), None);
            }
            if name == crate::router::NAME {
                return crate::router::open(index, &options);
            }
        }
        let candidates: Vec<PathBuf> = if is_path(&name) {
            vec![PathBuf::from(&name)]
        } else {
            let file = library_name(&name);
            plugin_search_dirs()
                .into_iter()
                .map(|d| d.join(&file))
                .collect()
        };
        let mut tried = Vec::new();
        for path in &candidates {
            if !path.exists() {
                tried.push(format!("{} (not found)", path.display()));
                continue;
            }
            return Device::load_library_with(&name, path, index, &options);
        }
        Err(load_error(
            &name,
            format!(
                "no plugin library found; tried: {}. Build it (cargo build --workspace) or add its directory to {PLUGIN_PATH_ENV}{}",
                if tried.is_empty() {
                    "no directories".into()
                } else {
                    tried.join(", ")
                },
                if name == "cpu" {
                    ". An application that links the backend-cpu crate registers it with backend_cpu::register()"
                } else {
                    ""
                }
            ),
        ))
    }

    /// Loads the plugin at `path` and creates device `index`.
    pub fn load_library(name: &str, path: &Path, index: usize) -> Result<Device> {
        Self::load_library_with(name, path, index, &BackendOptions::default())
    }

    /// Loads the plugin at `path` and creates device `index` with `options`.
    pub fn load_library_with(
        name: &str,
        path: &Path,
        index: usize,
        options: &BackendOptions,
    ) -> Result<Device> {
        let what = format!("{name} ({})", path.display());
        // A truncated file would make dlopen map pages past its end, and the first touch of
        // one kills the process with SIGBUS: check the headers first.
        crate::elf::check_library(path).map_err(|reason| {
            load_error(
                &what,
                format!(
                    "{} is not a usable plugin library: {reason}",
                    path.display()
                ),
            )
        })?;
        // SAFETY: loading a library runs its initialisers; plugins are trusted code chosen by
        // the user, as with any dlopen.
        let lib = unsafe { libloading::Library::new(path) }
            .map_err(|e| load_error(&what, describe_libloading(&e)))?;
        let entry = {
            // SAFETY: the symbol's type is fixed by the ABI (`EntryFn`).
            let sym = unsafe { lib.get::<EntryFn>(ENTRY_SYMBOL) }.map_err(|e| {
                load_error(
                    &what,
                    format!(
                        "missing entry symbol `tensor_plugin_entry`: {}",
                        describe_libloading(&e)
                    ),
                )
            })?;
            *sym
        };
        // SAFETY: calling the entry point is the plugin protocol.
        let table = unsafe { entry() };
        // SAFETY: the library stays loaded while the device (which owns `lib`) lives.
        let api = unsafe { Self::check_table(&what, table)? };
        Device::create(
            name,
            api,
            index,
            options,
            path.display().to_string(),
            Some(lib),
        )
    }

    /// Uses a statically linked function table (see [`export_backend!`](crate::export_backend)).
    pub fn from_api(name: &str, table: &'static PluginApi, index: usize) -> Result<Device> {
        // SAFETY: a &'static table is valid for reads of its own size.
        let api = unsafe { Self::check_table(name, table)? };
        Device::create(
            name,
            api,
            index,
            &BackendOptions::default(),
            "builtin".into(),
            None,
        )
    }

    /// Checks versions and size, then copies the table.
    ///
    /// # Safety
    /// `table` must be null or point to at least `abi_major`/`abi_minor`/`struct_size` and,
    /// if `struct_size` says so, a full table.
    unsafe fn check_table(what: &str, table: *const PluginApi) -> Result<PluginApi> {
        if table.is_null() {
            return Err(load_error(what, "entry point returned a null table"));
        }
        // SAFETY: every table starts with these three fields (ABI rule: fields are appended).
        let (size, major, minor) = unsafe {
            let t = table as *const u8;
            (
                std::ptr::read_unaligned(t as *const usize),
                std::ptr::read_unaligned(t.add(std::mem::size_of::<usize>()) as *const u32),
                std::ptr::read_unaligned(t.add(std::mem::size_of::<usize>() + 4) as *const u32),
            )
        };
        if major != ABI_MAJOR {
            return Err(load_error(
                what,
                format!(
                    "ABI version mismatch: plugin has {major}.{minor}, this host needs {ABI_MAJOR}.{ABI_MINOR}"
                ),
            ));
        }
        let need = std::mem::size_of::<PluginApi>();
        // A plugin of an older minor version is accepted when its table holds the 1.0 fields;
        // fields appended later (all `Option`s) that it lacks read as `None`.
        if size < ABI_1_0_SIZE {
            return Err(load_error(
                what,
                format!(
                    "plugin function table too old or too short: plugin ABI {major}.{minor} with a {size}-byte table, \
                     this host needs ABI {ABI_MAJOR}.0 or later and at least {ABI_1_0_SIZE} bytes"
                ),
            ));
        }
        // The 1.0 fields are non-nullable function pointers in `PluginApi`: a C plugin that
        // leaves one NULL must be refused here, before a `PluginApi` holding it exists.
        let missing: Vec<&str> = MANDATORY_ENTRIES
            .iter()
            .filter(|&&(_, off)| {
                // SAFETY: `off + size_of::<usize>() <= ABI_1_0_SIZE <= size` readable bytes.
                let word = unsafe {
                    std::ptr::read_unaligned(table.cast::<u8>().add(off).cast::<usize>())
                };
                word == 0
            })
            .map(|&(name, _)| name)
            .collect();
        if !missing.is_empty() {
            return Err(load_error(
                what,
                format!(
                    "mandatory ABI {ABI_MAJOR}.0 entries are NULL in the plugin's function table: {}",
                    missing.join(", ")
                ),
            ));
        }
        let mut api = std::mem::MaybeUninit::<PluginApi>::zeroed();
        // SAFETY: the plugin declared `size` readable bytes; we copy at most our table's size.
        // Every byte past the copied prefix is zero, and all fields after ABI_1_0_SIZE are
        // `Option<fn>`, for which all-zero is `None`; the prefix holds 1.0 fields whose
        // function pointers were checked non-null above.
        unsafe {
            std::ptr::copy_nonoverlapping(
                table as *const u8,
                api.as_mut_ptr() as *mut u8,
                size.min(need),
            );
            Ok(api.assume_init())
        }
    }

    fn create(
        name: &str,
        api: PluginApi,
        index: usize,
        options: &BackendOptions,
        origin: String,
        lib: Option<libloading::Library>,
    ) -> Result<Device> {
        let mut handle: *mut c_void = std::ptr::null_mut();
        if options.is_empty() {
            // SAFETY: `create` writes a handle on success.
            unsafe { abi::check((api.create)(index, &mut handle), &api, name)? };
        } else {
            let Some(create) = api.create_with_options else {
                return Err(load_error(
                    name,
                    format!(
                        "options `{options}` given, but the plugin (ABI {}.{}) takes none",
                        api.abi_major, api.abi_minor
                    ),
                ));
            };
            let text = std::ffi::CString::new(options.to_string())
                .map_err(|e| load_error(name, e.to_string()))?;
            // SAFETY: `text` outlives the call; `create` writes a handle on success.
            unsafe { abi::check(create(index, text.as_ptr(), &mut handle), &api, name)? };
        }
        Device::wrap(name, api, handle, index, options, origin, lib, None)
    }

    /// Makes a device of a backend handle already created with `api` (which this device
    /// then owns and destroys): reads the backend's info and builds the label.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn wrap(
        name: &str,
        api: PluginApi,
        handle: *mut c_void,
        index: usize,
        options: &BackendOptions,
        origin: String,
        lib: Option<libloading::Library>,
        router: Option<Arc<crate::router::Shared>>,
    ) -> Result<Device> {
        let mut dev = Inner {
            api,
            handle,
            info: BackendInfo::default(),
            label: format!("{name}:{index}"),
            origin,
            counters: Counters::default(),
            router,
            _lib: lib,
        };
        let mut s: *mut c_char = std::ptr::null_mut();
        // SAFETY: live handle; `s` receives a plugin-owned string freed below.
        unsafe { abi::check((api.info_json)(handle, &mut s), &api, name)? };
        // SAFETY: NUL-terminated string from the plugin, alive until freed below.
        let info = parse_info_json(name, unsafe { CStr::from_ptr(s) }.to_bytes());
        // SAFETY: returned by this plugin, freed once; its bytes are not used after.
        unsafe { (api.string_free)(s) };
        dev.info = info?;
        dev.label = if options.is_empty() {
            format!("{}:{index}", dev.info.name)
        } else {
            format!("{}:{index}?{options}", dev.info.name)
        };
        Ok(Device {
            inner: Arc::new(dev),
        })
    }

    /// What the backend reports about itself.
    pub fn info(&self) -> &BackendInfo {
        &self.inner.info
    }

    /// `name:index`, e.g. `cpu:0`.
    pub fn label(&self) -> &str {
        &self.inner.label
    }

    /// Backend name (e.g. `cpu`).
    pub fn name(&self) -> &str {
        &self.inner.info.name
    }

    /// Where the backend came from: `builtin` or the library path.
    pub fn origin(&self) -> &str {
        &self.inner.origin
    }

    /// The plugin's ABI version.
    pub fn abi_version(&self) -> (u32, u32) {
        (self.inner.api.abi_major, self.inner.api.abi_minor)
    }

    /// Whether the backend implements `op` for `dtype`.
    pub fn supports(&self, op: Op, dtype: DType) -> bool {
        let (f, c) = op.encode();
        // SAFETY: live handle; `supports` takes plain integers.
        unsafe { (self.inner.api.supports)(self.inner.handle, f, c, dtype as u32) != 0 }
    }

    /// Waits until every op queued on this device has finished (a no-op for synchronous
    /// backends and for ABI 1.0 plugins). Results are always correct without it — downloads
    /// wait for the work they depend on — but timings of asynchronous backends need it.
    pub fn synchronize(&self) -> Result<()> {
        if let Some(shared) = self.router() {
            return shared.synchronize(); // the router's own, without its table
        }
        match self.inner.api.synchronize {
            // SAFETY: live handle.
            Some(f) => self.check(unsafe { f(self.inner.handle) }),
            None => Ok(()),
        }
    }

    /// Host<->device traffic so far.
    pub fn transfer_stats(&self) -> TransferStats {
        self.inner.counters.get()
    }

    /// Resets the transfer counters.
    pub fn reset_transfer_stats(&self) {
        for c in &self.inner.counters.0 {
            c.store(0, Ordering::Relaxed);
        }
    }

    pub(crate) fn api(&self) -> &PluginApi {
        &self.inner.api
    }

    pub(crate) fn handle(&self) -> *const c_void {
        self.inner.handle
    }

    /// Turns a status from this plugin into a `Result`.
    pub(crate) fn check(&self, status: Status) -> Result<()> {
        // SAFETY: `status` came from this plugin.
        unsafe { abi::check(status, &self.inner.api, &self.inner.info.name) }
    }

    /// Allocates a buffer of `len` elements (for `auto`: on its CPU device, where host data
    /// lands).
    pub(crate) fn alloc(&self, dtype: DType, len: usize) -> Result<Arc<Buffer>> {
        match self.router() {
            // Host data for `auto` lands on its CPU device; an op elsewhere copies it when
            // the model says so.
            Some(shared) => shared.cpu().alloc_as(dtype, len, Some(self)),
            None => self.alloc_as(dtype, len, None),
        }
    }

    /// Allocates on this (plugin) device; with `auto`, the buffer of an `auto` tensor.
    pub(crate) fn alloc_as(
        &self,
        dtype: DType,
        len: usize,
        auto: Option<&Device>,
    ) -> Result<Arc<Buffer>> {
        let mut ptr: *mut c_void = std::ptr::null_mut();
        // SAFETY: live handle; `alloc` writes the buffer pointer on success.
        self.check(unsafe {
            (self.inner.api.alloc)(self.inner.handle, dtype as u32, len, &mut ptr)
        })?;
        Ok(self.adopt_as(ptr, dtype, len, auto))
    }

    /// Takes ownership of a buffer this device's plugin allocated (by `alloc`, or inside
    /// an op call under ABI 1.2): it is freed through the plugin when the last user drops.
    /// With `auto` (the router device), it is the buffer of an `auto` tensor.
    #[inline]
    pub(crate) fn adopt_as(
        &self,
        ptr: *mut c_void,
        dtype: DType,
        len: usize,
        auto: Option<&Device>,
    ) -> Arc<Buffer> {
        Arc::new(Buffer {
            device: self.clone(),
            ptr,
            dtype,
            len,
            auto: auto.map(crate::router::Auto::new),
        })
    }

    /// Uploads `bytes` (exactly the buffer's size) and counts the transfer (on this device
    /// and, for an `auto` buffer, on the device that holds it as well).
    pub(crate) fn upload(&self, buf: &Buffer, bytes: &[u8]) -> Result<()> {
        debug_assert_eq!(bytes.len(), buf.len * buf.dtype.size_of());
        self.counted(true, bytes.len(), || {
            if buf.device != *self {
                return buf.device.upload(buf, bytes);
            }
            // SAFETY: live handle and buffer; `bytes` is valid for its length; the buffer is
            // not yet shared (it was just allocated).
            self.check(unsafe {
                (self.inner.api.upload)(self.inner.handle, buf.ptr, bytes.as_ptr(), bytes.len())
            })
        })
    }

    /// Runs the transfer `f` of `bytes` bytes and counts it on this device when it succeeds.
    fn counted(&self, upload: bool, bytes: usize, f: impl FnOnce() -> Result<()>) -> Result<()> {
        let t = Instant::now();
        f()?;
        self.inner
            .counters
            .add(upload, bytes, t.elapsed().as_nanos() as u64);
        Ok(())
    }

    /// Downloads the whole buffer and counts the transfer.
    pub(crate) fn download(&self, buf: &Buffer) -> Result<Vec<u8>> {
        let mut out = vec![0u8; buf.len * buf.dtype.size_of()];
        self.download_into(buf, &mut out)?;
        Ok(out)
    }

    /// Downloads the whole buffer into `out` (exactly the buffer's size) and counts it (as
    /// [`Device::upload`] does).
    pub(crate) fn download_into(&self, buf: &Buffer, out: &mut [u8]) -> Result<()> {
        if out.len() != buf.len * buf.dtype.size_of() {
            return Err(Error::invalid(
                "download",
                format!(
                    "{} bytes asked for a buffer of {} bytes",
                    out.len(),
                    buf.len * buf.dtype.size_of()
                ),
            ));
        }
        let n = out.len();
        self.counted(false, n, || {
            if buf.device != *self {
                return buf.device.download_into(buf, out);
            }
            // SAFETY: live handle and buffer; `out` has room for the whole buffer.
            self.check(unsafe {
                (self.inner.api.download)(self.inner.handle, buf.ptr, out.as_mut_ptr(), n)
            })
        })
    }

    /// The router state when this is the `auto` device.
    #[inline]
    pub(crate) fn router(&self) -> Option<&Arc<crate::router::Shared>> {
        self.inner.router.as_ref()
    }

    /// Replaces the label and adds `extra` entries to the info of a device nobody else holds
    /// yet (used by `auto` when it is the CPU device itself). Returns it unchanged otherwise.
    pub(crate) fn annotate(mut self, label: String, extra: &[(&str, String)]) -> Device {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.label = label;
            for (k, v) in extra {
                inner.info.extra.insert((*k).to_string(), v.clone());
            }
        }
        self
    }
}

/// A buffer owned by a plugin; freed through the plugin when the last tensor using it drops.
pub(crate) struct Buffer {
    /// The device whose plugin made `ptr` (and frees it).
    pub(crate) device: Device,
    pub(crate) ptr: *mut c_void,
    pub(crate) dtype: DType,
    pub(crate) len: usize,
    /// Set for the buffers of `auto` tensors: the router device and the copies of the data
    /// made on its other devices (see [`crate::router`]).
    pub(crate) auto: Option<crate::router::Auto>,
}

// SAFETY: buffers are plugin objects whose backend is `Send + Sync`; the host only writes a
// buffer before it is shared (fresh outputs and uploads).
unsafe impl Send for Buffer {}
// SAFETY: as above.
unsafe impl Sync for Buffer {}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: allocated by this device's plugin and freed once.
        unsafe { (self.device.inner.api.free)(self.device.inner.handle, self.ptr) };
    }
}

/// What [`probe`] found for one backend name.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The name probed.
    pub name: String,
    /// The device, or why it did not load.
    pub result: Result<Device>,
}

/// Tries to open each of `names` (device 0); used by `conformance backends`.
pub fn probe(names: &[&str]) -> Vec<Probe> {
    names
        .iter()
        .map(|n| Probe {
            name: n.to_string(),
            result: Device::open(n),
        })
        .collect()
}

/// Backend names known to this build: registered builtins plus `cpu`, `opencl`, `cuda`,
/// plus any `libbackend_*.so` found on the search path.
pub fn known_backends() -> Vec<String> {
    let mut names: Vec<String> = builtin_names();
    for n in ["cpu", "opencl", "cuda"] {
        if !names.iter().any(|x| x == n) {
            names.push(n.into());
        }
    }
    let (pre, suf) = (
        format!("{}backend_", std::env::consts::DLL_PREFIX),
        std::env::consts::DLL_SUFFIX,
    );
    for dir in plugin_search_dirs() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let f = e.file_name().to_string_lossy().into_owned();
            if let Some(n) = f.strip_prefix(&pre).and_then(|r| r.strip_suffix(suf))
                && !n.contains('-')
                && !names.iter().any(|x| x == n)
            {
                names.push(n.to_string());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        let p = |s: &str| {
            let s = parse_spec(s).unwrap();
            (s.name, s.index, s.options.to_string())
        };
        assert_eq!(p("cuda:1"), ("cuda".into(), 1, "".into()));
        assert_eq!(p("cpu"), ("cpu".into(), 0, "".into()));
        assert_eq!(
            p("/x/libbackend_cpu.so:2"),
            ("/x/libbackend_cpu.so".into(), 2, "".into())
        );
        assert_eq!(
            p("cuda:1?matmul=tf32, deterministic"),
            ("cuda".into(), 1, "matmul=tf32,deterministic=1".into())
        );
        assert_eq!(p("opencl?x=1"), ("opencl".into(), 0, "x=1".into()));
        assert!(parse_spec("").is_err());
        // Found by the backend_spec fuzz target: an index with no name before it.
        assert!(parse_spec(":0").is_err());
        assert!(parse_spec(":3?x=1").is_err());
        assert!(parse_spec("?x=1").is_err());
        assert!(parse_spec("cpu?=1").is_err());
        assert!(parse_spec("cpu?a=1,a=2").is_err());
    }

    #[test]
    fn specs_display_canonically_and_parse_back() {
        for (spec, shown) in [
            ("cpu", "cpu:0"),
            (
                "cuda:1?matmul=tf32, deterministic",
                "cuda:1?matmul=tf32,deterministic=1",
            ),
            ("a:?k=", "a::0?k="),
            ("/x/lib.so:3:7", "/x/lib.so:3:7"),
            ("a?b?c", "a:0?b?c=1"),
        ] {
            let s = parse_spec(spec).unwrap();
            assert_eq!(s.to_string(), shown);
            assert_eq!(parse_spec(shown).unwrap(), s);
        }
    }

    #[test]
    fn info_json_from_a_plugin_is_checked() {
        let info = BackendInfo {
            name: "x".into(),
            ..Default::default()
        };
        let json = serde_json::to_string(&info).unwrap();
        assert_eq!(parse_info_json("x", json.as_bytes()).unwrap(), info);
        let m = parse_info_json("x", b"{\"name\": 1}")
            .unwrap_err()
            .to_string();
        assert!(m.contains("bad info JSON from plugin"), "{m}");
    }

    #[test]
    fn missing_backend_names_every_path() {
        let err = Device::open("nosuchbackend").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("libbackend_nosuchbackend.so"), "{msg}");
        assert!(msg.contains("not found"), "{msg}");
    }

    #[test]
    fn builtin_rejects_unknown_options() {
        fn api() -> &'static PluginApi {
            static API: PluginApi = abi::table::<crate::device::tests::Nothing>();
            &API
        }
        register_builtin("nothing-test", api);
        let d = Device::open("nothing-test").unwrap();
        assert_eq!(d.label(), "nothing:0");
        d.synchronize().unwrap();
        let err = Device::open("nothing-test?fast=1").unwrap_err().to_string();
        assert!(
            err.contains("unknown option") && err.contains("fast"),
            "{err}"
        );
    }

    #[test]
    fn abi_1_0_tables_load_without_the_appended_fields() {
        // A 1.0 plugin's table ends before `synchronize`: whatever lies past its size must not
        // be read, and the 1.1 features degrade as documented.
        static OLD: PluginApi = PluginApi {
            struct_size: ABI_1_0_SIZE,
            abi_minor: 0,
            ..abi::table::<Nothing>()
        };
        let d = Device::from_api("old", &OLD, 0).unwrap();
        assert_eq!(d.abi_version(), (1, 0));
        assert!(d.inner.api.synchronize.is_none());
        assert!(d.inner.api.create_with_options.is_none());
        d.synchronize().unwrap();
        let err = Device::create(
            "old",
            d.inner.api,
            0,
            &BackendOptions::parse("x=1").unwrap(),
            "test".into(),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("takes none") && err.contains("1.0"), "{err}");
    }

    #[test]
    fn every_1_0_entry_is_listed_as_mandatory() {
        // The list covers the whole 1.0 prefix after the header: one pointer per slot.
        let first = std::mem::offset_of!(PluginApi, error_free);
        let slots = (ABI_1_0_SIZE - first) / std::mem::size_of::<usize>();
        assert_eq!(MANDATORY_ENTRIES.len(), slots);
        for (i, (_, off)) in MANDATORY_ENTRIES.iter().enumerate() {
            assert_eq!(*off, first + i * std::mem::size_of::<usize>());
        }
    }

    #[test]
    fn null_mandatory_entries_are_refused_at_load() {
        // A C plugin's table is raw memory: copy a real table into words and clear entries.
        const WORDS: usize = std::mem::size_of::<PluginApi>() / std::mem::size_of::<usize>();
        static REAL: PluginApi = abi::table::<Nothing>();
        for (name, off) in MANDATORY_ENTRIES {
            let mut words = [0usize; WORDS];
            // SAFETY: both are `size_of::<PluginApi>()` bytes; `words` is plain integers.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    (&raw const REAL).cast::<u8>(),
                    words.as_mut_ptr().cast::<u8>(),
                    std::mem::size_of::<PluginApi>(),
                )
            };
            words[off / std::mem::size_of::<usize>()] = 0;
            // SAFETY: `words` holds a full-size table (readable for its declared size).
            let err = unsafe { Device::check_table("c-plugin", words.as_ptr().cast()) }
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("c-plugin") && err.contains("NULL") && err.contains(name),
                "{name}: {err}"
            );
        }
        // The unmodified table loads.
        // SAFETY: a static table.
        assert!(unsafe { Device::check_table("real", &REAL) }.is_ok());
    }

    #[test]
    fn invalid_bool_bytes_from_a_plugin_are_an_error_not_a_bool() {
        // A backend whose downloads hand back the byte 2 for every element.
        static API: PluginApi = abi::table::<Nothing<true>>();
        let d = Device::from_api("liar", &API, 0).unwrap();
        let t = crate::Tensor::from_slice(&d, &[true, false, true], &[3]).unwrap();
        let err = t.to_vec::<bool>().unwrap_err().to_string();
        assert!(
            err.contains("liar") && err.contains("invalid bool"),
            "{err}"
        );
        assert!(t.to_f64_vec().is_err());
        // Other dtypes accept any bytes (every bit pattern is a value).
        let u = crate::Tensor::from_slice(&d, &[1u8, 2], &[2]).unwrap();
        assert_eq!(u.to_vec::<u8>().unwrap(), [2, 2]);
    }

    /// A backend with no ops: enough to exercise creation and options.
    /// With `LIAR`, named `liar`, and every download hands back the byte 2 (an invalid
    /// `bool`), whatever the buffer holds.
    pub(super) struct Nothing<const LIAR: bool = false>;
    impl<const LIAR: bool> crate::Backend for Nothing<LIAR> {
        type Buffer = Vec<u8>;
        fn create(_index: usize) -> Result<Self> {
            Ok(Nothing)
        }
        fn info(&self) -> BackendInfo {
            BackendInfo {
                name: if LIAR { "liar" } else { "nothing" }.into(),
                ..Default::default()
            }
        }
        fn supports(&self, _op: Op, _dtype: DType) -> bool {
            false
        }
        fn alloc(&self, dtype: DType, len: usize) -> Result<Vec<u8>> {
            Ok(vec![0; len * dtype.size_of()])
        }
        fn buffer_len(&self, buf: &Vec<u8>) -> usize {
            buf.len()
        }
        fn upload(&self, dst: &mut Vec<u8>, src: &[u8]) -> Result<()> {
            dst.copy_from_slice(src);
            Ok(())
        }
        fn download(&self, src: &Vec<u8>, dst: &mut [u8]) -> Result<()> {
            if LIAR {
                dst.fill(2);
            } else {
                dst.copy_from_slice(src);
            }
            Ok(())
        }
        fn copy(&self, _x: crate::Src<'_, Vec<u8>>, _out: crate::Dst<'_, Vec<u8>>) -> Result<()> {
            Err(Error::invalid("copy", "nothing"))
        }
    }

    #[test]
    fn abi_constants() {
        assert_eq!(ABI_MAJOR, 1);
        assert_eq!(ENTRY_SYMBOL.last(), Some(&0));
        let _ = ABI_MINOR;
    }
}
