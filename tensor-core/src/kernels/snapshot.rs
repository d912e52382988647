//! Snapshot tests of generated kernel sources: a GPU backend's test compares every program
//! its dialect generates ([`all_programs`](super::all_programs)) with committed files, so
//! that any change of a kernel's text is seen and reviewed (`UPDATE_SNAPSHOTS=1` rewrites
//! them).

use super::Dialect;
use std::path::Path;

/// Compares (or, with `UPDATE_SNAPSHOTS=1`, rewrites) `dir` against every program of `d`
/// ([`all_programs`](super::all_programs)), storing the [`prelude`](super::prelude) once
/// (`prelude.<ext>`) and each program as `<name>.<ext>` without it; returns the files that
/// differ (and a line when the number of files does not match).
pub fn check(dir: &Path, d: &dyn Dialect, ext: &str) -> Vec<String> {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let prelude = super::prelude(d);
    let mut files = vec![(format!("prelude.{ext}"), prelude.clone())];
    for (name, src) in super::all_programs(d) {
        let body = match src.strip_prefix(&prelude) {
            Some(rest) => format!("// @prelude\n{rest}"),
            None => src,
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
