-- Confirmed registrations per event, kept by triggers: seat allocation reads one row instead
-- of counting the confirmed registrations on every confirmation.
ALTER TABLE events ADD COLUMN seats_taken INTEGER NOT NULL DEFAULT 0;
UPDATE events SET seats_taken = (
    SELECT count(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'confirmed'
);

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
