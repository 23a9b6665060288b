DROP TRIGGER registrations_waitlist_updated;
DROP TRIGGER registrations_waitlist_deleted;
DROP TRIGGER registrations_waitlist_inserted;
ALTER TABLE events DROP COLUMN waitlisted;
