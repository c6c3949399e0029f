# The shell around every page, and what every page writes the same way: times, dates, counts.

language-name = Français

## The top bar and the account menu

shell-skip = Aller au contenu
shell-guide = Guide
shell-home-label = Accueil de { $site }
shell-search-label = Rechercher des vidéos
shell-search-placeholder = Rechercher
shell-search = Rechercher
shell-upload = Mettre en ligne
shell-notifications = Notifications
shell-your-channel = Votre chaîne
shell-studio = Studio
shell-analytics = Statistiques
shell-switch-profile = Changer de profil
shell-switch-profile-now = (actuellement { $name })
shell-account = Compte
shell-admin = Administration
shell-moderation = Modération
shell-sign-out = Se déconnecter
shell-settings = Réglages
shell-sign-in = Se connecter
shell-theme = Thème
shell-theme-system = Système
shell-theme-light = Clair
shell-theme-dark = Sombre
shell-language = Langue
shell-language-choose = Utiliser cette langue

## The guide

guide-home = Accueil
guide-browse = Parcourir
guide-subscriptions = Abonnements
guide-history = Historique
guide-playlists = Playlists
guide-series = Séries
guide-liked = J’aime
guide-following = Abonnements suivis
guide-all-subscriptions = Tous les abonnements

## Times and dates

time-just-now = à l’instant
time-ago-years = { $n ->
    [one] il y a { $n } an
   *[other] il y a { $n } ans
}
time-ago-months = il y a { $n } mois
time-ago-weeks = { $n ->
    [one] il y a { $n } semaine
   *[other] il y a { $n } semaines
}
time-ago-days = { $n ->
    [one] il y a { $n } jour
   *[other] il y a { $n } jours
}
time-ago-hours = { $n ->
    [one] il y a { $n } heure
   *[other] il y a { $n } heures
}
time-ago-minutes = { $n ->
    [one] il y a { $n } minute
   *[other] il y a { $n } minutes
}
date-medium = { $day } { $month } { $year }
date-time = { $date } à { $time } UTC
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

## Short counts and sizes: the number comes already written

count-thousands = { $n } k
count-millions = { $n } M
count-billions = { $n } Md
size-bytes = { $n } o
size-kilobytes = { $n } ko
size-megabytes = { $n } Mo
size-gigabytes = { $n } Go
percent = { $n } %

## Confirmations at the top of the account pages after a change

notice-saved = Enregistré.
notice-account-deleted = Votre compte est en cours de suppression. Vous êtes déconnecté partout.
notice-revoked = Le jeton a été révoqué.
notice-device-removed = L’appareil a été déconnecté.
notice-device-renamed = L’appareil a été renommé.
notice-screen-stopped = L’écran a été arrêté.
notice-totp = La connexion en deux étapes est activée.
notice-profile = Le profil a été ajouté.
notice-avatar = Votre photo est en préparation ; elle apparaîtra ici dans un instant.
notice-logo = Votre logo est en préparation ; il apparaîtra ici dans un instant, et dans vos vidéos à partir de leur prochain traitement.
notice-profile-removed = Le profil a été supprimé, avec son historique et ses playlists.
# A plan's limits, as the plans and account pages list them. $n: a number of streams or devices.
plan-limit-streams = { $n ->
    [one] { $n } écran à la fois
   *[other] { $n } écrans à la fois
}
plan-limit-streams-any = Autant d’écrans à la fois que voulu
plan-limit-devices = { $n ->
    [one] { $n } appareil
   *[other] { $n } appareils
}
plan-limit-devices-any = Autant d’appareils que voulu
# $height: a picture height in lines, such as 720 (written as it is, with no grouping).
plan-limit-height = Jusqu’à { $height }p
plan-limit-height-any = Toutes les qualités
plan-limit-downloads = Téléchargements
plan-limit-no-downloads = Pas de téléchargement

notice-pin-set = Le profil est verrouillé par son code.
notice-pin-removed = Le code du profil a été retiré.
notice-parental-pin-set = Le code parental est défini.
notice-parental-pin-removed = Le code parental a été retiré.
