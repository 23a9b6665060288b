//! Inviting subscribers and named invitees: personal links, registering without a second
//! opt-in, no address invited twice, one follow-up, declines and single-purpose tokens.

use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Backend, Reply, TestApp, berlin_webinar};
use crate::newsletter_flow::unsubscribe;
use crate::newsletter_issues::import;
use crate::registration_flow::{Mail, WAIT, act, app_with_sink, parse_mails, register, registrant};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    invitees_register_through_the_form_and_decline_through_the_api,
    subscribers_and_invitees_are_invited_once_and_answer_through_their_links,
    invitees_come_as_csv_and_bad_batches_change_nothing,
);

/// The token of the first `/invitations/{action}/TOKEN` link in a mail.
fn invitation_token(mail: &Mail, action: &str) -> String {
    mail.token(&format!("/invitations/{action}/"))
}

async fn invite(app: &TestApp, event_id: &str, body: &Value) -> Reply {
    app.admin_post(
        &format!("/api/v1/admin/events/{event_id}/invitations"),
        body,
    )
    .await
}

fn mail_to<'a>(mails: &'a [Mail], to: &str) -> &'a Mail {
    mails
        .iter()
        .rev()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("no mail to {to}"))
}

async fn statuses(app: &TestApp, event_id: &str) -> Value {
    let reply = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}/invitations"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

fn status_of(list: &Value, email: &str) -> String {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == email)
        .map(|i| i["status"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("{email} not invited: {list}"))
}

/// An app with four confirmed subscribers (de, es, fr, en) and a published event's id.
pub async fn setup(backend: Backend) -> Option<(TestApp, SmtpSink, String)> {
    let (app, sink) = app_with_sink(backend, &[]).await?;
    let report = import(
        &app,
        "email,name,language,topics,consent_at,consent_source\n\
         sub.de@example.org,Jonas Weber,de,e-governance,2026-01-10,fair\n\
         sub.es@example.org,,es,,2026-01-10,fair\n\
         sub.fr@example.org,,fr,e-governance,2026-01-10,fair\n\
         sub.climate@example.org,,en,climate,2026-01-10,fair\n",
    )
    .await;
    assert_eq!(report.body["confirmed"], 4, "{}", report.text);
    let event = app.publish_event(&berlin_webinar()).await;
    Some((app, sink, event["id"].as_str().unwrap().to_owned()))
}

async fn subscribers_and_invitees_are_invited_once_and_answer_through_their_links(
    backend: Backend,
) {
    let Some((app, sink, event_id)) = setup(backend).await else {
        return;
    };
    // An unsubscribed subscriber is never invited.
    let gone = import(
        &app,
        "email,language,consent_at,consent_source\ngone@example.org,en,2026-01-10,fair\n",
    )
    .await;
    assert_eq!(gone.status, 200);
    let list = app
        .admin_get("/api/v1/admin/newsletter/subscribers?language=en")
        .await;
    let gone_id = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == "gone@example.org")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    unsubscribe(&app, &gone_id).await;

    let batch = json!({
        "subscribers": {"topics": ["e-governance"]},
        "invitees": [
            {"name": "Giorgi Maisuradze", "email": "mayor@kutaisi.example.org",
             "organisation": "City of Kutaisi", "organisation_type": "municipality",
             "country": "GE", "language": "en"},
            {"name": "Ana Morales", "email": "ana@cdmx.example.org",
             "organisation": "Ciudad de México", "organisation_type": "municipality",
             "country": "MX", "language": "es"}
        ]
    });
    let reply = invite(&app, &event_id, &batch).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    // e-governance readers (de, fr) and the one without topics (es); not climate, not gone.
    assert_eq!(
        (reply.body["total"].as_i64(), reply.body["skipped"].as_i64()),
        (Some(5), Some(0))
    );
    let mails = parse_mails(&sink.wait_for(5, WAIT).await);
    let subjects: Vec<(&str, &str)> = mails
        .iter()
        .map(|m| (m.to.as_str(), m.subject.as_str()))
        .collect();
    assert!(
        subjects.contains(&(
            "sub.de@example.org",
            &*format!("Einladung: {}", berlin_webinar()["title"].as_str().unwrap())
        )),
        "{subjects:?}"
    );
    assert!(
        mail_to(&mails, "sub.fr@example.org")
            .subject
            .starts_with("Invitation")
    );
    assert!(
        mail_to(&mails, "sub.es@example.org")
            .subject
            .starts_with("Invitación")
    );
    assert!(
        mail_to(&mails, "ana@cdmx.example.org")
            .subject
            .starts_with("Invitación")
    );
    assert!(
        mails
            .iter()
            .all(|m| m.to != "sub.climate@example.org" && m.to != "gone@example.org")
    );
    let mayor = mail_to(&mails, "mayor@kutaisi.example.org");
    assert!(mayor.text.contains("60 seats left."), "{}", mayor.text);
    assert!(
        !mayor.text.contains("meet.example.org"),
        "no access link in invitations"
    );
    assert!(
        mail_to(&mails, "sub.de@example.org")
            .text
            .contains("/newsletter/unsubscribe/")
    );

    // The personal link opens a form filled in from the invitation; a GET registers nobody.
    let register_token = invitation_token(mayor, "register");
    let page = app
        .get(&format!("/invitations/register/{register_token}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("value=\"City of Kutaisi\""),
        "{}",
        page.text
    );
    // Choices are named in the reader's language, languages each in its own.
    for option in [
        "<option value=\"municipality\" selected>Municipality</option>",
        "<option value=\"ngo\">Non-governmental organisation</option>",
    ] {
        assert!(page.text.contains(option), "{option}: {}", page.text);
    }
    let form = scraper::Html::parse_document(&page.text);
    let chosen = crate::public_pages::select(&form, "input[name=language][checked]");
    assert_eq!(chosen[0].value().attr("value"), Some("en"));
    let portuguese = crate::public_pages::select(&form, "label[lang=pt]");
    assert_eq!(
        portuguese[0].text().collect::<String>(),
        "Português (Brasil)"
    );
    assert_eq!(
        status_of(
            &statuses(&app, &event_id).await,
            "mayor@kutaisi.example.org"
        ),
        "sent"
    );

    // An invitation token cannot confirm a registration.
    assert_eq!(act(&app, "confirm", &register_token).await.status, 404);

    // Registering through the token with the invited address confirms at once.
    let mut body = registrant("mayor@kutaisi.example.org");
    body["invitation_token"] = json!(register_token);
    let registered = register(&app, &event_id, &body).await;
    assert_eq!(
        (registered.status, registered.body["status"].as_str()),
        (200, Some("confirmed")),
        "{}",
        registered.text
    );
    let confirmation = parse_mails(&sink.wait_for(6, WAIT).await).pop().unwrap();
    assert_eq!(confirmation.to, "mayor@kutaisi.example.org");
    assert!(
        confirmation.text.contains("meet.example.org"),
        "confirmed: access link"
    );
    let again = register(&app, &event_id, &body).await;
    assert_eq!((again.status, again.code()), (409, "token_used"));

    // Through Ana's link with another address: the normal double opt-in.
    let ana = mail_to(&mails, "ana@cdmx.example.org");
    let mut other = registrant("assistant@cdmx.example.org");
    other["invitation_token"] = json!(invitation_token(ana, "register"));
    assert_eq!(register(&app, &event_id, &other).await.status, 202);
    let opt_in = parse_mails(&sink.wait_for(7, WAIT).await).pop().unwrap();
    assert_eq!(opt_in.to, "assistant@cdmx.example.org");
    assert!(opt_in.text.contains("/registrations/confirm/"));

    // The French reader declines.
    let decline = invitation_token(mail_to(&mails, "sub.fr@example.org"), "decline");
    let declined = app
        .post_form(&format!("/invitations/decline/{decline}"), &[])
        .await;
    assert_eq!(declined.status, 200, "{}", declined.text);

    // A second batch invites nobody twice.
    let second = invite(&app, &event_id, &batch).await;
    assert_eq!(second.status, 202, "{}", second.text);
    assert_eq!(
        (
            second.body["total"].as_i64(),
            second.body["skipped"].as_i64()
        ),
        (Some(0), Some(5))
    );
    assert_eq!(
        second.body["skipped_invitees"][0]["reason"],
        "already_registered"
    );

    let list = statuses(&app, &event_id).await;
    assert_eq!(status_of(&list, "mayor@kutaisi.example.org"), "registered");
    assert_eq!(status_of(&list, "sub.fr@example.org"), "declined");
    assert_eq!(status_of(&list, "ana@cdmx.example.org"), "sent");
    assert_eq!(list["counts"]["total"], 5);

    // The follow-up reaches only those who neither registered nor declined: de, es, Ana.
    let follow_up = app
        .admin_post(
            &format!("/api/v1/admin/events/{event_id}/invitations/follow-up"),
            &json!({}),
        )
        .await;
    assert_eq!(
        (follow_up.status, follow_up.body["queued"].as_u64()),
        (202, Some(3)),
        "{}",
        follow_up.text
    );
    let all = app.quiet_mails(&sink).await;
    assert_eq!(
        all.len(),
        10,
        "the five invitations, two answers and three follow-ups"
    );
    let mut reminded: Vec<&str> = all[7..].iter().map(|m| m.to.as_str()).collect();
    reminded.sort();
    assert_eq!(
        reminded,
        [
            "ana@cdmx.example.org",
            "sub.de@example.org",
            "sub.es@example.org"
        ]
    );
    assert!(
        all[7..]
            .iter()
            .all(|m| m.subject.contains("Erinnerung") || m.subject.contains("Recordatorio"))
    );
    let twice = app
        .admin_post(
            &format!("/api/v1/admin/events/{event_id}/invitations/follow-up"),
            &json!({}),
        )
        .await;
    assert_eq!(twice.body["queued"], 0, "one follow-up only");
    assert_eq!(app.quiet_mails(&sink).await.len(), 10);
}

async fn invitees_come_as_csv_and_bad_batches_change_nothing(backend: Backend) {
    let Some((app, sink, event_id)) = setup(backend).await else {
        return;
    };
    let bad = invite(
        &app,
        &event_id,
        &json!({"invitees": [{"email": "ok@example.org"}, {"email": "broken"}]}),
    )
    .await;
    assert_eq!(
        (bad.status, bad.field()),
        (422, "invitees[1].email"),
        "{}",
        bad.text
    );
    let empty = invite(
        &app,
        &event_id,
        &json!({"subscribers": null, "invitees": []}),
    )
    .await;
    assert_eq!(empty.status, 422);
    let bad_csv = app
        .send(
            app.client
                .post(app.url(&format!("/api/v1/admin/events/{event_id}/invitations")))
                .bearer_auth(&app.admin_token)
                .header("Content-Type", "text/csv")
                .body("name,email,language\nA,a@example.org,en\nB,b@example.org,xx\n"),
        )
        .await;
    assert_eq!(
        (bad_csv.status, bad_csv.field()),
        (422, "line 3.language"),
        "{}",
        bad_csv.text
    );
    assert_eq!(
        statuses(&app, &event_id).await["counts"]["total"],
        0,
        "nothing written"
    );

    let csv = app
        .send(
            app.client
                .post(app.url(&format!("/api/v1/admin/events/{event_id}/invitations")))
                .bearer_auth(&app.admin_token)
                .header("Content-Type", "text/csv")
                .body(
                    "name,email,organisation,organisation_type,country,language\n\
                       Nino Beridze,nino@tbilisi.example.org,City of Tbilisi,municipality,GE,en\n\
                       Jonas Weber,jonas@bonn.example.org,Stadt Bonn,municipality,DE,de\n",
                ),
        )
        .await;
    assert_eq!(
        (csv.status, csv.body["total"].as_i64()),
        (202, Some(2)),
        "{}",
        csv.text
    );
    let mails = parse_mails(&sink.wait_for(2, WAIT).await);
    assert!(
        mail_to(&mails, "jonas@bonn.example.org")
            .subject
            .starts_with("Einladung")
    );

    let draft = app.create_event(&berlin_webinar()).await;
    let refused = invite(
        &app,
        draft["id"].as_str().unwrap(),
        &json!({"invitees": [{"email": "x@example.org"}]}),
    )
    .await;
    assert_eq!(
        (refused.status, refused.code()),
        (409, "event_not_published")
    );
}

async fn invitees_register_through_the_form_and_decline_through_the_api(backend: Backend) {
    let Some((app, sink, event_id)) = setup(backend).await else {
        return;
    };
    let batch = json!({"invitees": [
        {"name": "Giorgi Maisuradze", "email": "mayor@kutaisi.example.org",
         "organisation": "City of Kutaisi", "organisation_type": "municipality",
         "country": "GE", "language": "en"},
        {"name": "Ana Morales", "email": "ana@cdmx.example.org", "language": "es"}
    ]});
    assert_eq!(invite(&app, &event_id, &batch).await.status, 202);
    let mails = app.quiet_mails(&sink).await;
    assert_eq!(mails.len(), 2);

    // The form behind the registration link, as a browser posts it.
    let register_token = invitation_token(mail_to(&mails, "mayor@kutaisi.example.org"), "register");
    let form = [
        ("name", "Giorgi Maisuradze"),
        ("email", "mayor@kutaisi.example.org"),
        ("organisation", "City of Kutaisi"),
        ("organisation_type", "municipality"),
        ("country", "GE"),
        ("language", "en"),
        ("consent", "true"),
    ];
    let path = format!("/invitations/register/{register_token}");
    let page = app.post_form(&path, &form).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let again = app.post_form(&path, &form).await;
    assert_eq!(
        again.status, 409,
        "a used link registers nobody: {}",
        again.text
    );

    // The decline link's token, through the API, as a client website sends it.
    let decline = invitation_token(mail_to(&mails, "ana@cdmx.example.org"), "decline");
    let decline_api = |token: String| {
        let app = &app;
        async move {
            app.send(
                app.client
                    .post(app.url("/api/v1/invitations/decline"))
                    .json(&json!({"token": token})),
            )
            .await
        }
    };
    let declined = decline_api(decline.clone()).await;
    assert_eq!(
        (declined.status, &declined.body),
        (200, &json!({"status": "declined"})),
        "{}",
        declined.text
    );
    assert_eq!(decline_api(decline).await.status, 409);
    assert_eq!(
        decline_api(register_token).await.status,
        404,
        "a register token declines nothing"
    );

    let list = statuses(&app, &event_id).await;
    assert_eq!(status_of(&list, "mayor@kutaisi.example.org"), "registered");
    assert_eq!(status_of(&list, "ana@cdmx.example.org"), "declined");
    let registrations = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}/registrations"))
        .await;
    assert_eq!(
        registrations.body["counts"]["confirmed"], 1,
        "{}",
        registrations.text
    );
    let follow_up = app
        .admin_post(
            &format!("/api/v1/admin/events/{event_id}/invitations/follow-up"),
            &json!({}),
        )
        .await;
    assert_eq!(follow_up.body["queued"], 0, "both answered");
    let all = app.quiet_mails(&sink).await;
    assert_eq!(all.len(), 3, "the two invitations and the seat");
    assert!(
        all[2].to == "mayor@kutaisi.example.org"
            && all[2].subject.starts_with("Registration confirmed:")
    );
}
