//! A browser for the console's tests: it keeps its cookies (the form token's and the
//! session's), sends each form with the token its page carries, and follows no redirect, so
//! that each answer can be looked at. The tests' public URL is https, so the cookies are
//! `Secure`; the jar sends them to the test server over plain http all the same.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::NaiveDateTime;
use reqwest::header::{COOKIE, SET_COOKIE};

use dialogo::accounts::{self, NewAccount, sign_in};
use dialogo::db::models::User;

use crate::form_support::token_fields;
use crate::helpers::{Reply, TestApp};

/// A strong password for the accounts of the tests.
pub const PASSWORD: &str = "Tlaxcala-mesa-verde-2027";

/// A browser with a cookie jar, at `address`.
pub struct Browser {
    address: String,
    client: reqwest::Client,
    jar: Mutex<BTreeMap<String, String>>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            address: app.address.clone(),
            client,
            jar: Mutex::new(BTreeMap::new()),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(format!("{}{path}", self.address)))
            .await
    }

    /// Opens `path` and sends its form with `fields` and the form token the page carries.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let page = self.get(path).await;
        let token = token_fields(&page.text)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{path} has no form: {}", page.text));
        self.post(path, &token, fields).await
    }

    /// POSTs `fields` to `path` with the form token `token`.
    pub async fn post(&self, path: &str, token: &str, fields: &[(&str, &str)]) -> Reply {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token)];
        form.extend_from_slice(fields);
        let url = format!("{}{path}", self.address);
        self.send(self.client.post(url).form(&form)).await
    }

    /// Signs in with `email` and `password` and returns the answer.
    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        self.submit(
            "/console/sign-in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let cookies = {
            let jar = self.jar.lock().unwrap();
            let pairs: Vec<String> = jar.iter().map(|(n, v)| format!("{n}={v}")).collect();
            pairs.join("; ")
        };
        let mut request = request.header("Accept-Language", "en");
        if !cookies.is_empty() {
            request = request.header(COOKIE, cookies);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        self.keep_cookies(&headers);
        let text = response.text().await.unwrap();
        Reply {
            status,
            body: serde_json::Value::Null,
            text,
            headers,
        }
    }
}

impl Browser {
    /// Keeps the cookies `headers` set, and forgets those they remove.
    fn keep_cookies(&self, headers: &reqwest::header::HeaderMap) {
        let mut jar = self.jar.lock().unwrap();
        for header in headers.get_all(SET_COOKIE) {
            let header = header.to_str().unwrap();
            let (pair, attributes) = header.split_once(';').unwrap_or((header, ""));
            let (name, value) = pair.split_once('=').unwrap();
            let removed = value.is_empty() || attributes.contains("Max-Age=0");
            if removed {
                jar.remove(name.trim());
            } else {
                jar.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }
}

/// Where an answer redirects to.
pub fn location(reply: &Reply) -> &str {
    reply
        .headers
        .get("location")
        .map_or("", |v| v.to_str().unwrap())
}

/// The `Set-Cookie` header an answer sets for `name`, if any.
pub fn set_cookie<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply
        .headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// "Now" on the app's clock, stopped there.
pub fn stop_clock(app: &TestApp) -> NaiveDateTime {
    let now = dialogo::db::now();
    app.app_state.clock.set(now);
    app.app_state.clock.now()
}

/// Opens an account of `role` with the password [`PASSWORD`] (set through a link, as its
/// holder would) and returns it.
pub async fn account_with_password(app: &TestApp, email: &str, role: &str) -> User {
    let (email, role) = (email.to_owned(), role.to_owned());
    app.with_conn(move |conn| {
        let account = NewAccount {
            email: &email,
            name: "Ana Morales",
            role: &role,
            language: "en",
        };
        let user = accounts::create_user(conn, &account).unwrap();
        sign_in::set_password(conn, &user, PASSWORD).unwrap();
        User::find(conn, &user.id).unwrap().unwrap()
    })
    .await
}

/// The audit log's actions about the account `user_id`, oldest first.
pub async fn audited(app: &TestApp, user_id: &str) -> Vec<String> {
    let filter = dialogo::db::models::AuditFilter {
        object_id: Some(user_id.to_owned()),
        ..Default::default()
    };
    app.with_conn(move |conn| {
        dialogo::db::models::AuditEntry::list(conn, &filter, None, None)
            .unwrap()
            .into_iter()
            .map(|entry| entry.action)
            .collect()
    })
    .await
}
