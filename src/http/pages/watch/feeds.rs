//! The site for readers that are not people at a page: a channel's and a playlist's RSS feed
//! (with the podcast tags apps read), `sitemap.xml`, `robots.txt`, and the link-preview tags
//! (Open Graph, Twitter cards) of the watch, channel and playlist pages. What they say comes
//! from `audience::feeds`, which only ever says what a signed-out visitor may see.

use std::time::{Duration, UNIX_EPOCH};

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;
use reel_base::domain::rfc3339;
use reel_base::media::package::xml_escape;
use reel_core::audience::feeds::{self, Entry, Feed, SitemapUrl};

/// The program a feed says made it (RSS's `<generator>`): the software, whatever the site is
/// called.
const GENERATOR: &str = "Reel"; // code: the program's name, read by feed validators, not people
/// How long a shared cache (a CDN) may keep a feed or the sitemap, in seconds: their signed
/// URLs live for days, and an item made private leaves them within this time.
const CACHE: &str = "public, max-age=300";
/// The same where what they list depends on the reader's country (`[geo] database`): a shared
/// cache would hand one country's answer to another, so only the reader keeps it.
const CACHE_PER_COUNTRY: &str = "private, max-age=300";

/// How long a feed, the sitemap or an oEmbed answer may be kept, and by whom.
pub fn cache_control(state: &AppState) -> HeaderValue {
    HeaderValue::from_static(if state.geo.is_on() { CACHE_PER_COUNTRY } else { CACHE })
}

/// `GET /c/{channel}/feed.xml`: the channel's public items as RSS 2.0.
pub async fn channel(State(state): State<AppState>, Path(handle): Path<String>) -> Result<Response, AppError> {
    let feed = feeds::channel(&state, &handle).await?;
    let me = format!("{}/feed.xml", feed.page);
    Ok(xml(&state, "application/rss+xml; charset=utf-8", rss(&feed, &me, &state.config.site.name)))
}

/// `GET /playlists/{id}/feed.xml`: a public playlist's public items as RSS 2.0.
pub async fn playlist(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let feed = feeds::playlist(&state, &id).await?;
    let me = format!("{}/feed.xml", feed.page);
    Ok(xml(&state, "application/rss+xml; charset=utf-8", rss(&feed, &me, &state.config.site.name)))
}

/// `GET /sitemap.xml`: the watch page of every public item.
pub async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let urls = feeds::sitemap(&state).await?;
    Ok(xml(&state, "application/xml; charset=utf-8", sitemap_xml(&urls)))
}

/// `GET /robots.txt`: where the sitemap is, and the pages that are a signed-in person's own.
pub async fn robots(State(state): State<AppState>) -> Response {
    let text = format!(
        "User-agent: *\nDisallow: /account\nDisallow: /admin\nDisallow: /studio\nDisallow: /upload\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
        state.site_url
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], text).into_response()
}

fn xml(state: &AppState, content_type: &'static str, body: String) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, cache_control(state));
    response
}

/// Text for an XML element or a double-quoted attribute: escaped, without the characters
/// XML 1.0 does not allow at all (control characters other than tab and line breaks, and
/// U+FFFE and U+FFFF).
fn text(s: &str) -> String {
    let allowed: String =
        s.chars().filter(|&c| (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')).collect();
    xml_escape(&allowed)
}

/// A stored timestamp as RSS writes dates (RFC 822, in GMT).
fn rfc822(ms: i64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64))
}

/// The RSS 2.0 document of `feed`, whose own address is `me`, on the site called `site`.
fn rss(feed: &Feed, me: &str, site: &str) -> String {
    let mut out = String::with_capacity(1024 + feed.entries.len() * 1024);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom">"#,
        "\n<channel>\n"
    ));
    let description = if feed.description.trim().is_empty() { format!("{} on {site}", feed.title) } else { feed.description.clone() };
    push(&mut out, "title", &feed.title);
    push(&mut out, "link", &feed.page);
    push(&mut out, "description", &description);
    out.push_str(&format!("<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n", text(me)));
    push(&mut out, "generator", GENERATOR);
    if let Some(newest) = feed.entries.iter().map(|e| e.published_ms).max() {
        push(&mut out, "lastBuildDate", &rfc822(newest));
    }
    push(&mut out, "itunes:author", &feed.author);
    push(&mut out, "itunes:summary", &description);
    push(&mut out, "itunes:explicit", "false");
    if let Some(image) = &feed.image {
        out.push_str(&format!(
            "<image><url>{}</url><title>{}</title><link>{}</link></image>\n",
            text(image),
            text(&feed.title),
            text(&feed.page)
        ));
        out.push_str(&format!("<itunes:image href=\"{}\"/>\n", text(image)));
    }
    for entry in &feed.entries {
        item(&mut out, entry);
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// One `<item>`.
fn item(out: &mut String, entry: &Entry) {
    out.push_str("<item>\n");
    push(out, "title", &entry.title);
    push(out, "link", &entry.page);
    // The id, not the URL: an item keeps its identity in apps when the site moves.
    out.push_str(&format!("<guid isPermaLink=\"false\">reel:{}</guid>\n", entry.id));
    push(out, "pubDate", &rfc822(entry.published_ms));
    if !entry.description.is_empty() {
        push(out, "description", &entry.description);
    }
    if let Some(e) = &entry.enclosure {
        out.push_str(&format!("<enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n", text(&e.url), e.bytes, e.mime));
        push(out, "itunes:episodeType", "full");
    }
    if let Some(secs) = entry.duration_s {
        push(out, "itunes:duration", &(secs.round() as u64).to_string());
    }
    if let Some(image) = &entry.image {
        out.push_str(&format!("<itunes:image href=\"{}\"/>\n", text(image)));
    }
    push(out, "category", entry.kind.as_str());
    out.push_str("</item>\n");
}

/// `<name>value</name>` and a line break.
fn push(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", text(value)));
}

/// The sitemaps protocol's document of `urls`.
fn sitemap_xml(urls: &[SitemapUrl]) -> String {
    let mut out = String::with_capacity(128 + urls.len() * 128);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        out.push_str(&format!("<url><loc>{}</loc><lastmod>{}</lastmod></url>\n", text(&url.page), rfc3339(url.changed_ms)));
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_base::domain::{ItemKind, VideoId};
    use reel_core::audience::feeds::Enclosure;

    #[test]
    fn feed_text_is_escaped_and_loses_what_xml_cannot_hold() {
        assert_eq!(text("a < b & \"c\"\u{1}\u{7}\u{FFFE}\td"), "a &lt; b &amp; &quot;c&quot;\td");
    }

    #[test]
    fn an_rss_item_carries_its_enclosure_duration_and_a_lasting_guid() {
        let id = VideoId::new();
        let entry = Entry {
            id,
            title: "Episode <1>".into(),
            description: String::new(),
            page: format!("http://x/watch/{id}"),
            kind: ItemKind::Podcast,
            published_ms: 0,
            duration_s: Some(61.6),
            image: None,
            enclosure: Some(Enclosure { url: "http://x/play/t?a=1&b=2".into(), bytes: 1234, mime: "audio/mp4" }),
        };
        let feed = Feed {
            title: "Ann".into(),
            description: String::new(),
            page: "http://x/c/ann".into(),
            author: "Ann".into(),
            image: None,
            entries: vec![entry],
        };
        let xml = rss(&feed, "http://x/c/ann/feed.xml", "Kino Club");
        assert!(xml.contains("<title>Episode &lt;1&gt;</title>"), "{xml}");
        assert!(xml.contains(r#"<enclosure url="http://x/play/t?a=1&amp;b=2" length="1234" type="audio/mp4"/>"#), "{xml}");
        assert!(xml.contains("<itunes:duration>62</itunes:duration>"), "{xml}");
        assert!(xml.contains(&format!("<guid isPermaLink=\"false\">reel:{id}</guid>")), "{xml}");
        assert!(xml.contains("<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>"), "{xml}");
        assert!(xml.contains("<description>Ann on Kino Club</description>"), "the site's configured name: {xml}");
        assert!(!xml.contains("<description></description>"), "{xml}");
    }
}
