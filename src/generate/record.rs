//! The record of a render, kept in every starter so that `scaffold update` can three-way merge
//! later without the scaffold binary or template version that made it.
//!
//! The record is the pristine render itself, every file as the template produced it, in one
//! uncompressed tar archive, `.scaffold/base.tar`, at its project path. One file rather than a
//! tree of copies: the copies were half of the files a bake-off wrote, and creating files is
//! most of its time; and inside an archive no toolchain, linter or test runner mistakes a copy
//! for the project's own file. Hashes would be smaller, but a merge needs the old text, and
//! re-rendering the old text would need the old template: copies make the record
//! self-contained. Plain tar keeps it readable with standard tools:
//! `tar -tf .scaffold/base.tar`, or `mkdir /tmp/x && tar -xf .scaffold/base.tar -C /tmp/x &&
//! diff -r /tmp/x .` to see what was changed since the last render.
//!
//! The archive is deterministic (entries sorted by path, mtime 0, owner 0:0 without names,
//! mode 0644 or 0755), so the same spec and template give the same bytes and git sees no
//! change when nothing changed.
//!
//! Secrets are never part of it: the project is rendered once with a placeholder for each
//! secret, recorded as such, and the real values are put into the project's copy only.

use std::collections::BTreeMap;
use std::io::Read as _;

use crate::error::WriteError;
use crate::generate::manifest::Secret;
use crate::generate::render::{Plan, PlannedFile};

/// Where the record lives, relative to the project.
pub const ARCHIVE: &str = ".scaffold/base.tar";
/// Where starters made before the archive kept their record: a copy of every file, its name
/// suffixed [`OLD_SUFFIX`]. `scaffold update` still reads it, and replaces it with the archive.
pub const OLD_DIR: &str = ".scaffold/base";
/// Appended to every file name in [`OLD_DIR`].
pub const OLD_SUFFIX: &str = ".base";
/// The only file a merge never touches: local settings and secrets (see `scaffold update`).
pub const ENV_FILE: &str = ".env";

/// The text standing for secret `name` in the record.
pub fn placeholder(name: &str) -> String {
    format!("scaffold-secret-placeholder-{name}")
}

/// A placeholder for each secret of a template, by name.
pub fn placeholders(secrets: &[Secret]) -> BTreeMap<String, String> {
    secrets
        .iter()
        .map(|s| (s.name.clone(), placeholder(&s.name)))
        .collect()
}

/// `contents` with every placeholder replaced by its secret's value.
pub fn fill(contents: &[u8], values: &BTreeMap<String, String>) -> Vec<u8> {
    // Most templates have no secret: then no file is even scanned.
    if values.is_empty() {
        return contents.to_vec();
    }
    match std::str::from_utf8(contents) {
        Ok(text) if text.contains("scaffold-secret-placeholder-") => {
            let mut text = text.to_string();
            for (name, value) in values {
                text = text.replace(&placeholder(name), value);
            }
            text.into_bytes()
        }
        _ => contents.to_vec(),
    }
}

/// The names of the secrets whose placeholders `contents` holds.
pub fn secrets_in(contents: &[u8], names: impl IntoIterator<Item = String>) -> Vec<String> {
    let text = String::from_utf8_lossy(contents);
    names
        .into_iter()
        .filter(|n| text.contains(&placeholder(n)))
        .collect()
}

/// The project's files (secrets filled in) followed by the record of the pristine render.
pub fn project(pristine: Plan, values: &BTreeMap<String, String>) -> Result<Plan, WriteError> {
    let record = archive(&pristine.files)?;
    let mut files: Vec<PlannedFile> = pristine
        .files
        .into_iter()
        .map(|file| PlannedFile {
            contents: fill(&file.contents, values),
            ..file
        })
        .collect();
    files.push(PlannedFile {
        path: ARCHIVE.into(),
        contents: record,
        executable: false,
    });
    Ok(Plan { files })
}

/// The record of `files`: a tar archive, the same bytes for the same files in any order.
pub fn archive(files: &[PlannedFile]) -> Result<Vec<u8>, WriteError> {
    let mut sorted: Vec<&PlannedFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    // A 512-byte header per file, its contents padded to 512, and the two closing blocks.
    let size = sorted
        .iter()
        .map(|f| 512 + f.contents.len().div_ceil(512) * 512)
        .sum::<usize>()
        + 1024;
    let mut builder = tar::Builder::new(Vec::with_capacity(size));
    for file in sorted {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(file.contents.len() as u64);
        header.set_mode(if file.executable { 0o755 } else { 0o644 });
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(0);
        // Paths longer than a header holds go in a GNU long-name entry before it.
        builder
            .append_data(&mut header, &file.path, file.contents.as_slice())
            .map_err(|source| WriteError::Io {
                path: file.path.clone().into(),
                source,
            })?;
    }
    builder.into_inner().map_err(|source| WriteError::Io {
        path: ARCHIVE.into(),
        source,
    })
}

/// The files of a record archive, by project path. Only regular files at relative paths
/// without `.` or `..` segments are accepted: whatever the archive holds, an update must never
/// read or write outside the project.
pub fn unpack(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut archive = tar::Archive::new(bytes);
    let mut files = BTreeMap::new();
    for entry in archive.entries().map_err(|e| e.to_string())? {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path().map_err(|e| e.to_string())?;
        let shown = path.display().to_string();
        let path = path
            .to_str()
            .filter(|p| p.split('/').all(|s| !matches!(s, "" | "." | "..")))
            .ok_or_else(|| format!("entry `{shown}` is not a relative path inside the project"))?
            .to_string();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(format!("entry `{path}` is not a regular file"));
        }
        let mut contents = Vec::new();
        entry
            .read_to_end(&mut contents)
            .map_err(|e| format!("entry `{path}`: {e}"))?;
        files.insert(path, contents);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str, executable: bool) -> PlannedFile {
        PlannedFile {
            path: path.into(),
            contents: contents.as_bytes().to_vec(),
            executable,
        }
    }

    fn recorded(plan: &Plan) -> BTreeMap<String, Vec<u8>> {
        let archive = plan
            .files
            .iter()
            .find(|f| f.path == ARCHIVE)
            .expect("the record is planned");
        unpack(&archive.contents).expect("the record reads back")
    }

    #[test]
    fn secrets_reach_the_project_and_never_the_record() {
        let values = BTreeMap::from([("key".to_string(), "s3cr3t".to_string())]);
        let env = format!("KEY={}\nOTHER=1\n", placeholder("key"));
        let pristine = Plan {
            files: vec![file(".env", &env, false)],
        };
        let plan = project(pristine, &values).expect("plans");
        assert_eq!(plan.files[0].path, ".env");
        assert_eq!(plan.files[0].contents, b"KEY=s3cr3t\nOTHER=1\n");
        let record = recorded(&plan);
        assert!(!String::from_utf8_lossy(&record[".env"]).contains("s3cr3t"));
        assert_eq!(secrets_in(&record[".env"], ["key".to_string()]), ["key"]);
        // Nothing but the archive holds the secret's value; the archive holds none.
        assert!(
            !String::from_utf8_lossy(&plan.files[1].contents).contains("s3cr3t"),
            "the archive bytes hold no secret"
        );
    }

    #[test]
    fn the_archive_holds_every_file_and_is_the_same_for_the_same_files() {
        let long = format!("src/{}Deep.java", "segment/".repeat(40));
        assert!(long.len() > 255, "longer than a ustar name and prefix");
        let files = vec![
            file("b.txt", "bee\n", false),
            file("bin/run", "#!/bin/sh\n", true),
            file(&long, "class Deep {}\n", false),
            file("a.txt", "", false),
        ];
        let one = archive(&files).expect("archives");
        let mut reversed = files.clone();
        reversed.reverse();
        assert_eq!(archive(&reversed).expect("archives"), one, "byte-identical");
        let back = unpack(&one).expect("reads back");
        let expected: BTreeMap<String, Vec<u8>> = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect();
        assert_eq!(back, expected);

        let mut reader = tar::Archive::new(one.as_slice());
        let mut seen = Vec::new();
        for entry in reader.entries().expect("entries") {
            let entry = entry.expect("entry");
            let h = entry.header();
            let path = entry.path().expect("path").display().to_string();
            let mode = if path == "bin/run" { 0o755 } else { 0o644 };
            assert_eq!(h.mode().expect("mode"), mode, "{path}");
            assert_eq!(
                (
                    h.mtime().expect("mtime"),
                    h.uid().expect("uid"),
                    h.gid().expect("gid")
                ),
                (0, 0, 0),
                "{path}"
            );
            assert_eq!(h.username_bytes(), Some(&b""[..]), "{path}");
            assert_eq!(h.groupname_bytes(), Some(&b""[..]), "{path}");
            seen.push(path);
        }
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted, "entries are sorted by path");
    }

    /// An archive with one entry as a hostile or careless tool might write it: a raw header,
    /// nothing checked.
    fn raw(name: &[u8], kind: tar::EntryType, contents: &[u8]) -> Vec<u8> {
        let mut header = tar::Header::new_gnu();
        header.as_gnu_mut().expect("gnu").name[..name.len()].copy_from_slice(name);
        header.set_entry_type(kind);
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        if kind == tar::EntryType::Symlink {
            header.set_link_name("/etc/passwd").expect("link name");
        }
        header.set_cksum();
        let mut builder = tar::Builder::new(Vec::new());
        builder.append(&header, contents).expect("appends");
        builder.into_inner().expect("finishes")
    }

    #[test]
    fn entries_outside_the_project_or_not_regular_files_are_refused() {
        assert_eq!(
            unpack(&raw(b"app/main.py", tar::EntryType::Regular, b"x")).expect("a plain file"),
            BTreeMap::from([("app/main.py".to_string(), b"x".to_vec())])
        );
        for (name, kind, why) in [
            (
                &b"../outside"[..],
                tar::EntryType::Regular,
                "not a relative path",
            ),
            (
                b"app/../../outside",
                tar::EntryType::Regular,
                "not a relative path",
            ),
            (
                b"/etc/cron.d/x",
                tar::EntryType::Regular,
                "not a relative path",
            ),
            (b"./app.py", tar::EntryType::Regular, "not a relative path"),
            (b"link", tar::EntryType::Symlink, "not a regular file"),
            (b"folder/", tar::EntryType::Directory, "not"),
            (b"hard", tar::EntryType::Link, "not a regular file"),
        ] {
            let err = unpack(&raw(name, kind, b"")).expect_err("refused");
            assert!(
                err.contains(why),
                "{}: {err}",
                String::from_utf8_lossy(name)
            );
        }
    }
}
