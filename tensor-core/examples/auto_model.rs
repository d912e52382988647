//! Prints the cost model `TENSOR_BACKEND=auto` uses on this machine (measured now, or read
//! from its cache) and the crossover sizes it implies: from which size on each accelerator
//! is predicted to beat the CPU, with the data already on the accelerator and with the
//! inputs uploaded from the host first.
//!
//! ```sh
//! cargo run --release -p tensor-core --example auto_model            # default cache
//! TENSOR_AUTO_CACHE=off cargo run --release -p tensor-core --example auto_model   # measure now
//! ```

use tensor_core::Device;
use tensor_core::router::{self, CostModel, Family};

/// Units of work and input bytes of one op of `family` on `n` f32 elements (matmul: n x n).
fn work(family: Family, n: f64) -> (f64, f64) {
    match family {
        Family::Unary | Family::Softmax | Family::Copy => (8.0 * n, 4.0 * n),
        Family::Binary => (12.0 * n, 8.0 * n),
        Family::Cast => (12.0 * n, 4.0 * n),
        Family::Reduce => (4.0 * n, 4.0 * n),
        Family::MatMul => (2.0 * n * n * n, 8.0 * n * n),
        Family::Create => (4.0 * n, 0.0),
    }
}

/// Smallest power of two (elements, or matrix side for matmul) at which device `acc` is
/// predicted faster than the CPU; `moved`: the inputs start on the CPU.
fn crossover(m: &CostModel, family: Family, acc: usize, moved: bool) -> String {
    for p in 0..=40 {
        let n = (1u64 << p) as f64;
        let (units, bytes) = work(family, n);
        let (Some(c), Some(a)) = (
            m.compute_ns(0, family, units),
            m.compute_ns(acc, family, units),
        ) else {
            return "not measured".into();
        };
        let a = a + if moved && bytes > 0.0 {
            m.move_ns(0, acc, bytes as usize)
        } else {
            0.0
        };
        if a < c {
            return if family == Family::MatMul {
                format!("{}x{}", n, n)
            } else {
                format!("{n:e}")
            };
        }
    }
    "never (up to 2^40)".into()
}

fn main() -> tensor_core::Result<()> {
    tensor_core::device::register_builtin("cpu", backend_cpu::plugin_api);
    let dev = Device::open("auto")?;
    let Some(m) = router::cost_model(&dev) else {
        println!(
            "auto is the CPU device itself: {}",
            dev.info().extra["auto"]
        );
        return Ok(());
    };
    println!(
        "model: {}\n",
        router::model_source(&dev).unwrap_or_default()
    );
    println!("| device | family | measured points (work: time) | past the last point |");
    println!("| --- | --- | --- | --- |");
    for d in &m.devices {
        for (f, c) in &d.ops {
            let unit = if *f == Family::MatMul { "flop" } else { "B" };
            let pts: Vec<String> = c
                .points()
                .iter()
                .map(|&(u, t)| format!("{u:.3e} {unit}: {:.1} us", t / 1e3))
                .collect();
            println!(
                "| {} | {f:?} | {} | {:.4} ns/{unit} |",
                d.label,
                pts.join(", "),
                c.slope_past_end()
            );
        }
        for (what, l) in [("upload", d.upload), ("download", d.download)] {
            println!(
                "| {} | {what} | {:.1} us + {:.4} ns/B ({:.2} GB/s) | |",
                d.label,
                l.fixed_ns / 1e3,
                l.ns_per_unit,
                1.0 / l.ns_per_unit.max(1e-12)
            );
        }
    }
    for acc in 1..m.devices.len() {
        println!(
            "\ncrossover, {} vs {} (f32; matmul: square side)\n",
            m.devices[acc].label, m.devices[0].label
        );
        println!("| family | data already there | inputs uploaded first |");
        println!("| --- | --- | --- |");
        for f in Family::ALL {
            println!(
                "| {f:?} | {} | {} |",
                crossover(&m, f, acc, false),
                crossover(&m, f, acc, true)
            );
        }
    }
    Ok(())
}
