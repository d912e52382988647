//! The `conformance` command-line tool.
//!
//! - `conformance backends [--json]`: which backends load, from where, and in which
//!   numerical mode; why the others do not.
//! - `conformance run [--quick] [--backends a,b] [--filter S] [--list] [-q]`: grade every
//!   backend that loads against the independent reference; table on stdout,
//!   `reports/conformance.{json,html}`. `--list` prints the case ids a run would grade
//!   (and the pitfall scenarios it would show) without grading; `-q` prints only the verdict
//!   lines and errors.
//! - `conformance apply OP INPUT... --out OUT.npy`: one op on `.npy` inputs (with NumPy-style
//!   view steps, see [`conformance::viewspec`]) on the selected backend.
//! - `conformance bench [--quick] [--backends a,b] [--max-size 1e7] [--numpy]`: time per op
//!   and size on every backend, with and without transfer; crossover sizes against the CPU
//!   backend; `reports/bench.{json,html}` (see [`conformance::bench`]).
//!
//! `--backends` (and `apply --backend`) default to `TENSOR_BACKEND`, as `Device::from_env`
//! does; unset, `run` and `bench` take every backend that loads and `apply` the CPU.
//!
//! The CPU backend is linked in and registered as the builtin `cpu`, so the binary works
//! without any plugin library next to it. Errors are one line on stderr (`error: ...`, what
//! went wrong). Colour (in clap's help and errors only) follows the terminal, `NO_COLOR` and
//! `CLICOLOR_FORCE`; output through a pipe has none.
//!
//! Exit status:
//!
//! | status | meaning |
//! |---|---|
//! | 0 | every graded case passes, is declared unsupported (typed error) or is a listed known deviation; the other subcommands: done |
//! | 1 | `run`: some case of some backend is outside its tolerance or wrong (0 with `--no-fail`) |
//! | 2 | usage error: clap's (unknown subcommand or option, bad value) and ours (a `--filter` that matches nothing, an unknown op or an option the op does not take in `apply`) |
//! | 3 | tool or backend error: no backend loaded, a backend named with `--backends`/`--backend`/`TENSOR_BACKEND` that does not load, a file that cannot be read, parsed or written (tolerances, `.npy` inputs, reports), an op that fails on `apply`'s inputs |

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Grades compute backends against a reference, and runs single ops on `.npy` files.
#[derive(Parser, Debug)]
#[command(name = "conformance", version, about, after_help = cli::EXIT_STATUS_HELP)]
struct Cli {
    #[command(subcommand)]
    cmd: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List every known backend: loaded or not (and why), origin, ABI, devices, dtypes,
    /// numerical mode.
    Backends(cli::backends::Args),
    /// Run one op on `.npy` inputs and write the result as `.npy`.
    Apply(cli::apply::Args),
    /// Grade every backend against the reference; print a table, write JSON and HTML.
    #[command(after_help = cli::EXIT_STATUS_HELP)]
    Run(cli::run::Args),
    /// Time ops per size on every backend (resident and with transfer), find the crossover
    /// sizes against the CPU backend, optionally next to NumPy; print a table, write JSON
    /// and HTML.
    Bench(cli::bench::Args),
}

fn main() -> ExitCode {
    cli::register_embedded();
    let args = Cli::parse();
    let result = match args.cmd {
        Command::Backends(a) => cli::backends::run(&a),
        Command::Apply(a) => cli::apply::run(&a),
        Command::Run(a) => cli::run::run(&a),
        Command::Bench(a) => cli::bench::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("error: {}", f.message());
            ExitCode::from(f.code())
        }
    }
}
