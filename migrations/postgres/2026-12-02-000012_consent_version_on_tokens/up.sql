-- A newsletter confirmation link carries the privacy-notice version of the request that asked
-- for it, so that the consent recorded at confirmation is the one its holder's own request
-- gave, not whatever a later request (anyone's) said.
ALTER TABLE action_tokens ADD COLUMN privacy_notice_version TEXT;
