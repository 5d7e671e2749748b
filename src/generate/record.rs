//! The record of a render, kept in every starter so that `scaffold update` can three-way merge
//! later without the scaffold binary or template version that made it.
//!
//! The record is the pristine render itself: every file as the template produced it, under
//! `.scaffold/base/`, each name given the suffix `.base` so that no toolchain, linter or test
//! runner mistakes a copy for the project's own file (a `.scaffold/base/app/main.py` would be
//! linted, collected by pytest and seen twice by mypy; `main.py.base` is inert). Hashes
//! would be smaller, but a merge needs the old text, and re-rendering the old text would need
//! the old template: copies make the record self-contained and readable with `diff -r`.
//!
//! Secrets are never part of it: the project is rendered once with a placeholder for each
//! secret, recorded as such, and the real values are put into the project's copy only.

use std::collections::BTreeMap;

use crate::generate::manifest::Secret;
use crate::generate::render::{Plan, PlannedFile};

/// Where the record lives, relative to the project.
pub const BASE_DIR: &str = ".scaffold/base";
/// Appended to every recorded file's name.
pub const SUFFIX: &str = ".base";
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

/// Where file `path` of the project is recorded.
pub fn base_path(path: &str) -> String {
    format!("{BASE_DIR}/{path}{SUFFIX}")
}

/// The project's files (secrets filled in) followed by the record of the pristine render.
pub fn project(pristine: Plan, values: &BTreeMap<String, String>) -> Plan {
    let mut files = Vec::with_capacity(pristine.files.len() * 2);
    let mut record = Vec::with_capacity(pristine.files.len());
    for file in pristine.files {
        files.push(PlannedFile {
            path: file.path.clone(),
            contents: fill(&file.contents, values),
            executable: file.executable,
        });
        record.push(PlannedFile {
            path: base_path(&file.path),
            contents: file.contents,
            executable: false,
        });
    }
    files.extend(record);
    Plan { files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_reach_the_project_and_never_the_record() {
        let values = BTreeMap::from([("key".to_string(), "s3cr3t".to_string())]);
        let pristine = Plan {
            files: vec![PlannedFile {
                path: ".env".into(),
                contents: format!("KEY={}\nOTHER=1\n", placeholder("key")).into_bytes(),
                executable: false,
            }],
        };
        let plan = project(pristine, &values);
        let by_path: BTreeMap<&str, &[u8]> = plan
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.contents.as_slice()))
            .collect();
        assert_eq!(by_path[".env"], b"KEY=s3cr3t\nOTHER=1\n");
        let recorded = by_path[".scaffold/base/.env.base"];
        assert!(!String::from_utf8_lossy(recorded).contains("s3cr3t"));
        assert_eq!(secrets_in(recorded, ["key".to_string()]), ["key"]);
    }
}
