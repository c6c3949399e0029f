//! The web UI: server-rendered pages (minijinja templates from `templates/`, HTML auto-escaped)
//! with small script bundles for the player, uploads and live status. Everything but playback
//! and uploading works without JavaScript: every change is a plain form post carrying the
//! session's CSRF token.
//!
//! The page framework sits apart from the pages, in `frame/`; `routes.rs` holds every page's
//! route; `cards.rs` the cards and paging the grids share, `charts.rs` the server-drawn
//! charts. The pages stand in four folders by who reads them: `watch/` (viewers: browsing,
//! watching, collections, comments, feeds), `studio/` (a creator's items), `account/` (the
//! account, its profiles, channel and webhooks) and `admin/` (the admin area and moderation).
//! A page takes what it uses by its full path, so no file of the web layer names another in a
//! circle (`layers.rs` checks it).

mod account;
mod admin;
mod cards;
mod charts;
mod frame;
mod routes;
mod studio;
mod watch;
#[cfg(test)]
mod wording;

pub use frame::csp::page_headers;
pub use frame::error_page::not_found;
pub use frame::page_error::{PageError, PageResult};
pub use frame::shell::layer as shell_layer;
pub use routes::routes;
