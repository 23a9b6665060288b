DROP TRIGGER registrations_count_seats ON registrations;
DROP FUNCTION registrations_count_seats();
ALTER TABLE events DROP COLUMN seats_taken;
