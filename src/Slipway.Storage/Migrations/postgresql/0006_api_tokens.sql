-- API tokens (ADR 0007): only their SHA-256 (ApiTokens.Hash) and a display prefix are kept. scopes is a
-- space-separated list. Deleting a user deletes its tokens.
CREATE TABLE api_tokens (
    token_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash BYTEA NOT NULL,
    display_prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    default_workspace TEXT,
    creation_time BIGINT NOT NULL,
    expiry_time BIGINT,
    last_used_time BIGINT,
    revoked_time BIGINT,
    CONSTRAINT api_tokens_hash UNIQUE (token_hash),
    CONSTRAINT api_tokens_user_name UNIQUE (user_id, name)
);
