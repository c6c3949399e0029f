//! Deleting an account, after the request has signed it out everywhere and disabled it:
//! [`DeleteAccount`] removes its items with every object (or hands them to the admin named by
//! `audience.hand_over_to`), its unfinished uploads' bytes and its avatar, then erases every
//! row about it in one transaction (`db::account_data::erase`). The job knows the account only
//! by its pseudonym, so nothing it leaves in the queue names the person.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::platform::staging::Staging;
use reel_base::db::{account_data, uploads, users};
use reel_base::domain::{Address, Email, Phone, Role, UserId};
use reel_base::storage::StorageKey;

use crate::platform::jobs::{Job, JobError};
use crate::platform::Context;

/// A deletion under way, named by the account's pseudonym.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteAccount {
    /// What `account_deletions` knows the account by.
    pub pseudonym: String,
}

impl Job for DeleteAccount {
    const NAME: &'static str = "delete_account";

    fn dedupe_key(&self) -> String {
        Self::key(&self.pseudonym)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        // Each step can be done again: a retry after a crash picks up where the last run was.
        let Some(user) = account_data::pending(&ctx.db, &self.pseudonym).await.context("finding the account")? else { return Ok(()) };
        match ctx.config.audience.hand_over_to.as_str() {
            "" => remove_items(ctx, user).await?,
            handle => {
                let heir = heir(ctx, handle).await?;
                let moved = crate::library::item::hand_over(ctx, user, heir).await.context("handing the items over")?;
                tracing::info!(moved, "a deleted account's items were handed over");
            }
        }
        let staging = Staging::new(&ctx.config.data_dir, &ctx.store);
        for id in account_data::uploads_of(&ctx.db, user).await.context("listing uploads")? {
            if let Some(upload) = uploads::get(&ctx.db, id).await.context("reading an upload")?.filter(|u| u.video_id.is_none()) {
                staging.discard(id, &upload).await;
            }
        }
        ctx.store.delete_prefix(&StorageKey::avatar_prefix(user)).await.context("removing the avatar")?;
        ctx.store.delete_prefix(&StorageKey::watermark_prefix(user)).await.context("removing the channel's logo")?;
        // Before the row that names the addresses goes: a retry must still know them.
        if let Some(record) = users::by_id(&ctx.db, user).await.context("reading the account")? {
            let addresses: Vec<Address> = [
                record.email.as_deref().and_then(|e| Email::parse(e).ok()).map(Address::Email),
                record.phone.as_deref().map(|p| Address::Phone(Phone::stored(p))),
            ]
            .into_iter()
            .flatten()
            .collect();
            crate::platform::notify::forget_outbox(&ctx.config.data_dir, &addresses).await.context("clearing the outbox")?;
        }
        account_data::erase(&ctx.db, user, &self.pseudonym).await.context("erasing the account")?;
        tracing::info!(pseudonym = %self.pseudonym, "account deleted");
        Ok(())
    }
}

/// Deletes every item of `user` with its objects (rows first, so nothing serves them meanwhile).
async fn remove_items(ctx: &Context, user: UserId) -> Result<(), JobError> {
    for id in account_data::items_of(&ctx.db, user).await.context("listing the items")? {
        crate::library::item::delete(ctx, id).await.context("deleting an item")?;
        crate::processing::purge::stop_writers(&ctx.db, &ctx.queue, &ctx.config.jobs, id).await.context("stopping the item's jobs")?;
        ctx.store.delete_video(id).await.context("deleting an item's objects")?;
    }
    Ok(())
}

/// The admin `handle` names, who takes a deleted account's items.
async fn heir(ctx: &Context, handle: &str) -> Result<UserId, JobError> {
    match users::by_channel(&ctx.db, handle).await.context("finding the admin")? {
        Some(u) if u.role == Role::Admin && u.disabled_at.is_none() => Ok(u.id),
        _ => Err(JobError::Permanent(format!("audience.hand_over_to names {handle:?}, which is not an enabled admin's channel"))),
    }
}
