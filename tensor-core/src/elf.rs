//! Checks a plugin file before `dlopen` sees it: is it a complete ELF shared library for
//! this machine?
//!
//! `dlopen` maps a library's loadable segments straight from the file. A file cut short (an
//! interrupted copy or download) still maps, but the first touch of a page past the end of
//! the file raises `SIGBUS`, which kills the host process: no error can be returned. So the
//! loader reads the ELF header and the program headers first and refuses, with a message that
//! names the file and what is wrong, a file that:
//! - is not a regular file, or is shorter than an ELF header;
//! - does not start with the ELF magic, or has another class (32/64-bit), byte order, ELF
//!   version or machine than this process (an aarch64 plugin on x86-64, say);
//! - is not a shared object (`ET_DYN`);
//! - has a program header table that does not lie inside the file, no loadable segment, or
//!   a segment whose file bytes (`p_offset + p_filesz`) run past the end of the file;
//! - has a section header table that runs past the end of the file (the file was cut after
//!   its segments: nothing would crash, but the file is not what was built).
//!
//! Only headers are read (a few KiB), never the whole library. What this cannot catch: a
//! file changed between this check and `dlopen`, and a complete library whose code is wrong;
//! plugins are trusted code chosen by the user, as with any `dlopen`.
//!
//! The check runs on ELF platforms (Linux, Android, the BSDs); elsewhere it does nothing.

use std::path::Path;

const EI_NIDENT: usize = 16;
const MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];
const ET_DYN: u16 = 3;
const PT_LOAD: u32 = 1;

/// The class, byte order and machine this process's libraries have.
#[cfg(target_pointer_width = "64")]
const HOST_CLASS: u8 = 2;
#[cfg(target_pointer_width = "32")]
const HOST_CLASS: u8 = 1;
#[cfg(target_endian = "little")]
const HOST_DATA: u8 = 1;
#[cfg(target_endian = "big")]
const HOST_DATA: u8 = 2;

/// `e_machine` of this process, where known (`None`: not checked).
const HOST_MACHINE: Option<u16> = if cfg!(target_arch = "x86_64") {
    Some(62)
} else if cfg!(target_arch = "aarch64") {
    Some(183)
} else if cfg!(target_arch = "x86") {
    Some(3)
} else if cfg!(target_arch = "arm") {
    Some(40)
} else if cfg!(target_arch = "riscv64") || cfg!(target_arch = "riscv32") {
    Some(243)
} else if cfg!(target_arch = "powerpc64") {
    Some(21)
} else if cfg!(target_arch = "s390x") {
    Some(22)
} else if cfg!(target_arch = "loongarch64") {
    Some(258)
} else {
    None
};

/// A readable name of an `e_machine` value.
fn machine_name(m: u16) -> String {
    match m {
        3 => "x86 (i386)".into(),
        8 => "MIPS".into(),
        20 => "PowerPC".into(),
        21 => "PowerPC64".into(),
        22 => "s390".into(),
        40 => "ARM (32-bit)".into(),
        62 => "x86-64".into(),
        183 => "aarch64".into(),
        243 => "RISC-V".into(),
        258 => "LoongArch".into(),
        other => format!("machine {other}"),
    }
}

/// Checks the file at `path` as described in the [module docs](self). `Err` is the reason,
/// without the path (the caller names the file).
pub fn check_library(path: &Path) -> Result<(), String> {
    if !cfg!(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    )) {
        return Ok(());
    }
    use std::io::{Read, Seek, SeekFrom};
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let len = meta.len();
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot open the file: {e}"))?;
    let mut read_at = |off: u64, n: usize| -> Result<Vec<u8>, String> {
        let mut b = vec![0u8; n];
        f.seek(SeekFrom::Start(off))
            .and_then(|_| f.read_exact(&mut b))
            .map_err(|e| format!("cannot read {n} bytes at offset {off}: {e}"))?;
        Ok(b)
    };
    let head_len = (len.min(64)) as usize;
    let head = read_at(0, head_len)?;
    check_bytes(len, &head, read_at)
}

/// The checks on a file of `len` bytes whose first `min(len, 64)` bytes are `head`;
/// `read(offset, n)` reads `n` bytes of the file (always within `len`). Separate from the
/// file I/O so that it can be fuzzed and tested on bytes.
pub fn check_bytes(
    len: u64,
    head: &[u8],
    mut read: impl FnMut(u64, usize) -> Result<Vec<u8>, String>,
) -> Result<(), String> {
    if head.len() < 4 || head[..4] != MAGIC {
        let shown: Vec<String> = head.iter().take(4).map(|b| format!("{b:02x}")).collect();
        return Err(format!(
            "not an ELF shared library: the file ({len} bytes) starts with [{}], not the ELF \
             magic [7f 45 4c 46]",
            shown.join(" ")
        ));
    }
    if head.len() < EI_NIDENT {
        return Err(format!(
            "truncated: {len} bytes, shorter than the {EI_NIDENT}-byte ELF identification"
        ));
    }
    let (class, data, version) = (head[4], head[5], head[6]);
    if class != HOST_CLASS {
        let bits = |c: u8| match c {
            1 => "32-bit".to_string(),
            2 => "64-bit".to_string(),
            c => format!("unknown class {c}"),
        };
        return Err(format!(
            "built for {} code, this process is {}",
            bits(class),
            bits(HOST_CLASS)
        ));
    }
    if data != HOST_DATA {
        let order = |d: u8| match d {
            1 => "little-endian".to_string(),
            2 => "big-endian".to_string(),
            d => format!("unknown byte order {d}"),
        };
        return Err(format!(
            "{} ELF file, this process is {}",
            order(data),
            order(HOST_DATA)
        ));
    }
    if version != 1 {
        return Err(format!("unknown ELF version {version}"));
    }
    let wide = class == 2;
    let ehsize = if wide { 64 } else { 52 };
    if (head.len() as u64) < ehsize {
        return Err(format!(
            "truncated: {len} bytes, shorter than the {ehsize}-byte ELF header"
        ));
    }
    let fields = Fields {
        wide,
        big: data == 2,
    };
    let e_type = fields.u16(head, 16);
    let e_machine = fields.u16(head, 18);
    if let Some(host) = HOST_MACHINE
        && e_machine != host
    {
        return Err(format!(
            "built for {}, this process runs on {}",
            machine_name(e_machine),
            machine_name(host)
        ));
    }
    if e_type != ET_DYN {
        let kind = match e_type {
            1 => "a relocatable object (.o)",
            2 => "an executable",
            4 => "a core dump",
            _ => "not a shared object",
        };
        return Err(format!(
            "{kind} (ELF type {e_type}), not a shared library (type {ET_DYN})"
        ));
    }
    // Offsets of e_phoff, e_shoff, e_phentsize, e_phnum, e_shentsize, e_shnum.
    let (phoff, shoff, rest) = if wide {
        (fields.u64(head, 32), fields.u64(head, 40), 54)
    } else {
        (fields.u32(head, 28) as u64, fields.u32(head, 32) as u64, 42)
    };
    let phentsize = fields.u16(head, rest) as u64;
    let phnum = fields.u16(head, rest + 2) as u64;
    let shentsize = fields.u16(head, rest + 4) as u64;
    let shnum = fields.u16(head, rest + 6) as u64;
    let want_phent = if wide { 56 } else { 32 };
    if phnum == 0 {
        return Err("no program headers: nothing to load".into());
    }
    if phentsize != want_phent {
        return Err(format!(
            "program header entries of {phentsize} bytes, expected {want_phent}"
        ));
    }
    let table_end = |off: u64, n: u64, size: u64| off.checked_add(n * size);
    match table_end(phoff, phnum, phentsize) {
        Some(end) if end <= len => {}
        _ => {
            return Err(format!(
                "truncated: the program header table ({phnum} entries at offset {phoff}) ends \
                 past the end of the file ({len} bytes)"
            ));
        }
    }
    let table = read(phoff, (phnum * phentsize) as usize)?;
    let mut loads = 0;
    for (i, ph) in table.chunks_exact(phentsize as usize).enumerate() {
        let p_type = fields.u32(ph, 0);
        let (offset, filesz, memsz) = if wide {
            (fields.u64(ph, 8), fields.u64(ph, 32), fields.u64(ph, 40))
        } else {
            (
                fields.u32(ph, 4) as u64,
                fields.u32(ph, 16) as u64,
                fields.u32(ph, 20) as u64,
            )
        };
        let end = offset.checked_add(filesz);
        if end.is_none_or(|e| e > len) {
            return Err(format!(
                "truncated: segment {i} (type {p_type:#x}) needs file bytes {offset}..{} but \
                 the file has {len} bytes",
                end.map_or_else(|| "overflow".into(), |e| e.to_string())
            ));
        }
        if p_type == PT_LOAD {
            loads += 1;
            if filesz > memsz {
                return Err(format!(
                    "loadable segment {i} has more file bytes ({filesz}) than memory bytes \
                     ({memsz})"
                ));
            }
        }
    }
    if loads == 0 {
        return Err("no loadable segment".into());
    }
    if shoff != 0 && shnum != 0 {
        match table_end(shoff, shnum, shentsize) {
            Some(end) if end <= len => {}
            _ => {
                return Err(format!(
                    "truncated: the section header table ({shnum} entries at offset {shoff}) \
                     ends past the end of the file ({len} bytes)"
                ));
            }
        }
    }
    Ok(())
}

/// Reads header fields of one class and byte order.
struct Fields {
    wide: bool,
    big: bool,
}

impl Fields {
    fn bytes<const N: usize>(&self, b: &[u8], at: usize) -> [u8; N] {
        let mut a = [0u8; N];
        a.copy_from_slice(&b[at..at + N]);
        if self.big {
            a.reverse();
        }
        a
    }
    fn u16(&self, b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes(self.bytes(b, at))
    }
    fn u32(&self, b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(self.bytes(b, at))
    }
    fn u64(&self, b: &[u8], at: usize) -> u64 {
        debug_assert!(self.wide);
        u64::from_le_bytes(self.bytes(b, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal 64-bit little-endian x86-64 shared object header with one PT_LOAD segment.
    fn tiny(len: u64, seg_end: u64) -> Vec<u8> {
        let mut h = vec![0u8; 64 + 56];
        h[..4].copy_from_slice(&MAGIC);
        h[4] = 2;
        h[5] = 1;
        h[6] = 1;
        h[16..18].copy_from_slice(&ET_DYN.to_le_bytes());
        h[18..20].copy_from_slice(&HOST_MACHINE.unwrap_or(62).to_le_bytes());
        h[32..40].copy_from_slice(&64u64.to_le_bytes());
        h[54..56].copy_from_slice(&56u16.to_le_bytes());
        h[56..58].copy_from_slice(&1u16.to_le_bytes());
        let ph = &mut h[64..];
        ph[..4].copy_from_slice(&PT_LOAD.to_le_bytes());
        ph[32..40].copy_from_slice(&seg_end.to_le_bytes());
        ph[40..48].copy_from_slice(&seg_end.to_le_bytes());
        h.resize(len as usize, 0);
        h
    }

    fn check(file: &[u8]) -> Result<(), String> {
        let head = &file[..file.len().min(64)];
        check_bytes(file.len() as u64, head, |off, n| {
            Ok(file[off as usize..off as usize + n].to_vec())
        })
    }

    #[cfg(all(target_arch = "x86_64", target_endian = "little"))]
    #[test]
    fn headers_are_checked_field_by_field() {
        assert_eq!(check(&tiny(4096, 4096)), Ok(()));
        let e = check(&tiny(4000, 4096)).unwrap_err();
        assert!(e.contains("truncated") && e.contains("segment 0"), "{e}");
        let e = check(&tiny(100, 100)).unwrap_err();
        assert!(e.contains("program header table"), "{e}");
        let e = check(&tiny(40, 40)).unwrap_err();
        assert!(e.contains("64-byte ELF header"), "{e}");
        let mut arm = tiny(4096, 4096);
        arm[18..20].copy_from_slice(&183u16.to_le_bytes());
        let e = check(&arm).unwrap_err();
        assert!(e.contains("aarch64") && e.contains("x86-64"), "{e}");
        let mut exe = tiny(4096, 4096);
        exe[16] = 2;
        assert!(check(&exe).unwrap_err().contains("an executable"));
        let mut c32 = tiny(4096, 4096);
        c32[4] = 1;
        assert!(check(&c32).unwrap_err().contains("32-bit"));
        let mut be = tiny(4096, 4096);
        be[5] = 2;
        assert!(check(&be).unwrap_err().contains("big-endian"));
        let e = check(b"#!/bin/sh\n").unwrap_err();
        assert!(e.contains("not an ELF") && e.contains("23 21 2f 62"), "{e}");
        assert!(check(&[]).unwrap_err().contains("not an ELF"));
        let e = check(&MAGIC).unwrap_err();
        assert!(
            e.contains("truncated") && e.contains("identification"),
            "{e}"
        );
        // An offset that overflows u64 is a truncation, not a wrap-around.
        let mut huge = tiny(4096, 4096);
        huge[64 + 8..64 + 16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(check(&huge).unwrap_err().contains("overflow"));
    }
}
