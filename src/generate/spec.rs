//! The project spec: what the user asked for, as a validated value.
//!
//! Flags, a TOML spec file and prompts all end in a [`Spec`]; nothing is rendered or written
//! before it exists, so every later step can trust its names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::SpecError;
use crate::generate::names::{self, inflect};

/// Port used when neither flags nor the spec file give one.
pub const DEFAULT_PORT: u16 = 8000;

/// The type of a resource field, as written in a spec (`string`, `int?`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    String,
    Text,
    Int,
    Float,
    Bool,
    Datetime,
}

impl FieldType {
    /// Every type, in the order the docs and prompts list them.
    pub const ALL: [FieldType; 6] = [
        FieldType::String,
        FieldType::Text,
        FieldType::Int,
        FieldType::Float,
        FieldType::Bool,
        FieldType::Datetime,
    ];

    /// The spelling used in specs, manifests and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Int => "int",
            FieldType::Float => "float",
            FieldType::Bool => "bool",
            FieldType::Datetime => "datetime",
        }
    }
}

impl FromStr for FieldType {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        FieldType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(())
    }
}

/// One field of a resource: `age:int?` is `age`, `Int`, optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    pub optional: bool,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = if self.optional { "?" } else { "" };
        write!(f, "{}:{}{q}", self.name, self.ty.as_str())
    }
}

impl FromStr for Field {
    type Err = SpecError;
    fn from_str(s: &str) -> Result<Self, SpecError> {
        let (name, ty) = s.split_once(':').ok_or_else(|| SpecError::FieldSyntax {
            value: s.to_string(),
        })?;
        let (ty, optional) = match ty.strip_suffix('?') {
            Some(t) => (t, true),
            None => (ty, false),
        };
        let ty = ty.parse().map_err(|()| SpecError::FieldType {
            field: name.to_string(),
            value: ty.to_string(),
        })?;
        Ok(Field {
            name: name.to_string(),
            ty,
            optional,
        })
    }
}

/// A resource: a singular snake_case name and its fields, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub name: String,
    pub fields: Vec<Field>,
}

impl FromStr for Resource {
    type Err = SpecError;
    /// Parses the `--resource` form: `user=name:string,email:string,age:int?`.
    fn from_str(s: &str) -> Result<Self, SpecError> {
        let (name, fields) = s.split_once('=').ok_or_else(|| SpecError::ResourceSyntax {
            value: s.to_string(),
        })?;
        let fields = fields
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()?;
        Ok(Resource {
            name: name.trim().to_string(),
            fields,
        })
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<String> = self.fields.iter().map(Field::to_string).collect();
        write!(f, "{}={}", self.name, fields.join(","))
    }
}

/// The validated project spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub name: String,
    pub description: String,
    pub author: String,
    pub port: u16,
    pub resources: Vec<Resource>,
    /// The schema's history, oldest first; empty means one step creating every resource.
    pub history: Vec<Migration>,
}

impl Spec {
    /// The schema's history, with the implied first step when none is recorded.
    pub fn migrations(&self) -> Vec<Migration> {
        if self.history.is_empty() {
            initial(&self.resources)
        } else {
            self.history.clone()
        }
    }

    /// The resource used when the user gave none: `users-api` -> `user` with `name:string`.
    pub fn default_resource(project: &str) -> Resource {
        Resource {
            name: derive_resource_name(project),
            fields: vec![Field {
                name: "name".into(),
                ty: FieldType::String,
                optional: false,
            }],
        }
    }
}

/// `users-api` -> `user`, `blog-posts-service` -> `blog_post`; `item` when nothing sensible is left.
pub fn derive_resource_name(project: &str) -> String {
    let snake = heck::AsSnakeCase(project).to_string();
    let mut base = snake.as_str();
    for suffix in ["_api", "_service", "_server", "_backend"] {
        if let Some(stripped) = base.strip_suffix(suffix) {
            base = stripped;
            break;
        }
    }
    let candidate = inflect::singularize(base);
    let generic = ["api", "service", "server", "backend", "app", "my_app"];
    if !generic.contains(&candidate.as_str()) && names::check_resource_name(&candidate).is_ok() {
        candidate
    } else {
        "item".to_string()
    }
}

/// The spec file as written on disk (and as kept in a starter's `.scaffold.toml`).
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Project name; the positional NAME overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Framework id or alias; `--framework` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceEntry>,
    /// Written by scaffold into `.scaffold.toml`; informational when read back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<MigrationEntry>,
}

/// One `[[resources]]` table: `name = "user"`, `fields = ["name:string", "age:int?"]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResourceEntry {
    pub name: String,
    pub fields: Vec<String>,
}

/// Provenance recorded in `.scaffold.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    pub scaffold_version: String,
    pub template: String,
    pub template_version: String,
}

impl SpecFile {
    /// Parses spec-file text; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<SpecFile, SpecError> {
        toml::from_str(text).map_err(|e| SpecError::File {
            path: origin.to_string(),
            message: e.message().to_string(),
            line: e.span().map(|s| line_of(text, s.start)),
        })
    }

    /// The recorded schema history (empty when the file has none).
    pub fn history(&self) -> Result<Vec<Migration>, SpecError> {
        self.migrations.iter().map(MigrationEntry::parse).collect()
    }

    /// The resources of the file, parsed.
    pub fn resources(&self) -> Result<Vec<Resource>, SpecError> {
        self.resources
            .iter()
            .map(|r| {
                let fields = r
                    .fields
                    .iter()
                    .map(|f| f.parse())
                    .collect::<Result<_, _>>()?;
                Ok(Resource {
                    name: r.name.clone(),
                    fields,
                })
            })
            .collect()
    }

    /// The file form of a validated spec, with the framework and provenance recorded.
    pub fn from_spec(spec: &Spec, framework: &str, generated: Generated) -> SpecFile {
        SpecFile {
            name: Some(spec.name.clone()),
            framework: Some(framework.to_string()),
            description: Some(spec.description.clone()),
            author: (!spec.author.is_empty()).then(|| spec.author.clone()),
            port: Some(spec.port),
            resources: spec
                .resources
                .iter()
                .map(|r| ResourceEntry {
                    name: r.name.clone(),
                    fields: r.fields.iter().map(Field::to_string).collect(),
                })
                .collect(),
            generated: Some(generated),
            migrations: spec.migrations().iter().map(MigrationEntry::of).collect(),
        }
    }

    pub fn to_toml(&self) -> String {
        // Serializing plain strings, numbers and tables cannot fail.
        toml::to_string(self).unwrap_or_default()
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

// The schema's history as values; what may change between steps is `history`'s business.

/// One step: the resources it creates (with the fields they had then) and the fields it
/// adds to resources that already existed (`add` holds only those fields).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Migration {
    pub create: Vec<Resource>,
    pub add: Vec<Resource>,
}

/// A step as the record writes it: resources in the `--resource` form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MigrationEntry {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub create: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<String>,
}

impl MigrationEntry {
    pub fn of(m: &Migration) -> MigrationEntry {
        MigrationEntry {
            create: m.create.iter().map(Resource::to_string).collect(),
            add: m.add.iter().map(Resource::to_string).collect(),
        }
    }

    pub fn parse(&self) -> Result<Migration, SpecError> {
        let parse = |list: &[String]| -> Result<Vec<Resource>, SpecError> {
            list.iter().map(|r| r.parse()).collect()
        };
        Ok(Migration {
            create: parse(&self.create)?,
            add: parse(&self.add)?,
        })
    }
}

/// The history of a spec whose record has none: one step creating every resource.
pub fn initial(resources: &[Resource]) -> Vec<Migration> {
    vec![Migration {
        create: resources.to_vec(),
        add: Vec::new(),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_field_forms() {
        let f: Field = "age:int?".parse().expect("valid");
        assert_eq!(
            (f.name.as_str(), f.ty, f.optional),
            ("age", FieldType::Int, true)
        );
        let f: Field = "born:datetime".parse().expect("valid");
        assert_eq!((f.ty, f.optional), (FieldType::Datetime, false));
        assert!(matches!(
            "age".parse::<Field>(),
            Err(SpecError::FieldSyntax { .. })
        ));
        assert!(matches!(
            "age:integer".parse::<Field>(),
            Err(SpecError::FieldType { .. })
        ));
    }

    #[test]
    fn parses_resource_flag_and_round_trips() {
        let r: Resource = "user=name:string, email:string,age:int?"
            .parse()
            .expect("valid");
        assert_eq!(r.name, "user");
        assert_eq!(r.fields.len(), 3);
        assert_eq!(r.to_string(), "user=name:string,email:string,age:int?");
        assert!("user".parse::<Resource>().is_err());
    }

    #[test]
    fn derives_resource_from_project_name() {
        for (project, resource) in [
            ("users-api", "user"),
            ("blog-posts-service", "blog_post"),
            ("inventory-server", "inventory"),
            ("people", "person"),
            ("categories-backend", "category"),
            ("api", "item"),
            ("x-api", "x"),
        ] {
            assert_eq!(derive_resource_name(project), resource, "{project}");
        }
    }

    #[test]
    fn spec_file_round_trips() {
        let spec = Spec {
            history: Vec::new(),
            name: "shop".into(),
            description: "say \"hi\"\n".into(),
            author: String::new(),
            port: 9000,
            resources: vec!["book=title:string,price:float?".parse().expect("valid")],
        };
        let generated = Generated {
            scaffold_version: "0.1.0".into(),
            template: "fastapi".into(),
            template_version: "1".into(),
        };
        let text = SpecFile::from_spec(&spec, "fastapi", generated).to_toml();
        let back = SpecFile::parse(&text, "x.toml").expect("parses");
        assert_eq!(back.framework.as_deref(), Some("fastapi"));
        assert_eq!(back.description.as_deref(), Some("say \"hi\"\n"));
        assert_eq!(back.resources().expect("valid"), spec.resources);
    }

    #[test]
    fn spec_file_errors_name_the_line() {
        let err = SpecFile::parse("name = \"a\"\nport = \"x\"\n", "s.toml")
            .expect_err("port is a string");
        let SpecError::File { line, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(line, Some(2));
        assert!(SpecFile::parse("colour = 1", "s.toml").is_err());
    }
}
