//! `scaffold bench`: the whole pipeline (seed, copy the database, start, load, report) against
//! a tiny dependency-free server standing in for a starter, and, in the end-to-end tier, one
//! real starter. Durations are tiny and nothing asserts on timing.

use std::path::Path;

use serde_json::Value;

use crate::helpers::{Sandbox, example};

/// A stand-in for the express starter's server: node's own `http`, the contract's routes for
/// the bench workloads, records kept in the `DATABASE_URL` file as JSON.
pub(crate) const TINY_SERVER: &str = r#"import http from 'node:http';
import fs from 'node:fs';
const file = process.env.DATABASE_URL.replace(/^sqlite:\/\//, '');
let rows = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
const save = () => fs.writeFileSync(file, JSON.stringify(rows));
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    let json;
    try { json = body ? JSON.parse(body) : {}; } catch { json = null; }
    const send = (code, v) => {
      const s = JSON.stringify(v);
      res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
      res.end(s);
    };
    if (req.url === '/health') return send(200, { status: 'ok' });
    const m = req.url.match(/^\/books(?:\/(\d+))?$/);
    if (!m) return send(404, { error: 'not found' });
    if (!m[1] && req.method === 'GET') return send(200, rows);
    if (!m[1] && req.method === 'POST') {
      if (!json) return send(400, { error: 'bad json' });
      const r = { id: rows.length + 1, ...json };
      rows.push(r); save();
      return send(201, r);
    }
    const r = rows[Number(m[1]) - 1];
    if (!r) return send(404, { error: 'not found' });
    if (req.method === 'GET') return send(200, r);
    if (req.method === 'PUT') { if (!json) return send(400, { error: 'bad json' }); Object.assign(r, json); save(); return send(200, r); }
    return send(405, { error: 'method not allowed' });
  });
}).listen(Number(process.env.PORT), process.env.HOST);
"#;

/// An express starter at `rel` whose `node src/server.js` runs `server` instead.
pub(crate) fn starter_serving(sb: &Sandbox, rel: &str, server: &str) {
    sb.ok(&[
        "new",
        "shop",
        "--framework",
        "express",
        "--spec",
        &example("bookstore.toml"),
        "--output",
        rel,
    ]);
    std::fs::write(sb.join(rel).join("src/server.js"), server).expect("write server");
}

/// The one `DIR/bench/<timestamp>/` folder, with its parsed `results.json`.
fn report(sb: &Sandbox, rel: &str) -> (std::path::PathBuf, Value) {
    let runs: Vec<_> = std::fs::read_dir(sb.join(rel).join("bench"))
        .expect("bench folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    let dir = runs[0].clone();
    let text = std::fs::read_to_string(dir.join("results.json")).expect("results.json");
    (
        dir,
        serde_json::from_str(&text).expect("results.json is JSON"),
    )
}

/// Every workload run of a measured starter is sane: requests, no errors, ordered percentiles.
fn assert_sane(starter: &Value, workloads: &[&str]) {
    assert!(starter["error"].is_null(), "{starter}");
    let rounds = starter["rounds"].as_array().expect("rounds");
    assert!(!rounds.is_empty());
    for round in rounds {
        assert!(round["error"].is_null(), "{round}");
        assert!(round["startup_ms"].as_f64().expect("startup") > 0.0);
        assert!(round["first_request_ms"].as_f64().expect("first") > 0.0);
        assert!(round["idle_pss_kb"].as_u64().expect("idle") > 0);
        assert!(
            round["processes"].as_u64().expect("processes") >= 1,
            "{round}"
        );
        let runs = round["workloads"].as_array().expect("workloads");
        let names: Vec<&str> = runs.iter().filter_map(|w| w["workload"].as_str()).collect();
        assert_eq!(names, workloads);
        for w in runs {
            assert!(w["requests"].as_u64().expect("requests") > 0, "{w}");
            assert!(w["rps"].as_f64().expect("rps") > 0.0, "{w}");
            let l = &w["latency_us"];
            let p: Vec<u64> = ["p50", "p90", "p99", "p999", "max"]
                .iter()
                .map(|k| l[k].as_u64().expect("percentile"))
                .collect();
            assert!(p[0] > 0 && p.windows(2).all(|x| x[0] <= x[1]), "{l}");
            let errors: u64 = w["errors"]
                .as_object()
                .expect("errors")
                .values()
                .map(|v| v.as_u64().expect("count"))
                .sum();
            assert_eq!(errors, 0, "{w}");
            assert!(w["server_cpu_cores"].as_f64().expect("cpu") >= 0.0);
            assert!(w["peak_pss_kb"].as_u64().expect("pss") > 0);
            // The raw histogram holds every answered request of the window.
            let h = &w["histogram"];
            assert_eq!(h["unit"], "us");
            let counted: u64 = h["counts"]
                .as_array()
                .expect("counts")
                .iter()
                .map(|c| c[1].as_u64().expect("count"))
                .sum();
            assert_eq!(counted, w["requests"].as_u64().expect("requests"), "{h}");
        }
    }
    let summary = &starter["summary"]["workloads"];
    assert_eq!(summary.as_array().expect("summary").len(), workloads.len());
}

/// What a run of the default workloads writes.
const REPORT_FILES: [&str; 10] = [
    "latency-health.svg",
    "latency-mixed.svg",
    "latency-read.svg",
    "memory.svg",
    "report.html",
    "report.md",
    "results.json",
    "rps.svg",
    "startup.svg",
    "summary.csv",
];

fn files_of(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("report folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
#[ignore = "slow tier: run by CI via --include-ignored (two starters, 2 rounds of 3 workloads at fixed durations, a server start per round: ~10 s)"]
fn measures_a_tiny_server_and_reports_one_that_never_starts() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.join("team")).expect("mkdir");
    starter_serving(&sb, "team/tiny", TINY_SERVER);
    starter_serving(&sb, "team/broken", "process.exit(3);\n");
    // One that logs every request whatever ACCESS_LOG says: measured, and marked.
    let head = "http.createServer((req, res) => {";
    assert!(TINY_SERVER.contains(head), "the stand-in server changed");
    let loud = TINY_SERVER.replacen(
        head,
        &format!("{head}\n  console.log(`${{req.method}} ${{req.url}}`);"),
        1,
    );
    starter_serving(&sb, "team/loud", &loud);
    let stderr = sb.fails(
        &[
            "bench",
            "team",
            "--quiet",
            "--duration",
            "0.5",
            "--warmup",
            "0.2",
            "--rounds",
            "2",
            "--records",
            "20",
            "--connections",
            "4",
            "--workloads",
            "health,read,mixed",
            "--skip-preflight",
            "--workers",
            "2",
        ],
        1,
    );
    assert!(stderr.contains("not measured: broken"), "{stderr}");
    let (dir, results) = report(&sb, "team");
    assert_eq!(files_of(&dir), REPORT_FILES);
    assert_eq!(results["schema_version"], scaffold::bench::SCHEMA_VERSION);
    assert_eq!(results["settings"]["rounds"], 2);
    assert_eq!(results["settings"]["mode"], "closed");
    assert_eq!(results["settings"]["preflight"], false);
    assert_eq!(results["settings"]["workers"], 2);
    let env = results["settings"]["workers_env"].to_string();
    assert!(env.contains(r#"["WEB_CONCURRENCY","2"]"#), "{env}");
    assert_eq!(
        results["settings"]["server_env"],
        serde_json::json!([["ACCESS_LOG", "off"]])
    );
    let starters = results["starters"].as_array().expect("starters");
    let by = |name: &str| {
        starters
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no starter {name}"))
    };
    assert_sane(by("tiny"), &["health", "read", "mixed"]);
    assert_sane(by("loud"), &["health", "read", "mixed"]);
    assert_eq!(by("tiny")["logged_requests"], false);
    assert_eq!(by("loud")["logged_requests"], true);
    // The express template lists package.json's runtime dependencies.
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(sb.join("team/tiny/package.json")).expect("package.json"),
    )
    .expect("JSON");
    let mut declared: Vec<&str> = package["dependencies"]
        .as_object()
        .expect("dependencies")
        .keys()
        .map(String::as_str)
        .collect();
    declared.sort_unstable();
    assert!(!declared.is_empty());
    assert_eq!(by("tiny")["dependencies"], serde_json::json!(declared));
    // Every round measured the starters that start.
    assert_eq!(by("tiny")["rounds"].as_array().map(Vec::len), Some(2));
    let broken = by("broken");
    assert!(
        broken["error"].as_str().expect("reason").contains("exited"),
        "{broken}"
    );
    let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(
        md.contains("## Workload `read`") && md.contains("| tiny (express) |"),
        "{md}"
    );
    assert!(
        md.contains("## Not measured") && md.contains("broken (express)"),
        "{md}"
    );
    assert!(md.contains("`ACCESS_LOG=off`"), "{md}");
    let runtime = |name: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("- {name} (express")))
            .unwrap_or_else(|| panic!("no runtime line for {name}:\n{md}"))
            .to_string()
    };
    assert!(runtime("tiny").ends_with("; access log off"), "{md}");
    assert!(
        runtime("loud").contains("still logged each request with `ACCESS_LOG=off`"),
        "{md}"
    );
    let size_row = md
        .lines()
        .find(|l| l.starts_with("| tiny (express) |") && l.contains(&declared.join(", ")))
        .unwrap_or_else(|| panic!("no size row naming the dependencies:\n{md}"));
    assert!(
        size_row.contains(&format!("| {} (", declared.len())),
        "{size_row}"
    );
    let csv = std::fs::read_to_string(dir.join("summary.csv")).expect("summary.csv");
    assert_eq!(csv.lines().count(), 1 + 3 + 3 + 1, "{csv}");
}

#[test]
fn open_loop_runs_at_the_given_rate() {
    let sb = Sandbox::new();
    starter_serving(&sb, "tiny", TINY_SERVER);
    sb.ok(&[
        "bench",
        "--quiet",
        "tiny",
        "--duration",
        "1",
        "--warmup",
        "0.2",
        "--rounds",
        "1",
        "--records",
        "10",
        "--connections",
        "2",
        "--rate",
        "50",
        "--workloads",
        "read",
        "--cpus",
        "shared",
        "--skip-preflight",
    ]);
    let (_, results) = report(&sb, "tiny");
    assert_eq!(results["settings"]["mode"], "open");
    assert_eq!(results["settings"]["client_cpu"], Value::Null);
    let starter = &results["starters"][0];
    assert_sane(starter, &["read"]);
    let requests = starter["rounds"][0]["workloads"][0]["requests"]
        .as_u64()
        .expect("requests");
    // 50 req/s for 1 s: the schedule bounds the count, whatever the machine's speed.
    assert!(requests <= 52, "{requests}");
}

#[test]
#[ignore = "slow tier: run by CI via --include-ignored (a calibration run, then an open-loop run at fixed durations: ~8 s)"]
fn rate_auto_runs_open_at_half_the_calibrated_capacity() {
    let sb = Sandbox::new();
    starter_serving(&sb, "tiny", TINY_SERVER);
    sb.ok(&[
        "bench",
        "--quiet",
        "tiny",
        "--duration",
        "0.5",
        "--warmup",
        "0.2",
        "--rounds",
        "1",
        "--records",
        "10",
        "--connections",
        "2",
        "--rate",
        "auto",
        "--workloads",
        "health",
        "--cpus",
        "shared",
        "--skip-preflight",
    ]);
    let (dir, results) = report(&sb, "tiny");
    assert_eq!(results["settings"]["mode"], "open");
    let rate = results["settings"]["auto_rates"]["health"]
        .as_f64()
        .expect("an auto rate for health");
    assert!(rate >= 1.0, "{rate}");
    let starter = &results["starters"][0];
    assert_sane(starter, &["health"]);
    let requests = starter["rounds"][0]["workloads"][0]["requests"]
        .as_u64()
        .expect("requests");
    // The schedule bounds the count: half a second at the calibrated rate, plus slack.
    assert!(requests as f64 <= rate * 0.5 + 3.0, "{requests} at {rate}");
    let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(md.contains("`--rate auto`"), "{md}");
    sb.fails(&["bench", "tiny", "--rate", "fast"], 2);
}

/// A starter that fails its pre-flight contract check is a row with the reason, and a run
/// that has nothing left to measure still writes every file (drawing the empty latency chart
/// once looped for ever, eating memory).
#[test]
fn a_starter_failing_its_pre_flight_is_reported_and_the_report_still_written() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.join("team")).expect("mkdir");
    starter_serving(&sb, "team/wrong", TINY_SERVER);
    // Something installed, so the pre-flight checks the contract without running `npm ci`.
    std::fs::create_dir(sb.join("team/wrong/node_modules")).expect("mkdir");
    let stderr = sb.fails(
        &[
            "bench",
            "team",
            "--quiet",
            "--quick",
            "--workloads",
            "health",
        ],
        1,
    );
    assert!(stderr.contains("not measured: wrong"), "{stderr}");
    let (dir, results) = report(&sb, "team");
    let mut expected: Vec<&str> = REPORT_FILES
        .iter()
        .copied()
        .filter(|f| !f.starts_with("latency-") || *f == "latency-health.svg")
        .collect();
    expected.sort_unstable();
    assert_eq!(files_of(&dir), expected);
    let wrong = &results["starters"][0];
    assert!(wrong["summary"].is_null(), "{wrong}");
    let reason = wrong["error"].as_str().expect("reason");
    assert!(
        reason.starts_with("pre-flight: contract:") && reason.contains("checks failed"),
        "{reason}"
    );
    let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(
        md.contains("## Not measured") && md.contains("wrong (express)"),
        "{md}"
    );
    let svg = std::fs::read_to_string(dir.join("latency-health.svg")).expect("svg");
    assert!(!svg.contains("<polyline"), "{svg}");
}

#[test]
fn refuses_an_unknown_workload() {
    let sb = Sandbox::new();
    starter_serving(&sb, "tiny", TINY_SERVER);
    let err = sb.fails(&["bench", "tiny", "--workloads", "health,delete"], 1);
    assert!(err.contains("unknown workload `delete`"), "{err}");
}

#[test]
#[ignore = "end-to-end: installs dependencies; run with --include-ignored"]
fn measures_a_real_express_starter() {
    let sb = Sandbox::new();
    sb.ok(&[
        "new",
        "shop",
        "--framework",
        "express",
        "--spec",
        &example("bookstore.toml"),
    ]);
    // Nothing is installed: the pre-flight installs it and checks the contract.
    sb.ok(&[
        "bench",
        "--quiet",
        "shop",
        "--duration",
        "1",
        "--warmup",
        "0.5",
        "--rounds",
        "1",
        "--records",
        "50",
        "--connections",
        "8",
    ]);
    let (dir, results) = report(&sb, "shop");
    assert_eq!(files_of(&dir), REPORT_FILES);
    assert_eq!(results["schema_version"], scaffold::bench::SCHEMA_VERSION);
    assert_sane(&results["starters"][0], &["health", "read", "mixed"]);
    let preflight = &results["starters"][0]["preflight"];
    assert!(
        preflight["installed_with"]
            .as_str()
            .is_some_and(|l| l.contains("npm")),
        "{preflight}"
    );
    assert!(
        preflight["contract"]
            .as_str()
            .is_some_and(|c| c.ends_with("checks passed")),
        "{preflight}"
    );
    // Its own code is counted without node_modules, which is the install size.
    let size = &results["starters"][0]["size"];
    assert!(size["own_files"].as_u64().expect("files") > 3, "{size}");
    assert!(size["own_lines"].as_u64().expect("lines") > 50, "{size}");
    assert!(
        size["install_kb"].as_u64().expect("install") > 1024,
        "{size}"
    );
    // Its real server left its access log out, and its declared dependencies were counted.
    assert_eq!(results["starters"][0]["logged_requests"], false);
    let names = results["starters"][0]["dependencies"].to_string();
    assert!(
        names.contains("\"express\"") && names.contains("\"better-sqlite3\""),
        "{names}"
    );
    let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(md.contains("## Size"), "{md}");
}

#[test]
#[ignore = "slow tier: run by CI via --include-ignored (2 rounds at fixed durations and a server start per round before the report and compare commands: ~6 s)"]
fn report_renders_again_and_compare_judges_by_overlap() {
    let sb = Sandbox::new();
    starter_serving(&sb, "tiny", TINY_SERVER);
    sb.ok(&[
        "bench",
        "--quiet",
        "tiny",
        "--duration",
        "0.3",
        "--warmup",
        "0.1",
        "--rounds",
        "2",
        "--records",
        "10",
        "--connections",
        "2",
        "--workloads",
        "health",
        "--skip-preflight",
    ]);
    let (dir, _) = report(&sb, "tiny");
    let results = dir.join("results.json");
    std::fs::remove_file(dir.join("report.html")).expect("rm");
    std::fs::remove_file(dir.join("rps.svg")).expect("rm");
    sb.ok(&["bench", "report", results.to_str().expect("utf-8")]);
    assert!(dir.join("report.html").is_file() && dir.join("rps.svg").is_file());
    let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(
        md.contains("With 2 rounds, a rerun's median falls inside such a range 33% of the time"),
        "{md}"
    );
    let same = results.to_str().expect("utf-8");
    let table = sb.ok(&["bench", "compare", same, same]);
    assert!(
        table.contains("| tiny | health |") && table.contains("+0.0% | no clear difference"),
        "{table}"
    );
    // A run against itself: every median is inside its own range; two rounds against two
    // would be expected inside about a third of the time.
    assert!(
        table.contains("## Rerun check")
            && table.contains("| req/s | 1 of 1 | 0.3 of 1 (33%) |")
            && table.contains("| all | 3 of 3 | 1.0 of 3 (33%) |")
            && !table.contains("Outside"),
        "{table}"
    );
    std::fs::write(sb.join("old.json"), r#"{"schema_version": 999}"#).expect("write");
    let err = sb.fails(&["bench", "compare", "old.json", same], 1);
    assert!(err.contains("schema version 999"), "{err}");
}

/// Chromium, when this machine has it (Debian `chromium`; CI installs it).
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
#[ignore = "needs headless chromium; run with --include-ignored"]
fn the_html_report_renders_its_charts_in_chromium() {
    let browser = chromium().expect("chromium on PATH (apt-get install chromium)");
    let sb = Sandbox::new();
    starter_serving(&sb, "tiny", TINY_SERVER);
    sb.ok(&[
        "bench",
        "--quiet",
        "tiny",
        "--duration",
        "0.3",
        "--warmup",
        "0.1",
        "--rounds",
        "1",
        "--records",
        "10",
        "--connections",
        "2",
        "--skip-preflight",
    ]);
    let (dir, _) = report(&sb, "tiny");
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--dump-dom",
        ])
        .arg(format!("file://{}", dir.join("report.html").display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    // rps, one latency chart per workload (health, read, mixed), memory, start-up.
    assert_eq!(dom.matches("<svg").count(), 6, "{dom}");
    assert!(
        dom.contains("class=\"bar\"") && dom.contains("<polyline"),
        "{dom}"
    );
    assert!(dom.contains("<h2>Workload <code>read</code></h2>"), "{dom}");
}

#[test]
#[ignore = "slow tier: run by CI via --include-ignored (the stall check watches whole 4 s freeze periods, open and closed loop, plus wrk: ~45 s)"]
fn self_check_reports_ceiling_wrk_and_stall() {
    let sb = Sandbox::new();
    let out = sb
        .cmd(&[
            "bench",
            "self-check",
            "--duration",
            "0.3",
            "--connections",
            "4",
            "--cpus",
            "shared",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Pass or fail depends on the machine's load; the three checks must be reported either way.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stdout}");
    assert!(
        stdout.contains("client ceiling (trivial server): "),
        "{stdout}"
    );
    assert!(
        stdout.contains("wrk agreement on a toy server spending 100 µs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("stall server (frozen as a whole for 200 ms every 4 s"),
        "{stdout}"
    );
    assert!(stdout.contains("  open loop at "), "{stdout}");
    assert!(stdout.contains("  closed loop: "), "{stdout}");
    assert!(stdout.contains("self-check passed") || stdout.contains("self-check FAILED"));
}
