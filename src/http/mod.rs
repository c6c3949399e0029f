//! HTTP surface: the JSON API and the middleware shared by every route.

pub mod api;
pub mod auth_api;
pub mod middleware;
pub mod ratelimit;
