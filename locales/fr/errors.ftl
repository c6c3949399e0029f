# What a page says when it cannot do what was asked: the error page, and a form's refusal.
# See the English file for how a refusal finds its message.

## The error page

error-page-title = { $status } { $reason }
error-page-home = Retour à l'accueil

## Any refusal, by its HTTP status

error-status-400 = Quelque chose ne va pas dans ce qui a été envoyé ; vérifiez et réessayez.
    .reason = Requête incorrecte
error-status-401 = Connectez-vous pour voir cette page.
    .reason = Non authentifié
error-status-403 = Vous ne pouvez pas voir ceci ni faire cela.
    .reason = Accès refusé
error-status-404 = Il n'y a rien ici.
    .reason = Introuvable
error-status-405 = Cette page ne s'utilise pas ainsi.
    .reason = Méthode non autorisée
error-status-408 = La requête a pris trop de temps.
    .reason = Délai dépassé
error-status-409 = Ce n'est pas possible dans l'état actuel des choses.
    .reason = Conflit
error-status-410 = Ceci n'existe plus.
    .reason = Disparu
error-status-412 = Il manque à la requête quelque chose dont elle a besoin.
    .reason = Condition préalable non remplie
error-status-413 = Ce qui a été envoyé est trop volumineux.
    .reason = Contenu trop volumineux
error-status-415 = Ce type de fichier ou de formulaire ne peut pas être lu ici.
    .reason = Type de contenu non pris en charge
error-status-422 = Ce qui a été envoyé ne peut pas être utilisé.
    .reason = Contenu inutilisable
error-status-423 = Ceci est occupé ; réessayez dans un instant.
    .reason = Verrouillé
error-status-429 = Trop de requêtes ; réessayez plus tard.
    .reason = Trop de requêtes
error-status-500 = Un problème est survenu de notre côté ; réessayez plus tard.
    .reason = Erreur interne du serveur
error-status-501 = Ce site ne fait pas cela.
    .reason = Non pris en charge
error-status-502 = Un service dont ce site dépend n'a pas répondu correctement ; réessayez plus tard.
    .reason = Mauvaise passerelle
error-status-503 = Ce site n'est pas disponible pour le moment ; réessayez sous peu.
    .reason = Service indisponible
error-status-504 = Un service dont ce site dépend n'a pas répondu à temps ; réessayez plus tard.
    .reason = Passerelle hors délai
error-status-other = Un problème est survenu.
    .reason = Erreur

## Refusals by code

error-account-exists = Un compte existe déjà avec cette adresse.
error-account-suspended = Ce compte est suspendu.
error-address-refused = Les requêtes venant de cette adresse ne sont pas acceptées.
error-already-appealed = Un retrait ne peut faire l'objet que d'un seul recours.
error-already-in-playlist = Cet élément est déjà dans cette playlist.
error-already-reported = Vous l'avez déjà signalé ; les modérateurs vont l'examiner.
error-bad-request = Cette requête n'est pas de celles que font les pages de ce site.
error-code-required = Quitter un profil enfant demande le code envoyé au compte.
error-comments-off = Les commentaires de cet élément sont désactivés.
error-database-unavailable = La base de données est indisponible ou surchargée ; réessayez sous peu.
error-delivery-pending = Cet envoi est encore en cours de tentative.
error-edit-window-over = Un commentaire ne peut être modifié que pendant un moment après avoir été écrit.
error-empty-upload = Le fichier est vide.
error-episode-taken = Un autre élément de la série a déjà ces numéros de saison et d'épisode.
error-forbidden = Vous n'avez pas le droit de faire cela.
error-insufficient-scope = Cette connexion ne permet pas de faire cela.
error-internal = Erreur interne.
error-invalid-action = Cette page ne fait pas cela.
error-invalid-audio-track = La langue ou le libellé de la piste ne peut pas être utilisé.
error-invalid-captions = La piste de sous-titres ne peut pas être ajoutée.
error-invalid-chapters = Les chapitres ne peuvent pas être enregistrés tels quels.
error-invalid-code = Le code est erroné.
error-invalid-cursor = Ce lien de page n'a pas été créé par ce site.
error-invalid-days = Une suspension dure un nombre entier de jours, de 1 à 365.
error-invalid-description = Une description fait au plus 200 caractères, sur une seule ligne.
error-invalid-events = Choisissez au moins un des types d'événements qu'envoie ce site.
error-invalid-expiry = Un lien ou un jeton ne peut pas avoir cette durée de validité.
error-invalid-filter = L'un des filtres ne peut pas être utilisé.
error-invalid-form = Le formulaire n'a pas pu être lu.
error-invalid-image = Une image doit être au format PNG, JPEG, WebP ou GIF.
error-invalid-language = Cette langue n'est pas proposée sur ce site.
error-invalid-link = Ce lien n'est pas valide ou a expiré ; connectez-vous pour modifier vos réglages d'e-mail.
error-invalid-metadata = L'une des informations ne peut pas être utilisée telle quelle.
error-invalid-month = Ce mois ne peut pas être utilisé.
error-invalid-name = Ce nom ne peut pas être utilisé.
error-invalid-origin = Ce n'est pas une origine (schéma://hôte ou schéma://hôte:port, rien après).
error-invalid-overlap = L'ancien secret peut rester valable 7 jours au plus.
error-invalid-periods = Le nombre de périodes doit être un nombre entier.
error-invalid-plan = L'offre ne peut pas être enregistrée telle quelle.
error-invalid-preferences = Ces réglages ne peuvent pas être enregistrés tels quels.
error-invalid-profile = Le profil ne peut pas être enregistré tel quel.
error-invalid-range = Cette période ne peut pas être affichée.
error-invalid-ranking = Le classement se fait par vues ou par durée de visionnage.
error-invalid-scope = Choisissez des permissions que ce compte peut donner à un jeton.
error-invalid-search = Une recherche fait au plus 200 caractères.
error-invalid-secret = Un secret s'écrit whsec_ suivi du base64 de 24 à 64 octets aléatoires.
error-invalid-start = Le début doit être un moment de l'élément, en secondes.
error-invalid-text = Ce texte ne peut pas être utilisé tel quel.
error-invalid-theme = Le thème doit être système, clair ou sombre.
error-invalid-url = Cette adresse web ne peut pas être utilisée.
error-invalid-visibility = Ce site ne connaît pas cette visibilité.
error-invalid-watermark = L'emplacement du filigrane sort des limites permises.
error-last-word = Un administrateur ne peut pas se rétrograder ni se désactiver lui-même.
error-link-expired = Ce lien de partage a expiré. Demandez-en un nouveau à la personne qui vous l'a envoyé.
error-main-profile = Le profil principal du compte ne peut pas être supprimé.
error-missing-address = Un compte a besoin d'une adresse e-mail ou d'un numéro de téléphone.
error-missing-attempt = Cette demande de code a expiré ; demandez un nouveau code.
error-no-address = Le compte n'a aucune adresse à laquelle envoyer un code.
error-no-email = Ce compte n'a pas d'adresse e-mail à laquelle écrire.
error-no-second-factor-owed = Cette session est déjà connectée.
error-not-confirmed = Tapez DELETE pour confirmer.
error-not-failed = Seul un élément dont le traitement a échoué peut être relancé.
error-not-found = Il n'y a rien ici, ou ce n'est pas à vous de le voir.
error-not-kids = Seul un profil enfant demande un code pour en sortir.
error-not-open = C'est déjà clos.
error-not-pinnable = Seul le premier commentaire d'un fil affiché peut être épinglé.
error-not-playable = Un élément en échec ne peut pas être partagé.
error-not-ready = L'élément n'est pas encore prêt.
error-not-retryable = Seule une tâche en échec ou abandonnée peut être relancée.
error-not-suspended = Le compte n'est pas suspendu.
error-not-taken-down = L'élément n'est pas retiré.
error-not-watchable = La vidéo ne peut pas encore être regardée.
error-original-removed = Le fichier d'origine a été supprimé ; cet élément ne peut plus être transcodé.
error-own-account = On ne signale ni ne suspend son propre compte.
error-own-channel = Vous ne pouvez pas vous abonner à votre propre chaîne.
error-own-comment = On ne signale pas son propre commentaire ; modifiez-le ou supprimez-le.
error-own-item = On ne signale pas son propre élément ; modifiez-le ou supprimez-le.
error-plan-exists = Une offre porte déjà ce nom.
error-plan-required = Cet élément demande une offre.
error-too-many-devices = Votre offre ne permet pas d’autre appareil : déconnectez-en un depuis la page du compte sur un autre appareil, puis connectez-vous ici.
error-playlist-full = La playlist est pleine.
error-private-address = Cette adresse est privée ou y mène ; ce serveur n'appelle que des adresses publiques.
error-public-not-allowed = Cette plateforme n'autorise pas les vidéos publiques.
error-rate-limited = Trop de requêtes ; réessayez plus tard.
error-second-factor-required = Saisissez le code de votre application d'authentification.
error-session-only = Un jeton d'API agit au nom du profil pour lequel il a été créé ; connectez-vous pour changer de profil.
error-storage-unavailable = Le stockage d'objets est injoignable ; réessayez sous peu.
error-taken-down = L'élément est déjà retiré.
error-timeout = La requête a pris trop de temps.
error-too-large = L'image est trop volumineuse.
error-too-many-captions = L'élément a déjà autant de pistes de texte que permis.
error-too-many-links = L'élément a déjà autant de liens de partage actifs que permis ; révoquez-en un d'abord.
error-too-many-origins = L'élément indique plus d'origines que permis.
error-too-many-profiles = Le compte a déjà autant de profils que permis.
error-too-many-subscriptions = Le compte suit déjà autant de chaînes que permis.
error-too-many-webhooks = Le compte a déjà autant de points de terminaison que permis ; supprimez-en un d'abord.
error-totp-changed = La connexion en deux étapes vient d'être activée ou reconfigurée ; rechargez la page.
error-totp-off = Les codes de secours vont avec la connexion en deux étapes ; activez-la d'abord.
error-totp-required = Supprimer ce compte demande un code actuel de votre application d'authentification, ou un code de secours.
error-unauthorized = Un jeton d'API ou une session valide est nécessaire.
error-upload-expired = La mise en ligne a expiré.
error-upload-gone = Les données de la mise en ligne ont disparu.
error-upload-in-progress = Les champs du catalogue peuvent être remplis une fois la mise en ligne terminée.
error-upload-too-large = Le fichier est plus volumineux que ce que ce site accepte.
error-webhook-disabled = Le point de terminaison est désactivé ; activez-le d'abord.

## Refusals word for word: what a message is about, put first

error-detail-field = { $detail }
error-detail-line = Ligne { $line } : { $detail }
error-detail-captions-unreadable = Le fichier de sous-titres ne peut pas être lu : { $detail }

## Signing in, the account, profiles and tokens

error-detail-code-expired = Le code est erroné ou a expiré ; demandez-en un nouveau.
error-detail-ask-code-first = Demandez d'abord un code.
error-detail-give-address = Indiquez une adresse e-mail ou un numéro de téléphone.
error-detail-suspended = Ce compte est suspendu jusqu'au { $until } : { $reason }
error-detail-email = Ce n'est pas une adresse e-mail valide.
error-detail-phone = { $detail } Écrivez le numéro au format international, par exemple +33 1 23 45 67 89.
error-detail-phone-long = C'est trop long pour un numéro de téléphone.
error-detail-phone-country = L'indicatif du pays manque.
error-detail-phone-digits = Un numéro de téléphone compte 7 à 15 chiffres après le +.
error-detail-phone-calling-code = Aucun pays n'utilise cet indicatif.
error-detail-phone-north-america = Un numéro nord-américain s'écrit 1 suivi de dix chiffres, par exemple +1 415 555 0123.
error-detail-phone-national = Le numéro qui suit l'indicatif semble écrit au format national (retirez son 0 initial).
error-detail-token-name = Le nom d'un jeton compte de 1 à 100 caractères imprimables.
error-detail-token-lifetime = { $given } n'est pas une durée comprise entre 1 minute et 10 ans (par exemple 30d, 12h, 1y).
error-detail-token-permission = Choisissez au moins une permission pour le jeton.
error-detail-token-scopes = Ce compte peut donner à un jeton ces permissions : { $scopes }.
error-detail-unknown-scope = Permission inconnue : { $given } ; utilisez read, account, upload, moderate ou admin.
error-detail-display-name = Un nom affiché compte de 1 à 80 caractères imprimables.
error-detail-bio-long = Une bio fait au plus { $n } caractères.
error-detail-bio-control = Une bio ne peut pas contenir de caractères de contrôle.
error-detail-links-many = { $n } liens au plus.
error-detail-link = { $given } n'est pas une adresse web (http:// ou https://, { $n } caractères au plus).
error-detail-default-quality = La qualité par défaut est « auto » ou une hauteur comme 720p.
error-detail-profile-name = Un nom de profil compte de 1 à 40 caractères imprimables.
error-detail-avatar-colour = La couleur d'un avatar est l'une de celles-ci : { $colours }.
error-detail-profiles-many = Un compte peut avoir au plus { $n } profils.
error-detail-subscriptions-many = Un compte peut suivre au plus { $n } chaînes.
error-detail-avatar-image = Un avatar doit être une image PNG, JPEG, WebP ou GIF.
error-detail-logo-image = Un logo doit être une image PNG, JPEG, WebP ou GIF.
error-detail-avatar-large = Un avatar fait au plus { $n } Mo.
error-detail-logo-large = Un logo fait au plus { $n } Mo.
error-detail-totp-to-replace = Saisissez un code actuel de votre application d'authentification, ou un code de secours, pour la remplacer.
error-detail-totp-for-recovery = Saisissez un code actuel de votre application d'authentification pour créer de nouveaux codes de secours.
error-detail-signed-in-only = Cela se fait une fois connecté, pas avec un jeton d'API.
error-detail-delete-signed-in = Un compte se supprime depuis une session connectée, pas avec un jeton d'API.
error-detail-token-scopes-lacked = Un jeton ne peut pas avoir de permissions que vous n'avez pas.
error-detail-kids-manage = Un profil enfant ne peut pas gérer le compte ; passez à un autre profil.
error-detail-csrf = Le jeton CSRF manque ou est erroné.
error-detail-own-pages = Ce formulaire doit être envoyé depuis les pages de ce site.
error-detail-permission = Il faut pour cela la permission { $scope }.
error-detail-receipt-link = Ce lien d'accusé de réception n'est pas valide ou a expiré.

## Items: their details, titles and text

error-detail-title-empty = Le titre ne doit pas être vide.
error-detail-title-long = Le titre doit faire au plus { $n } caractères.
error-detail-title-control = Le titre ne doit pas contenir de caractères de contrôle.
error-detail-description-long = La description doit faire au plus { $n } caractères.
error-detail-description-control = La description ne doit pas contenir de caractères de contrôle.
error-detail-text-long = Ce texte doit faire au plus { $n } caractères.
error-detail-text-control = Ce texte ne doit pas contenir de caractères de contrôle.
error-detail-statement-needed = Ce texte est obligatoire.
error-detail-statement-long = Ce texte fait au plus { $n } caractères.
error-detail-statement-control = Ce texte ne doit pas contenir de caractères de contrôle.
error-detail-whole-number = Doit être un nombre entier.
error-detail-at-most-chars = Doit faire au plus { $n } caractères.
error-detail-year = L'année doit être comprise entre { $min } et { $max }.
error-detail-number-range = Ce numéro doit être compris entre 1 et { $max }.
error-detail-kind = { $given } n'est pas l'un de ces genres d'élément : video, film, episode, music, podcast.
error-detail-genre = { $given } n'est pas un genre de ce site (les genres sont : { $genres }).
error-detail-genres-many = Un élément a au plus { $n } genres.
error-detail-rating = { $given } n'est pas une classification de ce site (l'échelle est : { $scale }).
error-detail-language-tag = { $given } n'est pas un code de langue comme en, fr ou pt-BR.
error-detail-tag-long = Un mot-clé fait au plus { $n } caractères.
error-detail-tag-commas = Un mot-clé ne doit contenir ni virgule ni caractère de contrôle.
error-detail-tags-many = Un élément a au plus { $n } mots-clés.
error-detail-credits-many = Au plus { $n } noms par rôle au générique.
error-detail-series-id = { $given } n'est pas un identifiant de série.
error-detail-series-missing = Cette série n'existe pas.
error-detail-series-needed = Un numéro de saison ou d'épisode demande une série.
error-detail-episode-needed = Un épisode de série a besoin de son numéro.
error-detail-unknown = Valeur inconnue : { $given }.
error-detail-comment-empty = Un commentaire a besoin d'un peu de texte.
error-detail-comment-long = Un commentaire fait au plus { $n } caractères.
error-detail-comment-lines = Un commentaire fait au plus { $n } lignes.
error-detail-comment-control = Un commentaire ne doit pas contenir de caractères de contrôle.
error-detail-playlist-full = Une playlist contient au plus { $n } éléments.
error-detail-title-required = Un titre est obligatoire.
error-detail-not-ready-again = Seul un élément prêt peut être transcodé à nouveau.
error-detail-audio-not-ready = Les pistes audio se modifient une fois l'élément prêt.
error-detail-original-removed = Le fichier d'origine a été supprimé par la règle de cycle de vie du stockage le { $when } ; cet élément ne peut plus être transcodé.
error-detail-upload-limit = Le fichier dépasse la limite de { $n } octets.

## Text tracks and chapters

error-detail-label-empty = Le libellé d'une piste ne doit pas être vide.
error-detail-label-long = Le libellé d'une piste fait au plus { $n } caractères.
error-detail-label-characters = Le libellé d'une piste ne peut contenir ni guillemets, ni sauts de ligne, ni caractères de contrôle.
error-detail-caption-kind = Le type { $given } n'est ni subtitles, ni captions, ni descriptions.
error-detail-captions-many = Un élément a au plus { $n } pistes de texte.
error-detail-caption-size = Le fichier dépasse la limite de { $size }.
error-detail-caption-nul = Le fichier contient un octet NUL ; ce n'est pas un fichier texte.
error-detail-caption-no-cues = Le fichier ne contient aucun sous-titre.
error-detail-caption-cues-many = Le fichier contient plus de { $n } sous-titres, le maximum permis.
error-detail-caption-timing = Ce n'est pas une ligne de minutage : { $line }
error-detail-caption-ends-at-start = Le sous-titre finit là où il commence ({ $at }).
error-detail-caption-ends-before = Le sous-titre finit ({ $end }) avant de commencer ({ $start }).
error-detail-caption-sixty = Les minutes et les secondes doivent être inférieures à 60 : { $given }
error-detail-chapter-empty = Le titre d'un chapitre ne doit pas être vide.
error-detail-chapter-long = Le titre d'un chapitre fait au plus { $n } caractères.
error-detail-chapter-control = Le titre d'un chapitre ne peut pas contenir de caractères de contrôle.
error-detail-chapters-many = Un élément a au plus { $n } chapitres.
error-detail-chapters-many-not = Un élément a au plus { $n } chapitres, et non { $count }.
error-detail-chapters-same-start = Les chapitres { $first } et { $second } commencent tous deux à { $at }.
error-detail-chapter-after-end = Le chapitre { $title } commence à { $at }, mais l'élément se termine à { $end }.
error-detail-chapter-time = { $given } n'est pas un temps comme 1:23 ou 1:02:03.

## Sharing and embedding

error-detail-share-expiry = La durée de validité va de 1 à { $max } secondes.
error-detail-share-plan = Un élément qui demande une offre ne peut pas être partagé par lien.
error-detail-share-links-many = Un élément peut avoir { $n } liens de partage actifs ; révoquez-en un d'abord.
error-detail-share-off = Les liens de partage sont désactivés sur ce site.
error-detail-origins-many = Un élément peut indiquer au plus { $n } origines.
error-detail-origin = { $given } n'est pas une origine (schéma://hôte ou schéma://hôte:port, rien après).
error-detail-plan-required = Cet élément demande l'offre « { $plan } ».

## Webhooks

error-detail-url-long = L'URL dépasse 2048 caractères.
error-detail-url-not = Ce n'est pas une URL.
error-detail-url-scheme = L'URL doit commencer par https:// ou http://.
error-detail-url-credentials = L'URL ne doit contenir ni nom d'utilisateur ni mot de passe ; vérifiez plutôt la signature.
error-detail-url-host = L'URL n'a pas d'hôte.
error-detail-url-resolve = { $host } ne se résout pas.
error-detail-url-private = { $host } est une adresse privée ou y mène ; ce serveur n'appelle que des adresses publiques.
error-detail-url-nul = Une URL ne peut pas contenir d'octet NUL (%00).
error-detail-events-none = Indiquez au moins un type d'événement.
error-detail-events-unknown = { $given } n'est pas un type d'événement ; les types sont : { $events }.
error-detail-events-admin = Seuls les administrateurs peuvent recevoir { $event }.
error-detail-webhooks-many = Un compte peut enregistrer { $n } points de terminaison ; supprimez-en un d'abord.
error-detail-overlap = Le chevauchement dure au plus { $n } secondes (7 jours).

## Who may do what

error-detail-video-owner = Seuls le créateur de la vidéo et les administrateurs peuvent la modifier.
error-detail-series-owner = Seuls le propriétaire de la série et les administrateurs peuvent y ajouter des épisodes.
error-detail-shelf-owner = Seuls son propriétaire et les administrateurs peuvent la modifier.
error-detail-comments-site-off = Les commentaires sont désactivés sur ce site.
error-detail-comments-item-off = Le propriétaire de l'élément en a désactivé les commentaires.
error-detail-comment-writer = Seul son auteur peut modifier un commentaire.
error-detail-comment-deleter = Seuls son auteur et les administrateurs peuvent supprimer un commentaire.
error-detail-comment-pin = Seuls le propriétaire de l'élément et les administrateurs peuvent épingler ou masquer ses commentaires.
error-detail-comment-no-replies = Ce commentaire n'accepte pas de réponses.
error-detail-comment-unwatchable = On peut commenter un élément une fois qu'il peut être regardé.
error-detail-suspend-who = Les administrateurs ne sont pas suspendus, et les modérateurs ne le sont que par un administrateur.
error-detail-suspend-own = On ne suspend pas son propre compte.
error-detail-item-staff = Sur le contenu d'un administrateur ou d'un autre modérateur, seul un administrateur peut agir.
error-detail-item-delete-admin = Seul un administrateur supprime définitivement un contenu ; un modérateur le retire.
error-detail-comment-staff = Sur le commentaire d'un administrateur ou d'un autre modérateur, seul un administrateur peut agir.
error-detail-suspend-unreported = Un modérateur suspend un compte lorsque ce compte, ou l'un de ses contenus ou commentaires, est signalé.
error-detail-report-own-account = On ne signale pas son propre compte.
error-detail-report-resolved = Le signalement a déjà été traité.
error-detail-appeal-owner = Seul le propriétaire de l'élément peut contester son retrait.
error-detail-watermark-own = Ce site ne permet pas aux chaînes de choisir leur propre filigrane.
error-detail-analytics = Les statistiques sont réservées aux créateurs et aux administrateurs.
error-detail-watermark-margin = La marge du filigrane doit être comprise entre 0 et 0,25 de la hauteur de l'image.
error-detail-watermark-height = La hauteur du filigrane doit être comprise entre 0,01 et 0,5 de la hauteur de l'image.
error-detail-watermark-opacity = L'opacité du filigrane doit être comprise entre 0,05 et 1.

## Plans

error-detail-plan-name = Le nom compte de 1 à 60 caractères imprimables.
error-detail-plan-currency = La devise est un code ISO 4217 de trois lettres, comme EUR ou USD.
error-detail-plan-price-minor = Le prix est un nombre entier de centimes, de 0 à 100000000.
error-detail-plan-price = Le prix est un montant comme 9.99.
error-detail-plan-description = La description fait au plus 500 caractères.
error-detail-plan-period = La période est un mois ou une année.
error-detail-periods = Doit être un nombre entier.
error-detail-periods-range = Doit être un nombre entier de 1 à { $max }.

## Moderation and the admin pages

error-detail-suspension-days = Une suspension dure de 1 à { $max } jours.
error-detail-action-report = Cette action ne correspond pas à l'objet du signalement.
error-detail-action-move = L'action est monter, descendre ou retirer.
error-detail-action-subscribe = L'action est s'abonner ou se désabonner.
error-detail-month = { $given } n'est pas un mois : écrivez-le sous la forme AAAA-MM.
error-detail-month-future = { $month } n'a pas encore commencé.

## What was not found

error-detail-not-found-video = Vidéo introuvable.
error-detail-not-found-item = Élément introuvable.
error-detail-not-found-page = Page introuvable.
error-detail-not-found-channel = Chaîne introuvable.
error-detail-not-found-comment = Commentaire introuvable.
error-detail-not-found-account = Compte introuvable.
error-detail-not-found-user = Utilisateur introuvable.
error-detail-not-found-playlist = Playlist introuvable.
error-detail-not-found-series = Série introuvable.
error-detail-not-found-profile = Profil introuvable.
error-detail-not-found-report = Signalement introuvable.
error-detail-not-found-plan = Offre introuvable.
error-detail-not-found-token = Jeton introuvable.
error-detail-not-found-session = Session introuvable.
error-detail-not-found-caption = Piste de sous-titres introuvable.
error-detail-not-found-audio = Piste audio introuvable.
error-detail-not-found-webhook = Webhook introuvable.
error-detail-not-found-delivery = Envoi introuvable.
error-detail-not-found-share = Lien de partage introuvable.
error-detail-not-found-upload = Mise en ligne introuvable.
error-detail-not-found-file = Fichier introuvable.
error-detail-not-found-episode = Épisode introuvable.
error-detail-not-found-artist = Artiste introuvable.
error-detail-not-found-album = Album introuvable.
error-detail-not-found-history = Entrée d'historique introuvable.
error-detail-not-found-avatar = Avatar introuvable.
error-detail-not-found-logo = Logo introuvable.
error-detail-not-found-device = Appareil introuvable.

error-not-yet-available = Cet élément n’est pas encore disponible.
error-no-longer-available = Cet élément n’est plus disponible.
error-not-available-here = Cet élément n’est pas disponible dans votre pays.
error-no-geo-database = Un élément ne peut être limité à certains pays que si l’opérateur a fourni une base de pays ([geo] database).
error-invalid-availability = Les dates ou les pays de disponibilité de cet élément ne sont pas valides.
error-detail-coming = Cet élément est disponible à partir du { $when }.
error-detail-left = Cet élément n’est plus disponible depuis le { $when }.
error-detail-window-order = La fin de disponibilité doit venir après son début.
error-detail-allow-empty = Une liste de pays autorisés doit en nommer au moins un.

error-pin-required = Il faut un code.
error-wrong-pin = Ce code n’est pas le bon.
error-too-many-pins = Trop de codes ont été essayés sur ce compte ; réessayez plus tard.
error-invalid-pin = Un code compte exactement quatre chiffres.
error-detail-pin-profile-only = Le code d’un profil se définit depuis ce profil ou depuis le profil principal du compte.
error-detail-pin-parental-main = Le code parental se définit depuis le profil principal du compte.
