//! `results.json`: every setting, the machine, and every round of every starter. Versioned:
//! readers check `schema_version` before trusting a field.

use serde::{Deserialize, Serialize};

use super::load::Errors;
use super::stats::{Percentiles, RawHistogram, Spread};

/// Bumped whenever a field is added, changes meaning or goes away. Version 2 added each
/// window's raw histogram (`WorkloadRun::histogram`), the pre-flight
/// (`StarterResult::preflight`) and the worker settings; version 3 the servers' environment
/// (`Settings::server_env`: access logs off), whether each starter still logged requests
/// (`StarterResult::logged_requests`) and its direct dependencies
/// (`StarterResult::dependencies`). Older files are still read (without them).
pub const SCHEMA_VERSION: u32 = 3;
/// The oldest version `bench report` and `bench compare` read.
pub const OLDEST_READ: u32 = 1;

/// The whole run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Results {
    pub schema_version: u32,
    /// `scaffold <version>`.
    pub tool: String,
    /// UTC, RFC 3339.
    pub started_at: String,
    pub finished_at: String,
    pub settings: Settings,
    pub machine: Machine,
    pub starters: Vec<StarterResult>,
}

/// Every knob of the run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Settings {
    pub workloads: Vec<String>,
    /// `closed` (capacity) or `open` (fixed rate, latency from the intended send time).
    pub mode: String,
    pub connections: usize,
    /// Requests per second, open loop only.
    pub rate: Option<f64>,
    /// `--rate auto`: each workload's rate (half the slowest starter's calibrated capacity).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub auto_rates: std::collections::BTreeMap<String, f64>,
    pub warmup_secs: f64,
    pub duration_secs: f64,
    pub rounds: usize,
    pub records: u64,
    pub seed: u64,
    pub request_timeout_secs: f64,
    /// `split` or `shared`.
    pub cpus: String,
    /// The CPU the server was pinned to, when it was.
    pub server_cpu: Option<usize>,
    /// The CPU the client thread was pinned to, when it was.
    pub client_cpu: Option<usize>,
    /// Whether each starter was installed (when nothing was) and its contract checked first.
    #[serde(default)]
    pub preflight: bool,
    /// `--workers N`, when given: the variables set to N in every starter's environment.
    #[serde(default)]
    pub workers: Option<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workers_env: Vec<(String, String)>,
    /// Variables set in every starter's environment besides `HOST`, `PORT` and
    /// `DATABASE_URL`: `ACCESS_LOG=off`.
    #[serde(default)]
    pub server_env: Vec<(String, String)>,
    /// The load generator: `built-in (hyper HTTP/1, one request in flight per connection)`.
    pub client: String,
}

/// Where the numbers were taken.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Machine {
    pub cpu_model: String,
    pub cpus: usize,
    pub memory_kb: u64,
    pub kernel: String,
    pub os: String,
}

/// One starter: its rounds and their summary, or why it could not be measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StarterResult {
    pub name: String,
    pub framework: String,
    pub framework_version: String,
    pub dir: String,
    /// The production command that was run.
    pub run_command: String,
    /// The runtime's `--version` line (`v22.11.0`, `Python 3.12.7`, ...).
    pub runtime: Option<String>,
    /// Set when the starter could not be measured at all (missing toolchain, failed install,
    /// failed contract, it never started, seeding failed).
    pub error: Option<String>,
    /// The pre-flight it passed: install (when needed) and the contract check.
    #[serde(default)]
    pub preflight: Option<super::preflight::Preflight>,
    pub rounds: Vec<RoundResult>,
    pub summary: Option<Summary>,
    /// Own lines of code and install size, read from the folder after install.
    #[serde(default)]
    pub size: Option<super::size::Size>,
    /// Whether a request still showed in the server's log with `ACCESS_LOG=off` (checked
    /// on the seeding start); `None` when it was not checked.
    #[serde(default)]
    pub logged_requests: Option<bool>,
    /// The direct runtime dependencies its template's `dependencies` command printed; `None`
    /// when the template has none or it failed.
    #[serde(default)]
    pub dependencies: Option<Vec<String>>,
}

/// One start of the server and the workloads run against it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RoundResult {
    /// 1-based.
    pub round: usize,
    /// Its place in that round's rotated order, 1-based.
    pub position: usize,
    pub startup_ms: f64,
    pub first_request_ms: f64,
    /// PSS of the whole process group after start-up, before any load.
    pub idle_pss_kb: u64,
    /// PSS after the last workload.
    pub end_pss_kb: u64,
    /// Processes of the server's group after start-up (the `sh` running the command included).
    #[serde(default)]
    pub processes: u64,
    /// Their threads, summed.
    #[serde(default)]
    pub threads: u64,
    /// Set when the round broke off (the server died, the first request failed).
    pub error: Option<String>,
    pub workloads: Vec<WorkloadRun>,
}

/// One measured window.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct WorkloadRun {
    pub workload: String,
    pub requests: u64,
    pub seconds: f64,
    pub rps: f64,
    pub latency_us: Percentiles,
    /// `(quantile, µs)` pairs: the latency spectrum of the window's HDR histogram.
    pub spectrum: Vec<(f64, u64)>,
    /// Every latency of the window (µs), as raw HDR buckets: merge rounds or take any
    /// percentile from these rather than from the rounded figures above.
    #[serde(default)]
    pub histogram: RawHistogram,
    pub errors: Errors,
    /// CPU of the server's process group over the window, in cores.
    pub server_cpu_cores: f64,
    pub server_cpu_ms_per_1k: f64,
    pub peak_pss_kb: u64,
    /// CPU of the load generator's thread, in cores.
    pub client_cpu_cores: f64,
    /// Share of the window the client thread was running or waiting for its CPU.
    #[serde(default)]
    pub client_busy: f64,
    /// The client was busy 90% of the window or more: it, not the server, was the limit.
    pub client_saturated: bool,
}

/// Median and min–max over the rounds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Summary {
    pub startup_ms: Option<Spread>,
    pub first_request_ms: Option<Spread>,
    pub idle_pss_kb: Option<Spread>,
    pub end_pss_kb: Option<Spread>,
    pub workloads: Vec<WorkloadSummary>,
}

/// One workload over the rounds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct WorkloadSummary {
    pub workload: String,
    pub rounds: usize,
    pub rps: Spread,
    pub p50_us: Spread,
    pub p90_us: Spread,
    pub p99_us: Spread,
    pub p999_us: Spread,
    pub max_us: Spread,
    /// Percentiles of every round's requests together.
    pub merged_latency_us: Percentiles,
    pub errors: u64,
    pub server_cpu_cores: Spread,
    pub server_cpu_ms_per_1k: Spread,
    pub peak_pss_kb: Spread,
    pub client_saturated: bool,
}
