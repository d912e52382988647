//! Rough timings of the hot paths (run with `--release`): elementwise, reductions, the
//! tiled transpose copy and matmul. Not a benchmark suite, a smoke test for regressions.

use backend_cpu::{CpuBackend, CpuBuffer};
use std::time::Instant;
use tensor_core::{Backend, DType, Dst, Layout, ReduceOp, Src, UnaryOp};

fn buf(b: &CpuBackend, n: usize) -> CpuBuffer {
    let mut x = b.alloc(DType::F32, n).unwrap();
    let bytes: Vec<u8> = (0..n)
        .flat_map(|i| ((i % 1000) as f32 * 1e-3).to_le_bytes())
        .collect();
    b.upload(&mut x, &bytes).unwrap();
    x
}

fn time(name: &str, mut f: impl FnMut()) {
    f();
    let t = Instant::now();
    let reps = 5;
    for _ in 0..reps {
        f();
    }
    println!(
        "{name:40} {:8.3} ms",
        t.elapsed().as_secs_f64() * 1e3 / reps as f64
    );
}

fn main() {
    let b = CpuBackend::create(0).unwrap();
    let n = 4096;
    let x = buf(&b, n * n);
    let l = Layout::contiguous(&[n, n]);
    let lt = l.t();
    let mut o = b.alloc(DType::F32, n * n).unwrap();
    let src = |l| Src {
        buf: &x,
        dtype: DType::F32,
        layout: l,
    };
    let shape = [n, n];
    time("exp f32 16M contiguous", || {
        b.unary(
            UnaryOp::Exp,
            src(&l),
            Dst {
                buf: &mut o,
                dtype: DType::F32,
                shape: &shape,
            },
        )
        .unwrap()
    });
    time("neg f32 16M contiguous", || {
        b.unary(
            UnaryOp::Neg,
            src(&l),
            Dst {
                buf: &mut o,
                dtype: DType::F32,
                shape: &shape,
            },
        )
        .unwrap()
    });
    time("copy f32 4096^2 transposed", || {
        b.copy(
            src(&lt),
            Dst {
                buf: &mut o,
                dtype: DType::F32,
                shape: &shape,
            },
        )
        .unwrap()
    });
    let mut r = b.alloc(DType::F32, n).unwrap();
    time("sum f32 rows 4096x4096", || {
        b.reduce(
            ReduceOp::Sum,
            src(&l),
            &[1],
            0.0,
            Dst {
                buf: &mut r,
                dtype: DType::F32,
                shape: &[n],
            },
        )
        .unwrap()
    });
    time("sum f32 cols 4096x4096", || {
        b.reduce(
            ReduceOp::Sum,
            src(&l),
            &[0],
            0.0,
            Dst {
                buf: &mut r,
                dtype: DType::F32,
                shape: &[n],
            },
        )
        .unwrap()
    });
    let mut s = b.alloc(DType::F32, 1).unwrap();
    time("sum f32 all 16M", || {
        b.reduce(
            ReduceOp::Sum,
            src(&l),
            &[0, 1],
            0.0,
            Dst {
                buf: &mut s,
                dtype: DType::F32,
                shape: &[],
            },
        )
        .unwrap()
    });
    let m = 1024;
    let a = buf(&b, m * m);
    let la = Layout::contiguous(&[m, m]);
    let mut c = b.alloc(DType::F32, m * m).unwrap();
    let sa = Src {
        buf: &a,
        dtype: DType::F32,
        layout: &la,
    };
    time("matmul f32 1024^3", || {
        b.matmul(
            sa,
            sa,
            Dst {
                buf: &mut c,
                dtype: DType::F32,
                shape: &[m, m],
            },
        )
        .unwrap()
    });
}
