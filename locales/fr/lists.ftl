# The viewer's lists: playlists and series, subscriptions, notifications, history, and the
# pages an email's unsubscribe link opens.
#
# Some sentences hold a link or a quotation in the middle ("A moderator took down <title>:");
# they come in pieces, written around it: a "-before" piece, the link (not translated: a
# title or a name), then an "-after" piece. A piece may be empty ({ "" }) where the language
# needs nothing there, and { " " } is a space kept at the edge of a piece.

## Who may see a playlist or series (the pill beside it)

lists-visibility-private = Privée
lists-visibility-members = Membres
lists-visibility-public = Publique

## The lists of playlists and series (/playlists, /series)

collections-title-playlists = Mes playlists
collections-title-series = Séries
collections-empty-playlists = Vous n’avez pas encore de playlist.
collections-empty-series = Aucune série pour l’instant.
collections-new-playlist = Nouvelle playlist
collections-new-series = Nouvelle série
collections-field-title = Titre
collections-field-description = Description
collections-field-visibility = Qui peut la voir
collections-create = Créer
# Shown at the top of a playlist or series just made.
collections-notice-created = C’est fait. Ajoutez des éléments depuis leur page.
collections-notice-added = Ajouté à la playlist.
collections-notice-deleted = Supprimée.

## One playlist or series

# The kind of list, before its number of items: "Playlist · 3 items".
collection-kind-playlist = Playlist
collection-kind-series = Série
collection-items = { $n ->
    [one] { $n } élément
   *[other] { $n } éléments
}
collection-play-all = Tout lire
collection-play = Lire
collection-season = Saison { $n }
# An episode's short label in a series' list: "E3".
collection-episode-short = E{ $episode }
# An episode's short label in the queue beside the player: "S1E3" (season 1, episode 3).
collection-season-episode-short = S{ $season }E{ $episode }
# Buttons beside each item of a playlist; the item's title follows for screen readers.
collection-move-up = Monter
collection-move-down = Descendre
collection-remove = Retirer
collection-empty-playlist = Rien ici pour l’instant : ajoutez des éléments depuis leur page.
# “My videos” is the name of the creator's page in the studio.
collection-empty-series = Aucun épisode pour l’instant : ajoutez-en depuis « Mes vidéos ».
collection-delete-confirm = Supprimer « { $title } » ?
collection-delete-playlist = Supprimer la playlist
collection-delete-series = Supprimer la série

## Subscriptions

subscriptions-title = Abonnements
subscriptions-more = Plus
subscriptions-nothing-new = Rien de nouveau sur vos chaînes pour l’instant.
subscriptions-none = Vous ne suivez encore aucune chaîne. Abonnez-vous sur la page d’une chaîne ou sous une vidéo, et ce qu’elle publie apparaîtra ici.
subscriptions-channels = Chaînes que vous suivez
# $count is the number already written short ("1.2K"); $n is the number itself, for the plural.
subscriptions-subscribers = { $n ->
    [one] { $count } abonné
   *[other] { $count } abonnés
}
subscriptions-unsubscribe = Se désabonner
subscriptions-unsubscribe-from = Se désabonner de { $name }

## Notifications

notifications-title = Notifications
notifications-unread = { $n ->
    [one] { $n } non lue
   *[other] { $n } non lues
}
notifications-all-read = Tout est lu
# Said by screen readers before an unread notification.
notifications-unread-marker = Non lue :
# "<title> could not be processed: <the reason>"
notifications-failed-before = { "" }
notifications-failed-after = { " " }n’a pas pu être traité :{ " " }
notifications-try-again = Réessayer
# "Your report about comment “<the quoted text>” was looked at: <what the moderator said>"
# $target is video, comment or account; $status is dismissed (nothing was done) or another
# (something was done).
notifications-report-before = Votre signalement concernant { $target ->
    [video] la vidéo
    [comment] le commentaire
    [account] le compte
   *[other] { $target }
}{ " " }
notifications-report-after = { " " }{ $status ->
    [dismissed] a été examiné
   *[other] a donné lieu à une mesure
} :{ " " }
# "A moderator took down <title>: <the reason>"
notifications-takedown-before = Un modérateur a retiré{ " " }
notifications-takedown-after = { "\u00A0" }:{ " " }
# "A moderator restored <title>."
notifications-restored-before = Un modérateur a rétabli{ " " }
notifications-restored-after = .
# "<author> commented on <title>: “<the comment>”"
notifications-comment-before = { $author } a commenté
notifications-reply-before = { $author } a répondu à votre commentaire sur
notifications-comment-after = { "\u00A0" }:
# "<channel> published <title>"
notifications-published-before = { "" }
notifications-published-after = { " " }a publié{ " " }
notifications-older = Plus anciennes
notifications-mark-all-read = Tout marquer comme lu
notifications-empty = Rien pour l’instant. Quand une chaîne à laquelle vous êtes abonné publie quelque chose, cela apparaît ici.
notifications-email = E-mail
notifications-email-opt-in = M’envoyer un e-mail quand les chaînes auxquelles je suis abonné publient (au plus un e-mail toutes les quelques minutes)
notifications-save = Enregistrer
notifications-notice-saved = Enregistré.

## The unsubscribe link of a notification email

unsubscribe-title = Notifications par e-mail
unsubscribe-heading = Ne plus recevoir d’e-mails sur les nouveautés ?
unsubscribe-explanation = Vous ne recevrez plus d’e-mails quand les chaînes auxquelles vous êtes abonné publient. Vos abonnements et vos notifications dans l’application restent inchangés.
unsubscribe-button = Arrêter ces e-mails
unsubscribed-heading = Plus d’e-mails
unsubscribed-explanation = Vous ne recevrez plus d’e-mails sur les nouveautés des chaînes auxquelles vous êtes abonné. Vos abonnements et vos notifications dans l’application restent inchangés.
unsubscribed-settings = Réglages des notifications
unsubscribed-sign-in = Se connecter pour modifier cela

## History

history-title = Historique
history-paused = En pause : ce que vous regardez maintenant n’est pas enregistré.
history-intro = Ce que vous avez regardé, du plus récent au plus ancien.
history-resume = Reprendre l’historique
history-pause = Mettre l’historique en pause
history-clear-confirm = Effacer tout votre historique ? Les reprises de lecture et « Continuer à regarder » repartent de zéro.
history-clear = Effacer tout l’historique
# $percent is already written with its sign: "40 %".
history-watched-percent = Regardé à { $percent }
# Before the time an item was watched: "Watched 3 days ago".
history-watched-at = Regardé
history-remove = Retirer
history-remove-label = Retirer { $title } de l’historique
history-older = Plus anciens
history-empty = Rien ici. Ce que vous regardez apparaît ici.
history-empty-paused = Rien ici. Ce que vous regarderez une fois l’historique repris apparaîtra ici.
history-notice-saved = Enregistré.
history-notice-removed = Retiré de votre historique.
history-notice-cleared = Votre historique est vide.
