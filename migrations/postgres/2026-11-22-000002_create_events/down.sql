DROP TABLE event_topics;
DROP TABLE event_languages;
DROP TABLE events;
