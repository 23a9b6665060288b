//! `/console`: the dashboard. The coming events with seats taken, waitlist and registrations
//! still open (awaiting approval linked), the newsletter issues on their way with their
//! progress, the mails that failed lately, and the account's role with what it may do.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::nav::Section;
use super::pages::{Account, account, layout, render};
use super::session::Signed;
use crate::accounts::Permission;
use crate::db::models::EventStatus;
use crate::error::ApiError;
use crate::i18n::{FluentValue, Locale, format_event_time};
use crate::overview::{FAILED_WITHIN, Overview, overview};
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// A coming event as the dashboard lists it.
struct EventLine {
    id: String,
    title: String,
    when: String,
    draft: bool,
    /// "12 / 40", or "12" without a limit.
    seats: String,
    waitlisted: i64,
    pending: i64,
    awaiting_approval: i64,
}

/// An issue on its way: subject, state, and share delivered.
struct IssueLine {
    id: String,
    subject: String,
    paused: bool,
    /// "120 of 400 sent, 2 failed".
    progress: String,
    percent: i64,
}

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    events: Vec<EventLine>,
    issues: Vec<IssueLine>,
    /// How many mails failed lately, as a sentence.
    failed_mails: String,
    any_failed: bool,
    /// Whether the role may open registrations (else counts only, no links).
    registrations: bool,
    role: String,
    /// What the role may do, one line per permission it holds.
    may: Vec<String>,
    /// Whether the second factor is on.
    two_factor: bool,
}

/// The dashboard.
pub async fn home(
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let role = signed.user.role()?;
    let now = state.clock.now();
    let read = state.db(move |conn| overview(conn, now)).await?;
    let may = Permission::ALL
        .into_iter()
        .filter(|p| role.may(*p))
        .map(|p| t.text(permission_text(p)))
        .collect();
    let failed = read.failed_mails;
    let (events, issues) = lines(t, read);
    let days = FluentValue::from(FAILED_WITHIN.num_days());
    let failed_mails = match failed {
        0 => t.text_with("console-no-failed-mails", &[("days", days)]),
        n => t.text_with(
            "console-failed-mails",
            &[("count", n.into()), ("days", days)],
        ),
    };
    let page = HomePage {
        layout: layout(&state, t, t.text("console-home-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Dashboard),
        events,
        issues,
        failed_mails,
        any_failed: failed > 0,
        registrations: role.may(Permission::ReadRegistrations),
        role: t.text(super::role_text(role)),
        may,
        two_factor: signed.user.totp_secret.is_some(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The overview as the page's lines, in `t`.
fn lines(t: Locale, read: Overview) -> (Vec<EventLine>, Vec<IssueLine>) {
    let events = read
        .upcoming
        .into_iter()
        .map(|u| {
            let event = &u.record.event;
            EventLine {
                id: event.id.clone(),
                title: event.title.clone(),
                when: format_event_time(t, event.starts_at, event.ends_at, event.tz()),
                draft: event.status == EventStatus::Draft,
                seats: match event.capacity {
                    Some(capacity) => format!("{} / {capacity}", u.confirmed),
                    None => u.confirmed.to_string(),
                },
                waitlisted: u.waitlisted,
                pending: u.pending,
                awaiting_approval: u.awaiting_approval,
            }
        })
        .collect();
    let issues = read
        .sending
        .into_iter()
        .map(|s| {
            let subject = super::issues::subject_of(&s.issue.content());
            let done = s.progress.sent + s.progress.failed;
            IssueLine {
                id: s.issue.id.clone(),
                subject,
                paused: s.issue.status == crate::db::models::IssueStatus::Paused,
                progress: t.text_with(
                    "console-issue-progress",
                    &[
                        ("sent", s.progress.sent.into()),
                        ("total", s.progress.total.into()),
                        ("failed", s.progress.failed.into()),
                    ],
                ),
                percent: (done * 100).checked_div(s.progress.total).unwrap_or(100),
            }
        })
        .collect();
    (events, issues)
}

/// The message that says what `permission` allows.
fn permission_text(permission: Permission) -> &'static str {
    match permission {
        Permission::Read => "console-may-read",
        Permission::ReadRegistrations => "console-may-read-registrations",
        Permission::ManageEvents => "console-may-manage-events",
        Permission::ManageRegistrations => "console-may-manage-registrations",
        Permission::ManageInvitations => "console-may-manage-invitations",
        Permission::ManageOutbox => "console-may-manage-outbox",
        Permission::ManageNewsletter => "console-may-manage-newsletter",
        Permission::ManagePersonalData => "console-may-manage-personal-data",
        Permission::ReadAudit => "console-may-read-audit",
        Permission::ManageUsers => "console-may-manage-users",
    }
}
