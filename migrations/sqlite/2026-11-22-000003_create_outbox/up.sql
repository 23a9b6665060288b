-- The durable outbox. A mail is written here, complete, in the transaction of the change that
-- causes it; the worker claims due rows under a lease, sends them and marks them sent.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    -- Makes a mail that must go out once (e.g. one newsletter issue to one subscriber) unique.
    dedupe_key TEXT UNIQUE,
    kind TEXT NOT NULL,
    event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The complete RFC 5322 message; cleared once sent, so that links in it do not linger.
    message TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    locked_by TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_listing ON outbox (status, created_at, id);
CREATE INDEX outbox_event ON outbox (event_id);
