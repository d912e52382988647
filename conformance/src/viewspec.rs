//! Input specs of `conformance apply`: a `.npy` path followed by NumPy-style view steps,
//! applied left to right as zero-copy views.
//!
//! ```text
//! spec   := path step*            path = the longest prefix ending in ".npy"
//! step   := ".T"
//!         | ".transpose(" [int ("," int)* [","]] ")"     empty = reverse the axes
//!         | "[" index ("," index)* [","] "]"
//! index  := int                                           removes the axis
//!         | [int] ":" [int] [":" [int]]                   basic slice
//! int    := ["-" | "+"] digit+
//! ```
//!
//! Whitespace is allowed inside brackets and parentheses. Errors name the 0-based byte
//! position in the whole spec: `unexpected character 'x' at position 12`.
//!
//! ```
//! use conformance::viewspec::{parse, Index, Step};
//! let s = parse("x.npy.T[::2, -1]").unwrap();
//! assert_eq!(s.path, "x.npy");
//! assert_eq!(s.steps.len(), 2);
//! assert!(matches!(s.steps[1], Step::Index(ref ix) if ix[1] == Index::Int(-1)));
//! ```

use tensor_core::layout::normalize_axis;
use tensor_core::{Error, Result, SliceArg, Tensor, TensorIndex};

/// One index inside `[...]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Index {
    /// `start:stop:step`.
    Slice(SliceArg),
    /// A single position; the axis is removed.
    Int(isize),
}

/// One view step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// `.T` or `.transpose()`: reverse the axes.
    Reverse,
    /// `.transpose(a, b, ...)`: a permutation (negative axes allowed).
    Transpose(Vec<isize>),
    /// `[i, a:b:c, ...]`: basic indexing of the leading axes.
    Index(Vec<Index>),
}

/// A parsed input spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputSpec {
    /// The `.npy` path.
    pub path: String,
    /// View steps, applied left to right.
    pub steps: Vec<Step>,
}

fn spec_err(msg: impl Into<String>) -> Error {
    Error::invalid("view spec", msg)
}

/// Parses `spec` into a path and view steps.
pub fn parse(spec: &str) -> Result<InputSpec> {
    let end = spec.rfind(".npy").map(|i| i + 4).ok_or_else(|| {
        spec_err(format!(
            "'{spec}' does not name a .npy file (the path must end in .npy)"
        ))
    })?;
    let mut p = Parser {
        s: spec.as_bytes(),
        pos: end,
    };
    let mut steps = Vec::new();
    while p.pos < p.s.len() {
        steps.push(p.step()?);
    }
    Ok(InputSpec {
        path: spec[..end].to_string(),
        steps,
    })
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// The error for the character at the cursor (or the end of the spec).
    fn unexpected(&self, expected: &str) -> Error {
        match self.peek() {
            None => spec_err(format!(
                "unexpected end of spec at position {}, expected {expected}",
                self.pos
            )),
            Some(_) => {
                // Report the whole (possibly multi-byte) character.
                let rest = std::str::from_utf8(&self.s[self.pos..]).ok();
                let ch = rest
                    .and_then(|r| r.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                spec_err(format!(
                    "unexpected character '{ch}' at position {}, expected {expected}",
                    self.pos
                ))
            }
        }
    }

    fn expect(&mut self, c: u8, expected: &str) -> Result<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn step(&mut self) -> Result<Step> {
        match self.peek() {
            Some(b'.') => {
                let start = self.pos;
                self.pos += 1;
                let name_end = self.s[self.pos..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(self.s.len(), |i| self.pos + i);
                let name = &self.s[self.pos..name_end];
                match name {
                    b"T" => {
                        self.pos = name_end;
                        Ok(Step::Reverse)
                    }
                    b"transpose" => {
                        self.pos = name_end;
                        self.transpose_args()
                    }
                    _ => Err(spec_err(format!(
                        "unknown view step '.{}' at position {start}, expected .T, \
                         .transpose(...) or [...]",
                        String::from_utf8_lossy(name)
                    ))),
                }
            }
            Some(b'[') => {
                self.pos += 1;
                self.indices()
            }
            _ => Err(self.unexpected("'.T', '.transpose(...)' or '['")),
        }
    }

    fn transpose_args(&mut self) -> Result<Step> {
        self.expect(b'(', "'(' after .transpose")?;
        let mut axes = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b')') {
                self.pos += 1;
                break;
            }
            axes.push(
                self.int()?
                    .ok_or_else(|| self.unexpected("an axis number or ')'"))?,
            );
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("',' or ')'")),
            }
        }
        Ok(if axes.is_empty() {
            Step::Reverse
        } else {
            Step::Transpose(axes)
        })
    }

    fn indices(&mut self) -> Result<Step> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b']') {
                if out.is_empty() {
                    return Err(self.unexpected("an index or a slice"));
                }
                self.pos += 1;
                break;
            }
            out.push(self.index()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
        Ok(Step::Index(out))
    }

    fn index(&mut self) -> Result<Index> {
        let start = self.int()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return start
                .map(Index::Int)
                .ok_or_else(|| self.unexpected("an integer or ':'"));
        }
        self.pos += 1;
        self.skip_ws();
        let stop = self.int()?;
        self.skip_ws();
        let mut step = 1;
        if self.peek() == Some(b':') {
            self.pos += 1;
            self.skip_ws();
            let at = self.pos;
            if let Some(s) = self.int()? {
                if s == 0 {
                    return Err(spec_err(format!(
                        "slice step cannot be zero at position {at}"
                    )));
                }
                step = s;
            }
        }
        Ok(Index::Slice(SliceArg::new(start, stop, step)))
    }

    /// An optional signed integer at the cursor.
    fn int(&mut self) -> Result<Option<isize>> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        let digits = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == digits {
            if digits != start {
                return Err(self.unexpected("a digit after the sign"));
            }
            return Ok(None);
        }
        let text = std::str::from_utf8(&self.s[start..self.pos]).unwrap_or("");
        text.parse::<isize>().map(Some).map_err(|_| {
            spec_err(format!(
                "integer {text} at position {start} is out of range"
            ))
        })
    }
}

/// Applies `steps` to `t` as zero-copy views.
pub fn apply(t: &Tensor, steps: &[Step]) -> Result<Tensor> {
    let mut t = t.clone();
    for s in steps {
        t = match s {
            Step::Reverse => t.t()?,
            Step::Transpose(axes) => {
                if axes.len() != t.ndim() {
                    return Err(spec_err(format!(
                        "transpose{axes:?}: axes don't match a tensor of rank {}",
                        t.ndim()
                    )));
                }
                let axes = axes
                    .iter()
                    .map(|&a| normalize_axis(a, t.ndim(), "transpose"))
                    .collect::<Result<Vec<_>>>()?;
                t.permute(&axes)?
            }
            Step::Index(ix) => index(&t, ix)?,
        };
    }
    Ok(t)
}

/// Basic indexing by the library's [`Tensor::i`].
fn index(t: &Tensor, ix: &[Index]) -> Result<Tensor> {
    let items: Vec<TensorIndex> = ix.iter().map(|&i| i.into()).collect();
    t.i(items)
}

impl From<Index> for TensorIndex {
    fn from(i: Index) -> TensorIndex {
        match i {
            Index::Slice(s) => TensorIndex::Slice(s),
            Index::Int(k) => TensorIndex::Int(k),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sl(a: Option<isize>, b: Option<isize>, c: isize) -> Index {
        Index::Slice(SliceArg::new(a, b, c))
    }

    #[test]
    fn good_specs() {
        let s = parse("x.npy").unwrap();
        assert_eq!((s.path.as_str(), s.steps.len()), ("x.npy", 0));
        let s = parse("dir.npy/x.npy.transpose(1,0)[::3, 1::2]").unwrap();
        assert_eq!(s.path, "dir.npy/x.npy");
        assert_eq!(
            s.steps,
            vec![
                Step::Transpose(vec![1, 0]),
                Step::Index(vec![sl(None, None, 3), sl(Some(1), None, 2)])
            ]
        );
        let s = parse("a.npy.T.transpose()[ -1 , :-2, 3:, ::-1, 1:2:, :, ][0]").unwrap();
        assert_eq!(
            s.steps,
            vec![
                Step::Reverse,
                Step::Reverse,
                Step::Index(vec![
                    Index::Int(-1),
                    sl(None, Some(-2), 1),
                    sl(Some(3), None, 1),
                    sl(None, None, -1),
                    sl(Some(1), Some(2), 1),
                    sl(None, None, 1),
                ]),
                Step::Index(vec![Index::Int(0)]),
            ]
        );
        let s = parse("a.npy.transpose(2, 0, -2,)").unwrap();
        assert_eq!(s.steps, vec![Step::Transpose(vec![2, 0, -2])]);
    }

    fn bad(spec: &str) -> String {
        parse(spec).unwrap_err().to_string()
    }

    #[test]
    fn bad_specs_say_where() {
        let m = bad("x.npz");
        assert!(m.contains("does not name a .npy"), "{m}");
        let m = bad("x.npy[1:x]");
        assert!(m.contains("unexpected character 'x' at position 8"), "{m}");
        let m = bad("x.npy.foo");
        assert!(m.contains("unknown view step '.foo' at position 5"), "{m}");
        let m = bad("x.npy[1");
        assert!(m.contains("unexpected end of spec at position 7"), "{m}");
        let m = bad("x.npy[]");
        assert!(m.contains("at position 6"), "{m}");
        let m = bad("x.npy[::0]");
        assert!(m.contains("step cannot be zero at position 8"), "{m}");
        let m = bad("x.npy.transpose(1,,0)");
        assert!(m.contains("unexpected character ',' at position 18"), "{m}");
        let m = bad("x.npy.transpose");
        assert!(m.contains("expected '(' after .transpose"), "{m}");
        let m = bad("x.npy[-]");
        assert!(m.contains("digit after the sign"), "{m}");
        let m = bad("x.npy[99999999999999999999999]");
        assert!(m.contains("out of range"), "{m}");
        let m = bad("x.npyé");
        assert!(m.contains("unexpected character 'é' at position 5"), "{m}");
        let m = bad("x.npy.Tx");
        assert!(m.contains("unknown view step '.Tx'"), "{m}");
    }
}
