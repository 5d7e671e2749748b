//! Reading a `results.json` back: `bench report` renders it again, `bench compare` sets two
//! runs side by side with the overlap verdict and checks B's medians against A's ranges.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::schema::{OLDEST_READ, Results, SCHEMA_VERSION};
use super::stats::{Spread, rerun_inside_chance, verdict};
use super::{BenchError, report};

/// Reads a `results.json`, refusing a schema version this build does not know.
fn read(path: &Path) -> Result<Results, BenchError> {
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| BenchError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let found = value["schema_version"].as_u64().unwrap_or(0);
    if !(u64::from(OLDEST_READ)..=u64::from(SCHEMA_VERSION)).contains(&found) {
        return Err(BenchError::Schema {
            path: path.to_path_buf(),
            found,
            expected: SCHEMA_VERSION,
        });
    }
    serde_json::from_value(value).map_err(|e| BenchError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Renders the report files again next to `results_json`; returns their folder.
pub fn rerender(results_json: &Path) -> Result<PathBuf, BenchError> {
    let results = read(results_json)?;
    let dir = results_json
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    report::render(&dir, &results)?;
    Ok(dir)
}

fn delta(a: f64, b: f64) -> String {
    if a.abs() < f64::EPSILON {
        return "-".into();
    }
    format!("{:+.1}%", (b / a - 1.0) * 100.0)
}

/// A Markdown table of every starter and workload both runs measured: B against A.
pub fn compare(a_path: &Path, b_path: &Path) -> Result<String, BenchError> {
    let (a, b) = (read(a_path)?, read(b_path)?);
    let mut md = format!(
        "# scaffold bench compare\n\nA: {} ({})\nB: {} ({})\n\nB against A; a change counts only when the min–max ranges do not overlap.\n\n| starter | workload | req/s A | req/s B | change | verdict | p99 ms A | p99 ms B | change | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n",
        a_path.display(),
        a.started_at,
        b_path.display(),
        b.started_at
    );
    let show =
        |s: &Spread, k: f64| format!("{:.1} ({:.1}–{:.1})", s.median / k, s.min / k, s.max / k);
    let mut pairs = Vec::new();
    for sa in &a.starters {
        let Some(sb) = b.starters.iter().find(|s| s.name == sa.name) else {
            continue;
        };
        let (Some(suma), Some(sumb)) = (&sa.summary, &sb.summary) else {
            continue;
        };
        for wa in &suma.workloads {
            let Some(wb) = sumb.workloads.iter().find(|w| w.workload == wa.workload) else {
                continue;
            };
            let judge = |x: &Spread, y: &Spread| {
                if wa.rounds < 2 || wb.rounds < 2 {
                    "one round: no range to judge"
                } else {
                    verdict(x, y).words()
                }
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                sa.name,
                wa.workload,
                show(&wa.rps, 1.0),
                show(&wb.rps, 1.0),
                delta(wa.rps.median, wb.rps.median),
                judge(&wb.rps, &wa.rps),
                show(&wa.p99_us, 1000.0),
                show(&wb.p99_us, 1000.0),
                delta(wa.p99_us.median, wb.p99_us.median),
                judge(&wb.p99_us, &wa.p99_us),
            );
            let metrics: [(&'static str, f64, Spread, Spread); 3] = [
                ("req/s", 1.0, wa.rps, wb.rps),
                ("p50 ms", 1000.0, wa.p50_us, wb.p50_us),
                ("p99 ms", 1000.0, wa.p99_us, wb.p99_us),
            ];
            for (metric, unit, x, y) in metrics {
                pairs.push(Pair {
                    row: format!("{} {} {metric}", sa.name, wa.workload),
                    metric,
                    unit,
                    a: x,
                    a_rounds: wa.rounds,
                    b: y,
                    b_rounds: wb.rounds,
                });
            }
        }
    }
    if pairs.is_empty() {
        md.push_str("\nThe two runs measured no starter and workload in common.\n");
    } else {
        md.push_str(&rerun_check(&pairs));
    }
    Ok(md)
}

/// One metric of one starter and workload, as both runs measured it.
struct Pair {
    row: String,
    metric: &'static str,
    /// What the stored value is divided by for display (µs to ms).
    unit: f64,
    a: Spread,
    a_rounds: usize,
    b: Spread,
    b_rounds: usize,
}

/// Whether a rerun's medians fall inside the ranges the first run reported, against how many
/// would with nothing changed between the runs. A range of a few rounds is no promise that
/// every rerun lands in it; this says whether the misses are more than the rounds explain.
fn rerun_check(pairs: &[Pair]) -> String {
    // The examples come from the formula itself, so the text cannot drift from it.
    let pct = |n| rerun_inside_chance(n, n).map_or(0.0, |c| c * 100.0);
    let mut md = format!(
        "\n## Rerun check\n\nIs B's median inside A's min–max range? If nothing changed between the runs \
         (every round an independent draw), the expected count is the sum of each row's chance, \
         which depends only on the numbers of rounds: {:.0}% for 3 rounds against 3, {:.0}% for 5, \
         {:.0}% for 7.\n\n| metric | B's median inside A's range | expected if nothing changed |\n|---|---|---|\n",
        pct(3),
        pct(5),
        pct(7)
    );
    let judged: Vec<(&Pair, f64)> = pairs
        .iter()
        .filter(|p| p.a_rounds >= 2)
        .filter_map(|p| rerun_inside_chance(p.a_rounds, p.b_rounds).map(|c| (p, c)))
        .collect();
    let inside = |p: &Pair| p.a.min <= p.b.median && p.b.median <= p.a.max;
    // One table line over the judged rows that `keep` selects.
    let line = |name: &str, keep: &dyn Fn(&Pair) -> bool| {
        let rows: Vec<&(&Pair, f64)> = judged.iter().filter(|(p, _)| keep(p)).collect();
        let hits = rows.iter().filter(|(p, _)| inside(p)).count();
        let expected: f64 = rows.iter().map(|(_, c)| c).sum();
        let n = rows.len();
        format!(
            "| {name} | {hits} of {n} | {expected:.1} of {n} ({:.0}%) |\n",
            expected / n as f64 * 100.0
        )
    };
    let mut metrics: Vec<&str> = Vec::new();
    for (p, _) in &judged {
        if !metrics.contains(&p.metric) {
            metrics.push(p.metric);
        }
    }
    for metric in &metrics {
        md.push_str(&line(metric, &|p| p.metric == *metric));
    }
    if metrics.len() > 1 {
        md.push_str(&line("all", &|_| true));
    }
    let single = pairs.len() - judged.len();
    if judged.is_empty() {
        md.push_str("| - | no row of A has two rounds | - |\n");
    }
    if single > 0 {
        let _ = writeln!(
            md,
            "\n{single} row(s) where A measured one round have no range and are left out."
        );
    }
    let misses: Vec<String> = judged
        .iter()
        .filter(|(p, _)| !inside(p))
        .map(|(p, _)| {
            // Milliseconds get two decimals (sub-millisecond latencies), req/s one, as above.
            let d = if p.unit > 1.0 { 2 } else { 1 };
            format!(
                "- {}: {:.d$} against {:.d$}–{:.d$}",
                p.row,
                p.b.median / p.unit,
                p.a.min / p.unit,
                p.a.max / p.unit
            )
        })
        .collect();
    if !misses.is_empty() {
        let _ = writeln!(md, "\nOutside A's range:\n\n{}", misses.join("\n"));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(metric: &'static str, a: (f64, f64, f64), b_median: f64, rounds: usize) -> Pair {
        let spread = |(min, median, max)| Spread { median, min, max };
        Pair {
            row: format!("s w {metric}"),
            metric,
            unit: 1.0,
            a: spread(a),
            a_rounds: rounds,
            b: spread((b_median, b_median, b_median)),
            b_rounds: rounds,
        }
    }

    #[test]
    fn rerun_check_counts_medians_inside_and_names_the_misses() {
        let md = rerun_check(&[
            pair("req/s", (10.0, 12.0, 14.0), 14.0, 3),
            pair("req/s", (10.0, 12.0, 14.0), 15.0, 3),
            pair("p99 ms", (1.0, 2.0, 3.0), 1.0, 3),
        ]);
        assert!(md.contains("| req/s | 1 of 2 | 1.2 of 2 (60%) |"), "{md}");
        assert!(md.contains("| p99 ms | 1 of 1 | 0.6 of 1 (60%) |"), "{md}");
        assert!(md.contains("| all | 2 of 3 | 1.8 of 3 (60%) |"), "{md}");
        assert!(
            md.contains("Outside A's range:\n\n- s w req/s: 15.0 against 10.0–14.0\n"),
            "{md}"
        );
        assert!(!md.contains("- s w p99 ms"), "{md}");
    }

    #[test]
    fn rerun_check_leaves_out_single_rounds() {
        let md = rerun_check(&[pair("req/s", (12.0, 12.0, 12.0), 12.0, 1)]);
        assert!(md.contains("no row of A has two rounds"), "{md}");
        assert!(md.contains("1 row(s) where A measured one round"), "{md}");
        assert!(!md.contains("| req/s |"), "{md}");
    }
}
