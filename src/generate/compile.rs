//! A compiler for the part of Handlebars that templates use most, building the very
//! `Template` value the handlebars crate builds, without its pest parser.
//!
//! Compiling was most of what `new` does even after [`crate::generate::chunks`] cut the
//! literal text out: pest visits every byte through a dozen grammar rules and the crate then
//! computes a line and column per element by scanning from the start. This scanner handles
//! plain expressions (`{{a.b}}`, `{{helper a "s" (eq b 1)}}`), blocks (`{{#each a}}`,
//! `{{else}}`, `{{/each}}`) and whitespace control (`~`), with the crate's own rules for
//! standalone lines and stripped whitespace. Parameters are still parsed by the crate
//! ([`Parameter::parse`], cached: a dozen distinct ones recur hundreds of times).
//!
//! Anything else (comments, partials, raw blocks, triple braces, `{{else if}}`, block
//! parameters, hash arguments, escapes, `\r`, an unclosed or mismatched block) returns `None`
//! and the caller compiles with the crate, so errors keep the crate's wording and lines.
//! Tests compare the two compilers on every built-in template and on random templates.

use std::collections::HashMap;

use handlebars::template::{
    ExpressionSpec, HelperTemplate, Parameter, Template, TemplateElement, TemplateMapping,
};

/// Compiles templates, remembering parsed parameters across them.
pub(crate) struct Compiler {
    params: HashMap<String, Parameter>,
}

/// A mapping to copy: the crate's type cannot be constructed outside it, so one is taken
/// from a one-letter template, once per process.
fn mapping(line: usize, col: usize) -> TemplateMapping {
    static PROTOTYPE: std::sync::OnceLock<Option<TemplateMapping>> = std::sync::OnceLock::new();
    let mut m = PROTOTYPE
        .get_or_init(|| Template::compile("x").ok()?.mapping.into_iter().next())
        .clone()
        .expect("the crate compiles a one-letter template");
    (m.0, m.1) = (line, col);
    m
}

/// An open block: the template being filled and the helper it belongs to.
struct Frame {
    template: Template,
    helper: Option<(String, HelperTemplate)>,
    seen_else: bool,
}

enum Kind {
    /// `{{a}}`, or `{{{a}}}` (`html`: the same here, where nothing is HTML-escaped).
    Expression {
        spec: ExpressionSpec,
        html: bool,
    },
    Open(String, ExpressionSpec),
    Else,
    Close(String),
    Comment(String),
}

/// One `{{...}}`: what it is, where it ends and its whitespace control.
struct Tag {
    kind: Kind,
    end: usize,
    omit_pre: bool,
    omit_pro: bool,
}

/// Byte offsets to the crate's (line, column), both from 1, columns in characters. Offsets
/// are asked in increasing order, so the scan goes on from the last one.
struct Lines<'a> {
    source: &'a str,
    at: usize,
    line: usize,
    col: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> (usize, usize) {
        if pos < self.at {
            (self.at, self.line, self.col) = (0, 1, 1);
        }
        for c in self.source[self.at..pos].chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.at = pos;
        (self.line, self.col)
    }
}

/// pest's implicit whitespace between tokens (`\r` never gets here).
fn skippable(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

/// The grammar's `symbol_char`: what identifiers are made of.
fn symbol_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '$' | ':') || !c.is_ascii()
}

fn identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(symbol_char)
}

/// `support::str::ends_with_empty_line` of the crate.
fn ends_with_empty_line(text: &str) -> bool {
    let s = text.trim_end_matches([' ', '\t']);
    s.ends_with(['\n', '\r']) || s.is_empty()
}

/// `support::str::starts_with_empty_line` of the crate.
fn starts_with_empty_line(text: &str) -> bool {
    text.trim_start_matches([' ', '\t'])
        .starts_with(['\n', '\r'])
}

/// The crate's treatment of literal text after a tag.
fn raw_string(text: &str, trim_start: bool, trim_start_line: bool) -> TemplateElement {
    let text = if trim_start {
        text.trim_start()
    } else if trim_start_line {
        let s = text.trim_start_matches([' ', '\t']);
        s.strip_prefix('\n').unwrap_or(s)
    } else {
        text
    };
    TemplateElement::RawString(text.to_owned())
}

/// Splits a tag's inside at top-level whitespace, keeping quoted strings and parenthesised
/// subexpressions whole. `None` for what this scanner leaves to the crate.
fn tokens(inner: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start: Option<usize> = None;
    for (i, c) in inner.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1)?,
            '{' | '}' | '~' | '\\' | '\r' => return None,
            _ => {}
        }
        if skippable(c) && depth == 0 {
            if let Some(s) = start.take() {
                out.push(&inner[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    if let Some(s) = start {
        out.push(&inner[s..]);
    }
    Some(out)
}

impl Compiler {
    pub(crate) fn new() -> Self {
        Self {
            params: HashMap::new(),
        }
    }

    fn param(&mut self, token: &str) -> Option<Parameter> {
        if let Some(p) = self.params.get(token) {
            return Some(p.clone());
        }
        let p = Parameter::parse(token).ok()?;
        self.params.insert(token.to_owned(), p.clone());
        Some(p)
    }

    fn spec(
        &mut self,
        name: Parameter,
        params: &[&str],
        pre: bool,
        pro: bool,
    ) -> Option<ExpressionSpec> {
        let params = params
            .iter()
            .map(|t| self.param(t))
            .collect::<Option<Vec<_>>>()?;
        handlebars::template::ExpressionSpecBuilder::default()
            .name(name)
            .params(params)
            .hash(HashMap::new())
            .omit_pre_ws(pre)
            .omit_pro_ws(pro)
            .build()
            .ok()
    }

    /// The tag opening at `start` (at `{{`), or `None` for a kind this scanner leaves alone.
    fn tag(&mut self, source: &str, start: usize) -> Option<Tag> {
        let mut i = start + 2;
        let triple = source[i..].starts_with('{');
        if triple {
            i += 1;
            if source[i..].starts_with('{') {
                return None;
            }
        }
        let omit_pre = source[i..].starts_with('~');
        if omit_pre {
            i += 1;
        }
        let sigil = source[i..].chars().next()?;
        if sigil == '!' && !omit_pre && !triple {
            return comment(source, start);
        }
        if triple && matches!(sigil, '#' | '/') {
            return None;
        }
        match sigil {
            '#' | '/' => i += 1,
            '{' | '!' | '>' | '*' | '&' | '^' => return None,
            c if skippable(c) => return None,
            _ => {}
        }
        if source[i..].starts_with(skippable) {
            return None;
        }
        // The tag ends at the first `}}` outside a quoted string.
        let mut quote: Option<char> = None;
        let mut j = i;
        let bytes = source.as_bytes();
        loop {
            let b = *bytes.get(j)?;
            match quote {
                Some(q) if b == q as u8 => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b as char),
                None if b == b'}' && bytes.get(j + 1) == Some(&b'}') => break,
                None => {}
            }
            j += 1;
        }
        let end = if triple {
            (bytes.get(j + 2) == Some(&b'}')).then_some(j + 3)?
        } else {
            j + 2
        };
        let mut inner = source[i..j].trim_end_matches(skippable);
        let omit_pro = inner.ends_with('~');
        if omit_pro {
            inner = inner[..inner.len() - 1].trim_end_matches(skippable);
        }
        let words = tokens(inner)?;
        let (first, rest) = words.split_first()?;
        if sigil != '/' && sigil != '#' && first.starts_with("else") {
            if triple {
                return None;
            }
            // `{{else}}`; `{{else if ...}}` and names starting with `else` are the crate's.
            return (words.len() == 1 && *first == "else").then_some(Tag {
                kind: Kind::Else,
                end,
                omit_pre,
                omit_pro,
            });
        }
        let kind = match sigil {
            '/' => {
                if !rest.is_empty() || !identifier(first) {
                    return None;
                }
                Kind::Close((*first).to_owned())
            }
            '#' => {
                if !identifier(first) {
                    return None;
                }
                let name = Parameter::Name((*first).to_owned());
                Kind::Open(
                    (*first).to_owned(),
                    self.spec(name, rest, omit_pre, omit_pro)?,
                )
            }
            _ if rest.is_empty() => {
                // `{{a.b}}`: the name is a path (never a literal or a subexpression).
                let name = self.param(first)?;
                if !matches!(name, Parameter::Path(_)) {
                    return None;
                }
                let spec = self.spec(name, &[], omit_pre, omit_pro)?;
                Kind::Expression { spec, html: triple }
            }
            _ => {
                if !identifier(first) {
                    return None;
                }
                let name = Parameter::Name((*first).to_owned());
                let spec = self.spec(name, rest, omit_pre, omit_pro)?;
                Kind::Expression { spec, html: triple }
            }
        };
        Some(Tag {
            kind,
            end,
            omit_pre,
            omit_pro,
        })
    }

    /// The template the crate would compile from `source`, named `name`; `None` when
    /// `source` uses something this scanner leaves to the crate.
    pub(crate) fn compile(&mut self, source: &str, name: &str) -> Option<Template> {
        if source.contains('\r') {
            return None;
        }
        let mut lines = Lines {
            source,
            at: 0,
            line: 1,
            col: 1,
        };
        let mut stack = vec![Frame {
            template: Template::new(),
            helper: None,
            seen_else: false,
        }];
        let mut prev_end = 0;
        let mut omit_pro_ws = false;
        // The last tag stood alone on its line: the next text loses the rest of that line.
        let mut trim_line = false;
        loop {
            let (next, dropped) = next_tag(source, prev_end);
            let text_end = next.unwrap_or(source.len());
            if text_end > prev_end {
                let kept;
                let text = if dropped.is_empty() {
                    &source[prev_end..text_end]
                } else {
                    kept = without(source, prev_end, text_end, &dropped);
                    kept.as_str()
                };
                let blank = text.chars().all(skippable);
                let front = &mut stack.last_mut()?.template;
                if blank && prev_end != 0 {
                    // Whitespace after a tag, which pest skips: kept unless a `~` strips it,
                    // and placed where the next tag (or the end) is.
                    if !omit_pro_ws {
                        front.elements.push(raw_string(text, false, trim_line));
                        map(front, lines.at(text_end));
                        trim_line = false;
                    }
                } else {
                    let at = if prev_end == 0 {
                        0
                    } else {
                        prev_end + (text.len() - text.trim_start_matches(skippable).len())
                    };
                    front
                        .elements
                        .push(raw_string(text, omit_pro_ws, trim_line));
                    map(front, lines.at(at));
                    trim_line = false;
                }
            }
            let Some(start) = next else { break };
            let tag = self.tag(source, start)?;
            if tag.omit_pre {
                let front = &mut stack.last_mut()?.template;
                if let Some(TemplateElement::RawString(text)) = front.elements.last_mut() {
                    *text = text.trim_end().to_owned();
                }
            }
            if !matches!(tag.kind, Kind::Comment(_)) {
                omit_pro_ws = tag.omit_pro;
            }
            let position = lines.at(start);
            match tag.kind {
                Kind::Expression { spec, html } => {
                    let helper = Box::new(HelperTemplate::new(spec, false, false));
                    let front = &mut stack.last_mut()?.template;
                    front.elements.push(if html {
                        TemplateElement::HtmlExpression(helper)
                    } else {
                        TemplateElement::Expression(helper)
                    });
                    map(front, position);
                }
                Kind::Open(name, spec) => {
                    trim_line = standalone(&mut stack, source, start, tag.end)?;
                    let indent = trim_line && !tag.omit_pre;
                    let front = &mut stack.last_mut()?.template;
                    map(front, position);
                    stack.push(Frame {
                        template: Template::new(),
                        helper: Some((name, HelperTemplate::new(spec, true, indent))),
                        seen_else: false,
                    });
                }
                Kind::Else => {
                    trim_line = standalone(&mut stack, source, start, tag.end)?;
                    let frame = stack.last_mut()?;
                    if frame.seen_else {
                        return None;
                    }
                    let (_, helper) = frame.helper.as_mut()?;
                    helper.template = Some(std::mem::take(&mut frame.template));
                    frame.seen_else = true;
                }
                Kind::Comment(text) => {
                    trim_line = standalone(&mut stack, source, start, tag.end)?;
                    let front = &mut stack.last_mut()?.template;
                    front.elements.push(TemplateElement::Comment(text));
                    map(front, position);
                }
                Kind::Close(name) => {
                    trim_line = standalone(&mut stack, source, start, tag.end)?;
                    let frame = stack.pop()?;
                    let (open, mut helper) = frame.helper?;
                    if open != name {
                        return None;
                    }
                    if helper.template.is_some() {
                        helper.inverse = Some(frame.template);
                    } else {
                        helper.template = Some(frame.template);
                    }
                    let front = &mut stack.last_mut()?.template;
                    front
                        .elements
                        .push(TemplateElement::HelperBlock(Box::new(helper)));
                }
            }
            prev_end = tag.end;
        }
        if stack.len() != 1 {
            return None;
        }
        let mut root = stack.pop()?.template;
        root.name = Some(name.to_owned());
        Some(root)
    }
}

/// Where the next tag after `from` starts (`None`: none), and the backslashes of escapes
/// before it, which the crate drops: `\{{` is a literal `{{` (and `\{{{{` a literal `{{{{`);
/// a run of backslashes before a tag loses its first one.
fn next_tag(source: &str, from: usize) -> (Option<usize>, Vec<usize>) {
    let mut dropped = Vec::new();
    let mut at = from;
    loop {
        let Some(found) = source[at..].find("{{").map(|i| at + i) else {
            return (None, dropped);
        };
        let run = source[from..found].len() - source[from..found].trim_end_matches('\\').len();
        match run {
            0 => return (Some(found), dropped),
            1 => {
                dropped.push(found - 1);
                at = found + 2;
                if source[at..].starts_with("{{") {
                    at += 2;
                }
            }
            _ => {
                dropped.push(found - run);
                return (Some(found), dropped);
            }
        }
    }
}

/// `source[start..end]` without the bytes at `dropped` (backslashes, one byte each).
fn without(source: &str, start: usize, end: usize, dropped: &[usize]) -> String {
    let mut out = String::with_capacity(end - start);
    let mut at = start;
    for &d in dropped {
        out.push_str(&source[at..d]);
        at = d + 1;
    }
    out.push_str(&source[at..end]);
    out
}

/// Records where an element of `template` starts, for the crate's error messages.
fn map(template: &mut Template, (line, col): (usize, usize)) {
    template.mapping.push(mapping(line, col));
}

/// `{{!-- text --}}` or `{{! text }}` at `start`, kept as the crate keeps it.
fn comment(source: &str, start: usize) -> Option<Tag> {
    let rest = &source[start..];
    let (end, text) = if let Some(body) = rest.strip_prefix("{{!--") {
        let end = start + 5 + body.find("--}}")? + 4;
        let span = &source[start..end];
        (
            end,
            span.trim_start_matches("{{!--").trim_end_matches("--}}"),
        )
    } else {
        let end = start + 3 + rest[3..].find("}}")? + 2;
        let span = &source[start..end];
        (end, span.trim_start_matches("{{!").trim_end_matches("}}"))
    };
    Some(Tag {
        kind: Kind::Comment(text.to_owned()),
        end,
        omit_pre: false,
        omit_pro: false,
    })
}

/// The crate's standalone-line rule for a block tag at `start..end`: when the tag is alone
/// on its line, the indentation before it goes, and (the returned flag) the rest of its line
/// after it.
fn standalone(stack: &mut [Frame], source: &str, start: usize, end: usize) -> Option<bool> {
    let rest = &source[end..];
    if !(starts_with_empty_line(rest) || rest.is_empty()) {
        return Some(false);
    }
    let leading = ends_with_empty_line(&source[..start]);
    if leading {
        let front = &mut stack.last_mut()?.template;
        if let Some(TemplateElement::RawString(text)) = front.elements.last_mut() {
            *text = text.trim_end_matches([' ', '\t']).to_owned();
        }
    }
    Some(start == 0 || leading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Both compilers on `source`: ours must agree with the crate whenever it answers.
    fn agree(source: &str) -> Result<bool, TestCaseError> {
        let Some(ours) = Compiler::new().compile(source, "t") else {
            return Ok(false);
        };
        let mut theirs = Template::compile(source).map_err(|e| {
            TestCaseError::fail(format!(
                "we compiled what the crate refuses ({e}): {source:?}"
            ))
        })?;
        theirs.name = Some("t".into());
        prop_assert_eq!(ours, theirs, "source: {:?}", source);
        Ok(true)
    }

    #[test]
    fn agrees_with_the_crate_on_chosen_cases() {
        let cases = [
            "",
            "plain text\n",
            "{{a}}",
            "  {{a}}  \n",
            "a {{b.c}} d\n{{e}}\n",
            "{{#if x}}\n  yes\n{{else}}\n  no\n{{/if}}\n",
            "{{#each items}}{{name}}{{#unless @last}}, {{/unless}}{{/each}}",
            "  {{#each items}}\n    - {{this}}\n  {{/each}}\n",
            "{{#if x}}\n{{/if}}",
            "{{#if x}}a{{/if}}\n  \n",
            "{{x~}}\n  y",
            "{{x~}}\n",
            "a\n  {{~x}}",
            "{{~#if x~}}\n a \n{{~/if~}}\n",
            "{{py_str project.description}}",
            "{{#if (eq type \"datetime\")}}d{{/if}}",
            "{{#if (or (eq a \"b\") (gt (len c) 33))}}d{{/if}}",
            "{{#each fields}}{{../name}}{{@index}}{{/each}}",
            "x\n{{#each a}}\n{{#each b}}\n{{c}}\n{{/each}}\n{{/each}}\n",
            "{{helper 'single' 1 -2.5 true null}}",
            "{{x }}\n",
            "{{#if a }}b{{/if }}",
            "é {{a}} ü\n{{b}}",
            "{{! comment }}",
            "{{{a}}} {{{h a}}}",
            "a\\{{b}} \\\\{{c}} \\\\\\{{d}}",
            "a \\{{b}} c \\{{{{d}} e {{f}}",
            "a\n  {{!-- a {{comment}} --}}\nb",
            "{{#if a}}\n{{!-- c --}}\n{{/if}}",
        ];
        for case in cases {
            match agree(case) {
                Ok(true) => {}
                Ok(false) => panic!("left to the crate: {case:?}"),
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// The speed of `new` depends on this compiler knowing every construct of the built-in
    /// templates: each body is compiled here, and to the crate's template.
    #[test]
    fn compiles_every_built_in_body_as_the_crate_does() {
        let catalog = crate::generate::catalog::Catalog::load().expect("catalog");
        let mut bodies = 0;
        for template in &catalog.templates {
            for file in template.files().iter().filter(|f| f.path.ends_with(".hbs")) {
                let text = file.contents_utf8().expect("utf-8");
                let id = &template.manifest.id;
                match agree(text) {
                    Ok(true) => bodies += 1,
                    Ok(false) => panic!("{id} {}: left to the crate", file.path),
                    Err(e) => panic!("{id} {}: {e}", file.path),
                }
            }
        }
        assert!(bodies > 200, "only {bodies} bodies");
    }

    #[test]
    fn leaves_what_it_does_not_know_to_the_crate() {
        for case in [
            "{{> partial}}",
            "{{{{raw}}}}",
            "{{{#if a}}}",
            "{{{{raw}}}}x{{{{/raw}}}}",
            "{{#if a}}x{{else if b}}y{{/if}}",
            "{{#each a as |b|}}{{b}}{{/each}}",
            "{{helper a=b}}",
            "a\r\n{{b}}",
            "{{#if a}}unclosed",
            "{{#if a}}x{{/each}}",
            "{{/if}}",
            "{{elsewhere}}",
            "{{else}}",
            "{{#if a}}{{else}}{{else}}{{/if}}",
            "{{a",
            "{{true}}",
            "{{ x }}",
        ] {
            assert!(Compiler::new().compile(case, "t").is_none(), "{case:?}");
        }
    }

    /// Pieces templates are made of, including the awkward ones.
    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "{{a}}",
            "{{b.c}}",
            "{{~a}}",
            "{{a~}}",
            "{{~a~}}",
            "{{@index}}",
            "{{../a}}",
            "{{py_str a}}",
            "{{h \"s\" 1}}",
            "{{h (eq a \"x\")}}",
            "{{#if a}}",
            "{{#if (eq a 1)}}",
            "{{~#if a}}",
            "{{#if a~}}",
            "{{else}}",
            "{{~else~}}",
            "{{/if}}",
            "{{~/if}}",
            "{{/if~}}",
            "{{#each a}}",
            "{{/each}}",
            "{{#unless @last}}",
            "{{/unless}}",
            "x",
            "yz",
            " ",
            "  ",
            "\t",
            "\n",
            "\n\n",
            " \n",
            "é",
            "}}",
            "{",
            "}",
            "(",
            "\"",
            "'",
            "~",
            "{{",
            "{{ a }}",
            "{{else if a}}",
            "{{! c }}",
            "{{{a}}}",
            "{{{~a~}}}",
            "\\",
            "\\{{",
            "\\\\",
            "{{!-- c --}}",
            "{{!-- c }} --}}",
            "{{!",
            "{{~! c }}",
            "{{#each a as |b|}}",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn agrees_with_the_crate_on_random_templates(parts in prop::collection::vec(fragment(), 0..14)) {
            agree(&parts.concat())?;
        }
    }
}
