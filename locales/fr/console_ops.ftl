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
