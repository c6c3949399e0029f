# The account: signing in, the account page (sessions, two-factor sign-in, API tokens, the
# account's data), the public profile and preferences, viewer profiles, and webhooks.

## Signing in (/login)

login-title = Se connecter
login-address = Adresse e-mail ou numéro de téléphone
# $example: a phone number written the international way, shown as it is.
login-address-hint = Nous vous envoyons un code à six chiffres. Aucun mot de passe n’est nécessaire. Numéros de téléphone au format international, comme { $example }.
login-send-code = M’envoyer un code
# Shown once a code was asked for, whether or not the address has an account.
login-code-sent = Si cette adresse correspond à un compte, un code de connexion est en route.
# $address: the email address or phone number the code went to.
login-code = Code envoyé à { $address }
login-code-hint = Le code est valable quelques minutes et ne sert qu’une fois.
login-sign-in = Se connecter
login-new-code = Envoyer un nouveau code
login-another-address = Utiliser une autre adresse
login-totp-code = Code de votre application d’authentification
login-totp-hint = Téléphone perdu ? Saisissez plutôt l’un de vos codes de secours.
login-continue = Continuer

## The account page (/account)

account-title = Compte
account-heading = Votre compte
# A column heading over buttons, for screen readers.
account-actions = Actions
account-copy = Copier
account-profile = Profil
account-name = Nom
account-channel = Chaîne
account-email = E-mail
account-phone = Téléphone
account-role = Rôle
account-role-admin = Administrateur
account-role-creator = Créateur
account-role-moderator = Modérateur
account-role-viewer = Spectateur
account-member-since = Membre depuis
account-plans = Vos formules
# Followed by the date the plan ends. $plan: the plan's name.
account-plan-until = { $plan }, jusqu’au
# What the member's plans (or, holding none, the site) let them do.
account-entitlement = Ce que vous pouvez faire
account-link-profile = Profil public et préférences
account-link-profiles = Profils
account-link-history = Historique de visionnage

## Sessions

account-sessions = Où vous êtes connecté
account-sessions-device = Appareil
account-sessions-signed-in = Connexion
account-sessions-last-seen = Dernière activité
account-sessions-this-device = Cet appareil
# Ends the session of another device.
account-sessions-end = Déconnecter
account-sessions-end-all-confirm = Vous déconnecter sur tous les appareils, y compris celui-ci ?
account-sessions-revoke-tokens = Révoquer aussi mes jetons d’API
account-sessions-end-all = Se déconnecter partout
account-devices-kind-app = Application
account-devices-name = Nom de cet appareil
account-devices-rename = Renommer
account-devices-allowed = Appareils permis à la fois par votre offre : { $count }
account-screens = En cours de lecture
account-screens-none = Rien n’est en cours de lecture sur ce compte.
account-screens-item = Lecture
account-screens-since = Depuis
account-screens-unavailable = un contenu qui n’est plus disponible
account-screens-stop = Arrêter
account-screens-allowed = Écrans permis à la fois par votre offre : { $count }

## Two-factor sign-in

account-totp = Connexion en deux étapes
account-totp-add-key = Ajoutez cette clé à votre application d’authentification (ou ouvrez le lien sur votre téléphone), puis saisissez le code qu’elle affiche.
account-totp-open-app = Ouvrir dans l’application d’authentification
account-totp-code = Code de l’application
account-totp-turn-on = Activer
account-totp-on = Activée : la connexion demande un code de votre application d’authentification après celui reçu par e-mail ou SMS.
account-totp-recovery-codes = Vos codes de secours. Conservez-les en lieu sûr : chacun vous connecte une fois à la place de l’application, et ils ne seront plus affichés.
# Followed by the number left.
account-totp-recovery-left = Codes de secours restants :
account-totp-recovery-current = Code actuel de l’application, pour obtenir de nouveaux codes de secours
account-totp-new-recovery-codes = Générer de nouveaux codes de secours
account-totp-move-current = Code actuel (ou code de secours), pour passer à une nouvelle application
account-totp-move = Utiliser une nouvelle application
account-totp-off = Désactivée. Une fois activée, la connexion demande aussi un code d’une application d’authentification.
account-totp-set-up = Configurer la connexion en deux étapes

## API tokens

account-tokens = Jetons d’API
# Followed by the command "reel ingest".
account-tokens-for-scripts = Pour les scripts et
account-tokens-acts-as-you = Un jeton agit en votre nom, avec les autorisations que vous lui donnez.
# Followed by a link, account-tokens-reference-link.
account-tokens-reference = Ce qu’il permet de faire :
account-tokens-reference-link = la référence de l’API
# Followed by a link, account-tokens-webhooks-link.
account-tokens-webhooks = Pour que vos propres systèmes soient prévenus quand vos vidéos sont mises en ligne, prêtes ou en échec :
account-tokens-webhooks-link = webhooks
# $name: the name the token was given.
account-token-created = Jeton « { $name } » créé. Copiez-le maintenant : il ne sera plus affiché.
account-token-name = Nom
account-token-name-example = p. ex. envois depuis le portable
account-token-permissions = Autorisations
account-token-created-at = Créé
account-token-last-used = Dernière utilisation
account-token-expires = Expiration
# In the "Last used" column.
account-token-never-used = jamais
# In the "Expires" column.
account-token-never-expires = jamais
# In the "Expires" column, before the date it expired.
account-token-expired = expiré le
account-token-revoke-confirm = Révoquer « { $name } » ? Les scripts qui l’utilisent cesseront de fonctionner.
account-token-revoke = Révoquer
# What each permission (read, account, upload, admin: names kept as they are) allows.
account-scope-read = regarder, lister et rechercher.
account-scope-account = modifier votre propre compte — profil, profils de spectateurs, playlists, historique, abonnements, notifications, jetons — et télécharger son export.
account-scope-upload = mettre en ligne et gérer vos contenus et votre chaîne.
account-scope-admin = administrer l’installation.
account-token-expires-never = Jamais (jusqu’à révocation)
account-token-expires-in-days = { $n ->
    [one] Dans { $n } jour
   *[other] Dans { $n } jours
}
account-token-expires-in-a-year = Dans un an
account-token-create = Créer le jeton

## The account's data, and deleting it

account-data = Vos données
account-data-export = Téléchargez tout ce que { $site } conserve à votre sujet : vos profils, ce que vous avez regardé, vos abonnements, formules et playlists, vos contenus et les liens vers leurs fichiers d’origine.
account-data-download = Télécharger vos données
account-delete = Supprimer votre compte
account-delete-what = Vous êtes déconnecté partout à la fois ; vos contenus, envois, historique et tout le reste vous concernant sont ensuite supprimés définitivement.
account-delete-code-first = Pour s’assurer que c’est bien vous, { $site } envoie d’abord à votre adresse un code de suppression du compte. Il ne fonctionne qu’ici, dans cette session.
account-delete-start = Supprimer mon compte…
account-delete-code-sent = Nous avons envoyé à votre adresse un code de suppression du compte (un code de connexion ne fonctionne pas ici).
account-delete-code = Le code envoyé
account-delete-totp = Un code de votre application d’authentification, ou un code de secours
# $word: the word to type, DELETE, which stays as it is.
account-delete-confirm = Saisissez { $word } pour confirmer
account-delete-submit = Supprimer mon compte
account-delete-keep = Conserver mon compte

## Public profile and preferences (/account/profile)

account-profile-title = Profil public et préférences
account-profile-back = Retour à votre compte
account-profile-see-channel = Voir votre chaîne
account-profile-picture = Photo
account-profile-picture-alt = Votre photo
account-profile-no-picture = Pas encore de photo.
# Followed by the reason.
account-profile-picture-refused = Votre dernière photo n’a pas pu être utilisée :
# $mb: the largest file allowed, in megabytes.
account-profile-picture-file = Une image PNG, JPEG, WebP ou GIF, de { $mb } Mo au plus. { $site } en tire une petite image carrée.
account-profile-picture-upload = Envoyer la photo
account-profile-picture-remove = Retirer la photo
account-profile-watermark = Filigrane
account-profile-watermark-channel = Vos vidéos portent votre logo, incrusté dans chaque qualité au même endroit. Un changement s’applique aux vidéos traitées à partir de ce moment.
account-profile-watermark-site = Vos vidéos portent le logo du site tant que vous n’envoyez pas le vôtre, incrusté dans chaque qualité au même endroit. Un changement s’applique aux vidéos traitées à partir de ce moment.
account-profile-watermark-none = Vos vidéos ne portent aucun logo tant que vous n’en envoyez pas un, incrusté dans chaque qualité au même endroit. Un changement s’applique aux vidéos traitées à partir de ce moment.
account-profile-logo-alt = Votre logo
# Followed by the reason.
account-profile-logo-refused = Votre dernier logo n’a pas pu être utilisé :
account-profile-logo-file = Logo : une image PNG (idéalement avec transparence), JPEG, WebP ou GIF
account-profile-logo-upload = Envoyer le logo
account-profile-corner = Coin
account-profile-corner-top-left = En haut à gauche
account-profile-corner-top-right = En haut à droite
account-profile-corner-bottom-left = En bas à gauche
account-profile-corner-bottom-right = En bas à droite
account-profile-watermark-height = Hauteur, en % de la hauteur de l’image (1 à 50)
account-profile-watermark-margin = Marge par rapport aux bords, en % de la hauteur de l’image (0 à 25)
account-profile-watermark-opacity = Opacité, en % (5 à 100)
account-profile-watermark-save = Enregistrer l’emplacement
account-profile-watermark-reset = Utiliser le filigrane du site
account-profile-public = Ce que montre votre chaîne
account-profile-name = Nom
account-profile-about = À propos
# $n: how many links at most.
account-profile-links = Liens, un par ligne ({ $n } au plus, commençant par https://)
account-profile-save = Enregistrer le profil
account-profile-preferences = Préférences
account-profile-language = Langue de l’interface
# The choice of no language of one's own: the language switch, the browser's or the site's then decides.
account-profile-language-automatic = Automatique (celle de votre navigateur ou du site)
account-profile-quality = Démarrer les vidéos en
account-profile-quality-auto = Qualité automatique
# $quality: a height such as 1080p.
account-profile-quality-at-most = { $quality } ou la plus proche en dessous
account-profile-autoplay-next = Lire automatiquement l’élément suivant d’un album, d’une série ou d’une playlist
account-profile-captions = Activer les sous-titres quand un élément en a
account-profile-preferences-save = Enregistrer les préférences

## Viewer profiles (/profiles)

profiles-title = Qui regarde ?
profiles-in-kids = Vous êtes dans un profil enfant. Le quitter pour un autre profil peut demander le code parental ou le code envoyé au compte.
profiles-kids = Enfant
# For screen readers, after the profile being used.
profiles-current = (actuel)
profiles-manage = Gérer les profils
profiles-manage-hint = Chaque profil a son propre historique, sa liste « Reprendre la lecture » et ses playlists. Un profil enfant ne voit que les contenus classés pour les enfants et ne peut rien modifier.
profiles-max = { $n ->
    [one] Jusqu’à { $n } profil.
   *[other] Jusqu’à { $n } profils.
}
profiles-name = Nom
profiles-colour = Couleur
profiles-colour-teal = Bleu canard
profiles-colour-indigo = Indigo
profiles-colour-amber = Ambre
profiles-colour-rose = Rose
profiles-colour-green = Vert
profiles-colour-slate = Ardoise
profiles-kids-profile = Profil enfant
# $name: the profile's name.
profiles-save = Enregistrer { $name }
profiles-remove-confirm = Supprimer { $name } ? Son historique et ses playlists seront supprimés avec lui.
profiles-remove = Supprimer { $name }
profiles-add-heading = Ajouter un profil
profiles-add = Ajouter le profil
profiles-code-title = Saisissez le code
profiles-code-why = Pour quitter le profil enfant, saisissez le code de connexion que nous venons d’envoyer à l’adresse du compte.
profiles-code = Code
profiles-code-continue = Continuer
profiles-code-back = Retour aux profils

## Webhooks (/account/webhooks)

webhooks-title = Webhooks
webhooks-endpoint-title = Point de terminaison de webhook
# Followed by the names of the signature headers, kept as they are.
webhooks-intro = { $site } envoie (POST) les événements à ces URL dès qu’ils se produisent, signés selon Standard Webhooks
# Followed by a link, webhooks-intro-reference-link.
webhooks-intro-reference = Les événements et leur contenu :
webhooks-intro-reference-link = la référence de l’API
# Followed by the endpoint's URL.
webhooks-registered = Enregistré :
# Followed by the secret.
webhooks-registered-secret = Son secret de signature, affiché cette seule fois :
webhooks-copy = Copier
webhooks-url = URL
webhooks-events = Événements
webhooks-state = État
webhooks-last-delivered = Dernière livraison
webhooks-enabled = Activé
webhooks-disabled = Désactivé
# In the "Last delivered" column.
webhooks-never-delivered = Jamais
webhooks-none = Aucun point de terminaison pour l’instant.
webhooks-add-heading = Ajouter un point de terminaison
webhooks-description = Description (facultative)
webhooks-secret = Secret de signature (facultatif : un secret est créé pour vous)
webhooks-add = Ajouter le point de terminaison
# $events: the event names, kept as they are.
webhooks-receives = Reçoit { $events }
# $until: a time written the machine way (2026-11-27T10:00:00Z).
webhooks-rotated = Le nouveau secret de signature, affiché cette seule fois. Jusqu’à { $until }, les livraisons sont aussi signées avec l’ancien.
webhooks-previous-secret = Le secret d’avant la dernière rotation signe aussi jusqu’à { $until }.
webhooks-test = Envoyer un événement de test
webhooks-disable = Désactiver
webhooks-enable = Activer
webhooks-rotate = Changer le secret
webhooks-remove = Supprimer
webhooks-deliveries = Livraisons
webhooks-delivery-pending = en attente
webhooks-delivery-delivered = livrée
webhooks-delivery-failed = échouée
# Follows a delivery's state. $at: a time written the machine way.
webhooks-next-attempt = , prochaine tentative à { $at }
webhooks-attempt = Tentative
webhooks-attempt-at = Date
webhooks-attempt-status = Statut
webhooks-attempt-latency = Latence
webhooks-attempt-answer = Réponse
webhooks-no-answer = pas de réponse
webhooks-latency = { $ms } ms
webhooks-payload = Contenu
webhooks-resend = Renvoyer
webhooks-older = Plus anciennes
webhooks-nothing-sent = Rien n’a encore été envoyé.
webhooks-notice-disabled = Le point de terminaison est désactivé : rien ne lui est envoyé tant qu’il n’est pas réactivé.
webhooks-notice-enabled = Le point de terminaison est activé : les nouveaux événements lui sont envoyés.
webhooks-notice-tested = Un événement webhook.test est en route ; il apparaîtra ci-dessous dans un instant.
webhooks-notice-resent = La livraison est renvoyée ; sa nouvelle tentative apparaîtra ci-dessous dans un instant.
webhooks-notice-removed = Le point de terminaison et ses livraisons ont été supprimés.

## What each event means (the names, such as video.ready, are kept as they are)

webhooks-event-video-uploaded = Le fichier d’un contenu est stocké et en attente de traitement.
webhooks-event-video-playable = Les premiers segments de chaque rendu existent : le contenu peut être regardé pendant que le reste est produit.
webhooks-event-video-ready = Toutes les sorties du contenu sont écrites et publiées.
webhooks-event-video-failed = Le contenu ne peut pas être traité ; `error` indique pourquoi.
webhooks-event-video-deleted = Le contenu a été supprimé, avec tout ce qui en a été produit.
webhooks-event-video-taken-down = Un modérateur a retiré le contenu : il reste stocké, visible de son propriétaire et des modérateurs seuls ; `takedown_reason` indique pourquoi.
webhooks-event-video-restored = Un modérateur a rétabli un contenu retiré.
webhooks-event-comment-created = Un membre a commenté un contenu, ou répondu à un commentaire sur celui-ci.
webhooks-event-upload-expired = Un envoi inachevé (tus ou direct) a dépassé son échéance et a été supprimé.
webhooks-event-account-created = Un compte a été créé (par inscription, ou avec `reel user create`).
webhooks-event-account-role-changed = Un administrateur a changé le rôle d’un compte.
webhooks-event-account-disabled = Un compte a été désactivé : ses sessions ont pris fin et ses jetons ne fonctionnent plus.
webhooks-event-account-enabled = Un compte désactivé a été réactivé.
webhooks-event-account-deleted = Un compte a demandé sa suppression ; ses données sont en cours d’effacement.
webhooks-event-account-suspended = Un modérateur a suspendu un compte jusqu’à `until` : il ne peut ni se connecter ni utiliser ses sessions et jetons.
webhooks-event-report-created = Un membre a signalé un contenu, un commentaire ou un compte, ou un propriétaire a contesté un retrait.

profiles-locked = Code
profiles-pin-title = Saisissez le code
profiles-pin-why = Ce profil est verrouillé. Saisissez son code, ou le code parental du compte.
profiles-pin-why-kids = Pour quitter le profil enfant, saisissez le code parental du compte.
profiles-pin = Code (quatre chiffres)
profiles-pin-new = Nouveau code pour { $name }
profiles-pin-lock = Verrouiller { $name } avec ce code
profiles-pin-change = Changer le code de { $name }
profiles-pin-remove = Retirer le code de { $name }
profiles-parental-heading = Code parental
profiles-parental-on = Le code parental est défini : quitter un profil enfant le demande, et il ouvre tout profil verrouillé.
profiles-parental-off = Avec un code parental, quitter un profil enfant le demande au lieu d’un code envoyé à l’adresse du compte.
profiles-parental-new = Code parental (quatre chiffres)
profiles-parental-set = Définir le code parental
profiles-parental-change = Changer le code parental
profiles-parental-remove = Retirer le code parental
