//! Mails write the event's time as ICU4X writes it for the reader's language: the expected
//! texts are made here with ICU4X from the same instant and zone, not copied from the mails.

use icu_datetime::fieldsets::zone::{LocalizedOffsetShort, SpecificShort};
use icu_datetime::fieldsets::{T, YMDE};
use icu_datetime::input::{Date, DateTime, Time, UtcOffset};
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu_time::zone::IanaParser;
use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::registration_flow::{app_with_sink, register, registrant};

for_both_backends!(mails_write_the_time_as_icu_does_for_german_and_portuguese,);

/// "Montag, 7. Oktober 2030, 13:00–15:30 MESZ (GMT+2)" for the webinar in `locale`, by ICU4X.
fn expected(locale: &str) -> String {
    let prefs = locale.parse::<icu_locale_core::Locale>().unwrap();
    let date = Date::try_new_iso(2030, 10, 7).unwrap();
    let (start, end) = (
        Time::try_new(13, 0, 0, 0).unwrap(),
        Time::try_new(15, 30, 0, 0).unwrap(),
    );
    let zone = IanaParser::new()
        .parse("Europe/Berlin")
        .with_offset(UtcOffset::try_from_seconds(2 * 3600).ok())
        .at_date_time_iso(DateTime { date, time: end });
    let date = DateTimeFormatter::try_new((&prefs).into(), YMDE::long())
        .unwrap()
        .format(&date)
        .to_string();
    let clock = NoCalendarFormatter::try_new((&prefs).into(), T::hm()).unwrap();
    let name = NoCalendarFormatter::try_new((&prefs).into(), SpecificShort).unwrap();
    let offset = NoCalendarFormatter::try_new((&prefs).into(), LocalizedOffsetShort).unwrap();
    let (name, offset) = (
        name.format(&zone).to_string(),
        offset.format(&zone).to_string(),
    );
    let zone = if name == offset {
        offset
    } else {
        format!("{name} ({offset})")
    };
    format!(
        "{date}, {}–{} {zone}",
        clock.format(&start),
        clock.format(&end)
    )
}

async fn mails_write_the_time_as_icu_does_for_german_and_portuguese(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    for (address, language) in [("ana@example.org", "de"), ("tamar@example.org", "pt")] {
        let mut body = registrant(address);
        body["language"] = json!(language);
        assert_eq!(register(&app, id, &body).await.status, 202);
    }
    let mails = app.quiet_mails(&sink).await;
    let to = |address: &str| mails.iter().find(|m| m.to == address).unwrap();
    let german = expected("de");
    assert!(
        german.starts_with("Montag, 7. Oktober 2030, 13:00"),
        "{german}"
    );
    assert!(german.contains("MESZ"), "{german}");
    let portuguese = expected("pt");
    assert!(portuguese.contains("7 de outubro de 2030"), "{portuguese}");
    for (mail, when) in [
        (to("ana@example.org"), &german),
        (to("tamar@example.org"), &portuguese),
    ] {
        assert!(
            mail.text.contains(when.as_str()),
            "{when} not in {}",
            mail.text
        );
        assert!(
            mail.html.contains(when.as_str()),
            "{when} not in {}",
            mail.html
        );
    }
    // The conference languages, named in each reader's language.
    assert!(to("ana@example.org").text.contains("Englisch, Deutsch"));
    assert!(to("tamar@example.org").text.contains("inglês, alemão"));
}
