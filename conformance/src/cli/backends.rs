//! `conformance backends`: probe every known backend and report what loaded.

use super::Failure;
use serde_json::{Value, json};
use std::process::ExitCode;
use tensor_core::device::{BACKEND_ENV, known_backends, plugin_search_dirs, probe};
use tensor_core::{Device, Result};

/// Options of `conformance backends`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// One backend's entry in the report.
fn entry(name: &str, r: &Result<Device>) -> Value {
    match r {
        Ok(d) => {
            let i = d.info();
            let (major, minor) = d.abi_version();
            json!({
                "name": name,
                "loaded": true,
                "origin": d.origin(),
                "abi": format!("{major}.{minor}"),
                "version": i.version,
                "device": i.device,
                "devices": i.devices,
                "dtypes": i.dtypes.iter().map(|t| t.name()).collect::<Vec<_>>(),
                "math_mode": i.math_mode,
                "denormals": i.denormals,
                "reduction": i.reduction,
                "blas": i.blas,
                "extra": i.extra,
            })
        }
        Err(e) => json!({ "name": name, "loaded": false, "reason": e.to_string() }),
    }
}

/// The whole report as JSON (also the source of the table).
fn report() -> Value {
    let names = known_backends();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let backends: Vec<Value> = probe(&refs)
        .iter()
        .map(|p| entry(&p.name, &p.result))
        .collect();
    json!({
        "tensor_backend": std::env::var(BACKEND_ENV).ok(),
        "search_dirs": plugin_search_dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>(),
        "backends": backends,
    })
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        Value::Array(a) => a.iter().map(s).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k}={}", s(v)))
            .collect::<Vec<_>>()
            .join(", "),
        v => v.to_string(),
    }
}

fn print_table(r: &Value) {
    println!(
        "{BACKEND_ENV}: {}",
        r["tensor_backend"].as_str().unwrap_or("(unset: cpu)")
    );
    println!("plugin search dirs:");
    for d in r["search_dirs"].as_array().into_iter().flatten() {
        println!("  {}", s(d));
    }
    println!();
    for b in r["backends"].as_array().into_iter().flatten() {
        let name = s(&b["name"]);
        if b["loaded"] == Value::Bool(true) {
            println!("{name}: loaded");
            for (label, key) in [
                ("origin", "origin"),
                ("ABI", "abi"),
                ("version", "version"),
                ("device", "device"),
                ("devices", "devices"),
                ("dtypes", "dtypes"),
                ("math mode", "math_mode"),
                ("denormals", "denormals"),
                ("reduction", "reduction"),
                ("BLAS", "blas"),
                ("extra", "extra"),
            ] {
                println!("  {label:<10} {}", s(&b[key]));
                if key == "blas"
                    && let Some(g) = b["extra"].get("gemm")
                {
                    // Which GEMM runs for which dtype, and why (also under `extra`).
                    println!("  {:<10} {}", "GEMM", s(g));
                }
            }
        } else {
            println!("{name}: not loaded");
            println!("  reason     {}", s(&b["reason"]));
        }
    }
}

/// Runs the subcommand. Exit status 0 as long as `cpu` loads; a missing optional backend
/// is reported, not an error.
pub fn run(args: &Args) -> std::result::Result<ExitCode, Failure> {
    let r = report();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
    } else {
        print_table(&r);
    }
    let cpu_ok = r["backends"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|b| b["name"] == "cpu" && b["loaded"] == Value::Bool(true));
    if cpu_ok {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure::Error("the cpu backend did not load".into()))
    }
}
