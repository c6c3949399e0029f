# The creator's side: "my videos", the upload page, editing a video (its details, audio
# tracks, captions, chapters, who may play it), deleting it, and its share links and embed.

## "My videos"

studio-title = My videos
studio-column-video = Video
studio-column-status = Status
studio-column-visibility = Visibility
studio-column-views = Views
studio-column-uploaded = Uploaded
# Read by screen readers only: the column of buttons.
studio-column-actions = Actions
# A button on a failed video: process it again.
studio-retry = Try again
studio-edit = Edit
studio-delete = Delete
# Read by screen readers after the "Analytics" button: "Analytics of My holiday".
studio-analytics-of = of { $title }
studio-older = Older videos
# "You have not uploaded anything yet. Upload a video." — the second sentence is a link.
studio-empty = You have not uploaded anything yet.
studio-empty-upload = Upload a video
# What follows the link: the end of the sentence.
studio-empty-after = .

## Visibility: who may see a video

studio-visibility-members = Members
studio-visibility-private = Private
studio-visibility-public = Public
# The menu of the upload and edit forms.
studio-visibility-choice-members = Members: anyone signed in
studio-visibility-choice-private = Private: only you
studio-visibility-choice-public = Public: anyone, signed in or not

## The notice at the top after a change

studio-notice-saved = Saved.
studio-notice-deleted = The video was deleted.
studio-notice-retried = The video is being processed again.
studio-notice-loudness-saved = Saved. It applies the next time the video is processed.
studio-notice-audio-saved = The audio track was saved. Players see it the next time they load the video.
studio-notice-caption-added = The caption track was added. Players see it the next time they load the video.
studio-notice-caption-removed = The caption track was removed.
studio-notice-chapters-saved = The chapters were saved. Processing the video again keeps them.

## Fields the upload and edit forms share

studio-field-title = Title
studio-field-description = Description
studio-field-visibility = Visibility
studio-field-language = Language
# Beside a language field: language tags are typed as they are.
studio-hint-language = (e.g. en, fr, pt-BR)
studio-save = Save
studio-cancel = Cancel

## The upload page

studio-upload-title = Upload a video
studio-upload-not-allowed = Your account can watch videos but not upload them. An admin can make you a creator.
# Followed by the "Choose a file" button.
studio-upload-drop = Drag a video here or
studio-upload-choose = Choose a file
# $size: the largest upload, already written ("2 GB").
studio-upload-hint = Up to { $size }. Uploads resume where they stopped, even after a reload: choose the same file again.
studio-upload-progress = Upload progress
studio-upload-pause = Pause
studio-upload-resume = Resume
studio-upload-watch = Watch
studio-upload-needs-script = Uploading needs JavaScript.

## The edit page: the video's details

studio-edit-page-title = Edit: { $title }
studio-edit-title = Edit video
studio-edit-comments = Members may comment
studio-edit-catalogue = Catalogue
studio-edit-kind = Kind
studio-edit-genres = Genres
studio-edit-tags = Tags
studio-hint-commas = (separated by commas)
studio-edit-year = Year
studio-edit-rating = Content rating
studio-edit-not-rated = Not rated
studio-edit-credits = Film credits
studio-edit-director = Director
studio-edit-cast = Cast
studio-hint-cast = (separated by commas, in billing order)
studio-edit-music = Music
studio-edit-artist = Artist
studio-edit-album = Album
studio-edit-album-artist = Album artist
# A music track's number on its album.
studio-edit-track = Track
# The disc's number, in an album of several.
studio-edit-disc = Disc
studio-edit-series = Series
# The series a video is an episode of.
studio-edit-episode-of = Episode of
studio-edit-no-series = No series
studio-edit-season = Season
studio-edit-episode = Episode
studio-edit-share = Share and embed…
studio-edit-delete = Delete…

## What kind of item a video is

studio-kind-video = Video
studio-kind-film = Film
studio-kind-episode = Episode
studio-kind-music = Music
studio-kind-podcast = Podcast

## The edit page: audio tracks

studio-audio-title = Audio tracks
studio-audio-intro = Each audio stream of the uploaded file is a track; players list them by these labels.
studio-audio-label = Label
studio-hint-audio-language = (e.g. en, fr; empty: unknown)
# The track players pick first.
studio-audio-plays-first = Plays first
# Two channels; more are written as 5.1, 7.1.
studio-audio-stereo = stereo
# $integrated and $peak are written already (-23.4); LUFS and dBTP are units.
studio-audio-loudness = measured { $integrated } LUFS, true peak { $peak } dBTP
# $gain: how many dB the volume was turned up.
studio-audio-loudness-raised = measured { $integrated } LUFS, true peak { $peak } dBTP; raised { $gain } dB
# $gain: how many dB the volume was turned down.
studio-audio-loudness-lowered = measured { $integrated } LUFS, true peak { $peak } dBTP; lowered { $gain } dB
studio-audio-loudness-limited = measured { $integrated } LUFS, true peak { $peak } dBTP; levelled with a limiter
# Read by screen readers for a track's Save button.
studio-audio-save-label = Save audio track { $label }
# $target: the site's loudness target, written already (-16.0).
studio-audio-normalize = Bring the loudness to { $target } LUFS (from the next processing)
studio-audio-save-loudness = Save loudness

## The edit page: captions and subtitles

studio-captions-title = Captions and subtitles
studio-captions-none = No caption tracks yet. Text subtitle streams in the uploaded file are added when it is processed.
studio-caption-cues = { $n ->
    [one] { $n } cue
   *[other] { $n } cues
}
# The track came with the uploaded file (rather than being added here).
studio-caption-from-file = from the video file
studio-caption-remove = Remove
# Read by screen readers for a track's Remove button.
studio-caption-remove-label = Remove { $label }
studio-caption-file = WebVTT or SRT file
studio-caption-file-missing = Choose a WebVTT or SRT file to add.
studio-caption-label = Label
studio-hint-caption-label = (optional: the menu shows it)
studio-caption-add = Add caption track
# The kinds of caption track, in the form's menu.
studio-caption-kind-subtitles = Subtitles
studio-caption-kind-captions = Captions
studio-caption-kind-descriptions = Descriptions
# The same, within a line about a track: "fr · subtitles · 120 cues".
studio-caption-kind-lower-subtitles = subtitles
studio-caption-kind-lower-captions = captions
studio-caption-kind-lower-descriptions = descriptions

## The edit page: chapters

studio-chapters-title = Chapters
# Followed by two examples of a line, joined by studio-chapters-intro-or, then studio-chapters-intro-after.
studio-chapters-intro = One chapter a line: where it starts, then its title, e.g.
# Examples of a chapter line: a time, a space, a title (translate the title only).
studio-chapters-example-first = 0:00 Opening
studio-chapters-example-last = 1:02:03 Finale
studio-chapters-intro-or = or
studio-chapters-intro-after = . The player marks them on its seek bar and lists them in a menu. Chapters in the uploaded file are read when it is processed; once saved here, the list is yours and processing keeps it.
studio-chapters-save = Save chapters

## The edit page: who may play the video

studio-plan-label = Who may play it
studio-plan-everyone = Everyone who may see it
# $plan: the name of a paid plan.
studio-plan-only = Only holders of the plan “{ $plan }”
studio-plan-save = Save who may play it

## Deleting a video

studio-delete-page-title = Delete: { $title }
studio-delete-title = Delete this video?
# Follows the video's title, in bold. $views: the view count as written ("1.2K"); $n: the
# exact count, for plurals.
studio-delete-body = { $n ->
    [one] ({ $views } view) and every file made from it will be removed. This cannot be undone.
   *[other] ({ $views } views) and every file made from it will be removed. This cannot be undone.
}
studio-delete-confirm = Delete for good
studio-delete-keep = Keep it

## Share links and the embed

studio-share-page-title = Share: { $title }
# A link back to the video's edit page.
studio-share-back = Edit “{ $title }”
studio-share-title = Share and embed
# $until: when the link stops working.
studio-share-made = Anyone with this link can watch the video, without an account, until { $until }. Copy it now: it is not shown again.
studio-share-copy = Copy
# Followed by the link's address for the embeddable player.
studio-share-made-embed = For a page of another site:
studio-share-links = Share links
# $visibility: who may see the video otherwise.
studio-share-links-hint = A link lets whoever holds it watch this video without an account, whatever its visibility ({ $visibility ->
        [private] private
        [public] public
       *[members] members
    }), until it expires or you revoke it.
# How long a new link works: a menu of 1 hour, 1 day, 7 days, 30 days.
studio-share-works-for = Works for
studio-share-for-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
studio-share-for-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
# m:ss is how the time is typed (minutes:seconds).
studio-share-start = Starts at (optional, m:ss)
studio-share-make = Make a link
studio-share-start-not-a-time = “{ $text }” is not a time: write seconds, m:ss or h:mm:ss
studio-share-links-off = Share links are turned off on this site.
# The table of links not yet expired nor revoked.
studio-share-live = Links that work now
studio-share-column-made = Made
studio-share-column-expires = Expires
studio-share-column-start = Starts at
# $s: seconds into the video, written already.
studio-share-start-seconds = { $s } s
# A link that plays from the beginning of the video.
studio-share-start-beginning = the start
studio-share-revoke = Revoke
# Read by screen readers after "Revoke": $made is when the link was made.
studio-share-revoke-which = the link made { $made }
studio-share-notice-revoked = The link was revoked: it stops working at once.
studio-share-embed = Embed
# Followed by the code ?share= and studio-share-embed-hint-after.
studio-share-embed-hint = Paste this into a page of a site allowed below. It plays for whoever may watch the video here; in another site's page a viewer is not signed in, so add
studio-share-embed-hint-after = from a share link for anyone else.
# Followed by an example address, then studio-share-origins-after.
studio-share-origins = Sites that may embed it, one per line (
studio-share-origins-after = )
# $origins: the sites, separated by commas.
studio-share-site-origins = Every video may also be embedded by: { $origins }.
studio-share-save-origins = Save sites
studio-share-notice-origins = Saved: those sites may embed this video.

## Processing a ready item again

studio-reprocess-title = Process again
studio-reprocess-intro = Transcodes this item again from its original file with the site's settings of today. It goes on playing as it is until the new version takes its place.
studio-reprocess-watermark = The watermark: your channel's logo, placed as it is now, where the site allows channel logos; else the site's own; else none.
studio-reprocess-loudness = The loudness: brought to { $target } LUFS, unless evening it out is off for the site or for this item.
studio-reprocess-ladder = The renditions: the sizes and qualities the site makes now.
studio-reprocess-keeps = Its details, captions and chapters stay as they are.
studio-reprocess = Process again
studio-notice-reprocessing = The item is being processed again; it plays as before until the new version is ready.

studio-edit-availability = Availability
studio-edit-availability-hint = Times are in UTC. Outside these dates, and outside the chosen countries, only you and the admins see this item; viewers see it in "Coming soon" for the 30 days before it opens.
studio-edit-available-from = Available from
studio-edit-available-until = Available until
studio-edit-country-rule = Countries
studio-edit-country-everywhere = Everywhere
studio-edit-country-allow = Only in these countries
studio-edit-country-deny = Everywhere but these countries
studio-edit-countries-example = FR, BE
studio-edit-countries = Country codes
