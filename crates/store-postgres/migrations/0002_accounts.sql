-- Accounts: users, their roles per council, login sessions, API tokens and failed logins (the
-- same statements on SQLite and PostgreSQL). Sessions and tokens are kept as SHA-256 digests of
-- what the client holds; passwords as argon2id PHC strings. Instants are microseconds since the
-- Unix epoch, like the register's.

CREATE TABLE users (
    username       TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    created_us     BIGINT  NOT NULL
);

-- One role per user and council; council '*' covers every council.
CREATE TABLE grants (
    username  TEXT  NOT NULL REFERENCES users (username),
    council   TEXT  NOT NULL,
    role      TEXT  NOT NULL CHECK (role IN ('viewer', 'editor', 'approver', 'admin')),
    PRIMARY KEY (username, council)
);

CREATE TABLE sessions (
    id_digest   TEXT    PRIMARY KEY,
    username    TEXT    REFERENCES users (username),
    data        TEXT    NOT NULL,
    expires_us  BIGINT  NOT NULL
);

CREATE INDEX sessions_expires ON sessions (expires_us);
CREATE INDEX sessions_username ON sessions (username);

CREATE TABLE api_tokens (
    digest      TEXT    PRIMARY KEY,
    username    TEXT    NOT NULL REFERENCES users (username),
    label       TEXT    NOT NULL,
    created_us  BIGINT  NOT NULL
);

-- Failed logins by user name (known or not, so the answer never tells which names exist).
CREATE TABLE login_failures (
    username  TEXT    NOT NULL,
    at_us     BIGINT  NOT NULL
);

CREATE INDEX login_failures_username ON login_failures (username, at_us);
