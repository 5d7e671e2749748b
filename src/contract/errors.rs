//! Routing and body-parsing errors: 404 for unknown paths and trailing slashes, 405 for known
//! paths with the wrong method, 400 for bodies that are not a JSON object. All with the JSON
//! error body and its fixed text.

use serde_json::Value;

use super::clause;
use super::compare::record_id;
use super::crud::{fetch, list_holds};
use super::limits::{ids, unchanged};
use super::replies::{MALFORMED_JSON, NOT_AN_OBJECT};
use super::run::Session;
use super::values::body;
use crate::generate::spec::Resource;

/// Bodies that are not JSON at all, with a label for the report: broken, and the extensions
/// of lenient parsers (JSON5, JavaScript literals, a first value with text after it).
const MALFORMED: [(&str, &str); 9] = [
    ("{\"title\": ", "truncated JSON `{\"title\": `"),
    ("not json", "`not json`"),
    ("{'a': 1}", "single-quoted `{'a': 1}`"),
    ("", "an empty body"),
    ("{\"x\": NaN}", "`{\"x\": NaN}`"),
    ("{\"x\": Infinity}", "`{\"x\": Infinity}`"),
    (
        "{\"a\":1} trailing",
        "text after the object `{\"a\":1} trailing`",
    ),
    ("{\"a\":1,}", "a trailing comma `{\"a\":1,}`"),
    ("{\"a\":1 /* c */}", "a comment `{\"a\":1 /* c */}`"),
];

/// Valid JSON that is not an object.
const NOT_OBJECTS: [&str; 4] = ["[]", "\"x\"", "3", "null"];

/// Bodies that are not JSON although they look close: bytes that are not UTF-8, and nesting
/// deep enough to exhaust a recursive parser (which must not become a 500).
fn not_json(s: &mut Session, path: &str) {
    let ex = s.send_bytes(
        "POST",
        path,
        b"{\"a\": \"\xff\"}",
        "`{\"a\": \"<byte 0xFF>\"}` (not UTF-8)",
    );
    s.error_is(&ex, 400, &[MALFORMED_JSON]);
    let depth = 100_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let ex = s.send_raw("POST", path, Some(&deep), Some("100000 nested arrays"));
    s.error(&ex, 400);
}

/// Spellings of an existing id that are not a plain ASCII decimal integer, so name no record:
/// `+7`, ` 7`, `7.0`, `7e0`, the id in Arabic-Indic digits, and `1_2` for 12.
fn id_aliases(id: i64) -> Vec<String> {
    let digits = id.to_string();
    let arabic: String = digits
        .chars()
        .map(|d| {
            let c = char::from_u32(0x0660 + d.to_digit(10).unwrap_or(0)).unwrap_or('?');
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf)
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect::<String>()
        })
        .collect();
    let mut out = vec![
        format!("+{digits}"),
        format!("%20{digits}"),
        format!("{digits}.0"),
        format!("{digits}e0"),
        arabic,
    ];
    if digits.len() > 1 {
        out.push(format!("{}_{}", &digits[..1], &digits[1..]));
    }
    out
}

/// Checks that need no resource: an unknown path and a method `/health` does not serve.
pub(crate) fn global(s: &mut Session) {
    let ex = s.get("/scaffold-no-such-route");
    s.error(&ex, 404);
    let ex = s.send_raw("POST", "/health", Some("{}"), None);
    s.error(&ex, 405);
}

/// 405s (OPTIONS included), 404 below an item, for the path in capitals and for other spellings
/// of an existing id, and 400s for bodies that are not JSON objects, on POST and PUT.
/// `existing` is a stored record to aim PUT and PATCH at (id 1 when there is none).
pub(crate) fn per_resource(s: &mut Session, r: &Resource, path: &str, existing: Option<&Value>) {
    let id = existing.and_then(record_id).unwrap_or(1);
    let item = format!("{path}/{id}");
    let valid = Value::Object(body(r, 0, true));

    s.clause = clause::ROUTING;
    let ex = s.send_json("PATCH", &item, &valid);
    s.error(&ex, 405);
    let ex = s.delete(path);
    s.error(&ex, 405);
    let ex = s.send_json("PUT", path, &valid);
    s.error(&ex, 405);
    let ex = s.get(&format!("{item}/no-such-route"));
    s.error(&ex, 404);

    s.clause = clause::MALFORMED_BODY;
    let before = ids(s, path);
    let mut last = None;
    for (text, label) in MALFORMED {
        let ex = s.send_raw("POST", path, Some(text), Some(label));
        s.error_is(&ex, 400, &[MALFORMED_JSON]);
        last = Some(ex);
    }
    if let Some(ex) = last {
        unchanged(s, &ex, path, before);
    }
    for text in NOT_OBJECTS {
        let ex = s.send_raw("POST", path, Some(text), None);
        s.error_is(&ex, 400, &[NOT_AN_OBJECT]);
    }
    not_json(s, path);
    s.clause = clause::ROUTING;
    let ex = s.send_raw("OPTIONS", path, None, None);
    s.error(&ex, 405);
    let ex = s.send_raw("OPTIONS", &item, None, None);
    s.error(&ex, 405);
    let ex = s.get(&path.to_uppercase());
    s.error(&ex, 404);
    if existing.is_some() {
        s.clause = clause::UNKNOWN_ID;
        for alias in id_aliases(id) {
            let ex = s.get(&format!("{path}/{alias}"));
            s.error(&ex, 404);
        }
        s.clause = clause::MALFORMED_BODY;
        let (text, label) = MALFORMED[0];
        let ex = s.send_raw("PUT", &item, Some(text), Some(label));
        s.error_is(&ex, 400, &[MALFORMED_JSON]);
        let ex = s.send_raw("PUT", &item, Some("[]"), None);
        s.error_is(&ex, 400, &[NOT_AN_OBJECT]);
    }
}

/// A trailing slash is no route: 404 with the JSON error body (never a redirect) for every
/// method on the collection and on an item, and nothing created, changed or deleted.
pub(crate) fn trailing_slash(s: &mut Session, r: &Resource, path: &str, existing: Option<&Value>) {
    let valid = Value::Object(body(r, 1, true));
    let ex = s.get("/health/");
    s.error(&ex, 404);
    let collection = format!("{path}/");
    let ex = s.get(&collection);
    s.error(&ex, 404);
    let ex = s.send_json("POST", &collection, &valid);
    s.error(&ex, 404);
    let Some(record) = existing else {
        return;
    };
    let item = format!("{path}/{}/", record_id(record).unwrap_or(1));
    let ex = s.get(&item);
    s.error(&ex, 404);
    let ex = s.send_json("PUT", &item, &valid);
    s.error(&ex, 404);
    let ex = s.delete(&item);
    s.error(&ex, 404);
    fetch(s, r, path, record);
    list_holds(s, r, path, &[record]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_aliases_are_not_plain_decimals() {
        assert_eq!(
            id_aliases(12),
            ["+12", "%2012", "12.0", "12e0", "%D9%A1%D9%A2", "1_2"]
        );
        assert_eq!(id_aliases(7).len(), 5);
    }
}
