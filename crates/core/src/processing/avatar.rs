//! Making an account's avatar: [`ProcessAvatar`] reads the uploaded image with an image
//! demuxer only, makes the small square JPEG Reel serves from it, puts it in as the avatar
//! (removing the one it replaces) and removes the upload. An upload that is not a usable image
//! is recorded as the reason on the account, and the avatar in place stays.

use serde::{Deserialize, Serialize};

use reel_base::db::users::Picture;
use reel_base::domain::UserId;
use reel_base::media::image;
use reel_base::storage::StorageKey;

use crate::platform::jobs::{FailureClass, Job, JobError, Lane};
use crate::platform::Context;
use crate::processing::images::{self, PictureKind};

const AVATAR: PictureKind = PictureKind {
    picture: Picture::Avatar,
    upload: StorageKey::avatar_upload,
    made: StorageKey::avatar,
    file: "avatar.jpg",
    args: image::avatar_args,
    what: "avatar",
};

/// An avatar upload waiting under `avatars/{user}/upload-{version}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessAvatar {
    /// The account.
    pub user_id: UserId,
    /// Names the upload and the avatar made from it.
    pub version: String,
}

impl Job for ProcessAvatar {
    const NAME: &'static str = "process_avatar";
    const LANE: Lane = Lane::Pictures;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.user_id, self.version))
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        images::make(ctx, &AVATAR, self.user_id, &self.version).await
    }

    async fn gave_up(&self, ctx: &Context, reason: &str, _: FailureClass) {
        images::refused(ctx, &AVATAR, self.user_id, &self.version, reason).await;
    }
}
