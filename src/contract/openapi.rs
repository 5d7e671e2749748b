//! `GET /openapi.json`: served as an OpenAPI 3.x document that describes the contract's routes,
//! request bodies and responses, checked against what the server really answered.

use serde_json::{Map, Value};

use super::clause;
use super::observed::Observed;
use super::run::Session;
use super::schema::Validator;
use super::{Failure, Report, collection};
use crate::generate::spec::Spec;

mod bodies;

const DOC_PATH: &str = "/openapi.json";

/// One operation of the contract, with the statuses its table row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    /// `/health`, `/books`, `/books/{id}`.
    pub template: String,
    /// `get`, `post`, `put`, `delete`.
    pub method: &'static str,
    pub statuses: &'static [u16],
}

/// Every operation the contract defines for `spec`, in the contract's table order.
pub(crate) fn routes(spec: &Spec) -> Vec<Route> {
    let route = |template: String, method, statuses| Route {
        template,
        method,
        statuses,
    };
    let mut out = vec![route("/health".into(), "get", &[200][..])];
    for r in &spec.resources {
        let c = collection(r);
        let item = format!("{c}/{{id}}");
        out.push(route(c.clone(), "get", &[200]));
        out.push(route(c, "post", &[201, 400, 422]));
        out.push(route(item.clone(), "get", &[200, 404]));
        out.push(route(item.clone(), "put", &[200, 400, 404, 422]));
        out.push(route(item, "delete", &[204, 404]));
    }
    out
}

/// During the contract run: `GET /openapi.json` is 200 with a JSON object naming OpenAPI 3.x.
pub(crate) fn served(s: &mut Session) -> Option<Value> {
    let ex = s.get(DOC_PATH);
    if !s.status(&ex, 200, "with an OpenAPI 3.x document") {
        return None;
    }
    let doc = ex.json().filter(|d| d.is_object());
    let version = doc.and_then(|d| d.get("openapi")).and_then(Value::as_str);
    let ok = version.is_some_and(|v| v.starts_with("3."));
    let got = match (doc, version) {
        (None, _) => format!("not a JSON object: {}", ex.reply.summary()),
        (Some(_), v) => format!(
            "\"openapi\": {}",
            v.map_or("missing".into(), |v| format!("{v:?}"))
        ),
    };
    s.assert(&ex, ok, r#"a JSON object with "openapi": "3.x""#, || got);
    doc.filter(|_| ok).cloned()
}

/// The `openapi` step: fetches `/openapi.json` from the server at `base_url` and checks that
/// it lists every route of `spec` with an integer `id`, declares each status of the contract
/// with a JSON body schema, describes the request bodies, and that every response in
/// `observed` (from [`super::check`]'s report) validates against its declared schema.
pub fn check_openapi(base_url: &str, spec: &Spec, observed: &Observed) -> Report {
    let mut s = Session::new(base_url);
    s.clause = clause::OPENAPI;
    if let Some(doc) = served(&mut s) {
        check_document(&mut s, &doc, spec, observed);
    }
    let mut report = s.finish();
    report.observed = Observed::default();
    report
}

/// The checks on a served document: routes, request bodies, observed responses.
fn check_document(s: &mut Session, doc: &Value, spec: &Spec, observed: &Observed) {
    let doc = Doc::new(doc);
    let mut at = At { s };
    at.s.clause = clause::OPENAPI_ROUTES;
    for route in routes(spec) {
        doc.route(&mut at, &route);
    }
    at.s.clause = clause::OPENAPI_REQUEST;
    for r in &spec.resources {
        let c = collection(r);
        for (template, method) in [(c.clone(), "post"), (format!("{c}/{{id}}"), "put")] {
            bodies::request(&doc, &mut at, r, &template, method);
        }
    }
    at.s.clause = clause::OPENAPI_RESPONSES;
    bodies::responses(&doc, &mut at, observed);
}

/// Records checks on the document, each failure naming its place in it.
pub(crate) struct At<'a> {
    s: &'a mut Session,
}

impl At<'_> {
    /// One check; `place` is where in the document (`paths["/books"].post`).
    pub fn check(&mut self, ok: bool, place: &str, expected: &str, got: impl FnOnce() -> String) {
        self.s.report.checks += 1;
        if !ok {
            self.s.report.failures.push(Failure {
                clause: self.s.clause,
                route: format!("GET {DOC_PATH} {place}"),
                sent: "(no body)".into(),
                expected: expected.into(),
                got: got(),
            });
        }
    }
}

/// The document, with its paths filed by contract template (`{book_id}` read as `{id}`).
pub(crate) struct Doc<'a> {
    pub validator: Validator<'a>,
    /// `(template, path key as written, path item)`.
    paths: Vec<(String, String, &'a Value)>,
}

impl<'a> Doc<'a> {
    fn new(doc: &'a Value) -> Doc<'a> {
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (template_of(k), k.clone(), v))
                    .collect()
            })
            .unwrap_or_default();
        Doc {
            validator: Validator::new(doc),
            paths,
        }
    }

    /// The path key and path item for a contract template.
    pub fn path(&self, template: &str) -> Option<(&str, &'a Value)> {
        self.paths
            .iter()
            .find(|(t, _, _)| t == template)
            .map(|(_, k, v)| (k.as_str(), self.validator.resolve(v).unwrap_or(v)))
    }

    /// The operation `method` of `template`, with its place for messages.
    pub fn operation(&self, template: &str, method: &str) -> Option<(String, &'a Value)> {
        let (key, item) = self.path(template)?;
        let op = item.get(method)?;
        Some((format!("paths[{key:?}].{method}"), op))
    }

    /// The schema of the JSON content of a response or request body.
    pub fn json_schema(&self, holder: &'a Value) -> Option<&'a Value> {
        let holder = self.validator.resolve(holder)?;
        let content = holder.get("content")?.as_object()?;
        content
            .iter()
            .find(|(media, _)| {
                let essence = media.split(';').next().unwrap_or("").trim();
                essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
            })
            .and_then(|(_, m)| m.get("schema"))
    }

    /// The declared response of `op` for `status`: exact, then `4XX`, then `default`.
    pub fn response(&self, op: &'a Value, status: u16) -> Option<&'a Value> {
        let responses = op.get("responses")?.as_object()?;
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        [exact.as_str(), &range, &range.to_lowercase(), "default"]
            .iter()
            .find_map(|k| responses.get(*k))
    }

    /// Checks one route: present with its method, an integer `id` path parameter on item
    /// routes, and each contract status declared (with a JSON schema, but for 204).
    fn route(&self, at: &mut At<'_>, route: &Route) {
        let place = format!("paths[{:?}].{}", route.template, route.method);
        let op = self.operation(&route.template, route.method);
        let expected = format!(
            "the operation {} {}",
            route.method.to_uppercase(),
            route.template
        );
        at.check(op.is_some(), &place, &expected, || {
            "not in the document".into()
        });
        let Some((place, op)) = op else { return };
        if route.template.ends_with("{id}") {
            let ok = self.integer_id(&route.template, op);
            at.check(ok, &place, "an integer path parameter for the id", || {
                "no path parameter of type integer".into()
            });
        }
        let responses = op.get("responses").and_then(Value::as_object);
        for &status in route.statuses {
            let declared = responses.and_then(|r| r.get(&status.to_string()));
            let ok = declared.is_some_and(|d| status == 204 || self.json_schema(d).is_some());
            let what = if status == 204 {
                ""
            } else {
                " with an application/json schema"
            };
            at.check(
                ok,
                &place,
                &format!("response {status}{what}"),
                || match declared {
                    None => format!("responses: {}", keys(responses)),
                    Some(_) => format!("response {status} has no application/json schema"),
                },
            );
        }
    }

    /// The item route declares its `{...}` segment as a path parameter of type integer.
    fn integer_id(&self, template: &str, op: &'a Value) -> bool {
        let Some((key, item)) = self.path(template) else {
            return false;
        };
        let name = key
            .rsplit('/')
            .next()
            .and_then(|seg| seg.strip_prefix('{')?.strip_suffix('}'));
        let params = [item.get("parameters"), op.get("parameters")];
        params
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|p| self.validator.resolve(p))
            .filter(|p| p.get("in") == Some(&Value::from("path")))
            .filter(|p| p.get("name").and_then(Value::as_str) == name)
            .filter_map(|p| p.get("schema").and_then(|s| self.validator.resolve(s)))
            .any(|s| {
                let v = &self.validator;
                v.is_valid(s, &Value::from(7)) && !v.is_valid(s, &Value::from("abc"))
            })
    }
}

/// `/books/{book_id}` -> `/books/{id}`: the contract template a path key stands for.
fn template_of(key: &str) -> String {
    key.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn keys(m: Option<&Map<String, Value>>) -> String {
    m.map_or("none".into(), |m| {
        m.keys().cloned().collect::<Vec<_>>().join(", ")
    })
}

#[cfg(test)]
mod tests;
