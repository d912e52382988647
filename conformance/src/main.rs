//! The `conformance` command-line tool.
//!
//! - `conformance backends [--json]`: which backends load, from where, and in which
//!   numerical mode; why the others do not.
//! - `conformance run [--quick] [--backends a,b]`: grade every backend that loads against
//!   the independent reference; table on stdout, `reports/conformance.{json,html}`.
//! - `conformance apply OP INPUT... --out OUT.npy`: one op on `.npy` inputs (with NumPy-style
//!   view steps, see [`conformance::viewspec`]) on the selected backend.
//! - `conformance bench [--quick] [--backends a,b] [--max-size 1e7] [--numpy]`: time per op
//!   and size on every backend, with and without transfer; crossover sizes against the CPU
//!   backend; `reports/bench.{json,html}` (see [`conformance::bench`]).
//!
//! The CPU backend is linked in and registered as the builtin `cpu`, so the binary works
//! without any plugin library next to it. Errors are one line on stderr (`error: ...`) and a
//! non-zero exit status.

mod cli;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Grades compute backends against a reference, and runs single ops on `.npy` files.
#[derive(Parser, Debug)]
#[command(name = "conformance", version, about)]
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
        Command::Run(a) => {
            cli::run::run(&a).map_err(|msg| tensor_core::Error::invalid("conformance run", msg))
        }
        Command::Bench(a) => {
            cli::bench::run(&a).map_err(|msg| tensor_core::Error::invalid("conformance bench", msg))
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
