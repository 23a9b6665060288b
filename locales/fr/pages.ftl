# Pages publiques : le cadre de chaque page.
page-skip-to-content = Aller au contenu
page-languages = Langue
page-imprint = Mentions légales
page-privacy = Politique de confidentialité
page-contact = Contact
