-- RegisterAll: a batch of first registrations for one event in one statement (see
-- register_all.rs). `:name` is a value bound by the Rust side; `:texts` stands for the fifteen
-- text arrays, `:optional_texts` for the two nullable ones and `:times` for the two time
-- arrays, each in the order of the column list of `members`; `:count_on_conflict` for the
-- unsolicited-mail count's ON CONFLICT clause (`push_count_on_conflict`).

-- The event, if it is still the version the mails were composed for.
WITH current_event AS (
    SELECT 1 FROM events
    WHERE id = :event_id AND updated_at = :event_updated_at AND status = :event_status
        AND sequence = :event_sequence
),
-- One row per registrant, from the arrays.
members AS (
    SELECT * FROM unnest(:outbox_ids, :texts, :quota_keys, :optional_texts, :times)
        AS m(outbox_id, id, name, email, email_key, organisation, organisation_key,
            organisation_type, country, language, token_hash, message_id, kind, recipient,
            subject, message, quota_key, position, timezone, created_at, token_expires_at)
),
-- Each address new for the event counts one unsolicited mail to its mailbox.
quota AS (
    INSERT INTO unsolicited_mails (recipient_hash, window_start, mails)
    SELECT m.quota_key, :now, 1
    FROM members m, current_event
    WHERE NOT EXISTS (SELECT 1 FROM registrations r
        WHERE r.event_id = :event_id AND r.email_key = m.email_key)
    :count_on_conflict
    RETURNING recipient_hash, mails
),
-- Those within the cap (0: no cap) are allowed.
allowed AS (
    SELECT m.* FROM members m JOIN quota q ON q.recipient_hash = m.quota_key
    WHERE :cap = 0 OR q.mails <= :cap
),
-- Their pending registrations, unless the address registered meanwhile.
registered AS (
    INSERT INTO registrations (id, event_id, name, email, email_key, organisation,
        organisation_key, organisation_type, country, position, language, timezone, status,
        waitlist_seq, consent_at, created_at, updated_at, confirmed_at, withdrawn_at,
        last_mail_at)
    SELECT m.id, :event_id, m.name, m.email, m.email_key, m.organisation, m.organisation_key,
        m.organisation_type, m.country, m.position, m.language, m.timezone, :pending, NULL,
        m.created_at, m.created_at, m.created_at, NULL, NULL, m.created_at
    FROM allowed m, current_event
    ON CONFLICT (event_id, email_key) DO NOTHING
    RETURNING id
),
-- Each written registration's confirmation link.
token AS (
    INSERT INTO action_tokens (token_hash, purpose, registration_id, expires_at, created_at)
    SELECT m.token_hash, :confirm_purpose, m.id, m.token_expires_at, m.created_at
    FROM members m JOIN registered r ON r.id = m.id
),
-- Each written registration's opt-in mail: `:queue_members` is the outbox INSERT of each
-- member's mail (`push_queue_members`), here of the registered ones.
mail AS (
    :queue_members JOIN registered r ON r.id = m.id
)
SELECT (SELECT count(*) FROM current_event) AS event_current,
    ARRAY(SELECT id FROM registered) AS registered,
    -- Left out for their mailbox's cap: counted, but not allowed.
    ARRAY(SELECT m.id FROM members m WHERE m.id NOT IN (SELECT id FROM allowed)
        AND m.quota_key IN (SELECT recipient_hash FROM quota)) AS capped
