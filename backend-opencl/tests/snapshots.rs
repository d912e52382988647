//! Snapshot of every OpenCL C program the backend can generate (`all_programs`, with
//! and without `cl_khr_fp64`), compared with the files under `tests/snapshots/`: a kernel
//! source that changes fails here until the change is reviewed and the snapshots rewritten
//! with `UPDATE_SNAPSHOTS=1`. The prelude is stored once per directory (`prelude.cl.snap`;
//! `.snap` keeps them out of source-file tools).

use backend_opencl::dialect::OpenClC;
use std::path::Path;
use tensor_core::kernels::all_programs;
use tensor_core::kernels::snapshot::check;

#[test]
fn generated_programs_match_the_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut bad = Vec::new();
    for (fp64, sub) in [(true, "fp64"), (false, "fp64-off")] {
        let d = OpenClC { fp64 };
        assert_eq!(all_programs(&d).len(), 6 * 8 + 8);
        for f in check(&root.join(sub), &d, "cl.snap") {
            bad.push(format!("{sub}/{f}"));
        }
    }
    assert!(
        bad.is_empty(),
        "generated OpenCL C differs from tests/snapshots (rerun with UPDATE_SNAPSHOTS=1 \
         and review the diff): {bad:?}"
    );
}
