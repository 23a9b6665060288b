# Öffentliche Seiten: der Rahmen um jede Seite.
page-skip-to-content = Zum Inhalt springen
page-languages = Sprache
page-imprint = Impressum
page-privacy = Datenschutzerklärung
page-contact = Kontakt
