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
    /// The raw handle, for kernel arguments.
    pub(crate) fn raw(&self) -> cl_mem {
        self.mem.get()
    }
}

/// Element type, length and size through the shared layer's trait.
impl tensor_core::kernels::runtime::GpuBuffer for ClBuffer {
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn len(&self) -> usize {
        self.len
    }
}
