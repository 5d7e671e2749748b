//! Field validation: what must be a 422 naming the field, and what must be accepted as
//! sent (edge values, nulls for optional fields, unknown keys, a client-sent `id`).

use serde_json::{Map, Value, json};

use super::compare::record_id;
use super::crud::{create, fetch, item_path};
use super::run::Session;
use super::values::{accepted_edges, body, label, rejected};
use crate::generate::spec::Resource;

/// An id no test server reaches, sent in bodies to see that it is ignored.
const CLIENT_ID: i64 = 987_654_321;

/// 422 naming the field: each required field missing or null, each wrong value per type,
/// two bad fields at once; and a 422 on PUT leaves the record as it was.
pub(crate) fn rejects(s: &mut Session, r: &Resource, path: &str, existing: Option<&Value>) {
    let base = body(r, 0, true);
    for field in r.fields.iter().filter(|f| !f.optional) {
        let mut missing = base.clone();
        missing.remove(&field.name);
        post_422(
            s,
            path,
            &missing,
            &[&field.name],
            &format!("without `{}`", field.name),
        );
        let mut null = base.clone();
        null.insert(field.name.clone(), Value::Null);
        post_422(
            s,
            path,
            &null,
            &[&field.name],
            &format!("`{}` null", field.name),
        );
    }
    for field in &r.fields {
        for bad in rejected(field.ty) {
            let mut sent = base.clone();
            let what = format!("`{}` = {}", field.name, label(&bad));
            sent.insert(field.name.clone(), bad);
            post_422(s, path, &sent, &[&field.name], &what);
        }
    }
    if let [f1, f2, ..] = r.fields.as_slice() {
        let mut sent = base.clone();
        sent.insert(f1.name.clone(), rejected(f1.ty)[0].clone());
        sent.insert(f2.name.clone(), rejected(f2.ty)[0].clone());
        let what = format!("two bad fields, `{}` and `{}`", f1.name, f2.name);
        post_422(s, path, &sent, &[&f1.name, &f2.name], &what);
    }
    if let (Some(record), Some(field)) = (existing, r.fields.first()) {
        let mut sent = body(r, 1, true);
        sent.insert(field.name.clone(), rejected(field.ty)[0].clone());
        let ex = s.send_json("PUT", &item_path(path, record), &Value::Object(sent));
        s.unprocessable(&ex, &[&field.name]);
        fetch(s, r, path, record);
    }
}

fn post_422(s: &mut Session, path: &str, sent: &Map<String, Value>, fields: &[&str], what: &str) {
    let ex = s.send_noted("POST", path, &Value::Object(sent.clone()), what);
    s.unprocessable(&ex, fields);
}

/// Values the contract accepts are stored and returned as sent.
pub(crate) fn accepts(s: &mut Session, r: &Resource, path: &str) {
    let base = body(r, 0, true);
    for field in &r.fields {
        for (what, value) in accepted_edges(field.ty) {
            let mut sent = base.clone();
            sent.insert(field.name.clone(), value);
            let note = format!("`{}` = {what}", field.name);
            let ex = s.send_noted("POST", path, &Value::Object(sent.clone()), &note);
            s.record(&ex, 201, r, &sent);
        }
    }

    // Optional fields sent as explicit nulls are stored as null (absent ones are covered
    // by the lifecycle's minimal body).
    if r.fields.iter().any(|f| f.optional) {
        let mut sent = base.clone();
        for f in r.fields.iter().filter(|f| f.optional) {
            sent.insert(f.name.clone(), Value::Null);
        }
        create(s, r, path, &sent);
    }

    // Unknown keys and a client-chosen id are ignored, on create and on replace.
    let mut extra = base.clone();
    extra.insert("zz_unknown_key".into(), json!("ignored"));
    extra.insert("zzNested".into(), json!({"a": [1, 2, {"b": null}]}));
    extra.insert("id".into(), json!(CLIENT_ID));
    let ex = s.send_json("POST", path, &Value::Object(extra.clone()));
    let Some(record) = s.record(&ex, 201, r, &base) else {
        return;
    };
    let id = record_id(&record);
    s.assert(
        &ex,
        id != Some(CLIENT_ID),
        "the server assigns the id, ignoring `id` in the body",
        || format!("the record got id {CLIENT_ID}, the one sent"),
    );
    if id != Some(CLIENT_ID) {
        let ex = s.get(&format!("{path}/{CLIENT_ID}"));
        s.error(&ex, 404);
    }
    let mut replacement = body(r, 1, true);
    replacement.insert("id".into(), json!(CLIENT_ID + 1));
    replacement.insert("zz_unknown_key".into(), json!(["still", "ignored"]));
    let ex = s.send_json(
        "PUT",
        &item_path(path, &record),
        &Value::Object(replacement),
    );
    if let Some(new) = s.record(&ex, 200, r, &body(r, 1, true)) {
        let new_id = record_id(&new);
        s.assert(
            &ex,
            new_id == id,
            "the record keeps its id, ignoring `id` in the body",
            || format!("id became {}", new_id.unwrap_or_default()),
        );
    }
}
