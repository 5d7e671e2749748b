//! A body close to the 1 MiB limit, and concurrent creates.

use std::collections::HashSet;
use std::thread;

use serde_json::{Value, json};

use super::compare::record_id;
use super::crud::{fetch, item_path, list_holds};
use super::run::Session;
use super::values::{body, describe};
use crate::spec::{FieldType, Resource};

/// Size of the big body's long string: 900 KiB, under the contract's 1 MiB.
const BIG: usize = 900 * 1024;
/// Parallel creates.
const PARALLEL: usize = 20;

/// A ~900 KiB body is accepted: in a text field when there is one, else in an unknown key.
pub(crate) fn big_body(s: &mut Session, r: &Resource, path: &str) {
    let mut sent = body(r, 0, true);
    let long: String = "A long line of text, repeated to fill the body.\n"
        .chars()
        .cycle()
        .take(BIG)
        .collect();
    let (posted, label) = match r.fields.iter().find(|f| f.ty == FieldType::Text) {
        Some(f) => {
            sent.insert(f.name.clone(), json!(long));
            let label = format!("a 900 KiB body (`{}` holds {BIG} characters)", f.name);
            (Value::Object(sent.clone()), label)
        }
        None => {
            let mut padded = sent.clone();
            padded.insert("zz_padding".into(), json!(long));
            (
                Value::Object(padded),
                "a 900 KiB body (an unknown key holds it)".to_string(),
            )
        }
    };
    post_big(s, r, path, &posted, &sent, &label);
}

/// POSTs the big body, reads it back and deletes it again so later lists stay small.
fn post_big(
    s: &mut Session,
    r: &Resource,
    path: &str,
    body: &Value,
    stored: &serde_json::Map<String, Value>,
    label: &str,
) {
    let text = body.to_string();
    let ex = s.send_raw("POST", path, Some(&text), Some(label));
    if let Some(record) = s.record(&ex, 201, r, stored) {
        fetch(s, r, path, &record);
        let ex = s.delete(&item_path(path, &record));
        s.status(&ex, 204, "with an empty body");
    }
}

/// Parallel POSTs all succeed with distinct ids, and the list holds every one.
pub(crate) fn concurrent_creates(s: &mut Session, r: &Resource, path: &str) {
    let bodies: Vec<_> = (0..PARALLEL).map(|i| body(r, i % 2, i % 3 != 0)).collect();
    let replies: Vec<_> = thread::scope(|scope| {
        let handles: Vec<_> = bodies
            .iter()
            .map(|b| {
                let http = s.http.clone();
                let text = Value::Object(b.clone()).to_string();
                scope.spawn(move || http.send_parallel("POST", path, Some(text.as_bytes())))
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    let mut records = Vec::new();
    let mut last = None;
    for (sent, reply) in bodies.iter().zip(replies) {
        let Some(reply) = reply else { continue };
        let body = describe(&Value::Object(sent.clone()));
        let label = format!("{body} (one of {PARALLEL} parallel creates)");
        let ex = s.exchange_of("POST", path, label, reply);
        if let Some(record) = s.record(&ex, 201, r, sent) {
            records.push(record);
        }
        last = Some(ex);
    }
    let Some(ex) = last else { return };
    let ids: HashSet<Option<i64>> = records.iter().map(record_id).collect();
    s.assert(
        &ex,
        ids.len() == records.len(),
        "parallel creates get distinct ids",
        || format!("{} records, {} distinct ids", records.len(), ids.len()),
    );
    let refs: Vec<&Value> = records.iter().collect();
    list_holds(s, r, path, &refs);
}
