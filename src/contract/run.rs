//! One checking session: the client, the report, and the assertions every check uses.
//!
//! Each assertion counts as one check and records at most one [`Failure`]. A reply that was
//! skipped because the server stopped responding records nothing: the one failure saying so
//! is added when the session ends.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::clause::{self, Clause};
use super::compare;
use super::http::{Http, Reply, shorten};
use super::observed::Observed;
use super::values::describe;
use super::{Failure, Report};
use crate::generate::spec::Resource;

/// Longest request body shown in a failure.
const SENT_MAX: usize = 160;

/// A request and its reply, with the labels a failure needs.
pub(crate) struct Exchange {
    /// `POST /books/1`
    pub route: String,
    /// The body sent, shortened, or `(no body)`.
    pub sent: String,
    pub reply: Reply,
}

impl Exchange {
    pub fn json(&self) -> Option<&Value> {
        self.reply.json.as_ref()
    }
}

pub(crate) struct Session {
    pub http: Http,
    pub report: Report,
    /// The clause the checks under way test; failures are filed under it.
    pub clause: Clause,
    /// Responses on contract routes, for the `openapi` check.
    pub observed: Observed,
    /// Whether records are checked for key order and datetime form (off after a restart,
    /// where the contract run has already judged them).
    pub forms: bool,
    /// Content-Type problems already reported, by status and header: one failure each.
    content_type_seen: HashSet<(u16, Option<String>)>,
    /// Failures recorded once per key: `(key, index in failures, further occurrences)`.
    repeated: Vec<(String, usize, usize)>,
}

impl Session {
    pub fn new(base_url: &str) -> Session {
        Session {
            http: Http::new(base_url),
            report: Report::default(),
            clause: clause::HEALTH,
            observed: Observed::default(),
            forms: true,
            content_type_seen: HashSet::new(),
            repeated: Vec::new(),
        }
    }

    /// Ends the session, adding a failure when the server stopped responding.
    pub fn finish(mut self) -> Report {
        for &(_, index, count) in &self.repeated {
            if let Some(f) = self.report.failures.get_mut(index).filter(|_| count > 0) {
                let s = if count == 1 { "" } else { "s" };
                f.got
                    .push_str(&format!(" [the same in {count} more response{s}]"));
            }
        }
        if self.http.is_dead() {
            self.report.failures.push(Failure {
                clause: self.clause,
                route: "(server)".into(),
                sent: "(the requests above)".into(),
                expected: "a response to every request".into(),
                got: "no response to several requests in a row; the remaining checks were skipped"
                    .into(),
            });
        }
        self.report.observed = self.observed;
        self.report
    }

    /// Sends a JSON value.
    pub fn send_json(&mut self, method: &str, path: &str, body: &Value) -> Exchange {
        self.send_noted(method, path, body, "")
    }

    /// Sends a JSON value; `note` (when not empty) says in failures what the body tests.
    pub fn send_noted(&mut self, method: &str, path: &str, body: &Value, note: &str) -> Exchange {
        let text = body.to_string();
        let mut label = shorten(&describe(body), SENT_MAX);
        if !note.is_empty() {
            label = format!("{label} ({note})");
        }
        self.send_raw(method, path, Some(&text), Some(&label))
    }

    /// Sends `body` as it is (it may be malformed); `label` replaces it in failures.
    pub fn send_raw(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&str>,
        label: Option<&str>,
    ) -> Exchange {
        let reply = self.http.send(method, path, body.map(str::as_bytes));
        let sent = match (label, body) {
            (Some(l), _) => l.to_string(),
            (None, Some(b)) => shorten(b, SENT_MAX),
            (None, None) => "(no body)".to_string(),
        };
        self.exchange_of(method, path, sent, reply)
    }

    /// Wraps a reply obtained elsewhere (another thread), checking its headers.
    pub fn exchange_of(
        &mut self,
        method: &str,
        path: &str,
        sent: String,
        reply: Reply,
    ) -> Exchange {
        let ex = Exchange {
            route: format!("{method} {path}"),
            sent,
            reply,
        };
        let r = &ex.reply;
        self.observed.note(method, path, r.status, r.json.as_ref());
        self.check_headers(&ex);
        ex
    }

    /// Sends bytes that may not even be UTF-8; `label` describes them in failures.
    pub fn send_bytes(&mut self, method: &str, path: &str, body: &[u8], label: &str) -> Exchange {
        let reply = self.http.send(method, path, Some(body));
        self.exchange_of(method, path, label.to_string(), reply)
    }

    pub fn get(&mut self, path: &str) -> Exchange {
        self.send_raw("GET", path, None, None)
    }

    pub fn delete(&mut self, path: &str) -> Exchange {
        self.send_raw("DELETE", path, None, None)
    }

    /// Records a failure of `ex` under the current clause (ignored for skipped requests).
    pub fn fail(&mut self, ex: &Exchange, expected: impl Into<String>, got: impl Into<String>) {
        self.fail_as(self.clause, ex, expected, got);
    }

    /// Records a failure of `ex` under `clause`.
    pub fn fail_as(
        &mut self,
        clause: Clause,
        ex: &Exchange,
        expected: impl Into<String>,
        got: impl Into<String>,
    ) {
        if ex.reply.skipped {
            return;
        }
        self.report.failures.push(Failure {
            clause,
            route: ex.route.clone(),
            sent: ex.sent.clone(),
            expected: expected.into(),
            got: got.into(),
        });
    }

    /// Counts one assertion; records a failure when `ok` is false. Returns `ok`.
    pub fn assert(
        &mut self,
        ex: &Exchange,
        ok: bool,
        expected: &str,
        got: impl FnOnce() -> String,
    ) -> bool {
        if ex.reply.skipped {
            return false;
        }
        self.report.checks += 1;
        if !ok {
            self.fail(ex, expected, got());
        }
        ok
    }

    /// The reply has `status`; `what` describes the expected response.
    pub fn status(&mut self, ex: &Exchange, status: u16, what: &str) -> bool {
        let expected = format!("{status} {what}");
        let got = ex.reply.summary();
        self.assert(ex, ex.reply.status == status, &expected, || got)
    }

    /// The reply is `status` with the record stored from `sent`. Returns the record whenever
    /// it has an id, so one wrong value does not stop the checks that build on it.
    pub fn record(
        &mut self,
        ex: &Exchange,
        status: u16,
        resource: &Resource,
        sent: &Map<String, Value>,
    ) -> Option<Value> {
        if !self.status(ex, status, "with the record") {
            return None;
        }
        let record = ex.json().cloned().unwrap_or(Value::Null);
        let problems = compare::record_problems(resource, sent, &record);
        self.problems(ex, "the record as sent", &problems);
        self.record_form(ex, resource);
        compare::record_id(&record).map(|_| record)
    }

    /// One check that `problems` (each naming a field in backticks) is empty. The same
    /// fields going wrong on the same route are one failure, with a count of repeats.
    pub fn problems(&mut self, ex: &Exchange, expected: &str, problems: &[String]) -> bool {
        if ex.reply.skipped {
            return false;
        }
        self.report.checks += 1;
        if problems.is_empty() {
            return true;
        }
        let mut key: Vec<&str> = problems
            .iter()
            .map(|p| p.split('`').nth(1).unwrap_or(p))
            .collect();
        key.insert(0, expected);
        key.insert(0, &ex.route);
        let key = super::route_pattern(&key.join(" "));
        let got = format!(
            "{} ({})",
            problems.join("; "),
            shorten(&ex.reply.summary(), 120)
        );
        self.fail_once(key, ex, expected, got);
        false
    }

    /// Records a failure unless one with the same `key` was recorded; then counts it there.
    pub fn fail_once(&mut self, key: String, ex: &Exchange, expected: &str, got: String) {
        self.fail_once_as(self.clause, key, ex, expected, got);
    }

    /// [`Session::fail_once`] under `clause`.
    pub fn fail_once_as(
        &mut self,
        clause: Clause,
        key: String,
        ex: &Exchange,
        expected: &str,
        got: String,
    ) {
        if ex.reply.skipped {
            return;
        }
        let key = format!("{clause} {key}");
        if let Some(seen) = self.repeated.iter_mut().find(|(k, _, _)| *k == key) {
            seen.2 += 1;
            return;
        }
        self.repeated.push((key, self.report.failures.len(), 0));
        self.fail_as(clause, ex, expected, got);
    }

    /// Content-Type is JSON on every response but 204, and a 204 has an empty body.
    fn check_headers(&mut self, ex: &Exchange) {
        let r = &ex.reply;
        if r.status == 0 {
            return;
        }
        self.report.checks += 1;
        let (ok, expected) = if r.status == 204 {
            (r.body.is_empty(), "204 with an empty body")
        } else {
            (r.is_json_type(), "Content-Type: application/json")
        };
        if ok
            || !self
                .content_type_seen
                .insert((r.status, r.content_type.clone()))
        {
            return;
        }
        let got = match &r.content_type {
            _ if r.status == 204 => r.summary(),
            Some(ct) => format!("{}, Content-Type: {ct}", r.summary()),
            None => format!("{}, no Content-Type", r.summary()),
        };
        self.fail_as(clause::RESPONSE_TYPE, ex, expected, got);
    }
}
