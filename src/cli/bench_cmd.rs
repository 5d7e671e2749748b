//! `scaffold bench`: measure, re-render a report, or compare two runs.

use std::process::ExitCode;

use super::args::{BenchAction, BenchArgs};
use super::output::out;
use crate::bench;
use crate::error::Error;

/// Runs `bench` with its subcommand, if any.
pub(super) fn run(args: &BenchArgs, quiet: bool) -> Result<ExitCode, Error> {
    match &args.action {
        Some(BenchAction::Report { results }) => {
            let dir = bench::rerender(results)?;
            if !quiet {
                out(&format!("Wrote {}/report.html\n", dir.display()));
            }
        }
        Some(BenchAction::Compare { a, b }) => out(&bench::compare(a, b)?),
        Some(BenchAction::SelfCheck {
            duration,
            connections,
            starter,
            cpus,
        }) => {
            let (catalog, _) = super::catalog(args.template.as_deref())?;
            let options = bench::CheckOptions {
                duration: std::time::Duration::from_secs_f64(duration.clamp(0.1, 3600.0)),
                connections: (*connections).max(1),
                cpus: (*cpus).into(),
                starter: starter.clone(),
            };
            let report = bench::self_check(&catalog, &options)?;
            out(&report.text);
            if !report.passed {
                return Ok(ExitCode::FAILURE);
            }
        }
        None => {
            let Some(path) = &args.path else {
                return Err(Error::Usage(
                    "`scaffold bench` needs a starter folder".into(),
                ));
            };
            let (catalog, _) = super::catalog(args.template.as_deref())?;
            let mut options = args.options();
            options.progress = !quiet;
            let written = bench::run(path, &catalog, &options)?;
            if !quiet {
                out(&format!("Wrote {}/report.html\n", written.dir.display()));
            }
            if !written.not_measured.is_empty() {
                eprintln!(
                    "warning: not measured: {} (see the report)",
                    written.not_measured.join(", ")
                );
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
