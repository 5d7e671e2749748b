//! `report.html`: one self-contained page, the Markdown report's tables as HTML with every
//! chart inline as SVG; no script, no external file.

use std::fmt::Write as _;

use super::charts::escape;

/// Inline Markdown: `code` spans only (the report uses nothing else).
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn cells(line: &str) -> Vec<&str> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect()
}

/// The subset of Markdown `report.md` is written in: headings, tables, list items, paragraphs.
pub(crate) fn markdown_to_html(md: &str) -> String {
    let mut html = String::new();
    let mut lines = md.lines().peekable();
    let mut in_list = false;
    while let Some(line) = lines.next() {
        if in_list && !line.starts_with("- ") {
            html.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(html, "<h2>{}</h2>", inline(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(html, "<h1>{}</h1>", inline(h));
        } else if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                html.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(html, "<li>{}</li>", inline(item));
        } else if line.starts_with('|') {
            html.push_str("<table>\n<tr>");
            for c in cells(line) {
                let _ = write!(html, "<th>{}</th>", inline(c));
            }
            html.push_str("</tr>\n");
            while let Some(row) = lines.next_if(|l| l.starts_with('|')) {
                if row.starts_with("|---") {
                    continue;
                }
                html.push_str("<tr>");
                for c in cells(row) {
                    let _ = write!(html, "<td>{}</td>", inline(c));
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</table>\n");
        } else if !line.trim().is_empty() {
            let _ = writeln!(html, "<p>{}</p>", inline(line));
        }
    }
    if in_list {
        html.push_str("</ul>\n");
    }
    html
}

/// The whole page: the report, then the charts.
pub(crate) fn page(title: &str, md: &str, charts: &[(String, String)]) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\nbody {{ font-family: sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }}\ntable {{ border-collapse: collapse; margin: 1rem 0; }}\nth, td {{ border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }}\nth:first-child, td:first-child {{ text-align: left; }}\nfigure {{ margin: 1.5rem 0; }}\n</style>\n</head>\n<body>\n",
        escape(title)
    );
    html.push_str(&markdown_to_html(md));
    html.push_str("<h2>Charts</h2>\n");
    for (name, svg) in charts {
        let _ = write!(html, "<figure id=\"{}\">\n{svg}</figure>\n", escape(name));
    }
    html.push_str("</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_report_subset_of_markdown() {
        let md = "# Title\n\ntext with `code` & more\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n";
        let html = markdown_to_html(md);
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<p>text with <code>code</code> &amp; more</p>"));
        assert!(html.contains("<tr><th>a</th><th>b</th></tr>\n<tr><td>1</td><td>2</td></tr>"));
        assert!(html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
    }

    #[test]
    fn the_page_holds_every_chart_inline() {
        let charts = vec![("rps.svg".to_string(), "<svg></svg>\n".to_string())];
        let page = page("t", "# t\n", &charts);
        assert!(page.contains("<figure id=\"rps.svg\">\n<svg></svg>"));
        assert!(!page.contains("<script") && !page.contains("src="));
    }
}
