//! Copy and fill: the shared kernels of [`tensor_core::kernels::ops::copy`], and `fill` as
//! `clEnqueueFillBuffer` (the value converted on the host), the OpenCL backend's
//! [`fill_native`](tensor_core::kernels::runtime::Runtime::fill_native) hook.

pub use tensor_core::kernels::ops::copy::*;

use crate::buffer::ClBuffer;
use crate::error::enqueue_error;
use opencl3::command_queue::CommandQueue;
use tensor_core::Result;
use tensor_core::kernels::runtime::GpuBuffer;

/// Every element of `out` set to the element bit pattern `pattern`.
pub fn fill_buffer(queue: &CommandQueue, out: &mut ClBuffer, pattern: &[u8]) -> Result<()> {
    let bytes = out.bytes();
    // SAFETY: the pattern's size (1, 2, 4 or 8 bytes, one element) divides the buffer size
    // and the fill covers exactly the buffer; OpenCL copies the pattern before returning.
    unsafe { queue.enqueue_fill_buffer(&mut out.mem, pattern, 0, bytes, &[]) }
        .map_err(|e| enqueue_error(e, "clEnqueueFillBuffer", bytes))?;
    Ok(())
}
