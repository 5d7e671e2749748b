//! Concurrent creates: N parallel POSTs yield N records with distinct ids.

use std::collections::HashSet;
use std::thread;

use serde_json::Value;

use super::compare::record_id;
use super::crud::list_holds;
use super::run::Session;
use super::values::{body, describe};
use crate::generate::spec::Resource;

/// Parallel creates.
const PARALLEL: usize = 20;

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
