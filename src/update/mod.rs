//! `scaffold update`: re-render starters after a spec change or a template change and three-way
//! merge the result into what the team made of them.
//!
//! Per starter, a straight line: the record of the last render (`.scaffold/base.tar`, see
//! [`crate::generate::record`]) gives the old spec and the base of the merge; the spec on disk,
//! a `--spec` file and flags give the new spec; the schema step between them is checked (only
//! additions, [`history::step`]); the template renders the new pristine project; each file is
//! decided ([`merge::decide`]); every starter is staged, then committed all or nothing
//! ([`apply`]). Nothing is written on a dry run, and nothing of a starter that fails.

pub mod apply;
pub mod merge;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, UpdateError};
use crate::generate::catalog::{Catalog, Template};
use crate::generate::history;
use crate::generate::spec::Migration;
use crate::generate::spec::{Resource, SpecFile};
use crate::generate::{self, RECORD_FILE, Request, git, record, secrets};
use crate::process::interrupt::{self, Critical};
use merge::{Decision, Kind, Sides};

/// The spec change asked for: a spec file and flags, over the spec on disk.
#[derive(Debug, Default, Clone)]
pub struct Change {
    /// A spec file whose values replace the recorded ones (resources as a whole).
    pub spec: Option<SpecFile>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub port: Option<u16>,
    /// Resources to add, or to redefine when one of that name exists.
    pub resources: Vec<Resource>,
}

/// How to run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options {
    pub dry_run: bool,
    pub allow_dirty: bool,
}

/// One starter's update, decided and not yet written.
pub struct Planned {
    pub dir: PathBuf,
    pub framework: String,
    /// The schema step this update adds, if the spec's schema changed.
    pub migration: Option<(usize, Migration)>,
    pub decisions: Vec<Decision>,
    /// The files as they are on disk now, for `--diff`.
    pub before: BTreeMap<String, Vec<u8>>,
    /// The record of the new render (`.scaffold/base.tar`).
    record: Vec<u8>,
}

/// What happened to one starter.
#[derive(Debug, Serialize)]
pub struct Report {
    pub dir: PathBuf,
    pub framework: Option<String>,
    /// `updated`, `unchanged`, `conflicted`, `failed` or (dry run) `would update`.
    pub status: &'static str,
    pub changes: Vec<(String, Kind)>,
    pub migration: Option<String>,
    pub error: Option<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.error.is_none() && !self.changes.iter().any(|(_, k)| k.is_conflict())
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> UpdateError + '_ {
    move |source| UpdateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The record of the last render, as read.
struct Record {
    /// Project path -> pristine contents.
    files: BTreeMap<String, Vec<u8>>,
    /// Where its `.scaffold.toml` was read from, for messages.
    spec_path: PathBuf,
}

/// Reads the record: `.scaffold/base.tar`, else the tree of copies kept by starters made
/// before the archive (see [`record::OLD_DIR`]).
fn read_record(dir: &Path) -> Result<Record, UpdateError> {
    let path = dir.join(record::ARCHIVE);
    let files = match fs::read(&path) {
        Ok(bytes) => record::unpack(&bytes).map_err(|message| UpdateError::Record {
            path: path.clone(),
            message,
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return read_old_tree(dir),
        Err(e) => return Err(io(&path)(e)),
    };
    if !files.contains_key(RECORD_FILE) {
        return Err(UpdateError::Record {
            path,
            message: format!("it holds no `{RECORD_FILE}`"),
        });
    }
    Ok(Record {
        files,
        spec_path: path.join(RECORD_FILE),
    })
}

/// The record as starters made before `.scaffold/base.tar` kept it: a copy of every file,
/// suffixed `.base`, under `.scaffold/base/`.
fn read_old_tree(dir: &Path) -> Result<Record, UpdateError> {
    let root = dir.join(record::OLD_DIR);
    let spec_path = root.join(format!("{RECORD_FILE}{}", record::OLD_SUFFIX));
    if !spec_path.is_file() {
        return Err(UpdateError::NoRecord {
            path: dir.to_path_buf(),
        });
    }
    let mut files = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).map_err(io(&d))? {
            let path = entry.map_err(io(&d))?.path();
            let meta = fs::symlink_metadata(&path).map_err(io(&path))?;
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .ok()
                .and_then(Path::to_str)
                .and_then(|r| r.strip_suffix(record::OLD_SUFFIX))
                .ok_or_else(|| UpdateError::Record {
                    path: path.clone(),
                    message: format!("every recorded file name ends in `{}`", record::OLD_SUFFIX),
                })?
                .to_string();
            files.insert(rel, fs::read(&path).map_err(io(&path))?);
        }
    }
    Ok(Record { files, spec_path })
}

/// Paths with uncommitted changes under `dir`, when it is inside a git work tree (none when
/// git is missing or `dir` is not in a repository).
fn dirty_files(dir: &Path) -> Vec<String> {
    let porcelain = git::git(
        dir,
        &["status", "--porcelain", "--untracked-files=all", "--", "."],
    )
    .unwrap_or_default();
    // `XY path`; the output is trimmed, so the first line may have lost its leading space.
    porcelain
        .lines()
        .filter_map(|l| l.trim_start().split_once(' '))
        .map(|(_, path)| path.trim_start().to_string())
        .collect()
}

fn parse_record(path: &Path, bytes: &[u8]) -> Result<SpecFile, Error> {
    let text = std::str::from_utf8(bytes).map_err(|_| UpdateError::Record {
        path: path.to_path_buf(),
        message: "is not UTF-8 text".into(),
    })?;
    Ok(SpecFile::parse(text, &path.display().to_string())?)
}

/// The new request: the spec on disk, then the `--spec` file, then flags.
fn request(on_disk: &SpecFile, change: &Change) -> Result<Request, Error> {
    let mut r = Request::default().over(on_disk)?;
    if let Some(file) = &change.spec {
        let f = Request::default().over(file)?;
        r.name = f.name.or(r.name);
        r.description = f.description.or(r.description);
        r.author = f.author.or(r.author);
        r.port = f.port.or(r.port);
        if !f.resources.is_empty() {
            r.resources = f.resources;
        }
    }
    r.description = change.description.clone().or(r.description);
    r.author = change.author.clone().or(r.author);
    r.port = change.port.or(r.port);
    for new in &change.resources {
        match r.resources.iter_mut().find(|x| x.name == new.name) {
            Some(existing) => *existing = new.clone(),
            None => r.resources.push(new.clone()),
        }
    }
    // The history is the record's, extended below: never taken from a spec file.
    r.history = Vec::new();
    Ok(r)
}

/// Decides one starter's update; reads, never writes.
pub fn plan(
    catalog: &Catalog,
    dir: &Path,
    change: &Change,
    options: Options,
) -> Result<Planned, Error> {
    if !options.allow_dirty && !options.dry_run {
        let files = dirty_files(dir);
        if !files.is_empty() {
            return Err(UpdateError::Dirty {
                path: dir.to_path_buf(),
                files,
            }
            .into());
        }
    }
    let Record {
        files: base,
        spec_path: record_path,
    } = read_record(dir)?;
    let old_file = parse_record(&record_path, &base[RECORD_FILE])?;
    let old = Request::default().over(&old_file)?.into_spec()?;
    let framework = old_file
        .generated
        .as_ref()
        .map(|g| g.template.clone())
        .or_else(|| old_file.framework.clone())
        .ok_or_else(|| UpdateError::Record {
            path: record_path.clone(),
            message: "names no template".into(),
        })?;
    let template: &Template = catalog.find(&framework)?;
    let disk_path = dir.join(RECORD_FILE);
    let on_disk = match fs::read(&disk_path) {
        Ok(bytes) => parse_record(&disk_path, &bytes)?,
        Err(_) => old_file.clone(),
    };
    let mut spec = request(&on_disk, change)?.into_spec()?;
    let step = history::step(&old.resources, &spec.resources)?;
    let mut steps = old.migrations();
    let migration = step.map(|s| {
        steps.push(s.clone());
        (steps.len(), s)
    });
    spec.history = steps;
    generate::validate(&spec, template)?;
    let theirs = generate::pristine(&spec, template)?;
    let record = record::archive(&theirs.files)?;
    let values = secrets::generate(&template.manifest.secrets)?;

    let theirs_map: BTreeMap<&str, (&[u8], bool)> = theirs
        .files
        .iter()
        .map(|f| (f.path.as_str(), (f.contents.as_slice(), f.executable)))
        .collect();
    let paths: BTreeSet<&str> = base
        .keys()
        .map(String::as_str)
        .chain(theirs_map.keys().copied())
        .collect();
    let mut before = BTreeMap::new();
    let mut decisions = Vec::new();
    for path in paths {
        let on_disk = dir.join(path);
        let ours = match fs::symlink_metadata(&on_disk) {
            Ok(m) if m.is_file() => Some(fs::read(&on_disk).map_err(io(&on_disk))?),
            Ok(_) => return Err(UpdateError::NotAFile { path: on_disk }.into()),
            Err(_) => None,
        };
        let t = theirs_map.get(path);
        let sides = Sides {
            base: base.get(path).map(Vec::as_slice),
            theirs: t.map(|t| t.0),
            ours: ours.as_deref(),
        };
        if let Some(d) = merge::decide(path, &sides, t.is_some_and(|t| t.1), &values) {
            if let Some(o) = ours {
                before.insert(path.to_string(), o);
            }
            decisions.push(d);
        }
    }
    Ok(Planned {
        dir: dir.to_path_buf(),
        framework,
        migration,
        decisions,
        before,
        record,
    })
}

fn describe(step: &(usize, Migration)) -> String {
    let (n, m) = step;
    let mut parts: Vec<String> = m
        .create
        .iter()
        .map(|r| format!("creates `{}`", r.name))
        .collect();
    for r in &m.add {
        for f in &r.fields {
            parts.push(format!("adds `{}.{}`", r.name, f.name));
        }
    }
    format!("schema step {n}: {}", parts.join(", "))
}

/// Updates every starter below `path` (itself, or a bake-off's folders). One starter's
/// failure never stops the others; an interrupt leaves them all as they were.
pub fn run(
    catalog: &Catalog,
    path: &Path,
    change: &Change,
    options: Options,
) -> Result<(Vec<Report>, Vec<Planned>), Error> {
    let dirs = crate::verify::discover(path)?;
    let mut reports = Vec::new();
    let mut planned = Vec::new();
    for dir in dirs {
        match plan(catalog, &dir, change, options) {
            Ok(p) => planned.push(p),
            Err(e) => reports.push(Report {
                dir,
                framework: None,
                status: "failed",
                changes: Vec::new(),
                migration: None,
                error: Some(e.to_string()),
            }),
        }
    }
    let summary = |p: &Planned, status: &'static str, error: Option<String>| Report {
        dir: p.dir.clone(),
        framework: Some(p.framework.clone()),
        status,
        changes: p
            .decisions
            .iter()
            .map(|d| (d.path.clone(), d.kind.clone()))
            .collect(),
        migration: p.migration.as_ref().map(describe),
        error,
    };
    if options.dry_run {
        reports.extend(planned.iter().map(|p| {
            let status = if p.decisions.is_empty() {
                "unchanged"
            } else {
                "would update"
            };
            summary(p, status, None)
        }));
        reports.sort_by(|a, b| a.dir.cmp(&b.dir));
        return Ok((reports, planned));
    }
    let critical = Critical::enter();
    let mut staged = Vec::new();
    let mut staged_of = Vec::new();
    for (i, p) in planned.iter().enumerate() {
        if interrupt::interrupted() {
            break;
        }
        match apply::stage(&p.dir, &p.decisions, &p.record) {
            Ok(s) => {
                staged.push(s);
                staged_of.push(i);
            }
            Err(e) => reports.push(summary(p, "failed", Some(e.to_string()))),
        }
    }
    if interrupt::interrupted() {
        drop(staged);
        drop(critical);
        return Err(UpdateError::Interrupted.into());
    }
    let results = apply::commit_all(staged);
    drop(critical);
    if interrupt::interrupted() {
        return Err(UpdateError::Interrupted.into());
    }
    for (i, result) in staged_of.into_iter().zip(results) {
        let p = &planned[i];
        reports.push(match result {
            Ok(()) if p.decisions.iter().any(|d| d.kind.is_conflict()) => {
                summary(p, "conflicted", None)
            }
            Ok(()) if p.decisions.is_empty() => summary(p, "unchanged", None),
            Ok(()) => summary(p, "updated", None),
            Err(e) => summary(p, "failed", Some(e.to_string())),
        });
    }
    reports.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok((reports, planned))
}

/// A unified diff of what the update does to each file (`--diff`).
pub fn diff(p: &Planned) -> String {
    let mut out = String::new();
    for d in &p.decisions {
        let old = p
            .before
            .get(&d.path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let new = d
            .contents
            .as_ref()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .unwrap_or_default();
        let name = p.dir.join(&d.path).display().to_string();
        let patch = diffy::create_patch(&old, &new).to_string();
        // diffy names both sides `original`/`modified`: name the file instead.
        let body = patch
            .split_once('\n')
            .and_then(|(_, rest)| rest.split_once('\n'))
            .map_or("", |(_, rest)| rest);
        out.push_str(&format!("--- a/{name}\n+++ b/{name}\n{body}"));
    }
    out
}
