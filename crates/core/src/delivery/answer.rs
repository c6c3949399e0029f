//! What the origin answers for one file, as facts rather than an HTTP response: which reply,
//! its caching, its bytes and what the access log is told. The web crate frames each as its
//! status, headers and body (`http/origin/mod.rs`), so no HTTP framework is named here.

use std::ops::Range;

use bytes::Bytes;
use futures::stream::BoxStream;
use http::HeaderValue;

use reel_base::storage::StorageError;

/// One answer of the origin: the reply, and what goes with any of them.
pub struct Answer {
    /// What is sent.
    pub reply: Reply,
    /// The `Content-Disposition` of a download or a whole caption file, whatever the reply
    /// (a redirect or a 304 included): the name the file is saved under.
    pub disposition: Option<HeaderValue>,
    /// For the access log: `Some(true)` when the origin cache held the object, `Some(false)`
    /// when it was read from the store for the cache, `None` when the cache was not asked.
    pub cache_hit: Option<bool>,
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Self {
        Self { reply, disposition: None, cache_hit: None }
    }
}

/// The kinds of reply, each with the facts its headers are made from; `cache` is each one's
/// `Cache-Control`.
pub enum Reply {
    /// Text made for this request: a manifest or a playlist, the chapters, a caption segment.
    Text { mime: &'static str, cache: &'static str, text: String },
    /// An encrypted video's content key, sent as `application/octet-stream`.
    Key { key: Vec<u8>, cache: &'static str },
    /// A stored object, whole (200) or one range of it (206).
    Object(Object),
    /// The client's copy (`If-None-Match`) is the current one: a 304 with no body.
    NotModified { etag: HeaderValue, cache: &'static str },
    /// The range asked for lies outside the object of `size` bytes: a 416 with no body.
    Unsatisfiable { size: u64 },
    /// A 302 to a presigned URL of the bucket, which serves the bytes instead.
    Redirect { location: HeaderValue, cache: &'static str },
}

/// A stored object's bytes, whole or one range, with what ranged and cached delivery needs.
pub struct Object {
    /// Its media type.
    pub mime: &'static str,
    /// Its ETag, quoted.
    pub etag: HeaderValue,
    /// The whole object's size, whatever part of it is sent.
    pub size: u64,
    /// The part sent (a 206), or `None` for the whole object (a 200).
    pub range: Option<Range<u64>>,
    /// Its `Cache-Control`.
    pub cache: &'static str,
    /// The bytes of the part sent.
    pub body: ObjectBytes,
}

impl Object {
    /// How many bytes are sent: the range's, or the whole object's (`Content-Length`).
    pub fn length(&self) -> u64 {
        self.range.as_ref().map_or(self.size, |r| r.end - r.start)
    }

    /// The `Content-Range` of a part (`bytes 0-99/1000`); none for the whole object.
    pub fn content_range(&self) -> Option<String> {
        self.range.as_ref().map(|r| super::range::content_range(r, self.size))
    }
}

/// Where an object's bytes come from.
pub enum ObjectBytes {
    /// Held in memory (the origin cache's copy, or the part of it asked for).
    Held(Bytes),
    /// Read from the store as they are sent.
    Streamed(BoxStream<'static, Result<Bytes, StorageError>>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_sends_its_own_length_and_says_where_it_lies() {
        let object = |range| Object {
            mime: "video/mp4",
            etag: HeaderValue::from_static("\"a\""),
            size: 1000,
            range,
            cache: "public",
            body: ObjectBytes::Held(Bytes::new()),
        };
        assert_eq!((object(None).length(), object(None).content_range()), (1000, None));
        let part = object(Some(100..200));
        assert_eq!((part.length(), part.content_range().as_deref()), (100, Some("bytes 100-199/1000")));
    }
}
