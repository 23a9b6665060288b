DROP TRIGGER registrations_counted_updated;
DROP TRIGGER registrations_counted_deleted;
DROP TRIGGER registrations_counted_inserted;
ALTER TABLE events DROP COLUMN waitlist_last;
ALTER TABLE events DROP COLUMN waitlisted;

CREATE TRIGGER registrations_seat_inserted AFTER INSERT ON registrations
WHEN NEW.status = 'confirmed'
BEGIN
    UPDATE events SET seats_taken = seats_taken + 1 WHERE id = NEW.event_id;
END;

CREATE TRIGGER registrations_seat_deleted AFTER DELETE ON registrations
WHEN OLD.status = 'confirmed'
BEGIN
    UPDATE events SET seats_taken = seats_taken - 1 WHERE id = OLD.event_id;
END;

CREATE TRIGGER registrations_seat_updated AFTER UPDATE OF status, event_id ON registrations
WHEN OLD.status = 'confirmed' OR NEW.status = 'confirmed'
BEGIN
    UPDATE events SET seats_taken = seats_taken - 1
    WHERE id = OLD.event_id AND OLD.status = 'confirmed';
    UPDATE events SET seats_taken = seats_taken + 1
    WHERE id = NEW.event_id AND NEW.status = 'confirmed';
END;
