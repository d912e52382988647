#!/usr/bin/env python3
"""Times NumPy on the ops of `tensor-core/benches/ops.rs` and compares with our numbers.

Requirements: Python 3.8+ and NumPy (`pip install numpy`); nothing else (stdlib + numpy).

Two ways to use it:

1. `conformance bench --numpy` (the recommended one) runs this script as a child process
   in `--serve` mode and times NumPy on exactly the families, shapes and dtypes of the
   bench, with the same repetition policy, size by size next to the backends in the same
   run; the bench's table, `bench.json` and `bench.html` then show each backend's speed
   relative to NumPy.
   See `bench/README.md`.

2. Standalone, against the criterion benches (usage below).

Usage (from the repository root):

    python3 bench/numpy_compare.py                 # NumPy only
    python3 bench/numpy_compare.py --with-rust     # also runs
                                                   #   cargo bench -p tensor-core --bench ops
                                                   # then prints both side by side
    python3 bench/numpy_compare.py --rust-results  # NumPy now + the criterion results
                                                   # already on disk (no cargo run)

Our numbers are criterion's median point estimate per call, read from
`$CARGO_TARGET_DIR/criterion/<group>/<bench>/new/estimates.json` (or `target/criterion/...`
when CARGO_TARGET_DIR is unset). NumPy's are the median over `--repeat` timeit repeats of
the per-call time (each repeat runs the call `number` times, `number` chosen by
`Timer.autorange`). Inputs are created once, outside the timed statement; every timed call
allocates its output, as ours does.

ratio = NumPy time / our time: > 1 means we are faster.

The spread columns are min..max of NumPy's repeats and criterion's 95% confidence interval
of the median: on a shared machine, read them before reading the ratio.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import math
import time
import timeit
from pathlib import Path

try:
    import numpy as np
except ImportError as _e:  # reported as one line (and as JSON in --serve mode)
    np = None
    NUMPY_IMPORT_ERROR = f"numpy is not importable: {_e}"

REPO = Path(__file__).resolve().parent.parent

# (group, bench id, label, size label) -- group/bench must match benches/ops.rs.
CASES = [
    ("add", "16", "add f32", "16"),
    ("add", "1000000", "add f32", "1e6"),
    ("add", "10000000", "add f32", "1e7"),
    ("exp", "1000000", "exp f32", "1e6"),
    ("exp", "10000000", "exp f32", "1e7"),
    ("log", "10000000", "log f32", "1e7"),
    ("sin", "10000000", "sin f32", "1e7"),
    ("sum", "1000000", "sum f32 (all)", "1e6"),
    ("sum", "10000000", "sum f32 (all)", "1e7"),
    ("max", "10000000", "max f32 (all)", "1e7"),
    ("argmax", "10000000", "argmax f32 (all)", "1e7"),
    ("var", "10000000", "var f32 (all)", "1e7"),
    ("std", "10000000", "std f32 (all)", "1e7"),
    ("transpose_copy", "3162", "T.contiguous f32", "3162x3162"),
    ("matmul", "1024", "matmul f32", "1024x1024"),
    ("matmul", "2048", "matmul f32", "2048x2048"),
    ("matmul_f64", "1024", "matmul f64", "1024x1024"),
    ("matmul_f64", "2048", "matmul f64", "2048x2048"),
]

# Benches of the `overhead` group in ops.rs (ours only).
OVERHEAD = ["supports", "reshape_view", "zeros_16"]


def numpy_stmt(group, bench):
    """timeit.Timer for one case; inputs are made here, once.

    The op is timed as a statement (`a + b`), compiled into timeit's loop, not
    through a Python function: NumPy's time then holds no call overhead of the harness
    (a `lambda` adds about 100 ns per call, a fifth of a 16-element add)."""
    rng = np.random.default_rng(12345)
    n = int(bench)
    ns = {"np": np}
    if group == "add":
        ns["a"] = rng.random(n, dtype=np.float32)
        ns["b"] = rng.random(n, dtype=np.float32)
        stmt = "a + b"
    elif group in ("exp", "log", "sin"):
        ns["a"] = rng.random(n, dtype=np.float32)
        stmt = f"np.{group}(a)"
    elif group in ("sum", "max", "argmax", "var", "std"):
        ns["a"] = rng.random(n, dtype=np.float32)
        stmt = f"a.{group}()"
    elif group == "transpose_copy":
        ns["at"] = rng.random((n, n), dtype=np.float32).T
        assert not ns["at"].flags.c_contiguous
        stmt = "np.ascontiguousarray(at)"
    elif group in ("matmul", "matmul_f64"):
        dt = np.float32 if group == "matmul" else np.float64
        ns["a"] = rng.random((n, n), dtype=dt)
        ns["b"] = rng.random((n, n), dtype=dt)
        stmt = "a @ b"
    else:
        raise ValueError(group)
    return timeit.Timer(stmt, globals=ns)


def time_numpy(t, repeat, min_time):
    """Median, min and max per-call seconds over `repeat` repeats of Timer `t`."""
    number, _ = t.autorange()  # smallest 1, 2, 5, 10, ... taking >= 0.2 s
    # Scale so that each repeat lasts about `min_time` seconds.
    per = t.timeit(number) / number
    number = max(number, int(min_time / per)) if per > 0 else number
    runs = [x / number for x in t.repeat(repeat=repeat, number=number)]
    return statistics.median(runs), min(runs), max(runs), number


def criterion_dir():
    target = os.environ.get("CARGO_TARGET_DIR")
    base = Path(target) if target else REPO / "target"
    if not base.is_absolute():
        base = REPO / base
    return base / "criterion"


def read_criterion(group, bench):
    """Median point estimate and its 95% CI in seconds, or None."""
    p = criterion_dir() / group / bench / "new" / "estimates.json"
    if not p.exists():
        return None
    est = json.loads(p.read_text())["median"]
    ci = est["confidence_interval"]
    return (
        est["point_estimate"] * 1e-9,
        ci["lower_bound"] * 1e-9,
        ci["upper_bound"] * 1e-9,
    )


def fmt(s):
    if s is None:
        return "-"
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.3f} s"


def spread(lo, hi):
    return f"{fmt(lo)}..{fmt(hi)}"


def openblas_runtime():
    """Core type and threads OpenBLAS picked at run time (ctypes; best effort).

    Both NumPy's bundled OpenBLAS and the system libopenblas (which backend-cpu links through
    openblas-src's `system` feature) are asked.
    """
    import ctypes
    import glob

    out = {}
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    libs += glob.glob(os.path.join(os.path.dirname(np.__file__), ".dylibs", "*openblas*"))
    for label, path in [("numpy", p) for p in libs[:1]] + [("system", "libopenblas.so.0")]:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        info = {}
        for prefix, suffix in [("scipy_openblas_", "64_"), ("scipy_openblas_", ""), ("openblas_", "")]:
            try:
                core = getattr(lib, f"{prefix}get_corename{suffix}")
                threads = getattr(lib, f"{prefix}get_num_threads{suffix}")
            except AttributeError:
                continue
            core.restype = ctypes.c_char_p
            info = {"core": core().decode(), "threads": threads()}
            try:
                cfg = getattr(lib, f"{prefix}get_config{suffix}")
                cfg.restype = ctypes.c_char_p
                info["config"] = cfg().decode().strip()
            except AttributeError:
                pass
            break
        if info:
            out[label] = info
    return out


def machine():
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = {}
    try:  # NumPy >= 1.25
        cfg = np.show_config(mode="dicts")
        b = cfg.get("Build Dependencies", {}).get("blas", {})
        blas = {k: b.get(k) for k in ("name", "version", "openblas configuration") if b.get(k)}
    except Exception:  # noqa: BLE001 - best effort
        pass
    runtime = None
    try:
        from threadpoolctl import threadpool_info  # optional

        runtime = [
            {k: i.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
            for i in threadpool_info()
        ]
    except Exception:  # noqa: BLE001 - optional
        pass
    env = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "RAYON"))}
    return {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": model,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy blas (build)": blas,
        "openblas runtime": openblas_runtime(),
        "threadpoolctl": runtime if runtime is not None else "not installed",
        "env": env,
    }


# ----- --serve: the NumPy side of `conformance bench --numpy` -------------------------------
#
# One JSON object per line on stdin: {"family", "shape", "seed", "timing"}; one JSON object
# per line on stdout: the timing (same fields and same repetition scheme as the Rust side's
# `conformance::bench::measure`) or {"error": ...}. The first line written is
# {"python", "numpy", "machine"}. End of input ends the script.


# Bench family -> (number of f32 inputs `a`, `b` of the requested shape, timed statement).
SERVE_STMTS = {
    "exp": (1, "np.exp(a)"),
    "add": (2, "a + b"),
    "sum": (1, "a.sum()"),
    "matmul": (2, "a @ b"),
    "cast": (1, "a.astype(np.float16)"),
}


def serve_inputs(family, shape, seed):
    """timeit.Timer for one bench family (a statement, as in `numpy_stmt`); inputs are
    uniform [0, 1) float32, made once."""
    rng = np.random.default_rng(seed)
    ns = {"np": np}
    if family == "transpose_copy":
        # Stored (b, a), viewed (a, b): the same layout as the Rust side's `.t()`.
        ns["v"] = rng.random((shape[1], shape[0]), dtype=np.float32).T
        assert not ns["v"].flags.c_contiguous
        return timeit.Timer("np.ascontiguousarray(v)", globals=ns)
    if family not in SERVE_STMTS:
        raise ValueError(f"unknown family {family!r}")
    n_in, stmt = SERVE_STMTS[family]
    for name in "ab"[:n_in]:
        ns[name] = rng.random(shape, dtype=np.float32)
    return timeit.Timer(stmt, globals=ns)


def quantile(v, q):
    """Quantile of sorted v, linear interpolation (as the Rust side)."""
    x = q * (len(v) - 1)
    lo, hi = math.floor(x), math.ceil(x)
    return v[lo] + (v[hi] - v[lo]) * (x - lo)


def serve_measure(timer, t):
    """Warm-up (for warmup_s), calibration, then `reps` samples of `inner` calls (see bench.rs `measure`)."""
    w = time.perf_counter()
    timer.timeit(1)
    while time.perf_counter() - w < t["warmup_s"]:
        timer.timeit(1)
    t1 = max(timer.timeit(1), 1e-9)
    if t1 >= t["call_cap_s"]:
        samples, inner, capped = [t1], 1, True
    else:
        inner = min(max(math.ceil(t["target_sample_s"] / t1), 1), 1_000_000)
        min_reps = 3 if t1 > 0.1 else t["min_reps"]
        reps = min(max(int(t["budget_s"] / (t1 * inner)), min_reps), t["max_reps"])
        samples = [timer.timeit(inner) / inner for _ in range(reps)]
        capped = False
    samples.sort()
    return {
        "median_s": quantile(samples, 0.5),
        "p25_s": quantile(samples, 0.25),
        "p75_s": quantile(samples, 0.75),
        "min_s": samples[0],
        "reps": len(samples),
        "inner": inner,
        "capped": capped,
    }


def serve():
    if np is None:
        print(json.dumps({"error": NUMPY_IMPORT_ERROR}), flush=True)
        return 1
    print(
        json.dumps(
            {"python": platform.python_version(), "numpy": np.__version__, "machine": machine()},
            default=str,
        ),
        flush=True,
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            timer = serve_inputs(req["family"], tuple(req["shape"]), req["seed"])
            out = serve_measure(timer, req["timing"])
        except Exception as e:  # noqa: BLE001 - reported to the caller, one line
            out = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)
    return 0


def main():
    if "--serve" in sys.argv[1:]:
        sys.exit(serve())
    if np is None:
        sys.exit(f"error: {NUMPY_IMPORT_ERROR} (pip install numpy)")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--with-rust", action="store_true", help="run cargo bench first")
    ap.add_argument(
        "--rust-results", action="store_true", help="read existing criterion results"
    )
    ap.add_argument("--repeat", type=int, default=15, help="timeit repeats (default 15)")
    ap.add_argument(
        "--min-time", type=float, default=0.05, help="seconds per repeat (default 0.05)"
    )
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    info = machine()
    for k, v in info.items():
        print(f"# {k}: {v}")

    if args.with_rust:
        cmd = ["cargo", "bench", "-p", "tensor-core", "--bench", "ops"]
        print("# running:", " ".join(cmd), flush=True)
        subprocess.run(cmd, cwd=REPO, check=True)

    rows = []
    for group, bench, label, size in CASES:
        med, lo, hi, number = time_numpy(numpy_stmt(group, bench), args.repeat, args.min_time)
        ours = read_criterion(group, bench) if (args.with_rust or args.rust_results) else None
        rows.append(
            {
                "op": label,
                "size": size,
                "numpy_s": med,
                "numpy_min_s": lo,
                "numpy_max_s": hi,
                "numpy_number": number,
                "ours_s": ours[0] if ours else None,
                "ours_ci_s": [ours[1], ours[2]] if ours else None,
                "ratio": med / ours[0] if ours else None,
            }
        )
        print(f"# numpy {label} {size}: {fmt(med)}", file=sys.stderr, flush=True)

    head = ["op", "size", "NumPy", "NumPy min..max", "ours", "ours 95% CI", "ratio"]
    table = [head, ["---"] * len(head)]
    for r in rows:
        table.append(
            [
                r["op"],
                r["size"],
                fmt(r["numpy_s"]),
                spread(r["numpy_min_s"], r["numpy_max_s"]),
                fmt(r["ours_s"]),
                spread(*r["ours_ci_s"]) if r["ours_ci_s"] else "-",
                f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-",
            ]
        )
    print()
    for line in table:
        print("| " + " | ".join(line) + " |")
    print("\nratio = NumPy time / our time (> 1: we are faster)")

    # Our per-call overhead anatomy (no NumPy counterpart), when present.
    extra = []
    for bench in OVERHEAD:
        est = read_criterion("overhead", bench) if (args.with_rust or args.rust_results) else None
        if est:
            extra.append({"bench": bench, "ours_s": est[0], "ours_ci_s": [est[1], est[2]]})
    if extra:
        print("\n| overhead part (ours) | time | 95% CI |\n| --- | --- | --- |")
        for e in extra:
            print(f"| {e['bench']} | {fmt(e['ours_s'])} | {spread(*e['ours_ci_s'])} |")

    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": rows, "overhead": extra}, indent=2))


if __name__ == "__main__":
    main()
