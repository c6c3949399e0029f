//! The page framework every page builds on, naming no page: the compiled templates with
//! `render` and `t` (`templates.rs`), who is on the page (`viewer.rs`), what every page's layout
//! and shell show (`layout.rs`, `shell.rs`) with the shell's theme and language switches
//! (`switches.rs`), the page's language (`language.rs`) and how it writes numbers and times
//! (`format.rs`), refusals (`page_error.rs`) and the page that shows one (`error_page.rs`),
//! their words (`errors.rs`) and their place beside a form's field (`form_error.rs`), the
//! pages' headers (`csp.rs`), redirects (`respond.rs`) and the notices a page shows once
//! (`notices.rs`).

pub mod csp;
pub mod error_page;
pub mod errors;
pub mod form_error;
pub mod format;
pub mod language;
pub mod layout;
pub mod notices;
pub mod page_error;
pub mod respond;
pub mod shell;
pub mod switches;
pub mod templates;
pub mod viewer;
