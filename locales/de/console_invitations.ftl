# Die Einladungen einer Veranstaltung in der Konsole: Tabelle, Formular mit Vorschau, Nachfassen.
console-invitations-link = Einladungen
console-invitations-of = Einladungen: { $event }
console-invitations-caption = Einladungen in der Reihenfolge ihres Versands
console-invitations-none = Keine Einladungen mit diesem Status.
console-invitation-sent = gesendet, noch keine Antwort
console-invitation-registered = angemeldet
console-invitation-declined = abgesagt
console-invitation-failed = nicht zustellbar
console-invitation-language = Sprache der E-Mails
console-invitation-source = Eingeladen als
console-invitation-source-subscriber = Newsletter-Abonnent*in
console-invitation-source-invitee = namentlich Eingeladene*r
console-invitation-invited = Eingeladen
console-invitation-followed-up = Erinnerung gesendet
console-invitations-sent = { $count ->
    [0] Niemand Neues ist eingeladen
    [one] Eine Person ist eingeladen
   *[other] { $count } Personen sind eingeladen
}; { $skipped ->
    [0] niemand wurde ausgelassen.
    [one] eine Adresse wurde ausgelassen.
   *[other] { $skipped } Adressen wurden ausgelassen.
} Newsletter-Abonnent*innen erhalten ihre E-Mails im Hintergrund.
console-invite-link = Personen einladen
console-back-to-invitations = Zurück zu den Einladungen
console-follow-up-link = { $count ->
    [one] Erinnerung an die eine eingeladene Person senden, die noch nicht geantwortet hat
   *[other] Erinnerung an die { $count } Eingeladenen senden, die noch nicht geantwortet haben
}
console-follow-up-title = Erinnerung: { $event }
console-follow-up-explains = { $count ->
    [0] Niemand wartet auf eine Erinnerung: Alle Eingeladenen haben geantwortet oder schon eine erhalten.
    [one] Eine eingeladene Person, die sich weder angemeldet noch abgesagt hat, erhält die einmalige Erinnerung, dass die Anmeldung bald schließt. Niemand erhält sie zweimal.
   *[other] { $count } Eingeladene, die sich weder angemeldet noch abgesagt haben, erhalten die einmalige Erinnerung, dass die Anmeldung bald schließt. Niemand erhält sie zweimal.
}
console-follow-up-button = Erinnerung senden
console-follow-up-sent = { $count ->
    [0] Niemand wartete auf die Erinnerung.
    [one] Die Erinnerung ist an eine eingeladene Person unterwegs.
   *[other] Die Erinnerung ist an { $count } Eingeladene unterwegs.
}

## Das Formular
console-invite-title = Zu { $event } einladen
console-invite-intro = Laden Sie Newsletter-Abonnent*innen, Personen aus einer Liste oder beide ein. Alle erhalten einen persönlichen Link zur Anmeldung und einen zur Absage. Bevor etwas gesendet wird, sehen Sie, wer eingeladen und wer ausgelassen wird.
console-invite-subscribers = Newsletter-Abonnent*innen einladen
console-invite-subscribers-hint = Eingeladen werden nur Abonnent*innen, die ihr Abonnement bestätigt haben.
console-invite-topics = Abonnent*innen, die sich interessieren für
console-invite-topics-hint = Nichts angekreuzt: Abonnent*innen aller Themen. Wer kein Thema gewählt hat, ist immer dabei.
console-invite-languages = Abonnent*innen, die lesen auf
console-invite-languages-hint = Nichts angekreuzt: Abonnent*innen aller Sprachen.
console-invite-list = Namentlich Eingeladene (CSV)
console-invite-list-hint = Fügen Sie eine Liste mit der Kopfzeile name,email,organisation,organisation_type,country,language ein — nur email ist Pflicht; bis zu 60.000 Zeichen (größere Listen über die API).
console-invite-preview-button = Vorschau
console-invite-preview-heading = Wer eingeladen wird
console-invite-subscribers-count = { $count ->
    [0] Keine Newsletter-Abonnent*innen werden eingeladen
    [one] Eine Newsletter-Abonnentin oder ein Newsletter-Abonnent wird eingeladen
   *[other] { $count } Newsletter-Abonnent*innen werden eingeladen
}{ $skipped ->
    [0] .
    [one] ; eine Adresse wird ausgelassen, bereits eingeladen oder angemeldet.
   *[other] ; { $skipped } Adressen werden ausgelassen, bereits eingeladen oder angemeldet.
}
console-invite-named-caption = { $count ->
    [one] Eine Person aus der Liste wird eingeladen
   *[other] { $count } Personen aus der Liste werden eingeladen
}
console-invite-skipped-caption = { $count ->
    [one] Eine Adresse aus der Liste wird ausgelassen
   *[other] { $count } Adressen aus der Liste werden ausgelassen
}
console-invite-reason = Grund
console-invite-skipped-duplicate = zweimal in der Liste
console-invite-skipped-registered = bereits angemeldet
console-invite-skipped-invited = bereits eingeladen
console-invite-nobody-new = Niemand Neues würde eingeladen.
console-invite-send-button = { $count ->
    [one] Eine Einladung senden
   *[other] { $count } Einladungen senden
}
console-invite-changed = Das Formular wurde nach der Vorschau geändert. Prüfen Sie, wer eingeladen wird, und senden Sie erneut.
console-invite-error-line = Zeile { $line }: { $problem }
console-invite-error-nobody = Kreuzen Sie „Newsletter-Abonnent*innen einladen“ an, fügen Sie eine Liste ein oder beides.
console-invite-error-empty = Die Liste nennt niemanden: Fügen Sie Zeilen unter der Kopfzeile hinzu.
console-invite-error-too-many = Die Liste nennt mehr als 5.000 Personen; senden Sie sie in Teilen.
console-invite-error-header = Die Kopfzeile nennt eine Spalte, die nicht name, email, organisation, organisation_type, country oder language ist.
console-invite-error-unreadable = Die Liste lässt sich nicht als CSV lesen: Prüfen Sie Kommas und Anführungszeichen.

## Abonnent*innen, die im Hintergrund eingeladen werden
console-inviting-label = Eingeladene Newsletter-Abonnent*innen
console-inviting-status = Abonnent*innen werden eingeladen
console-inviting-counts = bisher { $done } von { $total } eingeladen
console-inviting-done = Fertig
console-inviting-done-text = alle gewählten Abonnent*innen sind eingeladen.
console-inviting-refresh = Fortschritt aktualisieren
