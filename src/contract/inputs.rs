//! The v2 rules on input values: no U+0000 in strings, strict RFC 3339 datetimes, and
//! datetimes returned converted to UTC with milliseconds.

use serde_json::{Map, Value, json};

use super::clause;
use super::crud::{fetch, item_path};
use super::run::Session;
use super::values::body;
use crate::generate::spec::{FieldType, Resource};

/// Datetimes that are not RFC 3339 `date-time`, with what is wrong with them.
const NOT_RFC_3339: [(&str, &str); 5] = [
    ("2024-05-01 14:30:00Z", "a space instead of `T`"),
    ("2024-05-01T14:30:00", "no offset"),
    ("2024-02-30T10:00:00Z", "an impossible date"),
    ("2024-05-01T14:30:00+0200", "an offset without a colon"),
    ("2024-05-01", "a date without a time"),
];

/// Datetimes the contract accepts, each with the exact form it must come back in.
const CONVERTED: [(&str, &str, &str, clause::Clause); 4] = [
    (
        "2024-05-01T14:30:00.123456+02:00",
        "2024-05-01T12:30:00.123Z",
        "an offset and microseconds",
        clause::DATETIME_OUTPUT,
    ),
    (
        "2024-05-01T14:30:00.123756+02:00",
        "2024-05-01T12:30:00.123Z",
        "microseconds that round up (they are cut off, not rounded)",
        clause::DATETIME_OUTPUT,
    ),
    (
        "2024-05-01t14:30:00z",
        "2024-05-01T14:30:00.000Z",
        "lowercase `t` and `z`",
        clause::DATETIME_INPUT,
    ),
    (
        "2024-12-31T23:30:00-01:00",
        "2025-01-01T00:30:00.000Z",
        "an offset crossing the year",
        clause::DATETIME_OUTPUT,
    ),
];

/// 422 naming the field for U+0000 in each `string` and `text` field, and for each datetime
/// in [`NOT_RFC_3339`].
pub(crate) fn rejects(s: &mut Session, r: &Resource, path: &str) {
    let base = body(r, 0, true);
    for field in &r.fields {
        let cases: Vec<(Value, String)> = match field.ty {
            FieldType::String | FieldType::Text => {
                s.clause = clause::NO_NUL;
                vec![(json!("a\u{0}b"), format!("`{}` holds U+0000", field.name))]
            }
            FieldType::Datetime => {
                s.clause = clause::DATETIME_INPUT;
                NOT_RFC_3339
                    .iter()
                    .map(|(v, why)| (json!(v), format!("`{}` = \"{v}\": {why}", field.name)))
                    .collect()
            }
            _ => continue,
        };
        for (value, note) in cases {
            let mut sent = base.clone();
            sent.insert(field.name.clone(), value);
            let ex = s.send_noted("POST", path, &Value::Object(sent), &note);
            s.unprocessable(&ex, &[&field.name]);
        }
    }
}

/// Each datetime field accepts the forms in [`CONVERTED`] and returns exactly their output
/// form, on create and on a later GET.
pub(crate) fn accepts(s: &mut Session, r: &Resource, path: &str) {
    let base = body(r, 0, true);
    for field in r.fields.iter().filter(|f| f.ty == FieldType::Datetime) {
        for (input, output, what, clause) in CONVERTED {
            s.clause = clause;
            let mut sent = base.clone();
            sent.insert(field.name.clone(), json!(input));
            let note = format!("`{}` with {what}", field.name);
            let ex = s.send_noted("POST", path, &Value::Object(sent.clone()), &note);
            // Compared with the truncated instant: the finer digits are not kept.
            let mut stored: Map<String, Value> = sent;
            stored.insert(field.name.clone(), json!(output));
            let Some(record) = s.record(&ex, 201, r, &stored) else {
                continue;
            };
            let got = record.get(&field.name).and_then(Value::as_str);
            s.clause = clause::DATETIME_OUTPUT;
            s.assert(
                &ex,
                got == Some(output),
                &format!("`{}` returned as \"{output}\"", field.name),
                || {
                    format!(
                        "`{}` is {}",
                        field.name,
                        Value::from(got.unwrap_or("missing"))
                    )
                },
            );
            fetch(s, r, path, &record);
            let ex = s.delete(&item_path(path, &record));
            s.status(&ex, 204, "with an empty body");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rfc3339::{output_form, parse};
    use super::*;

    #[test]
    fn the_probe_values_are_what_they_claim() {
        for (v, why) in NOT_RFC_3339 {
            assert!(parse(v).is_none(), "{v} ({why})");
        }
        for (input, output, _, _) in CONVERTED {
            assert_eq!(parse(input).map(output_form).as_deref(), Some(output));
        }
    }
}
