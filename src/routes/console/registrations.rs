//! `/console/events/{id}/registrations`: an event's registrations as a table, filtered by
//! status, kind of organisation, country and a search, a page at a time, with the counts per
//! status, kind of organisation and country over the whole event; and their CSV export. The
//! filters are parsed and the rows read as the API's list does.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::filters::{Filter, choices};
use super::labels;
use super::nav::Section;
use super::pager::{PageLinks, page};
use super::pages::{Account, account, layout, render};
use super::session::Signed;
use crate::accounts::{Can, can};
use crate::audit::{self, Action};
use crate::db::Cursor;
use crate::db::models::{Breakdown, Registration, RegistrationStatus};
use crate::domain::OrganisationType;
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::{Locale, format_moment};
use crate::registrations::listing::{Listing, export_start, listing};
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::paging::parse_cursor;
use crate::routes::registrations::admin::RegistrationQuery;
use crate::routes::registrations::export;
use crate::state::AppState;

/// Rows per page.
pub const PAGE: usize = 50;

/// The table's filters as the form sends them; empty means all.
#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    organisation_type: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    q: String,
    cursor: Option<String>,
}

impl TableQuery {
    /// The filters as (name, value), for links that keep them.
    fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            ("status", self.status.as_str()),
            ("organisation_type", self.organisation_type.as_str()),
            ("country", self.country.as_str()),
            ("q", self.q.trim()),
        ]
    }

    /// The API's query with the filters given (empty ones left out), parsed by its rules.
    fn api_query(&self) -> RegistrationQuery {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        RegistrationQuery {
            status: given(&self.status),
            organisation_type: given(&self.organisation_type),
            country: given(&self.country).map(|c| c.to_uppercase()),
            q: given(&self.q),
            format: None,
            limit: None,
            cursor: None,
        }
    }
}

/// A registration as a row of the table.
struct Row {
    id: String,
    name: String,
    email: String,
    organisation: String,
    organisation_type: String,
    country: String,
    status: String,
    place: Option<i64>,
    registered: String,
}

#[derive(Template)]
#[template(path = "console/registrations.html")]
struct TablePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    event_id: String,
    rows: Vec<Row>,
    /// (status code, label, count).
    counts: Vec<(&'static str, String, i64)>,
    organisation_types: Vec<(String, i64)>,
    countries: Vec<(String, i64)>,
    filter_action: String,
    filters: Vec<Filter>,
    export_href: String,
    pager: PageLinks,
}

/// The table.
pub async fn table(
    _can: Can<can::ReadRegistrations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    query: web::Query<TableQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let event_id = parse_id(&path)?;
    let filter = query.api_query().filter()?;
    let after = parse_cursor(query.cursor.as_deref())?;
    let read_id = event_id.clone();
    let asked = after.clone();
    let read = state
        .db(move |conn| listing(conn, &read_id, &filter, asked, PAGE as i64 + 1))
        .await?;
    let Listing {
        event,
        rows,
        places,
        counts,
        breakdown,
    } = read;
    let base = format!("/console/events/{event_id}/registrations");
    let pairs = query.pairs();
    let listed = page(
        rows,
        PAGE,
        &base,
        &pairs,
        after.as_ref(),
        |r: &Registration| Cursor::new(r.created_at, &r.id),
    );
    let zone = event.tz();
    let rows = listed
        .rows
        .into_iter()
        .map(|r| Row {
            place: places.get(&r.id).copied(),
            organisation_type: labels::organisation_type(t, &r.organisation_type),
            country: labels::country(t, &r.country),
            status: labels::registration_status(t, r.status),
            registered: format_moment(t, r.created_at, zone),
            id: r.id,
            name: r.name,
            email: r.email,
            organisation: r.organisation,
        })
        .collect();
    let export_href = super::pager::href(&format!("{base}.csv"), &pairs, None);
    let page = TablePage {
        layout: layout(
            &state,
            t,
            t.text_with(
                "console-registrations-of",
                &[("event", event.title.clone().into())],
            ),
        ),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        filters: table_filters(t, &query, &breakdown),
        organisation_types: named(&breakdown.organisation_types, |c| {
            labels::organisation_type(t, c)
        }),
        countries: named(&breakdown.countries, |c| labels::country(t, c)),
        counts: counts
            .into_iter()
            .map(|(s, n)| (s.as_str(), labels::registration_status(t, s), n))
            .collect(),
        event_id,
        rows,
        filter_action: base,
        export_href,
        pager: listed.links,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `counts` with each code named by `name`.
fn named(counts: &[(String, i64)], name: impl Fn(&str) -> String) -> Vec<(String, i64)> {
    counts.iter().map(|(code, n)| (name(code), *n)).collect()
}

/// The table's filters: status, kind of organisation, country (those registered) and search.
fn table_filters(t: Locale, query: &TableQuery, breakdown: &Breakdown) -> Vec<Filter> {
    let statuses = RegistrationStatus::ALL
        .into_iter()
        .map(|s| (s.as_str().to_owned(), labels::registration_status(t, s)));
    let kinds = OrganisationType::ALL.into_iter().map(|k| {
        (
            k.as_str().to_owned(),
            labels::organisation_type(t, k.as_str()),
        )
    });
    let mut countries: Vec<(String, String)> = breakdown
        .countries
        .iter()
        .map(|(code, _)| (code.clone(), labels::country(t, code)))
        .collect();
    let chosen_country = query.country.trim().to_uppercase();
    if !chosen_country.is_empty() && !countries.iter().any(|(c, _)| *c == chosen_country) {
        countries.push((chosen_country.clone(), labels::country(t, &chosen_country)));
    }
    countries.sort_by(|a, b| t.compare_names(&a.1, &b.1));
    let all = || t.text("console-all");
    vec![
        Filter::select(
            "status",
            t.text("console-label-status"),
            choices(all(), statuses, &query.status),
        ),
        Filter::select(
            "organisation_type",
            t.text("console-label-organisation-type"),
            choices(all(), kinds, &query.organisation_type),
        ),
        Filter::select(
            "country",
            t.text("console-label-country"),
            choices(all(), countries, &chosen_country),
        ),
        Filter::text("q", t.text("console-label-search"), query.q.trim()),
    ]
}

/// Every registration the filters select, as a CSV file (recorded in the audit log).
pub async fn export_csv(
    can: Can<can::ReadRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<TableQuery>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let filter = query.api_query().filter()?;
    let (event, places) = state.db(move |conn| export_start(conn, &event_id)).await?;
    audit::record(&state, &can, Action::RegistrantsExported, Some(&event.id)).await?;
    Ok(export::download(state.clone(), &event, filter, places))
}
