//! The summary of a starter: median and min–max of every metric over its rounds, and every
//! round's requests merged into one latency histogram per workload.

use super::schema::{RoundResult, Summary, WorkloadRun, WorkloadSummary};
use super::stats::{self, Spread, spread};

/// Median and min–max of every metric over the rounds that measured it.
pub(crate) fn summarize(rounds: &[RoundResult], workloads: &[String]) -> Summary {
    let over = |f: &dyn Fn(&RoundResult) -> f64| {
        let v: Vec<f64> = rounds
            .iter()
            .filter(|r| r.error.is_none() || !r.workloads.is_empty())
            .map(f)
            .collect();
        spread(&v)
    };
    let mut out = Vec::new();
    for name in workloads {
        let runs: Vec<&WorkloadRun> = rounds
            .iter()
            .flat_map(|r| r.workloads.iter())
            .filter(|w| &w.workload == name)
            .collect();
        let of = |f: &dyn Fn(&WorkloadRun) -> f64| -> Spread {
            let v: Vec<f64> = runs.iter().map(|w| f(w)).collect();
            spread(&v).unwrap_or(Spread {
                median: 0.0,
                min: 0.0,
                max: 0.0,
            })
        };
        if runs.is_empty() {
            continue;
        }
        out.push(WorkloadSummary {
            workload: name.clone(),
            rounds: runs.len(),
            rps: of(&|w| w.rps),
            p50_us: of(&|w| w.latency_us.p50 as f64),
            p90_us: of(&|w| w.latency_us.p90 as f64),
            p99_us: of(&|w| w.latency_us.p99 as f64),
            p999_us: of(&|w| w.latency_us.p999 as f64),
            max_us: of(&|w| w.latency_us.max as f64),
            merged_latency_us: stats::percentiles(&stats::merge(
                &runs
                    .iter()
                    .map(|w| stats::from_raw(&w.histogram))
                    .collect::<Vec<_>>(),
            )),
            errors: runs.iter().map(|w| w.errors.total()).sum(),
            server_cpu_cores: of(&|w| w.server_cpu_cores),
            server_cpu_ms_per_1k: of(&|w| w.server_cpu_ms_per_1k),
            peak_pss_kb: of(&|w| w.peak_pss_kb as f64),
            client_saturated: runs.iter().any(|w| w.client_saturated),
        });
    }
    Summary {
        startup_ms: over(&|r| r.startup_ms),
        first_request_ms: over(&|r| r.first_request_ms),
        idle_pss_kb: over(&|r| r.idle_pss_kb as f64),
        end_pss_kb: over(&|r| r.end_pss_kb as f64),
        workloads: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_takes_median_and_range_over_rounds() {
        let run = |rps: f64, p50: u64| WorkloadRun {
            histogram: {
                let mut h = stats::histogram();
                stats::record(&mut h, p50);
                stats::raw(&h)
            },
            workload: "read".into(),
            requests: 100,
            seconds: 1.0,
            rps,
            latency_us: stats::Percentiles {
                p50,
                p90: p50 * 2,
                p99: p50 * 3,
                p999: p50 * 4,
                max: p50 * 5,
                mean: p50 as f64,
            },
            spectrum: Vec::new(),
            errors: Default::default(),
            server_cpu_cores: 0.5,
            server_cpu_ms_per_1k: 5.0,
            peak_pss_kb: 1000,
            client_cpu_cores: 0.2,
            client_busy: 0.3,
            client_saturated: false,
        };
        let round = |n, rps, p50| RoundResult {
            round: n,
            position: 1,
            startup_ms: 100.0 * n as f64,
            first_request_ms: 2.0,
            idle_pss_kb: 900,
            end_pss_kb: 1100,
            processes: 2,
            threads: 9,
            error: None,
            workloads: vec![run(rps, p50)],
        };
        let rounds = [
            round(1, 1000.0, 10),
            round(2, 1200.0, 8),
            round(3, 900.0, 12),
        ];
        let s = summarize(&rounds, &["read".into()]);
        let w = &s.workloads[0];
        assert_eq!(
            (w.rps.min, w.rps.median, w.rps.max),
            (900.0, 1000.0, 1200.0)
        );
        assert_eq!(
            (w.p50_us.min, w.p50_us.median, w.p50_us.max),
            (8.0, 10.0, 12.0)
        );
        assert_eq!(s.startup_ms.map(|s| s.median), Some(200.0));
        assert_eq!(w.rounds, 3);
        // Every round's requests together: 10, 8 and 12 µs, one each.
        assert_eq!(w.merged_latency_us.p50, 10);
        assert_eq!(w.merged_latency_us.max, 12);
    }
}
