ALTER TABLE events ADD COLUMN max_per_organisation INTEGER CHECK (max_per_organisation IS NULL OR max_per_organisation >= 1);
ALTER TABLE events ADD COLUMN approval_required BOOLEAN NOT NULL DEFAULT FALSE;

-- People and municipalities registered for an event. One row per address and event.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- The address lower-cased: one registration per mailbox and event.
    email_key TEXT NOT NULL,
    organisation TEXT NOT NULL,
    -- The organisation lower-cased, for the per-organisation limit.
    organisation_key TEXT NOT NULL,
    organisation_type TEXT NOT NULL,
    country TEXT NOT NULL,
    position TEXT,
    language TEXT NOT NULL,
    timezone TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'awaiting_approval', 'confirmed', 'waitlisted', 'withdrawn', 'rejected', 'expired')),
    -- Order of joining the waitlist; the position is the rank among those still waiting.
    waitlist_seq INTEGER,
    consent_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    last_mail_at TIMESTAMP,
    UNIQUE (event_id, email_key)
);
CREATE INDEX registrations_event_status ON registrations (event_id, status, waitlist_seq);
CREATE INDEX registrations_listing ON registrations (event_id, created_at, id);

-- Single-purpose secrets from links in mails; only their hashes are kept.
CREATE TABLE action_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    registration_id TEXT REFERENCES registrations (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX action_tokens_registration ON action_tokens (registration_id);
