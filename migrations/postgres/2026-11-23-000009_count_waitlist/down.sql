CREATE OR REPLACE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'confirmed' THEN
        UPDATE events SET seats_taken = seats_taken - 1 WHERE id = OLD.event_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'confirmed' THEN
        UPDATE events SET seats_taken = seats_taken + 1 WHERE id = NEW.event_id;
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER registrations_count_seats ON registrations;
CREATE TRIGGER registrations_count_seats
AFTER INSERT OR DELETE OR UPDATE OF status, event_id ON registrations
FOR EACH ROW EXECUTE FUNCTION registrations_count_seats();
ALTER TABLE events DROP COLUMN waitlist_last;
ALTER TABLE events DROP COLUMN waitlisted;
