//! `/docs/api`: the API reference for people, rendered on the server from the same OpenAPI
//! document `/api/v1/openapi.json` serves, so it needs nothing from elsewhere and is never out
//! of step with the API: the operations by tag, with their parameters, bodies, answers and who
//! may call them, then every schema they name. The page's own words are the catalogue's; the
//! document's descriptions are the API's, in English.

use std::sync::OnceLock;

use minijinja::context;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::http::api;
use reel_base::i18n::Lang;

use crate::http::pages::frame::layout::PageInfo;
use crate::http::pages::frame::page_error::PageResult;
use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::{render, t};
use crate::http::pages::frame::viewer::Viewer;

/// `GET /docs/api`.
pub async fn page(viewer: Viewer) -> PageResult {
    let info = PageInfo::new(viewer.0.as_ref(), &t("api-title", &[]), "api");
    render("api_reference.html", context! { page => info, api => reference(), code => samples() })
}

/// The code the page's prose quotes: the same in every language, so not in the catalogues.
fn samples() -> minijinja::Value {
    context! {
        openapi_path => "/api/v1/openapi.json",
        openapi_command => "reel openapi",
        register => "POST /api/v1/webhooks",
        payload => r#"{"type", "timestamp", "data"}"#,
        problem => r#"{"code", "message"}"#,
    }
}

/// The page's content in the page's language, read from the document once per language.
fn reference() -> &'static Reference {
    static REFERENCE: [OnceLock<Reference>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];
    let lang = shell::lang();
    let at = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    REFERENCE[at].get_or_init(|| Reference::of(api::document()))
}

#[derive(Debug, Serialize)]
struct Reference {
    version: String,
    /// The document's introduction (Markdown-ish: shown as text, code in backticks kept).
    description: String,
    tags: Vec<Tag>,
    schemas: Vec<SchemaView>,
    /// The shared error answers, by name.
    errors: Vec<Answer>,
    /// The events webhook endpoints receive.
    events: Vec<EventView>,
}

/// One webhook event: its type, what it means, and the schema of its `data`.
#[derive(Debug, Serialize)]
struct EventView {
    name: String,
    summary: String,
    data: String,
}

#[derive(Debug, Serialize)]
struct Tag {
    name: String,
    description: String,
    operations: Vec<OperationView>,
}

#[derive(Debug, Serialize)]
struct OperationView {
    /// The anchor: the operation's id.
    id: String,
    method: String,
    path: String,
    summary: String,
    description: String,
    auth: String,
    parameters: Vec<Field>,
    body: Vec<TypeRef>,
    answers: Vec<Answer>,
}

/// A parameter, a body field or a schema's property.
#[derive(Debug, Serialize)]
struct Field {
    name: String,
    /// `path`, `query`, `header` (parameters only).
    place: String,
    required: bool,
    kind: TypeRef,
    description: String,
}

/// A type as text, and the schema it names, if one.
#[derive(Debug, Serialize)]
struct TypeRef {
    text: String,
    schema: Option<String>,
    media_type: String,
}

#[derive(Debug, Serialize)]
struct Answer {
    status: String,
    description: String,
    kinds: Vec<TypeRef>,
    headers: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SchemaView {
    name: String,
    description: String,
    /// For a choice of values (`enum`): them.
    values: Vec<String>,
    fields: Vec<Field>,
    /// Schemas whose fields this one also has (flattened into it).
    includes: Vec<String>,
}

const METHODS: [&str; 7] = ["get", "head", "options", "post", "put", "patch", "delete"];

impl Reference {
    fn of(doc: &Value) -> Self {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let mut tags: Vec<Tag> = doc["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| Tag { name: text(&t["name"]), description: text(&t["description"]), operations: Vec::new() })
            .collect();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let tag = op["tags"][0].as_str().unwrap_or("meta");
                let view = operation(doc, path, method, op);
                match tags.iter_mut().find(|t| t.name == tag) {
                    Some(t) => t.operations.push(view),
                    None => tags.push(Tag { name: tag.to_string(), description: String::new(), operations: vec![view] }),
                }
            }
        }
        tags.retain(|t| !t.operations.is_empty());
        let schemas = doc["components"]["schemas"].as_object().into_iter().flatten().map(|(name, s)| schema(name, s)).collect();
        let errors = doc["components"]["responses"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, r)| Answer { status: name.clone(), ..answer(r) })
            .collect();
        let events = doc["webhooks"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, hook)| {
                let body = &hook["post"]["requestBody"]["content"]["application/json"]["schema"]["allOf"][1]["properties"]["data"]["$ref"];
                EventView {
                    name: name.clone(),
                    summary: text(&hook["post"]["summary"]),
                    data: body.as_str().unwrap_or_default().trim_start_matches("#/components/schemas/").to_string(),
                }
            })
            .collect();
        Self { version: text(&doc["info"]["version"]), description: text(&doc["info"]["description"]), tags, schemas, errors, events }
    }
}

fn operation(doc: &Value, path: &str, method: &str, op: &Value) -> OperationView {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let parameters = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| Field {
            name: text(&p["name"]),
            place: text(&p["in"]),
            required: p["required"].as_bool().unwrap_or(false),
            kind: type_ref(&p["schema"]),
            description: text(&p["description"]),
        })
        .collect();
    let body = media(&op["requestBody"]["content"]);
    let answers = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| match r["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/responses/")) {
            Some(name) => {
                let shared = answer(&doc["components"]["responses"][name]);
                Answer { status: status.clone(), headers: Vec::new(), ..shared }
            }
            None => Answer { status: status.clone(), ..answer(r) },
        })
        .collect();
    OperationView {
        id: text(&op["operationId"]),
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: text(&op["summary"]),
        description: text(&op["description"]),
        auth: auth(&op["security"]),
        parameters,
        body,
        answers,
    }
}

/// Who may call an operation, in words.
fn auth(security: &Value) -> String {
    let requirements: Vec<&Map<String, Value>> = security.as_array().into_iter().flatten().filter_map(Value::as_object).collect();
    let anyone = requirements.iter().any(|r| r.is_empty());
    let ways: Vec<String> = requirements
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| match (r.contains_key("bearer"), r.contains_key("csrf")) {
            (true, _) => t("api-auth-token", &[]),
            (false, true) => t("api-auth-session-csrf", &[]),
            (false, false) => t("api-auth-session", &[]),
        })
        .collect();
    let ways = ways.join(&joiner("api-or"));
    match (anyone, ways.is_empty()) {
        (true, true) => t("api-auth-anyone", &[]),
        (true, false) => t("api-auth-anyone-or", &[("ways", ways.into())]),
        (false, _) => t("api-auth-signed-in", &[("ways", ways.into())]),
    }
}

/// ` or `, ` and `: the catalogue's word `key` between spaces, to join a list with.
fn joiner(key: &str) -> String {
    format!(" {} ", t(key, &[]))
}

fn answer(response: &Value) -> Answer {
    let headers = response["headers"].as_object().map(|h| h.keys().cloned().collect()).unwrap_or_default();
    Answer {
        status: String::new(),
        description: response["description"].as_str().unwrap_or_default().to_string(),
        kinds: media(&response["content"]),
        headers,
    }
}

/// The types of a `content` map, one per media type.
fn media(content: &Value) -> Vec<TypeRef> {
    content
        .as_object()
        .into_iter()
        .flatten()
        .map(|(media_type, m)| TypeRef { media_type: media_type.clone(), ..type_ref(&m["schema"]) })
        .collect()
}

/// A schema as a short type: `string`, `integer (int64)`, `array of VideoView`, `string or
/// null`, `one of: private, members, public`; with the component it names, to link to.
fn type_ref(schema: &Value) -> TypeRef {
    let plain = |text: String| TypeRef { text, schema: None, media_type: String::new() };
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return TypeRef { text: name.to_string(), schema: Some(name.to_string()), media_type: String::new() };
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = schema[key].as_array() {
            let parts: Vec<TypeRef> = parts.iter().map(type_ref).collect();
            let schema = parts.iter().find_map(|p| p.schema.clone());
            let text =
                parts.into_iter().map(|p| p.text).collect::<Vec<_>>().join(&joiner(if key == "allOf" { "api-and" } else { "api-or" }));
            return TypeRef { text, schema, media_type: String::new() };
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect();
        return plain(t("api-type-one-of", &[("values", values.join(", ").into())]));
    }
    let types: Vec<String> = match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let named: Vec<TypeRef> = types
        .iter()
        .map(|name| match name.as_str() {
            "array" => {
                let item = type_ref(&schema["items"]);
                TypeRef { text: t("api-type-array-of", &[("item", item.text.into())]), ..item }
            }
            other => match schema["format"].as_str().filter(|_| other != "null") {
                Some(format) => plain(format!("{other} ({format})")),
                None => plain(other.to_string()),
            },
        })
        .collect();
    match named.len() {
        0 => plain(t("api-type-any", &[])),
        _ => {
            let schema = named.iter().find_map(|n| n.schema.clone());
            TypeRef {
                text: named.into_iter().map(|n| n.text).collect::<Vec<_>>().join(&joiner("api-or")),
                schema,
                media_type: String::new(),
            }
        }
    }
}

fn schema(name: &str, s: &Value) -> SchemaView {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut fields = Vec::new();
    let mut includes = Vec::new();
    let mut parts = vec![s];
    parts.extend(s["allOf"].as_array().into_iter().flatten());
    for part in parts {
        if let Some(name) = part["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
            includes.push(name.to_string());
            continue;
        }
        let required: Vec<&str> = part["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (field, f) in part["properties"].as_object().into_iter().flatten() {
            fields.push(Field {
                name: field.clone(),
                place: String::new(),
                required: required.contains(&field.as_str()),
                kind: type_ref(f),
                description: text(&f["description"]),
            });
        }
    }
    let values = s["enum"].as_array().into_iter().flatten().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect();
    SchemaView { name: name.to_string(), description: text(&s["description"]), values, fields, includes }
}
