DROP INDEX action_tokens_subscriber;
ALTER TABLE action_tokens DROP COLUMN subscriber_id;
DROP INDEX outbox_issue;
ALTER TABLE outbox DROP COLUMN issue_id;
DROP TABLE newsletter_issues;
DROP TABLE consents;
DROP FUNCTION consents_append_only();
DROP TABLE subscriber_topics;
DROP TABLE subscribers;
