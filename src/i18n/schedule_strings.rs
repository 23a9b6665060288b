//! Texts of scheduled mails (reminders, access links, agendas, updates, follow-ups), one
//! complete value per language like [`super::Strings`], kept apart so each feature owns its texts.

use super::Locale;

/// The texts of scheduled mails in one language.
#[derive(Debug)]
pub struct ScheduleStrings {
    pub reminder_subject: &'static str,
    pub reminder_intro: &'static str,
    pub access_subject: &'static str,
    pub access_intro: &'static str,
    pub agenda_subject: &'static str,
    pub agenda_intro: &'static str,
    pub agenda_heading: &'static str,
    pub update_subject: &'static str,
    pub update_intro: &'static str,
    pub follow_up_subject: &'static str,
    pub follow_up_intro: &'static str,
    pub label_materials: &'static str,
    pub kind_talk: &'static str,
    pub kind_panel: &'static str,
    pub kind_discussion: &'static str,
    pub kind_break: &'static str,
}

impl ScheduleStrings {
    /// The label of an agenda item kind; none for `other`.
    pub fn kind(&self, kind: &str) -> Option<&'static str> {
        match kind {
            "talk" => Some(self.kind_talk),
            "panel" => Some(self.kind_panel),
            "discussion" => Some(self.kind_discussion),
            "break" => Some(self.kind_break),
            _ => None,
        }
    }
}

impl Locale {
    /// The texts of scheduled mails in this language.
    pub fn schedule_strings(&self) -> &'static ScheduleStrings {
        match self {
            Self::De => &DE,
            Self::En => &EN,
            Self::Es => &ES,
            Self::Fr => &FR,
        }
    }
}

pub static DE: ScheduleStrings = ScheduleStrings {
    reminder_subject: "Erinnerung:",
    reminder_intro: "wir erinnern Sie an die folgende Veranstaltung, zu der Sie angemeldet sind.",
    access_subject: "Ihr Zugangslink:",
    access_intro: "hier ist Ihr Zugangslink zur Veranstaltung. Bitte geben Sie ihn nicht weiter.",
    agenda_subject: "Programm:",
    agenda_intro: "das Programm der Veranstaltung steht fest oder wurde geändert. Hier ist der aktuelle Stand.",
    agenda_heading: "Programm",
    update_subject: "Geändert:",
    update_intro: "Zeit oder Ort der Veranstaltung haben sich geändert. Bitte beachten Sie die neuen Angaben; der beigefügte Kalendereintrag ersetzt den bisherigen.",
    follow_up_subject: "Nachbereitung:",
    follow_up_intro: "vielen Dank für Ihr Interesse an der Veranstaltung. Hier finden Sie weitere Informationen.",
    label_materials: "Unterlagen",
    kind_talk: "Vortrag",
    kind_panel: "Podiumsgespräch",
    kind_discussion: "Diskussion",
    kind_break: "Pause",
};

pub static EN: ScheduleStrings = ScheduleStrings {
    reminder_subject: "Reminder:",
    reminder_intro: "this is a reminder of the following event, for which you are registered.",
    access_subject: "Your access link:",
    access_intro: "here is your access link to the event. Please do not pass it on.",
    agenda_subject: "Agenda:",
    agenda_intro: "the agenda of the event is now available or has changed. Here is the current version.",
    agenda_heading: "Agenda",
    update_subject: "Updated:",
    update_intro: "the time or place of the event has changed. Please note the new details; the attached calendar entry replaces the previous one.",
    follow_up_subject: "Follow-up:",
    follow_up_intro: "thank you for your interest in the event. Here is some further information.",
    label_materials: "Materials",
    kind_talk: "Talk",
    kind_panel: "Panel discussion",
    kind_discussion: "Open discussion",
    kind_break: "Break",
};

pub static ES: ScheduleStrings = ScheduleStrings {
    reminder_subject: "Recordatorio:",
    reminder_intro: "le recordamos el siguiente evento, en el que está inscrito/a.",
    access_subject: "Su enlace de acceso:",
    access_intro: "aquí tiene su enlace de acceso al evento. Por favor, no lo comparta.",
    agenda_subject: "Programa:",
    agenda_intro: "el programa del evento ya está disponible o ha cambiado. Esta es la versión actual.",
    agenda_heading: "Programa",
    update_subject: "Modificado:",
    update_intro: "la fecha, la hora o el lugar del evento han cambiado. Tenga en cuenta los nuevos datos; la entrada de calendario adjunta sustituye a la anterior.",
    follow_up_subject: "Seguimiento:",
    follow_up_intro: "gracias por su interés en el evento. Aquí encontrará más información.",
    label_materials: "Materiales",
    kind_talk: "Ponencia",
    kind_panel: "Panel de debate",
    kind_discussion: "Debate abierto",
    kind_break: "Pausa",
};

pub static FR: ScheduleStrings = ScheduleStrings {
    reminder_subject: "Rappel :",
    reminder_intro: "nous vous rappelons l’événement suivant, auquel vous êtes inscrit·e.",
    access_subject: "Votre lien d’accès :",
    access_intro: "voici votre lien d’accès à l’événement. Merci de ne pas le transmettre.",
    agenda_subject: "Programme :",
    agenda_intro: "le programme de l’événement est disponible ou a changé. En voici la version actuelle.",
    agenda_heading: "Programme",
    update_subject: "Modifié :",
    update_intro: "la date, l’heure ou le lieu de l’événement ont changé. Veuillez noter les nouvelles informations ; l’entrée de calendrier jointe remplace la précédente.",
    follow_up_subject: "Suivi :",
    follow_up_intro: "merci de l’intérêt que vous portez à l’événement. Voici des informations complémentaires.",
    label_materials: "Documents",
    kind_talk: "Intervention",
    kind_panel: "Table ronde",
    kind_discussion: "Débat",
    kind_break: "Pause",
};
