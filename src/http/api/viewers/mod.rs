//! What a viewer keeps: subscriptions, notifications, watch history, profiles and
//! recommendations.

pub mod history;
pub mod notifications;
pub mod profiles;
pub mod recommend;
pub mod subscriptions;
