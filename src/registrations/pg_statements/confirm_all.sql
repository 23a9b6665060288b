-- ConfirmAll: a batch of confirmations of one event in one statement (see confirm_all.rs).
-- `:name` is a value bound by the Rust side; `:texts` stands for the nine text arrays in the
-- order of the column list of `members`.

-- The event, if it is still the version the mails were composed for, shows the access link
-- as they do and (with :seats_for_all set) has a seat for every member; its row is then held
-- until the commit. FOR NO KEY UPDATE, as elsewhere (see `Event::version`): a row that no
-- longer matches once its lock is granted is neither locked nor returned.
WITH current_event AS (
    SELECT 1 FROM events
    WHERE id = :event_id AND updated_at = :event_updated_at AND status = :event_status
        AND sequence = :event_sequence
        AND (:seats_for_all IS NULL OR capacity IS NULL OR seats_taken + :seats_for_all <= capacity)
        AND EXISTS (SELECT 1 FROM event_plans WHERE event_id = events.id
            AND access_link_hours_before IS NOT DISTINCT FROM :hours_before)
        AND (:release IS NULL OR :now < :release)
    FOR NO KEY UPDATE
),
-- One row per confirmation, from the arrays.
members AS (
    SELECT * FROM unnest(:outbox_ids, :texts, :waitlist_seqs)
        AS m(outbox_id, token_hash, registration_id, status, withdraw_hash, message_id, kind,
            recipient, subject, message, waitlist_seq)
),
-- Each confirmation token still unused, of a registration still pending, is used up.
used AS (
    UPDATE action_tokens t SET used_at = :now
    FROM members m
    WHERE t.token_hash = m.token_hash AND t.used_at IS NULL
        AND EXISTS (SELECT 1 FROM current_event)
        AND EXISTS (SELECT 1 FROM registrations r
            WHERE r.id = m.registration_id AND r.status = 'pending')
    RETURNING m.registration_id
),
-- Their registrations get the status decided for them.
admitted AS (
    UPDATE registrations r SET status = m.status, waitlist_seq = m.waitlist_seq,
        updated_at = :now, last_mail_at = :now,
        confirmed_at = CASE WHEN m.status = 'confirmed' THEN :now ELSE r.confirmed_at END
    FROM members m
    WHERE r.id = m.registration_id AND r.status = 'pending'
        AND m.registration_id IN (SELECT registration_id FROM used)
    RETURNING r.id
),
-- Each admitted registration's withdrawal link.
withdrawal AS (
    INSERT INTO action_tokens (token_hash, purpose, registration_id, expires_at, created_at)
    SELECT m.withdraw_hash, :withdraw_purpose, m.registration_id, :withdraw_expires_at, :now
    FROM members m JOIN admitted a ON a.id = m.registration_id
),
-- Each admitted registration's mail: `:queue_members` is the outbox INSERT of each member's
-- mail (`push_queue_members`), here of the admitted ones.
mail AS (
    :queue_members JOIN admitted a ON a.id = m.registration_id
)
SELECT (SELECT count(*) FROM current_event) AS event_current,
    ARRAY(SELECT id FROM admitted) AS admitted
