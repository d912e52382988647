//! Strided to contiguous copy. Layouts that merge into two axes with a unit stride on the
//! outer one (a transposed matrix) are copied in 32x32 tiles so that both the reads and the
//! writes stay in cache (4-byte elements through 8x8 AVX2 register transposes,
//! [`super::simd::transpose4`], when the CPU has AVX2); everything else goes through the
//! row walker.

use super::{PAR_MIN, Plan, map1};
use crate::buffer::{CpuBuffer, Pod};
use tensor_core::{Layout, Result, with_dtype};

const TILE: usize = 32;

/// Gathers `x` (layout `xl`) into the contiguous `out`.
pub fn copy(x: &CpuBuffer, xl: &Layout, out: &mut CpuBuffer) -> Result<()> {
    with_dtype!(x.dtype(), |T| {
        gather(x.as_slice::<T>()?, xl, out.as_mut_slice::<T>()?);
        Ok(())
    })
}

/// Gathers the elements of `xl` in C order into `out` (`out.len() == xl.numel()`).
pub fn gather<T: Pod>(xs: &[T], xl: &Layout, out: &mut [T]) {
    if out.is_empty() {
        return;
    }
    let plan = Plan::new([xl]);
    if plan.shape().len() == 2 && plan.strides(0)[0] == 1 && plan.strides(0)[1] != 1 {
        transpose_tiled(xs, xl.offset(), plan.shape(), plan.strides(0)[1], out);
    } else {
        map1(xs, xl, out, |v: T| v);
    }
}

/// `out[i][j] = x[off + i + j * s1]` for `i < rows`, `j < cols`, in square tiles staged
/// through a small local buffer: each tile reads `TILE` contiguous runs of `x` and writes
/// `TILE` contiguous runs of `out`, so neither side strides across cache sets (a direct
/// tile loop with a power-of-two `s1` thrashes one L1 set).
fn transpose_tiled<T: Pod>(x: &[T], off: usize, shape: &[usize], s1: isize, out: &mut [T]) {
    let (rows, cols) = (shape[0], shape[1]);
    let band = |bi: usize, band: &mut [T]| {
        let i0 = bi * TILE;
        let h = band.len() / cols;
        let mut tile = [T::default(); TILE * TILE];
        for j0 in (0..cols).step_by(TILE) {
            let w = TILE.min(cols - j0);
            if std::mem::size_of::<T>() == 4 && s1 > 0 {
                let first = off as isize + i0 as isize + j0 as isize * s1;
                let last = first + (h - 1) as isize + (w - 1) as isize * s1;
                assert!(
                    first >= 0 && (last as usize) < x.len() && s1 > 0,
                    "tile in bounds"
                );
                // SAFETY: 4-byte `Pod` elements are moved as `u32` bits; the tile's input
                // elements lie between `first` and `last` (checked), its output elements
                // `band[i * cols + j0 + j]` (`i < h`, `j < w`) are inside `band`, and the
                // input and output buffers are distinct.
                let done = unsafe {
                    super::simd::transpose4(
                        x.as_ptr().offset(first).cast::<u32>(),
                        s1 as usize,
                        band.as_mut_ptr().add(j0).cast::<u32>(),
                        cols,
                        h,
                        w,
                    )
                };
                if done {
                    continue;
                }
            }
            for j in 0..w {
                let start = (off as isize + i0 as isize + (j0 + j) as isize * s1) as usize;
                tile[j * TILE..j * TILE + h].copy_from_slice(&x[start..start + h]);
            }
            for i in 0..h {
                let row = &mut band[i * cols + j0..i * cols + j0 + w];
                for (j, o) in row.iter_mut().enumerate() {
                    *o = tile[j * TILE + i];
                }
            }
        }
    };
    if rows * cols >= PAR_MIN {
        super::par::chunks_mut(out, TILE * cols, band);
    } else {
        for (bi, b) in out.chunks_mut(TILE * cols).enumerate() {
            band(bi, b);
        }
    }
}
