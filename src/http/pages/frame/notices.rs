//! The one-line confirmations a page shows after a change (`?done=`): only those a page lists,
//! each a catalogue message.

/// The confirmations a page's `?done=` stands for: each `done` value with its message's key.
pub struct Notices {
    keys: &'static [(&'static str, &'static str)],
}

impl Notices {
    pub const fn new(keys: &'static [(&'static str, &'static str)]) -> Self {
        Self { keys }
    }

    /// The key of the notice `done` stands for; none for a `done` not listed.
    pub fn of(&'static self, done: Option<&str>) -> Option<&'static str> {
        self.keys.iter().find(|(d, _)| Some(*d) == done).map(|(_, key)| *key)
    }

    /// Every key listed, for the test that the catalogues have them.
    #[cfg(test)]
    pub fn keys(&self) -> impl Iterator<Item = &'static str> {
        self.keys.iter().map(|(_, k)| *k)
    }
}

/// The key of the confirmation a `?done=` on an account page stands for (only these are ever
/// shown); the other pages have their own lists.
pub static ACCOUNT_NOTICES: Notices = Notices::new(&[
    ("saved", "notice-saved"),
    ("account-deleted", "notice-account-deleted"),
    ("revoked", "notice-revoked"),
    ("device-removed", "notice-device-removed"),
    ("device-renamed", "notice-device-renamed"),
    ("screen-stopped", "notice-screen-stopped"),
    ("totp", "notice-totp"),
    ("profile", "notice-profile"),
    ("avatar", "notice-avatar"),
    ("logo", "notice-logo"),
    ("profile-removed", "notice-profile-removed"),
    ("pin-set", "notice-pin-set"),
    ("pin-removed", "notice-pin-removed"),
    ("parental-pin-set", "notice-parental-pin-set"),
    ("parental-pin-removed", "notice-parental-pin-removed"),
]);
