# Browsing: the home page, video cards, channels, the browse and search listings, artists and
# albums, the liked items.

## A video's card in a grid (and its view count, also on the watch page)

# $n picks the form; $count is the same number written short ("1.2K").
browse-views = { $n ->
    [one] { $count } vue
   *[other] { $count } vues
}
# A badge on an item that plays while it is still being processed.
browse-card-processing = En traitement
# For screen readers, on the bar of how much was watched; $percent is already written ("40 %").
browse-card-watched = Regardée à { $percent }

## The home page

browse-welcome = Bienvenue sur { $site }
browse-welcome-text = Les vidéos sont réservées aux membres. Connectez-vous avec votre adresse e-mail ou votre numéro de téléphone pour les regarder.
browse-continue-watching = Reprendre la lecture
browse-recommended = Recommandé pour vous
browse-latest = Dernières vidéos
browse-more-videos = Plus de vidéos
browse-home-empty = Aucune vidéo pour l’instant.
# "[Upload the first one].": the link, then what ends the sentence.
browse-home-upload-first = Mettez en ligne la première
browse-home-upload-first-after = .

## A channel's page

browse-channel-empty = Aucune vidéo sur cette chaîne pour l’instant.
# Followed by when the account was made, as a relative time ("3 days ago").
browse-member-since = inscrit

## The browse and search listings

# The labels of the lists of filters.
browse-facet-kind = Types
browse-facet-genre = Genres
# The kinds of item, as the filters list them (a heading capitalises the first letter).
browse-kind-video = vidéo
browse-kind-film = film
browse-kind-episode = épisode
browse-kind-music = musique
browse-kind-podcast = podcast
browse-more = Plus
browse-empty = Rien ici pour l’instant.
browse-search-empty = Aucun résultat pour cette recherche.
browse-liked-empty = Rien pour l’instant. Les éléments que vous aimez s’affichent ici.

## A listing's heading: one phrase per filter, joined with " · " ("Jazz · by Miles · from 1959")

browse-heading-results = Résultats pour « { $query } »
browse-heading-artist = par { $artist }
browse-heading-album = sur { $album }
# $year as the visitor wrote it.
browse-heading-year = de { $year }
# $language is a language code ("fr").
browse-heading-language = en { $language }
browse-heading-tag = avec le tag « { $tag } »
browse-heading-everything = Tout

## An artist's and an album's pages

browse-artist = Artiste
# The artist's tracks on no album.
browse-artist-tracks = Titres
browse-album = Album
browse-album-tracks = { $n ->
    [one] { $n } titre
   *[other] { $n } titres
}
browse-play-all = Tout lire

browse-coming-soon = Bientôt disponible
browse-leaving-soon = Bientôt retiré
browse-card-coming = À partir du { $date }
browse-card-leaving = Jusqu’au { $date }
