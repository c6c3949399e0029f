//! HTTP surface: the router, the web pages, the JSON API and the middleware shared by every route.

pub mod account_api;
pub mod analytics_api;
pub mod api;
pub mod assets;
pub mod auth_api;
pub mod captions_api;
pub mod client_ip;
pub mod collections_api;
pub mod extract;
pub mod history_api;
pub mod idempotent;
pub mod middleware;
pub mod notifications_api;
pub mod openapi;
pub mod origin;
pub mod origin_layer;
pub mod pages;
pub mod plans_api;
pub mod profiles_api;
pub mod recommend_api;
pub mod router;
pub mod scopes;
pub mod serve;
pub mod subscriptions_api;
pub mod tus;
pub mod uploads_api;
