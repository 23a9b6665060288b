//! The choices the forms offer, in the reader's language: the kinds of organisation, the
//! countries (ISO 3166-1), the languages of the mails (each in itself), and the IANA time
//! zones — exactly the values the domain's parsers take.

use super::Choice;
use crate::domain::OrganisationType;
use crate::i18n::Locale;

/// The message naming an organisation type.
pub fn organisation_type_label(kind: OrganisationType) -> &'static str {
    match kind {
        OrganisationType::Municipality => "invitation-organisation-type-municipality",
        OrganisationType::Ministry => "invitation-organisation-type-ministry",
        OrganisationType::Agency => "invitation-organisation-type-agency",
        OrganisationType::Ngo => "invitation-organisation-type-ngo",
        OrganisationType::Academia => "invitation-organisation-type-academia",
        OrganisationType::Business => "invitation-organisation-type-business",
        OrganisationType::Other => "invitation-organisation-type-other",
    }
}

/// "Please choose", first in a select that has no value yet.
fn placeholder(t: Locale, chosen: &str) -> Choice {
    Choice {
        value: String::new(),
        label: t.text("form-choose"),
        selected: chosen.is_empty(),
        lang: None,
    }
}

/// Every kind of organisation, `chosen` selected.
pub fn organisation_types(t: Locale, chosen: &str) -> Vec<Choice> {
    let mut all = vec![placeholder(t, chosen)];
    all.extend(OrganisationType::ALL.iter().map(|kind| Choice {
        value: kind.as_str().to_owned(),
        label: t.text(organisation_type_label(*kind)),
        selected: kind.as_str() == chosen,
        lang: None,
    }));
    all
}

/// Every country by its name in `t` (CLDR's), in alphabetical order, `chosen` (a code, any
/// case) selected.
pub fn countries(t: Locale, chosen: &str) -> Vec<Choice> {
    let chosen = chosen.trim().to_ascii_uppercase();
    let mut named: Vec<Choice> = celes::Country::get_countries()
        .iter()
        .map(|country| Choice {
            value: country.alpha2.to_owned(),
            label: t.country_name(country.alpha2),
            selected: country.alpha2 == chosen,
            lang: None,
        })
        .collect();
    named.sort_by(|a, b| t.compare_names(&a.label, &b.label));
    let mut all = vec![placeholder(t, &chosen)];
    all.extend(named);
    all
}

/// The languages of the mails, each named in itself, `chosen` selected.
pub fn languages(chosen: &str) -> Vec<Choice> {
    Locale::all()
        .iter()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: l.text("invitation-language-name"),
            selected: l.code() == chosen,
            lang: Some(l.code()),
        })
        .collect()
}

/// The regions whose zones are offered; the others in the database are aliases kept for
/// old names (`US/Eastern`) and fixed offsets.
const REGIONS: [&str; 9] = [
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
];

/// The IANA time zones, after a first choice of none (times in the event's zone only),
/// `chosen` selected. A browser's own zone is selected by `assets/forms.js`.
pub fn time_zones(t: Locale, chosen: &str) -> Vec<Choice> {
    let mut all = vec![Choice {
        value: String::new(),
        label: t.text("form-timezone-none"),
        selected: chosen.is_empty(),
        lang: None,
    }];
    let mut zones: Vec<&str> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| REGIONS.iter().any(|r| name.starts_with(r)) || *name == "UTC")
        .collect();
    zones.sort_unstable();
    all.extend(zones.into_iter().map(|zone| Choice {
        value: zone.to_owned(),
        label: zone.replace('_', " "),
        selected: zone == chosen,
        lang: None,
    }));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Country, TimeZone};

    #[test]
    fn every_choice_is_a_value_the_parsers_take() {
        let t = Locale::fallback();
        for choice in countries(t, "de").iter().skip(1) {
            assert!(Country::parse(&choice.value).is_ok(), "{}", choice.value);
        }
        for choice in time_zones(t, "").iter().skip(1) {
            assert!(TimeZone::parse(&choice.value).is_ok(), "{}", choice.value);
        }
        for choice in organisation_types(t, "").iter().skip(1) {
            assert!(OrganisationType::parse(&choice.value).is_ok());
        }
        let chosen: Vec<_> = countries(t, "de")
            .into_iter()
            .filter(|c| c.selected)
            .collect();
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].value, "DE");
        assert!(time_zones(t, "Europe/Berlin").iter().any(|c| c.selected));
    }

    #[test]
    fn countries_are_named_and_ordered_in_the_readers_language() {
        let de = Locale::parse("de").unwrap();
        let names: Vec<String> = countries(de, "").into_iter().map(|c| c.label).collect();
        let at = |name: &str| names.iter().position(|n| n == name).unwrap();
        assert!(at("Ägypten") < at("Albanien"), "{names:?}");
        assert!(at("Georgien") < at("Österreich") && at("Österreich") < at("Pakistan"));
    }
}
