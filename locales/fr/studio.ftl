# The creator's side: "my videos", the upload page, editing a video (its details, audio
# tracks, captions, chapters, who may play it), deleting it, and its share links and embed.

## "My videos"

studio-title = Mes vidéos
studio-column-video = Vidéo
studio-column-status = État
studio-column-visibility = Visibilité
studio-column-views = Vues
studio-column-uploaded = Mise en ligne
# Read by screen readers only: the column of buttons.
studio-column-actions = Actions
# A button on a failed video: process it again.
studio-retry = Réessayer
studio-edit = Modifier
studio-delete = Supprimer
# Read by screen readers after the "Analytics" button: "Analytics of My holiday".
studio-analytics-of = de { $title }
studio-older = Vidéos plus anciennes
# "You have not uploaded anything yet. Upload a video." — the second sentence is a link.
studio-empty = Vous n’avez encore rien mis en ligne.
studio-empty-upload = Mettre en ligne une vidéo
# What follows the link: the end of the sentence.
studio-empty-after = .

## Visibility: who may see a video

studio-visibility-members = Membres
studio-visibility-private = Privée
studio-visibility-public = Publique
# The menu of the upload and edit forms.
studio-visibility-choice-members = Membres : toute personne connectée
studio-visibility-choice-private = Privée : vous seul
studio-visibility-choice-public = Publique : tout le monde, connecté ou non

## The notice at the top after a change

studio-notice-saved = Enregistré.
studio-notice-deleted = La vidéo a été supprimée.
studio-notice-retried = La vidéo est de nouveau en cours de traitement.
studio-notice-loudness-saved = Enregistré. Cela s’appliquera au prochain traitement de la vidéo.
studio-notice-audio-saved = La piste audio a été enregistrée. Les lecteurs la verront au prochain chargement de la vidéo.
studio-notice-caption-added = La piste de sous-titres a été ajoutée. Les lecteurs la verront au prochain chargement de la vidéo.
studio-notice-caption-removed = La piste de sous-titres a été supprimée.
studio-notice-chapters-saved = Les chapitres ont été enregistrés. Un nouveau traitement de la vidéo les conserve.

## Fields the upload and edit forms share

studio-field-title = Titre
studio-field-description = Description
studio-field-visibility = Visibilité
studio-field-language = Langue
# Beside a language field: language tags are typed as they are.
studio-hint-language = (p. ex. en, fr, pt-BR)
studio-save = Enregistrer
studio-cancel = Annuler

## The upload page

studio-upload-title = Mettre en ligne une vidéo
studio-upload-not-allowed = Votre compte peut regarder des vidéos mais pas en mettre en ligne. Un administrateur peut vous donner le rôle de créateur.
# Followed by the "Choose a file" button.
studio-upload-drop = Déposez une vidéo ici ou
studio-upload-choose = Choisir un fichier
# $size: the largest upload, already written ("2 GB").
studio-upload-hint = Jusqu’à { $size }. Une mise en ligne reprend là où elle s’est arrêtée, même après un rechargement : choisissez de nouveau le même fichier.
studio-upload-progress = Progression de la mise en ligne
studio-upload-pause = Pause
studio-upload-resume = Reprendre
studio-upload-watch = Regarder
studio-upload-needs-script = La mise en ligne nécessite JavaScript.

## The edit page: the video's details

studio-edit-page-title = Modifier : { $title }
studio-edit-title = Modifier la vidéo
studio-edit-comments = Les membres peuvent commenter
studio-edit-catalogue = Catalogue
studio-edit-kind = Type
studio-edit-genres = Genres
studio-edit-tags = Mots-clés
studio-hint-commas = (séparés par des virgules)
studio-edit-year = Année
studio-edit-rating = Classification
studio-edit-not-rated = Non classé
studio-edit-credits = Générique du film
studio-edit-director = Réalisation
studio-edit-cast = Distribution
studio-hint-cast = (séparés par des virgules, dans l’ordre du générique)
studio-edit-music = Musique
studio-edit-artist = Artiste
studio-edit-album = Album
studio-edit-album-artist = Artiste de l’album
# A music track's number on its album.
studio-edit-track = Piste
# The disc's number, in an album of several.
studio-edit-disc = Disque
studio-edit-series = Série
# The series a video is an episode of.
studio-edit-episode-of = Épisode de
studio-edit-no-series = Aucune série
studio-edit-season = Saison
studio-edit-episode = Épisode
studio-edit-share = Partager et intégrer…
studio-edit-delete = Supprimer…

## What kind of item a video is

studio-kind-video = Vidéo
studio-kind-film = Film
studio-kind-episode = Épisode
studio-kind-music = Musique
studio-kind-podcast = Podcast

## The edit page: audio tracks

studio-audio-title = Pistes audio
studio-audio-intro = Chaque flux audio du fichier mis en ligne est une piste ; les lecteurs les listent sous ces libellés.
studio-audio-label = Libellé
studio-hint-audio-language = (p. ex. en, fr ; vide : inconnue)
# The track players pick first.
studio-audio-plays-first = Lue en premier
# Two channels; more are written as 5.1, 7.1.
studio-audio-stereo = stéréo
# $integrated and $peak are written already (-23.4); LUFS and dBTP are units.
studio-audio-loudness = mesuré { $integrated } LUFS, crête réelle { $peak } dBTP
# $gain: how many dB the volume was turned up.
studio-audio-loudness-raised = mesuré { $integrated } LUFS, crête réelle { $peak } dBTP ; relevé de { $gain } dB
# $gain: how many dB the volume was turned down.
studio-audio-loudness-lowered = mesuré { $integrated } LUFS, crête réelle { $peak } dBTP ; abaissé de { $gain } dB
studio-audio-loudness-limited = mesuré { $integrated } LUFS, crête réelle { $peak } dBTP ; nivelé par un limiteur
# Read by screen readers for a track's Save button.
studio-audio-save-label = Enregistrer la piste audio { $label }
# $target: the site's loudness target, written already (-16.0).
studio-audio-normalize = Ramener le volume sonore à { $target } LUFS (à partir du prochain traitement)
studio-audio-save-loudness = Enregistrer le volume sonore

## The edit page: captions and subtitles

studio-captions-title = Sous-titres
studio-captions-none = Aucune piste de sous-titres pour l’instant. Les flux de sous-titres texte du fichier mis en ligne sont ajoutés lors de son traitement.
# English has always written "cues", even for one; a translation may use the plural forms.
studio-caption-cues = { $n ->
    [one] { $n } segment
   *[other] { $n } segments
}
# The track came with the uploaded file (rather than being added here).
studio-caption-from-file = issue du fichier vidéo
studio-caption-remove = Supprimer
# Read by screen readers for a track's Remove button.
studio-caption-remove-label = Supprimer { $label }
studio-caption-file = Fichier WebVTT ou SRT
studio-caption-file-missing = Choisissez un fichier WebVTT ou SRT à ajouter.
studio-caption-label = Libellé
studio-hint-caption-label = (facultatif : le menu l’affiche)
studio-caption-add = Ajouter la piste
# The kinds of caption track, in the form's menu.
studio-caption-kind-subtitles = Sous-titres
studio-caption-kind-captions = Sous-titres pour sourds et malentendants
studio-caption-kind-descriptions = Audiodescription
# The same, within a line about a track: "fr · subtitles · 120 cues".
studio-caption-kind-lower-subtitles = sous-titres
studio-caption-kind-lower-captions = sous-titres pour sourds et malentendants
studio-caption-kind-lower-descriptions = audiodescription

## The edit page: chapters

studio-chapters-title = Chapitres
# Followed by two examples of a line, joined by studio-chapters-intro-or, then studio-chapters-intro-after.
studio-chapters-intro = Un chapitre par ligne : son début, puis son titre, p. ex.
# Examples of a chapter line: a time, a space, a title (translate the title only).
studio-chapters-example-first = 0:00 Ouverture
studio-chapters-example-last = 1:02:03 Finale
studio-chapters-intro-or = ou
studio-chapters-intro-after = . Le lecteur les marque sur sa barre de progression et les liste dans un menu. Les chapitres du fichier mis en ligne sont lus lors de son traitement ; une fois enregistrée ici, la liste vous appartient et le traitement la conserve.
studio-chapters-save = Enregistrer les chapitres

## The edit page: who may play the video

studio-plan-label = Qui peut la lire
studio-plan-everyone = Toute personne qui peut la voir
# $plan: the name of a paid plan.
studio-plan-only = Seulement les abonnés à la formule « { $plan } »
studio-plan-save = Enregistrer qui peut la lire

## Deleting a video

studio-delete-page-title = Supprimer : { $title }
studio-delete-title = Supprimer cette vidéo ?
# Follows the video's title, in bold. $views: the view count as written ("1.2K"); $n: the
# exact count, for plurals. English has always written "views", even for one.
studio-delete-body = { $n ->
    [one] ({ $views } vue) et tous les fichiers qui en sont issus seront supprimés. Cette action est irréversible.
   *[other] ({ $views } vues) et tous les fichiers qui en sont issus seront supprimés. Cette action est irréversible.
}
studio-delete-confirm = Supprimer définitivement
studio-delete-keep = La conserver

## Share links and the embed

studio-share-page-title = Partager : { $title }
# A link back to the video's edit page.
studio-share-back = Modifier « { $title } »
studio-share-title = Partager et intégrer
# $until: when the link stops working.
studio-share-made = Toute personne disposant de ce lien peut regarder la vidéo, sans compte, jusqu’au { $until }. Copiez-le maintenant : il ne sera plus affiché.
studio-share-copy = Copier
# Followed by the link's address for the embeddable player.
studio-share-made-embed = Pour une page d’un autre site :
studio-share-links = Liens de partage
# $visibility: who may see the video otherwise.
studio-share-links-hint = Un lien permet à quiconque le détient de regarder cette vidéo sans compte, quelle que soit sa visibilité ({ $visibility ->
        [private] privée
        [public] publique
       *[members] membres
    }), jusqu’à ce qu’il expire ou que vous le révoquiez.
# How long a new link works: a menu of 1 hour, 1 day, 7 days, 30 days.
studio-share-works-for = Valable
studio-share-for-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
studio-share-for-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
# m:ss is how the time is typed (minutes:seconds).
studio-share-start = Commence à (facultatif, m:ss)
studio-share-make = Créer un lien
studio-share-start-not-a-time = « { $text } » n’est pas une durée : écrivez des secondes, m:ss ou h:mm:ss
studio-share-links-off = Les liens de partage sont désactivés sur ce site.
# The table of links not yet expired nor revoked.
studio-share-live = Liens actifs
studio-share-column-made = Créé
studio-share-column-expires = Expire
studio-share-column-start = Commence à
# $s: seconds into the video, written already.
studio-share-start-seconds = { $s } s
# A link that plays from the beginning of the video.
studio-share-start-beginning = le début
studio-share-revoke = Révoquer
# Read by screen readers after "Revoke": $made is when the link was made.
studio-share-revoke-which = le lien créé le { $made }
studio-share-notice-revoked = Le lien a été révoqué : il cesse de fonctionner immédiatement.
studio-share-embed = Intégration
# Followed by the code ?share= and studio-share-embed-hint-after.
studio-share-embed-hint = Collez ce code dans une page d’un site autorisé ci-dessous. La vidéo est lue pour quiconque peut la regarder ici ; dans la page d’un autre site, le spectateur n’est pas connecté : ajoutez donc
studio-share-embed-hint-after = d’un lien de partage pour tous les autres.
# Followed by an example address, then studio-share-origins-after.
studio-share-origins = Sites autorisés à l’intégrer, un par ligne (
studio-share-origins-after = )
# $origins: the sites, separated by commas.
studio-share-site-origins = Toutes les vidéos peuvent aussi être intégrées par : { $origins }.
studio-share-save-origins = Enregistrer les sites
studio-share-notice-origins = Enregistré : ces sites peuvent intégrer cette vidéo.

## Traiter de nouveau un élément prêt

studio-reprocess-title = Traiter de nouveau
studio-reprocess-intro = Transcode de nouveau cet élément depuis son fichier d'origine, avec les réglages actuels du site. Il continue d'être lu tel quel jusqu'à ce que la nouvelle version prenne sa place.
studio-reprocess-watermark = Le filigrane : le logo de votre chaîne, placé comme il l'est aujourd'hui, si le site autorise les logos de chaîne ; sinon celui du site ; sinon aucun.
studio-reprocess-loudness = Le volume sonore : ramené à { $target } LUFS, sauf si son harmonisation est désactivée pour le site ou pour cet élément.
studio-reprocess-ladder = Les rendus : les tailles et qualités que le site produit aujourd'hui.
studio-reprocess-keeps = Ses informations, sous-titres et chapitres restent tels quels.
studio-reprocess = Traiter de nouveau
studio-notice-reprocessing = L'élément est en cours de nouveau traitement ; il est lu comme avant jusqu'à ce que la nouvelle version soit prête.

studio-edit-availability = Disponibilité
studio-edit-availability-hint = Les heures sont en UTC. En dehors de ces dates et des pays choisis, seuls vous et les administrateurs voyez cet élément ; les spectateurs le voient dans « Bientôt disponible » pendant les 30 jours qui précèdent son ouverture.
studio-edit-available-from = Disponible à partir du
studio-edit-available-until = Disponible jusqu’au
studio-edit-country-rule = Pays
studio-edit-country-everywhere = Partout
studio-edit-country-allow = Seulement dans ces pays
studio-edit-country-deny = Partout sauf dans ces pays
studio-edit-countries-example = FR, BE
studio-edit-countries = Codes de pays
