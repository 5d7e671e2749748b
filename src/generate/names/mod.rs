//! Names: every case form of a name, and the rules a name must satisfy.
//!
//! A project, resource or field name ends up as a directory, a package, a module, a class, a
//! table, a column and a JSON key in up to ten languages. The base rules here keep every
//! form of a name a plain ASCII identifier; the word rules then reject what one of the
//! ecosystems a template names (in its manifest) reserves.

pub mod inflect;
mod words;

use heck::{
    ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToTitleCase, ToUpperCamelCase,
};
use serde::{Deserialize, Serialize};

use crate::error::NameError;

/// Longest project name: short enough for every package registry and file system.
const MAX_PROJECT: usize = 64;
/// Longest resource or field name: identifiers and SQL names stay well under 63 bytes.
const MAX_IDENT: usize = 40;

/// Words written in capitals in a title: `users-api` is "Users API", not "Users Api".
const ACRONYMS: &[&str] = &[
    "api", "cli", "cms", "crm", "css", "db", "dns", "erp", "faq", "gis", "gpu", "html", "http",
    "id", "io", "ip", "json", "jwt", "ml", "oauth", "pdf", "qr", "rest", "rpc", "sdk", "sms",
    "sql", "ssh", "sso", "tcp", "ui", "uri", "url", "ux", "vm", "vpn", "xml",
];

/// The title form, with known acronyms in capitals.
fn title(name: &str) -> String {
    name.to_title_case()
        .split(' ')
        .map(|word| {
            if ACRONYMS.contains(&word.to_ascii_lowercase().as_str()) {
                word.to_ascii_uppercase()
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every case form of one name, computed once and handed to templates.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Forms {
    pub kebab: String,
    pub snake: String,
    pub pascal: String,
    pub camel: String,
    pub shouty: String,
    pub title: String,
}

impl Forms {
    pub fn of(name: &str) -> Forms {
        Forms {
            kebab: name.to_kebab_case(),
            snake: name.to_snake_case(),
            pascal: name.to_upper_camel_case(),
            camel: name.to_lower_camel_case(),
            shouty: name.to_shouty_snake_case(),
            title: title(name),
        }
    }
}

/// An ecosystem whose naming rules a template's output must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Python,
    Javascript,
    Npm,
    Java,
    Csharp,
    Php,
    Ruby,
    Elixir,
    Go,
    Rust,
    Sql,
}

/// Which names a word list applies to.
#[derive(Clone, Copy)]
pub(crate) enum Target {
    Project,
    Resource,
    Field,
}

struct WordRule {
    ecosystem: &'static str,
    rule: &'static str,
    words: &'static [&'static str],
    targets: &'static [Target],
}

const ALL: &[Target] = &[Target::Project, Target::Resource, Target::Field];
const MODULES: &[Target] = &[Target::Project, Target::Resource];

impl Ecosystem {
    fn rules(self) -> Vec<WordRule> {
        let rule = |ecosystem, rule, words, targets| WordRule {
            ecosystem,
            rule,
            words,
            targets,
        };
        match self {
            Ecosystem::Python => vec![
                rule("python", "is a Python keyword", words::PYTHON_KEYWORDS, ALL),
                rule(
                    "python",
                    "would shadow a Python module",
                    words::PYTHON_MODULES,
                    MODULES,
                ),
            ],
            Ecosystem::Javascript => vec![rule(
                "javascript",
                "is a reserved word in JavaScript/TypeScript",
                words::JS_RESERVED,
                ALL,
            )],
            Ecosystem::Npm => vec![rule(
                "npm",
                "is a Node.js core module name",
                words::NODE_BUILTINS,
                &[Target::Project],
            )],
            Ecosystem::Java => vec![rule("java", "is a Java keyword", words::JAVA_KEYWORDS, ALL)],
            Ecosystem::Csharp => vec![rule("c#", "is a C# keyword", words::CSHARP_KEYWORDS, ALL)],
            Ecosystem::Php => vec![rule(
                "php",
                "is a PHP reserved word",
                words::PHP_RESERVED,
                ALL,
            )],
            Ecosystem::Ruby => vec![rule(
                "ruby",
                "is reserved in Ruby/Rails",
                words::RUBY_RESERVED,
                ALL,
            )],
            Ecosystem::Elixir => vec![rule(
                "elixir",
                "is reserved in Elixir",
                words::ELIXIR_RESERVED,
                ALL,
            )],
            Ecosystem::Go => vec![rule("go", "is a Go keyword", words::GO_KEYWORDS, ALL)],
            Ecosystem::Rust => vec![rule("rust", "is a Rust keyword", words::RUST_KEYWORDS, ALL)],
            Ecosystem::Sql => vec![rule(
                "sql",
                "is an SQL reserved word",
                words::SQL_RESERVED,
                &[Target::Resource, Target::Field],
            )],
        }
    }
}

/// The naming rules of one template: its ecosystems and the names its framework keeps.
#[derive(Debug, Default, Clone)]
pub struct Rules<'a> {
    pub ecosystems: &'a [Ecosystem],
    pub reserved_resources: &'a [String],
    pub reserved_fields: &'a [String],
    /// Shown in errors for the reserved lists, e.g. `fastapi`.
    pub framework: &'a str,
    /// Package names the starter depends on directly; a project may not take one.
    pub dependencies: &'a [String],
}

fn is_ident(s: &str, allow: &[char]) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || allow.contains(&c))
        && !s.ends_with(allow)
        && !allow
            .iter()
            .any(|a| allow.iter().any(|b| s.contains(&format!("{a}{b}"))))
}

fn is_snake(s: &str) -> bool {
    is_ident(s, &['_']) && !s.chars().any(|c| c.is_ascii_uppercase())
}

/// A valid project name close to `value`: `2fast` -> `fast2`, `My App!` -> `my-app`.
pub fn suggest_project(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let kebab = cleaned.to_kebab_case();
    let digits: String = kebab
        .chars()
        .take_while(|c| !c.is_ascii_alphabetic())
        .collect();
    let rest = kebab[digits.len()..].trim_start_matches('-');
    let digits = digits.trim_matches('-').replace('-', "");
    let joined = match (rest.is_empty(), digits.is_empty()) {
        (true, _) => "my-app".to_string(),
        (false, true) => rest.to_string(),
        (false, false) => format!("{rest}{digits}"),
    };
    joined
        .chars()
        .take(MAX_PROJECT)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

pub(crate) fn err(
    what: &str,
    value: &str,
    rule: impl Into<String>,
    suggestion: Option<String>,
) -> NameError {
    NameError {
        what: what.to_string(),
        value: value.to_string(),
        rule: rule.into(),
        suggestion,
    }
}

/// The base rule of project names: they become directories and package names everywhere.
pub fn check_project_name(name: &str) -> Result<(), NameError> {
    let what = "project name";
    let suggest = || Some(suggest_project(name));
    if name.is_empty() {
        return Err(err(what, name, "must not be empty", Some("my-app".into())));
    }
    if name.contains(['/', '\\']) {
        let last = name
            .rsplit(['/', '\\'])
            .find(|s| !s.is_empty())
            .unwrap_or("");
        return Err(err(
            what,
            name,
            "is a name, not a path (choose the directory with `--output DIR`)",
            Some(suggest_project(last)),
        ));
    }
    if name.len() > MAX_PROJECT {
        return Err(err(
            what,
            name,
            format!("must be at most {MAX_PROJECT} characters"),
            suggest(),
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(err(
            what,
            name,
            "must start with an ASCII letter",
            suggest(),
        ));
    }
    if !is_ident(name, &['-', '_']) {
        return Err(err(
            what,
            name,
            "may hold only ASCII letters, digits and single `-` or `_` between them (it names a directory and a package)",
            suggest(),
        ));
    }
    let lower = name.to_ascii_lowercase();
    if words::WINDOWS_RESERVED.contains(&lower.as_str()) {
        return Err(err(
            what,
            name,
            "is a reserved file name on Windows",
            Some(format!("{lower}-app")),
        ));
    }
    Ok(())
}

/// The base rule of resource names: singular snake_case, distinct plural, not a contract path.
pub fn check_resource_name(name: &str) -> Result<(), NameError> {
    let what = "resource name";
    let snake = name.to_snake_case();
    if !is_snake(name) || name.len() > MAX_IDENT {
        let suggestion =
            (is_snake(&snake) && snake.len() <= MAX_IDENT).then(|| inflect::singularize(&snake));
        return Err(err(
            what,
            name,
            format!(
                "must be snake_case: a lowercase ASCII letter, then letters, digits and single `_`, at most {MAX_IDENT} characters"
            ),
            suggestion,
        ));
    }
    let single = inflect::singularize(name);
    if single != name {
        return Err(err(
            what,
            name,
            "must be singular (routes use its plural)",
            Some(single),
        ));
    }
    if inflect::pluralize(name) == name {
        return Err(err(
            what,
            name,
            "must have a plural different from its singular (templates name both)",
            Some(format!("{name}_item")),
        ));
    }
    if matches!(name, "health" | "healthcheck") {
        return Err(err(
            what,
            name,
            "collides with the `/health` route",
            Some(format!("{name}_check")),
        ));
    }
    if words::WINDOWS_RESERVED.contains(&name) {
        return Err(err(
            what,
            name,
            "is a reserved file name on Windows",
            Some(format!("{name}_item")),
        ));
    }
    Ok(())
}

/// The base rule of field names: snake_case, and never `id` (the server assigns it).
pub fn check_field_name(resource: &str, name: &str) -> Result<(), NameError> {
    let what = format!("field name (resource `{resource}`)");
    if !is_snake(name) || name.len() > MAX_IDENT {
        let snake = name.to_snake_case();
        let suggestion = (is_snake(&snake) && snake.len() <= MAX_IDENT).then_some(snake);
        return Err(err(
            &what,
            name,
            format!(
                "must be snake_case: a lowercase ASCII letter, then letters, digits and single `_`, at most {MAX_IDENT} characters"
            ),
            suggestion,
        ));
    }
    if name == "id" {
        return Err(err(
            &what,
            name,
            "is assigned by the server; every record has it already",
            Some(format!("{resource}_code")),
        ));
    }
    Ok(())
}

pub(crate) fn check_words(
    rules: &Rules,
    target: Target,
    what: &str,
    value: &str,
    forms: &[String],
) -> Result<(), NameError> {
    for eco in rules.ecosystems {
        for rule in eco.rules() {
            if !rule
                .targets
                .iter()
                .any(|t| std::mem::discriminant(t) == std::mem::discriminant(&target))
            {
                continue;
            }
            if let Some(hit) = forms.iter().find(|f| rule.words.contains(&f.as_str())) {
                let suggestion = match target {
                    Target::Project => format!("{value}-app"),
                    Target::Resource => format!("{value}_item"),
                    Target::Field => format!("{value}_value"),
                };
                // The value is named once; a form of it that differs (`to_string` checked as
                // `tostring`) is named too, as that is what the rule matched.
                let rule_text = if hit == value {
                    format!("{} ({})", rule.rule, rule.ecosystem)
                } else {
                    format!("reads as `{hit}`, which {} ({})", rule.rule, rule.ecosystem)
                };
                return Err(err(what, value, rule_text, Some(suggestion)));
            }
        }
    }
    Ok(())
}

/// The lowercase forms a word list is compared with: `to_string` is also `tostring`.
pub(crate) fn lower_forms(name: &str) -> Vec<String> {
    let snake = name.to_snake_case();
    let joined = snake.replace('_', "");
    vec![snake, joined, name.to_kebab_case()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_every_case_form() {
        let f = Forms::of("blog_post");
        assert_eq!(
            [f.kebab, f.snake, f.pascal, f.camel, f.shouty, f.title],
            [
                "blog-post",
                "blog_post",
                "BlogPost",
                "blogPost",
                "BLOG_POST",
                "Blog Post"
            ]
        );
        assert_eq!(Forms::of("users-api").pascal, "UsersApi");
        assert_eq!(Forms::of("users-api").title, "Users API");
        assert_eq!(Forms::of("rapid_io_db").title, "Rapid IO DB");
        assert_eq!(Forms::of("apiary").title, "Apiary");
    }

    #[test]
    fn project_name_rules() {
        for ok in ["users-api", "a", "Shop2", "my_app", "x-1"] {
            assert!(check_project_name(ok).is_ok(), "{ok}");
        }
        for (bad, suggestion) in [
            ("2fast", "fast2"),
            ("../x", "x"),
            ("my app", "my-app"),
            ("a--b", "a-b"),
            ("-a", "a"),
            ("a-", "a"),
            ("", "my-app"),
            ("naïve", "na-ve"),
            ("con", "con-app"),
        ] {
            let e = check_project_name(bad).expect_err(bad);
            assert_eq!(e.suggestion.as_deref(), Some(suggestion), "{bad}");
        }
        assert!(check_project_name(&"a".repeat(65)).is_err());
    }

    #[test]
    fn resource_name_rules() {
        assert!(check_resource_name("blog_post").is_ok());
        let e = check_resource_name("users").expect_err("plural");
        assert_eq!(e.suggestion.as_deref(), Some("user"));
        assert!(check_resource_name("BlogPost").is_err());
        assert!(check_resource_name("health").is_err());
        assert!(check_resource_name("sheep").is_err());
        assert!(check_resource_name("a__b").is_err());
    }

    #[test]
    fn field_name_rules() {
        assert!(check_field_name("user", "email").is_ok());
        assert!(check_field_name("user", "id").is_err());
        assert!(check_field_name("user", "firstName").is_err());
        assert!(check_field_name("user", "_x").is_err());
    }
}
