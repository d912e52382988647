//! The versioned C ABI between the host and a backend plugin, and the generic adapter that
//! implements it for any [`Backend`]. Plugin authors do not write any of this: they call
//! [`export_backend!`](crate::export_backend).
//!
//! # The boundary (modelled on the PJRT C API)
//! - A plugin exports one symbol, [`ENTRY_SYMBOL`] (`tensor_plugin_entry`), an
//!   `extern "C" fn() -> *const PluginApi`.
//! - [`PluginApi`] starts with `struct_size`, `abi_major`, `abi_minor`. Fields are only ever
//!   appended (a minor bump); removing or retyping one is a major bump. The loader checks
//!   the major version, the minor version and the table size before calling anything, and
//!   names both versions when they do not match.
//! - Only `#[repr(C)]` data crosses: integers, floats, raw pointers to plugin-owned objects,
//!   [`CTensor`]/[`COut`] descriptors and UTF-8 C strings. Enums cross as their `u32`
//!   discriminants and are validated on arrival.
//! - Every function that can fail returns a `*mut CError` (null = success). An error carries
//!   its [`ErrorCode`] and the JSON of the full [`Error`]; the host frees it with
//!   `error_free`. Strings returned by the plugin are freed with `string_free`.
//! - Every exported function catches panics ([`std::panic::catch_unwind`]) and returns them
//!   as [`ErrorCode::Panic`]; a panic never unwinds into the host.
//! - Versions: 1.0 is everything up to `rand`; 1.1 appended `synchronize` and
//!   `create_with_options` (both `Option`s, `None` when read from a 1.0 table). A 1.1 host
//!   loads 1.0 plugins: they are treated as synchronous and accept no spec options.
//! - 1.2 appended no field; it changed what an op call may be asked to do with its output
//!   (see [`COut`]): a 1.2 host passes `COut::buffer == NULL`, and the plugin allocates the
//!   output itself and hands it back in that field, so a tiny op crosses the boundary once
//!   instead of twice (`alloc`, then the op). The host does this only with plugins of minor
//!   version 2 or later; older plugins still get a buffer from `alloc`. The op entries'
//!   `out` argument is `*mut COut` since 1.2 (the same C type, `COut *`, with the `const`
//!   dropped), and the host passes it in writable memory. Both directions stay compatible:
//!   a 1.1 host never passes a null buffer, and a 1.2 host allocates for older plugins.
//! - A backend that declares [`Backend::SYNCHRONOUS`] exports `synchronize` as `None`, as a
//!   1.0 plugin would: the host then never calls it.
//! - The host keeps the library loaded for as long as anything it created is alive
//!   (devices and buffers hold a reference to it).

use crate::backend::{Backend, Dst, Scalar, Src};
use crate::{DType, Error, ErrorCode, Layout, Op, Result};
use std::ffi::{CStr, CString, c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Major version: bumped when a field of [`PluginApi`] is removed or changes type.
pub const ABI_MAJOR: u32 = 1;
/// Minor version: bumped when fields are appended to [`PluginApi`] or the protocol gains an
/// optional behaviour (1.2: outputs allocated inside the op call).
pub const ABI_MINOR: u32 = 2;
/// Size of the ABI 1.0 table (everything up to `rand`). The loader accepts any table at
/// least this large with major version 1; fields a shorter table lacks read as `None`.
pub const ABI_1_0_SIZE: usize = std::mem::offset_of!(PluginApi, synchronize);
/// Name of the one symbol a plugin exports (NUL-terminated for `dlsym`).
pub const ENTRY_SYMBOL: &[u8] = b"tensor_plugin_entry\0";

/// Signature of the entry symbol.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginApi;

/// A read-only tensor argument: a plugin buffer plus a strided layout.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CTensor {
    /// Buffer returned by `alloc`.
    pub buffer: *const c_void,
    /// [`DType`] discriminant.
    pub dtype: u32,
    /// Rank.
    pub ndim: u32,
    /// `ndim` dimensions.
    pub shape: *const usize,
    /// `ndim` strides in elements.
    pub strides: *const isize,
    /// Offset in elements.
    pub offset: usize,
}

/// The output argument: a fresh buffer written contiguously in C order.
///
/// Either the host allocated it (`alloc`) and passes it in `buffer`, or (ABI 1.2) `buffer`
/// is null and the plugin allocates `prod(shape)` elements of `dtype` itself. In that case
/// the plugin writes the new buffer's handle to `buffer` **only when the op succeeds**; on
/// an error (or a caught panic) it frees what it allocated and leaves `buffer` null. The
/// host then owns the buffer exactly as one from `alloc` (and frees it with `free`).
#[repr(C)]
#[derive(Debug)]
pub struct COut {
    /// Buffer returned by `alloc`, or null for "allocate it here" (ABI 1.2).
    pub buffer: *mut c_void,
    /// [`DType`] discriminant.
    pub dtype: u32,
    /// Rank.
    pub ndim: u32,
    /// `ndim` dimensions.
    pub shape: *const usize,
}

/// An error crossing the boundary; allocated by the plugin, freed by `error_free`.
#[repr(C)]
#[derive(Debug)]
pub struct CError {
    /// [`ErrorCode`] discriminant.
    pub code: u32,
    /// NUL-terminated UTF-8: the JSON of the [`Error`] (or a plain message for panics).
    pub message: *mut c_char,
}

/// Status returned by fallible functions: null on success.
pub type Status = *mut CError;

/// The function table a plugin returns. Field order is the ABI; see the module docs.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PluginApi {
    /// `size_of::<PluginApi>()` as the plugin was compiled.
    pub struct_size: usize,
    /// [`ABI_MAJOR`] of the plugin.
    pub abi_major: u32,
    /// [`ABI_MINOR`] of the plugin.
    pub abi_minor: u32,
    /// Frees a [`CError`].
    pub error_free: unsafe extern "C" fn(Status),
    /// Frees a string returned by the plugin.
    pub string_free: unsafe extern "C" fn(*mut c_char),
    /// Creates a backend instance for device `index`.
    pub create: unsafe extern "C" fn(index: usize, out: *mut *mut c_void) -> Status,
    /// Destroys a backend instance (after all its buffers were freed).
    pub destroy: unsafe extern "C" fn(*mut c_void),
    /// JSON of [`crate::BackendInfo`].
    pub info_json: unsafe extern "C" fn(*const c_void, out: *mut *mut c_char) -> Status,
    /// 1 if `(family, code)` ([`Op::encode`]) is supported for `dtype`, else 0.
    pub supports: unsafe extern "C" fn(*const c_void, family: u32, code: u32, dtype: u32) -> u8,
    /// Allocates `len` elements of `dtype`.
    pub alloc: unsafe extern "C" fn(
        *const c_void,
        dtype: u32,
        len: usize,
        out: *mut *mut c_void,
    ) -> Status,
    /// Frees a buffer.
    pub free: unsafe extern "C" fn(*const c_void, buf: *mut c_void),
    /// Host to device, whole buffer (`len` bytes).
    pub upload:
        unsafe extern "C" fn(*const c_void, buf: *mut c_void, src: *const u8, len: usize) -> Status,
    /// Device to host, whole buffer (`len` bytes).
    pub download:
        unsafe extern "C" fn(*const c_void, buf: *const c_void, dst: *mut u8, len: usize) -> Status,
    /// [`Backend::copy`].
    pub copy: unsafe extern "C" fn(*const c_void, x: *const CTensor, out: *mut COut) -> Status,
    /// [`Backend::unary`].
    pub unary:
        unsafe extern "C" fn(*const c_void, op: u32, x: *const CTensor, out: *mut COut) -> Status,
    /// [`Backend::binary`].
    pub binary: unsafe extern "C" fn(
        *const c_void,
        op: u32,
        a: *const CTensor,
        b: *const CTensor,
        out: *mut COut,
    ) -> Status,
    /// [`Backend::where_`].
    pub where_: unsafe extern "C" fn(
        *const c_void,
        cond: *const CTensor,
        a: *const CTensor,
        b: *const CTensor,
        out: *mut COut,
    ) -> Status,
    /// [`Backend::cast`].
    pub cast: unsafe extern "C" fn(*const c_void, x: *const CTensor, out: *mut COut) -> Status,
    /// [`Backend::reduce`].
    pub reduce: unsafe extern "C" fn(
        *const c_void,
        op: u32,
        x: *const CTensor,
        axes: *const usize,
        naxes: usize,
        ddof: f64,
        out: *mut COut,
    ) -> Status,
    /// [`Backend::softmax`].
    pub softmax: unsafe extern "C" fn(
        *const c_void,
        op: u32,
        x: *const CTensor,
        axis: usize,
        out: *mut COut,
    ) -> Status,
    /// [`Backend::matmul`].
    pub matmul: unsafe extern "C" fn(
        *const c_void,
        a: *const CTensor,
        b: *const CTensor,
        out: *mut COut,
    ) -> Status,
    /// [`Backend::fill`].
    pub fill: unsafe extern "C" fn(*const c_void, value: Scalar, out: *mut COut) -> Status,
    /// [`Backend::arange`].
    pub arange:
        unsafe extern "C" fn(*const c_void, start: Scalar, step: Scalar, out: *mut COut) -> Status,
    /// [`Backend::linspace`].
    pub linspace: unsafe extern "C" fn(
        *const c_void,
        start: f64,
        stop: f64,
        endpoint: u8,
        out: *mut COut,
    ) -> Status,
    /// [`Backend::rand`].
    pub rand: unsafe extern "C" fn(*const c_void, dist: u32, seed: u64, out: *mut COut) -> Status,
    // ----- ABI 1.1 -----
    /// [`Backend::synchronize`]: waits for all queued work. `None` in 1.0 plugins and in
    /// backends that declare [`Backend::SYNCHRONOUS`]: the host then treats the backend as
    /// synchronous and never calls it.
    pub synchronize: Option<unsafe extern "C" fn(*const c_void) -> Status>,
    /// [`Backend::create_with_options`]: `options` is the NUL-terminated `k=v,k=v` text after
    /// `?` in the spec. `None` in 1.0 plugins (which then accept no options).
    pub create_with_options: Option<
        unsafe extern "C" fn(index: usize, options: *const c_char, out: *mut *mut c_void) -> Status,
    >,
}

// ---------------------------------------------------------------------------------------
// Plugin side: the adapter from `Backend` to the table.
// ---------------------------------------------------------------------------------------

/// Builds the function table for `B`. Used by [`export_backend!`](crate::export_backend).
pub const fn table<B: Backend>() -> PluginApi {
    PluginApi {
        struct_size: std::mem::size_of::<PluginApi>(),
        abi_major: ABI_MAJOR,
        abi_minor: ABI_MINOR,
        error_free,
        string_free,
        create: create::<B>,
        destroy: destroy::<B>,
        info_json: info_json::<B>,
        supports: supports::<B>,
        alloc: alloc::<B>,
        free: free::<B>,
        upload: upload::<B>,
        download: download::<B>,
        copy: copy::<B>,
        unary: unary::<B>,
        binary: binary::<B>,
        where_: where_::<B>,
        cast: cast::<B>,
        reduce: reduce::<B>,
        softmax: softmax::<B>,
        matmul: matmul::<B>,
        fill: fill::<B>,
        arange: arange::<B>,
        linspace: linspace::<B>,
        rand: rand::<B>,
        synchronize: if B::SYNCHRONOUS {
            None
        } else {
            Some(synchronize::<B>)
        },
        create_with_options: Some(create_with_options::<B>),
    }
}

/// Exports a [`Backend`] implementation as a plugin: defines the `tensor_plugin_entry`
/// symbol and a `plugin_api()` function for static registration.
///
/// ```
/// use tensor_core::{Backend, BackendInfo, DType, Dst, Op, Result, Src};
///
/// /// A backend that can only store and copy bytes.
/// pub struct Tiny;
///
/// impl Backend for Tiny {
///     type Buffer = Vec<u8>;
///     fn create(_index: usize) -> Result<Self> { Ok(Tiny) }
///     fn info(&self) -> BackendInfo {
///         BackendInfo { name: "tiny".into(), dtypes: vec![DType::U8], ..Default::default() }
///     }
///     fn supports(&self, op: Op, dtype: DType) -> bool { op == Op::Copy && dtype == DType::U8 }
///     fn alloc(&self, dtype: DType, len: usize) -> Result<Vec<u8>> { Ok(vec![0; len * dtype.size_of()]) }
///     fn buffer_len(&self, buf: &Vec<u8>) -> usize { buf.len() }
///     fn upload(&self, dst: &mut Vec<u8>, src: &[u8]) -> Result<()> { dst.copy_from_slice(src); Ok(()) }
///     fn download(&self, src: &Vec<u8>, dst: &mut [u8]) -> Result<()> { dst.copy_from_slice(src); Ok(()) }
///     fn copy(&self, x: Src<'_, Vec<u8>>, out: Dst<'_, Vec<u8>>) -> Result<()> {
///         for (o, i) in out.buf.iter_mut().zip(x.layout.indices()) { *o = x.buf[i]; }
///         Ok(())
///     }
/// }
///
/// tensor_core::export_backend!(Tiny);
///
/// // The same table a dynamic loader would find, registered statically here:
/// let dev = tensor_core::Device::from_api("tiny", plugin_api(), 0).unwrap();
/// let t = tensor_core::Tensor::from_slice(&dev, &[1u8, 2, 3, 4], &[2, 2]).unwrap();
/// assert_eq!(t.t().unwrap().contiguous().unwrap().to_vec::<u8>().unwrap(), vec![1, 3, 2, 4]);
/// ```
#[macro_export]
macro_rules! export_backend {
    ($backend:ty) => {
        /// The function table of this backend (for static registration with
        /// `tensor_core::Device::from_api`).
        pub fn plugin_api() -> &'static $crate::abi::PluginApi {
            static API: $crate::abi::PluginApi = $crate::abi::table::<$backend>();
            &API
        }

        /// The plugin entry point looked up by the loader.
        #[unsafe(no_mangle)]
        pub extern "C" fn tensor_plugin_entry() -> *const $crate::abi::PluginApi {
            plugin_api()
        }
    };
}

fn to_cerror(code: ErrorCode, message: String) -> Status {
    let message = CString::new(message.replace('\0', " "))
        .unwrap_or_default()
        .into_raw();
    Box::into_raw(Box::new(CError {
        code: code as u32,
        message,
    }))
}

fn error_to_status(e: Error) -> Status {
    let json = serde_json::to_string(&e).unwrap_or_else(|_| e.to_string());
    to_cerror(e.code(), json)
}

/// Runs `f`, turning an `Err` or a panic into a [`Status`].
pub(crate) fn guard(f: impl FnOnce() -> Result<()>) -> Status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => std::ptr::null_mut(),
        Ok(Err(e)) => error_to_status(e),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".into());
            to_cerror(ErrorCode::Panic, format!("panic in plugin: {msg}"))
        }
    }
}

unsafe extern "C" fn error_free(e: Status) {
    if !e.is_null() {
        // SAFETY: `e` came from `to_cerror` (Box::into_raw) and is freed once by the host.
        let e = unsafe { Box::from_raw(e) };
        if !e.message.is_null() {
            // SAFETY: `message` came from CString::into_raw in `to_cerror`.
            drop(unsafe { CString::from_raw(e.message) });
        }
    }
}

unsafe extern "C" fn string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: every string the plugin returns comes from CString::into_raw.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// # Safety
/// `be` must be a pointer returned by `create::<B>` and not yet destroyed.
#[inline(always)]
unsafe fn backend<'a, B: Backend>(be: *const c_void) -> Result<&'a B> {
    if be.is_null() {
        return Err(Error::invalid("abi", "null backend handle"));
    }
    // SAFETY: by the caller's contract `be` is a live `Box<B>` made by `create::<B>`.
    Ok(unsafe { &*(be as *const B) })
}

#[inline]
pub(crate) fn dtype(v: u32) -> Result<DType> {
    DType::from_u32(v).ok_or_else(|| Error::invalid("abi", format!("unknown dtype code {v}")))
}

/// Borrows and validates a [`CTensor`]: dtype known, layout fits the buffer.
///
/// # Safety
/// `t` must point to a valid `CTensor` whose `shape`/`strides` hold `ndim` elements and
/// whose `buffer` came from `alloc::<B>` on the same backend and is still alive.
#[inline(always)]
unsafe fn src<'a, B: Backend>(
    be: &B,
    t: *const CTensor,
    layout: &'a mut Option<Layout>,
) -> Result<Src<'a, B::Buffer>> {
    if t.is_null() {
        return Err(Error::invalid("abi", "null tensor argument"));
    }
    // SAFETY: non-null and valid by the caller's contract.
    let t = unsafe { &*t };
    let n = t.ndim as usize;
    let (shape, strides): (&[usize], &[isize]) = if n == 0 {
        (&[], &[])
    } else {
        // SAFETY: `shape` and `strides` hold `ndim` elements by the caller's contract.
        unsafe {
            (
                std::slice::from_raw_parts(t.shape, n),
                std::slice::from_raw_parts(t.strides, n),
            )
        }
    };
    if t.buffer.is_null() {
        return Err(Error::invalid("abi", "null buffer"));
    }
    // SAFETY: `buffer` is a live `Box<B::Buffer>` from `alloc::<B>`.
    let buf = unsafe { &*(t.buffer as *const B::Buffer) };
    let layout = Layout::from_parts_in(layout, shape, strides, t.offset, be.buffer_len(buf))?;
    Ok(Src {
        buf,
        dtype: dtype(t.dtype)?,
        layout,
    })
}

/// The output of one op call, as the plugin side holds it: the host's buffer, or one
/// allocated here for an ABI 1.2 call (`COut::buffer == NULL`). A buffer allocated here is
/// freed when the `Output` drops, unless [`Output::commit`] handed it to the host first, so
/// an error or a panic in the op never leaks it.
pub(crate) struct Output<B: Backend> {
    out: *mut COut,
    /// Allocated by this call and not yet handed over (else null).
    fresh: *mut B::Buffer,
}

impl<B: Backend> Output<B> {
    /// Wraps the host's output argument.
    pub(crate) fn new(out: *mut COut) -> Self {
        Output {
            out,
            fresh: std::ptr::null_mut(),
        }
    }

    /// The output buffer, its dtype and shape: the host's buffer, or a fresh one of
    /// `prod(shape)` elements made with `be.alloc` when the host passed none.
    ///
    /// # Safety
    /// `out` (from [`Output::new`]) must point to a valid, writable `COut` whose `shape`
    /// holds `ndim` elements, valid for `'a`; a non-null `buffer` must be a live
    /// `Box<B::Buffer>` from `alloc::<B>` on `be`, aliased by no input. `'a` must not
    /// outlive `self`. Called at most once.
    #[inline(always)]
    pub(crate) unsafe fn parts<'a>(
        &mut self,
        be: &B,
    ) -> Result<(&'a mut B::Buffer, DType, &'a [usize], usize)> {
        if self.out.is_null() {
            return Err(Error::invalid("abi", "null output argument"));
        }
        // SAFETY: valid by the caller's contract.
        let o = unsafe { &*self.out };
        let shape: &'a [usize] = if o.ndim == 0 {
            &[]
        } else {
            // SAFETY: `shape` holds `ndim` elements.
            unsafe { std::slice::from_raw_parts(o.shape, o.ndim as usize) }
        };
        let dt = dtype(o.dtype)?;
        let n = crate::layout::checked_numel(shape)?;
        let buf = if o.buffer.is_null() {
            debug_assert!(self.fresh.is_null(), "Output::parts called twice");
            self.fresh = Box::into_raw(Box::new(be.alloc(dt, n)?));
            self.fresh
        } else {
            o.buffer as *mut B::Buffer
        };
        // SAFETY: a live `Box<B::Buffer>`, made just above or by the host's `alloc`, not
        // aliased by any input (host guarantee); it outlives `'a` (caller's contract).
        Ok((unsafe { &mut *buf }, dt, shape, n))
    }

    /// Hands a buffer allocated by this call to the host (writes `COut::buffer`); call
    /// once the op has succeeded.
    pub(crate) fn commit(mut self) {
        if !self.fresh.is_null() {
            // SAFETY: `out` is valid and writable (contract of `parts`, which set `fresh`).
            unsafe { (*self.out).buffer = self.fresh as *mut c_void };
            self.fresh = std::ptr::null_mut();
        }
    }
}

impl<B: Backend> Drop for Output<B> {
    fn drop(&mut self) {
        if !self.fresh.is_null() {
            // SAFETY: made by `parts` with `Box::into_raw` and never handed over.
            drop(unsafe { Box::from_raw(self.fresh) });
        }
    }
}

/// Borrows and validates the output: the buffer holds exactly `prod(shape)` elements.
///
/// # Safety
/// As for [`Output::parts`].
#[inline(always)]
unsafe fn dst<'a, B: Backend>(be: &B, o: &mut Output<B>) -> Result<Dst<'a, B::Buffer>> {
    // SAFETY: forwarded from the caller.
    let (buf, dtype, shape, n) = unsafe { o.parts(be)? };
    if be.buffer_len(buf) != n {
        return Err(Error::invalid(
            "abi",
            format!(
                "output buffer holds {} elements, shape {shape:?} needs {n}",
                be.buffer_len(buf)
            ),
        ));
    }
    Ok(Dst { buf, dtype, shape })
}

pub(crate) fn op_code<T>(v: u32, f: impl Fn(u32) -> Option<T>) -> Result<T> {
    f(v).ok_or_else(|| {
        Error::invalid(
            "abi",
            format!("unknown op code {v} (plugin older than host?)"),
        )
    })
}

unsafe extern "C" fn create<B: Backend>(index: usize, out: *mut *mut c_void) -> Status {
    guard(|| {
        if out.is_null() {
            return Err(Error::invalid("abi", "null out pointer"));
        }
        let b = B::create(index)?;
        // SAFETY: `out` is a valid place for a pointer (checked non-null above).
        unsafe { *out = Box::into_raw(Box::new(b)) as *mut c_void };
        Ok(())
    })
}

unsafe extern "C" fn create_with_options<B: Backend>(
    index: usize,
    options: *const c_char,
    out: *mut *mut c_void,
) -> Status {
    guard(|| {
        if out.is_null() {
            return Err(Error::invalid("abi", "null out pointer"));
        }
        let text = if options.is_null() {
            String::new()
        } else {
            // SAFETY: NUL-terminated string owned by the host for the duration of the call.
            unsafe { CStr::from_ptr(options) }
                .to_str()
                .map_err(|e| Error::invalid("backend options", e.to_string()))?
                .to_string()
        };
        let b = B::create_with_options(index, &crate::backend::BackendOptions::parse(&text)?)?;
        // SAFETY: `out` is a valid place for a pointer (checked non-null above).
        unsafe { *out = Box::into_raw(Box::new(b)) as *mut c_void };
        Ok(())
    })
}

unsafe extern "C" fn synchronize<B: Backend>(be: *const c_void) -> Status {
    guard(|| {
        // SAFETY: host contract: live backend handle.
        unsafe { backend::<B>(be)? }.synchronize()
    })
}

unsafe extern "C" fn destroy<B: Backend>(be: *mut c_void) {
    let _ = guard(|| {
        if !be.is_null() {
            // SAFETY: `be` came from `create::<B>` and is destroyed once by the host.
            drop(unsafe { Box::from_raw(be as *mut B) });
        }
        Ok(())
    });
}

unsafe extern "C" fn info_json<B: Backend>(be: *const c_void, out: *mut *mut c_char) -> Status {
    guard(|| {
        // SAFETY: host contract: live backend handle.
        let b = unsafe { backend::<B>(be)? };
        let json =
            serde_json::to_string(&b.info()).map_err(|e| Error::invalid("info", e.to_string()))?;
        let s = CString::new(json).map_err(|e| Error::invalid("info", e.to_string()))?;
        // SAFETY: `out` is a valid place for a pointer (host contract).
        unsafe { *out = s.into_raw() };
        Ok(())
    })
}

unsafe extern "C" fn supports<B: Backend>(
    be: *const c_void,
    family: u32,
    code: u32,
    dt: u32,
) -> u8 {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: host contract: live backend handle.
        let Ok(b) = (unsafe { backend::<B>(be) }) else {
            return 0;
        };
        match (Op::decode(family, code), DType::from_u32(dt)) {
            (Some(op), Some(d)) => b.supports(op, d) as u8,
            _ => 0,
        }
    }))
    .unwrap_or(0)
}

unsafe extern "C" fn alloc<B: Backend>(
    be: *const c_void,
    dt: u32,
    len: usize,
    out: *mut *mut c_void,
) -> Status {
    guard(|| {
        // SAFETY: host contract: live backend handle.
        let b = unsafe { backend::<B>(be)? };
        let buf = b.alloc(dtype(dt)?, len)?;
        // SAFETY: `out` is a valid place for a pointer (host contract).
        unsafe { *out = Box::into_raw(Box::new(buf)) as *mut c_void };
        Ok(())
    })
}

unsafe extern "C" fn free<B: Backend>(_be: *const c_void, buf: *mut c_void) {
    let _ = guard(|| {
        if !buf.is_null() {
            // SAFETY: `buf` came from `alloc::<B>` and is freed once by the host.
            drop(unsafe { Box::from_raw(buf as *mut B::Buffer) });
        }
        Ok(())
    });
}

unsafe extern "C" fn upload<B: Backend>(
    be: *const c_void,
    buf: *mut c_void,
    s: *const u8,
    len: usize,
) -> Status {
    guard(|| {
        // SAFETY: host contract: live backend, live unaliased buffer, `s` holds `len` bytes.
        let (b, buf, s) = unsafe {
            (
                backend::<B>(be)?,
                &mut *(buf as *mut B::Buffer),
                std::slice::from_raw_parts(s, len),
            )
        };
        b.upload(buf, s)
    })
}

unsafe extern "C" fn download<B: Backend>(
    be: *const c_void,
    buf: *const c_void,
    d: *mut u8,
    len: usize,
) -> Status {
    guard(|| {
        // SAFETY: host contract: live backend and buffer, `d` has room for `len` bytes.
        let (b, buf, d) = unsafe {
            (
                backend::<B>(be)?,
                &*(buf as *const B::Buffer),
                std::slice::from_raw_parts_mut(d, len),
            )
        };
        b.download(buf, d)
    })
}

macro_rules! adapter {
    ($(#[$m:meta])* fn $name:ident($be:ident $(, $arg:ident: $t:ty)*; $out:ident) { $($body:tt)* }) => {
        $(#[$m])*
        unsafe extern "C" fn $name<B: Backend>(
            $be: *const c_void $(, $arg: $t)*, $out: *mut COut,
        ) -> Status {
            guard(|| {
                // SAFETY: host contract: every pointer argument is valid, see `src`/`dst`.
                let $be = unsafe { backend::<B>($be)? };
                let mut slot = Output::<B>::new($out);
                // SAFETY: as above; the buffer lives in `slot` or with the host, both of
                // which outlive the op call below.
                let $out = unsafe { dst($be, &mut slot)? };
                #[allow(unused_unsafe)]
                unsafe { $($body)* }?;
                slot.commit();
                Ok(())
            })
        }
    };
}

adapter!(fn copy(be, x: *const CTensor; out) {
    let mut lx = None;
    be.copy(src(be, x, &mut lx)?, out)
});
adapter!(fn unary(be, op: u32, x: *const CTensor; out) {
    let mut lx = None;
    be.unary(op_code(op, crate::UnaryOp::from_u32)?, src(be, x, &mut lx)?, out)
});
adapter!(fn binary(be, op: u32, a: *const CTensor, b: *const CTensor; out) {
    let (mut la, mut lb) = (None, None);
    be.binary(op_code(op, crate::BinaryOp::from_u32)?, src(be, a, &mut la)?, src(be, b, &mut lb)?, out)
});
adapter!(fn where_(be, c: *const CTensor, a: *const CTensor, b: *const CTensor; out) {
    let (mut lc, mut la, mut lb) = (None, None, None);
    be.where_(src(be, c, &mut lc)?, src(be, a, &mut la)?, src(be, b, &mut lb)?, out)
});
adapter!(fn cast(be, x: *const CTensor; out) {
    let mut lx = None;
    be.cast(src(be, x, &mut lx)?, out)
});
adapter!(fn reduce(be, op: u32, x: *const CTensor, axes: *const usize, naxes: usize, ddof: f64; out) {
    let mut lx = None;
    let axes = if naxes == 0 { &[][..] } else { std::slice::from_raw_parts(axes, naxes) };
    be.reduce(op_code(op, crate::ReduceOp::from_u32)?, src(be, x, &mut lx)?, axes, ddof, out)
});
adapter!(fn softmax(be, op: u32, x: *const CTensor, axis: usize; out) {
    let mut lx = None;
    be.softmax(op_code(op, crate::SoftmaxOp::from_u32)?, src(be, x, &mut lx)?, axis, out)
});
adapter!(fn matmul(be, a: *const CTensor, b: *const CTensor; out) {
    let (mut la, mut lb) = (None, None);
    be.matmul(src(be, a, &mut la)?, src(be, b, &mut lb)?, out)
});
adapter!(fn fill(be, value: Scalar; out) {
    be.fill(value, out)
});
adapter!(fn arange(be, start: Scalar, step: Scalar; out) {
    be.arange(start, step, out)
});
adapter!(fn linspace(be, start: f64, stop: f64, endpoint: u8; out) {
    be.linspace(start, stop, endpoint != 0, out)
});
adapter!(fn rand(be, dist: u32, seed: u64; out) {
    be.rand(op_code(dist, crate::RandDist::from_u32)?, seed, out)
});

// ---------------------------------------------------------------------------------------
// Host side: turning statuses back into errors.
// ---------------------------------------------------------------------------------------

/// Converts a [`Status`] into a `Result`, freeing the error.
///
/// # Safety
/// `status` must be null or a `CError` from the plugin whose `error_free` is given.
#[inline]
pub(crate) unsafe fn check(status: Status, api: &PluginApi, backend: &str) -> Result<()> {
    if status.is_null() {
        return Ok(());
    }
    // SAFETY: forwarded from the caller.
    Err(unsafe { take_error(status, api, backend) })
}

/// The [`Error`] a non-null [`Status`] carries; frees the status.
///
/// # Safety
/// As for [`check`], and `status` is not null.
#[cold]
unsafe fn take_error(status: Status, api: &PluginApi, backend: &str) -> Error {
    // SAFETY: non-null status from the plugin.
    let e = unsafe { &*status };
    let text = if e.message.is_null() {
        &[][..]
    } else {
        // SAFETY: NUL-terminated string owned by the error, alive until freed below.
        unsafe { CStr::from_ptr(e.message) }.to_bytes()
    };
    let err = error_from_plugin(e.code, text, backend);
    // SAFETY: freed exactly once, with the plugin's own deallocator; `text` is not used after.
    unsafe { (api.error_free)(status) };
    err
}

/// The [`Error`] the host makes of a plugin's failed call: the status `code` and the bytes
/// of its message (without the NUL). The message is the JSON of an [`Error`]; anything else
/// (and every panic) becomes [`Error::Backend`] carrying the text.
///
/// This is exactly what the host runs on every error status; it is public so that the fuzz
/// targets in `tests/fuzz` run the host's own code on untrusted plugin messages.
#[doc(hidden)]
pub fn error_from_plugin(code: u32, message: &[u8], backend: &str) -> Error {
    let text = String::from_utf8_lossy(message).into_owned();
    match ErrorCode::from_u32(code) {
        ErrorCode::Panic => Error::Backend {
            backend: backend.into(),
            msg: text,
        },
        _ => serde_json::from_str::<Error>(&text).unwrap_or(Error::Backend {
            backend: backend.into(),
            msg: text,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BackendInfo, Device, Tensor};
    use std::sync::atomic::{AtomicIsize, Ordering};

    #[test]
    fn plugin_error_messages_become_errors() {
        let e = Error::invalid("op", "bad");
        let json = serde_json::to_string(&e).unwrap();
        let code = ErrorCode::InvalidArgument as u32;
        assert_eq!(error_from_plugin(code, json.as_bytes(), "p"), e);
        // A panic's message is text even when it looks like JSON.
        let got = error_from_plugin(ErrorCode::Panic as u32, json.as_bytes(), "p");
        assert_eq!(
            got,
            Error::Backend {
                backend: "p".into(),
                msg: json
            }
        );
        // Not JSON (and not UTF-8): the lossy text.
        let got = error_from_plugin(code, b"oops \xff", "p");
        assert_eq!(
            got,
            Error::Backend {
                backend: "p".into(),
                msg: "oops \u{fffd}".into()
            }
        );
    }

    /// Buffers of [`Failing`] alive right now.
    static LIVE: AtomicIsize = AtomicIsize::new(0);

    struct Counted(Vec<u8>);
    impl Drop for Counted {
        fn drop(&mut self) {
            LIVE.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// A `u8` backend whose `copy` fails with an error for 3 elements and panics for 5.
    struct Failing;
    impl Backend for Failing {
        type Buffer = Counted;
        fn create(_index: usize) -> Result<Self> {
            Ok(Failing)
        }
        fn info(&self) -> BackendInfo {
            BackendInfo {
                name: "failing".into(),
                ..Default::default()
            }
        }
        fn supports(&self, _op: Op, dtype: DType) -> bool {
            dtype == DType::U8
        }
        fn alloc(&self, dtype: DType, len: usize) -> Result<Counted> {
            LIVE.fetch_add(1, Ordering::SeqCst);
            Ok(Counted(vec![0; len * dtype.size_of()]))
        }
        fn buffer_len(&self, buf: &Counted) -> usize {
            buf.0.len()
        }
        fn upload(&self, dst: &mut Counted, src: &[u8]) -> Result<()> {
            dst.0.copy_from_slice(src);
            Ok(())
        }
        fn download(&self, src: &Counted, dst: &mut [u8]) -> Result<()> {
            dst.copy_from_slice(&src.0);
            Ok(())
        }
        fn copy(&self, x: Src<'_, Counted>, out: Dst<'_, Counted>) -> Result<()> {
            match out.numel() {
                3 => return Err(Error::invalid("copy", "deliberate failure")),
                5 => panic!("deliberate panic"),
                _ => {}
            }
            for (o, i) in out.buf.0.iter_mut().zip(x.layout.indices()) {
                *o = x.buf.0[i];
            }
            Ok(())
        }
    }

    #[test]
    fn outputs_allocated_in_a_failed_call_are_freed() {
        static API: PluginApi = table::<Failing>();
        let dev = Device::from_api("failing", &API, 0).unwrap();
        assert_eq!(dev.abi_version(), (ABI_MAJOR, 2));
        for n in [3usize, 5] {
            let t = Tensor::from_slice(&dev, &vec![1u8; n], &[n, 1]).unwrap();
            assert_eq!(LIVE.load(Ordering::SeqCst), 1);
            // A transposed view of shape [1, n] is contiguous; reverse it to force a copy.
            let v = t.slice(&[crate::SliceArg::new(None, None, -1)]).unwrap();
            assert!(v.contiguous().is_err());
            assert_eq!(LIVE.load(Ordering::SeqCst), 1, "the failed output leaked");
            drop((t, v));
            assert_eq!(LIVE.load(Ordering::SeqCst), 0);
        }
        let t = Tensor::from_slice(&dev, &[1u8, 2, 3, 4], &[4]).unwrap();
        let v = t.slice(&[crate::SliceArg::new(None, None, -1)]).unwrap();
        assert_eq!(
            v.contiguous().unwrap().to_vec::<u8>().unwrap(),
            [4, 3, 2, 1]
        );
    }
}
