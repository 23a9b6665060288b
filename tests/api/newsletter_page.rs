//! `/newsletter`: a reader subscribes from a browser — the topics of the events, the
//! language, consent under the privacy notice whose version the consent record keeps;
//! refusals beside their fields in the reader's language; a honeypot that writes nothing.

use scraper::Html;
use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::newsletter_flow::{link, path_of, subscriber_status};
use crate::public_pages::select;
use crate::register_page::outbox_total;
use crate::registration_flow::{app_with_sink, parse_mails};

for_both_backends!(
    a_reader_subscribes_through_the_form_and_confirms_with_the_mails_link,
    refused_fields_are_named_beside_them_with_the_values_kept,
    a_filled_in_honeypot_subscribes_nobody,
);

const FILLED: [(&str, &str); 6] = [
    ("email", "ana@example.org"),
    ("name", "Ana Morales"),
    ("language", "de"),
    ("topics", "e-governance"),
    ("consent", "true"),
    ("privacy_notice_version", dialogo::site::BUILT_IN_VERSION),
];

async fn a_reader_subscribes_through_the_form_and_confirms_with_the_mails_link(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    app.publish_event(&berlin_webinar()).await;
    let token = app.form_token("/newsletter?lang=de").await;
    let form = Html::parse_document(&app.get("/newsletter?lang=de").await.text);
    let topics: Vec<_> = select(&form, "fieldset input[name=topics]")
        .iter()
        .filter_map(|i| i.value().attr("value"))
        .collect();
    assert_eq!(topics, ["e-governance", "urban-development"]);
    let version = select(&form, "input[name=privacy_notice_version]");
    assert_eq!(
        version[0].value().attr("value"),
        Some(dialogo::site::BUILT_IN_VERSION)
    );
    assert_eq!(select(&form, "label[for=email]").len(), 1);
    assert_eq!(select(&form, "#email[autocomplete=email]").len(), 1);
    assert_eq!(select(&form, "#consent-hint a[href$='/privacy']").len(), 1);
    assert_eq!(select(&form, "[aria-hidden=true] #website").len(), 1);

    let sent = app
        .post_form_with("/newsletter", &token, &FILLED, "de")
        .await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    let location = sent.headers["location"].to_str().unwrap();
    assert_eq!(location, "/newsletter/sent?lang=de");
    let de = dialogo::i18n::Locale::parse("de").unwrap();
    assert!(
        app.get(location)
            .await
            .text
            .contains(&de.text("newsletter-form-check-inbox"))
    );

    let mails = parse_mails(&sink.wait_for(1, crate::registration_flow::WAIT).await);
    let (confirm_url, _) = link(&mails[0], "confirm");
    let confirmed = app.post_form(&path_of(&confirm_url), &[]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("confirmed")
    );
    let export = app
        .admin_get("/api/v1/admin/people?email=ana@example.org")
        .await;
    let subscription = &export.body["subscriptions"][0];
    assert_eq!(subscription["topics"], json!(["e-governance"]));
    assert_eq!(subscription["language"], "de");
    let first = &subscription["consents"][0];
    assert_eq!(
        first["source"],
        "web_form",
        "{export:?}",
        export = export.text
    );
    assert_eq!(
        first["privacy_notice_version"],
        dialogo::site::BUILT_IN_VERSION
    );
}

async fn refused_fields_are_named_beside_them_with_the_values_kept(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let token = app.form_token("/newsletter").await;
    for language in ["de", "pt"] {
        let t = dialogo::i18n::Locale::parse(language).unwrap();
        let fields = [
            ("email", "ana@example"),
            ("name", "Ana\u{7}Morales"),
            ("language", "en"),
            ("privacy_notice_version", dialogo::site::BUILT_IN_VERSION),
        ];
        let reply = app
            .post_form_with("/newsletter", &token, &fields, language)
            .await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        let page = Html::parse_document(&reply.text);
        for (field, message) in [
            ("email", "form-error-email"),
            ("name", "form-error-one-line"),
            ("consent", "form-error-consent"),
        ] {
            let shown = select(&page, &format!("#{field}-error"))[0]
                .text()
                .collect::<String>();
            assert!(shown.contains(&t.text(message)), "{field}: {shown}");
            let summary = format!("#error-summary a[href='#{field}']");
            assert_eq!(select(&page, &summary).len(), 1, "{field}");
            let input = select(&page, &format!("#{field}"));
            assert_eq!(input[0].value().attr("aria-invalid"), Some("true"));
        }
        let email = select(&page, "#email");
        assert_eq!(email[0].value().attr("value"), Some("ana@example"));
        assert_eq!(select(&page, "#language-2[checked]").len(), 1, "en kept");
    }
    assert_eq!(subscriber_status(&app, "ana@example").await, None);
    assert_eq!(outbox_total(&app).await, 0);
    assert_eq!(sink.accepted(), 0);
}

async fn a_filled_in_honeypot_subscribes_nobody(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut fields = FILLED.to_vec();
    fields.push(("website", "spam"));
    let reply = app.post_form("/newsletter", &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    assert_eq!(reply.headers["location"], "/newsletter/sent?lang=en");
    assert_eq!(subscriber_status(&app, "ana@example.org").await, None);
    assert_eq!(outbox_total(&app).await, 0);
    assert_eq!(sink.accepted(), 0);
}
