//! The console's invitations of an event, on the API's own services: a pasted list and
//! subscribers previewed (who is invited, who is left out and why) before anything is sent;
//! refused lines shown beside the list with their numbers and nothing written; a form changed
//! after its preview previewed again; the table of who answered; the one follow-up behind a
//! page naming how many get it; a viewer sees the table without the buttons and may not post.

use scraper::Html;
use serde_json::json;

use crate::console_ops::{recorded, signed_in, token_of};
use crate::console_support::location;
use crate::for_both_backends;
use crate::helpers::{Backend, TestApp};
use crate::invitations::setup;
use crate::public_pages::select;
use crate::registration_flow::WAIT;

for_both_backends!(
    a_pasted_list_is_previewed_then_sent_and_followed_up,
    refused_lines_and_changed_forms_send_nothing,
    a_viewer_sees_invitations_without_buttons_and_may_not_invite,
);

/// A list of four lines: one address already invited, one named twice, two new.
const LIST: &str = "name,email,organisation,organisation_type,country,language\n\
    Nino Beridze,nino@tbilisi.example.org,City of Tbilisi,municipality,GE,en\n\
    Jonas Weber,jonas@bonn.example.org,Stadt Bonn,municipality,DE,de\n\
    Nino again,NINO@tbilisi.example.org,,,,\n\
    Early Bird,early@example.org,,,,\n";

/// Invites `email` through the API, so that the list finds it invited already.
async fn invite_first(app: &TestApp, event_id: &str, email: &str) {
    let reply = app
        .admin_post(
            &format!("/api/v1/admin/events/{event_id}/invitations"),
            &json!({"invitees": [{"email": email}]}),
        )
        .await;
    assert_eq!(reply.status, 202, "{}", reply.text);
}

/// How many invitations the event has, as the API counts them.
async fn total(app: &TestApp, event_id: &str) -> i64 {
    let reply = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}/invitations"))
        .await;
    reply.body["counts"]["total"].as_i64().unwrap()
}

/// The value of the hidden field `name` on `html`.
fn hidden(html: &str, name: &str) -> String {
    let page = Html::parse_document(html);
    select(&page, &format!("input[type=hidden][name={name}]"))
        .first()
        .and_then(|e| e.value().attr("value"))
        .unwrap_or_else(|| panic!("no {name}: {html}"))
        .to_owned()
}

/// The texts of the cells of the table `id` on `html`, row by row.
fn cells(html: &str, id: &str) -> Vec<Vec<String>> {
    let page = Html::parse_document(html);
    select(&page, &format!("table#{id} tbody tr"))
        .iter()
        .map(|row| {
            row.child_elements()
                .map(|cell| cell.text().collect::<String>())
                .collect()
        })
        .collect()
}

async fn a_pasted_list_is_previewed_then_sent_and_followed_up(backend: Backend) {
    let Some((app, sink, event_id)) = setup(backend).await else {
        return;
    };
    invite_first(&app, &event_id, "early@example.org").await;
    sink.wait_for(1, WAIT).await;
    let (user, browser) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    let base = format!("/console/events/{event_id}/invitations");
    let event_page = browser.get(&format!("/console/events/{event_id}")).await;
    assert!(event_page.text.contains(&format!("href=\"{base}\"")));

    let token = token_of(&browser, &format!("{base}/new")).await;
    let fields = [
        ("subscribers", "true"),
        ("languages", "de"),
        ("languages", "es"),
        ("invitees", LIST),
    ];
    let preview = browser
        .post(&format!("{base}/preview"), &token, &fields)
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let invited: Vec<String> = cells(&preview.text, "to-invite")
        .into_iter()
        .map(|row| row[1].clone())
        .collect();
    assert_eq!(
        invited,
        ["nino@tbilisi.example.org", "jonas@bonn.example.org"]
    );
    assert_eq!(
        cells(&preview.text, "skipped"),
        [
            vec![
                "NINO@tbilisi.example.org".to_owned(),
                "named twice in the list".to_owned()
            ],
            vec!["early@example.org".to_owned(), "already invited".to_owned()],
        ]
    );
    assert!(
        preview
            .text
            .contains("2 newsletter subscribers will be invited."),
        "the German and the Spanish subscriber: {}",
        preview.text
    );
    assert!(preview.text.contains("Send 4 invitations"));
    assert_eq!(total(&app, &event_id).await, 1, "a preview writes nothing");

    let mut send = fields.to_vec();
    let digest = hidden(&preview.text, "previewed");
    send.push(("previewed", &digest));
    let sent = browser.post(&format!("{base}/new"), &token, &send).await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    assert_eq!(location(&sent), format!("{base}?invited=4&skipped=2"));
    let table = browser.get(location(&sent)).await;
    assert!(
        table
            .text
            .contains("4 people are invited; 2 addresses were left out.")
    );
    sink.wait_for(5, WAIT).await;
    let progress = browser.get(&format!("{base}/progress")).await;
    let progress: serde_json::Value = serde_json::from_str(&progress.text).unwrap();
    assert_eq!(
        (&progress["running"], &progress["percent"]),
        (&json!(false), &json!(100)),
        "every subscriber is invited: {progress}"
    );
    let table = browser.get(&base).await;
    assert!(
        !table.text.contains("id=\"progress\""),
        "nothing left to follow"
    );
    let rows = cells(&table.text, "invitations");
    assert_eq!(rows.len(), 5, "{rows:?}");
    let nino = rows
        .iter()
        .find(|r| r[1] == "nino@tbilisi.example.org")
        .unwrap();
    assert_eq!(
        (
            nino[0].as_str(),
            nino[2].as_str(),
            nino[3].as_str(),
            nino[5].as_str()
        ),
        (
            "Nino Beridze",
            "City of Tbilisi",
            "Georgia",
            "named invitee"
        )
    );
    assert!(rows.iter().any(|r| r[5] == "newsletter subscriber"));
    assert!(
        recorded(&app, &user)
            .await
            .contains(&"invitations_sent".to_owned())
    );

    let confirm = browser.get(&format!("{base}/follow-up")).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(
        confirm
            .text
            .contains("5 invitees who have neither registered nor declined")
    );
    let token = token_of(&browser, &format!("{base}/follow-up")).await;
    let followed = browser
        .post(&format!("{base}/follow-up"), &token, &[])
        .await;
    assert_eq!(location(&followed), format!("{base}?followed_up=5"));
    sink.wait_for(10, WAIT).await;
    let again = browser.get(&base).await;
    assert!(
        !again.text.contains(&format!("{base}/follow-up")),
        "nobody is left to follow up"
    );
    assert!(
        recorded(&app, &user)
            .await
            .contains(&"invitation_follow_up_sent".to_owned())
    );
}

async fn refused_lines_and_changed_forms_send_nothing(backend: Backend) {
    let Some((app, _sink, event_id)) = setup(backend).await else {
        return;
    };
    let (_, browser) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    let base = format!("/console/events/{event_id}/invitations");
    let token = token_of(&browser, &format!("{base}/new")).await;

    let nothing = browser.post(&format!("{base}/preview"), &token, &[]).await;
    assert_eq!(nothing.status, 422, "{}", nothing.text);
    assert!(
        nothing.text.contains("paste a list, or both"),
        "{}",
        nothing.text
    );

    let bad = "name,email,country\nA,a@example.org,GE\nB,broken,DE\nC,c@example.org,XX\n";
    let refused = browser
        .post(
            &format!("{base}/new"),
            &token,
            &[("invitees", bad), ("previewed", "x")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    let page = Html::parse_document(&refused.text);
    let error: String = select(&page, "#invitees-error")
        .iter()
        .flat_map(|e| e.text())
        .collect();
    assert!(
        error.contains("Line 3:") && error.contains("Line 4:"),
        "{error}"
    );
    assert!(!error.contains("Line 2:"), "{error}");
    assert_eq!(
        select(&page, "textarea#invitees[aria-invalid=true]").len(),
        1
    );
    assert!(refused.text.contains("B,broken,DE"), "the list is kept");

    let good = "email\nnew@example.org\n";
    let stale = browser
        .post(
            &format!("{base}/new"),
            &token,
            &[
                ("invitees", good),
                ("previewed", "a-digest-of-another-list"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert!(stale.text.contains("changed after its preview"));
    assert!(
        stale.text.contains("Send one invitation"),
        "previewed again"
    );
    assert_eq!(total(&app, &event_id).await, 0, "nothing written");
}

async fn a_viewer_sees_invitations_without_buttons_and_may_not_invite(backend: Backend) {
    let Some((app, _sink, event_id)) = setup(backend).await else {
        return;
    };
    invite_first(&app, &event_id, "early@example.org").await;
    let (_, browser) = signed_in(&app, "viewer@example.org", "viewer").await;
    let base = format!("/console/events/{event_id}/invitations");
    let table = browser.get(&base).await;
    assert_eq!(table.status, 200, "{}", table.text);
    assert!(table.text.contains("early@example.org"));
    assert!(!table.text.contains(&format!("{base}/new")));
    assert!(!table.text.contains(&format!("{base}/follow-up")));
    let token = token_of(&browser, &base).await;
    for path in ["new", "preview", "follow-up"] {
        let refused = browser
            .post(
                &format!("{base}/{path}"),
                &token,
                &[("invitees", "email\nx@example.org\n")],
            )
            .await;
        assert_eq!(refused.status, 403, "{path}: {}", refused.text);
    }
    assert_eq!(total(&app, &event_id).await, 1);
}
