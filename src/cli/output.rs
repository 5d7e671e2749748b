//! What `scaffold` prints: stdout that survives a closed pipe, errors, plans and next steps.
//! Colour is added here, at print time, through one styler; messages never carry it.

use crate::error::Error;
use crate::generate::Prepared;
use crate::generate::render::Plan;

/// Writes to stdout; a closed pipe (`scaffold list | head -1`) ends output quietly.
pub(crate) fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

/// One line per file: size and path.
pub(crate) fn print_plan(plan: &Plan) {
    let archive = crate::generate::record::ARCHIVE;
    let mut lines = String::new();
    for f in &plan.files {
        lines.push_str(&format!("{:>8}  {}", f.contents.len(), f.path));
        // The record holds a copy of each file of its project (a bake-off has one per
        // starter): say what the archive is, rather than a size and a name alone.
        if let Some(project) = f.path.strip_suffix(archive)
            && (project.is_empty() || project.ends_with('/'))
        {
            let files = plan
                .files
                .iter()
                .filter(|g| g.path.starts_with(project) && g.path != f.path)
                .count();
            lines.push_str(&format!(
                " ({files} files: the record `scaffold update` merges from)"
            ));
        }
        lines.push('\n');
    }
    out(&lines);
}

/// `error: ...` on stderr; with `-v`, every cause and the debug form.
pub(crate) fn report(e: &Error, verbose: bool) {
    eprintln!("{} {e}", console::style("error:").red().bold().for_stderr());
    if verbose {
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            eprintln!("  caused by: {s}");
            source = s.source();
        }
        eprintln!("  debug: {e:?}");
    }
}

/// The success line and the commands that take a new starter to a running server.
pub(crate) fn next_steps(prepared: &Prepared<'_>, color: bool) -> String {
    let m = &prepared.template.manifest;
    let shown = prepared.target.display();
    let check = if color {
        format!("{} ", console::style("✓").green().force_styling(true))
    } else {
        String::new()
    };
    let mut text = format!(
        "{check}Created {} ({}) at {shown}\n\nNext steps:\n  cd {shown}\n",
        prepared.spec.name, m.id
    );
    for step in m.commands.steps() {
        text.push_str(&format!("  {step}\n"));
    }
    text.push_str("\nDevelopment loop:\n");
    for (what, step) in m.commands.loop_steps() {
        text.push_str(&format!("  {step:<40} # {what}\n"));
    }
    text
}
