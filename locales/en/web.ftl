# The scripts' messages (the player, uploads, live status). The scripts read text,
# { $variable } and selectors only: no functions, terms or references to other messages.

## Spoken durations: what a screen reader says for a position ("1:23" reads badly)

web-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
web-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
web-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
# Two parts of a spoken duration: "1 hour" and "2 minutes 5 seconds"
web-duration-and = { $first } { $rest }

## "3 minutes ago" on times the page keeps current: the server's time-ago-* messages

web-just-now = just now
web-ago-years = { $n ->
    [one] { $n } year ago
   *[other] { $n } years ago
}
web-ago-months = { $n ->
    [one] { $n } month ago
   *[other] { $n } months ago
}
web-ago-weeks = { $n ->
    [one] { $n } week ago
   *[other] { $n } weeks ago
}
web-ago-days = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}
web-ago-hours = { $n ->
    [one] { $n } hour ago
   *[other] { $n } hours ago
}
web-ago-minutes = { $n ->
    [one] { $n } minute ago
   *[other] { $n } minutes ago
}

## Sizes: the number comes already written

web-size-bytes = { $n } B
web-size-kilobytes = { $n } kB
web-size-megabytes = { $n } MB
web-size-gigabytes = { $n } GB

## A video's processing state, kept current beside it

web-status-uploaded = Uploaded
web-status-processing = Processing { $percent } %
web-status-playable = Playable, { $percent } % processed
web-status-ready = Ready
web-status-failed = Failed
web-status-processing-failed = Processing failed.

## Calls to the server that failed without a message of its own

web-error-unreachable = The server could not be reached. Check the connection and try again.
# $status: the HTTP status code (404)
web-error-status = The server answered { $status }.

## Copy buttons, and the notifications link in the top bar

web-copy-done = Copied
web-copy-by-hand = Press Ctrl+C to copy
# The badge's text past 99 unread ($n is 99)
web-notifications-more = { $n }+
web-notifications-unread = Notifications, { $n } unread

## The player: its buttons, menus and what it tells screen readers

web-player-unsupported = This browser cannot play this video: it supports neither HLS nor Media Source Extensions. A current Firefox, Chrome, Edge or Safari can.
web-player-play = Play
web-player-pause = Pause
web-player-mute = Mute
web-player-unmute = Unmute
web-player-muted = Muted
web-player-sound-on = Sound on
web-player-volume = Volume
web-player-volume-changed = Volume { $percent } %
# The volume slider's value, for screen readers
web-player-percent = { $percent } %
web-player-fullscreen = Full screen
web-player-exit-fullscreen = Exit full screen
web-player-seek = Seek
# The seek bar's position for screen readers: "1 minute 5 seconds of 3 minutes"
web-player-seek-position = { $position } of { $duration }
web-player-seek-chapter = { $position } of { $duration }, { $chapter }
web-player-still-processing = Still processing — more is on the way
# Followed by the "Start over" button; $time is a clock time (1:23)
web-player-resumed = Resumed at { $time } —
web-player-start-over = Start over
web-player-dismiss = Dismiss
web-player-chapters = Chapters
web-player-quality = Quality
web-player-quality-label = Quality: { $name }
web-player-quality-auto = Auto
# $name: the rendition playing now (720p)
web-player-quality-auto-playing = Auto ({ $name })
web-player-mbps = { $rate } Mbps
web-player-kbps = { $rate } kbps
web-player-captions = Captions
# The captions button's own text: short, like the symbol on a remote
web-player-captions-button = CC
web-player-captions-label = Captions: { $name }
web-player-captions-off = Off
# Said when the `c` key turns captions on or off; $name is the track's, or "Off"
web-player-captions-changed = Captions: { $name }
web-player-audio = Audio
web-player-audio-label = Audio: { $name }
web-player-audio-default = default
web-player-speed = Playback speed
web-player-speed-label = Playback speed: { $speed }
# A playback rate: 1.5×
web-player-speed-rate = { $rate }×
web-player-speed-normal = Normal
web-player-speed-changed = Speed { $speed }
web-player-pip = Picture-in-picture
web-player-pip-exit = Exit picture-in-picture
web-player-pip-on = Picture-in-picture on
web-player-pip-off = Picture-in-picture off
web-player-remote = Play on another device
web-player-remote-on = Playing on another device
web-player-remote-off = Playing here again
web-player-theatre = Theatre mode
web-player-theatre-exit = Default view
web-player-theatre-on = Theatre mode on
web-player-theatre-off = Theatre mode off

## The player's messages when playback stops

web-player-error-expired = This playback link has expired. Reload the page to keep watching.
web-player-error-network = The video could not be loaded. Check the connection, then reload the page.
web-player-error-decode = This browser could not decode the video.
web-player-error-unsupported = This browser cannot play this video, or the playback link has expired. Reload the page to try again.
web-player-error-stopped = Playback stopped. Reload the page to try again.
# $details: the player library's name for what failed (manifestLoadError), left as it is
web-player-error-stopped-because = Playback stopped ({ $details }). Reload the page to try again.

## Screens at once: the dialog shown when the account's plan plays on no more screens
web-player-stream-ended = Playback stopped: this screen was stopped from another, or left too long. Reload the page to watch again.
web-player-screens-title = Too many screens
web-player-screens-intro = { $count ->
    [one] Your plan plays on one screen at a time, and it is in use. Stop it to watch here.
   *[other] Your plan plays on { $count } screens at a time, and all are in use. Stop one to watch here.
}
# $device: a browser and system ("Firefox on Linux"); $title: what it plays; $since: a time or date
web-player-screens-entry = { $device }: { $title }, since { $since }
web-player-screens-unavailable = an item no longer available
web-player-screens-stop = Stop
web-player-screens-play-here = Play here
web-player-screens-ask = Every screen of this account is in use. Ask a grown-up to stop one.

## The keyboard shortcuts dialog (`?`): the keys themselves stay as they are

web-shortcuts-title = Keyboard shortcuts
web-shortcuts-close = Close
# Two keys that do the same: "K or Space"
web-shortcuts-either = { $first } or { $second }
# A row of keys: "0 to 9"
web-shortcuts-range = { $first } to { $second }
# The space bar's name on its key cap
web-shortcuts-space = Space
web-shortcuts-play = Play or pause
web-shortcuts-seek = { $n ->
    [one] Back or forward { $n } second
   *[other] Back or forward { $n } seconds
}
web-shortcuts-jump = Go to { $from } % to { $to } % of the video
web-shortcuts-volume = Volume up or down (in the player)
web-shortcuts-mute = Mute or unmute
web-shortcuts-captions = Captions on or off
web-shortcuts-speed = Slower or faster
web-shortcuts-pip = Picture-in-picture
web-shortcuts-theatre = Theatre mode
web-shortcuts-fullscreen = Full screen
web-shortcuts-help = This list

## The upload page

# Stands for the file's name when an unfinished upload has none
web-upload-a-file = a file
# $file: the file's name, shown in bold
web-upload-unfinished = An upload of { $file } did not finish. Choose the same file to continue.
web-upload-unfinished-percent = An upload of { $file } did not finish ({ $percent } %). Choose the same file to continue.
# $size and $limit come already written (3.4 GB)
web-upload-too-large = { $name } is { $size }, more than the { $limit } this server accepts. Nothing was sent.
web-upload-percent = { $percent } %
# $n comes already written (12.5)
web-upload-rate = { $n } MB/s
web-upload-left-moment = a few seconds left
web-upload-left-seconds = about { $n } s left
web-upload-left-minutes = about { $n } min left
web-upload-left-hours = about { $n } h left
web-upload-left-hours-minutes = about { $hours } h { $minutes } min left
web-upload-uploaded = Uploaded
web-upload-paused = Paused
web-upload-saving = Saving…
web-upload-saved = Saved
web-upload-error-unreachable = The upload stopped: the server could not be reached. Resume when the connection is back, or later choose the same file again to continue.
# $status: the HTTP status code (413)
web-upload-error-refused = The server refused the upload ({ $status }).
