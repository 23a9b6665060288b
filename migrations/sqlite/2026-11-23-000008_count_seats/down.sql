DROP TRIGGER registrations_seat_updated;
DROP TRIGGER registrations_seat_deleted;
DROP TRIGGER registrations_seat_inserted;
ALTER TABLE events DROP COLUMN seats_taken;
