//! Signing in to the console: a password set through a single-use link, sessions in an
//! `HttpOnly` cookie that end when idle, at their limit, at signing out or when the account
//! is disabled; a generic refusal, a lockout after repeated failures and a limit per client;
//! pages by role; every step in the audit log.

use chrono::TimeDelta;
use scraper::Html;

use dialogo::accounts::sign_in::{SET_PASSWORD_LINK_WORKS, issue_password_link};
use dialogo::accounts::{self, NewAccount};
use dialogo::db::models::User;

use crate::console_support::{
    Browser, PASSWORD, account_with_password, audited, location, set_cookie, stop_clock,
};
use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(
    a_password_set_through_its_link_signs_in_until_signing_out,
    weak_passwords_and_used_links_are_refused_and_change_nothing,
    refusals_do_not_tell_whether_an_address_has_an_account_and_failures_lock_it,
    sessions_end_when_idle_at_their_limit_and_with_a_disabled_account,
    console_pages_answer_each_role_as_the_table_says,
    a_form_without_its_token_signs_nobody_in,
);

/// Opens an account without a password and returns it with a link to set one.
async fn account_with_link(app: &TestApp, email: &str) -> (User, String) {
    let now = stop_clock(app);
    let email = email.to_owned();
    app.with_conn(move |conn| {
        let account = NewAccount {
            email: &email,
            name: "Ana Morales",
            role: "coordinator",
            language: "es",
        };
        let user = accounts::create_user(conn, &account).unwrap();
        let token = issue_password_link(conn, &user, now, SET_PASSWORD_LINK_WORKS).unwrap();
        (user, format!("/console/password/{token}"))
    })
    .await
}

async fn a_password_set_through_its_link_signs_in_until_signing_out(app: TestApp) {
    let (user, link) = account_with_link(&app, "ana@example.org").await;
    let browser = Browser::new(&app);
    let form = browser.get(&link).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("ana@example.org"), "{}", form.text);
    assert_eq!(form.headers["cache-control"], "no-store");
    assert_eq!(form.headers["referrer-policy"], "no-referrer");
    let page = Html::parse_document(&form.text);
    assert_eq!(
        page.root_element().attr("lang"),
        Some("es"),
        "the holder's language"
    );
    assert_eq!(
        select(&page, "input[type=password][autocomplete=new-password]").len(),
        2
    );

    let set = browser
        .submit(
            &link,
            &[("password", PASSWORD), ("password_repeated", PASSWORD)],
        )
        .await;
    assert_eq!(set.status, 303, "{}", set.text);
    assert_eq!(location(&set), "/console/sign-in?password_set");

    assert_eq!(location(&browser.get("/console").await), "/console/sign-in");
    let signed = browser.sign_in("Ana@Example.org", PASSWORD).await;
    assert_eq!(signed.status, 303, "{}", signed.text);
    assert_eq!(location(&signed), "/console");
    let cookie = set_cookie(&signed, "__Host-dialogo_session").expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("Secure"), "over https: {cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");

    let home = browser.get("/console").await;
    assert_eq!(home.status, 200, "{}", home.text);
    assert!(home.text.contains("Ana Morales"), "{}", home.text);
    assert_eq!(home.headers["cache-control"], "no-store");

    let token = crate::form_support::token_fields(&home.text).remove(0);
    let out = browser.post("/console/sign-out", &token, &[]).await;
    assert_eq!(out.status, 303);
    assert_eq!(location(&out), "/console/sign-in?signed_out");
    assert_eq!(location(&browser.get("/console").await), "/console/sign-in");

    assert_eq!(
        audited(&app, &user.id).await,
        ["password_set", "signed_in", "signed_out"],
    );
}

async fn weak_passwords_and_used_links_are_refused_and_change_nothing(app: TestApp) {
    let (user, link) = account_with_link(&app, "ben@example.org").await;
    let browser = Browser::new(&app);
    let es = dialogo::i18n::Locale::parse("es").unwrap();
    let short = es.text_with("console-password-too-short", &[("min", 12.into())]);
    let guessable = es.text("console-password-easy-to-guess");
    let weak = [
        ("short-1!", &short),
        ("password1234", &guessable),
        ("ben@example.org", &guessable),
        ("AnaMoralesAnaMorales", &guessable),
    ];
    for (password, reason) in weak {
        let refused = browser
            .submit(
                &link,
                &[("password", password), ("password_repeated", password)],
            )
            .await;
        assert_eq!(refused.status, 422, "{password}: {}", refused.text);
        let page = Html::parse_document(&refused.text);
        let error = select(&page, "#password-error");
        assert_eq!(error.len(), 1, "{password}: {}", refused.text);
        let text: String = error[0].text().collect();
        assert!(text.contains(reason.as_str()), "{password}: {text}");
        assert_eq!(select(&page, "#error-summary a[href='#password']").len(), 1);
    }
    let mismatch = browser
        .submit(
            &link,
            &[("password", PASSWORD), ("password_repeated", "other")],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(
        mismatch.text.contains("password_repeated-error"),
        "{}",
        mismatch.text
    );
    let stored = app
        .with_conn({
            let id = user.id.clone();
            move |conn| User::find(conn, &id).unwrap().unwrap().password_hash
        })
        .await;
    assert_eq!(stored, None, "nothing was written");

    let fields = [("password", PASSWORD), ("password_repeated", PASSWORD)];
    assert_eq!(browser.submit(&link, &fields).await.status, 303);
    let again = browser.get(&link).await;
    assert_eq!(again.status, 409, "a link works once: {}", again.text);
    assert!(
        again.text.contains("/console/password-reset"),
        "{}",
        again.text
    );
    let unknown = browser.get("/console/password/dlgp_nothing").await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    // A link expires after its day.
    let (_, late) = account_with_link(&app, "carla@example.org").await;
    app.app_state
        .clock
        .advance(SET_PASSWORD_LINK_WORKS + TimeDelta::seconds(1));
    assert_eq!(browser.get(&late).await.status, 410);
}

async fn refusals_do_not_tell_whether_an_address_has_an_account_and_failures_lock_it(app: TestApp) {
    let user = account_with_password(&app, "dora@example.org", "viewer").await;
    stop_clock(&app);
    let browser = Browser::new(&app);
    let unknown = browser.sign_in("nobody@example.org", PASSWORD).await;
    let wrong = browser
        .sign_in("dora@example.org", "not the password")
        .await;
    assert_eq!((unknown.status, wrong.status), (422, 422));
    let message = |text: &str| {
        let page = Html::parse_document(text);
        select(&page, "#email-error")
            .first()
            .map(|e| e.text().collect::<String>())
            .unwrap_or_default()
    };
    assert!(!message(&unknown.text).is_empty());
    assert_eq!(
        message(&unknown.text),
        message(&wrong.text),
        "the same words"
    );
    assert!(
        !wrong.text.contains("not the password"),
        "a password is never shown again"
    );

    for _ in 0..4 {
        assert_eq!(
            browser.sign_in("dora@example.org", "wrong").await.status,
            422
        );
    }
    let locked = browser.sign_in("dora@example.org", PASSWORD).await;
    assert_eq!(locked.status, 422, "locked after five failures");
    assert_eq!(message(&locked.text), message(&wrong.text));
    app.app_state.clock.advance(TimeDelta::minutes(16));
    let open = browser.sign_in("dora@example.org", PASSWORD).await;
    assert_eq!(open.status, 303, "the lock ends: {}", open.text);

    let actions = audited(&app, &user.id).await;
    let failed = actions.iter().filter(|a| *a == "sign_in_failed").count();
    assert_eq!(failed, 6, "{actions:?}");
    assert_eq!(actions.last().map(String::as_str), Some("signed_in"));

    // Past the limit per client address, even a right password waits.
    let other = Browser::new(&app);
    let mut statuses = Vec::new();
    for _ in 0..25 {
        statuses.push(other.sign_in("nobody@example.org", "x").await.status);
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

async fn sessions_end_when_idle_at_their_limit_and_with_a_disabled_account(app: TestApp) {
    account_with_password(&app, "eva@example.org", "admin").await;
    stop_clock(&app);
    let browser = Browser::new(&app);
    assert_eq!(
        browser.sign_in("eva@example.org", PASSWORD).await.status,
        303
    );
    app.app_state.clock.advance(TimeDelta::minutes(29));
    assert_eq!(
        browser.get("/console").await.status,
        200,
        "used within 30 minutes"
    );
    app.app_state.clock.advance(TimeDelta::minutes(31));
    assert_eq!(
        location(&browser.get("/console").await),
        "/console/sign-in",
        "idle"
    );

    assert_eq!(
        browser.sign_in("eva@example.org", PASSWORD).await.status,
        303
    );
    for _ in 0..28 {
        app.app_state.clock.advance(TimeDelta::minutes(25));
        assert_eq!(browser.get("/console").await.status, 200);
    }
    app.app_state.clock.advance(TimeDelta::minutes(25));
    assert_eq!(
        location(&browser.get("/console").await),
        "/console/sign-in",
        "12 hours at most"
    );

    assert_eq!(
        browser.sign_in("eva@example.org", PASSWORD).await.status,
        303
    );
    app.with_conn(|conn| accounts::disable_user(conn, "eva@example.org").unwrap())
        .await;
    assert_eq!(location(&browser.get("/console").await), "/console/sign-in");
    assert_eq!(
        browser.sign_in("eva@example.org", PASSWORD).await.status,
        422
    );
}

async fn console_pages_answer_each_role_as_the_table_says(app: TestApp) {
    account_with_password(&app, "admin@example.org", "admin").await;
    account_with_password(&app, "viewer@example.org", "viewer").await;
    let admin = Browser::new(&app);
    assert_eq!(
        admin.sign_in("admin@example.org", PASSWORD).await.status,
        303
    );
    let users = admin.get("/console/users").await;
    assert_eq!(users.status, 200, "{}", users.text);
    assert!(users.text.contains("viewer@example.org"));
    assert!(!users.text.contains("system@dialogo.invalid"));

    let viewer = Browser::new(&app);
    assert_eq!(
        viewer.sign_in("viewer@example.org", PASSWORD).await.status,
        303
    );
    let refused = viewer.get("/console/users").await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = Html::parse_document(&refused.text);
    assert_eq!(select(&page, "h1").len(), 1);
    assert!(!refused.text.contains("admin@example.org"));
    let home = viewer.get("/console").await;
    assert!(
        !home.text.contains("/console/users"),
        "not offered to a viewer"
    );

    let stranger = Browser::new(&app);
    assert_eq!(
        location(&stranger.get("/console/users").await),
        "/console/sign-in"
    );
}

async fn a_form_without_its_token_signs_nobody_in(app: TestApp) {
    let user = account_with_password(&app, "fer@example.org", "viewer").await;
    let browser = Browser::new(&app);
    browser.get("/console/sign-in").await;
    let forged = browser
        .post(
            "/console/sign-in",
            "forged",
            &[("email", "fer@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, 403, "{}", forged.text);
    assert!(set_cookie(&forged, "__Host-dialogo_session").is_none());
    assert_eq!(location(&browser.get("/console").await), "/console/sign-in");
    let actions = audited(&app, &user.id).await;
    assert!(
        !actions.iter().any(|a| a.starts_with("sign")),
        "{actions:?}"
    );
}
