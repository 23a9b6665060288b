DROP TRIGGER registrations_counted_updated ON registrations;
DROP TRIGGER registrations_counted_deleted ON registrations;
DROP TRIGGER registrations_counted_inserted ON registrations;
DROP FUNCTION registrations_counted_updated();
DROP FUNCTION registrations_counted_deleted();
DROP FUNCTION registrations_counted_inserted();

-- The row trigger of migration 000009.
CREATE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER registrations_count_seats
AFTER INSERT OR DELETE OR UPDATE OF status, event_id, waitlist_seq ON registrations
FOR EACH ROW EXECUTE FUNCTION registrations_count_seats();
