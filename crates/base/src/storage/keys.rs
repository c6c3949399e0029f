//! Typed object-store keys: the storage layout of the blueprint in one place.

use std::fmt;

use crate::domain::{CaptionId, UploadId, UserId, VideoId};

/// A key in the object store. Only the constructors below make them, so every key follows
/// the layout `sources/{id}/original`, `media/{id}/…`, `uploads/{id}/tail`, `avatars/{account}/…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StorageKey(String);

impl StorageKey {
    /// The uploaded original.
    pub fn source(video: VideoId) -> Self {
        Self(format!("sources/{video}/original"))
    }
    /// Everything stored for a video's source.
    pub fn source_prefix(video: VideoId) -> Self {
        Self(format!("sources/{video}"))
    }
    /// Everything published for a video.
    pub fn media_prefix(video: VideoId) -> Self {
        Self(format!("media/{video}"))
    }
    /// A file directly under the video's media folder, e.g. `poster.jpg`.
    ///
    /// `name` must be one of our own fixed names or a checked rendition file name.
    pub fn media_file(video: VideoId, name: &str) -> Self {
        Self(format!("media/{video}/{name}"))
    }
    /// The init segment of a rendition.
    pub fn init(video: VideoId, rendition: &str) -> Self {
        Self(format!("media/{video}/{rendition}/init.mp4"))
    }
    /// Everything of one rendition: its init and media segments.
    pub fn rendition_prefix(video: VideoId, rendition: &str) -> Self {
        Self(format!("media/{video}/{rendition}"))
    }
    /// Media segment `n` of a rendition.
    pub fn segment(video: VideoId, rendition: &str, n: u32) -> Self {
        Self(format!("media/{video}/{rendition}/{n:05}.m4s"))
    }
    /// A text track's clean WebVTT.
    pub fn caption(video: VideoId, caption: CaptionId) -> Self {
        Self(format!("media/{video}/captions/{caption}.vtt"))
    }
    /// The unfinished last part of a resumable upload staged in the object store: bytes that
    /// arrived but are too few for a part of their own yet.
    pub fn upload_tail(upload: UploadId) -> Self {
        Self(format!("uploads/{upload}/tail"))
    }
    /// An avatar image as uploaded, waiting for the job that makes the served one from it
    /// (never served itself).
    pub fn avatar_upload(user: UserId, version: &str) -> Self {
        Self(format!("avatars/{user}/upload-{version}"))
    }
    /// An avatar Reel made (a small JPEG), named by its version so it may be cached for good.
    pub fn avatar(user: UserId, version: &str) -> Self {
        Self(format!("avatars/{user}/{version}.jpg"))
    }
    /// Every avatar object of an account.
    pub fn avatar_prefix(user: UserId) -> Self {
        Self(format!("avatars/{user}"))
    }
    /// A channel's logo as uploaded, waiting for the job that makes the one burned in from it
    /// (never used itself).
    pub fn watermark_upload(user: UserId, version: &str) -> Self {
        Self(format!("watermarks/{user}/upload-{version}"))
    }
    /// A channel's logo Reel made (an RGBA PNG), named by its version.
    pub fn watermark(user: UserId, version: &str) -> Self {
        Self(format!("watermarks/{user}/{version}.png"))
    }
    /// Every watermark object of an account.
    pub fn watermark_prefix(user: UserId) -> Self {
        Self(format!("watermarks/{user}"))
    }
    /// The package index.
    pub fn package_index(video: VideoId) -> Self {
        Self::media_file(video, "package.json")
    }
    /// A key read back from the storage accounts, which hold only keys these constructors
    /// made.
    pub fn existing(key: &str) -> Self {
        Self(key.to_string())
    }
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StorageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_blueprint_layout() {
        let id: VideoId = "6f1c2c3e-8d7a-4b7e-9a51-0c0f7d0b9a11".parse().unwrap();
        assert_eq!(StorageKey::source(id).as_str(), "sources/6f1c2c3e-8d7a-4b7e-9a51-0c0f7d0b9a11/original");
        assert_eq!(StorageKey::segment(id, "720p", 7).as_str(), "media/6f1c2c3e-8d7a-4b7e-9a51-0c0f7d0b9a11/720p/00007.m4s");
        assert_eq!(StorageKey::init(id, "audio").as_str(), "media/6f1c2c3e-8d7a-4b7e-9a51-0c0f7d0b9a11/audio/init.mp4");
    }
}
