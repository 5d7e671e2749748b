//! Health, the create-read-update-delete life of a record, ids that name no record, and the
//! records that must survive a restart.

use serde_json::{Map, Value, json};

use super::compare::{record_id, same_record_problems};
use super::run::{Exchange, Session};
use super::values::{body, rejected};
use crate::generate::spec::Resource;

/// Ids that name no record: unknown, zero, negative, non-integer, beyond 64-bit.
const BAD_IDS: [&str; 6] = ["987654321", "0", "-1", "abc", "1.5", "99999999999999999999"];

/// `GET /health` is `200 {"status":"ok"}`. False when the server did not answer at all.
pub(crate) fn health(s: &mut Session) -> bool {
    let ex = s.get("/health");
    if s.status(&ex, 200, r#"{"status":"ok"}"#) {
        let ok = ex.json().and_then(|j| j.get("status")) == Some(&json!("ok"));
        let got = ex.reply.summary();
        s.assert(&ex, ok, r#"200 {"status":"ok"}"#, || got);
    }
    ex.reply.status != 0
}

/// Create, fetch, list, replace and delete. Returns the records left in place for the
/// restart check.
pub(crate) fn lifecycle(s: &mut Session, r: &Resource, path: &str) -> Vec<Value> {
    let full = body(r, 0, true);
    let a = create(s, r, path, &full);
    let minimal = body(r, 1, false);
    let b = create(s, r, path, &minimal);
    let (Some(a), Some(b)) = (a, b) else {
        return Vec::new();
    };
    fetch(s, r, path, &a);
    list_holds(s, r, path, &[&a, &b]);

    // Full replacement both ways: optional fields omitted on PUT become null.
    let a = replace(s, r, path, &a, &body(r, 1, false));
    let b = replace(s, r, path, &b, &body(r, 0, true));
    let kept: Vec<Value> = [a, b].into_iter().flatten().collect();
    let kept_refs: Vec<&Value> = kept.iter().collect();
    list_holds(s, r, path, &kept_refs);

    if let Some(c) = create(s, r, path, &full) {
        let item = item_path(path, &c);
        let ex = s.delete(&item);
        s.status(&ex, 204, "with an empty body");
        let ex = s.get(&item);
        s.error(&ex, 404);
        let ex = s.delete(&item);
        s.error(&ex, 404);
        let ex = s.send_json("PUT", &item, &Value::Object(full.clone()));
        s.error(&ex, 404);
    }
    kept
}

/// Every id in [`BAD_IDS`] is 404 on GET, PUT (valid or invalid body) and DELETE.
pub(crate) fn unknown_ids(s: &mut Session, r: &Resource, path: &str) {
    let valid = Value::Object(body(r, 0, true));
    let invalid: Map<String, Value> = r
        .fields
        .iter()
        .map(|f| (f.name.clone(), rejected(f.ty)[0].clone()))
        .collect();
    for id in BAD_IDS {
        let item = format!("{path}/{id}");
        let ex = s.get(&item);
        s.error(&ex, 404);
        let ex = s.send_json("PUT", &item, &valid);
        s.error(&ex, 404);
        let ex = s.delete(&item);
        s.error(&ex, 404);
    }
    // 404 is decided before the body is looked at.
    let item = format!("{path}/{}", BAD_IDS[0]);
    if !invalid.is_empty() {
        let ex = s.send_json("PUT", &item, &Value::Object(invalid));
        s.error(&ex, 404);
    }
    let ex = s.send_raw("PUT", &item, Some("{\"broken"), None);
    s.error(&ex, 404);
}

/// After a restart: each kept record is unchanged, the list holds them, and a new record
/// gets an id none of them has.
pub(crate) fn still_there(s: &mut Session, r: &Resource, path: &str, kept: &[&Value]) {
    for record in kept {
        fetch(s, r, path, record);
    }
    list_holds(s, r, path, kept);
    let Some(fresh) = create(s, r, path, &body(r, 0, true)) else {
        return;
    };
    let id = record_id(&fresh);
    let ex = s.get(&item_path(path, &fresh));
    let reused = kept.iter().any(|k| record_id(k) == id);
    s.assert(
        &ex,
        !reused,
        "a new record gets an id no kept record has",
        || {
            format!(
                "id {} was already taken before the restart",
                id.unwrap_or_default()
            )
        },
    );
    let ex = s.delete(&item_path(path, &fresh));
    s.status(&ex, 204, "with an empty body");
}

pub(crate) fn item_path(path: &str, record: &Value) -> String {
    format!("{path}/{}", record_id(record).unwrap_or_default())
}

/// `POST` a body; the 201 record, when it matches what was sent.
pub(crate) fn create(
    s: &mut Session,
    r: &Resource,
    path: &str,
    sent: &Map<String, Value>,
) -> Option<Value> {
    let ex = s.send_json("POST", path, &Value::Object(sent.clone()));
    s.record(&ex, 201, r, sent)
}

/// `PUT` a full replacement of `old`; the 200 record, re-read with GET.
fn replace(
    s: &mut Session,
    r: &Resource,
    path: &str,
    old: &Value,
    sent: &Map<String, Value>,
) -> Option<Value> {
    let item = item_path(path, old);
    let ex = s.send_json("PUT", &item, &Value::Object(sent.clone()));
    let new = s.record(&ex, 200, r, sent)?;
    same_id(s, &ex, old, &new);
    fetch(s, r, path, &new);
    Some(new)
}

fn same_id(s: &mut Session, ex: &Exchange, old: &Value, new: &Value) {
    let (o, n) = (record_id(old), record_id(new));
    s.assert(ex, o == n, "the record keeps its id", || {
        format!(
            "id {} became {}",
            o.unwrap_or_default(),
            n.unwrap_or_default()
        )
    });
}

/// `GET` a record by id: 200 and the same record.
pub(crate) fn fetch(s: &mut Session, r: &Resource, path: &str, want: &Value) {
    let ex = s.get(&item_path(path, want));
    if s.status(&ex, 200, "with the record") {
        let got = ex.json().cloned().unwrap_or(Value::Null);
        let problems = same_record_problems(r, want, &got);
        s.problems(&ex, "the stored record", &problems);
        s.record_form(&ex, r);
    }
}

/// `GET` the list: an array ordered by id ascending that holds every one of `want`.
pub(crate) fn list_holds(
    s: &mut Session,
    r: &Resource,
    path: &str,
    want: &[&Value],
) -> Option<Vec<Value>> {
    let ex = s.get(path);
    if !s.status(&ex, 200, "with an array of records") {
        return None;
    }
    let Some(items) = ex.json().and_then(Value::as_array).cloned() else {
        let got = ex.reply.summary();
        s.assert(&ex, false, "a JSON array of records", || got);
        return None;
    };
    s.record_form(&ex, r);
    let ids: Vec<Option<i64>> = items.iter().map(record_id).collect();
    let ascending = ids
        .windows(2)
        .all(|w| matches!(w, [Some(x), Some(y)] if x < y))
        && ids.iter().all(Option::is_some);
    s.assert(&ex, ascending, "records ordered by id ascending", || {
        let shown: Vec<String> = ids
            .iter()
            .take(30)
            .map(|i| i.map_or("?".into(), |i| i.to_string()))
            .collect();
        format!("ids in this order: {}", shown.join(", "))
    });
    for record in want {
        let id = record_id(record);
        let problems = match items.iter().find(|item| record_id(item) == id) {
            Some(item) => same_record_problems(r, record, item),
            None => vec![format!(
                "`id` {} is not in the list",
                id.unwrap_or_default()
            )],
        };
        s.problems(&ex, "the list holds every stored record", &problems);
    }
    Some(items)
}
