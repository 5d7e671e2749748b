//! `scaffold bench self-check`: checks the instrument before trusting its numbers.
//!
//! 1. The client's ceiling: the built-in generator against a trivial built-in server.
//! 2. Agreement with `wrk` on the same target (a starter's `/health`, or the trivial server),
//!    pinning, connections and window: req/s and p50 within 10%. On a shared machine the load
//!    from elsewhere drifts by far more than 10% between two windows a few seconds apart, so
//!    the tools run in [`PAIRS`] back-to-back pairs, the order swapped every pair, and the
//!    median of the per-pair ratios is what must agree (every pair is printed).
//! 3. Coordinated omission: a server that freezes as a whole for 200 ms every 4 s (see
//!    [`toy`](super::toy)). The open loop, timing each request from when it was due, must show
//!    the freeze in its p99; the closed loop records at most one slow request per connection
//!    per freeze, so its p99 must not, as long as it runs fast enough for those to stay under
//!    1% of its requests (the check prints that bound; below it the result is inconclusive).

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
use super::toy::{self, Behaviour, Toy};
use super::workload::Workload;
use super::{BenchError, Cpus};

/// How far req/s and p50 may differ from wrk's.
const TOLERANCE: f64 = 0.10;
/// A latency at or above this shows the 200 ms freeze.
const STALL_SHOWN_US: u64 = 100_000;
/// CPU the toy server spends per request when wrk is compared on it: like a starter, it is
/// then the limit, not the client (which the ceiling against the trivial server shows).
const WORK: Duration = Duration::from_micros(100);
/// Back-to-back pairs of windows (built-in, wrk) in the wrk comparison.
const PAIRS: usize = 6;

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
        self.measure_for(addr, rate, self.o.duration)
    }

    fn measure_for(
        &self,
        addr: SocketAddr,
        rate: Option<f64>,
        duration: Duration,
    ) -> Result<Outcome, BenchError> {
        let spec = Load {
            connections: self.o.connections,
            warmup: Duration::from_secs(1),
            duration,
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
    let toy = Toy::start(Behaviour::Trivial, ctx.server_cpu).map_err(io)?;
    let ceiling = ctx.measure(toy.addr, None)?;
    drop(toy);
    let p = percentiles(&ceiling.histogram);
    let _ = writeln!(
        text,
        "client ceiling (trivial server): {:.0} req/s, p50 {:.2} ms, client CPU {:.2} cores, busy {:.0}% of the time (running or waiting for its CPU){}",
        rps(&ceiling),
        ms(p.p50),
        ceiling.client_cores,
        ceiling.client_busy * 100.0,
        if ceiling.client_busy >= 0.9 {
            " (the client is the limit here)"
        } else {
            ""
        }
    );

    // 2. wrk.
    let (ok, line) = against_wrk(&ctx, catalog)?;
    passed &= ok;
    text.push_str(&line);

    // 3. Coordinated omission.
    let (ok, line) = stall(&ctx, io)?;
    passed &= ok;
    text.push_str(&line);
    let _ = writeln!(
        text,
        "\nself-check {}",
        if passed { "passed" } else { "FAILED" }
    );
    Ok(CheckReport { text, passed })
}

/// The share of `h`'s requests that took [`STALL_SHOWN_US`] or more.
fn slow_share(h: &hdrhistogram::Histogram<u64>) -> f64 {
    if h.is_empty() {
        return 0.0;
    }
    let slow: u64 = h
        .iter_recorded()
        .filter(|v| v.value_iterated_to() >= STALL_SHOWN_US)
        .map(|v| v.count_at_value())
        .sum();
    slow as f64 / h.len() as f64
}

/// The freezing server measured closed, then open at half the closed loop's rate, over a
/// whole number of freeze periods; `(passed, report lines)`.
fn stall(
    ctx: &Ctx,
    io: impl Fn(std::io::Error) -> BenchError,
) -> Result<(bool, String), BenchError> {
    let period = toy::PERIOD.as_secs_f64();
    let periods = (ctx.o.duration.as_secs_f64() / period).ceil().max(2.0);
    let window = Duration::from_secs_f64(periods * period);
    let toy = Toy::start(Behaviour::Stalling, ctx.server_cpu).map_err(&io)?;
    let closed = ctx.measure_for(toy.addr, None, window)?;
    let rate = (rps(&closed) / 2.0).max(10.0 * ctx.o.connections as f64);
    let open = ctx.measure_for(toy.addr, Some(rate), window)?;
    drop(toy);
    let (c, op) = (percentiles(&closed.histogram), percentiles(&open.histogram));
    // At most one slow request per connection per freeze: under 1% of the closed loop's
    // requests only when it answers more than this many per second.
    let running = (toy::PERIOD - toy::FREEZE).as_secs_f64();
    let needed = ctx.o.connections as f64 / (0.01 * running);
    let expected = (toy::FREEZE.as_secs_f64() - STALL_SHOWN_US as f64 / 1e6) / period;
    let shown = op.p99 >= STALL_SHOWN_US;
    let hidden = c.p99 < STALL_SHOWN_US;
    let conclusive = rps(&closed) >= needed;
    let ok = shown && hidden;
    let mut line = format!(
        "stall server (frozen as a whole for {} ms every {period:.0} s; {:.0} s windows; a request sent at a random moment waits 100 ms or more with probability {:.1}%):\n",
        toy::FREEZE.as_millis(),
        window.as_secs_f64(),
        expected * 100.0
    );
    let _ = writeln!(
        line,
        "  open loop at {rate:.0} req/s: p99 {:.1} ms, {:.2}% of requests 100 ms or more: {}",
        ms(op.p99),
        slow_share(&open.histogram) * 100.0,
        if shown {
            "shows the freeze"
        } else {
            "FAIL, misses the freeze"
        }
    );
    let _ = writeln!(
        line,
        "  closed loop: {:.0} req/s, p99 {:.2} ms (p99.9 {:.1} ms, max {:.1} ms), {:.2}% of requests 100 ms or more: {}",
        rps(&closed),
        ms(c.p99),
        ms(c.p999),
        ms(c.max),
        slow_share(&closed.histogram) * 100.0,
        match (hidden, conclusive) {
            (true, _) => "hides it (coordinated omission)".to_string(),
            (false, true) => "FAIL, shows it".to_string(),
            (false, false) => format!(
                "FAIL, inconclusive: {} slow requests per freeze stay under 1% only above {needed:.0} req/s",
                ctx.o.connections
            ),
        }
    );
    let _ = writeln!(line, "  coordinated omission shown: {}", verdict(ok));
    Ok((ok, line))
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
            let t = Toy::start(Behaviour::Working(WORK), ctx.server_cpu).map_err(|e| {
                BenchError::Setting {
                    what: "server",
                    value: e.to_string(),
                    hint: "the built-in trivial server could not listen on 127.0.0.1",
                }
            })?;
            let addr = t.addr;
            toy = Some(t);
            (
                addr,
                format!(
                    "a toy server spending {} µs of CPU per request",
                    WORK.as_micros()
                ),
            )
        }
    };
    // A first run only warms the server up (a JIT, caches), so neither tool measures it cold.
    ctx.measure(addr, None)?;
    // Back-to-back pairs, the order swapped every pair (ours first, then wrk first, ...),
    // each tool warming up for 1 s before its window. A pair's two windows are seconds apart,
    // so load from elsewhere on a shared machine mostly hits both; the ratio within each pair
    // is what is compared, and the median of those ratios is the verdict.
    // (built-in req/s, p50 µs, client busy share), (wrk req/s, p50 µs).
    type Pair = ((f64, f64, f64), (f64, f64));
    let mut pairs: Vec<Pair> = Vec::with_capacity(PAIRS);
    for pair in 0..PAIRS {
        let mut theirs = None;
        if pair % 2 == 1 {
            theirs = Some(wrk(addr, ctx));
        }
        let o = ctx.measure(addr, None)?;
        let ours = (
            rps(&o),
            percentiles(&o.histogram).p50 as f64,
            o.client_cores,
        );
        if pair % 2 == 0 {
            theirs = Some(wrk(addr, ctx));
        }
        let Some(Some(theirs)) = theirs else {
            if let Some(srv) = running {
                srv.stop();
            }
            return Ok((
                false,
                "wrk agreement: FAIL, could not read wrk's output\n".into(),
            ));
        };
        pairs.push((ours, theirs));
    }
    if let Some(srv) = running {
        srv.stop();
    }
    drop(toy);
    let ratio = |a: f64, b: f64| a / b.max(1e-9) - 1.0;
    let d_rps: Vec<f64> = pairs.iter().map(|(o, w)| ratio(o.0, w.0)).collect();
    let d_p50: Vec<f64> = pairs.iter().map(|(o, w)| ratio(o.1, w.1)).collect();
    let (m_rps, m_p50) = (median(d_rps.clone()), median(d_p50.clone()));
    let ok = m_rps.abs() <= TOLERANCE && m_p50.abs() <= TOLERANCE;
    let mut line = format!(
        "wrk agreement on {name} /health ({PAIRS} back-to-back pairs, order swapped each pair, wrk -t1 -c{}):\n",
        ctx.o.connections
    );
    for (i, (o, w)) in pairs.iter().enumerate() {
        let _ = writeln!(
            line,
            "  pair {}: built-in {:.0} req/s, p50 {:.3} ms (client busy {:.0}%); wrk {:.0} req/s, p50 {:.3} ms; req/s {:+.1}%, p50 {:+.1}%",
            i + 1,
            o.0,
            o.1 / 1000.0,
            o.2 * 100.0,
            w.0,
            w.1 / 1000.0,
            d_rps[i] * 100.0,
            d_p50[i] * 100.0
        );
    }
    let range = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!("{:+.1}% to {:+.1}%", lo * 100.0, hi * 100.0)
    };
    let _ = writeln!(
        line,
        "  median of the pairs: req/s {:+.1}% (pairs {}), p50 {:+.1}% (pairs {}); limit ±{:.0}%: {}",
        m_rps * 100.0,
        range(&d_rps),
        m_p50 * 100.0,
        range(&d_p50),
        TOLERANCE * 100.0,
        verdict(ok)
    );
    if pairs.iter().any(|(o, _)| o.2 >= 0.9) {
        line.push_str("  note: the built-in client was busy (running or waiting for its CPU) 90% of the time or more in some pair: it, not the server, was the limit there\n");
    }
    Ok((ok, line))
}

/// The median of `v` (0 when empty).
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
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
    fn median_of_odd_even_and_no_values() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![1.0, 4.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
    }

    #[test]
    fn slow_share_counts_requests_at_or_over_100_ms() {
        let mut h = crate::bench::stats::histogram();
        for _ in 0..97 {
            crate::bench::stats::record(&mut h, 1_000);
        }
        for v in [100_000, 150_000, 200_000] {
            crate::bench::stats::record(&mut h, v);
        }
        assert!((slow_share(&h) - 0.03).abs() < 1e-9);
        assert_eq!(slow_share(&crate::bench::stats::histogram()), 0.0);
    }
}
