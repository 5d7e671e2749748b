//! Pre-flight of one starter before it is measured, with `verify`'s own pieces: its toolchain,
//! its install command when nothing is installed yet (none of the folders its `.gitignore`
//! excludes is there), and the contract checked on a throwaway database. A starter that fails is a report row
//! with the reason; the others are still measured.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::process::{self, Ended};

use super::server::{self, Starter};

/// What the pre-flight did for a starter that passed it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Preflight {
    /// The install command bench ran (nothing was installed yet), if it ran one.
    pub installed_with: Option<String>,
    /// What the contract check found, e.g. `212 checks passed`.
    pub contract: String,
    pub seconds: f64,
}

/// Checks `s` before it is measured; `Err` holds the reason it is not measured.
/// `work` is a scratch folder for the logs and the contract's database.
pub(crate) fn check(
    s: &Starter,
    work: &Path,
    progress: &dyn Fn(&str),
) -> Result<Preflight, String> {
    let clock = Instant::now();
    crate::verify::toolchain(&s.manifest).map_err(|e| format!("pre-flight: {e}"))?;
    let mut installed_with = None;
    if super::size::measure(&s.dir).is_none_or(|z| z.install_kb == 0) {
        progress("nothing installed yet: installing");
        installed_with = Some(install(s, work)?);
    }
    let contract = contract(s, work, progress)?;
    Ok(Preflight {
        installed_with,
        contract,
        seconds: clock.elapsed().as_secs_f64(),
    })
}

/// Runs the install command `verify` runs.
fn install(s: &Starter, work: &Path) -> Result<String, String> {
    let line = crate::verify::install_line(&s.manifest);
    let log = work.join("install.log");
    let limit = Duration::from_secs(s.manifest.verify.install_timeout_secs);
    match process::run(&line, &s.dir, &[], &log, limit) {
        Ok(Ended::Exited(st)) if st.success() => Ok(line),
        Ok(Ended::Exited(st)) => Err(format!(
            "pre-flight: install `{line}` failed ({st}); see {}",
            log.display()
        )),
        Ok(Ended::TimedOut) => Err(format!(
            "pre-flight: install `{line}` did not finish within {} s; see {}",
            limit.as_secs(),
            log.display()
        )),
        Err(e) => Err(format!("pre-flight: cannot run `{line}`: {e}")),
    }
}

/// Starts the starter on a throwaway database and checks the contract.
fn contract(s: &Starter, work: &Path, progress: &dyn Fn(&str)) -> Result<String, String> {
    let dir = work.join("contract");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let srv = server::start(
        s,
        &dir.join("bench.db"),
        &work.join("contract.log"),
        None,
        None,
    )
    .map_err(|e| format!("pre-flight: {e}"))?;
    progress("checking the contract");
    let (report, _) = crate::contract::check(&format!("http://{}", srv.addr), &s.spec);
    srv.stop();
    let _ = std::fs::remove_dir_all(&dir);
    crate::verify::summarize(&report).map_err(|e| format!("pre-flight: contract: {e}"))
}
