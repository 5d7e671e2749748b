//! A small builder over assert_cmd + tempfile: by default a command must succeed with empty
//! stderr, so unexpected output fails the test.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A scratch directory and a `scaffold` command running in it.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `scaffold ARGS` in the sandbox, with its own config folder and no colour. HOME stays:
    /// toolchains (npm, pip) read their settings and caches from it.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("scaffold").expect("binary built");
        cmd.current_dir(self.path())
            .args(args)
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", self.join(".config"));
        for (key, _) in scaffold_vars() {
            cmd.env_remove(key);
        }
        cmd
    }

    /// The same command as a plain `std::process::Command`, for tests that signal it.
    pub fn spawnable(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("scaffold"));
        cmd.current_dir(self.path())
            .args(args)
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", self.join(".config"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (key, _) in scaffold_vars() {
            cmd.env_remove(key);
        }
        cmd
    }

    /// Runs and expects success with empty stderr (nothing is silenced: a warning or stray
    /// progress line fails the test); returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "scaffold {args:?} failed: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and expects exit `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(code),
            "scaffold {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    /// Every file below `rel`, relative, sorted.
    pub fn tree(&self, rel: &str) -> Vec<String> {
        let root = self.join(rel);
        let mut out = Vec::new();
        walk(&root, &root, &mut out);
        out.sort();
        out
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .expect("below root")
                    .display()
                    .to_string(),
            );
        }
    }
}

/// The repository's `examples/` folder.
/// Every `SCAFFOLD_*` variable of the test's own environment: none may leak into a run.
fn scaffold_vars() -> Vec<(String, String)> {
    std::env::vars()
        .filter(|(k, _)| k.starts_with("SCAFFOLD_"))
        .collect()
}

pub fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}
