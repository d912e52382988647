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

impl CudaBuffer {
    /// Element type.
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if the buffer holds no element.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Size in bytes.
    pub fn bytes(&self) -> usize {
        self.len * self.dtype.size_of()
    }
}
