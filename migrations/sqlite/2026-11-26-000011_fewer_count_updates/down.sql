DROP TRIGGER registrations_counted_moved;
DROP TRIGGER registrations_counted_updated;

-- The trigger of migration 000009.
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
