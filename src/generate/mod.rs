//! `scaffold new` as a straight line of values:
//! [`Request`] -> [`spec::Spec`] -> [`Prepared`] (template, target, rendered plan) -> write.
//!
//! [`prepare`] never writes: the caller prints it (dry run), confirms it (prompts) or calls
//! [`Prepared::write`]. Names are validated once, in [`validate`], against the chosen
//! template's rules.

pub(crate) mod bakeoff;
pub mod catalog;
pub(crate) mod check;
mod chunks;
mod compile;
pub(crate) mod config;
pub(crate) mod context;
pub(crate) mod escape;
pub(crate) mod git;
pub(crate) mod history;
pub mod manifest;
pub mod names;
pub mod record;
pub mod render;
pub mod request;
pub(crate) mod secrets;
pub mod spec;
mod validate;
pub(crate) mod write;

use std::path::{Path, PathBuf};

use crate::error::{Error, WriteError};
use catalog::{Catalog, Template};
use names::Rules;
use render::{Plan, PlannedFile};
pub use request::Request;
use spec::{Generated, Resource, Spec, SpecFile};

/// Framework used when none is given.
pub const DEFAULT_FRAMEWORK: &str = "fastapi";
/// File in every starter that records how it was made; `--spec` reads it back.
pub const RECORD_FILE: &str = ".scaffold.toml";

/// The spec for these templates. A resource derived from the project name that one of them
/// cannot use (`a` -> plural `as`, a Python keyword) gives way to `item`; a resource the user
/// named is never replaced.
pub fn spec_for(request: Request, templates: &[&Template]) -> Result<Spec, Error> {
    let derived = request.resources.is_empty();
    let mut spec = request.into_spec()?;
    if derived && templates.iter().any(|t| validate(&spec, t).is_err()) {
        spec.resources = vec![Resource {
            name: "item".into(),
            ..spec.resources.remove(0)
        }];
    }
    for t in templates {
        validate(&spec, t)?;
    }
    Ok(spec)
}

/// Checks every name of the spec against the template's rules.
pub fn validate(spec: &Spec, template: &Template) -> Result<(), Error> {
    let m = &template.manifest;
    validate::check_spec(
        spec,
        &Rules {
            ecosystems: &m.name_rules,
            reserved_resources: &m.reserved_resources,
            reserved_fields: &m.reserved_fields,
            framework: &m.id,
            dependencies: &m.dependencies,
        },
    )?;
    Ok(())
}

/// Renders the project in memory: the template's files and `.scaffold.toml`, secrets filled
/// in, followed by the record of the pristine render, `.scaffold/base.tar` (see [`record`]).
/// The spec must have passed [`validate`] for this template.
pub fn plan(spec: &Spec, template: &Template) -> Result<Plan, Error> {
    let values = secrets::generate(&template.manifest.secrets)?;
    Ok(record::project(pristine(spec, template)?, &values)?)
}

/// The render as recorded: the template's files and `.scaffold.toml`, with a placeholder for
/// each secret.
pub fn pristine(spec: &Spec, template: &Template) -> Result<Plan, Error> {
    let m = &template.manifest;
    let mut plan = render::plan(template, spec, &record::placeholders(&m.secrets))?;
    let record = SpecFile::from_spec(
        spec,
        &m.id,
        Generated {
            scaffold_version: env!("CARGO_PKG_VERSION").into(),
            template: m.id.clone(),
            template_version: m.version.clone(),
        },
    );
    let header = "# Written by scaffold. `scaffold update .` re-renders this project after a change here;\n\
                  # `scaffold new --spec .scaffold.toml --output DIR` makes a fresh copy.\n";
    plan.files.push(PlannedFile {
        path: RECORD_FILE.into(),
        contents: format!("{header}{}", record.to_toml()).into_bytes(),
        executable: false,
    });
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(plan)
}

/// Where the project goes: `--output`, else `./NAME`.
pub fn target(output: Option<&Path>, spec: &Spec) -> PathBuf {
    output.map_or_else(|| PathBuf::from(&spec.name), Path::to_path_buf)
}

/// A project ready to write: nothing is on disk yet.
pub struct Prepared<'a> {
    pub spec: Spec,
    pub template: &'a Template,
    pub target: PathBuf,
    pub plan: Plan,
}

impl Prepared<'_> {
    /// Writes the plan atomically; the target is checked again, as time has passed.
    pub fn write(&self) -> Result<(), WriteError> {
        write::write(&self.plan, &self.target)
    }
}

/// Resolves the template, the spec and the target, validates once and renders; never writes.
/// The target is checked now, so a dry run or a confirmation never promises what fails later.
pub fn prepare<'a>(
    catalog: &'a Catalog,
    request: Request,
    output: Option<&Path>,
) -> Result<Prepared<'a>, Error> {
    let template = catalog.find(request.framework.as_deref().unwrap_or(DEFAULT_FRAMEWORK))?;
    let spec = spec_for(request, &[template])?;
    let target = target(output, &spec);
    write::check_target(&target)?;
    let plan = plan(&spec, template)?;
    Ok(Prepared {
        spec,
        template,
        target,
        plan,
    })
}
