//! The bodies a document declares: request schemas checked with bodies the contract accepts
//! and refuses, and response schemas checked with what the server really sent.

use crate::contract::schema::Direction;
use std::collections::HashSet;

use serde_json::{Value, json};

use super::{At, Doc};
use crate::contract::http::shorten;
use crate::contract::observed::Observed;
use crate::contract::values::{MAX_STRING, body, describe, sample};
use crate::generate::spec::{FieldType, Resource};

/// Problems shown per failing response.
const SHOWN: usize = 3;

/// The JSON request body of `method template` describes `r`: a valid body validates, a body
/// missing a required field or with a wrongly typed or too long value does not, and optional
/// fields take `null`.
pub(super) fn request(doc: &Doc<'_>, at: &mut At<'_>, r: &Resource, template: &str, method: &str) {
    let Some((place, op)) = doc.operation(template, method) else {
        return;
    };
    let schema = op.get("requestBody").and_then(|b| doc.json_schema(b));
    at.check(
        schema.is_some(),
        &place,
        "a requestBody with an application/json schema",
        || "none".into(),
    );
    let Some(schema) = schema else { return };
    let v = &doc.validator.toward(Direction::Request);
    let expect = |at: &mut At<'_>, value: Value, valid: bool, what: &str| {
        let errors = v.errors(schema, &value);
        at.check(errors.is_empty() == valid, &place, what, || {
            if valid {
                format!("{} fails: {}", describe(&value), errors.join("; "))
            } else {
                format!("{} validates", describe(&value))
            }
        });
    };
    expect(
        at,
        Value::Object(body(r, 0, true)),
        true,
        "a valid body validates",
    );
    expect(
        at,
        Value::Object(body(r, 1, false)),
        true,
        "a body without optional fields validates",
    );
    for f in &r.fields {
        let name = &f.name;
        let mut sent = body(r, 0, true);
        if f.optional {
            sent.insert(name.clone(), Value::Null);
            expect(
                at,
                Value::Object(sent.clone()),
                true,
                &format!("optional `{name}` nullable"),
            );
        } else {
            sent.remove(name);
            expect(
                at,
                Value::Object(sent.clone()),
                false,
                &format!("`{name}` required"),
            );
        }
        let wrong = match f.ty {
            FieldType::String | FieldType::Text | FieldType::Datetime => vec![json!(5)],
            FieldType::Int => vec![json!("1"), json!(1.5)],
            FieldType::Float => vec![json!("1.5")],
            FieldType::Bool => vec![json!(1)],
        };
        let ty = f.ty.as_str();
        for bad in wrong {
            sent.insert(name.clone(), bad);
            expect(
                at,
                Value::Object(sent.clone()),
                false,
                &format!("`{name}` typed as {ty}"),
            );
        }
        if f.ty == FieldType::String {
            sent.insert(name.clone(), json!("x".repeat(MAX_STRING + 1)));
            expect(
                at,
                Value::Object(sent.clone()),
                false,
                &format!("`{name}` maxLength 255"),
            );
            sent.insert(name.clone(), json!("é".repeat(MAX_STRING)));
            expect(
                at,
                Value::Object(sent.clone()),
                true,
                &format!("`{name}` takes 255 characters"),
            );
        }
        sent.insert(name.clone(), sample(f.ty, name, 1));
    }
}

/// Every observed response validates against the schema declared for its route and status.
/// Responses whose route, status or schema the document does not declare are left to the
/// route checks. One failure per route and status.
pub(super) fn responses(doc: &Doc<'_>, at: &mut At<'_>, observed: &Observed) {
    let mut failed = HashSet::new();
    for sample in &observed.samples {
        let Some(body) = &sample.body else { continue };
        let Some((place, op)) = doc.operation(&sample.template, &sample.method) else {
            continue;
        };
        let Some(schema) = doc
            .response(op, sample.status)
            .and_then(|r| doc.json_schema(r))
        else {
            continue;
        };
        let errors = doc.validator.errors(schema, body);
        let key = (
            sample.method.clone(),
            sample.template.clone(),
            sample.status,
        );
        if !errors.is_empty() && !failed.insert(key) {
            at.s.report.checks += 1;
            continue;
        }
        let place = format!("{place} response {}", sample.status);
        let expected = "the body the server sent validates against the declared schema";
        at.check(errors.is_empty(), &place, expected, || {
            let more = errors.len().saturating_sub(SHOWN);
            let mut shown = errors
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            if more > 0 {
                shown.push_str(&format!("; and {more} more"));
            }
            let sent = shorten(&describe(body), 160);
            let method = sample.method.to_uppercase();
            format!(
                "{shown} (in {method} {} -> {} {sent})",
                sample.path, sample.status
            )
        });
    }
}
