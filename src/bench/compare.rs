//! Reading a `results.json` back: `bench report` renders it again, `bench compare` sets two
//! runs side by side with the overlap verdict.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::schema::{OLDEST_READ, Results, SCHEMA_VERSION};
use super::stats::{Spread, verdict};
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
    let mut rows = 0;
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
            rows += 1;
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
        }
    }
    if rows == 0 {
        md.push_str("\nThe two runs measured no starter and workload in common.\n");
    }
    Ok(md)
}
