//! The coordinators' view of an event's registrations: pages filtered by status, kind of
//! organisation, country and a search, the counts per status, kind of organisation and
//! country, and the waitlist's order.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{Registration, RegistrationStatus};
use crate::db::schema::registrations;
use crate::db::{Cursor, DbConnection, lower};
use crate::domain::{Country, OrganisationType};

/// Filters of the coordinators' list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct RegistrationFilter {
    pub status: Option<RegistrationStatus>,
    pub organisation_type: Option<OrganisationType>,
    pub country: Option<Country>,
    /// Text found in the name, address or organisation, whatever its case.
    pub search: Option<String>,
}

/// How the registrations that hold or seek a place (pending, awaiting approval, confirmed,
/// waitlisted) divide by kind of organisation and by country, most first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakdown {
    pub organisation_types: Vec<(String, i64)>,
    pub countries: Vec<(String, i64)>,
}

/// `text` as a `LIKE` pattern that finds it anywhere, its own `%`, `_` and `\` taken literally
/// (lowered: compare it with lowered columns, as SQLite and PostgreSQL differ in case).
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Registration {
    /// One page for coordinators, oldest first.
    pub fn list(
        conn: &mut DbConnection,
        event_id: &str,
        filter: &RegistrationFilter,
        after: Option<Cursor>,
        limit: Option<i64>,
    ) -> QueryResult<Vec<Self>> {
        let mut query = registrations::table
            .filter(registrations::event_id.eq(event_id))
            .select(Self::as_select())
            .into_boxed();
        if let Some(status) = filter.status {
            query = query.filter(registrations::status.eq(status.as_str()));
        }
        if let Some(kind) = filter.organisation_type {
            query = query.filter(registrations::organisation_type.eq(kind.as_str()));
        }
        if let Some(country) = &filter.country {
            query = query.filter(registrations::country.eq(country.code().to_owned()));
        }
        if let Some(text) = filter.search.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = contains_pattern(text.trim());
            query = query.filter(
                lower(registrations::name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(registrations::email_key.like(pattern.clone()).escape('\\'))
                    .or(lower(registrations::organisation)
                        .like(pattern)
                        .escape('\\')),
            );
        }
        if let Some(cursor) = after {
            query = query.filter(
                registrations::created_at
                    .gt(cursor.at)
                    .or(registrations::created_at
                        .eq(cursor.at)
                        .and(registrations::id.gt(cursor.id))),
            );
        }
        let query = query.order((registrations::created_at, registrations::id));
        match limit {
            Some(limit) => query.limit(limit).load(conn),
            None => query.load(conn),
        }
    }

    /// Registrations per status for one event.
    pub fn counts(conn: &mut DbConnection, event_id: &str) -> QueryResult<Vec<(String, i64)>> {
        registrations::table
            .filter(registrations::event_id.eq(event_id))
            .group_by(registrations::status)
            .select((registrations::status, diesel::dsl::count_star()))
            .load(conn)
    }

    /// The event's registrations that hold or seek a place, by kind of organisation and by
    /// country.
    pub fn breakdown(conn: &mut DbConnection, event_id: &str) -> QueryResult<Breakdown> {
        let active: Vec<&str> = RegistrationStatus::ALL
            .iter()
            .filter(|s| s.is_active())
            .map(RegistrationStatus::as_str)
            .collect();
        let mut organisation_types: Vec<(String, i64)> = registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::status.eq_any(&active))
            .group_by(registrations::organisation_type)
            .select((registrations::organisation_type, diesel::dsl::count_star()))
            .load(conn)?;
        let mut countries: Vec<(String, i64)> = registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::status.eq_any(&active))
            .group_by(registrations::country)
            .select((registrations::country, diesel::dsl::count_star()))
            .load(conn)?;
        for counts in [&mut organisation_types, &mut countries] {
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Ok(Breakdown {
            organisation_types,
            countries,
        })
    }

    /// The 1-based waitlist place of each waitlisted registration of the event, by id.
    pub fn waitlist_places(
        conn: &mut DbConnection,
        event_id: &str,
    ) -> QueryResult<HashMap<String, i64>> {
        let ids: Vec<String> = registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
            .order(registrations::waitlist_seq)
            .select(registrations::id)
            .load(conn)?;
        Ok(ids.into_iter().zip(1..).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn a_search_takes_wildcards_literally() {
        assert_eq!(contains_pattern("Tbilisi"), "%tbilisi%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
