//! A starter's size, read from its folder without knowing its framework: its own lines of
//! code (the files its `.gitignore` keeps, lockfiles and binary files left out) and its
//! install size (disk usage of the folders its `.gitignore` excludes, such as `node_modules/`
//! or `.venv/`, other than scaffold's own `.scaffold/`). Dependencies a toolchain keeps outside
//! the folder (Maven's `~/.m2`, Go's module cache) are not in the install size.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// What [`measure`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Size {
    /// Text files of the starter's own (not ignored, not lockfiles).
    pub own_files: u64,
    /// Their non-blank lines.
    pub own_lines: u64,
    /// Disk usage of the ignored folders after install, in KiB.
    pub install_kb: u64,
}

/// The starter's size; `None` when its folder cannot be read.
pub(crate) fn measure(dir: &Path) -> Option<Size> {
    let ignore = std::fs::read_to_string(dir.join(".gitignore"))
        .map(|t| Ignore::parse(&t))
        .unwrap_or_default();
    let mut size = Size::default();
    walk(dir, "", &ignore, &mut size).ok()?;
    Some(size)
}

fn walk(dir: &Path, rel: &str, ignore: &Ignore, size: &mut Size) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{rel}{name}");
        let meta = entry.path().symlink_metadata()?;
        let is_dir = meta.is_dir();
        if name == ".git" || name == ".scaffold" {
            continue;
        }
        if ignore.matches(&path, &name, is_dir) {
            if is_dir {
                size.install_kb += disk_usage(&entry.path()) / 1024;
            }
            continue;
        }
        if is_dir {
            walk(&entry.path(), &format!("{path}/"), ignore, size)?;
        } else if meta.is_file() && !is_lockfile(&name) {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                size.own_files += 1;
                size.own_lines += text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
            }
        }
    }
    Ok(())
}

/// Bytes on disk below `path` (allocated blocks, symlinks not followed).
fn disk_usage(path: &Path) -> u64 {
    let Ok(meta) = path.symlink_metadata() else {
        return 0;
    };
    let mut total = meta.blocks() * 512;
    if meta.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for e in entries.flatten() {
                total += disk_usage(&e.path());
            }
        }
    }
    total
}

/// Lockfiles are written by the package manager, not by the template: `package-lock.json`,
/// `Cargo.lock`, `poetry.lock`, `pnpm-lock.yaml`, `go.sum`, ...
fn is_lockfile(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".lock")
        || lower.contains("-lock.")
        || lower.ends_with(".lock.json")
        || lower == "go.sum"
}

/// The subset of `.gitignore` a generated starter uses: names and `*` globs, a trailing `/`
/// for folders only, a leading or inner `/` anchoring to the folder root, `!` to keep.
#[derive(Debug, Default)]
struct Ignore {
    rules: Vec<Rule>,
}

#[derive(Debug)]
struct Rule {
    pattern: String,
    dir_only: bool,
    anchored: bool,
    negate: bool,
}

impl Ignore {
    fn parse(text: &str) -> Ignore {
        let rules = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (negate, l) = l.strip_prefix('!').map_or((false, l), |r| (true, r));
                let (dir_only, l) = l.strip_suffix('/').map_or((false, l), |r| (true, r));
                let anchored = l.contains('/');
                Rule {
                    pattern: l.trim_start_matches('/').to_string(),
                    dir_only,
                    anchored,
                    negate,
                }
            })
            .collect();
        Ignore { rules }
    }

    /// Whether `path` (relative, `/`-separated; `name` its last part) is ignored.
    fn matches(&self, path: &str, name: &str, is_dir: bool) -> bool {
        let mut ignored = false;
        for r in &self.rules {
            if r.dir_only && !is_dir {
                continue;
            }
            let subject = if r.anchored { path } else { name };
            if glob(&r.pattern, subject) {
                ignored = !r.negate;
            }
        }
        ignored
    }
}

/// `*` matches any run of characters except `/`, `?` one character; the rest literally.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' && t[ti] != '/' || p[pi] == t[ti] && p[pi] != '*') {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star.filter(|&(_, st)| t[st] != '/') {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_gitignore() {
        assert!(glob("*.db", "bench.db"));
        assert!(!glob("*.db", "bench.db-wal"));
        assert!(glob("npm-debug.log*", "npm-debug.log.1"));
        assert!(glob("node_modules", "node_modules"));
        assert!(!glob("a*c", "a/c"));
        assert!(glob("a?c", "abc"));
        assert!(glob("*", ""));
    }

    #[test]
    fn ignore_rules_follow_gitignore() {
        let i = Ignore::parse("# deps\nnode_modules/\n*.log\n!keep.log\n/build\ndocs/out\n");
        assert!(i.matches("node_modules", "node_modules", true));
        assert!(!i.matches("node_modules", "node_modules", false));
        assert!(i.matches("src/a.log", "a.log", false));
        assert!(!i.matches("keep.log", "keep.log", false));
        assert!(i.matches("build", "build", true));
        assert!(!i.matches("src/build", "build", true));
        assert!(i.matches("docs/out", "out", true));
    }

    #[test]
    fn counts_own_lines_and_ignored_folders() {
        let d = tempfile::tempdir().expect("tempdir");
        let root = d.path();
        std::fs::write(root.join(".gitignore"), "deps/\n").expect("write");
        std::fs::create_dir_all(root.join("src")).expect("mkdir");
        std::fs::write(root.join("src/app.js"), "a\n\nb\nc\n").expect("write");
        std::fs::write(root.join("package-lock.json"), "{\n}\n").expect("write");
        std::fs::create_dir_all(root.join("deps/x")).expect("mkdir");
        std::fs::write(root.join("deps/x/big.js"), vec![b'x'; 64 * 1024]).expect("write");
        std::fs::create_dir_all(root.join(".scaffold")).expect("mkdir");
        std::fs::write(root.join(".scaffold/log"), "x\n".repeat(100)).expect("write");
        let s = measure(root).expect("measured");
        // .gitignore (1 line) and src/app.js (3 non-blank lines); no lockfile, deps or logs.
        assert_eq!((s.own_files, s.own_lines), (2, 4));
        assert!(s.install_kb >= 64, "{s:?}");
        assert!(
            is_lockfile("Cargo.lock") && is_lockfile("pnpm-lock.yaml") && is_lockfile("go.sum")
        );
        assert!(!is_lockfile("lockers.js"));
    }
}
