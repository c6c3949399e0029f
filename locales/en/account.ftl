# The account: signing in, the account page (sessions, two-factor sign-in, API tokens, the
# account's data), the public profile and preferences, viewer profiles, and webhooks.

## Signing in (/login)

login-title = Sign in
login-address = Email address or phone number
# $example: a phone number written the international way, shown as it is.
login-address-hint = We send you a six-digit code. No password needed. Phone numbers in international form, like { $example }.
login-send-code = Send me a code
# Shown once a code was asked for, whether or not the address has an account.
login-code-sent = If this address belongs to an account, a sign-in code is on its way.
# $address: the email address or phone number the code went to.
login-code = Code sent to { $address }
login-code-hint = The code is good for a few minutes and works once.
login-sign-in = Sign in
login-new-code = Send a new code
login-another-address = Use another address
login-totp-code = Code from your authenticator app
login-totp-hint = Lost your phone? Enter one of your recovery codes instead.
login-continue = Continue

## The account page (/account)

account-title = Account
account-heading = Your account
# A column heading over buttons, for screen readers.
account-actions = Actions
account-copy = Copy
account-profile = Profile
account-name = Name
account-channel = Channel
account-email = Email
account-phone = Phone
account-role = Role
account-role-admin = Admin
account-role-creator = Creator
account-role-moderator = Moderator
account-role-viewer = Viewer
account-member-since = Member since
account-plans = Your plans
# Followed by the date the plan ends. $plan: the plan's name.
account-plan-until = { $plan }, until
# What the member's plans (or, holding none, the site) let them do.
account-entitlement = What you may do
account-link-profile = Public profile and preferences
account-link-profiles = Profiles
account-link-history = Watch history

## Sessions

account-sessions = Where you are signed in
account-sessions-device = Device
account-sessions-signed-in = Signed in
account-sessions-last-seen = Last seen
account-sessions-this-device = This device
# Ends the session of another device.
account-sessions-end = Sign out
account-sessions-end-all-confirm = Sign out on every device, this one included?
account-sessions-revoke-tokens = Revoke my API tokens too
account-sessions-end-all = Sign out everywhere
account-devices-kind-app = App
account-devices-name = Name of this device
account-devices-rename = Rename
account-devices-allowed = Devices your plan allows at once: { $count }
account-screens = Playing now
account-screens-none = Nothing is playing on this account.
account-screens-item = Playing
account-screens-since = Since
account-screens-unavailable = an item no longer available
account-screens-stop = Stop
account-screens-allowed = Screens your plan allows at once: { $count }

## Two-factor sign-in

account-totp = Two-factor sign-in
account-totp-add-key = Add this key to your authenticator app (or open the link on your phone), then enter the code it shows.
account-totp-open-app = Open in authenticator app
account-totp-code = Code from the app
account-totp-turn-on = Turn on
account-totp-on = On: signing in asks for a code from your authenticator app after the emailed or texted one.
account-totp-recovery-codes = Your recovery codes. Keep them somewhere safe: each one signs you in once in place of the app, and they are not shown again.
# Followed by the number left.
account-totp-recovery-left = Recovery codes left:
account-totp-recovery-current = Current code from the app, for a new set of recovery codes
account-totp-new-recovery-codes = Make new recovery codes
account-totp-move-current = Current code (or a recovery code), to move to a new app
account-totp-move = Use a new app
account-totp-off = Off. With it on, signing in also asks for a code from an authenticator app.
account-totp-set-up = Set up two-factor sign-in

## API tokens

account-tokens = API tokens
# Followed by the command "reel ingest".
account-tokens-for-scripts = For scripts and
account-tokens-acts-as-you = A token acts as you, with the permissions you give it.
# Followed by a link, account-tokens-reference-link.
account-tokens-reference = What it can do: the
account-tokens-reference-link = API reference
# Followed by a link, account-tokens-webhooks-link.
account-tokens-webhooks = To have your own systems told when your videos are uploaded, ready or fail:
account-tokens-webhooks-link = webhooks
# $name: the name the token was given.
account-token-created = Token “{ $name }” created. Copy it now: it is not shown again.
account-token-name = Name
account-token-name-example = e.g. laptop uploads
account-token-permissions = Permissions
account-token-created-at = Created
account-token-last-used = Last used
account-token-expires = Expires
# In the "Last used" column.
account-token-never-used = never
# In the "Expires" column.
account-token-never-expires = never
# In the "Expires" column, before the date it expired.
account-token-expired = expired
account-token-revoke-confirm = Revoke “{ $name }”? Scripts using it stop working.
account-token-revoke = Revoke
# What each permission (read, account, upload, admin: names kept as they are) allows.
account-scope-read = watch, list and search.
account-scope-account = change your own account — profile, viewer profiles, playlists, history, follows, notifications, tokens — and download its export.
account-scope-upload = upload and manage your items and channel.
account-scope-admin = run the installation.
account-token-expires-never = Never (until revoked)
account-token-expires-in-days = { $n ->
    [one] In { $n } day
   *[other] In { $n } days
}
account-token-expires-in-a-year = In a year
account-token-create = Create token

## The account's data, and deleting it

account-data = Your data
account-data-export = Download everything { $site } holds about you: your profiles, what you watched, your subscriptions, plans and playlists, your items and links to their original files.
account-data-download = Download your data
account-delete = Delete your account
account-delete-what = You are signed out everywhere at once; your items, uploads, history and everything else about you are then removed for good.
account-delete-code-first = To be sure it is you, { $site } first sends a code for deleting your account to your address. It works only here, in this session.
account-delete-start = Delete my account…
account-delete-code-sent = We sent a code for deleting your account to your address (a sign-in code does not work here).
account-delete-code = The code we sent
account-delete-totp = A code from your authenticator app, or a recovery code
# $word: the word to type, DELETE, which stays as it is.
account-delete-confirm = Type { $word } to confirm
account-delete-submit = Delete my account
account-delete-keep = Keep my account

## Public profile and preferences (/account/profile)

account-profile-title = Public profile and preferences
account-profile-back = Back to your account
account-profile-see-channel = See your channel
account-profile-picture = Picture
account-profile-picture-alt = Your picture
account-profile-no-picture = No picture yet.
# Followed by the reason.
account-profile-picture-refused = Your last picture could not be used:
# $mb: the largest file allowed, in megabytes.
account-profile-picture-file = A PNG, JPEG, WebP or GIF image, at most { $mb } MB. { $site } makes a small square picture from it.
account-profile-picture-upload = Upload picture
account-profile-picture-remove = Remove picture
account-profile-watermark = Watermark
account-profile-watermark-channel = Your videos carry your logo, burned into every quality at the same place. A change applies to videos processed from then on.
account-profile-watermark-site = Your videos carry the site's logo until you upload yours, burned into every quality at the same place. A change applies to videos processed from then on.
account-profile-watermark-none = Your videos carry no logo until you upload one, burned into every quality at the same place. A change applies to videos processed from then on.
account-profile-logo-alt = Your logo
# Followed by the reason.
account-profile-logo-refused = Your last logo could not be used:
account-profile-logo-file = Logo: a PNG (with transparency, best), JPEG, WebP or GIF image
account-profile-logo-upload = Upload logo
account-profile-corner = Corner
account-profile-corner-top-left = Top left
account-profile-corner-top-right = Top right
account-profile-corner-bottom-left = Bottom left
account-profile-corner-bottom-right = Bottom right
account-profile-watermark-height = Height, in % of the picture's height (1 to 50)
account-profile-watermark-margin = Margin from the edges, in % of the picture's height (0 to 25)
account-profile-watermark-opacity = Opacity, in % (5 to 100)
account-profile-watermark-save = Save placement
account-profile-watermark-reset = Use the site's watermark
account-profile-public = What your channel shows
account-profile-name = Name
account-profile-about = About
# $n: how many links at most.
account-profile-links = Links, one per line (up to { $n }, starting with https://)
account-profile-save = Save profile
account-profile-preferences = Preferences
account-profile-language = Interface language
# The choice of no language of one's own: the language switch, the browser's or the site's then decides.
account-profile-language-automatic = Automatic (your browser's or the site's)
account-profile-quality = Start videos at
account-profile-quality-auto = Automatic quality
# $quality: a height such as 1080p.
account-profile-quality-at-most = { $quality } or the nearest below
account-profile-autoplay-next = Play the next item of an album, series or playlist by itself
account-profile-captions = Turn captions on where an item has them
account-profile-preferences-save = Save preferences

## Viewer profiles (/profiles)

profiles-title = Who's watching?
profiles-in-kids = You are in a kids profile. Leaving it for another profile may ask for the parental PIN or the code sent to the account.
profiles-kids = Kids
# For screen readers, after the profile being used.
profiles-current = (current)
profiles-manage = Manage profiles
profiles-manage-hint = Each profile has its own history, “Continue watching” and playlists. A kids profile only sees items rated for children, and cannot change anything.
profiles-max = { $n ->
    [one] Up to { $n } profile.
   *[other] Up to { $n } profiles.
}
profiles-name = Name
profiles-colour = Colour
profiles-colour-teal = Teal
profiles-colour-indigo = Indigo
profiles-colour-amber = Amber
profiles-colour-rose = Rose
profiles-colour-green = Green
profiles-colour-slate = Slate
profiles-kids-profile = Kids profile
# $name: the profile's name.
profiles-save = Save { $name }
profiles-remove-confirm = Remove { $name }? Its history and playlists go with it.
profiles-remove = Remove { $name }
profiles-add-heading = Add a profile
profiles-add = Add profile
profiles-code-title = Enter the code
profiles-code-why = To leave the kids profile, enter the sign-in code we just sent to the account's address.
profiles-code = Code
profiles-code-continue = Continue
profiles-code-back = Back to profiles

## Webhooks (/account/webhooks)

webhooks-title = Webhooks
webhooks-endpoint-title = Webhook endpoint
# Followed by the names of the signature headers, kept as they are.
webhooks-intro = { $site } POSTs events to these URLs as they happen, signed the Standard Webhooks way
# Followed by a link, webhooks-intro-reference-link.
webhooks-intro-reference = The events and their payloads: the
webhooks-intro-reference-link = API reference
# Followed by the endpoint's URL.
webhooks-registered = Registered
# Followed by the secret.
webhooks-registered-secret = Its signing secret, shown only now:
webhooks-copy = Copy
webhooks-url = URL
webhooks-events = Events
webhooks-state = State
webhooks-last-delivered = Last delivered
webhooks-enabled = Enabled
webhooks-disabled = Disabled
# In the "Last delivered" column.
webhooks-never-delivered = Never
webhooks-none = No endpoint yet.
webhooks-add-heading = Add an endpoint
webhooks-description = Description (optional)
webhooks-secret = Signing secret (optional: one is made for you)
webhooks-add = Add endpoint
# $events: the event names, kept as they are.
webhooks-receives = Receives { $events }
# $until: a time written the machine way (2026-11-27T10:00:00Z).
webhooks-rotated = The new signing secret, shown only now. Until { $until } deliveries are signed with the old one as well.
webhooks-previous-secret = The secret before the last rotation signs too until { $until }.
webhooks-test = Send a test event
webhooks-disable = Disable
webhooks-enable = Enable
webhooks-rotate = Rotate the secret
webhooks-remove = Remove
webhooks-deliveries = Deliveries
webhooks-delivery-pending = pending
webhooks-delivery-delivered = delivered
webhooks-delivery-failed = failed
# Follows a delivery's state. $at: a time written the machine way.
webhooks-next-attempt = , next attempt at { $at }
webhooks-attempt = Attempt
webhooks-attempt-at = At
webhooks-attempt-status = Status
webhooks-attempt-latency = Latency
webhooks-attempt-answer = Answer
webhooks-no-answer = no answer
webhooks-latency = { $ms } ms
webhooks-payload = Payload
webhooks-resend = Resend
webhooks-older = Older
webhooks-nothing-sent = Nothing sent yet.
webhooks-notice-disabled = The endpoint is disabled: nothing is sent to it until it is enabled again.
webhooks-notice-enabled = The endpoint is enabled: new events are sent to it.
webhooks-notice-tested = A webhook.test event is on its way; it shows below in a moment.
webhooks-notice-resent = The delivery is sent again; its new attempt shows below in a moment.
webhooks-notice-removed = The endpoint and its deliveries were removed.

## What each event means (the names, such as video.ready, are kept as they are)

webhooks-event-video-uploaded = An item's file is stored and queued for processing.
webhooks-event-video-playable = The first segments of every rendition exist: the item can be watched while the rest is made.
webhooks-event-video-ready = Every output of the item is written and published.
webhooks-event-video-failed = The item cannot be processed; `error` says why.
webhooks-event-video-deleted = The item was deleted, with everything made of it.
webhooks-event-video-taken-down = A moderator took the item down: it stays stored, seen by its owner and the moderators alone; `takedown_reason` says why.
webhooks-event-video-restored = A moderator restored a taken-down item.
webhooks-event-comment-created = A member commented on an item, or replied to a comment on it.
webhooks-event-upload-expired = An unfinished upload (tus or direct) passed its expiry and was removed.
webhooks-event-account-created = An account was made (signed up, or by `reel user create`).
webhooks-event-account-role-changed = An admin changed an account's role.
webhooks-event-account-disabled = An account was disabled: its sessions ended and its tokens stopped working.
webhooks-event-account-enabled = A disabled account was enabled again.
webhooks-event-account-deleted = An account asked to be deleted; its data is being erased.
webhooks-event-account-suspended = A moderator suspended an account until `until`: it cannot sign in or use its sessions and tokens.
webhooks-event-report-created = A member reported an item, a comment or an account, or an owner appealed a takedown.

profiles-locked = PIN
profiles-pin-title = Enter the PIN
profiles-pin-why = This profile is locked. Enter its PIN, or the account's parental PIN.
profiles-pin-why-kids = To leave the kids profile, enter the account's parental PIN.
profiles-pin = PIN (four digits)
profiles-pin-new = New PIN for { $name }
profiles-pin-lock = Lock { $name } with this PIN
profiles-pin-change = Change the PIN of { $name }
profiles-pin-remove = Remove the PIN of { $name }
profiles-parental-heading = Parental PIN
profiles-parental-on = The parental PIN is set: leaving a kids profile asks for it, and it opens any locked profile.
profiles-parental-off = With a parental PIN, leaving a kids profile asks for it instead of a code sent to the account's address.
profiles-parental-new = Parental PIN (four digits)
profiles-parental-set = Set the parental PIN
profiles-parental-change = Change the parental PIN
profiles-parental-remove = Remove the parental PIN
