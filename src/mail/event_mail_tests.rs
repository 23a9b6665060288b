//! Rendering every mail kind in every language.

use super::*;
use crate::db::models::{Event, EventStatus};
use crate::domain::{EventFormat, TimeZone};

fn record() -> EventRecord {
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    EventRecord {
        event: Event {
            id: "0190f0b8-7c1e-7000-8000-000000000001".into(),
            slug: "digital-dialogue".into(),
            status: EventStatus::Published,
            title: "Digital <Dialogue> & Co".into(),
            summary: Some("Cities share practices.".into()),
            description: None,
            starts_at: at("2030-10-07T11:00"),
            ends_at: at("2030-10-07T13:30"),
            timezone: TimeZone::parse("Europe/Berlin").unwrap(),
            format: EventFormat::Hybrid,
            venue_name: Some("Rathaus".into()),
            venue_address: None,
            venue_city: Some("Bonn".into()),
            venue_country: Some("DE".into()),
            online_url: Some("https://meet.example.org/j/1".into()),
            contacts: r#"[{"name":"Lena Hoffmann","role":"Project Manager","audience":null,"email":"lena@example.org","phone":null}]"#.into(),
            series: None,
            capacity: None,
            registration_opens_at: None,
            registration_closes_at: None,
            sequence: 3,
            created_at: at("2030-01-01T00:00"),
            updated_at: at("2030-01-01T00:00"),
            published_at: None,
            cancelled_at: None,
            max_per_organisation: None,
            approval_required: false,
        },
        languages: vec!["de".into(), "en".into()],
        topics: vec![],
    }
}

fn render_all(
    kind: &EventMailKind,
    locale: Locale,
    sees_access_link: bool,
) -> (String, String, String) {
    let from = crate::mail::address::parse_sender("dialogo <noreply@example.org>").unwrap();
    let public_url = url::Url::parse("https://events.example.org").unwrap();
    let org = crate::organisation::Organisation::parse(|_| None, &public_url, &from).unwrap();
    let context = MailContext {
        from: &from,
        public_url: &public_url,
        org: &org,
    };
    let recipient = Recipient {
        name: Some("Ana".into()),
        email: Email::parse("ana@example.org").unwrap(),
        locale,
        timezone: Some(chrono_tz::Asia::Tbilisi),
        sees_access_link,
    };
    let mail = compose_event_mail(&context, &record(), &recipient, kind).unwrap();
    let parsed = mail_parser::MessageParser::default()
        .parse(mail.message.as_bytes())
        .unwrap();
    (
        parsed.subject().unwrap().to_owned(),
        parsed.body_text(0).unwrap().into_owned(),
        parsed.body_html(0).unwrap().into_owned(),
    )
}

fn kinds() -> Vec<EventMailKind> {
    let url = || "https://events.example.org/registrations/x/tok".to_owned();
    let mut kinds = vec![
        EventMailKind::Invitation(Box::new(InvitationMail {
            register_url: Some(url()),
            decline_url: Some(url()),
            unsubscribe_url: Some(url()),
            follow_up: true,
            closes: Some("05.10.2030".to_owned()),
            seats: Some("12".to_owned()),
        })),
        EventMailKind::Cancellation,
    ];
    for notice in [
        Notice::ConfirmRequest { confirm_url: url() },
        Notice::Confirmed {
            withdraw_url: url(),
        },
        Notice::Promoted {
            withdraw_url: url(),
        },
        Notice::Waitlisted {
            position: 3,
            withdraw_url: url(),
        },
        Notice::AwaitingApproval {
            withdraw_url: url(),
        },
        Notice::Rejected,
        Notice::Withdrawn { had_seat: true },
        Notice::Removed { had_seat: false },
    ] {
        kinds.push(EventMailKind::Registration(notice));
    }
    kinds
}

fn locale(code: &str) -> Locale {
    Locale::parse(code).unwrap()
}

/// Fails where `part` of a mail in `locale` has a message left unfilled, a bidi isolation mark,
/// or any English text (of at least two words) that `locale` words differently.
pub(in crate::mail) fn assert_own_language(locale: Locale, part: &str) {
    assert!(
        !part.contains("{$"),
        "{locale}: unfilled argument in {part}"
    );
    assert!(
        !part.contains(['\u{2068}', '\u{2069}']),
        "{locale}: bidi mark"
    );
    if locale.code() == "en" {
        return;
    }
    let english = Locale::fallback();
    for (id, args) in crate::i18n::reference_messages() {
        let sentence = english.text(&id);
        if args.is_empty() && sentence.contains(' ') && sentence != locale.text(&id) {
            assert!(
                !part.contains(&sentence),
                "{locale}: English {sentence:?} leaks"
            );
        }
    }
}

#[test]
fn every_template_renders_in_every_language_without_english_leaking() {
    for kind in kinds() {
        for &locale in Locale::all() {
            let (subject, text, html) = render_all(&kind, locale, false);
            for part in [&text, &html] {
                assert!(
                    part.contains(&locale.text("closing")),
                    "{locale}: closing missing"
                );
                assert!(
                    part.contains(&locale.text("label-when")),
                    "{locale}: labels missing"
                );
                assert_own_language(locale, part);
            }
            assert_own_language(locale, &subject);
            assert!(!subject.trim().is_empty() && !subject.contains('\n'));
        }
    }
}

#[test]
fn times_are_local_with_the_recipients_zone_added() {
    let (_, text, _) = render_all(&kinds()[0], locale("de"), false);
    assert!(
        text.contains("Montag, 7. Oktober 2030, 13:00–15:30 MESZ (GMT+2)"),
        "{text}"
    );
    assert!(
        text.contains("15:00–17:30 Georgien (Ortszeit) (GMT+4)"),
        "{text}"
    );
    let (_, text, _) = render_all(&kinds()[0], locale("es"), false);
    assert!(text.contains("lunes, 7 de octubre de 2030"), "{text}");
}

#[test]
fn html_is_escaped_and_text_is_not() {
    let (_, text, html) = render_all(&kinds()[0], locale("en"), false);
    assert!(
        html.contains("Digital &#60;Dialogue&#62; &#38; Co")
            || html.contains("Digital &lt;Dialogue&gt; &amp; Co"),
        "{html}"
    );
    assert!(!html.contains("<Dialogue>"));
    assert!(text.contains("Digital <Dialogue> & Co"));
}

#[test]
fn the_access_link_appears_only_for_those_who_may_see_it() {
    for kind in kinds() {
        let (_, text, html) = render_all(&kind, locale("en"), false);
        assert!(!text.contains("meet.example.org") && !html.contains("meet.example.org"));
    }
    let (_, text, html) = render_all(&kinds()[0], locale("en"), true);
    assert!(
        text.contains("https://meet.example.org/j/1")
            && html.contains("https://meet.example.org/j/1")
    );
}

#[test]
fn the_waitlist_position_is_filled_in() {
    let kind = EventMailKind::Registration(Notice::Waitlisted {
        position: 7,
        withdraw_url: "https://x.org/w/t".into(),
    });
    let (subject, text, _) = render_all(&kind, locale("de"), false);
    assert!(subject.starts_with("Warteliste:"), "{subject}");
    assert!(text.contains("Platz 7 der Warteliste"), "{text}");
    assert!(text.contains("https://x.org/w/t"));
}

fn render_schedule(
    kind: crate::mail::schedule_mail::ScheduleMailKind<'_>,
    locale: Locale,
    sees_access_link: bool,
) -> (String, String, String) {
    use crate::schedule::plan::{AgendaItem, Speaker};
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    let agenda = [AgendaItem {
        starts_at: at("2030-10-07T11:00"),
        ends_at: at("2030-10-07T11:30"),
        title: "Opening".into(),
        description: None,
        kind: "panel".into(),
        speakers: vec![Speaker {
            name: "Lena Hoffmann".into(),
            affiliation: Some("City of Bonn".into()),
            role: None,
        }],
    }];
    let from = crate::mail::address::parse_sender("dialogo <noreply@example.org>").unwrap();
    let public_url = url::Url::parse("https://events.example.org").unwrap();
    let org = crate::organisation::Organisation::parse(|_| None, &public_url, &from).unwrap();
    let context = MailContext {
        from: &from,
        public_url: &public_url,
        org: &org,
    };
    let recipient = Recipient {
        name: Some("Ana".into()),
        email: Email::parse("ana@example.org").unwrap(),
        locale,
        timezone: Some(chrono_tz::Asia::Tbilisi),
        sees_access_link,
    };
    let mail = crate::mail::schedule_mail::compose_schedule_mail(
        &context,
        &record(),
        &recipient,
        kind,
        Some(&agenda),
    )
    .unwrap();
    let parsed = mail_parser::MessageParser::default()
        .parse(mail.message.as_bytes())
        .unwrap();
    (
        parsed.subject().unwrap().to_owned(),
        parsed.body_text(0).unwrap().into_owned(),
        parsed.body_html(0).unwrap().into_owned(),
    )
}

#[test]
fn scheduled_mails_render_in_every_language_without_english_leaking() {
    use crate::mail::schedule_mail::ScheduleMailKind;
    let kinds = [
        ScheduleMailKind::Reminder,
        ScheduleMailKind::AccessLink,
        ScheduleMailKind::Agenda,
        ScheduleMailKind::Update,
        ScheduleMailKind::FollowUp {
            message: Some("Danke!"),
            url: Some("https://example.org/slides"),
        },
    ];
    for kind in kinds {
        for &locale in Locale::all() {
            let (subject, text, html) = render_schedule(kind, locale, false);
            assert!(!subject.trim().is_empty() && !subject.contains('\n'));
            assert_own_language(locale, &subject);
            for part in [&text, &html] {
                assert!(part.contains(&locale.text("closing")), "{locale}");
                assert!(!part.contains("meet.example.org"), "{locale}: access link");
                if matches!(kind, ScheduleMailKind::Agenda) {
                    let heading = locale.text("schedule-agenda-heading");
                    assert!(part.contains(&heading) && part.contains("13:00–13:30"));
                    let panel = locale.text("schedule-kind-panel");
                    assert!(part.contains(&panel), "{locale}: kind label");
                }
                assert_own_language(locale, part);
            }
        }
    }
    let (_, text, _) = render_schedule(ScheduleMailKind::Reminder, locale("en"), true);
    assert!(text.contains("https://meet.example.org/j/1"), "{text}");
    assert!(text.contains("15:00–17:30 Georgia Time (GMT+4)"), "{text}");
}
