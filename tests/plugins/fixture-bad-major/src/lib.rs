//! Test fixture: a plugin whose function table claims ABI major version
//! `tensor_core::abi::ABI_MAJOR + 1`. The loader must refuse it, naming both versions.

use tensor_core::abi::{ABI_MAJOR, PluginApi, table};
use tensor_core::{Backend, BackendInfo, DType, Dst, Error, Op, Result, Src};

/// A backend that is never created: the loader must reject the table first.
pub struct Never;

impl Backend for Never {
    type Buffer = Vec<u8>;
    fn create(_index: usize) -> Result<Self> {
        Err(Error::Unavailable {
            backend: "fixture-bad-major".into(),
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

/// A complete table from a future major version.
static API: PluginApi = PluginApi {
    abi_major: ABI_MAJOR + 1,
    ..table::<Never>()
};

/// The entry point the loader looks up.
#[unsafe(no_mangle)]
pub extern "C" fn tensor_plugin_entry() -> *const PluginApi {
    &API
}
