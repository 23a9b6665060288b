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
        TRUE, now() AT TIME ZONE 'UTC');

-- Every API token belongs to a user and acts with that user's role.
ALTER TABLE api_tokens ADD COLUMN user_id TEXT NOT NULL
    DEFAULT '00000000-0000-0000-0000-000000000000' REFERENCES users (id);
ALTER TABLE api_tokens ALTER COLUMN user_id DROP DEFAULT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
