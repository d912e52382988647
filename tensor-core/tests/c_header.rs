//! The C header `tensor-core/include/tensor_backend.h` is current: a C file generated here
//! includes it and `_Static_assert`s the size and alignment of every ABI struct, the offset
//! of every field, and the value of every constant and enum member, with the expected
//! numbers taken from the Rust definitions (`abi.rs`, `DType`, `ErrorCode`, the op enums)
//! at test time. An ABI change in Rust without the matching header edit fails to compile.
//!
//! The compiler is the one the `cc` crate finds (`CC`, else `cc`), as in a build script.
//! Argument types of the function pointers are not checked here (C cannot compare them to
//! Rust); the C plugin test (`conformance/tests/c_plugin.rs`) calls each entry it uses.

use std::fmt::Write as _;
use std::mem::{align_of, offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;
use tensor_core::abi::{
    ABI_1_0_SIZE, ABI_MAJOR, ABI_MINOR, CError, COut, CTensor, ENTRY_SYMBOL, PluginApi,
};
use tensor_core::{BinaryOp, DType, ErrorCode, Op, RandDist, ReduceOp, Scalar, SoftmaxOp, UnaryOp};

/// The header's directory.
fn include_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("include")
}

/// The C compiler `cc` finds for this machine, as a command with its default flags.
fn c_compiler() -> Command {
    let target = std::env::var("TARGET").unwrap_or_else(|_| {
        format!(
            "{}-unknown-{}-gnu",
            std::env::consts::ARCH,
            std::env::consts::OS
        )
    });
    let tool = cc::Build::new()
        .target(&target)
        .host(&target)
        .opt_level(0)
        .cargo_metadata(false)
        .try_get_compiler()
        .unwrap_or_else(|e| panic!("no C compiler found by the `cc` crate (set CC): {e}"));
    tool.to_command()
}

/// `ShapeMismatch` -> `SHAPE_MISMATCH`, `DType` -> `DTYPE`, `BF16` -> `BF16`: an underscore
/// before each capital that follows a lower-case letter.
fn upper_snake(camel: &str) -> String {
    let mut s = String::new();
    let mut prev_lower = false;
    for c in camel.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            s.push('_');
        }
        prev_lower = c.is_ascii_lowercase();
        s.push(c.to_ascii_uppercase());
    }
    s
}

/// The generated C file: one `_Static_assert` per number.
fn generated_checks() -> String {
    let mut c = String::from("#include <stddef.h>\n#include \"tensor_backend.h\"\n\n");
    let mut check = |expr: String, want: u64| {
        let msg = expr.replace('"', "'");
        writeln!(
            c,
            "_Static_assert(({expr}) == {want}ull, \"{msg} must be {want} (abi.rs)\");"
        )
        .unwrap();
    };
    macro_rules! layout {
        ($cname:literal, $t:ty, [$($f:ident),* $(,)?]) => {{
            check(format!("sizeof({})", $cname), size_of::<$t>() as u64);
            check(format!("_Alignof({})", $cname), align_of::<$t>() as u64);
            $( check(format!("offsetof({}, {})", $cname, stringify!($f)), offset_of!($t, $f) as u64); )*
            // Every field is listed: the last one ends where the struct's tail padding starts.
            let ends = [$(offset_of!($t, $f) as u64),*];
            assert!(ends.windows(2).all(|w| w[0] < w[1]), "fields of {} out of order", $cname);
        }};
    }
    layout!(
        "TensorCTensor",
        CTensor,
        [buffer, dtype, ndim, shape, strides, offset]
    );
    layout!("TensorCOut", COut, [buffer, dtype, ndim, shape]);
    layout!("TensorCError", CError, [code, message]);
    layout!("TensorScalar", Scalar, [f, i]);
    layout!(
        "TensorPluginApi",
        PluginApi,
        [
            struct_size,
            abi_major,
            abi_minor,
            error_free,
            string_free,
            create,
            destroy,
            info_json,
            supports,
            alloc,
            free,
            upload,
            download,
            copy,
            unary,
            binary,
            where_,
            cast,
            reduce,
            softmax,
            matmul,
            fill,
            arange,
            linspace,
            rand,
            synchronize,
            create_with_options,
        ]
    );
    // The last field ends the table: a field appended in Rust but not listed above changes
    // `size_of::<PluginApi>()` and fails the sizeof check.
    assert_eq!(
        offset_of!(PluginApi, create_with_options) + size_of::<usize>(),
        size_of::<PluginApi>()
    );
    check(
        "sizeof(TensorStatus)".into(),
        size_of::<tensor_core::abi::Status>() as u64,
    );

    check("TENSOR_ABI_MAJOR".into(), ABI_MAJOR.into());
    check("TENSOR_ABI_MINOR".into(), ABI_MINOR.into());
    check("TENSOR_ABI_1_0_SIZE".into(), ABI_1_0_SIZE as u64);
    // The entry symbol's text (C cannot compare strings in a constant expression).
    let entry = std::str::from_utf8(ENTRY_SYMBOL.strip_suffix(b"\0").unwrap()).unwrap();
    let header = std::fs::read_to_string(include_dir().join("tensor_backend.h")).unwrap();
    assert!(
        header.contains(&format!("#define TENSOR_ENTRY_SYMBOL \"{entry}\"\n")),
        "TENSOR_ENTRY_SYMBOL is not \"{entry}\""
    );
    check(
        "sizeof(TENSOR_ENTRY_SYMBOL)".into(),
        ENTRY_SYMBOL.len() as u64,
    );

    for d in DType::ALL {
        check(
            format!("TENSOR_DTYPE_{}", d.name().to_ascii_uppercase()),
            d as u64,
        );
    }
    // Every ErrorCode value (from_u32 maps unknown values to Backend).
    let codes: Vec<ErrorCode> = (0..256u32)
        .map(ErrorCode::from_u32)
        .enumerate()
        .filter(|&(v, c)| c as u32 == v as u32)
        .map(|(_, c)| c)
        .collect();
    assert_eq!(
        codes.len(),
        11,
        "ErrorCode gained or lost a value: update the header"
    );
    for e in codes {
        check(
            format!("TENSOR_ERROR_{}", upper_snake(&format!("{e:?}"))),
            e as u64,
        );
    }
    // Op families: every family number that decodes, and the first that does not.
    let families = [
        ("UNARY", Op::Unary(UnaryOp::Neg)),
        ("BINARY", Op::Binary(BinaryOp::Add)),
        ("REDUCE", Op::Reduce(ReduceOp::Sum)),
        ("SOFTMAX", Op::Softmax(SoftmaxOp::Softmax)),
        ("WHERE", Op::Where),
        ("CAST", Op::Cast),
        ("MATMUL", Op::MatMul),
        ("COPY", Op::Copy),
        ("FILL", Op::Fill),
        ("ARANGE", Op::Arange),
        ("LINSPACE", Op::Linspace),
        ("RAND", Op::Rand(RandDist::Uniform)),
    ];
    for (name, op) in families {
        check(format!("TENSOR_FAMILY_{name}"), op.encode().0.into());
    }
    assert!(
        Op::decode(families.len() as u32, 0).is_none()
            && Op::all()
                .iter()
                .all(|op| (op.encode().0 as usize) < families.len()),
        "a new op family: add it to the header and to this list"
    );
    for o in UnaryOp::ALL {
        check(
            format!("TENSOR_UNARY_{}", upper_snake(&format!("{o:?}"))),
            *o as u64,
        );
    }
    for o in BinaryOp::ALL {
        check(
            format!("TENSOR_BINARY_{}", upper_snake(&format!("{o:?}"))),
            *o as u64,
        );
    }
    for o in ReduceOp::ALL {
        check(
            format!("TENSOR_REDUCE_{}", upper_snake(&format!("{o:?}"))),
            *o as u64,
        );
    }
    for o in SoftmaxOp::ALL {
        check(
            format!("TENSOR_SOFTMAX_{}", upper_snake(&format!("{o:?}"))),
            *o as u64,
        );
    }
    for o in RandDist::ALL {
        check(
            format!("TENSOR_RAND_{}", upper_snake(&format!("{o:?}"))),
            *o as u64,
        );
    }
    c
}

/// Compiles `source` (written to `name` in a scratch directory) with `flags`; panics with
/// the compiler's output when it fails.
fn compile(name: &str, source: &str, flags: &[&str]) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("c_header");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, source).unwrap();
    let mut cmd = c_compiler();
    cmd.args(flags)
        .arg("-I")
        .arg(include_dir())
        .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-c", "-o"])
        .arg(dir.join(format!("{name}.o")))
        .arg(&file);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: the header does not match abi.rs (or does not compile)\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn header_matches_the_rust_abi() {
    let src = generated_checks();
    assert!(src.matches("_Static_assert").count() > 150, "{src}");
    compile("abi_checks.c", &src, &["-std=c11"]);
}

#[test]
fn header_compiles_as_c99_and_cpp() {
    compile(
        "c99.c",
        "#include \"tensor_backend.h\"\nint tensor_header_c99;\n",
        &["-std=c99"],
    );
    // A C++ plugin includes the same header (extern "C").
    compile(
        "cpp.cc",
        "#include \"tensor_backend.h\"\nint tensor_header_cpp;\n",
        &["-x", "c++"],
    );
}

#[test]
fn a_mismatch_fails_to_compile() {
    // The check is real: the same file with one number off does not compile.
    let bad = generated_checks().replacen(
        &format!("(TENSOR_ABI_MINOR) == {ABI_MINOR}ull"),
        &format!("(TENSOR_ABI_MINOR) == {}ull", ABI_MINOR + 1),
        1,
    );
    assert_ne!(bad, generated_checks());
    let r = std::panic::catch_unwind(|| compile("abi_checks_bad.c", &bad, &["-std=c11"]));
    assert!(r.is_err(), "a wrong expected value compiled");
}
