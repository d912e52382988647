//! Reports of a run: the terminal table, the JSON report (schema in
//! `docs/conformance-report.md`), and a self-contained HTML page with plots (inline SVG, no
//! scripts, no external files).

use crate::pitfalls::Scenario;
use crate::run::{BackendRun, CaseResult, CrossRow, HIST_EDGES_BOUND, HIST_EDGES_ULP, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use tensor_core::DType;

/// Version of the JSON schema; bumped on any incompatible change.
pub const SCHEMA: &str = "tensor-conformance/1";

/// A backend that was not graded, and why.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    /// Backend name.
    pub backend: String,
    /// Why it was skipped (the load error).
    pub reason: String,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Schema id ([`SCHEMA`]).
    pub schema: String,
    /// The tool and its version.
    pub generated_by: String,
    /// Seed of every input stream.
    pub seed: u64,
    /// Whether this was a `--quick` run.
    pub quick: bool,
    /// Graded backends.
    pub backends: Vec<BackendReport>,
    /// Backends that did not load.
    pub skipped: Vec<Skipped>,
    /// Pairwise comparisons.
    pub cross_backend: Vec<CrossRow>,
}

/// One backend in the report.
#[derive(Clone, Debug, Serialize)]
pub struct BackendReport {
    /// Provenance, results and timing.
    #[serde(flatten)]
    pub run: BackendRun,
    /// Counts per verdict.
    pub summary: BTreeMap<String, usize>,
    /// Pitfall scenarios run on this backend.
    pub pitfalls: Vec<Scenario>,
}

impl BackendReport {
    /// Wraps a run with its summary and scenarios.
    pub fn new(run: BackendRun, pitfalls: Vec<Scenario>) -> BackendReport {
        let mut summary = BTreeMap::new();
        for v in ["pass", "fail", "known", "unsupported"] {
            summary.insert(v.to_string(), 0);
        }
        for r in &run.results {
            *summary
                .entry(verdict_name(r.verdict).to_string())
                .or_insert(0) += 1;
        }
        BackendReport {
            run,
            summary,
            pitfalls,
        }
    }
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::Known => "known",
        Verdict::Unsupported => "unsupported",
    }
}

/// Worst result per (op, dtype): the highest verdict, then the largest error ratio.
fn worst_by_op_dtype(results: &[CaseResult]) -> BTreeMap<(String, DType), &CaseResult> {
    let mut m: BTreeMap<(String, DType), &CaseResult> = BTreeMap::new();
    for r in results {
        let key = (r.op.clone(), r.dtype);
        let score = |r: &CaseResult| (r.verdict, ratio(r));
        match m.get(&key) {
            Some(old) if score(old) >= score(r) => {}
            _ => {
                m.insert(key, r);
            }
        }
    }
    m
}

fn ratio(r: &CaseResult) -> Ordered {
    Ordered(if r.limit > 0.0 {
        r.max_err / r.limit
    } else {
        r.max_err
    })
}

/// A total order on f64 for sorting.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ordered(f64);
impl Eq for Ordered {}
impl PartialOrd for Ordered {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Ordered {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

fn cell(r: &CaseResult) -> String {
    let mark = match r.verdict {
        Verdict::Pass => "ok",
        Verdict::Fail => "FAIL",
        Verdict::Known => "known",
        Verdict::Unsupported => return "unsup".into(),
    };
    match r.metric.as_str() {
        "ulp" => format!("{}/{} {mark}", num(r.max_err, 2), trim(r.limit)),
        "bound" => format!("{}b {mark}", num(r.max_err, 3)),
        "exact" => format!("{}x {mark}", r.max_err as u64),
        _ => format!("err {mark}"),
    }
}

/// `x` with `digits` decimals, or in scientific notation from 1e5 on (a cell stays narrow
/// however far off a backend is).
fn num(x: f64, digits: usize) -> String {
    if x.abs() < 1e5 || !x.is_finite() {
        format!("{x:.digits$}")
    } else {
        format!("{x:.1e}")
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// The width the terminal report fits in.
pub const TEXT_WIDTH: usize = 100;

/// Appends `first` and `text` to `s` as one line, or, if longer than [`TEXT_WIDTH`]
/// characters, as lines broken at spaces, the others starting with `indent` (a word longer
/// than a line stays whole).
fn wrap(s: &mut String, first: &str, indent: &str, text: &str) {
    if first.chars().count() + text.chars().count() <= TEXT_WIDTH {
        s.push_str(first);
        s.push_str(text);
        s.push('\n');
        return;
    }
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && line.chars().count() + 1 + word.chars().count() > TEXT_WIDTH {
            s.push_str(&line);
            s.push('\n');
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    s.push_str(&line);
    s.push('\n');
}

/// The table of one backend: rows are ops, columns input dtypes, the float dtypes first,
/// then bool and the integers, each group cut into as many columns as fit in
/// [`TEXT_WIDTH`]. A row shows in a group only where it has a case.
fn table(s: &mut String, results: &[CaseResult]) {
    let w = worst_by_op_dtype(results);
    let cells: BTreeMap<(&str, DType), String> = w
        .iter()
        .map(|((o, d), r)| ((o.as_str(), *d), cell(r)))
        .collect();
    let mut ops: Vec<&str> = w.keys().map(|(o, _)| o.as_str()).collect();
    ops.dedup();
    let op_w = ops.iter().map(|o| o.len()).max().unwrap_or(0).max(2) + 1;
    let col_w = cells
        .values()
        .map(String::len)
        .chain(DType::ALL.iter().map(|d| d.name().len()))
        .max()
        .unwrap_or(0)
        + 2;
    let per_group = (TEXT_WIDTH.saturating_sub(op_w) / col_w).max(1);
    let present = |d: &DType| w.keys().any(|(_, x)| x == d);
    let floats: Vec<DType> = DType::ALL
        .into_iter()
        .filter(|d| d.is_float() && present(d))
        .collect();
    let others: Vec<DType> = DType::ALL
        .into_iter()
        .filter(|d| !d.is_float() && present(d))
        .collect();
    for (i, group) in floats
        .chunks(per_group)
        .chain(others.chunks(per_group))
        .enumerate()
    {
        if i > 0 {
            s.push('\n');
        }
        let _ = write!(s, "{:<op_w$}", "op");
        for d in group {
            let _ = write!(s, "{:>col_w$}", d.name());
        }
        s.push('\n');
        for &op in &ops {
            if !group.iter().any(|d| cells.contains_key(&(op, *d))) {
                continue;
            }
            let _ = write!(s, "{op:<op_w$}");
            for d in group {
                let c = cells.get(&(op, *d)).map_or("-", String::as_str);
                let _ = write!(s, "{c:>col_w$}");
            }
            s.push('\n');
        }
    }
}

/// A backend's verdict line (`NAME: N pass, N fail, ...`) and one line per failing case.
fn verdict(s: &mut String, b: &BackendReport) {
    let _ = writeln!(
        s,
        "{}: {} pass, {} fail, {} known deviations, {} unsupported ({:.1} s)",
        b.run.provenance.backend,
        b.summary["pass"],
        b.summary["fail"],
        b.summary["known"],
        b.summary["unsupported"],
        b.run.seconds
    );
    for r in b.run.results.iter().filter(|r| r.verdict == Verdict::Fail) {
        let worst = r
            .worst
            .as_ref()
            .map(|w| {
                format!(
                    " worst at [{}]: got {:e}, want {:e}",
                    w.index, w.got, w.want
                )
            })
            .unwrap_or_default();
        let line = format!(
            "{}: {} {:.3} > {} (nan {}, inf {}, -0 {}){worst} {}",
            r.id,
            r.metric,
            r.max_err,
            r.limit,
            r.nan_mismatch,
            r.inf_mismatch,
            r.zero_sign_mismatch,
            r.note
        );
        wrap(s, "  FAIL ", "      ", &line);
    }
}

/// What `conformance run --quiet` prints: each backend's verdict line and its failing cases.
pub fn verdicts(report: &Report) -> String {
    let mut s = String::new();
    for b in &report.backends {
        verdict(&mut s, b);
    }
    s
}

/// The terminal report, in lines of at most [`TEXT_WIDTH`] characters: per backend its
/// provenance, a table (rows: ops, columns: input dtypes; a cell is `max ULP/limit`,
/// `max error/bound` (`b`) or the number of exact mismatches (`x`), with the verdict), the
/// verdict line, every failure in detail and the pitfall scenarios; then the cross-backend
/// differences.
pub fn text(report: &Report) -> String {
    let mut s = String::new();
    for sk in &report.skipped {
        wrap(
            &mut s,
            &format!("skipped backend {}: ", sk.backend),
            "  ",
            &sk.reason,
        );
    }
    for b in &report.backends {
        let p = &b.run.provenance;
        s.push('\n');
        wrap(
            &mut s,
            "== ",
            "   ",
            &format!("{} {} on {} ==", p.backend, p.version, p.device),
        );
        wrap(
            &mut s,
            "   ",
            "   ",
            &format!(
                "ABI {}, {}, math {}, denormals {}, BLAS {}",
                p.abi,
                p.origin,
                p.math_mode,
                p.denormals,
                p.blas.as_deref().unwrap_or("none")
            ),
        );
        table(&mut s, &b.run.results);
        verdict(&mut s, b);
        for sc in &b.pitfalls {
            wrap(&mut s, "  pitfall: ", "    ", &sc.title);
            for row in &sc.rows {
                let _ = writeln!(
                    s,
                    "    {:<52} {:>24.16e}  rel.err {:.2e}",
                    row.method, row.value, row.rel_err
                );
            }
        }
    }
    if !report.cross_backend.is_empty() {
        let _ = writeln!(
            s,
            "\ncross-backend: largest difference per op and dtype (in representable values)"
        );
        for c in report.cross_backend.iter().filter(|c| c.max_ulps_apart > 0) {
            wrap(
                &mut s,
                "  ",
                "      ",
                &format!(
                    "{:<14} {:<5} {} vs {}: {} apart ({}), closer to the reference: {}",
                    c.op, c.dtype, c.a, c.b, c.max_ulps_apart, c.case, c.closer
                ),
            );
        }
    }
    s
}

/// A Markdown rendering of the table and the pitfalls (for `docs/precision.md`).
pub fn markdown(report: &Report) -> String {
    let mut s = String::new();
    for b in &report.backends {
        let p = &b.run.provenance;
        let _ = writeln!(s, "### {} — {}\n", p.backend, p.device);
        let _ = writeln!(
            s,
            "ABI {}, math mode {}, denormals {}, BLAS {}, reduction: {}. {} pass, {} fail, {} known deviations, {} unsupported.\n",
            p.abi,
            p.math_mode,
            p.denormals,
            p.blas.as_deref().unwrap_or("none"),
            p.reduction,
            b.summary["pass"],
            b.summary["fail"],
            b.summary["known"],
            b.summary["unsupported"]
        );
        let w = worst_by_op_dtype(&b.run.results);
        let dtypes: Vec<DType> = DType::ALL
            .into_iter()
            .filter(|d| w.keys().any(|(_, x)| x == d))
            .collect();
        let _ = writeln!(
            s,
            "| op | {} |",
            dtypes
                .iter()
                .map(|d| d.name())
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(s, "|---|{}", "---|".repeat(dtypes.len()));
        let mut ops: Vec<&String> = w.keys().map(|(o, _)| o).collect();
        ops.dedup();
        for op in ops {
            let cells: Vec<String> = dtypes
                .iter()
                .map(|d| {
                    w.get(&(op.clone(), *d))
                        .map(|r| cell(r))
                        .unwrap_or_else(|| "-".into())
                })
                .collect();
            let _ = writeln!(s, "| {op} | {} |", cells.join(" | "));
        }
        s.push('\n');
        for sc in &b.pitfalls {
            if sc.rows.is_empty() {
                continue;
            }
            let _ = writeln!(s, "**{}** (exact {:.10e})\n", sc.title, sc.exact);
            let _ = writeln!(s, "| method | value | relative error |\n|---|---|---|");
            for r in &sc.rows {
                let _ = writeln!(s, "| {} | {:.10e} | {:.2e} |", r.method, r.value, r.rel_err);
            }
            s.push('\n');
        }
    }
    s
}

/// The JSON report.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn color(r: &CaseResult) -> &'static str {
    match r.verdict {
        Verdict::Unsupported => "#d0d0d0",
        Verdict::Fail => "#d7301f",
        Verdict::Known => "#fdae6b",
        Verdict::Pass => {
            let q = if r.limit > 0.0 {
                r.max_err / r.limit
            } else {
                0.0
            };
            if q <= 0.25 {
                "#1a9850"
            } else if q <= 0.75 {
                "#91cf60"
            } else {
                "#d9ef8b"
            }
        }
    }
}

fn heat_map(b: &BackendReport) -> String {
    let w = worst_by_op_dtype(&b.run.results);
    let dtypes: Vec<DType> = DType::ALL
        .into_iter()
        .filter(|d| w.keys().any(|(_, x)| x == d))
        .collect();
    let mut ops: Vec<&String> = w.keys().map(|(o, _)| o).collect();
    ops.dedup();
    let (cw, ch, left, top) = (46, 13, 110, 20);
    let mut s = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' font-size='10' font-family='sans-serif'>",
        left + cw * dtypes.len() + 10,
        top + ch * ops.len() + 10
    );
    for (j, d) in dtypes.iter().enumerate() {
        let _ = write!(
            s,
            "<text x='{}' y='14' text-anchor='middle'>{}</text>",
            left + j * cw + cw / 2,
            d.name()
        );
    }
    for (i, op) in ops.iter().enumerate() {
        let y = top + i * ch;
        let _ = write!(
            s,
            "<text x='{}' y='{}' text-anchor='end'>{}</text>",
            left - 4,
            y + 10,
            esc(op)
        );
        for (j, d) in dtypes.iter().enumerate() {
            if let Some(r) = w.get(&((*op).clone(), *d)) {
                let _ = write!(
                    s,
                    "<rect x='{}' y='{y}' width='{}' height='{}' fill='{}'><title>{}: {} {:.3} (limit {}) {}</title></rect>",
                    left + j * cw,
                    cw - 1,
                    ch - 1,
                    color(r),
                    esc(&r.id),
                    r.metric,
                    r.max_err,
                    r.limit,
                    verdict_name(r.verdict)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

fn histogram(title: &str, counts: &[u64], edges: &[f64]) -> String {
    let total: u64 = counts.iter().sum::<u64>().max(1);
    let (w, h, bw) = (190, 90, 24);
    let mut s = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' font-size='8' font-family='sans-serif'>"
    );
    let _ = write!(s, "<text x='2' y='9' font-size='9'>{}</text>", esc(title));
    for (i, &c) in counts.iter().enumerate() {
        // Log-scaled bar height so rare large errors stay visible.
        let frac = if c == 0 {
            0.0
        } else {
            (1.0 + (c as f64).log10()) / (1.0 + (total as f64).log10())
        };
        let bh = (frac * 55.0) as usize;
        let x = 4 + i * (bw + 2);
        let fill = if i >= 3 { "#d7301f" } else { "#4575b4" };
        let _ = write!(
            s,
            "<rect x='{x}' y='{}' width='{bw}' height='{bh}' fill='{fill}'><title>{c}</title></rect>",
            70 - bh
        );
        let label = if i < edges.len() {
            format!("≤{}", trim(edges[i]))
        } else {
            format!(">{}", trim(edges[edges.len() - 1]))
        };
        let _ = write!(
            s,
            "<text x='{}' y='82' text-anchor='middle'>{label}</text>",
            x + bw / 2
        );
    }
    s.push_str("</svg>");
    s
}

fn scatter(title: &str, pts: &[(DType, [f64; 2])]) -> String {
    let (w, h) = (260, 150);
    let pts: Vec<&(DType, [f64; 2])> = pts
        .iter()
        .filter(|(_, p)| p[0] > 0.0 && p[0].is_finite())
        .collect();
    let mut s = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' font-size='8' font-family='sans-serif'>"
    );
    let _ = write!(s, "<text x='2' y='9' font-size='9'>{}</text>", esc(title));
    if pts.is_empty() {
        s.push_str("</svg>");
        return s;
    }
    let lx: Vec<f64> = pts.iter().map(|(_, p)| p[0].log10()).collect();
    let (x0, x1) = (
        lx.iter().copied().fold(f64::INFINITY, f64::min),
        lx.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let ymax = pts.iter().map(|(_, p)| p[1]).fold(0.5f64, f64::max);
    let (pl, pr, pt, pb) = (28.0, 8.0, 14.0, 20.0);
    let sx = |x: f64| pl + (x - x0) / (x1 - x0).max(1e-9) * (w as f64 - pl - pr);
    let sy = |y: f64| h as f64 - pb - y / ymax * (h as f64 - pt - pb);
    let _ = write!(
        s,
        "<line x1='{pl}' y1='{}' x2='{}' y2='{}' stroke='#888'/>",
        sy(0.0),
        w as f64 - pr,
        sy(0.0)
    );
    let _ = write!(
        s,
        "<text x='2' y='{}'>{:.2}</text><text x='2' y='{}'>0</text>",
        pt + 6.0,
        ymax,
        sy(0.0)
    );
    let _ = write!(
        s,
        "<text x='{pl}' y='{}'>1e{:.0}</text><text x='{}' y='{}' text-anchor='end'>1e{:.0} |x|</text>",
        h - 4,
        x0,
        w as f64 - pr,
        h - 4,
        x1
    );
    let palette = |d: DType| match d {
        DType::F16 => "#e66101",
        DType::BF16 => "#fdb863",
        DType::F32 => "#5e3c99",
        _ => "#1b7837",
    };
    for ((d, p), x) in pts.iter().zip(&lx) {
        let _ = write!(
            s,
            "<circle cx='{:.1}' cy='{:.1}' r='1.6' fill='{}' fill-opacity='0.6'/>",
            sx(*x),
            sy(p[1]),
            palette(*d)
        );
    }
    s.push_str("</svg>");
    s
}

/// The HTML report: provenance, summary, heat map, per-op error histograms, error versus
/// input magnitude, failures, cross-backend differences and the pitfall scenarios.
pub fn html(report: &Report) -> String {
    let mut s = String::from(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Conformance report</title><style>\
         body{font-family:sans-serif;max-width:1200px;margin:1em auto;color:#222}\
         table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}\
         .grid{display:flex;flex-wrap:wrap;gap:6px}.fail{color:#d7301f;font-weight:bold}\
         </style></head><body>",
    );
    let _ = write!(
        s,
        "<h1>Conformance report</h1><p>{} · schema {} · seed {} · {}</p>",
        esc(&report.generated_by),
        SCHEMA,
        report.seed,
        if report.quick {
            "quick run"
        } else {
            "full run"
        }
    );
    s.push_str("<p>Each result is graded against an independent reference: float64 arithmetic for f16/bf16/f32 \
                results, a 320-bit multi-precision oracle for f64. Elementwise ops are graded in ULPs of the output \
                dtype; reductions, softmax and matmul against a condition-aware error bound (a ratio ≤ 1 passes). \
                Colours: dark green ≤ ¼ of the limit, light green ≤ ¾, yellow ≤ limit, orange known deviation, \
                red failure, grey unsupported.</p>");
    for sk in &report.skipped {
        let _ = write!(
            s,
            "<p>Skipped <b>{}</b>: {}</p>",
            esc(&sk.backend),
            esc(&sk.reason)
        );
    }
    for b in &report.backends {
        let p = &b.run.provenance;
        let _ = write!(
            s,
            "<h2>{} — {}</h2><table>",
            esc(&p.backend),
            esc(&p.device)
        );
        let mut rows = vec![
            ("version", p.version.clone()),
            ("origin", p.origin.clone()),
            ("ABI", p.abi.clone()),
            ("math mode", p.math_mode.clone()),
            ("denormals", p.denormals.clone()),
            ("reduction", p.reduction.clone()),
            ("BLAS", p.blas.clone().unwrap_or_else(|| "none".into())),
        ];
        rows.extend(p.extra.iter().map(|(k, v)| (k.as_str(), v.clone())));
        for (k, v) in rows {
            let _ = write!(s, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
        }
        let _ = write!(
            s,
            "</table><p>{} pass, <span class='fail'>{} fail</span>, {} known deviations, {} unsupported; {:.1} s</p>",
            b.summary["pass"],
            b.summary["fail"],
            b.summary["known"],
            b.summary["unsupported"],
            b.run.seconds
        );
        s.push_str("<h3>Heat map: worst case per op and input dtype</h3>");
        s.push_str(&heat_map(b));
        // Histograms per op, over float outputs.
        s.push_str("<h3>Error histograms per op (all float dtypes and families; log-scaled bars)</h3><div class='grid'>");
        let mut by_op: BTreeMap<(String, String), Vec<u64>> = BTreeMap::new();
        for r in b.run.results.iter().filter(|r| !r.hist.is_empty()) {
            let e = by_op
                .entry((r.op.clone(), r.metric.clone()))
                .or_insert_with(|| vec![0; r.hist.len()]);
            for (a, c) in e.iter_mut().zip(&r.hist) {
                *a += c;
            }
        }
        for ((op, metric), counts) in &by_op {
            let (edges, unit) = if metric == "ulp" {
                (&HIST_EDGES_ULP[..], "ULP")
            } else {
                (&HIST_EDGES_BOUND[..], "err/bound")
            };
            s.push_str(&histogram(&format!("{op} ({unit})"), counts, edges));
        }
        s.push_str("</div><h3>Error (ULP) versus input magnitude</h3><p>f16 orange, bf16 light orange, f32 purple, f64 green.</p><div class='grid'>");
        let mut pts: BTreeMap<String, Vec<(DType, [f64; 2])>> = BTreeMap::new();
        for r in b.run.results.iter().filter(|r| {
            r.metric == "ulp" && r.family == "typical" && crate::run::is_transcendental(&r.op)
        }) {
            let d = r.out_dtype.unwrap_or(r.dtype);
            pts.entry(r.op.clone())
                .or_default()
                .extend(r.samples.iter().map(|p| (d, *p)));
        }
        for (op, p) in &pts {
            s.push_str(&scatter(op, p));
        }
        s.push_str("</div>");
        let fails: Vec<&CaseResult> = b
            .run
            .results
            .iter()
            .filter(|r| r.verdict == Verdict::Fail || r.verdict == Verdict::Known)
            .collect();
        if !fails.is_empty() {
            s.push_str("<h3>Failures and known deviations</h3><table><tr><th>case</th><th>metric</th><th>max</th><th>limit</th><th>NaN/inf/-0</th><th>worst</th><th>note</th></tr>");
            for r in fails {
                let worst = r
                    .worst
                    .as_ref()
                    .map(|w| format!("[{}] got {:e} want {:e}", w.index, w.got, w.want))
                    .unwrap_or_default();
                let _ = write!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td>{:.3}</td><td>{}</td><td>{}/{}/{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&r.id),
                    r.metric,
                    r.max_err,
                    r.limit,
                    r.nan_mismatch,
                    r.inf_mismatch,
                    r.zero_sign_mismatch,
                    esc(&worst),
                    esc(&r.note)
                );
            }
            s.push_str("</table>");
        }
        s.push_str("<h3>Pitfalls, with numbers</h3>");
        for sc in &b.pitfalls {
            let _ = write!(
                s,
                "<h4>{}</h4><p>{}</p>",
                esc(&sc.title),
                esc(&sc.explanation)
            );
            if !sc.rows.is_empty() {
                let _ = write!(
                    s,
                    "<table><tr><th>method</th><th>value</th><th>relative error</th></tr><tr><td>exact</td><td>{:.17e}</td><td></td></tr>",
                    sc.exact
                );
                for r in &sc.rows {
                    let _ = write!(
                        s,
                        "<tr><td>{}</td><td>{:.17e}</td><td>{:.2e}</td></tr>",
                        esc(&r.method),
                        r.value,
                        r.rel_err
                    );
                }
                s.push_str("</table>");
            }
        }
    }
    if !report.cross_backend.is_empty() {
        s.push_str("<h2>Cross-backend differences</h2><table><tr><th>op</th><th>dtype</th><th>backends</th><th>max apart (values)</th><th>case</th><th>closer to reference</th></tr>");
        for c in &report.cross_backend {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{} vs {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.op),
                c.dtype,
                esc(&c.a),
                esc(&c.b),
                c.max_ulps_apart,
                esc(&c.case),
                esc(&c.closer)
            );
        }
        s.push_str("</table>");
    }
    s.push_str("</body></html>\n");
    s
}
