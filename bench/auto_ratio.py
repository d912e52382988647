#!/usr/bin/env python3
"""How close `auto` comes to the best single backend, from `conformance bench` reports.

Requirements: Python 3.8+ (stdlib only).

Usage (from the repository root), after one or more bench runs that include `auto` and the
backends it drives, each report copied aside:

    TENSOR_AUTO_CACHE=/tmp/auto.json target/release/conformance bench \\
        --backends cpu,opencl,auto --families add,exp,sum --max-size 1e7
    cp reports/bench.json /tmp/b1.json     # repeat for /tmp/b2.json, /tmp/b3.json
    python3 bench/auto_ratio.py /tmp/b1.json /tmp/b2.json /tmp/b3.json

For every family, mode and size it prints auto's median time over the fastest other
backend's median time at the same point of the same run, then the median of that ratio
over the runs given. `*` marks ratios above 1.10 (the issue's "within 10% of the best single
backend"); `--json FILE` writes the same numbers.
"""

import argparse
import json
import statistics
import sys


def size_label(n):
    """1, 3, 10, 30, 100, 300, 1e3, 3e3, ... as in docs/benchmarks.md."""
    if n < 1000:
        return str(n)
    e = len(str(n)) - 1
    m = n / 10**e
    return f"{m:g}e{e}"


def ratios(report, auto="auto"):
    """{(family, mode, numel): auto / min(other backends)} for one report."""
    by = {}
    for b in report["backends"]:
        for p in b["points"]:
            # A measured point carries its stats inline (`median_s`, ...); a failed one
            # has none.
            t = p.get("median_s", (p.get("stats") or {}).get("median_s"))
            if t is not None:
                by.setdefault((p["family"], p["mode"], p["numel"]), {})[b["spec"]] = t
    out = {}
    for key, times in by.items():
        others = [t for spec, t in times.items() if spec != auto]
        if auto in times and others:
            out[key] = times[auto] / min(others)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reports", nargs="+", help="bench.json files of separate runs")
    ap.add_argument("--auto", default="auto", help="the spec auto was benched as")
    ap.add_argument("--json", help="also write the ratios to this file")
    args = ap.parse_args()
    runs = []
    for path in args.reports:
        with open(path) as f:
            runs.append(ratios(json.load(f), args.auto))
    keys = sorted({k for r in runs for k in r}, key=lambda k: (k[0], k[1], k[2]))
    if not keys:
        print(f"no point has both {args.auto!r} and another backend", file=sys.stderr)
        return 1
    table = {}
    for k in keys:
        vals = [r[k] for r in runs if k in r]
        table[k] = statistics.median(vals)
    rows = {}
    for (fam, mode, n), r in table.items():
        rows.setdefault((fam, mode), []).append(
            f"{size_label(n)}:{r:.2f}{'*' if r > 1.10 else ''}"
        )
    for (fam, mode), cells in rows.items():
        print(f"{fam:<5}{mode:<14}{' '.join(cells)}")
    worst = max(table.items(), key=lambda kv: kv[1])
    print(
        f"\n{len(runs)} run(s); worst: {worst[0][0]} {worst[0][1]} n={worst[0][2]} "
        f"at {worst[1]:.2f}x; {sum(r > 1.10 for r in table.values())} of {len(table)} "
        "points over 1.10"
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                [
                    {"family": k[0], "mode": k[1], "numel": k[2], "ratio": v}
                    for k, v in table.items()
                ],
                f,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
