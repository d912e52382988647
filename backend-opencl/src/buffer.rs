//! Device memory: an OpenCL buffer object with its element type and length.

use opencl3::memory::{Buffer, ClMem};
use opencl3::types::cl_mem;
use tensor_core::DType;

/// `len` elements of `dtype` in one `cl_mem` (at least one byte, since OpenCL rejects
/// empty buffers). Freed (`clReleaseMemObject`) on drop; OpenCL keeps the storage alive
/// until the commands already enqueued on it have finished.
#[derive(Debug)]
pub struct ClBuffer {
    pub(crate) mem: Buffer<u8>,
    pub(crate) dtype: DType,
    pub(crate) len: usize,
}

impl ClBuffer {
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

    /// The raw handle, for kernel arguments.
    pub(crate) fn raw(&self) -> cl_mem {
        self.mem.get()
    }
}
