# The watch page: the player, what is said about the item, its comments and what comes next;
# a comment thread's own page; the player other sites embed. Also the pieces of `macros.html`
# that many pages share: an upload's status, the follow button, the report form, a comment.

## An item a moderator took down: its owner sees why, instead of the player

# Followed by the moderator's reason, as they wrote it.
watch-takedown = Un modérateur a retiré cet élément :
watch-takedown-hint = Il reste stocké, mais personne ne peut le trouver ni le regarder.
watch-appeal-label = Faire appel (une seule fois) : pourquoi devrait-il revenir ?
watch-appeal-send = Envoyer l’appel
watch-appealed = Vous avez fait appel ; les modérateurs vont décider.

## The player

watch-needs-javascript = La lecture des vidéos nécessite JavaScript.
# "You can [download the video] instead.": the sentence is split around its link.
watch-noscript-download-before = Vous pouvez
watch-noscript-download-link = télécharger la vidéo
watch-noscript-download-after = à la place.

## An item that requires a plan the viewer does not have

# Shown in bold; $name is the plan's name.
watch-plan-required = Cet élément nécessite la formule « { $name } »
# $price is the amount with its currency code ("4.50 USD"); $period is "month" or "year".
watch-plan-price = ({ $price } par { $period ->
        [year] an
       *[other] mois
    }).
watch-plan-ask-admins = Demandez aux administrateurs de ce site de l’ajouter à votre compte.
# "[Sign in] if your account has it.": the link, then the rest of the sentence.
watch-plan-sign-in = Connectez-vous
watch-plan-sign-in-after = si votre compte en dispose.

## An item not playable yet, and an upload's status (also in the studio)

watch-pending-hint = Cette page affiche la vidéo dès qu’elle peut être lue.
watch-reload = Recharger
watch-status-uploaded = Envoyée
# $percent is already written as a percentage ("40 %").
watch-status-processing = Traitement en cours ({ $percent })
watch-status-playable = Lisible, { $percent } traité
watch-status-ready = Prête
watch-status-failed = Échec

## About the item

# Who may see the item, as a small label.
watch-visibility-private = Privée
watch-visibility-members = Membres
watch-visibility-public = Publique
watch-reactions = Réactions
# Followed by how many.
watch-like = J’aime
watch-dislike = Je n’aime pas
# $format is a file format: M4A, MP4, MP3.
watch-download = Télécharger { $format }
watch-edit = Modifier
# $title is the next item's title.
watch-next = Suivant : { $title }
watch-next-episode = Épisode suivant : { $title }
watch-add-to-playlist = Ajouter à une playlist
watch-add = Ajouter

## A channel's follow button (on the watch page and the channel's page)

# $n picks the form; $count is the same number written short ("1.2K").
watch-subscribers = { $n ->
    [one] { $count } abonné
   *[other] { $count } abonnés
}
watch-subscribe = S’abonner
watch-unsubscribe = Se désabonner

## Reporting an item, a comment or an account

watch-report = Signaler
watch-report-reason = Quel est le problème ?
watch-report-send = Envoyer le signalement

## The comments

# $n picks the form; $count is the same number written short ("1.2K").
watch-comments-count = { $n ->
    [one] { $count } commentaire
   *[other] { $count } commentaires
}
watch-comments-off = Les commentaires sont désactivés.
# What the item's owner (or an admin) reads when comments are off.
watch-comments-off-owner = Les commentaires sont désactivés pour les autres : seuls vous et les administrateurs les voyez.
watch-comment-add = Ajouter un commentaire
# The button that posts a comment.
watch-comment-send = Commenter
# "[Sign in] to comment.": the link, then the rest of the sentence.
watch-comment-sign-in = Connectez-vous
watch-comment-sign-in-after = pour commenter.
watch-comments-sort = Trier les commentaires
watch-comments-newest = Les plus récents
watch-comments-top = Les meilleurs
# A link to the thread's own page; $n is how many replies it has.
watch-view-all-replies = { $n ->
    [one] Voir { $n } réponse
   *[other] Voir les { $n } réponses
}
watch-comments-more = Plus de commentaires
watch-comments-none = Aucun commentaire pour l’instant.
watch-comment-deleted = Commentaire supprimé
watch-comment-edited = (modifié)
watch-comment-pinned = Épinglé
watch-comment-hidden = Masqué pour les autres
watch-comment-reply = Répondre
# $name is the comment's writer.
watch-comment-reply-to = Répondre à { $name }
watch-comment-edit = Modifier
watch-comment-yours = Votre commentaire
watch-comment-save = Enregistrer
watch-comment-pin = Épingler
watch-comment-unpin = Désépingler
watch-comment-hide = Masquer
watch-comment-show = Afficher
watch-comment-delete = Supprimer
watch-comment-delete-confirm = Supprimer ce commentaire ?

## A thread's own page

# The page's title; $title is the item's.
watch-thread-title = Commentaires sur { $title }
# The heading, followed by the item's title as a link.
watch-thread-heading = Commentaires sur
watch-thread = Fil de discussion
watch-thread-no-replies = Aucune réponse pour l’instant.
watch-thread-more = Plus de réponses
watch-thread-back = Retour à tous les commentaires

## The album, the playlist or series being played, and what to watch next

# After the album's title; $artist is the album's artist.
watch-album-by = par { $artist }
watch-queue-series = Série
watch-queue-playlist = Playlist
watch-up-next = À suivre
# $n picks the form; $count is the same number written short ("1.2K"). English always says "views" here.
watch-up-next-views = { $n ->
    [one] { $count } vue
   *[other] { $count } vues
}
watch-up-next-none = Rien d’autre à regarder pour l’instant.

## The player other sites embed: what it says instead of playing

watch-embed-link-expired = Ce lien de partage a expiré.
watch-embed-link-unknown = Ce lien de partage ne fonctionne pas.
watch-embed-sign-in = Connectez-vous sur le site pour regarder cette vidéo.
watch-embed-watch-on-site = La regarder sur le site
watch-embed-unavailable = Cette vidéo n’est pas disponible.
watch-embed-plan-required = Cette vidéo nécessite une formule.
watch-embed-processing = Cette vidéo est encore en cours de traitement. Rechargez dans un instant.
watch-embed-open-on-site = L’ouvrir sur le site
