-- Staff accounts. Each has one role (src/accounts/role.rs holds what each role may do); an
-- inactive account's tokens and sessions stop working at once. The address is kept lower-cased.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'newsletter_editor', 'viewer')),
    language TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

-- The owner of the tokens made before there were accounts (and of those made without a user):
-- an admin that cannot sign in.
INSERT INTO users (id, email, name, role, language, active, created_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'system@dialogo.invalid', 'System', 'admin', 'en',
        TRUE, CURRENT_TIMESTAMP);

-- Every API token belongs to a user and acts with that user's role. SQLite cannot add a
-- column with a foreign key and a default, so the table is built anew.
CREATE TABLE api_tokens_owned (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    user_id TEXT NOT NULL REFERENCES users (id)
);
INSERT INTO api_tokens_owned (id, name, token_hash, created_at, last_used_at, revoked_at, user_id)
SELECT id, name, token_hash, created_at, last_used_at, revoked_at,
       '00000000-0000-0000-0000-000000000000'
FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_owned RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
