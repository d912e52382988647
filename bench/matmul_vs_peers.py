#!/usr/bin/env python3
"""matmul (f32/f64 at n = 64..2048, a batch of 64 products of 64x64, matrix-vector 2048)
against NumPy and PyTorch, interleaved case by case (issue #12, "matmul on every CPU").

Each case: NumPy, then PyTorch, a pause so that their BLAS worker threads go idle, then
this library through `target/release/examples/kernel_bench` (one long-lived process that
reads cases on stdin; see tensor-core/examples/kernel_bench.rs). Each side: warm-up,
calibration to about 20 ms per sample, median of 7 samples. ratio = peer time / our
time (> 1: we are faster). The first output line is the backend's BLAS and GEMM choice.

    cargo build --release -p tensor-core --example kernel_bench
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE target/bench-venv/bin/python bench/matmul_vs_peers.py
    OPENBLAS_CORETYPE=Haswell target/bench-venv/bin/python bench/matmul_vs_peers.py
    TENSOR_CPU_GEMM=gemm target/bench-venv/bin/python bench/matmul_vs_peers.py --json g.json

OPENBLAS_CORETYPE applies to NumPy's and PyTorch's own OpenBLAS too where they use one.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import timeit

import numpy as np

try:
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
except Exception:  # noqa: BLE001 - PyTorch is optional
    torch = None

# (dtype, [batch x] m x k x n); n == 1 is matrix-vector (a 1-D vector for the peers).
CASES = [(dt, s) for dt in ("f32", "f64") for s in
         ("64x64x64", "256x256x256", "1024x1024x1024", "2048x2048x2048",
          "64x64x64x64", "2048x2048x1")]

NP_DT = {"f32": np.float32, "f64": np.float64}


def time_stmt(stmt, env):
    t = timeit.Timer(stmt, globals=env)
    t.timeit(1)
    n = 1
    while True:
        if t.timeit(n) > 0.02 or n >= 1 << 20:
            break
        n *= 2
    samples = sorted(t.timeit(n) / n for _ in range(7))
    return samples[3] * 1e9


def peer_times(dt, shape):
    d = [int(v) for v in shape.split("x")]
    batch, (m, k, n) = d[:-3], d[-3:]
    rng = np.random.default_rng(7)
    x = (rng.random((*batch, m, k)) * 10 - 5).astype(NP_DT[dt])
    y = (rng.random((*batch, k, n) if n > 1 else (k,)) * 10 - 5).astype(NP_DT[dt])
    tnp = time_stmt("x @ y", {"x": x, "y": y})
    tt = None
    if torch is not None:
        tx, ty = torch.from_numpy(x.copy()), torch.from_numpy(y.copy())
        tt = time_stmt("torch.matmul(x, y)", {"torch": torch, "x": tx, "y": ty})
    return tnp, tt


def fmt(ns):
    if ns is None:
        return "-"
    for unit, div in (("ms", 1e6), ("us", 1e3)):
        if ns >= div:
            return f"{ns / div:.2f} {unit}"
    return f"{ns:.0f} ns"


def name(dt, shape):
    d = shape.split("x")
    if len(d) == 4:
        return f"{dt} batched {d[0]}x({d[1]}x{d[2]} @ {d[2]}x{d[3]})"
    if d[2] == "1":
        return f"{dt} matrix-vector {d[0]}x{d[1]} @ {d[1]}"
    return f"{dt} {d[0]}x{d[1]} @ {d[1]}x{d[2]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", help="kernel_bench executable; default target/release/examples/kernel_bench")
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    b = a.bin or os.path.join(root, "target/release/examples/kernel_bench")
    p = subprocess.Popen([b], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(line):
        p.stdin.write(line + "\n")
        p.stdin.flush()
        return p.stdout.readline().strip()

    env = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                           "TENSOR_CPU_GEMM", "TENSOR_CPU_ISA")}
    info = ask("info")
    print(f"# NumPy {np.__version__}"
          + (f", PyTorch {torch.__version__} ({torch.get_num_threads()} threads)" if torch
             else ", PyTorch not installed") + f"; env {env}")
    print(f"# ours: {info}", flush=True)
    heads = ["case", "NumPy", "PyTorch", "ours", "x NumPy", "x PyTorch"]
    print("| " + " | ".join(heads) + " |")
    print("|" + " --- |" * len(heads), flush=True)
    rows = []
    for dt, shape in CASES:
        tnp, tt = peer_times(dt, shape)
        time.sleep(0.3)  # let the peers' BLAS/OpenMP worker threads go idle
        r = ask(f"matmul {dt} {shape} - c")
        o = None if r.startswith("ERR") else float(r)
        cells = [name(dt, shape), fmt(tnp), fmt(tt), fmt(o) if o else r,
                 f"{tnp / o:.2f}x" if o else "-", f"{tt / o:.2f}x" if (o and tt) else "-"]
        print("| " + " | ".join(cells) + " |", flush=True)
        rows.append({"case": name(dt, shape), "numpy_ns": tnp, "torch_ns": tt, "ours_ns": o})
    p.stdin.close()
    p.wait()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"numpy": np.__version__, "torch": torch.__version__ if torch else None,
                       "env": env, "ours": info, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
