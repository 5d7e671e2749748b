//! Rendering a template tree into a plan: the list of files, with their final paths and
//! contents, held in memory until `write` puts them on disk.
//!
//! Files ending in `.hbs` are Handlebars (strict, no HTML escaping; values are escaped by the
//! literal helpers); other files are copied byte for byte. Paths are Handlebars too, and a file
//! whose path mentions `resource.` is rendered once per resource. A path segment `dot_x`
//! becomes `.x`, so dotfiles such as `.gitignore` do not act on this repository.

use std::collections::{BTreeMap, BTreeSet};

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderErrorReason, ScopedJson, no_escape,
};
use serde_json::Value;

use crate::generate::catalog::Template;
use crate::generate::context;
use crate::error::RenderError;
use crate::generate::escape;
use crate::generate::spec::Spec;

/// A file about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Relative path with `/` separators, checked to stay inside the project.
    pub path: String,
    pub contents: Vec<u8>,
    pub executable: bool,
}

/// Every file of a project, sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
}

const HBS: &str = ".hbs";

/// A literal helper: `{{py_str project.description}}` and its kind, one per target language.
struct Literal(Writer);

impl HelperDef for Literal {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, handlebars::RenderError> {
        let text = h
            .param(0)
            .and_then(|p| p.value().as_str())
            .ok_or_else(|| RenderErrorReason::Other(format!("`{}` takes one string", h.name())))?;
        Ok(ScopedJson::Derived(Value::String((self.0)(text))))
    }
}

/// A function writing user text as a literal of one language.
pub type Writer = fn(&str) -> String;

/// Every literal helper templates may call, by name.
pub const LITERALS: &[(&str, Writer)] = &[
    ("py_str", escape::python),
    ("js_str", escape::javascript),
    ("ts_str", escape::javascript),
    ("json_str", escape::json),
    ("toml_str", escape::toml),
    ("yaml_str", escape::yaml),
    ("java_str", escape::java),
    ("cs_str", escape::csharp),
    ("go_str", escape::go),
    ("rust_str", escape::rust),
    ("ex_str", escape::elixir),
    ("php_str", escape::php),
    ("ruby_str", escape::ruby),
    ("sh_str", escape::shell),
    ("xml_text", escape::xml),
    ("md_text", escape::markdown),
    ("comment_text", escape::comment),
];

/// A registry with the literal helpers, strict mode and no HTML escaping.
pub fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(no_escape);
    for (name, f) in LITERALS {
        hb.register_helper(name, Box::new(Literal(*f)));
    }
    hb
}

/// Names under which a template's paths and bodies are registered.
fn path_key(rel: &str) -> String {
    format!("path:{rel}")
}
fn body_key(rel: &str) -> String {
    format!("body:{rel}")
}

/// Compiles every path and `.hbs` body of a template into `hb`.
pub fn register(hb: &mut Handlebars<'static>, template: &Template) -> Result<(), RenderError> {
    let id = &template.manifest.id;
    for file in template.files() {
        let rel = &file.path;
        let compile_err = |e: handlebars::TemplateError| RenderError::Compile {
            template: id.clone(),
            path: rel.clone(),
            message: e.to_string(),
        };
        hb.register_template_string(&path_key(&rel), &rel)
            .map_err(compile_err)?;
        if rel.ends_with(HBS) {
            let body = file.contents_utf8().ok_or_else(|| RenderError::Compile {
                template: id.clone(),
                path: rel.clone(),
                message: "a .hbs file must be UTF-8".into(),
            })?;
            hb.register_template_string(&body_key(&rel), body)
                .map_err(compile_err)?;
        }
    }
    Ok(())
}

/// Renders the whole tree of `template` for `spec`.
pub fn plan(
    template: &Template,
    spec: &Spec,
    secrets: &BTreeMap<String, String>,
) -> Result<Plan, RenderError> {
    let manifest = &template.manifest;
    let mut hb = registry();
    register(&mut hb, template)?;
    let base = context::build(spec, manifest, secrets);
    let per_resource: Vec<Value> = (0..spec.resources.len())
        .map(|i| context::with_resource(&base, i))
        .collect();

    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    for file in template.files() {
        let rel = &file.path;
        let contexts: Vec<&Value> = if mentions_resource(&rel) {
            per_resource.iter().collect()
        } else {
            vec![&base]
        };
        for ctx in contexts {
            let render_err = |e: handlebars::RenderError| RenderError::Render {
                template: manifest.id.clone(),
                path: rel.clone(),
                message: e.to_string(),
            };
            let raw_path = hb.render(&path_key(&rel), ctx).map_err(render_err)?;
            let (path, contents) = match raw_path.strip_suffix(HBS) {
                Some(p) => (
                    p.to_string(),
                    hb.render(&body_key(&rel), ctx)
                        .map_err(render_err)?
                        .into_bytes(),
                ),
                None => (raw_path.clone(), file.contents().to_vec()),
            };
            let path = finish_path(&path).map_err(|rule| RenderError::UnsafePath {
                template: manifest.id.clone(),
                path: path.clone(),
                rule,
            })?;
            if !seen.insert(path.clone()) {
                return Err(RenderError::DuplicatePath {
                    template: manifest.id.clone(),
                    path,
                });
            }
            let executable = manifest.executable.contains(&path);
            files.push(PlannedFile {
                path,
                contents,
                executable,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan { files })
}

/// True when a path template uses `resource.` (not `first_resource.`): one file per resource.
fn mentions_resource(path: &str) -> bool {
    path.match_indices("resource.")
        .any(|(i, _)| !path[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
}

/// Renames `dot_` segments and checks that a rendered path stays inside the project.
pub fn finish_path(path: &str) -> Result<String, &'static str> {
    if path.is_empty() {
        return Err("the path is empty");
    }
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return Err("absolute paths, `\\` and `:` are not allowed");
    }
    if path.chars().any(char::is_control) {
        return Err("control characters are not allowed");
    }
    let mut segments = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" => return Err("empty path segments are not allowed"),
            "." | ".." => return Err("`.` and `..` segments are not allowed"),
            s => segments.push(match s.strip_prefix("dot_") {
                Some(rest) if !rest.is_empty() => format!(".{rest}"),
                _ => s.to_string(),
            }),
        }
    }
    Ok(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_resource_files_are_those_naming_resource() {
        assert!(mentions_resource("app/{{resource.plural.snake}}.py.hbs"));
        assert!(mentions_resource("a/{{ resource.singular.kebab }}/x"));
        assert!(!mentions_resource(
            "tests/test_{{first_resource.plural.snake}}.py.hbs"
        ));
        assert!(!mentions_resource("app/main.py.hbs"));
    }

    #[test]
    fn finishes_and_checks_paths() {
        assert_eq!(finish_path("dot_gitignore").as_deref(), Ok(".gitignore"));
        assert_eq!(
            finish_path("app/dot_env.example").as_deref(),
            Ok("app/.env.example")
        );
        assert_eq!(finish_path("a/b.py").as_deref(), Ok("a/b.py"));
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            "C:x",
            "a/\n",
        ] {
            assert!(finish_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn strict_mode_rejects_missing_values_and_html_is_not_escaped() {
        let hb = registry();
        let ctx = serde_json::json!({"d": "<a href=\"x\">&</a>"});
        assert_eq!(
            hb.render_template("{{d}}", &ctx).expect("renders"),
            "<a href=\"x\">&</a>"
        );
        assert!(hb.render_template("{{missing}}", &ctx).is_err());
        assert_eq!(
            hb.render_template("{{py_str d}}", &ctx).expect("renders"),
            "\"<a href=\\\"x\\\">&</a>\""
        );
    }
}
