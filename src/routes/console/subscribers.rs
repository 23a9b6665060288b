//! `/console/newsletter/subscribers` (read): the newsletter's subscribers as a table, filtered
//! by status, language, topic and a search in address and name, a page at a time, with the
//! counts per status; and their CSV export. The filters are parsed, the rows read and the
//! export written as the API's list does (`GET /api/v1/admin/newsletter/subscribers`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::filters::{Filter, choices};
use super::moment::{Moment, moment};
use super::nav::Section;
use super::pager::{PageLinks, href, page};
use super::pages::{Account, account, layout, render};
use super::signed::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::Cursor;
use crate::db::models::{Subscriber, SubscriberStatus};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::newsletter::subscribers::listing;
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::newsletter::subscribers::{SubscriberQuery, export_csv as write_export};
use crate::routes::paging::parse_cursor;
use crate::state::AppState;

/// Rows per page.
const PAGE: usize = 50;
/// Where the list is.
pub const PATH: &str = "/console/newsletter/subscribers";

/// The list's filters as the form sends them; empty means all.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    q: String,
    cursor: Option<String>,
    /// Set after a deletion, to confirm it.
    deleted: Option<String>,
}

impl ListQuery {
    /// The filters as (name, value), for links that keep them.
    fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            ("status", self.status.as_str()),
            ("language", self.language.as_str()),
            ("topic", self.topic.trim()),
            ("q", self.q.trim()),
        ]
    }

    /// The API's query with the filters given (empty ones left out), parsed by its rules.
    fn api_query(&self) -> SubscriberQuery {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        SubscriberQuery {
            status: given(&self.status),
            language: given(&self.language),
            topic: given(&self.topic),
            q: given(&self.q),
            ..SubscriberQuery::default()
        }
    }
}

/// A subscriber as a row of the table.
struct Row {
    id: String,
    email: String,
    name: String,
    language: String,
    topics: String,
    status: String,
    subscribed: Moment,
}

#[derive(Template)]
#[template(path = "console/subscribers.html")]
struct ListPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    rows: Vec<Row>,
    /// (link to the status's list, label, count).
    counts: Vec<(String, String, i64)>,
    filter_action: &'static str,
    filters: Vec<Filter>,
    export_href: String,
    /// Whether the role may import (and delete).
    may_manage: bool,
    deleted: bool,
    pager: PageLinks,
}

/// The table.
pub async fn list(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let filter = query.api_query().filter()?;
    let after = parse_cursor(query.cursor.as_deref())?;
    let asked = after.clone();
    let mut read = state
        .db(move |conn| listing(conn, &filter, asked, Some(PAGE as i64 + 1)))
        .await?;
    let pairs = query.pairs();
    let listed = page(
        std::mem::take(&mut read.rows),
        PAGE,
        PATH,
        &pairs,
        after.as_ref(),
        |s: &Subscriber| Cursor::new(s.created_at, &s.id),
    );
    let rows = listed
        .rows
        .into_iter()
        .map(|s| Row {
            topics: read.take_topics(&s.id).join(", "),
            language: t.language_name(&s.language),
            status: status_label(t, s.status),
            subscribed: moment(t, s.created_at),
            id: s.id,
            email: s.email,
            name: s.name.unwrap_or_default(),
        })
        .collect();
    let page = ListPage {
        layout: layout(&state, t, t.text("console-subscribers-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Newsletter),
        rows,
        counts: read
            .counts
            .iter()
            .map(|(s, n)| {
                let link = href(PATH, &[("status", s.as_str())], None);
                (link, status_label(t, *s), *n)
            })
            .collect(),
        filter_action: PATH,
        filters: list_filters(t, &query),
        export_href: href(&format!("{PATH}.csv"), &pairs, None),
        may_manage: can.role.may(Permission::ManageNewsletter),
        deleted: query.deleted.is_some(),
        pager: listed.links,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A subscriber's status, e.g. "confirmed".
pub fn status_label(t: Locale, status: SubscriberStatus) -> String {
    t.text(match status {
        SubscriberStatus::Pending => "console-subscriber-status-pending",
        SubscriberStatus::Confirmed => "console-subscriber-status-confirmed",
        SubscriberStatus::Unsubscribed => "console-subscriber-status-unsubscribed",
    })
}

/// The list's filters: status, language, topic and search.
fn list_filters(t: Locale, query: &ListQuery) -> Vec<Filter> {
    let statuses = SubscriberStatus::ALL
        .into_iter()
        .map(|s| (s.as_str().to_owned(), status_label(t, s)));
    let languages = Locale::all()
        .iter()
        .map(|l| (l.code().to_owned(), t.language_name(l.code())));
    let all = || t.text("console-all");
    vec![
        Filter::select(
            "status",
            t.text("console-label-status"),
            choices(all(), statuses, &query.status),
        ),
        Filter::select(
            "language",
            t.text("console-subscribers-language"),
            choices(all(), languages, &query.language),
        ),
        Filter::text(
            "topic",
            t.text("console-subscribers-topic"),
            query.topic.trim(),
        ),
        Filter::text("q", t.text("console-subscribers-search"), query.q.trim()),
    ]
}

/// Every subscriber the filters select, as the API's CSV export (recorded in the audit log).
pub async fn export_csv(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.api_query().filter()?;
    write_export(&state, &can, filter).await
}
