-- Identities (ADR 0007): people and service accounts. password_hash is an Argon2id PHC string (PasswordHasher),
-- NULL for a service account, which authenticates with API tokens only.
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    password_hash TEXT,
    is_admin INTEGER NOT NULL,
    is_service_account INTEGER NOT NULL,
    creation_time INTEGER NOT NULL,
    CONSTRAINT users_name UNIQUE (name)
);
