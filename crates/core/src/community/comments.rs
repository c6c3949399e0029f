//! Comments on items: who may read and write them (whoever may see the item reads; a signed-in
//! grown-up's profile writes, within the account's rate limit), threads with one level of
//! replies, edits within the configured window, taking one's own back, and the item owner's
//! pin, hide and switch. A new comment tells the item's owner, a reply tells the comment's
//! writer, and both are the `comment.created` event.

use serde::{Deserialize, Serialize};

use crate::auth::{policy, Caller, Scope};
use crate::platform::problem::{self, Problem};
use crate::platform::ratelimit::Quota;
use crate::platform::webhooks::{self, CommentEventData, Event};
use crate::platform::Context;
use reel_base::db::comments::{self as rows, After, CommentRecord, NewComment, Shown};
use reel_base::db::notifications;
use reel_base::db::videos::VideoRecord;
use reel_base::domain::comment::{CommentBody, CommentNotice, CommentOrder};
use reel_base::domain::{rfc3339, CommentId, VideoId};

/// Replies shown under each thread of a page; the rest are a thread's own page.
pub const REPLIES_SHOWN: u32 = 3;

/// A comment as a reader sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommentView {
    pub id: CommentId,
    pub video_id: VideoId,
    /// The thread it replies to; none for a thread's first comment.
    pub parent_id: Option<CommentId>,
    pub author: Author,
    /// Plain text (escape it to show it); empty for a comment its writer took back, which stays
    /// while its replies do.
    pub body: String,
    /// How many replies of it are shown.
    pub replies: i64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, when it was edited.
    pub edited_at: Option<String>,
    pub pinned: bool,
    /// Hidden by the item's owner or a moderator (only they see such a comment).
    pub hidden: bool,
    /// Taken back by its writer.
    pub deleted: bool,
    /// What the reader may do with it.
    pub can: Can,
}

/// A comment's writer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Author {
    pub id: reel_base::domain::UserId,
    pub name: String,
    /// Their channel's handle (`/c/{channel}`).
    pub channel: String,
    /// Their avatar's path on this site, when they have one.
    pub avatar: Option<String>,
}

/// What the reader may do with one comment.
#[derive(Debug, Clone, Copy, Default, Serialize, utoipa::ToSchema)]
pub struct Can {
    /// Change its text (its writer, within the edit window).
    pub edit: bool,
    /// Take it back (its writer, or an admin).
    pub delete: bool,
    /// Pin or hide it (the item's owner, or an admin).
    pub moderate: bool,
    /// Reply to it (a thread's first comment, while comments are open to the reader).
    pub reply: bool,
    /// Report it to the moderators (anyone signed in but its writer).
    pub report: bool,
}

/// A thread: its first comment and the replies shown with it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Thread {
    #[serde(flatten)]
    pub comment: CommentView,
    /// Its first replies, oldest first (all of them with `GET …/comments?parent=`).
    pub first_replies: Vec<CommentView>,
}

/// A page of an item's comments.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommentPage {
    /// The item's pinned thread, on the first page only.
    pub pinned: Option<Thread>,
    /// Threads (or, for `parent`, its replies) in the order asked for.
    pub items: Vec<Thread>,
    /// Comments of the item shown to everyone.
    pub total: i64,
    /// Whether the reader may write a comment.
    pub open: bool,
    /// Whether the item's owner turned its comments off.
    pub off: bool,
    /// The next page, when this one was full.
    pub next_cursor: Option<String>,
}

/// What a reader asks of an item's comments.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentQuery {
    /// `newest` (the default) or `top` (most replied to first).
    #[param(pattern = "^(newest|top)?$")]
    pub order: Option<String>,
    /// Comments per page, 1–100 (20 when absent).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the page before: replies, a time and a comment id.
    #[param(pattern = r"^([0-9]{1,19}\.-?[0-9]{1,18}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$")]
    pub cursor: Option<String>,
    /// A thread's id: its replies, oldest first, instead of the threads.
    pub parent: Option<String>,
}

/// The API document's schema of a comment's text, wherever a body carries one (`schema_with`):
/// the pattern of what [`CommentBody::parse`] takes, and the default
/// `community.max_comment_chars`.
pub fn body_schema() -> utoipa::openapi::Object {
    let description = "Plain text: at most `community.max_comment_chars` characters (2,000 unless configured) and \
                       50 lines once trimmed, no control characters but tabs and line breaks.";
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(description))
        .max_length(Some(reel_base::config::CommunityConfig::default().max_comment_chars))
        .pattern(Some(reel_base::domain::comment::BODY_PATTERN))
        .build()
}

/// A comment to write.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCommentBody {
    /// Plain text, at most `community.max_comment_chars` characters (2,000 unless configured)
    /// and 50 lines once trimmed.
    #[schema(schema_with = body_schema)]
    pub body: String,
    /// The thread it replies to (a thread's first comment; replies have no replies).
    #[serde(default)]
    pub parent_id: Option<String>,
}

/// Who reads, and what of the item they may do.
struct Reader<'a> {
    caller: Option<&'a Caller>,
    /// The item's owner, an admin, or a moderator of it (`moderation::moderates_item`): sees
    /// hidden comments.
    moderates: bool,
    /// May write (signed in, not a kids profile, comments open).
    writes: bool,
}

impl Reader<'_> {
    fn shown(&self) -> Shown {
        Shown { hidden: self.moderates }
    }
}

/// The item's comments are open at all: the site's switch and the owner's.
async fn open_on(ctx: &Context, video: &VideoRecord) -> problem::Result<bool> {
    Ok(ctx.config.community.comments && !reel_base::db::videos::comments_off(&ctx.db, video.id).await?)
}

async fn reader<'a>(ctx: &Context, caller: Option<&'a Caller>, video: &VideoRecord, open: bool) -> problem::Result<Reader<'a>> {
    let moderates = match caller {
        Some(c) => crate::community::moderation::moderates_item(ctx, c, video).await?,
        None => false,
    };
    let writes = open && caller.is_some_and(|c| c.has(Scope::Read) && !c.profile.kids) && video.status.is_watchable();
    Ok(Reader { caller, moderates, writes })
}

fn view(ctx: &Context, reader: &Reader<'_>, c: CommentRecord) -> CommentView {
    let now = ctx.clock().now_ms();
    let window = i64::try_from(ctx.config.community.edit_window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    let mine = reader.caller.is_some_and(|r| r.subject() == c.user_id);
    let live = c.deleted_at.is_none();
    let can = Can {
        edit: live && mine && reader.writes && now.saturating_sub(c.created_at) <= window,
        delete: live && (mine || reader.caller.is_some_and(Caller::is_admin)),
        moderate: live && reader.moderates,
        reply: live && reader.writes && c.parent_id.is_none() && c.hidden_at.is_none(),
        report: live && !mine && reader.caller.is_some_and(|r| !r.profile.kids),
    };
    let avatar = c.author_avatar.as_deref().map(|v| crate::audience::account_profile::avatar_url(c.user_id, v));
    CommentView {
        id: c.id,
        video_id: c.video_id,
        parent_id: c.parent_id,
        author: Author { id: c.user_id, name: c.author_name, channel: c.author_channel, avatar },
        body: c.body,
        replies: c.replies,
        created_at: rfc3339(c.created_at),
        edited_at: c.edited_at.map(rfc3339),
        pinned: c.pinned_at.is_some(),
        hidden: c.hidden_at.is_some(),
        deleted: !live,
        can,
    }
}

/// A page cursor: the last thread's replies, time and id.
fn cursor_of(c: &CommentRecord) -> String {
    format!("{}.{}.{}", c.replies, c.created_at, c.id)
}

fn parse_cursor(text: &str) -> problem::Result<After> {
    let bad = || Problem::bad_request("invalid-cursor", "cursor is the next_cursor of an earlier page");
    let mut parts = text.splitn(3, '.');
    let (Some(r), Some(at), Some(id)) = (parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
    Ok(After { replies: r.parse().map_err(|_| bad())?, created_at: at.parse().map_err(|_| bad())?, id: id.parse().map_err(|_| bad())? })
}

/// A page of the comments of an item `viewer` may see: its threads in `q.order` with the first
/// replies of each, or a thread's replies (`q.parent`). With comments off, only the item's
/// owner and admins read them.
pub async fn list(ctx: &Context, viewer: Option<&Caller>, id: &str, q: &CommentQuery) -> problem::Result<CommentPage> {
    let video = crate::library::videos::visible(ctx, viewer, id).await?;
    list_of(ctx, viewer, &video, q).await
}

/// [`list`] for an item already read (the watch page has it).
pub async fn list_of(ctx: &Context, viewer: Option<&Caller>, video: &VideoRecord, q: &CommentQuery) -> problem::Result<CommentPage> {
    let open = open_on(ctx, video).await?;
    let reader = reader(ctx, viewer, video, open).await?;
    let limit = match q.limit {
        None => 20,
        Some(n @ 1..=100) => n,
        Some(_) => return Err(Problem::bad_request("invalid-limit", "limit is from 1 to 100")),
    };
    let order = match q.order.as_deref() {
        None | Some("") => CommentOrder::Newest,
        Some(o) => o.parse().map_err(|_| Problem::bad_request("invalid-order", "order is newest or top"))?,
    };
    let after = q.cursor.as_deref().filter(|c| !c.is_empty()).map(parse_cursor).transpose()?;
    let total = rows::count(&ctx.db, video.id).await?;
    let off = !open && ctx.config.community.comments;
    let mut page = CommentPage { pinned: None, items: Vec::new(), total, open: reader.writes, off, next_cursor: None };
    if !open && !reader.moderates {
        page.total = 0;
        return Ok(page);
    }
    if let Some(parent) = q.parent.as_deref() {
        let thread = thread_of(ctx, &reader, video, parent).await?;
        let found = rows::replies(&ctx.db, thread.id, reader.shown(), after.map(|a| (a.created_at, a.id)), limit).await?;
        page.next_cursor = found.last().filter(|_| found.len() == limit as usize).map(cursor_of);
        page.items = found.into_iter().map(|c| Thread { comment: view(ctx, &reader, c), first_replies: Vec::new() }).collect();
        return Ok(page);
    }
    let threads = rows::threads(&ctx.db, video.id, order, reader.shown(), after, limit).await?;
    page.next_cursor = threads.last().filter(|_| threads.len() == limit as usize).map(cursor_of);
    let pinned = if after.is_none() { rows::pinned(&ctx.db, video.id, reader.shown()).await? } else { None };
    let ids: Vec<CommentId> = pinned.iter().chain(&threads).map(|c| c.id).collect();
    let mut replies = rows::first_replies(&ctx.db, &ids, reader.shown(), REPLIES_SHOWN).await?;
    let mut with_replies = |c: CommentRecord| {
        let mine: Vec<CommentRecord> = replies.extract_if(.., |r| r.parent_id == Some(c.id)).collect();
        Thread { comment: view(ctx, &reader, c), first_replies: mine.into_iter().map(|r| view(ctx, &reader, r)).collect() }
    };
    page.pinned = pinned.map(&mut with_replies);
    page.items = threads.into_iter().map(&mut with_replies).collect();
    Ok(page)
}

/// A thread's first comment as `viewer` may read it (a thread's page shows it above its
/// replies).
pub async fn thread(ctx: &Context, viewer: Option<&Caller>, video: &VideoRecord, id: &str) -> problem::Result<CommentView> {
    let open = open_on(ctx, video).await?;
    let reader = reader(ctx, viewer, video, open).await?;
    if !open && !reader.moderates {
        return Err(Problem::not_found("comment"));
    }
    let found = thread_of(ctx, &reader, video, id).await?;
    Ok(view(ctx, &reader, found))
}

/// A shown thread's first comment of `video`, by id text.
async fn thread_of(ctx: &Context, reader: &Reader<'_>, video: &VideoRecord, id: &str) -> problem::Result<CommentRecord> {
    let id: CommentId = id.parse().map_err(|_| Problem::not_found("comment"))?;
    let found = rows::get(&ctx.db, id).await?.filter(|c| {
        c.video_id == video.id
            && c.parent_id.is_none()
            && (c.hidden_at.is_none() || reader.moderates)
            && (c.deleted_at.is_none() || c.replies > 0)
    });
    found.ok_or_else(|| Problem::not_found("comment"))
}

/// The rate limit of writing comments: a burst, and an hour's worth.
fn quotas(ctx: &Context) -> [Quota; 2] {
    let c = &ctx.config.community;
    [Quota::per_minute(c.comments_per_minute), Quota::per_hour(c.comments_per_hour)]
}

/// Writes a comment (or, with `parent_id`, a reply) on an item the caller may watch; tells
/// the item's owner and the replied-to writer, and announces `comment.created`. Refused with
/// 429 beyond the account's rate limit, before anything is stored.
pub async fn post(ctx: &Context, caller: &Caller, id: &str, new: NewCommentBody) -> problem::Result<CommentView> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    let video = crate::library::videos::visible(ctx, Some(caller), id).await?;
    if !video.status.is_watchable() {
        return Err(Problem::conflict("not-watchable", "an item can be commented on once it can be watched"));
    }
    if !ctx.config.community.comments {
        return Err(Problem::forbidden("comments are turned off on this site"));
    }
    if reel_base::db::videos::comments_off(&ctx.db, video.id).await? {
        return Err(Problem::conflict("comments-off", "the item's owner turned its comments off"));
    }
    let body = CommentBody::parse(&new.body, ctx.config.community.max_comment_chars)?;
    let parent = match new.parent_id.as_deref() {
        Some(p) => {
            let reader = reader(ctx, Some(caller), &video, true).await?;
            let thread = thread_of(ctx, &reader, &video, p).await?;
            if thread.deleted_at.is_some() || thread.hidden_at.is_some() {
                return Err(Problem::conflict("not-open", "that comment takes no replies"));
            }
            Some(thread)
        }
        None => None,
    };
    // Each quota keeps its own count: one key's state read under two rates would mix them.
    for (span, quota) in ["minute", "hour"].into_iter().zip(quotas(ctx)) {
        ctx.shared.check_rate(&format!("comment-{span}:{}", caller.subject()), quota).await?;
    }
    let comment = NewComment {
        id: CommentId::new(),
        video_id: video.id,
        user_id: caller.subject(),
        parent_id: parent.as_ref().map(|p| p.id),
        body: body.as_str(),
    };
    if !rows::insert(&ctx.db, &comment).await? {
        return Err(Problem::conflict("not-open", "that comment takes no replies"));
    }
    let stored = rows::get(&ctx.db, comment.id).await?.ok_or_else(|| Problem::not_found("comment"))?;
    tell(ctx, &video, &stored, parent.as_ref()).await;
    let reader = reader(ctx, Some(caller), &video, true).await?;
    Ok(view(ctx, &reader, stored))
}

/// The notices and the event of a new comment; a failure is logged, the comment stands.
async fn tell(ctx: &Context, video: &VideoRecord, comment: &CommentRecord, parent: Option<&CommentRecord>) {
    let mut told = Vec::new();
    if let Some(p) = parent.filter(|p| p.user_id != comment.user_id) {
        told.push((p.user_id, CommentNotice::Reply));
    }
    if let Some(owner) = video.created_by.filter(|o| *o != comment.user_id && !told.iter().any(|(u, _)| u == o)) {
        told.push((owner, CommentNotice::Comment));
    }
    for (user, notice) in told {
        if let Err(e) = notifications::tell_comment(&ctx.db, user, video.id, comment.id, notice).await {
            tracing::warn!(error = %e, "could not write a comment's notification");
        }
    }
    let data = CommentEventData {
        id: comment.id,
        video_id: video.id,
        parent_id: comment.parent_id,
        author_id: comment.user_id,
        body: comment.body.clone(),
        created_at: rfc3339(comment.created_at),
    };
    webhooks::announce(ctx, Event::comment_created(video.created_by, data)).await;
}

/// A comment and its item, for a caller who may see the item (and, if hidden, moderates it).
async fn comment_and_item(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<(CommentRecord, VideoRecord)> {
    let id: CommentId = id.parse().map_err(|_| Problem::not_found("comment"))?;
    let comment = rows::get(&ctx.db, id).await?.filter(|c| c.deleted_at.is_none()).ok_or_else(|| Problem::not_found("comment"))?;
    let video = crate::library::videos::visible(ctx, Some(caller), &comment.video_id.to_string()).await?;
    if comment.hidden_at.is_some()
        && comment.user_id != caller.subject()
        && !crate::community::moderation::moderates_item(ctx, caller, &video).await?
    {
        return Err(Problem::not_found("comment"));
    }
    Ok((comment, video))
}

/// A comment the caller may read: its item theirs to see, its comments open to them, and it
/// shown (or theirs, or theirs to moderate).
pub async fn readable(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<CommentRecord> {
    let (comment, video) = comment_and_item(ctx, caller, id).await?;
    if !open_on(ctx, &video).await? && !crate::community::moderation::moderates_item(ctx, caller, &video).await? {
        return Err(Problem::not_found("comment"));
    }
    Ok(comment)
}

/// Changes the text of the caller's own comment, within the edit window.
pub async fn edit(ctx: &Context, caller: &Caller, id: &str, body: &str) -> problem::Result<CommentView> {
    caller.require(Scope::Read)?;
    caller.require_grown_up()?;
    let (comment, video) = comment_and_item(ctx, caller, id).await?;
    if comment.user_id != caller.subject() {
        return Err(Problem::forbidden("only its writer may change a comment"));
    }
    if !open_on(ctx, &video).await? {
        return Err(Problem::conflict("comments-off", "the item's comments are turned off"));
    }
    let body = CommentBody::parse(body, ctx.config.community.max_comment_chars)?;
    let window = i64::try_from(ctx.config.community.edit_window_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    let since = ctx.clock().now_ms().saturating_sub(window);
    if !rows::edit(&ctx.db, comment.id, caller.subject(), body.as_str(), since).await? {
        return Err(Problem::conflict("edit-window-over", "a comment can be changed only for a while after it was written"));
    }
    let stored = rows::get(&ctx.db, comment.id).await?.ok_or_else(|| Problem::not_found("comment"))?;
    Ok(view(ctx, &reader(ctx, Some(caller), &video, true).await?, stored))
}

/// Takes back a comment: the caller's own, or any as an admin. Its replies stay.
pub async fn delete(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<()> {
    caller.require(Scope::Read)?;
    let (comment, _) = comment_and_item(ctx, caller, id).await?;
    if comment.user_id != caller.subject() && !caller.is_admin() {
        return Err(Problem::forbidden("only its writer or an admin may delete a comment"));
    }
    rows::delete(&ctx.db, &comment).await?;
    Ok(())
}

/// The comment an owner acts on, refused unless the caller manages its item.
async fn moderated(ctx: &Context, caller: &Caller, id: &str) -> problem::Result<(CommentRecord, VideoRecord)> {
    caller.require(Scope::Upload)?;
    let (comment, video) = comment_and_item(ctx, caller, id).await?;
    if !policy::can_manage(caller, video.created_by) {
        return Err(Problem::forbidden("only the item's owner or an admin may pin or hide its comments"));
    }
    Ok((comment, video))
}

/// Pins a thread's first comment above the others (in place of any pinned before), or unpins it.
pub async fn pin(ctx: &Context, caller: &Caller, id: &str, pinned: bool) -> problem::Result<()> {
    let (comment, video) = moderated(ctx, caller, id).await?;
    let target = if pinned {
        if comment.parent_id.is_some() || comment.hidden_at.is_some() {
            return Err(Problem::conflict("not-pinnable", "only a shown thread's first comment can be pinned"));
        }
        Some(comment.id)
    } else if comment.pinned_at.is_some() {
        None
    } else {
        return Ok(());
    };
    if !rows::pin_thread(&ctx.db, video.id, target).await? {
        return Err(Problem::conflict("not-pinnable", "only a shown thread's first comment can be pinned"));
    }
    Ok(())
}

/// Hides a comment from everyone but the item's owner and admins, or shows it again.
pub async fn hide(ctx: &Context, caller: &Caller, id: &str, hidden: bool) -> problem::Result<()> {
    let (comment, _) = moderated(ctx, caller, id).await?;
    rows::set_hidden(&ctx.db, &comment, hidden).await?;
    Ok(())
}

/// Whether the item's owner turned its comments off.
pub async fn are_off(ctx: &Context, video: &VideoRecord) -> problem::Result<bool> {
    Ok(reel_base::db::videos::comments_off(&ctx.db, video.id).await?)
}
