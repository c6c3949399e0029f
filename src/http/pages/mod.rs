//! The web UI: server-rendered pages (minijinja templates from `templates/`, HTML auto-escaped)
//! with small script bundles for the player, uploads and live status. Everything but playback
//! and uploading works without JavaScript: every change is a plain form post carrying the
//! session's CSRF token.
//!
//! The page framework sits apart from the pages: `routes.rs` (every page's route),
//! `templates.rs` (the compiled templates, `render` and `t`), `viewer.rs` (who is on the page),
//! `layout.rs` (what every page's layout shows), `page_error.rs` and `form_error.rs` (refusals
//! as pages and beside a form's field), `csp.rs`, `respond.rs` and `notices.rs`; `cards.rs`
//! holds the cards and paging the grids share.

mod account;
mod account_profile;
mod admin;
mod admin_costs;
mod analytics;
mod api_reference;
mod audio_tracks;
mod browse;
mod captions;
mod cards;
mod catalogue;
mod chapters;
mod charts;
mod collections;
mod comments;
mod csp;
mod edit_form;
mod embed;
mod errors;
mod feeds;
mod form_error;
mod format;
mod history;
mod language;
mod layout;
mod moderation;
mod notices;
mod notifications;
mod page_error;
mod plans;
mod profiles;
mod respond;
mod routes;
mod sharing;
mod shell;
mod studio;
mod subscriptions;
mod templates;
mod viewer;
mod watermark;
mod webhooks;
#[cfg(test)]
mod wording;

pub use csp::page_headers;
pub use page_error::{not_found, PageError, PageResult};
pub use routes::routes;
pub use shell::layer as shell_layer;

// The framework every page module builds on, named here so a page takes it from `super`.
use csp::page_csp_framed;
use form_error::FormError;
use layout::PageInfo;
use notices::{Notices, ACCOUNT_NOTICES};
use page_error::refusal_text;
use respond::{safe_next, see_other};
use templates::{render, t};
use viewer::{form_caller, same_site, Viewer};
