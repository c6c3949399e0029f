# The analytics pages (/analytics…), the admin's storage and cost pages (/admin/storage,
# /admin/cost) and the charts they draw.

## The analytics pages: tabs, range picker, figures

analytics-title = Statistiques : { $title }
analytics-tabs-label = Statistiques
analytics-tab-overview = Vue d’ensemble
analytics-tab-top = Les plus regardés
analytics-tab-quality = Qualité
analytics-tab-pipeline = Traitement
analytics-tab-signin = Connexion
analytics-tab-revenue = Revenus
analytics-range-label = Période
analytics-range-from = Du
analytics-range-to = Au
analytics-range-show = Afficher
analytics-presets = Sur
analytics-preset-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
analytics-list-separator = { ", " }
analytics-download-csv = Télécharger le CSV
analytics-watch-page = Page de la vidéo
analytics-rank-by = Classer par
analytics-rank-views = vues
analytics-rank-watch-time = durée de visionnage
analytics-at-a-glance = En bref
analytics-figures = Chiffres
analytics-nothing-yet = Rien pour l’instant sur cette période.
analytics-item-pages = L’engagement de chaque élément

## Figures with their units; $n comes already written

analytics-seconds = { $n } s
analytics-hours = { $n } h
analytics-kbps = { $n } kbit/s
analytics-money = { $amount } { $currency }

## Figures at a glance

analytics-tile-views = Vues
analytics-tile-watch-hours = Heures de visionnage
analytics-tile-active-today = Spectateurs actifs aujourd’hui
analytics-tile-last-days = { $n ->
    [one] { $n } dernier jour
   *[other] { $n } derniers jours
}
analytics-tile-uploads = Mises en ligne
analytics-tile-stored = Originaux stockés
analytics-tile-sessions = Sessions
analytics-tile-startup-p50 = Démarrage p50
analytics-tile-startup-p95 = Démarrage p95
analytics-tile-rebuffering = Mise en mémoire tampon
analytics-tile-error-rate = Taux d’erreur
analytics-tile-playable-p50 = Lisible p50
analytics-tile-playable-p95 = Lisible p95
analytics-tile-ready-p50 = Prêt p50
analytics-tile-ready-p95 = Prêt p95
analytics-tile-failed = Échecs
analytics-tile-signins = Connexions
analytics-tile-success-rate = Taux de réussite
analytics-tile-lockouts = Blocages
analytics-tile-subscribers = Abonnés
analytics-tile-average-watched = Part regardée en moyenne

## Charts: the heading, and (.description) what the chart shows, for screen readers

analytics-chart-views-viewers = Vues et spectateurs actifs
    .description = Vues et spectateurs actifs par jour
analytics-chart-watch-hours = Heures de visionnage
    .description = Heures de lecture par jour
analytics-chart-uploads = Mises en ligne
    .description = Mises en ligne par jour
analytics-chart-stored = Originaux stockés
    .description = Octets d’originaux stockés
analytics-chart-items-by-views = Éléments par vues
    .description = Éléments les plus regardés, par vues
analytics-chart-items-by-watch-hours = Éléments par heures de visionnage
    .description = Éléments les plus regardés, par heures de visionnage
analytics-chart-channels-by-views = Chaînes par vues
    .description = Chaînes les plus regardées, par vues
analytics-chart-channels-by-watch-hours = Chaînes par heures de visionnage
    .description = Chaînes les plus regardées, par heures de visionnage
analytics-chart-startup = Temps de démarrage
    .description = Temps de démarrage par jour, en secondes
analytics-chart-rebuffering = Mise en mémoire tampon et erreurs
    .description = Taux de mise en mémoire tampon et taux d’erreur par jour, en pourcentage
analytics-chart-renditions = Par rendu
    .description = Part du temps de lecture par rendu, en pourcentage
analytics-chart-processing = Délai avant lecture et disponibilité complète
    .description = Délai médian avant lecture et avant disponibilité complète par jour, en secondes
analytics-chart-failures = Échecs par motif
    .description = Éléments en échec par motif
analytics-chart-codes = Codes envoyés et remis
    .description = Codes de connexion par jour et par canal
analytics-chart-signins = Connexions et blocages
    .description = Connexions réussies, échouées et blocages par jour
analytics-chart-revenue = Revenus par offre et par mois
    .description = Revenus par offre et par mois
analytics-chart-subscribers = Abonnés actuels
    .description = Abonnés par offre
analytics-chart-retention = Rétention
    .description = Part des spectateurs qui regardent encore à chaque pourcentage de l’élément, en pourcentage
analytics-chart-views = Vues
    .description = Vues par jour

## Column headers of the tables beside the charts, and the charts' legends (lower case)

analytics-col-date = date
analytics-col-month = mois
analytics-col-views = vues
analytics-col-active-viewers = spectateurs actifs
analytics-col-watch-hours = heures de visionnage
analytics-col-uploads = mises en ligne
analytics-col-stored = stocké
analytics-col-item = élément
analytics-col-channel = chaîne
analytics-col-handle = identifiant
analytics-col-sessions = sessions
analytics-col-p50 = p50
analytics-col-p95 = p95
analytics-col-rebuffering = mise en mémoire tampon
analytics-col-errors = erreurs
analytics-col-error-rate = taux d’erreur
analytics-col-rendition = rendu
analytics-col-share-of-time = part du temps
analytics-col-average-bitrate = débit moyen
analytics-col-playable-p50 = lisible p50
analytics-col-playable-p95 = lisible p95
analytics-col-ready-p50 = prêt p50
analytics-col-ready-p95 = prêt p95
analytics-col-failed = échecs
analytics-col-reason = motif
analytics-col-items = éléments
analytics-col-requested = demandés
analytics-col-sent = envoyés
analytics-col-delivered = remis
analytics-col-undelivered = non remis
analytics-col-delivery-rate = taux de remise
analytics-col-succeeded = réussies
analytics-col-lockouts = blocages
analytics-col-plan = offre
analytics-col-revenue = revenus
analytics-col-payments = paiements
analytics-col-subscribers = abonnés
analytics-col-where-viewers-leave = où les spectateurs partent
analytics-col-share-lost = part des spectateurs perdus
analytics-col-startup-p50 = démarrage p50
analytics-series-bytes = octets
analytics-series-email-sent = e-mails envoyés
analytics-series-sms-sent = SMS envoyés
analytics-series-sms-delivered = SMS remis
analytics-series-viewers = spectateurs
analytics-channel-email = e-mail
analytics-channel-sms = SMS
analytics-no-reason = aucun motif enregistré

## The charts themselves

chart-description = { $series } du { $from } au { $to }
chart-axis-thousands = { $n } k
chart-axis-millions = { $n } M
chart-axis-billions = { $n } Md

## The admin's storage page

storage-title = Administration : stockage
storage-tile-hot = Niveau chaud
storage-tile-cold = Niveau froid
storage-tile-objects = Objets
storage-tile-monthly = Un mois aux prix de { $date }
storage-kinds-heading = Par type et par niveau
storage-chart-kinds = Octets stockés par type et par niveau
storage-chart-kind-tier = { $kind }, niveau { $tier }
storage-col-kind = Type
storage-col-tier = Niveau
storage-col-objects = Objets
storage-col-size = Taille
storage-col-channel = Chaîne
storage-col-items = Éléments
storage-col-hot = Chaud
storage-col-cold = Froid
storage-col-item = Élément
storage-nothing-stored = Rien n’est encore stocké.
storage-channels-heading = Chaînes qui stockent le plus
storage-no-channel = (aucune chaîne)
storage-no-channel-stores = Aucune chaîne ne stocke encore de données.
storage-items-heading = Éléments les plus volumineux
storage-no-item-stores = Aucun élément ne stocke encore de données.
storage-kind-original = original
storage-kind-rendition = rendu
storage-kind-download = téléchargement
storage-kind-image = image
storage-kind-index = index
storage-kind-avatar = avatar
storage-kind-upload = mise en ligne
storage-kind-other = autre
storage-tier-hot = chaud
storage-tier-cold = froid

## The admin's cost page

cost-title = Administration : coûts
cost-heading = Coût de { $month }
cost-month = Mois
cost-prices-note = Utilisation enregistrée aux prix de { $date }
cost-prices-currency = { ", " }en dollars américains.
cost-tile-so-far = Jusqu’ici
cost-tile-forecast = Prévision pour le mois
cost-anomalies = Anomalies
cost-forecast = Prévision : { $method }.
cost-forecast-over = le mois est terminé : son total
cost-forecast-today = aucun jour complet pour l’instant : le coût d’aujourd’hui jusqu’ici, pour chaque jour restant
cost-forecast-one-day = un jour complet : son coût, pour chaque jour restant
cost-forecast-trend = { $n ->
    [one] la tendance sur { $n } jour complet
   *[other] la tendance des { $n } derniers jours complets
}
cost-anomaly = { $resource } le { $date } : { $cost } pour une normale de { $normal }
cost-anomaly-item = { $resource } le { $date } : { $cost } pour une normale de { $normal }, { $share } % dus à « { $title } » ({ $id })
cost-anomaly-item-channel = { $resource } le { $date } : { $cost } pour une normale de { $normal }, { $share } % dus à « { $title } » ({ $id }, chaîne { $channel })
cost-anomaly-deleted-item = un élément supprimé
cost-daily-heading = Par jour
cost-chart-daily = Dollars par jour
cost-series-total = total
cost-col-date = Date
cost-col-cost = Coût
cost-col-resource = Ressource
cost-col-used = Utilisé
cost-col-price = Prix
cost-col-channel = Chaîne
cost-col-items = Éléments
cost-col-item = Élément
cost-resources-heading = Par ressource
cost-price-per = { $price } par { $unit }
cost-nothing-month = Rien n’a été enregistré ce mois-ci.
cost-channels-heading = Chaînes qui coûtent le plus
cost-deleted-items = (éléments supprimés)
cost-nothing-channel = Aucune chaîne n’a de coût enregistré.
cost-items-heading = Éléments qui coûtent le plus
cost-deleted-item = { $id } (supprimé)
cost-nothing-item = Aucun élément n’a de coût enregistré.
cost-dollars = { $amount } $

## The units resources are priced by

cost-unit-gib-month = Gio-mois
cost-unit-gib = Gio
cost-unit-cpu-hour = heure CPU
cost-unit-message = message
cost-unit-1000-requests = 1000 requêtes
