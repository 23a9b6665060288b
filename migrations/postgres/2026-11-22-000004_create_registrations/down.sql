DROP TABLE action_tokens;
DROP TABLE registrations;
ALTER TABLE events DROP COLUMN approval_required;
ALTER TABLE events DROP COLUMN max_per_organisation;
