//! CORE-MATH's correctly rounded functions, from one of two builds of the same C sources,
//! chosen at run time ([`crate::isa::v3`]):
//! - the baseline x86-64 build that `core-math-sys` links (what any x86-64 CPU runs);
//! - an x86-64-v3 build (AVX2, FMA) made by this crate's build script, whose symbols carry
//!   a `_v3` suffix. CORE-MATH's algorithms are written around fused multiply-add; the
//!   baseline build calls libm's `fma()` for each one, which makes many functions several
//!   times slower (figures in `docs/reliability.md`, "Portability").
//!
//! Both builds are correctly rounded, so they return the same bits for every input; the
//! tests check that on a sample of every function. Where the v3 build was not made (another
//! target, or `TENSOR_CPU_NO_V3_BUILD` at build time), every call goes to the baseline one.

macro_rules! cm {
    ($t:ty; $( $name:ident => $v3:ident ( $($a:ident),+ ) ),* $(,)?) => {
        #[cfg(cmath_v3)]
        unsafe extern "C" {
            $( fn $v3($($a: $t),+) -> $t; )*
        }
        $(
            #[doc = concat!("CORE-MATH `cr_", stringify!($name), "`, correctly rounded.")]
            #[inline]
            pub fn $name($($a: $t),+) -> $t {
                #[cfg(cmath_v3)]
                if crate::isa::v3() {
                    // SAFETY: a pure C function of its arguments, compiled for x86-64-v3,
                    // which this CPU supports (checked just above).
                    return unsafe { $v3($($a),+) };
                }
                core_math::$name($($a),+)
            }
        )*
        /// The calls of every function of this group on arguments drawn from `sample` where
        /// the v3 build and the baseline build disagree (for the tests).
        #[cfg(all(test, cmath_v3))]
        pub(crate) fn mismatches(sample: &[$t]) -> Vec<String> {
            let mut bad = Vec::new();
            let n = sample.len();
            $(
                for i in 0..n {
                    let mut k = 0usize;
                    $( let $a = sample[(i + k * 7919) % n]; k += 1; )+
                    let _ = k;
                    // SAFETY: only called where `isa::v3()` holds (see the test).
                    let (v3, base) = (unsafe { $v3($($a),+) }, core_math::$name($($a),+));
                    if v3.to_bits() != base.to_bits() && !(v3.is_nan() && base.is_nan()) {
                        bad.push(format!(
                            "{}({:?}) = {v3:e} (v3) vs {base:e} (baseline)",
                            stringify!($name), ($($a),+)
                        ));
                    }
                }
            )*
            bad
        }
    };
}

/// `f32` functions.
pub mod f32 {
    cm!(f32;
        expf => cr_expf_v3(x), exp2f => cr_exp2f_v3(x), expm1f => cr_expm1f_v3(x),
        logf => cr_logf_v3(x), log2f => cr_log2f_v3(x), log10f => cr_log10f_v3(x),
        log1pf => cr_log1pf_v3(x), sinf => cr_sinf_v3(x), cosf => cr_cosf_v3(x),
        tanf => cr_tanf_v3(x), asinf => cr_asinf_v3(x), acosf => cr_acosf_v3(x),
        atanf => cr_atanf_v3(x), sinhf => cr_sinhf_v3(x), coshf => cr_coshf_v3(x),
        tanhf => cr_tanhf_v3(x), asinhf => cr_asinhf_v3(x), acoshf => cr_acoshf_v3(x),
        atanhf => cr_atanhf_v3(x), erff => cr_erff_v3(x), rsqrtf => cr_rsqrtf_v3(x),
        powf => cr_powf_v3(x, y), atan2f => cr_atan2f_v3(y, x),
    );
}

/// `f64` functions.
pub mod f64 {
    cm!(f64;
        exp => cr_exp_v3(x), exp2 => cr_exp2_v3(x), expm1 => cr_expm1_v3(x),
        log => cr_log_v3(x), log2 => cr_log2_v3(x), log10 => cr_log10_v3(x),
        log1p => cr_log1p_v3(x), sin => cr_sin_v3(x), cos => cr_cos_v3(x),
        tan => cr_tan_v3(x), asin => cr_asin_v3(x), acos => cr_acos_v3(x),
        atan => cr_atan_v3(x), sinh => cr_sinh_v3(x), cosh => cr_cosh_v3(x),
        tanh => cr_tanh_v3(x), asinh => cr_asinh_v3(x), acosh => cr_acosh_v3(x),
        atanh => cr_atanh_v3(x), erf => cr_erf_v3(x), rsqrt => cr_rsqrt_v3(x),
        pow => cr_pow_v3(x, y), atan2 => cr_atan2_v3(y, x),
    );
}

/// Which CORE-MATH build runs here, for the backend's info.
pub fn describe() -> &'static str {
    #[cfg(cmath_v3)]
    if crate::isa::v3() {
        return "core-math 1.4, x86-64-v3 build (FMA)";
    }
    if cfg!(cmath_v3) {
        "core-math 1.4, baseline x86-64 build (this CPU or TENSOR_CPU_ISA excludes the v3 build)"
    } else {
        "core-math 1.4, baseline x86-64 build (no v3 build was made)"
    }
}

#[cfg(all(test, cmath_v3))]
mod tests {
    /// Bits spread over every exponent and sign, plus the special values.
    fn sample_bits(n: usize) -> impl Iterator<Item = u64> {
        let mut z = 0x9e37_79b9_7f4a_7c15u64;
        (0..n).map(move |_| {
            z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            x ^ (x >> 31)
        })
    }

    #[test]
    fn the_v3_build_returns_the_baseline_bits() {
        if !crate::isa::v3() {
            eprintln!("skipped: this CPU (or TENSOR_CPU_ISA) excludes the v3 build");
            return;
        }
        let mut s32: Vec<f32> = sample_bits(20_000)
            .map(|b| f32::from_bits(b as u32))
            .collect();
        // Moderate arguments, where most of each function's range lies.
        s32.extend(sample_bits(20_000).map(|b| (b >> 40) as f32 / 16_777_216.0 * 20.0 - 10.0));
        s32.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
        ]);
        let bad = super::f32::mismatches(&s32);
        assert!(
            bad.is_empty(),
            "{} mismatches, e.g. {:?}",
            bad.len(),
            &bad[..bad.len().min(5)]
        );
        let mut s64: Vec<f64> = sample_bits(10_000).map(f64::from_bits).collect();
        s64.extend(
            sample_bits(10_000).map(|b| (b >> 11) as f64 / 9.007_199_254_740_992e15 * 20.0 - 10.0),
        );
        s64.extend([
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ]);
        let bad = super::f64::mismatches(&s64);
        assert!(
            bad.is_empty(),
            "{} mismatches, e.g. {:?}",
            bad.len(),
            &bad[..bad.len().min(5)]
        );
    }
}
