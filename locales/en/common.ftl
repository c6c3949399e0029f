# The shell around every page, and what every page writes the same way: times, dates, counts.

language-name = English

## The top bar and the account menu

shell-skip = Skip to content
shell-guide = Guide
shell-home-label = { $site } home
shell-search-label = Search videos
shell-search-placeholder = Search
shell-search = Search
shell-upload = Upload
shell-notifications = Notifications
shell-your-channel = Your channel
shell-studio = Studio
shell-analytics = Analytics
shell-switch-profile = Switch profile
shell-switch-profile-now = (now { $name })
shell-account = Account
shell-admin = Admin
shell-moderation = Moderation
shell-sign-out = Sign out
shell-settings = Settings
shell-sign-in = Sign in
shell-theme = Theme
shell-theme-system = System
shell-theme-light = Light
shell-theme-dark = Dark
shell-language = Language
shell-language-choose = Use this language

## The guide

guide-home = Home
guide-browse = Browse
guide-subscriptions = Subscriptions
guide-history = History
guide-playlists = Playlists
guide-series = Series
guide-liked = Liked
guide-following = Following
guide-all-subscriptions = All subscriptions

## Times and dates

time-just-now = just now
time-ago-years = { $n ->
    [one] { $n } year ago
   *[other] { $n } years ago
}
time-ago-months = { $n ->
    [one] { $n } month ago
   *[other] { $n } months ago
}
time-ago-weeks = { $n ->
    [one] { $n } week ago
   *[other] { $n } weeks ago
}
time-ago-days = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}
time-ago-hours = { $n ->
    [one] { $n } hour ago
   *[other] { $n } hours ago
}
time-ago-minutes = { $n ->
    [one] { $n } minute ago
   *[other] { $n } minutes ago
}
date-medium = { $day } { $month } { $year }
# A date with its time of day (UTC, to the minute).
date-time = { $date }, { $time } UTC
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## Short counts and sizes: the number comes already written

count-thousands = { $n }K
count-millions = { $n }M
count-billions = { $n }B
size-bytes = { $n } B
size-kilobytes = { $n } kB
size-megabytes = { $n } MB
size-gigabytes = { $n } GB
percent = { $n } %

## Confirmations at the top of the account pages after a change

notice-saved = Saved.
notice-account-deleted = Your account is being deleted. You are signed out everywhere.
notice-revoked = The token was revoked.
notice-device-removed = The device was signed out.
notice-device-renamed = The device was renamed.
notice-screen-stopped = The screen was stopped.
notice-totp = Two-factor sign-in is on.
notice-profile = The profile was added.
notice-avatar = Your picture is being prepared; it shows up here in a moment.
notice-logo = Your logo is being prepared; it shows up here in a moment, and in your videos from their next processing.
notice-profile-removed = The profile was removed, with its history and playlists.
# A plan's limits, as the plans and account pages list them. $n: a number of streams or devices.
plan-limit-streams = { $n ->
    [one] { $n } stream at once
   *[other] { $n } streams at once
}
plan-limit-streams-any = Any number of streams at once
plan-limit-devices = { $n ->
    [one] { $n } device
   *[other] { $n } devices
}
plan-limit-devices-any = Any number of devices
# $height: a picture height in lines, such as 720 (written as it is, with no grouping).
plan-limit-height = Up to { $height }p
plan-limit-height-any = Every quality
plan-limit-downloads = Downloads
plan-limit-no-downloads = No downloads

notice-pin-set = The profile is locked with its PIN.
notice-pin-removed = The profile's PIN was removed.
notice-parental-pin-set = The parental PIN is set.
notice-parental-pin-removed = The parental PIN was removed.
