//! Builds CORE-MATH a second time, for x86-64-v3 (AVX2, FMA, BMI), with every exported
//! symbol renamed `<name>_v3`, so that `src/cmath.rs` can choose at run time between it and
//! the baseline build that `core-math-sys` links (see `.cargo/config.toml`: the project's
//! binaries must run on any x86-64, so that one is built for plain x86-64).
//!
//! CORE-MATH's algorithms lean on fused multiply-add; without `-mfma` every `fma()` is a
//! call into libm, which makes functions such as `tanf`, `atanf` or `log` 5x to 15x slower
//! (`docs/reliability.md`, "Portability"). The sources are the ones `core-math-sys` ships:
//! their directory comes from `cargo metadata` (or, where that cannot run offline, from the
//! lock file's version in the registry's source cache), so the two builds always compile the
//! same version. On other targets, or where a tool is missing, nothing is built, `cmath_v3` is
//! not set, and the baseline build serves every CPU (with a build warning saying so).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(cmath_v3)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TENSOR_CPU_NO_V3_BUILD");
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if arch != "x86_64" || os != "linux" || std::env::var_os("DOCS_RS").is_some() {
        return;
    }
    if std::env::var_os("TENSOR_CPU_NO_V3_BUILD").is_some() {
        println!(
            "cargo:warning=TENSOR_CPU_NO_V3_BUILD is set: CORE-MATH runs its baseline build only"
        );
        return;
    }
    match build_v3() {
        Ok(()) => println!("cargo:rustc-cfg=cmath_v3"),
        Err(e) => println!(
            "cargo:warning=CORE-MATH x86-64-v3 build skipped ({e}); the baseline build \
             (no FMA, several times slower) serves every CPU"
        ),
    }
}

/// The directory of the `core-math-sys` package this build resolves to: from
/// `cargo metadata`, or, where that cannot run offline (a fresh machine whose registry lacks
/// the sources of dev-dependencies that this build does not need, which `cargo metadata`
/// still reads), from the lock file's version in the registry's source cache.
fn core_math_sys_dir() -> Result<PathBuf, String> {
    core_math_sys_from_metadata().or_else(|e| {
        core_math_sys_from_lock()
            .map_err(|e2| format!("{e}; and from Cargo.lock and the registry: {e2}"))
    })
}

/// `core-math-sys-<version>` in `$CARGO_HOME/registry/src/*/`, the version read from the
/// workspace's `Cargo.lock` (exactly one `core-math-sys` package there).
fn core_math_sys_from_lock() -> Result<PathBuf, String> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let lock = manifest_dir
        .ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())
        .ok_or("no Cargo.lock above the package")?;
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = std::fs::read_to_string(&lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    let versions: Vec<&str> = text
        .split("[[package]]")
        .filter(|p| p.lines().any(|l| l.trim() == "name = \"core-math-sys\""))
        .filter_map(|p| {
            p.lines()
                .find_map(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        })
        .collect();
    let [version] = versions.as_slice() else {
        return Err(format!(
            "{} core-math-sys entries in Cargo.lock",
            versions.len()
        ));
    };
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let src = home.join("registry").join("src");
    let name = format!("core-math-sys-{version}");
    std::fs::read_dir(&src)
        .map_err(|e| format!("{}: {e}", src.display()))?
        .filter_map(|d| d.ok())
        .map(|d| d.path().join(&name))
        .find(|d| d.join("Cargo.toml").is_file())
        .ok_or_else(|| format!("{name} not under {}", src.display()))
}

/// The `core-math-sys` directory named by `cargo metadata --offline`.
fn core_math_sys_from_metadata() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("Cargo.toml");
    let out = Command::new(cargo)
        // Offline and for this target only: every package of that graph is on disk already
        // (cargo fetched them to build this one), and other platforms' need not be.
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
        ])
        .arg(std::env::var("TARGET").unwrap_or_default())
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata JSON: {e}"))?;
    let pkgs = meta["packages"].as_array().ok_or("no packages")?;
    let found: Vec<&str> = pkgs
        .iter()
        .filter(|p| p["name"] == "core-math-sys")
        .filter_map(|p| p["manifest_path"].as_str())
        .collect();
    match found.as_slice() {
        [one] => Ok(Path::new(one).parent().unwrap().to_path_buf()),
        [] => Err("core-math-sys not in the dependency graph".into()),
        more => Err(format!("{} versions of core-math-sys", more.len())),
    }
}

/// `<dir>/<name>/<name><suffix>` for every subdirectory of `dir`: the file selection of
/// core-math-sys's own build script (binary32: `expf.c` in `exp/`; binary64: `exp.c`).
fn sources(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, String> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter_map(|e| {
            let d = e.path();
            let f = d.join(format!("{}{suffix}", d.file_name()?.to_str()?));
            f.is_file().then_some(f)
        })
        .collect();
    v.sort();
    Ok(v)
}

fn build_v3() -> Result<(), String> {
    let root = core_math_sys_dir()?.join("vendor/src");
    let mut files = sources(&root.join("binary32"), "f.c")?;
    files.extend(sources(&root.join("binary64"), ".c")?);
    if files.len() < 40 {
        return Err(format!(
            "only {} sources under {}",
            files.len(),
            root.display()
        ));
    }
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    // `cc` appends CFLAGS from the environment after the builder's flags, and the project's
    // `.cargo/config.toml` sets `-march=x86-64` there for every C build: take `-march` and
    // `-mtune` out of them for this one build, keeping whatever else the user gave.
    let target = std::env::var("TARGET").unwrap_or_default();
    for key in [
        "CFLAGS".to_string(),
        "TARGET_CFLAGS".to_string(),
        format!("CFLAGS_{target}"),
        format!("CFLAGS_{}", target.replace('-', "_")),
    ] {
        if let Ok(v) = std::env::var(&key) {
            let kept: Vec<&str> = v
                .split_whitespace()
                .filter(|f| !f.starts_with("-march=") && !f.starts_with("-mtune="))
                .collect();
            // SAFETY: the build script has one thread here (`cc` starts its jobs later).
            unsafe { std::env::set_var(&key, kept.join(" ")) };
        }
    }
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    let mut b = cc::Build::new();
    b.files(&files)
        .flag("-march=x86-64-v3")
        .cargo_warnings(false)
        // Math code at -O0 (a dev build of this crate) would be no test of anything.
        .opt_level(if opt == "3" { 3 } else { 2 });
    b.try_compile("core-math-v3").map_err(|e| e.to_string())?;
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let lib = out.join("libcore-math-v3.a");
    // Every global symbol the archive defines gets the suffix, in definitions and in the
    // references between its objects alike, so nothing clashes with the baseline build.
    let nm = Command::new("nm")
        .args(["-g", "--defined-only", "--format=posix"])
        .arg(&lib)
        .output()
        .map_err(|e| format!("nm: {e}"))?;
    if !nm.status.success() {
        return Err("nm failed".into());
    }
    let mut names: Vec<String> = String::from_utf8_lossy(&nm.stdout)
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let (name, kind) = (it.next()?, it.next()?);
            (!name.ends_with(':') && matches!(kind, "T" | "D" | "R" | "B"))
                .then(|| name.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    if !names.iter().any(|n| n == "cr_expf") {
        return Err("the v3 archive does not define cr_expf".into());
    }
    let map: String = names.iter().map(|n| format!("{n} {n}_v3\n")).collect();
    let map_file = out.join("core-math-v3.syms");
    std::fs::write(&map_file, map).map_err(|e| e.to_string())?;
    let st = Command::new("objcopy")
        .arg(format!("--redefine-syms={}", map_file.display()))
        .arg(&lib)
        .status()
        .map_err(|e| format!("objcopy: {e}"))?;
    if !st.success() {
        return Err("objcopy failed".into());
    }
    Ok(())
}
