DROP INDEX action_tokens_invitation;
ALTER TABLE action_tokens DROP COLUMN invitation_id;
DROP TABLE invitations;
DROP TABLE invitation_batches;
