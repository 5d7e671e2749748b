//! The rounds: seed one database per starter, then for every round (framework order rotated)
//! start each starter on a fresh copy of it, warm up, measure every workload, stop it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::Error;
use crate::generate::catalog::Catalog;
use crate::verify::access_log;

use super::load::{self, Load, Outcome};
use super::procstat::{self, PeakSampler};
use super::schema::{Results, RoundResult, SCHEMA_VERSION, Settings, StarterResult, WorkloadRun};
use super::server::{self, Starter};
use super::stats;
use super::summary::summarize;
use super::workload::Workload;
use super::{BenchError, Cpus, Options, env, report};

/// Where a starter keeps bench's databases and server logs.
const WORK_DIR: &str = ".scaffold/bench";
/// The client thread running or waiting for its CPU this share of the time or more: it,
/// not the server, was the limit.
const SATURATED: f64 = 0.9;

/// What a run wrote.
#[derive(Debug)]
pub struct Written {
    /// `path/bench/<timestamp>`.
    pub dir: PathBuf,
    /// Starters that could not be measured (they are rows with the reason in the report).
    pub not_measured: Vec<String>,
}

/// Measures every starter below `path` and writes the report.
pub fn run(path: &Path, catalog: &Catalog, options: &Options) -> Result<Written, Error> {
    check(options)?;
    let starters = Starter::discover(path, catalog)?;
    let started_at = env::now_rfc3339();
    let out = path.join("bench").join(env::folder_name(&started_at));
    std::fs::create_dir_all(&out).map_err(|source| BenchError::Write {
        path: out.clone(),
        source,
    })?;
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    let pin = options.cpus == Cpus::Split && two && server::can_pin();
    let (server_cpu, client_cpu) = if pin {
        (Some(0), Some(1))
    } else {
        (None, None)
    };
    let mut bench = Bench {
        options,
        server_cpu,
        client_cpu,
        clock: Instant::now(),
        windows_done: 0,
        windows_total: starters.len() * options.rounds * options.workloads.len(),
        rates: std::collections::BTreeMap::new(),
    };

    let mut results: Vec<StarterResult> = starters.iter().map(|s| bench.prepare(s)).collect();
    // The ETA counts measured windows only, not the pre-flight and seeding before them.
    bench.clock = Instant::now();
    let ready: Vec<usize> = (0..starters.len())
        .filter(|&i| results[i].error.is_none())
        .collect();
    let calibration = usize::from(options.rate_auto);
    bench.windows_total = ready.len() * (options.rounds + calibration) * options.workloads.len();
    if options.rate_auto {
        // A closed-loop round of every starter; each workload then runs open at half the
        // slowest one's capacity, so every starter is measured at a load all of them sustain.
        let mut capacities: Vec<(String, f64)> = Vec::new();
        for (pos, &i) in ready.iter().enumerate() {
            let result = bench.round(&starters[i], 0, pos + 1);
            if result.error.is_none() {
                capacities.extend(result.workloads.iter().map(|w| (w.workload.clone(), w.rps)));
            }
        }
        bench.rates = auto_rates(&capacities);
    }
    for round in 0..options.rounds {
        for pos in 0..ready.len() {
            let i = ready[(pos + round) % ready.len()];
            let result = bench.round(&starters[i], round + 1, pos + 1);
            results[i].rounds.push(result);
        }
    }
    for r in &mut results {
        if r.error.is_none() {
            r.summary = Some(summarize(&r.rounds, &options.workloads));
        }
    }
    let results = Results {
        schema_version: SCHEMA_VERSION,
        tool: format!("scaffold {}", env!("CARGO_PKG_VERSION")),
        started_at,
        finished_at: env::now_rfc3339(),
        settings: bench.settings(),
        machine: env::machine(),
        starters: results,
    };
    report::write(&out, &results)?;
    let not_measured = results
        .starters
        .iter()
        .filter(|s| s.error.is_some())
        .map(|s| s.name.clone())
        .collect();
    Ok(Written {
        dir: out,
        not_measured,
    })
}

fn check(o: &Options) -> Result<(), BenchError> {
    if let Some(w) = o
        .workloads
        .iter()
        .find(|w| !super::WORKLOADS.contains(&w.as_str()))
    {
        return Err(BenchError::UnknownWorkload {
            given: w.clone(),
            known: &super::WORKLOADS,
        });
    }
    let bad = |what, value: String, hint| Err(BenchError::Setting { what, value, hint });
    if o.workloads.is_empty() {
        return bad("workload list", String::new(), "name at least one workload");
    }
    if o.connections == 0 || o.rounds == 0 || o.duration.is_zero() {
        return bad(
            "setting",
            format!(
                "{} connections, {} rounds, {:?}",
                o.connections, o.rounds, o.duration
            ),
            "connections, rounds and duration must be at least 1",
        );
    }
    if let Some(r) = o.rate.filter(|r| !(r.is_finite() && *r > 0.0)) {
        return bad("rate", r.to_string(), "give requests per second above 0");
    }
    Ok(())
}

struct Bench<'a> {
    options: &'a Options,
    /// `--rate auto`: each workload's rate once calibrated (closed loop until then).
    rates: std::collections::BTreeMap<String, f64>,
    server_cpu: Option<usize>,
    client_cpu: Option<usize>,
    clock: Instant,
    windows_done: usize,
    windows_total: usize,
}

impl Bench<'_> {
    fn progress(&self, what: &str) {
        if !self.options.progress {
            return;
        }
        let eta = if self.windows_done == 0 {
            String::new()
        } else {
            let per = self.clock.elapsed().as_secs_f64() / self.windows_done as f64;
            let left = per * (self.windows_total - self.windows_done) as f64;
            format!(", about {:.0} s left", left)
        };
        eprintln!(
            "bench: [{}/{}] {what}{eta}",
            self.windows_done, self.windows_total
        );
    }

    fn work(starter: &Starter) -> PathBuf {
        starter.dir.join(WORK_DIR)
    }

    /// Seeds the starter's database once; a failure makes the starter a row with the reason.
    fn prepare(&self, s: &Starter) -> StarterResult {
        let runtime = s
            .manifest
            .verify
            .requires
            .first()
            .and_then(|p| env::runtime_version(p, &s.dir));
        let mut result = StarterResult {
            name: s.name.clone(),
            framework: s.manifest.id.clone(),
            framework_version: s.manifest.framework_version.clone(),
            dir: s.dir.display().to_string(),
            run_command: s.run_line(),
            runtime,
            error: None,
            preflight: None,
            rounds: Vec::new(),
            summary: None,
            size: None,
            logged_requests: None,
            dependencies: None,
        };
        let work = Self::work(s);
        let _ = std::fs::remove_dir_all(&work);
        if let Err(e) = std::fs::create_dir_all(&work) {
            result.error = Some(format!("cannot create {}: {e}", work.display()));
            return result;
        }
        let say = |what: &str| self.progress(&format!("{} ({}): {what}", s.name, s.manifest.id));
        if self.options.preflight {
            match super::preflight::check(s, &work, &say) {
                Ok(p) => result.preflight = Some(p),
                Err(e) => {
                    result.error = Some(e);
                    result.size = super::size::measure(&s.dir);
                    return result;
                }
            }
        }
        say(&format!("seeding {} records", self.options.records));
        match self.seed(s) {
            Ok(logged) => result.logged_requests = logged,
            Err(e) => result.error = Some(e),
        }
        // After the seeding start, so whatever installing put in the folder is there.
        result.size = super::size::measure(&s.dir);
        if result.error.is_none() {
            say("counting its direct dependencies");
            result.dependencies = crate::verify::dependencies(&s.manifest, &s.dir, &work)
                .ok()
                .filter(|names| !names.is_empty());
        }
        result
    }

    /// Seeds the database every round copies, and says whether the server logged a request
    /// despite `ACCESS_LOG=off` (`None`: the probe request failed).
    fn seed(&self, s: &Starter) -> Result<Option<bool>, String> {
        let resource = s.resource().ok_or("the spec has no resource")?;
        let seed_dir = Self::work(s).join("seed");
        std::fs::create_dir_all(&seed_dir)
            .map_err(|e| format!("cannot create {}: {e}", seed_dir.display()))?;
        let log = Self::work(s).join("seed.log");
        let srv = server::start(
            s,
            &seed_dir.join("bench.db"),
            &log,
            self.server_cpu,
            self.options.workers,
        )
        .map_err(|e| format!("did not start for seeding: {e}"))?;
        let seeded = server::seed(srv.addr, resource, self.options.records);
        let logged = seeded
            .is_ok()
            .then(|| access_log::logged(&format!("http://{}", srv.addr), &log).ok())
            .flatten();
        srv.stop();
        seeded.map(|()| logged)
    }

    /// One start of `s` on a fresh copy of its seeded database, and every workload.
    fn round(&mut self, s: &Starter, round: usize, position: usize) -> RoundResult {
        let mut result = RoundResult {
            round,
            position,
            startup_ms: f64::NAN,
            first_request_ms: f64::NAN,
            idle_pss_kb: 0,
            end_pss_kb: 0,
            processes: 0,
            threads: 0,
            error: None,
            workloads: Vec::new(),
        };
        let work = Self::work(s);
        let db = work.join(format!("round-{round}"));
        let log = work.join(format!("round-{round}.log"));
        let left = self.options.workloads.len();
        let started = server::copy_db(&work.join("seed"), &db)
            .map_err(|e| format!("cannot copy the seeded database: {e}"))
            .and_then(|()| {
                server::start(
                    s,
                    &db.join("bench.db"),
                    &log,
                    self.server_cpu,
                    self.options.workers,
                )
            });
        let srv = match started {
            Ok(srv) => srv,
            Err(e) => {
                result.error = Some(e);
                self.windows_done += left;
                return result;
            }
        };
        result.startup_ms = srv.startup.as_secs_f64() * 1000.0;
        let resource = s
            .resource()
            .cloned()
            .unwrap_or_else(|| crate::generate::spec::Spec::default_resource("bench"));
        match server::first_request(srv.addr, &resource) {
            Ok(d) => result.first_request_ms = d.as_secs_f64() * 1000.0,
            Err(e) => {
                result.error = Some(e);
                srv.stop();
                self.windows_done += left;
                return result;
            }
        }
        result.idle_pss_kb = procstat::pss_kb(srv.pgid);
        (result.processes, result.threads) = procstat::tasks(srv.pgid);
        for name in &self.options.workloads {
            self.progress(&format!(
                "{} ({}): round {round}, {name}",
                s.name, s.manifest.id
            ));
            let Some(workload) = Workload::new(name, &resource, self.options.records) else {
                continue;
            };
            match self.window(&srv, &workload) {
                Ok(run) => result.workloads.push(run),
                Err(e) => result.error = Some(e),
            }
            self.windows_done += 1;
        }
        result.end_pss_kb = procstat::pss_kb(srv.pgid);
        srv.stop();
        let _ = std::fs::remove_dir_all(&db);
        result
    }

    /// Warm-up and measured window of one workload, with the server's CPU and memory.
    fn window(&self, srv: &server::Server, workload: &Workload) -> Result<WorkloadRun, String> {
        let o = self.options;
        let spec = Load {
            connections: o.connections,
            warmup: o.warmup,
            duration: o.duration,
            rate: if o.rate_auto {
                self.rates.get(&workload.name).copied()
            } else {
                o.rate
            },
            timeout: o.timeout,
            cpu: self.client_cpu,
            seed: o.seed,
        };
        let sampler = PeakSampler::start(srv.pgid, Instant::now() + o.warmup);
        let outcome: Outcome =
            load::run(srv.addr, workload, &spec).map_err(|e| format!("load generator: {e}"))?;
        let cpu_end = procstat::cpu_seconds(srv.pgid);
        let (peak, cpu_mark) = sampler.finish();
        let cpu = (cpu_end - cpu_mark).max(0.0);
        let p = stats::percentiles(&outcome.histogram);
        let requests = outcome.requests;
        let run = WorkloadRun {
            workload: workload.name.clone(),
            requests,
            seconds: outcome.seconds,
            rps: requests as f64 / outcome.seconds.max(1e-9),
            latency_us: p,
            spectrum: stats::spectrum(&outcome.histogram),
            histogram: stats::raw(&outcome.histogram),
            errors: outcome.errors,
            server_cpu_cores: cpu / outcome.seconds.max(1e-9),
            server_cpu_ms_per_1k: if requests == 0 {
                0.0
            } else {
                cpu * 1000.0 / requests as f64 * 1000.0
            },
            peak_pss_kb: peak,
            client_cpu_cores: outcome.client_cores,
            client_busy: outcome.client_busy,
            client_saturated: outcome.client_busy >= SATURATED,
        };
        Ok(run)
    }

    fn settings(&self) -> Settings {
        let o = self.options;
        Settings {
            workloads: o.workloads.clone(),
            mode: if o.rate.is_some() || o.rate_auto {
                "open"
            } else {
                "closed"
            }
            .to_string(),
            connections: o.connections,
            rate: o.rate,
            auto_rates: self.rates.clone(),
            warmup_secs: o.warmup.as_secs_f64(),
            duration_secs: o.duration.as_secs_f64(),
            rounds: o.rounds,
            records: o.records,
            seed: o.seed,
            request_timeout_secs: o.timeout.as_secs_f64(),
            cpus: match o.cpus {
                Cpus::Split => "split",
                Cpus::Shared => "shared",
            }
            .to_string(),
            server_cpu: self.server_cpu,
            client_cpu: self.client_cpu,
            workers: o.workers,
            preflight: o.preflight,
            workers_env: o.workers.map(server::workers_env).unwrap_or_default(),
            server_env: server::quiet_env(),
            client: "built-in (hyper HTTP/1, keep-alive, one request in flight per connection)"
                .to_string(),
        }
    }
}

/// Half the lowest capacity measured for each workload, from `(workload, req/s)` pairs; a
/// workload nobody served gets no rate (it runs closed).
fn auto_rates(capacities: &[(String, f64)]) -> std::collections::BTreeMap<String, f64> {
    let mut slowest = std::collections::BTreeMap::<String, f64>::new();
    for (w, rps) in capacities.iter().filter(|(_, r)| *r > 0.0) {
        let e = slowest.entry(w.clone()).or_insert(*rps);
        *e = e.min(*rps);
    }
    slowest
        .into_iter()
        .map(|(w, r)| (w, (r / 2.0).max(1.0)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_rate_is_half_the_slowest_capacity_per_workload() {
        let caps = [
            ("health".to_string(), 4000.0),
            ("read".to_string(), 3000.0),
            ("health".to_string(), 1000.0),
            ("read".to_string(), 0.0),
            ("mixed".to_string(), 1.0),
        ];
        let rates = auto_rates(&caps);
        assert_eq!(rates.get("health"), Some(&500.0));
        assert_eq!(rates.get("read"), Some(&1500.0));
        assert_eq!(rates.get("mixed"), Some(&1.0));
        assert_eq!(auto_rates(&[]).len(), 0);
    }

    #[test]
    fn settings_are_checked_before_anything_runs() {
        let mut o = Options::quick();
        o.workloads = vec!["delete".into()];
        assert!(
            check(&o)
                .expect_err("unknown workload")
                .to_string()
                .contains("unknown workload `delete`")
        );
        let mut o = Options::quick();
        o.rate = Some(0.0);
        assert!(check(&o).is_err());
        assert!(check(&Options::quick()).is_ok());
    }
}
