//! What a page behind a link in a mail says when the link does not work, in each language:
//! what happened, and what the person can do.

#[derive(Debug)]
pub struct LinkStrings {
    pub title: &'static str,
    pub unknown: &'static str,
    pub expired: &'static str,
    pub used: &'static str,
    pub closed: &'static str,
    pub too_many: &'static str,
    pub too_slow: &'static str,
    pub bad_request: &'static str,
    pub failed: &'static str,
    /// What to do about a registration's confirmation link that no longer works.
    pub register_again: &'static str,
    /// … a newsletter confirmation link.
    pub subscribe_again: &'static str,
    /// … an unsubscribe link.
    pub unsubscribe_latest: &'static str,
    /// … any other link (withdrawal, invitation).
    pub contact_organisers: &'static str,
}

pub static DE: LinkStrings = LinkStrings {
    title: "Ihr Link",
    unknown: "Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie den vollständigen Link aus der E-Mail geöffnet haben.",
    expired: "Dieser Link ist abgelaufen.",
    used: "Dieser Link wurde bereits verwendet; es ist nichts weiter zu tun.",
    closed: "Die Anmeldung zu dieser Veranstaltung ist nicht mehr möglich.",
    too_many: "Aus Ihrem Netz kamen gerade zu viele Anfragen. Bitte warten Sie eine Minute und versuchen Sie es erneut.",
    too_slow: "Ihre Anfrage ist nicht rechtzeitig angekommen. Bitte versuchen Sie es erneut.",
    bad_request: "Ihre Anfrage konnte nicht verarbeitet werden. Bitte öffnen Sie den Link aus der E-Mail erneut.",
    failed: "Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut; wenn der Fehler bleibt, wenden Sie sich an die Veranstalter.",
    register_again: "Um sich anzumelden, füllen Sie bitte das Anmeldeformular der Veranstaltung erneut aus; Sie erhalten dann einen neuen Link.",
    subscribe_again: "Um den Newsletter zu erhalten, abonnieren Sie ihn bitte erneut; Sie erhalten dann einen neuen Link.",
    unsubscribe_latest: "Falls Sie den Newsletter weiterhin erhalten, verwenden Sie bitte den Abmeldelink in der neuesten Ausgabe.",
    contact_organisers: "Wenn Sie Hilfe brauchen, antworten Sie bitte auf die E-Mail oder wenden Sie sich an die Veranstalter.",
};

pub static EN: LinkStrings = LinkStrings {
    title: "Your link",
    unknown: "This link is not valid. Please check that you opened the complete link from the email.",
    expired: "This link has expired.",
    used: "This link has already been used; there is nothing more to do.",
    closed: "Registration for this event is no longer possible.",
    too_many: "Too many requests came from your network just now. Please wait a minute and try again.",
    too_slow: "Your request did not arrive in time. Please try again.",
    bad_request: "Your request could not be processed. Please open the link from the email again.",
    failed: "Something went wrong on our side. Please try again later; if it keeps happening, contact the organisers.",
    register_again: "To register, please fill in the event's registration form again; you will receive a new link.",
    subscribe_again: "To receive the newsletter, please subscribe again; you will receive a new link.",
    unsubscribe_latest: "If you still receive the newsletter, please use the unsubscribe link in the latest issue.",
    contact_organisers: "If you need help, please reply to the email or contact the organisers.",
};

pub static ES: LinkStrings = LinkStrings {
    title: "Su enlace",
    unknown: "Este enlace no es válido. Compruebe que ha abierto el enlace completo del correo.",
    expired: "Este enlace ha caducado.",
    used: "Este enlace ya se ha utilizado; no hace falta hacer nada más.",
    closed: "Ya no es posible inscribirse en este evento.",
    too_many: "Acaban de llegar demasiadas solicitudes desde su red. Espere un minuto y vuelva a intentarlo.",
    too_slow: "Su solicitud no llegó a tiempo. Vuelva a intentarlo.",
    bad_request: "No se pudo procesar su solicitud. Vuelva a abrir el enlace del correo.",
    failed: "Se ha producido un error por nuestra parte. Inténtelo más tarde; si el error persiste, póngase en contacto con los organizadores.",
    register_again: "Para inscribirse, rellene de nuevo el formulario de inscripción del evento; recibirá un nuevo enlace.",
    subscribe_again: "Para recibir el boletín, suscríbase de nuevo; recibirá un nuevo enlace.",
    unsubscribe_latest: "Si sigue recibiendo el boletín, utilice el enlace para darse de baja de la última edición.",
    contact_organisers: "Si necesita ayuda, responda al correo o póngase en contacto con los organizadores.",
};

pub static FR: LinkStrings = LinkStrings {
    title: "Votre lien",
    unknown: "Ce lien n’est pas valide. Vérifiez que vous avez ouvert le lien complet du courriel.",
    expired: "Ce lien a expiré.",
    used: "Ce lien a déjà été utilisé ; il n’y a plus rien à faire.",
    closed: "L’inscription à cet événement n’est plus possible.",
    too_many: "Trop de demandes sont venues de votre réseau à l’instant. Veuillez patienter une minute et réessayer.",
    too_slow: "Votre demande n’est pas arrivée à temps. Veuillez réessayer.",
    bad_request: "Votre demande n’a pas pu être traitée. Veuillez rouvrir le lien du courriel.",
    failed: "Une erreur s’est produite de notre côté. Veuillez réessayer plus tard ; si elle persiste, contactez les organisateurs.",
    register_again: "Pour vous inscrire, remplissez à nouveau le formulaire d’inscription de l’événement ; vous recevrez un nouveau lien.",
    subscribe_again: "Pour recevoir la lettre d’information, abonnez-vous à nouveau ; vous recevrez un nouveau lien.",
    unsubscribe_latest: "Si vous recevez encore la lettre d’information, utilisez le lien de désabonnement du dernier numéro.",
    contact_organisers: "Si vous avez besoin d’aide, répondez au courriel ou contactez les organisateurs.",
};
