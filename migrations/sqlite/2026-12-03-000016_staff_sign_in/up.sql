-- Signing in to the console. A password is kept only as its Argon2id hash (PHC string); none
-- until the account's holder sets one through a link. Repeated failures lock the account for
-- a while. The second factor (TOTP, RFC 6238) is on when a secret is stored; an admin can
-- require it, and then the holder sets it up before anything else.
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_required BOOLEAN NOT NULL DEFAULT FALSE;
-- The time step of the last code taken, so that no code is taken twice (RFC 6238, 5.2).
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP;

-- Signed-in browsers. Only the SHA-256 of the cookie's random id is kept. A session whose
-- second factor is still to come is not yet `verified` and opens nothing but that step.
CREATE TABLE staff_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    verified BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- Links to set or reset a password: single-use, expiring, kept as SHA-256.
CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_links_user ON password_links (user_id);
