//! Compiling kernels: NVRTC (CUDA C to PTX, no device needed), an on-disk PTX cache shared
//! by processes, and the per-context module cache of a running backend.
//!
//! # On-disk cache
//! PTX is stored under `$XDG_CACHE_HOME/tensor-plugins/cuda/` (else
//! `~/.cache/tensor-plugins/cuda/`) as `<key>.ptx`, where the key is a 64-bit FNV-1a hash
//! of the source, the options, the architecture and the NVRTC version. A second process
//! therefore loads the PTX instead of compiling. Writes go to a temporary file renamed into
//! place, so a reader never sees a partial file; any cache error falls back to compiling.
//! `TENSOR_CUDA_PTX_CACHE=0` disables the cache.

use std::ffi::{CStr, CString, c_char, c_int};
use std::path::PathBuf;

/// Options of every compilation: no FMA contraction, IEEE division and square root,
/// subnormals preserved (the numerics the backend reports as `ieee`).
pub const COMPILE_FLAGS: &[&str] = &[
    "--fmad=false",
    "--prec-div=true",
    "--prec-sqrt=true",
    "--ftz=false",
    "--std=c++17",
];

/// Whether libnvrtc can be loaded (checked without panicking; cudarc panics on first use
/// when the library is absent).
pub fn nvrtc_present() -> bool {
    // SAFETY: only tries `dlopen` on the candidate names; no NVRTC function is called.
    unsafe { cudarc::nvrtc::sys::is_culib_present() }
}

/// NVRTC's `(major, minor)` version, `None` when libnvrtc is absent.
pub fn nvrtc_version() -> Option<(i32, i32)> {
    if !nvrtc_present() {
        return None;
    }
    let (mut major, mut minor): (c_int, c_int) = (0, 0);
    // SAFETY: libnvrtc is present (checked above); both pointers are valid for writes.
    let r = unsafe { cudarc::nvrtc::sys::nvrtcVersion(&mut major, &mut minor) };
    (r == cudarc::nvrtc::sys::nvrtcResult::NVRTC_SUCCESS).then_some((major, minor))
}

/// The result of one compilation.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// PTX text (no trailing NUL).
    pub ptx: String,
    /// NVRTC's log: empty unless the compiler warned.
    pub log: String,
}

fn c_chars_to_string(v: &[c_char]) -> String {
    let bytes: Vec<u8> = v.iter().map(|&c| c as u8).take_while(|&b| b != 0).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Compiles `src` (module `name`) to PTX for virtual architecture `arch` (`compute_90`)
/// with [`COMPILE_FLAGS`]. `Err` carries the options and the compiler log. Needs libnvrtc
/// (check [`nvrtc_present`] first), no device.
pub fn compile(name: &str, src: &str, arch: &str) -> Result<Compiled, String> {
    if !nvrtc_present() {
        return Err("libnvrtc not found (LD_LIBRARY_PATH)".into());
    }
    let csrc = CString::new(src).map_err(|_| format!("module {name}: NUL in source"))?;
    let cname = CString::new(format!("{name}.cu")).map_err(|_| "NUL in module name")?;
    let prog = cudarc::nvrtc::result::create_program(&csrc, Some(cname.as_c_str()))
        .map_err(|e| format!("nvrtcCreateProgram({name}): {e:?}"))?;
    let mut opts: Vec<String> = COMPILE_FLAGS.iter().map(|s| s.to_string()).collect();
    opts.push(format!("--gpu-architecture={arch}"));
    // SAFETY: `prog` was created above and is destroyed only at the end of this function;
    // `csrc` and `cname` outlive it.
    let res = unsafe { cudarc::nvrtc::result::compile_program(prog, &opts) };
    // SAFETY: as above.
    let log = unsafe { cudarc::nvrtc::result::get_program_log(prog) }
        .map(|v| c_chars_to_string(&v))
        .unwrap_or_default();
    let out = match res {
        Err(e) => Err(format!(
            "NVRTC failed to compile module {name} for {arch} ({e:?}), options {opts:?}:\n{log}"
        )),
        // SAFETY: compilation succeeded on the live `prog`.
        Ok(()) => unsafe { cudarc::nvrtc::result::get_ptx(prog) }
            .map(|v| Compiled {
                ptx: c_chars_to_string(&v),
                log: log.trim().to_string(),
            })
            .map_err(|e| format!("nvrtcGetPTX({name}): {e:?}")),
    };
    // SAFETY: `prog` is live and not used afterwards.
    let _ = unsafe { cudarc::nvrtc::result::destroy_program(prog) };
    out
}

/// 64-bit FNV-1a over `parts`, each followed by a 0 byte (stable across builds and
/// platforms, unlike `std`'s hasher).
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.iter().chain(std::iter::once(&0u8)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The cache key of `src` compiled for `arch` by NVRTC `version`.
pub fn cache_key(src: &str, arch: &str, version: (i32, i32)) -> String {
    let flags = COMPILE_FLAGS.join(" ");
    let ver = format!("{}.{}", version.0, version.1);
    format!(
        "{:016x}",
        fnv1a(&[
            src.as_bytes(),
            flags.as_bytes(),
            arch.as_bytes(),
            ver.as_bytes()
        ])
    )
}

/// The on-disk cache directory, `None` when disabled or no home is known.
pub fn cache_dir() -> Option<PathBuf> {
    if std::env::var("TENSOR_CUDA_PTX_CACHE").is_ok_and(|v| v == "0") {
        return None;
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("tensor-plugins").join("cuda"))
}

/// PTX of `src` for `arch`: from the on-disk cache when present, else compiled (and then
/// stored). Returns the PTX and whether it was compiled (`false`: cache hit).
pub fn ptx_cached(name: &str, src: &str, arch: &str) -> Result<(String, bool), String> {
    ptx_cached_in(cache_dir().as_deref(), name, src, arch)
}

/// [`ptx_cached`] with an explicit cache directory (`None`: no cache).
pub fn ptx_cached_in(
    dir: Option<&std::path::Path>,
    name: &str,
    src: &str,
    arch: &str,
) -> Result<(String, bool), String> {
    let version = nvrtc_version().ok_or("libnvrtc not found (LD_LIBRARY_PATH)")?;
    let key = cache_key(src, arch, version);
    if let Some(d) = dir
        && let Ok(p) = std::fs::read_to_string(d.join(format!("{key}.ptx")))
        && p.contains(".entry")
    {
        return Ok((p, false));
    }
    let c = compile(name, src, arch)?;
    if let Some(d) = dir
        && std::fs::create_dir_all(d).is_ok()
    {
        // Unique per process and call, so concurrent writers never share a temporary file.
        static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = d.join(format!("{key}.{}.{seq}.tmp", std::process::id()));
        if std::fs::write(&tmp, &c.ptx).is_ok() {
            let _ = std::fs::rename(&tmp, d.join(format!("{key}.ptx")));
        }
    }
    Ok((c.ptx, true))
}

/// The text of a C string from NVRTC or the driver, for messages.
pub fn cstr_lossy(p: &CStr) -> String {
    p.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_known_value_and_key_depends_on_every_input() {
        // FNV-1a 64 of "a" then the separator byte 0.
        let mut h: u64 = 0xcbf29ce484222325;
        for b in [b'a', 0] {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        assert_eq!(fnv1a(&[b"a"]), h);
        let k = cache_key("x", "compute_90", (13, 0));
        assert_ne!(k, cache_key("y", "compute_90", (13, 0)));
        assert_ne!(k, cache_key("x", "compute_80", (13, 0)));
        assert_ne!(k, cache_key("x", "compute_90", (13, 1)));
        assert_eq!(k.len(), 16);
    }
}
