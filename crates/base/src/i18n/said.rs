//! What the platform says of itself and keeps: a catalogue key with its arguments, stored as it
//! is and written out in the language of whoever reads it later (an alarm's detail, a report's
//! outcome, a line of the audit log, how a forecast was made).
//!
//! A `Said` serialises as text: in the language of the page being made (`in_language_of`
//! around a page request), and in English, the API's language, anywhere else. Stored, it is a
//! small JSON object; text stored before it (or by hand) reads back as itself.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use super::{has, text, Arg, Lang};

tokio::task_local! {
    /// How the request being answered picks its language, where that is a page's.
    static PAGE_LANGUAGE: fn() -> Lang;
}

/// Runs `fut` (a page request) with `language` telling what language a `Said` serialises in.
/// A function rather than a language: a page settles its language as it goes (a profile's
/// preference is read once the viewer is known).
pub async fn in_language_of<F: std::future::Future>(language: fn() -> Lang, fut: F) -> F::Output {
    PAGE_LANGUAGE.scope(language, fut).await
}

/// The language a `Said` serialises in here: the page's, or English.
fn serialising_language() -> Lang {
    PAGE_LANGUAGE.try_with(|language| language()).unwrap_or(Lang::En)
}

/// A message kept to be read later, in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Said(Kept);

#[derive(Debug, Clone, PartialEq)]
enum Kept {
    /// A catalogue message.
    Message(Message),
    /// Text that is not a message: stored before messages were, or a person's own words.
    Verbatim(String),
}

/// One argument as stored: text, a number, or another message (said in the same language).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A number: the catalogue may pick a plural by it, and writes it in the reader's digits.
    Number(f64),
    /// Text, put in as it is.
    Text(String),
    /// A message.
    Message(Box<Message>),
    /// A number written with a fixed count of decimals (an amount of money).
    Figure {
        /// The number.
        figure: f64,
        /// Its decimals.
        digits: u8,
    },
}

impl Value {
    /// `n` to be written with `digits` decimals, rounded to the nearest.
    pub fn figure(n: f64, digits: u8) -> Self {
        Self::Figure { figure: n, digits }
    }
}

impl From<Said> for Value {
    fn from(said: Said) -> Self {
        match said.0 {
            Kept::Message(m) => Self::Message(Box::new(m)),
            Kept::Verbatim(text) => Self::Text(text),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

macro_rules! number_values {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Self::Number(n as f64)
            }
        }
    )*};
}
number_values!(i32, i64, u32, u64, usize, f64);

/// A catalogue message with its arguments; stored as `{"key": …, "args": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    key: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    args: BTreeMap<String, Value>,
}

impl Message {
    /// Whether the catalogues have its key and every message among its arguments.
    fn known(&self) -> bool {
        has(&self.key) && self.args.values().all(|v| !matches!(v, Value::Message(m) if !m.known()))
    }

    fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, Arg<'_>)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let arg = match value {
                    Value::Number(n) => Arg::Number(*n),
                    Value::Text(s) => Arg::from(s.as_str()),
                    Value::Message(m) => Arg::from(m.text(lang)),
                    Value::Figure { figure, digits } => Arg::from(super::figure(lang, *figure, usize::from(*digits))),
                };
                (name.as_str(), arg)
            })
            .collect();
        text(lang, &self.key, &args)
    }
}

impl Said {
    /// The catalogue message `key`, with no arguments yet.
    pub fn new(key: &str) -> Self {
        // A key the catalogues lack would be stored and shown as its JSON; tests build every
        // message the code says, so a misspelt one fails them.
        debug_assert!(has(key), "`{key}` is not in the catalogues");
        Self(Kept::Message(Message { key: key.to_string(), args: BTreeMap::new() }))
    }

    /// Text said as it is, in every language (a person's own words).
    pub fn verbatim(text: impl Into<String>) -> Self {
        Self(Kept::Verbatim(text.into()))
    }

    /// This message with the argument `name` set to `value`.
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> Self {
        if let Kept::Message(Message { args, .. }) = &mut self.0 {
            args.insert(name.to_string(), value.into());
        }
        self
    }

    /// What `stored` (from `stored()`) says. Anything else, and a message whose key the
    /// catalogues no longer have, reads back as the text it is.
    pub fn from_stored(stored: &str) -> Self {
        match serde_json::from_str::<Message>(stored) {
            Ok(message) if message.known() => Self(Kept::Message(message)),
            _ => Self::verbatim(stored),
        }
    }

    /// The form to store.
    pub fn stored(&self) -> String {
        match &self.0 {
            Kept::Message(message) => serde_json::to_string(message).unwrap_or_else(|_| message.key.clone()),
            Kept::Verbatim(text) => text.clone(),
        }
    }

    /// The catalogue key, for a message.
    pub fn key(&self) -> Option<&str> {
        match &self.0 {
            Kept::Message(message) => Some(&message.key),
            Kept::Verbatim(_) => None,
        }
    }

    /// What it says in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match &self.0 {
            Kept::Message(message) => message.text(lang),
            Kept::Verbatim(text) => text.clone(),
        }
    }

    /// What it says in English: for logs, the command line and the API.
    pub fn english(&self) -> String {
        self.text(Lang::En)
    }
}

impl fmt::Display for Said {
    /// English, as a log line wants it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl Serialize for Said {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text(serialising_language()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_message_reads_back_and_speaks_each_language() {
        let said = Said::new("time-ago-days").arg("n", 3);
        let back = Said::from_stored(&said.stored());
        assert_eq!(back, said);
        assert_eq!(back.english(), "3 days ago");
        assert_eq!(back.text(Lang::Fr), "il y a 3 jours");
        let nested = Said::new("notice-saved").arg("unused", Said::new("time-ago-days").arg("n", 1));
        assert_eq!(Said::from_stored(&nested.stored()), nested);
    }

    #[test]
    fn text_that_is_not_a_stored_message_reads_back_as_itself() {
        for stored in ["The item was restored.", "{\"key\": \"no-such-message\"}", "{\"key\": \"nav-home\", \"extra\": 1}", "{oops"] {
            let said = Said::from_stored(stored);
            assert_eq!(said.key(), None, "{stored}");
            assert_eq!(said.text(Lang::Fr), stored);
        }
    }

    #[tokio::test]
    async fn it_serialises_in_the_pages_language_and_in_english_elsewhere() {
        let said = Said::new("time-ago-days").arg("n", 2);
        assert_eq!(serde_json::to_string(&said).unwrap(), "\"2 days ago\"");
        let in_french = in_language_of(|| Lang::Fr, async { serde_json::to_string(&said).unwrap() }).await;
        assert_eq!(in_french, "\"il y a 2 jours\"");
    }
}
