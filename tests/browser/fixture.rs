//! What every trial shares: the app (in this process, on SQLite, through the API tests'
//! `spawn_app_with`), the SMTP sink its mails reach, one published event, the browser, and
//! the pages checked so far, kept for the Nu HTML Checker.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::Browser;
use crate::helpers::{Backend, TestApp, berlin_webinar, spawn_app_with};
use crate::mails::Mail;
use crate::smtp_sink::SmtpSink;
use crate::tools::artefacts;

/// The languages every page is checked in.
pub const LANGUAGES: [&str; 5] = ["de", "en", "es", "fr", "pt"];

pub struct Fixture {
    pub app: TestApp,
    pub sink: SmtpSink,
    pub browser: Browser,
    /// The published event's API view.
    pub event: Value,
    /// Each page checked, by name: its HTML as served, for the Nu HTML Checker.
    pages: Mutex<Vec<(String, String)>>,
}

impl Fixture {
    pub async fn start() -> Self {
        let sink = SmtpSink::start();
        // Every trial signs staff in from the same address: more than the default allows.
        let settings = [
            ("DIALOGO_MAIL_URL", sink.url()),
            ("DIALOGO_SIGN_IN_ATTEMPTS", "1000".to_owned()),
        ];
        let app = spawn_app_with(Backend::Sqlite, &settings)
            .await
            .expect("the app starts");
        let event = app.publish_event(&berlin_webinar()).await;
        let browser = Browser::start(&app.address).await;
        let _ = std::fs::remove_dir_all(artefacts());
        std::fs::create_dir_all(artefacts()).expect("the artefacts directory");
        Self {
            app,
            sink,
            browser,
            event,
            pages: Mutex::default(),
        }
    }

    pub fn slug(&self) -> &str {
        self.event["slug"].as_str().expect("a slug")
    }

    pub fn event_id(&self) -> &str {
        self.event["id"].as_str().expect("an id")
    }

    /// Checks the page shown as `name`: a screenshot, axe-core, no message with an argument
    /// left unfilled (Fluent writes those as `{$name}`), and its HTML kept for the checker. Only a page reached by GET is fetched again as served; one that answers a POST
    /// is kept as the browser parsed it, with its doctype.
    pub async fn check(&self, name: &str, reached_by_get: bool) {
        self.browser.screenshot(name).await;
        self.browser.assert_accessible(name).await;
        let html = if reached_by_get {
            let path = self.browser.path().await;
            self.app.get(&path).await.text
        } else {
            let dom = self
                .browser
                .client
                .execute("return document.documentElement.outerHTML;", vec![])
                .await
                .expect("the page's HTML");
            format!("<!DOCTYPE html>\n{}", dom.as_str().unwrap_or_default())
        };
        assert!(
            !html.contains("{$"),
            "{name}: a message left unfilled in {html}"
        );
        self.pages.lock().unwrap().push((name.to_owned(), html));
    }

    /// The pages checked so far, by name.
    pub fn pages(&self) -> Vec<(String, String)> {
        self.pages.lock().unwrap().clone()
    }

    /// The newest mail to `to` with a link to `path`, once it has arrived.
    pub async fn mail_to(&self, to: &str, path: &str) -> Mail {
        let started = Instant::now();
        loop {
            let found = self
                .sink
                .mails()
                .iter()
                .rev()
                .map(|raw| Mail::parse(raw))
                .find(|mail| mail.to == to && mail.text.contains(path));
            if let Some(mail) = found {
                return mail;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no mail to {to} with a {path} link"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The path of a mail's link (`https://events.example.org/…`), to open on the app under test.
pub fn path_of(url: &str) -> String {
    let url = url::Url::parse(url).expect("a link");
    url.path().to_owned()
}
