//! Splitting a Handlebars body into pieces that can be compiled (and skipped) separately.
//!
//! Compiling is most of what `new` does: the handlebars crate parses every byte with pest and
//! computes a line and column for every element by scanning from the start of the text, which
//! is quadratic in the file's length. A lockfile of 150 kB with three placeholders cost more
//! than every other file together. So a body is cut at line ends where no block is open, and
//! only the pieces that hold a `{{` are compiled; the others are copied as they are.
//!
//! A cut must not change the output. Handlebars changes literal text only next to a tag: the
//! standalone-line rule (a line holding only a block tag loses its indentation and newline)
//! works within that line, which is never cut; whitespace control (`{{~` and `~}}`) strips
//! across line ends, so no cut is made between such a tag and the nearest text on the side it
//! strips. Anything the scanner does not understand (an unclosed tag or comment, a raw block,
//! a stray close) leaves the body whole. A test renders every built-in template both ways.

/// One piece of a body: literal text, or a Handlebars template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Template(&'a str),
}

/// The body cut into pieces; concatenating their renders equals rendering the whole body.
pub(crate) fn split(body: &str) -> Vec<Piece<'_>> {
    let Some(cuts) = cuts(body) else {
        return vec![Piece::Template(body)];
    };
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    let mut start = 0;
    for end in cuts.into_iter().chain(std::iter::once(body.len())) {
        if end <= start {
            continue;
        }
        let text = &body[start..end];
        // Templates stay small, as their compile cost grows faster than their length; a line
        // of plain expressions is cut further, so that only its tags are compiled.
        if !text.contains("{{") {
            push_text(body, start, end, &mut pieces);
        } else if only_expressions(text) {
            split_tags(body, start, end, &mut pieces);
        } else {
            pieces.push(Piece::Template(text));
        }
        start = end;
    }
    pieces
}

/// True when every tag of `text` is a plain expression (`{{x}}`, `{{helper x}}`, `{{{x}}}`):
/// no block, partial, comment or whitespace control, so no tag can change the text around it
/// and each tag can be compiled on its own.
fn only_expressions(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        let tag = &rest[at..];
        let Some(end) = tag.find("}}") else {
            return false;
        };
        let inner = tag[2..end].trim_start_matches('{');
        if inner.is_empty()
            || inner.contains('~')
            || inner.contains("{{")
            || matches!(
                inner.as_bytes()[0],
                b'#' | b'^' | b'/' | b'>' | b'!' | b'*' | b'&'
            )
            || inner.trim_start().starts_with("else")
        {
            return false;
        }
        rest = &tag[end + 2..];
    }
    true
}

/// Cuts `body[start..end]` (plain expressions only) into literal text and one template per
/// tag.
fn split_tags<'a>(body: &'a str, start: usize, end: usize, pieces: &mut Vec<Piece<'a>>) {
    let mut at = start;
    while let Some(found) = body[at..end].find("{{") {
        let open = at + found;
        push_text(body, at, open, pieces);
        let close = if body[open..].starts_with("{{{") {
            "}}}"
        } else {
            "}}"
        };
        let stop = body[open..end]
            .find(close)
            .map_or(end, |e| open + e + close.len());
        pieces.push(Piece::Template(&body[open..stop]));
        at = stop;
    }
    push_text(body, at, end, pieces);
}

/// Adds `body[start..end]` as literal text, merged with a literal that ends where it starts.
fn push_text<'a>(body: &'a str, start: usize, end: usize, pieces: &mut Vec<Piece<'a>>) {
    if start == end {
        return;
    }
    if let Some(Piece::Text(prev)) = pieces.last_mut() {
        let from = body_offset(body, prev);
        if from + prev.len() == start {
            *prev = &body[from..end];
            return;
        }
    }
    pieces.push(Piece::Text(&body[start..end]));
}

/// Inline partials (`{{#*inline "name"}}...{{/inline}}` on lines of their own, outside any
/// block) taken out of a body, so that the rest can be cut into pieces: each definition is
/// returned with a name unique to `prefix`, and every `{{> name}}` of the body renamed to it.
/// `None` when the body defines none, or defines one in a way this does not recognise.
pub(crate) fn hoist_inline(body: &str, prefix: &str) -> Option<(String, Vec<(String, String)>)> {
    const OPEN: &str = "{{#*inline \"";
    const CLOSE: &str = "{{/inline}}\n";
    if !body.contains(OPEN) {
        return None;
    }
    let mut rest = String::with_capacity(body.len());
    let mut partials = Vec::new();
    let mut at = 0;
    while let Some(found) = body[at..].find(OPEN) {
        let start = at + found;
        if start > 0 && !body[..start].ends_with('\n') {
            return None;
        }
        let name_end = start + OPEN.len() + body[start + OPEN.len()..].find("\"}}\n")?;
        let name = &body[start + OPEN.len()..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let content_start = name_end + "\"}}\n".len();
        let end = content_start + body[content_start..].find(CLOSE)?;
        if !body[..end].ends_with('\n') && end != content_start {
            return None;
        }
        rest.push_str(&body[at..start]);
        partials.push((
            format!("{prefix}_{name}"),
            body[content_start..end].to_string(),
        ));
        at = end + CLOSE.len();
    }
    rest.push_str(&body[at..]);
    for (unique, _) in &partials {
        let name = &unique[prefix.len() + 1..];
        rest = rest.replace(&format!("{{{{> {name}}}}}"), &format!("{{{{> {unique}}}}}"));
    }
    // The definitions must have been the only inline partials, and their calls plain.
    if rest.contains("{{#*inline") || rest.contains("{{~#*inline") {
        return None;
    }
    Some((rest, partials))
}

/// Shortest literal line worth taking out of a block: a placeholder costs about 30 bytes.
const HOLLOW_MIN: usize = 32;

/// A block template with its long literal lines taken out: each becomes `{{{helper N}}}`
/// (N counting from `first`), and the lines are returned to be written back by that helper.
/// Only whole lines without any `{{`/`}}` outside a tag are taken, and never from a template
/// with whitespace control, so the standalone-line rule sees the same newlines as before.
/// `None` when nothing is worth taking.
pub(crate) fn hollow<'a>(
    template: &'a str,
    helper: &str,
    first: usize,
) -> Option<(String, Vec<&'a str>)> {
    // Whitespace control strips across lines; comments and raw blocks print their lines as
    // written, so a placeholder there would show.
    if template.contains('~') || template.contains("{{!") || template.contains("{{{{") {
        return None;
    }
    let mut out = String::with_capacity(template.len());
    let mut taken: Vec<&'a str> = Vec::new();
    let mut in_tag = false;
    // The current run of plain lines: where it starts, and where its last line's text ends
    // (that line's newline stays raw, for the rule on standalone lines after it).
    let mut run: Option<(usize, usize)> = None;
    let mut end_run = |run: &mut Option<(usize, usize)>, out: &mut String| {
        if let Some((start, end)) = run.take() {
            let text = &template[start..end];
            if text.len() >= HOLLOW_MIN {
                out.push_str(&format!("{{{{{{{helper} {}}}}}}}", first + taken.len()));
                taken.push(text);
            } else {
                out.push_str(text);
            }
            if template[end..].starts_with('\n') {
                out.push('\n');
            }
        }
    };
    let mut at = 0;
    for line in template.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        if !in_tag && !content.contains("{{") && !content.contains("}}") {
            let start = run.map_or(at, |(start, _)| start);
            run = Some((start, at + content.len()));
        } else {
            end_run(&mut run, &mut out);
            out.push_str(line);
        }
        // A tag left open at the end of the line continues on the next one.
        if let (Some(open), close) = (content.rfind("{{"), content.rfind("}}")) {
            in_tag = close.is_none_or(|c| c < open);
        } else if in_tag && content.contains("}}") {
            in_tag = false;
        }
        at += line.len();
    }
    end_run(&mut run, &mut out);
    (!taken.is_empty()).then_some((out, taken))
}

fn body_offset(body: &str, part: &str) -> usize {
    part.as_ptr() as usize - body.as_ptr() as usize
}

/// Byte offsets just after a `\n` where the body may be cut, or `None` when it must stay whole.
fn cuts(body: &str) -> Option<Vec<usize>> {
    if body.contains("{{#*inline") || body.contains("{{~#*inline") {
        return None; // inline partials are local to the template that defines them
    }
    // Only the line ends around tags outside blocks matter: the text between is literal.
    // Jumping from tag to tag keeps this fast on large files with few tags (lockfiles).
    let mut cuts = Vec::new();
    let mut depth: i32 = 0;
    let mut last_end = 0;
    // The end of the line of the last tag that closed at depth 0, cut unless another tag
    // starts on that same line.
    let mut pending: Option<usize> = None;
    let mut i = 0;
    while let Some(found) = body[i..].find("{{") {
        let open = i + found;
        if body[..open].ends_with('\\') {
            return None; // an escaped mustache: leave the body to handlebars
        }
        let rest = &body[open..];
        if rest.starts_with("{{{{") {
            return None; // raw blocks are rare; not worth a scanner of their own
        }
        if let Some(end) = pending.take()
            && end <= open
        {
            cuts.push(end);
            last_end = end;
        }
        if depth == 0 {
            let line_start = body[..open].rfind('\n').map_or(0, |p| p + 1);
            if line_start >= last_end && line_start > 0 {
                cuts.push(line_start);
            }
        }
        let close = if rest.starts_with("{{!--") || rest.starts_with("{{~!--") {
            "--}}"
        } else {
            "}}"
        };
        let end = open + rest.find(close)? + close.len();
        let tag = body[open + 2..end - 2]
            .trim_start_matches('~')
            .trim_end_matches('~')
            .trim();
        // `{{#x}}` and `{{^x}}` open a block; `{{^}}` is an else; `{{/x}}` closes.
        if tag.starts_with('#') || (tag.starts_with('^') && tag.len() > 1) {
            depth += 1;
        } else if tag.starts_with('/') {
            depth -= 1;
            if depth < 0 {
                return None;
            }
        }
        last_end = end;
        if depth == 0 {
            pending = body[end..].find('\n').map(|p| end + p + 1);
        }
        i = end;
    }
    if depth != 0 {
        return None;
    }
    if let Some(end) = pending {
        cuts.push(end);
    }
    cuts.dedup();
    Some(
        cuts.into_iter()
            .filter(|&cut| cut < body.len() && !strips_across(body, cut))
            .collect(),
    )
}

/// True when whitespace control would strip across the line end before `cut`: the nearest
/// non-blank line before it ends with `~}}`, or the nearest one after starts with `{{~`.
fn strips_across(body: &str, cut: usize) -> bool {
    let before = body[..cut].trim_end();
    let after = body[cut..].trim_start();
    before.ends_with("~}}") || after.starts_with("{{~")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<String> {
        split(body)
            .iter()
            .map(|p| match p {
                Piece::Text(t) => format!("T:{t}"),
                Piece::Template(t) => format!("H:{t}"),
            })
            .collect()
    }

    #[test]
    fn literal_lines_are_not_compiled() {
        assert_eq!(
            kinds("a\nb\n{{x}}\nc\nd\n"),
            ["T:a\nb\n", "H:{{x}}", "T:\nc\nd\n"]
        );
        assert_eq!(
            kinds("x = {{py_str a}} + {{{b}}};\n"),
            ["T:x = ", "H:{{py_str a}}", "T: + ", "H:{{{b}}}", "T:;\n"]
        );
    }

    #[test]
    fn open_blocks_are_never_cut() {
        assert_eq!(
            kinds("a\n{{#each xs}}\nitem\n{{/each}}\nb\n"),
            ["T:a\n", "H:{{#each xs}}\nitem\n{{/each}}\n", "T:b\n"]
        );
        assert_eq!(
            kinds("{{#if a}}\n{{^}}\nno\n{{/if}}\nz\n"),
            ["H:{{#if a}}\n{{^}}\nno\n{{/if}}\n", "T:z\n"]
        );
    }

    #[test]
    fn whitespace_control_keeps_its_neighbours() {
        assert_eq!(kinds("a\n\n{{~x}}\nb\n"), ["H:a\n\n{{~x}}\n", "T:b\n"]);
        // No cut after a `~}}` line: the rest stays with it.
        assert_eq!(kinds("{{x~}}\n\nb\nc\n"), ["H:{{x~}}\n\nb\nc\n"]);
    }

    #[test]
    fn what_the_scanner_does_not_know_stays_whole() {
        for body in [
            "{{#*inline \"p\"}}x{{/inline}}\n{{> p}}\n",
            "a\n\\{{x}}\nb\n",
            "{{{{raw}}}}\n{{x}}\n{{{{/raw}}}}\n",
            "{{/if}}\n",
            "{{x\n",
        ] {
            assert_eq!(split(body), [Piece::Template(body)], "{body:?}");
        }
    }

    #[test]
    fn inline_partials_are_hoisted_and_their_calls_renamed() {
        let body =
            "{{#*inline \"root\"}}\nname = {{x}}\n{{/inline}}\na\n{{#if y}}\n{{> root}}\n{{/if}}\n";
        let (rest, partials) = hoist_inline(body, "f1").expect("hoisted");
        assert_eq!(rest, "a\n{{#if y}}\n{{> f1_root}}\n{{/if}}\n");
        assert_eq!(
            partials,
            [("f1_root".to_string(), "name = {{x}}\n".to_string())]
        );
        assert!(hoist_inline("x {{#*inline \"a\"}}\ny\n{{/inline}}\n", "p").is_none());
        assert!(hoist_inline("no partials\n", "p").is_none());
    }

    #[test]
    fn long_literal_lines_leave_blocks() {
        let block = "{{#each xs}}\n    a long literal line of code here;\n    and another one\n  {{x}}\n{{/each}}\n";
        let (text, taken) = hollow(block, "lit", 3).expect("hollowed");
        assert_eq!(text, "{{#each xs}}\n{{{lit 3}}}\n  {{x}}\n{{/each}}\n");
        assert_eq!(
            taken,
            ["    a long literal line of code here;\n    and another one"]
        );
        assert!(
            hollow(
                "{{#if a~}}\n    a long literal line of code here;\n{{/if}}",
                "lit",
                0
            )
            .is_none()
        );
        let open = "{{#if (eq a\n    \"a long literal argument string\")}}\nx\n{{/if}}\n";
        assert!(
            hollow(open, "lit", 0).is_none(),
            "a tag spanning lines is kept"
        );
        let raw = "{{{{raw}}}}\n    a long literal line of code here;\n{{{{/raw}}}}\n";
        assert!(
            hollow(raw, "lit", 0).is_none(),
            "raw blocks print their lines"
        );
    }

    #[test]
    fn comments_and_multiline_tags_are_not_cut() {
        assert_eq!(
            kinds("{{!-- a }}\nb --}}\nc\n"),
            ["H:{{!-- a }}\nb --}}\n", "T:c\n"]
        );
    }
}
