//! Test fixture: a working backend (bytes of `u8` only) that panics on purpose in chosen
//! places, so tests can check that every panic comes back to the host as an error and the
//! host survives:
//! - `create(PANIC_DEVICE)` panics;
//! - `alloc` of `PANIC_LEN` elements panics;
//! - `copy` into an output of `PANIC_COPY_LEN` elements panics;
//! - `unary` always panics;
//! - `supports` panics for `f64` (the host must read that as "unsupported").
//!
//! Each panic message contains `fixture-panicky deliberate panic`.

use tensor_core::{Backend, BackendInfo, DType, Dst, Op, Result, Src, UnaryOp};

/// Device index whose `create` panics.
pub const PANIC_DEVICE: usize = 7;
/// Allocation length (elements) that panics.
pub const PANIC_LEN: usize = 13;
/// Output length (elements) for which `copy` panics.
pub const PANIC_COPY_LEN: usize = 6;

/// The backend.
pub struct Panicky;

impl Backend for Panicky {
    type Buffer = Vec<u8>;

    fn create(index: usize) -> Result<Self> {
        if index == PANIC_DEVICE {
            panic!("fixture-panicky deliberate panic in create({index})");
        }
        Ok(Panicky)
    }

    fn info(&self) -> BackendInfo {
        BackendInfo {
            name: "fixture-panicky".into(),
            dtypes: vec![DType::U8],
            ..Default::default()
        }
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        if dtype == DType::F64 {
            panic!("fixture-panicky deliberate panic in supports");
        }
        dtype == DType::U8 && matches!(op, Op::Copy | Op::Unary(_))
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<Vec<u8>> {
        if len == PANIC_LEN {
            panic!("fixture-panicky deliberate panic in alloc({len})");
        }
        Ok(vec![0; len * dtype.size_of()])
    }

    fn buffer_len(&self, buf: &Vec<u8>) -> usize {
        buf.len()
    }

    fn upload(&self, dst: &mut Vec<u8>, src: &[u8]) -> Result<()> {
        dst.copy_from_slice(src);
        Ok(())
    }

    fn download(&self, src: &Vec<u8>, dst: &mut [u8]) -> Result<()> {
        dst.copy_from_slice(src);
        Ok(())
    }

    fn copy(&self, x: Src<'_, Vec<u8>>, out: Dst<'_, Vec<u8>>) -> Result<()> {
        if out.numel() == PANIC_COPY_LEN {
            panic!("fixture-panicky deliberate panic in copy");
        }
        for (o, i) in out.buf.iter_mut().zip(x.layout.indices()) {
            *o = x.buf[i];
        }
        Ok(())
    }

    fn unary(&self, op: UnaryOp, _x: Src<'_, Vec<u8>>, _out: Dst<'_, Vec<u8>>) -> Result<()> {
        panic!("fixture-panicky deliberate panic in unary({op})");
    }
}

tensor_core::export_backend!(Panicky);
