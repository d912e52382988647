//! The CUDA C kernels: the shared generators of [`tensor_core::kernels`] (one module per op
//! family, re-exported here) in the [`CudaC`] dialect, and [`all_modules`], the list of
//! every module the backend can generate (compiled in CI by the NVRTC test). See
//! `tensor_core::kernels` for the conventions of the generated code.
//!
//! Every module is compiled with `--fmad=false --prec-div=true --prec-sqrt=true
//! --ftz=false` ([`program::COMPILE_FLAGS`](crate::program::COMPILE_FLAGS)): no
//! contraction, IEEE division and square root, subnormals kept.

pub use tensor_core::kernels::ops::{binary, cast, copy, creation, matmul, reduce, unary};
pub use tensor_core::kernels::{Lay, MAX_RANK, collapse};

use crate::dialect::CudaC;
use tensor_core::{DType, Scalar};

/// Threads per block of the one-thread-per-element kernels.
pub const BLOCK: u32 = 256;

/// The prelude every module starts with.
pub fn prelude() -> String {
    tensor_core::kernels::prelude(&CudaC)
}

/// Every module the backend can generate, as `(name, source)`: the NVRTC test compiles
/// them all, and nothing else is ever compiled.
pub fn all_modules() -> Vec<(String, String)> {
    tensor_core::kernels::all_programs(&CudaC)
}

/// Names of the `extern "C" __global__` kernels defined in `src`.
pub fn kernel_names(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| l.split("__global__ void").nth(1))
        .map(|r| r.replace("__launch_bounds__(256)", ""))
        .filter_map(|r| r.split('(').next().map(|k| k.trim().to_string()))
        .collect()
}

/// `value` as the bytes of one `dt` element, by the cast rules (`.f` for floats, rounded
/// once; `.i` wrapping for integers; `.i != 0` for bool).
pub fn scalar_bytes(value: Scalar, dt: DType) -> Vec<u8> {
    /// `v as f32` rounded to odd, so that a later rounding to 16 bits is correct.
    fn f32_odd(v: f64) -> f32 {
        let f = v as f32;
        if !f.is_finite() || f as f64 == v || f.to_bits() & 1 == 1 {
            return f;
        }
        let up = v.abs() > (f as f64).abs();
        f32::from_bits(if up { f.to_bits() + 1 } else { f.to_bits() - 1 })
    }
    let (f, i) = (value.f, value.i);
    match dt {
        DType::Bool => vec![(i != 0) as u8],
        DType::U8 => vec![i as u8],
        DType::I32 => (i as i32).to_le_bytes().to_vec(),
        DType::I64 => i.to_le_bytes().to_vec(),
        DType::F16 => half::f16::from_f32(f32_odd(f)).to_le_bytes().to_vec(),
        DType::BF16 => half::bf16::from_f32(f32_odd(f)).to_le_bytes().to_vec(),
        DType::F32 => (f as f32).to_le_bytes().to_vec(),
        DType::F64 => f.to_le_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tensor_core::BinaryOp;

    #[test]
    fn every_module_names_its_kernels_with_the_dtype() {
        for (name, src) in all_modules() {
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
