-- A registration changing status within its event updates the event's counts in one UPDATE
-- of its row instead of two (one taking the old status off, one adding the new): every
-- confirmation changes a status. SQLite has row triggers only (PostgreSQL counts per
-- statement, see its migration of the same name).
DROP TRIGGER registrations_counted_updated;

CREATE TRIGGER registrations_counted_updated AFTER UPDATE OF status, event_id, waitlist_seq ON registrations
WHEN OLD.event_id = NEW.event_id
    AND (OLD.status IN ('confirmed', 'waitlisted') OR NEW.status IN ('confirmed', 'waitlisted'))
BEGIN
    UPDATE events SET
        seats_taken = seats_taken - (OLD.status = 'confirmed') + (NEW.status = 'confirmed'),
        waitlisted = waitlisted - (OLD.status = 'waitlisted') + (NEW.status = 'waitlisted'),
        waitlist_last = max(waitlist_last, coalesce(NEW.waitlist_seq, 0))
    WHERE id = NEW.event_id;
END;

CREATE TRIGGER registrations_counted_moved AFTER UPDATE OF status, event_id, waitlist_seq ON registrations
WHEN OLD.event_id <> NEW.event_id
    AND (OLD.status IN ('confirmed', 'waitlisted') OR NEW.status IN ('confirmed', 'waitlisted'))
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
