//! Errors, one enum per boundary, and the top-level error that knows its exit code.

use std::path::PathBuf;

use thiserror::Error;

/// A spec that cannot be read or is not well formed.
#[derive(Debug, Error)]
pub enum SpecError {
    #[error("field `{value}` must be written `name:type` (for example `age:int?`)")]
    FieldSyntax { value: String },
    #[error(
        "field `{field}` has unknown type `{value}`; use one of string, text, int, float, bool, datetime (add `?` for optional)"
    )]
    FieldType { field: String, value: String },
    #[error(
        "resource `{value}` must be written `name=field:type,...` (for example `user=name:string,age:int?`)"
    )]
    ResourceSyntax { value: String },
    #[error("spec file `{path}`{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    File {
        path: String,
        message: String,
        line: Option<usize>,
    },
    #[error("cannot read spec file `{path}`: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{what} {value} {rule}")]
    Value {
        what: String,
        value: String,
        rule: String,
    },
    #[error(
        "no project name given; pass NAME (for example `scaffold new users-api`) or `name` in the spec file"
    )]
    MissingName,
    #[error("spec history (`[[migrations]]`) {rule}")]
    History { rule: String },
}

/// A name that breaks a rule of scaffold or of an ecosystem the template uses.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{what} `{value}` {rule}{}", suggestion.as_ref().map(|s| format!("; try `{s}`")).unwrap_or_default())]
pub struct NameError {
    pub what: String,
    pub value: String,
    pub rule: String,
    pub suggestion: Option<String>,
}

/// User defaults that cannot be used: the config file or a `SCAFFOLD_*` variable.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file `{}`: {message}; see README \"Defaults\"", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{variable} `{value}` {rule}")]
    Env {
        variable: &'static str,
        value: String,
        rule: &'static str,
    },
}

/// A starter `verify` cannot even begin to check.
#[derive(Debug, Error)]
pub enum VerifyError {
    #[error("cannot read `{}`: {source}; pass a starter made by `scaffold new`", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` holds no starter: no `{record}` in it or in its subfolders", path.display())]
    NoStarter { path: PathBuf, record: &'static str },
    #[error("`{}` names no framework; add `framework = \"ID\"`", path.display())]
    NoFramework { path: PathBuf },
    #[error("cannot create `{}`: {source}", path.display())]
    Logs {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A starter `update` cannot update; nothing of it was changed.
#[derive(Debug, Error)]
pub enum UpdateError {
    #[error("`{}` has no record of its last render (`.scaffold/base.tar`): it was made before scaffold kept one, or the file was removed; make a fresh copy with `scaffold new --spec {}/.scaffold.toml --output DIR` and move your edits over once", path.display(), path.display())]
    NoRecord { path: PathBuf },
    #[error("the record `{}` is unusable: {message}", path.display())]
    Record { path: PathBuf, message: String },
    #[error("`{}` has uncommitted changes ({}); commit or stash them first so the update can be reviewed and undone, or pass --allow-dirty", path.display(), files.join(", "))]
    Dirty { path: PathBuf, files: Vec<String> },
    #[error("`{}` is not a regular file; update merges files only, move it away or replace it", path.display())]
    NotAFile { path: PathBuf },
    #[error("cannot update `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("interrupted; every starter was left as it was")]
    Interrupted,
}

/// A bench that cannot run or cannot write its report.
#[derive(Debug, Error)]
pub enum BenchError {
    #[error("unknown workload `{given}`; known: {}", known.join(", "))]
    UnknownWorkload {
        given: String,
        known: &'static [&'static str],
    },
    #[error("`{value}` is not a usable {what}; {hint}")]
    Setting {
        what: &'static str,
        value: String,
        hint: &'static str,
    },
    #[error("cannot read `{}`: {source}; pass a results.json written by `scaffold bench`", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` is not a bench results file: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("`{}` has schema version {found}; this scaffold reads version {expected}", path.display())]
    Schema {
        path: PathBuf,
        found: u64,
        expected: u32,
    },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A template manifest that does not describe a usable template.
#[derive(Debug, Error)]
#[error("template `{template}` has an invalid manifest:\n  - {}", problems.join("\n  - "))]
pub struct ManifestError {
    pub template: String,
    pub problems: Vec<String>,
}

/// A template directory (`--template DIR`) that cannot be read as a template.
#[derive(Debug, Error)]
pub enum TemplateDirError {
    #[error("cannot read template `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("template `{}` is not a directory; pass a folder holding template.toml and files/", path.display())]
    NotADir { path: PathBuf },
    #[error("template has no `{}` folder; put the files to render there", path.display())]
    NoFiles { path: PathBuf },
    #[error("template file `{}` is neither a file nor a folder (links and devices are not followed)", path.display())]
    NotAFile { path: PathBuf },
    #[error("template file path `{}` is not UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
}

/// A template that fails to render, or renders a path outside the project.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("template `{template}` file `{path}` does not compile: {message}")]
    Compile {
        template: String,
        path: String,
        message: String,
    },
    #[error("template `{template}` file `{path}` failed to render: {message}")]
    Render {
        template: String,
        path: String,
        message: String,
    },
    #[error("template `{template}` renders an unsafe path `{path}`: {rule}")]
    UnsafePath {
        template: String,
        path: String,
        rule: &'static str,
    },
    #[error("template `{template}` renders `{path}` twice")]
    DuplicatePath { template: String, path: String },
}

/// A failure to put the project on disk; nothing is left behind when it happens.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("`{}` already exists and is not empty; choose another NAME or `--output DIR`, or remove it", path.display())]
    TargetNotEmpty { path: PathBuf },
    #[error("`{}` exists and is not a directory; choose another `--output DIR`", path.display())]
    TargetNotDir { path: PathBuf },
    #[error("`{}` is a symbolic link; scaffold writes only into a real directory, choose another `--output DIR`", path.display())]
    TargetIsSymlink { path: PathBuf },
    #[error("`{}` is not an existing directory; create it first", path.display())]
    ParentMissing { path: PathBuf },
    #[error("cannot write in `{}`: {source}; check that it exists and is writable", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("interrupted; nothing was written")]
    Interrupted,
}

/// The top-level error: every boundary's error, and the exit code it maps to.
#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    TemplateDir(#[from] TemplateDirError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Verify(#[from] VerifyError),
    #[error(transparent)]
    Bench(#[from] BenchError),
    #[error(transparent)]
    Update(#[from] UpdateError),
    #[error("cannot read the OS random source for the project's secrets: {0}")]
    Random(String),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("unknown framework `{given}`; {}", match closest {
        Some(c) => format!("did you mean `{c}`? (known: {})", known.join(", ")),
        None => format!("known: {}", known.join(", ")),
    })]
    UnknownFramework {
        given: String,
        closest: Option<String>,
        known: Vec<String>,
    },
    #[error("cannot render the man page: {0}")]
    Man(std::io::Error),
    #[error("cancelled; nothing was written")]
    Cancelled,
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// 2 for a command line that cannot be acted on, 130 for an interrupt, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::UnknownFramework { .. } | Error::Usage(_) => 2,
            Error::Write(WriteError::Interrupted)
            | Error::Update(UpdateError::Interrupted)
            | Error::Cancelled => 130,
            _ => 1,
        }
    }
}
