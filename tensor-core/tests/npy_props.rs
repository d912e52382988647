//! Property tests of `.npy` reading and writing (`tensor_core::npy`), for every dtype, shape
//! (rank 0 to 4, empty dimensions included), memory order, byte order and format version.
//!
//! The reference is the format's definition (NumPy's `numpy/lib/format.py` documentation),
//! written here independently of the implementation: a file is the magic `\x93NUMPY`, the
//! version, a little-endian header length (2 bytes for 1.0, 4 for 2.0 and 3.0), the header
//! (a Python dict literal padded with spaces and ended by `\n` so that the data starts at a
//! multiple of 64), then the elements in C or Fortran order in the declared byte order.

use proptest::prelude::*;
use tensor_core::npy::{NpyArray, read_npy_bytes, write_npy_bytes};
use tensor_core::{DType, Device};

fn cpu() -> Device {
    Device::from_api("cpu", backend_cpu::plugin_api(), 0).unwrap()
}

/// The dtypes `.npy` files carry (bf16 is stored as f32, tested separately).
const NPY_DTYPES: [DType; 7] = [
    DType::Bool,
    DType::U8,
    DType::I32,
    DType::I64,
    DType::F16,
    DType::F32,
    DType::F64,
];

/// NumPy's type character and size for `d`.
fn kind(d: DType) -> (char, usize) {
    match d {
        DType::Bool => ('b', 1),
        DType::U8 => ('u', 1),
        DType::I32 => ('i', 4),
        DType::I64 => ('i', 8),
        DType::F16 => ('f', 2),
        DType::F32 => ('f', 4),
        DType::F64 => ('f', 8),
        other => unreachable!("{other} has no .npy descr"),
    }
}

/// A random array: dtype, shape, and valid element bytes (bool bytes 0 or 1; floats any bit
/// pattern, NaN payloads included).
fn array() -> impl Strategy<Value = NpyArray> {
    (
        0..NPY_DTYPES.len(),
        prop::collection::vec(0usize..5, 0..5),
        any::<u64>(),
    )
        .prop_map(|(d, shape, seed)| {
            let dtype = NPY_DTYPES[d];
            let n: usize = shape.iter().product();
            let mut x = seed | 1;
            let data = (0..n * dtype.size_of())
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if dtype == DType::Bool {
                        (x & 1) as u8
                    } else {
                        (x >> 24) as u8
                    }
                })
                .collect();
            NpyArray { dtype, shape, data }
        })
}

/// C-order position of each Fortran-order position: Fortran-order data is the C-order data
/// of the reversed shape's transpose.
fn fortran_bytes(a: &NpyArray) -> Vec<u8> {
    let es = a.dtype.size_of();
    let n = a.numel();
    let mut out = vec![0u8; a.data.len()];
    for f in 0..n {
        // Fortran index f -> multi-index (first axis fastest) -> C index.
        let (mut rest, mut c) = (f, 0);
        let mut idx = vec![0; a.shape.len()];
        for (k, &d) in a.shape.iter().enumerate() {
            idx[k] = rest % d;
            rest /= d;
        }
        for (k, &d) in a.shape.iter().enumerate() {
            c = c * d + idx[k];
        }
        out[f * es..(f + 1) * es].copy_from_slice(&a.data[c * es..(c + 1) * es]);
    }
    out
}

/// A `.npy` file of `a` built from the format's definition.
fn handmade(a: &NpyArray, fortran: bool, big_endian: bool, version: u8) -> Vec<u8> {
    let (ch, size) = kind(a.dtype);
    let order = if size == 1 {
        '|'
    } else if big_endian {
        '>'
    } else {
        '<'
    };
    let shape = match a.shape.len() {
        1 => format!("({},)", a.shape[0]),
        _ => {
            let d: Vec<String> = a.shape.iter().map(|d| d.to_string()).collect();
            format!("({})", d.join(", "))
        }
    };
    let py_bool = if fortran { "True" } else { "False" };
    let mut header =
        format!("{{'descr': '{order}{ch}{size}', 'fortran_order': {py_bool}, 'shape': {shape}, }}");
    let prefix = if version == 1 { 10 } else { 12 };
    while (prefix + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY".to_vec();
    out.extend([version, 0]);
    if version == 1 {
        out.extend((header.len() as u16).to_le_bytes());
    } else {
        out.extend((header.len() as u32).to_le_bytes());
    }
    out.extend(header.as_bytes());
    let mut data = if fortran {
        fortran_bytes(a)
    } else {
        a.data.clone()
    };
    if big_endian {
        data.chunks_exact_mut(size).for_each(|c| c.reverse());
    }
    out.extend(data);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// What we write, we read back unchanged.
    #[test]
    fn encode_then_decode_is_the_identity(a in array()) {
        let bytes = a.encode().unwrap();
        prop_assert_eq!(&bytes[..6], b"\x93NUMPY");
        let data_start = bytes.len() - a.data.len();
        prop_assert_eq!(data_start % 64, 0, "data must start on a 64-byte boundary");
        prop_assert_eq!(NpyArray::decode(&bytes).unwrap(), a);
    }

    /// Files in any order, byte order and version decode to the C-order little-endian array.
    #[test]
    fn every_order_byte_order_and_version_decodes(
        a in array(), fortran in any::<bool>(), big in any::<bool>(), version in 1u8..4,
    ) {
        let file = handmade(&a, fortran, big, version);
        let got = NpyArray::decode(&file)
            .unwrap_or_else(|e| panic!("fortran={fortran} big={big} v{version}: {e}"));
        prop_assert_eq!(got, a);
    }

    /// Through a device and back: a tensor read from a file writes the same file, and a
    /// transposed view is written in its logical (C) order.
    #[test]
    fn tensors_round_trip_through_the_cpu_device(a in array()) {
        let dev = cpu();
        let file = a.encode().unwrap();
        let t = read_npy_bytes(&dev, &file).unwrap();
        prop_assert_eq!(t.dtype(), a.dtype);
        prop_assert_eq!(t.shape(), &a.shape[..]);
        prop_assert_eq!(write_npy_bytes(&t).unwrap(), file);
        if a.shape.len() >= 2 {
            let tt = t.t().unwrap();
            let back = NpyArray::decode(&write_npy_bytes(&tt).unwrap()).unwrap();
            let mut rev = a.shape.clone();
            rev.reverse();
            prop_assert_eq!(&back.shape, &rev);
            // `t.T` in C order is `t` in Fortran order, read with the reversed shape.
            prop_assert_eq!(back.data, fortran_bytes(&a));
        }
    }

    /// bf16 is written as f32 (exact widening) and reads back as f32 with the same values.
    #[test]
    fn bf16_is_written_as_exact_f32(bits in prop::collection::vec(any::<u16>(), 0..40)) {
        let a = NpyArray {
            dtype: DType::BF16,
            shape: vec![bits.len()],
            data: bits.iter().flat_map(|b| b.to_le_bytes()).collect(),
        };
        let back = NpyArray::decode(&a.encode().unwrap()).unwrap();
        prop_assert_eq!(back.dtype, DType::F32);
        let want: Vec<u8> = bits
            .iter()
            .flat_map(|&b| f32::from_bits((b as u32) << 16).to_le_bytes())
            .collect();
        prop_assert_eq!(back.data, want);
    }
}
