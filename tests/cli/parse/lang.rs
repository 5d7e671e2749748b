//! What each generated file is, and the real parser that reads it.
//!
//! Every path a template can produce is classified here, by extension, by exact name or by
//! shebang. A path that matches nothing is an error, so a file of a new language cannot pass
//! the parse tier unread: whoever adds it adds its parser (or an explicit "not parsed" entry).

use tree_sitter::{Language, Node, Parser, Tree};

/// A language read with a tree-sitter grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Java,
    CSharp,
    Php,
    Ruby,
    Elixir,
    Go,
    Rust,
    Shell,
}

/// Every grammar, for the self-test.
pub const ALL_CODE: [Code; 12] = [
    Code::Python,
    Code::JavaScript,
    Code::TypeScript,
    Code::Tsx,
    Code::Java,
    Code::CSharp,
    Code::Php,
    Code::Ruby,
    Code::Elixir,
    Code::Go,
    Code::Rust,
    Code::Shell,
];

/// A data format read with its serde-level (or DOM) parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Data {
    Json,
    Toml,
    Yaml,
    Xml,
}

/// How a generated file is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Code(Code),
    Data(Data),
    /// Read by no parser; free text may land here only as Markdown text (`md_text`).
    Markdown,
    /// Read by no parser; free text may land here only in a `#` comment line (`comment_text`).
    HashCommented,
    /// Read by no parser; free text must never land here.
    Opaque,
}

/// Files that no parser reads, by exact file name.
const NOT_PARSED_NAMES: &[(&str, Kind)] = &[
    ("Dockerfile", Kind::HashCommented),
    (".dockerignore", Kind::HashCommented),
    (".gitignore", Kind::HashCommented),
    (".gitattributes", Kind::HashCommented),
    (".editorconfig", Kind::HashCommented),
    (".env", Kind::HashCommented),
    (".env.example", Kind::HashCommented),
    (".env.test", Kind::HashCommented),
    (".python-version", Kind::Opaque),
    (".nvmrc", Kind::Opaque),
    (".node-version", Kind::Opaque),
    (".npmrc", Kind::HashCommented),
    (".ruby-version", Kind::Opaque),
    (".tool-versions", Kind::HashCommented),
    (".formatter.exs", Kind::Code(Code::Elixir)),
    ("Procfile", Kind::HashCommented),
    ("LICENSE", Kind::Opaque),
    ("go.mod", Kind::Opaque),
    ("go.sum", Kind::Opaque),
    ("Gemfile.lock", Kind::Opaque),
    ("yarn.lock", Kind::Opaque),
    ("pnpm-lock.yaml", Kind::Data(Data::Yaml)),
    ("mvnw.cmd", Kind::Opaque),
    ("gradlew.bat", Kind::Opaque),
    (".gitkeep", Kind::Opaque),
    (".keep", Kind::Opaque),
    (".htaccess", Kind::HashCommented),
    ("Makefile", Kind::HashCommented),
    (".prettierignore", Kind::HashCommented),
    (".flaskenv", Kind::HashCommented),
];

/// Binary files a template may copy as they are (icons, images, fonts); never rendered text.
const BINARY_EXTENSIONS: &[&str] = &[
    "ico", "png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "jar",
];

/// Whether a file that is not UTF-8 is one of the binary kinds a template may ship.
pub fn is_known_binary(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| BINARY_EXTENSIONS.contains(&ext))
}

/// Files read with a grammar although they have no telling extension.
const CODE_NAMES: &[(&str, Code)] = &[
    ("Gemfile", Code::Ruby),
    ("Rakefile", Code::Ruby),
    ("config.ru", Code::Ruby),
    ("mix.lock", Code::Elixir),
    ("mvnw", Code::Shell),
    ("gradlew", Code::Shell),
];

/// By extension (the text after the last dot of the file name).
fn by_extension(ext: &str) -> Option<Kind> {
    Some(match ext {
        "py" => Kind::Code(Code::Python),
        "js" | "mjs" | "cjs" => Kind::Code(Code::JavaScript),
        "ts" | "mts" | "cts" => Kind::Code(Code::TypeScript),
        "tsx" => Kind::Code(Code::Tsx),
        "java" => Kind::Code(Code::Java),
        "cs" => Kind::Code(Code::CSharp),
        "php" => Kind::Code(Code::Php),
        "rb" | "gemspec" | "rake" => Kind::Code(Code::Ruby),
        "ex" | "exs" => Kind::Code(Code::Elixir),
        "go" => Kind::Code(Code::Go),
        "rs" => Kind::Code(Code::Rust),
        "sh" | "bash" => Kind::Code(Code::Shell),
        "json" => Kind::Data(Data::Json),
        "toml" => Kind::Data(Data::Toml),
        "yaml" | "yml" => Kind::Data(Data::Yaml),
        "xml" | "csproj" | "props" | "targets" | "config" | "slnx" => Kind::Data(Data::Xml),
        // DDL only: no SQL parser here, and free text never lands in it.
        "sql" => Kind::Opaque,
        "md" => Kind::Markdown,
        // Requirements files, INI-style settings: `#` comments, no parser here.
        "txt" | "ini" | "cfg" | "properties" => Kind::HashCommented,
        "lock" | "sum" | "sln" | "cmd" | "bat" | "http" => Kind::Opaque,
        _ => return None,
    })
}

/// The kind of a generated file, from its path and (for extensionless scripts) its shebang.
pub fn classify(path: &str, contents: &str) -> Result<Kind, String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if let Some((_, kind)) = NOT_PARSED_NAMES.iter().find(|(n, _)| *n == name) {
        return Ok(*kind);
    }
    if let Some((_, code)) = CODE_NAMES.iter().find(|(n, _)| *n == name) {
        return Ok(Kind::Code(*code));
    }
    let stem_ext = name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty());
    if let Some((_, ext)) = stem_ext {
        return by_extension(ext).ok_or_else(|| {
            format!("`{path}`: no parser for `.{ext}` files; add one to tests/cli/parse/lang.rs (or list it as not parsed)")
        });
    }
    if let Some(first) = contents.lines().next().filter(|l| l.starts_with("#!")) {
        let interpreter = first.rsplit(['/', ' ']).next().unwrap_or("");
        let code = match interpreter {
            "sh" | "bash" | "dash" => Code::Shell,
            "python" | "python3" => Code::Python,
            "ruby" => Code::Ruby,
            "node" => Code::JavaScript,
            "php" => Code::Php,
            "elixir" => Code::Elixir,
            other => return Err(format!("`{path}`: no parser for `{other}` scripts")),
        };
        return Ok(Kind::Code(code));
    }
    Err(format!(
        "`{path}`: unknown kind of file; add it to tests/cli/parse/lang.rs (a parser, or an explicit not-parsed name)"
    ))
}

impl Code {
    pub fn language(self) -> Language {
        match self {
            Code::Python => tree_sitter_python::LANGUAGE.into(),
            Code::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Code::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Code::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Code::Java => tree_sitter_java::LANGUAGE.into(),
            Code::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Code::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Code::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            Code::Elixir => tree_sitter_elixir::LANGUAGE.into(),
            Code::Go => tree_sitter_go::LANGUAGE.into(),
            Code::Rust => tree_sitter_rust::LANGUAGE.into(),
            Code::Shell => tree_sitter_bash::LANGUAGE.into(),
        }
    }

    /// Parses `source`; a grammar that fails to load or a parse that gives up panics.
    pub fn parse(self, source: &str) -> Tree {
        let mut parser = Parser::new();
        parser
            .set_language(&self.language())
            .unwrap_or_else(|e| panic!("the {self:?} grammar does not load into tree-sitter: {e}"));
        parser
            .parse(source, None)
            .unwrap_or_else(|| panic!("tree-sitter gave no tree for a {self:?} file"))
    }

    /// Node kinds that are one complete string literal of the language.
    pub fn string_kinds(self) -> &'static [&'static str] {
        match self {
            Code::Python | Code::JavaScript | Code::TypeScript | Code::Tsx | Code::Elixir => {
                &["string"]
            }
            Code::Ruby => &["string"],
            // `'...'`; `encapsed_string` is the interpolating `"..."` form.
            Code::Php => &["string"],
            Code::Java | Code::CSharp | Code::Rust => &["string_literal"],
            Code::Go => &["interpreted_string_literal"],
            // `'it'\''s'`: quoted pieces glued to escaped quotes.
            Code::Shell => &["raw_string", "concatenation"],
        }
    }
}

/// Node kinds inside a string that mean code runs or a value is spliced in.
pub const INTERPOLATION_KINDS: &[&str] = &[
    "interpolation",
    "template_substitution",
    "expansion",
    "simple_expansion",
    "command_substitution",
    "variable_name",
];

/// Every ERROR and MISSING node of a tree, as `line:col: what near `snippet``.
pub fn syntax_errors(tree: &Tree, source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if !node.has_error() && !node.is_missing() {
            continue;
        }
        if node.is_error() || node.is_missing() {
            let what = if node.is_missing() {
                format!("MISSING `{}`", node.kind())
            } else {
                "ERROR".to_string()
            };
            out.push(format!(
                "{}: {what} near {}",
                position(node),
                snippet(source, node)
            ));
            if node.is_error() {
                // Its children are noise once the node itself is reported.
                continue;
            }
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            stack.push(child);
        }
    }
    out.sort();
    out
}

/// `line:col`, both from 1.
pub fn position(node: Node) -> String {
    let p = node.start_position();
    format!("{}:{}", p.row + 1, p.column + 1)
}

/// Line and column (from 1) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> String {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{col}")
}

/// The source line a node starts on, trimmed and shortened, in backticks.
pub fn snippet(source: &str, node: Node) -> String {
    line_at(source, node.start_byte())
}

/// The line holding byte `offset`, trimmed and shortened, in backticks.
pub fn line_at(source: &str, offset: usize) -> String {
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line: String = source[start..end].trim().chars().take(120).collect();
    format!("`{line}`")
}
