//! Test fixture: a plugin with the right ABI version whose function table is shorter than
//! `PluginApi` (only the header and the first three functions, as an old or truncated
//! build would have). The loader must refuse it without reading past the end.

use std::ffi::{c_char, c_void};
use tensor_core::abi::{ABI_MAJOR, ABI_MINOR, PluginApi, Status, table};
use tensor_core::{Backend, BackendInfo, DType, Dst, Error, Op, Result, Src};

/// A backend that is never created: the loader must reject the table first.
pub struct Never;

impl Backend for Never {
    type Buffer = Vec<u8>;
    fn create(_index: usize) -> Result<Self> {
        Err(Error::Unavailable {
            backend: "fixture-short-table".into(),
            reason: "must never be created".into(),
        })
    }
    fn info(&self) -> BackendInfo {
        BackendInfo::default()
    }
    fn supports(&self, _op: Op, _dtype: DType) -> bool {
        false
    }
    fn alloc(&self, _dtype: DType, _len: usize) -> Result<Vec<u8>> {
        unreachable!()
    }
    fn buffer_len(&self, buf: &Vec<u8>) -> usize {
        buf.len()
    }
    fn upload(&self, _dst: &mut Vec<u8>, _src: &[u8]) -> Result<()> {
        unreachable!()
    }
    fn download(&self, _src: &Vec<u8>, _dst: &mut [u8]) -> Result<()> {
        unreachable!()
    }
    fn copy(&self, _x: Src<'_, Vec<u8>>, _out: Dst<'_, Vec<u8>>) -> Result<()> {
        unreachable!()
    }
}

/// The first fields of `PluginApi`, laid out identically, and nothing after them.
#[repr(C)]
pub struct ShortTable {
    struct_size: usize,
    abi_major: u32,
    abi_minor: u32,
    error_free: unsafe extern "C" fn(Status),
    string_free: unsafe extern "C" fn(*mut c_char),
    create: unsafe extern "C" fn(usize, *mut *mut c_void) -> Status,
}

const FULL: PluginApi = table::<Never>();

static API: ShortTable = ShortTable {
    struct_size: std::mem::size_of::<ShortTable>(),
    abi_major: ABI_MAJOR,
    abi_minor: ABI_MINOR,
    error_free: FULL.error_free,
    string_free: FULL.string_free,
    create: FULL.create,
};

/// The entry point the loader looks up; the pointer is to a table that is too short.
#[unsafe(no_mangle)]
pub extern "C" fn tensor_plugin_entry() -> *const PluginApi {
    (&raw const API).cast()
}
