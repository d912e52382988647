//! `Display` for [`Tensor`]: the values laid out as NumPy's `repr` lays them out, then the
//! dtype and the device, e.g.
//!
//! ```text
//! tensor([[ 1.0, -2.5],
//!         [ 3.0,  4.0]], dtype=f32, device=cpu)
//! ```
//!
//! A tensor of more than [`THRESHOLD`] elements is summarised as NumPy does: [`EDGE`]
//! entries at each end of every longer axis, `...` between them, and its shape. Only the
//! shown elements are downloaded (one transfer per corner block, counted as any transfer),
//! so printing a large tensor on a GPU costs a few small copies. A download that fails
//! prints `<error: ...>` in place of the values; formatting never panics. Values are the
//! shortest decimals that read back; if one needs an exponent, all are written with one.
//! `Debug` stays
//! the short `Tensor(shape, dtype, device)`.

use crate::{Result, Tensor};
use std::fmt;

/// Element count above which a tensor is summarised (NumPy's `threshold`).
pub const THRESHOLD: usize = 1000;
/// Entries shown at each end of a summarised axis (NumPy's `edgeitems`).
pub const EDGE: usize = 3;

/// The shown elements: per axis the runs `(start, len)` shown, and per combination of runs
/// (axis 0 most significant) that block's elements in C order, formatted.
struct Shown {
    runs: Vec<Vec<(usize, usize)>>,
    blocks: Vec<Vec<String>>,
}

/// Downloads the shown blocks of `t`.
fn shown(t: &Tensor) -> Result<Shown> {
    let shape = t.shape();
    let summarise = t.numel() > THRESHOLD;
    let runs: Vec<Vec<(usize, usize)>> = shape
        .iter()
        .map(|&n| {
            if summarise && n > 2 * EDGE {
                vec![(0, EDGE), (n - EDGE, EDGE)]
            } else {
                vec![(0, n)]
            }
        })
        .collect();
    let count: usize = runs.iter().map(Vec::len).product();
    let mut blocks = Vec::with_capacity(count);
    for c in 0..count {
        let mut v = t.clone();
        let mut rest = c;
        for d in (0..shape.len()).rev() {
            let (start, len) = runs[d][rest % runs[d].len()];
            rest /= runs[d].len();
            if len != shape[d] {
                v = v.narrow(d as isize, start, len)?;
            }
        }
        let strings = crate::with_dtype!(v.dtype(), |T| v
            .to_vec::<T>()?
            .iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>());
        blocks.push(strings);
    }
    // One notation for the whole tensor, as NumPy and PyTorch print: if any shown value
    // needs an exponent, every value gets one (`9.999938e-1, 6.1855053e-6`, not
    // `0.9999938, 6.1855053e-6`). Each is still the shortest string that reads back.
    if t.dtype().is_float() && blocks.iter().flatten().any(|x| x.contains('e')) {
        for x in blocks.iter_mut().flatten() {
            if let Ok(v) = x.parse::<f64>()
                && v.is_finite()
                && !x.contains('e')
            {
                *x = scientific(x, v);
            }
        }
    }
    Ok(Shown { runs, blocks })
}

/// `x` (a shortest round-trip decimal of the value `v`) with the same digits in scientific
/// notation: `0.25` -> `2.5e-1`, `-120.0` -> `-1.2e2`, `0.0` -> `0e0`.
fn scientific(x: &str, v: f64) -> String {
    if v == 0.0 {
        return if x.starts_with('-') { "-0e0" } else { "0e0" }.into();
    }
    let (sign, digits) = x.strip_prefix('-').map_or(("", x), |d| ("-", d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let sig = all[lead..].trim_end_matches('0');
    let exp = int.len() as i64 - 1 - lead as i64;
    let (first, rest) = sig.split_at(1);
    let dot = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{dot}{rest}e{exp}")
}

/// Writes axis `d` of the shown values (`at[k]`: the run and the index in it of each outer
/// axis `k < d`), elements right-aligned to `width`, rows indented by `indent`.
fn render(
    s: &Shown,
    d: usize,
    at: &mut Vec<(usize, usize)>,
    width: usize,
    indent: usize,
    out: &mut String,
) {
    let nd = s.runs.len();
    if d == nd {
        let (mut block, mut off) = (0, 0);
        for (k, &(r, i)) in at.iter().enumerate() {
            block = block * s.runs[k].len() + r;
            off = off * s.runs[k][r].1 + i;
        }
        out.push_str(&format!("{:>width$}", s.blocks[block][off]));
        return;
    }
    let sep = if d + 1 == nd {
        ", ".to_string()
    } else {
        format!(",\n{}", " ".repeat(indent + d + 1))
    };
    out.push('[');
    let mut first = true;
    for (r, &(_, len)) in s.runs[d].iter().enumerate() {
        if r > 0 {
            out.push_str(&sep);
            out.push_str("...");
        }
        for i in 0..len {
            if !first || r > 0 {
                out.push_str(&sep);
            }
            first = false;
            at.push((r, i));
            render(s, d + 1, at, width, indent, out);
            at.pop();
        }
    }
    out.push(']');
}

impl fmt::Display for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const OPEN: &str = "tensor(";
        let mut body = String::new();
        match shown(self) {
            Ok(_) if self.numel() == 0 => body.push_str("[]"),
            Ok(s) => {
                let width = s
                    .blocks
                    .iter()
                    .flatten()
                    .map(String::len)
                    .max()
                    .unwrap_or(0);
                render(&s, 0, &mut Vec::new(), width, OPEN.len(), &mut body);
            }
            Err(e) => body.push_str(&format!("<error: {e}>")),
        }
        let shape = if self.numel() == 0 || self.numel() > THRESHOLD {
            format!(", shape={:?}", self.shape())
        } else {
            String::new()
        };
        write!(
            f,
            "{OPEN}{body}{shape}, dtype={}, device={})",
            self.dtype(),
            self.device().label()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::scientific;

    #[test]
    fn scientific_keeps_the_digits() {
        for (x, want) in [
            ("0.9999938", "9.999938e-1"),
            ("-120.0", "-1.2e2"),
            ("1.0", "1e0"),
            ("0.0", "0e0"),
            ("-0.0", "-0e0"),
            ("12345.678", "1.2345678e4"),
            ("0.000125", "1.25e-4"),
        ] {
            let got = scientific(x, x.parse().unwrap());
            assert_eq!(got, want);
            assert_eq!(got.parse::<f64>().unwrap(), x.parse::<f64>().unwrap());
        }
    }
}
