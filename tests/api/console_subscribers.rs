//! The console's newsletter subscribers, on the same service code as the API: the list
//! filtered, counted and exported as CSV; an import whose bad lines are reported by number and
//! reason with only the good ones written; an empty or headerless import shown again beside
//! its field with nothing written; a deletion behind a confirmation, in the audit log; a viewer
//! offered neither import nor deletion and refused both; a newsletter editor allowed all.

use scraper::Html;

use dialogo::db::models::{SubscriberFilter, User};

use crate::console_ops::{recorded, signed_in, token_of};
use crate::console_support::location;
use crate::helpers::TestApp;
use crate::newsletter_issues::import;
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(
    the_list_is_filtered_counted_and_exported,
    an_import_reports_each_refused_line_and_writes_only_the_good_ones,
    an_empty_or_headerless_import_is_shown_again_beside_its_field,
    an_import_larger_than_other_forms_is_taken,
    a_subscriber_is_deleted_behind_a_confirmation,
    a_viewer_is_offered_no_import_or_deletion_and_is_refused_both,
);

const LIST: &str = "/console/newsletter/subscribers";

/// Two confirmed readers (Spanish and English) and one pending (French), through the API.
async fn three_subscribers(app: &TestApp) {
    let csv = "email,name,language,topics,consent_at,consent_source\n\
        ana@example.org,Ana Morales,es,e-governance;open-data,2026-01-10,partner list\n\
        ben@example.org,Ben Okafor,en,open-data,2026-01-10,partner list\n\
        chloe@example.org,Chloe Martin,fr,,,\n";
    let reply = import(app, csv).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// The addresses the list at `path` shows, in order.
async fn listed(browser: &crate::console_support::Browser, path: &str) -> Vec<String> {
    let page = browser.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.text);
    let html = Html::parse_document(&page.text);
    select(&html, "#subscribers tbody tr td:first-child a")
        .iter()
        .map(|a| a.text().collect())
        .collect()
}

/// Every stored subscriber's address.
async fn stored(app: &TestApp) -> Vec<String> {
    app.with_conn(|conn| {
        dialogo::db::models::Subscriber::list(conn, &SubscriberFilter::default(), None, None)
            .unwrap()
            .into_iter()
            .map(|s| s.email)
            .collect()
    })
    .await
}

/// `user`'s audit entries of `action`.
async fn entries_of(app: &TestApp, user: &User, action: &str) -> usize {
    recorded(app, user)
        .await
        .iter()
        .filter(|a| *a == action)
        .count()
}

async fn the_list_is_filtered_counted_and_exported(app: TestApp) {
    three_subscribers(&app).await;
    let (editor, browser) = signed_in(&app, "editor@example.org", "newsletter_editor").await;
    let all = browser.get(LIST).await;
    assert_eq!(all.status, 200, "{}", all.text);
    for count in ["Confirmed: 2", "Not yet confirmed: 1", "Unsubscribed: 0"] {
        assert!(all.text.contains(count), "{count}: {}", all.text);
    }
    assert!(all.text.contains("href=\"/console/newsletter\""), "issues");
    assert!(all.text.contains(&format!("href=\"{LIST}/import\"")));
    let everyone = listed(&browser, LIST).await;
    assert_eq!(
        everyone,
        ["ana@example.org", "ben@example.org", "chloe@example.org"]
    );
    for (query, expected) in [
        ("status=pending", &["chloe@example.org"][..]),
        ("language=es", &["ana@example.org"]),
        ("topic=open-data", &["ana@example.org", "ben@example.org"]),
        ("q=OKAFOR", &["ben@example.org"]),
        ("q=chloe%40", &["chloe@example.org"]),
        ("status=confirmed&language=fr", &[]),
    ] {
        let found = listed(&browser, &format!("{LIST}?{query}")).await;
        assert_eq!(found, expected, "{query}");
    }
    let api = app
        .admin_get("/api/v1/admin/newsletter/subscribers?q=OKAFOR")
        .await;
    assert_eq!(
        api.body["items"][0]["email"], "ben@example.org",
        "{}",
        api.text
    );
    assert_eq!(api.body["items"].as_array().unwrap().len(), 1);
    let refused = browser.get(&format!("{LIST}?status=gone")).await;
    assert_eq!(refused.status, 400, "{}", refused.text);

    let filtered = browser.get(&format!("{LIST}?status=confirmed")).await;
    let html = Html::parse_document(&filtered.text);
    let export = select(&html, "a[download]")[0]
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(export, format!("{LIST}.csv?status=confirmed"));
    let download = browser.get(&export).await;
    assert_eq!(download.status, 200, "{}", download.text);
    assert!(
        download.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = download.text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "email");
    assert_eq!(&header[3], "topics");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let emails: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(emails, ["ana@example.org", "ben@example.org"]);
    assert_eq!(&rows[0][3], "e-governance;open-data");
    assert_eq!(&rows[0][4], "confirmed");
    assert_eq!(entries_of(&app, &editor, "subscribers_exported").await, 1);
}

async fn an_import_reports_each_refused_line_and_writes_only_the_good_ones(app: TestApp) {
    let (editor, browser) = signed_in(&app, "editor@example.org", "newsletter_editor").await;
    let form = browser.get(&format!("{LIST}/import")).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("textarea"), "{}", form.text);
    let csv = "email,name,language,topics,consent_at,consent_source\n\
        ana@example.org,Ana Morales,es,,2026-01-10,partner list\n\
        not an address,Ben,en,,,\n\
        chloe@example.org,Chloe,fr,,2026-01-10,\n\
        ana@example.org,Ana again,es,,,\n\
        dario@example.org,Dario,pt,open-data,,\n";
    let reply = browser
        .submit(&format!("{LIST}/import"), &[("csv", csv)])
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    for count in [
        "Imported: 2",
        "Imported as confirmed, with their consent: 1",
        "Sent the opt-in mail: 1",
        "Skipped: 1",
        "Invalid: 2",
    ] {
        assert!(reply.text.contains(count), "{count}: {}", reply.text);
    }
    let html = Html::parse_document(&reply.text);
    let rows: Vec<(String, String)> = select(&html, "#refused-lines tbody tr")
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .select(&scraper::Selector::parse("td").unwrap())
                .map(|c| c.text().collect())
                .collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("3".into(), "The email address is not valid.".into()),
            (
                "4".into(),
                "consent_at and consent_source go together: give both or neither.".into()
            ),
            (
                "5".into(),
                "The address appears earlier in the file.".into()
            ),
        ]
    );
    let mut kept = stored(&app).await;
    kept.sort();
    assert_eq!(kept, ["ana@example.org", "dario@example.org"]);
    assert_eq!(entries_of(&app, &editor, "subscribers_imported").await, 1);
}

async fn an_empty_or_headerless_import_is_shown_again_beside_its_field(app: TestApp) {
    let (editor, browser) = signed_in(&app, "editor@example.org", "newsletter_editor").await;
    for (csv, message) in [
        ("", "Paste the CSV to import."),
        ("  \n", "Paste the CSV to import."),
        (
            "ana@example.org,Ana,en,,2026-01-10,list\n",
            "The first line must be the header",
        ),
    ] {
        let reply = browser
            .submit(&format!("{LIST}/import"), &[("csv", csv)])
            .await;
        assert_eq!(reply.status, 422, "{csv:?}: {}", reply.text);
        let html = Html::parse_document(&reply.text);
        let beside = select(&html, "#csv-error");
        assert_eq!(beside.len(), 1, "{csv:?}");
        let said: String = beside[0].text().collect();
        assert!(said.contains(message), "{csv:?}: {said}");
        assert_eq!(select(&html, "#error-summary a[href='#csv']").len(), 1);
        assert_eq!(
            select(&html, "textarea#csv")[0].attr("aria-describedby"),
            Some("csv-hint csv-error")
        );
    }
    assert!(stored(&app).await.is_empty(), "nothing written");
    assert_eq!(entries_of(&app, &editor, "subscribers_imported").await, 0);
}

async fn an_import_larger_than_other_forms_is_taken(app: TestApp) {
    let (_, browser) = signed_in(&app, "editor@example.org", "newsletter_editor").await;
    let csv = crate::newsletter_issues::readers_csv(2_000);
    assert!(csv.len() > 64 * 1024, "more than the other forms take");
    let reply = browser
        .submit(&format!("{LIST}/import"), &[("csv", csv.as_str())])
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.text.contains("Imported: 2000"), "{}", reply.text);
    assert_eq!(stored(&app).await.len(), 2_000);
}

async fn a_subscriber_is_deleted_behind_a_confirmation(app: TestApp) {
    three_subscribers(&app).await;
    let (editor, browser) = signed_in(&app, "editor@example.org", "newsletter_editor").await;
    let list = browser.get(&format!("{LIST}?q=ana")).await;
    let html = Html::parse_document(&list.text);
    let href = select(&html, "#subscribers tbody a")[0]
        .attr("href")
        .unwrap()
        .to_owned();
    let id = href.rsplit('/').next().unwrap().to_owned();
    let shown = browser.get(&href).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    for fact in [
        "ana@example.org",
        "Ana Morales",
        "e-governance, open-data",
        "Imported with consent given elsewhere",
        "partner list",
    ] {
        assert!(shown.text.contains(fact), "{fact}: {}", shown.text);
    }
    let confirm = browser.get(&format!("{href}/delete")).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(confirm.text.contains("ana@example.org"));
    assert_eq!(
        stored(&app).await.len(),
        3,
        "a confirmation deletes nothing"
    );
    let token = token_of(&browser, &format!("{href}/delete")).await;
    let deleted = browser.post(&format!("{href}/delete"), &token, &[]).await;
    assert_eq!(deleted.status, 303, "{}", deleted.text);
    assert_eq!(location(&deleted), format!("{LIST}?deleted"));
    let after = browser.get(location(&deleted)).await;
    assert!(after.text.contains("The subscriber was deleted."));
    assert!(!stored(&app).await.contains(&"ana@example.org".to_owned()));
    assert_eq!(browser.get(&href).await.status, 404);
    assert_eq!(entries_of(&app, &editor, "subscriber_deleted").await, 1);
    let filter = dialogo::db::models::AuditFilter {
        action: Some("subscriber_deleted".into()),
        ..Default::default()
    };
    let entries = app
        .with_conn(move |conn| {
            dialogo::db::models::AuditEntry::list(conn, &filter, None, None).unwrap()
        })
        .await;
    assert_eq!(entries[0].object_id.as_deref(), Some(id.as_str()));

    // The API's deletion is the same function, recorded the same way.
    let list = browser.get(&format!("{LIST}?q=ben")).await;
    let html = Html::parse_document(&list.text);
    let ben = select(&html, "#subscribers tbody a")[0]
        .attr("href")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let reply = app
        .admin_delete(&format!("/api/v1/admin/newsletter/subscribers/{ben}"))
        .await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let filter = dialogo::db::models::AuditFilter {
        action: Some("subscriber_deleted".into()),
        ..Default::default()
    };
    let entries = app
        .with_conn(move |conn| {
            dialogo::db::models::AuditEntry::list(conn, &filter, None, None).unwrap()
        })
        .await;
    assert_eq!(entries.len(), 2);
}

async fn a_viewer_is_offered_no_import_or_deletion_and_is_refused_both(app: TestApp) {
    three_subscribers(&app).await;
    let (_, browser) = signed_in(&app, "viewer@example.org", "viewer").await;
    let list = browser.get(LIST).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(
        !list.text.contains(&format!("{LIST}/import")),
        "not offered"
    );
    let html = Html::parse_document(&list.text);
    let href = select(&html, "#subscribers tbody a")[0]
        .attr("href")
        .unwrap()
        .to_owned();
    let shown = browser.get(&href).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(!shown.text.contains("/delete"), "not offered");
    for path in [format!("{LIST}/import"), format!("{href}/delete")] {
        let refused = browser.get(&path).await;
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.text.contains("<html"), "{path}: a page");
    }
    let token = token_of(&browser, LIST).await;
    let csv = "email,name,language,topics,consent_at,consent_source\nzoe@example.org,Zoe,en,,,\n";
    let refused = browser
        .post(&format!("{LIST}/import"), &token, &[("csv", csv)])
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.text.contains("<html"), "a page");
    let refused = browser.post(&format!("{href}/delete"), &token, &[]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(stored(&app).await.len(), 3, "nothing written or deleted");
}
