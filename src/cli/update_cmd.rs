//! `scaffold update`: flags to a [`Change`], the reports printed, conflicts as exit code 1.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::error::Error;
use crate::generate::request::read_spec_file;
use crate::update::merge::Kind;
use crate::update::{self, Change, Options};

use super::args::{ColorChoice, UpdateArgs};
use super::output::out;

fn label(kind: &Kind) -> String {
    match kind {
        Kind::Added => "added".into(),
        Kind::Updated => "updated".into(),
        Kind::Merged => "merged".into(),
        Kind::Conflict { .. } => "CONFLICT".into(),
        Kind::Removed => "removed".into(),
        Kind::Kept => "kept".into(),
        Kind::EnvAppended { .. } => "appended".into(),
    }
}

fn note(kind: &Kind) -> String {
    match kind {
        Kind::Conflict { reason } => format!("  ({reason})"),
        Kind::Kept => "  (edited here; no longer in the template)".into(),
        Kind::EnvAppended { secrets } => format!("  (new secrets: {})", secrets.join(", ")),
        _ => String::new(),
    }
}

pub(super) fn run(args: &UpdateArgs, quiet: bool, color: ColorChoice) -> Result<ExitCode, Error> {
    let (catalog, _) = super::catalog(args.template.as_deref())?;
    let change = Change {
        spec: args.spec.as_deref().map(read_spec_file).transpose()?,
        description: args.description.clone(),
        author: args.author.clone(),
        port: args.port,
        resources: args
            .resources
            .iter()
            .map(|r| r.parse())
            .collect::<Result<_, _>>()?,
    };
    let options = Options {
        dry_run: args.dry_run,
        allow_dirty: args.allow_dirty,
    };
    let (reports, planned) = update::run(&catalog, &args.path, &change, options)?;
    let styled = color.enabled(std::io::stdout().is_terminal());
    let mut text = String::new();
    for r in &reports {
        let head = format!(
            "{} ({}): {}",
            r.dir.display(),
            r.framework.as_deref().unwrap_or("?"),
            r.status
        );
        let head = match (styled, r.ok()) {
            (true, true) => console::style(head).green().to_string(),
            (true, false) => console::style(head).red().to_string(),
            _ => head,
        };
        text.push_str(&head);
        text.push('\n');
        if let Some(e) = &r.error {
            text.push_str(&format!("  error: {e}\n"));
        }
        if let Some(m) = &r.migration {
            text.push_str(&format!("  {m}\n"));
        }
        for (path, kind) in &r.changes {
            text.push_str(&format!("  {:<9} {path}{}\n", label(kind), note(kind)));
        }
    }
    if args.diff {
        for p in &planned {
            text.push_str(&update::diff(p));
        }
    }
    let conflicts: usize = reports
        .iter()
        .map(|r| r.changes.iter().filter(|(_, k)| k.is_conflict()).count())
        .sum();
    if conflicts > 0 && !args.dry_run {
        text.push_str(&format!(
            "{conflicts} file(s) with conflicts: resolve the `<<<<<<<` markers, then run the starter's tests\n"
        ));
    }
    if !quiet || reports.iter().any(|r| !r.ok()) {
        out(&text);
    }
    Ok(if reports.iter().all(update::Report::ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
