//! Word lists of the ecosystems whose rules names must satisfy.
//!
//! Each list holds words that cannot be used as an identifier, a module or a package name in
//! that ecosystem. Lists are lowercase; checks compare the relevant lowercase form.

pub const PYTHON_KEYWORDS: &[&str] = &[
    "false", "none", "true", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield", "match", "case", "type", "print", "exec",
];

/// Modules a package or app of that name would shadow: the standard library's common ones
/// and the packages every Python starter imports.
pub const PYTHON_MODULES: &[&str] = &[
    "abc", "argparse", "array", "ast", "asyncio", "base64", "bisect", "builtins", "calendar",
    "cgi", "cmd", "code", "codecs", "collections", "contextlib", "copy", "csv", "ctypes",
    "curses", "dataclasses", "datetime", "decimal", "difflib", "dis", "email", "enum", "errno",
    "fractions", "functools", "gc", "getpass", "glob", "gzip", "hashlib", "heapq", "hmac",
    "html", "http", "imp", "importlib", "inspect", "io", "ipaddress", "itertools", "json",
    "keyword", "logging", "lzma", "mailbox", "math", "mimetypes", "numbers", "operator", "os",
    "pathlib", "pickle", "platform", "pprint", "profile", "queue", "random", "re", "secrets",
    "select", "shelve", "shutil", "signal", "site", "socket", "sqlite3", "ssl", "stat",
    "statistics", "string", "struct", "subprocess", "sys", "tempfile", "test", "tests",
    "textwrap", "threading", "time", "timeit", "token", "tokenize", "trace", "traceback",
    "types", "typing", "unittest", "urllib", "uuid", "warnings", "weakref", "xml", "zipfile",
    "zoneinfo", "django", "fastapi", "flask", "pydantic", "sqlalchemy", "sqlmodel", "starlette",
    "uvicorn", "gunicorn", "pytest", "werkzeug", "jinja2", "rest_framework", "httpx", "app",
    "config", "dotenv",
];

pub const JS_RESERVED: &[&str] = &[
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
    "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
    "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw",
    "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static",
    "implements", "interface", "package", "private", "protected", "public", "await", "async",
    "arguments", "eval", "constructor", "prototype", "__proto__", "undefined", "nan",
    "infinity", "object", "hasownproperty", "tostring", "valueof", "any", "string", "number",
    "boolean", "symbol", "never", "unknown", "type", "declare", "namespace", "module",
    "readonly", "keyof", "abstract", "as", "is",
];

/// Node.js core modules: an npm package of that name would shadow them.
pub const NODE_BUILTINS: &[&str] = &[
    "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
    "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2",
    "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode",
    "querystring", "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls",
    "trace_events", "tty", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib", "test",
    "sqlite", "node_modules", "favicon.ico",
];

pub const JAVA_KEYWORDS: &[&str] = &[
    "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class",
    "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
    "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
    "interface", "long", "native", "new", "package", "private", "protected", "public",
    "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw",
    "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
    "record", "yield", "sealed", "permits", "java", "javax", "object", "string", "class",
];

pub const CSHARP_KEYWORDS: &[&str] = &[
    "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked",
    "class", "const", "continue", "decimal", "default", "delegate", "do", "double", "else",
    "enum", "event", "explicit", "extern", "false", "finally", "fixed", "float", "for",
    "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
    "long", "namespace", "new", "null", "object", "operator", "out", "override", "params",
    "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
    "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true",
    "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual",
    "void", "volatile", "while", "record", "system", "microsoft", "program",
];

pub const PHP_RESERVED: &[&str] = &[
    "abstract", "and", "array", "as", "break", "callable", "case", "catch", "class", "clone",
    "const", "continue", "declare", "default", "do", "echo", "else", "elseif", "empty",
    "enddeclare", "endfor", "endforeach", "endif", "endswitch", "endwhile", "enum", "eval",
    "exit", "extends", "final", "finally", "fn", "for", "foreach", "function", "global",
    "goto", "if", "implements", "include", "instanceof", "insteadof", "interface", "isset",
    "list", "match", "namespace", "new", "or", "print", "private", "protected", "public",
    "readonly", "require", "return", "static", "switch", "throw", "trait", "try", "unset",
    "use", "var", "while", "xor", "yield", "int", "float", "bool", "string", "true", "false",
    "null", "void", "iterable", "object", "mixed", "never", "parent", "self", "resource",
];

/// Ruby keywords and the names `rails new` refuses or whose constant already exists.
pub const RUBY_RESERVED: &[&str] = &[
    "alias", "and", "begin", "break", "case", "class", "def", "defined", "do", "else", "elsif",
    "end", "ensure", "false", "for", "if", "in", "module", "next", "nil", "not", "or", "redo",
    "rescue", "retry", "return", "self", "super", "then", "true", "undef", "unless", "until",
    "when", "while", "yield", "application", "destroy", "plugin", "runner", "test", "rails",
    "string", "hash", "object", "array", "integer", "float", "kernel", "class", "module",
    "proc", "method", "comparable", "enumerable", "time", "date", "file", "dir", "io",
    "benchmarker", "profiler", "record", "base", "model",
];

/// Elixir reserved words and modules an app name would collide with.
pub const ELIXIR_RESERVED: &[&str] = &[
    "true", "false", "nil", "when", "and", "or", "not", "in", "fn", "do", "end", "catch",
    "rescue", "after", "else", "elixir", "erlang", "kernel", "string", "enum", "map", "list",
    "phoenix", "ecto", "plug", "mix", "logger", "application", "process", "io", "file",
    "system", "task", "agent", "registry", "supervisor", "atom", "integer", "float", "tuple",
    "code", "node", "port", "record", "stream", "access",
];

pub const GO_KEYWORDS: &[&str] = &[
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
    "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
    "return", "select", "struct", "switch", "type", "var", "main", "string", "int", "bool",
    "error", "nil", "true", "false", "byte", "rune", "any", "internal", "vendor", "testdata",
];

pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
    "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final",
    "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    "std", "core", "alloc", "test", "proc_macro", "string", "option", "result", "vec", "self",
];

/// SQL reserved words that would need quoting as a table or column name.
pub const SQL_RESERVED: &[&str] = &[
    "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "check", "column",
    "constraint", "create", "cross", "default", "delete", "desc", "distinct", "drop", "else",
    "end", "exists", "foreign", "from", "full", "group", "having", "in", "index", "inner",
    "insert", "into", "is", "join", "left", "like", "limit", "not", "null", "offset",
    "on", "or", "order", "outer", "primary", "references", "right", "select", "set", "table",
    "then", "to", "transaction", "union", "unique", "update", "using", "values",
    "when", "where", "with", "rowid", "oid",
];

/// File names Windows refuses, whatever the extension.
pub const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];
