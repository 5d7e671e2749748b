//! Self-tests of the parse tier, needing no template: every grammar loads and tells valid code
//! from broken, every escaper's literal reads back as exactly its input, `comment_text` stays
//! inside every comment style, and the checker catches text pasted raw.

use super::data;
use super::lang::{self, Code, Data, Kind};
use super::roundtrip::{self, Findings, Hostile};
use super::{fail_on, fixtures::fixtures, parse_problems};

#[test]
fn every_grammar_loads_and_tells_valid_code_from_broken() {
    let samples: &[(Code, &str, &str)] = &[
        (
            Code::Python,
            "def f(x):\n    return {'a': x}\n",
            "def f(x:\n    return\n",
        ),
        (
            Code::JavaScript,
            "export function f(x) { return `${x}`; }\n",
            "function f(x { return; }\n",
        ),
        (
            Code::TypeScript,
            "export const f = (x: number): string => `${x}`;\n",
            "const f = (x: number => ;\n",
        ),
        (
            Code::Tsx,
            "export const A = () => <div>{1}</div>;\n",
            "export const A = () => <div>{1</div>;\n",
        ),
        (
            Code::Java,
            "class A { int f() { return 1; } }\n",
            "class A { int f() { return 1 }\n",
        ),
        (
            Code::CSharp,
            "class A { int F() => 1; }\n",
            "class A { int F() => ; \n",
        ),
        (
            Code::Php,
            "<?php\nfunction f($x) { return $x; }\n",
            "<?php\nfunction f($x { return $x; }\n",
        ),
        (Code::Ruby, "def f(x)\n  x + 1\nend\n", "def f(x)\n  x +\n"),
        (
            Code::Elixir,
            "defmodule A do\n  def f(x), do: x\nend\n",
            "defmodule A do\n  def f(x), do: \n",
        ),
        (
            Code::Go,
            "package a\n\nfunc F() int { return 1 }\n",
            "package a\n\nfunc F() int { return 1\n",
        ),
        (
            Code::Rust,
            "pub fn f() -> u8 { 1 }\n",
            "pub fn f() -> u8 { 1 \n",
        ),
        (
            Code::Shell,
            "#!/bin/sh\nif [ -n \"$X\" ]; then echo 'x'; fi\n",
            "if [ -n \"$X\" ]; then echo 'x\n",
        ),
    ];
    assert_eq!(
        samples.len(),
        lang::ALL_CODE.len(),
        "a sample pair per grammar"
    );
    for code in lang::ALL_CODE {
        let (_, good, bad) = samples.iter().find(|(c, _, _)| *c == code).expect("sample");
        let errors = lang::syntax_errors(&code.parse(good), good);
        assert!(errors.is_empty(), "{code:?} rejects valid code: {errors:?}");
        let errors = lang::syntax_errors(&code.parse(bad), bad);
        assert!(!errors.is_empty(), "{code:?} accepts broken code:\n{bad}");
    }
    for (data, good, bad) in [
        (Data::Json, "{\"a\": [1, \"x\"]}", "{\"a\": [1, \"x\"}"),
        (Data::Toml, "a = \"x\"\n[t]\nb = 1\n", "a = \"x\n"),
        (Data::Yaml, "a:\n  - \"x\"\n", "a: \"x\n  b: [\n"),
        (Data::Xml, "<a b=\"1\">x</a>", "<a b=\"1\">x</b>"),
    ] {
        assert!(
            data::data_strings(good, data).is_ok(),
            "{data:?} rejects {good}"
        );
        assert!(
            data::data_strings(bad, data).is_err(),
            "{data:?} accepts {bad}"
        );
    }
}

/// A minimal file of each language holding `lit` where a value goes, then using it.
fn host_file(code: Code, lit: &str) -> String {
    match code {
        Code::Python => format!("description = {lit}\nprint(f\"{{description}}\")\n"),
        Code::JavaScript => format!("export const description = {lit};\n"),
        Code::TypeScript | Code::Tsx => format!("export const description: string = {lit};\n"),
        Code::Java => format!("class A {{ static final String D = {lit}; }}\n"),
        Code::CSharp => format!("class A {{ const string D = {lit}; }}\n"),
        Code::Php => format!("<?php\n$d = {lit};\necho \"$d\";\n"),
        Code::Ruby => format!("D = {lit}\nputs \"#{{D}}\"\n"),
        Code::Elixir => format!("defmodule A do\n  @d {lit}\n  def d, do: \"#{{@d}}\"\nend\n"),
        Code::Go => format!("package a\n\nconst D = {lit}\n"),
        Code::Rust => format!("pub const D: &str = {lit};\n"),
        Code::Shell => format!("#!/bin/sh\nD={lit}\necho \"$D\"\n"),
    }
}

/// A file of each language with `c` in every comment style it has, then code that must
/// still be code.
fn comment_file(code: Code, c: &str) -> String {
    match code {
        Code::Python => format!("# {c}\nx = 1\n"),
        Code::JavaScript | Code::TypeScript | Code::Tsx | Code::Java | Code::Go => {
            format!("// {c}\n/* {c} */\n/** {c} */\nconst x = 1;\n").replace(
                "const x = 1;",
                match code {
                    Code::Java => "class A {}",
                    Code::Go => "package a",
                    _ => "const x = 1;",
                },
            )
        }
        Code::CSharp => format!("// {c}\n/* {c} */\n/// <summary>{c}</summary>\nclass A {{}}\n"),
        Code::Php => format!("<?php\n// {c}\n# {c}\n/* {c} */\n$x = 1;\n"),
        Code::Ruby | Code::Shell => format!("# {c}\nx=1\n"),
        Code::Elixir => format!("# {c}\nx = 1\n"),
        Code::Rust => format!("// {c}\n/* {c} */\n/// {c}\nconst X: u8 = 1;\n"),
    }
}

fn helper_for(code: Code) -> &'static str {
    match code {
        Code::Python => "py_str",
        Code::JavaScript | Code::TypeScript | Code::Tsx => "js_str",
        Code::Java => "java_str",
        Code::CSharp => "cs_str",
        Code::Php => "php_str",
        Code::Ruby => "ruby_str",
        Code::Elixir => "ex_str",
        Code::Go => "go_str",
        Code::Rust => "rust_str",
        Code::Shell => "sh_str",
    }
}

fn hostile_values() -> Vec<Hostile> {
    fixtures()
        .iter()
        .flat_map(|f| f.hostile.iter().cloned())
        .collect()
}

/// Without any template: each escaper's output, placed in a file of its language, is one
/// string node that evaluates to the input; and the checker is not vacuous (raw text fails).
#[test]
fn escapers_write_literals_that_parse_as_exactly_the_input() {
    let mut findings = Findings::default();
    let mut negatives = Vec::new();
    for h in hostile_values() {
        let comment = roundtrip::form("comment_text", &h.value);
        for code in lang::ALL_CODE {
            let lit = roundtrip::form(helper_for(code), &h.value);
            let path = format!("sample.{code:?}");
            let text = host_file(code, &lit);
            let kind = Kind::Code(code);
            findings.problems.extend(parse_problems(&path, &text, kind));
            let (landed, problems) = (findings.landed, findings.problems.len());
            roundtrip::check(&path, &text, kind, &h, &mut findings);
            if findings.landed == landed && findings.problems.len() == problems {
                findings
                    .problems
                    .push(format!("{path}: the literal was not found in {text}"));
            }

            // The same file with the value pasted raw between quotes must be caught.
            let pasted = format!("\"{}\"", h.value);
            let raw = host_file(code, &pasted);
            let mut caught = Findings::default();
            roundtrip::check(&path, &raw, kind, &h, &mut caught);
            // Only a value the helper must change can be told apart from its literal.
            if pasted != lit && caught.problems.is_empty() {
                negatives.push(format!("{path}: raw {} not caught in {raw}", h.field));
            }
        }
        for (data, text) in [
            (
                Data::Json,
                format!(
                    "{{\"description\": {}}}",
                    roundtrip::form("json_str", &h.value)
                ),
            ),
            (
                Data::Toml,
                format!(
                    "# {comment}\ndescription = {}\n",
                    roundtrip::form("toml_str", &h.value)
                ),
            ),
            (
                Data::Yaml,
                format!(
                    "# {comment}\ndescription: {}\n",
                    roundtrip::form("yaml_str", &h.value)
                ),
            ),
            (
                Data::Xml,
                format!(
                    "<p a=\"{0}\">x {0} y</p>",
                    roundtrip::form("xml_text", &h.value)
                ),
            ),
        ] {
            let path = format!("sample.{data:?}");
            roundtrip::check(&path, &text, Kind::Data(data), &h, &mut findings);
        }
        let md = format!("# Title\n\n{}\n", roundtrip::form("md_text", &h.value));
        roundtrip::check("README.md", &md, Kind::Markdown, &h, &mut findings);
        let mut caught = Findings::default();
        roundtrip::check(
            "Dockerfile",
            &format!("LABEL d=\"{}\"\n", h.value),
            Kind::HashCommented,
            &h,
            &mut caught,
        );
        if caught.problems.is_empty() {
            negatives.push(format!("Dockerfile: raw {} not caught", h.field));
        }
    }
    findings.evaluate_literals();
    assert!(
        !findings.python.is_empty() && !findings.node.is_empty(),
        "literals were evaluated"
    );
    // One broken literal reports every marker after it; the first few per sample file suffice.
    let mut shown: std::collections::BTreeMap<String, usize> = Default::default();
    let problems: Vec<String> = findings
        .problems
        .into_iter()
        .filter(|p| {
            let file = p.split(':').next().unwrap_or("").to_string();
            let n = shown.entry(file).or_default();
            *n += 1;
            *n <= 3
        })
        .collect();
    fail_on("escaper problems", &problems);
    fail_on("raw insertions the checker missed", &negatives);
}

/// `comment_text` claims to be safe in `#`, `//` and `/* */` comments alike: in every comment
/// style of every language, it stays one comment and the code after it is still code.
#[test]
fn comment_text_stays_inside_every_comment_style() {
    let mut problems = Vec::new();
    for h in hostile_values() {
        let comment = roundtrip::form("comment_text", &h.value);
        for code in lang::ALL_CODE {
            let path = format!("comments.{code:?}");
            let text = comment_file(code, &comment);
            let kind = Kind::Code(code);
            let mut findings = Findings::default();
            findings.problems.extend(parse_problems(&path, &text, kind));
            roundtrip::check(&path, &text, kind, &h, &mut findings);
            if let Some(first) = findings.problems.first() {
                problems.push(format!(
                    "{first}\n    in: {}",
                    text.replace('\n', "\n        ")
                ));
            }
        }
        for (data, text) in [
            (Data::Toml, format!("# {comment}\nx = 1\n")),
            (Data::Yaml, format!("# {comment}\nx: 1\n")),
            (Data::Xml, format!("<a><!-- {comment} --><b/></a>")),
        ] {
            let path = format!("comments.{data:?}");
            let mut findings = Findings::default();
            findings
                .problems
                .extend(parse_problems(&path, &text, Kind::Data(data)));
            roundtrip::check(&path, &text, Kind::Data(data), &h, &mut findings);
            if let Some(first) = findings.problems.first() {
                problems.push(format!("{first}\n    in: {text}"));
            }
        }
    }
    problems.sort();
    problems.dedup_by(|a, b| a.split(':').next() == b.split(':').next());
    fail_on("comment styles that comment_text escapes", &problems);
}
