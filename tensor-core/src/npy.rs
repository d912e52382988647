//! NumPy `.npy` files: read any C- or Fortran-ordered, little- or big-endian file of the
//! seven NumPy dtypes this project shares with NumPy, and write files that `numpy.load`
//! always accepts.
//!
//! # Format handling
//! - The header is parsed and written by the [`npyz`] crate; the data block is handled here
//!   as raw bytes, so every dtype goes through one code path.
//! - Descrs read: `|b1` (bool), `|u1` (uint8), `i4`, `i8`, `f2`, `f4`, `f8` with either byte
//!   order (`<`, `>`, or `|`/`=` where NumPy allows it). Big-endian data is byte-swapped on the
//!   host. Fortran-ordered data (`fortran_order: True`) is reordered to C order on the host
//!   before upload, so the tensor is always C-contiguous.
//! - Anything else (complex, strings such as `<U10`, objects/pickles, structured records,
//!   datetimes, other integer widths) is an [`Error::Io`] naming the descr. So are unreadable
//!   files, truncated data, and `bool` bytes other than 0 and 1.
//! - Files are always written in C order, little-endian, with the NumPy format version npyz
//!   picks (1.0 unless the header is huge). Non-contiguous tensors are written in logical
//!   (C) order via [`Tensor::to_bytes`].
//!
//! # bfloat16
//! NumPy has no bfloat16. `ml_dtypes` can save one, but the file's descr is then the opaque
//! `'<V2'` (raw void), which plain NumPy loads as bytes and which is indistinguishable from
//! any other 2-byte void. This module therefore chooses:
//! - [`write_npy`] stores a `bf16` tensor as `float32` (`<f4`). The widening is exact, so the
//!   values survive, and the file loads in any NumPy. Reading it back gives an `f32` tensor.
//! - [`write_npy_bf16_bits`] stores the raw bfloat16 bit patterns as `uint16` (`<u2`) for
//!   callers who want the compact form and know to reinterpret it
//!   (`np.load(f).view(ml_dtypes.bfloat16)`); [`read_npy_bf16_bits`] reads such a file back
//!   as `bf16`.
//! - [`read_npy`] never yields `bf16`: `<u2` is not a supported dtype (there is no `u16`) and
//!   `<V2` is rejected rather than guessed at.

use crate::{DType, Device, Error, Result, Tensor};
use npyz::{Endianness, Order, TypeChar, WriterBuilder};
use std::path::Path;

/// A decoded `.npy` payload on the host: dtype, shape and C-order little-endian bytes.
///
/// This is the device-independent half of [`read_npy`]/[`write_npy`]; it is what the
/// conformance harness uses to hold reference data without touching a backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpyArray {
    /// Element type.
    pub dtype: DType,
    /// Dimensions (empty for a 0-d array).
    pub shape: Vec<usize>,
    /// The elements in C order, little-endian, `numel * dtype.size_of()` bytes.
    pub data: Vec<u8>,
}

impl NpyArray {
    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// Uploads the array as a contiguous tensor.
    pub fn to_tensor(&self, device: &Device) -> Result<Tensor> {
        Tensor::from_bytes(device, &self.data, self.dtype, &self.shape)
    }

    /// Downloads a tensor (any layout) into host memory.
    pub fn from_tensor(t: &Tensor) -> Result<NpyArray> {
        Ok(NpyArray {
            dtype: t.dtype(),
            shape: t.shape().to_vec(),
            data: t.to_bytes()?,
        })
    }
}

fn io_err(path: &str, msg: impl Into<String>) -> Error {
    Error::Io {
        path: path.into(),
        msg: msg.into(),
    }
}

/// The label used in errors for in-memory data.
const MEMORY: &str = "<memory>";

/// Maps a NumPy type string to a dtype and whether its data is big-endian.
fn dtype_of(ts: &npyz::TypeStr) -> Option<(DType, bool)> {
    let big = ts.endianness() == Endianness::Big;
    let d = match (ts.type_char(), ts.size_field()) {
        (TypeChar::Bool, 1) => DType::Bool,
        (TypeChar::Uint, 1) => DType::U8,
        (TypeChar::Int, 4) => DType::I32,
        (TypeChar::Int, 8) => DType::I64,
        (TypeChar::Float, 2) => DType::F16,
        (TypeChar::Float, 4) => DType::F32,
        (TypeChar::Float, 8) => DType::F64,
        _ => return None,
    };
    if ts.time_units().is_some() {
        return None;
    }
    Some((d, big))
}

/// The descr written for `dtype` (never called with `bf16`).
fn descr_of(dtype: DType) -> &'static str {
    match dtype {
        DType::Bool => "|b1",
        DType::U8 => "|u1",
        DType::I32 => "<i4",
        DType::I64 => "<i8",
        DType::F16 => "<f2",
        DType::BF16 => "<u2",
        DType::F32 => "<f4",
        DType::F64 => "<f8",
    }
}

/// Header fields that matter here.
struct Header {
    descr: String,
    ts: Option<npyz::TypeStr>,
    shape: Vec<usize>,
    fortran: bool,
}

/// The deepest bracket nesting read in a header. npyz parses the header with `py_literal`,
/// whose grammar re-parses each list, tuple and dict/set element on backtracking: time grows
/// as 2^depth, so a 176-byte file nesting `[` 45 deep hung the parser (fuzz finding,
/// `tests/fuzz/regressions/npy-timeout-nested-descr`). A plain-dtype header nests 2 deep
/// (the dict and the shape tuple); a structured one a few more.
const MAX_HEADER_NESTING: usize = 8;

/// The deepest nesting of `(`, `[` and `{` in a Python-literal header, outside string
/// literals (quotes `'`/`"`, with backslash escapes). Unbalanced closers are ignored: the
/// parser reports those.
fn nesting_depth(header: &[u8]) -> usize {
    let (mut depth, mut max, mut quote, mut escaped) = (0usize, 0usize, None, false);
    for &b in header {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    max
}

/// The dimensions of the `'shape'` tuple in a Python-literal header, when it is written
/// plainly (`'shape': (d0, d1, ...)` with decimal integers that fit `u64`); `None` otherwise,
/// leaving the verdict to the parser. A key `shape` inside a structured `descr` is followed by
/// `,`, not `:`, and is skipped.
fn plain_shape(header: &[u8]) -> Option<Vec<u64>> {
    let mut from = 0;
    while let Some(at) = header[from..]
        .windows(7)
        .position(|w| (w == b"'shape'" || w == b"\"shape\"") && w[0] == w[6])
    {
        let mut i = from + at + 7;
        from = i;
        let skip_ws = |i: &mut usize| {
            while header.get(*i).is_some_and(u8::is_ascii_whitespace) {
                *i += 1;
            }
        };
        skip_ws(&mut i);
        if header.get(i) != Some(&b':') {
            continue;
        }
        i += 1;
        skip_ws(&mut i);
        if header.get(i) != Some(&b'(') {
            return None;
        }
        i += 1;
        let mut dims = Vec::new();
        loop {
            skip_ws(&mut i);
            match header.get(i)? {
                b')' => return Some(dims),
                b',' => i += 1,
                b'0'..=b'9' => {
                    let start = i;
                    while header.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    let digits = std::str::from_utf8(&header[start..i]).ok()?;
                    dims.push(digits.parse().ok()?);
                }
                _ => return None,
            }
        }
    }
    None
}

/// Parses the header of `bytes`, returning it and the data block.
fn parse_header<'a>(bytes: &'a [u8], path: &str) -> Result<(Header, &'a [u8])> {
    // A header length beyond the input would make npyz allocate that many bytes before
    // reading them (a 19-byte file could ask for gigabytes): check it first.
    if bytes.len() >= 12 && bytes.starts_with(b"\x93NUMPY") {
        let (prefix, len) = if bytes[6] == 1 {
            (10, u16::from_le_bytes([bytes[8], bytes[9]]) as usize)
        } else {
            (
                12,
                u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            )
        };
        if prefix + len > bytes.len() {
            return Err(io_err(
                path,
                format!(
                    "not a valid .npy file: the header claims {len} bytes, the input has {} after the prefix",
                    bytes.len() - prefix
                ),
            ));
        }
        let depth = nesting_depth(&bytes[prefix..prefix + len]);
        if depth > MAX_HEADER_NESTING {
            return Err(io_err(
                path,
                format!(
                    "not a valid .npy file: the header nests brackets {depth} levels deep \
                     (at most {MAX_HEADER_NESTING} are read; nested structured dtypes are not supported)"
                ),
            ));
        }
        // npyz multiplies the dimensions in `u64` unchecked: a shape whose product overflows
        // panicked in debug builds and wrapped to a wrong element count in release (fuzz
        // finding, `tests/fuzz/regressions/npy-shape-product-overflow`). Like NumPy ("array
        // is too big"), the product of the nonzero dimensions must fit, so an empty array
        // with huge other dimensions is refused too.
        if let Some(dims) = plain_shape(&bytes[prefix..prefix + len])
            && dims
                .iter()
                .filter(|&&d| d != 0)
                .try_fold(1u64, |n, &d| n.checked_mul(d))
                .is_none()
        {
            return Err(io_err(
                path,
                format!(
                    "not a valid .npy file: shape {dims:?} has more elements than fit in 64 bits"
                ),
            ));
        }
    }
    let mut rest = bytes;
    let h = npyz::NpyHeader::from_reader(&mut rest)
        .map_err(|e| io_err(path, format!("not a valid .npy file: {e}")))?;
    let dtype = h.dtype();
    let descr = dtype.descr();
    let ts = match dtype {
        npyz::DType::Plain(ts) => Some(ts),
        _ => None,
    };
    // NumPy refuses any dimension above `isize::MAX` ("Maximum allowed dimension exceeded"),
    // even when another dimension is 0 and the array is empty.
    let shape = h
        .shape()
        .iter()
        .map(|&d| match isize::try_from(d) {
            Ok(d) => Ok(d as usize),
            Err(_) => Err(io_err(
                path,
                format!(
                    "dimension {d} of shape {:?} exceeds the largest allowed ({})",
                    h.shape(),
                    isize::MAX
                ),
            )),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((
        Header {
            descr,
            ts,
            shape,
            fortran: h.order() == Order::Fortran,
        },
        rest,
    ))
}

/// Checks the data block length and returns exactly the bytes of `n` elements of `es` bytes.
fn take_data<'a>(data: &'a [u8], shape: &[usize], es: usize, path: &str) -> Result<&'a [u8]> {
    let n = crate::layout::checked_numel(shape).map_err(|e| io_err(path, e.to_string()))?;
    let need = n
        .checked_mul(es)
        .ok_or_else(|| io_err(path, format!("shape {shape:?} is too large")))?;
    if data.len() < need {
        return Err(io_err(
            path,
            format!(
                "truncated data: shape {shape:?} needs {need} bytes, the file has {}",
                data.len()
            ),
        ));
    }
    Ok(&data[..need])
}

/// Reorders Fortran-ordered elements of `shape` into C order.
fn fortran_to_c(data: &[u8], shape: &[usize], es: usize) -> Vec<u8> {
    let n: usize = shape.iter().product();
    let nd = shape.len();
    if n == 0 || nd < 2 {
        return data.to_vec();
    }
    // Element strides of the Fortran layout.
    let mut fstride = vec![1usize; nd];
    for k in 1..nd {
        fstride[k] = fstride[k - 1] * shape[k - 1];
    }
    let mut out = Vec::with_capacity(data.len());
    let mut idx = vec![0usize; nd];
    let mut src = 0usize;
    for _ in 0..n {
        out.extend_from_slice(&data[src * es..(src + 1) * es]);
        // Odometer over C order (last axis fastest), tracking the Fortran offset.
        for k in (0..nd).rev() {
            idx[k] += 1;
            src += fstride[k];
            if idx[k] < shape[k] {
                break;
            }
            src -= fstride[k] * shape[k];
            idx[k] = 0;
        }
    }
    out
}

/// Decodes `bytes` (a whole `.npy` file) into C-order little-endian host data. `path` only
/// labels errors.
fn decode(bytes: &[u8], path: &str) -> Result<NpyArray> {
    let (h, data) = parse_header(bytes, path)?;
    let (dtype, big) = h.ts.as_ref().and_then(dtype_of).ok_or_else(|| {
        io_err(
            path,
            format!(
                "unsupported dtype descr {}: supported are |b1, |u1, i4, i8, f2, f4, f8 \
                 (either byte order)",
                h.descr
            ),
        )
    })?;
    let es = dtype.size_of();
    let raw = take_data(data, &h.shape, es, path)?;
    let mut data = if h.fortran {
        fortran_to_c(raw, &h.shape, es)
    } else {
        raw.to_vec()
    };
    if big && es > 1 {
        data.chunks_exact_mut(es).for_each(|c| c.reverse());
    }
    if dtype == DType::Bool
        && let Some(pos) = data.iter().position(|&b| b > 1)
    {
        return Err(io_err(
            path,
            format!(
                "bool element {pos} has byte value {}, expected 0 or 1",
                data[pos]
            ),
        ));
    }
    Ok(NpyArray {
        dtype,
        shape: h.shape,
        data,
    })
}

/// Encodes C-order little-endian `data` of `shape` under `descr`. `path` only labels errors.
fn encode(descr: &str, shape: &[usize], data: &[u8], path: &str) -> Result<Vec<u8>> {
    let ts: npyz::TypeStr = descr
        .parse()
        .map_err(|e| io_err(path, format!("bad descr {descr}: {e}")))?;
    let shape64: Vec<u64> = shape.iter().map(|&d| d as u64).collect();
    let mut out = Vec::with_capacity(data.len() + 128);
    npyz::WriteOptions::new_header_only()
        .dtype(npyz::DType::new_scalar(ts))
        .shape(&shape64)
        .writer(&mut out)
        .write_header_only()
        .map_err(|e| io_err(path, format!("cannot write header: {e}")))?;
    out.extend_from_slice(data);
    Ok(out)
}

impl NpyArray {
    /// Decodes a whole `.npy` file held in memory.
    pub fn decode(bytes: &[u8]) -> Result<NpyArray> {
        decode(bytes, MEMORY)
    }

    /// Encodes as a `.npy` file (C order, little-endian). `bf16` is written as `float32`
    /// (see the [module docs](self)).
    pub fn encode(&self) -> Result<Vec<u8>> {
        let es = self.dtype.size_of();
        let n = crate::layout::checked_numel(&self.shape)?;
        if self.data.len() != n * es {
            return Err(Error::invalid(
                "write_npy",
                format!(
                    "{} bytes do not hold shape {:?} of {}",
                    self.data.len(),
                    self.shape,
                    self.dtype
                ),
            ));
        }
        if self.dtype == DType::BF16 {
            let wide: Vec<u8> = self
                .data
                .chunks_exact(2)
                // A shift, not `half::bf16::to_f32`, which quiets signalling NaNs: every
                // bit pattern survives (found by `tests/npy_props.rs`).
                .flat_map(|c| (u32::from(u16::from_le_bytes([c[0], c[1]])) << 16).to_le_bytes())
                .collect();
            return encode(descr_of(DType::F32), &self.shape, &wide, MEMORY);
        }
        encode(descr_of(self.dtype), &self.shape, &self.data, MEMORY)
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io_err(&path.display().to_string(), e.to_string()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| io_err(&path.display().to_string(), e.to_string()))
}

/// Reads a `.npy` file into a contiguous tensor on `device`.
pub fn read_npy(device: &Device, path: impl AsRef<Path>) -> Result<Tensor> {
    let path = path.as_ref();
    let bytes = read_file(path)?;
    decode(&bytes, &path.display().to_string())?.to_tensor(device)
}

/// Reads a `.npy` file held in memory into a contiguous tensor on `device`.
pub fn read_npy_bytes(device: &Device, bytes: &[u8]) -> Result<Tensor> {
    decode(bytes, MEMORY)?.to_tensor(device)
}

/// Writes `t` as a `.npy` file (C order, little-endian; `bf16` as `float32`).
pub fn write_npy(t: &Tensor, path: impl AsRef<Path>) -> Result<()> {
    let bytes = write_npy_bytes(t)?;
    write_file(path.as_ref(), &bytes)
}

/// The `.npy` file [`write_npy`] would write, in memory.
pub fn write_npy_bytes(t: &Tensor) -> Result<Vec<u8>> {
    NpyArray::from_tensor(t)?.encode()
}

/// Writes a `bf16` tensor's raw bit patterns as `uint16` (`<u2`); load it in Python with
/// `np.load(path).view(ml_dtypes.bfloat16)`. Any other dtype is an error.
pub fn write_npy_bf16_bits(t: &Tensor, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    if t.dtype() != DType::BF16 {
        return Err(Error::DType {
            op: "write_npy_bf16_bits".into(),
            dtype: t.dtype(),
        });
    }
    let bytes = encode(
        "<u2",
        t.shape(),
        &t.to_bytes()?,
        &path.display().to_string(),
    )?;
    write_file(path, &bytes)
}

/// Reads a `uint16` (`<u2` or `>u2`) `.npy` file as raw bfloat16 bit patterns into a `bf16`
/// tensor: the inverse of [`write_npy_bf16_bits`].
pub fn read_npy_bf16_bits(device: &Device, path: impl AsRef<Path>) -> Result<Tensor> {
    let path = path.as_ref();
    let label = path.display().to_string();
    let bytes = read_file(path)?;
    let (h, data) = parse_header(&bytes, &label)?;
    let ok =
        h.ts.as_ref()
            .is_some_and(|ts| ts.type_char() == TypeChar::Uint && ts.size_field() == 2);
    if !ok {
        return Err(io_err(
            &label,
            format!(
                "expected uint16 bfloat16 bits (<u2), found descr {}",
                h.descr
            ),
        ));
    }
    let big =
        h.ts.as_ref()
            .is_some_and(|ts| ts.endianness() == Endianness::Big);
    let raw = take_data(data, &h.shape, 2, &label)?;
    let mut data = if h.fortran {
        fortran_to_c(raw, &h.shape, 2)
    } else {
        raw.to_vec()
    };
    if big {
        data.chunks_exact_mut(2).for_each(|c| c.reverse());
    }
    Tensor::from_bytes(device, &data, DType::BF16, &h.shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_headers_are_refused_before_parsing() {
        // Found by the npy fuzz target: `[` nested 45 deep made the header parser run for
        // minutes (2^depth backtracking). Now refused at once, with the depth named.
        let bad = include_bytes!("../../tests/fuzz/regressions/npy-timeout-nested-descr");
        let e = decode(bad, "<memory>").map(|_| ()).unwrap_err().to_string();
        assert!(e.contains("46 levels deep"), "{e}");
        for (open, close) in [("[", "]"), ("(", ")"), ("{", "}")] {
            let body = format!(
                "{{'descr': {}'<f4'{}, 'fortran_order': False, 'shape': (1,), }}",
                open.repeat(40),
                close.repeat(40)
            );
            let e = decode(&handmade_header(&body), "<memory>")
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(e.contains("41 levels deep"), "{e}");
        }
        // Brackets inside strings do not count; a structured dtype within the bound still
        // gets the descr error, not the nesting one.
        assert_eq!(
            nesting_depth(b"{'descr': '[[[[[[[[[[[[', 'shape': (2,)}"),
            2
        );
        assert_eq!(nesting_depth(br#"{'a': "\"((((((((((", 'b': ((1,),)}"#), 3);
        let e = decode(
            &handmade_header(
                "{'descr': [('a', '<f4', (2,))], 'fortran_order': False, 'shape': (1,), }",
            ),
            "<memory>",
        )
        .map(|_| ())
        .unwrap_err()
        .to_string();
        assert!(!e.contains("levels deep"), "{e}");
        // The deepest header handed to the parser: 8 levels.
        let body = format!(
            "{{'descr': '<f4', 'fortran_order': False, 'shape': {}1,{}, }}",
            "(".repeat(7),
            ")".repeat(7)
        );
        let e = decode(&handmade_header(&body), "<memory>")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(!e.contains("levels deep"), "{e}");
    }

    /// A version 1.0 file whose header is `body`, padded as NumPy pads, with no data.
    fn handmade_header(body: &str) -> Vec<u8> {
        let mut h = body.as_bytes().to_vec();
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(b' ');
        }
        h.push(b'\n');
        let mut f = b"\x93NUMPY\x01\x00".to_vec();
        f.extend_from_slice(&(h.len() as u16).to_le_bytes());
        f.extend_from_slice(&h);
        f
    }

    #[test]
    fn a_header_length_beyond_the_input_is_refused_before_allocating() {
        // Found by the npy fuzz target: version 3 claiming a ~2.5 GB header in 19 bytes.
        let bad = include_bytes!("../../tests/fuzz/regressions/npy-oom-header-len");
        let e = decode(bad, "<memory>").map(|_| ()).unwrap_err().to_string();
        assert!(e.contains("header claims"), "{e}");
        let mut v1 = b"\x93NUMPY\x01\x00".to_vec();
        v1.extend_from_slice(&60000u16.to_le_bytes());
        v1.extend_from_slice(b"{'descr': '<f4'");
        assert!(decode(&v1, "<memory>").is_err());
    }

    /// Little-endian bytes of `n` sample values of `dtype` (0/1 for bool).
    fn sample(dtype: DType, n: usize) -> Vec<u8> {
        (0..n)
            .flat_map(|i| {
                let v = i as f64 * 1.5 - 3.0;
                crate::with_dtype!(dtype, |T| {
                    let x = <T as crate::Element>::from_f64(if dtype == DType::Bool {
                        (i % 2) as f64
                    } else {
                        v
                    });
                    crate::dtype::elements_as_bytes(&[x]).to_vec()
                })
            })
            .collect()
    }

    fn header_text(bytes: &[u8]) -> String {
        let len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
        String::from_utf8_lossy(&bytes[10..10 + len]).into_owned()
    }

    /// A hand-made version 1.0 file.
    fn handmade(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
        let mut dict = format!(
            "{{'descr': '{descr}', 'fortran_order': {}, 'shape': {shape}, }}",
            if fortran { "True" } else { "False" }
        );
        while (10 + dict.len() + 1) % 64 != 0 {
            dict.push(' ');
        }
        dict.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
        out.extend_from_slice(dict.as_bytes());
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn roundtrip_every_dtype_and_shape() {
        let shapes: [&[usize]; 5] = [&[], &[0], &[7], &[2, 3, 4], &[3, 0, 2]];
        for dtype in DType::ALL {
            for shape in shapes {
                let n = shape.iter().product();
                let a = NpyArray {
                    dtype,
                    shape: shape.to_vec(),
                    data: sample(dtype, n),
                };
                let file = a.encode().unwrap();
                let b = NpyArray::decode(&file).unwrap();
                let h = header_text(&file);
                assert!(h.contains("'fortran_order': False"), "{h}");
                if dtype == DType::BF16 {
                    assert!(h.contains("'<f4'"), "{h}");
                    assert_eq!(b.dtype, DType::F32);
                    assert_eq!(b.shape, shape);
                    let want: Vec<f32> = a
                        .data
                        .chunks_exact(2)
                        .map(|c| half::bf16::from_le_bytes([c[0], c[1]]).to_f32())
                        .collect();
                    let got: Vec<f32> = b
                        .data
                        .chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect();
                    assert_eq!(got, want);
                } else {
                    assert!(h.contains(descr_of(dtype)), "{h}");
                    assert_eq!(a, b, "{dtype} {shape:?}");
                }
            }
        }
    }

    #[test]
    fn fortran_order_is_reordered() {
        // np.arange(6, dtype='<i4').reshape(2, 3) in Fortran order: columns first.
        let f: Vec<u8> = [0i32, 3, 1, 4, 2, 5]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let a = NpyArray::decode(&handmade("<i4", true, "(2, 3)", &f)).unwrap();
        assert_eq!(a.shape, vec![2, 3]);
        let vals: Vec<i32> = a
            .data
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(vals, vec![0, 1, 2, 3, 4, 5]);

        // 3-D: value = C-order index, stored in Fortran order.
        let shape = [2usize, 3, 4];
        let mut f = vec![0u8; 24];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..4 {
                    f[i + 2 * j + 6 * k] = (i * 12 + j * 4 + k) as u8;
                }
            }
        }
        let a = NpyArray::decode(&handmade("|u1", true, "(2, 3, 4)", &f)).unwrap();
        assert_eq!(a.shape, shape);
        assert_eq!(a.data, (0..24u8).collect::<Vec<_>>());
    }

    #[test]
    fn big_endian_is_swapped() {
        let be: Vec<u8> = [1.5f64, -2.0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        let a = NpyArray::decode(&handmade(">f8", false, "(2,)", &be)).unwrap();
        assert_eq!(a.dtype, DType::F64);
        let le: Vec<u8> = [1.5f64, -2.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(a.data, le);
        let be: Vec<u8> = [7i32, -9].iter().flat_map(|v| v.to_be_bytes()).collect();
        let a = NpyArray::decode(&handmade(">i4", true, "(2, 1)", &be)).unwrap();
        assert_eq!(a.shape, vec![2, 1]);
        assert_eq!(
            a.data,
            [7i32, -9]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<_>>()
        );
    }

    fn err(bytes: &[u8]) -> String {
        NpyArray::decode(bytes).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_are_clear_errors() {
        for descr in ["<c8", "<U10", "|O", "<u2", "<i2", "<V2", "<M8[s]"] {
            let m = err(&handmade(descr, false, "(1,)", &[0; 16]));
            assert!(m.contains("unsupported dtype") && m.contains(descr), "{m}");
        }
        let m = err(&handmade("<f4", false, "(3,)", &[0; 8]));
        assert!(m.contains("truncated"), "{m}");
        let m = err(&handmade("|b1", false, "(3,)", &[0, 1, 2]));
        assert!(m.contains("0 or 1"), "{m}");
        let m = err(b"not an npy file at all");
        assert!(m.contains("not a valid .npy"), "{m}");
        let m = err(&[]);
        assert!(m.contains("<memory>"), "{m}");
        // Records are not plain dtypes.
        let rec = b"\x93NUMPY\x01\x00\x46\x00{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }      \n";
        let m = err(rec);
        assert!(m.contains("unsupported dtype"), "{m}");
    }

    #[test]
    fn dimensions_above_isize_max_are_refused() {
        // NumPy: "ValueError: Maximum allowed dimension exceeded", even for an empty array.
        for shape in [
            "(0, 18446744073709551615)",
            "(9223372036854775808, 0)",
            "(9223372036854775808,)",
        ] {
            let m = err(&handmade("<f4", false, shape, &[]));
            assert!(m.contains("exceeds the largest allowed"), "{shape}: {m}");
        }
        // The largest allowed dimension itself is accepted when the array is empty.
        let a = NpyArray::decode(&handmade("<f4", false, "(0, 9223372036854775807)", &[])).unwrap();
        assert_eq!(a.shape, vec![0, isize::MAX as usize]);
        assert!(a.data.is_empty());
    }

    #[test]
    fn a_shape_whose_element_count_overflows_is_refused() {
        // Found by the npy fuzz target: (18446744073709551560, 560, 3) overflowed npyz's
        // element count (a panic in debug builds).
        let bad = include_bytes!("../../tests/fuzz/regressions/npy-shape-product-overflow");
        let m = err(bad);
        assert!(m.contains("more elements than fit in 64 bits"), "{m}");
        // As in NumPy, the nonzero dimensions must multiply without overflow wherever the
        // zero stands; an empty array with large but representable dimensions is fine.
        for shape in ["(4294967296, 4294967296, 0)", "(0, 4294967296, 4294967296)"] {
            let m = err(&handmade("<f4", false, shape, &[]));
            assert!(m.contains("more elements than fit in 64 bits"), "{m}");
        }
        let a = NpyArray::decode(&handmade("<f4", false, "(0, 4294967296, 65536)", &[]));
        assert_eq!(a.unwrap().shape, vec![0, 1 << 32, 1 << 16]);
        // A structured descr naming a field `shape` does not confuse the scan.
        assert_eq!(
            plain_shape(b"{'descr': [('shape', '<f4')], 'shape': (2, 3), }"),
            Some(vec![2, 3])
        );
        assert_eq!(plain_shape(b"{\"shape\": (), }"), Some(vec![]));
        assert_eq!(plain_shape(b"{'shape': [2], }"), None);
    }

    #[test]
    fn missing_file_names_the_path() {
        let p = std::env::temp_dir().join("tensor-core-npy-does-not-exist.npy");
        let e = read_file(&p).unwrap_err();
        assert!(matches!(&e, Error::Io { path, .. } if path.contains("does-not-exist")));
    }
}
