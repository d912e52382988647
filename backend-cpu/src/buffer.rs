//! [`CpuBuffer`], the host memory of the CPU backend, and the one audited place where its
//! bytes are viewed as typed slices.
//!
//! # Invariants
//! - The storage is a `Vec` of 64-byte aligned, 64-byte blocks, zero-initialised on
//!   allocation, so any element type of the project (alignment at most 8) can be viewed in
//!   place and every view starts on a cache line.
//! - `len * dtype.size_of() <= blocks.len() * 64`.
//! - A `bool` buffer only ever holds the bytes 0 and 1: it starts zeroed, typed writes go
//!   through `&mut [bool]`, and [`CpuBuffer::write_bytes`] normalises uploaded bytes.

use half::{bf16, f16};
use tensor_core::{DType, Element, Error, Result};

/// One cache line of storage.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Block([u8; 64]);

/// Element types that may be viewed in place inside a [`CpuBuffer`]: the eight element
/// types of the project, and nothing else (the trait is sealed).
///
/// # Safety
/// Implementors must be plain data without padding whose size is `DTYPE.size_of()` and
/// whose alignment is at most 64; every bit pattern must be valid, except for `bool`, whose
/// buffers keep the invariant described in the module docs.
pub unsafe trait Pod: Element + sealed::Sealed {}

mod sealed {
    pub trait Sealed {}
}

macro_rules! pod {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        // SAFETY: primitive (or `repr(transparent)` over `u16`) types without padding;
        // `bool` is covered by the module invariant.
        unsafe impl Pod for $t {}
    )*};
}
pod!(bool, u8, i32, i64, f16, bf16, f32, f64);

/// A host buffer of `len` elements of one dtype.
pub struct CpuBuffer {
    blocks: Vec<Block>,
    dtype: DType,
    len: usize,
}

impl std::fmt::Debug for CpuBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CpuBuffer")
            .field("dtype", &self.dtype)
            .field("len", &self.len)
            .finish()
    }
}

impl CpuBuffer {
    /// Allocates `len` zeroed elements; a failed allocation is [`Error::OutOfMemory`].
    pub fn zeroed(dtype: DType, len: usize) -> Result<CpuBuffer> {
        let oom = |bytes| Error::OutOfMemory {
            backend: "cpu".into(),
            bytes,
        };
        let bytes = len
            .checked_mul(dtype.size_of())
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or(oom(usize::MAX))?;
        let nblocks = bytes.div_ceil(64);
        if nblocks == 0 {
            return Ok(CpuBuffer {
                blocks: Vec::new(),
                dtype,
                len,
            });
        }
        // `alloc_zeroed` (calloc) instead of writing zeros: large buffers come straight from
        // the kernel as zero pages, so nothing is touched on one thread before the (parallel)
        // kernel writes the output. See docs/benchmarks.md.
        let layout = std::alloc::Layout::array::<Block>(nblocks).map_err(|_| oom(bytes))?;
        // SAFETY: `layout` has a non-zero size (nblocks > 0).
        let ptr = unsafe { std::alloc::alloc_zeroed(layout) } as *mut Block;
        if ptr.is_null() {
            return Err(oom(bytes));
        }
        // SAFETY: `ptr` was allocated by the global allocator with the layout of
        // `[Block; nblocks]`; all-zero bytes are a valid `Block`; length == capacity.
        let blocks = unsafe { Vec::from_raw_parts(ptr, nblocks, nblocks) };
        Ok(CpuBuffer { blocks, dtype, len })
    }

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

    fn nbytes(&self) -> usize {
        self.len * self.dtype.size_of()
    }

    fn check<T: Pod>(&self) -> Result<()> {
        if T::DTYPE != self.dtype {
            return Err(Error::invalid(
                "cpu",
                format!("buffer holds {} but was used as {}", self.dtype, T::DTYPE),
            ));
        }
        debug_assert_eq!(std::mem::size_of::<T>(), self.dtype.size_of());
        Ok(())
    }

    /// The elements as a typed slice; an error if `T` is not the buffer's dtype.
    pub fn as_slice<T: Pod>(&self) -> Result<&[T]> {
        self.check::<T>()?;
        // SAFETY: the blocks are 64-byte aligned and hold at least `len * size_of::<T>()`
        // initialised bytes (module invariant); `T: Pod` is the buffer's dtype, so every
        // byte pattern in it is a valid `T` (bool buffers hold only 0/1).
        Ok(unsafe { std::slice::from_raw_parts(self.blocks.as_ptr() as *const T, self.len) })
    }

    /// The elements as a mutable typed slice; an error if `T` is not the buffer's dtype.
    pub fn as_mut_slice<T: Pod>(&mut self) -> Result<&mut [T]> {
        self.check::<T>()?;
        // SAFETY: as in `as_slice`; the `&mut self` borrow makes the view unique.
        Ok(unsafe { std::slice::from_raw_parts_mut(self.blocks.as_mut_ptr() as *mut T, self.len) })
    }

    /// The raw bytes (little-endian elements).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the first `nbytes` bytes of the blocks are initialised `u8`s.
        unsafe { std::slice::from_raw_parts(self.blocks.as_ptr() as *const u8, self.nbytes()) }
    }

    /// Overwrites the whole buffer from little-endian bytes (`bool` bytes are normalised to
    /// 0/1 so that the buffer stays a valid `[bool]`).
    pub fn write_bytes(&mut self, src: &[u8]) -> Result<()> {
        let n = self.nbytes();
        if src.len() != n {
            return Err(Error::invalid(
                "upload",
                format!("{} bytes given for a buffer of {n} bytes", src.len()),
            ));
        }
        // SAFETY: the first `n` bytes of the blocks are initialised; the `&mut self` borrow
        // makes this the only view.
        let dst = unsafe { std::slice::from_raw_parts_mut(self.blocks.as_mut_ptr() as *mut u8, n) };
        if self.dtype == DType::Bool {
            for (d, &s) in dst.iter_mut().zip(src) {
                *d = (s != 0) as u8;
            }
        } else {
            dst.copy_from_slice(src);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_typed_aligned_and_checked() {
        let mut b = CpuBuffer::zeroed(DType::F32, 5).unwrap();
        assert_eq!(b.as_slice::<f32>().unwrap(), &[0.0; 5]);
        assert!(b.as_slice::<i32>().is_err());
        b.as_mut_slice::<f32>().unwrap()[4] = 1.5;
        assert_eq!(&b.bytes()[16..20], &1.5f32.to_le_bytes());
        assert_eq!(b.as_slice::<f32>().unwrap().as_ptr() as usize % 64, 0);
        let mut bb = CpuBuffer::zeroed(DType::Bool, 3).unwrap();
        bb.write_bytes(&[0, 7, 1]).unwrap();
        assert_eq!(bb.as_slice::<bool>().unwrap(), &[false, true, true]);
        assert!(bb.write_bytes(&[0]).is_err());
        assert!(matches!(
            CpuBuffer::zeroed(DType::F64, usize::MAX / 4),
            Err(Error::OutOfMemory { .. })
        ));
    }
}
