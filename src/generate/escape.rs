//! Literal writers: user text as a string literal (or text node) of each target language.
//!
//! Each function returns text that, placed where its language expects a value, means exactly
//! the input and can end nothing around it: no string, comment, heredoc or interpolation.
//! Control characters other than newline and tab are refused earlier (see `spec`), but every
//! writer still escapes them so that it is safe on its own.

use std::fmt::Write;

/// Characters that some tools treat as line ends although they are not ASCII controls.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Shared shape of C-like double-quoted literals; `other` escapes what the common set leaves.
fn quoted(s: &str, other: impl Fn(char, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if other(c, &mut out) {
            continue;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn u4(c: char, out: &mut String) {
    let mut buf = [0u16; 2];
    for unit in c.encode_utf16(&mut buf) {
        let _ = write!(out, "\\u{unit:04x}");
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control() || is_line_separator(c)
}

/// A C-like literal whose control characters are written by `control`.
fn c_like(s: &str, control: fn(char, &mut String)) -> String {
    quoted(s, |c, out| {
        let special = needs_escape(c) && !matches!(c, '\n' | '\r' | '\t');
        if special {
            control(c, out);
        }
        special
    })
}

/// `\U0001f600`: Python, TOML, YAML and Go spell any code point this way.
fn u8_digits(c: char, out: &mut String) {
    let _ = write!(out, "\\U{:08x}", c as u32);
}

/// A Python `"..."` literal (also valid inside triple-quoted contexts).
pub fn python(s: &str) -> String {
    c_like(s, u8_digits)
}

/// A JavaScript or TypeScript `"..."` literal.
pub fn javascript(s: &str) -> String {
    c_like(s, u4)
}

/// A JSON string.
pub fn json(s: &str) -> String {
    // JSON allows U+2028/9 raw, but escaping them keeps the text valid JavaScript too.
    javascript(s)
}

/// A TOML basic string.
pub fn toml(s: &str) -> String {
    c_like(s, u8_digits)
}

/// A YAML double-quoted scalar.
pub fn yaml(s: &str) -> String {
    c_like(s, u8_digits)
}

/// Java `"..."`: every non-ASCII character as `\uXXXX`, since javac reads escapes before lexing.
pub fn java(s: &str) -> String {
    quoted(s, |c, out| {
        if !c.is_ascii() || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            u4(c, out);
            return true;
        }
        false
    })
}

/// A C# regular `"..."` literal.
pub fn csharp(s: &str) -> String {
    c_like(s, u4)
}

/// A Go interpreted `"..."` literal.
pub fn go(s: &str) -> String {
    c_like(s, u8_digits)
}

/// A Rust `"..."` literal.
pub fn rust(s: &str) -> String {
    c_like(s, |c, out| {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    })
}

/// An Elixir `"..."` literal: `#{` must not start an interpolation.
pub fn elixir(s: &str) -> String {
    quoted(s, |c, out| match c {
        '#' => {
            out.push_str("\\#");
            true
        }
        c if needs_escape(c) && !matches!(c, '\n' | '\r' | '\t') => {
            let _ = write!(out, "\\x{{{:x}}}", c as u32);
            true
        }
        _ => false,
    })
}

/// Single-quoted literal shared by PHP and Ruby: only `\` and `'` are special.
fn single_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A PHP `'...'` literal: no interpolation, and `?>` cannot end PHP inside a string.
pub fn php(s: &str) -> String {
    single_quoted(s)
}

/// A Ruby `'...'` literal: no `#{}` interpolation.
pub fn ruby(s: &str) -> String {
    single_quoted(s)
}

/// A POSIX shell word in single quotes.
pub fn shell(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// XML text or attribute content (without the quotes).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown text on one line: the characters that start markup anywhere (emphasis, code,
/// links, HTML, entities, tables) are backslash-escaped, and so is a leading list, heading or
/// quote marker; line ends become spaces. Plain punctuation stays readable.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let leading = i == 0 && matches!(c, '-' | '+' | '=' | '>' | '#');
        if leading
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!'
            )
        {
            out.push('\\');
            out.push(c);
        } else if c.is_control() || is_line_separator(c) {
            out.push(' ');
        } else if matches!(c, '.' | ')') && i > 0 && s.chars().take(i).all(|d| d.is_ascii_digit()) {
            // `1.` or `1)` at the start would begin an ordered list.
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Comment text on one line: line ends become spaces, and every sequence that ends or nests a
/// comment, or leaves the code (PHP's `?>`), is broken, for `#`, `//`, `/* */` and `<!-- -->`
/// comments alike. A trailing backslash would splice the next line in C-like preprocessors.
pub fn comment(s: &str) -> String {
    let mut out = s
        .chars()
        .map(|c| {
            if c.is_control() || is_line_separator(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>();
    for (from, to) in [
        ("*/", "* /"),
        ("/*", "/ *"),
        ("?>", "? >"),
        ("%>", "% >"),
        ("--", "- -"),
    ] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    if out.ends_with('\\') {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_language() {
        let s = "a\"b'c\\d\ne${x}#{y}\u{2028}é";
        assert_eq!(python(s), "\"a\\\"b'c\\\\d\\ne${x}#{y}\\U00002028é\"");
        assert_eq!(javascript(s), "\"a\\\"b'c\\\\d\\ne${x}#{y}\\u2028é\"");
        assert_eq!(java(s), "\"a\\\"b'c\\\\d\\ne${x}#{y}\\u2028\\u00e9\"");
        assert_eq!(elixir(s), "\"a\\\"b'c\\\\d\\ne${x}\\#{y}\\x{2028}é\"");
        assert_eq!(rust(s), "\"a\\\"b'c\\\\d\\ne${x}#{y}\\u{2028}é\"");
        assert_eq!(php(s), "'a\"b\\'c\\\\d\ne${x}#{y}\u{2028}é'");
        assert_eq!(ruby("it's"), "'it\\'s'");
        assert_eq!(shell("it's"), "'it'\\''s'");
        assert_eq!(xml("<a & 'b'>"), "&lt;a &amp; &apos;b&apos;&gt;");
        assert_eq!(markdown("# *hi* [x](y)\n"), "\\# \\*hi\\* \\[x\\](y) ");
        assert_eq!(
            markdown("A bookstore's catalogue: books"),
            "A bookstore's catalogue: books"
        );
        assert_eq!(markdown("- 1. <b>&amp;"), "\\- 1. \\<b\\>\\&amp;");
        assert_eq!(markdown("12. x"), "12\\. x");
        let c = comment("a */ b\nc /* ?> */*/ <!-- -->");
        for bad in ["*/", "/*", "?>", "--", "\n"] {
            assert!(!c.contains(bad), "{c}");
        }
        assert_eq!(comment("end\\"), "end\\ ");
        assert_eq!(java("😀"), "\"\\ud83d\\ude00\"");
    }

    /// Values whose literals the data-format tests read back.
    const SAMPLES: [&str; 8] = [
        "plain",
        "q\"uote",
        "back\\slash",
        "new\nline",
        "\u{2028}",
        "tab\t",
        "\u{1}",
        "'single'",
    ];

    #[test]
    fn json_literal_is_valid_json_that_round_trips() {
        for s in SAMPLES {
            let back: String = serde_json::from_str(&json(s)).expect("valid JSON");
            assert_eq!(back, s);
        }
    }

    #[test]
    fn toml_literal_round_trips() {
        for s in SAMPLES {
            let doc = format!("v = {}", toml(s));
            let table: toml::Table = doc.parse().expect("valid TOML");
            assert_eq!(table["v"].as_str(), Some(s));
        }
    }
}
