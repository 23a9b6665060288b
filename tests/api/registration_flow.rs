//! Registering, confirming, waitlisting and withdrawing, checked through the mails that
//! arrive at a real SMTP server.

use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Api, Backend, Reply, TestApp, berlin_webinar, spawn_app_with};
pub use crate::mails::{Mail, WAIT, parse_mails};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    a_registrant_confirms_waits_and_moves_up_as_mails_tell_them,
    fifty_concurrent_registrations_never_overbook_ten_seats,
    registering_twice_reveals_nothing_and_keeps_one_row,
    approval_mode_holds_confirmed_registrations_for_a_coordinator,
    requests_after_an_edit_see_the_edited_event,
    a_registrant_writing_portuguese_is_answered_in_portuguese,
);

/// Each waitlisted registrant's mail (composed before the place was certain, perhaps for a
/// whole batch at once, and again where it was decided if the guess was wrong) tells the same
/// place as the answer to the confirmation did. `outcomes[i]` answered the registrant that
/// `opt_ins[i]` went to.
pub fn assert_waitlist_mails_tell_the_places(outcomes: &[Reply], opt_ins: &[Mail], mails: &[Mail]) {
    for (outcome, opt_in) in outcomes.iter().zip(opt_ins) {
        let Some(position) = outcome.body["waitlist_position"].as_i64() else {
            continue;
        };
        let mail = mails
            .iter()
            .find(|m| m.to == opt_in.to && m.subject.starts_with("Waiting list:"))
            .expect("a waitlist mail");
        let text = mail.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&format!("You are number {position} on the waiting list")),
            "{text}"
        );
    }
}

/// The token of the first `/registrations/{action}/TOKEN` link in a mail.
pub fn token(mail: &Mail, action: &str) -> String {
    mail.token(&format!("/registrations/{action}/"))
}

pub fn registrant(email: &str) -> Value {
    json!({
        "name": "Tamar Kapanadze",
        "email": email,
        "organisation": "City of Kutaisi",
        "organisation_type": "municipality",
        "country": "GE",
        "language": "en",
        "timezone": "Asia/Tbilisi",
        "consent": true
    })
}

pub async fn register(app: &Api, event_id: &str, body: &Value) -> Reply {
    app.send(
        app.client
            .post(app.url(&format!("/api/v1/events/{event_id}/registrations")))
            .json(body),
    )
    .await
}

pub async fn act(app: &Api, action: &str, token: &str) -> Reply {
    app.send(
        app.client
            .post(app.url(&format!("/api/v1/registrations/{action}")))
            .json(&json!({"token": token})),
    )
    .await
}

/// Waits for `count` mails in all and returns the newest mail to `to`.
async fn mail_to(sink: &SmtpSink, count: usize, to: &str) -> Mail {
    let mails = parse_mails(&sink.wait_for(count, WAIT).await);
    mails
        .into_iter()
        .rev()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("no mail to {to}"))
}

async fn a_registrant_writing_portuguese_is_answered_in_portuguese(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let mut body = registrant("joana@example.org");
    body["language"] = json!("pt");
    let reply = register(&app, event["id"].as_str().unwrap(), &body).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let opt_in = mail_to(&sink, 1, "joana@example.org").await;
    let pt = dialogo::i18n::Locale::parse("pt").unwrap();
    assert!(
        opt_in.subject.starts_with(&pt.text("confirm-subject")),
        "{}",
        opt_in.subject
    );
    let text = opt_in.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let hours = dialogo::db::models::CONFIRMATION_WINDOW.num_hours();
    let intro = pt.text_with("confirm-intro", &[("hours", hours.into())]);
    assert!(text.contains(&intro), "confirm-intro: {text}");
    for id in ["confirm-button", "closing", "label-when"] {
        assert!(text.contains(&pt.text(id)), "{id}: {text}");
    }
}

pub async fn app_with_sink(
    backend: Backend,
    extra: &[(&str, String)],
) -> Option<(TestApp, SmtpSink)> {
    let sink = SmtpSink::start();
    let mut settings = vec![("DIALOGO_MAIL_URL", sink.url())];
    settings.extend(extra.iter().cloned());
    let app = spawn_app_with(backend, &settings).await?;
    Some((app, sink))
}

async fn a_registrant_confirms_waits_and_moves_up_as_mails_tell_them(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["capacity"] = json!(1);
    let event = app.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();

    let reply = register(&app, id, &registrant("ana@example.org")).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let opt_in = mail_to(&sink, 1, "ana@example.org").await;
    assert!(
        opt_in
            .subject
            .starts_with("Please confirm your registration:"),
        "{}",
        opt_in.subject
    );
    assert!(opt_in.calendar_method.is_none());
    assert!(
        !opt_in.text.contains("meet.example.org"),
        "the access link before confirmation"
    );
    let confirm_token = token(&opt_in, "confirm");
    assert!(confirm_token.len() >= 43, "tokens carry at least 256 bits");

    // Opening the link (as a mail scanner does) only shows a page with a button.
    let page = app
        .get(&format!("/registrations/confirm/{confirm_token}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("<form method=\"post\">") && page.text.contains("Confirm registration")
    );
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(
        list.body["items"][0]["status"], "pending",
        "a GET confirmed the registration"
    );

    let confirmed = act(&app, "confirm", &confirm_token).await;
    assert_eq!(
        (confirmed.status, confirmed.body["status"].as_str()),
        (200, Some("confirmed")),
        "{}",
        confirmed.text
    );
    let welcome = mail_to(&sink, 2, "ana@example.org").await;
    assert!(welcome.subject.starts_with("Registration confirmed:"));
    assert_eq!(welcome.calendar_method.as_deref(), Some("REQUEST"));
    assert!(
        welcome.text.contains("https://meet.example.org/j/83520011"),
        "confirmed registrants get the access link"
    );
    assert!(welcome.text.contains("15:00–17:30 Georgia Time (GMT+4)"));
    assert!(
        welcome
            .html
            .contains("href=\"https://meet.example.org/j/83520011\"")
    );
    let ana_withdraw = token(&welcome, "withdraw");
    assert!(
        welcome
            .html
            .contains(&format!("/registrations/withdraw/{ana_withdraw}"))
    );
    let reused = act(&app, "confirm", &confirm_token).await;
    assert_eq!((reused.status, reused.code()), (409, "token_used"));

    let public = app.get(&format!("/api/v1/events/{id}")).await;
    assert_eq!(
        public.body["registration"],
        json!({"state": "waitlist", "seats_left": 0})
    );
    assert!(!public.text.contains("ana@example.org"));

    register(&app, id, &registrant("ben@example.org")).await;
    let ben_opt_in = mail_to(&sink, 3, "ben@example.org").await;
    let waiting = act(&app, "confirm", &token(&ben_opt_in, "confirm")).await;
    assert_eq!(
        waiting.body,
        json!({"status": "waitlisted", "waitlist_position": 1})
    );
    let waitlisted = mail_to(&sink, 4, "ben@example.org").await;
    assert!(waitlisted.subject.starts_with("Waiting list:"));
    assert!(waitlisted.text.contains("number 1 on the waiting list"));
    assert!(
        !waitlisted.text.contains("meet.example.org"),
        "waitlisted registrants must not see the access link"
    );
    assert!(waitlisted.calendar_method.is_none());

    // Ana withdraws through the page's button; Ben moves up in the same transaction.
    let page = app
        .get(&format!("/registrations/withdraw/{ana_withdraw}"))
        .await;
    assert!(page.text.contains("Withdraw registration"));
    let done = app
        .post_form(&format!("/registrations/withdraw/{ana_withdraw}"), &[])
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert!(done.text.contains("You have withdrawn."));
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    let statuses: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["withdrawn", "confirmed"]);
    let mails = parse_mails(&sink.wait_for(6, WAIT).await);
    let goodbye = mails
        .iter()
        .find(|m| m.to == "ana@example.org" && m.subject.starts_with("Withdrawal confirmed:"))
        .unwrap();
    assert_eq!(goodbye.calendar_method.as_deref(), Some("CANCEL"));
    let promoted = mails
        .iter()
        .find(|m| m.to == "ben@example.org" && m.subject.starts_with("A seat is now available:"))
        .unwrap();
    assert!(
        promoted
            .text
            .contains("https://meet.example.org/j/83520011")
    );
    assert_eq!(promoted.calendar_method.as_deref(), Some("REQUEST"));

    let again = act(&app, "withdraw", &ana_withdraw).await;
    assert_eq!(again.status, 409);
    let unknown = act(&app, "confirm", "no-such-token").await;
    assert_eq!((unknown.status, unknown.field()), (404, "token"));

    // Ben withdraws too, with nobody waiting: the seat the event was last found without is
    // free again, and the next registrant gets it; the one after waits.
    let ben_withdraw = token(promoted, "withdraw");
    assert_eq!(act(&app, "withdraw", &ben_withdraw).await.status, 200);
    register(&app, id, &registrant("cleo@example.org")).await;
    let cleo_opt_in = mail_to(&sink, 8, "cleo@example.org").await;
    let seated = act(&app, "confirm", &token(&cleo_opt_in, "confirm")).await;
    assert_eq!(
        seated.body,
        json!({"status": "confirmed", "waitlist_position": null})
    );
    // The event had seemed full, so her seat mail was composed only once the seat was hers:
    // it is the whole seat mail all the same.
    let cleo_welcome = mail_to(&sink, 9, "cleo@example.org").await;
    assert!(cleo_welcome.subject.starts_with("Registration confirmed:"));
    assert_eq!(cleo_welcome.calendar_method.as_deref(), Some("REQUEST"));
    assert!(
        cleo_welcome
            .text
            .contains("https://meet.example.org/j/83520011")
    );
    assert!(cleo_welcome.text.contains("/registrations/withdraw/"));
    register(&app, id, &registrant("dan@example.org")).await;
    let dan_opt_in = mail_to(&sink, 10, "dan@example.org").await;
    let waiting = act(&app, "confirm", &token(&dan_opt_in, "confirm")).await;
    assert_eq!(
        waiting.body,
        json!({"status": "waitlisted", "waitlist_position": 1})
    );
}

async fn fifty_concurrent_registrations_never_overbook_ten_seats(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["capacity"] = json!(10);
    let event = app.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();

    let emails: Vec<String> = (0..50).map(|i| format!("p{i}@example.org")).collect();
    let bodies: Vec<Value> = emails.iter().map(|e| registrant(e)).collect();
    let replies =
        futures_util::future::join_all(bodies.iter().map(|b| register(&app, id, b))).await;
    assert!(replies.iter().all(|r| r.status == 202));
    let mails = parse_mails(&sink.wait_for(50, WAIT).await);
    let tokens: Vec<String> = mails.iter().map(|m| token(m, "confirm")).collect();

    let outcomes =
        futures_util::future::join_all(tokens.iter().map(|t| act(&app, "confirm", t))).await;
    let confirmed = outcomes
        .iter()
        .filter(|r| r.body["status"] == "confirmed")
        .count();
    let mut positions: Vec<i64> = outcomes
        .iter()
        .filter(|r| r.body["status"] == "waitlisted")
        .map(|r| r.body["waitlist_position"].as_i64().unwrap())
        .collect();
    positions.sort();
    assert_eq!(confirmed, 10, "overbooked or underbooked");
    assert_eq!(
        positions,
        (1..=40).collect::<Vec<i64>>(),
        "waitlist positions are not in arrival order"
    );

    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["counts"]["confirmed"], 10);
    assert_eq!(list.body["counts"]["waitlisted"], 40);

    // Three confirmed registrants withdraw at once: the first three on the waitlist move up.
    let all_mails = parse_mails(&sink.wait_for(100, WAIT).await);
    let confirmed_mails: Vec<&Mail> = all_mails
        .iter()
        .filter(|m| m.subject.starts_with("Registration confirmed:"))
        .collect();
    assert_eq!(confirmed_mails.len(), 10);
    assert_waitlist_mails_tell_the_places(&outcomes, &mails, &all_mails);
    let first_three: Vec<String> = outcomes
        .iter()
        .zip(&mails)
        .filter(|(r, _)| matches!(r.body["waitlist_position"].as_i64(), Some(1..=3)))
        .map(|(_, m)| m.to.clone())
        .collect();
    let withdraw_tokens: Vec<String> = confirmed_mails
        .iter()
        .take(3)
        .map(|m| token(m, "withdraw"))
        .collect();
    let withdrawals =
        futures_util::future::join_all(withdraw_tokens.iter().map(|t| act(&app, "withdraw", t)))
            .await;
    assert!(
        withdrawals.iter().all(|r| r.status == 200),
        "{:?}",
        withdrawals.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let list = app
        .admin_get(&format!(
            "/api/v1/admin/events/{id}/registrations?limit=500"
        ))
        .await;
    assert_eq!(list.body["counts"]["confirmed"], 10);
    assert_eq!(list.body["counts"]["waitlisted"], 37);
    assert_eq!(list.body["counts"]["withdrawn"], 3);
    let items = list.body["items"].as_array().unwrap();
    for email in &first_three {
        let row = items.iter().find(|r| r["email"] == email.as_str()).unwrap();
        assert_eq!(row["status"], "confirmed", "{email} was not promoted first");
    }
    let mut left: Vec<i64> = items
        .iter()
        .filter_map(|r| r["waitlist_position"].as_i64())
        .collect();
    left.sort();
    assert_eq!(left, (1..=37).collect::<Vec<i64>>());
    // The waitlist's count followed the promotions: a newcomer is 38th in line.
    assert_eq!(
        register(&app, id, &registrant("late@example.org"))
            .await
            .status,
        202
    );
    let late_mail = mail_to(&sink, 107, "late@example.org").await;
    let late = act(&app, "confirm", &token(&late_mail, "confirm")).await;
    assert_eq!(
        late.body,
        json!({"status": "waitlisted", "waitlist_position": 38})
    );
    let public = app.get(&format!("/api/v1/events/{id}")).await;
    assert_eq!(public.body["registration"]["seats_left"], 0);
    let listed = app.get("/api/v1/events").await;
    assert_eq!(
        listed.body["items"][0]["registration"],
        json!({"state": "waitlist", "seats_left": 0})
    );
}

async fn registering_twice_reveals_nothing_and_keeps_one_row(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let first = register(&app, id, &registrant("twice@example.org")).await;
    let mut changed = registrant("TWICE@example.org");
    changed["name"] = json!("Someone Else");
    let second = register(&app, id, &changed).await;
    assert_eq!((first.status, &first.body), (second.status, &second.body));
    sink.wait_for(1, WAIT).await;
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["name"], "Tamar Kapanadze");
    // The repeated request within minutes sends no second mail.
    let outbox = app.admin_get("/api/v1/admin/outbox").await;
    assert_eq!(outbox.body["items"].as_array().unwrap().len(), 1);

    // The same address eight times at once: one row, one mail, eight identical answers.
    let body = registrant("racer@example.org");
    let replies = futures_util::future::join_all((0..8).map(|_| register(&app, id, &body))).await;
    assert!(
        replies
            .iter()
            .all(|r| r.status == 202 && r.body == first.body),
        "{:?}",
        replies.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    let outbox = app.admin_get("/api/v1/admin/outbox").await;
    assert_eq!(outbox.body["items"].as_array().unwrap().len(), 2);
    let mails = app.quiet_mails(&sink).await;
    let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    to.sort();
    assert_eq!(to, ["racer@example.org", "twice@example.org"]);
}

async fn approval_mode_holds_confirmed_registrations_for_a_coordinator(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["approval_required"] = json!(true);
    let event = app.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();
    for (i, email) in ["yes@example.org", "no@example.org"].iter().enumerate() {
        register(&app, id, &registrant(email)).await;
        let opt_in = mail_to(&sink, 2 * i + 1, email).await;
        let reply = act(&app, "confirm", &token(&opt_in, "confirm")).await;
        assert_eq!(reply.body["status"], "awaiting_approval");
        let held = mail_to(&sink, 2 * i + 2, email).await;
        assert!(held.subject.starts_with("Registration received:"));
        assert!(!held.text.contains("meet.example.org"));
    }
    let list = app
        .admin_get(&format!(
            "/api/v1/admin/events/{id}/registrations?status=awaiting_approval"
        ))
        .await;
    let rows = list.body["items"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    let row = |email: &str| {
        rows.iter().find(|r| r["email"] == email).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let base = format!("/api/v1/admin/events/{id}/registrations");
    let approved = app
        .admin_post(
            &format!("{base}/{}/approve", row("yes@example.org")),
            &json!({}),
        )
        .await;
    assert_eq!(
        (approved.status, approved.body["status"].as_str()),
        (200, Some("confirmed")),
        "{}",
        approved.text
    );
    let rejected = app
        .admin_post(
            &format!("{base}/{}/reject", row("no@example.org")),
            &json!({}),
        )
        .await;
    assert_eq!(rejected.body["status"], "rejected");
    let twice = app
        .admin_post(
            &format!("{base}/{}/approve", row("no@example.org")),
            &json!({}),
        )
        .await;
    assert_eq!((twice.status, twice.code()), (409, "not_awaiting_approval"));
    let mails = parse_mails(&sink.wait_for(6, WAIT).await);
    assert!(mails.iter().any(|m| m.to == "yes@example.org"
        && m.subject.starts_with("Registration confirmed:")
        && m.text.contains("meet.example.org")));
    assert!(
        mails.iter().any(
            |m| m.to == "no@example.org" && m.subject.starts_with("Registration not accepted:")
        )
    );
}

/// The subjects of the queued mails of `kind` to `to` (queued in the request's transaction).
async fn queued_subjects(app: &TestApp, kind: &str, to: &str) -> Vec<String> {
    let outbox = app.admin_get("/api/v1/admin/outbox?limit=100").await;
    outbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == kind && m["recipient"].as_str().unwrap().contains(to))
        .map(|m| m["subject"].as_str().unwrap().to_owned())
        .collect()
}

/// Registering and confirming read the event before their transaction, from a copy kept
/// between requests; an edit or a cancellation in between must still be what they act on.
async fn requests_after_an_edit_see_the_edited_event(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    assert_eq!(
        register(&app, id, &registrant("ana@example.org"))
            .await
            .status,
        202
    );
    let ana_opt_in = mail_to(&sink, 1, "ana@example.org").await;

    let renamed = app
        .admin_patch(
            &format!("/api/v1/admin/events/{id}"),
            &json!({"title": "Renamed webinar"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
    assert_eq!(
        register(&app, id, &registrant("ben@example.org"))
            .await
            .status,
        202
    );
    let ben = queued_subjects(&app, "registration_confirm", "ben@example.org").await;
    assert!(
        matches!(ben.as_slice(), [s] if s.ends_with("Renamed webinar")),
        "{ben:?}"
    );
    let confirmed = act(&app, "confirm", &token(&ana_opt_in, "confirm")).await;
    assert_eq!(confirmed.body["status"], "confirmed");
    let ana = queued_subjects(&app, "registration_confirmed", "ana@example.org").await;
    assert!(
        matches!(ana.as_slice(), [s] if s.ends_with("Renamed webinar")),
        "{ana:?}"
    );

    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let refused = register(&app, id, &registrant("carl@example.org")).await;
    assert_eq!((refused.status, refused.code()), (409, "event_cancelled"));
    assert!(
        queued_subjects(&app, "registration_confirm", "carl@example.org")
            .await
            .is_empty()
    );
}
