-- Waitlisted registrations per event, kept by the seat-counting trigger: a confirmation that
-- lands on the waitlist learns its position from one row instead of counting those ahead.
ALTER TABLE events ADD COLUMN waitlisted INTEGER NOT NULL DEFAULT 0;
UPDATE events SET waitlisted = (
    SELECT count(*) FROM registrations r WHERE r.event_id = events.id AND r.status = 'waitlisted'
);

CREATE OR REPLACE FUNCTION registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
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
            waitlisted = waitlisted + (NEW.status = 'waitlisted')::int
        WHERE id = NEW.event_id;
    END IF;
    RETURN NULL;
END
$$;
