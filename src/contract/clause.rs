//! The contract's clauses as the checker names them: every failure carries one, so a report
//! says which promise of `docs/CONTRACT.md` a starter broke, not only which request failed.
//!
//! The names are stable: template authors search the checklist in `docs/CONTRACT.md` for them.

/// A named clause of the contract.
pub(crate) type Clause = &'static str;

/// `GET /health` is `200 {"status":"ok"}`.
pub(crate) const HEALTH: Clause = "health";
/// Create, fetch, list (ordered by id), full replacement, delete then 404.
pub(crate) const CRUD: Clause = "crud";
/// Ids that name no record are 404 on GET, PUT (before the body) and DELETE.
pub(crate) const UNKNOWN_ID: Clause = "unknown-id";
/// Unknown paths 404, known paths with a method they do not serve 405.
pub(crate) const ROUTING: Clause = "routing";
/// (v2) A trailing slash is not a route: 404 with the JSON error body, never a redirect.
pub(crate) const TRAILING_SLASH: Clause = "trailing-slash";
/// A body that is not JSON, or not a JSON object: 400.
pub(crate) const MALFORMED_BODY: Clause = "malformed-body";
/// Every response but 204 is `application/json`; a 204 is empty.
pub(crate) const RESPONSE_TYPE: Clause = "response-type";
/// (v2) POST/PUT without `Content-Type: application/json`: 415, before the body is parsed.
pub(crate) const CONTENT_TYPE: Clause = "content-type";
/// (v2) Bodies up to 1 MiB accepted; a larger one 413 and nothing stored.
pub(crate) const BODY_LIMIT: Clause = "body-limit";
/// Missing, null and wrongly typed values: 422 naming every failing field.
pub(crate) const VALIDATION: Clause = "validation";
/// Edge values, explicit nulls, unknown keys and a client-sent `id` are accepted or ignored.
pub(crate) const ACCEPTED_VALUES: Clause = "accepted-values";
/// (v2) U+0000 in a `string` or `text` value: 422.
pub(crate) const NO_NUL: Clause = "no-nul";
/// (v2) Datetimes in strict RFC 3339: space separator, missing offset, impossible date: 422.
pub(crate) const DATETIME_INPUT: Clause = "datetime-input";
/// (v2) Datetimes returned in UTC as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub(crate) const DATETIME_OUTPUT: Clause = "datetime-output";
/// (v2) Record keys in order: `id`, then the fields in spec order.
pub(crate) const KEY_ORDER: Clause = "key-order";
/// (v2) The fixed `error` texts per status.
pub(crate) const ERROR_TEXT: Clause = "error-text";
/// N parallel creates yield N records with distinct ids.
pub(crate) const CONCURRENCY: Clause = "concurrency";
/// Records survive a restart; a new record gets a fresh id.
pub(crate) const PERSISTENCE: Clause = "persistence";
/// (v2) `GET /openapi.json` is 200 with an OpenAPI 3.x JSON document.
pub(crate) const OPENAPI: Clause = "openapi";
/// (v2) The document lists every route and method with an integer `id` path parameter,
/// and every status of the contract's table with a JSON body schema.
pub(crate) const OPENAPI_ROUTES: Clause = "openapi-routes";
/// (v2) The request body schema of POST and PUT: field types, `required`, nullable optional
/// fields, `maxLength: 255` for `string`.
pub(crate) const OPENAPI_REQUEST: Clause = "openapi-request";
/// (v2) What the server returned during the contract run validates against the declared
/// response schema of its route and status.
pub(crate) const OPENAPI_RESPONSES: Clause = "openapi-responses";

/// Every clause, in the order `docs/CONTRACT.md` lists them.
#[cfg(test)]
pub(crate) const ALL: &[Clause] = &[
    HEALTH,
    CRUD,
    UNKNOWN_ID,
    ROUTING,
    TRAILING_SLASH,
    MALFORMED_BODY,
    RESPONSE_TYPE,
    CONTENT_TYPE,
    BODY_LIMIT,
    VALIDATION,
    ACCEPTED_VALUES,
    NO_NUL,
    DATETIME_INPUT,
    DATETIME_OUTPUT,
    KEY_ORDER,
    ERROR_TEXT,
    CONCURRENCY,
    PERSISTENCE,
    OPENAPI,
    OPENAPI_ROUTES,
    OPENAPI_REQUEST,
    OPENAPI_RESPONSES,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clause_is_named_once_and_documented() {
        let mut unique = ALL.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ALL.len());
        let doc = include_str!("../../docs/CONTRACT.md");
        for clause in ALL {
            assert!(doc.contains(&format!("`{clause}`")), "{clause} not in docs");
        }
    }
}
