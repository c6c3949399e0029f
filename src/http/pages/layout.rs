//! What every page's layout shows besides the page itself: who is looking, the CSRF token for
//! its forms, the title and section, a notice, and the tags others' sites read.

use serde::Serialize;

use super::{cards, feeds, shell, t};
use crate::auth::{Caller, Credential, Scope};
use crate::state::AppState;

/// What every page's layout needs: who is looking, the CSRF token for its forms, the title.
#[derive(Debug, Serialize)]
pub struct PageInfo {
    title: String,
    user: Option<UserInfo>,
    csrf: Option<String>,
    /// The section the page belongs to, for the navigation's `aria-current`.
    section: &'static str,
    /// The search box's text.
    query: String,
    /// A one-line confirmation shown at the top ("Saved."), in the page's language.
    notice: Option<String>,
    /// Link-preview tags, on the pages others link to.
    preview: Option<feeds::PreviewTags>,
    /// The page's RSS feed, for the `<link rel="alternate">` feed readers look for.
    feed: Option<String>,
    /// The oEmbed answer about the page, for editors that unfold a pasted link.
    oembed: Option<String>,
    /// The theme, the page's address and the guide's channels.
    shell: shell::ShellView,
}

/// The signed-in person, as the layout shows them.
#[derive(Debug, Serialize)]
struct UserInfo {
    id: String,
    display_name: String,
    channel: String,
    role: String,
    can_upload: bool,
    is_admin: bool,
    /// Works the moderation queue (a moderator, or an admin).
    can_moderate: bool,
    /// The profile acting: its name, avatar colour and initial, and whether it is a kids one.
    profile_name: String,
    profile_avatar: String,
    profile_initial: String,
    kids: bool,
}

impl PageInfo {
    /// The layout for `viewer` on a page titled `title`.
    pub(super) fn new(viewer: Option<&Caller>, title: &str, section: &'static str) -> Self {
        let user = viewer.map(|c| UserInfo {
            id: c.user_id.to_string(),
            display_name: c.display_name.clone(),
            channel: c.channel.clone(),
            role: c.role.to_string(),
            can_upload: c.has(Scope::Upload),
            is_admin: c.is_admin(),
            can_moderate: c.moderates(),
            profile_name: c.profile.name.clone(),
            profile_avatar: c.profile.avatar.clone(),
            profile_initial: crate::domain::profile::initial(&c.profile.name),
            kids: c.profile.kids,
        });
        let csrf = viewer.and_then(|c| match &c.credential {
            Credential::Session { csrf_token, .. } => Some(csrf_token.clone()),
            Credential::ApiToken { .. } => None,
        });
        Self {
            title: title.to_string(),
            user,
            csrf,
            section,
            query: String::new(),
            notice: None,
            preview: None,
            feed: None,
            oembed: None,
            shell: shell::ShellView::current(),
        }
    }

    pub(super) fn anonymous(title: &str) -> Self {
        Self::new(None, title, "")
    }

    pub(super) fn with_query(mut self, query: &str) -> Self {
        self.query = query.to_string();
        self
    }

    /// The page confirms what was done: `key` is the notice's catalogue message.
    pub(super) fn with_notice(mut self, key: Option<&'static str>) -> Self {
        self.notice = key.map(|k| t(k, &[]));
        self
    }

    /// The page at `path` (on this site) unfolds into `preview` where a link to it is pasted.
    pub(super) fn with_preview(mut self, state: &AppState, path: &str, preview: crate::audience::feeds::Preview) -> Self {
        self.preview = Some(feeds::PreviewTags::new(state, path, preview));
        self
    }

    /// The page is an item's, which `/oembed` describes.
    pub(super) fn with_oembed(mut self, state: &AppState, id: crate::domain::VideoId) -> Self {
        let url = format!("{}/watch/{id}", state.site_url);
        self.oembed = Some(format!("{}/oembed?url={}", state.site_url, cards::urlencode(&url)));
        self
    }

    /// The page has an RSS feed at `path`.
    pub(super) fn with_feed(mut self, path: String) -> Self {
        self.feed = Some(path);
        self
    }
}
