//! Quickstart: a tensor program on the backend `TENSOR_BACKEND` selects (the CPU backend
//! linked into this binary by default).
//!
//! ```text
//! cargo run                              # the CPU backend, statically linked
//! TENSOR_BACKEND=opencl cargo run        # a plugin, found on TENSOR_PLUGIN_PATH
//! ```

use std::process::ExitCode;
use tensor_core::{DType, Device, Tensor, s};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Every failure is a typed tensor_core::Error; its Display says what went wrong.
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> tensor_core::Result<()> {
    // Makes `cpu` the statically linked backend-cpu: no libbackend_cpu.so to find.
    backend_cpu::register();
    // TENSOR_BACKEND selects the backend; `cpu` when unset.
    let dev = Device::from_env()?;
    println!("backend: {} ({})", dev.name(), dev.origin());

    let x = Tensor::from_slice(&dev, &[1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?;
    // Operators return Result: a shape or device mismatch is an error, never a panic.
    // Rust numbers are NumPy's weak scalars: the result stays f32.
    let y = ((&x * 2.0)? + 1.0)?;
    println!("y = 2x + 1 =\n{y}");
    // NumPy basic indexing, as views: y[:, 1] and y[::-1, :2].
    println!("y[:, 1] = {}", y.i(s![.., 1])?);
    println!("y[::-1, :2] =\n{}", y.i(s![..; -1, ..2])?);

    let w = Tensor::randn(&dev, &[3, 2], 0, DType::F32)?;
    let z = x.matmul(&w)?;
    println!("x @ w =\n{z}");
    println!("softmax(x @ w, -1) =\n{}", z.softmax(-1)?);
    // Reductions: NumPy's ddof (0, the default of np.std) vs PyTorch's (1).
    let std0 = x.std(None, 0.0, false)?.item_f64()?;
    let std1 = x.std(None, 1.0, false)?.item_f64()?;
    println!("std(x): {std0:.6} with ddof=0 (NumPy), {std1:.6} with ddof=1 (PyTorch)");
    // Back to the host.
    let host: Vec<f32> = y.to_vec()?;
    println!("y on the host: {host:?}");
    Ok(())
}
