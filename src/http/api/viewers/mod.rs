//! What a viewer keeps: subscriptions, notifications, watch history, profiles and their PINs,
//! recommendations and the screens playing on their account.

pub mod history;
pub mod notifications;
pub mod pins;
pub mod profiles;
pub mod recommend;
pub mod streams;
pub mod subscriptions;
