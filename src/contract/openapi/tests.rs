use serde_json::json;

use super::*;
use crate::contract::observed::Sample;
use crate::generate::spec::Resource;

fn spec() -> Spec {
    Spec {
        history: Vec::new(),
        name: "x".into(),
        description: String::new(),
        author: String::new(),
        port: 9,
        resources: vec![resource()],
    }
}

fn resource() -> Resource {
    "book=title:string,summary:text?,pages:int"
        .parse()
        .expect("valid")
}

/// A document the way a careful starter writes it, 3.0 style (`nullable`).
fn good_doc() -> Value {
    let error = json!({"$ref": "#/components/schemas/Error"});
    let resp = |schema: &Value| json!({"description": "", "content": {"application/json": {"schema": schema}}});
    let book = json!({"$ref": "#/components/schemas/Book"});
    let list = json!({"type": "array", "items": book});
    let input = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/BookInput"}}}});
    let id =
        json!([{"name": "book_id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    json!({
        "openapi": "3.0.3",
        "paths": {
            "/health": {"get": {"responses": {"200": resp(&json!({"type": "object"}))}}},
            "/books": {
                "get": {"responses": {"200": resp(&list)}},
                "post": {"requestBody": input, "responses": {"201": resp(&book), "400": resp(&error), "422": resp(&error)}}
            },
            "/books/{book_id}": {
                "parameters": id,
                "get": {"responses": {"200": resp(&book), "404": resp(&error)}},
                "put": {"requestBody": input, "responses": {"200": resp(&book), "400": resp(&error), "404": resp(&error), "422": resp(&error)}},
                "delete": {"responses": {"204": {"description": ""}, "404": resp(&error)}}
            }
        },
        "components": {"schemas": {
            "BookInput": {"type": "object", "required": ["title", "pages"], "properties": {
                "title": {"type": "string", "maxLength": 255},
                "summary": {"type": "string", "nullable": true},
                "pages": {"type": "integer"}}},
            "Book": {"type": "object", "required": ["id", "title", "summary", "pages"], "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "summary": {"type": ["string", "null"]},
                "pages": {"type": "integer"}}},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
        }}
    })
}

fn run(doc: &Value, observed: &Observed) -> Report {
    let mut s = Session::new("http://127.0.0.1:9");
    check_document(&mut s, doc, &spec(), observed);
    s.report
}

#[test]
fn lists_every_contract_operation() {
    let listed: Vec<String> = routes(&spec())
        .iter()
        .map(|r| format!("{} {}", r.method, r.template))
        .collect();
    assert_eq!(
        listed,
        [
            "get /health",
            "get /books",
            "post /books",
            "get /books/{id}",
            "put /books/{id}",
            "delete /books/{id}"
        ]
    );
    assert_eq!(template_of("/books/{book_id}"), "/books/{id}");
    assert_eq!(template_of("/books"), "/books");
}

#[test]
fn a_faithful_document_passes() {
    let report = run(&good_doc(), &Observed::default());
    assert!(report.passed(), "{report}");
    assert!(report.checks > 20);
}

#[test]
fn names_missing_routes_parameters_statuses_and_loose_request_schemas() {
    let mut doc = good_doc();
    let paths = doc["paths"].as_object_mut().expect("paths");
    paths.remove("/health");
    paths["/books/{book_id}"]["parameters"][0]["schema"] = json!({"type": "string"});
    paths["/books"]["post"]["responses"]
        .as_object_mut()
        .expect("responses")
        .remove("422");
    doc["components"]["schemas"]["BookInput"]["required"] = json!(["title"]);
    doc["components"]["schemas"]["BookInput"]["properties"]["title"] = json!({"type": "string"});
    let report = run(&doc, &Observed::default());
    let said: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{} {}", f.clause, f.expected))
        .collect();
    for want in [
        "openapi-routes the operation GET /health",
        "openapi-routes an integer path parameter for the id",
        "openapi-routes response 422 with an application/json schema",
        "openapi-request `pages` required",
        "openapi-request `title` maxLength 255",
    ] {
        assert!(said.iter().any(|s| s == want), "{want} not in {said:#?}");
    }
}

#[test]
fn checks_observed_responses_against_their_schemas_once_per_route() {
    let sample = |status, path: &str, template: &str, body| Sample {
        method: "get".into(),
        template: template.into(),
        path: path.into(),
        status,
        body: Some(body),
    };
    let observed = Observed {
        samples: vec![
            sample(
                200,
                "/books/1",
                "/books/{id}",
                json!({"id": 1, "title": "a", "summary": null, "pages": 3}),
            ),
            sample(
                200,
                "/books/2",
                "/books/{id}",
                json!({"id": "2", "title": "a", "summary": null, "pages": 3}),
            ),
            sample(
                200,
                "/books/3",
                "/books/{id}",
                json!({"id": 3, "title": "a", "pages": 3}),
            ),
            sample(
                404,
                "/books/abc",
                "/books/{id}",
                json!({"error": "not found"}),
            ),
            sample(
                404,
                "/books/0",
                "/books/{id}",
                json!({"detail": "Not Found"}),
            ),
            sample(
                200,
                "/books",
                "/books",
                json!([{"id": 1, "title": "a", "summary": "s", "pages": 3}]),
            ),
            // Not declared: left to the route checks.
            sample(405, "/books/1", "/books/{id}", json!({"x": 1})),
        ],
        ..Observed::default()
    };
    let report = run(&good_doc(), &observed);
    let failures: Vec<&Failure> = report
        .failures
        .iter()
        .filter(|f| f.clause == clause::OPENAPI_RESPONSES)
        .collect();
    assert_eq!(failures.len(), 2, "{report}");
    assert!(failures[0].got.contains("$.id"), "{}", failures[0].got);
    assert!(
        failures[1].route.contains("response 404"),
        "{}",
        failures[1].route
    );
}
