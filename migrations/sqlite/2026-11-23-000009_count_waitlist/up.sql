-- Waitlisted registrations per event, counted beside seats_taken, and the last waitlist number
-- handed out: a confirmation that lands on the waitlist learns its position and its number
-- from the event's row instead of reading the registrations, and a number is never handed out
-- twice. The seat triggers give way to triggers that keep all three in one UPDATE.
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

DROP TRIGGER registrations_seat_updated;
DROP TRIGGER registrations_seat_deleted;
DROP TRIGGER registrations_seat_inserted;

CREATE TRIGGER registrations_counted_inserted AFTER INSERT ON registrations
WHEN NEW.status IN ('confirmed', 'waitlisted')
BEGIN
    UPDATE events SET
        seats_taken = seats_taken + (NEW.status = 'confirmed'),
        waitlisted = waitlisted + (NEW.status = 'waitlisted'),
        waitlist_last = max(waitlist_last, coalesce(NEW.waitlist_seq, 0))
    WHERE id = NEW.event_id;
END;

CREATE TRIGGER registrations_counted_deleted AFTER DELETE ON registrations
WHEN OLD.status IN ('confirmed', 'waitlisted')
BEGIN
    UPDATE events SET
        seats_taken = seats_taken - (OLD.status = 'confirmed'),
        waitlisted = waitlisted - (OLD.status = 'waitlisted')
    WHERE id = OLD.event_id;
END;

CREATE TRIGGER registrations_counted_updated AFTER UPDATE OF status, event_id, waitlist_seq ON registrations
WHEN OLD.status IN ('confirmed', 'waitlisted') OR NEW.status IN ('confirmed', 'waitlisted')
BEGIN
    UPDATE events SET
        seats_taken = seats_taken - (OLD.status = 'confirmed'),
        waitlisted = waitlisted - (OLD.status = 'waitlisted')
    WHERE id = OLD.event_id;
    UPDATE events SET
        seats_taken = seats_taken + (NEW.status = 'confirmed'),
        waitlisted = waitlisted + (NEW.status = 'waitlisted'),
        waitlist_last = max(waitlist_last, coalesce(NEW.waitlist_seq, 0))
    WHERE id = NEW.event_id;
END;
