//! Values the checker sends, per field type: valid samples, edge values the contract
//! accepts, and values it rejects with 422.

use serde_json::{Map, Value, json};

use crate::generate::spec::{FieldType, Resource};

/// Longest `string` value the contract accepts, in characters.
pub(crate) const MAX_STRING: usize = 255;
/// Largest integer every JSON parser keeps exact: 2^53 - 1.
pub(crate) const MAX_SAFE_INT: i64 = 9_007_199_254_740_991;

/// A valid value of `ty`; `variant` 0 and 1 give different values for every type.
pub(crate) fn sample(ty: FieldType, field: &str, variant: usize) -> Value {
    let alt = variant % 2 == 1;
    match ty {
        FieldType::String if alt => json!(format!("{field} other")),
        FieldType::String => json!(format!("{field} sample")),
        FieldType::Text if alt => json!(format!("{field}: second text\nwith two lines")),
        FieldType::Text => json!(format!("{field}: sample text")),
        FieldType::Int if alt => json!(-7),
        FieldType::Int => json!(42),
        FieldType::Float if alt => json!(-0.25),
        FieldType::Float => json!(19.5),
        FieldType::Bool => json!(!alt),
        // The second uses an offset and a fraction, so it only matches as an instant.
        FieldType::Datetime if alt => json!("2023-06-30T23:59:59.5+02:00"),
        FieldType::Datetime => json!("2024-01-15T10:30:00Z"),
    }
}

/// A request body for `resource`: every required field, plus the optional ones when
/// `with_optional` is set.
pub(crate) fn body(resource: &Resource, variant: usize, with_optional: bool) -> Map<String, Value> {
    resource
        .fields
        .iter()
        .filter(|f| with_optional || !f.optional)
        .map(|f| (f.name.clone(), sample(f.ty, &f.name, variant)))
        .collect()
}

/// Values the contract accepts beyond the samples, each with a short label.
pub(crate) fn accepted_edges(ty: FieldType) -> Vec<(&'static str, Value)> {
    match ty {
        FieldType::String => vec![
            ("an empty string", json!("")),
            ("255 characters of `é`", json!("é".repeat(MAX_STRING))),
            (
                "255 mixed characters",
                json!(format!("{}ü\"\\", "ab".repeat(126))),
            ),
        ],
        FieldType::Text => vec![
            ("10000 characters", json!("tëxt ".repeat(2000))),
            (
                "newlines and unicode",
                json!("line one\nline two\r\n\ttab \"quoted\" \\ é 中文 🎉"),
            ),
            ("an empty string", json!("")),
        ],
        FieldType::Int => vec![
            ("2^53-1", json!(MAX_SAFE_INT)),
            ("-(2^53-1)", json!(-MAX_SAFE_INT)),
            ("zero", json!(0)),
        ],
        FieldType::Float => vec![
            ("an integer literal", json!(3)),
            ("a negative fraction", json!(-1234.0625)),
            ("an exponent", json!(1.5e10)),
        ],
        FieldType::Bool => vec![("false", json!(false)), ("true", json!(true))],
        FieldType::Datetime => vec![
            ("a negative offset", json!("2020-02-29T08:15:30-05:30")),
            ("milliseconds", json!("2024-12-31T23:59:59.123Z")),
        ],
    }
}

/// Values of the wrong type or out of range for `ty`: 422.
pub(crate) fn rejected(ty: FieldType) -> Vec<Value> {
    match ty {
        FieldType::String => vec![json!(5), json!(true), json!("x".repeat(MAX_STRING + 1))],
        FieldType::Text => vec![json!(5), json!(true)],
        FieldType::Int => vec![
            json!(1.5),
            json!("1"),
            json!(true),
            json!(MAX_SAFE_INT + 1),
            json!(-MAX_SAFE_INT - 1),
        ],
        FieldType::Float => vec![json!("1.5"), json!(true)],
        FieldType::Bool => vec![json!("true"), json!(1), json!(0)],
        FieldType::Datetime => vec![json!("not a date"), json!(5), json!("2024-13-45T00:00:00Z")],
    }
}

/// A short label for a sent value: long strings are reduced to their length.
pub(crate) fn label(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() > 40 => {
            format!("a {}-character string", s.chars().count())
        }
        other => other.to_string(),
    }
}

/// A request body for a report: JSON with every long string reduced to its start and length.
pub(crate) fn describe(body: &Value) -> String {
    fn reduce(v: &Value) -> Value {
        match v {
            Value::String(s) if s.chars().count() > 40 => {
                let head: String = s.chars().take(8).collect();
                json!(format!("{head}... ({} chars)", s.chars().count()))
            }
            Value::Array(items) => Value::Array(items.iter().map(reduce).collect()),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), reduce(v))).collect())
            }
            other => other.clone(),
        }
    }
    reduce(body).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource() -> Resource {
        "book=title:string,summary:text?,pages:int,price:float,in_stock:bool,at:datetime?"
            .parse()
            .expect("valid resource")
    }

    #[test]
    fn samples_differ_between_variants_for_every_type() {
        for ty in FieldType::ALL {
            assert_ne!(sample(ty, "f", 0), sample(ty, "f", 1), "{ty:?}");
        }
    }

    #[test]
    fn bodies_hold_required_fields_and_optionally_the_rest() {
        let r = resource();
        let minimal = body(&r, 0, false);
        let keys: Vec<&str> = minimal.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4);
        assert!(!minimal.contains_key("summary") && !minimal.contains_key("at"));
        assert_eq!(body(&r, 1, true).len(), 6);
        assert_eq!(body(&r, 0, true)["pages"], json!(42));
    }

    #[test]
    fn edge_strings_count_characters_not_bytes() {
        for (_, v) in accepted_edges(FieldType::String) {
            let s = v.as_str().expect("string");
            assert!(s.chars().count() <= MAX_STRING);
        }
        let long = &accepted_edges(FieldType::String)[1].1;
        assert_eq!(long.as_str().map(|s| s.chars().count()), Some(255));
        assert!(long.as_str().is_some_and(|s| s.len() > 255));
        let too_long = &rejected(FieldType::String)[2];
        assert_eq!(too_long.as_str().map(|s| s.chars().count()), Some(256));
    }

    #[test]
    fn rejected_ints_sit_just_outside_the_safe_range() {
        let r = rejected(FieldType::Int);
        assert_eq!(r[3].to_string(), "9007199254740992");
        assert_eq!(r[4].to_string(), "-9007199254740992");
        assert_eq!(accepted_edges(FieldType::Float)[0].1.to_string(), "3");
    }

    #[test]
    fn accepted_datetimes_are_valid_and_rejected_ones_are_not() {
        use super::super::rfc3339::parse;
        for v in [
            sample(FieldType::Datetime, "d", 0),
            sample(FieldType::Datetime, "d", 1),
        ] {
            assert!(v.as_str().and_then(parse).is_some(), "{v}");
        }
        for (_, v) in accepted_edges(FieldType::Datetime) {
            assert!(v.as_str().and_then(parse).is_some(), "{v}");
        }
        for v in rejected(FieldType::Datetime) {
            assert!(v.as_str().and_then(parse).is_none(), "{v}");
        }
    }

    #[test]
    fn describes_bodies_with_long_strings_reduced() {
        let body = json!({"a": "é".repeat(255), "b": [1, "short"]});
        assert_eq!(
            describe(&body),
            r#"{"a":"éééééééé... (255 chars)","b":[1,"short"]}"#
        );
    }

    #[test]
    fn labels_shorten_long_strings() {
        assert_eq!(label(&json!("é".repeat(255))), "a 255-character string");
        assert_eq!(label(&json!(1.5)), "1.5");
    }
}
