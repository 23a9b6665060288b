-- Waitlisted registrations per event, counted beside seats_taken: a confirmation that lands on
-- the waitlist learns its position from one row instead of counting those ahead. The seat
-- triggers give way to triggers that keep both counts in one UPDATE.
ALTER TABLE events ADD COLUMN waitlisted INTEGER NOT NULL DEFAULT 0;
UPDATE events SET waitlisted = (
    SELECT count(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'waitlisted'
);

DROP TRIGGER registrations_seat_updated;
DROP TRIGGER registrations_seat_deleted;
DROP TRIGGER registrations_seat_inserted;

CREATE TRIGGER registrations_counted_inserted AFTER INSERT ON registrations
WHEN NEW.status IN ('confirmed', 'waitlisted')
BEGIN
    UPDATE events SET
        seats_taken = seats_taken + (NEW.status = 'confirmed'),
        waitlisted = waitlisted + (NEW.status = 'waitlisted')
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

CREATE TRIGGER registrations_counted_updated AFTER UPDATE OF status, event_id ON registrations
WHEN OLD.status IN ('confirmed', 'waitlisted') OR NEW.status IN ('confirmed', 'waitlisted')
BEGIN
    UPDATE events SET
        seats_taken = seats_taken - (OLD.status = 'confirmed'),
        waitlisted = waitlisted - (OLD.status = 'waitlisted')
    WHERE id = OLD.event_id;
    UPDATE events SET
        seats_taken = seats_taken + (NEW.status = 'confirmed'),
        waitlisted = waitlisted + (NEW.status = 'waitlisted')
    WHERE id = NEW.event_id;
END;
