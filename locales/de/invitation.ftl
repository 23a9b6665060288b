invitation-seats-left =
    { $seats ->
        [one] Noch { $seats } Platz frei.
       *[other] Noch { $seats } Plätze frei.
    }
invitation-seats-waitlist = Alle Plätze sind vergeben; mit Ihrer Anmeldung kommen Sie auf die Warteliste.
invitation-follow-up-subject = Erinnerung: Einladung:
invitation-follow-up-intro = wir möchten Sie noch einmal an unsere Einladung erinnern.
invitation-closes-on = Die Anmeldung schließt am { $date }.
invitation-decline-note = Sie können nicht teilnehmen? Sagen Sie uns kurz ab, dann erinnern wir Sie nicht mehr:
invitation-decline-button = Absagen
invitation-unsubscribe-note = Sie erhalten diese Einladung als Abonnent unseres Newsletters.
invitation-unsubscribe = Abmelden
invitation-page-register-text = Ihre Angaben sind vorausgefüllt. Bitte prüfen Sie sie und melden Sie sich an.
invitation-label-name = Name
invitation-label-email = E-Mail
invitation-email-note = Mit einer anderen Adresse erhalten Sie zuerst eine Bestätigungs-E-Mail.
invitation-label-organisation = Organisation
invitation-organisation-type-municipality = Kommune
invitation-organisation-type-ministry = Ministerium
invitation-organisation-type-agency = Behörde
invitation-organisation-type-ngo = Nichtregierungsorganisation
invitation-organisation-type-academia = Wissenschaft und Forschung
invitation-organisation-type-business = Unternehmen
invitation-organisation-type-other = Sonstige
invitation-label-organisation-type = Art der Organisation
invitation-label-country = Land
# The language's own name, offered where a reader chooses the language of their mails.
invitation-language-name = Deutsch
invitation-label-language = Sprache der E-Mails
invitation-consent = Ich bin mit der Verarbeitung meiner Angaben für diese Veranstaltung einverstanden.
invitation-page-decline-text = Möchten Sie die Einladung absagen?
invitation-page-declined = Danke für Ihre Rückmeldung. Wir erinnern Sie nicht mehr an diese Veranstaltung.
invitation-page-check-inbox = Bitte prüfen Sie Ihr Postfach: Wir haben Ihnen einen Bestätigungslink geschickt.
