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
ALTER TABLE events DROP COLUMN waitlisted;
