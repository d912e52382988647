//! The bench report as Markdown tables (printed on the terminal) and as a self-contained
//! HTML page with hand-written log-log SVG plots (no script, no external resource).

use super::{BenchReport, CrossoverStatus, Family, Mode, Point};
use std::fmt::Write;

/// A duration in engineering units (`1.23 ms`).
pub fn fmt_time(s: f64) -> String {
    if !s.is_finite() {
        return "-".into();
    }
    if s < 1e-6 {
        format!("{:.0} ns", s * 1e9)
    } else if s < 1e-3 {
        format!("{:.2} us", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

/// An element count in short form (`3e6`, `1e7`, `3162x3162` is left to the shape).
pub fn fmt_numel(n: usize) -> String {
    if n < 1000 {
        return n.to_string();
    }
    let e = (n as f64).log10().floor() as i32;
    if n as f64 % 10f64.powi(e) == 0.0 {
        format!("{}e{e}", n as f64 / 10f64.powi(e))
    } else {
        format!("{:.2e}", n as f64)
    }
}

fn fmt_shape(shape: &[usize]) -> String {
    if shape.len() == 1 {
        fmt_numel(shape[0])
    } else {
        shape
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("x")
    }
}

/// `1.23 ms ±4%`: the median and half the interquartile range relative to it.
fn cell(p: Option<&Point>) -> String {
    match p {
        Some(Point { stats: Some(s), .. }) => {
            let half_iqr = (s.p75_s - s.p25_s) / 2.0 / s.median_s * 100.0;
            format!(
                "{} ±{:.0}%{}",
                fmt_time(s.median_s),
                half_iqr,
                if s.capped { " (1 call)" } else { "" }
            )
        }
        Some(Point { error: Some(_), .. }) => "n/a".into(),
        _ => "-".into(),
    }
}

/// The status of a crossover in words.
fn crossover_words(c: &super::Crossover) -> String {
    match c.status {
        CrossoverStatus::Above => format!(
            "≈ {} (faster from {}, slower at {})",
            fmt_numel(c.estimate_numel.unwrap_or(f64::NAN).round() as usize),
            fmt_numel(c.first_faster_numel.unwrap_or(0)),
            fmt_numel(c.last_slower_numel.unwrap_or(0))
        ),
        CrossoverStatus::Always => format!(
            "faster at every size from {}",
            fmt_numel(c.first_faster_numel.unwrap_or(0))
        ),
        CrossoverStatus::Never => format!(
            "never up to {} ({:.2}x the CPU's time there)",
            fmt_numel(c.max_common_numel.unwrap_or(0)),
            c.ratio_at_max.unwrap_or(f64::NAN)
        ),
        CrossoverStatus::NoData => "no common size measured".into(),
    }
}

fn find(points: &[Point], f: Family, m: Mode, numel: usize) -> Option<&Point> {
    points
        .iter()
        .find(|p| p.family == f && p.mode == m && p.numel == numel)
}

/// Distinct (numel, shape) of a family over every backend and NumPy, ascending.
fn numels(r: &BenchReport, f: Family) -> Vec<(usize, Vec<usize>)> {
    let mut v: Vec<(usize, Vec<usize>)> = r
        .backends
        .iter()
        .flat_map(|b| b.points.iter())
        .chain(r.numpy.iter().flat_map(|n| n.points.iter()))
        .filter(|p| p.family == f)
        .map(|p| (p.numel, p.shape.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// NumPy time / backend time (> 1: the backend is faster), resident mode.
fn vs_numpy(r: &BenchReport, b: &super::BackendBench, f: Family, numel: usize) -> Option<f64> {
    let np = r.numpy_median(f, numel)?;
    Some(np / b.point(f, Mode::Resident, numel)?.median_s)
}

fn md_table(out: &mut String, head: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
}

/// Rows of the fixed-cost and transfer table.
fn cost_rows(r: &BenchReport) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "backend",
        "device",
        "fixed cost (add, 1 element), resident",
        "fixed cost, with transfer",
        "upload",
        "download",
        "upload latency (4 B)",
        "download latency (4 B)",
    ]
    .map(String::from)
    .to_vec();
    let rows = r
        .backends
        .iter()
        .map(|b| {
            let mut row = vec![
                b.label.clone(),
                b.device.clone(),
                b.fixed_cost_resident_s.map_or("-".into(), fmt_time),
                b.fixed_cost_with_transfer_s.map_or("-".into(), fmt_time),
            ];
            match &b.transfer {
                Some(t) => row.extend([
                    format!(
                        "{:.2} GB/s ({} MB)",
                        t.upload_bytes_per_s / 1e9,
                        t.bytes >> 20
                    ),
                    format!("{:.2} GB/s", t.download_bytes_per_s / 1e9),
                    fmt_time(t.upload_latency_s),
                    fmt_time(t.download_latency_s),
                ]),
                None => row.extend([
                    format!(
                        "not measured: {}",
                        b.transfer_error.as_deref().unwrap_or("?")
                    ),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                ]),
            }
            row
        })
        .collect();
    (head, rows)
}

fn crossover_rows(r: &BenchReport) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "family",
        "backend",
        "resident (vs CPU resident)",
        "with transfer (vs CPU resident)",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for &f in &r.settings.families {
        let compared = r.backends.iter().filter(|b| {
            r.crossovers
                .iter()
                .any(|c| c.backend == b.label && c.baseline != b.label)
        });
        for b in compared {
            let get = |m: Mode| {
                r.crossovers
                    .iter()
                    .find(|c| c.family == f && c.mode == m && c.backend == b.label)
                    .map_or("-".into(), crossover_words)
            };
            rows.push(vec![
                f.id().into(),
                b.label.clone(),
                get(Mode::Resident),
                get(Mode::WithTransfer),
            ]);
        }
    }
    (head, rows)
}

fn family_rows(r: &BenchReport, f: Family) -> (Vec<String>, Vec<Vec<String>>) {
    let mut head = vec!["size".to_string()];
    for b in &r.backends {
        head.push(format!("{} resident", b.label));
        head.push(format!("{} with transfer", b.label));
    }
    if r.numpy.is_some() {
        head.push("NumPy".into());
        for b in &r.backends {
            head.push(format!("{} x NumPy", b.label));
        }
    }
    let mut rows = Vec::new();
    for (numel, shape) in numels(r, f) {
        let mut row = vec![fmt_shape(&shape)];
        for b in &r.backends {
            for m in Mode::ALL {
                row.push(cell(find(&b.points, f, m, numel)));
            }
        }
        if let Some(np) = &r.numpy {
            row.push(cell(find(&np.points, f, Mode::Resident, numel)));
            for b in &r.backends {
                row.push(vs_numpy(r, b, f, numel).map_or("-".into(), |x| format!("{x:.2}x")));
            }
        }
        rows.push(row);
    }
    (head, rows)
}

/// Caveats that change how the figures read.
fn warnings(r: &BenchReport) -> Vec<String> {
    r.backends
        .iter()
        .filter(|b| !b.synchronize)
        .map(|b| {
            format!(
                "{} is an ABI {} plugin without synchronize: if it computes asynchronously, its \
                 resident times measure enqueueing, not computing (rebuild it)",
                b.label, b.abi
            )
        })
        .collect()
}

/// The terminal report (Markdown tables).
pub fn text(r: &BenchReport) -> String {
    let mut s = String::new();
    let m = &r.machine;
    let _ = writeln!(
        s,
        "conformance bench: {} · {} CPUs · load average {} -> {}{}\n",
        m.cpu.as_deref().unwrap_or("unknown CPU"),
        m.nproc,
        m.load_average[0].map_or("?".into(), |x| format!("{x:.2}")),
        m.load_average[1].map_or("?".into(), |x| format!("{x:.2}")),
        if r.quick { " · quick run" } else { "" }
    );
    for sk in &r.skipped {
        let _ = writeln!(s, "skipped {}: {}", sk.backend, sk.reason);
    }
    for w in warnings(r) {
        let _ = writeln!(s, "warning: {w}");
    }
    if !r.skipped.is_empty() || !warnings(r).is_empty() {
        s.push('\n');
    }
    s.push_str("Per-call fixed cost and host<->device transfer:\n\n");
    let (h, rows) = cost_rows(r);
    md_table(&mut s, &h, &rows);
    for &f in &r.settings.families {
        let _ = writeln!(
            s,
            "\n{} — {} (median per call ±half the interquartile range{}):\n",
            f.id(),
            f.describe(),
            if r.numpy.is_some() {
                "; x NumPy = NumPy time / backend resident time, > 1: faster than NumPy"
            } else {
                ""
            }
        );
        let (h, rows) = family_rows(r, f);
        md_table(&mut s, &h, &rows);
    }
    if r.crossovers.is_empty() {
        s.push_str("\nNo crossover: only one backend, or no cpu backend, was benched.\n");
    } else {
        s.push_str("\nCrossover: the size (elements per input) from which the backend is faster than the CPU backend:\n\n");
        let (h, rows) = crossover_rows(r);
        md_table(&mut s, &h, &rows);
    }
    // Not measured, grouped by series and reason: (who, family, mode, reason) -> shapes.
    type Series = (String, Family, Mode, String);
    let mut errors: Vec<(Series, Vec<String>)> = Vec::new();
    let all = r
        .backends
        .iter()
        .flat_map(|b| b.points.iter().map(move |p| (b.label.clone(), p)))
        .chain(
            r.numpy
                .iter()
                .flat_map(|n| n.points.iter().map(|p| ("numpy".to_string(), p))),
        );
    for (who, p) in all {
        if let Some(e) = &p.error {
            let key = (who, p.family, p.mode, e.clone());
            match errors.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(fmt_shape(&p.shape)),
                None => errors.push((key, vec![fmt_shape(&p.shape)])),
            }
        }
    }
    if !errors.is_empty() {
        s.push_str("\nNot measured:\n");
        for ((who, f, m, e), shapes) in errors {
            let _ = writeln!(
                s,
                "  {who} {} {} at {}: {e}",
                f.id(),
                m.id(),
                shapes.join(", ")
            );
        }
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
}

const PALETTE: [&str; 6] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
];

/// One series of a plot: label, colour, dashed, (numel, seconds) points.
struct Series {
    label: String,
    color: &'static str,
    dashed: bool,
    pts: Vec<(f64, f64)>,
}

/// Log-log time-vs-size plot of one family.
fn plot(title: &str, series: &[Series]) -> String {
    let (w, h) = (640.0, 380.0);
    let (pl, pr, pt, pb) = (70.0, 190.0, 24.0, 40.0);
    let all: Vec<(f64, f64)> = series
        .iter()
        .flat_map(|s| s.pts.iter().copied())
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .collect();
    let mut s = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' font-size='11' font-family='sans-serif'>\
         <text x='{pl}' y='15' font-size='13' font-weight='bold'>{}</text>",
        esc(title)
    );
    if all.is_empty() {
        s.push_str("<text x='70' y='60'>no data</text></svg>");
        return s;
    }
    let lx = |v: f64| v.log10();
    let fold = |f: fn(f64, f64) -> f64, init: f64, sel: fn(&(f64, f64)) -> f64| {
        all.iter().map(sel).fold(init, f)
    };
    let x0 = lx(fold(f64::min, f64::INFINITY, |p| p.0)).floor();
    let x1 = lx(fold(f64::max, 0.0, |p| p.0)).ceil().max(x0 + 1.0);
    let y0 = lx(fold(f64::min, f64::INFINITY, |p| p.1)).floor();
    let y1 = lx(fold(f64::max, 0.0, |p| p.1)).ceil().max(y0 + 1.0);
    let sx = |x: f64| pl + (lx(x) - x0) / (x1 - x0) * (w - pl - pr);
    let sy = |y: f64| h - pb - (lx(y) - y0) / (y1 - y0) * (h - pt - pb);
    // Grid and axis labels at every decade.
    for e in (x0 as i32)..=(x1 as i32) {
        let x = sx(10f64.powi(e));
        let _ = write!(
            s,
            "<line x1='{x:.1}' y1='{pt}' x2='{x:.1}' y2='{}' stroke='#ddd'/>\
             <text x='{x:.1}' y='{}' text-anchor='middle'>1e{e}</text>",
            h - pb,
            h - pb + 14.0
        );
    }
    for e in (y0 as i32)..=(y1 as i32) {
        let y = sy(10f64.powi(e));
        let _ = write!(
            s,
            "<line x1='{pl}' y1='{y:.1}' x2='{}' y2='{y:.1}' stroke='#ddd'/>\
             <text x='{}' y='{:.1}' text-anchor='end'>{}</text>",
            w - pr,
            pl - 4.0,
            y + 4.0,
            decade_label(e)
        );
    }
    let _ = write!(
        s,
        "<text x='{:.1}' y='{}' text-anchor='middle'>elements per input</text>\
         <text x='11' y='{:.1}' transform='rotate(-90 11 {:.1})' text-anchor='middle'>time per call</text>",
        pl + (w - pl - pr) / 2.0,
        h - 6.0,
        pt + (h - pt - pb) / 2.0,
        pt + (h - pt - pb) / 2.0
    );
    for (i, se) in series.iter().enumerate() {
        let pts: Vec<&(f64, f64)> = se
            .pts
            .iter()
            .filter(|(x, y)| *x > 0.0 && *y > 0.0)
            .collect();
        let dash = if se.dashed {
            " stroke-dasharray='6 4'"
        } else {
            ""
        };
        if pts.len() > 1 {
            let path: Vec<String> = pts
                .iter()
                .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
                .collect();
            let _ = write!(
                s,
                "<polyline points='{}' fill='none' stroke='{}' stroke-width='1.8'{dash}/>",
                path.join(" "),
                se.color
            );
        }
        for (x, y) in &pts {
            let _ = write!(
                s,
                "<circle cx='{:.1}' cy='{:.1}' r='2.5' fill='{}'><title>{}: {} elements, {}</title></circle>",
                sx(*x),
                sy(*y),
                se.color,
                esc(&se.label),
                x,
                esc(&fmt_time(*y))
            );
        }
        let ly = pt + 8.0 + i as f64 * 16.0;
        let lx0 = w - pr + 10.0;
        let _ = write!(
            s,
            "<line x1='{lx0}' y1='{ly}' x2='{}' y2='{ly}' stroke='{}' stroke-width='2'{dash}/>\
             <text x='{}' y='{}'>{}</text>",
            lx0 + 24.0,
            se.color,
            lx0 + 28.0,
            ly + 4.0,
            esc(&se.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// `10^e` seconds as a short axis label (`100 ns`, `1 ms`, `10 s`).
fn decade_label(e: i32) -> String {
    let (unit, base) = match e {
        ..=-7 => ("ns", -9),
        -6..=-4 => ("us", -6),
        -3..=-1 => ("ms", -3),
        _ => ("s", 0),
    };
    format!("{} {unit}", 10u64.pow((e - base).max(0) as u32))
}

fn html_table(s: &mut String, head: &[String], rows: &[Vec<String>]) {
    s.push_str("<table><tr>");
    for h in head {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr>");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            let _ = write!(s, "<td>{}</td>", esc(c));
        }
        s.push_str("</tr>");
    }
    s.push_str("</table>");
}

/// The HTML page: provenance, fixed costs and bandwidths, crossovers, then per family a
/// log-log plot (one line per backend and mode, NumPy in black) and its table.
pub fn html(r: &BenchReport) -> String {
    let mut s = String::from(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bench report</title><style>\
         body{font-family:sans-serif;max-width:1250px;margin:1em auto;color:#222}\
         table{border-collapse:collapse;font-size:12px;margin:6px 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}\
         code{background:#f4f4f4}</style></head><body>",
    );
    let m = &r.machine;
    let _ = write!(
        s,
        "<h1>Bench report</h1><p>{} · schema {} · {}</p><p><code>{}</code></p>\
         <p>Machine: {} · {} CPUs · {} MB available at start · load average {} at start, {} at end.</p>",
        esc(&r.generated_by),
        super::SCHEMA,
        if r.quick { "quick run" } else { "full run" },
        esc(&r.command),
        esc(m.cpu.as_deref().unwrap_or("unknown CPU")),
        m.nproc,
        m.mem_available_bytes
            .map_or("?".into(), |b| (b >> 20).to_string()),
        m.load_average[0].map_or("?".into(), |x| format!("{x:.2}")),
        m.load_average[1].map_or("?".into(), |x| format!("{x:.2}")),
    );
    s.push_str(
        "<p>Median time per call over repeated samples (± half the interquartile range). \
         <b>resident</b>: inputs already on the device, op + synchronize. <b>with transfer</b>: \
         upload of the inputs + op + download of the result. Crossovers compare each backend \
         against the CPU backend's resident time. <b>x NumPy</b> = NumPy time / backend resident \
         time (&gt; 1: faster than NumPy), NumPy timed on the same shapes and dtypes in the same run.</p>",
    );
    if let Some(np) = &r.numpy {
        let _ = write!(
            s,
            "<p>NumPy {} on Python {} (<code>{}</code>).</p>",
            esc(&np.numpy),
            esc(&np.python),
            esc(&np.python_exe)
        );
    }
    for w in warnings(r) {
        let _ = write!(s, "<p><b>Warning</b>: {}</p>", esc(&w));
    }
    for sk in &r.skipped {
        let _ = write!(
            s,
            "<p>Skipped <b>{}</b>: {}</p>",
            esc(&sk.backend),
            esc(&sk.reason)
        );
    }
    s.push_str("<h2>Fixed cost and transfer</h2>");
    let (h, rows) = cost_rows(r);
    html_table(&mut s, &h, &rows);
    s.push_str("<h2>Crossover against the CPU backend</h2>");
    if r.crossovers.is_empty() {
        s.push_str("<p>Only one backend, or no cpu backend, was benched.</p>");
    } else {
        let (h, rows) = crossover_rows(r);
        html_table(&mut s, &h, &rows);
    }
    for &f in &r.settings.families {
        let _ = write!(s, "<h2>{}</h2><p>{}</p>", f.id(), esc(f.describe()));
        let mut series = Vec::new();
        for (i, b) in r.backends.iter().enumerate() {
            for m in Mode::ALL {
                series.push(Series {
                    label: format!("{} {}", b.label, m.id().replace('_', " ")),
                    color: PALETTE[i % PALETTE.len()],
                    dashed: m == Mode::WithTransfer,
                    pts: b
                        .points
                        .iter()
                        .filter(|p| p.family == f && p.mode == m)
                        .filter_map(|p| Some((p.numel as f64, p.stats.as_ref()?.median_s)))
                        .collect(),
                });
            }
        }
        if let Some(np) = &r.numpy {
            series.push(Series {
                label: format!("NumPy {}", np.numpy),
                color: "#000000",
                dashed: false,
                pts: np
                    .points
                    .iter()
                    .filter(|p| p.family == f)
                    .filter_map(|p| Some((p.numel as f64, p.stats.as_ref()?.median_s)))
                    .collect(),
            });
        }
        s.push_str(&plot(&format!("{} — time per call", f.id()), &series));
        let (h, rows) = family_rows(r, f);
        html_table(&mut s, &h, &rows);
    }
    s.push_str("</body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(decade_label(-9), "1 ns");
        assert_eq!(decade_label(-7), "100 ns");
        assert_eq!(decade_label(-6), "1 us");
        assert_eq!(decade_label(-1), "100 ms");
        assert_eq!(decade_label(1), "10 s");
        assert_eq!(fmt_numel(999), "999");
        assert_eq!(fmt_numel(3000), "3e3");
        assert_eq!(fmt_numel(10_000_000), "1e7");
        assert_eq!(fmt_numel(1024), "1.02e3");
        assert_eq!(fmt_numel(9_998_244), "1.00e7");
        assert_eq!(fmt_time(2.5e-7), "250 ns");
        assert_eq!(fmt_time(1.5e-3), "1.50 ms");
    }
}
