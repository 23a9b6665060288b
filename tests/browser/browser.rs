//! Headless Chromium driven over WebDriver: `chromedriver` started as a child process on a
//! port of its choosing, one session for every trial, and what the trials do with it — open a
//! page, wait for an element, press a button, save a screenshot, run axe-core.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::tools::{AXE, artefacts, downloads};

/// How long a step may wait for what it expects.
const WAIT: Duration = Duration::from_secs(20);

/// The WCAG levels the pages are held to: 2.0 and 2.1, A and AA.
const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

pub struct Browser {
    pub client: Client,
    driver: Mutex<Child>,
    driver_port: u16,
    /// The app's `http://127.0.0.1:PORT`.
    base: String,
}

impl Browser {
    /// Starts chromedriver and a headless session against the app at `base`.
    pub async fn start(base: &str) -> Self {
        let mut driver = Command::new("chromedriver")
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let port = driver_port(&mut driver);
        let capabilities = json!({
            "goog:chromeOptions": {
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--window-size=1280,900",
                    "--lang=en",
                ],
                "prefs": {
                    "download.default_directory": downloads(),
                    "download.prompt_for_download": false,
                }
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with headless Chromium");
        std::fs::create_dir_all(artefacts()).expect("the artefacts directory");
        Self {
            client,
            driver: Mutex::new(driver),
            driver_port: port,
            base: base.to_owned(),
        }
    }

    /// Ends the session and chromedriver.
    pub async fn close(&self) {
        let _ = self.client.clone().close().await;
        let mut driver = self.driver.lock().unwrap();
        let _ = driver.kill();
        let _ = driver.wait();
    }

    /// Opens `path` of the app (or an absolute URL); WebDriver returns once it has loaded.
    pub async fn open(&self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        self.client.goto(&url).await.expect("the page opens");
    }

    /// The path and query of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("a current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits for the element `selector` to be there.
    pub async fn find(&self, selector: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(selector))
            .await
        {
            Ok(element) => element,
            Err(error) => panic!("no {selector} on {}: {error}", self.path().await),
        }
    }

    /// The text of the element `selector`.
    pub async fn text(&self, selector: &str) -> String {
        self.find(selector).await.text().await.expect("its text")
    }

    /// How many elements `selector` matches now.
    pub async fn count(&self, selector: &str) -> usize {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .expect("a search")
            .len()
    }

    /// Makes the browser ask for `lang` (`Accept-Language`) from the next page on, through
    /// chromedriver's DevTools passage: a session's language is otherwise fixed at its start.
    pub async fn accept_language(&self, lang: &str) {
        let user_agent = self
            .client
            .execute("return navigator.userAgent;", vec![])
            .await
            .expect("the user agent");
        let session = self
            .client
            .session_id()
            .await
            .expect("a session")
            .expect("a session id");
        let url = format!(
            "http://127.0.0.1:{}/session/{session}/goog/cdp/execute",
            self.driver_port
        );
        let command = json!({
            "cmd": "Emulation.setUserAgentOverride",
            "params": {"userAgent": user_agent, "acceptLanguage": lang},
        });
        let reply = reqwest::Client::new()
            .post(url)
            .json(&command)
            .send()
            .await
            .expect("chromedriver answers");
        assert!(reply.status().is_success(), "{:?}", reply.text().await);
    }

    /// `<html lang>` of the page shown.
    pub async fn lang(&self) -> String {
        self.find("html")
            .await
            .attr("lang")
            .await
            .expect("an attribute")
            .unwrap_or_default()
    }

    /// Clicks `selector`, scrolled into view at once: the design system scrolls smoothly, and
    /// WebDriver would click where the element was before the scrolling ended.
    pub async fn click(&self, selector: &str) {
        let element = self.find(selector).await;
        let arg = serde_json::to_value(&element).expect("an element reference");
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                vec![arg],
            )
            .await
            .expect("scrolled");
        element
            .click()
            .await
            .unwrap_or_else(|error| panic!("{selector} cannot be clicked: {error}"));
    }

    /// Clicks `selector` and waits until the page it leads to has replaced this one.
    pub async fn follow(&self, selector: &str) {
        let old = self.find("html").await;
        self.click(selector).await;
        let deadline = tokio::time::Instant::now() + WAIT;
        // A stale element is the sign that the old document is gone.
        while old.tag_name().await.is_ok() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{selector} led nowhere"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.find("main").await;
    }

    /// Waits until the script `condition` (an expression) holds on the page; `what` says
    /// what was awaited when it never does.
    pub async fn until(&self, condition: &str, what: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        let script = format!("return Boolean({condition});");
        loop {
            let holds = self
                .client
                .execute(&script, vec![])
                .await
                .expect("a condition");
            if holds == Value::Bool(true) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{what}: never on {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Saves a screenshot of the page as `target/browser-artefacts/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(artefacts().join(format!("{name}.png")), png).expect("a saved screenshot");
    }

    /// Runs axe-core on the page for WCAG 2.1 A and AA and fails, listing each violation with
    /// its rule, help and elements, unless there is none. `what` names the page in the message.
    pub async fn assert_accessible(&self, what: &str) {
        let report: Vec<String> = self
            .violations()
            .await
            .iter()
            .map(|v| {
                format!(
                    "  {} ({}): {}\n    {}",
                    v.id,
                    v.impact.as_deref().unwrap_or("-"),
                    v.help,
                    v.targets.join("\n    ")
                )
            })
            .collect();
        assert!(
            report.is_empty(),
            "{what} ({}): {} accessibility violation(s):\n{}",
            self.path().await,
            report.len(),
            report.join("\n")
        );
    }

    /// What axe-core finds on the page shown at WCAG 2.1 A and AA.
    pub async fn violations(&self) -> Vec<Violation> {
        // WebDriver's scripts run outside the page's content security policy, which allows none.
        self.client
            .execute(AXE, vec![])
            .await
            .expect("axe-core loads");
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: "tag", values: arguments[0] } })
              .then(result => done(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")) }))))
              .catch(error => done([{ id: "axe-error", help: String(error), targets: [] }]));
        "#;
        let found = self
            .client
            .execute_async(script, vec![json!(WCAG_TAGS)])
            .await
            .expect("axe-core runs");
        serde_json::from_value(found).expect("axe-core's violations")
    }
}

/// One rule axe-core found broken, and where.
#[derive(Debug, serde::Deserialize)]
pub struct Violation {
    pub id: String,
    #[serde(default)]
    pub impact: Option<String>,
    pub help: String,
    pub targets: Vec<String>,
}

/// Reads chromedriver's start-up line, "… started successfully on port N.".
fn driver_port(driver: &mut Child) -> u16 {
    let stdout = driver.stdout.take().expect("chromedriver's output");
    let mut lines = BufReader::new(stdout).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split_once("on port ")
                .filter(|_| line.contains("started successfully"))
                .and_then(|(_, port)| port.trim_end_matches('.').trim().parse().ok())
        })
        .expect("chromedriver says its port");
    // Keep reading, so that chromedriver never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    port
}
