//! The reference server's behaviour: routes, the checks made before a body is read, strict
//! JSON and field validation, an in-memory store, records written with their keys in order.
//! Each [`Break`] changes one decision here (or in the document).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::Break;
use super::datetime;
use super::openapi;
use super::wire::{Head, Response};
use crate::generate::spec::{FieldType, Resource};

/// The largest body accepted: 1 MiB.
pub(super) const BODY_LIMIT: usize = 1024 * 1024;
/// What [`Break::BodyLimit`] still refuses, so a runaway client cannot exhaust memory.
const NO_LIMIT: usize = 64 * 1024 * 1024;
/// Largest integer an `int` field takes: 2^53 - 1.
const MAX_INT: i64 = 9_007_199_254_740_991;
/// Longest `string` value, in characters.
const MAX_STRING: usize = 255;
/// How long [`Break::Concurrency`] leaves between reading the next id and storing it.
const RACE_WINDOW: Duration = Duration::from_millis(30);

/// The records of every resource, shared between the servers of one "database".
#[derive(Default)]
pub(super) struct Store {
    tables: BTreeMap<String, Table>,
}

#[derive(Default)]
struct Table {
    /// The last id handed out; ids are never reused.
    last_id: i64,
    /// Field values in spec order, datetimes already in their output form.
    rows: BTreeMap<i64, Vec<Value>>,
}

pub(super) type SharedStore = Arc<Mutex<Store>>;

/// What to do with a request once its head is read.
pub(super) enum Step {
    /// Answer without the body (it is read and thrown away, or the connection closed).
    Answer(Response),
    /// Read the body and hand it to [`App::write`].
    Read(Write),
}

/// A request whose body is wanted: a create, or a replacement of a record that exists.
pub(super) enum Write {
    Create(usize),
    Replace(usize, i64),
}

pub(super) struct App {
    /// `(collection path, resource)`.
    resources: Vec<(String, Resource)>,
    store: SharedStore,
    brk: Option<Break>,
    /// The OpenAPI document, as served.
    document: String,
}

impl App {
    pub fn new(resources: Vec<(String, Resource)>, store: SharedStore, brk: Option<Break>) -> App {
        let document = openapi::document(&resources, brk).to_string();
        App {
            resources,
            store,
            brk,
            document,
        }
    }

    pub fn store(&self) -> SharedStore {
        Arc::clone(&self.store)
    }

    fn broken(&self, b: Break) -> bool {
        self.brk == Some(b)
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        // A panicking handler thread cannot leave a half-written record: writes are single
        // statements under the lock, so a poisoned lock is still consistent.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An error answer with the contract's fixed text.
    fn error(&self, status: u16, text: &str) -> Response {
        let text = if status == 404 && self.broken(Break::ErrorText) {
            "Not Found"
        } else {
            text
        };
        let mut resp = Response::json(status, json!({ "error": text }).to_string());
        if status == 405 && self.broken(Break::ResponseType) {
            resp.content_type = Some("text/plain; charset=utf-8");
        }
        resp
    }

    fn not_found(&self) -> Response {
        self.error(404, "not found")
    }

    fn not_allowed(&self, method: &str, allow: &'static str) -> Response {
        if method == "OPTIONS" && self.broken(Break::Routing) {
            let mut resp = Response::no_content();
            resp.allow = Some(allow);
            return resp;
        }
        let mut resp = self.error(405, "method not allowed");
        resp.allow = Some(allow);
        resp
    }

    /// The answer to a request head that is not HTTP.
    pub fn bad_request(&self, _why: &str) -> Response {
        self.error(400, "malformed JSON")
    }

    /// Routes a request and decides everything that does not need the body.
    pub fn before_body(&self, head: &Head) -> Step {
        let method = head.method.as_str();
        let mut path = head.path.as_str();
        if method == "GET" && path.len() > 1 && self.broken(Break::TrailingSlash) {
            path = path.strip_suffix('/').unwrap_or(path);
        }
        let answer = match path {
            "/health" if method == "GET" => {
                let status = if self.broken(Break::Health) {
                    "up"
                } else {
                    "ok"
                };
                Response::json(200, json!({ "status": status }).to_string())
            }
            "/health" => self.not_allowed(method, "GET"),
            "/openapi.json" if self.broken(Break::Openapi) => self.not_found(),
            "/openapi.json" if method == "GET" => Response::json(200, self.document.clone()),
            "/openapi.json" => self.not_allowed(method, "GET"),
            _ => return self.resource_route(head, path),
        };
        Step::Answer(answer)
    }

    fn resource_route(&self, head: &Head, path: &str) -> Step {
        let method = head.method.as_str();
        for (index, (collection, resource)) in self.resources.iter().enumerate() {
            let Some(rest) = path.strip_prefix(collection.as_str()) else {
                continue;
            };
            if rest.is_empty() {
                return match method {
                    "GET" => Step::Answer(self.list(resource)),
                    "POST" => match self.body_allowed(head) {
                        Ok(()) => Step::Read(Write::Create(index)),
                        Err(resp) => Step::Answer(resp),
                    },
                    _ => Step::Answer(self.not_allowed(method, "GET, POST")),
                };
            }
            let Some(segment) = rest.strip_prefix('/') else {
                continue;
            };
            if segment.is_empty() || segment.contains('/') {
                break;
            }
            if !matches!(method, "GET" | "PUT" | "DELETE") {
                return Step::Answer(self.not_allowed(method, "GET, PUT, DELETE"));
            }
            let Some(id) = self.parse_id(segment) else {
                return Step::Answer(self.not_found());
            };
            let mut store = self.lock();
            let table = store.tables.entry(resource.name.clone()).or_default();
            let Some(row) = table.rows.get(&id) else {
                return Step::Answer(self.not_found());
            };
            return Step::Answer(match method {
                "GET" => Response::json(200, self.record(resource, id, row)),
                "DELETE" => {
                    table.rows.remove(&id);
                    Response::no_content()
                }
                _ => match self.body_allowed(head) {
                    Ok(()) => return Step::Read(Write::Replace(index, id)),
                    Err(resp) => resp,
                },
            });
        }
        Step::Answer(self.not_found())
    }

    /// A path segment as a record id: ASCII digits only, within 64 bits, from 1.
    fn parse_id(&self, segment: &str) -> Option<i64> {
        if self.broken(Break::UnknownId) {
            // `str::parse` also takes a leading `+`.
            return segment.parse().ok().filter(|id| *id > 0);
        }
        if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        segment.parse().ok().filter(|id| *id > 0)
    }

    /// 415 for a body that is not declared JSON, 413 for one over the limit.
    fn body_allowed(&self, head: &Head) -> Result<(), Response> {
        let essence = head
            .header("content-type")
            .and_then(|ct| ct.split(';').next())
            .map(str::trim);
        let json = essence.is_some_and(|e| {
            if self.broken(Break::ContentTypePrefix) {
                e.to_ascii_lowercase().starts_with("application/json")
            } else {
                e.eq_ignore_ascii_case("application/json")
            }
        });
        if !json && !self.broken(Break::ContentType) {
            return Err(self.error(415, "content type must be application/json"));
        }
        let limit = if self.broken(Break::BodyLimit) {
            NO_LIMIT
        } else {
            BODY_LIMIT
        };
        if head.content_length > limit {
            let mut resp = self.error(413, "body too large");
            resp.close = true;
            return Err(resp);
        }
        Ok(())
    }

    /// Handles a create or a replacement with its body.
    pub fn write(&self, write: Write, body: &[u8]) -> Response {
        let index = match write {
            Write::Create(i) | Write::Replace(i, _) => i,
        };
        let resource = &self.resources[index].1;
        let fields = match self.parse(body) {
            Ok(fields) => fields,
            Err(resp) => return resp,
        };
        let mut values = match self.validate(resource, &fields) {
            Ok(values) => values,
            Err(problems) => {
                let body = json!({ "error": "validation failed", "fields": problems });
                return Response::json(422, body.to_string());
            }
        };
        match write {
            Write::Create(_) => {
                let id = self.insert(resource, values.clone());
                Response::json(201, self.record(resource, id, &values))
            }
            Write::Replace(_, id) => {
                let mut store = self.lock();
                let table = store.tables.entry(resource.name.clone()).or_default();
                let Some(old) = table.rows.get(&id) else {
                    // Deleted while the body was on its way.
                    return self.not_found();
                };
                if self.broken(Break::Crud) {
                    // A merge, not a replacement: omitted optional fields keep their value.
                    for (i, f) in resource.fields.iter().enumerate() {
                        if f.optional && !fields.contains_key(&f.name) {
                            values[i] = old[i].clone();
                        }
                    }
                }
                let resp = Response::json(200, self.record(resource, id, &values));
                table.rows.insert(id, values);
                resp
            }
        }
    }

    fn insert(&self, resource: &Resource, values: Vec<Value>) -> i64 {
        if self.broken(Break::Concurrency) {
            // Read the next id, then store under it later: parallel creates share ids.
            let id = self
                .lock()
                .tables
                .entry(resource.name.clone())
                .or_default()
                .last_id
                + 1;
            thread::sleep(RACE_WINDOW);
            let mut store = self.lock();
            let table = store.tables.entry(resource.name.clone()).or_default();
            table.last_id = id;
            table.rows.insert(id, values);
            return id;
        }
        let mut store = self.lock();
        let table = store.tables.entry(resource.name.clone()).or_default();
        table.last_id += 1;
        table.rows.insert(table.last_id, values);
        table.last_id
    }

    /// A body as a JSON object: 400 when it is not JSON (invalid UTF-8 included) or not an
    /// object. serde_json refuses nesting beyond 128 levels, which is a 400 as well.
    fn parse(&self, body: &[u8]) -> Result<Map<String, Value>, Response> {
        let parsed = if self.broken(Break::MalformedBodyTrailing) {
            serde_json::Deserializer::from_slice(body)
                .into_iter::<Value>()
                .next()
                .and_then(Result::ok)
        } else {
            serde_json::from_slice::<Value>(body).ok()
        };
        let Some(value) = parsed else {
            return Err(self.error(400, "malformed JSON"));
        };
        match value {
            Value::Object(fields) => Ok(fields),
            _ if self.broken(Break::MalformedBody) => Ok(Map::new()),
            _ => Err(self.error(400, "body must be a JSON object")),
        }
    }

    /// The field values to store, in spec order, or a message per failing field.
    fn validate(
        &self,
        resource: &Resource,
        fields: &Map<String, Value>,
    ) -> Result<Vec<Value>, Map<String, Value>> {
        let mut values = Vec::new();
        let mut problems = Map::new();
        for f in &resource.fields {
            let checked = match fields.get(&f.name) {
                None | Some(Value::Null) if f.optional => Ok(Value::Null),
                None | Some(Value::Null) => Err("is required"),
                Some(v) => self.value(f.ty, v),
            };
            match checked {
                Ok(v) => values.push(v),
                Err(message) => {
                    problems.insert(f.name.clone(), json!(message));
                }
            }
        }
        if problems.is_empty() {
            Ok(values)
        } else {
            Err(problems)
        }
    }

    /// A value of type `ty` as stored, or why it is refused.
    fn value(&self, ty: FieldType, v: &Value) -> Result<Value, &'static str> {
        match ty {
            FieldType::String | FieldType::Text => {
                let s = v.as_str().ok_or("must be a string")?;
                let too_long = if self.broken(Break::AcceptedValues) {
                    s.len() > MAX_STRING
                } else {
                    s.chars().count() > MAX_STRING
                };
                if ty == FieldType::String && too_long && !self.broken(Break::Validation) {
                    return Err("must be at most 255 characters");
                }
                if s.contains('\0') && !self.broken(Break::NoNul) {
                    return Err("must not contain U+0000");
                }
                Ok(v.clone())
            }
            FieldType::Int => v
                .as_i64()
                .filter(|n| (-MAX_INT..=MAX_INT).contains(n))
                .map(Value::from)
                .ok_or("must be a whole number within ±(2^53-1)"),
            FieldType::Float if v.is_number() => Ok(v.clone()),
            FieldType::Float => Err("must be a number"),
            FieldType::Bool if v.is_boolean() => Ok(v.clone()),
            FieldType::Bool => Err("must be true or false"),
            FieldType::Datetime => {
                let s = v.as_str().ok_or("must be an RFC 3339 date-time string")?;
                let lenient = self.broken(Break::DatetimeInput);
                let round = self.broken(Break::DatetimeRounded);
                let instant =
                    datetime::parse(s, lenient, round).ok_or("must be an RFC 3339 date-time")?;
                if self.broken(Break::DatetimeOutput) {
                    return Ok(v.clone());
                }
                Ok(Value::from(datetime::format(instant)))
            }
        }
    }

    fn list(&self, resource: &Resource) -> Response {
        let store = self.lock();
        let records: Vec<String> = store
            .tables
            .get(&resource.name)
            .map(|t| {
                t.rows
                    .iter()
                    .map(|(id, row)| self.record(resource, *id, row))
                    .collect()
            })
            .unwrap_or_default();
        Response::json(200, format!("[{}]", records.join(",")))
    }

    /// A record as JSON text, keys in contract order: `id`, then the fields as the spec
    /// lists them.
    fn record(&self, resource: &Resource, id: i64, values: &[Value]) -> String {
        let mut pairs: Vec<(&str, &Value)> = resource
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .zip(values)
            .collect();
        if self.broken(Break::KeyOrder) {
            pairs.reverse();
        }
        let mut out = format!("{{\"id\":{id}");
        for (name, value) in pairs {
            out.push_str(&format!(",{}:{value}", Value::from(name)));
        }
        if self.broken(Break::CrudExtraKey) {
            out.push_str(",\"created_at\":\"2024-01-01T00:00:00.000Z\"");
        }
        out.push('}');
        out
    }
}
