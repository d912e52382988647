//! `.npy` interop with real NumPy: NumPy writes files of every dtype (C and Fortran order,
//! little- and big-endian) that we read, and loads files that we write; and the dtype
//! promotion table against `np.result_type`.
//!
//! Skipped with a visible message when `python3` with NumPy is missing, unless
//! `TENSOR_REQUIRE_NUMPY=1`, which turns the skip into a failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use tensor_core::DType;
use tensor_core::npy::NpyArray;

fn numpy_available() -> bool {
    let ok = Command::new(python_exe())
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("TENSOR_REQUIRE_NUMPY").as_deref() == Ok("1") {
            panic!("numpy not available but TENSOR_REQUIRE_NUMPY=1");
        }
        println!("skipped: numpy not available");
    }
    ok
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tensor-core-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn python(dir: &Path, code: &str) {
    let out = Command::new(python_exe())
        .current_dir(dir)
        .args(["-c", code])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn to_f64(a: &NpyArray) -> Vec<f64> {
    let es = a.dtype.size_of();
    a.data
        .chunks_exact(es)
        .map(|c| match a.dtype {
            DType::Bool | DType::U8 => c[0] as f64,
            DType::I32 => i32::from_le_bytes(c.try_into().unwrap()) as f64,
            DType::I64 => i64::from_le_bytes(c.try_into().unwrap()) as f64,
            DType::F16 => half::f16::from_le_bytes(c.try_into().unwrap()).to_f64(),
            DType::BF16 => half::bf16::from_le_bytes(c.try_into().unwrap()).to_f64(),
            DType::F32 => f32::from_le_bytes(c.try_into().unwrap()) as f64,
            DType::F64 => f64::from_le_bytes(c.try_into().unwrap()),
        })
        .collect()
}

const NUMPY_TYPES: [(&str, DType); 7] = [
    ("bool", DType::Bool),
    ("uint8", DType::U8),
    ("int32", DType::I32),
    ("int64", DType::I64),
    ("float16", DType::F16),
    ("float32", DType::F32),
    ("float64", DType::F64),
];

#[test]
fn we_read_what_numpy_writes() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("npy-read");
    // Values: arange(24) % 7 - 3 (or % 2 for bool), shape (2, 3, 4); plus Fortran order,
    // big-endian, 0-d and empty variants of every dtype.
    let mut code = String::from("import numpy as np\n");
    for (np_name, _) in NUMPY_TYPES {
        code += &format!(
            "v = (np.arange(24) % {m} - {o}).reshape(2, 3, 4).astype('{np_name}')\n\
             np.save('{np_name}_c.npy', v)\n\
             np.save('{np_name}_f.npy', np.asfortranarray(v))\n\
             np.save('{np_name}_be.npy', v.astype(v.dtype.newbyteorder('>')))\n\
             np.save('{np_name}_fbe.npy', np.asfortranarray(v.astype(v.dtype.newbyteorder('>'))))\n\
             np.save('{np_name}_0d.npy', np.array(3, dtype='{np_name}'))\n\
             np.save('{np_name}_empty.npy', np.zeros((0, 3), dtype='{np_name}'))\n",
            m = if np_name == "bool" { 2 } else { 7 },
            o = if np_name == "bool" || np_name == "uint8" {
                0
            } else {
                3
            },
        );
    }
    python(&dir, &code);
    for (np_name, dtype) in NUMPY_TYPES {
        let (m, o) = if np_name == "bool" {
            (2, 0)
        } else if np_name == "uint8" {
            (7, 0)
        } else {
            (7, 3)
        };
        let want: Vec<f64> = (0..24).map(|i| (i % m - o) as f64).collect();
        for variant in ["c", "f", "be", "fbe"] {
            let path = dir.join(format!("{np_name}_{variant}.npy"));
            let a = NpyArray::decode(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(a.dtype, dtype, "{np_name} {variant}");
            assert_eq!(a.shape, vec![2, 3, 4], "{np_name} {variant}");
            assert_eq!(to_f64(&a), want, "{np_name} {variant}");
        }
        let a = NpyArray::decode(&std::fs::read(dir.join(format!("{np_name}_0d.npy"))).unwrap())
            .unwrap();
        assert_eq!(a.shape, Vec::<usize>::new());
        assert_eq!(to_f64(&a), vec![if np_name == "bool" { 1.0 } else { 3.0 }]);
        let a = NpyArray::decode(&std::fs::read(dir.join(format!("{np_name}_empty.npy"))).unwrap())
            .unwrap();
        assert_eq!((a.shape.as_slice(), a.data.len()), (&[0usize, 3][..], 0));
    }
    // Something NumPy writes that we must reject clearly.
    python(
        &dir,
        "import numpy as np\nnp.save('c.npy', np.ones(2, np.complex64))\nnp.save('u.npy', np.array(['ab']))",
    );
    for f in ["c.npy", "u.npy"] {
        let e = NpyArray::decode(&std::fs::read(dir.join(f)).unwrap()).unwrap_err();
        assert!(e.to_string().contains("unsupported dtype"), "{e}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn numpy_loads_what_we_write() {
    if !numpy_available() {
        return;
    }
    let dir = temp_dir("npy-write");
    let mut check = String::from("import numpy as np\n");
    for dtype in DType::ALL {
        for (tag, shape) in [
            ("nd", vec![2usize, 3, 4]),
            ("0d", vec![]),
            ("e", vec![3, 0]),
        ] {
            let n: usize = shape.iter().product();
            let vals: Vec<f64> = (0..n)
                .map(|i| {
                    if dtype == DType::Bool {
                        (i % 2) as f64
                    } else if dtype == DType::U8 {
                        (i % 7) as f64
                    } else {
                        (i % 7) as f64 - 3.5 * dtype.is_float() as u8 as f64
                    }
                })
                .collect();
            let data: Vec<u8> = vals
                .iter()
                .flat_map(|&v| -> Vec<u8> {
                    match dtype {
                        DType::Bool | DType::U8 => vec![v as u8],
                        DType::I32 => (v as i32).to_le_bytes().to_vec(),
                        DType::I64 => (v as i64).to_le_bytes().to_vec(),
                        DType::F16 => half::f16::from_f64(v).to_le_bytes().to_vec(),
                        DType::BF16 => half::bf16::from_f64(v).to_le_bytes().to_vec(),
                        DType::F32 => (v as f32).to_le_bytes().to_vec(),
                        DType::F64 => v.to_le_bytes().to_vec(),
                    }
                })
                .collect();
            let a = NpyArray {
                dtype,
                shape: shape.clone(),
                data,
            };
            let name = format!("{}_{tag}.npy", dtype.name());
            std::fs::write(dir.join(&name), a.encode().unwrap()).unwrap();
            // bf16 is written as float32 (exact widening).
            let np_type = if dtype == DType::BF16 {
                "float32"
            } else {
                dtype.numpy_name()
            };
            let py_shape = match shape.len() {
                0 => "()".to_string(),
                _ => format!(
                    "({},)",
                    shape
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            };
            let py_vals = format!(
                "[{}]",
                vals.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            );
            check += &format!(
                "a = np.load('{name}')\n\
                 assert a.dtype == np.dtype('{np_type}'), ('{name}', a.dtype)\n\
                 assert a.shape == {py_shape}, ('{name}', a.shape)\n\
                 assert a.flags.c_contiguous\n\
                 assert (a.ravel().astype(np.float64) == np.array({py_vals}, dtype=np.float64)).all(), '{name}'\n"
            );
        }
    }
    check += "print('ok')\n";
    python(&dir, &check);
    std::fs::remove_dir_all(&dir).ok();
}

/// The Python interpreter used for NumPy comparisons: `TENSOR_PYTHON`, else `python3`.
fn python_exe() -> String {
    std::env::var("TENSOR_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// `DType::promote` equals NumPy's `np.result_type` of two dtypes for every pair of the
/// seven dtypes NumPy has (NEP 50: for arrays, promotion depends on dtypes only; `bf16`,
/// which NumPy lacks, is covered by the unit tests of `tensor_core::dtype`).
#[test]
fn promotion_table_matches_numpy_result_type() {
    if !numpy_available() {
        return;
    }
    let numpy: Vec<DType> = DType::ALL
        .into_iter()
        .filter(|&d| d != DType::BF16)
        .collect();
    let names: Vec<String> = numpy
        .iter()
        .map(|d| format!("'{}'", d.numpy_name()))
        .collect();
    let code = format!(
        "import numpy as np\n\
         names = [{}]\n\
         for a in names:\n    \
             print(' '.join(np.result_type(np.dtype(a), np.dtype(b)).name for b in names))\n",
        names.join(", ")
    );
    let out = Command::new(python_exe())
        .args(["-c", &code])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), numpy.len(), "{text}");
    for (a, row) in numpy.iter().zip(rows) {
        let got: Vec<&str> = row.split(' ').collect();
        assert_eq!(got.len(), numpy.len(), "{row}");
        for (b, np_name) in numpy.iter().zip(got) {
            assert_eq!(
                DType::promote(*a, *b).numpy_name(),
                np_name,
                "promote({a}, {b}) vs np.result_type"
            );
        }
    }
}
