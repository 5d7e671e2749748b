//! `scaffold template check DIR`: everything wrong with a template, reported at once, so that
//! an author iterates without rebuilding scaffold.
//!
//! The manifest is validated, every path and `.hbs` body compiled on its own, the template
//! rendered for both example specs and for hostile free text, and the rendered JSON and TOML
//! files parsed. Code is not parsed here (the grammars live in scaffold's own test suite), so
//! `verify` remains the proof that a starter works.

use std::collections::BTreeMap;

use crate::generate::catalog::Template;
use crate::generate::render;
use crate::generate::request::Request;
use crate::generate::spec::SpecFile;

/// The specs a template is rendered with: scaffold's two examples, and one whose free text
/// tries to end every kind of literal.
const SPECS: &[(&str, &str)] = &[
    ("users-api", include_str!("../../examples/users-api.toml")),
    ("bookstore", include_str!("../../examples/bookstore.toml")),
    (
        "hostile",
        r#"name = "hostile"
description = "quotes \" ' ` \"\"\" ''' backslash \\ \\n ${x} #{x} {{x}} <?php ?> */ /* -- <!-- --> %s\nsecond line\ttab é 😀"
author = "O'Brien \"the\" `x` \\"
[[resources]]
name = "book"
fields = ["title:string", "summary:text?", "pages:int", "price:float", "in_stock:bool", "published_at:datetime?"]
[[resources]]
name = "blog_post"
fields = ["headline:string", "views:int?"]
"#,
    ),
];

/// One problem: where (a template file, or a rendered one with the spec it came from) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub message: String,
}

/// Every problem of a template that was read; the manifest's were reported when reading it.
pub fn check(template: &Template) -> Vec<Problem> {
    let mut problems = render::compile_problems(template)
        .into_iter()
        .map(|(place, message)| Problem { place, message })
        .collect::<Vec<_>>();
    if !problems.is_empty() {
        // Rendering needs every file compiled: its errors would only repeat these.
        return problems;
    }
    for (label, text) in SPECS {
        let spec = SpecFile::parse(text, label)
            .and_then(|file| Request::default().over(&file))
            .and_then(Request::into_spec);
        let spec = match spec {
            Ok(spec) => spec,
            Err(e) => {
                problems.push(Problem {
                    place: format!("[{label}]"),
                    message: e.to_string(),
                });
                continue;
            }
        };
        if let Err(e) = super::validate(&spec, template) {
            problems.push(Problem {
                place: format!("[{label}]"),
                message: format!("the spec's names are refused by the template's rules: {e}"),
            });
            continue;
        }
        let secrets = template
            .manifest
            .secrets
            .iter()
            .map(|s| (s.name.clone(), "0".repeat(s.bytes * 2)))
            .collect::<BTreeMap<_, _>>();
        match render::plan(template, &spec, &secrets) {
            Err(e) => problems.push(Problem {
                place: format!("[{label}]"),
                message: e.to_string(),
            }),
            Ok(plan) => {
                for file in &plan.files {
                    if let Some(message) = data_error(&file.path, &file.contents) {
                        problems.push(Problem {
                            place: format!("[{label}] {}", file.path),
                            message,
                        });
                    }
                }
            }
        }
    }
    problems
}

/// The parse error of a rendered JSON or TOML file, with its line.
fn data_error(path: &str, contents: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(contents).ok()?;
    if path.ends_with(".json") {
        serde_json::from_str::<serde_json::Value>(text)
            .err()
            .map(|e| format!("line {}: not valid JSON: {e}", e.line()))
    } else if path.ends_with(".toml") {
        toml::from_str::<toml::Table>(text)
            .err()
            .map(|e| format!("not valid TOML: {}", e.to_string().trim()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::catalog::Catalog;

    #[test]
    #[ignore = "slow tier: run by CI via --include-ignored (renders all 14 templates for 3 specs in a debug build: ~5 s; the fast tier's parse tier renders and parses the same files)"]
    fn every_built_in_template_checks_clean() {
        let catalog = Catalog::load().expect("catalog");
        for t in &catalog.templates {
            let problems = check(t);
            assert!(problems.is_empty(), "{}: {problems:?}", t.manifest.id);
        }
    }

    #[test]
    fn rendered_data_files_must_parse() {
        assert!(data_error("a.json", b"{\"a\": 1}").is_none());
        let e = data_error("a.json", b"{\n\"a\": }").expect("bad json");
        assert!(e.starts_with("line 2"), "{e}");
        assert!(data_error("a.toml", b"a = ").is_some());
        assert!(data_error("a.py", b"{{{").is_none());
    }
}
