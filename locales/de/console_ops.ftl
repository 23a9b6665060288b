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
