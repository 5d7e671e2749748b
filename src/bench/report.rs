//! The files a run leaves under `DIR/bench/<timestamp>/`: `results.json`, `report.md`,
//! `summary.csv`, `report.html` and its charts as `.svg` files, all rendered from [`Results`] alone so they can be rendered again later.

use std::fmt::Write as _;
use std::path::Path;

use super::schema::{Results, StarterResult, WorkloadSummary};
use super::stats::{Spread, Verdict, rerun_inside_chance, verdict};
use super::{BenchError, charts, html};

/// Writes `results.json` and every file rendered from it into `dir`.
pub(crate) fn write(dir: &Path, results: &Results) -> Result<(), BenchError> {
    let path = dir.join("results.json");
    let json = serde_json::to_string_pretty(results).unwrap_or_default() + "\n";
    std::fs::write(&path, json).map_err(|source| BenchError::Write { path, source })?;
    render(dir, results)
}

/// Writes the files rendered from `results` into `dir`: Markdown, CSV, HTML and the charts.
pub(crate) fn render(dir: &Path, results: &Results) -> Result<(), BenchError> {
    let put = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|source| BenchError::Write { path, source })
    };
    put("report.md", markdown(results))?;
    put("summary.csv", csv(results))?;
    let md = markdown(results);
    let charts = charts::all(results);
    put(
        "report.html",
        html::page(
            &format!("scaffold bench, {}", results.started_at),
            &md,
            &charts,
        ),
    )?;
    for (name, svg) in charts {
        put(&name, svg)?;
    }
    Ok(())
}

/// `1234 (1200–1300)`, with the unit's precision.
fn show(s: &Spread, scale: f64, digits: usize) -> String {
    let f = |v: f64| format!("{:.*}", digits, v / scale);
    if (s.max - s.min).abs() < f64::EPSILON {
        f(s.median)
    } else {
        format!("{} ({}–{})", f(s.median), f(s.min), f(s.max))
    }
}

fn measured(results: &Results) -> Vec<&StarterResult> {
    results
        .starters
        .iter()
        .filter(|s| s.summary.is_some())
        .collect()
}

fn workload_of<'a>(s: &'a StarterResult, name: &str) -> Option<&'a WorkloadSummary> {
    s.summary
        .as_ref()?
        .workloads
        .iter()
        .find(|w| w.workload == name)
}

/// The Markdown report: one table per workload, then start-up and memory.
pub(crate) fn markdown(r: &Results) -> String {
    let st = &r.settings;
    let mut md = format!("# scaffold bench, {}\n\n", r.started_at);
    let load = match st.rate {
        None if !st.auto_rates.is_empty() => format!(
            "open loop at half the slowest starter's capacity (`--rate auto`, from a closed-loop calibration round): {} over {} connections (latency from the intended send time)",
            st.auto_rates
                .iter()
                .map(|(w, r)| format!("{w} {r:.0} req/s"))
                .collect::<Vec<_>>()
                .join(", "),
            st.connections
        ),
        Some(rate) => format!(
            "open loop at {rate} req/s over {} connections (latency from the intended send time)",
            st.connections
        ),
        None => format!("closed loop, {} connections", st.connections),
    };
    let pinning = match (st.server_cpu, st.client_cpu) {
        (Some(s), Some(c)) => format!("server pinned to CPU {s}, client to CPU {c}"),
        _ => "server and client share the CPUs".to_string(),
    };
    let workers = match st.workers {
        Some(n) => format!(
            "{n} worker(s) forced on every starter through {}",
            assignments(&st.workers_env)
        ),
        None => "each starter with the worker count of its production command".to_string(),
    };
    let env = if st.server_env.is_empty() {
        String::new()
    } else {
        format!(
            "; every server started with {}",
            assignments(&st.server_env)
        )
    };
    let preflight = if st.preflight {
        "every starter passed a pre-flight first (installed if nothing was, contract checked) \
         or is listed under \"Not measured\""
    } else {
        "no pre-flight (`--skip-preflight`)"
    };
    let _ = writeln!(
        md,
        "{load}; {} s warm-up and {} s measured per workload; {} round(s), framework order rotated; \
         {} seeded records; {pinning}; {workers}{env}; {preflight}.\n\nMachine: {} ({} CPUs, {} MB), {}, kernel {}. {}.\n",
        st.warmup_secs,
        st.duration_secs,
        st.rounds,
        st.records,
        r.machine.cpu_model,
        r.machine.cpus,
        r.machine.memory_kb / 1024,
        r.machine.os,
        r.machine.kernel,
        r.tool,
    );
    md.push_str(
        "Each figure is the median over rounds with the min–max range in brackets. A starter \
         whose req/s range overlaps the best one's shows \"no clear difference\": the rounds do \
         not separate them.",
    );
    if let Some(chance) = rerun_inside_chance(st.rounds, st.rounds).filter(|_| st.rounds >= 2) {
        let _ = write!(
            md,
            " With {} rounds, a rerun's median falls inside such a range {:.0}% of the time \
             even when nothing changes; `scaffold bench compare` checks a rerun against that.",
            st.rounds,
            chance * 100.0
        );
    }
    md.push('\n');
    let starters = measured(r);
    for name in &st.workloads {
        let mut rows: Vec<(&StarterResult, &WorkloadSummary)> = starters
            .iter()
            .filter_map(|s| workload_of(s, name).map(|w| (*s, w)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| b.1.rps.median.total_cmp(&a.1.rps.median));
        let best = rows[0].1.rps;
        let _ = writeln!(
            md,
            "\n## Workload `{name}`\n\n| starter | req/s | vs best | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | server cores | CPU ms / 1k req | peak PSS MB |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
        );
        for (i, (s, w)) in rows.iter().enumerate() {
            let vs = if i == 0 {
                "best".to_string()
            } else if st.rounds < 2 {
                format!(
                    "{:.0}% (one round)",
                    (w.rps.median / best.median.max(1e-9) - 1.0) * 100.0
                )
            } else {
                match verdict(&w.rps, &best) {
                    v @ Verdict::NoClearDifference => v.words().to_string(),
                    _ => format!(
                        "{:.0}%",
                        (w.rps.median / best.median.max(1e-9) - 1.0) * 100.0
                    ),
                }
            };
            let flag = if w.client_saturated {
                " (client-bound)"
            } else {
                ""
            };
            let _ = writeln!(
                md,
                "| {} ({}) | {}{flag} | {vs} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                s.name,
                s.framework,
                show(&w.rps, 1.0, 0),
                show(&w.p50_us, 1000.0, 2),
                show(&w.p90_us, 1000.0, 2),
                show(&w.p99_us, 1000.0, 2),
                show(&w.p999_us, 1000.0, 2),
                show(&w.max_us, 1000.0, 1),
                w.errors,
                show(&w.server_cpu_cores, 1.0, 2),
                show(&w.server_cpu_ms_per_1k, 1.0, 1),
                show(&w.peak_pss_kb, 1024.0, 1),
            );
        }
    }
    if !starters.is_empty() {
        md.push_str("\n## Start-up and memory\n\n| starter | start-up ms | first request ms | idle PSS MB | end PSS MB | processes / threads |\n|---|---|---|---|---|---|\n");
        for s in &starters {
            let Some(sum) = &s.summary else { continue };
            let opt =
                |v: &Option<Spread>, scale, d| v.as_ref().map_or("-".into(), |v| show(v, scale, d));
            // Processes and threads after start-up, as the last round saw them.
            let tasks = s
                .rounds
                .iter()
                .rev()
                .find(|r| r.processes > 0)
                .map_or("-".to_string(), |r| {
                    format!("{} / {}", r.processes, r.threads)
                });
            let _ = writeln!(
                md,
                "| {} ({}) | {} | {} | {} | {} | {tasks} |",
                s.name,
                s.framework,
                opt(&sum.startup_ms, 1.0, 0),
                opt(&sum.first_request_ms, 1.0, 1),
                opt(&sum.idle_pss_kb, 1024.0, 1),
                opt(&sum.end_pss_kb, 1024.0, 1),
            );
        }
    }
    if r.starters.iter().any(|s| s.size.is_some()) {
        md.push_str("\n## Size\n\nOwn files and non-blank lines: what the starter's `.gitignore` keeps, lockfiles left out. Install size: disk usage of the folders it ignores (`node_modules/`, `.venv/`, ...) after install; dependencies kept outside the folder (Maven's `~/.m2`, Go's module cache) are not in it. Direct dependencies: the runtime packages the starter declares itself, as its template's `dependencies` command lists them (dev tools left out).\n\n| starter | own files | own lines | direct dependencies | install MB |\n|---|---|---|---|---|\n");
        for s in &r.starters {
            let Some(z) = &s.size else { continue };
            let direct = s.dependencies.as_ref().map_or("–".to_string(), |d| {
                format!("{} ({})", d.len(), d.join(", "))
            });
            let _ = writeln!(
                md,
                "| {} ({}) | {} | {} | {direct} | {:.1} |",
                s.name,
                s.framework,
                z.own_files,
                z.own_lines,
                z.install_kb as f64 / 1024.0
            );
        }
    }
    let failed: Vec<&StarterResult> = r.starters.iter().filter(|s| s.error.is_some()).collect();
    if !failed.is_empty() {
        md.push_str("\n## Not measured\n\n");
        for s in failed {
            let why = s.error.as_deref().unwrap_or_default().replace('\n', " ");
            let _ = writeln!(md, "- {} ({}): {why}", s.name, s.framework);
        }
    }
    md.push_str("\n## Runtimes\n\n");
    for s in &r.starters {
        let preflight = s.preflight.as_ref().map_or(String::new(), |p| {
            let installed = p
                .installed_with
                .as_ref()
                .map_or(String::new(), |l| format!("installed with `{l}`, "));
            format!("; pre-flight: {installed}contract {}", p.contract)
        });
        let access_log = match s.logged_requests {
            Some(true) => {
                "; **still logged each request with `ACCESS_LOG=off`: its figures include the logging**"
            }
            Some(false) => "; access log off",
            None => "",
        };
        let _ = writeln!(
            md,
            "- {} ({} {}): `{}`{}{preflight}{access_log}",
            s.name,
            s.framework,
            s.framework_version,
            s.run_command,
            s.runtime
                .as_ref()
                .map_or(String::new(), |v| format!(", {v}"))
        );
    }
    md
}

/// Environment variables as the report shows them: `` `K=V`, `K=V` ``.
fn assignments(vars: &[(String, String)]) -> String {
    vars.iter()
        .map(|(k, v)| format!("`{k}={v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// One row per starter and workload (and one per starter that was not measured).
pub(crate) fn csv(r: &Results) -> String {
    let mut out = String::from(
        "starter,framework,workload,rounds,rps_median,rps_min,rps_max,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,errors,server_cpu_cores,cpu_ms_per_1k,peak_pss_mb,startup_ms,first_request_ms,idle_pss_mb,end_pss_mb,client_saturated,error\n",
    );
    let med = |s: &Option<Spread>, scale: f64| {
        s.as_ref()
            .map_or(String::new(), |s| format!("{:.3}", s.median / scale))
    };
    for s in &r.starters {
        let (name, fw) = (csv_field(&s.name), csv_field(&s.framework));
        let Some(sum) = &s.summary else {
            let why = csv_field(s.error.as_deref().unwrap_or_default());
            let _ = writeln!(out, "{name},{fw},,0,,,,,,,,,,,,,,,,,,{why}");
            continue;
        };
        let tail = format!(
            "{},{},{},{}",
            med(&sum.startup_ms, 1.0),
            med(&sum.first_request_ms, 1.0),
            med(&sum.idle_pss_kb, 1024.0),
            med(&sum.end_pss_kb, 1024.0)
        );
        for w in &sum.workloads {
            let _ = writeln!(
                out,
                "{name},{fw},{},{},{:.1},{:.1},{:.1},{:.3},{:.3},{:.3},{:.3},{:.3},{},{:.3},{:.2},{:.1},{tail},{},",
                w.workload,
                w.rounds,
                w.rps.median,
                w.rps.min,
                w.rps.max,
                w.p50_us.median / 1000.0,
                w.p90_us.median / 1000.0,
                w.p99_us.median / 1000.0,
                w.p999_us.median / 1000.0,
                w.max_us.median / 1000.0,
                w.errors,
                w.server_cpu_cores.median,
                w.server_cpu_ms_per_1k.median,
                w.peak_pss_kb.median / 1024.0,
                w.client_saturated,
            );
        }
    }
    out
}
