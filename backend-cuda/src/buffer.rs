//! Device memory: a `cuMemAlloc` allocation with its element type and length.

use cudarc::driver::CudaSlice;
use tensor_core::DType;

/// `len` elements of `dtype` in one device allocation (at least one byte). Freed on drop
/// (`cuMemFreeAsync` on the backend's stream, so after the work already queued on it).
#[derive(Debug)]
pub struct CudaBuffer {
    pub(crate) mem: CudaSlice<u8>,
    pub(crate) dtype: DType,
    pub(crate) len: usize,
}

/// Element type, length and size through the shared layer's trait.
impl tensor_core::kernels::runtime::GpuBuffer for CudaBuffer {
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn len(&self) -> usize {
        self.len
    }
}
