//! The store's accounts: what each key holds (its video, kind and rendition), the tier an
//! object lives in, and the [`Ledger`] the store tells of every object it writes or removes,
//! so the bytes Reel keeps are counted where they are written, not guessed afterwards.

use std::fmt;

use futures::future::BoxFuture;

use crate::domain::VideoId;

/// Where an object lives: the hot tier (the store of `storage.url`) or the cold one
/// (`[storage.cold]`: another folder or bucket, or an S3 storage class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Read at once, priced highest.
    Hot,
    /// Cheaper to keep, slower or dearer to read, perhaps restored before it can be.
    Cold,
}

impl Tier {
    /// Both tiers, hot first.
    pub const ALL: [Tier; 2] = [Tier::Hot, Tier::Cold];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Hot => "hot",
            Tier::Cold => "cold",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Tier {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "hot" => Ok(Tier::Hot),
            "cold" => Ok(Tier::Cold),
            other => Err(format!("unknown storage tier {other:?}")),
        }
    }
}

/// What an object is, as far as the accounts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// The uploaded source.
    Original,
    /// An init or media segment of one rendition.
    Rendition,
    /// The progressive download (MP4, M4A or MP3).
    Download,
    /// Poster and storyboard.
    Image,
    /// The package index.
    Index,
    /// A caption or subtitle track's WebVTT.
    Text,
    /// An avatar, or its upload waiting for processing.
    Avatar,
    /// A channel's watermark logo, or its upload waiting for processing.
    Logo,
    /// An unfinished resumable upload's staged bytes.
    Upload,
    /// Anything else under Reel's prefixes.
    Other,
}

impl ObjectKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Original => "original",
            ObjectKind::Rendition => "rendition",
            ObjectKind::Download => "download",
            ObjectKind::Image => "image",
            ObjectKind::Index => "index",
            ObjectKind::Text => "text",
            ObjectKind::Avatar => "avatar",
            ObjectKind::Logo => "logo",
            ObjectKind::Upload => "upload",
            ObjectKind::Other => "other",
        }
    }
}

/// A key's place in the accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyClass {
    /// The item the object belongs to (an upload's is the item it becomes).
    pub video: Option<VideoId>,
    /// What it is.
    pub kind: ObjectKind,
    /// The rendition's name, for segments.
    pub rendition: Option<String>,
}

/// Sorts a key of the storage layout (see `StorageKey`) into its item, kind and rendition.
pub fn classify(key: &str) -> KeyClass {
    let parts: Vec<&str> = key.split('/').collect();
    let video = parts.get(1).and_then(|id| id.parse::<VideoId>().ok());
    let (kind, rendition) = match parts.as_slice() {
        ["sources", _, ..] => (ObjectKind::Original, None),
        ["uploads", _, ..] => (ObjectKind::Upload, None),
        ["avatars", ..] => (ObjectKind::Avatar, None),
        ["watermarks", ..] => (ObjectKind::Logo, None),
        ["media", _, "package.json"] => (ObjectKind::Index, None),
        ["media", _, file] if file.starts_with("download.") => (ObjectKind::Download, None),
        ["media", _, "poster.jpg" | "storyboard.jpg"] => (ObjectKind::Image, None),
        ["media", _, "captions", _] => (ObjectKind::Text, None),
        ["media", _, rendition, _] => (ObjectKind::Rendition, Some((*rendition).to_string())),
        _ => (ObjectKind::Other, None),
    };
    // An account's pictures are named by the account, not an item.
    let video = if matches!(kind, ObjectKind::Avatar | ObjectKind::Logo) { None } else { video };
    KeyClass { video, kind, rendition }
}

/// Whoever keeps the store's accounts (the database, in Reel). The store calls it after each
/// object it writes, moves or removes; an error from it is the operation's error, so the job
/// or request that wrote is retried and the accounts catch up.
pub trait Ledger: Send + Sync {
    /// `key` now holds `bytes` bytes in `tier` (written anew, overwritten or moved).
    fn wrote<'a>(&'a self, key: &'a str, bytes: u64, tier: Tier) -> BoxFuture<'a, anyhow::Result<()>>;
    /// Every object under `prefix` (a folder: `media/{id}`) is gone.
    fn removed_prefix<'a>(&'a self, prefix: &'a str) -> BoxFuture<'a, anyhow::Result<()>>;
    /// `key` is gone.
    fn removed<'a>(&'a self, key: &'a str) -> BoxFuture<'a, anyhow::Result<()>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_into_kinds() {
        let id = "6f1c2c3e-8d7a-4b7e-9a51-0c0f7d0b9a11";
        let video: VideoId = id.parse().unwrap();
        let class = |k: String| classify(&k);
        assert_eq!(class(format!("sources/{id}/original")), KeyClass { video: Some(video), kind: ObjectKind::Original, rendition: None });
        assert_eq!(class(format!("media/{id}/720p/00007.m4s")).rendition.as_deref(), Some("720p"));
        assert_eq!(class(format!("media/{id}/audio/init.mp4")).kind, ObjectKind::Rendition);
        assert_eq!(class(format!("media/{id}/download.m4a")).kind, ObjectKind::Download);
        assert_eq!(class(format!("media/{id}/storyboard.jpg")).kind, ObjectKind::Image);
        assert_eq!(
            class(format!("media/{id}/captions/{id}.vtt")),
            KeyClass { video: Some(video), kind: ObjectKind::Text, rendition: None }
        );
        assert_eq!(class(format!("media/{id}/package.json")).kind, ObjectKind::Index);
        assert_eq!(class(format!("uploads/{id}/tail")).video, Some(video));
        let avatar = class(format!("avatars/{id}/v1.jpg"));
        assert_eq!((avatar.kind, avatar.video), (ObjectKind::Avatar, None));
        let logo = class(format!("watermarks/{id}/v1.png"));
        assert_eq!((logo.kind, logo.video), (ObjectKind::Logo, None));
        assert_eq!(class("elsewhere/x".into()).kind, ObjectKind::Other);
        assert_eq!("cold".parse::<Tier>(), Ok(Tier::Cold));
    }
}
