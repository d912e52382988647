//! `conformance apply`: one op on `.npy` inputs, result written as `.npy`.
//!
//! The output is written to a temporary file next to `--out` and renamed into place only on
//! success, so a failed run leaves no output file.
//!
//! A command line that cannot work (an unknown op, the wrong number of inputs, an option the
//! op does not take, a malformed view spec) is a usage error (exit 2); a backend that does
//! not load, an input that cannot be read, or an op that fails on the inputs is a tool error
//! (exit 3).

use super::Failure;
use conformance::viewspec;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tensor_core::device::BACKEND_ENV;
use tensor_core::npy::{read_npy, write_npy_bytes};
use tensor_core::{BinaryOp, DType, Device, Error, ReduceOp, SoftmaxOp, Tensor, UnaryOp};

type Result<T> = std::result::Result<T, Failure>;

/// Options of `conformance apply`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Backend name, library path, or either with `:INDEX` and `?options` (default: `cpu`).
    #[arg(long, env = BACKEND_ENV)]
    backend: Option<String>,
    /// The op: a unary, binary, reduction or softmax op name, or `where`, `clamp`, `matmul`,
    /// `cast`, `contiguous`.
    op: String,
    /// Inputs: `PATH.npy` optionally followed by view steps, e.g. `x.npy.T[::2, 1]`.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Axes of a reduction (default: all) or the axis of a softmax (default: -1).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    axis: Option<Vec<isize>>,
    /// Delta degrees of freedom of `var` and `std`.
    #[arg(long, allow_negative_numbers = true)]
    ddof: Option<f64>,
    /// Keep reduced axes as size 1.
    #[arg(long)]
    keepdims: bool,
    /// Target dtype of `cast` (`f32` or `float32`, ...).
    #[arg(long)]
    dtype: Option<String>,
    /// Output `.npy` file.
    #[arg(long)]
    out: PathBuf,
}

/// What an op name resolves to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Unary(UnaryOp),
    Binary(BinaryOp),
    Reduce(ReduceOp),
    Softmax(SoftmaxOp),
    Where,
    Clamp,
    MatMul,
    Cast,
    Contiguous,
}

impl Kind {
    fn parse(op: &str) -> Result<Kind> {
        Ok(match op {
            "where" => Kind::Where,
            "clamp" => Kind::Clamp,
            "matmul" => Kind::MatMul,
            "cast" => Kind::Cast,
            "contiguous" => Kind::Contiguous,
            _ => {
                if let Some(u) = UnaryOp::parse(op) {
                    Kind::Unary(u)
                } else if let Some(b) = BinaryOp::parse(op) {
                    Kind::Binary(b)
                } else if let Some(r) = ReduceOp::parse(op) {
                    Kind::Reduce(r)
                } else if let Some(s) = SoftmaxOp::parse(op) {
                    Kind::Softmax(s)
                } else {
                    return Err(Failure::Usage(format!(
                        "unknown op '{op}'; known ops: {}",
                        known_ops().join(", ")
                    )));
                }
            }
        })
    }

    fn arity(self) -> usize {
        match self {
            Kind::Where | Kind::Clamp => 3,
            Kind::Binary(_) | Kind::MatMul => 2,
            _ => 1,
        }
    }
}

/// Every op name `apply` accepts.
pub fn known_ops() -> Vec<&'static str> {
    let mut v: Vec<&str> = UnaryOp::ALL.iter().map(|o| o.name()).collect();
    v.extend(BinaryOp::ALL.iter().map(|o| o.name()));
    v.extend(ReduceOp::ALL.iter().map(|o| o.name()));
    v.extend(SoftmaxOp::ALL.iter().map(|o| o.name()));
    v.extend(["where", "clamp", "matmul", "cast", "contiguous"]);
    v
}

/// Rejects options the op does not use, so a typo never silently changes nothing.
fn check_options(args: &Args, kind: Kind) -> Result<()> {
    let op = &args.op;
    let bad = |opt: &str| Err(Failure::Usage(format!("{opt} is not used by op '{op}'")));
    let reduce = matches!(kind, Kind::Reduce(_));
    if args.axis.is_some() && !reduce && !matches!(kind, Kind::Softmax(_)) {
        return bad("--axis");
    }
    if args.keepdims && !reduce {
        return bad("--keepdims");
    }
    if args.ddof.is_some() && !matches!(kind, Kind::Reduce(ReduceOp::Var | ReduceOp::Std)) {
        return bad("--ddof");
    }
    if args.dtype.is_some() && kind != Kind::Cast {
        return bad("--dtype");
    }
    if args.inputs.len() != kind.arity() {
        return Err(Failure::Usage(format!(
            "op '{op}' takes {} input(s), got {}",
            kind.arity(),
            args.inputs.len()
        )));
    }
    Ok(())
}

/// Loads one parsed input spec: the file, then its view steps (a file that cannot be read,
/// or steps that do not fit its shape, are tool errors).
fn load(device: &Device, spec: &viewspec::InputSpec) -> Result<Tensor> {
    let t = read_npy(device, &spec.path)?;
    Ok(viewspec::apply(&t, &spec.steps)?)
}

/// Runs the op. Options that do not fit it are usage errors, the op's own errors tool errors.
fn compute(args: &Args, kind: Kind, x: &[Tensor]) -> Result<Tensor> {
    Ok(match kind {
        Kind::Unary(op) => x[0].unary(op)?,
        Kind::Binary(op) => x[0].binary(op, &x[1])?,
        Kind::Reduce(op) => x[0].reduce(
            op,
            args.axis.as_deref(),
            args.keepdims,
            args.ddof.unwrap_or(0.0),
        )?,
        Kind::Softmax(op) => {
            let axis = match args.axis.as_deref() {
                None => -1,
                Some([a]) => *a,
                Some(a) => {
                    return Err(Failure::Usage(format!(
                        "{} takes one axis, got {a:?}",
                        op.name()
                    )));
                }
            };
            x[0].softmax_op(op, axis)?
        }
        Kind::Where => Tensor::where_(&x[0], &x[1], &x[2])?,
        Kind::Clamp => x[0].clamp(Some(&x[1]), Some(&x[2]))?,
        Kind::MatMul => x[0].matmul(&x[1])?,
        Kind::Cast => {
            let name = args
                .dtype
                .as_deref()
                .ok_or_else(|| Failure::Usage("cast needs --dtype".into()))?;
            let dt = DType::parse(name).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown dtype '{name}' for cast; known: {}",
                    DType::ALL.map(|d| d.name()).join(", ")
                ))
            })?;
            x[0].cast(dt)?
        }
        Kind::Contiguous => x[0].contiguous()?,
    })
}

/// Writes `bytes` to `out` through a temporary file in the same directory.
fn write_atomically(out: &Path, bytes: &[u8]) -> tensor_core::Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: out.display().to_string(),
        msg: e.to_string(),
    };
    let name = out
        .file_name()
        .ok_or_else(|| Error::Io {
            path: out.display().to_string(),
            msg: "not a file name".into(),
        })?
        .to_string_lossy();
    let tmp = out.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<ExitCode> {
    let kind = Kind::parse(&args.op)?;
    check_options(args, kind)?;
    // A spec that does not parse is a usage error, found before anything is loaded.
    let specs = args
        .inputs
        .iter()
        .map(|s| viewspec::parse(s).map_err(|e| Failure::Usage(e.to_string())))
        .collect::<Result<Vec<_>>>()?;
    let device = Device::open(args.backend.as_deref().unwrap_or("cpu"))?;
    let inputs = specs
        .iter()
        .map(|s| load(&device, s))
        .collect::<Result<Vec<_>>>()?;
    let y = compute(args, kind, &inputs)?;
    let bytes = write_npy_bytes(&y)?;
    write_atomically(&args.out, &bytes)?;
    Ok(ExitCode::SUCCESS)
}
