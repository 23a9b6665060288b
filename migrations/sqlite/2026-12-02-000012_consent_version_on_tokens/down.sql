ALTER TABLE action_tokens DROP COLUMN privacy_notice_version;
