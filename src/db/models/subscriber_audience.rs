//! The audiences of mailings to subscribers: confirmed by a cutoff, by topic and language.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::subscriber::{Subscriber, SubscriberStatus};
use crate::db::DbConnection;
use crate::db::schema::{subscriber_topics, subscribers};

impl Subscriber {
    /// The audience of an issue, one page at a time in id order: subscribers confirmed by
    /// `cutoff` who chose one of `topics`, or chose no topic at all (they take every issue).
    /// Without `topics`, every confirmed subscriber.
    pub fn audience_page(
        conn: &mut DbConnection,
        topics: &[String],
        cutoff: NaiveDateTime,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        Self::audience_page_in(conn, &audience(topics, cutoff), after, limit)
    }

    /// One page of `audience` (see [`audience`]) in id order.
    pub fn audience_page_in(
        conn: &mut DbConnection,
        audience: &Audience,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        let mut query = audience.query().select(Self::as_select());
        if let Some(after) = after {
            query = query.filter(subscribers::id.gt(after.to_owned()));
        }
        query.order(subscribers::id).limit(limit).load(conn)
    }

    /// Every topic a subscriber chose, sorted, each once: what an issue may target.
    pub fn topics_chosen(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
        subscriber_topics::table
            .select(subscriber_topics::topic)
            .distinct()
            .order(subscriber_topics::topic)
            .load(conn)
    }

    /// How many subscribers are in `audience`.
    pub fn audience_count_in(conn: &mut DbConnection, audience: &Audience) -> QueryResult<i64> {
        audience.query().count().get_result(conn)
    }

    /// How many subscribers [`Subscriber::audience_page`] walks through.
    pub fn audience_count(
        conn: &mut DbConnection,
        topics: &[String],
        cutoff: NaiveDateTime,
    ) -> QueryResult<i64> {
        audience(topics, cutoff).query().count().get_result(conn)
    }
}

pub type AudienceQuery<'a> = subscribers::BoxedQuery<'a, crate::db::DbBackend>;

/// Confirmed subscribers (by a cutoff) who chose one of some topics or none at all, and who
/// read one of some languages; empty lists do not restrict.
#[derive(Debug, Clone)]
pub struct Audience {
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub cutoff: NaiveDateTime,
}

/// The audience of a newsletter issue.
pub fn audience(topics: &[String], cutoff: NaiveDateTime) -> Audience {
    Audience {
        topics: topics.to_vec(),
        languages: Vec::new(),
        cutoff,
    }
}

impl Audience {
    pub fn query<'a>(&self) -> AudienceQuery<'a> {
        audience_query(&self.topics, &self.languages, self.cutoff)
    }
}

fn audience_query<'a>(
    topics: &[String],
    languages: &[String],
    cutoff: NaiveDateTime,
) -> AudienceQuery<'a> {
    let mut query = subscribers::table
        .filter(subscribers::status.eq(SubscriberStatus::Confirmed.as_str()))
        .filter(subscribers::confirmed_at.le(cutoff))
        .into_boxed();
    if !languages.is_empty() {
        query = query.filter(subscribers::language.eq_any(languages.to_vec()));
    }
    if !topics.is_empty() {
        let chose_one = subscribers::id.eq_any(
            subscriber_topics::table
                .filter(subscriber_topics::topic.eq_any(topics.to_vec()))
                .select(subscriber_topics::subscriber_id),
        );
        let chose_none = not(exists(
            subscriber_topics::table.filter(subscriber_topics::subscriber_id.eq(subscribers::id)),
        ));
        query = query.filter(chose_one.or(chose_none));
    }
    query
}
