//! A form's refusal shown on its page, beside the input it is about or above the form, in the
//! page's language.

use serde::Serialize;

use crate::error::AppError;
use crate::http::pages::frame::errors;
use crate::http::pages::frame::page_error::refusal_text;
use crate::http::pages::frame::shell;

/// What a [`FormError`] is made from: a capability's problem (said by its message, else its
/// code, else its status), or a message alone: a refusal's English one, said in the page's
/// language where the catalogue knows it, or the page's own words, shown as they are.
pub trait Refusal {
    /// The English message, which names a field the way refusals do (`year: …`).
    fn english(&self) -> &str;
    /// What the page shows.
    fn said(&self) -> String;
    /// What the page shows of a refusal with `code`.
    fn said_with_code(&self, code: &str) -> String {
        errors::said_of_code(shell::lang(), code, self.english())
    }
}

/// A message alone: said by the catalogue where it knows it, else as it is.
macro_rules! message_refusal {
    ($($t:ty),*) => {$(
        impl Refusal for $t {
            fn english(&self) -> &str {
                self
            }
            fn said(&self) -> String {
                errors::said_of_message(shell::lang(), self)
            }
        }
    )*};
}

message_refusal!(&str, &String);

/// A problem: said by its message, else its code, else its status.
macro_rules! problem_refusal {
    ($($t:ty),*) => {$(
        impl Refusal for $t {
            fn english(&self) -> &str {
                self.message()
            }
            fn said(&self) -> String {
                refusal_text(self)
            }
            fn said_with_code(&self, _: &str) -> String {
                refusal_text(self)
            }
        }
    )*};
}

problem_refusal!(&reel_core::platform::problem::Problem, &AppError);

/// A form's refusal as its page shows it: beside the field it is about (the `id` of its input,
/// which the template marks `aria-invalid` and points at the message), or above the form when
/// it is about none.
#[derive(Debug, Serialize)]
pub struct FormError {
    field: Option<&'static str>,
    message: String,
}

/// What each shows is the refusal in the page's language ([`Refusal`]): a problem (`&e`), or
/// its message (`e.message()`) or the page's own words.
impl FormError {
    /// `refusal` beside the input `field`.
    pub fn at(field: &'static str, refusal: impl Refusal) -> Self {
        Self { field: Some(field), message: refusal.said() }
    }

    /// `refusal` above the form, about none of its inputs.
    pub fn above(refusal: impl Refusal) -> Self {
        Self { field: None, message: refusal.said() }
    }

    /// A refusal with `code` beside the input `fields` pairs it with, else above the form.
    pub fn coded(code: &str, refusal: impl Refusal, fields: &[(&str, &'static str)]) -> Self {
        Self { field: fields.iter().find(|(c, _)| *c == code).map(|(_, f)| *f), message: refusal.said_with_code(code) }
    }

    /// `refusal` beside an input when its English message names a field the way refusals do
    /// (`year: must be …`) and `fields` pairs that name with the input's id; else above the
    /// form.
    pub fn naming(refusal: impl Refusal, fields: &[(&str, &'static str)]) -> Self {
        let english = refusal.english();
        let named = english.split_once(':').and_then(|(name, _)| fields.iter().find(|(n, _)| *n == name.trim()).map(|(_, id)| *id));
        Self { field: named, message: refusal.said() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_that_names_a_field_of_the_form_goes_beside_it() {
        let fields = &[("year", "year"), ("credits", "director")];
        assert_eq!(FormError::naming("year: must be a whole number", fields).field, Some("year"));
        assert_eq!(FormError::naming("credits: too many names", fields).field, Some("director"));
        assert_eq!(FormError::naming("genres: not one of the site's", fields).field, None);
        assert_eq!(FormError::naming("the title is required", fields).field, None);
        assert_eq!(FormError::at("chapter-lines", "line 2").field, Some("chapter-lines"));
        assert_eq!(FormError::coded("invalid-url", "not https", &[("invalid-url", "webhook-url")]).field, Some("webhook-url"));
        assert_eq!(FormError::coded("too-many", "remove one", &[("invalid-url", "webhook-url")]).field, None);
    }
}
