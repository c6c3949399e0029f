//! The pages viewers read: the home grid, search and channels, the watch page, the catalogue,
//! collections, comments, follows, history, notifications, what other sites use (embeds,
//! feeds) and the API reference.

pub mod api_reference;
pub mod browse;
pub mod catalogue;
pub mod collections;
pub mod comments;
pub mod embed;
pub mod feeds;
pub mod history;
pub mod notifications;
pub mod subscriptions;
