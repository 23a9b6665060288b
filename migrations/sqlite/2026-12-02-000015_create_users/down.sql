CREATE TABLE api_tokens_unowned (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
INSERT INTO api_tokens_unowned (id, name, token_hash, created_at, last_used_at, revoked_at)
SELECT id, name, token_hash, created_at, last_used_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_unowned RENAME TO api_tokens;
DROP TABLE users;
