#!/usr/bin/env python3
"""The benchmark matrix of issue #12: every op of op set v1 on the CPU backend, against
NumPy and PyTorch (CPU) from PyPI, interleaved case by case.

    ./dev.sh peers                      # full matrix (about 15 to 30 minutes on 2 cores)
    ./dev.sh peers --quick              # a smoke subset (about a minute)
    ./dev.sh peers --only exp,sum       # cases whose op starts with one of these
    python3 bench/peers.py --list       # the cases, without timing anything

The peers run from a venv under target/ (default target/bench-venv) with the latest NumPy
and PyTorch on PyPI; when it is missing this script creates it (`pip install numpy torch`,
about 4 GB with PyTorch's CUDA wheels, which run fine on a CPU-only machine) and re-runs
itself there. Debian's numpy is never used: it is an old, slower baseline.

Method. For each case: NumPy, then PyTorch, each timed with `timeit` on a statement (the
statement is compiled into timeit's loop, so no harness call is timed), calibrated to
about 10 ms per sample, median of 5 samples; then a pause of 0.3 s so that the peers' spinning
worker threads (OpenBLAS, OpenMP) go idle; then this library, through
`target/release/examples/peer_bench` (one long-lived process; same calibration, same median,
only the op is timed). ratio = peer time / our time: above 1, we are faster. A peer that
lacks an op, or refuses it for a dtype, shows `-`. Inputs are uniform on the same domain on
every side (the `domain` table here and in peer_bench.rs); their values differ (each side's
own generator), their distribution does not.

Output: the table on stdout; `--json` writes every case with its times and the machine,
library versions, BLAS and thread counts; `--update-doc docs/benchmarks.md` rewrites the part
of that file between `<!-- matrix:begin -->` and `<!-- matrix:end -->` with the summary (per
peer: median, minimum, cases below 1x) and the table.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_VENV = os.path.join(ROOT, "target", "bench-venv")

UNARY = ["neg", "abs", "sign", "sqrt", "rsqrt", "exp", "exp2", "expm1", "log", "log2",
         "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
         "tanh", "asinh", "acosh", "atanh", "erf", "sigmoid", "relu", "floor", "ceil",
         "round", "trunc", "reciprocal", "square", "isnan", "isinf", "isfinite",
         "logical_not"]
BINARY = ["add", "sub", "mul", "div", "pow", "atan2", "maximum", "minimum", "fmod",
          "floor_divide", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
          "logical_xor"]
REDUCE = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "var", "std",
          "logsumexp", "all", "any"]
FLOATS = ["f32", "f64", "f16", "bf16"]
M = "1000x1000"
BIG = 10_000_000


def domain(op, which):
    """The input range [lo, hi) of operand `which` (0 or 1) of `op`: peer_bench.rs has the
    same table."""
    if op in ("log", "log2", "log10", "sqrt", "rsqrt", "reciprocal"):
        return 0.01, 10.0
    if op == "log1p":
        return -0.5, 10.0
    if op == "acosh":
        return 1.0, 10.0
    if op in ("asin", "acos", "atanh"):
        return -0.99, 0.99
    if op == "prod":
        return 0.5, 1.5
    if op == "pow":
        return (0.1, 10.0) if which == 0 else (-3.0, 3.0)
    if op in ("div", "fmod", "floor_divide") and which == 1:
        return 0.5, 5.0
    return -5.0, 5.0


def cases(quick):
    """(op, dtype, shape, layout, axis) of the matrix."""
    out = []
    add = out.append
    f32_sizes = ["16", "1000000"] if quick else ["16", "10000", "1000000", str(BIG)]
    for op in UNARY:
        for n in f32_sizes:
            add((op, "f32", n, "c", "-"))
        if not quick:
            add((op, "f64", "1000000", "c", "-"))
            add((op, "f64", "16", "c", "-"))
            add((op, "f16", "1000000", "c", "-"))
            add((op, "bf16", "1000000", "c", "-"))
    if not quick:
        for op in ("neg", "abs", "sign", "square"):
            add((op, "i32", "1000000", "c", "-"))
            add((op, "i64", "1000000", "c", "-"))
        for op in ("exp", "abs", "floor", "sqrt", "tanh", "round"):
            add((op, "f32", M, "t", "-"))
            add((op, "f32", M, "s2", "-"))
    for op in BINARY:
        for n in f32_sizes:
            add((op, "f32", n, "c", "-"))
        if not quick:
            add((op, "f64", "1000000", "c", "-"))
            add((op, "f16", "1000000", "c", "-"))
            add((op, "bf16", "1000000", "c", "-"))
    if not quick:
        for op in ("add", "sub", "mul", "maximum", "eq", "lt", "floor_divide", "fmod"):
            add((op, "i32", "1000000", "c", "-"))
            add((op, "i64", "1000000", "c", "-"))
        for op in ("add", "sub", "mul", "div", "maximum", "lt"):
            add((op, "f32", M, "b", "-"))
        for op in ("add", "mul"):
            add((op, "f32", M, "t", "-"))
            add((op, "f32", M, "s2", "-"))
    for op in REDUCE:
        add((op, "f32", "1000000", "c", "-"))
        add((op, "f32", M, "c", "0"))
        add((op, "f32", M, "c", "1"))
        if not quick:
            add((op, "f32", "16", "c", "-"))
            add((op, "f32", str(BIG), "c", "-"))
            add((op, "f64", "1000000", "c", "-"))
            add((op, "f64", M, "c", "0"))
            add((op, "f64", M, "c", "1"))
    if not quick:
        for op in ("sum", "mean", "max", "argmax"):
            for dt in ("f16", "bf16"):
                add((op, dt, "1000000", "c", "-"))
                add((op, dt, M, "c", "0"))
            for dt in ("i32", "i64"):
                add((op, dt, "1000000", "c", "-"))
                add((op, dt, M, "c", "0"))
        for op in ("sum", "max", "var"):
            add((op, "f32", M, "t", "1"))
            add((op, "f32", M, "t", "0"))
        add(("sum", "f32", "3162x3162", "c", "0"))
        add(("sum", "f32", "3162x3162", "c", "1"))
    for op in ("softmax", "log_softmax"):
        add((op, "f32", M, "c", "1"))
        add((op, "f32", M, "c", "0"))
        if not quick:
            add((op, "f32", "16", "c", "0"))
            add((op, "f64", M, "c", "1"))
            add((op, "f16", M, "c", "1"))
            add((op, "bf16", M, "c", "1"))
    mm = ["64x64x64", "1024x1024x1024"] if quick else [
        "4x4x4", "8x8x8", "64x64x64", "256x256x256", "1024x1024x1024", "2048x2048x2048",
        "64x64x64x64", "2048x2048x1", "1x2048x2048"]
    for s in mm:
        add(("matmul", "f32", s, "c", "-"))
        if not quick:
            add(("matmul", "f64", s, "c", "-"))
    if not quick:
        add(("matmul", "f32", "1024x1024x1024", "t", "-"))
        for dt in ("f16", "bf16"):
            add(("matmul", dt, "256x256x256", "c", "-"))
            add(("matmul", dt, "1024x1024x1024", "c", "-"))
    pairs = [(a, b) for a in FLOATS for b in FLOATS if a != b]
    pairs += [("f32", "i32"), ("i32", "f32"), ("f64", "i64"), ("i64", "f64"), ("i32", "i64"),
              ("f32", "bool")]
    if quick:
        pairs = [("f32", "f64"), ("f32", "f16"), ("f32", "bf16")]
    for a, b in pairs:
        add((f"cast_{b}", a, "1000000", "c", "-"))
    for op in ("rand", "randn", "arange", "full"):
        add((op, "f32", "1000000", "c", "-"))
        if not quick:
            add((op, "f64", "1000000", "c", "-"))
            add((op, "f32", "16", "c", "-"))
    for op in ("where", "clamp"):
        add((op, "f32", "1000000", "c", "-"))
        if not quick:
            add((op, "f32", "16", "c", "-"))
            add((op, "f64", "1000000", "c", "-"))
    return out


# ---------------------------------------------------------------------------------------
# Peers: inputs and statements.

NP_UNARY = {
    "neg": "np.negative(x)", "abs": "np.abs(x)", "sign": "np.sign(x)", "sqrt": "np.sqrt(x)",
    "rsqrt": "1 / np.sqrt(x)", "exp": "np.exp(x)", "exp2": "np.exp2(x)",
    "expm1": "np.expm1(x)", "log": "np.log(x)", "log2": "np.log2(x)",
    "log10": "np.log10(x)", "log1p": "np.log1p(x)", "sin": "np.sin(x)", "cos": "np.cos(x)",
    "tan": "np.tan(x)", "asin": "np.arcsin(x)", "acos": "np.arccos(x)",
    "atan": "np.arctan(x)", "sinh": "np.sinh(x)", "cosh": "np.cosh(x)",
    "tanh": "np.tanh(x)", "asinh": "np.arcsinh(x)", "acosh": "np.arccosh(x)",
    "atanh": "np.arctanh(x)", "sigmoid": "1 / (1 + np.exp(-x))",
    "relu": "np.maximum(x, 0)", "floor": "np.floor(x)", "ceil": "np.ceil(x)",
    "round": "np.round(x)", "trunc": "np.trunc(x)", "reciprocal": "np.reciprocal(x)",
    "square": "np.square(x)", "isnan": "np.isnan(x)", "isinf": "np.isinf(x)",
    "isfinite": "np.isfinite(x)", "logical_not": "np.logical_not(x)",
}
NP_BINARY = {
    "add": "np.add", "sub": "np.subtract", "mul": "np.multiply", "div": "np.divide",
    "pow": "np.power", "atan2": "np.arctan2", "maximum": "np.maximum",
    "minimum": "np.minimum", "fmod": "np.fmod", "floor_divide": "np.floor_divide",
    "eq": "np.equal", "ne": "np.not_equal", "lt": "np.less", "le": "np.less_equal",
    "gt": "np.greater", "ge": "np.greater_equal", "logical_and": "np.logical_and",
    "logical_or": "np.logical_or", "logical_xor": "np.logical_xor",
}
NP_REDUCE = {
    "sum": "np.sum(x, axis=ax)", "prod": "np.prod(x, axis=ax)", "mean": "np.mean(x, axis=ax)",
    "max": "np.max(x, axis=ax)", "min": "np.min(x, axis=ax)",
    "argmax": "np.argmax(x, axis=ax)", "argmin": "np.argmin(x, axis=ax)",
    "var": "np.var(x, axis=ax)", "std": "np.std(x, axis=ax)",
    "all": "np.all(x, axis=ax)", "any": "np.any(x, axis=ax)",
    # NumPy has no logsumexp or softmax: the usual max-subtracted compositions.
    "logsumexp": "m = np.max(x, axis=ax, keepdims=True); "
                 "np.log(np.sum(np.exp(x - m), axis=ax)) + np.squeeze(m, axis=ax)",
    "softmax": "e = np.exp(x - np.max(x, axis=ax, keepdims=True)); "
               "e / np.sum(e, axis=ax, keepdims=True)",
    "log_softmax": "d = x - np.max(x, axis=ax, keepdims=True); "
                   "d - np.log(np.sum(np.exp(d), axis=ax, keepdims=True))",
}
T_UNARY = {op: f"torch.{op}(x)" for op in UNARY}
T_UNARY.update({"square": "torch.square(x)"})
T_BINARY = {op: f"torch.{op}" for op in BINARY}
T_REDUCE = {
    "sum": "torch.sum(x, **kw)", "prod": "torch.prod(x, **kw)", "mean": "torch.mean(x, **kw)",
    "max": "torch.amax(x, **kw)", "min": "torch.amin(x, **kw)",
    "argmax": "torch.argmax(x, **kw)", "argmin": "torch.argmin(x, **kw)",
    "var": "torch.var(x, correction=0, **kw)", "std": "torch.std(x, correction=0, **kw)",
    "all": "torch.all(x, **kw)", "any": "torch.any(x, **kw)",
    "logsumexp": "torch.logsumexp(x, **kwl)",
    "softmax": "torch.softmax(x, **kw)", "log_softmax": "torch.log_softmax(x, **kw)",
}
NP_NAME = {"f32": "float32", "f64": "float64", "f16": "float16", "i32": "int32",
           "i64": "int64", "u8": "uint8", "bool": "bool_"}
T_NAME = {"f32": "float32", "f64": "float64", "f16": "float16", "bf16": "bfloat16",
          "i32": "int32", "i64": "int64", "u8": "uint8", "bool": "bool"}


def time_stmt(stmt, env):
    """Median seconds per execution of `stmt`: calibrated to about 10 ms per sample,
    median of 5 samples (the same scheme as peer_bench.rs)."""
    t = timeit.Timer(stmt, globals=env)
    t.timeit(1)
    n = 1
    while t.timeit(n) < 0.01 and n < 1 << 22:
        n *= 2
    return sorted(t.timeit(n) / n for _ in range(5))[2]


def shape_of(s):
    return tuple(int(v) for v in s.split("x"))


def make(np, rng, op, which, dt, shape):
    """A float64 NumPy array on op's domain, converted to `dt` (None for bf16, handled by
    the caller through torch)."""
    lo, hi = domain(op, which)
    if dt in ("i32", "i64", "u8"):
        lo, hi = (1.0, 20.0) if which == 1 and op in ("div", "fmod", "floor_divide") else (
            lo * 20, hi * 20)
        return np.floor(rng.random(shape) * (hi - lo) + lo).astype(NP_NAME[dt])
    x = rng.random(shape) * (hi - lo) + lo
    if dt == "bool":
        return x > 0
    return x if dt == "bf16" else x.astype(NP_NAME[dt])


def peer_inputs(np, case):
    """NumPy arrays (x, y) in the case's layout (bf16 stays float64: only torch takes it)."""
    op, dt, shape, layout, _ = case
    rng = np.random.default_rng(7)
    s = shape_of(shape)
    if op == "matmul":
        *b, m, k, n = s
        if layout == "t":
            x = make(np, rng, op, 0, dt, (*b, k, m)).swapaxes(-1, -2)
        else:
            x = make(np, rng, op, 0, dt, (*b, m, k))
        return x, make(np, rng, op, 1, dt, (*b, k, n))

    def one(which, lay):
        if lay == "t":
            return make(np, rng, op, which, dt, s[::-1]).T
        if lay == "s2":
            return make(np, rng, op, which, dt, (*s[:-1], 2 * s[-1]))[..., ::2]
        return make(np, rng, op, which, dt, s)
    x = one(0, layout)
    y = make(np, rng, op, 1, dt, (s[-1],)) if layout == "b" else one(1, layout)
    return x, y


def to_torch(torch, a, dt, layout):
    """A torch tensor with `a`'s values and layout (a transposed or strided view stays a
    view), of dtype `dt`."""
    if layout == "t" and a.ndim == 2:
        return to_torch(torch, a.T, dt, "c").T
    if layout == "s2":
        import numpy as np
        full = np.repeat(a, 2, axis=-1)
        return to_torch(torch, full, dt, "c")[..., ::2]
    import numpy as np
    t = torch.from_numpy(np.ascontiguousarray(a)).clone()
    return t.to(getattr(torch, T_NAME[dt]))


def numpy_stmt(case):
    op, dt, shape, layout, axis = case
    if dt == "bf16" or (op.startswith("cast_") and op[5:] == "bf16"):
        return None
    if op in NP_UNARY:
        return NP_UNARY[op]
    if op in NP_BINARY:
        if op == "pow" and dt in ("i32", "i64"):
            return None
        return f"{NP_BINARY[op]}(x, y)"
    if op in NP_REDUCE:
        return NP_REDUCE[op]
    if op == "matmul":
        return "x @ y"
    if op.startswith("cast_"):
        return f"x.astype(np.{NP_NAME[op[5:]]})"
    n = shape_of(shape)
    if op == "rand":
        return f"rng.random({n}, dtype=np.{NP_NAME[dt]})"
    if op == "randn":
        return f"rng.standard_normal({n}, dtype=np.{NP_NAME[dt]})"
    if op == "arange":
        return f"np.arange({n[0]}, dtype=np.{NP_NAME[dt]})"
    if op == "full":
        return f"np.full({n}, 1.5, dtype=np.{NP_NAME[dt]})"
    if op == "where":
        return "np.where(c, x, y)"
    if op == "clamp":
        return "np.clip(x, -1.0, 1.0)"
    return None


def torch_stmt(case):
    op, dt, shape, layout, axis = case
    if op in T_UNARY:
        return T_UNARY[op]
    if op in T_BINARY:
        return f"{T_BINARY[op]}(x, y)"
    if op in T_REDUCE:
        return T_REDUCE[op]
    if op == "matmul":
        return "x @ y"
    if op.startswith("cast_"):
        return f"x.to(torch.{T_NAME[op[5:]]})"
    n = shape_of(shape)
    tn = f"torch.{T_NAME[dt]}"
    if op == "rand":
        return f"torch.rand({n}, dtype={tn})"
    if op == "randn":
        return f"torch.randn({n}, dtype={tn})"
    if op == "arange":
        return f"torch.arange({n[0]}, dtype={tn})"
    if op == "full":
        return f"torch.full({n}, 1.5, dtype={tn})"
    if op == "where":
        return "torch.where(c, x, y)"
    if op == "clamp":
        return "torch.clamp(x, -1.0, 1.0)"
    return None


def time_peers(np, torch, case):
    """(NumPy seconds or None, PyTorch seconds or None) of one case."""
    op, dt, shape, layout, axis = case
    ax = None if axis == "-" else int(axis)
    if op in ("softmax", "log_softmax") and ax is None:
        ax = -1
    x, y = peer_inputs(np, case)
    tnp = tt = None
    s = numpy_stmt(case)
    if s is not None:
        env = {"np": np, "x": x, "y": y, "c": y > 0, "ax": ax,
               "rng": np.random.default_rng(42)}
        try:
            tnp = time_stmt(s, env)
        except Exception:  # noqa: BLE001 - the peer refuses this case
            tnp = None
    s = torch_stmt(case)
    if torch is not None and s is not None:
        try:
            tx = to_torch(torch, x, dt, layout)
            ty = to_torch(torch, y, dt, "c" if layout == "b" else layout)
            if ax is None:
                kw, kwl = {}, {"dim": tuple(range(tx.ndim))}
            else:
                kw = kwl = {"dim": ax}
            env = {"torch": torch, "x": tx, "y": ty, "c": ty > 0, "kw": kw, "kwl": kwl}
            tt = time_stmt(s, env)
        except Exception:  # noqa: BLE001 - an op or dtype PyTorch lacks on the CPU
            tt = None
    return tnp, tt


# ---------------------------------------------------------------------------------------
# The venv, the machine, the report.

def in_venv(venv):
    return os.path.realpath(sys.prefix) == os.path.realpath(venv)


def ensure_venv(venv):
    """Re-runs this script in `venv` (created, with NumPy and PyTorch, when missing)."""
    if in_venv(venv):
        return
    py = os.path.join(venv, "bin", "python")
    ok = os.path.exists(py) and subprocess.run(
        [py, "-c", "import numpy, torch"], capture_output=True).returncode == 0
    if not ok:
        print(f"peers: creating {venv} with NumPy and PyTorch from PyPI (about 4 GB)...",
              file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "numpy", "torch"], check=True)
    os.execv(py, [py, os.path.abspath(__file__), *sys.argv[1:]])


def machine():
    model = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "env": {k: v for k, v in os.environ.items()
                    if k.startswith(("OPENBLAS", "OMP", "MKL", "TENSOR_"))}}


def peer_info(np, torch):
    info = {"numpy": np.__version__}
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        info["numpy_blas"] = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - older NumPy
        pass
    if torch is not None:
        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        m = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
        info["torch_blas"] = m.group(1) if m else "?"
        info["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    return info


def case_name(c):
    op, dt, shape, layout, axis = c
    s = f"{op} {dt} {shape}"
    if layout != "c":
        s += f" {layout}"
    if axis != "-":
        s += f" axis={axis}"
    return s


def fmt_t(sec):
    if sec is None:
        return "-"
    for unit, div in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if sec >= div:
            return f"{sec / div:.3g} {unit}"
    return f"{sec * 1e9:.0f} ns"


def ratio(peer, ours):
    return None if peer is None or ours is None else peer / ours


def fmt_r(r):
    return "-" if r is None else f"{r:.2f}x"


def summary(rows, key):
    rs = sorted(r[key] for r in rows if r.get(key) is not None)
    if not rs:
        return None
    mid = len(rs) // 2
    med = rs[mid] if len(rs) % 2 else (rs[mid - 1] + rs[mid]) / 2
    return {"cases": len(rs), "median": med, "min": rs[0],
            "below_1x": sum(r < 1 for r in rs), "below_0.7x": sum(r < 0.7 for r in rs)}


def markdown(report, command):
    out = [f"Command: `{command}`; {report['date']}, {report['machine']['cpu']}, "
           f"{report['machine']['cores']} cores; {report['ours']}; NumPy "
           f"{report['peers'].get('numpy')} ({report['peers'].get('numpy_blas', '?')}), "
           f"PyTorch {report['peers'].get('torch', '-')} "
           f"({report['peers'].get('torch_blas', '?')}, "
           f"{report['peers'].get('torch_threads', '?')} threads, "
           f"{report['peers'].get('torch_cpu_capability', '?')}). "
           "ratio = peer time / our time (above 1: we are faster).", ""]
    out += ["| peer | cases | median | min | below 1x | below 0.7x |",
            "|---|---|---|---|---|---|"]
    for key, name in (("x_numpy", "NumPy"), ("x_torch", "PyTorch")):
        s = report["summary"].get(key)
        if s:
            out.append(f"| {name} | {s['cases']} | {s['median']:.2f}x | {s['min']:.2f}x | "
                       f"{s['below_1x']} | {s['below_0.7x']} |")
    out += ["", "| case | ours | NumPy | x NumPy | PyTorch | x PyTorch |",
            "|---|---|---|---|---|---|"]
    for r in report["cases"]:
        ours = r["ours"] if r["ours"] is not None else r.get("error", "-")
        out.append(f"| {r['case']} | {fmt_t(r['ours']) if r['ours'] is not None else ours} "
                   f"| {fmt_t(r['numpy'])} | {fmt_r(r['x_numpy'])} | {fmt_t(r['torch'])} "
                   f"| {fmt_r(r['x_torch'])} |")
    return "\n".join(out) + "\n"


def update_doc(path, md):
    text = open(path).read() if os.path.exists(path) else ""
    begin, end = "<!-- matrix:begin -->", "<!-- matrix:end -->"
    block = f"{begin}\n{md}{end}"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the smoke subset")
    ap.add_argument("--only", help="comma-separated op-name prefixes")
    ap.add_argument("--list", action="store_true", help="print the cases and exit")
    ap.add_argument("--venv", default=DEFAULT_VENV, help="the peers' venv (default %(default)s)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/examples/peer_bench"),
                    help="this library's side (default %(default)s)")
    ap.add_argument("--json", help="write the full report here")
    ap.add_argument("--update-doc", help="rewrite the matrix block of this Markdown file")
    ap.add_argument("--no-torch", action="store_true", help="NumPy only")
    a = ap.parse_args()
    todo = cases(a.quick)
    if a.only:
        keys = a.only.split(",")
        todo = [c for c in todo if any(c[0].startswith(k) for k in keys)]
    if a.list:
        for c in todo:
            print(case_name(c))
        print(f"{len(todo)} cases", file=sys.stderr)
        return
    ensure_venv(a.venv)
    import numpy as np
    torch = None
    if not a.no_torch:
        import torch
        torch.set_num_threads(os.cpu_count() or 1)
    if not os.path.exists(a.bin):
        sys.exit(f"peers: {a.bin} is missing: cargo build --release -p tensor-core "
                 "--example peer_bench")
    proc = subprocess.Popen([a.bin], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(line):
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        return proc.stdout.readline().strip()
    ours_info = ask("info")
    report = {"schema": "tensor-plugins.peers/1", "date": time.strftime("%Y-%m-%d"),
              "command": " ".join(["bench/peers.py", *sys.argv[1:]]), "machine": machine(),
              "ours": ours_info, "peers": peer_info(np, torch), "cases": []}
    print(f"peers: {len(todo)} cases; ours: {ours_info}; {report['peers']}", file=sys.stderr)
    print(f"{'case':<40} {'ours':>10} {'NumPy':>10} {'x NumPy':>8} {'PyTorch':>10} "
          f"{'x Torch':>8}")
    start = time.time()
    for c in todo:
        tnp, tt = time_peers(np, torch, c)
        time.sleep(0.3)  # let the peers' worker threads stop spinning
        ans = ask(" ".join(c))
        row = {"case": case_name(c), "op": c[0], "dtype": c[1], "shape": c[2],
               "layout": c[3], "axis": c[4], "numpy": tnp, "torch": tt, "ours": None}
        if ans.startswith("ERR"):
            row["error"] = ans[4:]
        else:
            row["ours"] = float(ans) * 1e-9
        row["x_numpy"] = ratio(tnp, row["ours"])
        row["x_torch"] = ratio(tt, row["ours"])
        report["cases"].append(row)
        print(f"{row['case']:<40} {fmt_t(row['ours']):>10} {fmt_t(tnp):>10} "
              f"{fmt_r(row['x_numpy']):>8} {fmt_t(tt):>10} {fmt_r(row['x_torch']):>8}"
              + (f"  ERR {row['error']}" if "error" in row else ""), flush=True)
    proc.stdin.close()
    proc.wait()
    report["seconds"] = round(time.time() - start)
    report["summary"] = {k: summary(report["cases"], k) for k in ("x_numpy", "x_torch")}
    for key, name in (("x_numpy", "NumPy"), ("x_torch", "PyTorch")):
        s = report["summary"][key]
        if s:
            print(f"vs {name}: {s['cases']} cases, median {s['median']:.2f}x, min "
                  f"{s['min']:.2f}x, {s['below_1x']} below 1x, {s['below_0.7x']} below 0.7x")
    print(f"peers: {len(todo)} cases in {report['seconds']} s", file=sys.stderr)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)
    if a.update_doc:
        update_doc(a.update_doc, markdown(report, report["command"]))


if __name__ == "__main__":
    main()
