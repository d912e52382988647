//! The router's own cost on tiny ops: a 16-element f32 `add`, inputs on the host, through
//! `auto` with online correction off (`adapt=0`) and on (`adapt=1`, the default), and on
//! the plain `cpu` device, interleaved in rounds. Needs an accelerator plugin (OpenCL) for
//! `auto` to be a router; the model comes from the cache file given.
//!
//! ```sh
//! cargo build --release -p backend-opencl -p tensor-core --example auto_tiny
//! target/release/examples/auto_tiny /tmp/auto-example.json
//! ```

use std::time::Instant;
use tensor_core::{Device, Tensor};

fn main() -> tensor_core::Result<()> {
    tensor_core::device::register_builtin("cpu", backend_cpu::plugin_api);
    let cache = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/auto-example.json".into());
    let mut devs = Vec::new();
    for o in ["adapt=0", "adapt=1"] {
        let d = Device::open(&format!("auto?accel=opencl,{o},cache={cache}"))?;
        if !tensor_core::router::is_router(&d) {
            println!("auto is the CPU device itself here (no accelerator): nothing to measure");
            return Ok(());
        }
        devs.push((format!("auto {o}"), d));
    }
    devs.push(("cpu".into(), Device::open("cpu")?));
    let n = 200_000;
    for round in 0..5 {
        for (name, d) in &devs {
            let a = Tensor::from_slice(d, &[1.0f32; 16], &[16])?;
            let b = Tensor::from_slice(d, &[2.0f32; 16], &[16])?;
            let t = Instant::now();
            for _ in 0..n {
                drop(a.add(&b)?);
            }
            let ns = t.elapsed().as_nanos() as f64 / n as f64;
            println!("round {round} {name}: {ns:.1} ns/op");
        }
    }
    Ok(())
}
