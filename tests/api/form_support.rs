//! Forms as a browser sends them: the form token (cookie and hidden field) a page hands out,
//! and a POST carrying both.

use reqwest::header::{COOKIE, HeaderMap, SET_COOKIE};
use scraper::{Html, Selector};

use crate::helpers::{Api, Reply};

/// The form token a page gave a browser: its cookie (`name=value`) and the value the
/// hidden field carries.
#[derive(Debug, Clone)]
pub struct FormToken {
    pub cookie: String,
    pub value: String,
}

/// The form token cookie an answer sets, if any.
pub fn token_cookie(headers: &HeaderMap) -> Option<FormToken> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        // The site's own (`…dialogo_csrf`) or a framed form's (`…dialogo_csrf_embed`).
        .find(|pair| pair.contains("dialogo_csrf=") || pair.contains("dialogo_csrf_embed="))
        .map(|pair| FormToken {
            cookie: pair.to_owned(),
            value: pair.split_once('=').unwrap().1.to_owned(),
        })
}

/// The values of the `csrf_token` fields of a page's forms.
pub fn token_fields(html: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    let selector = Selector::parse("form input[name=csrf_token]").unwrap();
    page.select(&selector)
        .filter_map(|input| input.value().attr("value").map(str::to_owned))
        .collect()
}

impl Api {
    /// Opens `path` as a browser without cookies would and returns the form token it was
    /// given; every form on the page carries it.
    pub async fn form_token(&self, path: &str) -> FormToken {
        let reply = self.get(path).await;
        let token = token_cookie(&reply.headers)
            .unwrap_or_else(|| panic!("{path} sets no form token: {:?}", reply.headers));
        for field in token_fields(&reply.text) {
            assert_eq!(
                field, token.value,
                "{path}: the field carries the cookie's value"
            );
        }
        token
    }

    /// POSTs `fields` to `path` with `token`, as the page's form does, in `language`.
    pub async fn post_form_with(
        &self,
        path: &str,
        token: &FormToken,
        fields: &[(&str, &str)],
        language: &str,
    ) -> Reply {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token.value.as_str())];
        form.extend_from_slice(fields);
        // As a browser shows it: a redirect (303 after a form was taken) is not followed.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        self.send(
            client
                .post(self.url(path))
                .header(COOKIE, &token.cookie)
                .header("Accept-Language", language)
                .form(&form),
        )
        .await
    }

    /// Opens `path`, then POSTs `fields` with the form token it gave, as a browser does.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.form_token(path).await;
        self.post_form_with(path, &token, fields, "en").await
    }
}
