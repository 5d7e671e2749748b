//! What a body must be before it is read: JSON by its `Content-Type` (else 415) and at most
//! 1 MiB (else 413). Refused bodies store nothing; bodies at the limit are accepted.

use serde_json::{Map, Value, json};

use super::compare::record_id;
use super::crud::{fetch, item_path};
use super::run::{Exchange, Session};
use super::values::{body, describe};
use crate::generate::spec::{FieldType, Resource};

/// The largest body the contract accepts: 1 MiB.
pub(crate) const LIMIT: usize = 1024 * 1024;

/// `Content-Type` values that are not JSON, each refused with 415: the media type must be
/// `application/json` exactly, so neither a longer name nor a `+json` type passes.
const NOT_JSON_TYPES: [Option<&str>; 5] = [
    Some("text/plain"),
    None,
    Some("application/x-www-form-urlencoded"),
    Some("application/jsonx"),
    Some("application/json-patch+json"),
];

/// 415 for each non-JSON `Content-Type` on POST and PUT (before a malformed body is looked
/// at), nothing stored; `application/json; charset=utf-8` accepted.
pub(crate) fn content_type(s: &mut Session, r: &Resource, path: &str, existing: Option<&Value>) {
    let sent = body(r, 0, true);
    let text = Value::Object(sent.clone()).to_string();
    let before = ids(s, path);
    let mut last = None;
    for ct in NOT_JSON_TYPES {
        let ex = send_typed(s, "POST", path, &text, ct);
        s.error(&ex, 415);
        last = Some(ex);
    }
    let ex = send_typed(s, "POST", path, "{\"broken", Some("text/plain"));
    s.error(&ex, 415);
    if let Some(ex) = last {
        unchanged(s, &ex, path, before);
    }
    if let Some(record) = existing {
        // The record's own values: a server that wrongly accepts changes nothing.
        let own = Value::Object(fields_of(record)).to_string();
        let item = item_path(path, record);
        for ct in [NOT_JSON_TYPES[0], NOT_JSON_TYPES[1]] {
            let ex = send_typed(s, "PUT", &item, &own, ct);
            s.error(&ex, 415);
        }
    }
    let ex = send_typed(
        s,
        "POST",
        path,
        &text,
        Some("application/json; charset=utf-8"),
    );
    if let Some(record) = s.record(&ex, 201, r, &sent) {
        let ex = s.delete(&item_path(path, &record));
        s.status(&ex, 204, "with an empty body");
    }
}

/// 1 MiB + 1 byte: 413 on POST and PUT, nothing stored or changed; exactly 1 MiB: stored.
pub(crate) fn body_limit(s: &mut Session, r: &Resource, path: &str, existing: Option<&Value>) {
    let before = ids(s, path);
    let (over, label, _) = sized(r, body(r, 0, true), LIMIT + 1, true);
    let reply = s.http.send_large("POST", path, over.as_bytes());
    let ex = s.exchange_of("POST", path, label, reply);
    s.error(&ex, 413);
    unchanged(s, &ex, path, before);
    if let Some(record) = existing {
        let (over, label, _) = sized(r, fields_of(record), LIMIT + 1, false);
        let item = item_path(path, record);
        let reply = s.http.send_large("PUT", &item, over.as_bytes());
        let ex = s.exchange_of("PUT", &item, label, reply);
        s.error(&ex, 413);
    }

    let (text, label, stored) = sized(r, body(r, 0, true), LIMIT, true);
    let reply = s.http.send_large("POST", path, text.as_bytes());
    let ex = s.exchange_of("POST", path, label, reply);
    if let Some(record) = s.record(&ex, 201, r, &stored) {
        fetch(s, r, path, &record);
        let ex = s.delete(&item_path(path, &record));
        s.status(&ex, 204, "with an empty body");
    }
}

/// `base` grown to exactly `size` bytes of JSON: in the first `text` field when `in_text` and
/// there is one, else in an unknown key. Returns the text, a label, and what a server that
/// accepts it stores.
fn sized(
    r: &Resource,
    base: Map<String, Value>,
    size: usize,
    in_text: bool,
) -> (String, String, Map<String, Value>) {
    let text_field = r
        .fields
        .iter()
        .find(|f| f.ty == FieldType::Text && in_text)
        .map(|f| f.name.clone());
    let key = text_field.clone().unwrap_or_else(|| "zz_padding".into());
    let mut sent = base.clone();
    sent.insert(key.clone(), json!(""));
    let empty = Value::Object(sent.clone()).to_string().len();
    // Plain ASCII without quotes or backslashes: one byte per character once serialized.
    let fill: String = "A long line of text, repeated to fill the body. "
        .chars()
        .cycle()
        .take(size.saturating_sub(empty))
        .collect();
    sent.insert(key.clone(), json!(fill));
    let text = Value::Object(sent.clone()).to_string();
    let label = format!(
        "a body of {} bytes (`{key}` holds {} characters)",
        text.len(),
        fill.len()
    );
    let stored = if text_field.is_some() { sent } else { base };
    (text, label, stored)
}

/// A record's fields without its id, to send back unchanged.
fn fields_of(record: &Value) -> Map<String, Value> {
    let mut fields = record.as_object().cloned().unwrap_or_default();
    fields.remove("id");
    fields
}

fn send_typed(
    s: &mut Session,
    method: &str,
    path: &str,
    text: &str,
    content_type: Option<&str>,
) -> Exchange {
    let reply = s
        .http
        .send_typed(method, path, text.as_bytes(), content_type);
    let shown = serde_json::from_str(text).map_or_else(|_| format!("`{text}`"), |v| describe(&v));
    let label = match content_type {
        Some(ct) => format!("{shown} as Content-Type: {ct}"),
        None => format!("{shown} without a Content-Type"),
    };
    s.exchange_of(method, path, label, reply)
}

/// The ids in the list, when it can be read.
pub(crate) fn ids(s: &mut Session, path: &str) -> Option<Vec<Option<i64>>> {
    let ex = s.get(path);
    let items = ex.json().and_then(Value::as_array)?;
    Some(items.iter().map(record_id).collect())
}

/// After the refused request `ex`, the list holds the same records as `before`.
pub(crate) fn unchanged(
    s: &mut Session,
    ex: &Exchange,
    path: &str,
    before: Option<Vec<Option<i64>>>,
) {
    let after = ids(s, path);
    if let (Some(before), Some(after)) = (before, after) {
        s.assert(
            ex,
            before == after,
            "nothing stored: the list is unchanged",
            || {
                format!(
                    "the list went from {} to {} records",
                    before.len(),
                    after.len()
                )
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_bodies_are_exactly_the_size_asked() {
        let with_text: Resource = "book=title:string,summary:text?".parse().expect("valid");
        let without: Resource = "tag=name:string".parse().expect("valid");
        for r in [&with_text, &without] {
            for size in [LIMIT, LIMIT + 1] {
                let (text, _, _) = sized(r, body(r, 0, true), size, true);
                assert_eq!(text.len(), size);
            }
        }
        let (_, label, stored) = sized(&with_text, body(&with_text, 0, true), LIMIT, true);
        assert!(label.contains("`summary`"), "{label}");
        assert!(stored["summary"].as_str().is_some_and(|s| s.len() > 1000));
        let (_, _, stored) = sized(&without, body(&without, 0, true), LIMIT, true);
        assert!(!stored.contains_key("zz_padding"));
    }
}
