//! Test helper: calls `CpuBackend` methods directly on buffers built from host data.
#![allow(dead_code)]

use backend_cpu::{CpuBackend, CpuBuffer};
use tensor_core::{
    Backend, BinaryOp, DType, Dst, Element, Layout, ReduceOp, Result, SliceArg, SoftmaxOp, Src,
    UnaryOp,
};

pub fn be() -> CpuBackend {
    CpuBackend::create(0).unwrap()
}

/// A host tensor: storage plus a layout over it.
pub struct T {
    pub buf: CpuBuffer,
    pub dtype: DType,
    pub layout: Layout,
}

pub fn bytes_of<E: Element>(data: &[E]) -> Vec<u8> {
    tensor_core::dtype::elements_as_bytes(data).to_vec()
}

pub fn tensor<E: Element>(data: &[E], shape: &[usize]) -> T {
    let b = be();
    let mut buf = b.alloc(E::DTYPE, data.len()).unwrap();
    b.upload(&mut buf, &bytes_of(data)).unwrap();
    let layout = if shape.iter().product::<usize>() == data.len() {
        Layout::contiguous(shape)
    } else {
        panic!("shape {shape:?} vs {} elements", data.len())
    };
    T {
        buf,
        dtype: E::DTYPE,
        layout,
    }
}

impl T {
    pub fn src(&self) -> Src<'_, CpuBuffer> {
        Src {
            buf: &self.buf,
            dtype: self.dtype,
            layout: &self.layout,
        }
    }
    pub fn view(mut self, l: Layout) -> T {
        l.check_fits(self.buf.len()).unwrap();
        self.layout = l;
        self
    }
    pub fn t(self) -> T {
        let l = self.layout.t();
        self.view(l)
    }
    pub fn slice(self, args: &[SliceArg]) -> T {
        let l = self.layout.slice(args).unwrap();
        self.view(l)
    }
    pub fn bcast(self, shape: &[usize]) -> T {
        let l = self.layout.broadcast_to(shape).unwrap();
        self.view(l)
    }
    pub fn shape(&self) -> Vec<usize> {
        self.layout.shape().to_vec()
    }
    /// Logical values in C order, as f64.
    pub fn values_f64(&self) -> Vec<f64> {
        tensor_core::with_dtype!(self.dtype, |E| {
            let all: Vec<E> = read(&self.buf);
            self.layout.indices().map(|i| all[i].to_f64()).collect()
        })
    }
}

pub fn read<E: Element>(buf: &CpuBuffer) -> Vec<E> {
    let b = be();
    let mut bytes = vec![0u8; buf.len() * E::DTYPE.size_of()];
    b.download(buf, &mut bytes).unwrap();
    tensor_core::dtype::elements_from_bytes(&bytes).unwrap()
}

pub fn out_buf(dt: DType, shape: &[usize]) -> CpuBuffer {
    be().alloc(dt, shape.iter().product()).unwrap()
}

fn dst<'a>(buf: &'a mut CpuBuffer, dt: DType, shape: &'a [usize]) -> Dst<'a, CpuBuffer> {
    Dst {
        buf,
        dtype: dt,
        shape,
    }
}

pub fn unary<E: Element>(op: UnaryOp, x: &T) -> Result<Vec<E>> {
    let shape = x.shape();
    let mut o = out_buf(E::DTYPE, &shape);
    be().unary(op, x.src(), dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn binary<E: Element>(op: BinaryOp, a: &T, b: &T) -> Result<Vec<E>> {
    let shape = a.shape();
    let mut o = out_buf(E::DTYPE, &shape);
    be().binary(op, a.src(), b.src(), dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn where_<E: Element>(c: &T, a: &T, b: &T) -> Result<Vec<E>> {
    let shape = a.shape();
    let mut o = out_buf(E::DTYPE, &shape);
    be().where_(c.src(), a.src(), b.src(), dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn cast<E: Element>(x: &T) -> Result<Vec<E>> {
    let shape = x.shape();
    let mut o = out_buf(E::DTYPE, &shape);
    be().cast(x.src(), dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn copy<E: Element>(x: &T) -> Result<Vec<E>> {
    let shape = x.shape();
    let mut o = out_buf(E::DTYPE, &shape);
    be().copy(x.src(), dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn reduce<E: Element>(op: ReduceOp, x: &T, axes: &[usize], ddof: f64) -> Result<Vec<E>> {
    let shape: Vec<usize> = (0..x.layout.ndim())
        .filter(|a| !axes.contains(a))
        .map(|a| x.layout.shape()[a])
        .collect();
    let mut o = out_buf(E::DTYPE, &shape);
    be().reduce(op, x.src(), axes, ddof, dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn softmax<E: Element>(op: SoftmaxOp, x: &T, axis: usize) -> Result<Vec<E>> {
    let shape = x.shape();
    let mut o = out_buf(E::DTYPE, &shape);
    be().softmax(op, x.src(), axis, dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn matmul<E: Element>(a: &T, b: &T) -> Result<Vec<E>> {
    let mut shape = a.shape();
    let n = *b.layout.shape().last().unwrap();
    *shape.last_mut().unwrap() = n;
    let mut o = out_buf(E::DTYPE, &shape);
    be().matmul(a.src(), b.src(), dst(&mut o, E::DTYPE, &shape))?;
    Ok(read(&o))
}

pub fn with_out<E: Element>(
    shape: &[usize],
    f: impl FnOnce(&CpuBackend, Dst<'_, CpuBuffer>) -> Result<()>,
) -> Result<Vec<E>> {
    let mut o = out_buf(E::DTYPE, shape);
    f(&be(), dst(&mut o, E::DTYPE, shape))?;
    Ok(read(&o))
}

/// Deterministic pseudo-random f64 data in [lo, hi).
pub fn data(n: usize, seed: u64, lo: f64, hi: f64) -> Vec<f64> {
    (0..n as u64)
        .map(|i| lo + (hi - lo) * tensor_core::philox::uniform(DType::F64, seed, i))
        .collect()
}

/// A set of views of a 3x4x5 f64 tensor (values from `data`) together with their logical
/// values: contiguous, transposed, negative-stride slice, broadcast, 0-d, empty.
pub fn views_f64(seed: u64, lo: f64, hi: f64) -> Vec<(String, T)> {
    let d = data(60, seed, lo, hi);
    let mk = || tensor(&d, &[3, 4, 5]);
    vec![
        ("contiguous".into(), mk()),
        ("transposed".into(), mk().t()),
        (
            "negative-strided".into(),
            mk().slice(&[
                SliceArg::new(None, None, -1),
                SliceArg::new(Some(1), None, 2),
                SliceArg::new(None, None, -2),
            ]),
        ),
        ("broadcast".into(), tensor(&d[..5], &[1, 5]).bcast(&[4, 5])),
        ("0-d".into(), tensor(&d[..1], &[])),
        ("empty".into(), tensor::<f64>(&[], &[3, 0, 2])),
    ]
}
