//! An item's row and nothing else, for the tests of rules that read who owns an item, who may
//! see it and what state it is in, but never its media: one insert, no clip, no transcode. A
//! test that plays the item takes the fixture's ready item instead (`fixture.rs`).

use reel_base::db::videos::{self, NewVideo};
use reel_base::db::Db;
use reel_base::domain::{UserId, VideoDescription, VideoId, VideoTitle, Visibility};

/// Inserts an item titled `title` of `owner`'s with `visibility`, as an upload's first write
/// makes it (no media, one byte of source), and returns its id.
pub async fn item_row(db: &Db, owner: UserId, title: &str, visibility: Visibility) -> VideoId {
    let id = VideoId::new();
    let (title, description) = (VideoTitle::parse(title).expect("a valid title"), VideoDescription::parse("").unwrap());
    let new = NewVideo {
        id,
        title: &title,
        description: &description,
        source_filename: None,
        source_bytes: 1,
        created_by: Some(owner),
        visibility,
    };
    videos::insert(db, &new).await.expect("the item's row");
    id
}
