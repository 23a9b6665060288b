//! `/events/{slug}/register`: a visitor registers from a browser — every field of the API,
//! refusals beside their fields in the reader's language with the values kept, a honeypot
//! that writes nothing, closed events without a form, and an invitation filling it in.

use scraper::Html;

use crate::for_both_backends;
use crate::form_support::FormToken;
use crate::helpers::{Backend, Reply, TestApp, berlin_webinar};
use crate::public_pages::select;
use crate::registration_flow::app_with_sink;
use crate::security_support::{newest_link_mail, statuses};

for_both_backends!(
    a_visitor_registers_through_the_form_and_confirms_with_the_mails_link,
    each_refused_field_is_named_beside_it_in_the_readers_language_with_the_values_kept,
    a_filled_in_honeypot_is_answered_as_a_success_and_writes_nothing,
);

/// The form's fields as a person fills them in.
pub const FILLED: [(&str, &str); 9] = [
    ("name", "Tamar Kapanadze"),
    ("email", "tamar@example.org"),
    ("organisation", "City of Kutaisi"),
    ("organisation_type", "municipality"),
    ("country", "GE"),
    ("position", "Head of Digital Services"),
    ("language", "pt"),
    ("timezone", "Asia/Tbilisi"),
    ("consent", "true"),
];

/// Published; its id and slug.
pub async fn event(app: &TestApp) -> (String, String) {
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap().to_owned();
    (id, event["slug"].as_str().unwrap().to_owned())
}

/// Every mail the outbox holds, in any state.
pub async fn outbox_total(app: &TestApp) -> i64 {
    let reply = app.admin_get("/api/v1/admin/outbox?limit=1").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let counts = &reply.body["counts"];
    ["pending", "sent", "failed"]
        .iter()
        .map(|s| counts[s].as_i64().unwrap_or(0))
        .sum()
}

/// [`FILLED`] with `changes`.
pub fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    FILLED
        .iter()
        .map(|(name, value)| {
            let changed = changes.iter().find(|(n, _)| n == name);
            (*name, changed.map_or(*value, |(_, v)| *v))
        })
        .collect()
}

/// The attribute `name` of the first element `selector` finds.
pub fn attr<'a>(page: &'a Html, selector: &str, name: &str) -> Option<&'a str> {
    select(page, selector)
        .first()
        .and_then(|e| e.value().attr(name))
}

async fn a_visitor_registers_through_the_form_and_confirms_with_the_mails_link(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let (id, slug) = event(&app).await;
    let path = format!("/events/{slug}/register");
    let event_page = Html::parse_document(&app.get(&format!("/events/{slug}")).await.text);
    assert_eq!(select(&event_page, &format!("a[href='{path}']")).len(), 1);

    let token = app.form_token(&format!("{path}?lang=pt")).await;
    let form = Html::parse_document(&app.get(&format!("{path}?lang=pt")).await.text);
    for (name, autocomplete) in [
        ("name", Some("name")),
        ("email", Some("email")),
        ("organisation", Some("organization")),
        ("country", Some("country")),
        ("organisation_type", None),
        ("timezone", None),
        ("consent", None),
    ] {
        let input = format!("#{name}");
        assert!(!select(&form, &input).is_empty(), "{name}");
        assert_eq!(
            select(&form, &format!("label[for={name}]")).len(),
            1,
            "{name} is labelled"
        );
        if let Some(autocomplete) = autocomplete {
            assert_eq!(attr(&form, &input, "autocomplete"), Some(autocomplete));
        }
    }
    assert_eq!(select(&form, "fieldset legend").len(), 1, "the languages");
    assert_eq!(select(&form, "input[name=language][lang=de]").len(), 0);
    assert_eq!(
        select(&form, "label[lang=de]").len(),
        1,
        "Deutsch in itself"
    );
    assert_eq!(select(&form, "h1").len(), 1);
    assert!(attr(&form, "#country option[value=GE]", "value").is_some());
    assert!(
        attr(
            &form,
            "#timezone option[value='America/Mexico_City']",
            "value"
        )
        .is_some()
    );
    assert_eq!(
        attr(&form, "[aria-hidden=true] #website", "tabindex"),
        Some("-1")
    );
    let privacy = select(&form, "#consent-hint a");
    let privacy = privacy[0].value().attr("href").unwrap();
    assert_eq!(privacy, "https://events.example.org/privacy");
    assert!(attr(&form, "script[src^='/assets/forms.']", "src").is_some());

    let sent = app.post_form_with(&path, &token, &FILLED, "pt").await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    let location = sent.headers["location"].to_str().unwrap();
    assert_eq!(location, format!("/events/{slug}/register/sent?lang=pt"));
    let inbox = app.get(location).await;
    let pt = dialogo::i18n::Locale::parse("pt").unwrap();
    assert!(inbox.text.contains(&pt.text("invitation-page-check-inbox")));
    assert!(
        !inbox.text.contains("tamar@example.org"),
        "no personal data echoed"
    );

    // The mail's link opens a page whose button confirms, with the form token.
    let mail = newest_link_mail(&sink, "tamar@example.org", "confirm").await;
    assert!(mail.subject.starts_with(&pt.text("confirm-subject")));
    let confirm = format!(
        "/registrations/confirm/{}",
        mail.token("/registrations/confirm/")
    );
    let confirmed = app.post_form(&confirm, &[]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    assert_eq!(
        statuses(&app, &id).await,
        [("tamar@example.org".to_owned(), "confirmed".to_owned())]
    );
    let registrations = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    let row = &registrations.body["items"][0];
    assert_eq!(row["timezone"], "Asia/Tbilisi");
    assert_eq!(row["language"], "pt");
    assert_eq!(row["country"], "GE");
}

/// The refused form: status, each field's message beside it, linked from the summary.
fn assert_refused(reply: &Reply, language: &str, refused: &[(&str, &str)]) -> Html {
    assert_eq!(reply.status, 422, "{}", reply.text);
    let page = Html::parse_document(&reply.text);
    let t = dialogo::i18n::Locale::parse(language).unwrap();
    let summary = select(&page, "#error-summary[role=alert]");
    assert_eq!(summary.len(), 1, "{}", reply.text);
    for (field, message) in refused {
        let text = t.text(message);
        let error = select(&page, &format!("#{field}-error"));
        assert!(!error.is_empty(), "{field}: {}", reply.text);
        let shown = error[0].text().collect::<String>();
        assert!(shown.contains(&text), "{field}: {shown} / {text}");
        let target = if *field == "language" {
            "language-1"
        } else {
            field
        };
        let link = select(&page, &format!("#error-summary a[href='#{target}']"));
        assert_eq!(link.len(), 1, "{field} is linked from the summary");
        let input = format!("#{target}");
        if *field != "language" {
            assert_eq!(attr(&page, &input, "aria-invalid"), Some("true"), "{field}");
            let described = attr(&page, &input, "aria-describedby").unwrap_or("");
            assert!(described.contains(&format!("{field}-error")), "{field}");
        }
    }
    page
}

async fn each_refused_field_is_named_beside_it_in_the_readers_language_with_the_values_kept(
    backend: Backend,
) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let (id, slug) = event(&app).await;
    let path = format!("/events/{slug}/register");
    let token: FormToken = app.form_token(&path).await;
    for language in ["de", "pt"] {
        let reply = app
            .post_form_with(
                &path,
                &token,
                &with(&[("email", "tamar@"), ("name", " "), ("consent", "")]),
                language,
            )
            .await;
        let page = assert_refused(
            &reply,
            language,
            &[
                ("name", "form-error-name"),
                ("email", "form-error-email"),
                ("consent", "form-error-consent"),
            ],
        );
        assert_eq!(attr(&page, "html", "lang"), Some(language));
        assert_eq!(attr(&page, "#email", "value"), Some("tamar@"), "kept");
        assert_eq!(
            attr(&page, "#organisation", "value"),
            Some("City of Kutaisi")
        );
        assert!(attr(&page, "#country option[value=GE][selected]", "value").is_some());
        assert!(
            attr(
                &page,
                "#timezone option[value='Asia/Tbilisi'][selected]",
                "value"
            )
            .is_some()
        );
        assert!(attr(&page, "#consent[checked]", "id").is_none());

        let reply = app
            .post_form_with(
                &path,
                &token,
                &with(&[
                    ("organisation", ""),
                    ("organisation_type", "parish"),
                    ("country", "XX"),
                    ("language", "ka"),
                    ("timezone", "Mars/Olympus"),
                ]),
                language,
            )
            .await;
        assert_refused(
            &reply,
            language,
            &[
                ("organisation", "form-error-organisation"),
                ("organisation_type", "form-error-organisation-type"),
                ("country", "form-error-country"),
                ("language", "form-error-language"),
                ("timezone", "form-error-timezone"),
            ],
        );
        let long = "x".repeat(201);
        let reply = app
            .post_form_with(&path, &token, &[("position", long.as_str())], language)
            .await;
        let page = Html::parse_document(&reply.text);
        let shown = select(&page, "#position-error")[0]
            .text()
            .collect::<String>();
        assert!(shown.contains("200"), "{shown}");
    }
    assert!(statuses(&app, &id).await.is_empty(), "nothing written");
    assert_eq!(outbox_total(&app).await, 0);
    assert_eq!(sink.accepted(), 0);
}

async fn a_filled_in_honeypot_is_answered_as_a_success_and_writes_nothing(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let (id, slug) = event(&app).await;
    let path = format!("/events/{slug}/register");
    let token = app.form_token(&path).await;
    let mut fields = FILLED.to_vec();
    fields.push(("website", "https://spam.example.org"));
    let reply = app.post_form_with(&path, &token, &fields, "en").await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    assert_eq!(
        reply.headers["location"],
        format!("/events/{slug}/register/sent?lang=en").as_str()
    );
    assert!(statuses(&app, &id).await.is_empty());
    assert_eq!(outbox_total(&app).await, 0);
    assert_eq!(sink.accepted(), 0);
}
