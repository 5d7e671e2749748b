//! Putting updates on disk, all or nothing.
//!
//! Every new file of every starter is first written to a temporary folder inside that
//! starter's `.scaffold/` (same file system, so renames are atomic). Then each change is a
//! pair of renames: the old file into a backup folder, the new one into place. A failure
//! rolls that starter back from its backups; an interrupt (SIGINT, SIGTERM) rolls every
//! starter back, so an interrupted `update` leaves every project exactly as it was.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::error::UpdateError;
use crate::generate::record;
use crate::process::interrupt;
use crate::update::merge::Decision;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> UpdateError + '_ {
    move |source| UpdateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One rename into the project: `rel` becomes the staged file, or is removed (a file, or the
/// folder of an old record).
struct Op {
    rel: String,
    staged: Option<PathBuf>,
}

/// A starter's update, staged beside it and not yet visible.
pub struct Staged {
    dir: PathBuf,
    tmp: tempfile::TempDir,
    ops: Vec<Op>,
}

/// What was done, so that it can be undone.
struct Done {
    rel: String,
    backed_up: bool,
    moved_in: bool,
    created_dirs: Vec<PathBuf>,
}

/// A pause after each file, so that tests can interrupt between two
/// (`SCAFFOLD_TEST_WRITE_DELAY_MS`).
fn pause() {
    if let Some(ms) = std::env::var("SCAFFOLD_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Writes the new contents of `decisions` and the new record (the archive's bytes) into a
/// temporary folder of `dir`.
pub fn stage(dir: &Path, decisions: &[Decision], record: &[u8]) -> Result<Staged, UpdateError> {
    let scaffold_dir = dir.join(".scaffold");
    fs::create_dir_all(&scaffold_dir).map_err(io(&scaffold_dir))?;
    let tmp = tempfile::Builder::new()
        .prefix("update-")
        .tempdir_in(&scaffold_dir)
        .map_err(io(&scaffold_dir))?;
    let write = |path: PathBuf, contents: &[u8], mode: u32| -> Result<PathBuf, UpdateError> {
        if interrupt::interrupted() {
            return Err(UpdateError::Interrupted);
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut f = fs::File::create(&path).map_err(io(&path))?;
        f.write_all(contents).map_err(io(&path))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).map_err(io(&path))?;
        pause();
        Ok(path)
    };
    let mut ops = Vec::new();
    for d in decisions {
        let staged = match &d.contents {
            Some(contents) => {
                let current = fs::metadata(dir.join(&d.path)).map(|m| m.permissions().mode());
                let mut mode = current.unwrap_or(0o644) & 0o7777;
                if d.executable {
                    mode |= 0o111;
                }
                Some(write(tmp.path().join("new").join(&d.path), contents, mode)?)
            }
            None => None,
        };
        ops.push(Op {
            rel: d.path.clone(),
            staged,
        });
    }
    // Beside `new/`, not in it: no project file can have its name.
    let archive = write(tmp.path().join("record.tar"), record, 0o644)?;
    ops.push(Op {
        rel: record::ARCHIVE.into(),
        staged: Some(archive),
    });
    // A starter made before the archive: its tree of copies goes in the same commit, so an
    // update is never left with two records, or none.
    if fs::symlink_metadata(dir.join(record::OLD_DIR)).is_ok() {
        ops.push(Op {
            rel: record::OLD_DIR.into(),
            staged: None,
        });
    }
    Ok(Staged {
        dir: dir.to_path_buf(),
        tmp,
        ops,
    })
}

impl Staged {
    fn commit(&self, done: &mut Vec<Done>) -> Result<(), UpdateError> {
        let backup = self.tmp.path().join("old");
        for op in &self.ops {
            if interrupt::interrupted() {
                return Err(UpdateError::Interrupted);
            }
            let target = self.dir.join(&op.rel);
            let mut step = Done {
                rel: op.rel.clone(),
                backed_up: false,
                moved_in: false,
                created_dirs: Vec::new(),
            };
            let exists = fs::symlink_metadata(&target).is_ok();
            if exists {
                let saved = backup.join(&op.rel);
                if let Some(parent) = saved.parent() {
                    fs::create_dir_all(parent).map_err(io(parent))?;
                }
                fs::rename(&target, &saved).map_err(io(&target))?;
                step.backed_up = true;
            }
            if let Some(staged) = &op.staged {
                step.created_dirs = create_parents(&self.dir, &op.rel)?;
                let moved = fs::rename(staged, &target).map_err(io(&target));
                step.moved_in = moved.is_ok();
                if let Err(e) = moved {
                    done.push(step);
                    return Err(e);
                }
            }
            done.push(step);
            pause();
        }
        Ok(())
    }

    /// Undoes `done`, newest first. Best effort: every step is tried.
    fn rollback(&self, done: Vec<Done>) {
        let backup = self.tmp.path().join("old");
        for step in done.into_iter().rev() {
            let target = self.dir.join(&step.rel);
            if step.moved_in {
                let _ = fs::remove_dir_all(&target).or_else(|_| fs::remove_file(&target));
            }
            if step.backed_up {
                let _ = fs::rename(backup.join(&step.rel), &target);
            }
            for d in step.created_dirs.iter().rev() {
                let _ = fs::remove_dir(d);
            }
        }
    }

    /// Folders left empty by removed files go too.
    fn tidy(&self) {
        for op in self.ops.iter().filter(|o| o.staged.is_none()) {
            let mut dir = Path::new(&op.rel).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                if fs::remove_dir(self.dir.join(d)).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
}

/// Creates the missing parent folders of `rel` inside `dir`, returning those it created.
fn create_parents(dir: &Path, rel: &str) -> Result<Vec<PathBuf>, UpdateError> {
    let mut missing = Vec::new();
    let mut p = Path::new(rel).parent();
    while let Some(d) = p.filter(|d| !d.as_os_str().is_empty()) {
        let full = dir.join(d);
        if full.exists() {
            break;
        }
        missing.push(full);
        p = d.parent();
    }
    missing.reverse();
    for d in &missing {
        fs::create_dir(d).map_err(io(d))?;
    }
    Ok(missing)
}

/// Commits every staged starter. A starter whose commit fails is rolled back and reported;
/// the others stay updated. An interrupt rolls every starter back.
/// Call inside a `Critical` section that also covered the staging.
pub fn commit_all(staged: Vec<Staged>) -> Vec<Result<(), UpdateError>> {
    let count = staged.len();
    let mut results = Vec::new();
    let mut applied: Vec<(Staged, Vec<Done>)> = Vec::new();
    for s in staged {
        let mut done = Vec::new();
        match s.commit(&mut done) {
            Ok(()) => {
                applied.push((s, done));
                results.push(Ok(()));
            }
            Err(e) => {
                s.rollback(done);
                results.push(Err(e));
                if interrupt::interrupted() {
                    break;
                }
            }
        }
    }
    if interrupt::interrupted() {
        for (s, done) in applied.into_iter().rev() {
            s.rollback(done);
        }
        return (0..count).map(|_| Err(UpdateError::Interrupted)).collect();
    }
    for (s, _) in &applied {
        s.tidy();
    }
    results
}
