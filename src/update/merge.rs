//! One file's three-way decision: base (the recorded pristine render), theirs (the new
//! render) and ours (the file on disk).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::generate::record;

/// What an update does to one file. Files it leaves alone are not listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// New in the template.
    Added,
    /// Unedited here: replaced by the new render.
    Updated,
    /// Edited here and changed by the template: both changes kept.
    Merged,
    /// Both changed the same lines, or one side deleted what the other changed: the file holds
    /// conflict markers (or the new render, when it was deleted here).
    Conflict { reason: String },
    /// Dropped by the template and unedited here: removed.
    Removed,
    /// Dropped by the template but edited here: kept as it is.
    Kept,
    /// `.env`: lines for secrets the new template needs, appended.
    EnvAppended { secrets: Vec<String> },
}

impl Kind {
    pub fn is_conflict(&self) -> bool {
        matches!(self, Kind::Conflict { .. })
    }
}

/// The decision for one path: what to do, and the new contents (`None`: remove the file).
#[derive(Debug, Clone)]
pub struct Decision {
    pub path: String,
    pub kind: Kind,
    pub contents: Option<Vec<u8>>,
    pub executable: bool,
}

/// The three sides of one path (`None`: absent on that side).
pub struct Sides<'a> {
    pub base: Option<&'a [u8]>,
    pub theirs: Option<&'a [u8]>,
    pub ours: Option<&'a [u8]>,
}

/// Decides one path (`None`: leave it alone). `values`, fresh secrets by name, fill the
/// placeholders that reach the project: new files, new lines, new `.env` entries.
pub fn decide(
    path: &str,
    sides: &Sides<'_>,
    executable: bool,
    values: &BTreeMap<String, String>,
) -> Option<Decision> {
    let write = |kind: Kind, contents: &[u8]| {
        Some(Decision {
            path: path.to_string(),
            kind,
            contents: Some(record::fill(contents, values)),
            executable,
        })
    };
    if path == record::ENV_FILE {
        return env(path, sides, values);
    }
    match (sides.base, sides.theirs, sides.ours) {
        // The record of what is generated now, whatever the user did to it.
        (_, Some(t), Some(o)) if path == crate::generate::RECORD_FILE => {
            (t != o).then(|| write(Kind::Updated, t)).flatten()
        }
        (_, Some(t), Some(o)) if t == o => None,
        (Some(b), Some(t), Some(o)) => {
            if b == t {
                None
            } else if b == o {
                write(Kind::Updated, t)
            } else {
                match merge(b, o, t) {
                    Ok(m) => write(Kind::Merged, &m),
                    Err(m) => write(
                        Kind::Conflict {
                            reason: "edited here and changed by the template".into(),
                        },
                        &m,
                    ),
                }
            }
        }
        (Some(b), Some(t), None) => (b != t)
            .then(|| {
                write(
                    Kind::Conflict {
                        reason:
                            "deleted here, changed by the template (the new version is written)"
                                .into(),
                    },
                    t,
                )
            })
            .flatten(),
        (None, Some(t), None) => write(Kind::Added, t),
        (None, Some(t), Some(o)) => match merge(b"", o, t) {
            Ok(m) => write(Kind::Merged, &m),
            Err(m) => write(
                Kind::Conflict {
                    reason: "exists here and is new in the template".into(),
                },
                &m,
            ),
        },
        (Some(b), None, Some(o)) => Some(Decision {
            path: path.to_string(),
            kind: if b == o { Kind::Removed } else { Kind::Kept },
            // Kept: written back unchanged, so the decision is still listed.
            contents: (b != o).then(|| o.to_vec()),
            executable,
        }),
        (_, None, None) | (None, None, Some(_)) => None,
    }
}

/// `.env` holds local settings and secrets: never merged, never created; a secret that the
/// new render needs and the old one did not is appended as the new render writes it.
fn env(path: &str, sides: &Sides<'_>, values: &BTreeMap<String, String>) -> Option<Decision> {
    let (Some(theirs), Some(ours)) = (sides.theirs, sides.ours) else {
        return None;
    };
    let names: Vec<String> = values.keys().cloned().collect();
    let before = sides
        .base
        .map(|b| record::secrets_in(b, names.clone()))
        .unwrap_or_default();
    let new: Vec<String> = record::secrets_in(theirs, names)
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect();
    if new.is_empty() {
        return None;
    }
    let lines: String = String::from_utf8_lossy(theirs)
        .lines()
        .filter(|l| new.iter().any(|n| l.contains(&record::placeholder(n))))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut contents = ours.to_vec();
    if !contents.is_empty() && !contents.ends_with(b"\n") {
        contents.push(b'\n');
    }
    contents.extend(record::fill(lines.as_bytes(), values));
    Some(Decision {
        path: path.to_string(),
        kind: Kind::EnvAppended { secrets: new },
        contents: Some(contents),
        executable: false,
    })
}

/// A line-based three-way merge; `Err` holds the text with standard conflict markers
/// (`<<<<<<< ours`, `=======`, `>>>>>>> theirs`).
fn merge(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let mut options = diffy::MergeOptions::new();
    options.set_conflict_style(diffy::ConflictStyle::Merge);
    options.merge_bytes(base, ours, theirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &str, b: Option<&str>, t: Option<&str>, o: Option<&str>) -> Option<Decision> {
        let sides = Sides {
            base: b.map(str::as_bytes),
            theirs: t.map(str::as_bytes),
            ours: o.map(str::as_bytes),
        };
        let values = BTreeMap::from([("key".to_string(), "real".to_string())]);
        decide(path, &sides, false, &values)
    }

    fn text(d: &Decision) -> String {
        String::from_utf8(d.contents.clone().expect("contents")).expect("utf-8")
    }

    #[test]
    fn untouched_files_take_the_new_render_and_edits_are_kept_when_the_template_is_still() {
        let d = run("a.py", Some("1\n2\n"), Some("1\n2\n3\n"), Some("1\n2\n")).expect("update");
        assert_eq!(
            (d.kind.clone(), text(&d)),
            (Kind::Updated, "1\n2\n3\n".into())
        );
        assert!(run("a.py", Some("1\n"), Some("1\n"), Some("1\nmine\n")).is_none());
        assert!(run("a.py", Some("1\n"), Some("2\n"), Some("2\n")).is_none());
    }

    #[test]
    fn edits_on_both_sides_merge_or_conflict_with_markers() {
        let base = "a\nb\nc\nd\ne\n";
        let d = run(
            "m.py",
            Some(base),
            Some("a\nb\nc\nd\ne\nnew\n"),
            Some("mine\na\nb\nc\nd\ne\n"),
        )
        .expect("merge");
        assert_eq!(
            (d.kind.clone(), text(&d)),
            (Kind::Merged, "mine\na\nb\nc\nd\ne\nnew\n".into())
        );
        let d = run(
            "m.py",
            Some(base),
            Some("a\nB\nc\nd\ne\n"),
            Some("a\nX\nc\nd\ne\n"),
        )
        .expect("conflict");
        assert!(d.kind.is_conflict());
        let t = text(&d);
        for marker in ["<<<<<<< ours\nX\n", "=======\nB\n", ">>>>>>> theirs\n"] {
            assert!(t.contains(marker), "{t}");
        }
    }

    #[test]
    fn deletions_and_drops() {
        assert!(
            run("x", Some("1\n"), Some("1\n"), None).is_none(),
            "stays deleted"
        );
        let d = run("x", Some("1\n"), Some("2\n"), None).expect("conflict");
        assert!(d.kind.is_conflict());
        assert_eq!(text(&d), "2\n");
        let d = run("x", Some("1\n"), None, Some("1\n")).expect("removed");
        assert_eq!((d.kind.clone(), d.contents.clone()), (Kind::Removed, None));
        let d = run("x", Some("1\n"), None, Some("edited\n")).expect("kept");
        assert_eq!(d.kind, Kind::Kept);
        let d = run("x", None, Some("new\n"), None).expect("added");
        assert_eq!(d.kind, Kind::Added);
        let d = run("x", None, Some("new\n"), Some("other\n")).expect("both added");
        assert!(d.kind.is_conflict());
    }

    #[test]
    fn env_is_only_ever_appended_to_with_new_secrets() {
        let p = record::placeholder("key");
        let theirs = format!("A=1\nKEY={p}\n");
        let d = run(".env", Some("A=1\n"), Some(&theirs), Some("A=2\nLOCAL=x")).expect("append");
        assert_eq!(text(&d), "A=2\nLOCAL=x\nKEY=real\n");
        assert_eq!(
            d.kind,
            Kind::EnvAppended {
                secrets: vec!["key".into()]
            }
        );
        assert!(run(".env", Some(&theirs), Some(&theirs), Some("KEY=old\n")).is_none());
        assert!(run(".env", Some("A=1\n"), Some(&theirs), None).is_none());
        assert!(run(".env", Some("A=1\n"), Some("A=changed\n"), Some("A=1\n")).is_none());
    }

    #[test]
    fn secrets_in_new_lines_are_filled_and_existing_ones_kept() {
        let p = record::placeholder("key");
        let base = format!("x\nsecret: {p}\ny\n");
        let theirs = format!("x\nsecret: {p}\ny\nz\n");
        let d = run(
            "c.exs",
            Some(&base),
            Some(&theirs),
            Some("x\nsecret: mine\ny\n"),
        )
        .expect("merge");
        assert_eq!(text(&d), "x\nsecret: mine\ny\nz\n");
        let d = run("new.exs", None, Some(&theirs), None).expect("added");
        assert!(text(&d).contains("secret: real"));
    }
}
