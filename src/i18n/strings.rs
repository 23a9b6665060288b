//! Every text of mails and pages, in each language. A missing translation is a compile error:
//! each language is one complete value of [`Strings`].

/// The texts of one language. `{name}`-style placeholders are filled with [`Strings::fill`].
#[derive(Debug)]
pub struct Strings {
    pub greeting_named: &'static str,
    pub greeting: &'static str,
    pub closing: &'static str,
    pub signature: &'static str,
    pub footer: &'static str,
    pub label_when: &'static str,
    pub label_your_time: &'static str,
    pub label_where: &'static str,
    pub label_online: &'static str,
    pub label_access_link: &'static str,
    pub label_languages: &'static str,
    pub label_contact: &'static str,
    pub label_details: &'static str,
    pub invitation_subject: &'static str,
    pub invitation_intro: &'static str,
    pub invitation_register: &'static str,
    pub invitation_button: &'static str,
    pub calendar_attached: &'static str,
    pub cancellation_subject: &'static str,
    pub cancellation_intro: &'static str,
    pub cancellation_calendar: &'static str,
    pub online_only: &'static str,
}

impl Strings {
    /// Replaces `{key}` by its value for each pair.
    pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(template.to_owned(), |text, (key, value)| {
                text.replace(&format!("{{{key}}}"), value)
            })
    }
}

pub static DE: Strings = Strings {
    greeting_named: "Guten Tag {name},",
    greeting: "Guten Tag,",
    closing: "Mit freundlichen Grüßen",
    signature: "Ihr Organisationsteam",
    footer: "Diese Nachricht wurde im Auftrag der Veranstalter versandt.",
    label_when: "Wann",
    label_your_time: "Ihre Ortszeit",
    label_where: "Wo",
    label_online: "Online",
    label_access_link: "Zugangslink",
    label_languages: "Konferenzsprachen",
    label_contact: "Kontakt",
    label_details: "Weitere Informationen",
    invitation_subject: "Einladung:",
    invitation_intro: "wir laden Sie herzlich zu folgender Veranstaltung ein:",
    invitation_register: "Bitte melden Sie sich über diesen Link an:",
    invitation_button: "Jetzt anmelden",
    calendar_attached: "Eine Kalendereinladung ist beigefügt.",
    cancellation_subject: "Abgesagt:",
    cancellation_intro: "leider müssen wir Ihnen mitteilen, dass folgende Veranstaltung abgesagt ist:",
    cancellation_calendar: "Die beigefügte Kalenderaktualisierung entfernt den Termin aus Ihrem Kalender.",
    online_only: "Online-Veranstaltung",
};

pub static EN: Strings = Strings {
    greeting_named: "Dear {name},",
    greeting: "Hello,",
    closing: "Kind regards",
    signature: "The organising team",
    footer: "This message was sent on behalf of the organisers.",
    label_when: "When",
    label_your_time: "Your local time",
    label_where: "Where",
    label_online: "Online",
    label_access_link: "Access link",
    label_languages: "Conference languages",
    label_contact: "Contact",
    label_details: "More information",
    invitation_subject: "Invitation:",
    invitation_intro: "we are pleased to invite you to the following event:",
    invitation_register: "Please register using this link:",
    invitation_button: "Register now",
    calendar_attached: "A calendar invitation is attached.",
    cancellation_subject: "Cancelled:",
    cancellation_intro: "we regret to inform you that the following event has been cancelled:",
    cancellation_calendar: "The attached calendar update removes it from your calendar.",
    online_only: "Online event",
};

pub static ES: Strings = Strings {
    greeting_named: "Estimado/a {name}:",
    greeting: "Buenos días:",
    closing: "Atentamente",
    signature: "El equipo organizador",
    footer: "Este mensaje se envió en nombre de los organizadores.",
    label_when: "Cuándo",
    label_your_time: "Su hora local",
    label_where: "Dónde",
    label_online: "En línea",
    label_access_link: "Enlace de acceso",
    label_languages: "Idiomas de la conferencia",
    label_contact: "Contacto",
    label_details: "Más información",
    invitation_subject: "Invitación:",
    invitation_intro: "nos complace invitarle al siguiente evento:",
    invitation_register: "Por favor, inscríbase mediante este enlace:",
    invitation_button: "Inscribirse ahora",
    calendar_attached: "Se adjunta una invitación de calendario.",
    cancellation_subject: "Cancelado:",
    cancellation_intro: "lamentamos informarle de que el siguiente evento ha sido cancelado:",
    cancellation_calendar: "La actualización de calendario adjunta elimina la cita de su calendario.",
    online_only: "Evento en línea",
};

pub static FR: Strings = Strings {
    greeting_named: "Bonjour {name},",
    greeting: "Bonjour,",
    closing: "Cordialement",
    signature: "L’équipe d’organisation",
    footer: "Ce message a été envoyé au nom des organisateurs.",
    label_when: "Quand",
    label_your_time: "Votre heure locale",
    label_where: "Où",
    label_online: "En ligne",
    label_access_link: "Lien d’accès",
    label_languages: "Langues de la conférence",
    label_contact: "Contact",
    label_details: "Plus d’informations",
    invitation_subject: "Invitation :",
    invitation_intro: "nous avons le plaisir de vous inviter à l’événement suivant :",
    invitation_register: "Veuillez vous inscrire à l’aide de ce lien :",
    invitation_button: "S’inscrire",
    calendar_attached: "Une invitation de calendrier est jointe.",
    cancellation_subject: "Annulé :",
    cancellation_intro: "nous avons le regret de vous informer que l’événement suivant est annulé :",
    cancellation_calendar: "La mise à jour de calendrier jointe retire l’événement de votre agenda.",
    online_only: "Événement en ligne",
};
