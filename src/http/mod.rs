//! HTTP surface: the router, the web pages, the JSON API, the media origin and the middleware
//! shared by every route.

pub mod api;
pub mod assets;
pub mod client_ip;
pub mod extract;
pub mod idle_body;
pub mod listed;
pub mod metrics_listener;
pub mod middleware;
pub mod origin;
pub mod pages;
pub mod router;
pub mod serve;
