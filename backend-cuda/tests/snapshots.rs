//! Snapshot of every CUDA C module the backend can generate ([`ops::all_modules`]),
//! compared with the files under `tests/snapshots/`: a kernel source that changes fails here
//! until the change is reviewed and the snapshots rewritten with `UPDATE_SNAPSHOTS=1`. The
//! prelude is stored once (`prelude.cu`).

use backend_cuda::ops;
use std::path::Path;

/// Compares (or, with `UPDATE_SNAPSHOTS=1`, rewrites) `dir` against `modules`, storing
/// `prelude` once and each module without it; returns the names that differ.
fn check(dir: &Path, prelude: &str, modules: &[(String, String)], ext: &str) -> Vec<String> {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let mut files = vec![(format!("prelude.{ext}"), prelude.to_string())];
    for (name, src) in modules {
        let body = match src.strip_prefix(prelude) {
            Some(rest) => format!("// @prelude\n{rest}"),
            None => src.clone(),
        };
        files.push((format!("{name}.{ext}"), body));
    }
    if update {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut bad = Vec::new();
    for (file, text) in &files {
        let path = dir.join(file);
        if update {
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            bad.push(file.clone());
        }
    }
    let stored = std::fs::read_dir(dir).map_or(0, |d| d.count());
    if stored != files.len() {
        bad.push(format!("{stored} files stored, {} generated", files.len()));
    }
    bad
}

#[test]
fn generated_modules_match_the_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let modules = ops::all_modules();
    assert_eq!(modules.len(), 6 * 8 + 8);
    let bad = check(&dir, &ops::prelude(), &modules, "cu");
    assert!(
        bad.is_empty(),
        "generated CUDA C differs from tests/snapshots (rerun with UPDATE_SNAPSHOTS=1 and \
         review the diff): {bad:?}"
    );
}
