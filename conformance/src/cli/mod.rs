//! Subcommands of the `conformance` binary, and what ends them: an exit status, or a
//! [`Failure`] that `main` prints as `error: ...` with its own status ([`exit`]).

pub mod apply;
pub mod backends;
pub mod bench;
pub mod run;

/// The exit statuses of the `conformance` binary.
pub mod exit {
    /// Every graded case passes, is declared unsupported or is a listed known deviation
    /// (or the subcommand did what it was asked).
    pub const PASS: u8 = 0;
    /// `run`: some case of some backend fails (out of tolerance, wrong shape, NaN, ...).
    pub const FAILURES: u8 = 1;
    /// The command line is wrong: clap's own errors, and ours (a `--filter` that matches
    /// nothing, an unknown op for `apply`, ...).
    pub const USAGE: u8 = 2;
    /// The tool or a backend failed: no backend loaded, a named backend does not load, a
    /// file cannot be read, parsed or written, an op fails on `apply`'s inputs.
    pub const ERROR: u8 = 3;
}

/// The exit statuses as `--help` shows them.
pub const EXIT_STATUS_HELP: &str = "\
Exit status:
  0  every graded case passes (or is declared unsupported, or is a listed known deviation);
     for the other subcommands: done
  1  `run`: some case is outside its tolerance or wrong (0 with --no-fail)
  2  usage error: a bad option or value, a --filter that matches nothing, an unknown op
  3  tool or backend error: no backend loaded, a named backend does not load, a file
     cannot be read or written, bad .npy input, an op fails on the inputs";

/// Why a subcommand stopped before it could give a verdict.
#[derive(Debug)]
pub enum Failure {
    /// The command line asks for something that cannot be done: exit [`exit::USAGE`].
    Usage(String),
    /// The tool or a backend failed: exit [`exit::ERROR`].
    Error(String),
}

impl Failure {
    /// The exit status.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => exit::USAGE,
            Failure::Error(_) => exit::ERROR,
        }
    }

    /// What went wrong, without the `error: ` prefix.
    pub fn message(&self) -> &str {
        match self {
            Failure::Usage(m) | Failure::Error(m) => m,
        }
    }
}

impl From<tensor_core::Error> for Failure {
    fn from(e: tensor_core::Error) -> Failure {
        Failure::Error(e.to_string())
    }
}

/// A tool error about a file: `PATH: what went wrong`.
pub fn io_error(path: &std::path::Path, e: impl std::fmt::Display) -> Failure {
    Failure::Error(format!("{}: {e}", path.display()))
}

/// "no backend loaded", with why each known one did not.
pub fn no_backend_loaded<'a>(skipped: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let why: Vec<String> = skipped
        .into_iter()
        .map(|(name, reason)| format!("{name}: {reason}"))
        .collect();
    if why.is_empty() {
        "no backend loaded".into()
    } else {
        format!("no backend loaded ({})", why.join("; "))
    }
}

/// Splits a `--backends` value (or `TENSOR_BACKEND`) into backend specs at commas, except
/// the commas between a spec's options: `cuda?matmul=tf32,deterministic=1,cpu` is
/// `cuda?matmul=tf32,deterministic=1` and `cpu` (a piece `key=value` after a spec with
/// options is one more option of it).
pub fn split_specs(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let mut in_options = false;
        for piece in v.split(',') {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some(last) if in_options && piece.contains('=') && !piece.contains('?') => {
                    last.push(',');
                    last.push_str(piece);
                }
                _ => {
                    in_options = piece.contains('?');
                    out.push(piece.to_string());
                }
            }
        }
    }
    out
}

/// Registers the statically linked CPU backend as the builtin `cpu`.
pub fn register_embedded() {
    backend_cpu::register();
}

#[cfg(test)]
mod tests {
    use super::split_specs;

    fn split(v: &[&str]) -> Vec<String> {
        split_specs(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn specs_split_at_commas_but_not_inside_options() {
        assert_eq!(split(&["cpu,opencl:0"]), ["cpu", "opencl:0"]);
        assert_eq!(
            split(&["cuda:0?matmul=tf32,deterministic=1,cpu"]),
            ["cuda:0?matmul=tf32,deterministic=1", "cpu"]
        );
        assert_eq!(
            split(&["cuda,cuda?matmul=tf32", "./libbackend_x.so"]),
            ["cuda", "cuda?matmul=tf32", "./libbackend_x.so"]
        );
        assert_eq!(split(&["cpu,", " ,opencl"]), ["cpu", "opencl"]);
        // Without a `?` before it, `k=v` is a spec of its own (and fails to load as such).
        assert_eq!(split(&["cpu,k=v"]), ["cpu", "k=v"]);
    }
}
