//! A template backend plugin for tensor-core: f32 `add` and `neg` on the host CPU, every
//! other op reported unsupported (the trait's default bodies return the typed
//! `Error::Unsupported`, which the host and the conformance suite understand).
//!
//! Start here: rename the crate, change [`NAME`], then implement more ops in
//! [`Backend`] (the contract of each method is in `tensor_core::backend`) and declare them
//! in [`Backend::supports`]. `cargo test` grades the plugin with the conformance suite;
//! `cargo build --release` gives `target/release/lib<crate>.so`, which
//! `conformance run --backends ./target/release/lib<crate>.so` grades from the command line.
//!
//! `export_backend!` writes the C ABI (the `tensor_plugin_entry` symbol, panics caught at
//! the boundary): no `unsafe` and no FFI here.

#![warn(missing_docs)]

use tensor_core::{Backend, BackendInfo, BinaryOp, DType, Dst, Error, Op, Result, Src, UnaryOp};

/// The backend's name, as reports and errors show it.
pub const NAME: &str = "template";

/// A buffer: little-endian bytes of `len` elements of `dtype`. Every dtype can be stored
/// (the host uploads e.g. `bool` conditions for ops this backend then declines).
pub struct Buffer {
    dtype: DType,
    bytes: Vec<u8>,
}

impl Buffer {
    /// Element `i` of an f32 buffer.
    fn f32_at(&self, i: usize) -> f32 {
        let c = &self.bytes[4 * i..4 * i + 4];
        f32::from_le_bytes([c[0], c[1], c[2], c[3]])
    }
}

/// The backend: stateless, so `Send + Sync` for free (the host calls it from any thread).
pub struct Template;

impl Backend for Template {
    type Buffer = Buffer;

    /// One device, index 0.
    fn create(index: usize) -> Result<Self> {
        if index != 0 {
            return Err(Error::Unavailable {
                backend: NAME.into(),
                reason: format!("device index {index} out of range: one device (0)"),
            });
        }
        Ok(Template)
    }

    fn info(&self) -> BackendInfo {
        BackendInfo {
            name: NAME.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            device: "host CPU".into(),
            devices: vec!["host CPU".into()],
            dtypes: vec![DType::F32],
            math_mode: "ieee".into(),
            denormals: "preserved".into(),
            reduction: "none".into(),
            ..Default::default()
        }
    }

    fn supports(&self, op: Op, dtype: DType) -> bool {
        dtype == DType::F32
            && matches!(
                op,
                Op::Binary(BinaryOp::Add) | Op::Unary(UnaryOp::Neg) | Op::Copy
            )
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<Buffer> {
        let bytes = len
            .checked_mul(dtype.size_of())
            .ok_or_else(|| Error::out_of_memory(NAME, usize::MAX))?;
        Ok(Buffer {
            dtype,
            bytes: vec![0; bytes],
        })
    }

    fn buffer_len(&self, buf: &Buffer) -> usize {
        buf.bytes.len() / buf.dtype.size_of()
    }

    fn upload(&self, dst: &mut Buffer, src: &[u8]) -> Result<()> {
        dst.bytes.copy_from_slice(src);
        Ok(())
    }

    fn download(&self, src: &Buffer, dst: &mut [u8]) -> Result<()> {
        dst.copy_from_slice(&src.bytes);
        Ok(())
    }

    /// Strided to contiguous, any dtype (byte copies of each element).
    fn copy(&self, x: Src<'_, Buffer>, out: Dst<'_, Buffer>) -> Result<()> {
        let size = x.dtype.size_of();
        for (o, i) in out.buf.bytes.chunks_exact_mut(size).zip(x.layout.indices()) {
            o.copy_from_slice(&x.buf.bytes[i * size..(i + 1) * size]);
        }
        Ok(())
    }

    fn unary(&self, op: UnaryOp, x: Src<'_, Buffer>, out: Dst<'_, Buffer>) -> Result<()> {
        if op != UnaryOp::Neg || x.dtype != DType::F32 {
            return Err(Error::unsupported(Op::Unary(op), x.dtype, NAME));
        }
        for (o, i) in out.buf.bytes.chunks_exact_mut(4).zip(x.layout.indices()) {
            o.copy_from_slice(&(-x.buf.f32_at(i)).to_le_bytes());
        }
        Ok(())
    }

    /// `a` and `b` already have the output's shape (broadcast axes have stride 0).
    fn binary(
        &self,
        op: BinaryOp,
        a: Src<'_, Buffer>,
        b: Src<'_, Buffer>,
        out: Dst<'_, Buffer>,
    ) -> Result<()> {
        if op != BinaryOp::Add || a.dtype != DType::F32 {
            return Err(Error::unsupported(Op::Binary(op), a.dtype, NAME));
        }
        let pairs = a.layout.indices().zip(b.layout.indices());
        for (o, (i, j)) in out.buf.bytes.chunks_exact_mut(4).zip(pairs) {
            o.copy_from_slice(&(a.buf.f32_at(i) + b.buf.f32_at(j)).to_le_bytes());
        }
        Ok(())
    }
}

tensor_core::export_backend!(Template);
