//! The reference server's `GET /openapi.json`, generated from the spec: OpenAPI 3.1, every
//! route of the contract with its statuses, request and record schemas per resource.

use serde_json::{Map, Value, json};

use super::Break;
use crate::generate::spec::{Field, FieldType, Resource};

/// The document for `resources` (`(collection path, resource)`).
pub(super) fn document(resources: &[(String, Resource)], brk: Option<Break>) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"],
               "properties": {"error": {"type": "string"}}}),
    );
    schemas.insert(
        "ValidationError".into(),
        json!({"type": "object", "required": ["error", "fields"], "properties": {
            "error": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}),
    );
    // The document describes what the server answers, even when that is not the contract.
    let status = if brk == Some(Break::Health) {
        "up"
    } else {
        "ok"
    };
    paths.insert(
        "/health".into(),
        json!({"get": {"responses": {"200": content(&json!({
            "type": "object", "required": ["status"],
            "properties": {"status": {"type": "string", "enum": [status]}}}))}}}),
    );
    for (collection, r) in resources {
        let record_name = format!("{}_record", r.name);
        let input_name = format!("{}_input", r.name);
        schemas.insert(record_name.clone(), record(r, brk));
        schemas.insert(input_name.clone(), input(r, brk));
        let record = reference(&record_name);
        let input = json!({"required": true, "content": {"application/json": {
            "schema": reference(&input_name)}}});
        let error = content(&reference("Error"));
        let invalid = content(&reference("ValidationError"));
        let id_type = if brk == Some(Break::OpenapiRoutes) {
            "string"
        } else {
            "integer"
        };
        paths.insert(
            collection.clone(),
            json!({
                "get": {"responses": {
                    "200": content(&json!({"type": "array", "items": record}))}},
                "post": {"requestBody": input, "responses": {
                    "201": content(&record), "400": error, "413": error, "415": error,
                    "422": invalid}},
            }),
        );
        paths.insert(
            format!("{collection}/{{id}}"),
            json!({
                "parameters": [{"name": "id", "in": "path", "required": true,
                                "schema": {"type": id_type, "minimum": 1}}],
                "get": {"responses": {"200": content(&record), "404": error}},
                "put": {"requestBody": input, "responses": {
                    "200": content(&record), "400": error, "404": error, "413": error,
                    "415": error, "422": invalid}},
                "delete": {"responses": {"204": {"description": "deleted"}, "404": error}},
            }),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "reference", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// A response with a JSON body of `schema`.
fn content(schema: &Value) -> Value {
    json!({"description": "", "content": {"application/json": {"schema": schema}}})
}

/// The record as returned: `id` and every field, optional ones nullable.
fn record(r: &Resource, brk: Option<Break>) -> Value {
    let id_type = if brk == Some(Break::OpenapiResponses) {
        "string"
    } else {
        "integer"
    };
    let mut properties = Map::new();
    properties.insert("id".into(), json!({ "type": id_type }));
    let mut required = vec![json!("id")];
    for f in &r.fields {
        properties.insert(f.name.clone(), field(f, false));
        required.push(json!(f.name));
    }
    if brk == Some(Break::CrudExtraKey) {
        properties.insert("created_at".into(), json!({"type": "string"}));
    }
    json!({"type": "object", "required": required, "properties": properties,
           "additionalProperties": false})
}

/// A POST or PUT body: the required fields, optional ones nullable, `string` up to 255
/// characters; other keys are allowed (and ignored by the server).
fn input(r: &Resource, brk: Option<Break>) -> Value {
    let limits = brk != Some(Break::OpenapiRequest);
    let properties: Map<String, Value> = r
        .fields
        .iter()
        .map(|f| (f.name.clone(), field(f, limits)))
        .collect();
    let required: Vec<&str> = r
        .fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| f.name.as_str())
        .collect();
    json!({"type": "object", "required": required, "properties": properties})
}

fn field(f: &Field, limits: bool) -> Value {
    let name = match f.ty {
        FieldType::String | FieldType::Text | FieldType::Datetime => "string",
        FieldType::Int => "integer",
        FieldType::Float => "number",
        FieldType::Bool => "boolean",
    };
    let mut schema =
        json!({ "type": if f.optional { json!([name, "null"]) } else { json!(name) } });
    match f.ty {
        FieldType::String if limits => schema["maxLength"] = json!(255),
        FieldType::Int => {
            schema["minimum"] = json!(-9_007_199_254_740_991_i64);
            schema["maximum"] = json!(9_007_199_254_740_991_i64);
        }
        FieldType::Datetime => schema["format"] = json!("date-time"),
        _ => {}
    }
    schema
}
