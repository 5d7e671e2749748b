//! `scaffold new --git`: a repository with one commit. The only subprocess `new` may start,
//! and only when asked.

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `git ARGS` in `dir`; its trimmed stdout, or why it failed.
pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Initialises `dir` and commits everything not ignored. An identity is supplied only when
/// the user has none configured.
pub fn init(dir: &Path) -> Result<(), String> {
    git(dir, &["init", "--quiet"])?;
    git(dir, &["add", "--all"])?;
    let mut commit = vec![];
    if git(dir, &["config", "user.email"]).is_err() {
        commit.extend(["-c", "user.email=scaffold@localhost"]);
    }
    if git(dir, &["config", "user.name"]).is_err() {
        commit.extend(["-c", "user.name=scaffold"]);
    }
    commit.extend([
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "Initial commit from scaffold",
    ]);
    git(dir, &commit).map(|_| ())
}

/// True when a `git` program can be run.
pub fn available() -> bool {
    crate::process::on_path("git")
}
