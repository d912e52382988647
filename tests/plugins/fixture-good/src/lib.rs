//! Test fixture: a minimal, correct backend. It stores any dtype as bytes, moves data to and
//! from the host and supports exactly one op, `copy` (strided to contiguous). Everything else
//! falls back to the trait's default `Error::Unsupported`.

use tensor_core::{Backend, BackendInfo, DType, Dst, Error, Op, Result, Src};

/// A byte buffer plus the size of one element.
pub struct Buf {
    bytes: Vec<u8>,
    elem: usize,
}

/// The backend: no state at all.
pub struct Good;

impl Backend for Good {
    type Buffer = Buf;

    fn create(index: usize) -> Result<Self> {
        if index == 0 {
            Ok(Good)
        } else {
            Err(Error::Unavailable {
                backend: "fixture-good".into(),
                reason: format!("only device 0 exists, asked for {index}"),
            })
        }
    }

    fn info(&self) -> BackendInfo {
        BackendInfo {
            name: "fixture-good".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            device: "host memory".into(),
            devices: vec!["host memory".into()],
            dtypes: DType::ALL.to_vec(),
            math_mode: "ieee".into(),
            ..Default::default()
        }
    }

    fn supports(&self, op: Op, _dtype: DType) -> bool {
        op == Op::Copy
    }

    fn alloc(&self, dtype: DType, len: usize) -> Result<Buf> {
        Ok(Buf {
            bytes: vec![0; len * dtype.size_of()],
            elem: dtype.size_of(),
        })
    }

    fn buffer_len(&self, buf: &Buf) -> usize {
        buf.bytes.len() / buf.elem
    }

    fn upload(&self, dst: &mut Buf, src: &[u8]) -> Result<()> {
        if dst.bytes.len() != src.len() {
            return Err(Error::invalid("upload", "size mismatch"));
        }
        dst.bytes.copy_from_slice(src);
        Ok(())
    }

    fn download(&self, src: &Buf, dst: &mut [u8]) -> Result<()> {
        if src.bytes.len() != dst.len() {
            return Err(Error::invalid("download", "size mismatch"));
        }
        dst.copy_from_slice(&src.bytes);
        Ok(())
    }

    fn copy(&self, x: Src<'_, Buf>, out: Dst<'_, Buf>) -> Result<()> {
        let e = x.buf.elem;
        for (o, i) in out.buf.bytes.chunks_exact_mut(e).zip(x.layout.indices()) {
            o.copy_from_slice(&x.buf.bytes[i * e..(i + 1) * e]);
        }
        Ok(())
    }
}

tensor_core::export_backend!(Good);
