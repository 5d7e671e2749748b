//! Putting a plan on disk atomically: every file goes into a temporary directory beside the
//! target, which is renamed into place only when complete. Any failure or interrupt removes
//! the temporary directory; the target is never touched unless the rename succeeds.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::error::WriteError;
use crate::generate::render::Plan;
use crate::process::interrupt::{self, Critical};

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses a target whose parent is missing, or that is a symlink, a file or a non-empty
/// directory.
pub fn check_target(target: &Path) -> Result<(), WriteError> {
    parent_of(target)?;
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(target)(e)),
        Ok(meta) if meta.file_type().is_symlink() => Err(WriteError::TargetIsSymlink {
            path: target.to_path_buf(),
        }),
        Ok(meta) if !meta.is_dir() => Err(WriteError::TargetNotDir {
            path: target.to_path_buf(),
        }),
        Ok(_) => {
            let mut entries = fs::read_dir(target).map_err(io(target))?;
            if entries.next().is_some() {
                Err(WriteError::TargetNotEmpty {
                    path: target.to_path_buf(),
                })
            } else {
                Ok(())
            }
        }
    }
}

/// The directory the target is created in; it must already exist.
fn parent_of(target: &Path) -> Result<PathBuf, WriteError> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if parent.is_dir() {
        Ok(parent)
    } else {
        Err(WriteError::ParentMissing { path: parent })
    }
}

/// Writes `plan` to `target`, all or nothing.
pub fn write(plan: &Plan, target: &Path) -> Result<(), WriteError> {
    let parent = parent_of(target)?;
    check_target(target)?;
    let pause = test_pause();
    let _critical = Critical::enter();
    let tmp = tempfile::Builder::new()
        .prefix(".scaffold-tmp-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    // Each folder is made once, parents first, with one `mkdir` each: the temporary folder
    // is new, so a folder not made here does not exist. A bake-off writes hundreds of files
    // in about 150 folders: asking the file system again for every file was a third of its
    // system time, and `create_dir_all` tries the deepest folder first, failing once per
    // missing parent.
    let mut made = std::collections::HashSet::new();
    made.insert(tmp.path().to_path_buf());
    for file in &plan.files {
        if interrupt::interrupted() {
            return Err(WriteError::Interrupted);
        }
        let path = tmp.path().join(&file.path);
        if let Some(dir) = path.parent() {
            let missing: Vec<&Path> = dir.ancestors().take_while(|d| !made.contains(*d)).collect();
            for d in missing.into_iter().rev() {
                fs::create_dir(d).map_err(io(d))?;
                made.insert(d.to_path_buf());
            }
        }
        let mut out = fs::File::create(&path).map_err(io(&path))?;
        out.write_all(&file.contents).map_err(io(&path))?;
        if file.executable {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).map_err(io(&path))?;
        }
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
    }
    // The temp dir is created 0700; the project gets the usual directory mode.
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).map_err(io(tmp.path()))?;
    if interrupt::interrupted() {
        return Err(WriteError::Interrupted);
    }
    check_target(target)?;
    fs::rename(tmp.path(), target).map_err(io(target))?;
    // Renamed away: nothing is left for the guard to delete.
    let _ = tmp.keep();
    Ok(())
}

/// A pause after each file, so the interrupt test can catch the writer between two files
/// (`SCAFFOLD_TEST_WRITE_DELAY_MS`); read once per write.
fn test_pause() -> Option<std::time::Duration> {
    std::env::var("SCAFFOLD_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(std::time::Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::render::PlannedFile;

    fn plan() -> Plan {
        Plan {
            files: vec![
                PlannedFile {
                    path: "a/b.txt".into(),
                    contents: b"hi".to_vec(),
                    executable: false,
                },
                PlannedFile {
                    path: "run.sh".into(),
                    contents: b"#!/bin/sh\n".to_vec(),
                    executable: true,
                },
            ],
        }
    }

    #[test]
    fn writes_all_files_with_modes_and_leaves_no_temp_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("proj");
        write(&plan(), &target).expect("writes");
        assert_eq!(fs::read(target.join("a/b.txt")).expect("read"), b"hi");
        let mode = fs::metadata(target.join("run.sh"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111);
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["proj"]);
    }

    #[test]
    fn folders_are_made_in_any_order_of_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("proj");
        let files = [
            "x/y/z/deep.txt",
            "x/top.txt",
            "x/y/mid.txt",
            "w/v.txt",
            "root.txt",
        ];
        let plan = Plan {
            files: files
                .iter()
                .map(|p| PlannedFile {
                    path: (*p).into(),
                    contents: p.as_bytes().to_vec(),
                    executable: false,
                })
                .collect(),
        };
        write(&plan, &target).expect("writes");
        for p in files {
            assert_eq!(fs::read(target.join(p)).expect("read"), p.as_bytes());
        }
    }

    #[test]
    fn refuses_non_empty_file_and_symlink_targets_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let full = dir.path().join("full");
        fs::create_dir(&full).expect("mkdir");
        fs::write(full.join("keep"), "mine").expect("write");
        assert!(matches!(
            write(&plan(), &full),
            Err(WriteError::TargetNotEmpty { .. })
        ));
        assert_eq!(fs::read_to_string(full.join("keep")).expect("read"), "mine");

        let file = dir.path().join("file");
        fs::write(&file, "x").expect("write");
        assert!(matches!(
            write(&plan(), &file),
            Err(WriteError::TargetNotDir { .. })
        ));

        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).expect("symlink");
        assert!(matches!(
            write(&plan(), &link),
            Err(WriteError::TargetIsSymlink { .. })
        ));
        assert_eq!(fs::read_dir(dir.path()).expect("ls").count(), 3);
    }

    #[test]
    fn fills_an_existing_empty_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).expect("mkdir");
        write(&plan(), &empty).expect("writes");
        assert!(empty.join("run.sh").exists());
    }

    #[test]
    fn missing_parent_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write(&plan(), &dir.path().join("no/such/proj")).expect_err("no parent");
        assert!(err.to_string().contains("create it first"), "{err}");
    }
}
