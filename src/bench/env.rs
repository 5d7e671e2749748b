//! The machine and runtimes the numbers were taken on, and UTC timestamps without a date crate.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use super::schema::Machine;

/// CPU model, CPU count, memory, kernel and OS, from `/proc` and `/etc/os-release`.
pub(crate) fn machine() -> Machine {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once([':', '=']))
            .map(|(_, v)| v.trim().trim_matches('"').to_string())
            .unwrap_or_default()
    };
    let memory_kb = field(&read("/proc/meminfo"), "MemTotal")
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap_or(0);
    Machine {
        cpu_model: field(&cpuinfo, "model name"),
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        memory_kb,
        kernel: read("/proc/sys/kernel/osrelease").trim().to_string(),
        os: field(&read("/etc/os-release"), "PRETTY_NAME"),
    }
}

/// The first line `PROGRAM --version` (or `PROGRAM version`, as Go spells it) prints.
pub(crate) fn runtime_version(program: &str, dir: &Path) -> Option<String> {
    ["--version", "version"].iter().find_map(|flag| {
        let out = Command::new(program)
            .arg(flag)
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let text = [out.stdout, out.stderr].concat();
        let line = String::from_utf8_lossy(&text)
            .lines()
            .next()?
            .trim()
            .to_string();
        (!line.is_empty()).then_some(line)
    })
}

/// Seconds since the epoch as `(year, month, day, hour, minute, second)`, UTC.
fn civil(secs: u64) -> (i64, u64, u64, u64, u64, u64) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe as i64 + era * 400 + i64::from(month <= 2);
    (year, month, day, rem / 3600, rem % 3600 / 60, rem % 60)
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Now as RFC 3339 UTC: `2026-11-29T18:44:06Z`.
pub(crate) fn now_rfc3339() -> String {
    rfc3339(now_secs())
}

fn rfc3339(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// A folder name for a run started at `rfc3339`: `2026-11-29T18-44-06Z`.
pub(crate) fn folder_name(rfc3339: &str) -> String {
    rfc3339.replace(':', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_891_446), "2026-11-28T18:44:06Z");
        assert_eq!(folder_name("2026-11-29T18:44:06Z"), "2026-11-29T18-44-06Z");
    }

    #[test]
    fn describes_this_machine() {
        let m = machine();
        assert!(m.cpus >= 1);
        assert!(!m.kernel.is_empty());
    }
}
