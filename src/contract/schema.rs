//! A small JSON Schema validator for the schemas an OpenAPI 3.0 or 3.1 document declares:
//! `$ref` within the document, `type` (a name or, in 3.1, a list with `"null"`), `nullable`
//! (3.0), `properties`, `required`, `additionalProperties`, `items`, `allOf`, `anyOf`,
//! `oneOf`, `not`, `enum`, `const`, string lengths and number bounds. `format` and anything
//! else are ignored, so an unknown keyword never fails a valid value.
//!
//! Written here rather than taken from a JSON Schema crate: those pull in regex engines and
//! HTTP clients for remote refs, and the checker needs a tenth of what they do.

use serde_json::{Map, Value};

/// Nesting beyond which a schema is taken to be a `$ref` cycle.
const MAX_DEPTH: usize = 64;

/// Which way a value travels: OpenAPI's `readOnly` properties are required in responses
/// only, `writeOnly` ones in requests only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Request,
    Response,
}

/// Validates values against schemas inside one OpenAPI document.
pub(crate) struct Validator<'a> {
    doc: &'a Value,
    direction: Direction,
}

impl<'a> Validator<'a> {
    /// A validator for response bodies.
    pub fn new(doc: &'a Value) -> Validator<'a> {
        Validator {
            doc,
            direction: Direction::Response,
        }
    }

    /// The same document, for values travelling the other way.
    pub fn toward(&self, direction: Direction) -> Validator<'a> {
        Validator {
            doc: self.doc,
            direction,
        }
    }

    /// `schema` with `$ref`s followed (a few levels), or `None` when a reference does not
    /// resolve within the document.
    pub fn resolve(&self, mut schema: &'a Value) -> Option<&'a Value> {
        for _ in 0..MAX_DEPTH {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(r) => schema = self.pointer(r)?,
                None => return Some(schema),
            }
        }
        None
    }

    fn pointer(&self, reference: &str) -> Option<&'a Value> {
        self.doc.pointer(reference.strip_prefix('#')?)
    }

    /// What is wrong with `value` under `schema`, each problem with its place (`$.title`).
    /// Empty when it validates.
    pub fn errors(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(schema, value, "$", 0, &mut out);
        out
    }

    pub fn is_valid(&self, schema: &Value, value: &Value) -> bool {
        self.errors(schema, value).is_empty()
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, depth: usize, out: &mut Vec<String>) {
        if depth > MAX_DEPTH {
            out.push(format!("{at}: schema nested too deep (a `$ref` cycle?)"));
            return;
        }
        let s = match schema {
            Value::Bool(false) => {
                out.push(format!("{at}: the schema is `false`"));
                return;
            }
            Value::Object(s) => s,
            _ => return,
        };
        if value.is_null() && s.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match self.pointer(r) {
                Some(target) => self.check(target, value, at, depth + 1, out),
                None => out.push(format!("{at}: `$ref` {r} does not resolve in the document")),
            }
        }
        if let Some(ty) = s.get("type") {
            if !type_matches(ty, value) {
                out.push(format!("{at}: {} is not of type {ty}", kind(value)));
                return;
            }
        }
        if let Some(options) = s.get("enum").and_then(Value::as_array) {
            if !options.contains(value) {
                out.push(format!(
                    "{at}: {} is not one of {}",
                    short(value),
                    Value::from(options.clone())
                ));
            }
        }
        if let Some(c) = s.get("const").filter(|c| *c != value) {
            out.push(format!("{at}: {} is not {c}", short(value)));
        }
        self.combinators(s, value, at, depth, out);
        match value {
            Value::String(text) => lengths(s, text, at, out),
            Value::Number(n) => bounds(s, n.as_f64().unwrap_or(0.0), at, out),
            Value::Array(items) => {
                if let Some(item) = s.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        self.check(item, v, &format!("{at}[{i}]"), depth + 1, out);
                    }
                }
            }
            Value::Object(m) => self.object(s, m, at, depth, out),
            _ => {}
        }
    }

    fn combinators(
        &self,
        s: &Map<String, Value>,
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            for sub in all {
                self.check(sub, value, at, depth + 1, out);
            }
        }
        let matching = |list: &Vec<Value>| {
            list.iter()
                .filter(|sub| {
                    let mut errs = Vec::new();
                    self.check(sub, value, at, depth + 1, &mut errs);
                    errs.is_empty()
                })
                .count()
        };
        if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
            if matching(any) == 0 {
                out.push(format!("{at}: {} matches none of `anyOf`", short(value)));
            }
        }
        if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
            let n = matching(one);
            if n != 1 {
                out.push(format!(
                    "{at}: {} matches {n} of `oneOf`, not exactly one",
                    short(value)
                ));
            }
        }
        if let Some(not) = s.get("not") {
            let mut errs = Vec::new();
            self.check(not, value, at, depth + 1, &mut errs);
            if errs.is_empty() {
                out.push(format!("{at}: {} matches `not`", short(value)));
            }
        }
    }

    fn object(
        &self,
        s: &Map<String, Value>,
        m: &Map<String, Value>,
        at: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        for name in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str().filter(|n| !m.contains_key(*n)) {
                let property = s
                    .get("properties")
                    .and_then(|p| p.get(name))
                    .and_then(|p| self.resolve(p));
                let flag = |key| property.and_then(|p| p.get(key)) == Some(&Value::Bool(true));
                let exempt = match self.direction {
                    Direction::Request => flag("readOnly"),
                    Direction::Response => flag("writeOnly"),
                };
                if !exempt {
                    out.push(format!("{at}: required `{name}` is missing"));
                }
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (key, v) in m {
            let place = format!("{at}.{key}");
            match props.and_then(|p| p.get(key)) {
                Some(sub) => self.check(sub, v, &place, depth + 1, out),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        out.push(format!("{at}: `{key}` is not a declared property"));
                    }
                    Some(extra @ Value::Object(_)) => self.check(extra, v, &place, depth + 1, out),
                    _ => {}
                },
            }
        }
    }
}

/// Whether `value` is of the type (or one of the types) named by `ty`.
fn type_matches(ty: &Value, value: &Value) -> bool {
    let one = |name: &str| match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => {
            value.as_i64().is_some()
                || value.as_u64().is_some()
                || value
                    .as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.is_finite())
        }
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    };
    match ty {
        Value::String(name) => one(name),
        Value::Array(names) => names.iter().filter_map(Value::as_str).any(one),
        _ => true,
    }
}

fn lengths(s: &Map<String, Value>, text: &str, at: &str, out: &mut Vec<String>) {
    let len = text.chars().count() as u64;
    if let Some(max) = s
        .get("maxLength")
        .and_then(Value::as_u64)
        .filter(|m| len > *m)
    {
        out.push(format!("{at}: {len} characters, more than maxLength {max}"));
    }
    if let Some(min) = s
        .get("minLength")
        .and_then(Value::as_u64)
        .filter(|m| len < *m)
    {
        out.push(format!(
            "{at}: {len} characters, fewer than minLength {min}"
        ));
    }
}

fn bounds(s: &Map<String, Value>, n: f64, at: &str, out: &mut Vec<String>) {
    if let Some(max) = s.get("maximum").and_then(Value::as_f64).filter(|m| n > *m) {
        out.push(format!("{at}: {n} is above maximum {max}"));
    }
    if let Some(min) = s.get("minimum").and_then(Value::as_f64).filter(|m| n < *m) {
        out.push(format!("{at}: {n} is below minimum {min}"));
    }
}

fn kind(v: &Value) -> &'static str {
    super::compare::kind(v)
}

/// A value for a message: short ones as JSON, long ones by kind.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() <= 40 {
        text
    } else {
        kind(v).to_string()
    }
}

#[cfg(test)]
mod tests;
