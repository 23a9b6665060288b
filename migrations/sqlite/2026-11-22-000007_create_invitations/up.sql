-- A coordinator's invitation of subscribers and/or named invitees to one event. Subscribers
-- are invited in the background, walking the audience from `cursor` (as for newsletter
-- issues); `total` and `skipped` are fixed when the batch is made.
CREATE TABLE invitation_batches (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- JSON {"topics": [...], "languages": [...]}, or NULL when no subscribers are invited.
    subscribers TEXT,
    status TEXT NOT NULL CHECK (status IN ('queuing', 'done')),
    audience_cutoff TIMESTAMP NOT NULL,
    cursor TEXT,
    total INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX invitation_batches_status ON invitation_batches (status, id);

-- One invited address per event.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    batch_id TEXT NOT NULL REFERENCES invitation_batches (id) ON DELETE CASCADE,
    subscriber_id TEXT REFERENCES subscribers (id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    name TEXT,
    organisation TEXT,
    organisation_type TEXT,
    country TEXT,
    language TEXT NOT NULL,
    -- The Message-IDs (outbox) of the invitation and of its one follow-up.
    mail_id TEXT,
    follow_up_mail_id TEXT,
    created_at TIMESTAMP NOT NULL,
    followed_up_at TIMESTAMP,
    declined_at TIMESTAMP,
    registered_at TIMESTAMP,
    UNIQUE (event_id, email_key)
);
CREATE INDEX invitations_batch ON invitations (batch_id);
CREATE INDEX invitations_listing ON invitations (event_id, created_at, id);

ALTER TABLE action_tokens ADD COLUMN invitation_id TEXT REFERENCES invitations (id) ON DELETE CASCADE;
CREATE INDEX action_tokens_invitation ON action_tokens (invitation_id);
