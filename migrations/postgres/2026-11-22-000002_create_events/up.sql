-- Events. Instants are naive UTC; `timezone` is the IANA zone they are shown in.
-- Contacts are kept as a JSON array: they are shown with the event and never queried alone.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    title TEXT NOT NULL,
    summary TEXT,
    description TEXT,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    timezone TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('online', 'in_person', 'hybrid')),
    venue_name TEXT,
    venue_address TEXT,
    venue_city TEXT,
    venue_country TEXT,
    online_url TEXT,
    contacts TEXT NOT NULL DEFAULT '[]',
    series TEXT,
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
    registration_opens_at TIMESTAMP,
    registration_closes_at TIMESTAMP,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    CHECK (ends_at > starts_at)
);
CREATE INDEX events_status_starts_at ON events (status, starts_at, id);

-- Conference languages, in the order given.
CREATE TABLE event_languages (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, language)
);
CREATE INDEX event_languages_language ON event_languages (language, event_id);

CREATE TABLE event_topics (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, topic)
);
CREATE INDEX event_topics_topic ON event_topics (topic, event_id);
