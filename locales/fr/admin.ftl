# L’espace d’administration (comptes, tâches, offres, santé, journal d’audit), la file de
# modération, les signalements d’une personne et la référence de l’API pour les développeurs.

## Les onglets d’administration

admin-tab-accounts = Comptes
admin-tab-jobs = Tâches
admin-tab-plans = Offres
admin-tab-health = Santé
admin-tab-storage = Stockage
admin-tab-cost = Coûts
admin-tab-reports = Signalements
admin-tab-audit = Journal d’audit

## Rôles

admin-role-viewer = Spectateur
admin-role-moderator = Modérateur
admin-role-creator = Créateur
admin-role-admin = Administrateur

## Comptes

admin-users-title = Administration : comptes
admin-users-heading = Comptes
admin-users-name = Nom
admin-users-address = Adresse
admin-users-channel = Chaîne
admin-users-role = Rôle
admin-users-two-factor = Double authentification
admin-users-joined = Inscription
admin-users-access = Accès
admin-users-disabled = Désactivé
admin-users-suspended-until = Suspendu jusqu’au
admin-users-role-of = Rôle de { $name }
admin-users-change = Modifier
admin-users-change-role-of = le rôle de { $name }
admin-users-two-factor-on = Activée
admin-users-two-factor-off = Désactivée
admin-users-enable = Réactiver
admin-users-disable = Désactiver
admin-users-invite-heading = Inviter quelqu’un
admin-users-invite-email = Adresse e-mail
admin-users-invite-role = Rôle
admin-users-invite = Inviter
admin-notice-role = Le rôle a été modifié.
admin-notice-disabled = Le compte a été désactivé : ses sessions ont pris fin et ses jetons ne fonctionnent plus.
admin-notice-enabled = Le compte a été réactivé.
admin-notice-invited = L’invitation a été enregistrée. La personne peut désormais se connecter avec cette adresse.

## La file des tâches

admin-jobs-title = Administration : tâches
admin-jobs-heading = File des tâches
admin-jobs-show = Afficher :
admin-jobs-all = toutes
admin-job-state-queued = en attente
admin-job-state-running = en cours
admin-job-state-done = terminée
admin-job-state-failed = échouée
admin-job-state-dead = abandonnée
admin-jobs-job = Tâche
admin-jobs-state = État
admin-jobs-attempts = Tentatives
admin-jobs-last-error = Dernière erreur
admin-jobs-updated = Mise à jour
admin-jobs-actions = Actions
admin-jobs-retry = Relancer
admin-jobs-none = Aucune tâche.
admin-jobs-none-in-state = Aucune tâche dans cet état.
admin-notice-retried = La tâche a été remise en file.

## Le journal d’audit

admin-audit-title = Administration : journal d’audit
admin-audit-heading = Journal d’audit
admin-audit-when = Quand
admin-audit-what = Quoi
admin-audit-who = Qui
admin-audit-target = Cible
admin-audit-ip = IP
admin-audit-detail = Détail
admin-audit-older = Événements plus anciens

## Santé : les alarmes intégrées

admin-health-title = Administration : santé
admin-health-alarms = Alarmes
admin-health-off = Les alarmes de { $site } sont désactivées
admin-health-off-after =  : les états ci-dessous sont les derniers évalués.
admin-health-firing = { $n ->
    [one] { $n } alarme déclenchée.
   *[other] { $n } alarmes déclenchées.
}
admin-health-quiet = Aucune alarme déclenchée.
admin-health-alarm = Alarme
admin-health-state = État
admin-health-now = Actuellement
admin-health-fires-when = Se déclenche si
admin-health-since = Depuis
admin-health-last-fired = Dernier déclenchement
admin-health-not-measured = pas encore mesuré
admin-health-rule = { $direction ->
    [below] inférieur à
   *[above] supérieur à
} { $threshold }, pendant { $hold } s
admin-health-rule-window = { $direction ->
    [below] inférieur à
   *[above] supérieur à
} { $threshold } sur { $window } s, pendant { $hold } s
admin-health-never = jamais
admin-health-events = Derniers événements
admin-health-when = Quand
admin-health-event = Événement
admin-health-detail = Détail
admin-health-no-events = Aucune alarme ne s’est encore déclenchée.
admin-alarm-state-ok = normale
admin-alarm-state-pending = en attente
admin-alarm-state-firing = déclenchée
admin-alarm-state-resolved = résolue
admin-alarm-otp-delivery-low = Les codes de connexion n’arrivent pas aux destinataires
admin-alarm-job-failure-ratio = Des tâches échouent
admin-alarm-dead-jobs = Des tâches ont abandonné après toutes leurs tentatives
admin-alarm-queue-wait = Les tâches attendent trop longtemps un worker
admin-alarm-time-to-playable = Les vidéos envoyées mettent trop de temps à devenir lisibles
admin-alarm-origin-5xx = L’origine renvoie des erreurs aux spectateurs
admin-alarm-storage-errors = Le stockage objet ou le disque local est en échec
admin-alarm-redis-fallback = Ce processus fonctionne sans Redis
admin-alarm-cost-anomaly = Une ressource a coûté bien plus que d’habitude hier ou aujourd’hui

## Offres

admin-plans-title = Administration : offres
admin-plans-heading = Offres
admin-plans-plan = Offre
admin-plans-price = Prix
admin-plans-revenue = Revenus par mois
admin-plans-price-per = { $period ->
    [month] { $price } par mois
    [year] { $price } par an
   *[other] { $price } par { $period }
}
admin-plans-month-revenue = { $month } : { $amount } ({ $payments ->
    [one] { $payments } paiement
   *[other] { $payments } paiements
})
admin-plans-no-revenue = rien pour l’instant
admin-plans-none = Aucune offre pour l’instant. Les contenus qui n’en exigent aucune sont ouverts à tous les membres.
admin-plans-new = Nouvelle offre
admin-plans-name = Nom
admin-plans-price-of-period = Prix d’une période
admin-plans-currency = Devise
admin-plans-period = Période
admin-plans-period-month = Mois
admin-plans-period-year = Année
admin-plans-description = Description
admin-plans-limits = Limites
admin-plans-max-streams = Écrans à la fois
admin-plans-max-devices = Appareils connectés
admin-plans-max-height = Qualité la plus haute (lignes, par exemple 720)
admin-plans-limit-hint = Vide pour aucune limite.
admin-plans-downloads = Téléchargements permis
admin-plans-make = Créer l’offre
admin-plans-grant-heading = Attribuer ou renouveler
admin-plans-grant-plan = Offre
admin-plans-grant-email = Adresse e-mail du compte
admin-plans-grant-periods = Périodes payées
admin-plans-grant = Attribuer
admin-notice-plan = L’offre a été créée.
admin-notice-granted = L’offre a été attribuée.

## La file de modération

moderation-reports = Signalements
moderation-open-count = { $n ->
    [one] ({ $n } ouvert)
   *[other] ({ $n } ouverts)
}
moderation-open = Ouverts
moderation-resolved = Traités
moderation-appeal = Recours
moderation-target-video = Vidéo
moderation-target-comment = Commentaire
moderation-target-account = Compte
moderation-open-item = Ouvrir
moderation-owner-says = Le propriétaire écrit :
moderation-reason = Motif :
moderation-outcome-dismissed = Classé : { $outcome }
moderation-outcome-actioned = Traité : { $outcome }
report-outcome-taken-down = Le contenu a été retiré : { $reason }
report-outcome-restored = Le contenu a été rétabli.
report-outcome-deleted = Le contenu a été supprimé.
report-outcome-comment-hidden = Le commentaire a été masqué.
report-outcome-comment-deleted = Le commentaire a été supprimé.
report-outcome-suspended = Le compte a été suspendu pour { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}.
report-outcome-no-action = Aucune mesure n’a été prise.
report-outcome-no-action-note = Aucune mesure n’a été prise : { $note }
report-outcome-stands = Le retrait est maintenu.
report-outcome-stands-note = Le retrait est maintenu : { $note }
audit-reports-resolved = { $outcome } ({ $n ->
    [one] { $n } signalement traité
   *[other] { $n } signalements traités
})
# The audit log's reason for a refused moderation of an item, a comment or an account.
audit-refused-not-moderator = refusé : sans la permission de modérer
audit-refused-unseen = refusé : le contenu n'est ni signalé ni visible pour cette personne
audit-refused-staff = refusé : le contenu d'un administrateur ou d'un autre modérateur
audit-refused-admin-only = refusé : seul un administrateur supprime définitivement un contenu
audit-refused-unseen-comment = refusé : le commentaire n'est ni signalé ni sur un contenu visible pour cette personne
audit-refused-staff-comment = refusé : le commentaire d'un administrateur ou d'un autre modérateur
audit-refused-staff-account = refusé : le compte d'un administrateur ou d'un autre modérateur
audit-refused-unreported = refusé : ni le compte ni aucun de ses contenus ou commentaires n'est signalé
audit-refused-own-account = refusé : son propre compte
moderation-public-reason = Motif public
moderation-take-down = Retirer
moderation-delete-confirm = Supprimer ce contenu et tout ce qui en est issu ?
moderation-delete-item = Supprimer le contenu
moderation-restore = Rétablir
moderation-hide-comment = Masquer le commentaire
moderation-delete-comment = Supprimer le commentaire
moderation-suspend-account = Suspendre le compte
moderation-suspend-comment = Suspendre son auteur
moderation-suspend-video = Suspendre son propriétaire
moderation-days = Jours
moderation-suspend-reason = Motif
moderation-suspend = Suspendre
moderation-note-label = Note pour l’auteur du signalement
moderation-note-placeholder = Note (facultative)
moderation-uphold = Maintenir le retrait
moderation-dismiss = Classer
moderation-more = Plus
moderation-nothing-waiting = Rien en attente.
moderation-nothing-resolved = Rien de traité pour l’instant.
moderation-notice-dismissed = Classé ; les auteurs des signalements ont été prévenus.
moderation-notice-taken-down = Le contenu a été retiré ; son propriétaire et les auteurs des signalements ont été prévenus.
moderation-notice-restored = Le contenu a été rétabli ; son propriétaire a été prévenu.
moderation-notice-item-deleted = Le contenu a été supprimé.
moderation-notice-comment-hidden = Le commentaire a été masqué.
moderation-notice-comment-deleted = Le commentaire a été supprimé.
moderation-notice-suspended = Le compte a été suspendu ; il a été prévenu de la durée et du motif.

## Les signalements d’une personne

my-reports-title = Vos signalements
my-reports-intro = Ce que vous avez signalé, et ce qu’il en est advenu.
my-reports-when = Quand
my-reports-about = Objet
my-reports-why = Motif
my-reports-outcome = Résultat
my-reports-about-video = Vidéo :
my-reports-about-comment = Commentaire :
my-reports-about-account = Compte :
my-reports-about-appeal = Recours :
my-reports-waiting = En attente
my-reports-none = Vous n’avez rien signalé.
my-reports-notice-reported = Merci. Les modérateurs vont examiner votre signalement ; vous serez informé de la suite donnée.
my-reports-notice-appealed = Votre recours a été transmis aux modérateurs.

## La référence de l’API (/docs/api). Le code, les routes, les noms d’en-têtes, de champs et
## de schémas et le JSON restent tels quels : la page les place entre ces messages.

api-title = Référence de l’API
api-openapi-intro = La même description au format OpenAPI 3.1, pour les générateurs de clients et les outils :
api-contents = Sommaire
api-webhook-events = Événements de webhook
api-errors = Erreurs
api-schemas = Schémas
api-who = Qui :
api-parameters = Paramètres
api-name = Nom
api-in = Emplacement
api-type = Type
api-about = Description
api-required = obligatoire
api-body = Corps :
api-body-column = Corps
api-answers = Réponses
api-status = Statut
api-meaning = Signification
api-headers = En-têtes : { $headers }
api-headers-column = En-têtes
api-webhooks-registered = Un point de terminaison enregistré avec
api-webhooks-receives = reçoit les événements qu’il demande sous forme d’un POST de
api-webhooks-signed = , signé à la manière de Standard Webhooks :
api-webhooks-id = identique à chaque tentative
api-webhooks-timestamp = en secondes
api-webhooks-signature-hmac = puis le HMAC-SHA256 en base64 de
api-webhooks-signature-after = avec le secret ; deux, séparées par une espace, tant qu’un secret remplacé signe encore
api-webhooks-retry = Toute réponse autre qu’un 2xx est retentée après une attente croissante.
api-events = Événements
api-event-when = Quand
api-errors-every = Tout refus répond par
api-errors-shared = Voici les réponses communes à de nombreuses opérations :
api-shared-answers = Réponses communes
api-one-of = Valeurs possibles :
api-also-fields-of = Ainsi que tous les champs de
api-fields-of = Champs de { $name }
api-field = Champ
api-always = toujours

## Qui peut appeler une opération

api-auth-anyone = Tout le monde ; aucun identifiant
api-auth-anyone-or = Tout le monde si le déploiement le permet ; connecté par { $ways }
api-auth-signed-in = Connecté par { $ways }
api-auth-token = un jeton d’API
api-auth-session-csrf = une session avec son jeton CSRF
api-auth-session = une session
api-or = ou
api-and = et

## Le type d’une valeur. Les noms de types (string, integer, null) sont ceux de JSON Schema.

api-type-array-of = tableau de { $item }
api-type-one-of = l’une des valeurs : { $values }
api-type-any = quelconque

## Alarms

alarm-detail-nothing = rien à mesurer
alarm-detail-otp = { $channel } : { $lost ->
    [one] { $lost } code perdu
   *[other] { $lost } codes perdus
} sur { $handed }
alarm-detail-jobs = { $kind } : { $bad ->
    [one] { $bad } tentative échouée
   *[other] { $bad } tentatives échouées
} sur { $all }
alarm-detail-dead-jobs = { $n ->
    [one] { $n } tâche abandonnée
   *[other] { $n } tâches abandonnées
}
alarm-detail-queue-wait = la tâche due qui attend depuis le plus longtemps attend depuis { $secs } s
alarm-detail-time-to-playable = p95 de { $secs } s sur { $n ->
    [one] { $n } contenu
   *[other] { $n } contenus
}
alarm-detail-origin = { $bad ->
    [one] { $bad } réponse 5xx
   *[other] { $bad } réponses 5xx
} de l’origine sur { $all }
alarm-detail-storage = { $n ->
    [one] { $n } erreur de stockage
   *[other] { $n } erreurs de stockage
}
alarm-detail-redis-down = Redis ne répond pas
alarm-detail-redis-up = Redis répond (ou n’est pas utilisé)
alarm-detail-cost-none = aucune ressource bien au-dessus de sa normale
alarm-detail-more = { $first } (et { $n } de plus)

## The audit log's details

audit-restored = { $n ->
    [one] { $n } objet de retour dans le niveau chaud
   *[other] { $n } objets de retour dans le niveau chaud
}
audit-rungs-dropped = { $names } retirés : { $n ->
    [one] { $n } objet
   *[other] { $n } objets
}, { $bytes } octets supprimés
audit-cold-tier = { $n ->
    [one] { $n } objet
   *[other] { $n } objets
}, { $bytes } octets vers le niveau froid
audit-objects-removed = { $n ->
    [one] { $n } objet
   *[other] { $n } objets
}, { $bytes } octets supprimés
audit-uploads-removed = { $n ->
    [one] { $n } envoi inachevé supprimé
   *[other] { $n } envois inachevés supprimés
}
audit-rungs-remade = { $names } refaits à partir de l’original
audit-no-rung = aucun palier
audit-generation = génération { $generation }
audit-generation-rungs = génération { $generation } : { $names }
audit-token-cli = par { $command }, jusqu’à révocation
audit-token-cli-until = par { $command }, jusqu’au { $until }
audit-expires = expire le { $at }
audit-device = appareil { $name }
audit-role = rôle { $role }
audit-role-by-command = rôle { $role }, par { $command }
audit-role-to = vers { $role }
audit-sessions = { $n ->
    [one] { $n } session
   *[other] { $n } sessions
}
audit-sessions-tokens = { $n ->
    [one] { $n } session
   *[other] { $n } sessions
}, { $tokens ->
    [one] { $tokens } jeton d’API
   *[other] { $tokens } jetons d’API
}
audit-recovery-codes = { $n ->
    [one] { $n } code
   *[other] { $n } codes
}
audit-codes-left = { $n ->
    [one] { $n } restant
   *[other] { $n } restants
}
audit-no-live-code = aucun code valide pour cette tentative
audit-wrong-code = code erroné ({ $n })
audit-second-factor-pending = second facteur en attente
audit-recovery-code-left = avec un code de secours, { $n ->
    [one] { $n } restant
   *[other] { $n } restants
}
audit-key-rotated = { $kid } retirée jusqu’au { $until } ; supprimées : { $dropped }
audit-master-key-rotated = { $rewrapped } réemballées, { $current } déjà à jour, { $unopenable } impossibles à ouvrir
audit-master-key-new = nouvelle clé maîtresse ; { $rest }
audit-master-key-earlier = rotation précédente terminée ({ $n } réemballées) ; { $rest }
audit-audio-track = piste { $position } : { $language } ({ $label })
audit-chapters = { $n ->
    [one] { $n } chapitre
   *[other] { $n } chapitres
}
audit-plan-granted = { $plan } × { $periods }

## Modération : un retrait sans signalement, des suspensions levées avant terme

moderation-takedown-title = Retirer un élément
moderation-takedown-intro = Un élément que personne n'a signalé, par son adresse (le lien vers sa page) ou son identifiant. Son propriétaire est informé du motif et peut faire appel.
moderation-takedown-item = Adresse ou identifiant de l'élément
moderation-suspended-title = Comptes suspendus
# Suivi du moment où la suspension prend fin.
moderation-suspended-until = Suspendu jusqu'au
moderation-suspended-none = Aucun compte n'est suspendu.
moderation-lift = Lever la suspension
moderation-lift-label = Lever la suspension de { $name }
moderation-notice-suspension-lifted = La suspension a été levée ; le compte peut de nouveau se connecter.
