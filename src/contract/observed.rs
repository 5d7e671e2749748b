//! What the server answered during a contract run, kept per route template and status so the
//! `openapi` check can validate real responses against the schemas the server declares.

use serde_json::Value;

use crate::generate::spec::Spec;

/// Samples kept per route template, method and status: enough to see each shape a response
/// takes (a record with and without optional values, an error) without keeping every list.
const PER_KEY: usize = 6;

/// One response, filed under the route template its path matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// `get`, `post`, ... (lowercase, as OpenAPI spells operations).
    pub method: String,
    /// `/health`, `/books` or `/books/{id}`.
    pub template: String,
    /// The path actually requested, e.g. `/books/abc`.
    pub path: String,
    pub status: u16,
    /// The body as JSON; `None` when it was empty or did not parse.
    pub body: Option<Value>,
}

/// The responses of a contract run that the OpenAPI document must describe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// Collection paths of the spec's resources (`/books`); empty records nothing.
    pub(crate) collections: Vec<String>,
    pub samples: Vec<Sample>,
}

impl Observed {
    /// Records responses on the routes of `spec`.
    pub(crate) fn for_spec(spec: &Spec) -> Observed {
        Observed {
            collections: spec.resources.iter().map(super::collection).collect(),
            samples: Vec::new(),
        }
    }

    /// Files a response when its path is a contract route (with an `{id}` segment of any
    /// spelling) and its key has room. Paths that are no route are not described by any
    /// document, so they are left out.
    pub(crate) fn note(&mut self, method: &str, path: &str, status: u16, body: Option<&Value>) {
        if status == 0 {
            return;
        }
        let Some(template) = self.template_of(path) else {
            return;
        };
        let method = method.to_ascii_lowercase();
        let kept = self
            .samples
            .iter()
            .filter(|s| s.method == method && s.template == template && s.status == status)
            .count();
        if kept < PER_KEY {
            self.samples.push(Sample {
                method,
                template,
                path: path.to_string(),
                status,
                body: body.cloned(),
            });
        }
    }

    /// The route template `path` matches: `/books/7` -> `/books/{id}`.
    pub(crate) fn template_of(&self, path: &str) -> Option<String> {
        if path == "/health" {
            return Some(path.to_string());
        }
        self.collections.iter().find_map(|c| {
            let rest = path.strip_prefix(c.as_str())?;
            if rest.is_empty() {
                return Some(c.clone());
            }
            let id = rest.strip_prefix('/')?;
            (!id.is_empty() && !id.contains('/')).then(|| format!("{c}/{{id}}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn observed() -> Observed {
        Observed {
            collections: vec!["/books".into(), "/blog-posts".into()],
            samples: Vec::new(),
        }
    }

    #[test]
    fn files_paths_under_their_route_template() {
        let o = observed();
        for (path, template) in [
            ("/health", Some("/health")),
            ("/books", Some("/books")),
            ("/books/7", Some("/books/{id}")),
            ("/books/abc", Some("/books/{id}")),
            ("/blog-posts/1", Some("/blog-posts/{id}")),
            ("/books/", None),
            ("/books/7/", None),
            ("/books/7/x", None),
            ("/BOOKS", None),
            ("/booksx", None),
            ("/openapi.json", None),
        ] {
            assert_eq!(o.template_of(path).as_deref(), template, "{path}");
        }
    }

    #[test]
    fn keeps_a_few_samples_per_route_and_status() {
        let mut o = observed();
        for id in 0..20 {
            o.note(
                "GET",
                &format!("/books/{id}"),
                200,
                Some(&json!({"id": id})),
            );
        }
        o.note("GET", "/books/1", 404, None);
        o.note("GET", "/books/1", 0, None);
        o.note("GET", "/nowhere", 404, None);
        assert_eq!(o.samples.len(), PER_KEY + 1);
        assert_eq!(o.samples[0].method, "get");
        assert_eq!(o.samples[0].template, "/books/{id}");
    }
}
