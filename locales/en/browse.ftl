# Browsing: the home page, video cards, channels, the browse and search listings, artists and
# albums, the liked items.

## A video's card in a grid (and its view count, also on the watch page)

# $n picks the form; $count is the same number written short ("1.2K").
browse-views = { $n ->
    [one] { $count } view
   *[other] { $count } views
}
# A badge on an item that plays while it is still being processed.
browse-card-processing = Processing
# For screen readers, on the bar of how much was watched; $percent is already written ("40 %").
browse-card-watched = Watched { $percent }

## The home page

browse-welcome = Welcome to { $site }
browse-welcome-text = Videos here are for members. Sign in with your email address or phone number to watch.
browse-continue-watching = Continue watching
browse-recommended = Recommended for you
browse-latest = Latest videos
browse-more-videos = More videos
browse-home-empty = No videos yet.
# "[Upload the first one].": the link, then what ends the sentence.
browse-home-upload-first = Upload the first one
browse-home-upload-first-after = .

## A channel's page

browse-channel-empty = No videos on this channel yet.
# Followed by when the account was made, as a relative time ("3 days ago").
browse-member-since = member since

## The browse and search listings

# The labels of the lists of filters.
browse-facet-kind = Kinds
browse-facet-genre = Genres
# The kinds of item, as the filters list them (a heading capitalises the first letter).
browse-kind-video = video
browse-kind-film = film
browse-kind-episode = episode
browse-kind-music = music
browse-kind-podcast = podcast
browse-more = More
browse-empty = Nothing here yet.
browse-search-empty = Nothing matches this search.
browse-liked-empty = Nothing yet. Items you like show here.

## A listing's heading: one phrase per filter, joined with " · " ("Jazz · by Miles · from 1959")

browse-heading-results = Results for “{ $query }”
browse-heading-artist = by { $artist }
browse-heading-album = on { $album }
# $year as the visitor wrote it.
browse-heading-year = from { $year }
# $language is a language code ("fr").
browse-heading-language = in { $language }
browse-heading-tag = tagged “{ $tag }”
browse-heading-everything = Everything

## An artist's and an album's pages

browse-artist = Artist
# The artist's tracks on no album.
browse-artist-tracks = Tracks
browse-album = Album
browse-album-tracks = { $n ->
    [one] { $n } track
   *[other] { $n } tracks
}
browse-play-all = Play all

browse-coming-soon = Coming soon
browse-leaving-soon = Leaving soon
browse-card-coming = From { $date }
browse-card-leaving = Until { $date }
