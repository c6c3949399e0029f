//! What other programs are given to work with Reel: webhook endpoints their owners register
//! and manage (the events themselves, and their delivery, are `platform::webhooks`).

pub mod commands;
pub mod webhooks;
