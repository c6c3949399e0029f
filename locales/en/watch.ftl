# The watch page: the player, what is said about the item, its comments and what comes next;
# a comment thread's own page; the player other sites embed. Also the pieces of `macros.html`
# that many pages share: an upload's status, the follow button, the report form, a comment.

## An item a moderator took down: its owner sees why, instead of the player

# Followed by the moderator's reason, as they wrote it.
watch-takedown = A moderator took this item down:
watch-takedown-hint = It stays stored, but no one can find or watch it.
watch-appeal-label = Appeal (once): why should it come back?
watch-appeal-send = Send appeal
watch-appealed = You appealed; the moderators will decide.

## The player

watch-needs-javascript = Playing videos needs JavaScript.
# "You can [download the video] instead.": the sentence is split around its link.
watch-noscript-download-before = You can
watch-noscript-download-link = download the video
watch-noscript-download-after = instead.

## An item that requires a plan the viewer does not have

# Shown in bold; $name is the plan's name.
watch-plan-required = This item requires the plan “{ $name }”
# $price is the amount with its currency code ("4.50 USD"); $period is "month" or "year".
watch-plan-price = ({ $price } a { $period ->
        [year] year
       *[other] month
    }).
watch-plan-ask-admins = Ask the administrators of this site to add it to your account.
# "[Sign in] if your account has it.": the link, then the rest of the sentence.
watch-plan-sign-in = Sign in
watch-plan-sign-in-after = if your account has it.

## An item not playable yet, and an upload's status (also in the studio)

watch-pending-hint = This page shows the video as soon as it can be played.
watch-reload = Reload
watch-status-uploaded = Uploaded
# $percent is already written as a percentage ("40 %").
watch-status-processing = Processing { $percent }
watch-status-playable = Playable, { $percent } processed
watch-status-ready = Ready
watch-status-failed = Failed

## About the item

# Who may see the item, as a small label.
watch-visibility-private = Private
watch-visibility-members = Members
watch-visibility-public = Public
watch-reactions = Reactions
# Followed by how many.
watch-like = Like
watch-dislike = Dislike
# $format is a file format: M4A, MP4, MP3.
watch-download = Download { $format }
watch-edit = Edit
# $title is the next item's title.
watch-next = Next: { $title }
watch-next-episode = Next episode: { $title }
watch-add-to-playlist = Add to playlist
watch-add = Add

## A channel's follow button (on the watch page and the channel's page)

# $n picks the form; $count is the same number written short ("1.2K").
watch-subscribers = { $n ->
    [one] { $count } subscriber
   *[other] { $count } subscribers
}
watch-subscribe = Subscribe
watch-unsubscribe = Unsubscribe

## Reporting an item, a comment or an account

watch-report = Report
watch-report-reason = What is wrong with it?
watch-report-send = Send report

## The comments

# $n picks the form; $count is the same number written short ("1.2K").
watch-comments-count = { $n ->
    [one] { $count } comment
   *[other] { $count } comments
}
watch-comments-off = Comments are turned off.
# What the item's owner (or an admin) reads when comments are off.
watch-comments-off-owner = Comments are turned off for others: only you and admins see these.
watch-comment-add = Add a comment
# The button that posts a comment.
watch-comment-send = Comment
# "[Sign in] to comment.": the link, then the rest of the sentence.
watch-comment-sign-in = Sign in
watch-comment-sign-in-after = to comment.
watch-comments-sort = Sort comments
watch-comments-newest = Newest
watch-comments-top = Top
# A link to the thread's own page; $n is how many replies it has.
watch-view-all-replies = View all { $n } replies
watch-comments-more = More comments
watch-comments-none = No comments yet.
watch-comment-deleted = Comment deleted
watch-comment-edited = (edited)
watch-comment-pinned = Pinned
watch-comment-hidden = Hidden from others
watch-comment-reply = Reply
# $name is the comment's writer.
watch-comment-reply-to = Reply to { $name }
watch-comment-edit = Edit
watch-comment-yours = Your comment
watch-comment-save = Save
watch-comment-pin = Pin
watch-comment-unpin = Unpin
watch-comment-hide = Hide
watch-comment-show = Show
watch-comment-delete = Delete
watch-comment-delete-confirm = Delete this comment?

## A thread's own page

# The page's title; $title is the item's.
watch-thread-title = Comments on { $title }
# The heading, followed by the item's title as a link.
watch-thread-heading = Comments on
watch-thread = Thread
watch-thread-no-replies = No replies yet.
watch-thread-more = More replies
watch-thread-back = Back to all comments

## The album, the playlist or series being played, and what to watch next

# After the album's title; $artist is the album's artist.
watch-album-by = by { $artist }
watch-queue-series = Series
watch-queue-playlist = Playlist
watch-up-next = Up next
# $n picks the form; $count is the same number written short ("1.2K").
watch-up-next-views = { $n ->
    [one] { $count } view
   *[other] { $count } views
}
watch-up-next-none = Nothing else to watch yet.

## The player other sites embed: what it says instead of playing

watch-embed-link-expired = This share link has expired.
watch-embed-link-unknown = This share link does not work.
watch-embed-sign-in = Sign in on the site to watch this video.
watch-embed-watch-on-site = Watch it on the site
watch-embed-unavailable = This video is not available.
watch-embed-plan-required = This video requires a plan.
watch-embed-processing = This video is still being processed. Reload in a moment.
watch-embed-open-on-site = Open it on the site
