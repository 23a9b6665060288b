//! An event as the templates of every mail about it show it (registration notices,
//! invitations, scheduled mails), in the recipient's language and time zone.

/// An event as mail templates show it.
pub struct EventDetails {
    pub title: String,
    pub summary: Option<String>,
    pub when: String,
    pub your_time: Option<String>,
    pub place: Option<String>,
    pub online: bool,
    pub access_link: Option<String>,
    pub languages: String,
    pub contacts: Vec<ContactLine>,
    pub event_url: String,
}

/// A contact of the event as a mail shows it: name, role and audience, how to reach them.
pub struct ContactLine {
    pub name: String,
    pub details: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}
