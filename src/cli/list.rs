//! `scaffold list`: the catalog as a table or as JSON.

use serde::Serialize;

use crate::generate::catalog::Catalog;
use crate::generate::manifest::{Commands, Verification};

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    language: &'a str,
    version: &'a str,
    verification: Verification,
    aliases: &'a [String],
    summary: &'a str,
    commands: &'a Commands,
}

fn entries(catalog: &Catalog) -> Vec<Entry<'_>> {
    catalog
        .templates
        .iter()
        .map(|t| {
            let m = &t.manifest;
            Entry {
                id: &m.id,
                name: &m.name,
                language: &m.language,
                version: &m.framework_version,
                verification: m.verification,
                aliases: &m.aliases,
                summary: &m.summary,
                commands: &m.commands,
            }
        })
        .collect()
}

/// Every framework as a JSON array.
pub fn json(catalog: &Catalog) -> String {
    serde_json::to_string_pretty(&entries(catalog)).unwrap_or_default()
}

/// Every framework as an aligned table.
pub fn table(catalog: &Catalog) -> String {
    let rows: Vec<[String; 5]> = entries(catalog)
        .iter()
        .map(|e| {
            [
                e.id.to_string(),
                e.name.to_string(),
                e.language.to_string(),
                e.version.to_string(),
                format!("{:?}", e.verification).to_lowercase(),
            ]
        })
        .collect();
    let header = ["ID", "FRAMEWORK", "LANGUAGE", "VERSION", "VERIFIED"].map(String::from);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
