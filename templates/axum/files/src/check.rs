//! Strict checks of the fields of a request body, one method per field type. A failing
//! field is recorded with a short message and every failure is reported at once (422).

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::error::ApiError;

/// The longest `string` value, in characters.
pub const MAX_STRING_CHARS: usize = 255;
/// The largest integer every JSON parser keeps exact: 2^53 - 1.
pub const MAX_SAFE_INT: i64 = 9_007_199_254_740_991;

/// Checks the fields of one JSON object. Each method returns the field's value, or a
/// placeholder when it fails; [`Checker::finish`] then turns the failures into a 422.
pub struct Checker<'a> {
    body: &'a Map<String, Value>,
    failures: Map<String, Value>,
}

impl<'a> Checker<'a> {
    pub fn new(body: &'a Map<String, Value>) -> Self {
        Self {
            body,
            failures: Map::new(),
        }
    }

    /// A required `string`: at most 255 characters, no U+0000.
    pub fn string(&mut self, name: &str) -> String {
        self.required(name, short_text)
    }

    /// An optional `string`.
    pub fn string_or_null(&mut self, name: &str) -> Option<String> {
        self.optional(name, short_text)
    }

    /// A required `text`: any length, no U+0000.
    pub fn text(&mut self, name: &str) -> String {
        self.required(name, long_text)
    }

    /// An optional `text`.
    pub fn text_or_null(&mut self, name: &str) -> Option<String> {
        self.optional(name, long_text)
    }

    /// A required `int`: a whole number within ±(2^53 - 1).
    pub fn int(&mut self, name: &str) -> i64 {
        self.required(name, safe_int)
    }

    /// An optional `int`.
    pub fn int_or_null(&mut self, name: &str) -> Option<i64> {
        self.optional(name, safe_int)
    }

    /// A required `float`: any finite number.
    pub fn float(&mut self, name: &str) -> f64 {
        self.required(name, finite_float)
    }

    /// An optional `float`.
    pub fn float_or_null(&mut self, name: &str) -> Option<f64> {
        self.optional(name, finite_float)
    }

    /// A required `bool`: `true` or `false`, nothing else.
    pub fn bool(&mut self, name: &str) -> bool {
        self.required(name, boolean)
    }

    /// An optional `bool`.
    pub fn bool_or_null(&mut self, name: &str) -> Option<bool> {
        self.optional(name, boolean)
    }

    /// A required `datetime`: RFC 3339 with an offset, stored in UTC with milliseconds.
    pub fn datetime(&mut self, name: &str) -> String {
        self.required(name, timestamp)
    }

    /// An optional `datetime`.
    pub fn datetime_or_null(&mut self, name: &str) -> Option<String> {
        self.optional(name, timestamp)
    }

    /// `Ok` when every field passed, else the 422 naming each failing field.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.failures))
        }
    }

    fn required<T: Default>(&mut self, name: &str, check: Check<T>) -> T {
        match self.optional(name, check) {
            Some(value) => value,
            None => {
                self.failures
                    .entry(name)
                    .or_insert_with(|| "is required".into());
                T::default()
            }
        }
    }

    /// `None` for an absent or null field, and for a failing one (then recorded).
    fn optional<T>(&mut self, name: &str, check: Check<T>) -> Option<T> {
        let value = self.body.get(name).filter(|value| !value.is_null())?;
        match check(value) {
            Ok(value) => Some(value),
            Err(message) => {
                self.failures.insert(name.into(), message.into());
                None
            }
        }
    }
}

/// Checks one JSON value and converts it to what is stored.
type Check<T> = fn(&Value) -> Result<T, &'static str>;

fn short_text(value: &Value) -> Result<String, &'static str> {
    let text = long_text(value)?;
    if text.chars().count() > MAX_STRING_CHARS {
        return Err("must be at most 255 characters");
    }
    Ok(text)
}

fn long_text(value: &Value) -> Result<String, &'static str> {
    let Value::String(text) = value else {
        return Err("must be a string");
    };
    if text.contains('\0') {
        return Err("must not contain U+0000");
    }
    Ok(text.clone())
}

fn safe_int(value: &Value) -> Result<i64, &'static str> {
    // JSON Schema counts `7.0` as an integer too; within the safe range the cast is exact.
    let whole = |n: f64| n.fract() == 0.0 && n.abs() <= MAX_SAFE_INT as f64;
    value
        .as_i64()
        .or_else(|| value.as_f64().filter(|n| whole(*n)).map(|n| n as i64))
        .filter(|n| (-MAX_SAFE_INT..=MAX_SAFE_INT).contains(n))
        .ok_or("must be a whole number between -(2^53-1) and 2^53-1")
}

fn finite_float(value: &Value) -> Result<f64, &'static str> {
    value
        .as_f64()
        .filter(|n| n.is_finite())
        .ok_or("must be a finite number")
}

fn boolean(value: &Value) -> Result<bool, &'static str> {
    value.as_bool().ok_or("must be true or false")
}

fn timestamp(value: &Value) -> Result<String, &'static str> {
    const MESSAGE: &str = "must be an RFC 3339 date-time with an offset, e.g. 2024-05-01T14:30:00Z";
    let text = value.as_str().ok_or(MESSAGE)?;
    to_utc_millis(text).ok_or(MESSAGE)
}

/// `2024-05-01T14:30:00.123456+02:00` -> `2024-05-01T12:30:00.123Z`: RFC 3339 with `T` (or
/// `t`) and an offset, in UTC with exactly three fraction digits (finer ones truncated).
pub fn to_utc_millis(text: &str) -> Option<String> {
    // The parser takes any separator between date and time; RFC 3339 `date-time` wants `T`.
    if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
        return None;
    }
    let utc = OffsetDateTime::parse(text, &Rfc3339)
        .ok()?
        .checked_to_offset(UtcOffset::UTC)?;
    if !(0..=9999).contains(&utc.year()) {
        return None;
    }
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond(),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn datetimes_are_normalised_to_utc_milliseconds() {
        let cases = [
            (
                "2024-05-01T14:30:00.123456+02:00",
                "2024-05-01T12:30:00.123Z",
            ),
            ("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.000Z"),
            ("2020-02-29t08:15:30-05:30z", ""),
            ("2020-02-29t08:15:30-05:30", "2020-02-29T13:45:30.000Z"),
            ("2023-06-30T23:59:59.5+02:00", "2023-06-30T21:59:59.500Z"),
            ("2024-12-31T23:59:59.999999z", "2024-12-31T23:59:59.999Z"),
        ];
        for (input, expected) in cases {
            let expected = (!expected.is_empty()).then(|| expected.to_string());
            assert_eq!(to_utc_millis(input), expected, "{input}");
        }
    }

    #[test]
    fn ints_are_whole_numbers_in_the_safe_range() {
        for (value, expected) in [
            (json!(7), Some(7)),
            (json!(7.0), Some(7)),
            (json!(-9_007_199_254_740_991_i64), Some(-MAX_SAFE_INT)),
            (json!(9_007_199_254_740_992_i64), None),
            (json!(1.5), None),
            (json!(1e300), None),
            (json!("1"), None),
            (json!(true), None),
        ] {
            assert_eq!(safe_int(&value).ok(), expected, "{value}");
        }
    }

    #[test]
    fn loose_or_impossible_datetimes_are_rejected() {
        for input in [
            "2024-05-01 14:30:00Z",
            "2024-05-01T14:30:00",
            "2024-02-30T00:00:00Z",
            "2024-13-45T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T14:30:00+24:00",
            "2024-05-01T14:30Z",
            "2024-05-01",
            "9999-12-31T23:59:59-01:00",
            "not a date",
        ] {
            assert_eq!(to_utc_millis(input), None, "{input}");
        }
    }
}
