# Pages publiques : le cadre de chaque page.
page-skip-to-content = Aller au contenu
page-languages = Langue
page-imprint = Mentions légales
page-privacy = Politique de confidentialité
page-contact = Contact
page-new-tab = s’ouvre dans un nouvel onglet

# Pages publiques : les événements, un événement, la politique de confidentialité.
page-not-found-title = Page introuvable
page-not-found-text = Il n’y a rien à cette adresse. L’événement a peut-être été retiré, ou l’adresse est incomplète.
page-back-to-events = Tous les événements
events-title = Événements
events-past-title = Événements passés
events-none = Aucun événement ne correspond à votre sélection.
events-filter-heading = Filtrer les événements
events-filter-topic = Thème
events-filter-series = Série
events-filter-language = Langue de la conférence
events-filter-format = Format
events-filter-any = Tous
events-filter-submit = Afficher les événements
events-filter-refused = Cette sélection ne peut pas être affichée. Veuillez choisir à nouveau.
events-paging = Plus d’événements
events-next-page = Page suivante
events-show-past = Événements passés
events-show-upcoming = Événements à venir
events-atom-feed = Flux d’actualités de ces événements (Atom)
events-calendar-feed = S’abonner dans votre agenda (iCalendar)
event-format = Format
event-format-online = En ligne
event-format-in-person = Sur place
event-format-hybrid = Sur place et en ligne
event-registration = Inscription
event-registration-open = Les inscriptions sont ouvertes.
event-registration-waitlist = Toutes les places sont prises ; les nouvelles inscriptions rejoignent la liste d’attente.
event-registration-closed = Les inscriptions sont closes.
event-cancelled = Cet événement a été annulé.
event-about = À propos de l’événement
event-agenda = Programme
event-contacts = Contacts
event-add-to-calendar = Ajouter à votre agenda (.ics)
privacy-version = Version : { $version }
event-register = S’inscrire maintenant

# Formulaires : ce que dit chaque formulaire.
form-required-note = Tous les champs sont obligatoires, sauf ceux marqués comme facultatifs.
form-optional = facultatif
form-choose = Veuillez choisir
form-error-summary = Il y a un problème
form-error-prefix = Erreur :
form-honeypot = Laissez ce champ vide
form-privacy-link = Lire la politique de confidentialité
form-expired-title = Ce formulaire a expiré
form-expired-text = Ce formulaire a expiré ou n’a pas été envoyé depuis ce site ; rien n’a été enregistré. Veuillez recharger la page et envoyer à nouveau le formulaire.
form-expired-reload = Recharger le formulaire
form-error-too-long = Saisissez au plus { $max } caractères.
form-error-one-line = Saisissez ceci sur une seule ligne, sans caractères spéciaux.
form-error-name = Saisissez votre nom.
form-error-email = Saisissez une adresse électronique au bon format, par exemple nom@example.org.
form-error-organisation = Saisissez le nom de votre organisation.
form-error-organisation-type = Choisissez le type de votre organisation.
form-error-country = Choisissez votre pays.
form-error-language = Choisissez la langue des courriels.
form-error-timezone = Choisissez un fuseau horaire dans la liste.
form-error-topics = Choisissez des thèmes dans la liste.
form-error-consent = Cochez la case pour donner votre consentement.
form-error-invalid = Veuillez vérifier cette saisie.

# Le formulaire d’inscription à un événement.
form-register-title = Inscription
form-register-title-event = Inscription : { $event }
form-register-button = S’inscrire
form-back-to-event = Retour à l’événement
form-event-page = Page de l’événement
form-label-position = Fonction
form-label-timezone = Votre fuseau horaire
form-timezone-hint = Les courriels indiquent aussi les heures de l’événement dans votre fuseau horaire.
form-timezone-none = Seulement le fuseau horaire de l’événement
form-invitation-unknown = Ce lien d’invitation n’est pas (ou plus) valable pour cet événement. Vous pouvez tout de même vous inscrire avec le formulaire.

# Le formulaire d’abonnement à la lettre d’information.
newsletter-form-title = S’abonner à la lettre d’information
newsletter-form-intro = Recevez par courriel des nouvelles de nos événements et programmes de dialogue. Vous recevrez d’abord un courriel avec un lien pour confirmer votre abonnement.
newsletter-form-topics = Thèmes
newsletter-form-topics-hint = N’en choisissez aucun pour recevoir tous les numéros.
newsletter-form-consent = J’accepte de recevoir la lettre d’information par courriel. Je peux me désabonner à tout moment.
newsletter-form-button = S’abonner
newsletter-form-check-inbox = Veuillez consulter votre boîte de réception : nous vous avons envoyé un lien pour confirmer votre abonnement.
