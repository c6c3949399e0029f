//! Whom a playback token was issued to, in the token and in the origin's cache of passes.

use serde::{Deserialize, Serialize};

use super::{ProfileId, ShareId, UserId};

/// Whom a playback token was issued to. In the token it is the account id (its main
/// profile), `{account}/{profile}` for another of its viewer profiles, `anonymous` for
/// someone not signed in (only public videos are open to them), or `share:{link}` for someone
/// holding a share link (the one item it names, while the link lasts). The profile is named so the
/// origin can hold a kids profile to its rating cap for the token's whole life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Holder {
    /// Not signed in.
    Anonymous,
    /// A signed-in account, as its main profile.
    Account(UserId),
    /// A signed-in account, as another of its viewer profiles.
    Profile(UserId, ProfileId),
    /// Someone holding a share link, whoever they are.
    Share(ShareId),
}

impl Holder {
    const ANONYMOUS: &'static str = "anonymous";
    const SHARE: &'static str = "share:";

    /// The account, whichever of its profiles holds the token.
    pub fn account(self) -> Option<UserId> {
        match self {
            Self::Anonymous | Self::Share(_) => None,
            Self::Account(user) | Self::Profile(user, _) => Some(user),
        }
    }

    /// The profile: the account's main one for [`Holder::Account`].
    pub fn profile(self) -> Option<ProfileId> {
        match self {
            Self::Anonymous | Self::Share(_) => None,
            Self::Account(user) => Some(user.into()),
            Self::Profile(_, profile) => Some(profile),
        }
    }
}

impl From<Holder> for String {
    fn from(holder: Holder) -> String {
        match holder {
            Holder::Anonymous => Holder::ANONYMOUS.to_string(),
            Holder::Account(id) => id.to_string(),
            Holder::Profile(id, profile) => format!("{id}/{profile}"),
            Holder::Share(link) => format!("{}{link}", Holder::SHARE),
        }
    }
}

impl std::str::FromStr for Holder {
    type Err = uuid::Error;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(link) = text.strip_prefix(Self::SHARE) {
            return link.parse().map(Self::Share);
        }
        match text.split_once('/') {
            _ if text == Self::ANONYMOUS => Ok(Self::Anonymous),
            Some((user, profile)) => Ok(Self::Profile(user.parse()?, profile.parse()?)),
            None => text.parse().map(Self::Account),
        }
    }
}

impl TryFrom<String> for Holder {
    type Error = uuid::Error;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}
