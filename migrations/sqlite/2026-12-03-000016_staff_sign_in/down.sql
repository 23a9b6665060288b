DROP TABLE password_links;
DROP TABLE staff_sessions;
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE users DROP COLUMN failed_sign_ins;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_required;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users DROP COLUMN password_hash;
