# The viewer's lists: playlists and series, subscriptions, notifications, history, and the
# pages an email's unsubscribe link opens.
#
# Some sentences hold a link or a quotation in the middle ("A moderator took down <title>:");
# they come in pieces, written around it: a "-before" piece, the link (not translated: a
# title or a name), then an "-after" piece. A piece may be empty ({ "" }) where the language
# needs nothing there, and { " " } is a space kept at the edge of a piece.

## Who may see a playlist or series (the pill beside it)

lists-visibility-private = Private
lists-visibility-members = Members
lists-visibility-public = Public

## The lists of playlists and series (/playlists, /series)

collections-title-playlists = My playlists
collections-title-series = Series
collections-empty-playlists = You have no playlists yet.
collections-empty-series = No series yet.
collections-new-playlist = New playlist
collections-new-series = New series
collections-field-title = Title
collections-field-description = Description
collections-field-visibility = Who can see it
collections-create = Create
# Shown at the top of a playlist or series just made.
collections-notice-created = Made. Add items from their pages.
collections-notice-added = Added to the playlist.
collections-notice-deleted = Deleted.

## One playlist or series

# The kind of list, before its number of items: "Playlist · 3 items".
collection-kind-playlist = Playlist
collection-kind-series = Series
collection-items = { $n ->
    [one] { $n } item
   *[other] { $n } items
}
collection-play-all = Play all
collection-play = Play
collection-season = Season { $n }
# An episode's short label in a series' list: "E3".
collection-episode-short = E{ $episode }
# An episode's short label in the queue beside the player: "S1E3" (season 1, episode 3).
collection-season-episode-short = S{ $season }E{ $episode }
# Buttons beside each item of a playlist; the item's title follows for screen readers.
collection-move-up = Up
collection-move-down = Down
collection-remove = Remove
collection-empty-playlist = Nothing here yet: add items from their pages.
# “My videos” is the name of the creator's page in the studio.
collection-empty-series = No episodes yet: add them from “My videos”.
collection-delete-confirm = Delete “{ $title }”?
collection-delete-playlist = Delete playlist
collection-delete-series = Delete series

## Subscriptions

subscriptions-title = Subscriptions
subscriptions-more = More
subscriptions-nothing-new = Nothing new from your channels yet.
subscriptions-none = You follow no channels yet. Subscribe on a channel's page or under a video, and what they publish appears here.
subscriptions-channels = Channels you follow
# $count is the number already written short ("1.2K"); $n is the number itself, for the plural.
subscriptions-subscribers = { $n ->
    [one] { $count } subscriber
   *[other] { $count } subscribers
}
subscriptions-unsubscribe = Unsubscribe
subscriptions-unsubscribe-from = Unsubscribe from { $name }

## Notifications

notifications-title = Notifications
notifications-unread = { $n } unread
notifications-all-read = All read
# Said by screen readers before an unread notification.
notifications-unread-marker = Unread:
# "<title> could not be processed: <the reason>"
notifications-failed-before = { "" }
notifications-failed-after = { " " }could not be processed:{ " " }
notifications-try-again = Try again
# "Your report about comment “<the quoted text>” was looked at: <what the moderator said>"
# $target is video, comment or account; $status is dismissed (nothing was done) or another
# (something was done).
notifications-report-before = Your report about { $target ->
    [video] video
    [comment] comment
    [account] account
   *[other] { $target }
}{ " " }
notifications-report-after = { " " }was { $status ->
    [dismissed] looked at
   *[other] acted on
}:{ " " }
# "A moderator took down <title>: <the reason>"
notifications-takedown-before = A moderator took down{ " " }
notifications-takedown-after = :{ " " }
# "A moderator restored <title>."
notifications-restored-before = A moderator restored{ " " }
notifications-restored-after = .
# "<author> commented on <title>: “<the comment>”"
notifications-comment-before = { $author } commented on
notifications-reply-before = { $author } replied to your comment on
notifications-comment-after = :
# "<channel> published <title>"
notifications-published-before = { "" }
notifications-published-after = { " " }published{ " " }
notifications-older = Older
notifications-mark-all-read = Mark all as read
notifications-empty = Nothing yet. When a channel you subscribe to publishes something, it shows here.
notifications-email = Email
notifications-email-opt-in = Email me when channels I subscribe to publish (at most one email every few minutes)
notifications-save = Save
notifications-notice-saved = Saved.

## The unsubscribe link of a notification email

unsubscribe-title = Email notifications
unsubscribe-heading = Stop emails about new items?
unsubscribe-explanation = You will no longer get emails when the channels you subscribe to publish. Your subscriptions and in-app notifications stay as they are.
unsubscribe-button = Stop these emails
unsubscribed-heading = No more emails
unsubscribed-explanation = You will not get emails about new items from the channels you subscribe to. Your subscriptions and in-app notifications stay as they are.
unsubscribed-settings = Notification settings
unsubscribed-sign-in = Sign in to change this

## History

history-title = History
history-paused = Paused: what you watch now is not recorded.
history-intro = What you watched, most recent first.
history-resume = Resume history
history-pause = Pause history
history-clear-confirm = Clear your whole history? Resuming and “Continue watching” start over.
history-clear = Clear all history
# $percent is already written with its sign: "40 %".
history-watched-percent = Watched { $percent }
# Before the time an item was watched: "Watched 3 days ago".
history-watched-at = Watched
history-remove = Remove
history-remove-label = Remove { $title } from history
history-older = Older
history-empty = Nothing here. What you watch shows up here.
history-empty-paused = Nothing here. What you watch once you resume your history shows up here.
history-notice-saved = Saved.
history-notice-removed = Removed from your history.
history-notice-cleared = Your history is empty.
