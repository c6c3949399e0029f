//! Telling subscribers about a new item: the job of [`NotifySubscribers`] (which the library
//! queues) writes the in-app
//! notifications when an item is published (once), and queues for each subscriber who asked
//! for email an [`EmailDigest`], which waits `audience.email_batch_secs` from the first thing
//! it tells of, so that everything published meanwhile goes in one email.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::auth::links::{self, Purpose};
use crate::platform::notify::{self, Message};
use reel_base::db::{notifications, users, videos};
use reel_base::domain::availability::Absence;
use reel_base::domain::{Address, Email, UserId, VideoId, Visibility};
use reel_base::i18n::{text, Lang};

use crate::library::announce::NotifySubscribers;
use crate::platform::jobs::{Job, JobError, Lane};
use crate::platform::Context;

/// Most items one email lists; the rest come in the next.
const EMAIL_ITEMS: u32 = 50;
/// How long an unsubscribe link in an email works.
const LINK_DAYS: u64 = 60;

impl Job for NotifySubscribers {
    const NAME: &'static str = "notify_subscribers";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.video_id, self.reason))
    }

    fn item(&self) -> Option<VideoId> {
        Some(self.video_id)
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let Some(video) = videos::get(&ctx.db, self.video_id).await.context("reading the item")? else { return Ok(()) };
        // A private item is its owner's alone, and an owner never follows their own channel.
        let Some(channel) = video.created_by.filter(|_| video.status.is_watchable() && video.visibility != Visibility::Private) else {
            return Ok(());
        };
        // Outside its window no one is told: the job its window's opening queues tells them
        // then (`library::availability::WindowEdge`). Where each reader is is decided when they
        // read.
        if matches!(video.availability.absence(ctx.clock().now_ms(), None), Some(Absence::NotYet(_) | Absence::Left(_))) {
            return Ok(());
        }
        let told = notifications::fan_out(&ctx.db, channel, video.id).await.context("writing notifications")?;
        for user_id in notifications::email_subscribers(&ctx.db, channel).await.context("finding who asked for email")? {
            schedule_digest(ctx, user_id).await.context("queueing an email")?;
        }
        tracing::info!(video = %video.id, told, "subscribers notified");
        Ok(())
    }
}

/// Queues the email that tells `user` of their notifications not yet emailed, unless it is
/// queued already: the oldest of them names it and starts its clock, so everything told within
/// `audience.email_batch_secs` of it goes in the same email.
async fn schedule_digest(ctx: &Context, user_id: UserId) -> sqlx::Result<()> {
    let Some(since) = notifications::oldest_unsent(&ctx.db, user_id).await? else { return Ok(()) };
    let batch_ms = i64::try_from(ctx.config.audience.email_batch_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    ctx.queue.enqueue_at(&EmailDigest { user_id, since }, since.saturating_add(batch_ms)).await?;
    Ok(())
}

/// One email to one subscriber listing what their channels published and they have neither
/// read nor been emailed about.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmailDigest {
    /// Who.
    pub user_id: UserId,
    /// When the oldest notification it tells of was written (ms): what names the batch.
    pub since: i64,
}

impl Job for EmailDigest {
    const NAME: &'static str = "email_digest";
    const LANE: Lane = Lane::Light;

    fn dedupe_key(&self) -> String {
        Self::key(format_args!("{}:{}", self.user_id, self.since))
    }

    async fn run(self, ctx: &Context) -> Result<(), JobError> {
        let Some(user) = users::by_id(&ctx.db, self.user_id).await.context("reading the account")? else { return Ok(()) };
        let Some(email) = user.email.as_deref().and_then(|e| Email::parse(e).ok()) else { return Ok(()) };
        // They may have turned emails off, or been disabled, since it was queued.
        if user.disabled_at.is_some() || !notifications::emails_on(&ctx.db, user.id).await.context("reading the setting")? {
            return Ok(());
        }
        let items = notifications::to_email(&ctx.db, user.id, EMAIL_ITEMS).await.context("reading notifications")?;
        if items.is_empty() {
            return Ok(());
        }
        let key = links::key(&ctx.config).context("reading the link key")?;
        let expires = ctx.clock().now_secs() + LINK_DAYS * 86_400;
        let base = &ctx.site_url;
        let stop = format!("{base}/notifications/unsubscribe?token={}", links::sign(&key, Purpose::StopUploadEmails, &user.id, expires));
        let channels =
            users::by_ids(&ctx.db, &items.iter().filter_map(|v| v.created_by).collect::<Vec<_>>()).await.context("reading the channels")?;
        let lang = notify::language_for(&ctx.db, &ctx.config.site, Some(user.id)).await;
        let a_channel = text(lang, "email-digest-a-channel", &[]);
        let channel_of = |v: &videos::VideoRecord| {
            channels.iter().find(|c| Some(c.id) == v.created_by).map_or(a_channel.as_str(), |c| c.display_name.as_str())
        };
        let listed: Vec<(&str, &str, VideoId)> = items.iter().map(|v| (channel_of(v), v.title.as_str(), v.id)).collect();
        let (subject, body) = digest(lang, &ctx.config.site.name, base, &listed, &stop);
        let message = Message::new(subject, body).with_unsubscribe(stop);
        ctx.notifier.send(&Address::Email(email), &message).await.context("sending the email")?;
        let ids: Vec<VideoId> = items.iter().map(|v| v.id).collect();
        notifications::mark_emailed(&ctx.db, user.id, &ids).await.context("recording the email")?;
        // Told of while this one was being written, or past its length: the next email.
        schedule_digest(ctx, user.id).await.context("queueing the next email")?;
        Ok(())
    }
}

/// A digest's subject and body in `lang`: each of `items` (its channel's name, its title, its
/// id) with its link on the site called `site` at `base`, then the link `stop` that ends these
/// emails.
fn digest(lang: Lang, site: &str, base: &str, items: &[(&str, &str, VideoId)], stop: &str) -> (String, String) {
    let subject = match items {
        [(channel, title, _)] => text(lang, "email-digest-subject-one", &[("channel", (*channel).into()), ("title", (*title).into())]),
        many => text(lang, "email-digest-subject-many", &[("n", many.len().into())]),
    };
    let mut body = text(lang, "email-digest-intro", &[("site", site.into())]);
    body.push_str("\n\n");
    for (channel, title, id) in items {
        body.push_str(&text(lang, "email-digest-item", &[("channel", (*channel).into()), ("title", (*title).into())]));
        body.push_str(&format!("\n{base}/watch/{id}\n\n"));
    }
    body.push_str(&text(lang, "email-digest-stop", &[]));
    body.push_str(&format!("\n{stop}\n"));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_reads_as_it_always_has_in_english_and_is_written_in_the_recipients_language() {
        let id = VideoId::new();
        let (subject, body) = digest(Lang::En, "Reel", "https://reel.example", &[("maker", "Hidden", id)], "https://reel.example/stop");
        assert_eq!(subject, "New from maker: Hidden");
        let expected = format!(
            "Channels you follow on Reel published:\n\nmaker — Hidden\nhttps://reel.example/watch/{id}\n\n\
             To stop these emails, open this link (no sign-in needed):\nhttps://reel.example/stop\n"
        );
        assert_eq!(body, expected);
        let two = [("maker", "One", id), ("A channel", "Two", id)];
        assert_eq!(digest(Lang::En, "Reel", "b", &two, "s").0, "2 new items from channels you follow");
        let (subject, body) = digest(Lang::Fr, "Reel", "b", &two, "s");
        assert_eq!(subject, "2 nouveaux éléments des chaînes que vous suivez");
        assert!(body.starts_with("Les chaînes que vous suivez sur Reel ont publié :\n\nmaker — One\n"), "{body}");
        assert!(digest(Lang::Ar, "Reel", "b", &two, "s").0.starts_with("عنصران"), "Arabic has a form for two");
        let (_, named) = digest(Lang::En, "Kino Club", "b", &two, "s");
        assert!(named.starts_with("Channels you follow on Kino Club published:"), "the site's configured name: {named}");
    }
}
