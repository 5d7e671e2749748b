//! Interactive `scaffold new`: asks for what flags, spec file and defaults left open.
//!
//! Prompts run only on a terminal and never with `--no-input`. Each answer is validated as it
//! is typed with the same rules as flags; Esc or Ctrl-C cancels with nothing written.

use std::io::IsTerminal;

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, FuzzySelect, Input, Select};

use crate::error::Error;
use crate::generate::catalog::{Catalog, Template};
use crate::generate::{self, DEFAULT_FRAMEWORK, Prepared, Request};
use crate::generate::{names, request};

use crate::generate::spec::{DEFAULT_PORT, Field, FieldType, Resource, Spec};

/// The field offered for a resource's first field.
const DEFAULT_FIELD: &str = "name";

/// True when prompts may run: a terminal on stdin and stderr, and no `--no-input`.
pub fn available(no_input: bool) -> bool {
    !no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Prompts start when the name or the framework is missing.
pub fn wanted(request: &Request) -> bool {
    request.name.is_none() || request.framework.is_none()
}

fn cancelled<E>(_: E) -> Error {
    Error::Cancelled
}

/// Checks one resource (and optionally one field) against the base and template rules.
fn check(template: &Template, resource: &str, field: Option<&str>) -> Result<(), String> {
    let spec = Spec {
        history: Vec::new(),
        name: "probe".into(),
        description: String::new(),
        author: String::new(),
        port: DEFAULT_PORT,
        resources: vec![Resource {
            name: resource.to_string(),
            fields: vec![Field {
                name: field.unwrap_or("probe_value").to_string(),
                ty: FieldType::String,
                optional: false,
            }],
        }],
    };
    generate::validate(&spec, template).map_err(|e| e.to_string())
}

/// Asks for everything the request lacks, in order: name, framework, description, port,
/// resources and their fields.
pub fn fill(request: &mut Request, catalog: &Catalog) -> Result<(), Error> {
    let theme = ColorfulTheme::default();
    if request.name.is_none() {
        let name: String = Input::with_theme(&theme)
            .with_prompt("Project name")
            .validate_with(|v: &String| names::check_project_name(v).map_err(|e| e.to_string()))
            .interact_text()
            .map_err(cancelled)?;
        request.name = Some(name);
    }
    let name = request.name.clone().unwrap_or_default();

    let template = match &request.framework {
        Some(f) => catalog.find(f)?,
        None => {
            let items: Vec<String> = catalog
                .templates
                .iter()
                .map(|t| {
                    let m = &t.manifest;
                    format!(
                        "{:<12} {} {} ({})",
                        m.id, m.name, m.framework_version, m.language
                    )
                })
                .collect();
            let default = catalog
                .ids()
                .iter()
                .position(|i| i == DEFAULT_FRAMEWORK)
                .unwrap_or(0);
            let picked = FuzzySelect::with_theme(&theme)
                .with_prompt("Framework")
                .items(&items)
                .default(default)
                .interact_opt()
                .map_err(cancelled)?
                .ok_or(Error::Cancelled)?;
            &catalog.templates[picked]
        }
    };
    request.framework = Some(template.manifest.id.clone());

    if request.description.is_none() {
        let text: String = Input::with_theme(&theme)
            .with_prompt("Description")
            .default(request::default_description(&name))
            .validate_with(|v: &String| {
                request::check_text("description", v).map_err(|e| e.to_string())
            })
            .interact_text()
            .map_err(cancelled)?;
        request.description = Some(text);
    }
    if request.port.is_none() {
        let port: u16 = Input::with_theme(&theme)
            .with_prompt("Port")
            .default(DEFAULT_PORT)
            .validate_with(|p: &u16| {
                if *p == 0 {
                    Err("port must be from 1 to 65535")
                } else {
                    Ok(())
                }
            })
            .interact_text()
            .map_err(cancelled)?;
        request.port = Some(port);
    }
    if request.resources.is_empty() {
        request.resources = ask_resources(&theme, template, &name)?;
    }
    Ok(())
}

fn ask_resources(
    theme: &ColorfulTheme,
    template: &Template,
    project: &str,
) -> Result<Vec<Resource>, Error> {
    let mut resources: Vec<Resource> = Vec::new();
    loop {
        let mut input = Input::<String>::with_theme(theme)
            .with_prompt("Resource name (singular, snake_case)")
            .validate_with(|v: &String| check(template, v, None));
        if resources.is_empty() {
            input = input.default(Spec::default_resource(project).name);
        }
        let name = input.interact_text().map_err(cancelled)?;
        let mut fields: Vec<Field> = Vec::new();
        loop {
            // The first field has a default, so Enter at every prompt makes a project.
            let mut input = Input::<String>::with_theme(theme)
                .with_prompt(format!("  Field of `{name}` (empty to finish)"))
                .allow_empty(true);
            if fields.is_empty() {
                input = input.default(DEFAULT_FIELD.to_string());
            }
            let field: String = input
                .validate_with(|v: &String| {
                    if v.is_empty() {
                        return if fields.is_empty() {
                            Err("a resource needs at least one field".into())
                        } else {
                            Ok(())
                        };
                    }
                    if fields.iter().any(|f| f.name == *v) {
                        return Err(format!("field `{v}` is given twice"));
                    }
                    check(template, &name, Some(v))
                })
                .interact_text()
                .map_err(cancelled)?;
            if field.is_empty() {
                break;
            }
            let types: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
            let ty = Select::with_theme(theme)
                .with_prompt(format!("  Type of `{field}`"))
                .items(&types)
                .default(0)
                .interact_opt()
                .map_err(cancelled)?
                .ok_or(Error::Cancelled)?;
            let optional = Confirm::with_theme(theme)
                .with_prompt(format!("  Is `{field}` optional?"))
                .default(false)
                .interact_opt()
                .map_err(cancelled)?
                .ok_or(Error::Cancelled)?;
            fields.push(Field {
                name: field,
                ty: FieldType::ALL[ty],
                optional,
            });
        }
        resources.push(Resource { name, fields });
        let another = Confirm::with_theme(theme)
            .with_prompt("Add another resource?")
            .default(false)
            .interact_opt()
            .map_err(cancelled)?
            .ok_or(Error::Cancelled)?;
        if !another {
            return Ok(resources);
        }
    }
}

/// Shows the spec and the files, and asks before writing.
pub fn confirm(prepared: &Prepared<'_>) -> Result<(), Error> {
    let Prepared {
        spec,
        template,
        plan,
        target,
    } = prepared;
    eprintln!(
        "\n{} ({} {}) at {}",
        spec.name,
        template.manifest.name,
        template.manifest.framework_version,
        target.display()
    );
    eprintln!("  description: {}", spec.description.escape_debug());
    eprintln!("  port: {}", spec.port);
    for r in &spec.resources {
        eprintln!("  resource: {r}");
    }
    eprintln!("  {} files:", plan.files.len());
    for f in &plan.files {
        eprintln!("    {}", f.path);
    }
    let yes = Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt("Write these files?")
        .default(true)
        .interact_opt()
        .map_err(cancelled)?
        .unwrap_or(false);
    if yes { Ok(()) } else { Err(Error::Cancelled) }
}
