-- Seats and waitlist counted once per statement instead of once per row: a batch of
-- confirmations updates the event's row once, not once for each registration it admits.
-- Each trigger reads the rows its statement changed (transition tables) and adds up what
-- they change in each event's counts. (SQLite, with row triggers only, makes one UPDATE of
-- the row per status change instead of two; see its migration of the same name.)
DROP TRIGGER registrations_count_seats ON registrations;
DROP FUNCTION registrations_count_seats();

CREATE FUNCTION registrations_counted_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events e SET
        seats_taken = e.seats_taken + d.seats,
        waitlisted = e.waitlisted + d.waiting,
        waitlist_last = greatest(e.waitlist_last, d.last_seq)
    FROM (
        SELECT event_id,
            count(*) FILTER (WHERE status = 'confirmed') AS seats,
            count(*) FILTER (WHERE status = 'waitlisted') AS waiting,
            coalesce(max(waitlist_seq), 0) AS last_seq
        FROM new_rows WHERE status IN ('confirmed', 'waitlisted')
        GROUP BY event_id
    ) d
    WHERE e.id = d.event_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION registrations_counted_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events e SET
        seats_taken = e.seats_taken - d.seats,
        waitlisted = e.waitlisted - d.waiting
    FROM (
        SELECT event_id,
            count(*) FILTER (WHERE status = 'confirmed') AS seats,
            count(*) FILTER (WHERE status = 'waitlisted') AS waiting
        FROM old_rows WHERE status IN ('confirmed', 'waitlisted')
        GROUP BY event_id
    ) d
    WHERE e.id = d.event_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION registrations_counted_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE events e SET
        seats_taken = e.seats_taken + d.seats,
        waitlisted = e.waitlisted + d.waiting,
        waitlist_last = greatest(e.waitlist_last, d.last_seq)
    FROM (
        SELECT event_id, sum(seats) AS seats, sum(waiting) AS waiting,
            coalesce(max(last_seq), 0) AS last_seq
        FROM (
            SELECT event_id, (status = 'confirmed')::int AS seats,
                (status = 'waitlisted')::int AS waiting, waitlist_seq AS last_seq
            FROM new_rows WHERE status IN ('confirmed', 'waitlisted')
            UNION ALL
            SELECT event_id, -(status = 'confirmed')::int, -(status = 'waitlisted')::int, NULL
            FROM old_rows WHERE status IN ('confirmed', 'waitlisted')
        ) changes
        GROUP BY event_id
    ) d
    WHERE e.id = d.event_id
        AND (d.seats <> 0 OR d.waiting <> 0 OR d.last_seq > e.waitlist_last);
    RETURN NULL;
END
$$;

CREATE TRIGGER registrations_counted_inserted AFTER INSERT ON registrations
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION registrations_counted_inserted();
CREATE TRIGGER registrations_counted_deleted AFTER DELETE ON registrations
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION registrations_counted_deleted();
CREATE TRIGGER registrations_counted_updated AFTER UPDATE ON registrations
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION registrations_counted_updated();
