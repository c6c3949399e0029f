//! The API's OpenAPI 3.1 document, derived from the handlers' `#[utoipa::path]` annotations and
//! the types they take and answer with, and finished by [`Conventions`]: what every route
//! shares (the error shape, the auth schemes, the rate-limit headers and the statuses the
//! layers around a handler answer with) is written once, here, rather than on each handler.

use serde_json::Value;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi, ToSchema};

use reel_core::auth::SESSION_COOKIE;

/// Every error's body: a stable machine-readable `code` and a sentence for people.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Problem {
    /// What went wrong, for programs: `not-found`, `invalid-cursor`, `rate-limited`, …
    code: String,
    /// What went wrong, for people.
    message: String,
}

/// The document's top: what it says of itself, its tags and the schemas no route names (the
/// webhooks' payloads); the paths come from the routes (`api::routes`).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Reel API",
        description = "Upload, process, deliver and watch: the JSON API of this site. Sign in with an API token \
            (`Authorization: Bearer …`) or, from a page of the site, with the session cookie, whose changes also carry \
            the `X-CSRF-Token` header. Errors answer `{\"code\", \"message\"}`; lists answer `{\"items\", \"next_cursor\"}` \
            where they page (pass `next_cursor` back as `?cursor=`). Every answer carries `RateLimit-Limit`, \
            `RateLimit-Remaining` and `RateLimit-Reset`; a 429 or 503 says when to come back in `Retry-After`."
    ),
    components(schemas(
        Problem, reel_core::platform::webhooks::Payload, reel_core::platform::webhooks::VideoEventData, reel_core::platform::webhooks::CommentEventData,
        reel_core::platform::webhooks::UploadEventData, reel_core::platform::webhooks::AccountEventData,
        reel_core::platform::webhooks::TestEventData, reel_core::platform::webhooks::ReportEventData,
    )),
    tags(
        (name = "videos", description = "Items: list, upload, read, edit, delete, play"),
        (name = "uploads", description = "Resumable (tus 1.0) and direct-to-bucket uploads"),
        (name = "captions", description = "Text tracks of an item"),
        (name = "catalogue", description = "Series and playlists"),
        (name = "viewers", description = "What a viewer keeps: subscriptions, notifications, history, profiles, recommendations"),
        (name = "account", description = "The caller's account, channel, export and deletion"),
        (name = "auth", description = "Sign-in codes, second factor, sessions and API tokens"),
        (name = "plans", description = "Subscription plans, grants and gated items"),
        (name = "analytics", description = "Player beacons in, reports out"),
        (name = "community", description = "Likes and dislikes, comments and replies"),
        (name = "moderation", description = "Reports, the moderation queue, takedowns and appeals, suspensions"),
        (name = "webhooks", description = "Endpoints that receive events, signed the Standard Webhooks way, and their deliveries"),
        (name = "admin", description = "Accounts, jobs, storage, cost, audit and alarms (admins)"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The document `routes` describe, finished: [`ApiDoc`]'s words, tags and schemas, then
/// [`Conventions`], as JSON with [`open_flattened`] applied and the webhooks' events added.
pub fn finished(routes: Document) -> Value {
    let mut doc = ApiDoc::openapi().merge_from(routes);
    Conventions.modify(&mut doc);
    let mut doc = serde_json::to_value(doc).expect("the OpenAPI document serialises");
    open_flattened(&mut doc);
    close_merged(&mut doc, &CLOSED_MERGED);
    refine(&mut doc);
    optional_bodies(&mut doc);
    add_webhooks(&mut doc);
    doc
}

/// The events endpoints receive, as OpenAPI 3.1's `webhooks`: one POST each, its body the
/// `WebhookPayload` with that event's `type` and `data`, signed in the three headers.
fn add_webhooks(doc: &mut Value) {
    use reel_core::platform::webhooks::{EVENTS, TEST_EVENT};
    let header = |name: &str, description: &str| serde_json::json!({ "name": name, "in": "header", "required": true, "description": description, "schema": { "type": "string" } });
    let parameters = [
        header("webhook-id", "The delivery's id, the same on every attempt: a receiver drops one it has already taken"),
        header("webhook-timestamp", "When this attempt was sent, in seconds since the Unix epoch: refuse one far from now"),
        header(
            "webhook-signature",
            "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under the secret's bytes (after `whsec_`); \
             space-separated, one per secret, while a rotated secret still signs",
        ),
    ];
    let test = (TEST_EVENT, "Sent to one endpoint when its owner asks for a test (`POST /api/v1/webhooks/{id}/test`).");
    let mut hooks = serde_json::Map::new();
    for (name, meaning) in EVENTS.iter().copied().chain([test]) {
        let data = match name.split('.').next() {
            Some("video") => "VideoEventData",
            Some("comment") => "CommentEventData",
            Some("report") => "ReportEventData",
            Some("upload") => "UploadEventData",
            Some("account") => "AccountEventData",
            _ => "TestEventData",
        };
        let body = serde_json::json!({ "allOf": [
            { "$ref": "#/components/schemas/WebhookPayload" },
            { "type": "object", "properties": { "type": { "const": name }, "data": { "$ref": format!("#/components/schemas/{data}") } } },
        ] });
        let operation = serde_json::json!({ "post": {
            "operationId": format!("event-{}", name.replace('.', "-")),
            "summary": meaning,
            "tags": ["webhooks"],
            "parameters": parameters,
            "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
            "responses": { "2XX": { "description": "Taken. Any other answer, or none in time, is tried again later with a growing wait" } },
        } });
        hooks.insert(name.to_string(), operation);
    }
    doc["webhooks"] = Value::Object(hooks);
}

/// Bodies that flatten another type yet refuse any field neither names (`EditVideo` catches
/// the rest and answers 422 `invalid-body`): utoipa writes them as an open `allOf`.
const CLOSED_MERGED: [&str; 1] = ["EditVideo"];

/// Each of `names` described as the one closed object it is: its `allOf`'s properties (the
/// named parts' resolved) in one object with `additionalProperties: false`.
fn close_merged(doc: &mut Value, names: &[&str]) {
    let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object).cloned() else { return };
    for name in names {
        let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{name}")).and_then(Value::as_object_mut) else { continue };
        let Some(parts) = schema.remove("allOf").and_then(|p| p.as_array().cloned()) else { continue };
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for part in parts {
            let part = match part.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
                Some(named) => schemas.get(named).cloned().unwrap_or_default(),
                None => part,
            };
            properties.extend(part.get("properties").and_then(Value::as_object).cloned().unwrap_or_default());
            required.extend(part.get("required").and_then(Value::as_array).cloned().unwrap_or_default());
        }
        schema.insert("type".to_string(), Value::from("object"));
        schema.insert("properties".to_string(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".to_string(), Value::Array(required));
        }
        schema.insert("additionalProperties".to_string(), Value::Bool(false));
    }
}

/// What the annotations cannot say, said where it applies: the keywords of JSON Schema 2020-12
/// utoipa has no attribute for, each added to the schema at its pointer.
fn refine(doc: &mut Value) {
    let link = r"https?://[A-Za-z0-9][!#-;=?-\[\]-_a-~]*";
    let refinements = [
        // A beacon has at most 16 renditions, each named by 1–32 letters, digits, `-` or `_`.
        (
            "/components/schemas/Beacon/properties/renditions",
            serde_json::json!({ "maxProperties": 16, "propertyNames": { "pattern": "^[A-Za-z0-9_-]{1,32}$" } }),
        ),
        // Blank links are dropped before the five are counted: five that are not blank, and any
        // number of blank ones.
        (
            "/components/schemas/ProfileEdit/properties/links",
            serde_json::json!({ "contains": { "type": "string", "pattern": format!(r"^\s*{link}\s*$") }, "minContains": 0, "maxContains": 5 }),
        ),
    ];
    for (pointer, keywords) in refinements {
        let (Some(schema), Value::Object(keywords)) = (doc.pointer_mut(pointer).and_then(Value::as_object_mut), keywords) else { continue };
        schema.extend(keywords);
    }
}

/// A body a handler takes as `Option<T>` may be left out (no `Content-Type`, no body), not
/// sent as `null`, which the JSON reader refuses like any body that is no object: utoipa writes
/// it as `T` or `null`, and it is described as `T`, not required.
fn optional_bodies(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for operation in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
        let Some(body) = operation.get_mut("requestBody").and_then(Value::as_object_mut) else { continue };
        let Some(schema) = body.get_mut("content").and_then(|c| c.get_mut("application/json")).and_then(|c| c.get_mut("schema")) else {
            continue;
        };
        let Some([first, second]) = schema.get("oneOf").and_then(Value::as_array).map(Vec::as_slice) else { continue };
        let null = serde_json::json!({ "type": "null" });
        let named = if *first == null {
            second.clone()
        } else if *second == null {
            first.clone()
        } else {
            continue;
        };
        *schema = named;
        body.insert("required".to_string(), Value::Bool(false));
    }
}

/// A type that refuses unknown fields (`deny_unknown_fields`) is described as closed
/// (`additionalProperties: false`); flattened into another answer, the same closed schema would
/// refuse the other fields beside it. Where a schema's `allOf` names a closed one, the closed
/// one's copy there is opened (the component itself stays closed where it is used alone).
fn open_flattened(doc: &mut Value) {
    let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object).cloned() else { return };
    let Some(components) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for schema in components.values_mut() {
        let Some(parts) = schema.get_mut("allOf").and_then(Value::as_array_mut) else { continue };
        for part in parts {
            let name = part.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"));
            let Some(mut named) = name.and_then(|n| schemas.get(n)).cloned() else { continue };
            if named.get("additionalProperties") == Some(&Value::Bool(false)) {
                named.as_object_mut().map(|o| o.remove("additionalProperties"));
                *part = named;
            }
        }
    }
}

/// What every operation shares, added to the annotated document.
struct Conventions;

/// The header a session's change carries its CSRF token in, as the document spells it.
const CSRF_HEADER_NAME: &str = "X-CSRF-Token";

/// The schemes' names in `security` requirements.
const BEARER: &str = "bearer";
const SESSION: &str = "session";
const CSRF: &str = "csrf";

/// The shared error answers: (status, component name, what it means).
const ERRORS: [(&str, &str, &str); 10] = [
    ("400", "BadRequest", "The request is malformed: a parameter, header or body field is missing or wrong (the code says which)"),
    ("401", "Unauthorized", "No credentials, or credentials that are not (or no longer) valid"),
    ("403", "Forbidden", "Signed in, but not allowed: the role, the token's scopes, the CSRF token, or the item's owner"),
    ("404", "NotFound", "No such item, or one the caller may not see"),
    ("408", "Timeout", "The request took longer than the server allows"),
    ("413", "TooLarge", "The body is larger than this route accepts"),
    ("415", "UnsupportedMediaType", "The body's Content-Type is not one this route reads"),
    ("422", "Unprocessable", "The body is well-formed but its fields are not what this route takes"),
    ("429", "TooManyRequests", "Past the caller's request budget; `Retry-After` says when to come back"),
    ("503", "Unavailable", "The database or the store is out of reach for now; `Retry-After` says when to try again"),
];

impl Modify for Conventions {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token made at /account/tokens or with `POST /api/v1/tokens`"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(SESSION_COOKIE, "The session cookie a sign-in sets"))),
        );
        components.add_security_scheme(
            CSRF,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                CSRF_HEADER_NAME,
                "The session's CSRF token (from the sign-in answer or `GET /api/v1/me`); a session's changes carry it",
            ))),
        );
        for (status, name, description) in ERRORS {
            let mut response = ResponseBuilder::new()
                .description(description)
                .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build());
            if matches!(status, "429" | "503") {
                response = response.header("Retry-After", integer_header("Seconds to wait before trying again"));
            }
            components.responses.insert(name.to_string(), RefOr::T(with_budget_headers(response).build()));
        }
        let mut ids = std::collections::HashMap::<String, usize>::new();
        for item in doc.paths.paths.values() {
            for operation in operations_of(item) {
                *ids.entry(operation.operation_id.clone().unwrap_or_default()).or_default() += 1;
            }
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            let operations = [
                (&mut item.get, false),
                (&mut item.head, false),
                (&mut item.options, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.patch, true),
                (&mut item.delete, true),
            ];
            for (operation, changes) in operations {
                if let Some(operation) = operation.as_mut() {
                    finish(operation, changes);
                    tidy(operation, path, &ids);
                }
            }
        }
    }
}

/// The operations of one path.
fn operations_of(item: &utoipa::openapi::PathItem) -> impl Iterator<Item = &Operation> {
    [&item.get, &item.head, &item.options, &item.post, &item.put, &item.patch, &item.delete].into_iter().flatten()
}

/// A handler's name is its operation's id where no other handler has the same name; others are
/// told apart by the path's fixed segments (`list_history`, `list_videos_captions`). The summary
/// loses the doc comment's "`METHOD /path`: " lead, which the document says already.
fn tidy(operation: &mut Operation, path: &str, ids: &std::collections::HashMap<String, usize>) {
    if let Some(id) = operation.operation_id.as_mut() {
        if ids.get(id.as_str()).is_some_and(|n| *n > 1) {
            let segments = path.trim_start_matches("/api/v1/").split('/').filter(|s| !s.starts_with('{'));
            *id = segments.fold(id.clone(), |id, s| format!("{id}_{}", s.replace(['-', '.'], "_")));
        }
    }
    if let Some(summary) = operation.summary.as_mut() {
        if let Some((_, rest)) = summary.strip_prefix('`').and_then(|s| s.split_once("`: ")) {
            let mut chars = rest.chars();
            *summary = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        }
    }
}

/// One operation given its default security and the shared answers that apply to it.
fn finish(operation: &mut Operation, changes: bool) {
    // Unless the annotation said otherwise: signed in, by a token or by a session (which, for
    // a change, sends its CSRF token too).
    let security = operation.security.get_or_insert_with(|| {
        let session = if changes { vec![SESSION, CSRF] } else { vec![SESSION] };
        vec![
            SecurityRequirement::new(BEARER, Vec::<String>::new()),
            session.into_iter().fold(SecurityRequirement::default(), |r, s| r.add(s, Vec::<String>::new())),
        ]
    });
    let credentials = security.iter().any(|r| *r != SecurityRequirement::default());
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let in_path = parameters.iter().any(|p| p.parameter_in == ParameterIn::Path);
    let body = operation.request_body.as_ref();
    let json_body = body.is_some_and(|b| b.content.contains_key("application/json"));
    let applies = |status: &str| match status {
        "400" => !parameters.is_empty() || body.is_some(),
        "401" | "403" => credentials,
        "404" => in_path,
        "413" => body.is_some(),
        "415" | "422" => json_body,
        _ => true,
    };
    for (status, name, _) in ERRORS {
        if applies(status) && !operation.responses.responses.contains_key(status) {
            operation.responses.responses.insert(status.to_string(), RefOr::Ref(Ref::from_response_name(name)));
        }
    }
    // The budget's headers come on the handler's own answers too.
    for response in operation.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            for (name, header) in budget_headers() {
                response.headers.entry(name.to_string()).or_insert(header);
            }
        }
    }
}

/// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, which every API answer carries.
fn budget_headers() -> [(&'static str, utoipa::openapi::header::Header); 3] {
    [
        ("RateLimit-Limit", integer_header("Requests the caller's budget holds")),
        ("RateLimit-Remaining", integer_header("Requests left in it now")),
        ("RateLimit-Reset", integer_header("Seconds until it is full again")),
    ]
}

fn with_budget_headers(mut response: ResponseBuilder) -> ResponseBuilder {
    for (name, header) in budget_headers() {
        response = response.header(name, header);
    }
    response
}

fn integer_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new().schema(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0))).description(Some(description)).build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_core::auth::CSRF_HEADER;

    #[test]
    fn the_documented_csrf_header_is_the_one_checked() {
        assert!(CSRF_HEADER_NAME.eq_ignore_ascii_case(CSRF_HEADER));
        assert_eq!(crate::http::api::document()["components"]["securitySchemes"]["csrf"]["name"], CSRF_HEADER_NAME);
    }

    #[test]
    fn what_the_annotations_cannot_say_lands_in_the_document() {
        let doc = crate::http::api::document();
        let schemas = &doc["components"]["schemas"];
        let renditions = &schemas["Beacon"]["properties"]["renditions"];
        assert_eq!(renditions["maxProperties"], 16, "{renditions}");
        assert!(renditions["propertyNames"]["pattern"].is_string(), "{renditions}");
        assert_eq!(schemas["ProfileEdit"]["properties"]["links"]["maxContains"], 5);
        // EditVideo refuses any field it does not name, as one closed object.
        let edit = &schemas["EditVideo"];
        assert!(edit.get("allOf").is_none() && edit["additionalProperties"] == false, "{edit}");
        assert!(edit["properties"]["title"].is_object() && edit["properties"]["genres"].is_object(), "{edit}");
        // An optional body is the type itself, not `null`.
        let dismiss = &doc["paths"]["/api/v1/admin/reports/{id}/dismiss"]["post"]["requestBody"];
        assert_eq!(dismiss["required"], false);
        assert_eq!(dismiss["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Dismissal");
        // A sign-in code's attempt and a webhook delivery's are two schemas.
        let code = &doc["paths"]["/api/v1/account/delete-code"]["post"]["responses"]["202"]["content"]["application/json"]["schema"];
        assert_eq!(code["$ref"], "#/components/schemas/CodeAttempt");
        assert!(schemas["Attempt"]["properties"]["n"].is_object() && schemas["CodeAttempt"]["properties"]["attempt"].is_object());
    }

    #[test]
    fn a_closed_schema_is_opened_where_another_flattens_it_and_stays_closed_alone() {
        let mut doc = serde_json::json!({"components": {"schemas": {
            "Closed": {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}},
            "Outer": {"allOf": [{"$ref": "#/components/schemas/Closed"}, {"type": "object", "properties": {"b": {"type": "string"}}}]},
        }}});
        open_flattened(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Closed"]["additionalProperties"], false);
        assert!(schemas["Outer"]["allOf"][0].get("additionalProperties").is_none());
        assert_eq!(schemas["Outer"]["allOf"][0]["properties"]["a"]["type"], "string");
    }
}
