//! The one-line confirmations a page shows after a change (`?done=`): only those a page lists,
//! each a catalogue message.

/// The confirmations a page's `?done=` stands for: each `done` value with its message's key.
pub(super) struct Notices {
    keys: &'static [(&'static str, &'static str)],
}

impl Notices {
    pub(super) const fn new(keys: &'static [(&'static str, &'static str)]) -> Self {
        Self { keys }
    }

    /// The key of the notice `done` stands for; none for a `done` not listed.
    pub(super) fn of(&'static self, done: Option<&str>) -> Option<&'static str> {
        self.keys.iter().find(|(d, _)| Some(*d) == done).map(|(_, key)| *key)
    }

    /// Every key listed, for the test that the catalogues have them.
    #[cfg(test)]
    pub(super) fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.keys.iter().map(|(_, k)| *k)
    }
}

/// The key of the confirmation a `?done=` on an account page stands for (only these are ever
/// shown); the other pages have their own lists.
pub(super) static ACCOUNT_NOTICES: Notices = Notices::new(&[
    ("saved", "notice-saved"),
    ("account-deleted", "notice-account-deleted"),
    ("revoked", "notice-revoked"),
    ("ended", "notice-ended"),
    ("totp", "notice-totp"),
    ("profile", "notice-profile"),
    ("avatar", "notice-avatar"),
    ("logo", "notice-logo"),
    ("profile-removed", "notice-profile-removed"),
]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::pages::{admin, collections, history, moderation, notifications, plans, sharing, studio, webhooks};

    #[test]
    fn every_notice_a_page_shows_is_in_the_catalogues() {
        let all = [
            &ACCOUNT_NOTICES,
            &admin::NOTICES,
            &collections::NOTICES,
            &history::NOTICES,
            &moderation::NOTICES,
            &notifications::NOTICES,
            &plans::NOTICES,
            &sharing::NOTICES,
            &studio::NOTICES,
            &webhooks::NOTICES,
        ];
        for notices in all {
            for key in notices.keys() {
                assert!(crate::i18n::has(key), "no message `{key}` in the catalogues");
            }
        }
        assert_eq!(studio::NOTICES.of(Some("saved")), Some("studio-notice-saved"));
        assert_eq!(studio::NOTICES.of(Some("<script>")), None, "only a listed `done` is shown");
    }
}
