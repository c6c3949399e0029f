# What Reel emails and texts to people: sign-in codes, new items from followed channels,
# moderators' decisions, a webhook endpoint turned off. Written in the recipient's language:
# their account's interface language, else the site's default. Each body ends with a line
# break the code adds; the links come already made.

## A sign-in code, by email or text message (also for leaving a kids profile): $code is six
## digits, $minutes how long it works, $site the site's name.

email-code-subject = Your { $site } sign-in code: { $code }
email-code-text = Your { $site } sign-in code is { $code }.
    It is valid for { $minutes } minutes. If you did not ask for it, ignore this message.

## The code that deletes an account, asked for from one of its signed-in sessions: it does not
## sign in. $code is six digits, $minutes how long it works, $site the site's name.

email-delete-code-subject = Your code to delete your { $site } account: { $code }
email-delete-code-text = Your code is { $code }: it deletes your { $site } account.
    It is valid for { $minutes } minutes, only where you asked to delete the account, and it does not sign you in. If you did not ask for it, give it to no one: someone signed in to your account asked for it.

## New items from followed channels

# One item: $channel is the channel's name, $title the item's.
email-digest-subject-one = New from { $channel }: { $title }
# Several items ($n is 2 or more).
email-digest-subject-many = { $n } new items from channels you follow
email-digest-intro = Channels you follow on { $site } published:
# One line of the list, above the item's link.
email-digest-item = { $channel } — { $title }
# A channel that has no name to show.
email-digest-a-channel = A channel
# Above the link that stops these emails.
email-digest-stop = To stop these emails, open this link (no sign-in needed):

## Moderators' decisions about a person's item or account

email-takedown-subject = Your item was taken down
# $reason is the moderator's, in their words; $link is the item's page.
email-takedown-text = A moderator took down “{ $title }”: { $reason }

    It stays stored, but no one can find or watch it. You may appeal once, on { $link }
email-restored-subject = Your item was restored
email-restored-text = A moderator restored “{ $title }”: it can be found and watched again: { $link }
email-suspended-subject = Your account is suspended
# $until is the moment it ends (27 Nov 2026, 14:00 UTC).
email-suspended-text = A moderator suspended your account until { $until }: { $reason }

    Until then you cannot sign in.

## A webhook endpoint turned off

email-webhook-disabled-subject = [{ $site }] A webhook endpoint was disabled
# $period: how long deliveries failed; $answered: what the last attempt got ("HTTP 500", or
# the connection's error); $link: the endpoint's page.
email-webhook-disabled-text = { $site } stopped sending events to { $url }: no delivery succeeded for { $period } (the last attempt: { $answered }).

    Its deliveries can be resent, and it can be enabled again, on { $link }
# How long deliveries failed, in days, hours or minutes.
email-period-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
email-period-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
email-period-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}

# An alarm's email to admins: $state is FIRING or RESOLVED, $name the alarm's code name.
alarm-email-subject = [{ $site }] { $state } { $name }: { $summary }
alarm-email-state-firing = FIRING
alarm-email-state-resolved = RESOLVED
alarm-email-text = { $summary }.

    { $name } is { $state } since { $since }: { $detail }.

    The health page has every alarm: { $link }
