//! Snapshot of every CUDA C module the backend can generate ([`ops::all_modules`]),
//! compared with the files under `tests/snapshots/`: a kernel source that changes fails here
//! until the change is reviewed and the snapshots rewritten with `UPDATE_SNAPSHOTS=1`. The
//! prelude is stored once (`prelude.cu.snap`; `.snap` keeps them out of source-file tools).

use backend_cuda::ops;
use std::path::Path;
use tensor_core::kernels::snapshot::check;

#[test]
fn generated_modules_match_the_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let modules = ops::all_modules();
    assert_eq!(modules.len(), 6 * 8 + 8);
    let bad = check(&dir, &ops::prelude(), &modules, "cu.snap");
    assert!(
        bad.is_empty(),
        "generated CUDA C differs from tests/snapshots (rerun with UPDATE_SNAPSHOTS=1 and \
         review the diff): {bad:?}"
    );
}
