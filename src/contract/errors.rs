//! Routing and body-parsing errors: 404 for unknown paths, 405 for known paths with the
//! wrong method, 400 for bodies that are not a JSON object. All with the JSON error body.

use serde_json::Value;

use super::compare::record_id;
use super::run::Session;
use super::values::body;
use crate::spec::Resource;

/// Bodies that are not JSON at all, with a label for the report.
const MALFORMED: [(&str, &str); 4] = [
    ("{\"title\": ", "truncated JSON `{\"title\": `"),
    ("not json", "`not json`"),
    ("{'a': 1}", "single-quoted `{'a': 1}`"),
    ("", "an empty body"),
];

/// Valid JSON that is not an object.
const NOT_OBJECTS: [&str; 4] = ["[]", "\"x\"", "3", "null"];

/// Checks that need no resource: an unknown path and a method `/health` does not serve.
pub(crate) fn global(s: &mut Session) {
    let ex = s.get("/scaffold-no-such-route");
    s.error(&ex, 404);
    let ex = s.send_raw("POST", "/health", Some("{}"), None);
    s.error(&ex, 405);
}

/// 405s, 404 below an item, and 400s for bodies that are not JSON objects, on POST and PUT.
/// `existing` is a stored record to aim PUT and PATCH at (id 1 when there is none).
pub(crate) fn per_resource(s: &mut Session, r: &Resource, path: &str, existing: Option<&Value>) {
    let id = existing.and_then(record_id).unwrap_or(1);
    let item = format!("{path}/{id}");
    let valid = Value::Object(body(r, 0, true));

    let ex = s.send_json("PATCH", &item, &valid);
    s.error(&ex, 405);
    let ex = s.delete(path);
    s.error(&ex, 405);
    let ex = s.send_json("PUT", path, &valid);
    s.error(&ex, 405);
    let ex = s.get(&format!("{item}/no-such-route"));
    s.error(&ex, 404);

    for (text, label) in MALFORMED {
        let ex = s.send_raw("POST", path, Some(text), Some(label));
        s.error(&ex, 400);
    }
    for text in NOT_OBJECTS {
        let ex = s.send_raw("POST", path, Some(text), None);
        s.error(&ex, 400);
    }
    if existing.is_some() {
        let (text, label) = MALFORMED[0];
        let ex = s.send_raw("PUT", &item, Some(text), Some(label));
        s.error(&ex, 400);
        let ex = s.send_raw("PUT", &item, Some("[]"), None);
        s.error(&ex, 400);
    }
}
