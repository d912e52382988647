//! # conformance
//!
//! Grades a backend's numbers against an independent reference, op by op and dtype by
//! dtype; the library behind the `conformance` CLI and [`check_backend`], the entry point
//! for plugin authors.
//!
//! ## Design contract
//! - **A case** ([`cases::Case`]) is one op on one dtype with one input *family*
//!   (`typical`, `hard`, `0-d`, `empty`, `broadcast`, `long`, `offset`, `nan`, ...): its
//!   inputs as exact host arrays in logical C order, and the storage layouts it must also be
//!   run in ([`cases::View`]: transposed, step-2 and reversed, whose results must be
//!   bit-identical to the contiguous one). Its id, `op/dtype/family[/detail]`, is stable
//!   across runs and machines: every input is drawn from a [`host::Stream`] keyed by the run
//!   seed and the family's name, so the same seed gives the same inputs everywhere.
//!   [`cases::all_cases`] lists the suite for the dtypes a backend stores, one generator per
//!   op family (`cases/{unary,binary,cast,reduce,softmax,matmul,creation}.rs`).
//! - **The oracle** ([`oracle`]) computes what each case must produce without calling any
//!   backend: float64 and the platform libm for `f16`, `bf16` and `f32` results, a 320-bit
//!   multi-precision value kept as a double-double for `f64` results (so `f64` is graded in
//!   true ULPs), IEEE 754 / C99 Annex F for special values, NumPy's semantics for integers
//!   (wrapping) and casts (truncation, saturation, NaN -> 0), and first-principles rounding
//!   into each narrow dtype ([`host::round_to`]). Its answer, an [`oracle::Expected`], is
//!   one of: ULP-graded references, exact integer values, references with a per-element
//!   error bound (float sums, moments, softmax, matmul: a compensated float64 value and a
//!   condition-aware bound that a naive float32 running sum exceeds), or "this op must
//!   fail". It lives in one file per op family too, with the same names as the generators.
//! - **Grading** ([`run`]) runs each case on the backend, downloads the output and checks
//!   its dtype and shape, then measures every element: ULPs against the double-double
//!   reference, `|error| / bound` for bounded results, or the number of mismatches for
//!   exact ones; NaN and infinity mismatches, and zeros of the wrong sign for ops whose sign
//!   IEEE 754 fixes, fail regardless of the limit. The limit comes from the tolerance table
//!   ([`Tolerances`], `conformance/tolerances.json`): tolerances are data, per backend, op
//!   and dtype, each with its source; an op without an entry must be exact (ULP-graded) or
//!   within its bound (ratio 1). A failing case covered by a listed known deviation (with
//!   its reason) is reported as [`Verdict::Known`]; an op the backend declares unsupported
//!   with a typed error is [`Verdict::Unsupported`], not a failure.
//! - **The report** ([`report`]) holds, per backend, the provenance (name, version,
//!   device, origin, ABI, math mode, denormals, reduction strategy, BLAS) and one
//!   [`CaseResult`] per case: metric, elements graded, maximum and 99.9th-percentile error,
//!   maximum relative error, the mismatch counts, the limit and its source, the verdict and
//!   a note, the worst element, an error histogram, samples for plots and the layout checks;
//!   then a cross-backend comparison and the pitfall scenarios ([`pitfalls`]). The CLI
//!   writes it as a terminal table, JSON (schema in `docs/conformance-report.md`) and a
//!   self-contained HTML page.
//!
//! ## Grading a plugin
//! Open the device and call [`check_backend`] from your own `cargo test`; it builds the
//! suite for the dtypes the device stores, computes the references on all cores and grades
//! every case. [`Options`] selects the quick subset, a seed, an id filter and the tolerance
//! table (add `known_deviations` there, each with a reason, rather than skipping cases):
//!
//! ```
//! use conformance::{Options, Verdict, check_backend};
//! // A plugin is opened by path: Device::open("/path/to/libbackend_mine.so").
//! let dev = tensor_core::Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap();
//! let opts = Options { quick: true, filter: Some("exp/f32".into()), ..Options::default() };
//! let run = check_backend(&dev, &opts);
//! assert!(run.results.iter().any(|r| r.verdict == Verdict::Pass));
//! assert!(run.failures().is_empty(), "{:#?}", run.failures());
//! ```

#![warn(missing_docs)]

pub mod bench;
pub mod cases;
pub mod host;
pub mod oracle;
pub mod pitfalls;
pub mod report;
pub mod run;
pub mod tolerances;
pub mod ulp;
pub mod viewspec;

pub use run::{BackendRun, CaseResult, Options, Verdict, check_backend};
pub use tolerances::Tolerances;
