//! Mails as the tests read them: parsed from what the SMTP sink or the file transport got, the
//! tokens of their links, their calendars, and every mail once the system is quiet.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use ical::parser::ical::component::IcalCalendar;
use mail_parser::{MessageParser, MimeHeaders};

use dialogo::db::Pool;
use dialogo::db::schema::outbox;

use crate::smtp_sink::SmtpSink;

/// How long a test waits for something that should happen at once.
pub const WAIT: Duration = Duration::from_secs(30);

/// How long the mail's receiver must have got nothing new, with nothing pending in the outbox,
/// before what it got is taken as final.
const QUIET: Duration = Duration::from_millis(400);

/// A received mail, parsed.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The `method` of the inline `text/calendar` part.
    pub calendar_method: Option<String>,
    /// The inline `text/calendar` part.
    pub calendar: Option<String>,
}

impl Mail {
    pub fn parse(bytes: &[u8]) -> Self {
        let message = MessageParser::default().parse(bytes).expect("a mail");
        let calendar = message.parts.iter().find_map(|part| {
            let ctype = part.content_type()?;
            (ctype.ctype() == "text" && ctype.subtype() == Some("calendar")).then(|| {
                (
                    part.text_contents().unwrap_or_default().to_owned(),
                    ctype.attribute("method").map(str::to_owned),
                )
            })
        });
        let (calendar, calendar_method) = calendar.unzip();
        Self {
            to: message
                .to()
                .and_then(|to| to.first())
                .and_then(|to| to.address())
                .expect("a recipient")
                .to_owned(),
            subject: message.subject().unwrap_or("").to_owned(),
            text: message.body_text(0).unwrap_or_default().into_owned(),
            html: message.body_html(0).unwrap_or_default().into_owned(),
            calendar_method: calendar_method.flatten(),
            calendar,
        }
    }

    /// The first link in the text to a path starting with `path` (e.g.
    /// `/registrations/confirm/`): the whole URL and the token that ends it.
    pub fn link(&self, path: &str) -> (String, String) {
        let at = self
            .text
            .find(path)
            .unwrap_or_else(|| panic!("no {path} link in {}", self.text));
        let start = self.text[..at].rfind("http").expect("an absolute link");
        let token: String = self.text[at + path.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (
            format!("{}{token}", &self.text[start..at + path.len()]),
            token,
        )
    }

    /// The token of the first link to `path`.
    pub fn token(&self, path: &str) -> String {
        self.link(path).1
    }
}

pub fn parse_mails(raw: &[Vec<u8>]) -> Vec<Mail> {
    raw.iter().map(|bytes| Mail::parse(bytes)).collect()
}

/// A calendar, read by an independent iCalendar parser.
pub fn ical(text: &str) -> IcalCalendar {
    ical::IcalParser::new(text.as_bytes())
        .next()
        .expect("a calendar")
        .expect("a valid calendar")
}

/// The value of the property `name`, or "".
pub fn property<'a>(props: &'a [ical::property::Property], name: &str) -> &'a str {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or("")
}

/// (METHOD, UID, SEQUENCE) of a calendar.
pub fn ics_identity(text: &str) -> (String, String, u32) {
    let calendar = ical(text);
    let event = &calendar.events[0].properties;
    (
        property(&calendar.properties, "METHOD").to_owned(),
        property(event, "UID").to_owned(),
        property(event, "SEQUENCE").parse().expect("a SEQUENCE"),
    )
}

/// Where mails arrive: the SMTP sink or the file transport's directory.
pub trait Received {
    /// How many mails have arrived.
    fn count(&self) -> usize;
    /// Every mail that has arrived, as sent.
    fn raw(&self) -> Vec<Vec<u8>>;
}

impl Received for SmtpSink {
    fn count(&self) -> usize {
        self.accepted()
    }

    fn raw(&self) -> Vec<Vec<u8>> {
        self.mails()
    }
}

/// The file transport's directory: one `.eml` file per mail.
pub struct MailDir(pub PathBuf);

impl MailDir {
    fn files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(&self.0)
            .map(|dir| {
                dir.flatten()
                    .map(|entry| entry.path())
                    .filter(|path| path.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Received for MailDir {
    fn count(&self) -> usize {
        self.files().len()
    }

    fn raw(&self) -> Vec<Vec<u8>> {
        let mut files = self.files();
        files.sort();
        files
            .iter()
            .map(|path| std::fs::read(path).expect("a mail file"))
            .collect()
    }
}

/// Mails in the outbox not sent yet (nor failed).
pub async fn pending_mails(pool: &Pool) -> i64 {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        outbox::table
            .filter(outbox::status.eq("pending"))
            .count()
            .get_result(&mut pool.get().expect("a connection"))
            .expect("the outbox is readable")
    })
    .await
    .unwrap()
}

/// Every mail `received` got, once nothing is pending in the outbox `pool` reads and nothing
/// new has arrived for a while: counts taken after this are exact, a late duplicate included.
pub async fn quiet_mails(received: &impl Received, pool: &Pool) -> Vec<Mail> {
    let started = Instant::now();
    let mut seen = received.count();
    let mut quiet_since = Instant::now();
    loop {
        let pending = pending_mails(pool).await;
        let count = received.count();
        if pending > 0 || count != seen {
            seen = count;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() >= QUIET {
            return parse_mails(&received.raw());
        }
        assert!(
            started.elapsed() < WAIT,
            "the mail never went quiet: {pending} pending, {count} received"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
