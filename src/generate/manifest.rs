//! A template's manifest, `templates/<id>/template.toml`.
//!
//! Everything scaffold knows about a framework comes from here: names, versions, commands,
//! naming rules, secrets and type maps. Adding a framework is adding a folder.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ManifestError;
use crate::generate::names::Ecosystem;
use crate::generate::spec::FieldType;

/// The manifest format this build of scaffold reads.
pub const FORMAT: u32 = 1;

/// How far a template is proven to work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verification {
    /// Installed, tested and served against the contract in CI.
    Full,
    /// Every generated file checked by a real parser of its language.
    Parsed,
}

/// One `template.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Manifest format version; must equal [`FORMAT`].
    pub format: u32,
    /// The id users pass to `--framework`; equals the folder name.
    pub id: String,
    /// Display name, e.g. `Spring Boot`.
    pub name: String,
    /// Main language of the generated code, e.g. `Python`.
    pub language: String,
    /// Version of this template; recorded in each starter's `.scaffold.toml`.
    pub version: String,
    /// The framework release the starter pins.
    pub framework_version: String,
    /// How far the starter is verified.
    pub verification: Verification,
    /// Other names accepted by `--framework`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One line on what the starter holds, shown by `list`.
    pub summary: String,
    /// Ecosystems whose naming rules apply to the generated names.
    pub name_rules: Vec<Ecosystem>,
    /// Resource names (singular or plural, snake_case) the template itself uses.
    #[serde(default)]
    pub reserved_resources: Vec<String>,
    /// Field names the template's models or code already use.
    #[serde(default)]
    pub reserved_fields: Vec<String>,
    /// Package names the starter depends on directly (e.g. `express`, `django`): a project
    /// named like one would shadow it, so such names are refused.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Shared file trees this template builds on, by name: `templates/_shared/<name>/files/`.
    /// Their files are rendered as if they were the template's own; a file of the template's
    /// own with the same path wins. Siblings share what is truly identical this way.
    #[serde(default)]
    pub shared: Vec<String>,
    /// Output paths (after rendering) to mark executable.
    #[serde(default)]
    pub executable: Vec<String>,
    /// Commands run inside a generated starter.
    pub commands: Commands,
    /// How `scaffold verify` runs the starter.
    pub verify: VerifySettings,
    /// Secrets generated per project into `.env`.
    #[serde(default)]
    pub secrets: Vec<Secret>,
    /// Named maps from spec field types to target-language text, handed to templates as
    /// `field.t.<map>`; each map covers every field type.
    #[serde(default)]
    pub types: BTreeMap<String, BTreeMap<String, String>>,
}

/// Shell command lines, run with `sh -c` in the starter's directory.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Commands {
    /// Run once before install, e.g. creating a virtualenv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup: Option<String>,
    /// Sourced before install, test and run, e.g. activating the virtualenv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activate: Option<String>,
    /// Installs the dependencies into the starter (never globally).
    pub install: String,
    /// Runs the starter's own tests.
    pub test: String,
    /// Serves the starter on `$HOST`:`$PORT` the way production does (no reload, no wrapper
    /// such as `npm start`), so `verify` and `bench` measure what ships.
    pub run: String,
    /// Serves the starter with reload on change, for a developer's loop.
    pub dev: String,
    /// Checks formatting and lints (and types, where the language has a checker); exits
    /// non-zero on any finding.
    pub lint: String,
    /// Prints the starter's direct runtime dependencies, one per line, once installed: the
    /// files that declare them differ per ecosystem, so the template says how to read its
    /// own. `verify` checks it and `bench` counts them; optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<String>,
}

impl Commands {
    /// The commands a user types, in order, to go from a fresh starter to a running server.
    pub fn steps(&self) -> Vec<&str> {
        [self.setup.as_deref(), self.activate.as_deref()]
            .into_iter()
            .flatten()
            .chain([self.install.as_str(), self.test.as_str(), self.run.as_str()])
            .collect()
    }

    /// `command` run in the starter's environment: after `activate`, when there is one.
    pub fn in_env(&self, command: &str) -> String {
        match &self.activate {
            Some(a) => format!("{a} && {command}"),
            None => command.to_string(),
        }
    }

    /// The developer-loop commands, shown after the steps: reload and lint.
    pub fn loop_steps(&self) -> [(&'static str, &str); 2] {
        [("dev", self.dev.as_str()), ("lint", self.lint.as_str())]
    }
}

/// Settings for `scaffold verify`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifySettings {
    /// Programs that must be on PATH, e.g. `python3`, `npm`.
    pub requires: Vec<String>,
    /// `DATABASE_URL` for a database file at `{path}`, e.g. `sqlite:///{path}`.
    pub database_url: String,
    /// Seconds the install step may take.
    #[serde(default = "default_install_timeout")]
    pub install_timeout_secs: u64,
    /// Seconds the starter's own tests may take.
    #[serde(default = "default_test_timeout")]
    pub test_timeout_secs: u64,
    /// Seconds from start until `/health` answers.
    #[serde(default = "default_start_timeout")]
    pub start_timeout_secs: u64,
    /// Seconds the lint step may take.
    #[serde(default = "default_test_timeout")]
    pub lint_timeout_secs: u64,
    /// How to install the toolchain when a program of `requires` is missing, shown with the
    /// failure, e.g. `apt-get install php-cli composer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toolchain_hint: Option<String>,
}

fn default_install_timeout() -> u64 {
    900
}
fn default_test_timeout() -> u64 {
    600
}
fn default_start_timeout() -> u64 {
    60
}

/// A secret the framework needs, generated from the OS random source at `new` time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    /// Key under `secrets.` in templates, e.g. `secret_key`.
    pub name: String,
    /// Random bytes drawn.
    pub bytes: usize,
    /// Text form of the bytes.
    pub encoding: SecretEncoding,
    /// Text put before the encoded bytes, e.g. `base64:` for Laravel's APP_KEY.
    #[serde(default)]
    pub prefix: String,
}

/// The text form of a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretEncoding {
    Hex,
    Base64,
    /// URL-safe base64 without padding.
    Urlsafe,
}

impl Manifest {
    /// Parses and validates a manifest; `dir` is the folder name it was found in.
    pub fn parse(text: &str, dir: &str) -> Result<Manifest, ManifestError> {
        let manifest = Manifest::parse_unchecked(text, dir)?;
        manifest.validate(dir)?;
        Ok(manifest)
    }

    /// Parses a manifest without validating its values.
    pub fn parse_unchecked(text: &str, dir: &str) -> Result<Manifest, ManifestError> {
        toml::from_str(text).map_err(|e| ManifestError {
            template: dir.to_string(),
            problems: vec![e.to_string().trim().to_string()],
        })
    }

    /// Reports every problem at once.
    pub fn validate(&self, dir: &str) -> Result<(), ManifestError> {
        let mut problems = Vec::new();
        if self.format != FORMAT {
            problems.push(format!(
                "format is {}, this scaffold reads format {FORMAT}",
                self.format
            ));
        }
        if self.id != dir {
            problems.push(format!("id `{}` differs from its folder `{dir}`", self.id));
        }
        for (what, value) in [
            ("name", &self.name),
            ("language", &self.language),
            ("version", &self.version),
            ("framework_version", &self.framework_version),
            ("summary", &self.summary),
            ("commands.install", &self.commands.install),
            ("commands.test", &self.commands.test),
            ("commands.run", &self.commands.run),
            ("commands.dev", &self.commands.dev),
            ("commands.lint", &self.commands.lint),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("`{what}` is empty"));
            }
        }
        if !self.verify.database_url.contains("{path}") {
            problems.push("`verify.database_url` must contain `{path}`".to_string());
        }
        if self.verify.requires.is_empty() {
            problems.push("`verify.requires` names no program".to_string());
        }
        for (map, entries) in &self.types {
            for ty in FieldType::ALL {
                if !entries.contains_key(ty.as_str()) {
                    problems.push(format!(
                        "type map `{map}` has no entry for `{}`",
                        ty.as_str()
                    ));
                }
            }
            for key in entries.keys() {
                if key.parse::<FieldType>().is_err() {
                    problems.push(format!("type map `{map}` has unknown type `{key}`"));
                }
            }
        }
        for secret in &self.secrets {
            if secret.bytes < 16 {
                problems.push(format!(
                    "secret `{}` has {} bytes; at least 16 are needed",
                    secret.name, secret.bytes
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ManifestError {
                template: dir.to_string(),
                problems,
            })
        }
    }

    /// True when `name` is this template's id or one of its aliases.
    pub fn answers_to(&self, name: &str) -> bool {
        self.id == name || self.aliases.iter().any(|a| a == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
format = 1
id = "demo"
name = "Demo"
language = "Python"
version = "1"
framework_version = "1.0"
verification = "full"
summary = "a demo"
name_rules = ["python"]
[commands]
install = "pip install ."
test = "pytest"
run = "python -m demo"
dev = "python -m demo --reload"
lint = "ruff check ."
[verify]
requires = ["python3"]
database_url = "sqlite:///{path}"
[types.py]
string = "str"
text = "str"
int = "int"
float = "float"
bool = "bool"
datetime = "datetime"
"#;

    #[test]
    fn parses_a_minimal_manifest() {
        let m = Manifest::parse(MINIMAL, "demo").expect("valid");
        assert_eq!(
            m.commands.steps(),
            ["pip install .", "pytest", "python -m demo"]
        );
        assert!(m.answers_to("demo"));
    }

    #[test]
    fn reports_every_problem_at_once() {
        let text = MINIMAL
            .replace("format = 1", "format = 9")
            .replace("test = \"pytest\"", "test = \"\"")
            .replace("datetime = \"datetime\"", "")
            .replace("sqlite:///{path}", "sqlite:///x");
        let err = Manifest::parse(&text, "other").expect_err("invalid");
        assert_eq!(err.problems.len(), 5, "{err}");
    }

    #[test]
    fn rejects_unknown_keys() {
        let err = Manifest::parse(&format!("colour = 1\n{MINIMAL}"), "demo").expect_err("unknown");
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
