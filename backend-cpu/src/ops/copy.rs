//! Strided to contiguous copy. Layouts that merge into two axes with a unit stride on the
//! outer one (a transposed matrix) are copied in 32x32 tiles so that both the reads and the
//! writes stay in cache; everything else goes through the row walker.

use super::{PAR_MIN, Plan, map1};
use crate::buffer::{CpuBuffer, Pod};
use rayon::prelude::*;
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
        out.par_chunks_mut(TILE * cols)
            .enumerate()
            .for_each(|(bi, b)| band(bi, b));
    } else {
        for (bi, b) in out.chunks_mut(TILE * cols).enumerate() {
            band(bi, b);
        }
    }
}
