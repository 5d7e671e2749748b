//! `scaffold bench`: measures starters side by side and writes a report a team can argue from.
//!
//! This module owns the whole benchmark: the built-in load generator ([`load`], on hyper's
//! HTTP/1 client), the workloads ([`workload`]), the server under test and its database
//! ([`server`]), what the server costs from `/proc` ([`procstat`]), the rounds ([`run`]), the
//! statistics ([`stats`]) and the report files ([`schema`], [`report`]). Nothing here runs on
//! the `new` path.

mod charts;
mod compare;
mod env;
mod html;
mod load;
mod preflight;
mod procstat;
mod report;
mod run;
mod schema;
mod selfcheck;
mod server;
mod size;
mod stats;
mod summary;
mod toy;
mod workload;

use std::time::Duration;

pub use compare::{compare, rerender};
pub use run::{Written, run};
pub use schema::SCHEMA_VERSION;
pub use selfcheck::{CheckOptions, CheckReport, self_check};

/// The workloads `--workloads` accepts.
pub const WORKLOADS: [&str; 5] = workload::NAMES;
/// The default `--workloads`.
pub const DEFAULT_WORKLOADS: &str = workload::DEFAULT;

/// How to split the CPUs between the server and the load generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cpus {
    /// The server on CPU 0, the client on CPU 1 (when there are two and `taskset` exists).
    Split,
    /// Both run wherever the kernel puts them.
    Shared,
}

/// `--rate`: requests per second, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    /// Half the slowest starter's measured capacity, per workload.
    Auto,
    Fixed(f64),
}

impl std::str::FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(Rate::Auto);
        }
        s.parse()
            .map(Rate::Fixed)
            .map_err(|_| format!("`{s}` is neither requests per second nor `auto`"))
    }
}

/// Settings of one `bench` run.
#[derive(Debug, Clone)]
pub struct Options {
    pub workloads: Vec<String>,
    pub connections: usize,
    /// Requests per second for the open loop; `None` measures capacity (closed loop).
    pub rate: Option<f64>,
    /// `--rate auto`: each workload's open loop at half the slowest starter's capacity for it,
    /// measured by a closed-loop calibration round first.
    pub rate_auto: bool,
    pub warmup: Duration,
    pub duration: Duration,
    pub rounds: usize,
    pub records: u64,
    pub seed: u64,
    pub cpus: Cpus,
    /// `--workers N`: one worker count forced on every starter (see `server::workers_env`);
    /// `None` runs each with the count its production command documents.
    pub workers: Option<usize>,
    /// Install (when nothing is) and check the contract before measuring; off with
    /// `--skip-preflight`, for starters `verify` has just proven.
    pub preflight: bool,
    pub timeout: Duration,
    /// Progress lines on stderr.
    pub progress: bool,
}

impl Options {
    /// The full run: 3 s warm-up and 6 s measured per workload, 7 rounds, 1,000 records.
    pub fn standard() -> Options {
        Options {
            workloads: DEFAULT_WORKLOADS.split(',').map(String::from).collect(),
            connections: 32,
            rate: None,
            rate_auto: false,
            // Seven short rounds rather than three long ones: a range is only as good as the
            // number of rounds it spans. With three, a rerun's median falls outside it two times
            // in five even on a steady machine; with seven, one time in fourteen
            // (`stats::rerun_inside_chance`). The measured time stays about the same.
            warmup: Duration::from_secs(3),
            duration: Duration::from_secs(6),
            rounds: 7,
            records: 1000,
            seed: 42,
            cpus: Cpus::Split,
            workers: None,
            preflight: true,
            timeout: Duration::from_secs(5),
            progress: true,
        }
    }

    /// `--quick`: a first look in minutes (1 s warm-up, 3 s measured, 1 round, 200 records).
    pub fn quick() -> Options {
        Options {
            warmup: Duration::from_secs(1),
            duration: Duration::from_secs(3),
            rounds: 1,
            records: 200,
            ..Options::standard()
        }
    }
}

pub use crate::error::BenchError;
