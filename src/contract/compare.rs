//! Comparing what the server returned with what was sent, the way the contract allows:
//! datetimes as instants, numbers numerically, everything else exactly.

use serde_json::{Map, Value};

use super::rfc3339;
use crate::generate::spec::{FieldType, Resource};

/// Whether `got` is the value `sent` for a field of type `ty` (`null` matches only `null`).
pub(crate) fn same_value(ty: FieldType, sent: &Value, got: &Value) -> bool {
    if sent == got {
        // Identical JSON is the same value, even a datetime the checker cannot parse.
        return true;
    }
    match (sent, got) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => close(x, y),
                _ => false,
            },
        },
        (Value::String(a), Value::String(b)) if ty == FieldType::Datetime => {
            rfc3339::same_instant(a, b)
        }
        (a, b) => a == b,
    }
}

/// Floats survive a database round trip exactly in practice; allow only rounding noise.
fn close(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
}

/// The record's `id`, when it is a positive integer.
pub(crate) fn record_id(record: &Value) -> Option<i64> {
    record
        .get("id")
        .and_then(Value::as_i64)
        .filter(|id| *id > 0)
}

/// Problems with `record` as the stored form of `sent` (a request body): a missing or
/// non-integer `id`, a missing field, a different value. Optional fields absent from
/// `sent` must be `null`. Empty when the record is right.
pub(crate) fn record_problems(
    resource: &Resource,
    sent: &Map<String, Value>,
    record: &Value,
) -> Vec<String> {
    problems_against(resource, sent, record, "sent")
}

/// [`record_problems`], with `verb` before the expected value: `sent 42`, `was 42`.
fn problems_against(
    resource: &Resource,
    sent: &Map<String, Value>,
    record: &Value,
    verb: &str,
) -> Vec<String> {
    let Some(obj) = record.as_object() else {
        return vec![format!("expected a JSON object, got {}", kind(record))];
    };
    let mut problems = Vec::new();
    if record_id(record).is_none() {
        match obj.get("id") {
            None => problems.push("`id` is missing".to_string()),
            Some(v) => problems.push(format!("`id` is {v}, not a positive integer")),
        }
    }
    for field in &resource.fields {
        let expected = sent.get(&field.name).unwrap_or(&Value::Null);
        match obj.get(&field.name) {
            None => problems.push(format!("`{}` is missing", field.name)),
            Some(got) if !same_value(field.ty, expected, got) => problems.push(format!(
                "`{}` is {}, {verb} {}",
                field.name,
                super::values::label(got),
                super::values::label(expected)
            )),
            Some(_) => {}
        }
    }
    problems
}

/// Problems with `got` as the same record as `want` (both from the server): same id, and
/// every field the same value.
pub(crate) fn same_record_problems(resource: &Resource, want: &Value, got: &Value) -> Vec<String> {
    let mut sent = want.as_object().cloned().unwrap_or_default();
    sent.remove("id");
    let mut problems = problems_against(resource, &sent, got, "was");
    if record_id(want) != record_id(got) {
        problems.push(format!(
            "`id` is {}, expected {}",
            got.get("id").map_or("missing".into(), Value::to_string),
            want.get("id").map_or("missing".into(), Value::to_string)
        ));
    }
    problems
}

/// `an array`, `a string`, ... for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resource() -> Resource {
        "event=title:string,at:datetime,price:float,count:int?,ok:bool"
            .parse()
            .expect("valid")
    }

    #[test]
    fn compares_values_per_type() {
        use FieldType::*;
        for (ty, sent, got, same) in [
            (Float, json!(3), json!(3.0), true),
            (Float, json!(19.5), json!(19.5), true),
            (Float, json!(0.1), json!(0.1000000000000001), true),
            (Float, json!(1.5), json!(1.25), false),
            (
                Int,
                json!(9_007_199_254_740_991_i64),
                json!(9_007_199_254_740_991_i64),
                true,
            ),
            (
                Int,
                json!(9_007_199_254_740_991_i64),
                json!(9_007_199_254_740_990_i64),
                false,
            ),
            (Int, json!(42), json!("42"), false),
            (
                Datetime,
                json!("2024-01-15T10:30:00Z"),
                json!("2024-01-15T11:30:00.000+01:00"),
                true,
            ),
            (
                Datetime,
                json!("2024-01-15T10:30:00Z"),
                json!("2024-01-15T10:30:01Z"),
                false,
            ),
            (
                String,
                json!("2024-01-15T10:30:00Z"),
                json!("2024-01-15T10:30:00+00:00"),
                false,
            ),
            (Bool, json!(true), json!(1), false),
            (Text, json!(null), json!(null), true),
            (Text, json!(null), json!(""), false),
        ] {
            assert_eq!(same_value(ty, &sent, &got), same, "{ty:?} {sent} vs {got}");
        }
    }

    #[test]
    fn a_matching_record_has_no_problems() {
        let sent = json!({"title": "a", "at": "2024-01-15T10:30:00Z", "price": 3, "ok": true});
        let got = json!({"id": 1, "title": "a", "at": "2024-01-15T10:30:00+00:00",
                         "price": 3.0, "count": null, "ok": true});
        let sent = sent.as_object().cloned().expect("object");
        assert!(record_problems(&resource(), &sent, &got).is_empty());
    }

    #[test]
    fn names_every_problem_of_a_record() {
        let sent = json!({"title": "a", "at": "2024-01-15T10:30:00Z", "price": 3, "ok": true});
        let got = json!({"id": "1", "title": "b", "at": "2024-01-15T10:30:00Z",
                         "count": 0, "ok": true, "Price": 3});
        let sent = sent.as_object().cloned().expect("object");
        let problems = record_problems(&resource(), &sent, &got);
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("`id`"));
        assert!(problems.iter().any(|p| p == "`price` is missing"));
        assert!(problems.iter().any(|p| p == "`count` is 0, sent null"));
        assert_eq!(record_problems(&resource(), &sent, &json!([])).len(), 1);
    }

    #[test]
    fn same_record_requires_the_same_id() {
        let a = json!({"id": 1, "title": "a", "at": "2024-01-15T10:30:00Z", "price": 1,
                       "count": null, "ok": false});
        let mut b = a.clone();
        assert!(same_record_problems(&resource(), &a, &b).is_empty());
        b["id"] = json!(2);
        assert_eq!(same_record_problems(&resource(), &a, &b).len(), 1);
    }
}
