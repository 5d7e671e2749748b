use super::*;
use serde_json::json;

fn doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "components": {"schemas": {
            "Book": {"type": "object", "required": ["id", "title"],
                "additionalProperties": false,
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string", "maxLength": 5},
                    "summary": {"type": "string", "nullable": true},
                    "at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
                    "kind": {"enum": ["a", "b"]},
                    "tags": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Tag"}}
                }},
            "Tag": {"type": "string"},
            "Named": {"allOf": [{"$ref": "#/components/schemas/Tag"}, {"minLength": 2}]},
            "Either": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Error": {"type": "object", "required": ["error"],
                "properties": {"error": {"type": "string"},
                               "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}
        }}
    })
}

fn errors(schema: Value, value: Value) -> Vec<String> {
    let d = doc();
    Validator::new(&d).errors(&schema, &value)
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

#[test]
fn validates_a_record_through_refs_and_nullables() {
    let ok = json!({"id": 1, "title": "abc", "summary": null, "at": null,
                    "kind": "a", "tags": ["x", "y"]});
    assert_eq!(errors(reference("Book"), ok), Vec::<String>::new());
    let list = json!({"type": "array", "items": reference("Book")});
    assert!(errors(list.clone(), json!([{"id": 2, "title": "t", "tags": null}])).is_empty());
    let bad = errors(
        list,
        json!([{"id": 1.5, "title": "toolong", "kind": "c",
                                   "tags": [3], "extra": true, "at": 5}]),
    );
    assert_eq!(bad.len(), 6, "{bad:?}");
    for place in [
        "$[0].id",
        "$[0].title",
        "$[0].kind",
        "$[0].tags[0]",
        "$[0]: `extra`",
        "$[0].at",
    ] {
        assert!(
            bad.iter().any(|e| e.starts_with(place)),
            "{place} in {bad:?}"
        );
    }
    assert_eq!(
        errors(reference("Book"), json!({"id": 1})),
        ["$: required `title` is missing"]
    );
}

#[test]
fn follows_the_combinators() {
    assert!(errors(reference("Named"), json!("ab")).is_empty());
    assert_eq!(errors(reference("Named"), json!("a")).len(), 1);
    // 3 is both an integer and a number: not exactly one.
    assert_eq!(errors(reference("Either"), json!(3)).len(), 1);
    assert!(errors(reference("Either"), json!(3.5)).is_empty());
    assert!(errors(json!({"not": {"type": "string"}}), json!(1)).is_empty());
    assert!(
        errors(
            reference("Error"),
            json!({"error": "x", "fields": {"a": "b"}})
        )
        .is_empty()
    );
    assert_eq!(
        errors(
            reference("Error"),
            json!({"error": "x", "fields": {"a": 1}})
        )
        .len(),
        1
    );
}

#[test]
fn reports_broken_refs_and_cycles_instead_of_looping() {
    assert_eq!(errors(reference("Nope"), json!(1)).len(), 1);
    assert!(!errors(reference("Loop"), json!(1)).is_empty());
    let d = doc();
    let v = Validator::new(&d);
    assert!(v.resolve(&reference("Loop")).is_none());
    assert_eq!(
        v.resolve(&reference("Tag")),
        Some(&json!({"type": "string"}))
    );
    // Unknown keywords and formats never fail a value; `true` accepts anything.
    assert!(v.is_valid(
        &json!({"format": "date-time", "x-thing": 1}),
        &json!("no date")
    ));
    assert!(v.is_valid(&json!(true), &json!([1])));
    assert!(!v.is_valid(&json!(false), &json!(1)));
}

#[test]
fn integers_are_whole_numbers_of_any_spelling() {
    for (value, ok) in [
        (json!(1), true),
        (json!(1.0), true),
        (json!(1.5), false),
        (json!("1"), false),
        (json!(u64::MAX), true),
    ] {
        assert_eq!(type_matches(&json!("integer"), &value), ok, "{value}");
    }
    assert!(type_matches(&json!(["integer", "null"]), &json!(null)));
    assert!(!type_matches(&json!(["integer"]), &json!(null)));
}

#[test]
fn read_only_properties_are_required_in_responses_only() {
    let d = json!({});
    let schema = json!({
        "type": "object",
        "required": ["id", "title", "secret"],
        "properties": {
            "id": {"type": "integer", "readOnly": true},
            "title": {"type": "string"},
            "secret": {"type": "string", "writeOnly": true}
        }
    });
    let response = Validator::new(&d);
    let request = response.toward(Direction::Request);
    let body = json!({"title": "x", "secret": "s"});
    assert!(
        request.is_valid(&schema, &body),
        "{:?}",
        request.errors(&schema, &body)
    );
    assert!(!response.is_valid(&schema, &body));
    let record = json!({"id": 1, "title": "x"});
    assert!(response.is_valid(&schema, &record));
    assert!(!request.is_valid(&schema, &json!({"id": 1})));
}

/// Bounds written as floats are read exactly: `9007199254740991.0` is 2^53-1, not one less.
#[test]
fn float_bounds_are_read_exactly() {
    let d = json!({});
    let schema: Value =
        serde_json::from_str(r#"{"type": "integer", "maximum": 9007199254740991.0}"#)
            .expect("schema");
    let v = Validator::new(&d);
    assert!(
        v.is_valid(&schema, &json!(9007199254740991_i64)),
        "{:?}",
        v.errors(&schema, &json!(9007199254740991_i64))
    );
    assert!(!v.is_valid(&schema, &json!(9007199254740992_i64)));
}
