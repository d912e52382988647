//! [`CpuBuffer`], the host memory of the CPU backend, and the one audited place where its
//! bytes are viewed as typed slices.
//!
//! # Invariants
//! - The storage is a run of 64-byte aligned, 64-byte blocks from the caching allocator
//!   ([`crate::pool`]), so any element type of the project (alignment at most 8) can be
//!   viewed in place and every view starts on a cache line.
//! - Every byte of the storage is initialised: fresh blocks are zeroed by the allocator,
//!   reused ones hold what their previous owner wrote.
//! - `len * dtype.size_of() <= class * 64`.
//! - A `bool` buffer only ever holds the bytes 0 and 1: it starts zeroed (a reused block is
//!   zeroed for a `bool` buffer), typed writes go through `&mut [bool]`, and
//!   [`CpuBuffer::write_bytes`] normalises uploaded bytes.

use half::{bf16, f16};
use tensor_core::{DType, Element, Error, Result};

use crate::pool::{self, BLOCK, class_blocks};
use std::ptr::NonNull;

/// Alignment of the dangling pointer of an empty buffer (so every typed view is aligned).
#[repr(align(64))]
struct Align64;

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

/// A host buffer of `len` elements of one dtype. Its storage goes back to the caching
/// allocator ([`crate::pool`]) on drop.
pub struct CpuBuffer {
    /// Start of `class` blocks (dangling and unused when `class == 0`).
    ptr: NonNull<u8>,
    /// Size class in 64-byte blocks; 0 for an empty buffer.
    class: usize,
    dtype: DType,
    len: usize,
}

// SAFETY: `CpuBuffer` uniquely owns its storage (like a `Vec<u8>`); shared access is
// read-only through `&self`.
unsafe impl Send for CpuBuffer {}
// SAFETY: as above; `&CpuBuffer` only gives out shared slices.
unsafe impl Sync for CpuBuffer {}

impl Drop for CpuBuffer {
    fn drop(&mut self) {
        if self.class > 0 {
            // SAFETY: `ptr` came from `pool::take(class)` and is given back once.
            unsafe { pool::give(self.ptr, self.class) };
        }
    }
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
        Self::with_contents(dtype, len, true)
    }

    /// Allocates `len` elements whose values are unspecified (but initialised: zeros or
    /// what a previous buffer of the caching allocator held; `bool` buffers are zeroed).
    /// For outputs that the op overwrites entirely: a reused block is not written twice.
    #[inline]
    pub fn for_output(dtype: DType, len: usize) -> Result<CpuBuffer> {
        Self::with_contents(dtype, len, dtype == DType::Bool)
    }

    #[inline(always)]
    fn with_contents(dtype: DType, len: usize, zero: bool) -> Result<CpuBuffer> {
        #[cold]
        fn oom(bytes: usize) -> Error {
            Error::out_of_memory("cpu", bytes)
        }
        let bytes = len
            .checked_mul(dtype.size_of())
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(|| oom(usize::MAX))?;
        let class = class_blocks(bytes.div_ceil(BLOCK));
        if class == 0 {
            return Ok(CpuBuffer {
                ptr: NonNull::<Align64>::dangling().cast(),
                class,
                dtype,
                len,
            });
        }
        let (ptr, reused) = pool::take(class).ok_or_else(|| oom(bytes))?;
        if reused && zero {
            // SAFETY: the block holds `class * 64 >= bytes` bytes owned by us.
            unsafe { std::ptr::write_bytes(ptr.as_ptr(), 0, bytes) };
        }
        Ok(CpuBuffer {
            ptr,
            class,
            dtype,
            len,
        })
    }

    /// Element type.
    #[inline]
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    /// Number of elements.
    #[inline]
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

    #[inline]
    fn check<T: Pod>(&self) -> Result<()> {
        #[cold]
        fn mismatch(holds: DType, used: DType) -> Error {
            Error::invalid(
                "cpu",
                format!("buffer holds {holds} but was used as {used}"),
            )
        }
        if T::DTYPE != self.dtype {
            return Err(mismatch(self.dtype, T::DTYPE));
        }
        debug_assert_eq!(std::mem::size_of::<T>(), self.dtype.size_of());
        Ok(())
    }

    /// The elements as a typed slice; an error if `T` is not the buffer's dtype.
    #[inline]
    pub fn as_slice<T: Pod>(&self) -> Result<&[T]> {
        self.check::<T>()?;
        // SAFETY: the storage is 64-byte aligned (or dangling and aligned for len 0) and
        // holds at least `len * size_of::<T>()` initialised bytes (module invariant); `T: Pod` is the buffer's dtype, so every
        // byte pattern in it is a valid `T` (bool buffers hold only 0/1).
        Ok(unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const T, self.len) })
    }

    /// The elements as a mutable typed slice; an error if `T` is not the buffer's dtype.
    #[inline]
    pub fn as_mut_slice<T: Pod>(&mut self) -> Result<&mut [T]> {
        self.check::<T>()?;
        // SAFETY: as in `as_slice`; the `&mut self` borrow makes the view unique.
        Ok(unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr() as *mut T, self.len) })
    }

    /// The raw bytes (little-endian elements).
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the first `nbytes` bytes of the blocks are initialised `u8`s.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr() as *const u8, self.nbytes()) }
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
        let dst = unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), n) };
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

    #[test]
    fn reused_storage_is_zeroed_where_required() {
        for _ in 0..4 {
            // Same size class each time, so the pool hands the block back.
            let mut b = CpuBuffer::for_output(DType::U8, 100).unwrap();
            b.as_mut_slice::<u8>().unwrap().fill(7);
            let p = b.bytes().as_ptr();
            drop(b);
            let bb = CpuBuffer::for_output(DType::Bool, 100).unwrap();
            assert!(bb.bytes().iter().all(|&x| x == 0));
            let reused = bb.bytes().as_ptr() == p;
            drop(bb);
            let mut c = CpuBuffer::for_output(DType::U8, 100).unwrap();
            c.as_mut_slice::<u8>().unwrap().fill(9);
            drop(c);
            let z = CpuBuffer::zeroed(DType::U8, 100).unwrap();
            assert!(z.bytes().iter().all(|&x| x == 0));
            if reused {
                return;
            }
        }
        // Other tests share the process-wide pool; at least one round must have reused.
        panic!("the pool never reused a freed block");
    }
}
