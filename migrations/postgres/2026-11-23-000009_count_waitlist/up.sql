-- Waitlisted registrations per event and the last waitlist number handed out, kept by the
-- seat-counting trigger: a confirmation that lands on the waitlist learns its position and its
-- number from the event's row (which it holds) instead of reading the registrations, and a
-- number is never handed out twice.
ALTER TABLE events ADD COLUMN waitlisted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN waitlist_last INTEGER NOT NULL DEFAULT 0;
UPDATE events SET
    waitlisted = (
        SELECT count(*) FROM registrations r
        WHERE r.event_id = events.id AND r.status = 'waitlisted'
    ),
    waitlist_last = (
        SELECT coalesce(max(r.waitlist_seq), 0) FROM registrations r WHERE r.event_id = events.id
    );

CREATE OR REPLACE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('confirmed', 'waitlisted') THEN
        UPDATE events SET
            seats_taken = seats_taken - (OLD.status = 'confirmed')::int,
            waitlisted = waitlisted - (OLD.status = 'waitlisted')::int
        WHERE id = OLD.event_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status IN ('confirmed', 'waitlisted') THEN
        UPDATE events SET
            seats_taken = seats_taken + (NEW.status = 'confirmed')::int,
            waitlisted = waitlisted + (NEW.status = 'waitlisted')::int,
            waitlist_last = greatest(waitlist_last, NEW.waitlist_seq)
        WHERE id = NEW.event_id;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER registrations_count_seats ON registrations;
CREATE TRIGGER registrations_count_seats
AFTER INSERT OR DELETE OR UPDATE OF status, event_id, waitlist_seq ON registrations
FOR EACH ROW EXECUTE FUNCTION registrations_count_seats();
