# The admin area (accounts, jobs, plans, health, the audit log), the moderation queue, a
# person's own reports, and the API reference for developers. The pages' top heading reuses
# shell-admin and shell-moderation.

## The admin tabs

admin-tab-accounts = Accounts
admin-tab-jobs = Jobs
admin-tab-plans = Plans
admin-tab-health = Health
admin-tab-storage = Storage
admin-tab-cost = Cost
admin-tab-reports = Reports
admin-tab-audit = Audit log

## Roles, as the role menus list them

admin-role-viewer = Viewer
admin-role-moderator = Moderator
admin-role-creator = Creator
admin-role-admin = Admin

## Accounts

admin-users-title = Admin: accounts
admin-users-heading = Accounts
admin-users-name = Name
admin-users-address = Address
admin-users-channel = Channel
admin-users-role = Role
admin-users-two-factor = Two-factor
admin-users-joined = Joined
admin-users-access = Access
admin-users-disabled = Disabled
# Followed by the date the suspension ends.
admin-users-suspended-until = Suspended until
# A label for screen readers on the role menu of one account.
admin-users-role-of = Role of { $name }
admin-users-change = Change
# Read by screen readers right after “Change”, which it completes.
admin-users-change-role-of = role of { $name }
admin-users-two-factor-on = On
admin-users-two-factor-off = Off
# Buttons; screen readers hear the account's name after them.
admin-users-enable = Enable
admin-users-disable = Disable
admin-users-invite-heading = Invite someone
admin-users-invite-email = Email address
admin-users-invite-role = Role
admin-users-invite = Invite
admin-notice-role = The role was changed.
admin-notice-disabled = The account was disabled: its sessions ended and its tokens stopped working.
admin-notice-enabled = The account was enabled again.
admin-notice-invited = The invitation was recorded. They can sign in with that address now.

## The job queue. A job's kind (process_video) is the code's name for it and stays as it is.

admin-jobs-title = Admin: jobs
admin-jobs-heading = Job queue
# Followed by links: all, then each state.
admin-jobs-show = Show:
admin-jobs-all = all
admin-job-state-queued = queued
admin-job-state-running = running
admin-job-state-done = done
admin-job-state-failed = failed
admin-job-state-dead = dead
admin-jobs-job = Job
admin-jobs-state = State
admin-jobs-attempts = Attempts
admin-jobs-last-error = Last error
admin-jobs-updated = Updated
admin-jobs-actions = Actions
admin-jobs-retry = Retry
admin-jobs-none = No jobs.
admin-jobs-none-in-state = No jobs in this state.
admin-notice-retried = The job was queued again.

## The audit log

admin-audit-title = Admin: audit log
admin-audit-heading = Audit log
admin-audit-when = When
admin-audit-what = What
admin-audit-who = Who
admin-audit-target = Target
admin-audit-ip = IP
admin-audit-detail = Detail
admin-audit-older = Older events

## Health: the built-in alarms

admin-health-title = Admin: health
admin-health-alarms = Alarms
# Followed by the setting's name in parentheses, then admin-health-off-after.
admin-health-off = { $site }'s own alarms are off
admin-health-off-after = : the states below are the last ones evaluated.
admin-health-firing = { $n } firing.
admin-health-quiet = Nothing is firing.
admin-health-alarm = Alarm
admin-health-state = State
admin-health-now = Now
admin-health-fires-when = Fires when
admin-health-since = Since
admin-health-last-fired = Last fired
admin-health-not-measured = not yet measured
# When an alarm fires: the value below or above the threshold, held for $hold seconds. The
# numbers come written as the settings have them.
admin-health-rule = { $direction ->
    [below] below
   *[above] above
} { $threshold }, for { $hold } s
# The same, measured over a window of $window seconds.
admin-health-rule-window = { $direction ->
    [below] below
   *[above] above
} { $threshold } over { $window } s, for { $hold } s
admin-health-never = never
admin-health-events = Latest events
admin-health-when = When
admin-health-event = Event
admin-health-detail = Detail
admin-health-no-events = No alarm has fired yet.
admin-alarm-state-ok = ok
admin-alarm-state-pending = pending
admin-alarm-state-firing = firing
admin-alarm-state-resolved = resolved
# What each alarm means when it fires.
admin-alarm-otp-delivery-low = Sign-in codes are not reaching people
admin-alarm-job-failure-ratio = Jobs are failing
admin-alarm-dead-jobs = Jobs gave up after every attempt
admin-alarm-queue-wait = Jobs wait too long for a worker
admin-alarm-time-to-playable = Uploads take too long to become playable
admin-alarm-origin-5xx = The origin is failing viewers
admin-alarm-storage-errors = The object store or local disk is failing
admin-alarm-redis-fallback = This process is running without Redis
admin-alarm-cost-anomaly = A resource cost far more than usual yesterday or today

## Plans

admin-plans-title = Admin: plans
admin-plans-heading = Plans
admin-plans-plan = Plan
admin-plans-price = Price
admin-plans-revenue = Revenue by month
# $price is written with its currency ("4.50 USD").
admin-plans-price-per = { $period ->
    [month] { $price } a month
    [year] { $price } a year
   *[other] { $price } a { $period }
}
# $month is written YYYY-MM; $amount with its currency.
admin-plans-month-revenue = { $month }: { $amount } ({ $payments ->
    [one] { $payments } payment
   *[other] { $payments } payments
})
admin-plans-no-revenue = none yet
admin-plans-none = No plans yet. Items that require none are open to every member.
admin-plans-new = New plan
admin-plans-name = Name
admin-plans-price-of-period = Price of one period
admin-plans-currency = Currency
admin-plans-period = Period
admin-plans-period-month = Month
admin-plans-period-year = Year
admin-plans-description = Description
admin-plans-limits = Limits
admin-plans-max-streams = Streams at once
admin-plans-max-devices = Devices signed in
admin-plans-max-height = Highest quality (lines, such as 720)
admin-plans-limit-hint = Empty for no limit.
admin-plans-downloads = Downloads allowed
admin-plans-make = Make the plan
admin-plans-grant-heading = Grant or renew
admin-plans-grant-plan = Plan
admin-plans-grant-email = Account's email address
admin-plans-grant-periods = Periods paid
admin-plans-grant = Grant
admin-notice-plan = The plan was made.
admin-notice-granted = The plan was granted.

## The moderation queue

moderation-reports = Reports
moderation-open-count = ({ $n } open)
moderation-open = Open
moderation-resolved = Resolved
moderation-appeal = Appeal
moderation-target-video = Video
moderation-target-comment = Comment
moderation-target-account = Account
# A link to the reported item or comment.
moderation-open-item = Open
# Before what the owner of a taken-down item wrote, or what the reporter wrote.
moderation-owner-says = The owner says:
moderation-reason = Reason:
# A resolved report: how, and what came of it.
moderation-outcome-dismissed = Dismissed: { $outcome }
moderation-outcome-actioned = Actioned: { $outcome }
# What a reporter is told came of their report (and an owner of their appeal); the reason
# and the note are the moderator's own words.
report-outcome-taken-down = The item was taken down: { $reason }
report-outcome-restored = The item was restored.
report-outcome-deleted = The item was deleted.
report-outcome-comment-hidden = The comment was hidden.
report-outcome-comment-deleted = The comment was deleted.
report-outcome-suspended = The account was suspended for { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
report-outcome-no-action = No action was taken.
report-outcome-no-action-note = No action was taken: { $note }
report-outcome-stands = The takedown stands.
report-outcome-stands-note = The takedown stands: { $note }
# The audit log's line for a moderator's action: its outcome and how many reports it settled.
audit-reports-resolved = { $outcome } ({ $n ->
    [one] { $n } report resolved
   *[other] { $n } reports resolved
})
# The audit log's reason for a refused moderation of an item, a comment or an account.
audit-refused-not-moderator = refused: without the moderate permission
audit-refused-unseen = refused: the item is neither reported nor visible to them
audit-refused-staff = refused: an admin's or another moderator's item
audit-refused-admin-only = refused: only an admin deletes an item for good
audit-refused-unseen-comment = refused: the comment is neither reported nor on an item visible to them
audit-refused-staff-comment = refused: an admin's or another moderator's comment
audit-refused-staff-account = refused: an admin's or another moderator's account
audit-refused-unreported = refused: neither the account nor an item or comment of it is reported
audit-refused-own-account = refused: their own account
moderation-public-reason = Public reason
moderation-take-down = Take down
moderation-delete-confirm = Delete this item and everything made of it?
moderation-delete-item = Delete item
moderation-restore = Restore
moderation-hide-comment = Hide comment
moderation-delete-comment = Delete comment
moderation-suspend-account = Suspend the account
moderation-suspend-comment = Suspend its writer
moderation-suspend-video = Suspend its owner
moderation-days = Days
moderation-suspend-reason = Reason
moderation-suspend = Suspend
moderation-note-label = Note to the reporter
moderation-note-placeholder = Note (optional)
moderation-uphold = Uphold takedown
moderation-dismiss = Dismiss
moderation-more = More
moderation-nothing-waiting = Nothing waiting.
moderation-nothing-resolved = Nothing resolved yet.
moderation-notice-dismissed = Dismissed; the reporters were told.
moderation-notice-taken-down = The item was taken down; its owner and the reporters were told.
moderation-notice-restored = The item was restored; its owner was told.
moderation-notice-item-deleted = The item was deleted.
moderation-notice-comment-hidden = The comment was hidden.
moderation-notice-comment-deleted = The comment was deleted.
moderation-notice-suspended = The account was suspended; it was told until when and why.

## A person's own reports

my-reports-title = Your reports
my-reports-intro = What you reported, and what came of it.
my-reports-when = When
my-reports-about = About
my-reports-why = Why
my-reports-outcome = Outcome
# Before an excerpt of what was reported.
my-reports-about-video = Video:
my-reports-about-comment = Comment:
my-reports-about-account = Account:
my-reports-about-appeal = Appeal:
my-reports-waiting = Waiting
my-reports-none = You have not reported anything.
my-reports-notice-reported = Thank you. Moderators will look at your report; you will be told what came of it.
my-reports-notice-appealed = Your appeal is with the moderators.

## The API reference (/docs/api). Code, routes, header and field names, schema names and
## JSON stay as they are: the page puts them between these messages. The operations' own
## descriptions come from the OpenAPI document, in English.

api-title = API reference
# Followed by the document's address, then (api-or and the command that prints it).
api-openapi-intro = The same description as OpenAPI 3.1, for client generators and tools:
api-contents = Contents
api-webhook-events = Webhook events
api-errors = Errors
api-schemas = Schemas
api-who = Who:
api-parameters = Parameters
api-name = Name
api-in = In
api-type = Type
api-about = About
api-required = required
api-body = Body:
api-body-column = Body
api-answers = Answers
api-status = Status
api-meaning = Meaning
api-headers = Headers: { $headers }
api-headers-column = Headers
# The webhooks paragraph, in pieces around code: “An endpoint registered with
# POST /api/v1/webhooks receives the events it names as a POST of WebhookPayload ({…}),
# signed the Standard Webhooks way: webhook-id (…), webhook-timestamp (…) and
# webhook-signature (v1, and the base64 HMAC-SHA256 of id.timestamp.body under the secret; …).”
api-webhooks-registered = An endpoint registered with
api-webhooks-receives = receives the events it names as a POST of
api-webhooks-signed = , signed the Standard Webhooks way:
# In parentheses after webhook-id.
api-webhooks-id = the same on every attempt
# In parentheses after webhook-timestamp.
api-webhooks-timestamp = seconds
api-webhooks-signature-hmac = and the base64 HMAC-SHA256 of
api-webhooks-signature-after = under the secret; two, space-separated, while a rotated secret still signs
api-webhooks-retry = Any answer but a 2xx is tried again with a growing wait.
api-events = Events
api-event-when = When
# Before the schema of every error answer, then its fields in JSON.
api-errors-every = Every refusal answers
api-errors-shared = These are the answers many operations share:
api-shared-answers = Shared answers
api-one-of = One of:
api-also-fields-of = Also every field of
api-fields-of = Fields of { $name }
api-field = Field
api-always = always

## Who may call an operation

api-auth-anyone = Anyone; no credentials
api-auth-anyone-or = Anyone where the deployment allows it; signed in by { $ways }
api-auth-signed-in = Signed in by { $ways }
api-auth-token = an API token
api-auth-session-csrf = a session with its CSRF token
api-auth-session = a session
# Join ways to sign in, kinds of body, and the types a value may have.
api-or = or
api-and = and

## A value's type. The type names (string, integer, null) are JSON Schema's and stay.

api-type-array-of = array of { $item }
api-type-one-of = one of: { $values }
api-type-any = any

## Alarms

# What an alarm measured, on the health page and in its emails.
alarm-detail-nothing = nothing to measure
alarm-detail-otp = { $channel }: { $lost } of { $handed } codes lost
alarm-detail-jobs = { $kind }: { $bad } of { $all } attempts failed
alarm-detail-dead-jobs = { $n ->
    [one] { $n } dead job
   *[other] { $n } dead jobs
}
alarm-detail-queue-wait = the longest-waiting due job has waited { $secs } s
alarm-detail-time-to-playable = p95 { $secs } s over { $n ->
    [one] { $n } item
   *[other] { $n } items
}
alarm-detail-origin = { $bad } of { $all } origin answers were 5xx
alarm-detail-storage = { $n ->
    [one] { $n } storage error
   *[other] { $n } storage errors
}
alarm-detail-redis-down = Redis is not answering
alarm-detail-redis-up = Redis answers (or is not used)
alarm-detail-cost-none = no resource far above its normal
# The first of several cost anomalies, and how many more there are.
alarm-detail-more = { $first } (and { $n } more)

## The audit log's details

# How many objects a storage lifecycle step touched, and their bytes ($bytes: a count).
audit-restored = { $n ->
    [one] { $n } object back in the hot tier
   *[other] { $n } objects back in the hot tier
}
audit-rungs-dropped = { $names } taken away: { $n ->
    [one] { $n } object
   *[other] { $n } objects
}, { $bytes } bytes removed
audit-cold-tier = { $n ->
    [one] { $n } object
   *[other] { $n } objects
}, { $bytes } bytes to the cold tier
audit-objects-removed = { $n ->
    [one] { $n } object
   *[other] { $n } objects
}, { $bytes } bytes removed
audit-uploads-removed = { $n ->
    [one] { $n } unfinished upload removed
   *[other] { $n } unfinished uploads removed
}
# $names: the rungs (720p, 480p…), or audit-no-rung.
audit-rungs-remade = { $names } made again from the original
audit-no-rung = no rung
audit-generation = generation { $generation }
audit-generation-rungs = generation { $generation }: { $names }
# $command: the command line that did it (reel token create).
audit-token-cli = by { $command }, until revoked
audit-token-cli-until = by { $command }, until { $until }
audit-expires = expires { $at }
audit-device = device { $name }
audit-role = role { $role }
audit-role-by-command = role { $role }, by { $command }
audit-role-to = to { $role }
audit-sessions = { $n ->
    [one] { $n } session
   *[other] { $n } sessions
}
audit-sessions-tokens = { $n ->
    [one] { $n } session
   *[other] { $n } sessions
}, { $tokens ->
    [one] { $tokens } API token
   *[other] { $tokens } API tokens
}
audit-recovery-codes = { $n ->
    [one] { $n } code
   *[other] { $n } codes
}
audit-codes-left = { $n } left
audit-no-live-code = no live code for this attempt
audit-wrong-code = wrong code ({ $n })
audit-second-factor-pending = second factor pending
audit-recovery-code-left = with a recovery code, { $n } left
audit-key-rotated = retiring { $kid } until { $until }; dropped: { $dropped }
audit-master-key-rotated = { $rewrapped } re-wrapped, { $current } already current, { $unopenable } unopenable
audit-master-key-new = new master key; { $rest }
audit-master-key-earlier = finished an earlier rotation ({ $n } re-wrapped); { $rest }
audit-audio-track = track { $position }: { $language } ({ $label })
audit-chapters = { $n ->
    [one] { $n } chapter
   *[other] { $n } chapters
}
audit-plan-granted = { $plan } × { $periods }

## Moderation: a takedown without a report, suspensions lifted early

moderation-takedown-title = Take down an item
moderation-takedown-intro = An item no one has reported, by its address (the link to its page) or its id. Its owner is told the reason and may appeal.
moderation-takedown-item = Address or id of the item
moderation-suspended-title = Suspended accounts
# Followed by the moment the suspension ends.
moderation-suspended-until = Suspended until
moderation-suspended-none = No account is suspended.
moderation-lift = Lift suspension
moderation-lift-label = Lift suspension of { $name }
moderation-notice-suspension-lifted = The suspension was lifted; the account may sign in again.
