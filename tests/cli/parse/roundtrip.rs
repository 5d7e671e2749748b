//! Where hostile free text lands in a file, and whether it still means exactly the input.
//!
//! Each hostile value starts every one of its lines with a marker (`ZqDesc`, `ZqAuth`). Every
//! marker found in a generated file must lie inside a literal the file's language accepts
//! (written by the matching helper), and that literal must be verified: for code, one
//! string-literal node of the real grammar spanning exactly the helper's text (or a comment
//! node, for `comment_text`); for data files, the parsed document's strings. A value inserted
//! raw, with the wrong helper, inside another string or broken across lines leaves a marker
//! outside every verified literal and is reported with its line and column.

use scaffold::generate::render::LITERALS;

use super::data::data_strings;
use super::interp::Eval;
use super::lang::{self, Code, Data, Kind};

/// A free-text value of the spec and the marker that starts each of its lines.
#[derive(Debug, Clone)]
pub struct Hostile {
    pub field: &'static str,
    pub marker: &'static str,
    pub value: String,
}

impl Hostile {
    /// `text` with `marker` at its start and after every line end (LF, CR LF, NEL, U+2028/9).
    pub fn new(field: &'static str, marker: &'static str, text: &str) -> Hostile {
        let mut value = String::from(marker);
        value.push(' ');
        for c in text.chars() {
            value.push(c);
            if matches!(c, '\n' | '\u{2028}' | '\u{2029}' | '\u{85}') {
                value.push_str(marker);
                value.push(' ');
            }
        }
        Hostile {
            field,
            marker,
            value,
        }
    }
}

/// What checking one file found.
#[derive(Debug, Default)]
pub struct Findings {
    pub problems: Vec<String>,
    /// Python literals for `ast.literal_eval`.
    pub python: Vec<Eval>,
    /// JavaScript, TypeScript and JSON literals for node.
    pub node: Vec<Eval>,
    /// How many verified places hold the value.
    pub landed: usize,
    /// Files where the value landed (verified or not).
    pub files: Vec<String>,
}

impl Findings {
    /// Runs the collected Python and JavaScript literals through the real interpreters and
    /// adds every mismatch to the problems.
    pub fn evaluate_literals(&mut self) {
        let python = super::interp::evaluate("python3", &self.python);
        let node = super::interp::evaluate("node", &self.node);
        self.problems.extend(python);
        self.problems.extend(node);
    }
}

/// The text a helper writes for `value`.
pub fn form(helper: &str, value: &str) -> String {
    let (_, f) = LITERALS
        .iter()
        .find(|(name, _)| *name == helper)
        .unwrap_or_else(|| {
            panic!("no literal helper `{helper}` in scaffold::generate::render::LITERALS")
        });
    f(value)
}

/// Helpers whose output is a string literal of a language.
fn literal_helpers(code: Code) -> &'static [&'static str] {
    match code {
        Code::Python => &["py_str"],
        Code::JavaScript | Code::TypeScript | Code::Tsx => &["js_str", "ts_str", "json_str"],
        Code::Java => &["java_str"],
        Code::CSharp => &["cs_str"],
        Code::Php => &["php_str"],
        Code::Ruby => &["ruby_str"],
        Code::Elixir => &["ex_str"],
        Code::Go => &["go_str"],
        Code::Rust => &["rust_str"],
        Code::Shell => &["sh_str"],
    }
}

/// Checks where `hostile` lands in one file of kind `kind`.
pub fn check(path: &str, source: &str, kind: Kind, hostile: &Hostile, out: &mut Findings) {
    if !source.contains(hostile.marker) {
        return;
    }
    out.files.push(format!("{path} ({kind:?})"));
    let verified = match kind {
        Kind::Code(code) => check_code(path, source, code, hostile, out),
        Kind::Data(data) => {
            check_data(path, source, data, hostile, out);
            return;
        }
        Kind::Markdown => markdown_text(path, source, hostile, out),
        Kind::HashCommented => occurrences(source, &form("comment_text", &hostile.value))
            .into_iter()
            .filter(|(s, _)| hash_comment_line(source, *s))
            .collect(),
        Kind::Opaque => Vec::new(),
    };
    out.landed += verified.len();
    uncovered_markers(path, source, hostile, &verified, out);
}

/// `md_text` occurrences in running text; in code (a fence or a code span) its backslashes
/// would show, so the text would not read as the input.
fn markdown_text(
    path: &str,
    source: &str,
    hostile: &Hostile,
    out: &mut Findings,
) -> Vec<(usize, usize)> {
    let mut verified = Vec::new();
    for (s, e) in occurrences(source, &form("md_text", &hostile.value)) {
        let fences = source[..s]
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with("```") || t.starts_with("~~~")
            })
            .count();
        let line_start = source[..s].rfind('\n').map_or(0, |i| i + 1);
        let before = &source[line_start..s];
        let ticks = before
            .match_indices('`')
            .filter(|(i, _)| !before[..*i].ends_with('\\'))
            .count();
        if fences % 2 == 1 || ticks % 2 == 1 {
            out.problems.push(format!(
                "{path}:{}: `md_text` of project.{} is inside Markdown code, where its escapes show: {}",
                lang::line_col(source, s),
                hostile.field,
                lang::line_at(source, s)
            ));
        } else {
            verified.push((s, e));
        }
    }
    verified
}

fn hash_comment_line(source: &str, offset: usize) -> bool {
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    source[start..offset].trim_start().starts_with('#')
}

/// Byte ranges of every occurrence of `needle`.
fn occurrences(source: &str, needle: &str) -> Vec<(usize, usize)> {
    source
        .match_indices(needle)
        .map(|(s, m)| (s, s + m.len()))
        .collect()
}

/// Reports every marker not inside a verified range, naming the helper whose text is there.
fn uncovered_markers(
    path: &str,
    source: &str,
    hostile: &Hostile,
    verified: &[(usize, usize)],
    out: &mut Findings,
) {
    for (m, _) in source.match_indices(hostile.marker) {
        let end = m + hostile.marker.len();
        if verified.iter().any(|(s, e)| *s <= m && end <= *e) {
            continue;
        }
        let written_by: Vec<&str> = LITERALS
            .iter()
            .filter(|(_, f)| {
                occurrences(source, &f(&hostile.value))
                    .iter()
                    .any(|(s, e)| *s <= m && end <= *e)
            })
            .map(|(name, _)| *name)
            .collect();
        let how = if written_by.is_empty() {
            "raw or broken (no literal helper wrote this text)".to_string()
        } else {
            format!(
                "written by `{}`, not a verified literal here",
                written_by.join("`/`")
            )
        };
        out.problems.push(format!(
            "{path}:{}: project.{} lands outside any accepted literal, {how}: {}",
            lang::line_col(source, m),
            hostile.field,
            lang::line_at(source, m)
        ));
    }
}

/// Verifies each helper-written literal against the grammar; returns the verified ranges.
fn check_code(
    path: &str,
    source: &str,
    code: Code,
    hostile: &Hostile,
    out: &mut Findings,
) -> Vec<(usize, usize)> {
    let tree = code.parse(source);
    let root = tree.root_node();
    let mut verified = Vec::new();

    let mut texts: Vec<String> = literal_helpers(code)
        .iter()
        .map(|h| form(h, &hostile.value))
        .collect();
    texts.dedup();
    for text in &texts {
        for (s, e) in occurrences(source, text) {
            let at = format!("{path}:{}", lang::line_col(source, s));
            let Some(node) = root.descendant_for_byte_range(s, e) else {
                out.problems.push(format!(
                    "{at}: no syntax node holds the project.{} literal",
                    hostile.field
                ));
                continue;
            };
            let exact = node.start_byte() == s && node.end_byte() == e;
            if !exact || !code.string_kinds().contains(&node.kind()) {
                out.problems.push(format!(
                    "{at}: the project.{} literal is not one {:?} string node (the smallest node around it is `{}` at {}..{}, the literal is {s}..{e}): {}",
                    hostile.field,
                    code.string_kinds(),
                    node.kind(),
                    node.start_byte(),
                    node.end_byte(),
                    lang::line_at(source, s)
                ));
                continue;
            }
            if node.has_error() || splices(node) {
                out.problems.push(format!(
                    "{at}: the project.{} literal holds an error or an interpolation: {}",
                    hostile.field,
                    lang::line_at(source, s)
                ));
                continue;
            }
            let eval = Eval {
                place: at,
                literal: text.clone(),
                expected: hostile.value.clone(),
            };
            match code {
                Code::Python => out.python.push(eval),
                Code::JavaScript | Code::TypeScript | Code::Tsx => out.node.push(eval),
                _ => {}
            }
            verified.push((s, e));
        }
    }

    // In a comment: `comment_text`, or the one-line XML/Markdown text of doc comments
    // (`/// <summary>`), as long as the grammar still sees one comment around it.
    let in_comments = ["comment_text", "xml_text", "md_text"]
        .iter()
        .flat_map(|h| occurrences(source, &form(h, &hostile.value)))
        .collect::<Vec<_>>();
    for (s, e) in in_comments {
        if verified.iter().any(|(vs, ve)| *vs <= s && e <= *ve) {
            continue;
        }
        let mut node = root.descendant_for_byte_range(s, e);
        while let Some(n) = node {
            if n.kind().contains("comment") {
                break;
            }
            node = n.parent();
        }
        // Outside a comment it verifies nothing; its markers are then reported as uncovered.
        if node.is_some_and(|n| n.start_byte() <= s && e <= n.end_byte()) {
            verified.push((s, e));
        }
    }
    verified
}

/// Whether a string node splices code or variables in.
fn splices(node: tree_sitter::Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if lang::INTERPOLATION_KINDS.contains(&n.kind()) {
            return true;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    false
}

/// Parses a data file and compares every parsed string holding a marker with the input.
fn check_data(path: &str, source: &str, data: Data, hostile: &Hostile, out: &mut Findings) {
    let strings = match data_strings(source, data) {
        Ok(s) => s,
        Err(e) => {
            out.problems
                .push(format!("{path}: does not parse as {data:?}: {e}"));
            return;
        }
    };
    let v = &hostile.value;
    let comment = form("comment_text", v);
    let mut in_text = source.matches(hostile.marker).count();
    // A `#` comment line of TOML or YAML may hold `comment_text`.
    if matches!(data, Data::Toml | Data::Yaml) {
        let in_comments = occurrences(source, &comment)
            .into_iter()
            .filter(|(s, _)| hash_comment_line(source, *s))
            .count();
        in_text -= in_comments * comment.matches(hostile.marker).count();
        out.landed += in_comments;
    }
    let mut in_values = 0;
    for (s, is_comment) in &strings {
        let n = s.matches(hostile.marker).count();
        if n == 0 {
            continue;
        }
        in_values += n;
        let whole = if *is_comment { &comment } else { v };
        let ok = match data {
            // XML text may hold the value among other text.
            Data::Xml => !s.replace(whole.as_str(), "").contains(hostile.marker),
            _ => s == whole,
        };
        if ok {
            out.landed += s.matches(whole.as_str()).count();
        } else {
            out.problems.push(format!(
                "{path}: a parsed string holds {:?} where project.{} is {:?}",
                s, hostile.field, v
            ));
        }
    }
    if in_values != in_text {
        out.problems.push(format!(
            "{path}: project.{} breaks out of its strings: {in_text} markers in the text, {in_values} in parsed values",
            hostile.field
        ));
    }
    if data == Data::Json {
        let json = form("json_str", v);
        for (s, _) in occurrences(source, &json) {
            out.node.push(Eval {
                place: format!("{path}:{}", lang::line_col(source, s)),
                literal: json.clone(),
                expected: v.clone(),
            });
        }
    }
}
