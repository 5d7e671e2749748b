//! `scaffold bench self-check`: checks the instrument before trusting its numbers.
//!
//! 1. The client's ceiling: the built-in generator against a trivial built-in server.
//! 2. Agreement with `wrk` on the same target (a starter's `/health`, or the trivial server),
//!    pinning, connections and duration: req/s and p50 within 10%.
//! 3. Coordinated omission: against a server where 1 request in 100 sleeps 200 ms, the
//!    open-loop p99 must show the stall and the closed-loop p99 must not.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::process::Command;
use std::time::Duration;

use crate::error::Error;
use crate::generate::catalog::Catalog;
use crate::generate::spec::Spec;
use crate::process;

use super::load::{self, Load, Outcome};
use super::server::{self, Starter};
use super::stats::percentiles;
use super::toy::Toy;
use super::workload::Workload;
use super::{BenchError, Cpus};

/// How far req/s and p50 may differ from wrk's.
const TOLERANCE: f64 = 0.10;
/// A p99 at or above this shows the 200 ms stall.
const STALL_SHOWN_US: u64 = 100_000;

/// Settings of a self-check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub duration: Duration,
    pub connections: usize,
    pub cpus: Cpus,
    /// A starter to compare against wrk on; the trivial server when `None`.
    pub starter: Option<std::path::PathBuf>,
}

/// The self-check's findings, as text, and whether every check passed.
pub struct CheckReport {
    pub text: String,
    pub passed: bool,
}

struct Ctx {
    o: CheckOptions,
    server_cpu: Option<usize>,
    client_cpu: Option<usize>,
    health: Workload,
}

impl Ctx {
    fn measure(&self, addr: SocketAddr, rate: Option<f64>) -> Result<Outcome, BenchError> {
        let spec = Load {
            connections: self.o.connections,
            warmup: Duration::from_secs(1),
            duration: self.o.duration,
            rate,
            timeout: Duration::from_secs(5),
            cpu: self.client_cpu,
            seed: 42,
        };
        load::run(addr, &self.health, &spec).map_err(|e| BenchError::Setting {
            what: "load run",
            value: e.to_string(),
            hint: "the load generator could not start",
        })
    }
}

fn rps(o: &Outcome) -> f64 {
    o.requests as f64 / o.seconds.max(1e-9)
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// Runs every check; `catalog` finds the starter's manifest when one is given.
pub fn self_check(catalog: &Catalog, o: &CheckOptions) -> Result<CheckReport, Error> {
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    let pin = o.cpus == Cpus::Split && two && server::can_pin();
    let resource = Spec::default_resource("self-check");
    // wrk takes whole seconds; the built-in client measures the same window.
    let mut o = o.clone();
    o.duration = Duration::from_secs(o.duration.as_secs_f64().ceil().max(1.0) as u64);
    let o = &o;
    let ctx = Ctx {
        o: o.clone(),
        server_cpu: pin.then_some(0),
        client_cpu: pin.then_some(1),
        health: Workload::new("health", &resource, 1).ok_or(BenchError::UnknownWorkload {
            given: "health".into(),
            known: &super::WORKLOADS,
        })?,
    };
    let io = |e: std::io::Error| BenchError::Setting {
        what: "server",
        value: e.to_string(),
        hint: "the built-in trivial server could not listen on 127.0.0.1",
    };
    let mut text = format!(
        "scaffold bench self-check: {} connections, {} s per measurement after 1 s warm-up, {}\n\n",
        o.connections,
        o.duration.as_secs_f64(),
        if pin {
            "server on CPU 0, client on CPU 1"
        } else {
            "no pinning"
        }
    );
    let mut passed = true;

    // 1. Ceiling.
    let toy = Toy::start(false, ctx.server_cpu).map_err(io)?;
    let ceiling = ctx.measure(toy.addr, None)?;
    drop(toy);
    let p = percentiles(&ceiling.histogram);
    let _ = writeln!(
        text,
        "client ceiling (trivial server): {:.0} req/s, p50 {:.2} ms, client CPU {:.2} cores{}",
        rps(&ceiling),
        ms(p.p50),
        ceiling.client_cores,
        if ceiling.client_cores >= 0.9 {
            " (the client is the limit here)"
        } else {
            ""
        }
    );

    // 2. wrk.
    let (ok, line) = against_wrk(&ctx, catalog)?;
    passed &= ok;
    text.push_str(&line);

    // 3. Stall.
    let toy = Toy::start(true, ctx.server_cpu).map_err(io)?;
    let closed = ctx.measure(toy.addr, None)?;
    let rate = (rps(&closed) / 2.0).max(20.0 * o.connections as f64);
    let open = ctx.measure(toy.addr, Some(rate))?;
    drop(toy);
    let (c, op) = (percentiles(&closed.histogram), percentiles(&open.histogram));
    let ok = c.p99 < STALL_SHOWN_US && op.p99 >= STALL_SHOWN_US;
    passed &= ok;
    let _ = writeln!(
        text,
        "stall server (1 request in 100 sleeps 200 ms): closed loop p99 {:.2} ms (p99.9 {:.1} ms); open loop at {rate:.0} req/s p99 {:.1} ms: {}",
        ms(c.p99),
        ms(c.p999),
        ms(op.p99),
        verdict(ok)
    );
    let _ = writeln!(
        text,
        "\nself-check {}",
        if passed { "passed" } else { "FAILED" }
    );
    Ok(CheckReport { text, passed })
}

fn verdict(ok: bool) -> &'static str {
    if ok { "pass" } else { "FAIL" }
}

/// The built-in generator and wrk on the same target; `(passed, report line)`.
fn against_wrk(ctx: &Ctx, catalog: &Catalog) -> Result<(bool, String), Error> {
    if !process::on_path("wrk") {
        return Ok((
            false,
            "wrk agreement: FAIL, `wrk` not found on PATH (Debian: apt-get install wrk)\n".into(),
        ));
    }
    let scratch = tempfile::tempdir().map_err(|source| BenchError::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let mut running = None;
    let mut toy = None;
    let (addr, name) = match &ctx.o.starter {
        Some(path) => {
            let starter = Starter::discover(path, catalog)?
                .into_iter()
                .next()
                .ok_or_else(|| BenchError::Setting {
                    what: "starter",
                    value: path.display().to_string(),
                    hint: "pass one starter folder",
                })?;
            let srv = server::start(
                &starter,
                &scratch.path().join("bench.db"),
                &scratch.path().join("server.log"),
                ctx.server_cpu,
                None,
            )
            .map_err(|e| BenchError::Setting {
                what: "starter",
                value: format!("{}: {e}", starter.name),
                hint: "it did not start; run `scaffold verify` on it first",
            })?;
            let addr = srv.addr;
            running = Some(srv);
            (addr, format!("{} ({})", starter.name, starter.manifest.id))
        }
        None => {
            let t = Toy::start(false, ctx.server_cpu).map_err(|e| BenchError::Setting {
                what: "server",
                value: e.to_string(),
                hint: "the built-in trivial server could not listen on 127.0.0.1",
            })?;
            let addr = t.addr;
            toy = Some(t);
            (addr, "trivial server".to_string())
        }
    };
    // A first run only warms the server up (a JIT, caches), so neither tool measures it cold.
    ctx.measure(addr, None)?;
    // Alternated rounds (ours first, then wrk first, ...), each tool warming up for 1 s before
    // each of its windows; the medians are compared, so a burst of load from elsewhere on a
    // shared machine hits one round, not the verdict.
    let mut ours_runs = Vec::with_capacity(ROUNDS);
    let mut wrk_runs = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        if round % 2 == 1 {
            wrk_runs.push(wrk(addr, ctx));
        }
        let o = ctx.measure(addr, None)?;
        ours_runs.push((rps(&o), percentiles(&o.histogram).p50 as f64));
        if round % 2 == 0 {
            wrk_runs.push(wrk(addr, ctx));
        }
    }
    if let Some(srv) = running {
        srv.stop();
    }
    drop(toy);
    let Some(wrk_runs) = wrk_runs.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok((
            false,
            "wrk agreement: FAIL, could not read wrk's output\n".into(),
        ));
    };
    let (our_rps, our_p50) = medians(&ours_runs);
    let (wrk_rps, wrk_p50) = medians(&wrk_runs);
    let d_rps = our_rps / wrk_rps.max(1e-9) - 1.0;
    let d_p50 = our_p50 / wrk_p50.max(1e-9) - 1.0;
    let ok = d_rps.abs() <= TOLERANCE && d_p50.abs() <= TOLERANCE;
    let mut line =
        format!("wrk agreement on {name} /health ({ROUNDS} alternated rounds each, wrk -t1):\n");
    for (i, (o, w)) in ours_runs.iter().zip(&wrk_runs).enumerate() {
        let _ = writeln!(
            line,
            "  round {}: built-in {:.0} req/s, p50 {:.3} ms; wrk {:.0} req/s, p50 {:.3} ms",
            i + 1,
            o.0,
            o.1 / 1000.0,
            w.0,
            w.1 / 1000.0
        );
    }
    let _ = writeln!(
        line,
        "  median: built-in {our_rps:.0} req/s, p50 {:.3} ms; wrk {wrk_rps:.0} req/s, p50 {:.3} ms; req/s {:+.1}%, p50 {:+.1}%: {}",
        our_p50 / 1000.0,
        wrk_p50 / 1000.0,
        d_rps * 100.0,
        d_p50 * 100.0,
        verdict(ok)
    );
    Ok((ok, line))
}

/// Rounds of each tool in the wrk comparison.
const ROUNDS: usize = 3;

/// The medians of `(req/s, p50)` pairs, each taken on its own.
fn medians(runs: &[(f64, f64)]) -> (f64, f64) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => 0.0,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    };
    (
        median(runs.iter().map(|r| r.0).collect()),
        median(runs.iter().map(|r| r.1).collect()),
    )
}

/// Runs wrk (one thread, pinned like the built-in client): a 1 s warm-up, then the window.
fn wrk(addr: SocketAddr, ctx: &Ctx) -> Option<(f64, f64)> {
    let url = format!("http://{addr}/health");
    let run = |secs: u64| {
        let mut cmd = match ctx.client_cpu {
            Some(cpu) => {
                let mut c = Command::new("taskset");
                c.args(["-c", &cpu.to_string(), "wrk"]);
                c
            }
            None => Command::new("wrk"),
        };
        cmd.args(["-t1", &format!("-c{}", ctx.o.connections)])
            .arg(format!("-d{secs}s"))
            .args(["--latency", &url])
            .output()
            .ok()
    };
    run(1)?;
    let secs = ctx.o.duration.as_secs_f64().ceil().max(1.0) as u64;
    let out = run(secs)?;
    parse_wrk(&String::from_utf8_lossy(&out.stdout))
}

/// `(req/s, p50 in µs)` from wrk's `--latency` output.
fn parse_wrk(text: &str) -> Option<(f64, f64)> {
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))?
        .trim()
        .parse()
        .ok()?;
    let p50 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("50%"))
        .map(str::trim)?;
    let (number, unit) = p50.split_at(p50.find(|c: char| c.is_ascii_alphabetic())?);
    let v: f64 = number.parse().ok()?;
    let us = match unit {
        "us" => v,
        "ms" => v * 1_000.0,
        "s" => v * 1_000_000.0,
        "m" => v * 60_000_000.0,
        _ => return None,
    };
    Some((rps, us))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_latency_output() {
        let out = "Running 3s test @ http://127.0.0.1:1/health\n  1 threads and 32 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency     1.61ms  400.00us   9.00ms   80.00%\n  Latency Distribution\n     50%  612.00us\n     75%    1.50ms\n     90%    2.00ms\n     99%    5.00ms\n  60000 requests in 3.00s, 5.00MB read\nRequests/sec:  19999.50\nTransfer/sec:      1.67MB\n";
        assert_eq!(parse_wrk(out), Some((19999.5, 612.0)));
        let ms = out.replace("612.00us", "1.25ms");
        assert_eq!(parse_wrk(&ms), Some((19999.5, 1250.0)));
        assert_eq!(parse_wrk("garbage"), None);
    }

    #[test]
    fn medians_are_taken_per_column() {
        assert_eq!(
            medians(&[(3.0, 10.0), (1.0, 30.0), (2.0, 20.0)]),
            (2.0, 20.0)
        );
        assert_eq!(medians(&[(1.0, 4.0), (3.0, 2.0)]), (2.0, 3.0));
        assert_eq!(medians(&[]), (0.0, 0.0));
    }
}
