//! Accounts and what hangs off one: sign-in and tokens, the account itself, plans and grants,
//! webhook endpoints.

pub mod account;
pub mod admin;
pub mod auth;
pub mod devices;
pub mod plans;
pub mod webhooks;
