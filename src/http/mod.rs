//! HTTP surface: the JSON API and the middleware shared by every route.

pub mod api;
pub mod middleware;
