//! The CUDA C kernels: the shared generators of [`tensor_core::kernels`] (one module per op
//! family, re-exported here) in the [`CudaC`](crate::dialect::CudaC) dialect; every module
//! the backend can generate (`tensor_core::kernels::all_programs(&CudaC)`) is compiled in CI
//! by the NVRTC test. See `tensor_core::kernels` for the conventions of the generated code.
//!
//! Every module is compiled with `--fmad=false --prec-div=true --prec-sqrt=true
//! --ftz=false` ([`program::COMPILE_FLAGS`](crate::program::COMPILE_FLAGS)): no
//! contraction, IEEE division and square root, subnormals kept.

pub mod matmul;

pub use tensor_core::kernels::ops::{binary, cast, copy, creation, reduce, unary};
pub use tensor_core::kernels::{Lay, MAX_RANK, collapse};

/// Threads per block of the one-thread-per-element kernels.
pub const BLOCK: u32 = 256;

/// Names of the `extern "C" __global__` kernels defined in `src`.
pub fn kernel_names(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| l.split("__global__ void").nth(1))
        .map(|r| r.replace("__launch_bounds__(256)", ""))
        .filter_map(|r| r.split('(').next().map(|k| k.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::CudaC;
    use tensor_core::kernels::all_programs;
    use tensor_core::{BinaryOp, DType};

    #[test]
    fn every_module_names_its_kernels_with_the_dtype() {
        for (name, src) in all_programs(&CudaC) {
            let names = kernel_names(&src);
            assert!(!names.is_empty(), "module {name} has no kernel");
            for k in names {
                let typed = DType::ALL.iter().any(|d| k.ends_with(d.name()))
                    || k.starts_with("copy_b")
                    || k.starts_with("fill_b")
                    || k.starts_with("where_b");
                assert!(typed, "kernel {k} of module {name} has no dtype suffix");
            }
        }
    }

    /// Every kernel the backend launches from a binary module is defined in it, so the NVRTC
    /// test (which compiles every kernel [`kernel_names`] finds) covers it.
    #[test]
    fn every_launched_binary_kernel_is_in_its_module() {
        for dt in DType::ALL {
            let names = kernel_names(&binary::source(&CudaC, dt));
            for &op in BinaryOp::ALL {
                if binary::has_kernel(&CudaC, op, dt) {
                    let k = binary::kernel(op, dt);
                    assert!(names.contains(&k), "{k}");
                }
            }
            let check = names.contains(&binary::negcheck_kernel(dt));
            assert_eq!(check, matches!(dt, DType::I32 | DType::I64), "{dt}");
        }
        for dt in [DType::U8, DType::I32, DType::I64] {
            assert!(binary::has_kernel(&CudaC, BinaryOp::Pow, dt), "pow {dt}");
        }
        assert!(!binary::has_kernel(&CudaC, BinaryOp::Pow, DType::Bool));
    }
}
