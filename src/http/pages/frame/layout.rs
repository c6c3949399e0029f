//! What every page's layout shows besides the page itself: who is looking, the CSRF token for
//! its forms, the title and section, a notice, and the tags others' sites read.

use serde::Serialize;

use crate::http::pages::frame::shell;
use crate::http::pages::frame::templates::t;
use crate::state::AppState;
use reel_core::audience::feeds::Preview;
use reel_core::auth::{Caller, Credential, Scope};

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
    preview: Option<PreviewTags>,
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
    pub fn new(viewer: Option<&Caller>, title: &str, section: &'static str) -> Self {
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
            profile_initial: reel_base::domain::profile::initial(&c.profile.name),
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

    pub fn anonymous(title: &str) -> Self {
        Self::new(None, title, "")
    }

    pub fn with_query(mut self, query: &str) -> Self {
        self.query = query.to_string();
        self
    }

    /// The page confirms what was done: `key` is the notice's catalogue message.
    pub fn with_notice(mut self, key: Option<&'static str>) -> Self {
        self.notice = key.map(|k| t(k, &[]));
        self
    }

    /// The page at `path` (on this site) unfolds into `preview` where a link to it is pasted.
    pub fn with_preview(mut self, state: &AppState, path: &str, preview: reel_core::audience::feeds::Preview) -> Self {
        self.preview = Some(PreviewTags::new(state, path, preview));
        self
    }

    /// The page is an item's, which `/oembed` describes.
    pub fn with_oembed(mut self, state: &AppState, id: reel_base::domain::VideoId) -> Self {
        let url = format!("{}/watch/{id}", state.site_url);
        self.oembed = Some(format!("{}/oembed?url={}", state.site_url, reel_base::domain::percent_encode(&url)));
        self
    }

    /// The page has an RSS feed at `path`.
    pub fn with_feed(mut self, path: String) -> Self {
        self.feed = Some(path);
        self
    }
}

/// The link-preview tags of a page, as the layout writes them.
#[derive(Debug, Serialize)]
pub struct PreviewTags {
    /// The site's name (`[site] name`).
    site: String,
    /// The page's address; the site's own for a preview that names nothing.
    url: String,
    kind: &'static str,
    /// The site's name where nothing else may be said.
    title: String,
    /// The page's description, else the site's.
    description: String,
    /// The page's picture, else the site's logo.
    image: Option<String>,
    duration_s: Option<u64>,
}

impl PreviewTags {
    /// The tags of the page at `path` on this site, saying what `preview` says.
    pub fn new(state: &AppState, path: &str, preview: Preview) -> Self {
        let named = !preview.title.is_empty();
        let site = &state.config.site;
        let logo = (!site.logo.is_empty()).then(|| format!("{}{}", state.site_url, shell::LOGO_PATH));
        Self {
            site: site.name.clone(),
            url: if named { format!("{}{path}", state.site_url) } else { format!("{}/", state.site_url) },
            kind: preview.kind,
            title: if named { preview.title } else { site.name.clone() },
            description: if preview.description.is_empty() { site.description.clone() } else { preview.description },
            image: preview.image.or(logo),
            duration_s: preview.duration_s.map(|d| d.round() as u64),
        }
    }
}
