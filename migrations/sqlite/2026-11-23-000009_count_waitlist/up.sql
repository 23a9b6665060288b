-- Waitlisted registrations per event, kept by triggers like seats_taken: a confirmation that
-- lands on the waitlist learns its position from one row instead of counting those ahead.
ALTER TABLE events ADD COLUMN waitlisted INTEGER NOT NULL DEFAULT 0;
UPDATE events SET waitlisted = (
    SELECT count(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'waitlisted'
);

CREATE TRIGGER registrations_waitlist_inserted AFTER INSERT ON registrations
WHEN NEW.status = 'waitlisted'
BEGIN
    UPDATE events SET waitlisted = waitlisted + 1 WHERE id = NEW.event_id;
END;

CREATE TRIGGER registrations_waitlist_deleted AFTER DELETE ON registrations
WHEN OLD.status = 'waitlisted'
BEGIN
    UPDATE events SET waitlisted = waitlisted - 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER registrations_waitlist_updated AFTER UPDATE OF status, event_id ON registrations
WHEN OLD.status = 'waitlisted' OR NEW.status = 'waitlisted'
BEGIN
    UPDATE events SET waitlisted = waitlisted - 1
    WHERE id = OLD.event_id AND OLD.status = 'waitlisted';
    UPDATE events SET waitlisted = waitlisted + 1
    WHERE id = NEW.event_id AND NEW.status = 'waitlisted';
END;
