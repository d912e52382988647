//! Snapshot of every CUDA C module the backend can generate (`all_programs(&CudaC)`),
//! compared with the files under `tests/snapshots/` (or `$TENSOR_CUDA_SNAPSHOTS`): a kernel
//! source that changes fails here until the change is reviewed and the snapshots rewritten
//! with `UPDATE_SNAPSHOTS=1`. The prelude is stored once (`prelude.cu.snap`; `.snap` keeps
//! them out of source-file tools).

use backend_cuda::dialect::CudaC;
use std::path::{Path, PathBuf};
use tensor_core::kernels::all_programs;
use tensor_core::kernels::snapshot::check;

#[test]
fn generated_modules_match_the_snapshots() {
    // `bench/gpu_run.sh run` points this at the copy it carries to the GPU machine.
    let dir = std::env::var_os("TENSOR_CUDA_SNAPSHOTS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"),
        PathBuf::from,
    );
    assert_eq!(all_programs(&CudaC).len(), 6 * 8 + 8);
    let bad = check(&dir, &CudaC, "cu.snap");
    assert!(
        bad.is_empty(),
        "generated CUDA C differs from tests/snapshots (rerun with UPDATE_SNAPSHOTS=1 and \
         review the diff): {bad:?}"
    );
}
