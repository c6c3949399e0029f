//! The account's pages: signing in and out with the account page, the public profile and its
//! preferences, the channel's watermark, the profiles ("Who's watching?") and webhooks.

pub mod devices;
pub mod profiles;
pub mod public_profile;
pub mod sign_in;
pub mod watermark;
pub mod webhooks;
