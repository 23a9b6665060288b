//! The console's second factor (TOTP codes from an app, each taken once) and the "forgot your
//! password" mail, whose link goes through the outbox and the SMTP sink, works once and
//! expires within the hour; an unknown address gets the same answer and no mail.

use chrono::TimeDelta;
use scraper::Html;

use dialogo::accounts::two_factor::code_at;
use dialogo::db::models::User;

use crate::console_support::{
    Browser, PASSWORD, account_with_password, audited, location, stop_clock,
};
use crate::for_both_backends;
use crate::helpers::{Backend, TestApp};
use crate::mails::WAIT;
use crate::newsletter_flow::path_of;
use crate::on_both_backends;
use crate::public_pages::select;
use crate::registration_flow::{app_with_sink, parse_mails};

on_both_backends!(
    a_second_factor_once_switched_on_is_asked_for_and_each_code_works_once,
    a_required_second_factor_is_set_up_before_anything_else,
);

for_both_backends!(a_reset_mail_carries_a_link_that_works_once_within_the_hour);

/// The key the two-factor page shows while the factor is off.
fn shown_secret(html: &str) -> String {
    let page = Html::parse_document(html);
    let secret = select(&page, "input[name=secret]");
    secret[0].value().attr("value").unwrap().to_owned()
}

async fn a_second_factor_once_switched_on_is_asked_for_and_each_code_works_once(app: TestApp) {
    let user = account_with_password(&app, "gil@example.org", "coordinator").await;
    let now = stop_clock(&app);
    let browser = Browser::new(&app);
    assert_eq!(
        browser.sign_in("gil@example.org", PASSWORD).await.status,
        303
    );
    let setup = browser.get("/console/account/two-factor").await;
    assert_eq!(setup.status, 200, "{}", setup.text);
    assert!(setup.text.contains("otpauth://totp/"), "{}", setup.text);
    let secret = shown_secret(&setup.text);

    let wrong = browser
        .submit(
            "/console/account/two-factor",
            &[("secret", &secret), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert_eq!(
        shown_secret(&wrong.text),
        secret,
        "the key being set up stays"
    );
    let code = code_at(&secret, now).unwrap();
    let on = browser
        .submit(
            "/console/account/two-factor",
            &[("secret", &secret), ("code", &code)],
        )
        .await;
    assert_eq!(on.status, 303, "{}", on.text);

    let token = crate::form_support::token_fields(&browser.get("/console").await.text).remove(0);
    browser.post("/console/sign-out", &token, &[]).await;
    let password_only = browser.sign_in("gil@example.org", PASSWORD).await;
    assert_eq!(location(&password_only), "/console/sign-in/code");
    assert_eq!(
        location(&browser.get("/console").await),
        "/console/sign-in/code"
    );
    assert_eq!(
        location(&browser.get("/console/users").await),
        "/console/sign-in"
    );

    let replayed = browser
        .submit("/console/sign-in/code", &[("code", &code)])
        .await;
    assert_eq!(
        replayed.status, 422,
        "the code that switched it on was taken"
    );
    app.app_state.clock.advance(TimeDelta::seconds(30));
    let fresh = code_at(&secret, app.app_state.clock.now()).unwrap();
    let signed = browser
        .submit("/console/sign-in/code", &[("code", &fresh)])
        .await;
    assert_eq!(signed.status, 303, "{}", signed.text);
    assert_eq!(location(&signed), "/console");
    assert_eq!(browser.get("/console").await.status, 200);

    let actions = audited(&app, &user.id).await;
    assert_eq!(
        actions,
        [
            "signed_in",
            "two_factor_enabled",
            "signed_out",
            "sign_in_failed",
            "signed_in"
        ]
    );
}

async fn a_required_second_factor_is_set_up_before_anything_else(app: TestApp) {
    let user = account_with_password(&app, "hugo@example.org", "admin").await;
    let id = user.id.clone();
    app.with_conn(move |conn| User::require_second_factor(conn, &id, true).unwrap())
        .await;
    let now = stop_clock(&app);
    let browser = Browser::new(&app);
    assert_eq!(
        browser.sign_in("hugo@example.org", PASSWORD).await.status,
        303
    );
    let detour = "/console/account/two-factor";
    assert_eq!(location(&browser.get("/console").await), detour);
    assert_eq!(
        location(&browser.get("/console/users").await),
        "/console/sign-in"
    );
    let setup = browser.get(detour).await;
    let secret = shown_secret(&setup.text);
    let code = code_at(&secret, now).unwrap();
    let on = browser
        .submit(detour, &[("secret", &secret), ("code", &code)])
        .await;
    assert_eq!(on.status, 303, "{}", on.text);
    assert_eq!(browser.get("/console/users").await.status, 200);

    app.app_state.clock.advance(TimeDelta::seconds(30));
    let code = code_at(&secret, app.app_state.clock.now()).unwrap();
    let off = browser.submit(detour, &[("code", &code)]).await;
    assert_eq!(off.status, 409, "required: it stays on");
    let id = user.id.clone();
    let stored = app
        .with_conn(move |conn| User::find(conn, &id).unwrap().unwrap())
        .await;
    assert_eq!(stored.totp_secret.as_deref(), Some(secret.as_str()));

    // The app is lost: the factor is reset, the sessions end, and a new one is set up.
    app.with_conn(move |conn| {
        dialogo::accounts::sign_in::reset_second_factor(conn, &stored).unwrap()
    })
    .await;
    assert_eq!(location(&browser.get("/console").await), "/console/sign-in");
    assert_eq!(
        browser.sign_in("hugo@example.org", PASSWORD).await.status,
        303
    );
    assert_eq!(location(&browser.get("/console").await), detour);
    let fresh = shown_secret(&browser.get(detour).await.text);
    assert_ne!(fresh, secret, "a new key");
}

async fn a_reset_mail_carries_a_link_that_works_once_within_the_hour(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let user = account_with_password(&app, "ines@example.org", "viewer").await;
    stop_clock(&app);
    let browser = Browser::new(&app);
    let unknown = browser
        .submit(
            "/console/password-reset",
            &[("email", "nobody@example.org")],
        )
        .await;
    let known = browser
        .submit("/console/password-reset", &[("email", "Ines@example.org")])
        .await;
    assert_eq!((unknown.status, known.status), (303, 303));
    assert_eq!(location(&unknown), location(&known), "the same answer");
    let sent = browser.get(location(&known)).await;
    assert_eq!(sent.status, 200);

    let mails = app.quiet_mails(&sink).await;
    assert_eq!(mails.len(), 1, "one mail, to the account only");
    let mail = mails.into_iter().next().unwrap();
    assert_eq!(mail.to, "ines@example.org");
    let (url, _) = mail.link("/console/password/");
    let link = path_of(&url);

    let new_password = "Oaxaca-lluvia-tarde-2028";
    let fields = [
        ("password", new_password),
        ("password_repeated", new_password),
    ];
    assert_eq!(browser.submit(&link, &fields).await.status, 303);
    assert_eq!(browser.get(&link).await.status, 409, "once");
    assert_eq!(
        browser.sign_in("ines@example.org", PASSWORD).await.status,
        422
    );
    assert_eq!(
        browser
            .sign_in("ines@example.org", new_password)
            .await
            .status,
        303
    );

    // A second link expires after an hour.
    browser
        .submit("/console/password-reset", &[("email", "ines@example.org")])
        .await;
    let mail = parse_mails(&sink.wait_for(2, WAIT).await).remove(1);
    assert_eq!(mail.to, "ines@example.org");
    let (url, _) = mail.link("/console/password/");
    app.app_state.clock.advance(TimeDelta::minutes(61));
    assert_eq!(browser.get(&path_of(&url)).await.status, 410);

    let actions = audited(&app, &user.id).await;
    let issued = actions
        .iter()
        .filter(|a| *a == "password_link_issued")
        .count();
    assert_eq!(issued, 2, "{actions:?}");
}
