# The scripts' messages (the player, uploads, live status). The scripts read text,
# { $variable } and selectors only: no functions, terms or references to other messages.

## Spoken durations: what a screen reader says for a position ("1:23" reads badly)

web-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
web-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
web-seconds = { $n ->
    [one] { $n } seconde
   *[other] { $n } secondes
}
# Two parts of a spoken duration: "1 heure" and "2 minutes 5 secondes"
web-duration-and = { $first } { $rest }

## "3 minutes ago" on times the page keeps current: the server's time-ago-* messages

web-just-now = à l’instant
web-ago-years = { $n ->
    [one] il y a { $n } an
   *[other] il y a { $n } ans
}
web-ago-months = il y a { $n } mois
web-ago-weeks = { $n ->
    [one] il y a { $n } semaine
   *[other] il y a { $n } semaines
}
web-ago-days = { $n ->
    [one] il y a { $n } jour
   *[other] il y a { $n } jours
}
web-ago-hours = { $n ->
    [one] il y a { $n } heure
   *[other] il y a { $n } heures
}
web-ago-minutes = { $n ->
    [one] il y a { $n } minute
   *[other] il y a { $n } minutes
}

## Sizes: the number comes already written

web-size-bytes = { $n } o
web-size-kilobytes = { $n } ko
web-size-megabytes = { $n } Mo
web-size-gigabytes = { $n } Go

## A video's processing state, kept current beside it

web-status-uploaded = Envoyée
web-status-processing = Traitement en cours, { $percent } %
web-status-playable = Lisible, traitée à { $percent } %
web-status-ready = Prête
web-status-failed = Échec
web-status-processing-failed = Le traitement a échoué.

## Calls to the server that failed without a message of its own

web-error-unreachable = Le serveur est injoignable. Vérifiez la connexion et réessayez.
# $status: the HTTP status code (404)
web-error-status = Le serveur a répondu { $status }.

## Copy buttons, and the notifications link in the top bar

web-copy-done = Copié
web-copy-by-hand = Appuyez sur Ctrl+C pour copier
# The badge's text past 99 unread ($n is 99)
web-notifications-more = { $n }+
web-notifications-unread = { $n ->
    [one] Notifications, { $n } non lue
   *[other] Notifications, { $n } non lues
}

## The player: its buttons, menus and what it tells screen readers

web-player-unsupported = Ce navigateur ne peut pas lire cette vidéo : il ne prend en charge ni HLS ni Media Source Extensions. Une version récente de Firefox, Chrome, Edge ou Safari en est capable.
web-player-play = Lecture
web-player-pause = Pause
web-player-mute = Couper le son
web-player-unmute = Réactiver le son
web-player-muted = Son coupé
web-player-sound-on = Son activé
web-player-volume = Volume
web-player-volume-changed = Volume { $percent } %
# The volume slider's value, for screen readers
web-player-percent = { $percent } %
web-player-fullscreen = Plein écran
web-player-exit-fullscreen = Quitter le plein écran
web-player-seek = Position de lecture
# The seek bar's position for screen readers: "1 minute 5 secondes sur 3 minutes"
web-player-seek-position = { $position } sur { $duration }
web-player-seek-chapter = { $position } sur { $duration }, { $chapter }
web-player-still-processing = Traitement en cours — la suite arrive
# Followed by the "Start over" button; $time is a clock time (1:23)
web-player-resumed = Reprise à { $time } —
web-player-start-over = Reprendre au début
web-player-dismiss = Fermer
web-player-chapters = Chapitres
web-player-quality = Qualité
web-player-quality-label = Qualité : { $name }
web-player-quality-auto = Auto
# $name: the rendition playing now (720p)
web-player-quality-auto-playing = Auto ({ $name })
web-player-mbps = { $rate } Mb/s
web-player-kbps = { $rate } kb/s
web-player-captions = Sous-titres
# The captions button's own text: short, like the symbol on a remote
web-player-captions-button = ST
web-player-captions-label = Sous-titres : { $name }
web-player-captions-off = Désactivés
# Said when the `c` key turns captions on or off; $name is the track's, or "Désactivés"
web-player-captions-changed = Sous-titres : { $name }
web-player-audio = Audio
web-player-audio-label = Audio : { $name }
web-player-audio-default = par défaut
web-player-speed = Vitesse de lecture
web-player-speed-label = Vitesse de lecture : { $speed }
# A playback rate: 1,5×
web-player-speed-rate = { $rate }×
web-player-speed-normal = Normale
web-player-speed-changed = Vitesse { $speed }
web-player-pip = Image dans l’image
web-player-pip-exit = Quitter l’image dans l’image
web-player-pip-on = Image dans l’image activée
web-player-pip-off = Image dans l’image désactivée
web-player-remote = Lire sur un autre appareil
web-player-remote-on = Lecture sur un autre appareil
web-player-remote-off = Lecture de nouveau sur cet appareil
web-player-theatre = Mode cinéma
web-player-theatre-exit = Affichage par défaut
web-player-theatre-on = Mode cinéma activé
web-player-theatre-off = Mode cinéma désactivé

## The player's messages when playback stops

web-player-error-expired = Ce lien de lecture a expiré. Rechargez la page pour continuer à regarder.
web-player-error-network = La vidéo n’a pas pu être chargée. Vérifiez la connexion, puis rechargez la page.
web-player-error-decode = Ce navigateur n’a pas pu décoder la vidéo.
web-player-error-unsupported = Ce navigateur ne peut pas lire cette vidéo, ou le lien de lecture a expiré. Rechargez la page pour réessayer.
web-player-error-stopped = La lecture s’est arrêtée. Rechargez la page pour réessayer.
# $details: the player library's name for what failed (manifestLoadError), left as it is
web-player-error-stopped-because = La lecture s’est arrêtée ({ $details }). Rechargez la page pour réessayer.

## Screens at once: the dialog shown when the account's plan plays on no more screens
web-player-stream-ended = Lecture arrêtée : cet écran a été arrêté depuis un autre, ou laissé trop longtemps. Rechargez la page pour regarder à nouveau.
web-player-screens-title = Trop d’écrans
web-player-screens-intro = { $count ->
    [one] Votre forfait permet { $count } écran à la fois, et il est occupé. Arrêtez-le pour regarder ici.
   *[other] Votre forfait permet { $count } écrans à la fois, et tous sont occupés. Arrêtez-en un pour regarder ici.
}
# $device: a browser and system ("Firefox on Linux"); $title: what it plays; $since: a time or date
web-player-screens-entry = { $device } : { $title }, depuis { $since }
web-player-screens-unavailable = un contenu qui n’est plus disponible
web-player-screens-stop = Arrêter
web-player-screens-play-here = Regarder ici
web-player-screens-ask = Tous les écrans de ce compte sont occupés. Demandez à un adulte d’en arrêter un.

## The keyboard shortcuts dialog (`?`): the keys themselves stay as they are

web-shortcuts-title = Raccourcis clavier
web-shortcuts-close = Fermer
# Two keys that do the same: "K ou Espace"
web-shortcuts-either = { $first } ou { $second }
# A row of keys: "0 à 9"
web-shortcuts-range = { $first } à { $second }
# The space bar's name on its key cap
web-shortcuts-space = Espace
web-shortcuts-play = Lecture ou pause
web-shortcuts-seek = { $n ->
    [one] Reculer ou avancer de { $n } seconde
   *[other] Reculer ou avancer de { $n } secondes
}
web-shortcuts-jump = Aller entre { $from } % et { $to } % de la vidéo
web-shortcuts-volume = Monter ou baisser le volume (dans le lecteur)
web-shortcuts-mute = Couper ou réactiver le son
web-shortcuts-captions = Activer ou désactiver les sous-titres
web-shortcuts-speed = Ralentir ou accélérer
web-shortcuts-pip = Image dans l’image
web-shortcuts-theatre = Mode cinéma
web-shortcuts-fullscreen = Plein écran
web-shortcuts-help = Cette liste

## The upload page

# Stands for the file's name when an unfinished upload has none
web-upload-a-file = un fichier
# $file: the file's name, shown in bold
web-upload-unfinished = L’envoi de { $file } n’est pas terminé. Choisissez le même fichier pour le reprendre.
web-upload-unfinished-percent = L’envoi de { $file } n’est pas terminé ({ $percent } %). Choisissez le même fichier pour le reprendre.
# $size and $limit come already written (3,4 Go)
web-upload-too-large = { $name } fait { $size }, plus que les { $limit } acceptés par ce serveur. Rien n’a été envoyé.
web-upload-percent = { $percent } %
# $n comes already written (12,5)
web-upload-rate = { $n } Mo/s
web-upload-left-moment = encore quelques secondes
web-upload-left-seconds = encore { $n } s environ
web-upload-left-minutes = encore { $n } min environ
web-upload-left-hours = encore { $n } h environ
web-upload-left-hours-minutes = encore { $hours } h { $minutes } min environ
web-upload-uploaded = Envoi terminé
web-upload-paused = En pause
web-upload-saving = Enregistrement…
web-upload-saved = Enregistré
web-upload-error-unreachable = L’envoi s’est arrêté : le serveur est injoignable. Reprenez quand la connexion sera rétablie, ou choisissez plus tard le même fichier pour continuer.
# $status: the HTTP status code (413)
web-upload-error-refused = Le serveur a refusé l’envoi ({ $status }).
