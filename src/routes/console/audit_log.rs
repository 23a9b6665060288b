//! `/console/audit` (read audit, admins): the audit log newest first, filtered as the API's
//! `GET /api/v1/admin/audit` filters it (action, account, object, from, before) with the API's
//! own parsing of those parameters, in pages, and every matching entry as the API's CSV
//! export (`/console/audit/export`). Actions and accounts are named; the export keeps ids.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::audit_names::{action_text, object_text};
use super::moment::{Moment, moment};
use super::nav::Section;
use super::pager::{PageLinks, href, page};
use super::pages::{Account, account, layout, render};
use super::signed::Signed;
use crate::accounts::{Can, can};
use crate::audit::Action;
use crate::db::Cursor;
use crate::db::models::{AuditEntry, User};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::audit::{AuditQuery, csv_export};
use crate::routes::csrf::CsrfToken;
use crate::routes::form::{Field, Fields, choices_of, message};
use crate::routes::layout::Layout;
use crate::routes::paging::parse_cursor;
use crate::state::AppState;

/// Entries per page.
const PAGE: usize = 50;
/// Where the log is.
const PATH: &str = "/console/audit";

/// One entry as the table shows it.
struct Row {
    at: Moment,
    who: String,
    action: String,
    object: String,
    object_id: Option<String>,
    client_address: Option<String>,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    /// The filter form, with the values asked for.
    fields: Fields,
    /// `None` when a filter was refused (then nothing is listed).
    rows: Option<Vec<Row>>,
    pager: PageLinks,
    /// The CSV export of every entry the filters match.
    export_href: String,
}

/// The log, newest first, as the filters ask.
pub async fn list(
    _can: Can<can::ReadAudit>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let query = filled(query.into_inner());
    let before = parse_cursor(query.cursor.as_deref())?;
    let after = before.clone();
    let filter = query.filter();
    let asked = filter.as_ref().ok().cloned();
    let (users, entries) = state
        .db(move |conn| {
            let users = User::list(conn)?;
            let entries = match asked {
                Some(filter) => {
                    let limit = PAGE as i64 + 1;
                    Some(AuditEntry::list_newest_first(conn, &filter, before, limit)?)
                }
                None => None,
            };
            Ok((users, entries))
        })
        .await?;
    let values = values(&query);
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut fields = fields(t, &users, &values);
    let names: HashMap<String, String> = users
        .into_iter()
        .map(|u| (u.id, named(&u.name, &u.email)))
        .collect();
    let (rows, pager, status) = match (filter, entries) {
        (Ok(_), Some(entries)) => {
            let cursor_of = |e: &AuditEntry| Cursor::new(e.at, &e.id);
            let page = page(entries, PAGE, PATH, &values, after.as_ref(), cursor_of);
            let rows = page.rows.into_iter().map(|e| row(t, &names, e)).collect();
            (Some(rows), page.links, StatusCode::OK)
        }
        (refusal, _) => {
            refuse(t, &mut fields, refusal.err());
            (None, PageLinks::default(), StatusCode::UNPROCESSABLE_ENTITY)
        }
    };
    let page = AuditPage {
        layout: layout(&state, t, t.text("console-audit-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Audit),
        fields: Fields(fields),
        rows,
        pager,
        export_href: href("/console/audit/export", &values, None),
    };
    Ok(render(status, &page))
}

/// Every entry the filters match, as the API's CSV export, oldest first.
pub async fn export(
    _can: Can<can::ReadAudit>,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = filled(query.into_inner()).filter()?;
    let rows = state
        .db(move |conn| Ok(AuditEntry::list(conn, &filter, None, None)?))
        .await?;
    csv_export(rows)
}

/// The query with the fields a form sent empty taken as not sent.
fn filled(query: AuditQuery) -> AuditQuery {
    let given = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    AuditQuery {
        action: given(query.action),
        user_id: given(query.user_id),
        object_id: given(query.object_id),
        from: given(query.from),
        until: given(query.until),
        format: None,
        limit: None,
        cursor: given(query.cursor),
    }
}

/// The filters as asked for, for the form, the pages' links and the export's.
fn values(query: &AuditQuery) -> [(&'static str, String); 5] {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("action", value(&query.action)),
        ("user_id", value(&query.user_id)),
        ("object_id", value(&query.object_id)),
        ("from", value(&query.from)),
        ("until", value(&query.until)),
    ]
}

/// The filter form: `values` as asked for, the accounts of `users` to choose from.
fn fields(t: Locale, users: &[User], values: &[(&str, &str)]) -> Vec<Field> {
    let value = |name: &str| {
        values
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| *v)
    };
    let optional = |name: &'static str, kind: &'static str, label: &str| Field {
        value: value(name).to_owned(),
        required: false,
        ..Field::new(name, kind, t.text(label))
    };
    let mut actions = vec![(String::new(), t.text("console-audit-any-action"))];
    actions.extend(
        Action::ALL
            .into_iter()
            .map(|a| (a.names().0.to_owned(), t.text(action_text(a)))),
    );
    let mut accounts = vec![(String::new(), t.text("console-audit-anyone"))];
    accounts.extend(
        users
            .iter()
            .map(|u| (u.id.clone(), named(&u.name, &u.email))),
    );
    vec![
        Field {
            choices: choices_of(actions, &[value("action")]),
            ..optional("action", "select", "console-audit-action")
        },
        Field {
            choices: choices_of(accounts, &[value("user_id")]),
            ..optional("user_id", "select", "console-audit-who")
        },
        Field {
            hint: Some(t.text("console-audit-object-hint")),
            max: 100,
            ..optional("object_id", "text", "console-audit-object-id")
        },
        optional("from", "date", "console-audit-from"),
        Field {
            hint: Some(t.text("console-audit-until-hint")),
            ..optional("until", "date", "console-audit-until")
        },
    ]
}

/// Puts the API's refusal of a filter beside its field.
fn refuse(t: Locale, fields: &mut [Field], refusal: Option<ApiError>) {
    let Some(ApiError::Client { code, field, .. }) = refusal else {
        return;
    };
    // An account's id is refused as any id is, at `id`.
    let name = match field.as_deref() {
        Some("id") | None => "user_id",
        Some(name) => name,
    };
    if let Some(field) = fields.iter_mut().find(|f| f.name == name) {
        field.error = Some(match name {
            "from" | "until" => t.text("console-audit-date-invalid"),
            _ => message(t, name, code, field.max),
        });
    }
}

/// An account as the log names it.
fn named(name: &str, email: &str) -> String {
    format!("{name} ({email})")
}

fn row(t: Locale, names: &HashMap<String, String>, entry: AuditEntry) -> Row {
    let who = match &entry.user_id {
        None => t.text("console-audit-command-line"),
        Some(id) => names.get(id).cloned().unwrap_or_else(|| id.clone()),
    };
    let who = match &entry.token_name {
        None => who,
        Some(token) => t.text_with(
            "console-audit-with-token",
            &[("who", who.into()), ("token", token.clone().into())],
        ),
    };
    let action = Action::parse(&entry.action).map_or(entry.action, |a| t.text(action_text(a)));
    let object = object_text(&entry.object_type).map_or(entry.object_type, |o| t.text(o));
    Row {
        at: moment(t, entry.at),
        who,
        action,
        object,
        object_id: entry.object_id,
        client_address: entry.client_address,
    }
}
