-- Newsletter subscribers. One row per mailbox; unsubscribing keeps the row (and its consent
-- record) so that a later subscription starts a fresh opt-in.
CREATE TABLE subscribers (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    -- The address lower-cased: one subscription per mailbox.
    email_key TEXT NOT NULL UNIQUE,
    name TEXT,
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    unsubscribed_at TIMESTAMP,
    last_mail_at TIMESTAMP
);
CREATE INDEX subscribers_status ON subscribers (status, id);
CREATE INDEX subscribers_listing ON subscribers (created_at, id);

-- The topics a subscriber chose; none means every issue.
CREATE TABLE subscriber_topics (
    subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, topic)
);
CREATE INDEX subscriber_topics_topic ON subscriber_topics (topic, subscriber_id);

-- What each subscriber agreed to, when and how: appended to, never changed (a trigger refuses
-- updates); removed only with the subscriber when their data is erased.
CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    subscriber_id TEXT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('subscribe', 'confirm', 'import', 'unsubscribe')),
    privacy_notice_version TEXT,
    source TEXT NOT NULL,
    ip_address TEXT,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX consents_subscriber ON consents (subscriber_id, recorded_at);
CREATE INDEX consents_listing ON consents (recorded_at, id);

-- Newsletter issues. Texts are JSON objects from language to text; `topics` a JSON array.
-- While sending, `cursor` is the last subscriber id queued and `audience_cutoff` fixes who
-- belongs to the audience (confirmed by then), so that `total` stays exact.
CREATE TABLE newsletter_issues (
    id TEXT PRIMARY KEY NOT NULL,
    subjects TEXT NOT NULL,
    bodies TEXT NOT NULL,
    fallback_language TEXT NOT NULL,
    topics TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'sending', 'paused', 'cancelled', 'sent')),
    total INTEGER NOT NULL DEFAULT 0,
    audience_cutoff TIMESTAMP,
    cursor TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    send_started_at TIMESTAMP,
    finished_at TIMESTAMP
);
CREATE INDEX newsletter_issues_status ON newsletter_issues (status, id);

ALTER TABLE outbox ADD COLUMN issue_id TEXT;
CREATE INDEX outbox_issue ON outbox (issue_id, status);

ALTER TABLE action_tokens ADD COLUMN subscriber_id TEXT REFERENCES subscribers (id) ON DELETE CASCADE;
CREATE INDEX action_tokens_subscriber ON action_tokens (subscriber_id);

CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consents are append-only';
END;
$$;
CREATE TRIGGER consents_append_only BEFORE UPDATE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_append_only();

-- Messages are written once and read once; compressing them (the default for long text)
-- costs more CPU than the disk it saves while a newsletter is queued.
ALTER TABLE outbox ALTER COLUMN message SET STORAGE EXTERNAL;
