#!/usr/bin/env python3
"""The kernels of issue #12 (any-axis reductions, softmax, memory-bound unary ops, casts)
against NumPy, and PyTorch when it is importable, interleaved case by case.

For each case NumPy (then PyTorch) is timed, then this library through
`target/release/examples/kernel_bench` (one long-lived process reading cases on stdin),
so that all sides see the same load. Each side: warm-up, calibration to about 20 ms per
sample, median of 7 samples. ratio = peer time / our time (> 1: we are faster).

    cargo build --release -p tensor-core --example kernel_bench
    target/bench-venv/bin/python bench/kernels_vs_numpy.py [--only sum,softmax] [--json out.json]
    target/bench-venv/bin/python bench/kernels_vs_numpy.py --only tx   # the f32 transcendentals
    target/bench-venv/bin/python bench/kernels_vs_numpy.py --bin /other/tree/target/release/examples/kernel_bench

`--bin` may be given twice (`--bin old --bin new`): both builds are timed, alternating,
next to the same NumPy figure.
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

M = "1000x1000"
TX_OPS = ("tanh", "sigmoid", "expm1", "log1p", "exp2", "log2", "log10", "cos", "sinh", "cosh",
          "exp", "log", "sin")
CASES = [
    # (op, dtype, shape, axis, layout)
    *[(op, "f32", M, ax, "c") for op in ("sum", "mean", "max", "argmax", "min", "argmin",
                                         "var", "std", "prod", "any", "all", "logsumexp")
      for ax in ("0", "1")],
    ("sum", "f32", "3162x3162", "0", "c"),
    ("sum", "f32", M, "1", "t"),
    ("max", "f32", M, "1", "t"),
    ("sum", "f64", M, "0", "c"),
    ("sum", "f64", M, "1", "c"),
    ("var", "f64", M, "0", "c"),
    ("max", "f64", M, "0", "c"),
    ("sum", "i64", M, "0", "c"),
    ("sum", "f32", "100000x16", "0", "c"),
    ("sum", "f32", "16x100000", "0", "c"),
    ("softmax", "f32", M, "1", "c"),
    ("softmax", "f32", M, "0", "c"),
    ("log_softmax", "f32", M, "1", "c"),
    ("log_softmax", "f32", M, "0", "c"),
    ("softmax", "f64", M, "1", "c"),
    ("logsumexp", "f32", "1000000", "-", "c"),
    *[(op, "f32", "1000000", "-", "c") for op in ("floor", "ceil", "round", "trunc", "rsqrt",
                                                 "sqrt", "reciprocal", "sign", "abs", "neg",
                                                 "relu", "exp", "add", "lt", "where", "clamp")],
    *[(op, "f64", "1000000", "-", "c") for op in ("floor", "round", "rsqrt", "reciprocal",
                                                 "sign")],
    ("round", "f32", M, "-", "t"),
    # f32 transcendentals (docs/benchmarks.md, "f32 transcendentals"): --only tx
    *[(op, "f32", n, "-", "c") for n in ("1000000", "10000000")
      for op in TX_OPS],
    *[(f"cast_{b}", a, "1000000", "-", "c") for a, b in
      (("f32", "f64"), ("f64", "f32"), ("f32", "i32"), ("i32", "f32"), ("f32", "i64"),
       ("i64", "f32"), ("f64", "i64"), ("i32", "i64"), ("i64", "i32"), ("f32", "f16"))],
    # Memory-bound paths at 1e7 and the larger square, and the half types (NumPy has no
    # bf16: PyTorch only).
    *[(op, "f32", "10000000", "-", "c") for op in ("floor", "round", "rsqrt", "reciprocal",
                                                  "sign", "abs", "add", "cast_f16",
                                                  "cast_bf16")],
    *[(op, "f32", "3162x3162", ax, "c") for op in ("sum", "mean", "max", "argmax", "var")
      for ax in ("0", "1") if (op, ax) != ("sum", "0")],
    *[(op, h, "1000000", "-", "c") for h in ("f16", "bf16")
      for op in ("add", "sum", "exp", "neg", "floor", "cast_f32", "cast_f64")],
    *[(f"cast_{b}", a, "1000000", "-", "c") for a, b in
      (("f32", "bf16"), ("f64", "f16"), ("f64", "bf16"), ("f16", "bf16"), ("bf16", "f16"))],
    ("sum", "f16", M, "0", "c"),
    ("sum", "bf16", M, "1", "c"),
]

NP_DT = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i64": np.int64,
         "f16": np.float16, "bf16": np.float32}  # bf16: made in PyTorch from f32
T_DT = {"f16": "float16", "bf16": "bfloat16", "f32": "float32", "f64": "float64",
        "i32": "int32", "i64": "int64"}


def inputs(op, dt, shape, layout):
    rng = np.random.default_rng(7)
    s = tuple(int(v) for v in shape.split("x"))
    if layout == "t":
        s = s[::-1]
    u = rng.random(s)
    if op == "prod":
        x = u + 0.5
    elif op in ("rsqrt", "sqrt", "log", "log2", "log10", "log1p"):
        x = u * 2.0
    else:
        x = u * 10.0 - 5.0
    x = x.astype(NP_DT[dt])
    if layout == "t":
        x = x.T
    y = (rng.random(x.shape) * 10.0 - 5.0).astype(NP_DT[dt])
    return x, y


NP_STMT = {
    "sum": "np.sum(x, axis=ax)", "mean": "np.mean(x, axis=ax)", "prod": "np.prod(x, axis=ax)",
    "max": "np.max(x, axis=ax)", "min": "np.min(x, axis=ax)",
    "argmax": "np.argmax(x, axis=ax)", "argmin": "np.argmin(x, axis=ax)",
    "any": "np.any(x, axis=ax)", "all": "np.all(x, axis=ax)",
    "var": "np.var(x, axis=ax)", "std": "np.std(x, axis=ax)",
    # NumPy has no logsumexp/softmax: the usual max-subtracted composition.
    "logsumexp": "m = np.max(x, axis=ax, keepdims=True); np.log(np.sum(np.exp(x - m), axis=ax)) + np.squeeze(m, axis=ax)",
    "softmax": "e = np.exp(x - np.max(x, axis=ax, keepdims=True)); e / np.sum(e, axis=ax, keepdims=True)",
    "log_softmax": "d = x - np.max(x, axis=ax, keepdims=True); d - np.log(np.sum(np.exp(d), axis=ax, keepdims=True))",
    "floor": "np.floor(x)", "ceil": "np.ceil(x)", "round": "np.round(x)", "trunc": "np.trunc(x)",
    "rsqrt": "1.0 / np.sqrt(x)", "sqrt": "np.sqrt(x)", "reciprocal": "np.reciprocal(x)",
    "sign": "np.sign(x)", "abs": "np.abs(x)", "neg": "np.negative(x)",
    "relu": "np.maximum(x, 0)", "exp": "np.exp(x)", "add": "x + y", "lt": "x < y",
    "where": "np.where(c, x, y)", "clamp": "np.clip(x, -1.0, 1.0)",
    # NumPy has no sigmoid: the usual expression.
    "sigmoid": "1.0 / (1.0 + np.exp(-x))",
    **{op: f"np.{op}(x)" for op in TX_OPS if op not in ("sigmoid", "exp")},
}
T_STMT = {
    "sum": "torch.sum(x, dim=ax)", "mean": "torch.mean(x, dim=ax)", "prod": "torch.prod(x, dim=ax)",
    "max": "torch.amax(x, dim=ax)", "min": "torch.amin(x, dim=ax)",
    "argmax": "torch.argmax(x, dim=ax)", "argmin": "torch.argmin(x, dim=ax)",
    "any": "torch.any(x, dim=ax)", "all": "torch.all(x, dim=ax)",
    "var": "torch.var(x, dim=ax, correction=0)", "std": "torch.std(x, dim=ax, correction=0)",
    "logsumexp": "torch.logsumexp(x, dim=ax)", "softmax": "torch.softmax(x, dim=ax)",
    "log_softmax": "torch.log_softmax(x, dim=ax)",
    "floor": "torch.floor(x)", "ceil": "torch.ceil(x)", "round": "torch.round(x)",
    "trunc": "torch.trunc(x)", "rsqrt": "torch.rsqrt(x)", "sqrt": "torch.sqrt(x)",
    "reciprocal": "torch.reciprocal(x)", "sign": "torch.sign(x)", "abs": "torch.abs(x)",
    "neg": "torch.neg(x)", "relu": "torch.relu(x)", "exp": "torch.exp(x)", "add": "x + y",
    "lt": "x < y", "where": "torch.where(c, x, y)", "clamp": "torch.clamp(x, -1.0, 1.0)",
    **{op: f"torch.{op}(x)" for op in TX_OPS if op != "exp"},
}


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


def peer_times(op, dt, shape, ax, layout):
    x, y = inputs(op, dt, shape, layout)
    axis = None if ax == "-" else int(ax)
    if op.startswith("cast_"):
        stmt_np = f"x.astype(np.{np.dtype(NP_DT[op[5:]]).name})"
        stmt_t = f"x.to(torch.{T_DT[op[5:]]})"
    else:
        stmt_np, stmt_t = NP_STMT[op], T_STMT[op]
    if op in ("logsumexp", "softmax", "log_softmax") and axis is None:
        axis = -1 if op != "logsumexp" else None
        if op == "logsumexp":
            stmt_np = "m = np.max(x); np.log(np.sum(np.exp(x - m))) + m"
            stmt_t = "torch.logsumexp(x, dim=0)"
    env = {"np": np, "x": x, "y": y, "c": y > 0, "ax": axis}
    # NumPy has no bf16; and `sum` of f16 accumulates in f16 there.
    no_np = dt == "bf16" or op == "cast_bf16"
    tnp = None if no_np else time_stmt(stmt_np, env)
    tt = None
    if torch is not None:
        tx = torch.from_numpy(np.ascontiguousarray(x) if layout == "c" else x.T.copy()).clone()
        if layout == "t":
            tx = tx.T
        ty = torch.from_numpy(y.copy())
        if dt == "bf16":
            tx, ty = tx.to(torch.bfloat16), ty.to(torch.bfloat16)
        tenv = {"torch": torch, "x": tx, "y": ty, "c": ty > 0,
                "ax": axis if axis is not None else (0 if op == "logsumexp" else None)}
        if tenv["ax"] is None:
            stmt_t = stmt_t.replace(", dim=ax", "")
        try:
            tt = time_stmt(stmt_t, tenv)
        except Exception:  # noqa: BLE001 - an op PyTorch lacks for this dtype
            tt = None
    return tnp, tt


def fmt(ns):
    if ns is None:
        return "-"
    for unit, div in (("ms", 1e6), ("us", 1e3)):
        if ns >= div:
            return f"{ns / div:.1f} {unit}"
    return f"{ns:.0f} ns"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", action="append",
                    help="kernel_bench executable(s); default target/release/examples/kernel_bench")
    ap.add_argument("--only", help="comma-separated op names (prefix match)")
    ap.add_argument("--grep", help="regular expression the case line must match "
                    "(`op dtype shape axis layout`, e.g. 'f16|bf16' or '^sum f32 3162')")
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bins = a.bin or [os.path.join(root, "target/release/examples/kernel_bench")]
    procs = [subprocess.Popen([b], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for b in bins]
    cases = CASES
    if a.only:
        keys = a.only.split(",")
        tx = [c for c in cases[cases.index(("round", "f32", M, "-", "t")) + 1:]
              if c[0] in TX_OPS]
        cases = [c for c in cases if any(c[0].startswith(k) for k in keys if k != "tx")] + \
            (tx if "tx" in keys else [])
    if a.grep:
        import re
        cases = [c for c in cases if re.search(a.grep, " ".join(c))]
    print(f"# NumPy {np.__version__}"
          + (f", PyTorch {torch.__version__} ({torch.get_num_threads()} threads)" if torch else
             ", PyTorch not installed"), flush=True)
    heads = ["case", "NumPy"] + (["PyTorch"] if torch else []) + \
        [f"ours{i}" for i in range(len(bins))] + \
        [f"x NumPy{i}" for i in range(len(bins))] + \
        ([f"x PyTorch{i}" for i in range(len(bins))] if torch else [])
    print("| " + " | ".join(heads) + " |")
    print("|" + " --- |" * len(heads), flush=True)
    rows = []
    for c in cases:
        op, dt, shape, ax, layout = c
        tnp, tt = peer_times(*c)
        time.sleep(0.2)  # let BLAS/OpenMP worker threads of the peers go idle
        ours = []
        for p in procs:
            p.stdin.write(" ".join(c) + "\n")
            p.stdin.flush()
            r = p.stdout.readline().strip()
            ours.append(None if r.startswith("ERR") else float(r))
        name = f"{op} {dt} {shape}" + ("" if ax == "-" else f" axis {ax}") + \
            (" (transposed)" if layout == "t" else "")
        cells = [name, fmt(tnp)] + ([fmt(tt)] if torch else []) + [fmt(o) for o in ours]
        cells += [f"{tnp / o:.2f}x" if (o and tnp) else "-" for o in ours]
        if torch:
            cells += [f"{tt / o:.2f}x" if (o and tt) else "-" for o in ours]
        print("| " + " | ".join(cells) + " |", flush=True)
        rows.append({"case": name, "numpy_ns": tnp, "torch_ns": tt, "ours_ns": ours})
    for p in procs:
        p.stdin.close()
        p.wait()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"numpy": np.__version__,
                       "torch": torch.__version__ if torch else None, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
