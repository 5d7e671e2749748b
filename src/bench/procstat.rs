//! What the server costs, read from `/proc` for its whole process group (the shell, a
//! launcher such as gunicorn's master, and every worker): CPU time and PSS, the memory
//! measure that counts a page shared between workers once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Clock ticks per second, for the CPU times in `/proc/<pid>/stat`.
fn ticks_per_second() -> f64 {
    use nix::unistd::{SysconfVar, sysconf};
    match sysconf(SysconfVar::CLK_TCK) {
        Ok(Some(t)) if t > 0 => t as f64,
        _ => 100.0,
    }
}

/// `(pid, pgrp, utime + stime in ticks, threads)` from one `/proc/<pid>/stat` line.
fn parse_stat(line: &str) -> Option<(i32, i32, u64, u64)> {
    let pid = line.split_whitespace().next()?.parse().ok()?;
    // The command name may hold spaces and parentheses: fields resume after the last `)`.
    let rest = &line[line.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state(0) ppid(1) pgrp(2) ... utime(11) stime(12) ... num_threads(17).
    let pgrp = fields.get(2)?.parse().ok()?;
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let threads = fields.get(17).and_then(|t| t.parse().ok()).unwrap_or(1);
    Some((pid, pgrp, utime + stime, threads))
}

/// Every live process of group `pgid`, with its CPU ticks and its threads.
fn group(pgid: i32) -> Vec<(i32, u64, u64)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|s| parse_stat(&s))
        .filter(|(_, g, _, _)| *g == pgid)
        .map(|(pid, _, t, n)| (pid, t, n))
        .collect()
}

/// The group's live processes and their threads (the `sh` that runs the command included).
pub(crate) fn tasks(pgid: i32) -> (u64, u64) {
    let g = group(pgid);
    (g.len() as u64, g.iter().map(|(_, _, n)| *n).sum())
}

/// CPU seconds the group's live processes have used so far.
pub(crate) fn cpu_seconds(pgid: i32) -> f64 {
    group(pgid).iter().map(|(_, t, _)| *t).sum::<u64>() as f64 / ticks_per_second()
}

/// The `Pss:` figure of one `smaps_rollup`, in kB.
fn parse_pss(rollup: &str) -> Option<u64> {
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// PSS summed over the group, in kB (0 when `/proc` hides it).
pub(crate) fn pss_kb(pgid: i32) -> u64 {
    group(pgid)
        .iter()
        .filter_map(|(pid, _, _)| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|s| parse_pss(&s))
        .sum()
}

/// Samples the group's PSS every 200 ms in the background and keeps the peak; reads the
/// group's CPU time once at `mark` (the end of the warm-up).
pub(crate) struct PeakSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: Option<JoinHandle<f64>>,
}

impl PeakSampler {
    pub(crate) fn start(pgid: i32, mark: Instant) -> PeakSampler {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(pss_kb(pgid)));
        let (s, p) = (stop.clone(), peak.clone());
        let thread = std::thread::spawn(move || {
            let mut cpu_at_mark = None;
            while !s.load(Ordering::Relaxed) {
                let now = Instant::now();
                let nap = match cpu_at_mark {
                    None if mark > now => (mark - now).min(Duration::from_millis(200)),
                    _ => Duration::from_millis(200),
                };
                std::thread::sleep(nap);
                if cpu_at_mark.is_none() && Instant::now() >= mark {
                    cpu_at_mark = Some(cpu_seconds(pgid));
                }
                p.fetch_max(pss_kb(pgid), Ordering::Relaxed);
            }
            cpu_at_mark.unwrap_or_else(|| cpu_seconds(pgid))
        });
        PeakSampler {
            stop,
            peak,
            thread: Some(thread),
        }
    }

    /// Stops sampling; the highest PSS seen in kB, and the CPU seconds at the mark.
    pub(crate) fn finish(mut self) -> (u64, f64) {
        self.stop.store(true, Ordering::Relaxed);
        let cpu = self
            .thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or(0.0);
        (self.peak.load(Ordering::Relaxed), cpu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_group_cpu_and_threads_from_stat_even_with_odd_names() {
        let line =
            "4242 (my (odd) server) S 1 4200 4200 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0";
        assert_eq!(parse_stat(line), Some((4242, 4200, 300, 3)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn reads_pss_from_smaps_rollup() {
        let rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:  20480 kB\nPss:  12345 kB\nPss_Anon: 1 kB\n";
        assert_eq!(parse_pss(rollup), Some(12345));
        assert_eq!(parse_pss("Rss: 1 kB\n"), None);
    }

    #[test]
    fn measures_this_test_process_group() {
        let pgid = nix::unistd::getpgrp().as_raw();
        assert!(pss_kb(pgid) > 0);
        assert!(cpu_seconds(pgid) >= 0.0);
        let (processes, threads) = tasks(pgid);
        assert!(
            processes >= 1 && threads >= processes,
            "{processes} {threads}"
        );
    }
}
