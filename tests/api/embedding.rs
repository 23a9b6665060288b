//! Embedding (`DIALOGO_FRAME_ANCESTORS`): the registration and newsletter forms, and where they
//! lead, asked for with `?embed=1`, may be framed by the sites named, in a bare layout; every
//! other page, and every page without the setting, refuses every frame. A framed form keeps
//! `embed=1` through its refusals and its redirect, with a form token of its own.

use scraper::Html;

use crate::for_both_backends;
use crate::form_support::FormToken;
use crate::helpers::{Backend, Reply, TestApp, spawn_app_with};
use crate::public_pages::select;
use crate::register_page::{FILLED, event};
use crate::security_process::{binary, database_for};

for_both_backends!(
    without_the_setting_no_page_may_be_framed_even_asked_for_embedded,
    with_the_setting_only_the_forms_asked_for_embedded_may_be_framed_and_are_bare,
    a_framed_form_keeps_embed_through_its_refusal_and_its_redirect,
    a_framed_form_and_the_sites_own_take_only_their_own_tokens,
    a_bad_frame_ancestors_value_stops_start_up_with_one_line,
);

/// The newsletter form as a person fills it in.
const SUBSCRIBING: [(&str, &str); 4] = [
    ("email", "ana@example.org"),
    ("language", "de"),
    ("consent", "true"),
    ("privacy_notice_version", dialogo::site::BUILT_IN_VERSION),
];

const ANCESTORS: &str = "https://cms.example.org https://www.example.org:8443";

async fn embedding_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[("DIALOGO_FRAME_ANCESTORS", ANCESTORS.into())]).await
}

fn policy(reply: &Reply) -> &str {
    reply.headers["content-security-policy"].to_str().unwrap()
}

fn assert_never_framed(reply: &Reply, what: &str) {
    assert!(
        policy(reply).contains("frame-ancestors 'none';"),
        "{what}: {}",
        policy(reply)
    );
    assert_eq!(reply.headers["x-frame-options"], "DENY", "{what}");
}

fn assert_framed_by_the_sites(reply: &Reply, what: &str) {
    let expected = format!("frame-ancestors {ANCESTORS};");
    assert!(
        policy(reply).contains(&expected),
        "{what}: {}",
        policy(reply)
    );
    assert!(reply.headers.get("x-frame-options").is_none(), "{what}");
}

/// Whether the page wears the site's frame: its header, footer and skip link.
fn wears_the_sites_frame(reply: &Reply) -> bool {
    let page = Html::parse_document(&reply.text);
    !select(&page, "header, footer, a.site-skip-link").is_empty()
}

/// The bare layout of a framed page: no header, footer, skip link or switcher; but `lang`, a
/// title, the `main` landmark with its heading, and never indexed.
fn assert_bare(reply: &Reply, what: &str) {
    assert!(!wears_the_sites_frame(reply), "{what}: {}", reply.text);
    let page = Html::parse_document(&reply.text);
    assert_eq!(select(&page, "html[lang]").len(), 1, "{what}");
    assert_eq!(select(&page, "main#main h1").len(), 1, "{what}");
    assert!(
        select(&page, "nav, link[rel=alternate]").is_empty(),
        "{what}"
    );
    assert_eq!(select(&page, "meta[name=robots][content=noindex]").len(), 1);
    assert!(!select(&page, "title").is_empty(), "{what}");
}

async fn without_the_setting_no_page_may_be_framed_even_asked_for_embedded(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    let (_, slug) = event(&app).await;
    for path in [
        format!("/events/{slug}/register?embed=1"),
        format!("/events/{slug}/register/sent?embed=1"),
        "/newsletter?embed=1".to_owned(),
        "/newsletter/sent?embed=1".to_owned(),
    ] {
        let reply = app.get(&path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_never_framed(&reply, &path);
        assert!(wears_the_sites_frame(&reply), "{path}: {}", reply.text);
    }
}

async fn with_the_setting_only_the_forms_asked_for_embedded_may_be_framed_and_are_bare(
    backend: Backend,
) {
    let Some(app) = embedding_app(backend).await else {
        return;
    };
    let (_, slug) = event(&app).await;
    let embeddable = [
        format!("/events/{slug}/register"),
        format!("/events/{slug}/register/sent"),
        "/newsletter".to_owned(),
        "/newsletter/sent".to_owned(),
    ];
    for path in &embeddable {
        let framed = app.get(&format!("{path}?lang=fr&embed=1")).await;
        assert_eq!(framed.status, 200, "{path}");
        assert_framed_by_the_sites(&framed, path);
        assert_bare(&framed, path);
        assert!(framed.text.contains("lang=\"fr\""), "{path}");
        // The same page on its own is the site's, and refuses frames.
        let own = app.get(path).await;
        assert_never_framed(&own, path);
        assert!(wears_the_sites_frame(&own), "{path}");
    }
    for path in [
        "/?embed=1".to_owned(),
        "/events?embed=1".to_owned(),
        format!("/events/{slug}?embed=1"),
        "/privacy?embed=1".to_owned(),
        "/newsletter/confirm/no-such-token-0123456789?embed=1".to_owned(),
        format!("/events/{slug}/register?embed=yes"),
    ] {
        assert_never_framed(&app.get(&path).await, &path);
    }

    // Links that leave the form open a new tab, and say so.
    let form = app.get(&format!("/events/{slug}/register?embed=1")).await;
    let page = Html::parse_document(&form.text);
    let leaving = select(&page, "main a[href]");
    assert_eq!(leaving.len(), 2, "the privacy notice and the event");
    let en = dialogo::i18n::Locale::parse("en").unwrap();
    for link in leaving {
        assert_eq!(link.value().attr("target"), Some("_blank"));
        assert_eq!(link.value().attr("rel"), Some("noopener"));
        let text = link.text().collect::<String>();
        assert!(text.contains(&en.text("page-new-tab")), "{text}");
    }
    let set = form.headers["set-cookie"].to_str().unwrap();
    assert!(set.starts_with("__Host-dialogo_csrf_embed="), "{set}");
    for part in [
        "HttpOnly",
        "SameSite=None",
        "Secure",
        "Partitioned",
        "Path=/",
    ] {
        assert!(set.contains(part), "{set}");
    }
}

async fn a_framed_form_keeps_embed_through_its_refusal_and_its_redirect(backend: Backend) {
    let Some(app) = embedding_app(backend).await else {
        return;
    };
    let (_, slug) = event(&app).await;
    let forms = [
        (
            format!("/events/{slug}/register?embed=1&lang=de"),
            FILLED.to_vec(),
            format!("/events/{slug}/register/sent?lang=de&embed=1"),
        ),
        (
            "/newsletter?embed=1&lang=de".to_owned(),
            SUBSCRIBING.to_vec(),
            "/newsletter/sent?lang=de&embed=1".to_owned(),
        ),
    ];
    for (path, filled, sent) in forms {
        let token = app.form_token(&path).await;
        let form = Html::parse_document(&app.get(&path).await.text);
        // With no `action`, the form posts to the framed page's own address.
        assert_eq!(select(&form, "form[method=post]:not([action])").len(), 1);

        let wrong: Vec<_> = filled
            .iter()
            .map(|&(name, value)| (name, if name == "email" { "nobody" } else { value }))
            .collect();
        let refused = app.post_form_with(&path, &token, &wrong, "en").await;
        assert_eq!(refused.status, 422, "{path}: {}", refused.text);
        assert_bare(&refused, &path);
        assert_framed_by_the_sites(&refused, &path);
        assert!(refused.text.contains("lang=\"de\""), "{path}");

        let taken = app.post_form_with(&path, &token, &filled, "en").await;
        assert_eq!(taken.status, 303, "{path}: {}", taken.text);
        assert_eq!(taken.headers["location"], sent.as_str(), "{path}");
        let shown = app.get(&sent).await;
        assert_bare(&shown, &sent);
        assert_framed_by_the_sites(&shown, &sent);
    }
    // The honeypot's pretended success leads to the framed page too.
    let path = format!("/events/{slug}/register?embed=1&lang=de");
    let token = app.form_token(&path).await;
    let mut bot = FILLED.to_vec();
    bot.push(("website", "http://spam.example"));
    let taken = app.post_form_with(&path, &token, &bot, "en").await;
    assert_eq!(
        taken.headers["location"],
        format!("/events/{slug}/register/sent?lang=de&embed=1").as_str()
    );
}

async fn a_framed_form_and_the_sites_own_take_only_their_own_tokens(backend: Backend) {
    let Some(app) = embedding_app(backend).await else {
        return;
    };
    let own = app.form_token("/newsletter").await;
    let framed = app.form_token("/newsletter?embed=1").await;
    assert!(
        own.cookie.starts_with("__Host-dialogo_csrf="),
        "{}",
        own.cookie
    );
    assert!(framed.cookie.starts_with("__Host-dialogo_csrf_embed="));
    let fields = SUBSCRIBING;
    // Each form refuses the other's token, and the refusal is framed where the form was.
    let crossed = [
        ("/newsletter?embed=1", &own, true),
        ("/newsletter", &framed, false),
    ];
    for (path, token, embedded) in crossed {
        let reply = app.post_form_with(path, token, &fields, "en").await;
        assert_eq!(reply.status, 403, "{path}: {}", reply.text);
        assert_eq!(wears_the_sites_frame(&reply), !embedded, "{path}");
        if embedded {
            assert_framed_by_the_sites(&reply, path);
        } else {
            assert_never_framed(&reply, path);
        }
    }
    // A framed form sent with both cookies is judged by its own.
    let both = FormToken {
        cookie: format!("{}; {}", own.cookie, framed.cookie),
        value: framed.value.clone(),
    };
    let reply = app
        .post_form_with("/newsletter?embed=1", &both, &fields, "en")
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
}

async fn a_bad_frame_ancestors_value_stops_start_up_with_one_line(backend: Backend) {
    let (_database, settings) = database_for(backend);
    let dir = tempfile::tempdir().unwrap();
    for value in [
        "cms.example.org",
        "http://cms.example.org",
        "https://cms.example.org/x",
    ] {
        let output = binary()
            .arg("serve")
            .current_dir(dir.path())
            .envs(settings.iter().map(|(k, v)| (*k, v.as_str())))
            .env("DIALOGO_BIND", "127.0.0.1:0")
            .env("DIALOGO_FRAME_ANCESTORS", value)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{value}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("DIALOGO_FRAME_ANCESTORS"), "{stderr}");
    }
}
