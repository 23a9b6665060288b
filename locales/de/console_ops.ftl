# Die Bereiche Postausgang, Personen und Protokoll der Konsole.
console-filter-button = Anzeigen

## Postausgang
console-outbox-title = Postausgang
console-outbox-caption = E-Mails, neueste zuerst: { $status }
console-outbox-empty = Es gibt keine E-Mails mit diesem Status.
console-outbox-status = Status
console-outbox-status-all = alle
console-outbox-status-pending = wartet auf Versand
console-outbox-status-sent = gesendet
console-outbox-status-failed = fehlgeschlagen
console-outbox-recipient = Empfänger
console-outbox-subject = Betreff
console-outbox-kind = Art
console-outbox-attempts = Versuche
console-outbox-last-error = Letzter Fehler
console-outbox-queued = Eingereiht
console-outbox-sent = Gesendet
console-outbox-action = Aktion
console-outbox-retry = Erneut senden
console-outbox-retry-to = die E-Mail an { $recipient }
console-outbox-retried = Die E-Mail ist wieder eingereiht und wird in Kürze gesendet.

## Personen
console-people-title = Personen
console-people-email-hint = Angezeigt wird alles, was zu dieser Adresse gespeichert ist: Abonnements, Anmeldungen, Einladungen und E-Mails.
console-people-lookup-button = Nachschlagen
console-people-found = Gespeichert zu { $email }
console-people-nothing = Zu dieser Adresse ist nichts gespeichert.
console-people-subscriptions = Newsletter-Abonnements
console-people-registrations = Anmeldungen
console-people-invitations = Einladungen
console-people-mails = E-Mails
console-people-state = Stand
console-people-topics = Themen
console-people-language = Sprache
console-people-since = Seit
console-people-consents = Einwilligungsnachweise
console-people-event = Veranstaltung
console-people-organisation = Organisation
console-people-invited = Eingeladen
console-people-declined = Abgesagt
console-people-subscription-unconfirmed = noch nicht bestätigt
console-people-subscription-confirmed = bestätigt
console-people-subscription-unsubscribed = abgemeldet
console-people-download = Export herunterladen (JSON)
console-people-erase-link = Alles zu dieser Adresse löschen
console-people-erase-title = Daten einer Person löschen
console-people-erase-intro = Damit wird alles gelöscht, was zu { $email } gespeichert ist:
console-people-erase-subscriptions = Newsletter-Abonnements, gelöscht samt Einwilligungsnachweisen: { $count }
console-people-erase-registrations = Anmeldungen, behalten ohne personenbezogene Daten (ein belegter Platz wird frei): { $count }
console-people-erase-invitations = Einladungen, behalten ohne personenbezogene Daten: { $count }
console-people-erase-mails = E-Mails, noch nicht gesendete gelöscht, die übrigen ohne Empfänger und Inhalt behalten: { $count }
console-people-erase-warning = Das lässt sich nicht rückgängig machen. Das Protokoll vermerkt, dass gelöscht wurde, aber nicht, wessen Daten.
console-people-erase-button = Löschen
console-people-erase-cancel = Abbrechen und zurück
console-people-erased = Alles zu der Adresse ist gelöscht:
