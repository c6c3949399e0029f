//! The audience: the people who watch and what the platform keeps for them. Profiles, the
//! PINs that lock them, their history, subscriptions and the notices they bring, recommendations, plans, the
//! account's own profile and its lifecycle (export, deletion), what the site publishes for
//! readers outside it (feeds, the sitemap, link previews), and the jobs that send notices,
//! compute recommendations and delete accounts.

pub mod account_lifecycle;
pub mod account_profile;
pub mod delete_account;
pub mod feeds;
pub mod history;
pub mod notifications;
pub mod notify;
pub mod pins;
pub mod plans;
pub mod profiles;
pub mod recommend;
pub mod subscriptions;

use crate::platform::jobs::Registry;

/// Adds the audience's job kinds to `registry`.
pub fn register(registry: Registry) -> Registry {
    registry
        .register::<crate::library::announce::NotifySubscribers>()
        // The library queues it; what it ends in is the subscribers' news.
        .register::<crate::library::availability::WindowEdge>()
        .register::<notify::EmailDigest>()
        .register::<delete_account::DeleteAccount>()
        .register::<recommend::job::ComputeRecommendations>()
}
