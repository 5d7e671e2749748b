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

use crate::error::RenderError;
use crate::generate::catalog::{Template, TemplateFile};
use crate::generate::chunks::{self, Piece};
use crate::generate::compile::Compiler;
use crate::generate::context;
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

/// Name of the helper that writes back a literal line taken out of a block before compiling.
const LIT: &str = "scaffold_literal";

/// Literal lines of blocks, by index (see [`chunks::hollow`]): the `scaffold_literal` helper
/// writes them back, so that pest never parses them.
#[derive(Clone, Default)]
struct Literals(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl HelperDef for Literals {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, handlebars::RenderError> {
        let index = h.param(0).and_then(|p| p.value().as_u64());
        let text = index
            .and_then(|i| {
                let table = self.0.lock().ok()?;
                table.get(usize::try_from(i).ok()?).cloned()
            })
            .ok_or_else(|| RenderErrorReason::Other(format!("`{LIT}` has no literal {index:?}")))?;
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}

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

/// A piece of a compiled path or body: literal text, or the name of a registered template.
enum Part<'t> {
    Text(std::borrow::Cow<'t, str>),
    Registered(String),
    /// `{{a.b}}` outside any block: the value at that path, printed as Handlebars prints it.
    Lookup(Vec<String>),
    /// `{{py_str a.b}}` outside any block: a literal helper applied to the string there.
    Literal(Writer, Vec<String>),
}

/// A tag that needs no Handlebars: a plain path, or a literal helper of a plain path.
fn direct(tag: &str) -> Option<Part<'static>> {
    let inner = tag.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    if inner.starts_with('{') {
        return None;
    }
    let path = |p: &str| -> Option<Vec<String>> {
        let ident = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        let segments: Vec<String> = p.split('.').map(String::from).collect();
        (segments.iter().all(|s| ident(s)) && segments[0] != "this" && segments[0] != "else")
            .then_some(segments)
    };
    match inner.split_once(' ') {
        None => path(inner).map(Part::Lookup),
        Some((helper, arg)) => {
            let (_, writer) = LITERALS.iter().find(|(name, _)| *name == helper)?;
            path(arg.trim()).map(|p| Part::Literal(*writer, p))
        }
    }
}

/// The value at `path` in the context; a missing one is an error, as in strict mode.
fn lookup<'c>(ctx: &'c Context, path: &[String]) -> Result<&'c Value, handlebars::RenderError> {
    let mut value = ctx.data();
    for segment in path {
        value = value.get(segment).ok_or_else(|| {
            RenderErrorReason::Other(format!(
                "Failed to access variable in strict mode Some({:?})",
                path.join(".")
            ))
        })?;
    }
    Ok(value)
}

/// One template file ready to render: its path and (for `.hbs`) its body, in parts.
struct Compiled<'t> {
    file: &'t TemplateFile,
    path: Vec<Part<'t>>,
    body: Option<Vec<Part<'t>>>,
}

/// Registers what needs Handlebars in `text` under `key#N` names; literal parts are kept as
/// they are (see [`chunks`] for why and when a body is cut).
fn compile<'t>(
    hb: &mut Handlebars<'static>,
    quick: &mut Compiler,
    literals: &Literals,
    key: &str,
    text: &'t str,
) -> Result<Vec<Part<'t>>, handlebars::TemplateError> {
    // Inline partials become registry partials, so the rest of the body can be cut.
    let prefix = format!("p{}", hb.get_templates().len());
    if let Some((rest, partials)) = chunks::hoist_inline(text, &prefix) {
        for (name, body) in partials {
            hb.register_partial(&name, body)?;
        }
        // The pieces borrow the rest, which lives in this call only: they are made owned.
        let parts = compile(hb, quick, literals, key, &rest)?;
        return Ok(parts
            .into_iter()
            .map(|p| match p {
                Part::Text(t) => Part::Text(std::borrow::Cow::Owned(t.into_owned())),
                Part::Registered(name) => Part::Registered(name),
                Part::Lookup(p) => Part::Lookup(p),
                Part::Literal(w, p) => Part::Literal(w, p),
            })
            .collect());
    }
    let mut parts = Vec::new();
    for (i, piece) in chunks::split(text).into_iter().enumerate() {
        parts.push(match piece {
            Piece::Text(t) => Part::Text(std::borrow::Cow::Borrowed(t)),
            Piece::Template(t) if let Some(part) = direct(t) => part,
            // A tag alone (`{{project.name.snake}}`) recurs across files: compiled once.
            Piece::Template(t) if t.len() < 80 && !t.contains('\n') => {
                let name = format!("tag:{t}");
                if !hb.has_template(&name) {
                    register_text(hb, quick, &name, t)?;
                }
                Part::Registered(name)
            }
            Piece::Template(t) => {
                let name = format!("{key}#{i}");
                if let Some(template) = quick.compile(t, &name) {
                    hb.register_template(&name, template);
                    parts.push(Part::Registered(name));
                    continue;
                }
                // The crate's parser: its cost grows faster than the text, so the literal lines
                // of blocks are taken out first.
                let mut table = literals.0.lock().map_err(|_| {
                    handlebars::TemplateError::of(handlebars::TemplateErrorReason::InvalidSyntax(
                        "literal table poisoned".into(),
                    ))
                })?;
                match chunks::hollow(t, LIT, table.len()) {
                    Some((hollowed, taken)) => {
                        table.extend(taken.into_iter().map(String::from));
                        drop(table);
                        hb.register_template_string(&name, hollowed)?;
                    }
                    None => {
                        drop(table);
                        hb.register_template_string(&name, t)?;
                    }
                }
                Part::Registered(name)
            }
        });
    }
    Ok(parts)
}

/// Registers `text` as the template `name`, compiled by [`Compiler`] when it knows every
/// construct in it (it builds the same template, without pest), else by the crate.
fn register_text(
    hb: &mut Handlebars<'static>,
    quick: &mut Compiler,
    name: &str,
    text: &str,
) -> Result<(), handlebars::TemplateError> {
    match quick.compile(text, name) {
        Some(template) => {
            hb.register_template(name, template);
            Ok(())
        }
        None => hb.register_template_string(name, text),
    }
}

fn render_parts(
    hb: &Handlebars<'static>,
    parts: &[Part<'_>],
    ctx: &Context,
) -> Result<String, handlebars::RenderError> {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Registered(name) => out.push_str(&hb.render_with_context(name, ctx)?),
            Part::Lookup(path) => match lookup(ctx, path)? {
                Value::String(s) => out.push_str(s),
                Value::Null => {}
                v @ (Value::Number(_) | Value::Bool(_)) => out.push_str(&v.to_string()),
                _ => {
                    return Err(RenderErrorReason::Other(format!(
                        "`{}` is not a value to print",
                        path.join(".")
                    ))
                    .into());
                }
            },
            Part::Literal(writer, path) => match lookup(ctx, path)? {
                Value::String(s) => out.push_str(&writer(s)),
                _ => {
                    return Err(RenderErrorReason::Other(format!(
                        "a literal helper takes one string; `{}` is not one",
                        path.join(".")
                    ))
                    .into());
                }
            },
        }
    }
    Ok(out)
}

/// Compiles every path and `.hbs` body of a template into `hb`. A body that fails in parts is
/// compiled whole again, so that the error's line is the file's.
fn register<'t>(
    hb: &mut Handlebars<'static>,
    template: &'t Template,
) -> Result<Vec<Compiled<'t>>, RenderError> {
    let id = &template.manifest.id;
    let literals = Literals::default();
    hb.register_helper(LIT, Box::new(literals.clone()));
    let mut quick = Compiler::new();
    let mut compiled = Vec::new();
    for file in template.files() {
        let rel = &file.path;
        let compile_err = |e: handlebars::TemplateError| RenderError::Compile {
            template: id.clone(),
            path: rel.clone(),
            message: e.to_string(),
        };
        let path =
            compile(hb, &mut quick, &literals, &format!("path:{rel}"), rel).map_err(compile_err)?;
        let body = if rel.ends_with(HBS) {
            let text = file.contents_utf8().ok_or_else(|| RenderError::Compile {
                template: id.clone(),
                path: rel.clone(),
                message: "a .hbs file must be UTF-8".into(),
            })?;
            match compile(hb, &mut quick, &literals, &format!("body:{rel}"), text) {
                Ok(parts) => Some(parts),
                Err(_) => {
                    let whole = format!("whole:{rel}");
                    hb.register_template_string(&whole, text)
                        .map_err(compile_err)?;
                    Some(vec![Part::Registered(whole)])
                }
            }
        } else {
            None
        };
        compiled.push(Compiled { file, path, body });
    }
    Ok(compiled)
}

/// The error of rendering the whole body, whose line numbers are the file's (a piece's are
/// its own); only computed when a piece failed.
fn whole_error(
    file: &TemplateFile,
    ctx: &Context,
    piece_error: handlebars::RenderError,
) -> handlebars::RenderError {
    let mut hb = registry();
    let name = file.path.as_str();
    match file
        .contents_utf8()
        .map(|t| hb.register_template_string(name, t))
    {
        Some(Ok(())) => hb
            .render_with_context(name, ctx)
            .err()
            .unwrap_or(piece_error),
        _ => piece_error,
    }
}

/// Every path and body that does not compile, each on its own: (file, error with its line).
pub fn compile_problems(template: &Template) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for file in template.files() {
        let mut hb = registry();
        if let Err(e) = hb.register_template_string("path", &file.path) {
            problems.push((file.path.clone(), format!("path: {e}")));
        }
        if file.path.ends_with(HBS) {
            match file.contents_utf8() {
                None => problems.push((file.path.clone(), "a .hbs file must be UTF-8".into())),
                Some(text) => {
                    if let Err(e) = hb.register_template_string("body", text) {
                        problems.push((file.path.clone(), e.to_string()));
                    }
                }
            }
        }
    }
    problems
}

/// Compiles every path and `.hbs` body of a template, reporting the first error.
pub fn check(template: &Template) -> Result<(), RenderError> {
    register(&mut registry(), template).map(|_| ())
}

/// Renders the whole tree of `template` for `spec`.
pub fn plan(
    template: &Template,
    spec: &Spec,
    secrets: &BTreeMap<String, String>,
) -> Result<Plan, RenderError> {
    let manifest = &template.manifest;
    let mut hb = registry();
    let compiled = register(&mut hb, template)?;
    // Which list each file repeats over: none, the resources or the migrations.
    let mut repeats = Vec::with_capacity(compiled.len());
    for c in &compiled {
        let rel = &c.file.path;
        repeats.push(
            match (mentions(rel, "resource."), mentions(rel, "migration.")) {
                (true, true) => {
                    return Err(RenderError::UnsafePath {
                        template: manifest.id.clone(),
                        path: rel.clone(),
                        rule: "a path can repeat per resource or per migration, not both",
                    });
                }
                (true, false) => Some(("resources", "resource")),
                (false, true) => Some(("migrations", "migration")),
                (false, false) => None,
            },
        );
    }

    let mut files = Vec::new();
    let mut seen = BTreeSet::new();
    let mut emit = |c: &Compiled<'_>, ctx: &Context| -> Result<(), RenderError> {
        let Compiled { file, path, body } = c;
        let rel = &file.path;
        let render_err = |e: handlebars::RenderError| RenderError::Render {
            template: manifest.id.clone(),
            path: rel.clone(),
            message: e.to_string(),
        };
        let raw_path = render_parts(&hb, path, ctx).map_err(render_err)?;
        let (path, contents) = match (raw_path.strip_suffix(HBS), body) {
            (Some(p), Some(body)) => (
                p.to_string(),
                render_parts(&hb, body, ctx)
                    .map_err(|e| whole_error(file, ctx, e))
                    .map_err(render_err)?
                    .into_bytes(),
            ),
            _ => (raw_path.clone(), file.contents().to_vec()),
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
        Ok(())
    };

    // One context, built once (rendering with a `Context` does not serialize it again). Files
    // that repeat per item see it with `resource` (or `migration`) set to each item in turn:
    // only the item is copied, never the whole context.
    let mut ctx = Context::from(context::build(spec, manifest, secrets));
    for (c, _) in compiled.iter().zip(&repeats).filter(|(_, r)| r.is_none()) {
        emit(c, &ctx)?;
    }
    for (list, item) in [("resources", "resource"), ("migrations", "migration")] {
        let repeating: Vec<&Compiled<'_>> = compiled
            .iter()
            .zip(&repeats)
            .filter(|(_, r)| **r == Some((list, item)))
            .map(|(c, _)| c)
            .collect();
        if repeating.is_empty() {
            continue;
        }
        let count = ctx.data()[list].as_array().map_or(0, Vec::len);
        for i in 0..count {
            context::set_item(ctx.data_mut(), list, item, i);
            for c in &repeating {
                emit(c, &ctx)?;
            }
        }
        context::clear_item(ctx.data_mut(), item);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan { files })
}

/// True when a path template uses `resource.` (not `first_resource.`), which makes one file
/// per resource, or `migration.` (not `last_migration.`), one file per migration.
fn mentions(path: &str, item: &str) -> bool {
    path.match_indices(item)
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

    /// Cutting bodies into pieces and compiling them without pest are only optimisations:
    /// every body of every built-in template renders the same whole (by the crate alone) and
    /// in pieces, for both example specs.
    #[test]
    fn bodies_render_the_same_whole_and_in_pieces() {
        let catalog = crate::generate::catalog::Catalog::load().expect("catalog");
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let specs: Vec<Spec> = ["bookstore.toml", "users-api.toml"]
            .iter()
            .map(|example| {
                let text =
                    std::fs::read_to_string(format!("{examples}/{example}")).expect("example");
                let file = crate::generate::spec::SpecFile::parse(&text, example).expect("spec");
                crate::generate::Request::default()
                    .over(&file)
                    .and_then(crate::generate::Request::into_spec)
                    .expect("spec")
            })
            .collect();
        let mut compared = 0;
        for template in &catalog.templates {
            let secrets =
                crate::generate::secrets::generate(&template.manifest.secrets).expect("secrets");
            let contexts: Vec<Context> = specs
                .iter()
                .map(|spec| {
                    let mut ctx = context::build(spec, &template.manifest, &secrets);
                    context::set_item(&mut ctx, "resources", "resource", 0);
                    context::set_item(&mut ctx, "migrations", "migration", 0);
                    Context::from(ctx)
                })
                .collect();
            let mut hb = registry();
            let literals = Literals::default();
            hb.register_helper(LIT, Box::new(literals.clone()));
            for file in template.files().iter().filter(|f| f.path.ends_with(HBS)) {
                let text = file.contents_utf8().expect("utf-8");
                hb.register_template_string("whole", text)
                    .expect("compiles");
                let parts = compile(&mut hb, &mut Compiler::new(), &literals, &file.path, text)
                    .expect("compiles in parts");
                for ctx in &contexts {
                    let whole = hb.render_with_context("whole", ctx);
                    let pieces = render_parts(&hb, &parts, ctx);
                    let (whole, pieces) = (
                        whole.map_err(|e| e.to_string()),
                        pieces.map_err(|e| e.to_string()),
                    );
                    if whole != pieces {
                        let (w, p) = (format!("{whole:?}"), format!("{pieces:?}"));
                        let at = w.chars().zip(p.chars()).take_while(|(a, b)| a == b).count();
                        let around = |s: &str| {
                            s.chars()
                                .skip(at.saturating_sub(80))
                                .take(160)
                                .collect::<String>()
                        };
                        panic!(
                            "{} {} differs at char {at}:\nwhole:  {}\npieces: {}",
                            template.manifest.id,
                            file.path,
                            around(&w),
                            around(&p)
                        );
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} bodies compared");
    }

    #[test]
    fn per_item_files_are_those_naming_the_item() {
        let r = "resource.";
        assert!(mentions("app/{{resource.plural.snake}}.py.hbs", r));
        assert!(mentions("a/{{ resource.singular.kebab }}/x", r));
        assert!(!mentions(
            "tests/test_{{first_resource.plural.snake}}.py.hbs",
            r
        ));
        assert!(!mentions("app/main.py.hbs", r));
        let m = "migration.";
        assert!(mentions(
            "api/migrations/{{migration.padded}}_schema.py.hbs",
            m
        ));
        assert!(!mentions("src/{{last_migration.padded}}.ts.hbs", m));
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
