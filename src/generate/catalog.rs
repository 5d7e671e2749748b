//! The templates: those embedded under `templates/`, and one a user brings with `--template DIR`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::{Error, ManifestError, TemplateDirError};
use crate::generate::manifest::Manifest;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Where a template keeps the tree it renders, beside its manifest.
const FILES_DIR: &str = "files";
/// The manifest's file name.
const MANIFEST: &str = "template.toml";
/// Beside the templates: file trees several templates share (`shared = [...]`).
const SHARED_DIR: &str = "_shared";

/// One file of a template tree: its path relative to `files/` (with `/` separators) and bytes.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub path: String,
    contents: Cow<'static, [u8]>,
}

impl TemplateFile {
    pub fn contents(&self) -> &[u8] {
        &self.contents
    }

    pub fn contents_utf8(&self) -> Option<&str> {
        std::str::from_utf8(&self.contents).ok()
    }
}

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into this scaffold binary.
    Embedded,
    /// Read from a directory at run time (`--template DIR`).
    Dir(PathBuf),
}

/// One template: its manifest and its file tree, sorted by path.
#[derive(Debug, Clone)]
pub struct Template {
    pub manifest: Manifest,
    pub origin: Origin,
    files: Vec<TemplateFile>,
}

impl Template {
    /// Every file of the template tree, sorted by path.
    pub fn files(&self) -> &[TemplateFile] {
        &self.files
    }

    fn embedded(dir: &'static Dir<'static>) -> Result<Option<Template>, ManifestError> {
        let id = dir.path().to_string_lossy().to_string();
        let Some(file) = dir.get_file(dir.path().join(MANIFEST)) else {
            return Ok(None);
        };
        let text = file.contents_utf8().ok_or_else(|| ManifestError {
            template: id.clone(),
            problems: vec![format!("{MANIFEST} is not UTF-8")],
        })?;
        let manifest = Manifest::parse(text, &id)?;
        let mut files = Vec::new();
        if let Some(root) = dir.get_dir(dir.path().join(FILES_DIR)) {
            collect_embedded(root, &root.path().to_string_lossy(), &mut files);
        }
        for name in &manifest.shared {
            let path = format!("{SHARED_DIR}/{name}/{FILES_DIR}");
            let root = TEMPLATES.get_dir(&path).ok_or_else(|| ManifestError {
                template: id.clone(),
                problems: vec![format!(
                    "shared tree `{name}` does not exist (no templates/{path})"
                )],
            })?;
            let mut shared = Vec::new();
            collect_embedded(root, &root.path().to_string_lossy(), &mut shared);
            add_shared(&mut files, shared);
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Some(Template {
            manifest,
            origin: Origin::Embedded,
            files,
        }))
    }

    /// Reads a template directory laid out like `templates/<id>/`: `template.toml` and `files/`.
    /// The manifest's `id` must equal the directory's name, as for embedded templates.
    pub fn from_dir(path: &Path) -> Result<Template, Error> {
        let (template, problems) = Template::from_dir_unchecked(path)?;
        if problems.is_empty() {
            Ok(template)
        } else {
            Err(ManifestError {
                template: template.manifest.id,
                problems,
            }
            .into())
        }
    }

    /// Reads a template directory whose manifest parses; its validation problems are returned
    /// beside it, for `template check` to report with everything else.
    pub fn from_dir_unchecked(path: &Path) -> Result<(Template, Vec<String>), Error> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|source| TemplateDirError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(TemplateDirError::NotADir {
                path: path.to_path_buf(),
            }
            .into());
        }
        let manifest_path = path.join(MANIFEST);
        let text =
            std::fs::read_to_string(&manifest_path).map_err(|source| TemplateDirError::Read {
                path: manifest_path.clone(),
                source,
            })?;
        let dir_name = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| shown.clone());
        let manifest = Manifest::parse_unchecked(&text, &dir_name)?;
        let problems = manifest
            .validate(&dir_name)
            .err()
            .map(|e| e.problems)
            .unwrap_or_default();
        let root = path.join(FILES_DIR);
        if !root.is_dir() {
            return Err(TemplateDirError::NoFiles { path: root }.into());
        }
        let mut files = Vec::new();
        collect_disk(&root, &root, &mut files)?;
        // A template folder finds its shared trees beside it, as the built-in ones do.
        let parent = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| path.join(".."));
        let mut problems = problems;
        for name in &manifest.shared {
            let shared_root = parent.join(SHARED_DIR).join(name).join(FILES_DIR);
            if !shared_root.is_dir() {
                problems.push(format!(
                    "shared tree `{name}` does not exist (no {})",
                    shared_root.display()
                ));
                continue;
            }
            let mut shared = Vec::new();
            collect_disk(&shared_root, &shared_root, &mut shared)?;
            add_shared(&mut files, shared);
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((
            Template {
                manifest,
                origin: Origin::Dir(path.to_path_buf()),
                files,
            },
            problems,
        ))
    }
}

/// Adds a shared tree's files, except where the template has its own file at that path.
fn add_shared(files: &mut Vec<TemplateFile>, shared: Vec<TemplateFile>) {
    for file in shared {
        if !files.iter().any(|f| f.path == file.path) {
            files.push(file);
        }
    }
}

fn collect_embedded(dir: &'static Dir<'static>, root: &str, out: &mut Vec<TemplateFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy();
        out.push(TemplateFile {
            path: path[root.len()..].trim_start_matches('/').to_string(),
            contents: Cow::Borrowed(file.contents()),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, root, out);
    }
}

fn collect_disk(
    dir: &Path,
    root: &Path,
    out: &mut Vec<TemplateFile>,
) -> Result<(), TemplateDirError> {
    let read = |path: &Path, source| TemplateDirError::Read {
        path: path.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(|e| read(dir, e))? {
        let entry = entry.map_err(|e| read(dir, e))?;
        let path = entry.path();
        // symlink_metadata: a template's links are not followed out of its tree.
        let kind = entry.file_type().map_err(|e| read(&path, e))?;
        if kind.is_dir() {
            collect_disk(&path, root, out)?;
        } else if kind.is_file() {
            let rel = path
                .strip_prefix(root)
                .map_err(|_| TemplateDirError::NotUtf8 { path: path.clone() })?;
            let rel = rel
                .to_str()
                .ok_or_else(|| TemplateDirError::NotUtf8 { path: path.clone() })?
                .replace(std::path::MAIN_SEPARATOR, "/");
            let contents = std::fs::read(&path).map_err(|e| read(&path, e))?;
            out.push(TemplateFile {
                path: rel,
                contents: Cow::Owned(contents),
            });
        } else {
            return Err(TemplateDirError::NotAFile { path });
        }
    }
    Ok(())
}

/// All templates, sorted by id.
#[derive(Debug)]
pub struct Catalog {
    pub templates: Vec<Template>,
}

impl Catalog {
    /// Reads every embedded manifest; an invalid one is an error naming the template.
    pub fn load() -> Result<Catalog, ManifestError> {
        let mut templates = Vec::new();
        for dir in TEMPLATES.dirs() {
            if let Some(t) = Template::embedded(dir)? {
                templates.push(t);
            }
        }
        templates.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        Ok(Catalog { templates })
    }

    /// Only the template named `name` when a folder has that id (parsing one manifest instead
    /// of every one keeps `new` fast); every template otherwise, for aliases and suggestions.
    pub fn load_for(name: &str) -> Result<Catalog, ManifestError> {
        let wanted = name.trim().to_ascii_lowercase();
        if let Some(dir) = TEMPLATES
            .dirs()
            .find(|d| d.path().to_str() == Some(wanted.as_str()))
            && let Some(t) = Template::embedded(dir)?
        {
            return Ok(Catalog { templates: vec![t] });
        }
        Catalog::load()
    }

    /// Adds a template brought by the user; it replaces an embedded one with the same id.
    pub fn with(mut self, template: Template) -> Catalog {
        self.templates
            .retain(|t| !template.manifest.answers_to(&t.manifest.id));
        self.templates.push(template);
        self.templates
            .sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        self
    }

    /// The template answering to an id or alias (case-insensitive).
    pub fn find(&self, name: &str) -> Result<&Template, Error> {
        let wanted = name.trim().to_ascii_lowercase();
        self.templates
            .iter()
            .find(|t| t.manifest.answers_to(&wanted))
            .ok_or_else(|| Error::UnknownFramework {
                given: name.to_string(),
                closest: self.closest(&wanted),
                known: self.ids(),
            })
    }

    /// The id or alias nearest to a mistyped name, when it is near enough to be a typo.
    fn closest(&self, name: &str) -> Option<String> {
        self.templates
            .iter()
            .flat_map(|t| std::iter::once(&t.manifest.id).chain(&t.manifest.aliases))
            .map(|candidate| (edit_distance(name, candidate), candidate))
            .filter(|(d, c)| *d <= (c.len() / 3).max(1))
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c.clone())
    }

    pub fn ids(&self) -> Vec<String> {
        self.templates
            .iter()
            .map(|t| t.manifest.id.clone())
            .collect()
    }
}

/// Levenshtein distance, with a swap of two neighbours counting once (`fastpai`).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
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
    fn a_typo_gets_a_suggestion_and_nonsense_does_not() {
        let catalog = Catalog::load().expect("valid");
        let err = catalog.find("fastpai").expect_err("typo").to_string();
        assert!(err.contains("did you mean `fastapi`?"), "{err}");
        let err = catalog.find("djnago").expect_err("typo").to_string();
        assert!(err.contains("did you mean `django`?"), "{err}");
        let err = catalog.find("cobol").expect_err("unknown").to_string();
        assert!(!err.contains("did you mean"), "{err}");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn unknown_framework_lists_the_known_ones() {
        let catalog = Catalog::load().expect("valid");
        let err = catalog.find("cobol-on-cogs").expect_err("unknown");
        assert!(err.to_string().contains(&catalog.ids().join(", ")), "{err}");
    }

    #[test]
    fn shared_trees_are_part_of_the_templates_that_name_them() {
        let catalog = Catalog::load().expect("valid");
        for t in &catalog.templates {
            for name in &t.manifest.shared {
                let shared = TEMPLATES
                    .get_dir(format!("{SHARED_DIR}/{name}/{FILES_DIR}"))
                    .expect("shared tree exists");
                let mut files = Vec::new();
                collect_embedded(shared, &shared.path().to_string_lossy(), &mut files);
                assert!(!files.is_empty(), "shared tree `{name}` is empty");
                for f in files {
                    assert!(
                        t.files().iter().any(|own| own.path == f.path),
                        "{} lacks shared file {}",
                        t.manifest.id,
                        f.path
                    );
                }
            }
        }
    }

    #[test]
    fn a_template_dir_reads_like_the_embedded_one() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/fastapi");
        let from_disk = Template::from_dir(&dir).expect("reads");
        let catalog = Catalog::load().expect("valid");
        let embedded = catalog.find("fastapi").expect("embedded");
        let paths = |t: &Template| t.files().iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&from_disk), paths(embedded));
        assert_eq!(from_disk.origin, Origin::Dir(dir));
    }
}
