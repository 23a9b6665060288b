-- Confirmed registrations per event, kept by a trigger: seat allocation reads one row instead
-- of counting the confirmed registrations on every confirmation.
ALTER TABLE events ADD COLUMN seats_taken INTEGER NOT NULL DEFAULT 0;
UPDATE events SET seats_taken = (
    SELECT count(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'confirmed'
);

CREATE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER registrations_count_seats
AFTER INSERT OR DELETE OR UPDATE OF status, event_id ON registrations
FOR EACH ROW EXECUTE FUNCTION registrations_count_seats();
