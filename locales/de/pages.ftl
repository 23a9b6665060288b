# Öffentliche Seiten: der Rahmen um jede Seite.
page-skip-to-content = Zum Inhalt springen
page-languages = Sprache
page-imprint = Impressum
page-privacy = Datenschutzerklärung
page-contact = Kontakt
page-new-tab = öffnet in einem neuen Tab

# Öffentliche Seiten: Veranstaltungen, eine Veranstaltung, die Datenschutzerklärung.
page-not-found-title = Seite nicht gefunden
page-not-found-text = Unter dieser Adresse gibt es nichts. Die Veranstaltung wurde vielleicht entfernt, oder die Adresse ist unvollständig.
page-back-to-events = Alle Veranstaltungen
events-title = Veranstaltungen
events-past-title = Vergangene Veranstaltungen
events-none = Keine Veranstaltung entspricht Ihrer Auswahl.
events-filter-heading = Veranstaltungen filtern
events-filter-topic = Thema
events-filter-series = Reihe
events-filter-language = Konferenzsprache
events-filter-format = Format
events-filter-any = Alle
events-filter-submit = Veranstaltungen anzeigen
events-filter-refused = Diese Auswahl kann nicht angezeigt werden. Bitte wählen Sie erneut.
events-paging = Weitere Veranstaltungen
events-next-page = Nächste Seite
events-show-past = Vergangene Veranstaltungen
events-show-upcoming = Kommende Veranstaltungen
events-atom-feed = Newsfeed dieser Veranstaltungen (Atom)
events-calendar-feed = Im Kalender abonnieren (iCalendar)
event-format = Format
event-format-online = Online
event-format-in-person = Vor Ort
event-format-hybrid = Vor Ort und online
event-registration = Anmeldung
event-registration-open = Die Anmeldung ist geöffnet.
event-registration-waitlist = Alle Plätze sind vergeben; neue Anmeldungen kommen auf die Warteliste.
event-registration-closed = Die Anmeldung ist geschlossen.
event-cancelled = Diese Veranstaltung wurde abgesagt.
event-about = Über die Veranstaltung
event-agenda = Programm
event-contacts = Ansprechpersonen
event-add-to-calendar = In den Kalender eintragen (.ics)
privacy-version = Fassung: { $version }
event-register = Jetzt anmelden

# Formulare: was jedes Formular sagt.
form-required-note = Alle Felder sind Pflichtfelder, sofern sie nicht als optional gekennzeichnet sind.
form-optional = optional
form-choose = Bitte auswählen
form-error-summary = Es gibt ein Problem
form-error-prefix = Fehler:
form-honeypot = Dieses Feld bitte leer lassen
form-privacy-link = Datenschutzerklärung lesen
form-expired-title = Dieses Formular ist abgelaufen
form-expired-text = Dieses Formular ist abgelaufen oder wurde nicht von dieser Website gesendet; es wurde nichts gespeichert. Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal.
form-expired-reload = Formular neu laden
form-error-too-long = Geben Sie höchstens { $max } Zeichen ein.
form-error-one-line = Geben Sie dies in einer Zeile und ohne Sonderzeichen ein.
form-error-name = Geben Sie Ihren Namen ein.
form-error-email = Geben Sie eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@example.org.
form-error-organisation = Geben Sie den Namen Ihrer Organisation ein.
form-error-organisation-type = Wählen Sie die Art Ihrer Organisation.
form-error-country = Wählen Sie Ihr Land.
form-error-language = Wählen Sie die Sprache der E-Mails.
form-error-timezone = Wählen Sie eine Zeitzone aus der Liste.
form-error-topics = Wählen Sie Themen aus der Liste.
form-error-consent = Kreuzen Sie das Feld an, um Ihre Einwilligung zu geben.
form-error-invalid = Bitte prüfen Sie diese Angabe.

# Das Anmeldeformular einer Veranstaltung.
form-register-title = Anmeldung
form-register-title-event = Anmeldung: { $event }
form-register-button = Anmelden
form-back-to-event = Zurück zur Veranstaltung
form-event-page = Seite der Veranstaltung
form-label-position = Funktion
form-label-timezone = Ihre Zeitzone
form-timezone-hint = E-Mails nennen die Zeiten der Veranstaltung auch in Ihrer Zeitzone.
form-timezone-none = Nur die Zeitzone der Veranstaltung
form-invitation-unknown = Dieser Einladungslink gilt (nicht mehr) für diese Veranstaltung. Sie können sich trotzdem mit dem Formular anmelden.

# Das Anmeldeformular des Newsletters.
newsletter-form-title = Newsletter abonnieren
newsletter-form-intro = Erhalten Sie Neuigkeiten zu unseren Veranstaltungen und Dialogprogrammen per E-Mail. Zuerst erhalten Sie eine E-Mail mit einem Link, mit dem Sie Ihr Abonnement bestätigen.
newsletter-form-topics = Themen
newsletter-form-topics-hint = Wählen Sie keines, um jede Ausgabe zu erhalten.
newsletter-form-consent = Ich möchte den Newsletter per E-Mail erhalten. Ich kann ihn jederzeit abbestellen.
newsletter-form-button = Abonnieren
newsletter-form-check-inbox = Bitte prüfen Sie Ihr Postfach: Wir haben Ihnen einen Link geschickt, mit dem Sie Ihr Abonnement bestätigen.
