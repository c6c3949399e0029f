//! The admin area's pages: accounts, jobs and the audit log, costs, plans, and moderation
//! (with the report form every viewer has).

pub mod area;
pub mod costs;
pub mod moderation;
pub mod plans;
