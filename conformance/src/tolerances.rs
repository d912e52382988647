//! Tolerances and known deviations as data: `conformance/tolerances.json`, embedded in the
//! binary and overridable with `--tolerances FILE`. Every entry names its source.
//!
//! Lookup takes the most specific entry: an exact backend name beats `*`, an exact dtype
//! beats `*`. Elementwise ops are graded in ULPs of the output dtype (`max_ulp`); reductions,
//! softmax and matmul against a condition-aware error bound (`max_bound_ratio`, 1 = the
//! bound itself). Ops without an entry must be exact.

use serde::{Deserialize, Serialize};
use tensor_core::DType;

/// The tolerance file shipped with the crate.
pub const DEFAULT_TOLERANCES: &str = include_str!("../tolerances.json");

/// One tolerance entry.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Tolerance {
    /// Backend name or `*`.
    pub backend: String,
    /// Op name (as in the op set).
    pub op: String,
    /// Output dtype name or `*`.
    pub dtype: String,
    /// Largest allowed error in ULPs of the output dtype (elementwise ops).
    #[serde(default)]
    pub max_ulp: Option<f64>,
    /// Largest allowed `|error| / bound` (reductions, softmax, matmul).
    #[serde(default)]
    pub max_bound_ratio: Option<f64>,
    /// Where the number comes from (a published table, a backend's documentation).
    pub source: String,
}

/// A deviation that is known, explained and accepted: reported, never silently skipped.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Deviation {
    /// Backend name or `*`.
    pub backend: String,
    /// Op name.
    pub op: String,
    /// Output dtype or `*`.
    pub dtype: String,
    /// Input family (e.g. `hard`) or `*`.
    #[serde(default = "star")]
    pub family: String,
    /// Why it deviates.
    pub reason: String,
}

fn star() -> String {
    "*".into()
}

/// The whole file.
#[derive(Clone, Debug, Serialize, Deserialize, Default)]
pub struct Tolerances {
    /// Tolerance entries.
    pub tolerances: Vec<Tolerance>,
    /// Known deviations.
    #[serde(default)]
    pub known_deviations: Vec<Deviation>,
}

/// What a case is allowed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Allowed {
    /// The limit (ULPs or bound ratio).
    pub limit: f64,
    /// Its source.
    pub source: String,
}

fn rank(pat: &str, v: &str) -> Option<u8> {
    if pat == v {
        Some(2)
    } else if pat == "*" {
        Some(1)
    } else {
        None
    }
}

impl Tolerances {
    /// Parses a tolerance file.
    pub fn parse(json: &str) -> Result<Tolerances, String> {
        serde_json::from_str(json).map_err(|e| format!("bad tolerance file: {e}"))
    }

    /// The embedded default file.
    pub fn embedded() -> Tolerances {
        Tolerances::parse(DEFAULT_TOLERANCES)
            .expect("the embedded tolerances.json is valid (tested)")
    }

    fn best<T>(items: &[T], key: impl Fn(&T) -> Option<(u8, u8)>) -> Option<&T> {
        items
            .iter()
            .filter_map(|t| key(t).map(|k| (k, t)))
            .max_by_key(|(k, _)| *k)
            .map(|(_, t)| t)
    }

    /// ULP limit for an elementwise op; ops with no entry must be exact (0 ULP, or 0.5
    /// for float results that must be correctly rounded).
    pub fn ulp(&self, backend: &str, op: &str, dtype: DType) -> Allowed {
        let t = Self::best(&self.tolerances, |t| {
            (t.op == op && t.max_ulp.is_some()).then_some(())?;
            Some((rank(&t.backend, backend)?, rank(&t.dtype, dtype.name())?))
        });
        match t {
            Some(t) => Allowed {
                limit: t.max_ulp.unwrap_or(0.0),
                source: t.source.clone(),
            },
            None => Allowed {
                limit: 0.0,
                source: "exact (no tolerance listed)".into(),
            },
        }
    }

    /// Bound-ratio limit for a reduction, softmax or matmul (default 1: within the bound).
    pub fn bound(&self, backend: &str, op: &str, dtype: DType) -> Allowed {
        let t = Self::best(&self.tolerances, |t| {
            (t.op == op && t.max_bound_ratio.is_some()).then_some(())?;
            Some((rank(&t.backend, backend)?, rank(&t.dtype, dtype.name())?))
        });
        match t {
            Some(t) => Allowed {
                limit: t.max_bound_ratio.unwrap_or(1.0),
                source: t.source.clone(),
            },
            None => Allowed {
                limit: 1.0,
                source: "condition-aware bound (see docs/precision.md)".into(),
            },
        }
    }

    /// The known deviation covering a case, if any.
    pub fn deviation(
        &self,
        backend: &str,
        op: &str,
        dtype: DType,
        family: &str,
    ) -> Option<&Deviation> {
        self.known_deviations.iter().find(|d| {
            rank(&d.backend, backend).is_some()
                && d.op == op
                && rank(&d.dtype, dtype.name()).is_some()
                && rank(&d.family, family).is_some()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_parses_and_lookup_prefers_specific() {
        let t = Tolerances::embedded();
        assert!(!t.tolerances.is_empty());
        for e in &t.tolerances {
            assert!(!e.source.is_empty(), "{e:?} has no source");
            assert!(
                e.max_ulp.is_some() || e.max_bound_ratio.is_some(),
                "{e:?} has no limit"
            );
        }
        // The OpenCL table is the floor for unknown backends; the CPU is tighter.
        let other = t.ulp("somegpu", "exp", DType::F32);
        let cpu = t.ulp("cpu", "exp", DType::F32);
        assert_eq!(other.limit, 3.0);
        assert_eq!(cpu.limit, 1.0);
        assert_eq!(t.ulp("cpu", "floor", DType::F32).limit, 0.0);
    }
}
