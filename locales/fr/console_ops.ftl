# Les rubriques de la console : boîte d’envoi, personnes et journal d’audit.
console-filter-button = Afficher

## Boîte d’envoi
console-outbox-title = Boîte d’envoi
console-outbox-caption = E-mails, les plus récents d’abord : { $status }
console-outbox-empty = Aucun e-mail n’a ce statut.
console-outbox-status = Statut
console-outbox-status-all = tous
console-outbox-status-pending = en attente d’envoi
console-outbox-status-sent = envoyé
console-outbox-status-failed = en échec
console-outbox-recipient = Destinataire
console-outbox-subject = Objet
console-outbox-kind = Type
console-outbox-attempts = Tentatives
console-outbox-last-error = Dernière erreur
console-outbox-queued = Mis en file
console-outbox-sent = Envoyé
console-outbox-action = Action
console-outbox-retry = Réessayer
console-outbox-retry-to = l’e-mail à { $recipient }
console-outbox-retried = L’e-mail est de nouveau en file d’attente et partira sous peu.

## Personnes
console-people-title = Personnes
console-people-email-hint = Tout ce qui est conservé sur cette adresse s’affiche : abonnements, inscriptions, invitations et e-mails.
console-people-lookup-button = Rechercher
console-people-found = Données conservées sur { $email }
console-people-nothing = Rien n’est conservé sur cette adresse.
console-people-subscriptions = Abonnements à la lettre d’information
console-people-registrations = Inscriptions
console-people-invitations = Invitations
console-people-mails = E-mails
console-people-state = État
console-people-topics = Thèmes
console-people-language = Langue
console-people-since = Depuis
console-people-consents = Preuves de consentement
console-people-event = Événement
console-people-organisation = Organisation
console-people-invited = Invitation
console-people-declined = Refusée
console-people-subscription-unconfirmed = pas encore confirmé
console-people-subscription-confirmed = confirmé
console-people-subscription-unsubscribed = désabonné
console-people-download = Télécharger l’export (JSON)
console-people-erase-link = Effacer tout ce qui est conservé sur cette adresse
console-people-erase-title = Effacer les données d’une personne
console-people-erase-intro = Cette action efface tout ce qui est conservé sur { $email } :
console-people-erase-subscriptions = Abonnements à la lettre d’information, supprimés avec leurs preuves de consentement : { $count }
console-people-erase-registrations = Inscriptions, conservées sans données personnelles (une place occupée est libérée) : { $count }
console-people-erase-invitations = Invitations, conservées sans données personnelles : { $count }
console-people-erase-mails = E-mails, ceux pas encore envoyés supprimés, les autres conservés sans destinataire ni contenu : { $count }
console-people-erase-warning = Cette action est irréversible. Le journal d’audit note qu’un effacement a eu lieu, mais pas de qui.
console-people-erase-button = Effacer
console-people-erase-cancel = Annuler et revenir
console-people-erased = Tout ce qui était conservé sur l’adresse est effacé :
