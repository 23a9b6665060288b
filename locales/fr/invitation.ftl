invitation-seats-left =
    { $seats ->
        [one] Il reste { $seats } place.
       *[other] Il reste { $seats } places.
    }
invitation-seats-waitlist = Toutes les places sont prises ; en vous inscrivant, vous rejoignez la liste d’attente.
invitation-follow-up-subject = Rappel : invitation :
invitation-follow-up-intro = nous souhaitons vous rappeler notre invitation.
invitation-closes-on = Les inscriptions ferment le { $date }.
invitation-decline-note = Vous ne pouvez pas participer ? Dites-le-nous et nous ne vous relancerons plus :
invitation-decline-button = Décliner
invitation-unsubscribe-note = Vous recevez cette invitation en tant qu’abonné à notre lettre d’information.
invitation-unsubscribe = Se désabonner
invitation-page-register-text = Vos coordonnées sont pré-remplies. Vérifiez-les et inscrivez-vous.
invitation-label-name = Nom
invitation-label-email = Courriel
invitation-email-note = Avec une autre adresse, vous recevrez d’abord un courriel de confirmation.
invitation-label-organisation = Organisation
invitation-organisation-type-municipality = Collectivité locale
invitation-organisation-type-ministry = Ministère
invitation-organisation-type-agency = Agence publique
invitation-organisation-type-ngo = Organisation non gouvernementale
invitation-organisation-type-academia = Université ou recherche
invitation-organisation-type-business = Entreprise
invitation-organisation-type-other = Autre
invitation-label-organisation-type = Type d’organisation
invitation-label-country = Pays
# The language's own name, offered where a reader chooses the language of their mails.
invitation-language-name = Français
invitation-label-language = Langue des courriels
invitation-consent = J’accepte le traitement de mes données pour cet événement.
invitation-page-decline-text = Souhaitez-vous décliner l’invitation ?
invitation-page-declined = Merci de nous avoir prévenus. Nous ne vous relancerons plus pour cet événement.
invitation-page-check-inbox = Veuillez consulter votre boîte de réception : nous vous avons envoyé un lien de confirmation.
