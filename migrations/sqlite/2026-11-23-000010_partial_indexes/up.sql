-- Indexes on columns that most rows leave empty keep only the rows with a value: a
-- registration's tokens belong to no subscriber or invitation, its mails to no newsletter
-- issue, a newsletter's tokens and mails to no registration or event; and every lookup by
-- these columns is by a value (or a foreign key's, which is one too). Each registrant's
-- writes then touch six index entries fewer.
DROP INDEX action_tokens_registration;
CREATE INDEX action_tokens_registration ON action_tokens (registration_id)
    WHERE registration_id IS NOT NULL;
DROP INDEX action_tokens_subscriber;
CREATE INDEX action_tokens_subscriber ON action_tokens (subscriber_id)
    WHERE subscriber_id IS NOT NULL;
DROP INDEX action_tokens_invitation;
CREATE INDEX action_tokens_invitation ON action_tokens (invitation_id)
    WHERE invitation_id IS NOT NULL;
DROP INDEX outbox_event;
CREATE INDEX outbox_event ON outbox (event_id) WHERE event_id IS NOT NULL;
DROP INDEX outbox_issue;
CREATE INDEX outbox_issue ON outbox (issue_id, status) WHERE issue_id IS NOT NULL;
