//! The contract checker: drives a running starter through the contract (`docs/CONTRACT.md`)
//! and reports every difference, each failure named by the clause it breaks ([`clause`]).
//!
//! Everything is derived from the spec: for each resource (route `/{plural kebab}`) it builds
//! valid and invalid bodies per field type and checks, in order:
//!
//! - `crud`: health; create, fetch, list (ordered by id), full replacement (omitted optional
//!   fields become null), delete then 404; ids that name no record (unknown, deleted, 0, -1,
//!   `abc`, `1.5`, beyond 64-bit) are 404 on GET, PUT (before the body is read) and DELETE.
//! - `errors`: unknown paths and trailing slashes 404, wrong methods 405, malformed and
//!   non-object bodies 400, all with the JSON error body and its fixed text (`replies`).
//! - `limits`: non-JSON `Content-Type` 415, bodies over 1 MiB 413 (sent by `raw`, which reads
//!   an early answer), nothing stored by either; a body of exactly 1 MiB is accepted.
//! - `validation` and `inputs`: 422 naming the field for missing, null, wrongly typed values,
//!   U+0000 and datetimes that are not strict RFC 3339; edge values, explicit nulls, unknown
//!   keys and a client-sent `id` are accepted or ignored; datetimes come back in UTC with
//!   milliseconds.
//! - `load`: 20 parallel creates with distinct ids.
//!
//! Every response but 204 must be `application/json`; a 204 must be empty; every record has
//! its keys in contract order (`keys`), no key but `id` and the spec's fields, and datetimes
//! in the output form. The responses seen
//! are kept ([`Observed`]) for [`check_openapi`], which validates them against the schemas
//! `GET /openapi.json` declares (`openapi`, `schema`).
//!
//! The checker never panics on a misbehaving server: a transport problem is a failure like any
//! other, and a server that stops answering ends the run with one failure. [`check`] leaves a
//! few records behind ([`Persisted`]) that [`check_persisted`] looks for after a restart.

mod clause;
mod compare;
mod crud;
mod errors;
mod http;
mod inputs;
mod keys;
mod limits;
mod load;
mod observed;
mod openapi;
mod raw;
#[cfg(test)]
mod reference;
mod replies;
mod reply;
mod rfc3339;
mod run;
mod schema;
mod validation;
mod values;

use std::fmt;

use serde_json::Value;

use crate::generate::names::{Forms, inflect};
use crate::generate::spec::{Resource, Spec};
pub use observed::Observed;
pub use openapi::check_openapi;
use run::Session;

/// One difference between the contract and what the server did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The contract clause broken, e.g. `content-type` (see `docs/CONTRACT.md`).
    pub clause: &'static str,
    /// Method and path, e.g. `POST /books`.
    pub route: String,
    /// What was sent, shortened: a body, `(no body)` or a description.
    pub sent: String,
    /// What the contract asks for.
    pub expected: String,
    /// What came back: status and shortened body, or the transport error.
    pub got: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "[{}] {}", self.clause, self.route)?;
        writeln!(f, "    sent:     {}", self.sent)?;
        writeln!(f, "    expected: {}", self.expected)?;
        write!(f, "    got:      {}", self.got)
    }
}

/// The outcome of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Number of assertions made.
    pub checks: usize,
    pub failures: Vec<Failure>,
    /// Responses seen on contract routes, for [`check_openapi`]; empty after
    /// [`check_persisted`].
    pub observed: Observed,
}

impl Report {
    /// True when every check passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for failure in &self.failures {
            writeln!(f, "{failure}")?;
        }
        write!(f, "{} checks, {} failed", self.checks, self.failures.len())
    }
}

/// Records created by [`check`] and left in place, to be found again after a restart (and,
/// kept by `verify`, after an update).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Persisted {
    /// `(resource name, record as the server returned it)`.
    records: Vec<(String, Value)>,
}

impl Persisted {
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records as a newer spec serves them: fields added since are `null` (an update
    /// only adds optional fields), keys in the spec's order.
    pub fn upgraded(&self, spec: &Spec) -> Persisted {
        let records = self
            .records
            .iter()
            .map(|(name, record)| {
                let Some(r) = spec.resources.iter().find(|r| &r.name == name) else {
                    return (name.clone(), record.clone());
                };
                let mut out = serde_json::Map::new();
                if let Some(id) = record.get("id") {
                    out.insert("id".into(), id.clone());
                }
                for f in &r.fields {
                    let v = record.get(&f.name).cloned().unwrap_or(Value::Null);
                    out.insert(f.name.clone(), v);
                }
                if let Value::Object(old) = record {
                    for (k, v) in old {
                        out.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                (name.clone(), Value::Object(out))
            })
            .collect();
        Persisted { records }
    }

    fn of<'a>(&'a self, resource: &'a Resource) -> impl Iterator<Item = &'a Value> + 'a {
        self.records
            .iter()
            .filter(move |(name, _)| *name == resource.name)
            .map(|(_, record)| record)
    }
}

/// `/books`, `/blog-posts`: the collection path of a resource.
fn collection(resource: &Resource) -> String {
    format!("/{}", Forms::of(&inflect::pluralize(&resource.name)).kebab)
}

/// Runs every check against a server at `base_url` (e.g. `http://127.0.0.1:38211`) for every
/// resource of `spec`. The report's [`Report::observed`] feeds [`check_openapi`].
pub fn check(base_url: &str, spec: &Spec) -> (Report, Persisted) {
    let mut s = Session::new(base_url);
    s.observed = Observed::for_spec(spec);
    let mut persisted = Persisted::default();
    if crud::health(&mut s) {
        s.clause = clause::OPENAPI;
        openapi::served(&mut s);
        s.clause = clause::ROUTING;
        errors::global(&mut s);
        for resource in &spec.resources {
            let path = collection(resource);
            s.clause = clause::CRUD;
            let kept = crud::lifecycle(&mut s, resource, &path);
            s.clause = clause::UNKNOWN_ID;
            crud::unknown_ids(&mut s, resource, &path);
            errors::per_resource(&mut s, resource, &path, kept.first());
            s.clause = clause::TRAILING_SLASH;
            errors::trailing_slash(&mut s, resource, &path, kept.first());
            s.clause = clause::CONTENT_TYPE;
            limits::content_type(&mut s, resource, &path, kept.first());
            s.clause = clause::BODY_LIMIT;
            limits::body_limit(&mut s, resource, &path, kept.first());
            s.clause = clause::VALIDATION;
            validation::rejects(&mut s, resource, &path, kept.first());
            inputs::rejects(&mut s, resource, &path);
            s.clause = clause::ACCEPTED_VALUES;
            validation::accepts(&mut s, resource, &path);
            inputs::accepts(&mut s, resource, &path);
            s.clause = clause::CONCURRENCY;
            load::concurrent_creates(&mut s, resource, &path);
            persisted
                .records
                .extend(kept.into_iter().map(|r| (resource.name.clone(), r)));
        }
    }
    (s.finish(), persisted)
}

/// After the server was restarted on the same database: the persisted records are still
/// there, unchanged, and a new record gets a fresh id.
pub fn check_persisted(base_url: &str, spec: &Spec, persisted: &Persisted) -> Report {
    let mut s = Session::new(base_url);
    s.forms = false;
    if crud::health(&mut s) {
        s.clause = clause::PERSISTENCE;
        for resource in &spec.resources {
            let kept: Vec<&Value> = persisted.of(resource).collect();
            crud::still_there(&mut s, resource, &collection(resource), &kept);
        }
    }
    s.finish()
}

/// A route with numeric path segments replaced by `{id}`: `PUT /books/3` -> `PUT /books/{id}`.
pub(crate) fn route_pattern(route: &str) -> String {
    route
        .split('/')
        .map(|seg| {
            let (head, tail) = seg.split_once(' ').unwrap_or((seg, ""));
            if !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()) {
                if tail.is_empty() {
                    "{id}".to_string()
                } else {
                    format!("{{id}} {tail}")
                }
            } else {
                seg.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_paths_are_plural_kebab() {
        for (name, path) in [
            ("user", "/users"),
            ("blog_post", "/blog-posts"),
            ("category", "/categories"),
        ] {
            let r = Resource {
                name: name.into(),
                fields: vec![],
            };
            assert_eq!(collection(&r), path);
        }
    }

    #[test]
    fn failures_display_as_a_block() {
        let f = Failure {
            clause: clause::CRUD,
            route: "DELETE /books/1".into(),
            sent: "(no body)".into(),
            expected: "204 with an empty body".into(),
            got: "200 {}".into(),
        };
        assert_eq!(
            f.to_string(),
            "[crud] DELETE /books/1\n    sent:     (no body)\n    expected: 204 with an empty body\n    got:      200 {}"
        );
    }

    #[test]
    fn a_server_that_is_not_there_fails_once_without_panicking() {
        let spec = Spec {
            history: Vec::new(),
            name: "x".into(),
            description: String::new(),
            author: String::new(),
            port: 9,
            resources: vec!["user=name:string".parse().expect("valid")],
        };
        let (report, persisted) = check("http://127.0.0.1:9", &spec);
        assert!(!report.passed());
        assert!(report.failures.len() <= 2, "{report}");
        assert!(persisted.is_empty());
    }

    #[test]
    fn patterns_hide_ids() {
        assert_eq!(route_pattern("PUT /books/3 price"), "PUT /books/{id} price");
        assert_eq!(
            route_pattern("POST /books price title"),
            "POST /books price title"
        );
        assert_eq!(route_pattern("GET /books/abc"), "GET /books/abc");
    }
}
