# What a page says when it cannot do what was asked: the error page, and a form's refusal.
#
# A refusal is found by its English message, then by its code, then by its HTTP status:
#   - error-detail-…: one message a refusal can have, word for word as the code writes it in
#     English; `{ $var }` stands for what varies (a number, a name, what was typed). A
#     `{ $detail }` is itself one of these messages, put in as this language says it; a
#     `{ $field }` is the name of a form field as the code writes it (`year`), which a
#     translation may leave out, since the message shows beside that field.
#   - error-CODE: what a refusal with that code says when its message is none of the
#     details (the code is its stable machine name: `invalid-code`, `not-found`).
#   - error-status-NNN: what any other refusal with that HTTP status says; `.reason` is the
#     status's name in the error page's title ("404 Not Found").
# The English of a code or a detail is the code's own message, so an English page reads as
# the API does.

## The error page

error-page-title = { $status } { $reason }
error-page-home = Back to the home page

## Any refusal, by its HTTP status

error-status-400 = something in what was sent is not right; check it and try again
    .reason = Bad Request
error-status-401 = sign in to see this page
    .reason = Unauthorized
error-status-403 = you may not see or do this
    .reason = Forbidden
error-status-404 = there is nothing here
    .reason = Not Found
error-status-405 = this page cannot be used that way
    .reason = Method Not Allowed
error-status-408 = the request took too long
    .reason = Request Timeout
error-status-409 = this cannot be done as things are now
    .reason = Conflict
error-status-410 = this is gone
    .reason = Gone
error-status-412 = the request is missing something it needs
    .reason = Precondition Failed
error-status-413 = what was sent is too large
    .reason = Payload Too Large
error-status-415 = this kind of file or form cannot be read here
    .reason = Unsupported Media Type
error-status-422 = what was sent cannot be used
    .reason = Unprocessable Entity
error-status-423 = this is busy; try again in a moment
    .reason = Locked
error-status-429 = too many requests; try again later
    .reason = Too Many Requests
error-status-500 = something went wrong on our side; try again later
    .reason = Internal Server Error
error-status-501 = this is not something this site does
    .reason = Not Implemented
error-status-502 = a service this site relies on did not answer properly; try again later
    .reason = Bad Gateway
error-status-503 = this site is not available right now; try again shortly
    .reason = Service Unavailable
error-status-504 = a service this site relies on did not answer in time; try again later
    .reason = Gateway Timeout
error-status-other = something went wrong
    .reason = Error

## Refusals by code

error-account-exists = an account with that address exists
error-account-suspended = this account is suspended
error-address-refused = requests from this address are not accepted
error-already-appealed = a takedown may be appealed once
error-already-in-playlist = the item is already in this playlist
error-already-reported = you reported this already; moderators will look at it
error-bad-request = this request is not one this site's pages make
error-code-required = leaving a kids profile needs the code sent to the account
error-comments-off = the item's comments are turned off
error-database-unavailable = the database is unavailable or overloaded; try again shortly
error-delivery-pending = this delivery is still being tried
error-edit-window-over = a comment can be changed only for a while after it was written
error-empty-upload = the file is empty
error-episode-taken = another item of the series has that season and episode number
error-forbidden = you may not do this
error-insufficient-scope = this sign-in does not allow that
error-internal = internal error
error-invalid-action = that is not something this page does
error-invalid-audio-track = the track's language or label cannot be used
error-invalid-captions = the caption track cannot be added
error-invalid-chapters = the chapters cannot be saved as they are
error-invalid-code = the code is wrong
error-invalid-cursor = that page link is not one this site made
error-invalid-days = a suspension lasts a whole number of days, 1 to 365
error-invalid-description = a description is at most 200 characters, on one line
error-invalid-events = choose at least one of the event types this site sends
error-invalid-expiry = that lifetime is not one a link or token can have
error-invalid-filter = one of the filters cannot be used
error-invalid-form = the form could not be read
error-invalid-image = a picture is a PNG, JPEG, WebP or GIF image
error-invalid-language = that language is not offered on this site
error-invalid-link = this link is not valid or has expired; sign in to change your email settings
error-invalid-metadata = one of the details cannot be used as it is
error-invalid-month = that month cannot be used
error-invalid-name = that name cannot be used
error-invalid-origin = that is not an origin (scheme://host or scheme://host:port, nothing after)
error-invalid-overlap = the old secret may keep working for at most 7 days
error-invalid-periods = the number of periods must be a whole number
error-invalid-plan = the plan cannot be saved as it is
error-invalid-preferences = these settings cannot be saved as they are
error-invalid-profile = the profile cannot be saved as it is
error-invalid-range = that period cannot be shown
error-invalid-ranking = by is views or watch_time
error-invalid-scope = pick permissions this account may give a token
error-invalid-search = a search is at most 200 characters
error-invalid-secret = a secret is whsec_ followed by the base64 of 24 to 64 random bytes
error-invalid-start = start_s is a number of seconds within the item
error-invalid-text = this text cannot be used as it is
error-invalid-theme = the theme must be system, light or dark
error-invalid-url = that web address cannot be used
error-invalid-visibility = that visibility is not one this site knows
error-invalid-watermark = the watermark's placement is out of range
error-last-word = admins cannot demote or disable themselves
error-link-expired = This share link has expired. Ask whoever sent it for a new one.
error-main-profile = the account's main profile cannot be removed
error-missing-address = an account needs an email address or a phone number
error-missing-attempt = this code request has expired; ask for a new code
error-no-address = the account has no address to send a code to
error-no-email = this account has no email address to send to
error-no-second-factor-owed = this session is already signed in
error-not-confirmed = type DELETE to confirm
error-not-failed = only an item whose processing failed can be tried again
error-not-found = there is nothing here, or it is not yours to see
error-not-kids = only a kids profile needs a code to leave it
error-not-open = this is closed already
error-not-pinnable = only a shown thread's first comment can be pinned
error-not-playable = a failed item cannot be shared
error-not-ready = the item is not ready yet
error-not-retryable = only a failed or dead job can be retried
error-not-suspended = the account is not suspended
error-not-taken-down = the item is not taken down
error-not-watchable = the video cannot be watched yet
error-original-removed = the original file was removed; this item cannot be transcoded again
error-own-account = one's own account is not reported or suspended
error-own-channel = you cannot subscribe to your own channel
error-own-comment = one's own comment is not reported; edit or delete it
error-own-item = one's own item is not reported; edit or delete it
error-plan-exists = a plan with that name exists
error-plan-required = this item requires a plan
error-too-many-devices = your plan allows no more devices: sign one out from the account page on another device, then sign in here
error-playlist-full = the playlist is full
error-private-address = that address is or resolves to a private address; this server only calls public ones
error-public-not-allowed = this platform does not allow public videos
error-rate-limited = too many requests; try again later
error-second-factor-required = enter the code from your authenticator app
error-session-only = an API token acts as the profile it was made for; sign in to switch
error-storage-unavailable = the object store cannot be reached; try again shortly
error-taken-down = the item is taken down already
error-timeout = the request took too long
error-too-large = the picture is too large
error-too-many-captions = the item has as many text tracks as it may have
error-too-many-links = the item has as many live share links as it may have; revoke one first
error-too-many-origins = the item lists more origins than it may
error-too-many-profiles = the account has as many profiles as it may have
error-too-many-subscriptions = the account follows as many channels as it may
error-too-many-webhooks = the account has as many endpoints as it may have; remove one first
error-totp-changed = two-factor sign-in was just turned on or set up again; reload the page
error-totp-off = recovery codes come with two-factor sign-in; turn it on first
error-totp-required = deleting this account needs a current code from your authenticator app, or a recovery code
error-unauthorized = a valid API token or session is required
error-upload-expired = the upload has expired
error-upload-gone = the upload's data is gone
error-upload-in-progress = catalogue fields can be set once the upload has completed
error-upload-too-large = the file is larger than this site accepts
error-webhook-disabled = the endpoint is disabled; enable it first

## Refusals word for word: what a message is about, put first

error-detail-field = { $field }: { $detail }
error-detail-line = line { $line }: { $detail }
error-detail-captions-unreadable = the caption file cannot be read: { $detail }

## Signing in, the account, profiles and tokens

error-detail-code-expired = the code is wrong or has expired; ask for a new one
error-detail-ask-code-first = ask for a code first
error-detail-give-address = give either an email address or a phone number
error-detail-suspended = this account is suspended until { $until }: { $reason }
error-detail-email = that is not a valid email address
error-detail-phone = { $detail }; write the number in international form, like +44 20 7946 0958
error-detail-phone-long = that is too long for a phone number
error-detail-phone-country = the country code is missing
error-detail-phone-digits = a phone number is 7 to 15 digits after the +
error-detail-phone-calling-code = no country uses that calling code
error-detail-phone-north-america = a North American number is 1 and ten digits, like +1 415 555 0123
error-detail-phone-national = the number after the country code looks national (drop its leading 0)
error-detail-token-name = a token name must be 1–100 printable characters
error-detail-token-lifetime = { $given } is not a lifetime between 1 minute and 10 years (e.g. 30d, 12h, 1y)
error-detail-token-permission = pick at least one permission for the token
error-detail-token-scopes = a { $role } may hold these scopes: { $scopes }
error-detail-unknown-scope = unknown scope { $given }; use read, account, upload, moderate, admin
error-detail-display-name = a display name must be 1–80 printable characters
error-detail-bio-long = a bio is at most { $n } characters
error-detail-bio-control = a bio cannot hold control characters
error-detail-links-many = at most { $n } links
error-detail-link = { $given } is not a web address (http:// or https://, at most { $n } characters)
error-detail-default-quality = default_quality is auto or a height such as 720p
error-detail-profile-name = a profile name must be 1–40 printable characters
error-detail-avatar-colour = an avatar colour is one of { $colours }
error-detail-profiles-many = an account may have at most { $n } profiles
error-detail-subscriptions-many = an account may follow at most { $n } channels
error-detail-avatar-image = an avatar is a PNG, JPEG, WebP or GIF image
error-detail-logo-image = a logo is a PNG, JPEG, WebP or GIF image
error-detail-avatar-large = an avatar is at most { $n } MB
error-detail-logo-large = a logo is at most { $n } MB
error-detail-totp-to-replace = enter a current code from your authenticator app, or a recovery code, to replace it
error-detail-totp-for-recovery = enter a current code from your authenticator app to make new recovery codes
error-detail-signed-in-only = this is done while signed in, not with an API token
error-detail-delete-signed-in = an account is deleted from a signed-in session, not with an API token
error-detail-token-scopes-lacked = a token cannot have scopes the caller lacks
error-detail-kids-manage = a kids profile cannot manage the account; switch to another profile
error-detail-csrf = missing or wrong CSRF token
error-detail-own-pages = this form must be sent from this site's own pages
error-detail-permission = this needs the { $scope } permission
error-detail-receipt-link = this receipt link is not valid or has expired

## Items: their details, titles and text

error-detail-title-empty = the title must not be empty
error-detail-title-long = the title must be at most { $n } characters
error-detail-title-control = the title must not contain control characters
error-detail-description-long = the description must be at most { $n } characters
error-detail-description-control = the description must not contain control characters
error-detail-text-long = the { $what } must be at most { $n } characters
error-detail-text-control = the { $what } must not contain control characters
error-detail-statement-needed = a { $what } is needed
error-detail-statement-long = a { $what } is at most { $n } characters
error-detail-statement-control = a { $what } must not contain control characters
error-detail-whole-number = must be a whole number
error-detail-at-most-chars = must be at most { $n } characters
error-detail-year = the year must be between { $min } and { $max }
error-detail-number-range = the { $what } must be between 1 and { $max }
error-detail-kind = { $given } is not one of video, film, episode, music, podcast
error-detail-genre = { $given } is not a genre here (the genres are: { $genres })
error-detail-genres-many = an item has at most { $n } genres
error-detail-rating = { $given } is not a content rating here (the scale is: { $scale })
error-detail-language-tag = { $given } is not a language tag such as en, fr or pt-BR
error-detail-tag-long = a tag is at most { $n } characters
error-detail-tag-commas = a tag must not contain commas or control characters
error-detail-tags-many = an item has at most { $n } tags
error-detail-credits-many = at most { $n } names a credit
error-detail-series-id = { $given } is not a series id
error-detail-series-missing = no such series
error-detail-series-needed = a season or episode number needs a series
error-detail-episode-needed = an episode of a series needs its number
error-detail-unknown = unknown { $what } { $given }
error-detail-comment-empty = a comment needs some text
error-detail-comment-long = a comment is at most { $n } characters
error-detail-comment-lines = a comment is at most { $n } lines
error-detail-comment-control = a comment must not contain control characters
error-detail-playlist-full = a playlist holds at most { $n } items
error-detail-title-required = a title is required
error-detail-not-ready-again = only a ready item can be transcoded again; this one is { $status }
error-detail-audio-not-ready = audio tracks can be edited once the item is ready
error-detail-original-removed = the original file was removed by the storage lifecycle rule on { $when }; this item cannot be transcoded again
error-detail-upload-limit = the upload exceeds the limit of { $n } bytes

## Text tracks and chapters

error-detail-label-empty = a track label must not be empty
error-detail-label-long = a track label is at most { $n } characters
error-detail-label-characters = a track label may not hold quotes, line breaks or control characters
error-detail-caption-kind = kind { $given } is not subtitles, captions or descriptions
error-detail-captions-many = an item has at most { $n } text tracks
error-detail-caption-size = the file is larger than the limit of { $size }
error-detail-caption-nul = the file contains a NUL byte; it is not a text file
error-detail-caption-no-cues = the file has no cues
error-detail-caption-cues-many = the file has more than { $n } cues, the most allowed
error-detail-caption-timing = not a cue timing line: { $line }
error-detail-caption-ends-at-start = the cue ends as it starts ({ $at })
error-detail-caption-ends-before = the cue ends ({ $end }) before it starts ({ $start })
error-detail-caption-sixty = minutes and seconds must be under 60: { $given }
error-detail-chapter-empty = a chapter title must not be empty
error-detail-chapter-long = a chapter title is at most { $n } characters
error-detail-chapter-control = a chapter title may not hold control characters
error-detail-chapters-many = an item has at most { $n } chapters
error-detail-chapters-many-not = an item has at most { $n } chapters, not { $count }
error-detail-chapters-same-start = chapters { $first } and { $second } both start at { $at }
error-detail-chapter-after-end = chapter { $title } starts at { $at }, but the item ends at { $end }
error-detail-chapter-time = { $given } is not a time like 1:23 or 1:02:03

## Sharing and embedding

error-detail-share-expiry = expires_in_s is from 1 to { $max }
error-detail-share-plan = an item that requires a plan cannot be shared by link
error-detail-share-links-many = an item may have { $n } live share links; revoke one first
error-detail-share-off = share links are turned off on this site
error-detail-origins-many = an item may list { $n } origins
error-detail-origin = { $given } is not an origin (scheme://host or scheme://host:port, nothing after)
error-detail-plan-required = this item requires the plan “{ $plan }”

## Webhooks

error-detail-url-long = the URL is longer than 2048 characters
error-detail-url-not = not a URL: { $why }
error-detail-url-scheme = the URL must be https:// or http://
error-detail-url-credentials = the URL must not hold a user name or password; check the signature instead
error-detail-url-host = the URL has no host
error-detail-url-resolve = { $host } does not resolve: { $why }
error-detail-url-private = { $host } is or resolves to a private address; this server only calls public ones
error-detail-url-nul = a URL may not contain a NUL byte (%00)
error-detail-events-none = give at least one event type
error-detail-events-unknown = { $given } is not an event type; they are { $events }
error-detail-events-admin = only admins may receive { $event }
error-detail-webhooks-many = an account may register { $n } endpoints; remove one first
error-detail-overlap = overlap_s is at most { $n } (7 days)

## Who may do what

error-detail-video-owner = only the video's creator or an admin may change it
error-detail-series-owner = only the series' owner or an admin may add episodes to it
error-detail-shelf-owner = only the { $shelf }'s owner or an admin may change it
error-detail-comments-site-off = comments are turned off on this site
error-detail-comments-item-off = the item's owner turned its comments off
error-detail-comment-writer = only its writer may change a comment
error-detail-comment-deleter = only its writer or an admin may delete a comment
error-detail-comment-pin = only the item's owner or an admin may pin or hide its comments
error-detail-comment-no-replies = that comment takes no replies
error-detail-comment-unwatchable = an item can be commented on once it can be watched
error-detail-suspend-who = admins are not suspended, and moderators only by an admin
error-detail-suspend-own = one's own account is not suspended
error-detail-item-staff = an admin's or another moderator's item is for an admin to act on
error-detail-item-delete-admin = only an admin deletes an item for good; a moderator takes it down
error-detail-comment-staff = an admin's or another moderator's comment is for an admin to act on
error-detail-suspend-unreported = a moderator suspends an account when it, or an item or comment of it, is reported
error-detail-report-own-account = one's own account is not reported
error-detail-report-resolved = the report was resolved already
error-detail-appeal-owner = only the item's owner may appeal its takedown
error-detail-watermark-own = this site does not let channels set their own watermark
error-detail-analytics = analytics are for creators and admins
error-detail-watermark-margin = the watermark's margin must be between 0 and 0.25 of the picture height
error-detail-watermark-height = the watermark's height must be between 0.01 and 0.5 of the picture height
error-detail-watermark-opacity = the watermark's opacity must be between 0.05 and 1

## Plans

error-detail-plan-name = 1 to 60 printable characters
error-detail-plan-currency = a three-letter ISO 4217 code, such as EUR or USD
error-detail-plan-price-minor = a whole number of cents from 0 to 100000000
error-detail-plan-price = an amount such as 9.99
error-detail-plan-description = at most 500 characters
error-detail-plan-period = month or year
error-detail-periods = a whole number
error-detail-periods-range = a whole number from 1 to { $max }

## Moderation and the admin pages

error-detail-suspension-days = a suspension lasts 1 to { $max } days
error-detail-action-report = that action does not fit what the report is about
error-detail-action-move = the action is up, down or remove
error-detail-action-subscribe = action is subscribe or unsubscribe
error-detail-month = { $given } is not a month: write it as YYYY-MM
error-detail-month-future = { $month } has not begun

## What was not found

error-detail-not-found-video = video not found
error-detail-not-found-item = item not found
error-detail-not-found-page = page not found
error-detail-not-found-channel = channel not found
error-detail-not-found-comment = comment not found
error-detail-not-found-account = account not found
error-detail-not-found-user = user not found
error-detail-not-found-playlist = playlist not found
error-detail-not-found-series = series not found
error-detail-not-found-profile = profile not found
error-detail-not-found-report = report not found
error-detail-not-found-plan = plan not found
error-detail-not-found-token = token not found
error-detail-not-found-session = session not found
error-detail-not-found-caption = caption not found
error-detail-not-found-audio = audio track not found
error-detail-not-found-webhook = webhook not found
error-detail-not-found-delivery = delivery not found
error-detail-not-found-share = share link not found
error-detail-not-found-upload = upload not found
error-detail-not-found-file = file not found
error-detail-not-found-episode = episode not found
error-detail-not-found-artist = artist not found
error-detail-not-found-album = album not found
error-detail-not-found-history = history entry not found
error-detail-not-found-avatar = avatar not found
error-detail-not-found-logo = logo not found
error-detail-not-found-device = device not found

error-not-yet-available = this item is not available yet
error-no-longer-available = this item is no longer available
error-not-available-here = this item is not available in your country
error-no-geo-database = an item can be limited to some countries only where the operator gave a country database ([geo] database)
error-invalid-availability = the dates or countries of this item's availability are not valid
error-detail-coming = this item is available from { $when }
error-detail-left = this item left on { $when }
error-detail-window-order = available_until must come after available_from
error-detail-allow-empty = an allow list must name at least one country

error-pin-required = this needs a PIN
error-wrong-pin = that PIN is not right
error-too-many-pins = too many PINs were tried on this account; try again later
error-invalid-pin = a PIN is exactly four digits
error-detail-pin-profile-only = a profile's PIN is set from that profile or from the account's main profile
error-detail-pin-parental-main = the parental PIN is set from the account's main profile
