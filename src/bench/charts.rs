//! The report's charts as standalone SVG: req/s and start-up as bars with min–max whiskers,
//! memory as grouped bars, and each workload's latency percentile spectrum on log axes.

use std::fmt::Write as _;

use super::schema::{Results, StarterResult};
use super::stats::Spread;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 190.0;
const ROW: f64 = 22.0;
const COLORS: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// Escapes text for SVG and HTML.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every chart of a run: `(file name, svg)`.
pub(crate) fn all(r: &Results) -> Vec<(String, String)> {
    let measured: Vec<&StarterResult> = r.starters.iter().filter(|s| s.summary.is_some()).collect();
    let mut charts = Vec::new();
    let mut rows = Vec::new();
    for w in &r.settings.workloads {
        for s in &measured {
            if let Some(ws) = s
                .summary
                .iter()
                .flat_map(|x| &x.workloads)
                .find(|x| &x.workload == w)
            {
                rows.push((format!("{w}: {}", s.name), ws.rps));
            }
        }
    }
    charts.push((
        "rps.svg".into(),
        bars(
            "Requests per second (median, min–max whiskers)",
            "req/s",
            &rows,
        ),
    ));
    for w in &r.settings.workloads {
        let lines: Vec<(String, Vec<u64>)> = measured
            .iter()
            .filter_map(|s| {
                let ws = s
                    .summary
                    .as_ref()?
                    .workloads
                    .iter()
                    .find(|x| &x.workload == w)?;
                let l = ws.merged_latency_us;
                Some((s.name.clone(), vec![l.p50, l.p90, l.p99, l.p999, l.max]))
            })
            .collect();
        charts.push((
            format!("latency-{w}.svg"),
            spectrum(&format!("Latency percentiles, {w} (all rounds)"), &lines),
        ));
    }
    let mut memory = Vec::new();
    for s in &measured {
        let Some(sum) = &s.summary else { continue };
        let peak = sum
            .workloads
            .iter()
            .map(|w| w.peak_pss_kb)
            .max_by(|a, b| a.median.total_cmp(&b.median));
        for (what, v) in [
            ("idle", sum.idle_pss_kb),
            ("peak", peak),
            ("end", sum.end_pss_kb),
        ] {
            if let Some(v) = v {
                memory.push((format!("{}: {what}", s.name), scale(v, 1.0 / 1024.0)));
            }
        }
    }
    charts.push((
        "memory.svg".into(),
        bars("Memory, PSS of the process group", "MB", &memory),
    ));
    let startup: Vec<(String, Spread)> = measured
        .iter()
        .filter_map(|s| Some((s.name.clone(), s.summary.as_ref()?.startup_ms?)))
        .collect();
    charts.push((
        "startup.svg".into(),
        bars("Start-up, spawn to first healthy /health", "ms", &startup),
    ));
    charts
}

fn scale(s: Spread, k: f64) -> Spread {
    Spread {
        median: s.median * k,
        min: s.min * k,
        max: s.max * k,
    }
}

fn header(title: &str, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n<title>{t}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{t}</text>\n",
        t = escape(title)
    )
}

/// Horizontal bars at the median with a min–max whisker, one row per label.
pub(crate) fn bars(title: &str, unit: &str, rows: &[(String, Spread)]) -> String {
    let height = 60.0 + ROW * rows.len().max(1) as f64;
    let mut svg = header(title, height);
    let top = rows
        .iter()
        .map(|(_, s)| s.max)
        .fold(0.0, f64::max)
        .max(1e-9);
    let plot = WIDTH - LEFT - 80.0;
    let x = |v: f64| LEFT + v / top * plot;
    for (i, (label, s)) in rows.iter().enumerate() {
        let y = 36.0 + ROW * i as f64;
        let color = COLORS[i % COLORS.len()];
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n<rect class=\"bar\" x=\"{LEFT}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"/>\n<line class=\"whisker\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"black\"/>\n<text x=\"{:.1}\" y=\"{:.1}\">{:.1} {}</text>\n",
            LEFT - 6.0,
            y + 14.0,
            escape(label),
            y + 3.0,
            (x(s.median) - LEFT).max(0.5),
            ROW - 6.0,
            x(s.min),
            x(s.max),
            y + ROW / 2.0,
            y + ROW / 2.0,
            x(s.max) + 6.0,
            y + 14.0,
            s.median,
            escape(unit)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The percentile spectrum: x at -log10(1 - q) (p50, p90, p99, p99.9, then max), y on a log
/// scale of milliseconds; one line per starter.
pub(crate) fn spectrum(title: &str, lines: &[(String, Vec<u64>)]) -> String {
    let (height, bottom, plot_w) = (340.0, 290.0, WIDTH - 80.0 - 160.0);
    let mut svg = header(title, height);
    let all: Vec<f64> = lines
        .iter()
        .flat_map(|(_, v)| v.iter().map(|&u| (u.max(1)) as f64 / 1000.0))
        .collect();
    // Decades from the fastest to the slowest value; 0.1–10 ms when nothing was measured
    // (every starter failed), where folding nothing would give infinite bounds.
    let (lo, hi) = if all.is_empty() {
        (-1.0, 1.0)
    } else {
        let lo = all
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min)
            .max(0.001)
            .log10()
            .floor();
        let hi = all
            .iter()
            .copied()
            .fold(0.0, f64::max)
            .max(0.01)
            .log10()
            .ceil()
            .max(lo + 1.0);
        (lo, hi)
    };
    let xs = [0.301, 1.0, 2.0, 3.0, 4.0];
    let names = ["p50", "p90", "p99", "p99.9", "max"];
    let x = |i: usize| 70.0 + xs[i] / 4.0 * plot_w;
    let y = |ms: f64| bottom - (ms.max(1e-3).log10() - lo) / (hi - lo) * (bottom - 40.0);
    let mut decade = lo;
    while decade <= hi {
        let v = 10f64.powf(decade);
        let at = y(v);
        let _ = write!(
            svg,
            "<line x1=\"70\" x2=\"{:.1}\" y1=\"{at:.1}\" y2=\"{at:.1}\" stroke=\"#ddd\"/>\n<text x=\"64\" y=\"{:.1}\" text-anchor=\"end\">{} ms</text>\n",
            70.0 + plot_w,
            at + 4.0,
            if v < 1.0 {
                format!("{v}")
            } else {
                format!("{v:.0}")
            },
        );
        decade += 1.0;
    }
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
            x(i),
            bottom + 18.0
        );
    }
    for (k, (name, values)) in lines.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, &u)| format!("{:.1},{:.1}", x(i), y(u as f64 / 1000.0)))
            .collect();
        let _ = write!(
            svg,
            "<polyline class=\"series\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{color}\">{}</text>\n",
            points.join(" "),
            80.0 + plot_w,
            50.0 + 16.0 * k as f64,
            escape(name)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(median: f64) -> Spread {
        Spread {
            median,
            min: median * 0.9,
            max: median * 1.1,
        }
    }

    #[test]
    fn bars_draw_one_bar_and_whisker_per_row_and_escape_labels() {
        let svg = bars(
            "t",
            "req/s",
            &[("a<b".into(), s(10.0)), ("c".into(), s(20.0))],
        );
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        assert_eq!(svg.matches("class=\"whisker\"").count(), 2);
        assert!(svg.contains("a&lt;b") && svg.starts_with("<svg"));
        assert!(roundtrip_ok(&svg));
    }

    /// When every starter failed there is nothing to draw: the chart is still made, with
    /// axes and no line (its bounds were once infinite and the axis loop never ended).
    #[test]
    fn charts_without_measurements_are_empty_but_finite() {
        let svg = spectrum("Latency", &[]);
        assert!(roundtrip_ok(&svg));
        assert!(!svg.contains("<polyline"), "{svg}");
        assert_eq!(svg.matches(" ms</text>").count(), 3, "{svg}");
        let svg = bars("Requests", "req/s", &[]);
        assert!(roundtrip_ok(&svg));
    }

    #[test]
    fn spectrum_draws_one_line_per_starter_on_log_axes() {
        let svg = spectrum(
            "t",
            &[("x".into(), vec![900, 2_000, 9_000, 40_000, 200_000])],
        );
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains(">p99.9<") && svg.contains("100 ms"));
        assert!(roundtrip_ok(&svg));
    }

    /// Balanced tags, as a cheap well-formedness check.
    fn roundtrip_ok(svg: &str) -> bool {
        svg.matches("<svg").count() == svg.matches("</svg>").count()
            && svg.matches("<text").count() == svg.matches("</text>").count()
    }
}
