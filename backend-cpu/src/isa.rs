//! The instruction sets the CPU backend uses, chosen at run time.
//!
//! The crate and its C code are built for baseline x86-64 (portable binaries: see
//! `docs/reliability.md`). Wider code runs only where the CPU reports the features:
//! - [`avx2`]: the AVX2 + FMA kernels of [`crate::ops::simd`] and [`crate::ops::vmath`];
//! - [`v3`]: the whole x86-64-v3 set (AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT, MOVBE),
//!   needed by the second CORE-MATH build of [`crate::cmath`], which the C compiler was free
//!   to fill with any of them;
//! - [`avx512`]: AVX-512 F on top of that, for the kernels that have a 512-bit twin.
//!
//! `TENSOR_CPU_ISA` caps the level, so that each path can be tested on one machine (it
//! never raises it above what the CPU has):
//! - `baseline`: plain x86-64 everywhere;
//! - `x86-64-v3` (or `avx2`): at most the AVX2 level (no AVX-512);
//! - `x86-64-v4` (or `avx512`), unset or `native`: whatever the CPU has.
//!
//! The cap is read once, when first needed; [`check_env`] is how the backend refuses a
//! misspelt value at creation instead of ignoring it.

use std::sync::atomic::{AtomicU8, Ordering};

/// The environment variable that caps the level.
pub const ISA_ENV: &str = "TENSOR_CPU_ISA";

// Levels, in order; 0 means not yet computed.
/// Level 1: plain x86-64 (SSE2).
pub const BASELINE: u8 = 1;
/// Level 2: AVX2 and FMA (without the rest of x86-64-v3).
pub const AVX2: u8 = 2;
/// Level 3: the whole x86-64-v3 set.
pub const V3: u8 = 3;
/// Level 4: x86-64-v3 with AVX-512 F.
pub const AVX512: u8 = 4;

static LEVEL: AtomicU8 = AtomicU8::new(0);

/// The cap named by `value`, or an error message listing the accepted values.
fn parse_cap(value: Option<&str>) -> Result<u8, String> {
    match value {
        None | Some("") | Some("native") | Some("x86-64-v4") | Some("avx512") => Ok(AVX512),
        Some("baseline") | Some("x86-64") => Ok(BASELINE),
        Some("avx2") | Some("x86-64-v3") => Ok(V3),
        Some(other) => Err(format!(
            "{ISA_ENV}={other:?} is not one of: baseline (or x86-64), x86-64-v3 (or avx2), \
             x86-64-v4 (or avx512), native"
        )),
    }
}

/// Checks `TENSOR_CPU_ISA`; `Err` is the message for a value that is not understood.
pub fn check_env() -> Result<(), String> {
    parse_cap(std::env::var(ISA_ENV).ok().as_deref()).map(|_| ())
}

/// What this CPU supports, before the cap.
fn detected() -> u8 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx2") && has!("fma") {
            let v3 = has!("avx")
                && has!("bmi1")
                && has!("bmi2")
                && has!("f16c")
                && has!("lzcnt")
                && has!("movbe");
            if v3 && has!("avx512f") {
                return AVX512;
            }
            return if v3 { V3 } else { AVX2 };
        }
    }
    BASELINE
}

#[cold]
fn compute() -> u8 {
    // A value that does not parse is refused by `CpuBackend::create` (via `check_env`);
    // kernels called without a backend (unit tests) fall back to the baseline.
    let cap = parse_cap(std::env::var(ISA_ENV).ok().as_deref()).unwrap_or(BASELINE);
    let level = detected().min(cap);
    LEVEL.store(level, Ordering::Relaxed);
    level
}

#[inline(always)]
fn level() -> u8 {
    match LEVEL.load(Ordering::Relaxed) {
        0 => compute(),
        l => l,
    }
}

/// True when the AVX2 + FMA kernels may run.
#[inline(always)]
pub fn avx2() -> bool {
    level() >= AVX2
}

/// True when this CPU has the AVX-512 level, whatever the cap: what makes calling an
/// AVX-512 function sound. Callers choose their path with [`avx512`] (the cap, which the
/// test hook may lower while a kernel runs) and assert this one.
pub fn cpu_avx512() -> bool {
    detected() >= AVX512
}

/// True when the AVX-512 F twins may run.
#[inline(always)]
pub fn avx512() -> bool {
    level() >= AVX512
}

/// Test hook: caps the level at 1 (baseline), 2 (AVX2 and the v3 build) or 3 (AVX-512),
/// never above the CPU's; 0 reads `TENSOR_CPU_ISA` again on the next call.
#[cfg(test)]
pub fn force(cap: u8) {
    let level = match cap {
        0 => 0,
        1 => BASELINE,
        2 => detected().min(V3),
        _ => detected(),
    };
    LEVEL.store(level, Ordering::Relaxed);
}

/// The level in force (the CPU's, within the cap): one of [`BASELINE`], [`AVX2`], [`V3`],
/// [`AVX512`].
pub fn level_value() -> u8 {
    level()
}

/// The CPU's own level, before the cap.
pub fn cpu_level() -> u8 {
    detected()
}

/// A level's short name (`baseline`, `avx2`, `x86-64-v3`, `avx512`).
pub fn level_name(level: u8) -> &'static str {
    match level {
        AVX512 => "avx512",
        V3 => "x86-64-v3",
        AVX2 => "avx2",
        _ => "baseline",
    }
}

/// True when code built for x86-64-v3 may run.
#[inline(always)]
pub fn v3() -> bool {
    level() >= V3
}

/// The level in words, for the backend's info and the reports.
pub fn describe() -> &'static str {
    match level() {
        AVX512 => "x86-64-v3 with AVX-512 F",
        V3 => "x86-64-v3 (AVX2, FMA, BMI2)",
        AVX2 => "x86-64 with AVX2 and FMA",
        _ => "x86-64 baseline (SSE2)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_parse_and_bad_values_are_refused() {
        assert_eq!(parse_cap(None), Ok(AVX512));
        assert_eq!(parse_cap(Some("native")), Ok(AVX512));
        assert_eq!(parse_cap(Some("baseline")), Ok(BASELINE));
        assert_eq!(parse_cap(Some("x86-64-v3")), Ok(V3));
        assert_eq!(parse_cap(Some("avx512")), Ok(AVX512));
        let e = parse_cap(Some("avx1024")).unwrap_err();
        assert!(
            e.contains(ISA_ENV) && e.contains("avx1024") && e.contains("baseline"),
            "{e}"
        );
    }

    #[test]
    fn the_level_never_exceeds_the_cpu() {
        assert!(level() <= detected());
        assert_eq!(avx2(), level() >= AVX2);
    }
}
