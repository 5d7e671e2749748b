//! Assertions on the form of a reply: error bodies with their fixed texts, and records whose
//! keys and datetimes are written the way the contract fixes them.

use serde_json::Value;

use super::clause;
use super::keys;
use super::rfc3339;
use super::route_pattern;
use super::run::{Exchange, Session};
use crate::generate::spec::{FieldType, Resource};

/// The 400 text for a body that is not JSON.
pub(crate) const MALFORMED_JSON: &str = "malformed JSON";
/// The 400 text for JSON that is not an object.
pub(crate) const NOT_AN_OBJECT: &str = "body must be a JSON object";

/// The `error` texts the contract allows for `status`; empty when it fixes none.
pub(crate) fn error_texts(status: u16) -> &'static [&'static str] {
    match status {
        400 => &[MALFORMED_JSON, NOT_AN_OBJECT],
        404 => &["not found"],
        405 => &["method not allowed"],
        413 => &["body too large"],
        415 => &["content type must be application/json"],
        422 => &["validation failed"],
        500 => &["internal error"],
        _ => &[],
    }
}

impl Session {
    /// The reply is `status` with an `{"error": string}` body holding the status's fixed text.
    pub fn error(&mut self, ex: &Exchange, status: u16) -> bool {
        self.error_is(ex, status, error_texts(status))
    }

    /// The reply is `status` with an `{"error": string}` body whose text is one of `texts`
    /// (any text when `texts` is empty). A wrong text is an `error-text` failure.
    pub fn error_is(&mut self, ex: &Exchange, status: u16, texts: &[&str]) -> bool {
        let what = r#"with {"error": "..."}"#;
        if !self.status(ex, status, what) {
            return false;
        }
        let text = ex
            .json()
            .and_then(|j| j.get("error"))
            .and_then(Value::as_str);
        let got = ex.reply.summary();
        if !self.assert(ex, text.is_some(), &format!("{status} {what}"), || got) {
            return false;
        }
        self.error_text(ex, status, texts)
    }

    /// The `error` text is one of `texts`; the same wrong text for a status is one failure.
    fn error_text(&mut self, ex: &Exchange, status: u16, texts: &[&str]) -> bool {
        let text = ex
            .json()
            .and_then(|j| j.get("error"))
            .and_then(Value::as_str);
        let Some(text) = text.filter(|_| !texts.is_empty()) else {
            return true;
        };
        self.report.checks += 1;
        if texts.contains(&text) {
            return true;
        }
        let wanted: Vec<String> = texts.iter().map(|t| format!("`{t}`")).collect();
        let expected = format!(r#"{status} with "error": {}"#, wanted.join(" or "));
        let key = format!("{status} {text}");
        self.fail_once_as(
            clause::ERROR_TEXT,
            key,
            ex,
            &expected,
            format!("\"error\": {}", Value::from(text)),
        );
        false
    }

    /// The reply is a 422 whose `fields` names each of `fields`.
    pub fn unprocessable(&mut self, ex: &Exchange, fields: &[&str]) -> bool {
        let names = fields
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let what = format!(r#"with "error" and "fields" naming {names}"#);
        if !self.status(ex, 422, &what) {
            return false;
        }
        let json = ex.json();
        let has_error = json
            .and_then(|j| j.get("error"))
            .is_some_and(Value::is_string);
        let named = json
            .and_then(|j| j.get("fields"))
            .and_then(Value::as_object);
        let ok = has_error && named.is_some_and(|m| fields.iter().all(|f| m.contains_key(*f)));
        let got = ex.reply.summary();
        self.assert(ex, ok, &format!("422 {what}"), || got)
            && self.error_text(ex, 422, error_texts(422))
    }

    /// The record (or each record of a list) in the reply has its keys in contract order, no
    /// key but `id` and the spec's fields, and its datetimes in the output form. One failure
    /// per route and clause.
    pub fn record_form(&mut self, ex: &Exchange, r: &Resource) {
        if !self.forms || ex.reply.skipped || ex.json().is_none() {
            return;
        }
        let expected: Vec<&str> = std::iter::once("id")
            .chain(r.fields.iter().map(|f| f.name.as_str()))
            .collect();
        let written = keys::record_keys(&ex.reply.body).unwrap_or_default();
        let order = written
            .iter()
            .find_map(|k| keys::order_problem(k, &expected));
        let wanted = format!("keys in the order {}", expected.join(", "));
        self.form_check(clause::KEY_ORDER, ex, &wanted, order);
        // A record is `id` and the spec's fields: any other key is not part of it.
        let extra = written.iter().find_map(|k| keys::extra_keys(k, &expected));
        let wanted = format!("a record with exactly the keys {}", expected.join(", "));
        self.form_check(clause::CRUD, ex, &wanted, extra);

        let records: Vec<&Value> = match ex.json() {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(other) => vec![other],
            None => vec![],
        };
        let bad = records.iter().find_map(|record| {
            r.fields
                .iter()
                .filter(|f| f.ty == FieldType::Datetime)
                .find_map(|f| match record.get(&f.name) {
                    Some(Value::String(s)) if !rfc3339::is_output_form(s) => {
                        let want = rfc3339::parse(s)
                            .map(|i| format!(", not {:?}", rfc3339::output_form(i)))
                            .unwrap_or_default();
                        Some(format!("`{}` is {s:?}{want}", f.name))
                    }
                    _ => None,
                })
        });
        let has_datetime = r.fields.iter().any(|f| f.ty == FieldType::Datetime);
        if has_datetime {
            let wanted = "datetimes as YYYY-MM-DDTHH:MM:SS.sssZ (UTC, 3 fraction digits)";
            self.form_check(clause::DATETIME_OUTPUT, ex, wanted, bad);
        }
    }

    fn form_check(
        &mut self,
        clause: clause::Clause,
        ex: &Exchange,
        expected: &str,
        problem: Option<String>,
    ) {
        self.report.checks += 1;
        if let Some(problem) = problem {
            let key = route_pattern(&ex.route);
            self.fail_once_as(clause, key, ex, expected, problem);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_status_of_the_contract_has_its_text() {
        for status in [400, 404, 405, 413, 415, 422, 500] {
            assert!(!error_texts(status).is_empty(), "{status}");
        }
        assert_eq!(error_texts(404), ["not found"]);
        assert!(error_texts(200).is_empty());
    }
}
