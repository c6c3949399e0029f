//! Whom a playback token is for, read from a request's caller. Tokens themselves are signed
//! and checked by [`crate::platform::signing`], which the context carries.

use crate::auth::Caller;
use reel_base::domain::{Holder, ProfileId};

/// Whom a token made for this request's caller is for ([`Holder::Anonymous`]: not signed in).
pub fn holder_of(caller: Option<&Caller>) -> Holder {
    match caller {
        None => Holder::Anonymous,
        Some(c) if c.profile.id == ProfileId::from(c.subject()) => Holder::Account(c.subject()),
        Some(c) => Holder::Profile(c.subject(), c.profile.id),
    }
}
