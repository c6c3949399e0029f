# What Reel emails and texts to people. See the English file.

## A sign-in code, by email or text message

email-code-subject = Votre code de connexion { $site } : { $code }
email-code-text = Votre code de connexion { $site } est { $code }.
    Il est valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Si vous ne l'avez pas demandé, ignorez ce message.

## The code that deletes an account

email-delete-code-subject = Votre code pour supprimer votre compte { $site } : { $code }
email-delete-code-text = Votre code est { $code } : il supprime votre compte { $site }.
    Il est valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, seulement là où vous avez demandé la suppression du compte, et il ne vous connecte pas. Si vous ne l'avez pas demandé, ne le donnez à personne : quelqu'un de connecté à votre compte l'a demandé.

## New items from followed channels

email-digest-subject-one = Nouveau chez { $channel } : { $title }
email-digest-subject-many = { $n } nouveaux éléments des chaînes que vous suivez
email-digest-intro = Les chaînes que vous suivez sur { $site } ont publié :
email-digest-item = { $channel } — { $title }
email-digest-a-channel = Une chaîne
email-digest-stop = Pour ne plus recevoir ces e-mails, ouvrez ce lien (sans avoir à vous connecter) :

## Moderators' decisions about a person's item or account

email-takedown-subject = Votre élément a été retiré
email-takedown-text = Un modérateur a retiré « { $title } » : { $reason }

    Il reste stocké, mais personne ne peut le trouver ni le regarder. Vous pouvez contester ce retrait une fois, sur { $link }
email-restored-subject = Votre élément a été rétabli
email-restored-text = Un modérateur a rétabli « { $title } » : il peut de nouveau être trouvé et regardé : { $link }
email-suspended-subject = Votre compte est suspendu
email-suspended-text = Un modérateur a suspendu votre compte jusqu'au { $until } : { $reason }

    D'ici là, vous ne pouvez pas vous connecter.

## A webhook endpoint turned off

email-webhook-disabled-subject = [{ $site }] Un point de terminaison de webhook a été désactivé
email-webhook-disabled-text = { $site } a cessé d'envoyer des événements à { $url } : aucun envoi n'a abouti pendant { $period } (dernière tentative : { $answered }).

    Ses envois peuvent être renvoyés, et il peut être réactivé, sur { $link }
email-period-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
email-period-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
email-period-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}

alarm-email-subject = [{ $site }] { $state } { $name } : { $summary }
alarm-email-state-firing = DÉCLENCHÉE
alarm-email-state-resolved = RÉSOLUE
alarm-email-text = { $summary }.

    { $name } est « { $state } » depuis le { $since } : { $detail }.

    La page de santé montre toutes les alarmes : { $link }
