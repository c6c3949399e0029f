//! The in-process tier: capabilities called with a [`Context`](reel_core::platform::Context) on a
//! SQLite of its own (`common::in_process`), where a whole server adds nothing; a fixed clock
//! stands in for waiting. `cargo test --test it in_process` runs the tier alone, in seconds.

// suite: embedded in process on a SQLite of its own, each rule on a clock the test moves; the modules that start a server try the same rules on PostgreSQL

mod clock;
mod code_limits;
mod device_rules;
mod handles;
mod otp_rules;
mod pin_rules;
mod plan_grants;
mod screen_rules;
mod share_links;
mod webhook_rules;
mod window_rules;
