//! The embedded templates: every folder under `templates/` with a `template.toml`.

use include_dir::{Dir, File, include_dir};

use crate::error::{Error, ManifestError};
use crate::manifest::Manifest;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Where a template keeps the tree it renders, beside its manifest.
const FILES_DIR: &str = "files";

/// One embedded template: its manifest and its file tree.
#[derive(Debug, Clone)]
pub struct Template {
    pub manifest: Manifest,
    dir: &'static Dir<'static>,
}

impl Template {
    /// Every file of the template tree, with its path relative to the tree.
    pub fn files(&self) -> Vec<(String, &'static File<'static>)> {
        let mut out = Vec::new();
        if let Some(root) = self.dir.get_dir(self.dir.path().join(FILES_DIR)) {
            collect(root, &root.path().to_string_lossy(), &mut out);
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

fn collect(
    dir: &'static Dir<'static>,
    root: &str,
    out: &mut Vec<(String, &'static File<'static>)>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy();
        let rel = path[root.len()..].trim_start_matches('/').to_string();
        out.push((rel, file));
    }
    for sub in dir.dirs() {
        collect(sub, root, out);
    }
}

/// All embedded templates, sorted by id.
#[derive(Debug)]
pub struct Catalog {
    pub templates: Vec<Template>,
}

impl Catalog {
    /// Reads every embedded manifest; an invalid one is an error naming the template.
    pub fn load() -> Result<Catalog, ManifestError> {
        let mut templates = Vec::new();
        for dir in TEMPLATES.dirs() {
            let id = dir.path().to_string_lossy().to_string();
            let Some(file) = dir.get_file(dir.path().join("template.toml")) else {
                continue;
            };
            let text = file.contents_utf8().ok_or_else(|| ManifestError {
                template: id.clone(),
                problems: vec!["template.toml is not UTF-8".into()],
            })?;
            templates.push(Template {
                manifest: Manifest::parse(text, &id)?,
                dir,
            });
        }
        templates.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        Ok(Catalog { templates })
    }

    /// The template answering to an id or alias (case-insensitive).
    pub fn find(&self, name: &str) -> Result<&Template, Error> {
        let wanted = name.trim().to_ascii_lowercase();
        self.templates
            .iter()
            .find(|t| t.manifest.answers_to(&wanted))
            .ok_or_else(|| Error::UnknownFramework {
                given: name.to_string(),
                known: self.ids(),
            })
    }

    pub fn ids(&self) -> Vec<String> {
        self.templates
            .iter()
            .map(|t| t.manifest.id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_manifest_is_valid_and_ids_are_unique() {
        let catalog = Catalog::load().expect("all manifests valid");
        assert!(!catalog.templates.is_empty());
        let mut names: Vec<&str> = Vec::new();
        for t in &catalog.templates {
            assert!(!t.files().is_empty(), "{} has no files", t.manifest.id);
            for n in std::iter::once(&t.manifest.id).chain(&t.manifest.aliases) {
                assert!(!names.contains(&n.as_str()), "`{n}` names two templates");
                names.push(n);
            }
        }
    }

    #[test]
    fn unknown_framework_lists_the_known_ones() {
        let catalog = Catalog::load().expect("valid");
        let err = catalog.find("cobol-on-cogs").expect_err("unknown");
        assert!(err.to_string().contains(&catalog.ids().join(", ")), "{err}");
    }
}
