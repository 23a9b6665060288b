//! The newsletter's texts in each language; as with [`super::Strings`], a missing translation
//! is a compile error.

/// Texts of newsletter mails and pages in one language.
#[derive(Debug)]
pub struct NewsletterStrings {
    pub name: &'static str,
    pub confirm_subject: &'static str,
    pub confirm_intro: &'static str,
    pub confirm_button: &'static str,
    pub ignore_note: &'static str,
    pub footer_reason: &'static str,
    pub unsubscribe: &'static str,
    pub test_prefix: &'static str,
    pub page_confirm_text: &'static str,
    pub page_confirmed: &'static str,
    pub page_unsubscribe_text: &'static str,
    pub page_unsubscribed: &'static str,
}

pub static DE: NewsletterStrings = NewsletterStrings {
    name: "Newsletter",
    confirm_subject: "Bitte bestätigen Sie Ihr Newsletter-Abonnement",
    confirm_intro: "Sie (oder jemand mit Ihrer Adresse) möchten unseren Newsletter erhalten. Bitte bestätigen Sie das Abonnement mit der Schaltfläche unten.",
    confirm_button: "Abonnement bestätigen",
    ignore_note: "Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Sie werden nicht eingetragen.",
    footer_reason: "Sie erhalten diesen Newsletter, weil Sie ihn abonniert haben.",
    unsubscribe: "Abmelden",
    test_prefix: "[Test]",
    page_confirm_text: "Bitte bestätigen Sie, dass Sie den Newsletter erhalten möchten.",
    page_confirmed: "Vielen Dank! Ihr Abonnement ist bestätigt.",
    page_unsubscribe_text: "Möchten Sie sich vom Newsletter abmelden?",
    page_unsubscribed: "Sie sind abgemeldet und erhalten keine weiteren Ausgaben.",
};

pub static EN: NewsletterStrings = NewsletterStrings {
    name: "Newsletter",
    confirm_subject: "Please confirm your newsletter subscription",
    confirm_intro: "You (or someone using your address) asked to receive our newsletter. Please confirm the subscription with the button below.",
    confirm_button: "Confirm subscription",
    ignore_note: "If you did not ask for this, ignore this mail: you will not be subscribed.",
    footer_reason: "You receive this newsletter because you subscribed to it.",
    unsubscribe: "Unsubscribe",
    test_prefix: "[Test]",
    page_confirm_text: "Please confirm that you want to receive the newsletter.",
    page_confirmed: "Thank you! Your subscription is confirmed.",
    page_unsubscribe_text: "Do you want to unsubscribe from the newsletter?",
    page_unsubscribed: "You are unsubscribed and will receive no further issues.",
};

pub static ES: NewsletterStrings = NewsletterStrings {
    name: "Boletín",
    confirm_subject: "Confirme su suscripción al boletín",
    confirm_intro: "Usted (o alguien que usó su dirección) solicitó recibir nuestro boletín. Confirme la suscripción con el botón de abajo.",
    confirm_button: "Confirmar suscripción",
    ignore_note: "Si no lo ha solicitado, ignore este correo: no quedará suscrito.",
    footer_reason: "Recibe este boletín porque se ha suscrito a él.",
    unsubscribe: "Darse de baja",
    test_prefix: "[Prueba]",
    page_confirm_text: "Confirme que desea recibir el boletín.",
    page_confirmed: "¡Gracias! Su suscripción está confirmada.",
    page_unsubscribe_text: "¿Desea darse de baja del boletín?",
    page_unsubscribed: "Se ha dado de baja y no recibirá más ediciones.",
};

pub static FR: NewsletterStrings = NewsletterStrings {
    name: "Lettre d’information",
    confirm_subject: "Veuillez confirmer votre abonnement à la lettre d’information",
    confirm_intro: "Vous (ou quelqu’un utilisant votre adresse) avez demandé à recevoir notre lettre d’information. Veuillez confirmer l’abonnement avec le bouton ci-dessous.",
    confirm_button: "Confirmer l’abonnement",
    ignore_note: "Si vous n’en avez pas fait la demande, ignorez ce message : vous ne serez pas inscrit.",
    footer_reason: "Vous recevez cette lettre d’information parce que vous y êtes abonné.",
    unsubscribe: "Se désabonner",
    test_prefix: "[Test]",
    page_confirm_text: "Veuillez confirmer que vous souhaitez recevoir la lettre d’information.",
    page_confirmed: "Merci ! Votre abonnement est confirmé.",
    page_unsubscribe_text: "Souhaitez-vous vous désabonner de la lettre d’information ?",
    page_unsubscribed: "Vous êtes désabonné et ne recevrez plus de numéros.",
};
